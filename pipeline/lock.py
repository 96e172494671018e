"""One daemon per database: an advisory lock on ``<database>.lock`` holding the owner's pid.

The kernel drops a flock when its process dies, even by SIGKILL, so a crash never leaves a
stale lock behind; the pid in the file is only for messages.

The file gets the store's mode (``store.file_mode``), so a group that may read the store may also
tell whether a daemon runs (a shared flock needs only read access); ``describe`` answers
"unknown" when the file cannot be read at all.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from .errors import LockedError


def lock_path(db_path: str | os.PathLike) -> Path:
    return Path(str(db_path) + ".lock")


class DaemonLock:
    def __init__(self, db_path: str | os.PathLike, *, file_mode: int = 0o600):
        self.path = lock_path(db_path)
        self.file_mode = file_mode
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, self.file_mode)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            pid = holder(self.path.with_suffix(""))
            raise LockedError(
                f"another Vigía daemon (pid {pid or 'unknown'}) is running on "
                f"{self.path.with_suffix('')}; stop it first") from None
        try:  # a lock file made by an older run (or under another umask) follows file_mode
            if os.fstat(fd).st_mode & 0o777 != self.file_mode:
                os.fchmod(fd, self.file_mode)
        except OSError:
            pass
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "DaemonLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def holder(db_path: str | os.PathLike) -> int | None:
    """The pid of the daemon running on this database, or None when none runs."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 64).decode(errors="replace").strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def describe(db_path: str | os.PathLike) -> str:
    """For ``vigia status``: "running, pid N", "not running", or "unknown (…)" when this user may
    not read the lock file (the store shared with a group that is not allowed to see it)."""
    try:
        pid = holder(db_path)
    except OSError as error:
        return f"unknown (cannot read {lock_path(db_path)}: {error.strerror or error})"
    if pid is None:
        return "not running"
    return f"running, pid {pid}" if pid > 0 else "running, pid unknown"

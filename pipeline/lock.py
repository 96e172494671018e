"""One daemon per database: an advisory lock on ``<database>.lock`` holding the owner's pid.

The kernel drops a flock when its process dies, even by SIGKILL, so a crash never leaves a
stale lock behind; the pid in the file is only for messages.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from .errors import LockedError


def lock_path(db_path: str | os.PathLike) -> Path:
    return Path(str(db_path) + ".lock")


class DaemonLock:
    def __init__(self, db_path: str | os.PathLike):
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            pid = holder(self.path.with_suffix(""))
            raise LockedError(
                f"another Vigía daemon (pid {pid or 'unknown'}) is running on "
                f"{self.path.with_suffix('')}; stop it first") from None
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

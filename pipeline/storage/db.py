"""The connection to the SQLite store: opening it (file mode, PRAGMAs, migrations), the read-only
opening, write transactions, reads, and the online backup; plus the helpers every table family
uses (UTC times as ISO-8601 text, chunks of ids). Contains no business logic.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Self, Sequence, TypeVar, cast, overload

import sqlite_utils

from ..errors import StorageError
from .migrations import migrations


@overload
def _iso(value: datetime) -> str: ...


@overload
def _iso(value: None) -> None: ...


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to storage; use UTC-aware datetimes")
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


#: a record type of ``records.py`` (a TypedDict)
R = TypeVar("R")


def _records(record: type[R], rows: list[dict]) -> list[R]:
    """A read's rows typed as ``record``, the TypedDict of ``records.py`` that lists the columns
    its SELECT names: the one place where SQL rows meet their type. Nothing happens at run time
    (the rows stay the dicts sqlite-utils made, nothing is checked), so ``record`` must match the
    SQL: change the two together."""
    return cast("list[R]", rows)


def _record(record: type[R], row: dict) -> R:
    """One row typed as ``record`` (see ``_records``)."""
    return cast("R", row)


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class StorageBase:
    """One connection to the store; ``Storage`` adds the reads and writes of each table family."""

    def __init__(self, path: str | os.PathLike, *, busy_timeout: float = 30.0,
                 file_mode: int = 0o600, migrate: bool = True, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            self._open_readonly(busy_timeout)
            return
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():
                    # Created readable by its owner only: the store may hold research notes.
                    fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, file_mode)
                    os.close(fd)
            conn = sqlite3.connect(str(path), timeout=busy_timeout, check_same_thread=False)
            self.db = sqlite_utils.Database(conn)
            self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            if str(path) != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous=NORMAL is durable across process crashes (only a power
            # loss can lose the last commits), and much faster than FULL.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            # Readers never take the write lock: migrations run only when some are pending.
            if migrate and migrations.pending(self.db):
                with self._write():
                    migrations.apply(self.db)
        except sqlite3.DatabaseError as error:
            raise StorageError(f"cannot open database {path}: {error}") from error
        except OSError as error:
            raise StorageError(f"cannot create database {path}: {error}") from error

    def _open_readonly(self, busy_timeout: float) -> None:
        """A connection that never writes (``mode=ro``), for commands that only read, so they work
        for a group reader beside the daemon: no file or folder is created, no migration, no PRAGMA
        that writes, no change of journal mode. While the daemon runs it keeps the -wal and -shm
        files open with the store's mode, and a reader uses them as they are."""
        path = self.path
        if str(path) == ":memory:":
            raise StorageError("a read-only store needs a database file, not :memory:")
        if not path.is_file():
            raise StorageError(f"no database at {path}; run `vigia run --once` or `vigia import FILE` "
                               "to create it")
        uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout, check_same_thread=False)
            self.db = sqlite_utils.Database(conn)
            pending = migrations.pending(self.db)
        except sqlite3.DatabaseError as error:
            with contextlib.suppress(Exception):
                conn.close()
            hint = ""
            if "readonly" in str(error) or "unable to open" in str(error):
                hint = (" (its -wal/-shm files are missing and cannot be created by this user: they "
                        "exist while the daemon runs; start it, or read as the store's owner)")
            raise StorageError(f"cannot read database {path}: {error}{hint}") from error
        if pending:
            self.db.close()
            raise StorageError(f"database {path} is not up to date ({len(pending)} migrations pending); "
                               "start the daemon or run `vigia run --once` as its owner to upgrade it")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction. BEGIN IMMEDIATE takes the write lock up front, so a concurrent
        writer waits for busy_timeout instead of failing on a stale read snapshot."""
        conn = self.db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StorageError(f"database {self.path} is busy or read-only: {error}") from error
        try:
            yield self.db
        except sqlite3.DatabaseError as error:
            conn.rollback()
            raise StorageError(f"write to {self.path} failed, nothing was changed: {error}") from error
        except BaseException:
            conn.rollback()
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                conn.rollback()
                raise StorageError(f"commit to {self.path} failed, nothing was changed: {error}") from error

    def _query(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.DatabaseError as error:
            raise StorageError(f"read from {self.path} failed: {error}") from error

    def backup(self, destination: str | os.PathLike, *, file_mode: int = 0o600) -> Path:
        """A consistent copy of the store made with SQLite's online backup, safe while the daemon
        writes (readers and the writer are not blocked for more than a page batch)."""
        target = Path(destination)
        if target.exists():
            raise StorageError(f"backup target {target} exists; choose a new file")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, file_mode))
            with contextlib.closing(sqlite3.connect(target)) as copy:
                self.db.conn.backup(copy, pages=1024)
        except (sqlite3.DatabaseError, OSError) as error:
            target.unlink(missing_ok=True)
            raise StorageError(f"backup to {target} failed: {error}") from error
        return target

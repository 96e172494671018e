"""Files a person names on the command line (``summary --output``, ``extract --output``, ``backup``).

Every such file goes through here, so that no command can overwrite the store or its own input,
and no failure leaves a half-written file behind:

    check_target(target, database=, inputs=)   refuse the database, its -wal, -shm, -journal and
                                               .lock files, and the command's input (real paths,
                                               symlinks and other spellings included, and the same
                                               inode); refuse a missing folder
    write_text(target, text or chunks, ...)    a temporary file in the target's folder, flushed and
    atomic_file(target, ...)                   fsynced, then os.replace onto the target; on any
    atomic_path(target, ...)                   error the temporary file is removed and the previous
                                               target is untouched

Errors are :class:`OutputError` (a ``VigiaError``): the CLI prints them as one line, exit status 1.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from .errors import OutputError  # defined in errors.py; importable from here as before

#: The files SQLite and Vigía keep next to the database, with what a person should read for each.
COMPANIONS = {
    "": "the database",
    "-wal": "the write-ahead log of the database",
    "-shm": "the shared-memory index of the database",
    "-journal": "the rollback journal of the database",
    ".lock": "the daemon lock of the database",
}


def database_files(database: str | os.PathLike) -> list[tuple[Path, str]]:
    """The database and its companion files, each as written and as resolved, with a label."""
    spellings = dict.fromkeys([os.path.abspath(database), os.path.realpath(database)])
    return [(Path(base + suffix), label) for base in spellings for suffix, label in COMPANIONS.items()]


def _same(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two names reach the same file: the same real path, or (when both exist) the same inode."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_target(target: str | os.PathLike, *, database: str | os.PathLike | None = None,
                 inputs: Iterable[str | os.PathLike] = ()) -> Path:
    """The real path at which to write ``target``, or :class:`OutputError` when it must not be
    written: it is the database or one of its companion files, one of ``inputs``, a folder, or
    its folder does not exist. Nothing is written or created."""
    if str(target) == "":
        raise OutputError("no output file named")
    raw = Path(target)
    if database is not None and str(database) != "":
        for path, label in database_files(database):
            if _same(raw, path):
                raise OutputError(f"refusing to write {target}: it is {label} {database}")
    for source in inputs:
        if source is not None and _same(raw, source):
            raise OutputError(f"refusing to write {target}: it is the input file {source}")
    real = Path(os.path.realpath(raw))
    for folder in (raw.parent, real.parent):  # as named, then where a symlink leads
        if not folder.exists():
            raise OutputError(f"output folder {folder} does not exist")
        if not folder.is_dir():
            raise OutputError(f"output folder {folder} is not a folder")
    if real.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    if real.exists() and not real.is_file():
        # Replacing a device or a FIFO by a regular file (as root, /dev/null) would break the machine.
        raise OutputError(f"refusing to write {target}: it is not a regular file (a device or a pipe?)")
    return real


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # not thread-safe; only where /proc is missing
    os.umask(mask)
    return mask


def _mode_for(final: Path, mode: int | None) -> int:
    """``mode`` when given; else the mode of the file being replaced; else what open() would give."""
    if mode is not None:
        return mode
    try:
        return stat.S_IMODE(os.stat(final).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _failed(target, error: OSError) -> OutputError:
    return OutputError(f"could not write {target}: {error.strerror or error}")


def _publish(tmp: str, final: Path, target, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(tmp, final)
    else:
        try:
            os.link(tmp, final)  # atomic, and never over an existing file
        except FileExistsError:
            raise OutputError(f"{target} exists; choose a new file") from None
        except OSError:  # a file system without hard links
            if os.path.lexists(final):
                raise OutputError(f"{target} exists; choose a new file") from None
            os.replace(tmp, final)
        else:
            os.unlink(tmp)
    _sync_folder(final.parent)


class _Handle:
    """The text handle given to a writer: write errors (disk full, quota) become OutputError."""

    def __init__(self, handle, target):
        self._handle, self._target = handle, target

    def write(self, text: str) -> int:
        try:
            return self._handle.write(text)
        except OSError as error:
            raise _failed(self._target, error) from error

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike, *, database: str | os.PathLike | None = None,
                inputs: Iterable[str | os.PathLike] = (), mode: int | None = None,
                encoding: str = "utf-8", overwrite: bool = True) -> Iterator[_Handle]:
    """A text handle on a temporary file next to ``target`` that becomes ``target`` when the block
    ends without error, and disappears (leaving ``target`` as it was) when it raises."""
    final = check_target(target, database=database, inputs=inputs)
    if not overwrite and os.path.lexists(final):
        raise OutputError(f"{target} exists; choose a new file")
    try:
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
    except OSError as error:
        raise _failed(target, error) from error
    try:
        try:
            os.fchmod(fd, _mode_for(final, mode))
            handle = os.fdopen(fd, "w", encoding=encoding, newline="")
        except BaseException:
            os.close(fd)
            raise
        with handle:
            yield _Handle(handle, target)
            try:
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as error:
                raise _failed(target, error) from error
        try:
            _publish(tmp, final, target, overwrite=overwrite)
        except OSError as error:
            raise _failed(target, error) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(target: str | os.PathLike, content: str | Iterable[str], *,
               database: str | os.PathLike | None = None, inputs: Iterable[str | os.PathLike] = (),
               mode: int | None = None, encoding: str = "utf-8") -> Path:
    """Write ``content`` (a string, or an iterable of strings written as they come) to ``target``
    atomically, after :func:`check_target`. Returns the real path written."""
    with atomic_file(target, database=database, inputs=inputs, mode=mode, encoding=encoding) as handle:
        if isinstance(content, str):
            handle.write(content)
        else:
            for chunk in content:
                handle.write(chunk)
    return Path(os.path.realpath(target))


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, *, database: str | os.PathLike | None = None,
                inputs: Iterable[str | os.PathLike] = (), overwrite: bool = False) -> Iterator[Path]:
    """A path, not yet existing, in a private temporary folder next to ``target``, for writers
    that create their file themselves (SQLite's backup). When the block ends without error the
    file is fsynced and moved onto ``target`` (by default only if ``target`` does not exist);
    on any error the temporary folder goes and ``target`` is untouched."""
    final = check_target(target, database=database, inputs=inputs)
    if not overwrite and os.path.lexists(final):
        raise OutputError(f"{target} exists; choose a new file")
    try:
        scratch = tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
    except OSError as error:
        raise _failed(target, error) from error
    try:
        tmp = Path(scratch) / final.name
        yield tmp
        try:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            _publish(str(tmp), final, target, overwrite=overwrite)
        except FileNotFoundError:
            raise OutputError(f"could not write {target}: nothing was written") from None
        except OSError as error:
            raise _failed(target, error) from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

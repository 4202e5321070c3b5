"""Writing a file the user named (an export): never over a database, and always whole, through a temporary file.

Every file the CLI writes goes through `write_output`: a mistyped `-o` that names the database, its write-ahead
log or any other DuckDB file is refused, and a failure half-way (a full disk, an interrupted run) leaves the old
file as it was, never a truncated one, because the data is written beside it and renamed over it at the end."""


from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from coordpanel.core.errors import Refused

WAL_SUFFIX = ".wal"  # DuckDB's write-ahead log sits beside the file as <name>.wal


def write_output(target: str | os.PathLike, data: bytes, *, databases: tuple[str | os.PathLike, ...] = ()) -> Path:
    """Write `data` to `target` atomically; refuse the files of `databases` (and their .wal) and any DuckDB file.

    Returns the path written (symbolic links followed, so the link's target is replaced, not the link)."""
    shown = str(target)
    path = Path(target).expanduser().resolve()
    if path.is_dir():
        raise Refused("output.is_folder", file=shown)
    if _is_database(path, databases):
        raise Refused("output.database", file=shown)
    folder = path.parent
    if not folder.is_dir():
        raise Refused("output.write_failed", file=shown, reason=os.strerror(2))  # "No such file or directory"
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise Refused("output.write_failed", file=shown, reason=exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise Refused("output.write_failed", file=shown, reason=exc.strerror or str(exc)) from exc
        raise
    return path


def _is_database(path: Path, databases: tuple[str | os.PathLike, ...]) -> bool:
    """The path is one of the databases or its write-ahead log (by name or, when it exists, as the same file), or
    an existing file that is a DuckDB database."""
    for database in databases:
        if str(database) == ":memory:":
            continue
        db_file = Path(database).expanduser().resolve()
        for protected in (db_file, db_file.with_name(db_file.name + WAL_SUFFIX)):
            if path == protected or (path.exists() and protected.exists() and os.path.samefile(path, protected)):
                return True
    if path.name.endswith(WAL_SUFFIX):
        log_of = path.with_name(path.name[: -len(WAL_SUFFIX)])
        if _is_duckdb_file(log_of):
            return True  # the log of some other database
    return _is_duckdb_file(path)


def _is_duckdb_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16)[8:12] == b"DUCK"
    except OSError:
        return False


def _default_mode() -> int:
    """What a plain open() would give a new file: 0666 less the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask

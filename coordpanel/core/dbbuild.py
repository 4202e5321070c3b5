"""Build a new database file beside its final place and move it in when done: a failure leaves nothing behind.

`init` builds through here: whether the demo password is refused, the seed fails half-way or the run is
interrupted, the path is left as it was (no file, or the old database under --force), with no folder, temporary
file or write-ahead log of ours next to it.

A PostgreSQL database cannot be built beside and moved in: `build_postgres` empties it (drops and re-creates the
public schema), migrates and fills it, and empties it again if anything fails half-way, so it never holds half a
database. Whether it may be emptied (ours, without data or under --force) is the caller's decision."""


from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from coordpanel.core import transfer
from coordpanel.core.db import Database
from coordpanel.core.dbfile import DatabaseError
from coordpanel.core.queries import run_query

T = TypeVar("T")
WAL_SUFFIX = ".wal"


def build_file(path: str | os.PathLike, fill: Callable[[Database], T]) -> T:
    """Create a migrated database, let `fill` write into it, and move it to `path` (over any file there: the caller
    decides whether that may be replaced). Returns what `fill` returned."""
    target = Path(path).expanduser().absolute()
    created = _make_folders(target)
    work: Path | None = None
    try:
        try:
            work = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
        except OSError as exc:
            raise DatabaseError("db.folder_not_writable", path=str(target), folder=str(target.parent)) from exc
        built = work / target.name
        db = Database(built)
        try:
            result = fill(db)
            run_query(db.cursor(), "db/checkpoint")  # everything in the file itself, no log to carry along
        finally:
            db.close()
        # the log of a database being replaced must not be replayed onto the new file
        target.with_name(target.name + WAL_SUFFIX).unlink(missing_ok=True)
        os.replace(built, target)
        return result
    except BaseException:
        if created:
            shutil.rmtree(created[0], ignore_errors=True)  # the outermost folder made here, with all in it
        raise
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def build_postgres(url: str, fill: Callable[[Database], T]) -> T:
    """Empty the PostgreSQL database at `url`, migrate it, let `fill` write into it; on any failure, empty it
    again. Returns what `fill` returned."""
    transfer.empty_database(url)
    try:
        db = Database(url)
        try:
            filled = fill(db)
            db.analyze()  # statistics for the planner, after the bulk load
            return filled
        finally:
            db.close()
    except BaseException:
        transfer.empty_database(url)
        raise


def _make_folders(target: Path) -> list[Path]:
    """Create the missing folders above `target`; returns them outermost first (none when the folder exists)."""
    missing: list[Path] = []
    folder = target.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    missing.reverse()
    try:
        for folder in missing:
            folder.mkdir()
    except OSError as exc:
        if missing and missing[0].exists():
            shutil.rmtree(missing[0], ignore_errors=True)
        raise DatabaseError("db.folder_failed", path=str(target), folder=str(target.parent),
                            error=exc.strerror or str(exc)) from exc
    return missing

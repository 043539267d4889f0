"""Read saved articles from disk as raw inputs. The source key is the path relative to the
folder being read, so the same folder gives the same ids wherever it is mounted.

A folder is not under our control: a file can vanish between listing and reading, be replaced
by a FIFO (whose open would block a worker for ever), or be a link to /etc/passwd. Each of
these is a rejection of that one file with its failure code (pipelines.failures), never an
exception that takes the rest of a batch down with it."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from pipelines.records import RawInput, Rejected


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def list_files(path: Path) -> tuple[Path, list[Path]]:
    """The root the keys are relative to, and the regular files under ``path`` in a stable
    order: no hidden files, no special files, no link leading outside the root."""
    path = path.resolve()
    if path.is_file():
        return path.parent, [path]
    files = []
    for candidate in path.rglob("*"):
        relative = candidate.relative_to(path)
        if any(part.startswith(".") for part in relative.parts):
            continue
        try:
            if not stat.S_ISREG(candidate.stat().st_mode) or not _inside(candidate.resolve(), path):
                continue
        except OSError:  # gone already, or a dangling link
            continue
        files.append(candidate)
    return path, sorted(files)


def source_key(file: Path, root: Path) -> str:
    """The key of a file within its folder, from its path as listed (a link inside the folder
    keeps its own name)."""
    absolute = Path(os.path.abspath(file))
    try:
        return absolute.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return absolute.as_posix()


def read_file(file: Path, root: Path, source: str, max_bytes: int) -> RawInput | Rejected:
    key = source_key(file, root)

    def rejected(code: str, reason: str) -> Rejected:
        return Rejected(source=source, source_key=key, source_path=str(file), code=code, reason=reason)

    try:
        target = file.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        return rejected("file_gone", "the file is gone (deleted or moved since it was listed)")
    except OSError as error:
        return rejected("unreadable", f"cannot read the file: {error.strerror or error}")
    if not _inside(target, root.resolve()):
        return rejected("outside_folder", f"a link to {target}, outside the folder {root}")
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
        descriptor = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return rejected("file_gone", "the file is gone (deleted or moved since it was listed)")
    except OSError as error:
        if error.errno in (errno.ENXIO, errno.EISDIR):
            return rejected("not_regular_file", "not a regular file")
        return rejected("unreadable", f"cannot read the file: {error.strerror or error}")
    info = os.fstat(descriptor)  # of what was opened, not of what the name meant before
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        return rejected("not_regular_file", "not a regular file (a FIFO, a device, a socket or a folder)")
    with os.fdopen(descriptor, "rb") as handle:
        if info.st_size > max_bytes:
            return rejected("too_large", f"file too large: {info.st_size} bytes > limit {max_bytes}")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            return rejected("unreadable", f"cannot read the file: {error.strerror or error}")
    if len(data) > max_bytes:  # grew since fstat
        return rejected("too_large", f"file too large: more than {max_bytes} bytes")
    return RawInput(
        data=data,
        source=source,
        source_key=key,
        source_path=str(file),
        fetched_at=datetime.now(timezone.utc),
        modified_at=datetime.fromtimestamp(info.st_mtime, timezone.utc),
    )


def read_folder(path: Path, source: str, max_bytes: int) -> Iterator[RawInput | Rejected]:
    root, files = list_files(path)
    for file in files:
        yield read_file(file, root, source, max_bytes)

"""Read saved articles from disk as raw inputs. The source key is the path relative to the
folder being read, so the same folder gives the same ids wherever it is mounted."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from pipelines.records import RawInput, Rejected


def list_files(path: Path) -> tuple[Path, list[Path]]:
    """The root the keys are relative to, and the files under ``path`` in a stable order."""
    path = path.resolve()
    if path.is_file():
        return path.parent, [path]
    files = sorted(p for p in path.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return path, files


def read_file(file: Path, root: Path, source: str, max_bytes: int) -> RawInput | Rejected:
    key = file.resolve().relative_to(root.resolve()).as_posix()
    stat = file.stat()
    if stat.st_size > max_bytes:
        return Rejected(source=source, source_key=key, source_path=str(file),
                        reason=f"file too large: {stat.st_size} bytes > limit {max_bytes}")
    return RawInput(
        data=file.read_bytes(),
        source=source,
        source_key=key,
        source_path=str(file),
        fetched_at=datetime.now(timezone.utc),
        modified_at=datetime.fromtimestamp(stat.st_mtime, timezone.utc),
    )


def read_folder(path: Path, source: str, max_bytes: int) -> Iterator[RawInput | Rejected]:
    root, files = list_files(path)
    for file in files:
        yield read_file(file, root, source, max_bytes)

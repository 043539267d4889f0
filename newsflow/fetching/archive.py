"""The raw archive: every fetched body kept on disk under its SHA-256, with its headers, and an
index line per fetch saying what came from where and when. `newsflow reprocess` reads it, so a
newer pipeline can be applied without fetching again."""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    sha256: str
    url: str
    source: str
    status: int
    headers: dict[str, str]
    fetched_at: str


class Archive:
    def __init__(self, root: Path):
        self.root = root

    def _blob(self, sha: str) -> Path:
        return self.root / "objects" / sha[:2] / sha[2:]

    def put(self, body: bytes, url: str, source: str, status: int, headers: dict[str, str]) -> Entry:
        sha = hashlib.sha256(body).hexdigest()
        blob = self._blob(sha)
        if not blob.exists():
            blob.parent.mkdir(parents=True, exist_ok=True)
            partial = blob.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(body)
            partial.replace(blob)  # atomic: a reader never sees half a body
        entry = Entry(sha, url, source, status, headers, datetime.now(timezone.utc).isoformat())
        index = self.root / "index" / f"{source}.jsonl"
        index.parent.mkdir(parents=True, exist_ok=True)
        with index.open("a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        return entry

    def get(self, sha: str) -> bytes:
        return self._blob(sha).read_bytes()

    def entries(self, since: datetime | None = None) -> Iterator[Entry]:
        """The latest fetch of every URL, optionally only those fetched since a time."""
        latest: dict[str, Entry] = {}
        for index in sorted((self.root / "index").glob("*.jsonl")):
            for line in index.read_text(encoding="utf-8").splitlines():
                entry = Entry(**json.loads(line))
                latest[entry.url] = entry
        for entry in latest.values():
            if since is None or datetime.fromisoformat(entry.fetched_at) >= since:
                yield entry

"""Deterministic document ids: a replay or a retried task overwrites, never duplicates."""
from __future__ import annotations

from hashlib import sha256


def parent_id(source: str, source_key: str) -> str:
    return sha256(f"{source}\n{source_key}".encode("utf-8")).hexdigest()[:20]


def story_id(parent: str, story_index: int) -> str:
    return f"{parent}-{story_index}"

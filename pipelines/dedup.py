"""Near-duplicate decisions over SimHash fingerprints.

A 64-bit fingerprint is cut into four 16-bit bands; two fingerprints within Hamming distance 3
share at least one band (pigeonhole), so candidates are found by exact band lookups.

``original_of`` is the rule; newsflow.near_duplicates applies it in Redis, in one Lua script per
group of stories, and its integration test checks the two agree on thousands of fingerprints."""
from __future__ import annotations

from dataclasses import dataclass

from pipelines.fingerprint import hamming

BANDS = 4
MAX_DISTANCE = 3


def bands(simhash: str) -> list[str]:
    width = len(simhash) // BANDS
    return [f"{i}:{simhash[i * width:(i + 1) * width]}" for i in range(BANDS)]


@dataclass(frozen=True)
class Seen:
    id: str
    parent_id: str
    simhash: str
    duplicate_of: str | None


def original_of(doc_id: str, parent_id: str, simhash: str, seen: list[Seen]) -> str | None:
    """The first copy this story repeats, or None when it is itself the first.

    Only originals are pointed to, so a replay of the first copy never turns it into a
    duplicate of its own reposts; among several originals the smallest id wins, so the
    answer does not depend on the order documents arrive in."""
    originals = [s for s in seen if s.id != doc_id and s.parent_id != parent_id and s.duplicate_of is None
                 and hamming(s.simhash, simhash) <= MAX_DISTANCE]
    return min((s.id for s in originals), default=None)

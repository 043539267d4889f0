"""64-bit SimHash over the story's terms: near-identical stories get near-identical fingerprints."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from hashlib import blake2b
from operator import mul

_LANE = 32  # bits per counter: a story would need 2**32 terms to overflow one


@lru_cache(maxsize=50_000)  # news reuses its words: most terms of a story were hashed before
def _term_lanes(term: str) -> int:
    """The term's 64-bit hash spread out, bit i of the hash as 0 or 1 in the i-th 32-bit lane of
    one integer, so that adding the integers of all terms counts every bit column at once."""
    digest = int.from_bytes(blake2b(term.encode("utf-8"), digest_size=8).digest(), "big")
    lanes = format(digest, "064b")[::-1].translate(_SPREAD)  # least significant bit first
    return int.from_bytes(lanes.encode("latin-1"), "little")


_SPREAD = {ord("0"): "\0" * (_LANE // 8), ord("1"): "\1" + "\0" * (_LANE // 8 - 1)}


def simhash(terms: list[str]) -> str:
    """Bit i is set when the terms (counted with repetition) whose hash has bit i set outweigh
    those whose hash has it clear. The 64 column counts are the lanes of one big-integer sum."""
    half = len(terms) / 2
    counts = Counter(terms)
    if len(counts) == len(terms):  # the usual case: search terms come unique
        columns = sum(map(_term_lanes, terms))
    else:
        columns = sum(map(mul, map(_term_lanes, counts), counts.values()))
    mask = (1 << _LANE) - 1
    value = sum(1 << bit for bit in range(64) if (columns >> (_LANE * bit)) & mask > half)
    return f"{value:016x}"


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()

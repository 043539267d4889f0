"""64-bit SimHash over the story's terms: near-identical stories get near-identical fingerprints."""
from __future__ import annotations

from collections import Counter
from hashlib import blake2b

_BITS = 64


def simhash(terms: list[str]) -> str:
    weights = [0] * _BITS
    for term, count in Counter(terms).items():
        h = int.from_bytes(blake2b(term.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(_BITS):
            weights[bit] += count if h >> bit & 1 else -count
    value = sum(1 << bit for bit in range(_BITS) if weights[bit] > 0)
    return f"{value:016x}"


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()

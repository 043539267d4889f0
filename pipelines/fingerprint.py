"""64-bit SimHash over the story's terms: near-identical stories get near-identical fingerprints."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from hashlib import blake2b

_BITS = 64


@lru_cache(maxsize=50_000)  # news reuses its words: most terms of a story were hashed before
def _term_bits(term: str) -> str:
    """The term's 64-bit hash as a string of 0s and 1s, most significant bit first."""
    return format(int.from_bytes(blake2b(term.encode("utf-8"), digest_size=8).digest(), "big"), "064b")


def simhash(terms: list[str]) -> str:
    """Bit i is set when the terms (counted with repetition) whose hash has bit i set outweigh
    those whose hash has it clear. The columns are counted with zip and str.count, in C, rather
    than 64 Python additions per term."""
    rows = [_term_bits(term) for term, count in Counter(terms).items() for _ in range(count)]
    half = len(rows) / 2
    bits = "".join("1" if column.count("1") > half else "0" for column in zip(*rows)) if rows else "0"
    return f"{int(bits, 2):016x}"


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()

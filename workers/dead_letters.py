"""Inputs that could not become documents, kept in Redis with the reason and where the raw
bytes are, so nothing is silently dropped and an operator can retry them."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import redis

DEAD_LETTERS_KEY = "newsflow:dead_letters"
FAILURES_KEY = "newsflow:failures"


def reason_kind(reason: str) -> str:
    """A reason without its particulars, so failures group: "HTTP 404", "body larger than N bytes"."""
    return re.sub(r"\d+", "N", reason.split(": ", 1)[0] if reason.startswith("http") else reason)[:80]


def record(client: redis.Redis, stage: str, reason: str, **where: object) -> None:
    put_back(client, {"at": datetime.now(timezone.utc).isoformat(), "stage": stage, "reason": reason, **where})
    client.hincrby(FAILURES_KEY, f"{stage}|{reason_kind(reason)}", 1)


def count(client: redis.Redis) -> int:
    return client.llen(DEAD_LETTERS_KEY)


def entries(client: redis.Redis, limit: int = 100) -> list[dict]:
    return [json.loads(e) for e in client.lrange(DEAD_LETTERS_KEY, -limit, -1)]


def take_all(client: redis.Redis) -> list[dict]:
    """Remove and return every dead letter at once, so two operators never retry one twice."""
    with client.pipeline() as pipe:
        pipe.lrange(DEAD_LETTERS_KEY, 0, -1)
        pipe.delete(DEAD_LETTERS_KEY)
        taken, _ = pipe.execute()
    return [json.loads(e) for e in taken]


def put_back(client: redis.Redis, entry: dict) -> None:
    """Append an entry as it is (a new one from ``record``, or one a retry could not send)."""
    client.rpush(DEAD_LETTERS_KEY, json.dumps(entry, ensure_ascii=False, default=str))

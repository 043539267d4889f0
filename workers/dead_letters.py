"""Inputs that could not become indexed stories, kept in Redis with their failure code, the
reason and where the raw input is, so nothing is silently dropped and an operator can retry them.

One entry per input and failure code: the same file failing the same way on every replay is one
dead letter seen N times, not N dead letters. The store is bounded (NEWSFLOW_DEAD_LETTERS_MAX):
beyond it the entries seen least recently are dropped, and counted as dropped. Entries are
taken out one at a time, after their retry is sent, so an interrupted retry loses nothing."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone

import redis
from pydantic import BaseModel, ConfigDict

from pipelines.failures import kind

ENTRIES_KEY = "newsflow:dlq:entries"   # hash: identity -> the latest DeadLetter as JSON
ORDER_KEY = "newsflow:dlq:order"       # sorted set: identity by when it was last seen
TIMES_KEY = "newsflow:dlq:times"       # hash: identity -> how many times it was recorded
DROPPED_KEY = "newsflow:dlq:dropped"   # entries dropped to keep the store bounded
FAILURES_KEY = "newsflow:failures"     # hash: "stage|code" -> failures ever recorded (metrics)
_LEGACY_KEY = "newsflow:dead_letters"  # before 0.6: a list of every failure, never de-duplicated


class DeadLetter(BaseModel):
    """One input that failed, and how. ``code`` is a pipelines.failures code."""

    model_config = ConfigDict(extra="ignore")

    stage: str
    code: str
    reason: str
    at: str = ""
    source: str | None = None
    source_key: str | None = None
    source_path: str | None = None
    url: str | None = None
    sha256: str | None = None
    document_id: str | None = None
    documents: list[dict] = []
    retry: str | None = None  # why a retry could not be sent, when it could not
    times: int = 1

    @property
    def input(self) -> str:
        """Where the input is, for a person: a path, a URL, a document id or a key."""
        return self.source_path or self.url or self.document_id or self.source_key or ""

    @property
    def identity(self) -> str:
        return f"{self.stage}|{self.code}|{self.source or ''}|{self.document_id or self.input}"

    @property
    def transient(self) -> bool:
        return kind(self.code).transient


_RECORD = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #gone, 2 do
    redis.call('HDEL', KEYS[1], gone[i])
    redis.call('HDEL', KEYS[3], gone[i])
  end
  redis.call('INCRBY', KEYS[4], over)
end
"""


def record(client: redis.Redis, stage: str, code: str, reason: str, limit: int = 100_000,
           **where: object) -> DeadLetter:
    """Keep (or refresh) the dead letter of one input, atomically bounded to ``limit`` entries."""
    now = datetime.now(timezone.utc)
    letter = DeadLetter(stage=stage, code=code, reason=reason, at=now.isoformat(),
                        **{k: v for k, v in where.items() if v is not None})
    body = letter.model_dump_json(exclude={"times"}, exclude_defaults=True)
    client.eval(_RECORD, 4, ENTRIES_KEY, ORDER_KEY, TIMES_KEY, DROPPED_KEY,
                letter.identity, body, now.timestamp(), max(1, limit))
    client.hincrby(FAILURES_KEY, f"{stage}|{code}", 1)
    return letter


def count(client: redis.Redis) -> int:
    return client.zcard(ORDER_KEY)


def dropped(client: redis.Redis) -> int:
    return int(client.get(DROPPED_KEY) or 0)


def _matches(letter: DeadLetter, stage: str | None, reason: str | None, source: str | None) -> bool:
    return ((stage is None or letter.stage == stage)
            and (reason is None or letter.code == reason or reason in letter.reason)
            and (source is None or letter.source == source))


def scan(client: redis.Redis, stage: str | None = None, reason: str | None = None,
         source: str | None = None, newest_first: bool = False) -> Iterator[DeadLetter]:
    """The dead letters that match, oldest seen first, read a page at a time."""
    migrate_legacy(client)
    start = 0
    while True:
        page = (client.zrevrange if newest_first else client.zrange)(ORDER_KEY, start, start + 499)
        if not page:
            return
        start += len(page)
        bodies = client.hmget(ENTRIES_KEY, page)
        times = client.hmget(TIMES_KEY, page)
        for body, seen in zip(bodies, times):
            if body is None:  # taken by another retry meanwhile
                continue
            letter = DeadLetter.model_validate_json(body)
            letter.times = int(seen or 1)
            if _matches(letter, stage, reason, source):
                yield letter


def entries(client: redis.Redis, limit: int = 100, **filters: str | None) -> list[DeadLetter]:
    """The ``limit`` most recently seen that match, newest last."""
    found = []
    for letter in scan(client, newest_first=True, **filters):
        found.append(letter)
        if len(found) >= limit:
            break
    return found[::-1]


def remove(client: redis.Redis, letter: DeadLetter) -> bool:
    """Take one entry out (after its retry was sent); False when somebody took it first."""
    with client.pipeline() as pipe:
        pipe.zrem(ORDER_KEY, letter.identity)
        pipe.hdel(ENTRIES_KEY, letter.identity)
        pipe.hdel(TIMES_KEY, letter.identity)
        removed, _, _ = pipe.execute()
    return bool(removed)


def mark(client: redis.Redis, letter: DeadLetter, retry: str) -> None:
    """Note on an entry why it could not be retried, keeping its place and count."""
    if client.hexists(ENTRIES_KEY, letter.identity):
        updated = letter.model_copy(update={"retry": retry})
        client.hset(ENTRIES_KEY, letter.identity, updated.model_dump_json(exclude={"times"}, exclude_defaults=True))


def migrate_legacy(client: redis.Redis) -> int:
    """Dead letters kept by a version before 0.6 (a plain list) into the store, de-duplicated."""
    if not client.exists(_LEGACY_KEY):
        return 0
    moved = 0
    while (raw := client.lpop(_LEGACY_KEY)) is not None:
        entry = json.loads(raw)
        entry.setdefault("code", "task_error")
        entry.pop("at", None)
        stage, code, reason = entry.pop("stage", "task"), entry.pop("code"), entry.pop("reason", "")
        record(client, stage, code, reason, **{k: v for k, v in entry.items() if k in DeadLetter.model_fields})
        moved += 1
    return moved

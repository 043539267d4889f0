"""The sources file (feeds, lists of article pages, folders, each with an id and an interval)
and what is known of each source's polls, kept in Redis for `newsflow sources`."""
from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

import redis
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator


class Kind(str, Enum):
    FEED = "feed"
    PAGES = "pages"
    FOLDER = "folder"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    kind: Kind
    url: str | None = None  # feed
    urls: list[str] = []  # pages
    path: str | None = None  # folder
    interval: float = Field(default=900, gt=0, description="seconds between polls")
    max_entries: int = Field(default=100, gt=0, description="feed entries followed per poll")

    @model_validator(mode="after")
    def _has_target(self) -> "Source":
        needed = {Kind.FEED: self.url, Kind.PAGES: self.urls, Kind.FOLDER: self.path}[self.kind]
        if not needed:
            raise ValueError(f"a {self.kind.value} source needs {'url' if self.kind is Kind.FEED else 'urls' if self.kind is Kind.PAGES else 'path'}")
        return self


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[Source] = []


def load_sources(path: Path) -> list[Source]:
    if not path.exists():
        return []
    loaded = SourcesFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    ids = [s.id for s in loaded.sources]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate source ids in {path}")
    return loaded.sources


def _key(source_id: str) -> str:
    return f"newsflow:source:{source_id}"


def record_poll(store: redis.Redis, source_id: str, ok: bool, error: str | None = None) -> None:
    now = datetime.now(timezone.utc).isoformat()
    fields = {"last_poll": now}
    if ok:
        fields["last_success"] = now
    store.hset(_key(source_id), mapping=fields)
    if error:
        record_error(store, source_id, error)


def record_error(store: redis.Redis, source_id: str, error: str) -> None:
    store.hincrby(_key(source_id), "errors", 1)
    store.hset(_key(source_id), "last_error", error)
    errors = f"{_key(source_id)}:errors"
    store.lpush(errors, f"{datetime.now(timezone.utc).isoformat()} {error}")
    store.ltrim(errors, 0, 99)


def count(store: redis.Redis, source_id: str, field: str, by: int = 1) -> None:
    store.hincrby(_key(source_id), field, by)


def state(store: redis.Redis, source_id: str) -> dict[str, str]:
    return store.hgetall(_key(source_id))


def errors(store: redis.Redis, source_id: str, limit: int = 20) -> list[str]:
    return store.lrange(f"{_key(source_id)}:errors", 0, limit - 1)

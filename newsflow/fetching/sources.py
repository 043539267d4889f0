"""The sources file (feeds, lists of article pages, folders, each with an id and an interval)
and what is known of each source's polls, kept in Redis for `newsflow sources`."""
from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

import redis
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsflow.settings import ConfigError


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


def load_sources(path: Path | None) -> list[Source]:
    """The sources of the file (none when no file is configured). A missing or invalid file is a
    ConfigError naming the file and the first thing wrong, in one line. A folder's relative path is
    taken relative to the file, not to wherever the command happens to run."""
    if path is None:
        return []
    path = path.expanduser().resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"sources file {path} does not exist (NEWSFLOW_SOURCES_FILE)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"sources file {path} cannot be read: {error}") from None
    try:
        loaded = SourcesFile.model_validate(yaml.safe_load(text) or {})
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"sources file {path}{where}: not valid YAML ({getattr(error, 'problem', None) or error})") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"sources file {path}: {where}: {first['msg']}"
                          + (f" ({len(error.errors()) - 1} more)" if len(error.errors()) > 1 else "")) from None
    ids = [s.id for s in loaded.sources]
    if len(ids) != len(set(ids)):
        raise ConfigError(f"sources file {path}: duplicate source ids")
    return [s.model_copy(update={"path": str(path.parent / s.path)}) if s.path else s for s in loaded.sources]


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

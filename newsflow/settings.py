"""The one settings object. Every knob is a ``NEWSFLOW_*`` environment variable."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ELASTICSEARCH_VERSION = "8.19.21"


def _state_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/var/lib/newsflow")
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "newsflow"


def _default_stack_dir() -> Path:
    # Elasticsearch runs as an unprivileged user, which cannot read root's home; so root keeps
    # the stack under /var/lib, everybody else under their own cache directory.
    if os.geteuid() == 0:
        return Path("/var/lib/newsflow/stack")
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsflow" / "stack"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", env_file=None, extra="ignore")

    redis_url: str = "redis://127.0.0.1:6379/0"
    es_url: str = "http://127.0.0.1:9200"
    es_username: str | None = None
    es_password: SecretStr | None = None
    es_ca_certs: Path | None = None
    es_request_timeout: float = 30.0
    es_max_retries: int = 3

    index_alias: str = "news"
    index_version: int = 3  # 3: search_terms one whitespace-analysed text field, body without offsets
    index_shards: int = 1
    index_replicas: int = 0
    # None leaves Elasticsearch's default: 1s, and no refreshes while nobody searches the index.
    index_refresh_interval: str | None = None
    # While replays and reprocesses run; their last task restores the interval above. "" keeps it.
    # Not longer: the refresh that ends a window writes everything buffered since the last one
    # on Elasticsearch's single refresh thread (30s left a core idle for a second, bench/speed).
    replay_refresh_interval: str = "5s"
    # A replay whose tasks stopped reporting for this long has its refresh interval restored.
    replay_lease_seconds: int = 600

    bulk_chunk_size: int = 500
    # Files per replay task: enough to amortise a task, few enough that a redelivered batch
    # redoes little.
    replay_batch_files: int = 100
    # Stories per bulk request sent from a processing task; each is indexed while the task makes
    # the next ones, so smaller groups leave less waiting at a task's end, at more requests.
    index_group_stories: int = 20
    # Files a processing task runs through the pipeline together (at most this many, and no more
    # than 4 MiB of them): the entity recogniser reads all their stories in one set of batches,
    # faster than a story at a time (bench.quality_entities --speed: 8 files 45.6, 16 files 49.0
    # stories/s).
    process_together_files: int = 16
    # Indexing waits out an Elasticsearch outage: backoff capped at a minute, about ten minutes in all.
    index_max_retries: int = 14
    # Longer than the longest task, or Redis hands an unacknowledged task to a second worker; also how
    # long the tasks of a worker that died unannounced wait before they are delivered again.
    visibility_timeout_seconds: int = 3600
    result_expires_seconds: int = 24 * 3600
    # A saved page larger than this is a dead letter (too_large); news pages are well under 1 MiB.
    max_input_bytes: int = 10 * 1024 * 1024
    # A processing task past the soft limit dead-letters the inputs it has not finished (time_limit)
    # and indexes the rest; past the hard limit its process is killed and replaced. A replay task of
    # 100 files takes seconds; a page that takes minutes is a pathological one.
    task_soft_time_limit: int = 300
    task_time_limit: int = 360
    # A pool process is replaced after this many tasks, or once it holds more than this much memory
    # (checked after each task): a huge page's memory is not kept for the life of the worker.
    worker_max_tasks_per_child: int = 1000
    worker_max_memory_per_child_mb: int = 600
    # Dead letters kept at most; beyond, those seen least recently are dropped (and counted).
    dead_letters_max: int = 100_000
    # What commands wait for Redis and Elasticsearch before saying they do not answer.
    command_timeout: float = 10.0
    redis_socket_timeout: float = 30.0

    kibana_url: str | None = None

    # Live sources: feeds, page lists and folders, each polled by beat on its own interval. Unset:
    # no live sources. Set, the file must exist; a folder's relative path is relative to the file.
    sources_file: Path | None = None
    archive_dir: Path = Field(default_factory=lambda: _state_dir() / "archive")
    fetch_connect_timeout: float = 5.0
    fetch_read_timeout: float = 20.0
    fetch_max_bytes: int = 10 * 1024 * 1024  # counted after decompression
    fetch_max_redirects: int = 5
    fetch_retries: int = 4
    # Waiting for a host's turn (its request rate and concurrency) is not a failure, but it ends:
    # a page still waiting after this long is a dead letter (host_busy).
    fetch_max_wait_seconds: float = 3600.0
    fetch_retry_after_max: float = 600.0
    fetch_user_agent: str = "newsflow/0.3 (news ingestion bot; honours robots.txt)"
    # Networks a fetch may reach although they are private (tests allow 127.0.0.0/8 explicitly).
    fetch_allowed_networks: list[str] = []
    host_requests_per_second: float = 1.0
    host_concurrency: int = 2
    robots_cache_seconds: int = 3600

    stack_dir: Path = Field(default_factory=_default_stack_dir)
    stack_user: str = "newsflow"
    es_heap: str = "1g"
    es_java_home: Path | None = None
    es_version: str = ELASTICSEARCH_VERSION
    redis_port: int = 6379
    es_port: int = 9200

    @property
    def index_name(self) -> str:
        return f"{self.index_alias}-v{self.index_version}"

    @property
    def template_name(self) -> str:
        return f"{self.index_alias}-template"


class ConfigError(ValueError):
    """The configuration (a NEWSFLOW_* variable, the sources file) is wrong; the message says
    what and where in one line."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = "NEWSFLOW_" + "_".join(str(part) for part in first["loc"]).upper()
        raise ConfigError(f"{name}: {first['msg']} (got {first.get('input')!r})") from None

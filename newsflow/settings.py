"""The one settings object. Every knob is a ``NEWSFLOW_*`` environment variable."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
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
    max_input_bytes: int = 20 * 1024 * 1024

    kibana_url: str | None = None

    # Live sources: feeds, page lists and folders, each polled by beat on its own interval.
    sources_file: Path = Path("sources.yaml")
    archive_dir: Path = Field(default_factory=lambda: _state_dir() / "archive")
    fetch_connect_timeout: float = 5.0
    fetch_read_timeout: float = 20.0
    fetch_max_bytes: int = 10 * 1024 * 1024  # counted after decompression
    fetch_max_redirects: int = 5
    fetch_retries: int = 4
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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

"""Every way an input can fail to become indexed stories, in one table.

Each kind has a stable code (dead letters, metrics labels and `newsflow dlq --reason` use it),
the stage it happens in, and whether it is transient: a transient failure is a service's
(Elasticsearch, Redis, a remote host) and is retried; a permanent one is the input's own and
becomes a dead letter at once, without holding up the other inputs of its batch."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Stage(str, Enum):
    READ = "read"        # a file from disk
    FETCH = "fetch"      # a page or feed over HTTP
    DECODE = "decode"    # bytes to text
    EXTRACT = "extract"  # text to stories
    INDEX = "index"      # stories to Elasticsearch
    TASK = "task"        # the task running any of these


@dataclass(frozen=True)
class FailureKind:
    code: str
    stage: Stage
    transient: bool
    meaning: str


_KINDS = [
    FailureKind("file_gone", Stage.READ, False, "the file was deleted or moved after it was listed"),
    FailureKind("not_regular_file", Stage.READ, False, "a FIFO, device, socket or folder, not a file"),
    FailureKind("outside_folder", Stage.READ, False, "a link that leads outside the folder being read"),
    FailureKind("too_large", Stage.READ, False, "larger than NEWSFLOW_MAX_INPUT_BYTES"),
    FailureKind("unreadable", Stage.READ, False, "permission denied or an I/O error"),
    FailureKind("empty", Stage.DECODE, False, "no bytes, or only white space"),
    FailureKind("binary", Stage.DECODE, False, "binary data (an image, a PDF, an archive), not text"),
    FailureKind("no_encoding", Stage.DECODE, False, "no text encoding fits the bytes"),
    FailureKind("list_page", Stage.EXTRACT, False, "a list or index page: headlines and links"),
    FailureKind("no_article_text", Stage.EXTRACT, False, "no article text once the page chrome is removed"),
    FailureKind("fetch_refused", Stage.FETCH, False, "a scheme, an address or a robots.txt rule the policy refuses"),
    FailureKind("http_error", Stage.FETCH, False, "the server answered with an error that retrying does not mend"),
    FailureKind("fetch_too_large", Stage.FETCH, False, "a body larger than NEWSFLOW_FETCH_MAX_BYTES"),
    FailureKind("bad_response", Stage.FETCH, False, "an undecodable content encoding or too many redirects"),
    FailureKind("host_unavailable", Stage.FETCH, True, "a timeout, a refused connection, 429 or 5xx"),
    FailureKind("host_busy", Stage.FETCH, True, "the host's turn did not come within NEWSFLOW_FETCH_MAX_WAIT_SECONDS"),
    FailureKind("archive_missing", Stage.FETCH, False, "the archived page is no longer in the archive"),
    FailureKind("index_refused", Stage.INDEX, False, "Elasticsearch refused the document (a mapping error)"),
    FailureKind("index_unavailable", Stage.INDEX, True, "Elasticsearch or Redis down or not ready"),
    FailureKind("time_limit", Stage.TASK, False, "processing took longer than NEWSFLOW_TASK_SOFT_TIME_LIMIT"),
    FailureKind("task_error", Stage.TASK, False, "an unexpected error (a bug): the worker's log has the traceback"),
]
KINDS: dict[str, FailureKind] = {kind.code: kind for kind in _KINDS}


def kind(code: str) -> FailureKind:
    """The kind of a code; an unknown code (a dead letter from an older version) is a task error."""
    return KINDS.get(code, KINDS["task_error"])

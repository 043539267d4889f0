"""One processing task's inputs on their way to the index: read a few at a time, run through the
pipeline together, each input succeeding or failing on its own (a dead letter with its failure
code), and what every page has now, so the stories it no longer has can be removed. The tasks
(workers.tasks) only route, retry and index."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence

from billiard.exceptions import SoftTimeLimitExceeded
from pydantic import BaseModel

from newsflow.clients import redis_client
from newsflow.settings import get_settings
from pipelines.failures import kind
from pipelines.identity import input_page_id
from pipelines.records import Document, RawInput, Rejected
from pipelines.run import process_many
from workers import dead_letters, soft_limit

log = logging.getLogger(__name__)
Input = tuple[Callable[[], RawInput | Rejected], dict]  # how to read it, and where it is (dead letters)
# Failures an input's stories are gone for: the page was read and has none (any more), or the file
# was deleted. Failures of ours (too large, a time limit, a bug) leave its indexed stories alone.
_GONE_FROM_SOURCE = {"file_gone", "empty", "binary", "no_encoding", "list_page", "no_article_text"}
_TOGETHER_BYTES = 4 * 1024 * 1024


class TaskResult(BaseModel):
    """What a processing or indexing task reports (the replay summary adds these up)."""

    source_key: str | None = None
    inputs: int = 0       # files or pages the task was given
    stories: int = 0      # stories made and sent to the index
    created: int = 0
    updated: int = 0
    failed: int = 0       # stories the index refused (dead letters with their document)
    rejected: list[str] = []  # "code: reason" of each input that became a dead letter instead
    removed: int = 0      # stories deleted because their page no longer has them


def dead_letter(code: str, reason: str, **where: object) -> None:
    """Keep an input as a dead letter, under the stage its failure code belongs to."""
    dead_letters.record(redis_client(), kind(code).stage.value, code, reason,
                        limit=get_settings().dead_letters_max, **where)


def _rejected(where: dict, code: str, reason: str) -> Rejected:
    """The rejection of an input known only by where it is (it was never read, or reading failed)."""
    return Rejected(source=where.get("source") or "", source_key=str(where.get("source_path") or where.get("url")),
                    source_path=where.get("source_path"), url=where.get("url"), code=code, reason=reason)


def _read_one(read: Callable[[], RawInput | Rejected], where: dict) -> RawInput | Rejected:
    """One input read; an unexpected error reading it is that input's failure, not the batch's."""
    try:
        return read()
    except SoftTimeLimitExceeded:
        raise
    except FileNotFoundError as error:  # an archived page removed from the archive
        return _rejected(where, "archive_missing", str(error))
    except Exception as error:
        log.exception("reading %s failed", where)
        return _rejected(where, "task_error", f"{type(error).__name__}: {error}")


def _pipeline_each(raws: list[RawInput]) -> list[list[Document] | Rejected]:
    """The pipeline over the inputs together; when it fails, over each alone, so one input that
    breaks a stage (a bug) is a dead letter and the others are indexed."""
    try:
        return process_many(raws)
    except SoftTimeLimitExceeded:
        raise
    except Exception:
        log.exception("pipeline failed on a group of %d inputs; running them one at a time", len(raws))
    results: list[list[Document] | Rejected] = []
    for raw in raws:
        try:
            results.extend(process_many([raw]))
        except SoftTimeLimitExceeded:
            raise
        except Exception as error:
            log.exception("pipeline failed on %s", raw.source_path or raw.url or raw.source_key)
            results.append(Rejected(source=raw.source, source_key=raw.source_key, source_path=raw.source_path,
                                    url=raw.url, code="task_error", reason=f"{type(error).__name__}: {error}"))
    return results


def _read_together(inputs: Sequence[Input]) -> Iterator[list[tuple[RawInput | Rejected, dict]]]:
    """The inputs read, a few at a time: NEWSFLOW_PROCESS_TOGETHER_FILES of them, or fewer once
    they hold 4 MiB, so a batch of large pages never sits in memory at once."""
    together = max(1, get_settings().process_together_files)
    group: list[tuple[RawInput | Rejected, dict]] = []
    size = 0
    for read, where in inputs:
        raw = _read_one(read, where)
        group.append((raw, where))
        size += len(raw.data) if isinstance(raw, RawInput) else 0
        if len(group) >= together or size >= _TOGETHER_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


class Batch:
    """The inputs of one processing task as they go: what each became, for the dead letters, the
    result and the removal of stories a page no longer has."""

    def __init__(self, inputs: Sequence[Input]) -> None:
        self.inputs = inputs
        self.keys: list[str] = []  # each input's source key, as read
        self.rejected: list[str] = []
        self.keep: dict[str, list[str]] = {}  # parent id -> the story ids the page has now
        self.finished = 0  # inputs whose stories are all made (or that are dead letters)

    def stories(self) -> Iterator[Document]:
        """Every input's stories, in order, made as they are consumed. Past the task's soft time
        limit, the inputs not finished are dead letters (time_limit) and the stories stop. The
        limit is taken only while a group is read and run through the pipeline (workers.soft_limit):
        a group is finished whole, or not at all."""
        groups = _read_together(self.inputs)
        while True:
            try:
                with soft_limit.taken():
                    group = next(groups, None)
                    results = _pipeline_each([raw for raw, _ in group if isinstance(raw, RawInput)]) if group else []
            except SoftTimeLimitExceeded:
                limit = get_settings().task_soft_time_limit
                for _, where in self.inputs[self.finished:]:
                    self._reject(_rejected(where, "time_limit",
                                           f"not processed within the task's {limit}s soft time limit"), where)
                self.finished = len(self.inputs)
                return
            if group is None:
                return
            yield from self._finish(group, results)

    def _finish(self, group: list[tuple[RawInput | Rejected, dict]],
                results: list[list[Document] | Rejected]) -> list[Document]:
        """A group's outcome recorded: its dead letters, the stories each page has now."""
        self.keys.extend(raw.source_key for raw, _ in group)
        remaining = iter(results)
        documents: list[Document] = []
        for raw, where in group:
            result = raw if isinstance(raw, Rejected) else next(remaining)
            if isinstance(result, Rejected):
                self._reject(result, where)
            else:
                documents.extend(result)
                if result:
                    self.keep[result[0].parent_id] = [d.id for d in result]
        self.finished += len(group)
        return documents

    def _reject(self, rejected: Rejected, where: dict) -> None:
        dead_letter(rejected.code, rejected.reason, **{"source": rejected.source, "source_key": rejected.source_key,
                                                       **where})
        self.rejected.append(f"{rejected.code}: {rejected.reason}")
        if rejected.code in _GONE_FROM_SOURCE:
            self.keep[input_page_id(rejected.source, rejected.source_key, rejected.url)] = []

    @property
    def source_key(self) -> str:
        keys = self.keys
        return "" if not keys else keys[0] if len(keys) == 1 else f"{keys[0]} (+{len(keys) - 1} files)"

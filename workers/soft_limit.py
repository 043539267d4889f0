"""Celery's soft time limit, taken only where a processing task can stop cleanly.

Past its soft limit a task's process gets a signal (billiard's SIG_SOFT_TIMEOUT) whose handler
raises SoftTimeLimitExceeded wherever the process is. A processing task can stop cleanly only
while it reads an input or runs the pipeline: landing while it hands stories to the indexing
thread, waits for Elasticsearch or counts outcomes, the exception would fail a task whose stories
are indexed (its inputs dead-lettered though nothing is lost) or drop stories already made. So
while a processing task runs, the signal is held, except inside ``taken()``; a signal held is
raised when the next ``taken()`` section begins. A signal that comes after the body has returned,
while Celery stores the task's result, is the finished task's: it is held too, and billiard's
handler is given back only once Celery has stored the result (task_postrun), or the task's work,
done and indexed, would be reported as failed."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from billiard.exceptions import SoftTimeLimitExceeded
from billiard.pool import SIG_SOFT_TIMEOUT
from celery import signals


class _State:
    active = False   # a processing task runs under held_outside_sections()
    held = True      # outside a taken() section
    arrived = False  # the signal came while held
    given_back = None  # billiard's handler, to restore once Celery has stored the task's result


_state = _State()


def _on_soft_limit(signum, frame) -> None:
    if _state.held:
        _state.arrived = True
        return
    raise SoftTimeLimitExceeded()


@contextmanager
def held_outside_sections() -> Iterator[None]:
    """A processing task's body: the soft limit lands only inside its ``taken()`` sections. (Signal
    handlers belong to the main thread: elsewhere, as in a thread pool, nothing changes.)"""
    if SIG_SOFT_TIMEOUT is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(SIG_SOFT_TIMEOUT, _on_soft_limit)
    if _state.given_back is None:  # else the last task's result was never stored: keep billiard's from before it
        _state.given_back = previous
    _state.active, _state.held, _state.arrived = True, True, False
    try:
        yield
    finally:
        _state.active, _state.held = False, True  # a signal from here on is noted, not raised


@signals.task_postrun.connect
def _give_back(**_) -> None:
    """The task's result is stored: billiard's handler again, for whatever task comes next."""
    if _state.given_back is not None and threading.current_thread() is threading.main_thread():
        signal.signal(SIG_SOFT_TIMEOUT, _state.given_back)
        _state.given_back = None


@contextmanager
def taken() -> Iterator[None]:
    """Work the soft limit may interrupt; a limit that came before it is raised as it begins.
    Do only work here that can be thrown away whole: the bookkeeping of what it made goes after."""
    if not _state.active:
        yield
        return
    _state.held = False
    try:
        if _state.arrived:
            raise SoftTimeLimitExceeded()
        yield
    finally:
        _state.held = True

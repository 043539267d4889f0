"""Where a processing task takes Celery's soft time limit (workers.soft_limit): the real signal,
sent to this process as billiard's pool sends it to a task's process."""
import os
import signal

import pytest
from billiard.exceptions import SoftTimeLimitExceeded
from billiard.pool import SIG_SOFT_TIMEOUT
from celery import signals

from workers import soft_limit

pytestmark = pytest.mark.skipif(SIG_SOFT_TIMEOUT is None, reason="no SIGUSR1 on this platform")


def _limit_reached() -> None:
    os.kill(os.getpid(), SIG_SOFT_TIMEOUT)  # Python runs the handler at the next bytecode


@pytest.fixture(autouse=True)
def billiards_handler():
    """The handler a pool process has before the task starts: raise wherever the process is."""
    def raise_here(signum, frame):
        raise SoftTimeLimitExceeded()

    previous = signal.signal(SIG_SOFT_TIMEOUT, raise_here)
    yield raise_here
    signals.task_postrun.send(sender=None)  # as Celery does after every task
    signal.signal(SIG_SOFT_TIMEOUT, previous)


def _result_stored() -> None:
    signals.task_postrun.send(sender=None)  # Celery, once it has stored the task's result


def test_the_limit_outside_a_section_is_held_and_raised_as_the_next_section_begins():
    done = []
    with soft_limit.held_outside_sections():
        with soft_limit.taken():
            done.append("first group")
        _limit_reached()
        done.append("its stories handed over")  # not interrupted
        with pytest.raises(SoftTimeLimitExceeded):
            with soft_limit.taken():
                done.append("second group")
        done.append("indexing waited for")
    assert done == ["first group", "its stories handed over", "indexing waited for"]


def test_the_limit_inside_a_section_interrupts_it_there():
    with soft_limit.held_outside_sections():
        with pytest.raises(SoftTimeLimitExceeded):
            with soft_limit.taken():
                _limit_reached()
                pytest.fail("the section went on past the limit")


def test_a_limit_while_celery_stores_the_result_is_the_finished_tasks_and_held():
    with soft_limit.held_outside_sections():
        pass
    _limit_reached()  # the body has returned; Celery stores its result (this failed the task, done and indexed)
    _result_stored()


def test_outside_a_processing_task_the_limit_is_billiards_again(billiards_handler):
    with soft_limit.held_outside_sections():
        pass
    _result_stored()
    assert signal.getsignal(SIG_SOFT_TIMEOUT) is billiards_handler
    with pytest.raises(SoftTimeLimitExceeded):
        with soft_limit.taken():  # no task holding it: a section changes nothing
            _limit_reached()
    with pytest.raises(SoftTimeLimitExceeded):
        _limit_reached()


def test_each_task_starts_with_no_limit_held_from_the_last():
    with soft_limit.held_outside_sections():
        _limit_reached()  # the end of one task, past its limit
    with soft_limit.held_outside_sections():
        with soft_limit.taken():
            pass  # the next task's first group runs

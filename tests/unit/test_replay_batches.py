"""How a replay's files are cut into tasks (workers.tasks.replay_batch_sizes)."""
import pytest

from workers.tasks import replay_batch_sizes


@pytest.mark.parametrize("files", [1, 9, 10, 11, 45, 100, 101, 250, 1_000, 10_000])
def test_every_file_is_in_one_task_and_no_task_is_over_the_size(files):
    sizes = replay_batch_sizes(files, 100)
    assert sum(sizes) == files and max(sizes) <= 100 and min(sizes) >= 1


def test_a_large_replay_runs_in_full_batches_and_ends_in_small_ones():
    sizes = replay_batch_sizes(10_000, 100)
    assert sizes[:96] == [100] * 96
    # When the queue runs dry, the last tasks are small: no worker process is left alone with a
    # whole batch while the others wait.
    assert max(sizes[-4:]) <= 20 and sum(sizes[-3:]) < 50


def test_a_small_replay_is_one_task_and_no_task_is_a_handful_left_over():
    assert replay_batch_sizes(4, 100) == [4]
    assert replay_batch_sizes(19, 100) == [19]
    assert replay_batch_sizes(0, 100) == []
    assert all(size >= 10 for size in replay_batch_sizes(1_234, 100))

"""Per-host politeness through the real Redis, shared by every process that uses it."""
import time

from newsflow.fetching.host_limits import HostLimits


def test_rate_and_concurrency_per_host(redis, fresh_index):
    limits = HostLimits(redis, requests_per_second=4, concurrency=1)
    url = "http://news.example.cn/a.html"
    assert limits.try_acquire(url) == 0
    wait = limits.try_acquire(url)
    assert 0 < wait <= 0.25, "the next request to the host waits for its slot"
    assert limits.try_acquire("http://other.example.cn/") == 0, "other hosts are not held up"
    time.sleep(0.3)
    assert limits.try_acquire(url) > 0, "one request is still in flight, the concurrency limit holds"
    limits.release(url)
    assert limits.try_acquire(url) == 0
    limits.release(url)
    limits.release("http://other.example.cn/")
    assert int(redis.get("newsflow:host:news.example.cn:inflight")) == 0


def test_a_second_client_on_the_same_redis_sees_the_same_limits(redis, fresh_index):
    first, second = HostLimits(redis, 2, 2), HostLimits(redis, 2, 2)
    assert first.try_acquire("http://shared.example.cn/x") == 0
    assert second.try_acquire("http://shared.example.cn/y") > 0

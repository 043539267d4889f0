"""The HTTP side of the fetch policy against a real local server (tests/fetch_server.py)."""
import pytest

from newsflow.fetching.http import Failure, Response, Validators, client, get, retry_after_seconds
from newsflow.fetching.netsafety import Refused, check_url
from newsflow.settings import Settings
from pipelines.feeds import parse_feed
from tests.fetch_server import FetchServer


@pytest.fixture(scope="module")
def server():
    srv = FetchServer().start()
    yield srv
    srv.shutdown()


@pytest.fixture(scope="module")
def settings():
    return Settings(fetch_allowed_networks=["127.0.0.0/8"], fetch_read_timeout=1.0, fetch_max_bytes=1_000_000)


@pytest.fixture(scope="module")
def http(settings):
    with client(settings) as c:
        yield c


def test_private_and_loopback_addresses_and_other_schemes_are_refused_by_default():
    for url in ("http://127.0.0.1/", "http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]/",
                "file:///etc/passwd", "ftp://example.com/"):
        with pytest.raises(Refused):
            check_url(url, [])
    check_url("http://127.0.0.1/", ["127.0.0.0/8"])


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(server, http):
    only_public = Settings(fetch_allowed_networks=[])
    answer = get(http, only_public, f"{server.base}/articles/a0.html")
    assert isinstance(answer, Failure) and "non-public" in answer.reason and not answer.transient


def test_a_page_and_its_conditional_revisit(server, http, settings):
    first = get(http, settings, f"{server.base}/articles/a0.html")
    assert isinstance(first, Response) and first.status == 200 and first.headers["etag"]
    again = get(http, settings, f"{server.base}/articles/a0.html",
                Validators(first.headers["etag"], first.headers["last-modified"]))
    assert isinstance(again, Response) and again.status == 304 and again.body == b""


@pytest.mark.parametrize("path, reason, transient", [
    ("/slow.html", "timeout", True),
    ("/loop", "more than 5 redirects", False),
    ("/big.html", "body larger than 1000000 bytes", False),
    ("/gzip-bomb.html", "body larger than 1000000 bytes", False),
    ("/missing.html", "HTTP 404", False),
])
def test_what_cannot_be_fetched_says_why_and_whether_to_retry(server, http, settings, path, reason, transient):
    answer = get(http, settings, f"{server.base}{path}")
    assert isinstance(answer, Failure) and reason in answer.reason and answer.transient is transient


def test_server_errors_are_transient_and_retry_after_is_read(server, http, settings):
    answer = get(http, settings, f"{server.base}/retry-after.html")
    assert isinstance(answer, Failure) and answer.transient and answer.status == 503 and answer.retry_after == 1.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 600) == 0.0
    assert retry_after_seconds("120", 60) == 60


def test_feeds_rss_atom_and_a_malformed_one(server, http, settings):
    rss = parse_feed(get(http, settings, f"{server.base}/rss.xml").body, f"{server.base}/rss.xml", "application/rss+xml")
    assert [e.url.rsplit("/", 1)[1] for e in rss.entries] == ["a0.html", "a1.html", "a2.html", "secret.html"]
    atom = parse_feed(get(http, settings, f"{server.base}/atom.xml").body, f"{server.base}/atom.xml", "application/atom+xml")
    assert len(atom.entries) == 2 and atom.error is None
    broken = parse_feed(get(http, settings, f"{server.base}/malformed.xml").body, f"{server.base}/malformed.xml")
    assert broken.error and "malformed feed" in broken.error
    assert [e.url.rsplit("/", 1)[1] for e in broken.entries] == ["a0.html"]


def test_rdf_and_rss_09x_feeds_are_read():
    rdf = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://x.cn/"><title>t</title></channel>'
           '<item rdf:about="http://x.cn/1.html"><title>一</title><link>http://x.cn/1.html</link></item></rdf:RDF>')
    assert [e.url for e in parse_feed(rdf.encode(), "http://x.cn/feed").entries] == ["http://x.cn/1.html"]
    rss091 = ('<?xml version="1.0"?><rss version="0.91"><channel><title>t</title><link>http://x.cn/</link>'
              '<item><title>二</title><link>/2.html</link></item></channel></rss>')
    assert [e.url for e in parse_feed(rss091.encode(), "http://x.cn/feed").entries] == ["http://x.cn/2.html"]

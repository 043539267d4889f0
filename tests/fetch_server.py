"""A local HTTP server that behaves like the sources the fetcher meets: feeds, portal pages in
UTF-8 and GBK (declared or not), conditional GET, slow and failing endpoints, a redirect loop, an
oversized body, a gzip bomb, a malformed feed and a robots.txt. It counts every request."""
from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").iterdir())
LAST_MODIFIED = "Mon, 25 Mar 2024 08:00:00 GMT"


def portal_page(seed: Path, charset: str | None) -> bytes:
    """A seed's article text wrapped in the chrome a Chinese portal puts around it."""
    paragraphs = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    title, body = paragraphs[0], paragraphs[1:]
    nav = "".join(f'<li><a href="/channel/{i}">频道{i}</a></li>' for i in range(12))
    side = "".join(f'<li><a href="/hot/{i}">热门新闻标题第{i}条</a></li>' for i in range(8))
    meta = f'<meta charset="{charset}">' if charset else ""
    html = (f"<!DOCTYPE html><html><head>{meta}<title>{title}_江苏新闻网</title></head><body>"
            f'<div class="nav"><ul>{nav}</ul></div><div class="crumb">首页 &gt; 江苏 &gt; 正文</div>'
            f"<article><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in body) + "</article>"
            f'<aside><h3>热门排行</h3><ul>{side}</ul></aside>'
            f'<div class="comments"><p>网友评论：说得好！</p><p>网友评论：支持！</p></div>'
            f"<footer>版权所有 江苏新闻网 苏ICP备12345678号</footer></body></html>")
    # Pages labelled gbk or gb2312 (or nothing) are sent as GB18030 bytes, as such portals do.
    return html.encode("utf-8" if charset == "utf-8" else "gb18030")


# name → (seed, charset declared in <meta> or None, charset in the Content-Type header or None, encoding)
ARTICLES = {
    "a0": (SEEDS[0], "utf-8", "utf-8"),
    "a1": (SEEDS[1], "gbk", None),          # GBK, declared in <meta> only
    "a2": (SEEDS[2], None, None),           # GBK, declared nowhere
    "b0": (SEEDS[3], "utf-8", "utf-8"),
    "b1": (SEEDS[4], "gb2312", "gb2312"),   # labelled gb2312, bytes are GB18030-compatible
}


def rss(base: str) -> bytes:
    items = "".join(f"<item><title>{n}</title><link>{base}/articles/{n}.html</link></item>" for n in ("a0", "a1", "a2"))
    items += f"<item><title>secret</title><link>{base}/private/secret.html</link></item>"
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>江苏新闻</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode("utf-8")


def atom(base: str) -> bytes:
    entries = "".join(f'<entry><title>{n}</title><id>urn:{n}</id><updated>2024-03-25T08:00:00Z</updated>'
                      f'<link href="{base}/articles/{n}.html"/></entry>' for n in ("b0", "b1"))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>江苏资讯</title><id>urn:feed</id><updated>2024-03-25T08:00:00Z</updated>{entries}</feed>").encode()


class Handler(BaseHTTPRequestHandler):
    server: "FetchServer"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html", headers: dict | None = None):
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def _conditional(self, body: bytes, content_type: str) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self.server.not_modified[self.path] += 1
            self._send(304, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})
        else:
            self._send(200, body, content_type, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path
        self.server.requests[path] += 1
        base = f"http://127.0.0.1:{self.server.server_port}"
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/rss.xml":
            return self._conditional(rss(base), "application/rss+xml")
        if path == "/atom.xml":
            return self._conditional(atom(base), "application/atom+xml")
        if path == "/malformed.xml":
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>坏的</title>'
                    f"<item><title>ok</title><link>{base}/articles/a0.html</link></item>"
                    f"<item><title>broken &bad; <link>").encode()
            return self._send(200, body, "application/rss+xml")
        if path.startswith("/articles/") and path.endswith(".html"):
            name = path[len("/articles/"):-len(".html")]
            if name not in ARTICLES:
                return self._send(404, b"not found")
            seed, meta_charset, header_charset = ARTICLES[name]
            content_type = f"text/html; charset={header_charset}" if header_charset else "text/html"
            return self._conditional(portal_page(seed, meta_charset), content_type)
        if path == "/flaky.html":
            if self.server.requests[path] <= 2:
                return self._send(500, b"server error")
            return self._send(200, portal_page(SEEDS[1], "utf-8"), "text/html; charset=utf-8")
        if path == "/retry-after.html":
            if self.server.requests[path] == 1:
                return self._send(503, b"busy", headers={"Retry-After": "1"})
            return self._send(200, portal_page(SEEDS[3], "utf-8"), "text/html; charset=utf-8")
        if path == "/slow.html":
            time.sleep(3)
            return self._send(200, portal_page(SEEDS[0], "utf-8"))
        if path == "/loop":
            return self._send(302, headers={"Location": "/loop2"})
        if path == "/loop2":
            return self._send(302, headers={"Location": "/loop"})
        if path == "/big.html":
            return self._send(200, b"<html><body>" + "大".encode() * 1_000_000 + b"</body></html>")
        if path == "/gzip-bomb.html":
            return self._send(200, self.server.bomb, headers={"Content-Encoding": "gzip"})
        if path == "/missing.html":
            return self._send(404, b"gone")
        if path.startswith("/private/"):
            return self._send(200, b"<html><body>secret</body></html>")
        return self._send(404, b"not found")


class FetchServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: Counter = Counter()
        self.not_modified: Counter = Counter()
        # 64 MiB of zeros compress to about 64 KiB: small on the wire, huge once decoded.
        self.bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def start(self) -> "FetchServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

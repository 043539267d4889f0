"""A corpus of broken inputs, each with what must become of it: a document, or a dead letter
whose reason says what was wrong. Used by the integration test and `bench/faults`."""
from __future__ import annotations

import codecs
import gzip
import os
from pathlib import Path

ARTICLE = ("2月21日，镇江经开区召开高质量发展暨产业强区推进大会，动员全区上下坚定信心、鼓足干劲，"
           "推动项目建设再突破，营商环境再优化，作风效能再提升。会议强调，要以扎扎实实的作风推动各项工作落地见效。")
HTML = f"<html><head><title>镇江经开区召开推进大会</title></head><body><article><h1>镇江经开区召开推进大会</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
DOC = "document"
EMPTY, BINARY, NO_TEXT, TOO_LARGE = "empty input", "binary data, not text", "no article text", "file too large"
SKIPPED = "skipped"  # not a file to read: left out when the folder is listed, no dead letter


def corpus() -> dict[str, tuple[bytes, str]]:
    """file name → (bytes, DOC or a part of the dead letter's reason)."""
    nested = "<div>" * 5000 + f"<p>{ARTICLE}</p>" + "</div>" * 5000
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + ']><lolz>&lol9;</lolz>')
    return {
        "01-empty.txt": (b"", EMPTY),
        "02-blank.txt": (b" \n\t\r\n  ", EMPTY),
        "03-png.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, BINARY),
        "04-nul.txt": (b"\0" * 4096, BINARY),
        "05-truncated.html": (HTML.encode()[: len(HTML.encode()) - 40], DOC),
        "06-no-text.html": (b"<html><body><img src='a.png'><img src='b.png'></body></html>", NO_TEXT),
        "07-deeply-nested.html": (nested.encode(), DOC),
        "08-invalid-utf8.txt": (ARTICLE.encode()[:60] + b"\xff\xfe\xfa" + ARTICLE.encode()[60:], DOC),
        "09-wrong-charset.html": (HTML.replace("<head>", '<head><meta charset="utf-8">').encode("gb18030"), DOC),
        "10-gb18030.txt": (ARTICLE.encode("gb18030"), DOC),
        "11-big5.txt": ("臺北市政府今日舉行記者會，說明新年度的交通建設計畫與預算安排，市民反應熱烈，各界期待。".encode("big5") * 2, DOC),
        "12-utf16.txt": (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), DOC),
        "13-malformed-feed.xml": (b'<?xml version="1.0"?><rss><channel><item><title>x</title><link>', NO_TEXT),
        "14-entity-bomb.xml": (laughs.encode(), NO_TEXT),
        "15-entity-bomb.html": (laughs.replace("<lolz>", "<html><body><p>").encode(), NO_TEXT),
        "16-gzip-bomb.gz": (gzip.compress(b"\0" * (8 * 1024 * 1024)), BINARY),
        "17-all-spam.txt": ("澳门葡京娱乐官网注册送38元彩金，加微信领取。\n百家乐真人娱乐平台注册送彩金，时时彩app官方下载。\n".encode() * 3, NO_TEXT),
        "18-only-chrome.txt": ("首页 > 新闻中心 > 本地新闻\n分享至\n0\nCopyright © 2024 某某网 版权所有 苏ICP备12345678号\n无障碍浏览 进入关怀版\n".encode(), NO_TEXT),
        "19-one-long-line.txt": ((ARTICLE * 300).encode(), DOC),
        "20-control-chars.txt": (bytes(range(1, 9)) * 500 + ARTICLE.encode(), BINARY),
        "21-only-script.html": (b"<html><head><script>var a='\xe6\x96\xb0\xe9\x97\xbb';</script></head><body></body></html>", NO_TEXT),
        "22-only-comments.html": ("<html><body><!-- 这里是注释，不是正文，也没有任何文章内容 --></body></html>".encode(), NO_TEXT),
        "23-short-article.txt": (ARTICLE.encode(), DOC),
        "24-english.txt": (b"The city held a meeting on economic development today. Officials spoke.\n" * 5, NO_TEXT),
        "25-data.json": ('{"title": "镇江", "items": [1, 2, 3], "ok": true}'.encode(), NO_TEXT),
        "26-table.csv": ("id,name,value\n1,镇江,3\n2,常州,4\n".encode(), NO_TEXT),
        "27-unknown-charset.html": (HTML.replace("<head>", '<head><meta charset="x-unknown-9">').encode(), DOC),
        "28-table-soup.html": (f"<html><body><table><tr><td>导航</td><td>首页</td></tr><tr><td>{ARTICLE}</td></tr></table></body></html>".encode(), DOC),
        "29-markdown.md": (f"# 镇江经开区召开推进大会\n\n{ARTICLE}\n\n- 项目建设\n- 营商环境\n".encode(), DOC),
        "30-crlf.txt": (f"镇江经开区召开推进大会\r\n\r\n{ARTICLE}\r\n".encode(), DOC),
        "31-frameset.html": (b"<html><frameset cols='50%,50%'><frame src='a.html'><frame src='b.html'></frameset></html>", NO_TEXT),
        "32-pdf.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 32, BINARY),
        "33-zero-width.txt": ("\u200b".join(ARTICLE).encode(), DOC),
        "35-repeated-char.txt": (("中" * 400_000).encode(), NO_TEXT),
        "36-stray-nul.txt": (ARTICLE.encode()[:30] + b"\0" + ARTICLE.encode()[30:], DOC),
        # 2.4 MB on one line: indexed, its text cut at pipelines.run.MAX_PAGE_CHARS (text_truncated)
        "37-megabytes-one-line.txt": ((ARTICLE * 7000).encode(), DOC),
    }


def write_corpus(folder: Path, huge: bool = True) -> dict[str, str]:
    """Write the corpus (and a 50 MB page when huge) into folder; return name → expectation."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (data, outcome) in corpus().items():
        (folder / name).write_bytes(data)
        expected[name] = outcome
    (folder / "38-fifo.txt").unlink(missing_ok=True)
    os.mkfifo(folder / "38-fifo.txt")
    (folder / "39-link-out.txt").unlink(missing_ok=True)
    (folder / "39-link-out.txt").symlink_to("/etc/passwd")
    expected["38-fifo.txt"] = expected["39-link-out.txt"] = SKIPPED
    if huge:
        with (folder / "34-fifty-mb.html").open("wb") as f:
            f.write(b"<html><body>")
            for _ in range(50):
                f.write(("<p>" + "大" * 349_000 + "</p>").encode())
            f.write(b"</body></html>")
        expected["34-fifty-mb.html"] = TOO_LARGE
    return expected

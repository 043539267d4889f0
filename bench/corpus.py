"""A benchmark corpus made from seeds/: thousands of distinct one-story pages, as saved text and
as portal HTML (navigation, breadcrumb, sidebar, related links and footer around the article).

Each story takes a seed story's title and 4–12 paragraphs drawn from all seed stories, with its
figures changed, so stories are distinct (no near-duplicate shortcut) and about 3 KB, the size
of a regional news story. The same arguments always build the same corpus.
"""
from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_DIGITS = re.compile(r"\d+")
_PUBLISHERS = ["新华日报", "常州日报", "无锡日报", "扬子晚报", "交汇点新闻", "南京日报"]


@dataclass(frozen=True)
class SeedStory:
    title: str
    paragraphs: tuple[str, ...]


def seed_stories() -> list[SeedStory]:
    """The stories of seeds/, as the pipeline reads them."""
    from pipelines.files import read_file
    from pipelines.run import process

    stories = []
    for path in sorted((ROOT / "seeds").iterdir()):
        result = process(read_file(path, ROOT / "seeds", "seeds", 50_000_000))
        for doc in result if isinstance(result, list) else []:
            stories.append(SeedStory(doc.title, tuple(p for p in doc.body.split("\n\n") if p)))
    return stories


def _vary(text: str, rnd: random.Random) -> str:
    return _DIGITS.sub(lambda m: str(max(1, int(m.group()) + rnd.randint(-9, 9))) if len(m.group()) < 5 else m.group(), text)


def _story(stories: list[SeedStory], pool: list[str], i: int) -> tuple[str, list[str], str, datetime]:
    rnd = random.Random(i)
    base = stories[i % len(stories)]
    paragraphs = [_vary(p, rnd) for p in rnd.sample(pool, rnd.randint(4, 12))]
    published = datetime(2024, 1, 1, 8) + timedelta(minutes=37 * (i % 10_000))
    return f"{base.title}（{i}）", paragraphs, rnd.choice(_PUBLISHERS), published


def text_page(title: str, paragraphs: list[str], publisher: str, published: datetime) -> str:
    """A saved page as the seeds are: breadcrumb, headline, source line, paragraphs."""
    return "\n\n".join(["首页 > 资讯中心 > 江苏资讯", title, f"{publisher} {published:%Y-%m-%d %H:%M}", *paragraphs]) + "\n"


def html_page(title: str, paragraphs: list[str], publisher: str, published: datetime) -> str:
    nav = "".join(f'<li><a href="/{c}/">{c}</a></li>' for c in ["首页", "时政", "经济", "社会", "文化", "专题", "视频"])
    related = "".join(f'<li><a href="/news/{n}.html">相关新闻标题第{n}条</a></li>' for n in range(8))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}_江苏资讯_新闻网</title>
<meta name="publishdate" content="{published:%Y-%m-%d %H:%M:%S}"><meta name="source" content="{publisher}">
<script>var _hmt = _hmt || [];</script><style>.nav li{{display:inline}}</style></head><body>
<div class="header"><div class="logo">新闻网</div><ul class="nav">{nav}</ul><div class="search"><input type="text"> 搜索</div></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/js/">江苏资讯</a> &gt; 正文</div>
<div class="main"><div class="article"><h1>{html.escape(title)}</h1>
<div class="info">来源：{publisher}　发布时间：{published:%Y-%m-%d %H:%M}　字号：大 中 小</div>
<div class="content">{body}</div><div class="editor">责任编辑：王小明</div>
<div class="share">分享到：微信 微博 QQ空间</div></div>
<div class="sidebar"><h3>热点新闻</h3><ul>{related}</ul><h3>图片新闻</h3><ul>{related}</ul></div></div>
<div class="footer"><p>关于我们 | 联系我们 | 广告服务 | 网站地图</p><p>版权所有 新闻网 苏ICP备00000000号</p>
<p>违法和不良信息举报电话：000-00000000</p></div></body></html>
"""


def build(folder: Path, text_pages: int, html_pages: int, first: int = 0) -> tuple[list[Path], list[Path]]:
    """Write ``text_pages`` .txt and ``html_pages`` .html one-story pages under ``folder``."""
    stories = seed_stories()
    pool = [p for s in stories for p in s.paragraphs if len(p) >= 30]
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "html").mkdir(parents=True, exist_ok=True)
    texts, pages = [], []
    for n in range(text_pages):
        path = folder / "text" / f"story-{first + n:06d}.txt"
        path.write_text(text_page(*_story(stories, pool, first + n)), "utf-8")
        texts.append(path)
    for n in range(html_pages):
        path = folder / "html" / f"page-{first + n:06d}.html"
        path.write_text(html_page(*_story(stories, pool, 1_000_000 + first + n)), "utf-8")
        pages.append(path)
    return texts, pages

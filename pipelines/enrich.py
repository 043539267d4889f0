"""Turn a story into an indexed document: title, dates, terms, keywords, fingerprint, ids."""
from __future__ import annotations

import re

from pipelines import PIPELINE_VERSION
from pipelines.dates import infer_published_at, mentioned_dates
from pipelines.fingerprint import simhash
from pipelines.identity import page_id, story_id
from pipelines.records import Document, Page, Story
from pipelines.money import extract_money
from pipelines.entities import find_entities
from pipelines.recognizer import Mention
from pipelines.segment import cut, keywords, search_terms

_CLAUSES = re.compile(r"[，。；！？]")
_TIME_CLAUSE = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:上午|下午|晚)?|近日|日前|当天|今年以来|"
                          r"[\u4e00-\u9fff]{0,6}(?:工作日|节|新春|伊始|之际|期间|以来)")
_DERIVED_TITLE_MAX = 30


def derive_title(body: str) -> str:
    """A headline for a story that has none: its first clause that says what happened, skipping
    the time clauses a Chinese news lead opens with ("2月18日，龙年首个工作日，")."""
    first = body.split("\n", 1)[0]
    clauses = [c for c in _CLAUSES.split(first) if c]
    for clause in clauses:
        if not _TIME_CLAUSE.fullmatch(clause):
            return clause[:_DERIVED_TITLE_MAX]
    return first[:_DERIVED_TITLE_MAX]


def headline_and_body(page: Page, story: Story) -> tuple[str, str, bool]:
    """The story's title (derived from its lead when it has none: the bool), and its body."""
    body = "\n\n".join(story.paragraphs)
    title = story.title or (page.meta.title if story.index == 0 else None)
    return (title, body, False) if title else (derive_title(body), body, True)


def indexed_text(page: Page, story: Story) -> str:
    """The text the entity stage reads: the title, a newline, the body."""
    title, body, _ = headline_and_body(page, story)
    return f"{title}\n{body}"


def enrich(page: Page, story: Story, mentions: list[Mention] | None = None) -> Document:
    """``mentions``: the recogniser's names in ``indexed_text(page, story)``, when the caller ran
    it over many stories at once (pipelines.run.process_many); otherwise it runs here."""
    raw = page.decoded.raw
    flags = set(page.flags) | set(story.flags)
    title, body, derived = headline_and_body(page, story)
    if derived:
        flags.add("title_derived")
    page_text = "\n".join(page.paragraphs)
    published_at, published_source = (page.meta.published_at, page.meta.published_at_source or "page_metadata")
    if published_at is None:
        published_at, published_source = infer_published_at(body, page_text, raw.modified_at)
    # Segmented once; every consumer below reads these words. jieba cuts at a newline, so the
    # words of title + "\n" + body are the title's, the newline and the body's.
    body_words = cut(body)
    words = [*cut(title), "\n", *body_words]
    headed = f"{title}\n{body}"
    terms = search_terms(headed, words)
    parent = page_id(raw)
    # A newspaper page's editors are every story's; a story's own byline names its writers.
    editors = list(page.meta.editors)
    authors = list(dict.fromkeys([*(story.authors or page.meta.authors), *editors]))
    entities = find_entities(headed, words, not_persons=authors, mentions=mentions)
    return Document(
        id=story_id(parent, story.index),
        parent_id=parent,
        story_index=story.index,
        source=raw.source,
        source_path=raw.source_path,
        url=raw.url,
        site_name=page.meta.site_name,
        publisher=page.meta.publisher or page.meta.site_name,
        title=title,
        kicker=story.kicker,
        subtitle=story.subtitle,
        body=body,
        sections=list(story.sections),
        published_at=published_at,
        published_at_source=published_source if published_at else None,
        authors=authors,
        editors=editors,
        keywords=keywords(headed, words=words),
        persons=entities.persons,
        places=entities.indexed_places(),
        organizations=entities.organizations,
        money=extract_money(body),
        dates=mentioned_dates(body, published_at),
        flags=sorted(flags),
        spam_removed=list(page.spam_removed),
        simhash=simhash(terms),
        pipeline_version=PIPELINE_VERSION,
        fetched_at=raw.fetched_at,
        search_terms=terms,
    )

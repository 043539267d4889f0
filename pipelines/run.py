"""Every stage in order: raw input to documents, or to a rejection with its reason."""
from __future__ import annotations

from collections.abc import Sequence

from pipelines.clean import clean
from pipelines.decode import decode
from pipelines.enrich import enrich, indexed_text
from pipelines.extract import extract
from pipelines.recognizer import recognise
from pipelines.records import Document, Page, RawInput, Rejected, Story
from pipelines.repair import repair
from pipelines.spam import remove_spam
from pipelines.split import is_list_page, split
from pipelines.textutil import cjk_count

# Less Chinese text than this is a caption or a stray label, not a story worth indexing.
MIN_STORY_CJK = 20
# More main text than this on one page is a dump, not news (a long report runs to 30,000
# characters). The rest is cut off and the page flagged "text_truncated": a body must stay
# under what Elasticsearch analyses to highlight (index.highlight.max_analyzed_offset, 1,000,000),
# and a 3.7-million-character line held a worker process at 650 MB.
MAX_PAGE_CHARS = 200_000


def _capped(page: Page) -> Page:
    kept, room = [], MAX_PAGE_CHARS
    for paragraph in page.paragraphs:
        if room <= 0:
            break
        kept.append(paragraph[:room])
        room -= len(paragraph)
    if room >= 0:
        return page
    return page.model_copy(update={"paragraphs": tuple(kept), "flags": page.flags | {"text_truncated"}})


def preload() -> None:
    """Load every table and dictionary now: in a worker's parent before its pool forks, so the
    children share them instead of each loading its own at its first story."""
    from pipelines import places, recognizer, segment
    from pipelines.gazetteer import gazetteer

    gazetteer()
    segment.preload()
    places.preload()
    recognizer.preload()


def _page_and_stories(raw: RawInput) -> tuple[Page, list[Story]] | Rejected:
    """Every stage before enrichment: the page and its stories, or the reason there are none."""
    decoded = decode(raw)
    if isinstance(decoded, Rejected):
        return decoded
    page = remove_spam(repair(clean(_capped(extract(decoded)))))
    if "link_heavy" in page.flags and is_list_page(page.paragraphs):
        # A list or index page: its text is mostly links, and what is left has no written paragraph.
        return Rejected(source=raw.source, source_key=raw.source_key, source_path=raw.source_path,
                        url=raw.url, code="list_page", reason="list page: headlines and links, no article text")
    stories = [s for s in split(page) if cjk_count("".join(s.paragraphs)) >= MIN_STORY_CJK]
    if not stories:
        return Rejected(source=raw.source, source_key=raw.source_key, source_path=raw.source_path,
                        url=raw.url, code="no_article_text", reason="no article text found after removing page chrome")
    return page, stories


def process_many(raws: Sequence[RawInput]) -> list[list[Document] | Rejected]:
    """``process`` for several inputs, in order. The recogniser runs once over all their stories:
    its batches fill with sentences of like length, about twice as fast as a story at a time."""
    prepared = [_page_and_stories(raw) for raw in raws]
    pairs = [(page, story) for p in prepared if not isinstance(p, Rejected) for page, stories in [p]
             for story in stories]
    mentions = iter(recognise([indexed_text(page, story) for page, story in pairs]))
    results: list[list[Document] | Rejected] = []
    for p in prepared:
        if isinstance(p, Rejected):
            results.append(p)
            continue
        page, stories = p
        results.append([enrich(page, story, next(mentions)) for story in stories])
    return results


def process(raw: RawInput) -> list[Document] | Rejected:
    return process_many([raw])[0]

"""Every stage in order: raw input to documents, or to a rejection with its reason."""
from __future__ import annotations

from pipelines.clean import clean
from pipelines.decode import decode
from pipelines.enrich import enrich
from pipelines.extract import extract
from pipelines.records import Document, RawInput, Rejected
from pipelines.repair import repair
from pipelines.spam import remove_spam
from pipelines.split import is_list_page, split
from pipelines.textutil import cjk_count

# Less Chinese text than this is a caption or a stray label, not a story worth indexing.
MIN_STORY_CJK = 20


def preload() -> None:
    """Load every table and dictionary now: in a worker's parent before its pool forks, so the
    children share them instead of each loading its own at its first story."""
    from pipelines import places, segment
    from pipelines.gazetteer import gazetteer

    gazetteer()
    segment.preload()
    places.preload()


def process(raw: RawInput) -> list[Document] | Rejected:
    decoded = decode(raw)
    if isinstance(decoded, Rejected):
        return decoded
    page = remove_spam(repair(clean(extract(decoded))))
    # A list or index page: its text is mostly links, and what is left has no written paragraph.
    if "link_heavy" in page.flags and is_list_page(page.paragraphs):
        return Rejected(source=raw.source, source_key=raw.source_key, source_path=raw.source_path,
                        reason="list page: headlines and links, no article text")
    stories = [s for s in split(page) if cjk_count("".join(s.paragraphs)) >= MIN_STORY_CJK]
    if not stories:
        return Rejected(source=raw.source, source_key=raw.source_key, source_path=raw.source_path,
                        reason="no article text found after removing page chrome")
    return [enrich(page, story) for story in stories]

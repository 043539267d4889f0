"""Typed records passed between the stages. Stages never pass loose dicts."""
from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class InputKind(str, Enum):
    HTML = "html"
    TEXT = "text"


class RawInput(Frozen):
    """Bytes as they arrived, with where they came from. Nothing is decoded yet."""

    data: bytes
    source: str
    source_key: str  # canonical key of the page within its source: relative path or URL
    source_path: str | None = None
    url: str | None = None
    content_type: str | None = None
    fetched_at: datetime
    modified_at: datetime | None = None  # file mtime or Last-Modified: last resort for the year


class DecodedInput(Frozen):
    raw: RawInput
    text: str
    encoding: str
    kind: InputKind
    # What a crawl envelope before the markup said of the page (<text id=URL title=…>, WARC headers).
    envelope_url: str | None = None
    envelope_title: str | None = None
    flags: frozenset[str] = frozenset()


class PageMeta(Frozen):
    title: str | None = None
    published_at: datetime | None = None
    published_at_source: str | None = None  # "dateline" (printed with the article) or "page_metadata"
    publisher: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()


class Page(Frozen):
    """The main text of one page: paragraphs, page-level metadata and what was done to get them."""

    decoded: DecodedInput
    paragraphs: tuple[str, ...]
    meta: PageMeta = PageMeta()
    flags: frozenset[str] = frozenset()
    spam_removed: tuple[str, ...] = ()  # each advert cut out and each advert paragraph dropped, as it stood


class Story(Frozen):
    index: int
    title: str | None
    kicker: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    paragraphs: tuple[str, ...]
    sections: tuple[str, ...] = ()  # headings inside the story, in order, as they stand in the body
    flags: frozenset[str] = frozenset()


class Person(Frozen):
    name: str
    mention: str | None = None  # the name as the text writes it
    titles: list[str] = []
    organization: str | None = None
    place: str | None = None


class GeoPoint(Frozen):
    lat: float
    lon: float


class Place(Frozen):
    name: str
    mention: str | None = None
    adcode: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None  # for a township or a village
    township: str | None = None  # for a village
    location: GeoPoint | None = None


class Organization(Frozen):
    name: str  # the full, official name where the text and the story's place make it certain
    mention: str | None = None
    kind: str
    place: str | None = None  # the division the body belongs to
    parent: str | None = None  # the body it is part of (市委宣传部 → 市委)


class Money(Frozen):
    text: str
    value: float
    currency: str
    qualifier: str | None = None


class Document(Frozen):
    """One story as indexed and as printed by ``newsflow process --json`` (the contract)."""

    id: str
    parent_id: str
    story_index: int
    source: str
    source_path: str | None = None
    url: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    body: str
    sections: list[str] = []
    published_at: datetime | None = None
    published_at_source: str | None = None
    authors: list[str] = []  # writers first, then the editors the page names
    editors: list[str] = []
    keywords: list[str] = []
    persons: list[Person] = []
    places: list[Place] = []
    organizations: list[Organization] = []
    money: list[Money] = []
    dates: list[str] = []
    flags: list[str] = []
    spam_removed: list[str] = []  # what the spam stage took out of the page, as it stood
    simhash: str
    duplicate_of: str | None = None
    pipeline_version: str
    fetched_at: datetime
    indexed_at: datetime | None = None
    # jieba search-mode terms of title and body; indexed for word-level search, never printed.
    search_terms: list[str] = Field(default=[], exclude=True)

    def contract(self) -> dict:
        return self.model_dump(mode="json")


class Rejected(Frozen):
    """A raw input that produced no document, and why. Becomes a dead letter, never a crash."""

    source: str
    source_key: str
    source_path: str | None = None
    url: str | None = None
    code: str  # pipelines.failures: the kind of failure, stable across versions
    reason: str  # what exactly was wrong, for a person

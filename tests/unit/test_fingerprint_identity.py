from pipelines.fingerprint import hamming, simhash
from pipelines.identity import canonical_url, page_id, parent_id, story_id
from tests.helpers import raw
from pipelines.segment import keywords, query_terms, search_terms

TEXT = "常州新春第一会吹响冲刺万亿之城、聚力新能源之都建设冲锋号，总投资超470亿元的15个新能源重大产业项目签约落户。"


def test_near_duplicates_have_close_fingerprints_and_others_do_not():
    original = simhash(search_terms(TEXT * 3))
    reposted = simhash(search_terms(TEXT * 3 + "（来源：常州日报）"))
    other = simhash(search_terms("苏州召开推进敢为敢闯敢干敢首创动员会暨作风建设大会，激励全市上下担当作为。" * 3))
    assert hamming(original, reposted) <= 6
    assert hamming(original, other) >= 12


def test_ids_are_deterministic_and_distinct_per_source_key():
    assert parent_id("seeds", "a.txt") == parent_id("seeds", "a.txt")
    assert parent_id("seeds", "a.txt") != parent_id("seeds", "b.txt")
    assert story_id("abc", 2) == "abc-2"


def test_search_terms_contain_words_and_their_dictionary_parts():
    terms = search_terms("发展新能源汽车产业，推动高质量发展")
    assert {"新能源", "高质量", "发展", "汽车"} <= set(terms)
    assert "，" not in terms and len(terms) == len(set(terms))


def test_query_terms_keep_the_words_whole():
    assert query_terms("新能源") == ["新能源"]
    assert query_terms("高质量发展") == ["高质量", "发展"]


def test_keywords_skip_the_words_every_story_has():
    found = keywords(TEXT * 2)
    assert "新能源" in found
    assert not {"发展", "推进", "建设"} & set(found)


def test_a_web_page_is_the_same_document_whichever_source_found_it():
    a = raw("x").model_copy(update={"url": "HTTP://News.Example.com/a.html#top", "source": "rss"})
    b = raw("x").model_copy(update={"url": "http://news.example.com/a.html", "source": "pages"})
    assert page_id(a) == page_id(b)
    assert canonical_url("http://News.Example.com") == "http://news.example.com/"

"""Entities and near-duplicates in the real index: what Kibana users and consumers query."""
import shutil

from tests.integration.conftest import ROOT, newsflow

SEEDS = ROOT / "seeds"


def ids_where(es, alias, field, value):
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, query={"term": {field: value}}, size=50, source=["title"])["hits"]["hits"]
    return {h["_id"] for h in hits}


def test_stories_are_found_by_person_place_and_organisation(env, worker, es, fresh_index):
    newsflow(env, "replay", str(SEEDS), "--wait")
    processed = {d["id"]: d for d in __import__("json").loads(newsflow(env, "process", str(SEEDS), "--json").stdout)}
    by_file = {}
    for doc_id, d in processed.items():
        by_file.setdefault(d["source_path"].split("/")[-1][:3], set()).add(doc_id)
    alias = fresh_index.index_alias
    assert ids_where(es, alias, "persons.name", "陈金虎") == {i for i in by_file["001"] | by_file["003"]
                                                          if any(p["name"] == "陈金虎" for p in processed[i]["persons"])}
    assert len(ids_where(es, alias, "persons.name", "陈金虎")) == 2
    assert ids_where(es, alias, "organizations.name", "河海大学") == by_file["003"]
    assert ids_where(es, alias, "places.name", "锡山区") == by_file["002"]
    assert ids_where(es, alias, "places.level", "zone") >= by_file["003"]
    out = newsflow(env, "search", "高质量发展", "--person", "方力").stdout
    assert "1 stories match" in out and "锡山区" in out
    out = newsflow(env, "search", "", "--place", "溧阳").stdout
    assert "stories match" in out and "溧阳" in out
    geo = es.search(index=alias, size=0, query={"geo_distance": {"distance": "20km",
                                                                 "places.location": {"lat": 31.81, "lon": 119.97}}})
    assert geo["hits"]["total"]["value"] >= 2  # stories placed in 常州


def test_a_reposted_story_points_to_the_first_copy_and_search_shows_one(env, worker, es, fresh_index, tmp_path):
    first, repost = tmp_path / "portal-a", tmp_path / "portal-b"
    first.mkdir()
    repost.mkdir()
    shutil.copy(SEEDS / "002_789956231e933f47.txt", first / "xishan.txt")
    text = (SEEDS / "002_789956231e933f47.txt").read_text(encoding="utf-8")
    (repost / "copy.txt").write_text(text.replace("清明假期即将来临", "清明小长假即将来临"), encoding="utf-8")
    newsflow(env, "replay", str(first), "--wait")
    newsflow(env, "replay", str(repost), "--wait")
    newsflow(env, "replay", str(first), "--wait")  # a replay of the first copy keeps it the original
    alias = fresh_index.index_alias
    es.indices.refresh(index=alias)
    docs = {h["_source"]["source"]: h for h in es.search(index=alias, size=10)["hits"]["hits"]}
    assert docs["portal-a"]["_source"]["duplicate_of"] is None
    assert docs["portal-b"]["_source"]["duplicate_of"] == docs["portal-a"]["_id"]
    assert "1 stories match" in newsflow(env, "search", "锡山").stdout
    assert "2 stories match" in newsflow(env, "search", "锡山", "--duplicates").stdout

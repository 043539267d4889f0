"""The seeds through every stage, compared with reviewed golden files."""
import json

import pytest

from tests.golden.compare import GOLDEN_DIR, SEEDS_DIR, run_process, stable

SEEDS = sorted(SEEDS_DIR.iterdir())
CONTRACT = {"id", "parent_id", "story_index", "source", "source_path", "url", "site_name", "publisher",
            "title", "body", "published_at", "published_at_source", "authors", "keywords", "persons",
            "places", "organizations", "money", "dates", "flags", "simhash", "duplicate_of",
            "pipeline_version", "fetched_at", "indexed_at"}


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_seed_matches_its_golden_file(seed):
    expected = json.loads((GOLDEN_DIR / f"{seed.stem}.json").read_text(encoding="utf-8"))
    actual = [stable(d) for d in run_process(seed)]
    assert [d["title"] for d in actual] == [d["title"] for d in expected]
    assert actual == expected


def test_a_folder_gives_every_story_with_the_contract_fields():
    documents = run_process(SEEDS_DIR)
    assert len(documents) == 10
    assert len({d["id"] for d in documents}) == 10
    for d in documents:
        assert CONTRACT <= set(d), CONTRACT - set(d)
        assert d["body"] and d["title"] and d["published_at"].endswith("+08:00")
        assert "search_terms" not in d


def test_ids_are_the_same_for_a_file_and_for_its_folder():
    folder_ids = {d["id"] for d in run_process(SEEDS_DIR)}
    file_ids = {d["id"] for d in run_process(SEEDS[0])}
    assert file_ids <= folder_ids

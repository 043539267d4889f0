"""The Redis near-duplicate sets against the rule they implement (pipelines.dedup.original_of),
on a real Redis, and rebuilt from a real index when Redis lost them."""
import random
from datetime import datetime, timezone

from newsflow import near_duplicates, search_index
from pipelines.dedup import Seen, original_of
from pipelines.records import Document


def story(doc_id: str, parent: str, simhash: str) -> Document:
    return Document(id=doc_id, parent_id=parent, story_index=0, source="test", title=doc_id, body="正文。",
                    simhash=simhash, pipeline_version="test", fetched_at=datetime.now(timezone.utc))


def flipped(simhash: int, bits: int, rng: random.Random) -> int:
    for bit in rng.sample(range(64), bits):
        simhash ^= 1 << bit
    return simhash


def reference(stories: list[Document]) -> list[str | None]:
    """original_of over the first copies seen so far, a story at a time, as the script decides."""
    originals: dict[str, Seen] = {}
    answers = []
    for doc in stories:
        answer = original_of(doc.id, doc.parent_id, doc.simhash, list(originals.values()))
        old = originals.get(doc.id)
        if old and (answer or old.simhash != doc.simhash or old.parent_id != doc.parent_id):
            del originals[doc.id]
        if answer is None:
            originals[doc.id] = Seen(doc.id, doc.parent_id, doc.simhash, None)
        answers.append(answer)
    return answers


def test_the_script_decides_as_the_rule_does(es, redis, fresh_index):
    rng = random.Random(7)
    bases = [rng.getrandbits(64) for _ in range(40)]
    stories = []
    for n in range(1500):
        base = rng.choice(bases)
        # Reposts 0-5 bits away (within and beyond the distance), pages that share a parent,
        # stories seen again, and stories seen again with another fingerprint.
        simhash = flipped(base, rng.choice([0, 1, 2, 3, 3, 4, 5]), rng)
        if stories and rng.random() < 0.1:
            again = rng.choice(stories)
            stories.append(again if rng.random() < 0.5 else story(again.id, again.parent_id, f"{simhash:016x}"))
            continue
        stories.append(story(f"s{n:05d}-0", f"p{rng.randrange(900):04d}", f"{simhash:016x}"))
    expected = reference(stories)
    answers = []
    for i in range(0, len(stories), 20):  # in groups, as the processing tasks send them
        answers += near_duplicates.originals_of(redis, es, fresh_index, stories[i:i + 20])
    assert answers == expected
    assert sum(a is not None for a in answers) > 300  # the corpus has reposts to find
    assert sum(a is None for a in answers) > 100


def test_a_repost_in_the_same_group_points_to_the_first_copy(es, redis, fresh_index):
    first, repost = story("a-0", "a", "0123456789abcdef"), story("b-0", "b", "0123456789abcdee")
    same_page = story("a-1", "a", "0123456789abcdef")
    assert near_duplicates.originals_of(redis, es, fresh_index, [first, repost, same_page]) == [None, "a-0", None]


def test_the_sets_are_rebuilt_from_the_index_when_redis_lost_them(es, redis, fresh_index):
    first, other = story("a-0", "a", "0123456789abcdef"), story("c-0", "c", "fedcba9876543210")
    repost = story("b-0", "b", "0123456789abcdee")
    outcome = search_index.bulk_index(es, redis, fresh_index, [first, other, repost])
    assert outcome.created == 3
    redis.flushdb()
    again = story("d-0", "d", "0123456789abcdec")  # 2 bits from a-0; b-0 is a repost, never pointed to
    assert near_duplicates.originals_of(redis, es, fresh_index, [again]) == ["a-0"]
    originals = redis.hgetall(f"{near_duplicates.prefix(fresh_index)}:originals")
    assert set(originals) == {"a-0", "c-0"}
    assert not near_duplicates.ensure_built(redis, es, fresh_index)  # built once, for this index

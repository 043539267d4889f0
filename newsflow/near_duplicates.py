"""The first copies' fingerprints, by band, in Redis: where a story learns which story it reposts.

Looking reposts up in Elasticsearch missed the stories indexed since the last refresh: the ones in
the same bulk request, the last second's, another worker's. It also tied the refresh interval to
correctness, so a replay could not lengthen it. Here one Lua script decides a group of stories in
one round trip, atomically with respect to every other worker, by the rule of
``pipelines.dedup.original_of``: a story repeats the smallest-id first copy of another page within
``MAX_DISTANCE`` bits.

Only first copies are kept (a repost is never pointed to). Per index, under ``newsflow:near:<index>``:
``:band:<n>:<hex>`` sets of story ids, ``:originals`` a hash of id -> "parent simhash", and ``:ready``
the Elasticsearch index's uuid once the sets describe that index. When ``:ready`` is missing
(Redis lost its data, an index made by hand), the sets are rebuilt from the index's first copies.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from elasticsearch import Elasticsearch, helpers
from redis import Redis

from newsflow.settings import Settings
from pipelines.dedup import BANDS, MAX_DISTANCE, bands
from pipelines.records import Document

log = logging.getLogger(__name__)

# The script names its keys through one prefix (KEYS[1]): fine on one Redis server, not on a cluster.
_DECIDE = """
local prefix, max_distance = KEYS[1], tonumber(ARGV[1])
if redis.call('EXISTS', prefix .. ':ready') == 0 then return false end
local originals = prefix .. ':originals'
local nbands = tonumber(ARGV[2])

local function popcount(x)
  local n = 0
  while x ~= 0 do x = bit.band(x, x - 1); n = n + 1 end
  return n
end

local function band_keys(hash)
  local width, keys = #hash / nbands, {}
  for i = 0, nbands - 1 do
    keys[i + 1] = prefix .. ':band:' .. i .. ':' .. string.sub(hash, i * width + 1, (i + 1) * width)
  end
  return keys
end

-- bands of at most 8 hex digits: Lua's bit library works on 32 bits
local function distance(a, b)
  local width, d = #a / nbands, 0
  for i = 0, nbands - 1 do
    local x = tonumber(string.sub(a, i * width + 1, (i + 1) * width), 16)
    local y = tonumber(string.sub(b, i * width + 1, (i + 1) * width), 16)
    d = d + popcount(bit.bxor(x, y))
  end
  return d
end

local answers = {}
for j = 3, #ARGV, 3 do
  local id, parent, hash = ARGV[j], ARGV[j + 1], ARGV[j + 2]
  local keys = band_keys(hash)
  local best = false
  for _, candidate in ipairs(redis.call('SUNION', unpack(keys))) do
    if candidate ~= id and (not best or candidate < best) then
      local entry = redis.call('HGET', originals, candidate)
      if entry then
        local space = string.find(entry, ' ', 1, true)
        if string.sub(entry, 1, space - 1) ~= parent
           and distance(string.sub(entry, space + 1), hash) <= max_distance then
          best = candidate
        end
      end
    end
  end
  -- A story seen before with another fingerprint, or now a repost, leaves its old bands.
  local old = redis.call('HGET', originals, id)
  if old and (best or old ~= parent .. ' ' .. hash) then
    for _, key in ipairs(band_keys(string.sub(old, string.find(old, ' ', 1, true) + 1))) do
      redis.call('SREM', key, id)
    end
    redis.call('HDEL', originals, id)
  end
  if best then
    answers[#answers + 1] = best
  else
    redis.call('HSET', originals, id, parent .. ' ' .. hash)
    for _, key in ipairs(keys) do redis.call('SADD', key, id) end
    answers[#answers + 1] = ''
  end
end
return answers
"""


def prefix(settings: Settings) -> str:
    return f"newsflow:near:{settings.index_name}"


def originals_of(store: Redis, es: Elasticsearch, settings: Settings,
                 documents: Sequence[Document]) -> list[str | None]:
    """For each story, in order, the first copy it repeats or None; the first copies among them
    are remembered for the stories that come after (in this list too)."""
    if not documents:
        return []
    args: list[str | int] = [MAX_DISTANCE, BANDS]
    for doc in documents:
        args += [doc.id, doc.parent_id, doc.simhash]
    decide = store.register_script(_DECIDE)
    answers = decide(keys=[prefix(settings)], args=args)
    if answers is None:
        ensure_built(store, es, settings)
        answers = decide(keys=[prefix(settings)], args=args)
    return [answer or None for answer in answers]


_FORGET = """
local prefix, nbands = KEYS[1], tonumber(ARGV[1])
local originals = prefix .. ':originals'
for j = 2, #ARGV do
  local entry = redis.call('HGET', originals, ARGV[j])
  if entry then
    local hash = string.sub(entry, string.find(entry, ' ', 1, true) + 1)
    local width = #hash / nbands
    for i = 0, nbands - 1 do
      redis.call('SREM', prefix .. ':band:' .. i .. ':' .. string.sub(hash, i * width + 1, (i + 1) * width), ARGV[j])
    end
    redis.call('HDEL', originals, ARGV[j])
  end
end
return 0
"""


def forget(store: Redis, settings: Settings, ids: Sequence[str]) -> None:
    """Stories deleted from the index are no first copies any more."""
    if ids:
        store.register_script(_FORGET)(keys=[prefix(settings)], args=[BANDS, *ids])


def _index_uuid(es: Elasticsearch, settings: Settings) -> str:
    return es.indices.get_settings(index=settings.index_name, name="index.uuid")[settings.index_name][
        "settings"]["index"]["uuid"]


def ensure_built(store: Redis, es: Elasticsearch, settings: Settings, wait_seconds: float = 600) -> bool:
    """Make the sets describe the current index, rebuilding them from its first copies when they
    were made for another index (or lost). One process rebuilds; the others wait for it.
    Returns whether a rebuild ran here."""
    key = prefix(settings)
    uuid = _index_uuid(es, settings)
    deadline = time.monotonic() + wait_seconds
    while store.get(f"{key}:ready") != uuid:
        if store.set(f"{key}:building", uuid, nx=True, ex=int(wait_seconds)):
            try:
                _rebuild(store, es, settings, uuid)
            finally:
                store.delete(f"{key}:building")
            return True
        if time.monotonic() > deadline:
            raise TimeoutError(f"near-duplicate sets of {settings.index_name} not rebuilt in {wait_seconds:.0f}s")
        time.sleep(0.2)
    return False


def _rebuild(store: Redis, es: Elasticsearch, settings: Settings, uuid: str) -> None:
    key = prefix(settings)
    stale = [k for k in store.scan_iter(f"{key}:*", count=1000) if not k.endswith(":building")]
    for i in range(0, len(stale), 1000):
        store.unlink(*stale[i:i + 1000])
    es.indices.refresh(index=settings.index_name)  # the scan sees what a refresh made searchable
    kept = 0
    with store.pipeline(transaction=False) as pipe:
        first_copies = {"query": {"bool": {"must_not": [{"exists": {"field": "duplicate_of"}}]}},
                        "_source": ["parent_id", "simhash"], "size": 2000}
        for hit in helpers.scan(es, index=settings.index_name, query=first_copies):
            source = hit["_source"]
            pipe.hset(f"{key}:originals", hit["_id"], f"{source['parent_id']} {source['simhash']}")
            for band in bands(source["simhash"]):
                pipe.sadd(f"{key}:band:{band}", hit["_id"])
            kept += 1
            if kept % 2000 == 0:
                pipe.execute()
        pipe.set(f"{key}:ready", uuid)
        pipe.execute()
    log.info("near-duplicate sets of %s rebuilt from %d first copies", settings.index_name, kept)

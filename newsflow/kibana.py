"""Kibana saved objects for analysts (a data view on the alias, saved searches, a dashboard with
a map), written to deploy/kibana/saved_objects.ndjson, and their import through Kibana's
saved-objects API, as `newsflow setup` and the compose setup do it."""
from __future__ import annotations

import json
from pathlib import Path

import httpx

from newsflow.settings import Settings

NDJSON = Path(__file__).resolve().parents[1] / "deploy" / "kibana" / "saved_objects.ndjson"
DATA_VIEW = "newsflow-stories"
_INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index"


def _search_source(query: str = "") -> dict:
    return {"searchSourceJSON": json.dumps({"query": {"language": "kuery", "query": query}, "filter": [],
                                            "indexRefName": _INDEX_REF})}


def _index_reference() -> list[dict]:
    return [{"name": _INDEX_REF, "type": "index-pattern", "id": DATA_VIEW}]


def _search(object_id: str, title: str, query: str, columns: list[str]) -> dict:
    return {"type": "search", "id": object_id, "references": _index_reference(),
            "attributes": {"title": title, "columns": columns, "sort": [["published_at", "desc"]],
                           "kibanaSavedObjectMeta": _search_source(query)}}


def _terms(field: str, size: int = 20) -> dict:
    return {"id": "2", "type": "terms", "schema": "bucket" , "params": {"field": field, "size": size,
                                                                         "order": "desc", "orderBy": "1"}}


def _visualization(object_id: str, title: str, vis_type: str, aggs: list[dict], params: dict | None = None) -> dict:
    vis_state = {"title": title, "type": vis_type, "params": params or {}, "aggs": aggs}
    return {"type": "visualization", "id": object_id, "references": _index_reference(),
            "attributes": {"title": title, "visState": json.dumps(vis_state, ensure_ascii=False),
                           "uiStateJSON": "{}", "description": "", "kibanaSavedObjectMeta": _search_source()}}


_COUNT = {"id": "1", "type": "count", "schema": "metric"}


def objects() -> list[dict]:
    over_time = _visualization("newsflow-stories-over-time", "Stories over time", "histogram", [
        _COUNT, {"id": "2", "type": "date_histogram", "schema": "segment",
                 "params": {"field": "published_at", "interval": "auto"}}])
    persons = _visualization("newsflow-top-persons", "Top persons", "table", [_COUNT, _terms("persons.name")])
    organizations = _visualization("newsflow-top-organizations", "Top organisations", "table",
                                   [_COUNT, _terms("organizations.name")])
    keywords = _visualization("newsflow-keywords", "Keywords", "tagcloud", [_COUNT, {**_terms("keywords", 50),
                                                                                     "schema": "segment"}])
    money = _visualization("newsflow-money-by-place", "Money by place", "table", [
        {"id": "1", "type": "sum", "schema": "metric", "params": {"field": "money.value"}},
        _terms("places.city")])
    places_map = {"type": "map", "id": "newsflow-places-map",
                  "references": [{"name": "layer_1_source_index_pattern", "type": "index-pattern", "id": DATA_VIEW}],
                  "attributes": {"title": "Top places", "description": "Stories by the places they name",
                                 "mapStateJSON": json.dumps({"zoom": 5, "center": {"lon": 119.5, "lat": 32.5}}),
                                 "uiStateJSON": "{}",
                                 "layerListJSON": json.dumps([
                                     {"id": "layer_0", "type": "EMS_VECTOR_TILE", "sourceDescriptor": {"type": "EMS_TMS", "isAutoSelect": True}},
                                     {"id": "layer_1", "type": "GEOJSON_VECTOR", "label": "Stories",
                                      "sourceDescriptor": {"type": "ES_GEO_GRID", "id": "places", "geoField": "places.location",
                                                           "requestType": "point", "resolution": "COARSE",
                                                           "indexPatternRefName": "layer_1_source_index_pattern",
                                                           "metrics": [{"type": "count"}]}}])}}
    panels = [over_time, persons, places_map, organizations, keywords, money]
    dashboard = {"type": "dashboard", "id": "newsflow-overview",
                 "references": [{"name": f"panel_{i}", "type": p["type"], "id": p["id"]} for i, p in enumerate(panels)],
                 "attributes": {"title": "newsflow: Chinese regional news", "timeRestore": False,
                                "optionsJSON": json.dumps({"useMargins": True, "hidePanelTitles": False}),
                                "panelsJSON": json.dumps([
                                    {"panelIndex": str(i), "panelRefName": f"panel_{i}", "embeddableConfig": {},
                                     "gridData": {"x": 24 * (i % 2), "y": 15 * (i // 2), "w": 24, "h": 15, "i": str(i)}}
                                    for i in range(len(panels))]),
                                "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(
                                    {"query": {"language": "kuery", "query": ""}, "filter": []})}}}
    return [
        {"type": "index-pattern", "id": DATA_VIEW,
         "attributes": {"title": "news", "name": "newsflow stories", "timeFieldName": "published_at"}},
        _search("newsflow-by-person", "Stories by person", "persons.name : *", ["title", "persons.name", "publisher"]),
        _search("newsflow-by-place", "Stories by place", "places.name : *", ["title", "places.name", "places.city"]),
        _search("newsflow-spam-flagged", "Stories with spam removed", 'flags : "spam_removed"',
                ["title", "flags", "source", "url"]),
        *panels, dashboard,
    ]


def ndjson(alias: str = "news") -> bytes:
    lines = []
    for obj in objects():
        if obj["type"] == "index-pattern":
            obj["attributes"]["title"] = alias
        lines.append(json.dumps(obj, ensure_ascii=False, sort_keys=True))
    return ("\n".join(lines) + "\n").encode("utf-8")


def import_request(settings: Settings, body: bytes) -> httpx.Request:
    auth = None
    if settings.es_username and settings.es_password:
        auth = httpx.BasicAuth(settings.es_username, settings.es_password.get_secret_value())
    request = httpx.Request("POST", f"{settings.kibana_url.rstrip('/')}/api/saved_objects/_import",
                            params={"overwrite": "true"}, headers={"kbn-xsrf": "newsflow"},
                            files={"file": ("saved_objects.ndjson", body, "application/ndjson")})
    return auth.auth_flow(request).__next__() if auth else request


class KibanaNotReady(Exception):
    """Kibana does not answer yet, or answers that it is starting (502, 503, 504): worth waiting for."""


class KibanaRefused(Exception):
    """Kibana answered and refused the import (401, 403, 400, some objects not imported): waiting
    does not mend it. The message is Kibana's."""


def import_saved_objects(settings: Settings) -> dict:
    """Import the saved objects, built for the configured alias (no file on disk is needed:
    the installed package carries them)."""
    body = ndjson(settings.index_alias)
    try:
        with httpx.Client(timeout=30, trust_env=False) as http:
            answer = http.send(import_request(settings, body))
    except httpx.TransportError as error:
        raise KibanaNotReady(f"Kibana at {settings.kibana_url} does not answer: {error}") from error
    if answer.status_code in (502, 503, 504):
        raise KibanaNotReady(f"Kibana at {settings.kibana_url} answers HTTP {answer.status_code}: still starting")
    if answer.status_code >= 400:
        try:
            message = answer.json().get("message") or answer.text
        except ValueError:
            message = answer.text
        raise KibanaRefused(f"Kibana refused the import: HTTP {answer.status_code}: {message[:300]}")
    result = answer.json()
    if not result.get("success"):
        errors = [f"{e.get('type')}/{e.get('id')}: {e.get('error', {}).get('type')}" for e in result.get("errors", [])]
        raise KibanaRefused(f"Kibana refused {len(errors)} saved objects: {'; '.join(errors)[:300]}")
    return result


if __name__ == "__main__":
    NDJSON.write_bytes(ndjson())
    print(f"{NDJSON}: {len(objects())} objects")

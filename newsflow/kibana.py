"""Kibana saved objects for analysts (data views on the alias, saved searches, a dashboard with a
map), built here in the shape Kibana 8.x exports them, written to deploy/kibana/saved_objects.ndjson
for an import by hand, and imported through Kibana's saved-objects API by `newsflow setup` (the
compose `kibana-objects` one-shot) from the package itself.

Where each format decision comes from (docs/kibana.md has the evidence in full):
- Version fields: every object carries ``coreMigrationVersion`` and ``typeMigrationVersion``, so
  Kibana runs its migrations from that version on import instead of storing the object as
  written. The values are those of real exports of the same types (``EXPORTED_VERSIONS``);
  Kibana migrates an object with an older version forward, and refuses one newer than it knows.
- Dashboard panels in the 8.x shape: ``type``, ``version``, ``panelIndex`` equal to
  ``gridData.i``, ``panelRefName`` ``panel_<panelIndex>``, and references named
  ``<panelIndex>:panel_<panelIndex>``, as Kibana's own sample dashboards are stored.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx

from newsflow.settings import ELASTICSEARCH_VERSION, Settings
from pipelines.money import CURRENCIES

NDJSON = Path(__file__).resolve().parents[1] / "deploy" / "kibana" / "saved_objects.ndjson"
DATA_VIEW = "newsflow-stories"
# Every story has fetched_at; not every story has published_at. This view finds them all.
FETCH_DATA_VIEW = "newsflow-stories-by-fetch"
_INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index"
# Dashboards and searches open on the last five years: the seeds are from 2023-2024, and
# Kibana's default (the last 15 minutes) shows nothing of a backfill.
TIME_FROM, TIME_TO = "now-5y", "now"
CORE_MIGRATION_VERSION = "8.8.0"
# typeMigrationVersion per type, from real exports (docs/kibana.md): index-pattern, search,
# visualization and dashboard from the eCommerce sample data in Kibana's source
# (src/platform/plugins/shared/home/server/services/sample_data/data_sets/ecommerce/saved_objects.ts),
# map from the nginx package of elastic/integrations (packages/nginx/kibana/map/*.json).
EXPORTED_VERSIONS = {"index-pattern": "7.11.0", "search": "7.9.3", "visualization": "8.0.0",
                     "dashboard": "8.7.0", "map": "8.0.0"}


def money_field(currency: str) -> str:
    """The index field holding a story's amounts in one currency, added up (search_index)."""
    return f"money_by_currency.{currency.lower()}"


def _versioned(obj: dict) -> dict:
    return {**obj, "coreMigrationVersion": CORE_MIGRATION_VERSION,
            "typeMigrationVersion": EXPORTED_VERSIONS[obj["type"]], "managed": False}


def _search_source(query: str = "", data_view: bool = True) -> dict:
    source = {"query": {"language": "kuery", "query": query}, "filter": []}
    if data_view:
        source["indexRefName"] = _INDEX_REF
    return {"searchSourceJSON": json.dumps(source, ensure_ascii=False)}


def _index_reference(view: str = DATA_VIEW) -> list[dict]:
    return [{"name": _INDEX_REF, "type": "index-pattern", "id": view}]


def _search(object_id: str, title: str, query: str, columns: list[str], view: str = DATA_VIEW,
            sort_field: str = "published_at") -> dict:
    return _versioned({"type": "search", "id": object_id, "references": _index_reference(view),
                       "attributes": {"title": title, "description": "", "columns": columns,
                                      "sort": [[sort_field, "desc"]],
                                      "timeRestore": True, "timeRange": {"from": TIME_FROM, "to": TIME_TO},
                                      "kibanaSavedObjectMeta": _search_source(query)}})


def _terms(field: str, size: int = 20, schema: str = "bucket") -> dict:
    return {"id": "2", "type": "terms", "schema": schema, "params": {"field": field, "size": size,
                                                                     "order": "desc", "orderBy": "1"}}


def _visualization(object_id: str, title: str, vis_type: str, aggs: list[dict], params: dict | None = None) -> dict:
    vis_state = {"title": title, "type": vis_type, "params": params or {}, "aggs": aggs}
    return _versioned({"type": "visualization", "id": object_id, "references": _index_reference(),
                       "attributes": {"title": title, "visState": json.dumps(vis_state, ensure_ascii=False),
                                      "uiStateJSON": "{}", "description": "",
                                      "kibanaSavedObjectMeta": _search_source()}})


_COUNT = {"id": "1", "type": "count", "schema": "metric"}


def _places_map() -> dict:
    return _versioned({
        "type": "map", "id": "newsflow-places-map",
        "references": [{"name": "layer_1_source_index_pattern", "type": "index-pattern", "id": DATA_VIEW}],
        "attributes": {"title": "Top places", "description": "Stories by the places they name",
                       "mapStateJSON": json.dumps({"zoom": 5, "center": {"lon": 119.5, "lat": 32.5},
                                                   "timeFilters": {"from": TIME_FROM, "to": TIME_TO},
                                                   "query": {"language": "kuery", "query": ""}, "filters": []}),
                       "uiStateJSON": "{}",
                       "layerListJSON": json.dumps([
                           {"id": "layer_0", "type": "EMS_VECTOR_TILE", "visible": True, "alpha": 1,
                            "sourceDescriptor": {"type": "EMS_TMS", "isAutoSelect": True}},
                           {"id": "layer_1", "type": "GEOJSON_VECTOR", "label": "Stories", "visible": True,
                            "alpha": 0.75,
                            "sourceDescriptor": {"type": "ES_GEO_GRID", "id": "places", "geoField": "places.location",
                                                 "requestType": "point", "resolution": "COARSE",
                                                 "indexPatternRefName": "layer_1_source_index_pattern",
                                                 "applyGlobalQuery": True, "applyGlobalTime": True,
                                                 "metrics": [{"type": "count"}]}}])}})


def _panel_index(object_id: str) -> str:
    """A stable panel id (uuid-shaped, as Kibana makes them), the same on every build."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"newsflow:{object_id}"))


def _dashboard(panels: list[dict]) -> dict:
    """The 8.x dashboard shape: each panel by reference, with its type and version, its
    panelIndex the grid's ``i``, and a reference named ``<panelIndex>:panel_<panelIndex>``."""
    entries, references = [], []
    for number, panel in enumerate(panels):
        index = _panel_index(panel["id"])
        entries.append({"type": panel["type"], "version": ELASTICSEARCH_VERSION, "panelIndex": index,
                        "gridData": {"x": 24 * (number % 2), "y": 15 * (number // 2), "w": 24, "h": 15, "i": index},
                        "embeddableConfig": {"enhancements": {}}, "panelRefName": f"panel_{index}"})
        references.append({"name": f"{index}:panel_{index}", "type": panel["type"], "id": panel["id"]})
    return _versioned({
        "type": "dashboard", "id": "newsflow-overview", "references": references,
        "attributes": {"title": "newsflow: Chinese regional news",
                       "description": "Stories, people, places, organisations and money of the indexed news",
                       "timeRestore": True, "timeFrom": TIME_FROM, "timeTo": TIME_TO,
                       "refreshInterval": {"pause": True, "value": 60000},
                       "optionsJSON": json.dumps({"useMargins": True, "syncColors": False, "syncCursor": True,
                                                  "syncTooltips": False, "hidePanelTitles": False}),
                       "panelsJSON": json.dumps(entries),
                       "kibanaSavedObjectMeta": _search_source(data_view=False)}})


def _data_view(object_id: str, name: str, time_field: str) -> dict:
    return _versioned({"type": "index-pattern", "id": object_id, "references": [],
                       "attributes": {"title": "news", "name": name, "timeFieldName": time_field,
                                      "fieldAttrs": json.dumps({money_field(c): {"customLabel": f"Money ({c})"}
                                                                for c in CURRENCIES})}})


def objects() -> list[dict]:
    over_time = _visualization("newsflow-stories-over-time", "Stories over time", "histogram", [
        _COUNT, {"id": "2", "type": "date_histogram", "schema": "segment",
                 "params": {"field": "published_at", "interval": "auto"}}])
    persons = _visualization("newsflow-top-persons", "Top persons", "table", [_COUNT, _terms("persons.name")])
    organizations = _visualization("newsflow-top-organizations", "Top organisations", "table",
                                   [_COUNT, _terms("organizations.name")])
    keywords = _visualization("newsflow-keywords", "Keywords", "tagcloud", [_COUNT, _terms("keywords", 50, "segment")])
    money = _visualization("newsflow-money-by-currency", "Money by currency", "metric", [
        {"id": str(n), "type": "sum", "schema": "metric", "params": {"field": money_field(c), "customLabel": c}}
        for n, c in enumerate(CURRENCIES, start=1)])
    places_map = _places_map()
    panels = [over_time, persons, places_map, organizations, keywords, money]
    return [
        _data_view(DATA_VIEW, "newsflow stories", "published_at"),
        _data_view(FETCH_DATA_VIEW, "newsflow stories (by fetch time, dated or not)", "fetched_at"),
        _search("newsflow-by-person", "Stories by person", "persons.name : *", ["title", "persons.name", "publisher"]),
        _search("newsflow-by-place", "Stories by place", "places.name : *", ["title", "places.name", "places.city", "places.county"]),
        _search("newsflow-spam-flagged", "Stories with spam removed", 'flags : "spam_removed"',
                ["title", "flags", "source", "url"]),
        _search("newsflow-undated", "Stories without a publication date", "not published_at : *",
                ["title", "source", "url", "fetched_at"], view=FETCH_DATA_VIEW, sort_field="fetched_at"),
        *panels, _dashboard(panels),
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

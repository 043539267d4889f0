"""The Kibana saved objects: every field they use exists in the index mapping with a type that
fits, every reference resolves, and the import request is what Kibana's API expects."""
import email
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from newsflow import kibana
from newsflow.search_index import MAPPING
from newsflow.settings import ELASTICSEARCH_VERSION, Settings
from pipelines.money import CURRENCIES

OBJECTS = [json.loads(line) for line in kibana.NDJSON.read_text(encoding="utf-8").splitlines()]
NUMERIC = {"double", "long", "integer", "float"}


AGGREGATABLE = {"keyword", "date", "geo_point", "boolean", "ip"} | NUMERIC

# The version fields of real exports of the same types, which the objects must carry:
# - index-pattern 7.11.0, search 7.9.3, visualization 8.0.0, dashboard 8.7.0 (all with
#   coreMigrationVersion 8.8.0): the eCommerce sample data in Kibana's source,
#   src/platform/plugins/shared/home/server/services/sample_data/data_sets/ecommerce/saved_objects.ts
# - map 8.0.0: elastic/integrations, packages/nginx/kibana/map/nginx-4576daa0-e1da-11ec-baf0-970634a1784d.json
# Kibana migrates an object forward from its typeMigrationVersion; an object without one is stored
# as written and checked only against the newest schema.
EXPORTED = {"index-pattern": "7.11.0", "search": "7.9.3", "visualization": "8.0.0", "dashboard": "8.7.0",
            "map": "8.0.0"}
# The dashboard type's attribute schema (model version 1) forbids unknown attributes:
# src/platform/plugins/shared/dashboard/server/dashboard_saved_object/schema/v1/v1.ts
DASHBOARD_ATTRIBUTES = {"title", "description", "kibanaSavedObjectMeta", "timeRestore", "timeFrom", "timeTo",
                        "refreshInterval", "controlGroupInput", "panelsJSON", "optionsJSON", "hits", "version"}
# Attributes each type needs to open (the dashboard's schema, the search's legacy schema,
# the visualization and data view as the sample data stores them).
REQUIRED = {"index-pattern": {"title", "timeFieldName"},
            "search": {"title", "columns", "sort", "kibanaSavedObjectMeta"},
            "visualization": {"title", "visState", "uiStateJSON", "kibanaSavedObjectMeta"},
            "dashboard": {"title", "panelsJSON", "optionsJSON", "timeRestore", "timeFrom", "timeTo"},
            "map": {"title", "layerListJSON", "mapStateJSON"}}


def field_type(path: str) -> str | None:
    node = {"properties": MAPPING["properties"]}
    for part in path.split("."):
        node = node.get("properties", {}).get(part)
        if node is None:
            return None
    return node.get("type", "object")


def used_fields() -> list[tuple[str, str, set[str] | None]]:
    """(object id, field, the types it may have; None for any)."""
    used = []
    for obj in OBJECTS:
        attrs = obj["attributes"]
        if obj["type"] == "index-pattern":
            used.append((obj["id"], attrs["timeFieldName"], {"date"}))
        for column in attrs.get("columns", []):
            used.append((obj["id"], column, None))
        for field, _ in attrs.get("sort", []):
            used.append((obj["id"], field, {"date", "keyword"}))
        source = json.loads(attrs.get("kibanaSavedObjectMeta", {}).get("searchSourceJSON", "{}"))
        for field in re.findall(r"([\w.]+)\s*:", source.get("query", {}).get("query", "")):
            used.append((obj["id"], field, None))
        for agg in json.loads(attrs.get("visState", '{"aggs": []}'))["aggs"]:
            wanted = {"terms": {"keyword"}, "date_histogram": {"date"}, "sum": NUMERIC}.get(agg["type"])
            if wanted:
                used.append((obj["id"], agg["params"]["field"], wanted))
        for layer in json.loads(attrs.get("layerListJSON", "[]")):
            if geo := layer["sourceDescriptor"].get("geoField"):
                used.append((obj["id"], geo, {"geo_point"}))
    return used


def test_the_committed_file_is_what_the_builder_makes():
    assert kibana.NDJSON.read_bytes() == kibana.ndjson(), "run python -m newsflow.kibana"


def test_every_field_exists_in_the_mapping_with_a_fitting_type():
    assert len(used_fields()) >= 15
    for object_id, field, types in used_fields():
        found = field_type(field)
        assert found is not None, f"{object_id}: {field} is not in the index mapping"
        assert types is None or found in types, f"{object_id}: {field} is {found}, needs {types}"
        if types is not None:
            assert found in AGGREGATABLE, f"{object_id}: {field} ({found}) cannot be aggregated or sorted on"


def test_every_object_carries_the_version_fields_of_a_real_export():
    for obj in OBJECTS:
        assert obj["coreMigrationVersion"] == "8.8.0", obj["id"]
        assert obj["typeMigrationVersion"] == EXPORTED[obj["type"]], obj["id"]
        assert "migrationVersion" not in obj, "the pre-8.8 field, replaced by typeMigrationVersion"
        assert obj["managed"] is False
        assert REQUIRED[obj["type"]] <= set(obj["attributes"]), f"{obj['id']} lacks {REQUIRED[obj['type']] - set(obj['attributes'])}"


def test_the_dashboard_has_the_8x_panel_shape_and_reference_names():
    (dashboard,) = [o for o in OBJECTS if o["type"] == "dashboard"]
    assert set(dashboard["attributes"]) <= DASHBOARD_ATTRIBUTES
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    references = {r["name"]: r for r in dashboard["references"]}
    ids = {(o["type"], o["id"]) for o in OBJECTS}
    cells = set()
    for panel in panels:
        index = panel["panelIndex"]
        assert panel["gridData"]["i"] == index and panel["panelRefName"] == f"panel_{index}"
        assert panel["version"] == ELASTICSEARCH_VERSION and panel["type"] in {"visualization", "map", "search", "lens"}
        reference = references[f"{index}:panel_{index}"]
        assert reference["type"] == panel["type"] and (reference["type"], reference["id"]) in ids
        grid = panel["gridData"]
        assert 0 <= grid["x"] and grid["x"] + grid["w"] <= 48, "Kibana's grid has 48 columns"
        covered = {(x, y) for x in range(grid["x"], grid["x"] + grid["w"]) for y in range(grid["y"], grid["y"] + grid["h"])}
        assert not covered & cells, f"panel {index} overlaps another"
        cells |= covered
    assert len(references) == len(panels) == 6


def test_the_dashboard_and_searches_open_on_a_range_covering_the_data():
    (dashboard,) = [o for o in OBJECTS if o["type"] == "dashboard"]
    attrs = dashboard["attributes"]
    assert attrs["timeRestore"] is True and (attrs["timeFrom"], attrs["timeTo"]) == ("now-5y", "now")
    for search in (o for o in OBJECTS if o["type"] == "search"):
        assert search["attributes"]["timeRestore"] is True
        assert search["attributes"]["timeRange"] == {"from": "now-5y", "to": "now"}
    views = {o["id"]: o["attributes"] for o in OBJECTS if o["type"] == "index-pattern"}
    assert views[kibana.DATA_VIEW]["timeFieldName"] == "published_at"
    # Stories without published_at are found through the view on fetched_at, which every story has.
    assert views[kibana.FETCH_DATA_VIEW]["timeFieldName"] == "fetched_at"
    (undated,) = [o for o in OBJECTS if o["id"] == "newsflow-undated"]
    assert undated["references"][0]["id"] == kibana.FETCH_DATA_VIEW
    assert "not published_at : *" in undated["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"]


def test_money_is_charted_per_currency_and_never_by_place():
    for obj in OBJECTS:
        aggs = json.loads(obj["attributes"].get("visState", '{"aggs": []}'))["aggs"]
        fields = {a.get("params", {}).get("field") for a in aggs}
        assert "money.value" not in fields, f"{obj['id']}: money.value summed across currencies"
        if any(f and f.startswith("money_by_currency.") for f in fields):
            assert not {f for f in fields if f and f.startswith("places.")}, f"{obj['id']}: money by place"
    (money,) = [o for o in OBJECTS if o["id"] == "newsflow-money-by-currency"]
    sums = [a for a in json.loads(money["attributes"]["visState"])["aggs"] if a["type"] == "sum"]
    assert [a["params"]["field"] for a in sums] == [kibana.money_field(c) for c in CURRENCIES]


def test_every_reference_resolves_and_the_dashboard_shows_all_panels():
    ids = {(o["type"], o["id"]) for o in OBJECTS}
    for obj in OBJECTS:
        for ref in obj.get("references", []):
            assert (ref["type"], ref["id"]) in ids, f"{obj['id']} -> {ref}"
    titles = {o["attributes"]["title"] for o in OBJECTS if o["type"] != "index-pattern"}
    assert {"Stories over time", "Top persons", "Top places", "Top organisations", "Keywords",
            "Money by currency", "Stories by person", "Stories by place", "Stories with spam removed",
            "Stories without a publication date"} <= titles
    assert {o["attributes"]["title"] for o in OBJECTS if o["type"] == "index-pattern"} == {"news"}


def _kibana_answering(status: int, body: dict, received: dict | None = None):
    """A local stand-in for Kibana's import endpoint: answers ``status`` with ``body``, and keeps
    what it was sent in ``received``."""
    class Kibana(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802
            sent = self.rfile.read(int(self.headers["Content-Length"]))
            if received is not None:
                message = email.message_from_bytes(f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + sent)
                (part,) = [p for p in message.walk() if p.get_param("name", header="content-disposition") == "file"]
                received.update(path=self.path, xsrf=self.headers.get("kbn-xsrf"), auth=self.headers.get("Authorization"),
                                filename=part.get_filename(), file=part.get_payload(decode=True))
            answer = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    server = HTTPServer(("127.0.0.1", 0), Kibana)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_import_request_is_the_saved_objects_api_call():
    received: dict = {}
    server = _kibana_answering(200, {"success": True, "successCount": len(OBJECTS)}, received)
    settings = Settings(kibana_url=f"http://127.0.0.1:{server.server_port}", es_username="elastic", es_password="pw",
                        index_alias="news")
    try:
        result = kibana.import_saved_objects(settings)
    finally:
        server.shutdown()
    assert result == {"success": True, "successCount": len(OBJECTS)}
    assert received["path"] == "/api/saved_objects/_import?overwrite=true"
    assert received["xsrf"] and received["auth"].startswith("Basic ")
    assert received["filename"].endswith(".ndjson") and received["file"] == kibana.NDJSON.read_bytes()


def test_import_errors_are_classified_transient_or_permanent():
    import pytest

    cases = [(401, {"statusCode": 401, "message": "[security_exception]: unable to authenticate user"},
              kibana.KibanaRefused, "unable to authenticate"),
             (200, {"success": False, "successCount": 0,
                    "errors": [{"type": "dashboard", "id": "x", "error": {"type": "missing_references"}}]},
              kibana.KibanaRefused, "missing_references"),
             (503, {"message": "Kibana server is not ready yet"}, kibana.KibanaNotReady, "503")]
    for status, body, error, words in cases:
        server = _kibana_answering(status, body)
        try:
            with pytest.raises(error, match=words):
                kibana.import_saved_objects(Settings(kibana_url=f"http://127.0.0.1:{server.server_port}"))
        finally:
            server.shutdown()
    with pytest.raises(kibana.KibanaNotReady, match="does not answer"):
        kibana.import_saved_objects(Settings(kibana_url="http://127.0.0.1:9"))


def test_setup_reports_a_permanent_import_error_at_once():
    import os
    import subprocess
    import sys

    server = _kibana_answering(401, {"statusCode": 401, "message": "unable to authenticate user"})
    try:  # a starting Kibana is waited for 180 s; a refusal must not be (the timeout would raise)
        done = subprocess.run([sys.executable, "-m", "newsflow.cli", "setup", "--kibana-only"], capture_output=True,
                              text=True, timeout=60, env={**os.environ,
                                                          "NEWSFLOW_KIBANA_URL": f"http://127.0.0.1:{server.server_port}"})
    finally:
        server.shutdown()
    assert done.returncode == 1 and "HTTP 401: unable to authenticate user" in done.stderr

"""The Kibana saved objects: every field they use exists in the index mapping with a type that
fits, every reference resolves, and the import request is what Kibana's API expects."""
import email
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from newsflow import kibana
from newsflow.search_index import MAPPING
from newsflow.settings import Settings

OBJECTS = [json.loads(line) for line in kibana.NDJSON.read_text(encoding="utf-8").splitlines()]
NUMERIC = {"double", "long", "integer", "float"}


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


def test_every_reference_resolves_and_the_dashboard_shows_all_panels():
    ids = {(o["type"], o["id"]) for o in OBJECTS}
    for obj in OBJECTS:
        for ref in obj.get("references", []):
            assert (ref["type"], ref["id"]) in ids, f"{obj['id']} -> {ref}"
    (dashboard,) = [o for o in OBJECTS if o["type"] == "dashboard"]
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    assert {p["panelRefName"] for p in panels} == {r["name"] for r in dashboard["references"]}
    titles = {o["attributes"]["title"] for o in OBJECTS}
    assert {"Stories over time", "Top persons", "Top places", "Top organisations", "Keywords",
            "Money by place", "Stories by person", "Stories by place", "Stories with spam removed"} <= titles
    (view,) = [o for o in OBJECTS if o["type"] == "index-pattern"]
    assert view["attributes"]["title"] == "news" and view["attributes"]["timeFieldName"] == "published_at"


def test_the_import_request_is_the_saved_objects_api_call():
    received = {}

    class Kibana(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            message = email.message_from_bytes(f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body)
            (part,) = [p for p in message.walk() if p.get_param("name", header="content-disposition") == "file"]
            received.update(path=self.path, xsrf=self.headers.get("kbn-xsrf"), auth=self.headers.get("Authorization"),
                            filename=part.get_filename(), file=part.get_payload(decode=True))
            answer = json.dumps({"success": True, "successCount": len(OBJECTS)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    server = HTTPServer(("127.0.0.1", 0), Kibana)
    threading.Thread(target=server.handle_request, daemon=True).start()
    settings = Settings(kibana_url=f"http://127.0.0.1:{server.server_port}", es_username="elastic", es_password="pw",
                        index_alias="news")
    result = kibana.import_saved_objects(settings)
    server.server_close()
    assert result == {"success": True, "successCount": len(OBJECTS)}
    assert received["path"] == "/api/saved_objects/_import?overwrite=true"
    assert received["xsrf"] and received["auth"].startswith("Basic ")
    assert received["filename"].endswith(".ndjson") and received["file"] == kibana.NDJSON.read_bytes()

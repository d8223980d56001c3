"""The reconciliation service (W3C 0.2, as OpenRefine calls it) on the bundled snapshot.
Every response is validated against the specification's own JSON schemas."""

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parents[1] / "fixtures" / "reconciliation"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        # Their $schema ("http://json-schema.org/schema#") names no draft; they use draft 7.
        resource = DRAFT7.create_resource(doc)
        resources.append((doc.get("$id", path.name), resource))
        # type.json is referred to relatively, from schemas whose $id may say "draft".
        resources.append((f"https://reconciliation-api.github.io/specs/draft/schemas/{path.name}",
                          resource))  # fmt: skip
    return Registry().with_resources(resources)


REGISTRY = _registry()


def valid(name: str, instance: Any) -> None:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    errors = list(Draft7Validator(schema, registry=REGISTRY).iter_errors(instance))
    assert not errors, [e.message for e in errors[:3]]


def test_the_schemas_reject_what_they_should() -> None:
    # The validator is not vacuous: a result without ids, a manifest without versions.
    with pytest.raises(AssertionError):
        valid("reconciliation-result-batch", {"q0": {"result": [{"name": "x", "score": 1}]}})
    with pytest.raises(AssertionError):
        valid("manifest", {"name": "x", "identifierSpace": "a", "schemaSpace": "b"})


def auth(keys: dict[str, str], role: str = "analyst") -> dict[str, str]:
    return {"Authorization": f"ApiKey {keys[role]}"}


def test_manifest_is_valid_and_points_at_this_service(
    client: TestClient, keys: dict[str, str]
) -> None:
    out = client.get("/reconcile/default", headers=auth(keys, "viewer"))
    assert out.status_code == 200, out.text
    manifest = out.json()
    valid("manifest", manifest)
    assert manifest["versions"] == ["0.2"]
    assert manifest["suggest"]["entity"]["service_url"].endswith("/reconcile/default")
    assert {t["id"] for t in manifest["defaultTypes"]} >= {"Person", "Company", "Vessel"}


def test_batch_queries_by_form_as_openrefine_sends_them(
    client: TestClient, keys: dict[str, str]
) -> None:
    queries = {
        "q0": {"query": "Joseph Kony", "type": "Person", "limit": 3,
               "properties": [{"pid": "birthDate", "v": "1964"}]},
        "q1": {"query": "Acme Widgets Gmbh", "type": "Company"},
        "q2": {"query": "Abu Bakr al-Baghdadi", "type": ["Person", "Organization"],
               "properties": [{"pid": "nationality", "v": [{"id": "iq", "name": "Iraq"}]}]},
    }  # fmt: skip
    valid("reconciliation-query-batch", queries)
    out = client.post("/reconcile/default", data={"queries": json.dumps(queries)},
                      headers=auth(keys))  # fmt: skip
    assert out.status_code == 200, out.text
    batch = out.json()
    valid("reconciliation-result-batch", batch)
    assert set(batch) == {"q0", "q1", "q2"}
    kony = batch["q0"]["result"]
    assert 1 <= len(kony) <= 3 and kony[0]["match"] and "CFi.009" in kony[0]["description"]
    assert any(f["id"] == "birth_date_match" for f in kony[0]["features"])
    assert kony[0]["type"][0]["id"] == "Person"
    assert batch["q1"]["result"] == [] or not batch["q1"]["result"][0]["match"]
    assert batch["q2"]["result"][0]["match"]


def test_the_same_batch_by_get_and_in_a_json_body(client: TestClient, keys: dict[str, str]) -> None:
    queries = {"a": {"query": "Joseph Kony"}}
    by_get = client.get("/reconcile/un_sc_sanctions", params={"queries": json.dumps(queries)},
                        headers=auth(keys))  # fmt: skip
    by_json = client.post("/reconcile/un_sc_sanctions", json={"queries": queries},
                          headers=auth(keys))  # fmt: skip
    assert by_get.status_code == by_json.status_code == 200
    assert by_get.json() == by_json.json()
    assert by_get.json()["a"]["result"][0]["id"]


def test_bad_queries_are_400_naming_the_query(client: TestClient, keys: dict[str, str]) -> None:
    for bad in ({"x": {"query": "Kony", "type": "Spaceship"}},
                {"x": {"query": "Kony", "properties": [{"pid": "shoeSize", "v": "9"}]}},
                {"x": {}}):  # fmt: skip
        out = client.post("/reconcile/default", data={"queries": json.dumps(bad)},
                          headers=auth(keys))  # fmt: skip
        assert out.status_code == 400 and "'x'" in out.json()["message"], out.text
    out = client.post("/reconcile/default", data={"queries": "{not json"}, headers=auth(keys))
    assert out.status_code == 422
    out = client.get("/reconcile/nosuchlist", headers=auth(keys))
    assert out.status_code == 404 and "nosuchlist" in out.json()["message"]


def test_suggest_services(client: TestClient, keys: dict[str, str]) -> None:
    entity = client.get("/reconcile/default/suggest/entity", params={"prefix": "Joseph Kony"},
                        headers=auth(keys)).json()  # fmt: skip
    valid("suggest-entities-response", entity)
    assert entity["result"][0]["name"].lower().replace(",", "").split() in (
        ["joseph", "kony"], ["kony", "joseph"])  # fmt: skip
    types = client.get("/reconcile/default/suggest/type", params={"prefix": "comp"},
                       headers=auth(keys)).json()  # fmt: skip
    valid("suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == ["Company"]
    props = client.get("/reconcile/default/suggest/property", params={"prefix": "birth"},
                       headers=auth(keys)).json()  # fmt: skip
    valid("suggest-properties-response", props)
    assert [p["id"] for p in props["result"]] == ["birthDate"]


def test_data_extension(client: TestClient, keys: dict[str, str]) -> None:
    proposal = client.get("/reconcile/default/extend/propose", params={"type": "Person"},
                          headers=auth(keys)).json()  # fmt: skip
    valid("data-extension-property-proposal", proposal)
    assert {"list_refs", "programs"} <= {p["id"] for p in proposal["properties"]}
    first = client.post("/reconcile/default", data={"queries": json.dumps(
        {"q": {"query": "Joseph Kony", "type": "Person"}})}, headers=auth(keys)).json()  # fmt: skip
    entity_id = first["q"]["result"][0]["id"]
    query = {
        "ids": [entity_id, "no-such-id"],
        "properties": [{"id": "list_refs"}, {"id": "programs"}, {"id": "countries"}],
    }
    valid("data-extension-query", query)
    out = client.post("/reconcile/default", data={"extend": json.dumps(query)},
                      headers=auth(keys))  # fmt: skip
    assert out.status_code == 200, out.text
    ext = out.json()
    valid("data-extension-response", ext)
    refs = [v["str"] for v in ext["rows"][entity_id]["list_refs"]]
    assert "un_sc_sanctions:CFi.009" in refs
    assert ext["rows"][entity_id]["programs"]
    assert ext["rows"]["no-such-id"] == {"list_refs": [], "programs": [], "countries": []}


def test_preview_is_escaped_html(client: TestClient, keys: dict[str, str]) -> None:
    first = client.post("/reconcile/default", json={"queries": {"q": {"query": "Joseph Kony"}}},
                        headers=auth(keys)).json()  # fmt: skip
    entity_id = first["q"]["result"][0]["id"]
    out = client.get("/reconcile/default/preview", params={"id": entity_id}, headers=auth(keys))
    assert out.status_code == 200 and out.headers["content-type"].startswith("text/html")
    assert "KONY" in out.text.upper() and "CFi.009" in out.text
    assert client.get("/reconcile/default/preview", params={"id": "<script>"},
                      headers=auth(keys)).status_code == 404  # fmt: skip


def test_keys_in_the_url_and_roles(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    q = {"queries": json.dumps({"q": {"query": "Joseph Kony"}})}
    assert client.post("/reconcile/default", data=q).status_code == 401
    keyed = f"/reconcile/default/key/{keys['analyst']}"
    out = client.post(keyed, data=q)
    assert out.status_code == 200 and out.json()["q"]["result"]
    manifest = client.get(keyed).json()
    assert manifest["suggest"]["entity"]["service_url"].endswith(keyed)
    assert (
        client.get(
            manifest["preview"]["url"].replace("{{id}}", out.json()["q"]["result"][0]["id"])
        ).status_code
        == 200
    )
    # A viewer may read the manifest, not screen.
    assert client.get(f"/reconcile/default/key/{keys['viewer']}").status_code == 200
    assert client.post(f"/reconcile/default/key/{keys['viewer']}", data=q).status_code == 403
    assert client.post("/reconcile/default/key/rt_wrong", data=q).status_code == 401
    monkeypatch.setenv("REDTRACE_RECONCILE_AS", "user-analyst")
    assert client.post("/reconcile/default", data=q).status_code == 200
    monkeypatch.setenv("REDTRACE_RECONCILE_AS", "user-viewer")
    assert client.post("/reconcile/default", data=q).status_code == 403

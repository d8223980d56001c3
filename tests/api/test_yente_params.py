"""yente's parameters on /match, /search, /entities, /catalog and /algorithms."""

from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import auth

KONY = {"queries": {"k": {"schema": "Person", "properties": {"name": ["Joseph Kony"]}}}}


def match(client: TestClient, key: str, **params: Any) -> list[dict[str, Any]]:
    out = client.post("/match/default", json=KONY, params=params, headers=auth(key))
    assert out.status_code == 200, out.text
    results: list[dict[str, Any]] = out.json()["responses"]["k"]["results"]
    return results


def test_dataset_schema_and_id_filters(client: TestClient, keys: dict[str, str]) -> None:
    key = keys["analyst"]
    everything = match(client, key, limit=10)
    lists = {frozenset(r["datasets"]) for r in everything if r["match"]}
    assert frozenset({"un_sc_sanctions", "gb_hmt_sanctions"}) in lists
    assert any("us_ofac_sdn" in ds for ds in lists)
    only_ofac = match(client, key, limit=10, include_dataset="us_ofac_sdn")
    assert only_ofac and all("us_ofac_sdn" in r["datasets"] for r in only_ofac)
    # A party is dropped only when every list carrying it is excluded.
    partly = match(client, key, limit=10, exclude_dataset="un_sc_sanctions")
    assert any("un_sc_sanctions" in r["datasets"] for r in partly)
    both = match(client, key, limit=10, exclude_dataset=["un_sc_sanctions", "gb_hmt_sanctions"])
    assert not any(set(r["datasets"]) <= {"un_sc_sanctions", "gb_hmt_sanctions"} for r in both)
    assert len(both) < len(everything)
    assert match(client, key, exclude_schema="Person") == []
    top = everything[0]["id"]
    assert top not in [r["id"] for r in match(client, key, limit=10, exclude_entity_ids=top)]
    out = client.post("/match/default", json=KONY, params={"include_dataset": "nope"},
                      headers=auth(key))  # fmt: skip
    assert out.status_code == 404 and "nope" in out.json()["message"]


def test_algorithms(client: TestClient, keys: dict[str, str]) -> None:
    listed = client.get("/algorithms").json()
    names = [a["name"] for a in listed["algorithms"]]
    assert listed["best"] in names and listed["default"] in names
    assert all(a["version"] and "name_similarity" in a["features"] for a in listed["algorithms"])
    for name in (*names, "best", "default"):
        assert match(client, keys["analyst"], algorithm=name)
    out = client.post("/match/default", json=KONY, params={"algorithm": "logic-v9"},
                      headers=auth(keys["analyst"]))  # fmt: skip
    assert out.status_code == 400
    assert "logic-v9" in out.json()["message"] and names[0] in out.json()["message"]
    out = client.get("/search/default", params={"q": "Kony", "algorithm": "x"},
                     headers=auth(keys["analyst"]))  # fmt: skip
    assert out.status_code == 400


def test_search_pages_filters_and_facets(client: TestClient, keys: dict[str, str]) -> None:
    def search(**params: Any) -> dict[str, Any]:
        out = client.get("/search/default", params={"q": "Ali Hassan", **params},
                         headers=auth(keys["analyst"]))  # fmt: skip
        assert out.status_code == 200, out.text
        body: dict[str, Any] = out.json()
        return body

    whole = search(limit=6)
    assert len(whole["results"]) == 6 and whole["total"]["value"] >= 6
    first, second = search(limit=3), search(limit=3, offset=3)
    assert [r["id"] for r in first["results"] + second["results"]] == [
        r["id"] for r in whole["results"]]  # fmt: skip
    assert second["offset"] == 3 and second["total"] == whole["total"]
    facets = whole["facets"]
    assert sum(v["count"] for v in facets["schema"]["values"]) == whole["total"]["value"]
    country = facets["countries"]["values"][0]
    narrowed = search(limit=100, countries=country["name"])
    assert narrowed["total"]["value"] == country["count"]
    dataset = facets["datasets"]["values"][0]
    assert search(limit=100, datasets=dataset["name"])["total"]["value"] == dataset["count"]
    people = search(limit=100, schema="Person")
    assert people["results"] and all(r["schema"] == "Person" for r in people["results"])


def test_entity_redirect_and_nested(client: TestClient, keys: dict[str, str]) -> None:
    headers = auth(keys["analyst"])
    out = client.get("/entities/CFi.009", headers=headers, follow_redirects=False)
    assert out.status_code == 308
    target = out.headers["location"]
    assert "/entities/" in target and not target.endswith("/CFi.009")
    entity = client.get(target, headers=headers).json()
    assert {"dataset": "un_sc_sanctions", "ref": "CFi.009"} in entity["list_refs"]
    assert "sanctions" not in entity["properties"]
    nested = client.get(target, params={"nested": "true"}, headers=headers).json()
    sanctions = nested["properties"]["sanctions"]
    assert sanctions and all(s["schema"] == "Sanction" for s in sanctions)
    assert all(s["properties"]["entity"] == [entity["id"]] for s in sanctions)


def test_catalog_etag(client: TestClient, keys: dict[str, str]) -> None:
    headers = auth(keys["viewer"])
    first = client.get("/catalog", headers=headers)
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get("/catalog", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and not again.content
    other = client.get("/catalog", headers={**headers, "If-None-Match": '"stale"'})
    assert other.status_code == 200

from fastapi.testclient import TestClient

from redtrace.store.audit import search
from tests.api.conftest import auth

BAGHDADI = {
    "schema": "Person",
    "properties": {"name": ["Abu Bakr al-Baghdadi"], "birthDate": ["1971"]},
}


def test_match_contract(client: TestClient, keys: dict[str, str]) -> None:
    body = {"queries": {"q1": BAGHDADI, "bad": {"schema": "Person", "properties": {}}}}
    r = client.post(
        "/match/default?threshold=0.7&limit=3", json=body, headers=auth(keys["analyst"])
    )
    assert r.status_code == 200
    data = r.json()
    q1 = data["responses"]["q1"]
    assert q1["status"] == 200 and q1["total"]["relation"] == "eq"
    top = q1["results"][0]
    assert {"id", "caption", "schema", "properties", "datasets", "list_refs", "score", "match",
            "features", "explanation"} <= set(top)  # fmt: skip
    assert top["match"] and top["features"]["birth_date_match"] == 0.5
    assert data["responses"]["bad"]["status"] == 400
    assert data["matcher"]["threshold"] == 0.7
    assert {d["name"] for d in data["datasets"]} >= {"un_sc_sanctions", "us_ofac_sdn"}
    assert all(d["sha256"] for d in data["datasets"])


def test_same_results_as_the_engine(client: TestClient, keys: dict[str, str]) -> None:
    from redtrace.service import IndexHolder as Service

    service: Service = client.app.state.service  # type: ignore[attr-defined]
    assert service.snapshot is not None
    direct = service.snapshot.matcher.match(BAGHDADI, "default", 0.7, 0.5, 5)
    r = client.post(
        "/match/default", json={"queries": {"q": BAGHDADI}}, headers=auth(keys["analyst"])
    )
    assert r.json()["responses"]["q"]["results"] == direct["results"]


def test_auth_and_roles(client: TestClient, keys: dict[str, str]) -> None:
    body = {"queries": {"q": BAGHDADI}}
    assert client.post("/match/default", json=body).status_code == 401
    assert client.post("/match/default", json=body, headers=auth("rt_nope")).status_code == 401
    r = client.post("/match/default", json=body, headers=auth(keys["viewer"]))
    assert r.status_code == 403 and r.json()["status"] == 403
    assert (
        client.post(
            "/match/default", json=body, headers=auth(keys["compliance_officer"])
        ).status_code
        == 200
    )
    assert client.get("/catalog", headers=auth(keys["viewer"])).status_code == 200
    assert client.post("/admin/refresh", headers=auth(keys["analyst"])).status_code == 403
    assert client.post("/admin/refresh", headers=auth(keys["admin"])).status_code == 200


def test_catalog_health_ready(client: TestClient, keys: dict[str, str]) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["ready"]
    catalog = client.get("/catalog", headers=auth(keys["viewer"])).json()
    names = {d["name"] for d in catalog["datasets"]}
    assert "gb_hmt_sanctions" in names and catalog["matcher"]["algorithm"] == "redtrace-names"
    assert client.get("/openapi.json").status_code == 200


def test_search_and_entity(client: TestClient, keys: dict[str, str]) -> None:
    r = client.get(
        "/search/un_sc_sanctions", params={"q": "Joseph Kony"}, headers=auth(keys["analyst"])
    )
    assert r.status_code == 200
    top = r.json()["results"][0]
    assert top["id"] == "un-CFi.009"
    e = client.get("/entities/un-CFi.009", headers=auth(keys["analyst"])).json()
    assert e["list_refs"][0] == {"dataset": "un_sc_sanctions", "ref": "CFi.009"}
    assert e["provenance"]["published"] == "2026-02-27"
    assert any(a["dataset"] == "gb_hmt_sanctions" for a in e["adjacent"])
    assert client.get("/entities/nope", headers=auth(keys["analyst"])).status_code == 404
    assert (
        client.get("/search/nope", params={"q": "x"}, headers=auth(keys["analyst"])).status_code
        == 404
    )


def test_every_screening_is_recorded(client: TestClient, keys: dict[str, str]) -> None:
    service = client.app.state.service  # type: ignore[attr-defined]
    with service.open_store() as store:
        before = [r.seq for r in search(store)]
    for _ in range(3):
        client.post(
            "/match/default", json={"queries": {"q": BAGHDADI}}, headers=auth(keys["analyst"])
        )
    client.post("/match/default", json={"queries": {}}, headers={"Authorization": "ApiKey wrong"})
    # Recorded before the response left: no flush, no wait.
    with service.open_store() as store:
        new = [r for r in search(store) if r.seq not in set(before)]
    assert [r.action for r in new] == ["match", "match", "match", "auth.failed"]
    assert new[0].user == "user-analyst" and new[3].user == "anonymous"
    assert '"threshold":0.7' in (new[0].body or "") and "un_sc_sanctions" in (new[0].body or "")
    assert "wrong" not in (new[3].body or "")
    verified = client.get("/admin/audit/verify", headers=auth(keys["admin"])).json()
    assert verified["intact"] is True and verified["records"] >= len(before) + 4


def test_bad_inputs_never_500(client: TestClient, keys: dict[str, str]) -> None:
    h = auth(keys["analyst"])
    cases = [
        client.post("/match/default", content=b"{not json", headers={**h, "content-type": "application/json"}),
        client.post("/match/default", json={"queries": "nope"}, headers=h),
        client.post("/match/default", json=[1, 2], headers=h),
        client.post("/match/default", content=b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["\xff\xfe"]}}}}',
                    headers={**h, "content-type": "application/json"}),
        client.post("/match/default?threshold=2", json={"queries": {}}, headers=h),
        client.post("/match/default?limit=0", json={"queries": {}}, headers=h),
    ]  # fmt: skip
    for r in cases:
        assert 400 <= r.status_code < 500, (r.status_code, r.text)
        assert r.json()["status"] == r.status_code and r.json()["message"]
    weird = {"q1": {"schema": "Spaceship", "properties": {"name": ["x"]}},
             "q2": {"schema": "Person", "properties": {"name": ["\x00\x07 Ali\u202e Kony"], "foo": ["bar"]}},
             "q3": {"schema": "Person", "properties": {"name": ["A" * 10000]}},
             "q4": {"schema": "Person", "properties": {"name": [7]}}}  # fmt: skip
    r = client.post("/match/default", json={"queries": weird}, headers=h)
    assert r.status_code == 200
    statuses = {k: v["status"] for k, v in r.json()["responses"].items()}
    assert statuses == {"q1": 400, "q2": 200, "q3": 200, "q4": 400}


def test_limits(client: TestClient, keys: dict[str, str]) -> None:
    h = auth(keys["analyst"])
    many = {
        "queries": {
            f"q{i}": {"schema": "Person", "properties": {"name": ["x y"]}} for i in range(1001)
        }
    }
    r = client.post("/match/default", json=many, headers=h)
    assert r.status_code == 413 and "1000" in r.json()["message"]
    huge = (
        b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["'
        + b"a" * 3_000_000
        + b'"]}}}}'
    )
    r = client.post(
        "/match/default", content=huge, headers={**h, "content-type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["status"] == 413


def test_orders_over_http(
    client: TestClient, keys: dict[str, str], api_store, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from bench.deck import deck

    db = tmp_path / "orders.duckdb"
    shutil.copy(api_store[0], db)
    monkeypatch.setenv("REDTRACE_DB", str(db))
    orders = [o for o in deck(5) if o["id"] in ("SO-S6-01", "SO-S1-01")] + [{"id": "bad"}]
    r = client.post("/orders/check", json={"orders": orders}, headers=auth(keys["analyst"]))
    assert r.status_code == 200
    results = {x["id"]: x for x in r.json()["results"]}
    assert (
        results["SO-S6-01"]["decision"] == "block" and results["SO-S1-01"]["decision"] == "review"
    )
    assert results["bad"]["error"]["code"] == "invalid_order"
    body = {"reason": "checked: customer is a paint distributor"}
    assert (
        client.post(
            "/orders/SO-S1-01/release", json=body, headers=auth(keys["analyst"])
        ).status_code
        == 403
    )
    ok = client.post(
        "/orders/SO-S1-01/release", json=body, headers=auth(keys["compliance_officer"])
    )
    assert ok.status_code == 200 and ok.json()["status"] == "released"
    # A list-match block needs a stated legal basis (issue #15), not any text.
    refused = client.post(
        "/orders/SO-S6-01/release", json=body, headers=auth(keys["compliance_officer"])
    )
    assert refused.status_code == 409 and "legal basis" in refused.json()["message"]
    body = {"reason": "false positive: different date of birth and nationality"}
    first = client.post(
        "/orders/SO-S6-01/release", json=body, headers=auth(keys["compliance_officer"])
    )
    assert first.json()["status"] == "awaiting second release"
    again = client.post(
        "/orders/SO-S6-01/release", json=body, headers=auth(keys["compliance_officer"])
    )
    assert again.status_code == 409
    second = client.post("/orders/SO-S6-01/release", json=body, headers=auth(keys["admin"]))
    assert second.json()["status"] == "released"
    # Confirming a block: the same four eyes.
    again_order = dict(next(o for o in orders if o["id"] == "SO-S6-01"), id="SO-S6-99")
    checked = client.post(
        "/orders/check", json={"orders": [again_order]}, headers=auth(keys["analyst"])
    )
    assert checked.json()["results"][0]["decision"] == "block"
    no = {"reason": "listed buyer"}
    first = client.post("/orders/SO-S6-99/block", json=no, headers=auth(keys["compliance_officer"]))
    assert first.json()["status"] == "awaiting second block"
    assert client.post("/orders/SO-S6-99/block", json=no,
                       headers=auth(keys["compliance_officer"])).status_code == 409  # fmt: skip
    done = client.post("/orders/SO-S6-99/block", json=no, headers=auth(keys["admin"]))
    assert done.status_code == 200 and done.json()["status"] == "blocked"
    assert client.post("/orders/SO-S6-99/release", json=body,
                       headers=auth(keys["admin"])).status_code == 409  # fmt: skip

"""No page answers 500, whatever is typed into its fields or its address (a signed-in
officer, against the real server)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import Server

TOKEN = re.compile(r'name="csrf" value="([^"]+)"')
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
text = st.text(max_size=300)


@pytest.fixture(scope="module")
def officer(server: Server) -> Iterator[tuple[httpx.Client, str]]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        login = client.get("/ui/login")
        token = TOKEN.search(login.text)
        assert token is not None
        signed = client.post("/ui/login", data={"key": server.keys["carla"], "csrf": token[1]})
        assert signed.status_code == 303
        page = client.get("/ui/alerts")
        csrf = TOKEN.search(page.text)
        assert csrf is not None
        yield client, csrf[1]


@FUZZ
@given(value=text, page=st.sampled_from(["orders", "network", "screening"]))
def test_path_parameters(officer: tuple[httpx.Client, str], value: str, page: str) -> None:
    client, _ = officer
    path = f"/ui/{page}/{quote(value, safe='')}" if value else f"/ui/{page}/x"
    assert client.get(path).status_code < 500, path
    if page == "orders":
        assert client.get(path + "/report").status_code < 500, path


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["kind", "severity", "dataset", "from", "to",
                                               "user", "action"]), text, max_size=4),
       page=st.sampled_from(["alerts", "lists", "audit"]))  # fmt: skip
def test_query_parameters(
    officer: tuple[httpx.Client, str], fields: dict[str, str], page: str
) -> None:
    client, _ = officer
    assert client.get(f"/ui/{page}", params=fields).status_code < 500, fields


@FUZZ
@given(name=text, schema=st.one_of(st.sampled_from(["Person", "Company", "Thing"]), text))
def test_screen_form(officer: tuple[httpx.Client, str], name: str, schema: str) -> None:
    client, csrf = officer
    r = client.post("/ui/screen", data={"name": name, "schema": schema, "csrf": csrf})
    assert r.status_code < 500, (name, schema)


@FUZZ
@given(order=text, action=st.one_of(st.sampled_from(["release", "block"]), text), reason=text,
       csrf=st.one_of(st.none(), text))  # fmt: skip
def test_decision_form(
    officer: tuple[httpx.Client, str], order: str, action: str, reason: str, csrf: str | None
) -> None:
    client, token = officer
    # Orders that do not exist: the fuzz must not decide the deck's real cases.
    path = f"/ui/orders/{quote('FZ-' + order, safe='')}/decide"
    data = {"action": action, "reason": reason, "csrf": token if csrf is None else csrf}
    assert client.post(path, data=data).status_code < 500, (order, action, reason)


@FUZZ
@given(body=st.binary(max_size=500), kind=st.sampled_from(
    ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]))  # fmt: skip
def test_raw_bodies(officer: tuple[httpx.Client, str], body: bytes, kind: str) -> None:
    client, _ = officer
    for path in ("/ui/login", "/ui/screen", "/ui/orders/SO-S3-02/decide", "/ui/logout"):
        r = client.post(path, content=body, headers={"content-type": kind})
        assert r.status_code < 500, (path, body)

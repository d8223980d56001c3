"""The workspace's pages seen over plain HTTP (in process): headers, the JSON API left as it
was, the local no-auth mode, and keys that never reach a cookie."""

from __future__ import annotations

from fastapi.testclient import TestClient

from redtrace.api import create_app
from redtrace.service import IndexHolder as Service


def test_pages_carry_security_headers_and_the_api_does_not(client: TestClient) -> None:
    page = client.get("/ui/login")
    assert page.status_code == 200 and 'type="password"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    asset = client.get("/ui/static/vendor/cytoscape.min.js")
    assert asset.status_code == 200 and "cache-control" not in asset.headers
    assert client.get("/ui/static/vendor/cytoscape.LICENSE").text.startswith("Copyright")
    api = client.get("/healthz")
    assert "content-security-policy" not in api.headers


def test_a_key_signs_in_and_is_never_in_the_cookie(
    client: TestClient, keys: dict[str, str]
) -> None:
    client.get("/ui/login")
    forged = client.post("/ui/login", data={"key": keys["analyst"], "csrf": "x"},
                         follow_redirects=False)  # fmt: skip
    assert forged.status_code == 403 and "redtrace_session" not in forged.cookies
    # The refusal is a fresh sign-in form, with a token of its own.
    token = forged.text.split('name="csrf" value="')[1].split('"')[0]
    signed = client.post("/ui/login", data={"key": keys["analyst"], "csrf": token},
                         follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303 and signed.headers["location"] == "/ui/alerts"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and keys["analyst"] not in cookie
    queue = client.get("/ui/alerts")
    assert queue.status_code == 200 and "user-analyst" in queue.text


def test_local_mode_signs_in_the_local_admin(service: Service) -> None:
    local = Service(snapshot=service.snapshot, keys={}, no_auth=True)
    with TestClient(create_app(local)) as c:
        page = c.get("/ui/")
        assert page.status_code == 200 and "Signed in as" in page.text and "local" in page.text

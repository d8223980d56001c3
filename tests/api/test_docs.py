"""The documentation pages load only from this server, and the OpenAPI document declares the
key scheme, so Swagger UI offers "Authorize"."""

import re

from fastapi.testclient import TestClient


def test_docs_pages_need_no_other_host(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        out = client.get(page)
        assert out.status_code == 200 and "text/html" in out.headers["content-type"]
        urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", out.text)
        urls += re.findall(r"""url: ?["']([^"']+)["']""", out.text)
        assert urls, page
        for url in urls:
            assert url.startswith("/"), f"{page} loads {url}"
            if url.startswith("/static/"):
                asset = client.get(url)
                assert asset.status_code == 200 and len(asset.content) > 500, url
    assert "http" not in client.get("/redoc").text.split("<body>")[1].split("</body>")[0]


def test_openapi_declares_the_key_scheme_and_describes_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    scheme = spec["components"]["securitySchemes"]["ApiKey"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    match = spec["paths"]["/match/{dataset}"]["post"]
    assert {"ApiKey": []} in match["security"]
    assert "/healthz" in spec["paths"] and "security" not in spec["paths"]["/healthz"]["get"]
    undescribed = [f"{m.upper()} {p}" for p, ops in spec["paths"].items()
                   for m, op in ops.items() if not op.get("description")]  # fmt: skip
    assert not undescribed, undescribed
    for path in ("/match/{dataset}", "/search/{dataset}", "/catalog", "/algorithms"):
        ok = spec["paths"][path][next(iter(spec["paths"][path]))]["responses"]["200"]
        assert "$ref" in str(ok["content"]["application/json"]["schema"]), path

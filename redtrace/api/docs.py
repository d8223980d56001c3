"""``/docs`` (Swagger UI) and ``/redoc`` from assets shipped in the package (``static/``,
see its SOURCES.md): the pages work on a machine with no network."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"


def install_docs(app: FastAPI) -> None:
    """Serve the documentation pages and their assets under ``/static/docs``."""
    app.mount("/static/docs", StaticFiles(directory=STATIC), name="docs-static")
    title = f"{app.title} {app.version}"

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{title}: Swagger UI",
            swagger_js_url="/static/docs/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/docs/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/docs/swagger-ui/favicon-32x32.png",
            oauth2_redirect_url="/docs/oauth2-redirect",
            swagger_ui_parameters={"persistAuthorization": True},
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{title}: ReDoc",
            redoc_js_url="/static/docs/redoc/redoc.standalone.js",
            redoc_favicon_url="/static/docs/swagger-ui/favicon-32x32.png",
            with_google_fonts=False,
        )

"""The analysts' workspace: pages under ``/ui/`` over the same service layer as the CLI and
the JSON API (``../shared/spec/workspace.md``). Rendered on the server with Jinja2; every
script and style sheet is served from ``web/static`` (no CDN), the graph drawn with the
vendored Cytoscape.js."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from redtrace.web.auth import router as auth_router
from redtrace.web.cases import router as cases_router
from redtrace.web.guard import PageExit
from redtrace.web.render import HEADERS
from redtrace.web.session import Signer
from redtrace.web.views import router as views_router

STATIC = Path(__file__).parent / "static"

__all__ = ["install"]


def install(app: FastAPI, secret: str | None = None) -> None:
    """Add the workspace's pages, static files and security headers to ``app``."""
    app.state.signer = Signer(secret)
    app.state.ended_sessions = set()
    for router in (auth_router, cases_router, views_router):
        app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")

    @app.exception_handler(PageExit)
    async def leave(request: Request, exc: PageExit) -> Response:
        return exc.response

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.url.path.startswith("/ui"):
            for name, value in HEADERS.items():
                response.headers.setdefault(name, value)
        return response

"""The analysts' workspace: pages under ``/ui/`` over the same service layer as the CLI and
the JSON API (``../shared/spec/workspace.md``). Rendered on the server with Jinja2; every
script and style sheet is served from ``web/static`` (no CDN), the graph drawn with the
vendored Cytoscape.js."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from redtrace.web.auth import router as auth_router
from redtrace.web.cases import router as cases_router
from redtrace.web.guard import PageExit
from redtrace.web.render import HEADERS
from redtrace.web.session import Signer
from redtrace.web.views import router as views_router

STATIC = Path(__file__).parent / "static"

__all__ = ["SecurityHeaders", "install"]


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

    app.add_middleware(SecurityHeaders)


class SecurityHeaders:
    """Security headers on every response under ``/ui`` (a plain ASGI wrapper: the JSON
    API's responses pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/ui"):
            await self.app(scope, receive, send)
            return
        extra = dict(HEADERS)
        if path.startswith("/ui/static/"):
            extra.pop("Cache-Control")  # the assets may be cached; the pages never

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)

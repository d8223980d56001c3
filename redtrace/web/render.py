"""Rendering pages: the Jinja2 environment, the page context, security headers, and form
bodies (``application/x-www-form-urlencoded``, read without a multipart parser)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from redtrace.users import User

MAX_FORM = 64 * 1024
# No inline script anywhere: every script is a file under /ui/static.
# The one style sheet Cytoscape.js writes into the page is allowed by its hash.
CYTOSCAPE_STYLE = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='"
CSP = (f"default-src 'self'; script-src 'self'; style-src 'self' {CYTOSCAPE_STYLE}; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")  # fmt: skip
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
# The pages of the navigation bar and the role each needs.
NAV = (
    ("/ui/alerts", "Alerts", "analyst"),
    ("/ui/screen", "Screen", "analyst"),
    ("/ui/lists", "Lists", "viewer"),
    ("/ui/audit", "Audit", "compliance_officer"),
)
AWAITING = ("awaiting second release", "awaiting second block")


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return "" if value is None else str(value)


def _refs(refs: list[dict[str, str]] | None) -> str:
    return ", ".join(f"{r.get('dataset')}:{r.get('ref')}" for r in refs or [])


ENV = Environment(
    loader=PackageLoader("redtrace.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["when"] = _when
ENV.filters["refs"] = _refs
ENV.globals["AWAITING"] = AWAITING


def page(
    request: Request,
    template: str,
    user: User | None,
    csrf: str = "",
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    nav = [(href, label) for href, label, role in NAV if user is not None and user.has(role)]
    html = ENV.get_template(template).render(
        request=request, user=user, csrf=csrf, nav=nav, path=request.url.path, **context
    )
    return HTMLResponse(html, status_code=status)


async def form(request: Request) -> dict[str, str]:
    """The fields of a posted form, the first value of each; too big or not a form: none."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return {}
    body = await request.body()
    if len(body) > MAX_FORM:
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return {}
    try:
        fields = parse_qs(text, keep_blank_values=True, max_num_fields=50)
    except ValueError:
        return {}
    # A NUL is no character a person types; PostgreSQL refuses it in text.
    return {k: v[0].replace("\x00", "") for k, v in fields.items() if v}

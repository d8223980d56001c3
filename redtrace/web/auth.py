"""Signing in with an API key (turned into a session cookie) and signing out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from redtrace.users import User
from redtrace.web.guard import LOCAL, check_csrf, current, holder, signed_in, signer
from redtrace.web.render import form, page
from redtrace.web.session import COOKIE, LOGIN_COOKIE

router = APIRouter(include_in_schema=False)


def _cookie(request: Request, response: Response, name: str, value: str, age: int) -> None:
    response.set_cookie(
        name, value, max_age=age, path="/ui", httponly=True, samesite="strict",
        secure=request.url.scheme == "https",
    )  # fmt: skip


def _landing(user: User) -> str:
    """The first page a user may open: the queue, or for a viewer the lists."""
    return "/ui/alerts" if user.has("analyst") else "/ui/lists"


def _start(request: Request, user: User) -> Response:
    _, cookie = signer(request).new_session(user.name)
    response = RedirectResponse(_landing(user), status_code=303)
    _cookie(request, response, COOKIE, cookie, signer(request).max_age)
    response.delete_cookie(LOGIN_COOKIE, path="/ui")
    return response


def _login_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    token, cookie = signer(request).new_login_token()
    response = page(request, "login.html", None, token, status=status, error=error)
    _cookie(request, response, LOGIN_COOKIE, cookie, 3600)
    return response


@router.get("/ui/")
@router.get("/ui")
async def home(request: Request) -> Response:
    found = current(request)
    return RedirectResponse(_landing(found[0]) if found else "/ui/login", status_code=303)


@router.get("/ui/login")
async def login_form(request: Request) -> Response:
    if holder(request).no_auth:
        return _start(request, LOCAL)
    found = current(request)
    if found:
        return RedirectResponse(_landing(found[0]), status_code=303)
    return _login_page(request)


@router.post("/ui/login")
async def login(request: Request) -> Response:
    fields = await form(request)
    if not signer(request).login_token_ok(
        request.cookies.get(LOGIN_COOKIE), fields.get("csrf", "")
    ):
        return _login_page(request, "The sign-in form expired; please try again.", 403)
    key = fields.get("key", "").strip()
    user = holder(request).user_for_key(key) if key else None
    if user is None:
        return _login_page(request, "That API key is not valid (unknown or revoked).", 401)
    return _start(request, user)


@router.post("/ui/logout")
async def logout(request: Request) -> Response:
    user, session = signed_in(request, "viewer")
    check_csrf(request, user, session, await form(request))
    # The cookie is signed, not stored: this process remembers it ended.
    request.app.state.ended_sessions.add(session.csrf)
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(COOKIE, path="/ui")
    return response

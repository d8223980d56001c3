"""Who is asking: the session's user with the role the keys give now, checked against the
role a page or action needs, and the CSRF token of every form that changes something."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from redtrace.service import IndexHolder
from redtrace.users import User
from redtrace.web.render import page
from redtrace.web.session import COOKIE, Session, Signer, same_token

LOCAL = User("local", "admin")


class PageExit(Exception):
    """Leave a page handler with this response (a redirect to sign in, a refusal)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def signer(request: Request) -> Signer:
    found: Signer = request.app.state.signer
    return found


def holder(request: Request) -> IndexHolder:
    found: IndexHolder = request.app.state.service
    return found


def current(request: Request) -> tuple[User, Session] | None:
    session = signer(request).read_session(request.cookies.get(COOKIE))
    if session is None or session.csrf in request.app.state.ended_sessions:
        return None
    if holder(request).no_auth:
        return (LOCAL, session) if session.user == LOCAL.name else None
    user = holder(request).active_user(session.user)
    return (user, session) if user is not None else None


def refuse(request: Request, user: User, session: Session, role: str) -> PageExit:
    return PageExit(page(
        request, "error.html", user, session.csrf, status=403, title="Not allowed",
        message=f"This needs the {role} role; {user.name} is {user.role}.",
    ))  # fmt: skip


def signed_in(request: Request, role: str) -> tuple[User, Session]:
    """The caller and their session; a signed-out browser is sent to sign in, a role too
    low is answered 403."""
    found = current(request)
    if found is None:
        raise PageExit(RedirectResponse("/ui/login", status_code=303))
    user, session = found
    if not user.has(role):
        raise refuse(request, user, session, role)
    return user, session


def check_csrf(request: Request, user: User, session: Session, fields: dict[str, str]) -> None:
    """A form that changes something must carry the session's token (and come from a page
    of this site: SameSite=Strict keeps the cookie off cross-site requests too)."""
    if not same_token(session.csrf, fields.get("csrf")):
        raise PageExit(page(
            request, "error.html", user, session.csrf, status=403, title="Form expired",
            message="This form is not from your current session. Open the page again.",
        ))  # fmt: skip

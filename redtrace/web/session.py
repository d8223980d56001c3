"""Workspace sessions: a signed cookie that names the user and carries a CSRF token.

The cookie holds no key, only the user's name, a random token for the forms and when it
was issued; it is signed (itsdangerous) with ``REDTRACE_SESSION_SECRET``. The user's role is
read from the active keys on every request, so a revoked key or a changed role counts at once.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

from redtrace import settings

COOKIE = "redtrace_session"
LOGIN_COOKIE = "redtrace_login"  # the token of the sign-in form, before there is a session


@dataclass(frozen=True, slots=True)
class Session:
    user: str
    csrf: str


class Signer:
    def __init__(self, secret: str | None = None) -> None:
        key = secret or settings.session_secret() or secrets.token_urlsafe(32)
        self.session = URLSafeTimedSerializer(key, salt="redtrace-session")
        self.login = URLSafeTimedSerializer(key, salt="redtrace-login")
        self.max_age = int(settings.session_hours() * 3600)

    def new_session(self, user: str) -> tuple[Session, str]:
        session = Session(user, secrets.token_urlsafe(24))
        return session, self.session.dumps({"u": session.user, "c": session.csrf})

    def read_session(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data = self.session.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        user, csrf = data.get("u"), data.get("c")
        if not isinstance(user, str) or not isinstance(csrf, str):
            return None
        return Session(user, csrf)

    def new_login_token(self) -> tuple[str, str]:
        """A token for the sign-in form and the cookie that vouches for it."""
        token = secrets.token_urlsafe(24)
        return token, self.login.dumps(token)

    def login_token_ok(self, cookie: str | None, presented: str) -> bool:
        if not cookie or not presented:
            return False
        try:
            token = self.login.loads(cookie, max_age=3600)
        except BadSignature:
            return False
        return isinstance(token, str) and same_token(token, presented)


def same_token(expected: str, presented: str | None) -> bool:
    """Compared in constant time, as bytes (a token typed with any character is just wrong)."""
    if not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode("utf-8", "replace"))

"""Request authentication: ``Authorization: ApiKey <key>`` (or ``Bearer <key>``) and roles."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from redtrace.service import IndexHolder
from redtrace.users import User, check_key

LOCAL_USER = User("local", "admin")


def require(role: str) -> Callable[[Request], Coroutine[Any, Any, User]]:
    """A dependency that returns the caller, or raises 401 (no valid key) or 403 (role)."""

    async def dependency(request: Request) -> User:
        service: IndexHolder = request.app.state.service
        if service.no_auth:
            return LOCAL_USER
        header = request.headers.get("authorization", "")
        scheme, _, key = header.partition(" ")
        if scheme.lower() not in ("apikey", "bearer") or not key.strip():
            await _refused(request, "anonymous", "auth.failed", "no API key")
            raise HTTPException(
                401, "an API key is required", headers={"WWW-Authenticate": "ApiKey"}
            )
        user = check_key(service.keys, key.strip())
        if user is None:
            await _refused(request, "anonymous", "auth.failed", "unknown or revoked API key")
            raise HTTPException(
                401, "unknown or revoked API key", headers={"WWW-Authenticate": "ApiKey"}
            )
        if not user.has(role):
            await _refused(request, user.name, "auth.denied", f"needs the {role} role")
            raise HTTPException(403, f"this needs the {role} role; {user.name} is {user.role}")
        return user

    return dependency


async def _refused(request: Request, user: str, action: str, reason: str) -> None:
    """Record a refused request (never the key it offered) before it is answered."""
    recorder = request.app.state.audit
    client = request.client.host if request.client else None
    body = {"method": request.method, "path": request.url.path, "reason": reason,
            "client": client}  # fmt: skip
    await run_in_threadpool(recorder.submit, user, action, None, body)

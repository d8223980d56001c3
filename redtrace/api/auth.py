"""Request authentication: ``Authorization: ApiKey <key>`` (or ``Bearer <key>``) and roles."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request

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
            raise HTTPException(
                401, "an API key is required", headers={"WWW-Authenticate": "ApiKey"}
            )
        user = check_key(service.keys, key.strip())
        if user is None:
            raise HTTPException(
                401, "unknown or revoked API key", headers={"WWW-Authenticate": "ApiKey"}
            )
        if not user.has(role):
            raise HTTPException(403, f"this needs the {role} role; {user.name} is {user.role}")
        return user

    return dependency

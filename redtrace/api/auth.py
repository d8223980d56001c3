"""Request authentication: ``Authorization: ApiKey <key>`` (or ``Bearer <key>``) and roles."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import HTTPException, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from redtrace import settings
from redtrace.service import IndexHolder
from redtrace.users import User, check_key

LOCAL_USER = User("local", "admin")
# Declared so that the OpenAPI document names the scheme and Swagger UI offers "Authorize";
# the header is read below, where ``ApiKey <key>`` is accepted as well as ``Bearer <key>``.
_BEARER = HTTPBearer(
    scheme_name="ApiKey",
    bearerFormat="redtrace API key (rt_...)",
    description="A key from `redtrace users add NAME --role ROLE`, sent as"
    " `Authorization: Bearer <key>` or `Authorization: ApiKey <key>`.",
    auto_error=False,
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)]


async def _unauthorised(request: Request, message: str, reason: str | None = None) -> HTTPException:
    """A 401, recorded in the audit log before it is answered."""
    await _refused(request, "anonymous", "auth.failed", reason or message)
    return HTTPException(401, message, headers={"WWW-Authenticate": "ApiKey"})


async def _checked(request: Request, user: User, role: str) -> User:
    if not user.has(role):
        await _refused(request, user.name, "auth.denied", f"needs the {role} role")
        raise HTTPException(403, f"this needs the {role} role; {user.name} is {user.role}")
    return user


def _header_key(request: Request) -> str | None:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() not in ("apikey", "bearer") or not key.strip():
        return None
    return key.strip()


def require(role: str) -> Callable[..., Coroutine[Any, Any, User]]:
    """A dependency that returns the caller, or raises 401 (no valid key) or 403 (role)."""

    async def dependency(request: Request, _: Credentials = None) -> User:
        service: IndexHolder = request.app.state.service
        if service.no_auth:
            return LOCAL_USER
        key = _header_key(request)
        if key is None:
            raise await _unauthorised(request, "an API key is required", "no API key")
        user = check_key(service.keys, key)
        if user is None:
            raise await _unauthorised(request, "unknown or revoked API key")
        return await _checked(request, user, role)

    return dependency


def require_reconcile(role: str) -> Callable[..., Coroutine[Any, Any, User]]:
    """Like ``require``, for clients that cannot send a header (OpenRefine): the key may be
    a path segment of the service URL, or ``REDTRACE_RECONCILE_AS`` names the user that
    keyless calls act as. Roles apply either way."""

    async def dependency(request: Request, _: Credentials = None) -> User:
        service: IndexHolder = request.app.state.service
        if service.no_auth:
            return LOCAL_USER
        key = request.path_params.get("key") or _header_key(request)
        if key:
            user = check_key(service.keys, key)
            if user is None:
                raise await _unauthorised(request, "unknown or revoked API key")
            return await _checked(request, user, role)
        name = settings.reconcile_as()
        if name:
            for user in service.keys.values():
                if user.name == name:
                    return await _checked(request, user, role)
            raise await _unauthorised(
                request, f"REDTRACE_RECONCILE_AS names {name!r}, who has no active key"
            )
        raise await _unauthorised(
            request,
            "an API key is required: in the Authorization header, or in the service URL"
            " as /reconcile/{dataset}/key/{key}",
            "no API key",
        )

    return dependency


async def _refused(request: Request, user: str, action: str, reason: str) -> None:
    """Record a refused request (never the key it offered) before it is answered."""
    recorder = request.app.state.audit
    client = request.client.host if request.client else None
    body = {"method": request.method, "path": request.url.path, "reason": reason,
            "client": client}  # fmt: skip
    await run_in_threadpool(recorder.submit, user, action, None, body)

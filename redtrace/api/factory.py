"""Uvicorn's entry point: ``redtrace.api.factory:app`` builds the app from the environment."""

from __future__ import annotations

import os

from fastapi import FastAPI

from redtrace.api.app import create_app
from redtrace.service import IndexHolder


def app() -> FastAPI:
    service = IndexHolder(no_auth=os.environ.get("REDTRACE_NO_AUTH") == "1")
    return create_app(service)

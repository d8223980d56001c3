"""Uvicorn's entry point: ``redtrace.api.factory:app`` builds the app from the environment."""

from __future__ import annotations

import os
import sys

from fastapi import FastAPI

from redtrace.api.app import create_app
from redtrace.service import IndexHolder


def app() -> FastAPI:
    no_auth = os.environ.get("REDTRACE_NO_AUTH") == "1"
    if no_auth:
        # Never silent, whoever started the server: here, and on every response header.
        print("redtrace: WARNING: authentication is OFF; every caller is an admin",
              file=sys.stderr, flush=True)  # fmt: skip
    return create_app(IndexHolder(no_auth=no_auth))

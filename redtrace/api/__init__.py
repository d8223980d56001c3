"""The HTTP service (FastAPI under uvicorn)."""

from redtrace.api.app import create_app
from redtrace.api.service import Service

__all__ = ["Service", "create_app"]

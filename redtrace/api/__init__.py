"""The HTTP face (FastAPI under uvicorn): yente-compatible screening, orders, documents."""

from redtrace.api.app import create_app

__all__ = ["create_app"]

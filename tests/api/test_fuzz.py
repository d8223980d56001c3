"""Property-based fuzzing of the OpenAPI schema (schemathesis): no request may produce a 500,
and every error comes back as a JSON envelope with its status and a message."""

from pathlib import Path
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from redtrace.api import create_app
from redtrace.service import IndexHolder as Service
from tests.api.conftest import auth


def test_no_generated_request_gives_a_server_error(
    service: Service, tmp_path: Path, keys: dict[str, str]
) -> None:
    app = create_app(service)
    with TestClient(app):  # runs the lifespan: audit writer and refresh thread
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 8
        for operation in operations:
            _fuzz(operation, auth(keys["admin"]))


def _fuzz(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, (operation.label, case.body, response.text)
        if response.status_code >= 400:
            body = response.json()
            assert body["status"] == response.status_code and body["message"], body

    run()

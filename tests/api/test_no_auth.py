"""Authentication cannot be turned off by accident (issue 24, row 7)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from redtrace.api import create_app
from redtrace.cli import main
from redtrace.service import IndexHolder


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org"])
def test_no_auth_refused_off_loopback(host: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--no-auth", "--host", host])
    assert result.exit_code == 1 and "only on a loopback host" in result.stderr


def test_environment_switch_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDTRACE_NO_AUTH", "1")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1 and "never turned off by the environment" in result.stderr


def test_no_auth_is_announced_on_every_response(service: IndexHolder) -> None:
    service.no_auth = True
    with TestClient(create_app(service)) as client:
        for path in ("/healthz", "/catalog", "/no-such-route"):
            r = client.get(path)
            assert r.headers["x-redtrace-auth"].startswith("off"), path
    service.no_auth = False
    with TestClient(create_app(service)) as client:
        assert "x-redtrace-auth" not in client.get("/healthz").headers

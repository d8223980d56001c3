"""Scheduled updates end to end over real HTTP: a mirror serves the real UN files, the monitor
fetches on its interval, loads only changed content, re-screens the watched parties, keeps
what is loaded when a fetch fails, and delivers each alert to a signed webhook with retries."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import orjson
import pytest

from redtrace.service import webhooks
from redtrace.service.monitor import watch_parties
from redtrace.service.schedule import ListMonitor
from redtrace.store import open_store
from redtrace.store.monitoring import deliveries, last_fetches
from tests.conftest import LISTS, shared_bytes

UN_OLD = LISTS / "un" / "UN_consolidated_2026-01-28.xml"
UN_NEW = LISTS / "un" / "UN_consolidated_2026-02.xml"
SECRET = "s3cret-for-the-test"


def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "mirror"
    (folder / "un_sc_sanctions").mkdir(parents=True)

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    for url in _serve(Quiet):
        monkeypatch.setenv("REDTRACE_LISTS_MIRROR", url)
        yield folder / "un_sc_sanctions" / "consolidated.xml"


@pytest.fixture()
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """A webhook receiver that checks the signature; it fails its first request."""
    got: list[dict[str, Any]] = []
    calls = [0]

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            calls[0] += 1
            ok = webhooks.verify(SECRET, self.headers["X-Redtrace-Timestamp"], body,
                                 self.headers["X-Redtrace-Signature"])  # fmt: skip
            if calls[0] == 1 or not ok:
                self.send_response(500 if ok else 401)
            else:
                got.append(orjson.loads(body))
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    for url in _serve(Hook):
        monkeypatch.setenv("REDTRACE_WEBHOOK_URL", url + "/alerts")
        monkeypatch.setenv("REDTRACE_WEBHOOK_SECRET", SECRET)
        monkeypatch.setattr(webhooks, "BASE_DELAY", 0.0)
        yield got


def test_scheduled_updates_rescreen_and_deliver(
    store_url: str, mirror: Path, receiver: list[dict[str, Any]]
) -> None:
    party = {"id": "c-1", "schema": "Person", "properties": {"name": ["Abdul Rahim Hamdan Dagalo"]}}
    with open_store(store_url) as store:
        watch_parties(store, [party])
    monitor = ListMonitor(store_url, ["un_sc_sanctions"], intervals={"*": 3600.0})

    mirror.write_bytes(shared_bytes(UN_OLD))
    outcomes, report = monitor.tick()
    assert [(o.outcome, o.version, o.alerts) for o in outcomes] == [("loaded", 1, 0)]
    assert monitor.tick()[0] == []  # not due again within its interval
    assert [o.outcome for o in monitor.tick(force=True)[0]] == ["unchanged"]

    mirror.write_bytes(shared_bytes(UN_NEW))  # the newer file designates the party
    outcomes, report = monitor.tick(force=True)
    assert [(o.outcome, o.version, o.alerts) for o in outcomes] == [("loaded", 2, 1)]
    assert report is not None and report.retrying == 1 and receiver == []
    outcomes, report = monitor.tick()  # the retry is due at once (back-off set to 0)
    assert report is not None and report.delivered == 1
    assert [(a["id"], [r["id"] for r in a["results"]]) for a in receiver] == [
        ("c-1", ["un-SDi.008"])
    ]

    mirror.write_bytes(shared_bytes(UN_NEW)[:40_000])  # a download cut short
    outcomes, _ = monitor.tick(force=True)
    assert [o.outcome for o in outcomes] == ["failed"]
    mirror.unlink()  # the mirror is down
    outcomes, _ = monitor.tick(force=True)
    assert [o.outcome for o in outcomes] == ["failed"] and "404" in outcomes[0].detail
    with open_store(store_url) as store:
        assert store.current_version("un_sc_sanctions") == 2  # what is loaded stays
        assert store.version("un_sc_sanctions").entities == 1003  # type: ignore[union-attr]
        fetched = last_fetches(store)["un_sc_sanctions"]
        assert fetched["last"]["outcome"] == "failed" and fetched["last_ok"]["version"] == 2
        assert [(d["status"], d["attempts"]) for d in deliveries(store)] == [("delivered", 2)]


def test_signature_refuses_tampering_and_replay() -> None:
    body = b'{"id": "c-1"}'
    stamp = "1700000000"
    header = webhooks.signature(SECRET, stamp, body)
    assert not webhooks.verify(SECRET, stamp, body, header)  # too old: a replay
    import time

    now = str(int(time.time()))
    header = webhooks.signature(SECRET, now, body)
    assert webhooks.verify(SECRET, now, body, header)
    assert not webhooks.verify(SECRET, now, body + b" ", header)
    assert not webhooks.verify("other", now, body, header)

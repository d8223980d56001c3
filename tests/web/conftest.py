"""The workspace served for real: ``redtrace serve`` (uvicorn) on a free port over a store
with the bundled lists, one user per role and the demonstration deck's planted schemes
checked; pages driven in Debian's Chromium through Playwright (``.ci/install-browser``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bench.deck import deck
from redtrace.service import OrderDesk, build_matcher, rescreen
from redtrace.store import Store
from redtrace.store.keys import create_key
from redtrace.store.parties import save_parties

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SCREENSHOTS = Path(__file__).parent / "screenshots"
USERS = {"vera": "viewer", "ana": "analyst", "carla": "compliance_officer",
         "dan": "compliance_officer", "ada": "admin"}  # fmt: skip


@dataclass
class Server:
    url: str
    keys: dict[str, str]
    db: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def prepared(
    snapshot_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """A store to serve (kept pristine: each server gets its own copy) and the users' keys."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/install-browser")
    db = tmp_path_factory.mktemp("prepared") / "redtrace.duckdb"
    shutil.copy(snapshot_store, db)
    with Store(db) as store:
        keys = {name: create_key(store, name, role) for name, role in USERS.items()}
        OrderDesk(store, build_matcher(store)).check_records(enumerate(deck(0), start=1))
        # A watched customer with a listed name: the re-screen raises a screening alert.
        save_parties(store, [
            {"id": "cust-kony", "schema": "Person", "properties": {"name": ["Joseph Kony"]}},
            {"id": "cust-acme", "schema": "Company", "properties": {"name": ["Acme Widgets GmbH"]}},
        ])  # fmt: skip
        assert {a["id"] for a in rescreen(store, 0.7, 0.5, ["un_sc_sanctions"])} == {"cust-kony"}
    return db, keys


def serve(db_url: str, folder: Path, keys: dict[str, str]) -> Iterator[Server]:
    """``redtrace serve`` on a free port over ``db_url`` until the caller is done."""
    port = _free_port()
    env = {**os.environ, "REDTRACE_DB": db_url, "REDTRACE_AUDIT_DB": str(folder / "audit.duckdb"),
           "REDTRACE_SESSION_SECRET": "tests-" + os.urandom(8).hex(),
           "REDTRACE_REFRESH_SECONDS": "2"}  # fmt: skip
    log = (folder / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "redtrace.cli", "serve", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("redtrace serve did not start:\n" + (folder / "serve.log").read_text())
            time.sleep(0.3)
        yield Server(url, keys, db_url)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def server(
    prepared: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The workspace on the embedded DuckDB store."""
    folder = tmp_path_factory.mktemp("web")
    db = folder / "redtrace.duckdb"
    shutil.copy(prepared[0], db)
    yield from serve(str(db), folder, prepared[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def new_page(browser: object, server: Server) -> Iterator[object]:
    """Pages of fresh browser contexts (one per person: no shared cookies)."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    contexts = []

    def make() -> object:
        context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def shot(page: object, name: str) -> None:
    """A screenshot of the page for a person to look at (tests/web/screenshots, not kept)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]

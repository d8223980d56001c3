"""The workspace on the PostgreSQL server store: the same pages, the same four eyes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from redtrace.store import open_store
from redtrace.store.copy import copy_store
from tests.web.conftest import Server, serve, shot
from tests.web.test_workspace import decide, queue_links, sign_in


@pytest.fixture(scope="module")
def pg_server(
    prepared: tuple[Path, dict[str, str]], pg_cluster: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:  # fmt: skip
    url = pg_cluster.database()
    with open_store(str(prepared[0]), read_only=True) as src, open_store(url) as dst:
        copy_store(src, dst)
    yield from serve(url, tmp_path_factory.mktemp("web-pg"), prepared[1])


@pytest.fixture()
def pg_page(browser: Any, pg_server: Server) -> Iterator[Any]:
    contexts = []

    def make() -> Page:
        context = browser.new_context(base_url=pg_server.url)
        contexts.append(context)
        page: Page = context.new_page()
        return page

    yield make
    for context in contexts:
        context.close()


def test_the_workspace_on_postgresql(pg_page: Any, pg_server: Server) -> None:
    carla: Page = pg_page()
    sign_in(carla, pg_server.keys["carla"])
    links = queue_links(carla)
    assert any("SO-S6-01" in t for t in links) and any(
        "Joseph Kony (cust-kony)" in t for t in links
    )
    decide(carla, "SO-S6-01", "Release", "false positive: a different person, passport seen")
    expect(carla.get_by_text("Awaiting second approval").first).to_be_visible()
    decide(carla, "SO-S6-01", "Confirm block", "on second thoughts")
    expect(carla.get_by_role("alert")).to_contain_text("already signed")
    dan: Page = pg_page()
    sign_in(dan, pg_server.keys["dan"])
    decide(dan, "SO-S6-01", "Release", "agree")
    expect(dan.get_by_text("Status: released")).to_be_visible()
    assert not any("SO-S6-01" in t for t in queue_links(dan))
    dan.goto("/ui/network/s4-firm2")
    expect(dan.get_by_role("list", name="Parties").get_by_role("listitem")).to_have_count(3)
    expect(dan.locator("#graph canvas").first).to_be_visible()
    dan.goto("/ui/audit")
    expect(dan.get_by_text(re.compile(r"\bintact\b"))).to_be_visible()
    shot(dan, "audit-postgresql")

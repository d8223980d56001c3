"""The analysts' workspace in a real headless Chromium, driven by the accessible roles and
names of ``../shared/spec/workspace.md``."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.web.conftest import Server, shot


def sign_in(page: Page, key: str) -> None:
    page.goto("/ui/")
    expect(page).to_have_url(re.compile(r"/ui/login$"))
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()


def decide(page: Page, order_id: str, button: str, reason: str) -> None:
    page.goto(f"/ui/orders/{order_id}")
    page.get_by_role("textbox", name="Reason").fill(reason)
    page.get_by_role("button", name=button).click()


def queue_links(page: Page) -> list[str]:
    page.goto("/ui/alerts")
    table = page.get_by_role("table", name="Alerts")
    expect(table).to_be_visible()
    return table.get_by_role("link").all_inner_texts()


def test_sign_in_and_out(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    page.goto("/ui/")
    expect(page).to_have_url(re.compile(r"/ui/login$"))
    page.get_by_label("API key").fill("rt_not-a-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not valid")
    assert not any(c["name"] == "redtrace_session" for c in page.context.cookies())
    shot(page, "login-refused")

    page.get_by_label("API key").fill(server.keys["carla"])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/ui/alerts$"))
    expect(page.get_by_text("Signed in as carla (compliance_officer)")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "redtrace_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert server.keys["carla"] not in cookie["value"]
    # The name and role are on every page.
    for path in ("/ui/lists", "/ui/screen", "/ui/audit", "/ui/orders/SO-S1-01"):
        page.goto(path)
        expect(page.get_by_text("Signed in as carla (compliance_officer)")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/ui/login$"))
    page.goto("/ui/alerts")
    expect(page).to_have_url(re.compile(r"/ui/login$"))
    # The old cookie, replayed, no longer opens a page.
    replay = httpx.get(server.url + "/ui/alerts", cookies={"redtrace_session": cookie["value"]})
    assert replay.status_code == 303 and replay.headers["location"] == "/ui/login"


def test_a_held_order_of_the_deck_is_in_the_queue_and_its_case_explains_it(
    new_page: Any, server: Server
) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["ana"])
    links = queue_links(page)
    # Every planted scheme of the deck is held (the family firms once their shared address
    # and phone show, from their second order); the listed buyer's order is a block.
    for order in ("SO-S1-01", "SO-S2-01", "SO-S4-0", "SO-S6-01", "SO-S7-01"):
        assert any(order in text for text in links), (order, links)
    shot(page, "alerts")
    rows = page.get_by_role("table", name="Alerts").get_by_role("row")
    expect(rows.filter(has_text="SO-S6-01")).to_contain_text("high")

    page.get_by_role("link", name=re.compile("SO-S6-01")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SO-S6-01")
    # The list match with its references and explanation; the flag with its source.
    expect(page.get_by_text("un_sc_sanctions:CFi.009").first).to_be_visible()
    expect(page.get_by_text("name 'Joseph Kony' ~ name 'JOSEPH KONY'").first).to_be_visible()
    flags = page.get_by_role("list", name="Flags")
    expect(flags).to_contain_text("LIST_MATCH")
    expect(flags).to_contain_text("Source: 15 CFR 732")
    expect(page.get_by_role("table", name="Goods")).to_contain_text("Satellite navigation")
    expect(page.get_by_role("link", name="Network").first).to_be_visible()
    # An analyst reads the case but is offered no decision.
    expect(page.get_by_role("button", name="Release")).to_have_count(0)
    expect(page.get_by_role("button", name="Confirm block")).to_have_count(0)
    expect(page.get_by_role("link", name="Audit")).to_have_count(0)
    shot(page, "case-analyst")

    # Asked for directly, what is above the role answers 403.
    assert page.request.get("/ui/audit").status == 403
    refused = page.request.post("/ui/orders/SO-S6-01/decide",
                                form={"action": "release", "reason": "fine", "csrf": "x"})  # fmt: skip
    assert refused.status == 403


def test_filters_narrow_the_queue(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["ana"])
    page.goto("/ui/alerts")
    page.get_by_label("Severity").select_option("high")
    page.get_by_role("button", name="Filter").click()
    links = page.get_by_role("table", name="Alerts").get_by_role("link").all_inner_texts()
    assert any("SO-S6-01" in t for t in links)
    assert not any("SO-S1-01" in t for t in links)  # a review is medium
    expect(page.get_by_text(re.compile(r"\d+ of \d+ open alerts"))).to_be_visible()


def test_a_viewer_sees_the_lists_only(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["vera"])
    expect(page).to_have_url(re.compile(r"/ui/lists$"))  # the first page a viewer may open
    assert page.request.get("/ui/alerts").status == 403
    page.goto("/ui/alerts")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    page.goto("/ui/lists")
    datasets = page.get_by_role("table", name="Datasets")
    expect(datasets).to_contain_text("un_sc_sanctions")
    expect(datasets).to_contain_text("2026-02-27")
    expect(page.get_by_role("link", name="Alerts")).to_have_count(0)
    shot(page, "lists")


def test_four_eyes_on_a_blocked_order(new_page: Any, server: Server) -> None:
    carla: Page = new_page()
    sign_in(carla, server.keys["carla"])
    carla.goto("/ui/orders/SO-S6-01")
    # No reason, no decision: the form asks for one.
    carla.get_by_role("button", name="Release").click()
    expect(carla.get_by_text("Awaiting second approval")).to_have_count(0)

    decide(carla, "SO-S6-01", "Release", "false positive: a different person, passport and date of birth seen")
    expect(carla.get_by_text("Awaiting second approval").first).to_be_visible()
    expect(carla.get_by_role("table", name="History")).to_contain_text("carla")
    assert any("SO-S6-01" in t for t in queue_links(carla))
    shot(carla, "alerts-awaiting")

    decide(carla, "SO-S6-01", "Release", "again")
    expect(carla.get_by_role("alert")).to_contain_text("already signed")
    expect(carla.get_by_text("Awaiting second approval").first).to_be_visible()
    shot(carla, "case-refused")

    dan: Page = new_page()
    sign_in(dan, server.keys["dan"])
    decide(dan, "SO-S6-01", "Release", "agree: passport number differs from the listed one")
    history = dan.get_by_role("table", name="History")
    expect(history).to_contain_text("dan")
    expect(history).to_contain_text("carla")
    expect(dan.get_by_role("button", name="Release")).to_have_count(0)
    assert not any("SO-S6-01" in t for t in queue_links(dan))

    dan.goto("/ui/audit")
    audit = dan.get_by_role("table", name="Audit")
    expect(dan.get_by_text(re.compile(r"\bintact\b"))).to_be_visible()
    rows = audit.get_by_role("row").filter(has_text="SO-S6-01")
    expect(rows.filter(has_text="orders.release").filter(has_text="carla")).to_have_count(1)
    expect(rows.filter(has_text="orders.refused").filter(has_text="carla")).to_have_count(1)
    expect(rows.filter(has_text="orders.release").filter(has_text="dan")).to_have_count(1)
    shot(dan, "audit")

    # The case as a file to hand on, with both signatures and the list match.
    report = dan.request.get("/ui/orders/SO-S6-01/report")
    assert report.status == 200
    assert report.headers["content-disposition"].startswith("attachment")
    html = report.text()
    assert "<script" not in html and "/ui/static" not in html
    for fact in ("SO-S6-01", "un_sc_sanctions:CFi.009", "LIST_MATCH", "carla", "dan",
                 "passport number differs", "released"):  # fmt: skip
        assert fact in html, fact


def test_two_officers_confirm_a_block(new_page: Any, server: Server) -> None:
    carla: Page = new_page()
    sign_in(carla, server.keys["carla"])
    decide(carla, "SO-S7-01", "Confirm block", "CHPL chips to Russia, no licence")
    expect(carla.get_by_text("Awaiting second approval").first).to_be_visible()
    shot(carla, "case-awaiting")
    dan: Page = new_page()
    sign_in(dan, server.keys["dan"])
    decide(dan, "SO-S7-01", "Confirm block", "agree")
    expect(dan.get_by_text("Status: blocked")).to_be_visible()
    expect(dan.get_by_role("table", name="History")).to_contain_text("confirmed block")
    assert not any("SO-S7-01" in t for t in queue_links(dan))


def test_a_review_needs_one_officer(new_page: Any, server: Server) -> None:
    dan: Page = new_page()
    sign_in(dan, server.keys["dan"])
    # The split nitric-acid orders are held for review once the split shows.
    held = [m.group() for t in queue_links(dan) if (m := re.search(r"SO-S5-0\d", t))]
    assert held, "a split order of scheme S5 is in the queue"
    order = held[0]
    decide(dan, order, "Release", "workshop buys nitric acid for gold testing; invoice seen")
    expect(dan.get_by_text("Status: released")).to_be_visible()
    assert not any(order in t for t in queue_links(dan))


def test_forms_need_the_session_token(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["carla"])
    forged = page.request.post("/ui/orders/SO-S3-01/decide",
                               form={"action": "release", "reason": "forged"})  # fmt: skip
    assert forged.status == 403
    page.goto("/ui/orders/SO-S3-01")
    expect(page.get_by_role("table", name="History")).not_to_contain_text("forged")


def test_new_alerts_appear_without_a_restart(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["ana"])
    assert not any("SO-NEW-01" in t for t in queue_links(page))
    order = {"id": "SO-NEW-01", "date": "2024-09-01",
             "seller": {"id": "sel", "schema": "Company", "properties": {"name": ["Demo Seller GmbH"], "country": ["de"]}},
             "buyer": {"id": "new-buyer", "schema": "Person", "properties": {"name": ["Joseph Kony"], "country": ["ug"]}},
             "items": [{"line": 1, "description": "GNSS receiver module", "hs_code": "852691",
                        "quantity": 2, "unit": "pcs", "unit_price": 90, "currency": "EUR"}]}  # fmt: skip
    response = httpx.post(server.url + "/orders/check", json={"orders": [order]},
                          headers={"Authorization": f"ApiKey {server.keys['ana']}"}, timeout=60)  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["decision"] == "block"
    assert any("SO-NEW-01" in t for t in queue_links(page))


def test_screen_one_name(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["ana"])
    page.goto("/ui/screen")
    page.get_by_role("textbox", name="Name").fill("Joseph Kony")
    page.get_by_role("combobox", name="Schema").select_option("Person")
    page.get_by_role("button", name="Screen").click()
    results = page.get_by_role("table", name="Results")
    expect(results).to_contain_text("JOSEPH KONY")
    expect(results).to_contain_text("un_sc_sanctions:CFi.009")
    expect(results.get_by_role("row").nth(1)).to_contain_text("1.00")
    shot(page, "screen")


def test_the_network_of_the_family_cluster(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["ana"])
    # From the case of one family firm's order to its network.
    page.goto("/ui/orders/SO-S4-02")
    page.get_by_role("link", name="Network").first.click()
    expect(page).to_have_url(re.compile(r"/ui/network/s4-firm1$"))
    parties = page.get_by_role("list", name="Parties").get_by_role("listitem")
    expect(parties).to_have_count(3)
    names = sorted(parties.all_inner_texts())
    assert names == ["Kaya Insaat Malzemeleri", "Kaya Kardesler Ticaret", "Kaya Tarim Urunleri"]
    reasons = page.get_by_role("list", name="Reasons")
    expect(reasons).to_contain_text("3 parties share 1 address(s) and 1 phone(s)")
    expect(reasons).to_contain_text("ceylanpinar")
    # The drawing: Cytoscape's canvases, with every node of the view.
    graph = page.locator("#graph")
    expect(graph.locator("canvas").first).to_be_visible()
    expect(graph).to_have_attribute("data-drawn", re.compile(r"^\d+$"))
    assert int(graph.get_attribute("data-drawn") or 0) >= 3 + 3 + 2  # parties, orders, ties
    shot(page, "network")
    # A click (a tap) on an order's node opens its case; on a party's, its network.
    page.evaluate("window.redtraceGraph.getElementById('order:SO-S4-03').emit('tap')")
    expect(page).to_have_url(re.compile(r"/ui/orders/SO-S4-03$"))
    page.go_back()
    page.wait_for_function("window.redtraceGraph !== undefined")
    page.evaluate(
        "window.redtraceGraph.nodes().filter(n => n.data('label') === 'Kaya Tarim Urunleri')"
        ".emit('tap')"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Network of Kaya Tarim Urunleri")
    # The same page by redtrace's own party id.
    assert page.request.get("/ui/network/no-such-party").status == 404


def test_security_headers_and_no_500(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["carla"])
    response = page.request.get("/ui/alerts")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    for path in ("/ui/orders/%00", "/ui/orders/" + "x" * 5000, "/ui/network/%F0%9F%92%A5",
                 "/ui/screening/none", "/ui/lists?dataset=nope&from=a&to=-1",
                 "/ui/lists?dataset=un_sc_sanctions&from=1&to=99", "/ui/alerts?kind=%00"):  # fmt: skip
        assert page.request.get(path).status < 500, path


def test_assign_to_oneself_and_comment(new_page: Any, server: Server) -> None:
    page: Page = new_page()
    sign_in(page, server.keys["ana"])
    page.goto("/ui/alerts")
    row = page.get_by_role("table", name="Alerts").get_by_role("row").filter(has_text="SO-S2-01")
    expect(row).to_contain_text("nobody")
    row.get_by_role("button", name="Assign to me").click()
    expect(page).to_have_url(re.compile(r"/ui/alerts$"))
    page.get_by_label("Assignee").select_option("me")
    page.get_by_role("button", name="Filter").click()
    links = page.get_by_role("table", name="Alerts").get_by_role("link").all_inner_texts()
    assert links == ["Order SO-S2-01"]

    page.get_by_role("link", name=re.compile("SO-S2-01")).click()
    expect(page.get_by_text("Assigned to: ana")).to_be_visible()
    page.get_by_role("textbox", name="Comment").fill("asked the seller for the end-user statement")
    page.get_by_role("button", name="Add comment").click()
    history = page.get_by_role("table", name="History")
    expect(history).to_contain_text("asked the seller for the end-user statement")
    expect(history).to_contain_text("assigned to ana")
    shot(page, "case-comment")


def test_a_screening_hit_cleared_as_a_false_positive(new_page: Any, server: Server) -> None:
    ana: Page = new_page()
    sign_in(ana, server.keys["ana"])
    ana.goto("/ui/alerts")
    ana.get_by_label("Kind").select_option("screening")
    ana.get_by_role("button", name="Filter").click()
    links = ana.get_by_role("table", name="Alerts").get_by_role("link")
    expect(links).to_have_count(1)
    expect(links.first).to_have_text("Joseph Kony (cust-kony)")  # the screened party's name
    links.first.click()
    expect(ana.get_by_role("heading", level=1)).to_contain_text("cust-kony")
    expect(ana.get_by_text("un_sc_sanctions:CFi.009").first).to_be_visible()
    expect(ana.get_by_role("button", name="False positive")).to_have_count(0)

    carla: Page = new_page()
    sign_in(carla, server.keys["carla"])
    carla.goto("/ui/screening/cust-kony")
    carla.get_by_role("textbox", name="Reason").fill(
        "our customer is born 1990 in Kampala, a namesake"
    )
    carla.get_by_role("button", name="False positive").click()
    history = carla.get_by_role("table", name="History")
    expect(history).to_contain_text("false positive")
    expect(history).to_contain_text("born 1990 in Kampala")
    expect(carla.get_by_role("button", name="False positive")).to_have_count(0)
    shot(carla, "screening-cleared")
    assert not any("cust-kony" in t for t in queue_links(carla))
    carla.goto("/ui/audit")
    expect(carla.get_by_role("table", name="Audit")).to_contain_text("screening.false_positive")

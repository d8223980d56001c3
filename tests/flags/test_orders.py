"""Orders on the demonstration deck: every planted scheme caught, legitimate trade passes,
bad orders rejected line by line, holds released only by compliance officers (four eyes)."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.deck import deck
from redtrace.cli import main
from redtrace.flags import Checker, History, document, ruleset
from redtrace.service import build_matcher
from redtrace.store import Store


@pytest.fixture(scope="module")
def checked(snapshot_store: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    with Store(snapshot_store, read_only=True) as store:
        matcher = build_matcher(store)
    checker = Checker(matcher, History(), 0.7, 0.5)
    orders = deck(400)
    return [(o, checker.check(o)) for o in orders]


def _by_id(checked: list[tuple[dict[str, Any], dict[str, Any]]], oid: str) -> dict[str, Any]:
    return next(r for o, r in checked if o["id"] == oid)


def _codes(result: dict[str, Any]) -> set[str]:
    return {f["code"] for f in result["flags"]}


def test_every_scheme_is_caught_with_the_flag_that_explains_it(
    checked: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    expected = {
        "SO-S1-01": {"GOODS_OUTSIDE_BUSINESS", "RETAILER_BULK_PRECURSOR", "DIVERSION_ROUTE"},
        "SO-S2-01": {"PAYER_UNRELATED", "NEW_COMPANY_NO_WEB_PRESENCE", "DIVERSION_ROUTE"},
        "SO-S3-03": {"PAYER_FOR_MANY_BUYERS", "PAYER_UNRELATED"},
        "SO-S4-03": {"SHARED_IDENTIFIERS"},
        "SO-S5-03": {"SPLIT_BELOW_THRESHOLD"},
        "SO-S6-01": {"LIST_MATCH"},
        "SO-S7-01": {"LICENCE_MISSING"},
    }
    for oid, codes in expected.items():
        result = _by_id(checked, oid)
        assert result["decision"] in ("review", "block"), oid
        assert codes <= _codes(result), (oid, _codes(result))
    assert _by_id(checked, "SO-S6-01")["decision"] == "block"
    assert _by_id(checked, "SO-S7-01")["decision"] == "block"
    schemes = {o["_scheme"] for o, _ in checked if "_scheme" in o}
    caught = {o["_scheme"] for o, r in checked if "_scheme" in o and r["decision"] != "pass"}
    assert caught == schemes


def test_legitimate_orders_rarely_alert(
    checked: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    legit = [r for o, r in checked if "_scheme" not in o]
    alerts = [r for r in legit if r["decision"] != "pass"]
    assert len(alerts) / len(legit) <= 0.03


def test_output_follows_the_contract(checked: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    result = _by_id(checked, "SO-S1-01")
    assert {"id", "decision", "score", "flags", "matches", "goods", "versions"} <= set(result)
    flag = next(f for f in result["flags"] if f["code"] == "GOODS_OUTSIDE_BUSINESS")
    assert flag["severity"] == "high" and flag["party"] == "buyer" and flag["item"] == 1
    assert "mobile phone retail" in flag["explanation"] and "6000 kg" in flag["explanation"]
    assert flag["evidence"]["hs"] == "760320" and flag["rule"].startswith("goods-outside-business@")
    assert result["goods"][0]["controls"][0]["regime"] == "eu_2019_1148"
    assert result["versions"]["rules"] == ruleset()[0]
    listed = _by_id(checked, "SO-S6-01")
    assert listed["matches"][0]["party"] == "buyer"
    assert listed["matches"][0]["results"][0]["list_refs"]


def test_rules_are_data_and_documented() -> None:
    version, rules = ruleset()
    assert version and len(rules) >= 15
    doc = document()
    for rule in rules:
        assert rule.code in doc and rule.source


def test_cli_rejects_bad_orders_line_by_line_and_releases(db: Path, shared_lists: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["lists", "load", str(shared_lists / "un" / "UN_consolidated_2026-02.xml")]
        ).exit_code
        == 0
    )
    orders = deck(30)
    lines = [json.dumps(o) for o in orders]
    lines.insert(3, "{not json")
    bad = dict(orders[0], id="BAD-1", date="2024-02-30")
    lines.insert(5, json.dumps(bad))
    bad2 = dict(orders[1], id="BAD-2", items=[{"description": "x", "quantity": -5}])
    lines.insert(7, json.dumps(bad2))
    result = runner.invoke(main, ["orders", "check"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == len(lines)  # nothing dropped
    errors = {o["id"]: o["error"]["message"] for o in out if "error" in o}
    assert errors["BAD-1"].startswith("line 6: date") and "BAD-2" in errors
    assert "items.0.quantity" in errors["BAD-2"] and any(k is None for k in errors)
    blocked = next(o["id"] for o in out if o.get("decision") == "block")

    for name, role in (
        ("ana", "analyst"),
        ("carla", "compliance_officer"),
        ("dev", "compliance_officer"),
    ):
        assert runner.invoke(main, ["users", "add", name, "--role", role]).exit_code == 0
    denied = runner.invoke(
        main, ["orders", "release", blocked, "--by", "ana", "--reason", "known customer"]
    )
    assert denied.exit_code != 0 and "compliance_officer" in denied.stderr
    first = runner.invoke(
        main,
        [
            "orders",
            "release",
            blocked,
            "--by",
            "carla",
            "--reason",
            "false positive: different DOB",
        ],
    )
    assert first.exit_code == 0 and "awaiting second release" in first.stdout
    again = runner.invoke(
        main, ["orders", "release", blocked, "--by", "carla", "--reason", "again"]
    )
    assert again.exit_code != 0 and "second person" in again.stderr
    second = runner.invoke(
        main, ["orders", "release", blocked, "--by", "dev", "--reason", "agree, cleared"]
    )
    assert second.exit_code == 0 and "released" in second.stdout
    held = runner.invoke(main, ["orders", "held"])
    assert blocked not in held.stdout
    # Or two officers confirm the block of another one, and it leaves the queue as blocked.
    other = next(o["id"] for o in out if o.get("decision") == "block" and o["id"] != blocked)
    first = runner.invoke(
        main, ["orders", "block", other, "--by", "carla", "--reason", "no licence"]
    )
    assert first.exit_code == 0 and "awaiting second block" in first.stdout
    again = runner.invoke(main, ["orders", "release", other, "--by", "carla", "--reason", "hm"])
    assert again.exit_code != 0 and "second person" in again.stderr
    second = runner.invoke(main, ["orders", "block", other, "--by", "dev", "--reason", "agree"])
    assert second.exit_code == 0 and f"{other}: blocked" in second.stdout
    assert other not in runner.invoke(main, ["orders", "held"]).stdout


def test_history_persists_across_runs(db: Path, shared_lists: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["lists", "load", str(shared_lists / "us_bis" / "mieu.csv")])
    orders = [o for o in deck(0) if o["id"].startswith("SO-S5")]
    first = runner.invoke(
        main, ["orders", "check"], input="\n".join(json.dumps(o) for o in orders[:2]) + "\n"
    )
    assert "SPLIT_BELOW_THRESHOLD" not in first.stdout
    second = runner.invoke(
        main, ["orders", "check"], input="\n".join(json.dumps(o) for o in orders[2:]) + "\n"
    )
    assert "SPLIT_BELOW_THRESHOLD" in second.stdout  # earlier orders came from the store

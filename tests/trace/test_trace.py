import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.deck import deck
from redtrace.cli import main
from redtrace.trace.ownership import Ownership
from tests.conftest import SHARED

ZALA = SHARED / "data" / "ftm" / "yente_fixtures" / "zala" / "entities.ftm.json"


@pytest.fixture()
def traced(db: Path, shared_lists: Path) -> CliRunner:
    runner = CliRunner()
    assert (
        runner.invoke(
            main,
            ["lists", "load", str(shared_lists / "un" / "UN_consolidated_2026-02.xml"), str(ZALA)],
        ).exit_code
        == 0
    )
    text = "\n".join(json.dumps(o) for o in deck(60)) + "\n"
    assert runner.invoke(main, ["orders", "check", "-o", "/dev/null"], input=text).exit_code == 0
    return runner


def test_family_firms_are_one_cluster(traced: CliRunner) -> None:
    out = traced.invoke(main, ["trace", "clusters"]).stdout
    clusters = [json.loads(x) for x in out.splitlines()]
    family = [c for c in clusters if any("Kaya" in m["caption"] for m in c["members"])]
    assert len(family) == 1
    members = {m["caption"] for m in family[0]["members"]}
    assert members == {"Kaya Insaat Malzemeleri", "Kaya Tarim Urunleri", "Kaya Kardesler Ticaret"}
    assert {t["type"] for t in family[0]["shared"]} == {"address", "phone"}
    phone = next(t for t in family[0]["shared"] if t["type"] == "phone")
    assert phone["value"] == "+904140000077"  # E.164
    assert 0 < family[0]["risk"] <= 1 and family[0]["reasons"]
    assert any("s4-firm0" in m["source_ids"] for m in family[0]["members"])


def test_uk_front_company_is_linked_to_the_phone_shop(traced: CliRunner) -> None:
    out = traced.invoke(main, ["trace", "path", "s2-front", "s2-consignee"])
    assert out.exit_code == 0
    hops = json.loads(out.stdout)["paths"][0]["hops"]
    assert hops[0]["relation"] == "ships to" and hops[0]["evidence"]["order"].startswith("SO-S2")
    view = json.loads(traced.invoke(main, ["trace", "s2-front", "--depth", "2"]).stdout)
    labels = {n.get("label") for n in view["nodes"]}
    assert "Bosphorus Dis Ticaret A.S." in labels  # the unrelated Istanbul payer
    assert "Gaziantep Mobil Cep Telefonu Ltd" in labels
    graphml = traced.invoke(main, ["trace", "s2-front", "--format", "graphml"]).stdout
    assert "<graphml" in graphml
    entities = [
        json.loads(x)
        for x in traced.invoke(main, ["trace", "s2-front", "--format", "ftm"]).stdout.splitlines()
    ]
    link = next(e for e in entities if e["schema"] == "UnknownLink")
    assert (
        link["properties"]["role"] == ["ships to"]
        and "SO-S2" in link["properties"]["description"][0]
    )
    front = next(e for e in entities if "s2-front" in e.get("source_ids", []))
    assert front["properties"]["email"] == ["albion.aero.supplies@gmail.com"]


def test_ownership_chains_on_the_real_fixture(traced: CliRunner) -> None:
    out = traced.invoke(
        main, ["trace", "ownership", "NK-abdzbEBkqyT29GyREbiURZ", "--date", "2024-01-01"]
    )
    result = json.loads(out.stdout)
    assert result["blocked_by_50_percent_rule"] and result["listed_ownership_pct"] == 100.0
    owners = {c[-1]["owner_caption"]: c[-1]["percentage"] for c in result["chains"]}
    assert owners == {"Alexander Vyacheslavovich ZAKHAROV": 51.0, "JSC Kalashnikov Concern": 49.0}
    before = json.loads(
        traced.invoke(
            main, ["trace", "ownership", "NK-abdzbEBkqyT29GyREbiURZ", "--date", "2016-01-01"]
        ).stdout
    )
    assert before["listed_ownership_pct"] == 51.0  # Kalashnikov's 49 % started in March 2016


def _own(oid: str, owner: str, asset: str, pct: str) -> dict[str, Any]:
    return {
        "id": oid,
        "schema": "Ownership",
        "properties": {"owner": [owner], "asset": [asset], "percentage": [pct]},
    }


def test_aggregate_indirect_ownership_over_fifty_percent() -> None:
    # Fictional: Tarsus Holding is owned 60 % by listed A; the buyer 30 % by listed B directly
    # and 40 % by Tarsus Holding: 30 + 0.6 * 40 = 54 % in aggregate.
    entities = {e["id"]: e for e in [
        {"id": "buyer", "schema": "Company", "caption": "Buyer Ltd", "properties": {}},
        {"id": "holding", "schema": "Company", "caption": "Tarsus Holding", "properties": {}},
        {"id": "a", "schema": "Person", "caption": "Listed A", "properties": {}},
        {"id": "b", "schema": "Person", "caption": "Listed B", "properties": {}},
        _own("o1", "b", "buyer", "30"), _own("o2", "holding", "buyer", "40"), _own("o3", "a", "holding", "60"),
    ]}  # fmt: skip
    result = Ownership(entities, listed={"a", "b"}).fifty_percent("buyer", "2025-01-01")
    assert result["listed_ownership_pct"] == 54.0 and result["blocked_by_50_percent_rule"]
    chain = next(c for c in result["chains"] if len(c) == 2)
    assert [s["owner"] for s in chain] == ["holding", "a"]
    below = Ownership(entities, listed={"a"}).fifty_percent("buyer", "2025-01-01")
    assert below["listed_ownership_pct"] == 24.0 and not below["blocked_by_50_percent_rule"]


def _order(oid: str, seller: str, buyer: dict[str, Any]) -> dict[str, Any]:
    return {"id": oid, "date": "2024-05-02", "seller": {"id": seller, "schema": "Company", "properties": {"name": [seller]}},
            "buyer": buyer, "items": [{"description": "aluminium paste", "hs_code": "7603.20", "quantity": 500, "unit": "kg"}]}  # fmt: skip


def test_resolution_by_rule_person_veto_and_undo(db: Path, shared_lists: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["lists", "load", str(shared_lists / "us_bis" / "mieu.csv")])
    a = {"id": "C-981", "schema": "Company", "properties": {"name": ["Yildiz Iletisim Ltd Sti"], "country": ["tr"],
         "phone": ["+90 414 000 0000"]}}  # fmt: skip
    b = {"id": "44120", "schema": "Company", "properties": {"name": ["Yıldız İletişim Limited Şirketi"], "country": ["tr"],
         "phone": ["0414 000 00 00"]}}  # fmt: skip
    text = (
        "\n".join(
            json.dumps(o) for o in (_order("SO-1", "SELLER1", a), _order("SO-2", "SELLER2", b))
        )
        + "\n"
    )
    assert runner.invoke(main, ["orders", "check", "-o", "/dev/null"], input=text).exit_code == 0
    resolved = runner.invoke(main, ["trace", "resolve"])
    pair = json.loads(resolved.stdout.splitlines()[0])
    assert pair["shared"] == ["phone:+904140000000"] and pair["score"] >= 0.9
    assert "1 judged the same by rule" in resolved.stderr
    view = json.loads(runner.invoke(main, ["trace", "C-981", "--depth", "1"]).stdout)
    party = next(n for n in view["nodes"] if n["id"] == view["entity"])
    assert len(party["merged"]) == 1  # the two source records are one party now
    veto = runner.invoke(
        main,
        [
            "trace",
            "judge",
            "C-981",
            "44120",
            "different",
            "--by",
            "carla",
            "--reason",
            "different tax numbers",
        ],
    )
    assert veto.exit_code == 0
    split = json.loads(runner.invoke(main, ["trace", "C-981", "--depth", "1"]).stdout)
    assert "merged" not in next(n for n in split["nodes"] if n["id"] == split["entity"])
    seq = int(veto.stdout.split()[1].rstrip(":"))
    assert runner.invoke(main, ["trace", "undo", str(seq)]).exit_code == 0
    again = json.loads(runner.invoke(main, ["trace", "44120", "--depth", "1"]).stdout)
    assert len(next(n for n in again["nodes"] if n["id"] == again["entity"])["merged"]) == 1


def test_a_buyer_owned_by_listed_parties_is_blocked_with_the_chain(
    db: Path, shared_lists: Path
) -> None:
    from tests.conftest import FIXTURES

    runner = CliRunner()
    load = runner.invoke(
        main,
        [
            "lists",
            "load",
            str(FIXTURES / "ownership" / "entities.ftm.json"),
            "--dataset",
            "ftm_demo",
        ],
    )
    assert load.exit_code == 0, load.stderr
    buyer = {
        "id": "ap-1",
        "schema": "Company",
        "properties": {"name": ["Anatolia Precision Parts Ltd"], "country": ["tr"]},
    }
    order = _order("SO-OWN-1", "SELLER1", buyer)
    out = runner.invoke(main, ["orders", "check"], input=json.dumps(order) + "\n")
    result = json.loads(out.stdout)
    assert result["decision"] == "block"
    flag = next(f for f in result["flags"] if f["code"] == "OWNED_BY_LISTED")
    assert flag["evidence"]["share"] == 56.0
    assert (
        "Selin Vardar 70 %" in flag["explanation"]
        and "ofac-50-percent@2014-08-13" in flag["explanation"]
    )
    chain = flag["evidence"]["chains"][0]
    assert [s["owner"] for s in chain] == ["own-c-1", "own-p-1"]


def test_directorships_and_ownerships_of_the_fixture_are_edges(traced: CliRunner) -> None:
    view = json.loads(
        traced.invoke(main, ["trace", "NK-abdzbEBkqyT29GyREbiURZ", "--depth", "1"]).stdout
    )
    relations = {e["relation"] for e in view["edges"]}
    assert {"owns", "directs"} <= relations
    directs = next(e for e in view["edges"] if e["relation"] == "directs")
    assert directs["evidence"]["schema"] == "Directorship" and directs["evidence"]["entity"]
    owns = [e for e in view["edges"] if e["relation"] == "owns"]
    assert {e["evidence"].get("percentage") for e in owns} >= {"51", "49"}


ARTICLE = """Drone engines traced to a UK front company

Investigators said Albion Aero Supplies Ltd bought turbine engines for ISIS. Albion Aero
Supplies Ltd shipped them to Gaziantep Mobil Cep Telefonu Ltd in Turkey. The Islamic State
in Iraq and the Levant used such engines in its drones. The engines were paid by Anatolian
Payments Ltd.
"""


def test_document_facts_join_the_graph(traced: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = traced.invoke(main, ["ingest", str(article), "-o", str(tmp_path / "facts.jsonl")])
    assert out.exit_code == 0, out.output
    result = json.loads(traced.invoke(main, ["trace", "path", "s2-front", "un-QDe.115"]).stdout)
    hops = result["paths"][0]["hops"]
    # The order party is named in the document, which names ISIS, which is the UN entry.
    assert [h["relation"] for h in hops] == ["named in", "named in", "is list entry"]
    span = hops[0]["evidence"]["span"]
    assert ARTICLE[span[0] : span[1]] == "Albion Aero Supplies Ltd"
    stated = json.loads(traced.invoke(main, ["trace", "s2-front", "--depth", "1"]).stdout)
    consignee = [e for e in stated["edges"]
                 if e["relation"] == "consignee" and "sentence" in e["evidence"]]  # fmt: skip
    assert "shipped them to" in consignee[0]["evidence"]["sentence"]["text"]
    # A relation whose subject the sentence does not name ("The engines were paid by") ties
    # its object to the document.
    payer = traced.invoke(main, ["trace", "Anatolian Payments Ltd", "--depth", "1"]).stdout
    assert any(e["relation"] == "payer" for e in json.loads(payer)["edges"])
    # Ingesting the same document again replaces its facts: no duplicate edges.
    traced.invoke(main, ["ingest", str(article), "-o", str(tmp_path / "facts2.jsonl")])
    again = json.loads(traced.invoke(main, ["trace", "s2-front", "--depth", "1"]).stdout)
    assert len(again["edges"]) == len(stated["edges"])


def test_a_shared_website_ties_parties() -> None:
    from redtrace.trace import normal
    from redtrace.trace.clusters import clusters
    from redtrace.trace.graph import PartyGraph

    assert normal.website("https://www.Kaya-Group.com.tr/about") == "kaya-group.com.tr"
    assert normal.website("not a site") is None
    graph = PartyGraph()
    for n, (name, site) in enumerate([("Kaya Tarim", "https://www.kaya-group.com.tr/tarim"),
                                      ("Anadolu Pompa", "kaya-group.com.tr")]):  # fmt: skip
        buyer = {"id": f"b{n}", "schema": "Company",
                 "properties": {"name": [name], "country": ["tr"], "website": [site]}}  # fmt: skip
        graph.add_order({"id": f"O-{n}", "seller": {"id": "S1"}, "buyer": buyer}, None)
    [cluster] = clusters(graph, 2)
    assert cluster["shared"] == [
        {"type": "website", "value": "kaya-group.com.tr", "members": ["p-1", "p-2"]}
    ]

"""Order judgement (issue #15): embargoes and licences by destination and item, business fit
by sector, end use only where a rule needs it, several plausible headings, units, related
payers, weighed decisions, and an order checked twice giving one decision."""

from pathlib import Path
from typing import Any

import pytest

from redtrace.flags import Checker, History
from redtrace.flags.order import Order
from redtrace.screen import Matcher
from redtrace.service import build_matcher
from redtrace.service.orders import OrderDesk
from redtrace.store import Store

SELLERS = {
    "de": ("Rheinland Chemiehandel GmbH", "chemical distribution"),
    "se": ("Bergslagen Sprängteknik AB", "manufacture of explosives"),
    "us": ("Lakeshore Electronics Supply Inc.", "electronic parts distribution"),
    "gb": ("Thames Components Ltd", "electronic component distribution"),
}


@pytest.fixture(scope="module")
def matcher(snapshot_store: Path) -> Matcher:
    with Store(snapshot_store, read_only=True) as store:
        return build_matcher(store)


def order(
    oid: str,
    buyer: dict[str, Any],
    item: dict[str, Any],
    seller: str = "de",
    day: str = "2025-11-03",
    **extra: Any,
) -> dict[str, Any]:
    name, sector = SELLERS[seller]
    country = buyer["properties"]["country"][0]
    record: dict[str, Any] = {
        "id": oid, "date": day,
        "seller": {"id": f"s-{seller}", "schema": "Company",
                   "properties": {"name": [name], "country": [seller], "sector": [sector]}},
        "buyer": buyer, "consignee": {"same_as": "buyer"}, "payer": {"same_as": "buyer"},
        "items": [dict({"line": 1}, **item)],
        "payment": {"method": "wire", "currency": "EUR", "from_country": country},
        "route": {"ship_from": seller, "ship_to": country},
        "declared_end_use": None,
    }  # fmt: skip
    record.update(extra)
    return record


def company(pid: str, name: str, country: str, sector: str, **props: str) -> dict[str, Any]:
    properties = {"name": [name], "country": [country], "sector": [sector]}
    properties.update({k: [v] for k, v in props.items()})
    return {"id": pid, "schema": "Company", "properties": properties}


def check(matcher: Matcher, *orders: dict[str, Any]) -> list[dict[str, Any]]:
    checker = Checker(matcher, History(), 0.7, 0.5)
    return [checker.check(o) for o in orders]


def codes(result: dict[str, Any]) -> set[str]:
    return {f["code"] for f in result["flags"]}


DETONATORS = {"description": "electric detonators, delay series", "hs_code": "3603.60",
              "quantity": 800, "unit": "pcs"}  # fmt: skip


def test_detonators_to_syria_block_as_an_embargo(matcher: Matcher) -> None:
    buyer = company("b1", "Tal Abyad Mining Co.", "sy", "mining", address="Tal Abyad, Raqqa")
    licence = {"type": "explosives transfer licence", "number": "SE-2025-1", "holder": "seller"}
    (result,) = check(matcher, order("O1", buyer, DETONATORS, "se", licences=[licence]))
    assert result["decision"] == "block"
    flag = next(f for f in result["flags"] if f["code"] == "EMBARGOED_DESTINATION")
    assert "sy" in flag["explanation"] and "36/2012" in flag["explanation"]
    assert flag["red_flag"] == "KYC_ABNORMAL_ROUTE"


def test_an_explosives_licence_lifts_a_non_state_arms_embargo_but_not_syria(
    matcher: Matcher,
) -> None:
    licence = {"type": "explosives export licence", "number": "SE-2025-7", "holder": "seller"}
    iraq = company("b17", "Zagros Oilfield Services LLC", "iq", "oilfield services")
    syria = company("b18", "Raqqa Oilfield Services", "sy", "oilfield services")
    to_iq, to_sy = check(matcher, *(order(f"O{n}", b, DETONATORS, "se", licences=[licence])
                                    for n, b in ((17, iraq), (18, syria))))  # fmt: skip
    assert to_iq["decision"] == "pass"
    assert to_sy["decision"] == "block"
    named = dict(licence, destinations=["sy"])
    (to_sy_named,) = check(matcher, order("O19", syria, DETONATORS, "se", licences=[named]))
    assert "EMBARGOED_DESTINATION" not in codes(to_sy_named)


@pytest.mark.parametrize(
    ("country", "city", "item", "seller"),
    [
        ("kp", "Pyongyang", {"description": "GPS module", "hs_code": "8526.91", "quantity": 50, "unit": "pcs"}, "gb"),
        ("ir", "Tehran", {"description": "microcontrollers", "quantity": 2000, "unit": "pcs"}, "gb"),
        ("ir", "Tehran", {"description": "microcontrollers", "hs_code": "8542.31", "quantity": 2000,
                          "unit": "pcs", "eccn": "3A991"}, "us"),
        ("sy", "Damascus", {"description": "turbojet engine", "hs_code": "8411.11", "quantity": 4, "unit": "pcs"}, "de"),
    ],
)  # fmt: skip
def test_embargoed_destinations_block(
    matcher: Matcher, country: str, city: str, item: dict[str, Any], seller: str
) -> None:
    buyer = company("b2", "Example Buyer", country, "electronics manufacturing")
    (result,) = check(
        matcher,
        order(
            "O2",
            buyer,
            item,
            seller,
            route={"ship_from": seller, "ship_to": country, "ship_to_city": city},
        ),
    )
    assert result["decision"] == "block" and "EMBARGOED_DESTINATION" in codes(result)


def test_a_consignee_in_iran_blocks_an_order_to_a_dubai_trader(matcher: Matcher) -> None:
    buyer = company("b3", "Crest General Trading LLC", "ae", "general trading")
    consignee = company("c3", "Tavan Sanat Co.", "ir", "electronics")
    item = {
        "description": "microwave radio link",
        "hs_code": "8517.62",
        "quantity": 6,
        "unit": "pcs",
        "eccn": "5A991",
    }
    (result,) = check(matcher, order("O3", buyer, item, "us", consignee=consignee))
    assert result["decision"] == "block" and "EMBARGOED_DESTINATION" in codes(result)


def test_5a992_needs_no_licence_to_germany_but_is_embargoed_to_iran(matcher: Matcher) -> None:
    router = {
        "description": "industrial LTE router",
        "hs_code": "8517.62",
        "quantity": 40,
        "unit": "pcs",
        "eccn": "5A992.c",
    }
    de = company(
        "b4", "Hartmann Automation GmbH", "de", "telecommunications equipment manufacturer"
    )
    ir = company("b5", "Pars Network Co.", "ir", "telecommunications equipment manufacturer")
    to_de, to_ir = check(matcher, order("O4", de, router, "us"), order("O5", ir, router, "us"))
    assert to_de["decision"] == "pass" and not codes(to_de) & {
        "LICENCE_MISSING",
        "EMBARGOED_DESTINATION",
    }
    assert to_ir["decision"] == "block"


def test_an_ns_controlled_eccn_to_china_needs_a_licence_and_a_licence_clears_it(
    matcher: Matcher,
) -> None:
    item = {
        "description": "thermal imaging camera",
        "hs_code": "8525.89",
        "quantity": 5,
        "unit": "pcs",
        "eccn": "6A003.b.4",
    }
    buyer = company("b6", "Zhongke Security Co., Ltd.", "cn", "security systems installer")
    licence = {"type": "BIS licence", "number": "D1234567", "holder": "seller", "lines": [1]}
    without, with_licence = check(
        matcher, order("O6", buyer, item, "us"), order("O7", buyer, item, "us", licences=[licence])
    )
    assert without["decision"] == "block" and "LICENCE_MISSING" in codes(without)
    assert (
        "NS2" in next(f for f in without["flags"] if f["code"] == "LICENCE_MISSING")["explanation"]
    )
    assert with_licence["decision"] == "pass"


def test_aluminium_paste_as_3212_90_to_a_paint_maker_passes(matcher: Matcher) -> None:
    buyer = company(
        "b7", "Lindner Lackfabrik GmbH", "de", "Lackhersteller", website="https://lindner.example"
    )
    item = {
        "description": "aluminium pigment paste for coatings",
        "hs_code": "3212.90",
        "quantity": 800,
        "unit": "kg",
    }
    (result,) = check(matcher, order("O8", buyer, item, declared_end_use="production of paints"))
    assert result["decision"] == "pass"
    assert not codes(result) & {"HS_DESCRIPTION_MISMATCH", "GOODS_OUTSIDE_BUSINESS"}
    assert result["goods"][0]["controls"], "still an explosives precursor, only a fitting one"


def test_the_same_paste_to_a_phone_shop_is_outside_its_business(matcher: Matcher) -> None:
    buyer = company("b8", "Yildiz Iletisim", "tr", "cep telefonu satışı")
    item = {"description": "alüminyum pasta", "hs_code": "7603.20", "quantity": 6, "unit": "MT"}
    (result,) = check(matcher, order("O9", buyer, item))
    flag = next(f for f in result["flags"] if f["code"] == "GOODS_OUTSIDE_BUSINESS")
    assert "G47.42" in flag["explanation"] and result["decision"] == "review"
    assert "RETAILER_BULK_PRECURSOR" not in codes(result) or result["decision"] != "pass"


@pytest.mark.parametrize(
    ("sector", "item", "end_use"),
    [
        ("RC model shop", {"description": "digital servo for RC models", "hs_code": "8501.10", "quantity": 300, "unit": "pcs"}, "resale"),
        ("manufacture of cleaning products", {"description": "hydrogen peroxide 35 %", "hs_code": "2847.00", "quantity": 3, "unit": "t"}, "bleach production"),
        ("wholesale of chemical products", {"description": "hydrogen peroxide 35 %", "hs_code": "2847.00", "quantity": 3, "unit": "t"}, "resale"),
        ("wholesale of electronic parts", {"description": "microcontrollers 32-bit", "hs_code": "8542.31", "quantity": 5000, "unit": "pcs"}, "resale"),
    ],
)  # fmt: skip
def test_dual_use_goods_to_buyers_whose_trade_uses_them_pass(
    matcher: Matcher, sector: str, item: dict[str, Any], end_use: str
) -> None:
    buyer = company("b9", "Vogel Handel GmbH", "de", sector, website="https://vogel.example")
    (result,) = check(matcher, order("O10", buyer, item, declared_end_use=end_use))
    assert result["decision"] == "pass", result["flags"]
    assert not codes(result) & {"GOODS_OUTSIDE_BUSINESS", "END_USE_VAGUE"}


def test_goods_in_words_only_get_their_controls_and_licences() -> None:
    raw = order("O11", company("b10", "Kilis Cep", "tr", "mobile phone shop"),
                {"description": "electric detonators", "quantity": 300, "unit": "pcs"})  # fmt: skip
    line = Order.from_record(raw).lines[0]
    assert line.controlled and line.goods.candidates[0]["hs"] == "3603"


@pytest.mark.parametrize(
    ("quantity", "unit", "kg"),
    [(6, "MT", 6000), (6, "tonnes", 6000), (100, "lb", 45.359237), (20, "L", 20)],
)
def test_quantities_are_normalised_to_kg(quantity: float, unit: str, kg: float) -> None:
    raw = order(
        "O12",
        company("b11", "X", "de", "paint"),
        {"description": "aluminium paste", "quantity": quantity, "unit": unit},
    )
    assert Order.from_record(raw).lines[0].quantity_kg == pytest.approx(kg)


def test_a_group_treasury_is_a_related_payer(matcher: Matcher) -> None:
    buyer = company("b12", "Weber Polska sp. z o.o.", "pl", "machine building")
    parent = company("p12", "Weber Holding AG", "ch", "holding company")
    stranger = company("p13", "Caspian Horizon FZE", "ae", "general trading")
    item = {
        "description": "servo drive motion controller",
        "hs_code": "8537.10",
        "quantity": 10,
        "unit": "pcs",
    }
    group, other = check(
        matcher, order("O13", buyer, item, payer=parent), order("O14", buyer, item, payer=stranger)
    )
    assert "PAYER_UNRELATED" not in codes(group) and group["decision"] == "pass"
    assert "PAYER_UNRELATED" in codes(other) and other["decision"] == "review"


def test_a_manufacturer_saying_resale_of_a_restricted_precursor_is_vague(matcher: Matcher) -> None:
    buyer = company("b16", "Orkide Temizlik A.S.", "tr", "manufacture of cleaning products")
    item = {
        "description": "hydrogen peroxide 50 %",
        "hs_code": "2847.00",
        "quantity": 900,
        "unit": "kg",
    }
    (result,) = check(matcher, order("O16", buyer, item, declared_end_use="resale"))
    assert "END_USE_VAGUE" in codes(result) and result["decision"] == "pass"  # a note alone


def test_one_weak_signal_is_a_note_on_a_passing_order(matcher: Matcher) -> None:
    buyer = company("b14", "Haddad Pharma LLC", "lb", "pharmaceutical manufacturing")
    item = {"description": "acetone, technical", "hs_code": "2914.11", "quantity": 400, "unit": "l"}
    payment = {"method": "wire", "currency": "EUR", "from_country": "ae"}
    (result,) = check(matcher, order("O15", buyer, item, payment=payment))
    assert codes(result) == {"PAYMENT_FROM_OTHER_COUNTRY"} and result["decision"] == "pass"


def test_the_same_order_checked_twice_gives_one_decision(matcher: Matcher, store: Store) -> None:
    buyer = company("b15", "Venmar Metaal", "nl", "metal finishing")
    item = {"description": "nitric acid 65 %", "hs_code": "2808.00", "quantity": 95, "unit": "kg"}
    orders = [
        order(f"O-{n}", buyer, dict(item, quantity=95 + n), day=f"2025-03-0{n + 1}")
        for n in range(2)
    ]
    desk = OrderDesk(store, matcher, threshold=0.7, cutoff=0.5)
    first = desk.check_records(enumerate(orders, 1))
    again = OrderDesk(store, matcher, threshold=0.7, cutoff=0.5).check_records([(1, orders[1])])
    twice = desk.check_records([(1, orders[1]), (2, orders[1])])
    rows = store.con.execute(
        "SELECT order_id, decision FROM order_decisions ORDER BY order_id"
    ).fetchall()
    assert [r[0] for r in rows] == ["O-0", "O-1"]
    assert again[0]["decision"] == first[1]["decision"] == twice[1]["decision"]
    assert "SPLIT_BELOW_THRESHOLD" not in codes(again[0])  # not split against itself
    lines = store.con.execute("SELECT count(*) FROM order_facts WHERE kind = 'line'").fetchone()
    assert lines is not None and lines[0] == 2


def test_a_spreadsheet_is_checked_order_by_order(matcher: Matcher, store: Store) -> None:
    from redtrace.service.orders import csv_rows

    text = "\n".join([
        "order_id,date,buyer_name,buyer_country,buyer_sector,ship_from,ship_to,description,hs_code,quantity,unit,eccn,seller_name,seller_country",
        "T-1,2025-05-01,Hartmann Netz GmbH,DE,telecom network operator,US,DE,LTE router,8517.62,40,pcs,5a992,Lakeshore Inc.,US",
        "T-2,2025-05-02,Pars Network Co.,IR,telecom network operator,US,IR,LTE router,8517.62,40,pcs,5A992,Lakeshore Inc.,US",
        "T-3,2025-05-03,Bad Row Ltd,DE,telecom,US,DE,LTE router,8517.62,-4,pcs,5A992,Lakeshore Inc.,US",
    ])  # fmt: skip
    results = list(OrderDesk(store, matcher, threshold=0.7, cutoff=0.5).check_table(csv_rows(text)))
    assert [r.get("decision") for r in results] == ["pass", "block", None]
    assert results[2]["error"]["message"].startswith("line 4: quantity:")


def test_releasing_an_embargo_block_needs_a_legal_basis(matcher: Matcher, store: Store) -> None:
    from redtrace.service.orders import ReleaseError, release_order
    from redtrace.store.keys import create_key

    for name in ("carla", "dan"):
        create_key(store, name, "compliance_officer")
    ir = company("b19", "Pars Network Co.", "ir", "telecommunications equipment manufacturer")
    router = {
        "description": "LTE router",
        "hs_code": "8517.62",
        "quantity": 4,
        "unit": "pcs",
        "eccn": "5A992",
    }
    (result,) = OrderDesk(store, matcher, threshold=0.7, cutoff=0.5).check_records(
        [(1, order("O20", ir, router, "us"))]
    )
    assert result["decision"] == "block"
    with pytest.raises(ReleaseError, match="legal basis for EMBARGOED_DESTINATION"):
        release_order(store, "O20", "carla", "good customer, known for years")
    assert (
        release_order(store, "O20", "carla", "OFAC specific licence IR-2025-1187")
        == "awaiting second release"
    )
    assert release_order(store, "O20", "dan", "agree") == "released"


def test_an_approved_customer_lowers_weak_flags_never_an_embargo(
    matcher: Matcher, store: Store
) -> None:
    from redtrace.service.orders import approve
    from redtrace.store.keys import create_key

    create_key(store, "carla", "compliance_officer")
    shop = company("b20", "Yildiz Iletisim", "tr", "mobile phone retail")
    paste = {"description": "aluminium paste", "hs_code": "7603.20", "quantity": 300, "unit": "kg"}
    ir = company("b21", "Pars Network Co.", "ir", "telecommunications equipment manufacturer")
    router = {
        "description": "LTE router",
        "hs_code": "8517.62",
        "quantity": 4,
        "unit": "pcs",
        "eccn": "5A992",
    }
    before = OrderDesk(store, matcher, threshold=0.7, cutoff=0.5).check_records(
        [(1, order("O21", shop, paste))]
    )
    assert before[0]["decision"] == "review"
    approve(store, "b20", "carla", "2025-06-01", ["7603"], note="supplies a paint shop next door")
    approve(store, "b21", "carla", "2025-06-01", [])
    desk = OrderDesk(store, matcher, threshold=0.7, cutoff=0.5)
    after, embargo = desk.check_records(
        [(1, order("O22", shop, paste)), (2, order("O23", ir, router, "us"))]
    )
    flag = next(f for f in after["flags"] if f["code"] == "GOODS_OUTSIDE_BUSINESS")
    assert after["decision"] == "pass" and "KYC 2025-06-01 by carla" in flag["lowered"]
    blocking = [f for f in embargo["flags"] if f.get("effect") == "block"]
    assert embargo["decision"] == "block" and blocking
    assert not any(f.get("lowered") for f in blocking)


def test_a_party_history_lists_its_orders_in_every_role(matcher: Matcher, store: Store) -> None:
    from redtrace.service.orders import party_history

    buyer = company("b22", "Weber Polska sp. z o.o.", "pl", "machine building")
    payer = company("p22", "Caspian Horizon FZE", "ae", "general trading")
    item = {"description": "servo drive", "hs_code": "8537.10", "quantity": 10, "unit": "pcs"}
    OrderDesk(store, matcher, threshold=0.7, cutoff=0.5).check_records(
        [
            (1, order("O24", buyer, item)),
            (2, order("O25", buyer, item, payer=payer, day="2025-11-04")),
        ]
    )
    rows = party_history(store, "b22")
    assert [(r["order"], r["role"]) for r in rows] == [("O24", "buyer"), ("O25", "buyer")]
    (paid,) = party_history(store, "caspian horizon fze")
    assert paid["role"] == "payer" and "PAYER_UNRELATED" in paid["flags"]


def test_an_eccn_the_table_does_not_know_is_reviewed_not_blocked(matcher: Matcher) -> None:
    buyer = company("b23", "Hartmann Netz GmbH", "de", "telecom network operator")
    odd = {
        "description": "network test set",
        "hs_code": "9030.40",
        "quantity": 2,
        "unit": "pcs",
        "eccn": "3B991",
    }
    chips = {
        "description": "AI accelerator",
        "hs_code": "8542.31",
        "quantity": 8,
        "unit": "pcs",
        "eccn": "3A090.a",
    }
    cn = company("b24", "Huaxin Computing Co., Ltd.", "cn", "electronics manufacturing")
    unknown, to_de, to_cn = check(matcher, order("O26", buyer, odd, "us"), order("O27", buyer, chips, "us"),
                                  order("O28", cn, chips, "us"))  # fmt: skip
    assert unknown["decision"] == "review" and "ECCN_UNKNOWN" in codes(unknown)
    assert to_de["decision"] == "pass" and to_cn["decision"] == "block"

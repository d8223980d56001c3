"""A demonstration deck of sales orders: legitimate trade and planted diversion schemes.

All names are fictional. The legitimate orders cover the sectors that really buy these goods
(paint makers buying aluminium paste, miners buying detonators under licence, universities
buying GNSS receivers...), some of them unusual but lawful. The schemes follow the patterns
documented by Conflict Armament Research (2020): a phone shop buying tonnes of aluminium
paste, a UK front company buying drone engines shipped to a phone shop in Turkey, unrelated
foreign firms paying for motion controllers, family firms near the border sharing addresses
and splitting orders, plus a listed buyer and high-priority chips to a sanctioned country.
Each scheme order carries ``_scheme`` (ignored by the checker) so that benchmarks can score.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

SELLERS = [
    ("acme-chem", "Rheinland Chemiehandel GmbH", "de", "chemical distribution"),
    ("brit-elec", "Thames Components Ltd", "gb", "electronic component distribution"),
    ("aero-parts", "Nordwind Aerotechnik GmbH", "de", "aerospace parts"),
    ("motion-it", "Lombardia Motion S.r.l.", "it", "automation equipment manufacturing"),
]
# (sector, country, city, goods key); goods keys index GOODS.
LEGIT_BUYERS = [
    ("industrial paint manufacturing", "pl", "Poznan", "al_paste"),
    ("automotive coatings", "cz", "Mlada Boleslav", "al_paste"),
    ("printing ink production", "nl", "Eindhoven", "al_paste"),
    ("opencast mining", "se", "Kiruna", "detonator"),
    ("quarry and construction aggregates", "at", "Linz", "detonator"),
    ("university research laboratory", "fr", "Grenoble", "gnss"),
    ("agricultural drone services", "es", "Zaragoza", "gnss"),
    ("model aircraft and hobby engines", "be", "Ghent", "turbine"),
    ("aerospace engineering", "fr", "Toulouse", "turbine"),
    ("cnc machine tool building", "de", "Stuttgart", "motion"),
    ("industrial automation", "cz", "Brno", "motion"),
    ("water treatment chemicals", "dk", "Aarhus", "peroxide"),
    ("swimming pool supplies", "pt", "Faro", "peroxide"),
    ("fertilizer blending", "ie", "Cork", "ammonium_nitrate"),
    ("mobile phone retail", "de", "Hamburg", "phones"),
    ("electronics retail", "fr", "Lyon", "phones"),
    ("pharmaceutical laboratory", "ch", "Basel", "acetone"),
]
GOODS = {
    "al_paste": (
        "aluminium paste, non-leafing",
        "7603.20",
        ["7429-90-5"],
        "kg",
        (200, 2000),
        3.4,
        "acme-chem",
    ),
    "detonator": (
        "electric detonators, delay series",
        "3603.60",
        [],
        "pcs",
        (200, 3000),
        2.1,
        "acme-chem",
    ),
    "gnss": ("GNSS receiver module, multi-band", "8526.91", [], "pcs", (5, 80), 120.0, "brit-elec"),
    "turbine": (
        "micro turbine engine 20 kg thrust",
        "8411.11",
        [],
        "pcs",
        (1, 4),
        4200.0,
        "aero-parts",
    ),
    "motion": ("servo drive motion controller", "8537.10", [], "pcs", (5, 60), 380.0, "motion-it"),
    "peroxide": (
        "hydrogen peroxide 35 %",
        "2847.00",
        ["7722-84-1"],
        "kg",
        (100, 1500),
        1.1,
        "acme-chem",
    ),
    "ammonium_nitrate": (
        "ammonium nitrate fertilizer grade",
        "3102.30",
        ["6484-52-2"],
        "kg",
        (5000, 20000),
        0.4,
        "acme-chem",
    ),
    "phones": (
        "smartphones, 128 GB, refurbished",
        "8517.13",
        [],
        "pcs",
        (20, 400),
        140.0,
        "brit-elec",
    ),
    "acetone": (
        "acetone, analytical grade",
        "2914.11",
        ["67-64-1"],
        "l",
        (20, 400),
        2.5,
        "acme-chem",
    ),
    "nitric": ("nitric acid 65 %", "2808.00", ["7697-37-2"], "kg", (20, 200), 1.8, "acme-chem"),
    "chips": ("microcontrollers 32-bit ARM", "8542.31", [], "pcs", (500, 5000), 2.2, "brit-elec"),
}
END_USES = {"al_paste": "metallic pigment for coatings", "detonator": "blasting in our licensed quarry",
            "gnss": "research on precision positioning", "turbine": "engine test bench and model aircraft",
            "motion": "axis control in machine tools", "peroxide": "water disinfection",
            "ammonium_nitrate": "fertilizer blending", "phones": "resale to consumers",
            "acetone": "laboratory solvent", "nitric": "metal etching", "chips": "product assembly"}  # fmt: skip
SYLLABLES = [
    "nor",
    "vel",
    "ka",
    "ster",
    "lin",
    "mar",
    "tek",
    "bro",
    "dal",
    "fen",
    "gra",
    "hol",
    "mira",
    "sol",
    "ven",
]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _party(pid: str, name: str, country: str, **props: Any) -> dict[str, Any]:
    properties: dict[str, list[str]] = {"name": [name], "country": [country]}
    properties.update({k: v if isinstance(v, list) else [v] for k, v in props.items() if v})
    return {"id": pid, "schema": "Company", "properties": properties}


def _seller(key: str) -> dict[str, Any]:
    sid, name, country, sector = next(s for s in SELLERS if s[0] == key)
    return _party(sid, name, country, sector=sector)


def _order(
    oid: str, day: date, buyer: dict[str, Any], goods: str, qty: float, **extra: Any
) -> dict[str, Any]:
    desc, hs, cas, unit, _, price, seller = GOODS[goods]
    item = {"line": 1, "description": desc, "hs_code": hs, "cas": cas, "quantity": qty, "unit": unit,
            "unit_price": price, "currency": "EUR"}  # fmt: skip
    order: dict[str, Any] = {
        "id": oid, "date": day.isoformat(), "seller": _seller(seller), "buyer": buyer,
        "consignee": {"same_as": "buyer"}, "payer": {"same_as": "buyer"}, "items": [item],
        "payment": {"method": "wire", "amount": round(qty * price, 2), "currency": "EUR",
                    "from_country": buyer["properties"]["country"][0], "terms": "30 days net"},
        "route": {"ship_from": _seller(seller)["properties"]["country"][0],
                  "ship_to": buyer["properties"]["country"][0], "transshipment": [], "incoterms": "DAP"},
        "declared_end_use": END_USES[goods], "channel": "account manager",
    }  # fmt: skip
    order.update(extra)
    return order


def legitimate(n: int, rng: random.Random, start: date) -> list[dict[str, Any]]:
    buyers = []
    used: set[str] = set()
    for i in range(max(40, n // 12)):
        sector, country, city, goods = LEGIT_BUYERS[i % len(LEGIT_BUYERS)]
        stem = _name(rng)
        while stem in used:
            stem = _name(rng)
        used.add(stem)
        name = f"{stem} {sector.split()[0].capitalize()} {rng.choice(['GmbH', 'Ltd', 'S.A.', 'B.V.', 'AB', 's.r.o.'])}"
        buyer = _party(f"cust-{i:04d}", name, country, sector=sector, address=f"{i + 1} Industriestrasse, {city}",
                       phone=f"+{rng.randint(30, 49)} {rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                       email=f"purchasing@{name.split()[0].lower()}.example", website=f"https://{name.split()[0].lower()}.example",
                       incorporationDate=f"{rng.randint(1960, 2018)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")  # fmt: skip
        buyers.append((buyer, goods))
    orders = []
    for k in range(n):
        buyer, goods = rng.choice(buyers)
        low, high = GOODS[goods][4]
        qty = float(rng.randint(low, high))
        day = start + timedelta(days=rng.randint(0, 360))
        extra: dict[str, Any] = {}
        if goods in ("detonator", "turbine") or (goods == "gnss" and rng.random() < 0.3):
            extra["licences"] = [{"type": "export licence", "number": f"LIC-{k:05d}", "issued_by": "national authority",
                                  "holder": "seller", "valid_to": "2026-12-31"}]  # fmt: skip
        if rng.random() < 0.05:  # unusual but lawful: the group treasury pays, same country
            extra["payment"] = {"method": "wire", "amount": qty * GOODS[goods][5], "currency": "EUR",
                                "from_country": buyer["properties"]["country"][0],
                                "terms": "paid by group treasury"}  # fmt: skip
        orders.append(
            _order(
                f"SO-L{k:05d}",
                day,
                buyer,
                goods,
                qty,
                **{k2: v for k2, v in extra.items() if v is not None},
            )
        )
    return orders


def schemes(start: date) -> list[dict[str, Any]]:
    def d(days: int) -> date:
        return start + timedelta(days=days)

    out: list[dict[str, Any]] = []
    # S1: a mobile-phone shop near the Syrian border buys tonnes of aluminium paste, paid from abroad.
    shop = _party("s1-shop", "Yildiz Iletisim Ltd Sti", "tr", sector="mobile phone retail",
                  address="Ataturk Cd. 12, Akcakale, Sanliurfa", phone="+90 414 000 0012",
                  email="yildiz.gsm@gmail.com", incorporationDate="2015-06-01")  # fmt: skip
    exchange = _party("s1-payer", "Gulf Star Exchange LLC", "ae", sector="money exchange")
    o = _order(
        "SO-S1-01", d(40), shop, "al_paste", 6000.0, payer=exchange, declared_end_use="resale"
    )
    o["payment"]["from_country"] = "ae"
    o["route"]["ship_to_city"] = "Akcakale"
    out.append(o)
    # S2: a new UK front company buys drone engines, shipped to a phone shop in Gaziantep,
    # paid by an unrelated Istanbul trading firm.
    front = _party("s2-front", "Albion Aero Supplies Ltd", "gb", sector="general trading",
                   address="Flat 3, 27 Station Road, Luton", email="albion.aero.supplies@gmail.com",
                   incorporationDate="2024-01-20")  # fmt: skip
    phone_shop = _party("s2-consignee", "Gaziantep Mobil Cep Telefonu Ltd", "tr", sector="mobile phone retail",
                        address="Inonu Cd. 44, Sahinbey, Gaziantep")  # fmt: skip
    payer = _party("s2-payer", "Bosphorus Dis Ticaret A.S.", "tr", sector="import export trading")
    for n, day in enumerate((60, 75)):
        o = _order(f"SO-S2-0{n + 1}", d(day), front, "turbine", 2.0, consignee=phone_shop, payer=payer,
                   declared_end_use="model aircraft")  # fmt: skip
        o["payment"]["from_country"] = "tr"
        o["route"].update({"ship_to": "tr", "ship_to_city": "Gaziantep", "transshipment": ["gb"]})
        out.append(o)
    # S3: motion controllers for an electronics trader, each order paid by a different unrelated
    # foreign firm; one of those firms also pays for another buyer.
    trader = _party("s3-buyer", "Mardin Elektronik Ticaret Ltd Sti", "tr", sector="electronics trading",
                    address="Cumhuriyet Mh. 8, Kiziltepe, Mardin")  # fmt: skip
    other = _party("s3-buyer2", "Nusaybin Teknik Malzeme", "tr", sector="hardware store",
                   address="Sehitler Cd. 3, Nusaybin, Mardin")  # fmt: skip
    payers = [_party(f"s3-payer{i}", n, c) for i, (n, c) in enumerate(
        [("Caspian Horizon FZE", "ae"), ("Eastgate Trading Ltd", "hk"), ("Caspian Horizon FZE", "ae")])]  # fmt: skip
    for n, (buyer, pay) in enumerate(
        ((trader, payers[0]), (trader, payers[1]), (other, payers[2]))
    ):
        o = _order(
            f"SO-S3-0{n + 1}", d(90 + 10 * n), buyer, "motion", 40.0, payer=pay, declared_end_use=""
        )
        o["payment"]["from_country"] = pay["properties"]["country"][0]
        out.append(o)
    # S4: three family firms near the border share an address and phone and split orders.
    family = ["Kaya Insaat Malzemeleri", "Kaya Tarim Urunleri", "Kaya Kardesler Ticaret"]
    for n, name in enumerate(family):
        firm = _party(f"s4-firm{n}", name, "tr", sector=["building materials", "farm supplies", "general trading"][n],
                      address="Eski Sanayi Sitesi 5, Ceylanpinar, Sanliurfa", phone="+90 414 000 0077")  # fmt: skip
        o = _order(
            f"SO-S4-0{n + 1}", d(120 + 5 * n), firm, "peroxide", 95.0, declared_end_use="cleaning"
        )
        o["route"]["ship_to_city"] = "Ceylanpinar"
        out.append(o)
    # S5: one buyer splits nitric acid into portions just under 100 kg within three weeks.
    splitter = _party("s5-buyer", "Venmar Metal Atelier", "nl", sector="jewellery workshop",
                      address="Kanaalweg 9, Utrecht")  # fmt: skip
    for n in range(4):
        out.append(_order(f"SO-S5-0{n + 1}", d(150 + 6 * n), splitter, "nitric", 95.0 + n))
    # S6: the buyer is a listed entity (UN/UK/OFAC: Lord's Resistance Army's leader's name).
    listed = _party("s6-buyer", "Joseph Kony", "ug", sector="agricultural supplies")
    listed["schema"] = "Person"
    out.append(_order("SO-S6-01", d(170), listed, "gnss", 10.0))
    # S7: high-priority chips to Russia through Kazakhstan, with no licence.
    ru = _party("s7-buyer", "Volga Pribor OOO", "ru", sector="electronics manufacturing")
    o = _order("SO-S7-01", d(200), ru, "chips", 3000.0)
    o["route"].update({"ship_to": "ru", "transshipment": ["kz"]})
    out.append(o)
    for order in out:
        order["_scheme"] = order["id"].split("-")[1]
    return out


def deck(legitimate_orders: int = 300, seed: int = 20261125) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    start = date(2024, 1, 8)
    orders = legitimate(legitimate_orders, rng, start) + schemes(start)
    return sorted(orders, key=lambda o: (o["date"], o["id"]))


if __name__ == "__main__":
    import json
    import sys

    # python bench/deck.py [N]: the deck with N legitimate orders, as JSON Lines.
    for order in deck(int(sys.argv[1]) if len(sys.argv) > 1 else 300):
        print(json.dumps(order))

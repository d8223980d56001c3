"""An evaluation order book for ``redtrace orders check``, built from bench/orderbook_data.py.

Legitimate trade: customers in 32 countries, each of a sector (NACE code, described in its own
words), buying the goods its sector consumes from the seller types that sell them, in
volumes that vary by customer size and season. Every legitimate order carries ``_kind``: a
named hard-negative kind where it is one (dual-use goods to a fitting buyer, a name close to a
listed one, a town near a conflict border, a forwarder as consignee, a distributor reselling,
the group treasury paying, a young company, an ECCN that needs no licence for the place, a
licensed export, seasonal growth, goods in words only, other units), else ``regular``.
Scheme orders, modelled on Conflict Armament Research (2020) as the seed articles tell it and
on the embargoes, carry ``_scheme``, ``_expect`` (flag codes that name what is wrong) and
``_block`` (whether the law forbids the deal outright). ``_half`` is ``dev`` or ``held-out``
by a seeded hash of the customer (legitimate) or of the scheme, so a customer's history stays
in one half.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.orderbook_data import BORDER_CITIES, COUNTRIES, COUNTRY_SECTORS, GOODS, SECTORS, SELLERS

ROOT = Path(__file__).resolve().parents[1]
SDN = ROOT / "redtrace" / "data" / "snapshot" / "ofac_sdn_2021-07" / "sdn.csv.gz"
CAS = {"al_paste": ["7429-90-5"], "peroxide": ["7722-84-1"], "peroxide_low": ["7722-84-1"],
       "nitric": ["7697-37-2"], "nitric_small": ["7697-37-2"], "sulphuric": ["7664-93-9"],
       "acetone": ["67-64-1"], "an_fert": ["6484-52-2"], "caustic": ["1310-73-2"]}  # fmt: skip
START = date(2024, 1, 8)
STREETS = ["Industrial Zone Road", "Sanayi Cd.", "Hauptstrasse", "Rue de l'Industrie", "Main Road", "Harbour Street",
           "Station Road", "Via Roma", "Gewerbepark", "Organize Sanayi Bölgesi Cd.", "King Abdullah St.", "Al Wahda St."]  # fmt: skip
SALT = "orderbook-2026-12"


def half_of(key: str) -> str:
    digest = hashlib.sha256(f"{SALT}:{key}".encode()).digest()
    return "held-out" if digest[0] % 2 else "dev"


def _party(pid: str, name: str, country: str, schema: str = "Company", **props: Any) -> dict[str, Any]:
    properties: dict[str, list[str]] = {"name": [name], "country": [country]}
    properties.update({k: v if isinstance(v, list) else [v] for k, v in props.items() if v})
    return {"id": pid, "schema": schema, "properties": properties}


def _seller(key: str) -> dict[str, Any]:
    name, country, sector = SELLERS[key]
    return _party(key, name, country, sector=sector)


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:40] or "firm"


def listed_surnames(limit: int = 40) -> list[str]:
    """Family names of listed individuals (OFAC SDN), for legitimate firms named like them."""
    out: list[str] = []
    with gzip.open(SDN, "rt", encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) > 3 and row[2] == "individual" and row[3] in ("SDGT", "SYRIA", "IRAQ2"):
                surname = row[1].split(",")[0].strip().title()
                if 4 <= len(surname) <= 14 and " " not in surname and surname not in out:
                    out.append(surname)
            if len(out) >= limit:
                break
    return out


class Book:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.orders: list[dict[str, Any]] = []
        self.n = 0

    def order(self, buyer: dict[str, Any], goods: list[tuple[str, float]], day: date, **extra: Any) -> dict[str, Any]:
        rng = self.rng
        self.n += 1
        items, seller = [], None
        for line, (key, qty) in enumerate(goods, start=1):
            descs, hss, unit, _, price, seller_key, eccn, _ = GOODS[key]
            seller = seller or seller_key
            item: dict[str, Any] = {"line": line, "description": rng.choice(descs), "hs_code": rng.choice(hss),
                                    "quantity": qty, "unit": unit, "unit_price": price, "currency": "EUR"}  # fmt: skip
            if key in CAS:
                item["cas"] = CAS[key]
            if eccn and seller_key.endswith("-us"):
                item["eccn"] = eccn
            items.append(item)
        assert seller is not None
        country = buyer["properties"]["country"][0]
        amount = round(sum(i["quantity"] * i["unit_price"] for i in items), 2)
        order: dict[str, Any] = {
            "id": f"EV-{self.n:05d}", "date": day.isoformat(), "seller": _seller(seller), "buyer": buyer,
            "consignee": {"same_as": "buyer"}, "payer": {"same_as": "buyer"}, "items": items,
            "payment": {"method": rng.choice(["wire", "wire", "wire", "letter_of_credit"]), "amount": amount,
                        "currency": "EUR", "from_country": country, "terms": rng.choice(["30 days net", "prepaid", "60 days"])},
            "route": {"ship_from": SELLERS[seller][1], "ship_to": country, "transshipment": [],
                      "incoterms": rng.choice(["DAP", "FCA", "CIP", "EXW"])},
            "declared_end_use": None, "channel": rng.choice(["account manager", "web", "email", "EDI"]),
        }  # fmt: skip
        order.update(extra)
        self.orders.append(order)
        return order


# -- legitimate trade ---------------------------------------------------------------------


def _customers(book: Book, count: int) -> list[dict[str, Any]]:
    rng = book.rng
    surnames = listed_surnames()
    out = []
    countries = list(COUNTRIES)
    used: set[tuple[str, str]] = set()
    for i in range(count):
        country = countries[i % len(countries)]
        cities, forms, prefix, stems = COUNTRIES[country]
        sector = rng.choice(COUNTRY_SECTORS.get(country) or list(SECTORS))
        nace, words, _, _ = SECTORS[sector]
        kind = "regular"
        roll = rng.random()
        city = rng.choice(cities)
        if country in BORDER_CITIES and roll < 0.35:
            city, kind = rng.choice(BORDER_CITIES[country]), "border_city"
        stem = rng.choice(stems) if stems else rng.choice(["Summit", "Keystone", "Meridian", "Pioneer", "Bluewater"])
        if kind == "regular" and roll > 0.93:
            stem, kind = rng.choice(surnames), "similar_name"
        describe = rng.choice(words)
        label = describe.split()[0].strip(",").capitalize() if rng.random() < 0.5 else rng.choice(["Industries", "Trading", "Group", "Works", "Solutions"])
        base = f"{stem} {label}"
        while (base, country) in used:  # a registry gives a name once per country
            base = f"{stem} {rng.choice(['Industries', 'Trading', 'Group', 'Works', 'Solutions', 'Technik', 'Teknik', 'Supply'])} {rng.choice(['Nord', 'Süd', 'East', 'West', 'Central', 'One', 'Plus', str(rng.randint(2, 99))])}"
        used.add((base, country))
        name = f"{base} {rng.choice(forms)}"
        slug = _slug(base) + (str(i) if len(_slug(base)) < 6 else "")
        founded = date(rng.randint(1965, 2020), rng.randint(1, 12), rng.randint(1, 28))
        email = f"purchasing@{slug}.{country if country != 'us' else 'com'}"
        website = f"https://www.{slug}.{country if country != 'us' else 'com'}"
        if rng.random() < 0.06:
            founded, kind = START + timedelta(days=rng.randint(-200, 100)), "new_company"
        elif rng.random() < 0.05 and country in ("tr", "iq", "jo", "lb", "eg", "in"):
            email, kind = f"{slug}{rng.randint(1, 99)}@gmail.com", "free_mail"  # small firms use free mail
        props: dict[str, Any] = {"sector": describe, "address": f"{rng.randint(1, 180)} {rng.choice(STREETS)} {i % 7 + 1}, {city}",
                                 "phone": f"+{prefix} {rng.randint(10, 99)} {rng.randint(100000, 9999999)}",
                                 "email": email, "website": website, "incorporationDate": founded.isoformat(),
                                 "registrationNumber": f"{country.upper()}{rng.randint(100000, 99999999)}"}  # fmt: skip
        if kind == "free_mail":
            props.pop("website")
        party = _party(f"cust-{i:04d}", name, country, **props)
        size = rng.lognormvariate(0, 0.6)
        out.append({"party": party, "sector": sector, "kind": kind, "city": city, "size": size, "nace": nace,
                    "stem": stem, "group": rng.random() < 0.06, "forwarder": rng.random() < 0.08})  # fmt: skip
    return out


def _season(sector: str, day: date) -> float:
    if sector in ("fertiliser", "farm") and day.month in (2, 3, 4):
        return 2.5  # spring application
    if sector == "hobby_shop" and day.month in (10, 11):
        return 2.0  # Christmas stock
    return 1.0


def legitimate(book: Book, orders: int, customers: int) -> None:
    rng = book.rng
    people = _customers(book, customers)
    for _ in range(orders):
        c = rng.choice(people)
        _, _, basket, end_uses = SECTORS[c["sector"]]
        keys = list(basket)
        chosen = {rng.choices(keys, weights=[basket[k] for k in keys])[0] for _ in range(rng.choice([1, 1, 1, 2, 3]))}
        # One order comes from one seller: keep the goods the first one's seller sells.
        seller = GOODS[sorted(chosen)[0]][5]
        chosen = {k for k in chosen if GOODS[k][5] == seller}
        day = START + timedelta(days=rng.randint(0, 364))
        lines = []
        for key in sorted(chosen):
            low, high = GOODS[key][3]
            qty = min(high * 3, max(low, rng.uniform(low, high) * c["size"] * _season(c["sector"], day)))
            lines.append((key, float(round(qty)) if qty > 5 else round(qty, 1)))
        kind = c["kind"]
        o = book.order(c["party"], lines, day, declared_end_use=rng.choice(end_uses) if rng.random() < 0.8 else None)
        country = c["party"]["properties"]["country"][0]
        o["route"]["ship_to_city"] = c["city"]
        if any(GOODS[k][7] == "always" for k in chosen):
            o["licences"] = [{"type": "explosives transfer licence", "number": f"EXP-{rng.randint(10000, 99999)}",
                              "issued_by": "national authority", "holder": "seller",
                              "valid_from": "2023-06-01", "valid_to": "2026-12-31"}]  # fmt: skip
            kind = kind if kind != "regular" else "licensed_export"
        if c["group"]:
            parent = _party(f"grp-{c['party']['id']}", f"{c['stem']} Holding {rng.choice(['AG', 'Ltd', 'S.A.', 'B.V.'])}",
                            rng.choice([country, "ch", "nl", "gb", "de"]), sector="holding company")  # fmt: skip
            o["payer"] = parent
            o["payment"]["from_country"] = parent["properties"]["country"][0]
            o["payment"]["terms"] = "paid by group treasury"
            kind = "group_payer"
        if c["forwarder"]:
            fwd = _party(f"fwd-{country}", f"{rng.choice(['Transglobal', 'Oceanlink', 'Anadolu', 'Levant'])} Freight Forwarding {rng.choice(COUNTRIES[country][1])}",
                         country, sector="freight forwarding", address=f"Free Zone, {COUNTRIES[country][0][0]}")  # fmt: skip
            o["freight_forwarder"] = fwd
            if rng.random() < 0.5:
                o["consignee"] = fwd  # delivered to the forwarder's warehouse for onward carriage
            kind = "forwarder"
        if country in ("iq", "lb") and rng.random() < 0.15:
            o["payment"]["from_country"] = "ae"  # Iraqi and Lebanese importers often pay from Dubai accounts
            kind = "foreign_bank"
        if c["sector"] in ("elec_dist", "chem_dist", "hobby_shop", "pool") and (o["declared_end_use"] or "").startswith(("resale", "stock", "distribution")):
            kind = kind if kind != "regular" else "distributor_resale"
        if any(o["items"][i].get("eccn") for i in range(len(o["items"]))):
            kind = kind if kind != "regular" else "eccn_no_licence_needed"
        if _season(c["sector"], day) > 1:
            kind = kind if kind != "regular" else "seasonal_growth"
        if kind == "regular" and rng.random() < 0.08:
            for item in o["items"]:
                item["hs_code"] = None  # goods in words only
            kind = "words_only"
        if kind == "regular" and any(i["unit"] in ("kg", "t") for i in o["items"]) and rng.random() < 0.15:
            for item in o["items"]:
                if item["unit"] == "t":
                    item["unit"] = rng.choice(["MT", "tonnes"])
                elif item["unit"] == "kg" and item["quantity"] > 500:
                    item["unit"], item["quantity"] = "lb", round(item["quantity"] * 2.20462)
            kind = "other_units"
        if kind == "regular" and _dual_use(chosen):
            kind = "dual_use_buyer"
        o["_kind"] = kind
        o["_half"] = half_of(c["party"]["id"])
        o["_nace"] = c["nace"]


DUAL_USE = {"al_paste", "peroxide", "nitric", "sulphuric", "acetone", "an_fert", "detonator", "emulsion", "servo_small",
            "servo_drive", "servo_motor", "gnss", "mcu", "mcu_us", "memory", "turbine_model", "turbine_aero", "ag_drone",
            "mini_drone", "thermal_cam", "rc_radio", "lipo", "rf_module", "router", "radio_telecom"}  # fmt: skip


def _dual_use(keys: set[str]) -> bool:
    return bool(keys & DUAL_USE)


# -- schemes ------------------------------------------------------------------------------

LISTED_ENTITY = "AL-KHALIDI EXCHANGE"  # OFAC SDN (SDGT, linked to ISIL), in the snapshot


def schemes(book: Book) -> None:
    def d(days: int) -> date:
        return START + timedelta(days=days)

    def tag(o: dict[str, Any], scheme: str, expect: list[str], block: bool = False) -> None:
        o.update({"_scheme": scheme, "_expect": expect, "_block": block, "_half": half_of(scheme)})

    diversion = ["GOODS_OUTSIDE_BUSINESS", "RETAILER_BULK_PRECURSOR", "DIVERSION_ROUTE"]
    # S01: a phone shop in Akçakale buys tonnes of aluminium paste, paid from the UAE (CAR 2020).
    shop = _party("s01", "Yıldız İletişim Ltd. Şti.", "tr", sector="mobile phone retail",
                  address="Atatürk Cd. 12, Akçakale, Şanlıurfa", phone="+90 414 000 0012", email="yildiz.gsm@gmail.com",
                  incorporationDate="2015-06-01")  # fmt: skip
    o = book.order(shop, [("al_paste", 6000.0)], d(40), declared_end_use="resale",
                   payer=_party("s01-pay", "Gulf Star Exchange LLC", "ae", sector="money exchange"))
    o["payment"].update({"from_country": "ae", "method": "money_transfer"})
    o["route"]["ship_to_city"] = "Akçakale"
    tag(o, "S01-phone-shop-aluminium-paste", diversion)
    # S02: a new UK front company buys drone engines shipped to a phone shop in Gaziantep,
    # paid by an unrelated Istanbul trading firm (CAR 2020: turbine engines for drones).
    front = _party("s02", "Albion Aero Supplies Ltd", "gb", sector="general trading", address="Flat 3, 27 Station Road, Luton",
                   email="albion.aero.supplies@gmail.com", incorporationDate="2024-01-20")  # fmt: skip
    consignee = _party("s02-c", "Gaziantep Mobil Cep Telefonu Ltd. Şti.", "tr", sector="mobile phone retail",
                       address="İnönü Cd. 44, Şahinbey, Gaziantep")  # fmt: skip
    payer = _party("s02-p", "Boğaziçi Dış Ticaret A.Ş.", "tr", sector="import export trading")
    for day in (60, 75):
        o = book.order(front, [("turbine_model", 2.0)], d(day), consignee=consignee, payer=payer, declared_end_use="model aircraft")
        o["payment"]["from_country"] = "tr"
        o["route"].update({"ship_to": "tr", "ship_to_city": "Gaziantep", "transshipment": ["gb"]})
        tag(o, "S02-uk-front-turbines", ["NEW_COMPANY_NO_WEB_PRESENCE", "PAYER_UNRELATED", "INTERMEDIARY_CONSIGNEE",
                                          "DIVERSION_ROUTE", "GOODS_OUTSIDE_BUSINESS"])  # fmt: skip
    # S03: motion controllers paid by unrelated foreign firms, one paying for two buyers.
    trader = _party("s03a", "Mardin Elektronik Ticaret Ltd. Şti.", "tr", sector="electronics trading",
                    address="Cumhuriyet Mh. 8, Kızıltepe, Mardin")  # fmt: skip
    other = _party("s03b", "Nusaybin Teknik Malzeme", "tr", sector="hardware store", address="Şehitler Cd. 3, Nusaybin, Mardin")
    payers = [("Caspian Horizon FZE", "ae"), ("Eastgate Trading Ltd", "hk"), ("Caspian Horizon FZE", "ae")]
    for n, (buyer, (pname, pc)) in enumerate(zip((trader, trader, other), payers, strict=True)):
        o = book.order(buyer, [("servo_drive", 40.0)], d(90 + 10 * n), payer=_party(f"s03-p{n}", pname, pc), declared_end_use="")
        o["payment"]["from_country"] = pc
        tag(o, "S03-third-party-payers", ["PAYER_UNRELATED", "PAYER_FOR_MANY_BUYERS"])
    # S04: three family firms in Ceylanpınar share an address and a phone and split peroxide.
    for n, (name, sector) in enumerate([("Kaya İnşaat Malzemeleri", "building materials"), ("Kaya Tarım Ürünleri", "farm supplies"),
                                        ("Kaya Kardeşler Ticaret", "general trading")]):  # fmt: skip
        firm = _party(f"s04-{n}", name, "tr", sector=sector, address="Eski Sanayi Sitesi 5, Ceylanpınar, Şanlıurfa", phone="+90 414 000 0077")
        o = book.order(firm, [("peroxide", 95.0)], d(120 + 5 * n), declared_end_use="cleaning")
        o["route"]["ship_to_city"] = "Ceylanpınar"
        tag(o, "S04-family-firms", ["SHARED_IDENTIFIERS"])
    # S05: a jewellery workshop splits nitric acid into portions just under 100 kg.
    splitter = _party("s05", "Venmar Metaal Atelier", "nl", sector="jewellery workshop", address="Kanaalweg 9, Utrecht")
    for n in range(4):
        o = book.order(splitter, [("nitric", 95.0 + n)], d(150 + 6 * n))
        tag(o, "S05-split-orders", ["SPLIT_BELOW_THRESHOLD"])
    # S06: the buyer is a listed person (UN/UK/OFAC).
    listed = _party("s06", "Joseph Kony", "ug", schema="Person", sector="agricultural supplies")
    tag(book.order(listed, [("gnss", 10.0)], d(170)), "S06-listed-buyer", ["LIST_MATCH"], True)
    # S07: the payer is a listed ISIL money exchange, its name transliterated differently.
    o = book.order(_party("s07", "Euphrates Phone Centre", "iq", sector="mobile phone shop", address="Al-Qaim, Anbar"),
                   [("phones", 200.0)], d(180), payer=_party("s07-p", "Al Khaledi Exchange Co.", "iq", sector="money exchange"))
    o["payment"]["method"] = "money_transfer"
    tag(o, "S07-transliterated-listed-payer", ["LIST_MATCH"], True)
    # S08: Common High Priority List chips to Russia through Kazakhstan, no licence.
    o = book.order(_party("s08", "Volga Pribor OOO", "ru", sector="electronics manufacturing"), [("mcu", 3000.0)], d(200))
    o["route"].update({"ship_to": "ru", "transshipment": ["kz"]})
    tag(o, "S08-chpl-to-russia", ["LICENCE_MISSING", "EMBARGOED_DESTINATION"], True)
    # S09-S12: embargoed destinations (EAR Part 746; EU, UN regimes).
    embargo = ["EMBARGOED_DESTINATION", "LICENCE_MISSING"]
    for scheme, party, city, goods in [
        ("S09-detonators-syria", _party("s09", "Tal Abyad Mining Co.", "sy", sector="mining"), "Tal Abyad", ("detonator", 800.0)),
        ("S10-gps-dprk", _party("s10", "Korea Pyongsu Trading Corporation", "kp", sector="trading"), "Pyongyang", ("gnss", 120.0)),
        ("S11-mcu-iran", _party("s11", "Pars Electronic Industries", "ir", sector="electronics manufacturing"), "Tehran", ("mcu_us", 2000.0)),
        ("S12-turbojets-damascus", _party("s12", "Damascus Aviation Services", "sy", sector="aviation services"), "Damascus", ("turbine_model", 4.0)),
    ]:  # fmt: skip
        o = book.order(party, [goods], d(210 + len(scheme)))
        o["route"]["ship_to_city"] = city
        tag(o, scheme, embargo, True)
    # S13: a UAE trading firm buys; the consignee is in Iran (diversion through a hub).
    hub = _party("s13", "Emirates Crest General Trading LLC", "ae", sector="general trading", address="Deira, Dubai")
    o = book.order(hub, [("radio_telecom", 6.0)], d(230), consignee=_party("s13-c", "Tavan Sanat Co.", "ir", address="Tehran"),
                   declared_end_use="resale")  # fmt: skip
    o["route"].update({"ship_to": "ae", "transshipment": []})
    tag(o, "S13-consignee-in-iran", embargo, True)
    # S14: goods in words only: detonators and a quadcopter for a phone shop in Kilis.
    o = book.order(_party("s14", "Kilis Cep Dünyası", "tr", sector="cep telefonu satışı", address="Kilis merkez"),
                   [("detonator", 300.0), ("mini_drone", 10.0)], d(240))
    for item in o["items"]:
        item["hs_code"] = None
    o["items"][0]["description"] = "electric detonators"
    o["items"][1]["description"] = "quadcopter drone"
    o["route"]["ship_to_city"] = "Kilis"
    tag(o, "S14-words-only-phone-shop", ["GOODS_OUTSIDE_BUSINESS", "LICENCE_MISSING", "DIVERSION_ROUTE"])
    # S15: an established cleaning-products buyer suddenly orders twenty times its usual peroxide.
    base = _party("s15", "Orkide Temizlik Ürünleri A.Ş.", "tr", sector="manufacture of cleaning products",
                  address="OSB 4. Cd. 7, Konya", website="https://www.orkide-temizlik.com.tr", incorporationDate="2004-03-01")  # fmt: skip
    for n in range(4):
        tag(book.order(base, [("peroxide", 400.0 + 20 * n)], d(20 + 40 * n), declared_end_use="bleach production"), "S15-volume-jump", ["VOLUME_JUMP"])
    tag(book.order(base, [("peroxide", 9000.0)], d(190), declared_end_use="bleach production"), "S15-volume-jump", ["VOLUME_JUMP"])
    # S16: a member of the public buys nitromethane above the limit, in pounds.
    person = _party("s16", "Mark Dalton", "gb", schema="Person", address="12 Elm Close, Reading", email="mdalton77@hotmail.com")
    o = book.order(person, [("nitric", 1.0)], d(250))
    o["items"][0].update({"description": "nitromethane 99 %", "hs_code": "2904.20", "cas": ["75-52-5"], "quantity": 55, "unit": "lb"})
    tag(o, "S16-precursor-to-public", ["LICENCE_MISSING"], True)
    # Earlier orders of schemes that history-based flags need are themselves scheme orders; the
    # first order of a split or a jump cannot be caught alone, so catch counts the scheme.


def book(orders: int = 2400, customers: int = 420, seed: int = 20261202) -> list[dict[str, Any]]:
    b = Book(seed)
    legitimate(b, orders, customers)
    schemes(b)
    return sorted(b.orders, key=lambda o: (o["date"], o["id"]))


if __name__ == "__main__":
    import json
    import sys
    from collections import Counter

    rows = book()
    print(Counter(o.get("_kind", "scheme") for o in rows), file=sys.stderr)
    for o in rows:
        print(json.dumps(o, ensure_ascii=False))

"""Conditions on what the law says about the goods and the places: embargoes, licences,
end-use statements, and whether the goods fit the buyer's business."""

from __future__ import annotations

from typing import Any

from redtrace.flags import destinations as dest
from redtrace.flags.context import Context, Hit
from redtrace.flags.order import Line, Order, prop
from redtrace.flags.sectors import fits, sectors_of


def _label(line: Line) -> str:
    for control in line.goods.controls:
        return control.label
    return str(line.item.get("description", ""))


def licensed(order: Order, line: int, destination: str | None = None) -> bool:
    """A licence in the order that is valid on its date, held by a party of the order, and
    covering the line (or every line); with ``destination``, one that names that country."""
    for lic in order.raw.get("licences") or []:
        if destination is not None and destination not in (lic.get("destinations") or []):
            continue
        valid_to, valid_from = lic.get("valid_to"), lic.get("valid_from")
        if (valid_to and valid_to < order.date) or (valid_from and valid_from > order.date):
            continue
        if lic.get("holder") and lic["holder"] not in order.parties:
            continue
        if not lic.get("lines") or line in lic["lines"]:
            return True
    return False


def embargoed_destination(ctx: Context) -> list[Hit]:
    """A destination under an embargo that binds this deal and covers one of its lines."""
    order = ctx.order
    places: list[tuple[dict[str, Any], str, str]] = []
    by_country = {d.country: d.why for d in dest.destinations(order)}
    for row in dest.table()["embargoes"]:
        if row["country"] in by_country:
            places.append((row, row["country"], f"{row['country']} ({by_country[row['country']]})"))
    for region, word in dest.region_hits(order):
        places.append((region, region["country"][0], f"{region['name']} ('{word}')"))
    for row, country, where in places:
        for line in order.lines:
            if not set(row["by"]) & dest.bound_by(order, line) or not dest.covered(
                row["scope"], line
            ):
                continue
            named = None if row.get("lifted_by") == "licence" else country
            if row.get("licensable") and licensed(order, line.number, named):
                continue
            scope = {
                "all": "all goods",
                "controlled": "controlled goods",
                "arms": "arms and related materiel",
            }
            return [Hit("buyer", line.number, {"item": line.number, "label": _label(line), "where": where,
                                               "scope": scope[row["scope"]], "regimes": ", ".join(row["by"]),
                                               "legal": row["source"], "since": row["date"]})]  # fmt: skip
    return []


def licence_reasons(order: Order, line: Line, sanctioned: list[str]) -> list[str]:
    """Why this line needs a licence for where it goes; empty when none is needed."""
    places = [d.country for d in dest.destinations(order)]
    out = []
    if "chpl" in line.regimes() and set(places) & set(sanctioned):
        to = next(p for p in places if p in sanctioned)
        out.append(
            f"is a Common High Priority List item going to {to}, where its export is prohibited without authorisation"
        )
    if order.buyer.get("schema") == "Person" and any(
        c.regime == "eu_2019_1148" and c.entry == "I" for c in line.goods.controls
    ):
        out.append(
            "is a restricted explosives precursor (EU 2019/1148 Annex I) sold to a member of the public"
        )
    eccn = dest.eccn_of(line)
    if eccn and eccn != "EAR99":
        reasons = dest.eccn_reasons(eccn)
        if reasons is not None:  # an ECCN the table does not know: ECCN_UNKNOWN (review)
            hit = next(((r, p) for r in reasons for p in places if dest.reason_applies(r, p)), None)
            if hit:
                out.append(
                    f"carries ECCN {eccn} ({hit[0]}), which needs an EAR licence for {hit[1]} (Commerce Country Chart)"
                )
    always = dest.always_licensed(line)
    if always:
        out.append(
            f"is among {always['label']}, licensed to every destination ({always['source']})"
        )
    return out


def licence_missing(ctx: Context, sanctioned_destinations: list[str]) -> list[Hit]:
    hits = []
    for line in ctx.order.lines:
        reasons = licence_reasons(ctx.order, line, sanctioned_destinations)
        if reasons and not licensed(ctx.order, line.number):
            hits.append(
                Hit(
                    "buyer",
                    line.number,
                    {"item": line.number, "label": _label(line), "reason": reasons[0]},
                )
            )
    return hits


def eccn_unknown(ctx: Context) -> list[Hit]:
    """A line whose ECCN the licence table does not know: whether a licence is needed is a
    person's question, not a block."""
    hits = []
    for line in ctx.order.lines:
        eccn = dest.eccn_of(line)
        if eccn and eccn != "EAR99" and dest.eccn_reasons(eccn) is None:
            hits.append(
                Hit(
                    "buyer", line.number, {"item": line.number, "eccn": eccn, "label": _label(line)}
                )
            )
    return hits


def _is_trader(order: Order) -> bool:
    """A distributor, wholesaler or retailer: "resale" is its real end use."""
    found = sectors_of(" ".join(prop(order.buyer, "sector")))
    return any(s.nace.startswith(("G46", "G47")) for s in found)


def end_use_vague(ctx: Context, vague: list[str], sanctioned_destinations: list[str]) -> list[Hit]:
    """Asked only where a rule needs the end use: a line that needs a licence, or a restricted
    explosives precursor (EU 2019/1148 Art. 8: the professional user's intended use)."""
    end_use = str(ctx.order.raw.get("declared_end_use") or "").strip().lower()
    if end_use not in vague:
        return []
    if end_use in ("resale", "for resale", "stock", "trading") and _is_trader(ctx.order):
        return []
    for line in ctx.order.lines:
        if licensed(ctx.order, line.number):
            continue  # the licensing authority has the end-use statement
        annex_i = any(c.regime == "eu_2019_1148" and c.entry == "I" for c in line.goods.controls)
        if annex_i or licence_reasons(ctx.order, line, sanctioned_destinations):
            return [
                Hit("buyer", line.number, {"end_use": end_use or "(none)", "label": _label(line)})
            ]
    return []


def goods_outside_business(ctx: Context) -> list[Hit]:
    """Controlled goods that none of the buyer's sectors (NACE, from its own words) consumes."""
    sector = " ".join(prop(ctx.order.buyer, "sector"))
    found = sectors_of(sector)
    if not sector or not found:
        return []
    hits = []
    for line in ctx.order.lines:
        if not dest.controlled(line):
            continue
        codes = dest.hs_of(line) + [c["hs"] for c in line.goods.candidates]
        if codes and not fits(found, codes):
            qty = f"{line.item['quantity']:g} {line.item.get('unit') or 'units'}"
            hits.append(Hit("buyer", line.number, {"sector": sector, "label": _label(line), "hs": line.hs6,
                                                   "quantity": qty, "nace": ", ".join(s.nace for s in found)}))  # fmt: skip
    return hits

"""The named conditions that rules in ``data/rules.yml`` use. Each returns the hits it found:
the party and line concerned and the evidence that fills the rule's explanation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from redtrace.flags.context import Context, Hit
from redtrace.flags.controls import (
    eccn_unknown,
    embargoed_destination,
    end_use_vague,
    goods_outside_business,
    licence_missing,
)
from redtrace.flags.order import Line, first, prop

REFERENCE = Path(__file__).parent / "data" / "reference.yml"
CATEGORY_OF = {"UAV_ENGINE": "engine", "PULSE_JET": "engine", "UAV": "uav",
               "MOTION_CONTROL": "motion", "DETONATOR": "detonator", "GNSS": "gnss",
               "THERMAL_BATTERY": "battery", "THERMAL_CAMERA": "camera",
               "ALUMINIUM_POWDER": "aluminium", "RADIO_MODULE": "radio"}  # fmt: skip


@cache
def reference() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    return data


def categories(line: Line) -> set[str]:
    out = set()
    for control in line.goods.controls:
        if control.regime in ("eu_2019_1148", "gb_2023_63"):
            out.add("aluminium" if "aluminium" in control.label.lower() else "precursor")
        elif control.regime == "concern":
            out.add(CATEGORY_OF.get(control.entry, control.entry.lower()))
        elif control.regime == "chpl":
            out.add("chip")
    return out


def label(line: Line) -> str:
    for control in line.goods.controls:
        return control.label
    return str(line.item.get("description", ""))


def _has_words(text: str, words: list[str]) -> str | None:
    low = f" {text.lower()} "
    return next((w for w in words if f" {w} " in low or (len(w) > 5 and w in low)), None)


def list_match(ctx: Context, block_score: float = 0.9) -> list[Hit]:
    return _matches(ctx, lambda s: s >= block_score)


def possible_list_match(ctx: Context, block_score: float = 0.9) -> list[Hit]:
    return _matches(ctx, lambda s: ctx.threshold <= s < block_score)


def _matches(ctx: Context, keep: Callable[[float], bool]) -> list[Hit]:
    hits = []
    for role, results in ctx.matches.items():
        for r in results:
            if r["match"] and r.get("listed", True) and keep(r["score"]):
                refs = ", ".join(f"{x['dataset']}:{x['ref']}" for x in r["list_refs"][:3])
                name = first(ctx.order.parties.get(role) or _intermediate(ctx, role), "name")
                hits.append(Hit(role, None, {"role": role, "name": name, "caption": r["caption"],
                                             "refs": refs, "score": r["score"], "entity": r["id"],
                                             "why": "; ".join(r["explanation"][:2])}))  # fmt: skip
                break
    return hits


def _intermediate(ctx: Context, role: str) -> dict[str, Any] | None:
    if role.startswith("intermediate_consignees["):
        return ctx.order.intermediates[int(role.split("[")[1].rstrip("]"))]
    return None


def retailer_bulk_precursor(ctx: Context, min_kg: float) -> list[Hit]:
    sector = " ".join(prop(ctx.order.buyer, "sector")).lower()
    if not _has_words(sector, reference()["retail_words"]):
        return []
    hits = []
    for line in ctx.order.lines:
        kg = line.quantity_kg
        if kg and kg >= min_kg and categories(line) & {"precursor", "aluminium"}:
            hits.append(
                Hit(
                    "buyer",
                    line.number,
                    {"sector": sector, "quantity_kg": kg, "label": label(line)},
                )
            )
    return hits


def payer_unrelated(ctx: Context) -> list[Hit]:
    order = ctx.order
    payer = order.parties.get("payer")
    if (
        payer is None
        or order.related("payer", "buyer")
        or not any(line.controlled for line in order.lines)
    ):
        return []
    payer_country = first(payer, "country")
    buyer_country = first(order.buyer, "country")
    abroad = (
        f", from {payer_country} (buyer in {buyer_country})"
        if payer_country and payer_country != buyer_country
        else ""
    )
    return [
        Hit(
            "payer",
            None,
            {"payer": first(payer, "name"), "buyer": first(order.buyer, "name"), "abroad": abroad},
        )
    ]


def payment_from_other_country(ctx: Context) -> list[Hit]:
    payment = ctx.order.raw.get("payment") or {}
    source, buyer_country = payment.get("from_country"), first(ctx.order.buyer, "country")
    if source and buyer_country and source != buyer_country:
        return [Hit("payer", None, {"from_country": source, "buyer_country": buyer_country})]
    return []


def intermediary_consignee(ctx: Context) -> list[Hit]:
    consignee = ctx.order.parties.get("consignee")
    if consignee is None or (
        ctx.order.same("consignee", "buyer") and "end_user" not in ctx.order.parties
    ):
        return []
    text = " ".join(prop(consignee, "name") + prop(consignee, "sector"))
    word = _has_words(text, reference()["intermediary_words"])
    if word and any(line.controlled for line in ctx.order.lines):
        return [Hit("consignee", None, {"name": first(consignee, "name"), "word": word})]
    return []


def diversion_route(ctx: Context) -> list[Hit]:
    route = ctx.order.raw.get("route") or {}
    ship_to = (route.get("ship_to") or "").lower()
    city = (
        route.get("ship_to_city") or first(ctx.order.parties.get("consignee"), "address") or ""
    ).lower()
    areas = reference()["conflict_border_areas"].get(ship_to, [])
    town = next((a for a in areas if a in city), None)
    if not town or not any(line.controlled for line in ctx.order.lines):
        return []
    via = [c for c in route.get("transshipment") or []]
    path = f"via {', '.join(via)}" if via else f"from {route.get('ship_from', '?')}"
    return [Hit("consignee", None, {"city": town.title(), "path": path, "ship_to": ship_to})]


def new_company_no_web(ctx: Context, max_age_days: int) -> list[Hit]:
    buyer = ctx.order.buyer
    incorporated = first(buyer, "incorporationDate")
    emails = prop(buyer, "email")
    if not incorporated or prop(buyer, "website"):
        return []
    try:
        age = (date.fromisoformat(ctx.order.date) - date.fromisoformat(incorporated[:10])).days
    except ValueError:
        return []
    free = reference()["free_mail_domains"]
    freemail = [e for e in emails if e.rsplit("@", 1)[-1].lower() in free]
    concerning = [line for line in ctx.order.lines if line.controlled]
    if 0 <= age <= max_age_days and (freemail or not emails) and concerning:
        return [Hit("buyer", concerning[0].number, {"age_days": age, "email": freemail[0] if freemail else "no e-mail",
                                                    "label": label(concerning[0])})]  # fmt: skip
    return []


def cash_payment(ctx: Context, min_value: float) -> list[Hit]:
    payment = ctx.order.raw.get("payment") or {}
    value = sum(line.value for line in ctx.order.lines if line.controlled)
    if payment.get("method") in ("cash", "crypto") and value >= min_value:
        return [
            Hit(
                "payer",
                None,
                {
                    "value": value,
                    "currency": payment.get("currency", ""),
                    "method": payment["method"],
                },
            )
        ]
    return []


def split_orders(
    ctx: Context,
    window_days: int,
    min_orders: int,
    thresholds: tuple[float, ...] = (100, 250, 500, 1000, 5000),
) -> list[Hit]:
    hits = []
    for line in ctx.order.lines:
        if not categories(line) & {"precursor", "aluminium"} or not line.quantity_kg:
            continue
        past = ctx.history.recent(
            ctx.history.buyer_key(ctx.order), line.hs6, ctx.order.date, window_days, ctx.order.id
        )
        quantities = [q for _, q in past] + [line.quantity_kg]
        # "Just under" a round quantity (100 kg, 500 kg...): each portion 85-100 % of it.
        under = next((t for t in thresholds if all(0.85 * t <= q < t for q in quantities)), None)
        if len(quantities) >= min_orders and under:
            hits.append(Hit("buyer", line.number, {"count": len(quantities), "label": label(line),
                                                   "window_days": window_days, "total": sum(quantities),
                                                   "quantities": ", ".join(f"{q:.0f} kg" for q in quantities)}))  # fmt: skip
    return hits


def shared_identifiers(ctx: Context) -> list[Hit]:
    if not any(line.controlled for line in ctx.order.lines):
        return []
    me = ctx.history.buyer_key(ctx.order)
    for kind, value in ctx.history.identifiers(ctx.order):
        others = ctx.history.other_buyers(kind, value, me)
        if others:
            return [
                Hit(
                    "buyer",
                    None,
                    {"kind": kind, "value": value, "others": ", ".join(sorted(others)[:4])},
                )
            ]
    return []


def payer_for_many_buyers(ctx: Context, min_buyers: int) -> list[Hit]:
    payer = ctx.order.parties.get("payer")
    if payer is None or ctx.order.related("payer", "buyer"):
        return []
    others = ctx.history.other_buyers(
        "payer", ctx.history.party_key(payer), ctx.history.buyer_key(ctx.order)
    )
    if len(others) + 1 >= min_buyers:
        return [
            Hit(
                "payer",
                None,
                {"payer": first(payer, "name"), "others": ", ".join(sorted(others)[:4])},
            )
        ]
    return []


def volume_jump(ctx: Context, factor: float, min_history: int) -> list[Hit]:
    """A quantity far above the buyer's own largest earlier order of the same goods: its
    history is the baseline, so seasonal growth within its usual range is not a jump."""
    hits = []
    for line in ctx.order.lines:
        kg = line.quantity_kg
        if not kg or not line.controlled:
            continue
        past = ctx.history.quantities(
            ctx.history.buyer_key(ctx.order), line.hs6, ctx.order.date, ctx.order.id
        )
        if len(past) >= min_history:
            largest, average = max(past), sum(past) / len(past)
            if largest > 0 and kg >= factor * largest:
                hits.append(Hit("buyer", line.number, {"quantity_kg": kg, "label": label(line),
                                                       "factor": kg / largest, "largest": largest,
                                                       "average": average}))  # fmt: skip
    return hits


def owned_by_listed(ctx: Context, rule: str) -> list[Hit]:
    """A party that is (by screening match) a company owned 50 % or more by listed owners."""
    if ctx.ownership is None:
        return []
    hits = []
    for role, results in ctx.matches.items():
        for r in results:
            if not r["match"] or r["id"] not in ctx.ownership.entities:
                continue
            verdict = ctx.ownership.fifty_percent(r["id"], ctx.order.date)
            applied = next(
                (x for x in verdict["rules"] if x["rule"].startswith(rule) and x["applies"]), None
            )
            if applied:
                chain = "; ".join(" <- ".join(f"{s['owner_caption']} {s['percentage']:g} %" for s in c)
                                  for c in verdict["chains"][:3])  # fmt: skip
                hits.append(Hit(role, None, {"role": role, "caption": r["caption"], "share": applied["share_pct"],
                                             "rule": applied["rule"], "chain": chain,
                                             "chains": verdict["chains"]}))  # fmt: skip
                break
    return hits


def goods_flag(ctx: Context, flag: str) -> list[Hit]:
    return [
        Hit(None, line.number, {"item": line.number, "text": f["explanation"]})
        for line in ctx.order.lines
        for f in line.goods.flags
        if f["code"] == flag
    ]


CONDITIONS: dict[str, Callable[..., list[Hit]]] = {
    f.__name__: f
    for f in (
        list_match,
        embargoed_destination,
        eccn_unknown,
        possible_list_match,
        licence_missing,
        goods_outside_business,
        retailer_bulk_precursor,
        payer_unrelated,
        payment_from_other_country,
        intermediary_consignee,
        diversion_route,
        new_company_no_web,
        end_use_vague,
        cash_payment,
        split_orders,
        shared_identifiers,
        payer_for_many_buyers,
        volume_jump,
        goods_flag,
        owned_by_listed,
    )
}

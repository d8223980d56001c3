"""Evaluate the rules of ``data/rules.yml`` on an order and decide pass / review / block."""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from redtrace.flags.conditions import CONDITIONS
from redtrace.flags.context import Context

RULES = Path(__file__).parent / "data" / "rules.yml"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    source: str
    test: str
    params: dict[str, Any]
    explanation: str
    effect: str | None
    red_flag: str | None = None

    @property
    def ref(self) -> str:
        digest = hashlib.sha1(
            f"{self.test}{sorted(self.params.items())}{self.explanation}".encode()
        ).hexdigest()
        return f"{self.code.lower().replace('_', '-')}@{digest[:6]}"


@cache
def ruleset() -> tuple[str, tuple[Rule, ...]]:
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    rules = []
    for r in data["rules"]:
        condition = dict(r["condition"])
        test = condition.pop("test")
        if test not in CONDITIONS:
            raise ValueError(f"rules.yml: rule {r['code']} names an unknown test {test!r}")
        rules.append(Rule(r["code"], r["severity"], r["source"], test, condition,
                          r["explanation"], r.get("effect"), r.get("red_flag")))  # fmt: skip
    return str(data["version"]), tuple(rules)


@cache
def weighing() -> tuple[dict[str, float], float]:
    """Severity weights and the review threshold, from the ``decision`` section of rules.yml."""
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))["decision"]
    return {k: float(v) for k, v in data["weights"].items()}, float(data["review_at"])


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, evidence: dict[str, Any]) -> str:
    try:
        return string.Formatter().vformat(template, (), _Safe(evidence))
    except (ValueError, TypeError):
        return template


def evaluate(ctx: Context) -> list[dict[str, Any]]:
    flags = []
    for rule in ruleset()[1]:
        for hit in CONDITIONS[rule.test](ctx, **rule.params):
            flag: dict[str, Any] = {"code": rule.code, "severity": rule.severity}
            if hit.party:
                flag["party"] = hit.party
            if hit.item is not None:
                flag["item"] = hit.item
            flag["explanation"] = _fill(rule.explanation, hit.evidence)
            flag["evidence"] = {k: v for k, v in hit.evidence.items() if k != "why"}
            flag["rule"] = rule.ref
            flag["source"] = rule.source
            if rule.red_flag:
                flag["red_flag"] = rule.red_flag
            if rule.effect:
                flag["effect"] = rule.effect
            flags.append(flag)
    return flags


@cache
def approval_rule() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RULES.read_text(encoding="utf-8"))["approved_customer"]
    return data


def lower_for_approved(
    flags: list[dict[str, Any]], approval: dict[str, Any] | None, line_hs: dict[int, list[str]]
) -> None:
    """Mark the weak flags an approved customer's approval covers (its approved goods)."""
    if not approval:
        return
    rule, goods = approval_rule(), approval.get("goods") or []

    def approved(codes: list[str]) -> bool:
        return not goods or any(c.startswith(g) for c in codes for g in goods)

    for flag in flags:
        if flag["code"] in rule["never"] or flag.get("effect") == "block":
            continue
        lines = [flag["item"]] if "item" in flag else list(line_hs)
        if all(approved(line_hs.get(n, [])) for n in lines):
            flag["lowered"] = f"approved customer: KYC {approval['kyc_date']} by {approval['by']}"


def decide(flags: list[dict[str, Any]]) -> tuple[str, float]:
    """``block`` if a blocking rule fired; else ``review`` when the weighed flags reach the
    review threshold; else ``pass`` (the flags stay on the result as notes). A flag lowered
    for an approved customer weighs ``approved_customer.factor`` of its weight."""
    weights, review_at = weighing()
    factor = float(approval_rule()["factor"])
    remaining = 1.0
    for flag in flags:
        remaining *= 1.0 - weights[flag["severity"]] * (factor if flag.get("lowered") else 1.0)
    score = round(1.0 - remaining, 3)
    if any(f.get("effect") == "block" for f in flags):
        return "block", score
    if score >= review_at:
        return "review", score
    return "pass", score


def document() -> str:
    """The rules' reference documentation, generated from the same file the engine reads."""
    version, rules = ruleset()
    lines = [f"# Red-flag rules (version {version})", ""]
    for r in rules:
        params = ", ".join(f"{k}={v}" for k, v in r.params.items())
        lines += [f"## {r.code} ({r.severity}{', blocks' if r.effect == 'block' else ''})", "",
                  f"- condition: `{r.test}({params})`", f"- source: {r.source}",
                  f"- red flag: {r.red_flag or '(none)'}",
                  f"- explanation: {r.explanation}", ""]  # fmt: skip
    return "\n".join(lines)

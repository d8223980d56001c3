"""Decision evidence bundles: what was known, from which list version, and who decided.

``evidence_bundle`` gathers, for one order or screening alert, the order or party as
submitted, every list entry it matched as that entry stood in the list version used, the
flags with the rule set's version, the decision trail (check, signatures), and the audit
records involved with their inclusion proofs against the latest signed checkpoint.

Replaying: the bundle's order checked again against the same list versions with the same
order history gives the same result (decision, score, flags, matches); the test suite checks
this. The history is the one stored before the check, so a replay runs on a copy of the
store as it was, or on one with only the listed versions loaded.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from redtrace.audit.log import load, prove, row_dict
from redtrace.store.audit import search
from redtrace.store.entities import entities_by_ref, entity_at, version_by_hash
from redtrace.store.interface import StoreProtocol
from redtrace.store.orders import order_record
from redtrace.store.parties import alerts_of

__all__ = ["evidence_bundle", "render_html", "write_bundle"]

REPLAY = ("Checking this order again against the list versions named here, with the order"
          " history stored before this check, gives this result again.")  # fmt: skip


def evidence_bundle(store: StoreProtocol, subject: str) -> dict[str, Any] | None:
    """The bundle for an order id or an alert's party id (None when neither is known)."""
    case = order_record(store, subject)
    alerts = alerts_of(store, subject)
    if case is None and not alerts:
        return None
    bundle: dict[str, Any] = {
        "subject": subject,
        "kind": "order" if case else "screening_alert",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    entries: list[dict[str, Any]] = []
    if case:
        result = case["result"]
        versions = {d["name"]: version_by_hash(store, d["name"], d["sha256"])
                    for d in (result.get("versions") or {}).get("datasets", [])}  # fmt: skip
        bundle.update({
            "order": case["order"], "result": result, "status": case["status"],
            "rules_version": (result.get("versions") or {}).get("rules"),
            "list_versions": versions, "replay": REPLAY,
            "trail": [{"step": "checked", "at": case["checked_at"], "decision": result.get("decision")}]
            + [{"step": "release signed", **r} for r in case["releases"]],
        })  # fmt: skip
        for match in result.get("matches", []):
            for hit in match.get("results", []):
                entries += _entries(store, hit, versions, match.get("party"))
    for alert in alerts:
        for hit in alert.get("results", []):
            entries += _entries(store, hit, {alert["dataset"]: alert["to_version"]}, "watched")
    if alerts:
        bundle["alerts"] = alerts
    bundle["entries"] = entries
    bundle["audit"] = _records(store, subject)
    return bundle


def _entries(
    store: StoreProtocol, hit: dict[str, Any], versions: dict[str, int | None], role: Any
) -> list[dict[str, Any]]:
    out = []
    for dataset in hit.get("datasets") or []:
        version = versions.get(dataset)
        record = entity_at(store, dataset, version, hit["id"]) if version else None
        if record is None and version:  # the same party under its own id in another list
            refs = [r["ref"] for r in hit.get("list_refs") or []]
            found = entities_by_ref(store, dataset, version, refs)
            record = found[0] if found else None
        out.append({"party": role, "id": hit["id"], "score": hit.get("score"),
                    "dataset": dataset, "version": version, "entry": record})  # fmt: skip
    return out


def _records(store: StoreProtocol, subject: str) -> list[dict[str, Any]]:
    out = []
    found = search(store, subject=subject)
    tree = load(store, recompute=False).tree if found else None
    for row in found:
        try:
            proof: dict[str, Any] | str = prove(store, row.seq, tree)
        except LookupError as exc:
            proof = str(exc)
        out.append({"record": row_dict(row), "inclusion_proof": proof})
    return out


def write_bundle(bundle: dict[str, Any], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "evidence.json"
    page = folder / "evidence.html"
    data.write_bytes(orjson.dumps(bundle, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS,
                                  default=str))  # fmt: skip
    page.write_text(render_html(bundle), encoding="utf-8")
    return [data, page]


def render_html(bundle: dict[str, Any]) -> str:
    """A readable, self-contained page of the bundle (no script, no outside resources)."""
    e = html.escape
    parts = [f"<!doctype html><meta charset='utf-8'><title>Evidence {e(bundle['subject'])}</title>",
             "<style>body{font:14px sans-serif;max-width:60em;margin:2em auto}"
             "pre{background:#f4f4f4;padding:.5em;overflow:auto}td,th{padding:.2em .6em;"
             "text-align:left;vertical-align:top}</style>",
             f"<h1>Evidence: {e(bundle['kind'])} {e(bundle['subject'])}</h1>",
             f"<p>Generated {e(bundle['generated_at'])}.</p>"]  # fmt: skip
    if "result" in bundle:
        result = bundle["result"]
        parts.append(f"<h2>Decision: {e(str(result.get('decision')))} (score "
                     f"{e(str(result.get('score')))}), status {e(str(bundle['status']))}</h2>")  # fmt: skip
        parts.append(f"<p>Rules version {e(str(bundle.get('rules_version')))}; list versions "
                     + ", ".join(f"{e(k)} {e(str(v))}" for k, v in bundle["list_versions"].items())
                     + f".</p><p>{e(bundle['replay'])}</p>")  # fmt: skip
        parts.append("<h2>Flags</h2><table><tr><th>code</th><th>severity</th><th>why</th></tr>")
        for flag in result.get("flags", []):
            parts.append(f"<tr><td>{e(str(flag.get('code')))}</td><td>{e(str(flag.get('severity')))}"
                         f"</td><td>{e(str(flag.get('explanation')))}</td></tr>")  # fmt: skip
        parts.append("</table><h2>Decision trail</h2><ul>")
        for step in bundle["trail"]:
            parts.append(f"<li>{e(str(step.get('at')))}: {e(step['step'])} "
                         f"{e(str(step.get('by') or step.get('decision')))}"
                         f" {e(str(step.get('reason') or ''))}</li>")  # fmt: skip
        parts.append("</ul><h2>Order as submitted</h2>")
        parts.append(
            f"<pre>{e(orjson.dumps(bundle['order'], option=orjson.OPT_INDENT_2).decode())}</pre>"
        )
    parts.append("<h2>List entries matched, as they stood</h2>")
    for item in bundle["entries"]:
        caption = (item["entry"] or {}).get("caption", "(not in the store)")
        parts.append(f"<h3>{e(str(caption))} — {e(item['dataset'])} version {e(str(item['version']))}"
                     f", score {e(str(item['score']))}</h3>"
                     f"<pre>{e(orjson.dumps(item['entry'], option=orjson.OPT_INDENT_2).decode())}</pre>")  # fmt: skip
    parts.append("<h2>Audit records</h2><table><tr><th>#</th><th>at</th><th>user</th>"
                 "<th>action</th><th>proof</th></tr>")  # fmt: skip
    for item in bundle["audit"]:
        rec, proof = item["record"], item["inclusion_proof"]
        said = (f"leaf {proof['index']} of {proof['tree_size']}, checkpoint signed "
                f"{proof['checkpoint']['signed_at']}" if isinstance(proof, dict) else proof)  # fmt: skip
        parts.append(f"<tr><td>{rec['seq']}</td><td>{e(rec['recorded_at'])}</td>"
                     f"<td>{e(rec['user'])}</td><td>{e(rec['action'])}</td><td>{e(said)}</td></tr>")  # fmt: skip
    parts.append("</table>")
    return "\n".join(parts) + "\n"

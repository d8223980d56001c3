"""The party graph: order parties resolved into parties, linked to the addresses, phones,
e-mails and payers they use, to their orders and to list entries, every edge with evidence.

Resolution rule (recorded as the judgement of rule ``same-name-country@1``): order parties
with the same normalised name and country, or the same registration number, are one party.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from redtrace.flags.order import PARTY_ROLES
from redtrace.trace import normal

IDENTIFIERS = {"address": normal.address, "email": normal.email, "website": normal.website}
# Kinds of node that tie the parties using them (clusters, resolution evidence).
SHARED_KINDS = ("address", "phone", "email", "website", "payer")


@dataclass
class PartyNode:
    id: str
    caption: str
    schema: str
    country: str
    source_ids: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    orders: set[str] = field(default_factory=set)
    list_refs: list[dict[str, str]] = field(default_factory=list)
    flagged_orders: set[str] = field(default_factory=set)
    goods: set[str] = field(default_factory=set)
    sellers: set[str] = field(default_factory=set)


class PartyGraph:
    def __init__(self) -> None:
        self.g: nx.MultiGraph = nx.MultiGraph()
        self.parties: dict[str, PartyNode] = {}
        self._keys: dict[str, str] = {}
        self._names: dict[str, str] = {}

    def key_to_party(self, key: str) -> str | None:
        return self._keys.get(key)

    def party_by_name(self, name: str) -> str | None:
        """The first party seen under this normalised name, whatever its country."""
        return self._names.get(name)

    def remember(self, key: str, pid: str) -> None:
        self._keys.setdefault(key, pid)

    def new_party(self, caption: str, schema: str, country: str) -> str:
        pid = f"p-{len(self.parties) + 1}"
        while pid in self.parties:
            pid = f"p-{int(pid[2:]) + 1}"
        self.parties[pid] = PartyNode(pid, caption, schema, country)
        self.g.add_node(pid, kind="party", label=caption)
        self._names.setdefault(normal.name(caption), pid)
        return pid

    def resolve(self, party: dict[str, Any], seller: str | None) -> PartyNode:
        props = party.get("properties") or {}
        caption = (props.get("name") or [""])[0]
        country = (props.get("country") or [""])[0]
        keys = [f"name:{normal.name(caption)}|{country}"]
        keys += [f"reg:{r.strip().upper()}|{country}" for r in props.get("registrationNumber", [])]
        pid = next((self._keys[k] for k in keys if k in self._keys), None)
        if pid is None:
            pid = self.new_party(caption, party.get("schema", "LegalEntity"), country)
        for k in keys:
            self._keys.setdefault(k, pid)
        node = self.parties[pid]
        if party.get("id"):
            node.source_ids.add(f"{seller}:{party['id']}" if seller else str(party["id"]))
            node.source_ids.add(str(party["id"]))
        for kind, norm in IDENTIFIERS.items():
            for raw in props.get(kind, []):
                value = norm(raw)
                if value:
                    self._link(pid, f"{kind}:{value}", kind, value, {"raw": raw})
        for raw in props.get("phone", []):
            value = normal.phone(raw, country)
            if value:
                self._link(pid, f"phone:{value}", "phone", value, {"raw": raw})
        return node

    def _link(self, pid: str, node: str, kind: str, value: str, evidence: dict[str, Any]) -> None:
        if node not in self.g:
            self.g.add_node(node, kind=kind, label=value)
        self.g.add_edge(pid, node, relation=f"uses {kind}", evidence=evidence)

    def add_order(self, order: dict[str, Any], result: dict[str, Any] | None) -> None:
        seller = (order.get("seller") or {}).get("id")
        oid = str(order["id"])
        self.g.add_node(f"order:{oid}", kind="order", label=oid)
        resolved: dict[str, PartyNode] = {}
        for role in PARTY_ROLES:
            value = order.get(role)
            if isinstance(value, dict) and "same_as" in value:
                value = order.get(value["same_as"])
            if not isinstance(value, dict) or "same_as" in value:
                continue
            node = self.resolve(value, seller)
            resolved[role] = node
            node.roles.add(role)
            node.orders.add(oid)
            if seller:
                node.sellers.add(str(seller))
            self.g.add_edge(node.id, f"order:{oid}", relation=role, evidence={"order": oid})
        flagged = bool(result and result.get("decision") in ("review", "block"))
        goods = {
            c["label"] for line in (result or {}).get("goods", []) for c in line.get("controls", [])
        }
        for line in (result or {}).get("goods", []):
            if line.get("controls"):
                hs = (line.get("hs_code") or (line.get("candidates") or [{}])[0].get("hs") or "?")[
                    :6
                ]
                self.g.add_node(f"goods:{hs}", kind="goods", label=line["controls"][0]["label"])
                self.g.add_edge(f"order:{oid}", f"goods:{hs}", relation="contains",
                                evidence={"order": oid, "line": line["line"]})  # fmt: skip
        for node in resolved.values():
            if flagged:
                node.flagged_orders.add(oid)
            node.goods |= goods
        for match in (result or {}).get("matches", []):
            hit = resolved.get(match["party"])
            top = match["results"][0] if match["results"] else None
            if hit and top and top["match"]:
                for ref in top["list_refs"]:
                    if ref not in hit.list_refs:
                        hit.list_refs.append(ref)
                entry = f"list:{top['id']}"
                self.g.add_node(entry, kind="list_entry", label=top["caption"])
                self.g.add_edge(hit.id, entry, relation="matches list entry",
                                evidence={"order": oid, "score": top["score"]})  # fmt: skip
        buyer, payer = resolved.get("buyer"), resolved.get("payer")
        if buyer and payer and buyer.id != payer.id:
            self._link(buyer.id, f"payer:{payer.id}", "payer", payer.caption, {"order": oid})
        consignee = resolved.get("consignee")
        if buyer and consignee and buyer.id != consignee.id:
            self.g.add_edge(buyer.id, consignee.id, relation="ships to", evidence={"order": oid})

    def merge(self, keep: str, gone: str, evidence: dict[str, Any]) -> None:
        """Fold party ``gone`` into ``keep``: its edges move over, its facts are kept."""
        node, other = self.parties[keep], self.parties.pop(gone)
        for attr in ("source_ids", "roles", "orders", "flagged_orders", "goods", "sellers"):
            getattr(node, attr).update(getattr(other, attr))
        node.list_refs += [r for r in other.list_refs if r not in node.list_refs]
        for _, neighbour, data in list(self.g.edges(gone, data=True)):
            if neighbour != keep:
                self.g.add_edge(keep, neighbour, **data)
        self.g.remove_node(gone)
        self.g.nodes[keep].setdefault("merged", []).append({"party": gone, **evidence})
        for key, pid in list(self._keys.items()):
            if pid == gone:
                self._keys[key] = keep

    def shared(self) -> dict[str, list[str]]:
        """Identifier node -> the parties that use it (two or more)."""
        out: dict[str, list[str]] = defaultdict(list)
        for node, data in self.g.nodes(data=True):
            if data["kind"] in SHARED_KINDS:
                users = sorted({n for n in self.g.neighbors(node) if n in self.parties})
                if len(users) >= 2:
                    out[node] = users
        return out

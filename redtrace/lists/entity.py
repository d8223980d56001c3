"""A list entry as a FollowTheMoney entity, with its list references and sanctions."""

from __future__ import annotations

from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")


class ListEntity:
    """One designated party: an FtM entity plus ``list_refs`` and sanction records.

    Sanction details are kept as FtM ``Sanction`` property dicts so that an export can emit
    them as their own entities pointing at this one.
    """

    __slots__ = ("given_caption", "list_refs", "proxy", "sanctions")

    def __init__(self, schema: str, entity_id: str) -> None:
        self.proxy: EntityProxy = model.make_entity(schema)
        self.proxy.id = entity_id
        self.list_refs: list[dict[str, str]] = []
        self.sanctions: list[dict[str, list[str]]] = []
        # A source's own caption (FtM files carry one); else FtM picks one from the names.
        self.given_caption: str | None = None

    @property
    def id(self) -> str:
        return str(self.proxy.id)

    @property
    def schema(self) -> str:
        return str(self.proxy.schema.name)

    def add(self, prop: str, value: Any, quiet: bool = True) -> None:
        """Add values to a property; empty values and unknown properties are skipped."""
        if value is None or value == "" or value == []:
            return
        values = value if isinstance(value, list | tuple | set) else [value]
        for item in values:
            if item is None:
                continue
            text = str(item).strip()
            if text and text != "-0-":
                self.proxy.add(prop, text, quiet=quiet)

    def add_ref(self, dataset: str, ref: str) -> None:
        entry = {"dataset": dataset, "ref": str(ref).strip()}
        if entry["ref"] and entry not in self.list_refs:
            self.list_refs.append(entry)

    def add_sanction(self, **props: Any) -> None:
        """Record a sanction (programme, authority, listing date, reason...)."""
        clean: dict[str, list[str]] = {}
        for key, value in props.items():
            values = value if isinstance(value, list) else [value]
            kept = [str(v).strip() for v in values if v is not None and str(v).strip()]
            if kept:
                clean[key] = kept
        if clean and clean not in self.sanctions:
            self.sanctions.append(clean)

    def upgrade(self, schema: str) -> None:
        """Narrow the schema (LegalEntity to Company, say) keeping all properties."""
        if schema == self.schema:
            return
        new = model.make_entity(schema)
        new.id = self.proxy.id
        for prop, values in self.proxy.properties.items():
            new.add(prop, values, quiet=True)
        self.proxy = new

    def merge(self, other: ListEntity) -> None:
        if other.schema != self.schema:
            common = model.common_schema(self.schema, other.schema)
            self.upgrade(common.name)
        for prop, values in other.proxy.properties.items():
            self.proxy.add(prop, values, quiet=True)
        for ref in other.list_refs:
            self.add_ref(ref["dataset"], ref["ref"])
        for sanction in other.sanctions:
            if sanction not in self.sanctions:
                self.sanctions.append(sanction)

    def to_record(self) -> dict[str, Any]:
        """The stored and exported form: FtM fields plus ``list_refs`` and ``sanctions``."""
        return {
            "id": self.id,
            "schema": self.schema,
            "caption": self.given_caption or self.proxy.caption,
            "properties": {k: list(v) for k, v in sorted(self.proxy.properties.items())},
            "list_refs": self.list_refs,
            "sanctions": self.sanctions,
        }

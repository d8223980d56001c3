"""FollowTheMoney JSON lines: entity files, and ``{op, entity}`` delta files (ADD/MOD/DEL).

Any FtM source becomes a dataset. Non-party schemata (Ownership, Directorship, Sanction,
Address...) are kept too: network tracing reads ownership and control from them.
"""

from __future__ import annotations

from typing import Any

import orjson
from followthemoney import model

from redtrace.lists.base import ListFormatError, ParsedList, SourceFile
from redtrace.lists.entity import ListEntity

OPS = ("ADD", "MOD", "DEL")


def parse(source: SourceFile, dataset: str) -> ParsedList:
    result = ParsedList(dataset=dataset, format="ftm_json", files=[source])
    text = source.text()
    if not text.strip():
        raise ListFormatError(source.name, "file is empty", "line 1")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        result.rows_read += 1
        where = f"line {number}"
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            result.reject(source.name, where, "json", f"not JSON: {exc}")
            continue
        if not isinstance(data, dict):
            result.reject(source.name, where, "json", "not a JSON object")
            continue
        if "op" in data:
            result.is_delta = True
            op = str(data.get("op", "")).upper()
            if op not in OPS:
                result.reject(source.name, where, "op", f"unknown op {data.get('op')!r}")
                continue
            body = data.get("entity")
            if not isinstance(body, dict):
                result.reject(source.name, where, "entity", "missing entity")
                continue
            if op == "DEL":
                if body.get("id"):
                    result.deleted.add(str(body["id"]))
                else:
                    result.reject(source.name, where, "entity.id", "missing id")
                continue
            data = body
        entity = _entity(data, dataset, source.name, where, result)
        if entity is not None:
            result.deleted.discard(entity.id)
            result.add(entity)
    return result


def _entity(
    data: dict[str, Any], dataset: str, file: str, where: str, result: ParsedList
) -> ListEntity | None:
    entity_id = data.get("id")
    schema_name = data.get("schema")
    if not entity_id or not isinstance(entity_id, str):
        result.reject(file, where, "id", "missing or not a string")
        return None
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        result.reject(file, where, "schema", f"unknown schema {schema_name!r}")
        return None
    props = data.get("properties")
    if not isinstance(props, dict):
        result.reject(file, where, "properties", "missing or not an object")
        return None
    entity = ListEntity(schema.name, entity_id)
    for prop, values in props.items():
        if prop in schema.properties and isinstance(values, list):
            entity.add(prop, [v for v in values if isinstance(v, str)])
    entity.add_ref(dataset, entity_id)
    caption = data.get("caption")
    if isinstance(caption, str) and caption.strip():
        entity.given_caption = caption.strip()
    return entity

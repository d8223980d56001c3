"""Copy a whole store to another (DuckDB to PostgreSQL or back): every table, every row,
in one transaction on the target, after the target's schema is brought up to date."""

from __future__ import annotations

from redtrace.store.interface import StoreProtocol

# Tables copied row for row, in an order that keeps references meaningful.
TABLES = {
    "versions": ("dataset", "version", "sha256", "format", "files", "published", "loaded_at",
                 "rows_read", "entities", "rows_merged", "rows_rejected", "rejects", "reader",
                 "status", "problems"),
    "entities": ("dataset", "version", "id", "schema", "caption", "digest", "record"),
    "refs": ("dataset", "version", "id", "ref_dataset", "ref"),
    "current": ("dataset", "version"),
    "parties": ("id", "record", "updated_at"),
    "rescreens": ("dataset", "from_version", "to_version", "run_at", "parties",
                  "changed_entries", "alerts"),
    "screening_alerts": ("party_id", "dataset", "from_version", "to_version", "raised_at",
                         "status", "result", "decided_by", "reason", "decided_at"),
    "api_keys": ("name", "role", "key_hash", "created_at", "revoked_at"),
    "order_facts": ("buyer", "buyer_name", "kind", "value"),
    "order_decisions": ("order_id", "order_date", "checked_at", "decision", "score", "status",
                        "result", "order_json"),
    "order_releases": ("order_id", "released_by", "role", "reason", "released_at", "action"),
    "judgements": ("seq", "left_key", "right_key", "judgement", "judged_by", "kind", "reason",
                   "judged_at", "undone_at"),
    "documents": ("sha256", "doc_id", "source", "title", "languages", "ingested_at", "facts",
                  "record"),
    "document_facts": ("sha256", "fact_id", "schema", "record", "pos"),
    "watch_keys": ("party_id", "key", "name_no", "pos", "weight", "total"),
    "watch_meta": ("name", "value"),
    "alert_decisions": ("party_id", "entity_id", "party_digest", "entity_digest", "outcome",
                        "reason", "decided_by", "decided_at"),
    "list_fetches": ("dataset", "fetched_at", "outcome", "version", "detail"),
    "webhook_deliveries": ("alert_key", "url", "status", "attempts", "last_error", "next_at",
                           "delivered_at"),
    "audit_records": ("seq", "recorded_at", "user_name", "action", "dataset", "subject", "body",
                      "leaf_hash", "purged_at"),
    "audit_checkpoints": ("tree_size", "root", "signed_at", "key_id", "signature"),
    "approved_customers": ("customer", "name", "goods", "kyc_date", "approved_by", "note",
                           "approved_at", "revoked_at"),
    "case_notes": ("case_kind", "case_id", "kind", "by_user", "body", "noted_at"),
}  # fmt: skip
BATCH = 5000


class CopyError(Exception):
    pass


def copy_store(source: StoreProtocol, target: StoreProtocol) -> dict[str, int]:
    """Copy every table of ``source`` into an empty ``target``; returns rows per table."""
    for table in TABLES:
        row = target.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        if row and row[0]:
            raise CopyError(f"the target store is not empty: {table} has {row[0]} rows")
    counts: dict[str, int] = {}
    with target.transaction():
        for table, columns in TABLES.items():
            names = ", ".join(columns)
            cursor = source.con.execute(f"SELECT {names} FROM {table}")
            counts[table] = 0
            while batch := cursor.fetchmany(BATCH):
                rows = [dict(zip(columns, r, strict=True)) for r in batch]
                target.bulk_insert(table, {c: "VARCHAR" for c in columns}, rows)
                counts[table] += len(rows)
        _restart_sequences(target)
    return counts


def _restart_sequences(store: StoreProtocol) -> None:
    for sequence, table in (("judgement_seq", "judgements"), ("audit_seq", "audit_records")):
        row = store.con.execute(f"SELECT coalesce(max(seq), 0) FROM {table}").fetchone()
        start = int(row[0]) + 1 if row else 1
        if store.kind == "postgresql":
            store.con.execute(f"ALTER SEQUENCE {sequence} RESTART WITH {start}")
        else:
            store.con.execute(f"DROP SEQUENCE IF EXISTS {sequence}")
            store.con.execute(f"CREATE SEQUENCE {sequence} START {start}")

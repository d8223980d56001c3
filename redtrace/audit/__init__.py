"""The audit log: every decision and change as a record in the store, a Merkle tree over
them, signed checkpoints, proofs, evidence bundles and retention."""

from redtrace.audit.keys import AuditKeyError, Checkpoint, keygen, load_signing_key, public_path
from redtrace.audit.log import Report, checkpoint, load, prove, record, verify
from redtrace.audit.retention import RetentionError, purge

__all__ = [
    "AuditKeyError",
    "Checkpoint",
    "Report",
    "RetentionError",
    "checkpoint",
    "keygen",
    "load",
    "load_signing_key",
    "prove",
    "public_path",
    "purge",
    "record",
    "verify",
]

"""Tamper-evident audit trail of screenings and decisions."""

from redtrace.audit.log import AuditLog

__all__ = ["AuditLog"]

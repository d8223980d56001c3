"""The checkpoint signing key: Ed25519, kept in a file outside the store (``REDTRACE_AUDIT_KEY``)
that only its owner can read; the public half beside it as ``KEYFILE.pub``."""

from __future__ import annotations

import base64
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from redtrace.audit.verifier import checkpoint_message, key_id


class AuditKeyError(Exception):
    """The key file is missing, unreadable, too open or not an Ed25519 key."""


def public_path(path: Path) -> Path:
    return path.with_name(path.name + ".pub")


def keygen(path: Path) -> Path:
    """Write a new key pair (refusing to overwrite one); returns the public key's path."""
    pub = public_path(path)
    if path.exists() or pub.exists():
        raise AuditKeyError(f"{path}: a key is already there; move it away first")
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(private)
    pub.write_bytes(public_pem(key.public_key()))
    return pub


def public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.PEM,
                               serialization.PublicFormat.SubjectPublicKeyInfo)  # fmt: skip


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """The private key at ``path``; refused when group or others may read it."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise AuditKeyError(f"{path}: cannot read the audit key ({exc.strerror})") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyError(f"{path}: the audit key is readable by others (mode "
                        f"{stat.S_IMODE(mode):o}); chmod 600 it")  # fmt: skip
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as exc:
        raise AuditKeyError(f"{path}: not a PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError(f"{path}: not an Ed25519 key")
    return key


def fingerprint(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key_id(raw)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    tree_size: int
    root: str
    signed_at: str
    key_id: str
    signature: str

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint:
        try:
            return cls(int(data["tree_size"]), str(data["root"]), str(data["signed_at"]),
                       str(data["key_id"]), str(data["signature"]))  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            raise AuditKeyError(f"not a checkpoint: {exc}") from exc


def sign(key: Ed25519PrivateKey, tree_size: int, root: str) -> Checkpoint:
    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    kid = fingerprint(key.public_key())
    signature = key.sign(checkpoint_message(tree_size, root, at, kid))
    return Checkpoint(tree_size, root, at, kid, base64.b64encode(signature).decode())


def public_key_pem(path: Path) -> bytes:
    """The public half of the key at ``path``: ``path.pub`` when it is there, else derived
    from the private key."""
    pub = public_path(path)
    if pub.exists():
        return pub.read_bytes()
    return public_pem(load_signing_key(path).public_key())

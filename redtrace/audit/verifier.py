"""A standalone verifier of redtrace audit proofs, for a third party holding the public key.

It needs Python and the ``cryptography`` package only, nothing else of redtrace, and can be
copied out and run alone::

    python -m redtrace.audit PROOF.json --public-key audit.key.pub     # or: python verifier.py ...

A proof file (``redtrace audit prove``) holds one record as stored, its place in the log, the
Merkle audit path, and the signed checkpoint it is proven against. The verifier recomputes
the record's leaf hash from its fields, the tree root from the path, and checks that root
against the checkpoint and the checkpoint's Ed25519 signature against the key. Exit 0 only
when every step holds.

The tree is RFC 6962's (also RFC 9162): a leaf hash is SHA-256(0x00 || leaf), an inner node
SHA-256(0x01 || left || right), the left subtree of n leaves holds the largest power of two
smaller than n. A leaf is the JSON array ``[seq, recorded_at, user, action, dataset, subject,
body]`` (compact, UTF-8, keys as stored). A checkpoint signs the text::

    redtrace audit checkpoint v1
    <tree size>
    <root, hex>
    <signed at, ISO 8601>
    <key id: SHA-256 of the raw public key, hex>
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MAGIC = "redtrace audit checkpoint v1"


def leaf_bytes(fields: Sequence[Any]) -> bytes:
    """The bytes a record's leaf hash is taken over."""
    return json.dumps(list(fields), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def checkpoint_message(tree_size: int, root: str, signed_at: str, key_id: str) -> bytes:
    return f"{MAGIC}\n{tree_size}\n{root}\n{signed_at}\n{key_id}\n".encode()


def key_id(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2: is ``leaf`` the ``index``-th of the tree of ``size`` leaves?"""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2: is the tree of ``second`` leaves an append-only extension of
    the tree of ``first``?"""
    if first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    path = list(proof)
    if not path:
        return False
    if first & (first - 1) == 0:  # an exact power of two: its root is the first node
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


def verify_signature(checkpoint: dict[str, Any], public_key_pem: bytes) -> str | None:
    """None when the checkpoint is signed by this key; else what is wrong."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    public = serialization.load_pem_public_key(public_key_pem)
    if not isinstance(public, Ed25519PublicKey):
        return "the public key is not an Ed25519 key"
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if checkpoint.get("key_id") != key_id(raw):
        return f"signed by another key ({str(checkpoint.get('key_id'))[:16]}...)"
    message = checkpoint_message(
        int(checkpoint["tree_size"]), checkpoint["root"], checkpoint["signed_at"],
        checkpoint["key_id"],
    )  # fmt: skip
    try:
        public.verify(base64.b64decode(checkpoint["signature"]), message)
    except (InvalidSignature, ValueError):
        return "the signature does not match"
    return None


def verify_proof(proof: dict[str, Any], public_key_pem: bytes) -> list[str]:
    """What is wrong with an inclusion proof file's content ([] when it holds)."""
    problems = []
    checkpoint = proof["checkpoint"]
    bad = verify_signature(checkpoint, public_key_pem)
    if bad:
        problems.append(f"checkpoint: {bad}")
    record = proof["record"]
    fields = [record[k] for k in ("seq", "recorded_at", "user", "action", "dataset", "subject",
                                  "body")]  # fmt: skip
    leaf = leaf_hash(leaf_bytes(fields)) if record.get("body") is not None else None
    stored = bytes.fromhex(proof["leaf_hash"])
    if leaf is not None and leaf != stored:
        problems.append("the record's fields do not give its leaf hash")
    path = [bytes.fromhex(h) for h in proof["path"]]
    if int(proof["tree_size"]) != int(checkpoint["tree_size"]):
        problems.append("the proof is for another tree size than its checkpoint")
    if not verify_inclusion(stored, int(proof["index"]), int(proof["tree_size"]), path,
                            bytes.fromhex(checkpoint["root"])):  # fmt: skip
        problems.append("the audit path does not lead to the checkpoint's root")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a redtrace audit inclusion proof.")
    parser.add_argument("proof", type=Path)
    parser.add_argument("--public-key", type=Path, required=True)
    args = parser.parse_args(argv)
    proof = json.loads(args.proof.read_text(encoding="utf-8"))
    problems = verify_proof(proof, args.public_key.read_bytes())
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if not problems:
        print(f"OK: record {proof['record']['seq']} is leaf {proof['index']} of the signed tree"
              f" of {proof['tree_size']} records (root {proof['checkpoint']['root'][:16]}...)")  # fmt: skip
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Read a document into clean text: plain text, HTML (boilerplate removed), PDF text layer,
e-mail (.eml, with its text attachments). Garbage gets a clear error or a bounded result."""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # larger inputs are cut here; the document says so


class DocumentError(Exception):
    """A document that cannot be read at all."""


@dataclass
class Document:
    source: str
    sha256: str
    kind: str
    title: str | None
    text: str
    truncated: bool = False
    parts: list[str] = field(default_factory=list)  # attachments read, for e-mail


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read(path: Path) -> Document:
    return read_bytes(path.read_bytes(), str(path))


def read_bytes(raw: bytes, path: str) -> Document:
    """Read a document from its bytes; ``path`` is its source (file path or URL)."""
    if not raw.strip():
        raise DocumentError(f"{path}: empty file")
    truncated = len(raw) > MAX_BYTES
    data = raw[:MAX_BYTES]
    sha = hashlib.sha256(raw).hexdigest()
    head = data[:2048].lstrip().lower()
    if data.startswith(b"%PDF"):
        return _pdf(path, data, sha, truncated)
    if b"\x00" in data[:4096]:
        raise DocumentError(
            f"{path}: binary file of an unknown kind (not text, HTML, PDF or e-mail)"
        )
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<div" in head:
        return _html(path, _decode(data), sha, truncated)
    if head.startswith((b"from:", b"return-path:", b"received:", b"mime-version:", b"message-id:")):
        return _email(path, data, sha, truncated)
    text = _decode(data)
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Document(path, sha, "text", title, text, truncated)


def _html(path: str, markup: str, sha: str, truncated: bool) -> Document:
    import trafilatura

    text = trafilatura.extract(
        markup, include_comments=False, include_tables=True, favor_precision=True
    )
    meta = trafilatura.extract_metadata(markup)
    if not text:
        raise DocumentError(f"{path}: HTML with no readable article text")
    return Document(path, sha, "html", meta.title if meta else None, text, truncated)


def _pdf(path: str, data: bytes, sha: str, truncated: bool) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocumentError(f"{path}: unreadable PDF ({exc})") from exc
    if not text.strip():
        raise DocumentError(f"{path}: PDF without a text layer (scanned?); OCR is not done here")
    title = (reader.metadata.title if reader.metadata else None) or None
    return Document(path, sha, "pdf", title, text, truncated)


def _email(path: str, data: bytes, sha: str, truncated: bool) -> Document:
    message = email.message_from_bytes(data, policy=email.policy.default)
    texts, parts = [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        name = part.get_filename()
        raw_payload = part.get_payload(decode=True)
        payload = raw_payload if isinstance(raw_payload, bytes) else b""
        if ctype == "text/plain":
            texts.append(_decode(payload))
        elif ctype == "text/html":
            import trafilatura

            texts.append(trafilatura.extract(_decode(payload)) or "")
        else:
            continue
        if name:
            parts.append(name)
    subject = str(message.get("subject") or "") or None
    body = "\n\n".join(t for t in texts if t.strip())
    if not body:
        raise DocumentError(f"{path}: e-mail without a readable text part")
    text = f"{subject}\n\n{body}" if subject else body
    return Document(path, sha, "email", subject, text, truncated, parts)

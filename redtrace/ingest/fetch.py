"""Fetch a document by URL (http or https) with a timeout and a size cap. The page's own
bytes are read; its sha256, like a file's, names the document."""

from __future__ import annotations

import urllib.error
import urllib.request

from redtrace import __version__
from redtrace.ingest.read import MAX_BYTES, Document, DocumentError, read_bytes
from redtrace.settings import http_timeout


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def fetch(url: str) -> Document:
    request = urllib.request.Request(url, headers={"User-Agent": f"redtrace/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=http_timeout()) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise DocumentError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DocumentError(f"{url}: cannot fetch ({reason})") from exc
    return read_bytes(data, url)

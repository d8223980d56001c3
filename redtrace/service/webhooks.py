"""Deliver new screening alerts to a webhook, signed, retried, never in screening's way.

Each alert is POSTed as JSON with ``X-Redtrace-Timestamp`` (Unix seconds) and
``X-Redtrace-Signature: sha256=<hex>``, the HMAC-SHA256 of ``"<timestamp>.<body>"`` under the
shared secret; a receiver recomputes it and refuses a timestamp older than a few minutes, so a
captured request cannot be replayed. A failed delivery is retried with exponential back-off
and given up after ``MAX_ATTEMPTS``; every attempt's outcome is in the store
(``redtrace alerts deliveries``). Delivery runs after the alerts are committed, on its own
schedule, so a slow or dead receiver never delays screening.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import orjson

from redtrace.store.interface import StoreProtocol
from redtrace.store.monitoring import due_alerts, record_delivery

MAX_ATTEMPTS = 8
BASE_DELAY = 5.0  # seconds before the first retry; doubled each time
MAX_DELAY = 3600.0

Post = Callable[[str, bytes, dict[str, str]], int]


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, header: str, tolerance: float = 300) -> bool:
    """What a receiver checks: the signature, and that the timestamp is recent."""
    try:
        fresh = abs(time.time() - float(timestamp)) <= tolerance
    except ValueError:
        return False
    return fresh and hmac.compare_digest(signature(secret, timestamp, body), header)


def http_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_due(
    store: StoreProtocol, url: str, secret: str, post: Post = http_post
) -> DeliveryReport:
    """Send every alert that is due (new, or whose retry time came); record each outcome."""
    report = DeliveryReport()
    for key, alert, attempts in due_alerts(store):
        body = orjson.dumps(alert)
        stamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Redtrace-Timestamp": stamp,
                   "X-Redtrace-Signature": signature(secret, stamp, body)}  # fmt: skip
        error: str | None = None
        try:
            status = post(url, body, headers)
            ok = 200 <= status < 300
            if not ok:
                error = f"HTTP {status}"
        except (OSError, TimeoutError) as exc:
            ok, error = False, str(getattr(exc, "reason", exc))
        attempts += 1
        give_up = not ok and attempts >= MAX_ATTEMPTS
        delay = min(MAX_DELAY, BASE_DELAY * 2 ** (attempts - 1))
        record_delivery(store, key, url, ok, attempts, error, delay, give_up)
        if ok:
            report.delivered += 1
        elif give_up:
            report.failed += 1
        else:
            report.retrying += 1
    return report

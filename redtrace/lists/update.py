"""Fetch the current files from each authority's official URL (needs a network)."""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from redtrace import settings
from redtrace.lists.registry import sources


@dataclass
class Fetched:
    dataset: str
    paths: list[Path]
    error: str | None = None


def fetch(dataset: str, workdir: Path) -> Fetched:
    """Download one dataset's files into ``workdir``; on failure say why, download nothing."""
    entry = sources()[dataset]
    urls = list(entry.get("files") or [])
    env_url = entry.get("env_url")
    if env_url and os.environ.get(env_url):
        urls.append(os.environ[env_url])
    mirror = settings.lists_mirror()
    if mirror:
        urls = [f"{mirror.rstrip('/')}/{dataset}/{_file_name(u)}" for u in urls]
    if not urls:
        return Fetched(dataset, [], "no public download URL; load its files by hand")
    target = workdir / dataset
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for url in urls:
        name = _file_name(url)
        path = target / name
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "redtrace/0.1"})
            with urllib.request.urlopen(request, timeout=settings.http_timeout()) as response:
                path.write_bytes(response.read())
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(exc, urllib.error.HTTPError):
                reason = f"HTTP {exc.code} {exc.reason}"
            return Fetched(dataset, [], f"could not fetch {url}: {reason}")
        paths.append(path)
    return Fetched(dataset, paths)


def fetch_all(datasets: list[str] | None = None) -> tuple[Path, list[Fetched]]:
    workdir = Path(tempfile.mkdtemp(prefix="redtrace-update-"))
    wanted = datasets or list(sources())
    return workdir, [fetch(name, workdir) for name in wanted]


def _file_name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0].lower() or "download"

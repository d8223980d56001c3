"""A throwaway PostgreSQL cluster for the tests: ``initdb`` and ``pg_ctl`` on a free port in a
temporary directory, run as the ``postgres`` user when the tests run as root (CI does), and
removed afterwards. PostgreSQL 15 is on the machine image; ``.ci/run`` installs it if not."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SEARCH = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin")


def pg_bin() -> Path:
    for folder in SEARCH:
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql (see .ci/run)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["su", "postgres", "-c", " ".join(cmd)] if os.geteuid() == 0 else cmd


class Cluster:
    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.count = 0

    def database(self) -> str:
        """A new empty database; returns its URL."""
        self.count += 1
        name = f"rt{self.count}"
        subprocess.run(
            [str(pg_bin() / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             name], check=True, capture_output=True,
        )  # fmt: skip
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"


@contextmanager
def cluster() -> Iterator[Cluster]:
    root = Path(tempfile.mkdtemp(prefix="redtrace-pg-"))
    os.chmod(root, 0o777)
    data, port = root / "data", _free_port()
    bin_ = pg_bin()
    subprocess.run(_as_postgres([str(bin_ / "initdb"), "-D", str(data), "-A", "trust", "-U",
                                 "postgres"]), check=True, capture_output=True)  # fmt: skip
    opts = f"'-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off'"
    subprocess.run(_as_postgres([str(bin_ / "pg_ctl"), "-D", str(data), "-o", opts, "-l",
                                 str(root / "log"), "-w", "start"]), check=True,
                   capture_output=True)  # fmt: skip
    try:
        yield Cluster(root, port)
    finally:
        from redtrace.store.postgres import close_pools

        close_pools()
        subprocess.run(_as_postgres([str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                     "stop"]), capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)

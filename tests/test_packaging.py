"""A wheel built from the tree, installed into a fresh virtual environment, runs the demo and
serves: the package carries every data file it reads (rules, goods tables, name tables...)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    wheel = next(work.glob("redtrace-*.whl"))
    env_dir = work / "venv"
    # The dependencies come from this interpreter's site-packages; redtrace itself only
    # from the wheel (checked below), never from the source tree.
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(env_dir)], check=True
    )
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True)
    return env_dir


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDTRACE_")}
    env["REDTRACE_DB"] = str(tmp_path / "store" / "redtrace.duckdb")
    return env


def test_the_installed_package_is_the_wheel(venv: Path, tmp_path: Path) -> None:
    code = "import redtrace, sys; print(redtrace.__file__)"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=tmp_path,
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.strip().startswith(str(venv)), out.stdout


def test_wheel_runs_the_demo_and_serves(venv: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    demo = subprocess.run([str(venv / "bin" / "redtrace"), "demo"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert demo.returncode == 0, demo.stderr[-2000:]
    assert "MATCH" in demo.stdout
    rules = subprocess.run([str(venv / "bin" / "redtrace"), "orders", "rules"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert rules.returncode == 0 and "GOODS_" in rules.stdout, rules.stderr[-2000:]

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(venv / "bin" / "redtrace"), "serve", "--port", str(port)], cwd=tmp_path,
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        ready = None
        while time.monotonic() < deadline and ready is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as r:
                    ready = r.status
            except OSError:
                assert server.poll() is None, log.read_text()
                time.sleep(1)
        assert ready == 200
        # The workspace's templates and its vendored assets are in the wheel too.
        for path, text in (("/ui/login", "API key"), ("/ui/static/app.css", ".graph"),
                           ("/ui/static/vendor/cytoscape.min.js", "cytoscape"),
                           ("/ui/static/network.js", "graph-data")):  # fmt: skip
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
                assert r.status == 200 and text in r.read().decode(), path
    finally:
        server.terminate()
        server.wait(timeout=30)

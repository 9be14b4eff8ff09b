"""A real `styrgraf serve` in a subprocess on a free loopback port, and the CLI as a subprocess.

The reliability, fuzz and load tests (and bench/load_bench.py) go through the same entry points
an operator uses, `python -m search_api.cli serve|ingest|remove`, so what they measure is what
runs in production: uvicorn, the app's lifespan (the SPARQL worker pool) and the store on disk.
Every process started here is ended here, by its own pid (the server is started in a session of
its own so that its SPARQL worker processes can be ended with it).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

import httpx

from tests.support.corpus import BASE, CORPUS, EMBEDDING_CACHE, ROOT
from tests.support.live import free_port

SERVE = (sys.executable, "-m", "search_api.cli", "serve")
START_TIMEOUT = 60.0  # seconds; uvicorn plus the SPARQL worker pool start in ~3 s here


def styrgraf_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a styrgraf process that uses `data_dir` and the bundled corpus."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STYRGRAF_")}
    env.update(
        STYRGRAF_DATA_DIR=str(data_dir),
        STYRGRAF_BASE_IRI=BASE,
        STYRGRAF_CORPUS_DIR=str(CORPUS),
        STYRGRAF_EMBEDDING_CACHE_DIR=str(EMBEDDING_CACHE),  # topic vectors of earlier runs
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run_cli(
    args: Sequence[str],
    data_dir: Path,
    timeout: float = 300.0,
    stdin: str | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`styrgraf ARGS` in a subprocess, with settings `env` on top of `styrgraf_env` (never
    raises on a non-zero exit: callers assert it)."""
    return subprocess.run(
        [sys.executable, "-m", "search_api.cli", *args],
        cwd=ROOT,
        env=styrgraf_env(data_dir, **(env or {})),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line_error(done: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The one line a refused command prints (progress lines aside), after checking its exit
    code and that no traceback leaked."""
    assert done.returncode == code, (done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if not line.startswith("…")]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def assert_ingests_refused(data_dir: Path, cases: dict[Path, str], after: str = "") -> None:
    """`styrgraf ingest PATH` of each case fails with one line "styrgraf: PATH<after>..."
    that says what is expected; the store keeps its version."""
    version = json.loads(run_cli(["info"], data_dir).stdout)["version"]
    for path, expected in cases.items():
        line = one_line_error(run_cli(["ingest", "-q", str(path)], data_dir))
        assert line.startswith(f"styrgraf: {path}{after}"), line
        assert expected in line, line
    assert json.loads(run_cli(["info"], data_dir).stdout)["version"] == version


def child_pids(pid: int) -> set[int]:
    """Direct children of `pid` (read from /proc: the SPARQL workers of a server)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            children.add(int(stat.parent.name))
    return children


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class LiveServer:
    """`styrgraf serve` on 127.0.0.1:<port> over `data_dir`; a context manager."""

    def __init__(
        self,
        data_dir: Path,
        log_path: Path,
        port: int | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.env = env or {}
        self.log_path = log_path
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> LiveServer:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [*SERVE, "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT,
            env=styrgraf_env(self.data_dir, **self.env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers can be ended with it
        )
        log.close()
        self.wait_healthy()
        return self

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> dict[str, object]:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while True:
            try:
                answer = httpx.get(self.base_url + "/health", timeout=2.0)
                if answer.status_code == 200:
                    health: dict[str, object] = answer.json()
                    return health
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"styrgraf serve exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"styrgraf serve did not answer /health:\n{self.log_tail()}")
            time.sleep(0.1)

    def health(self) -> dict[str, object]:
        answer = httpx.get(self.base_url + "/health", timeout=10.0)
        answer.raise_for_status()
        health: dict[str, object] = answer.json()
        return health

    def kill(self) -> set[int]:
        """SIGKILL the server process alone (as a crash or the OOM killer would); returns the
        pids of the worker processes it left behind, which must then exit by themselves."""
        assert self.process is not None
        workers = child_pids(self.process.pid)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        return workers

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down and the pool stops its workers), SIGKILL after 15 s."""
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        # Whatever is left of the group we started (workers of a killed server): end it too.
        with contextlib.suppress(ProcessLookupError):  # nothing left, as it should be
            os.killpg(process.pid, signal.SIGKILL)

    def __enter__(self) -> LiveServer:
        return self.start() if self.process is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def route_exists(base_url: str, path: str) -> bool:
    """Whether the app declares `path` in its OpenAPI document (asked once, not guessed from a
    404, which an existing route also gives for an unknown id)."""
    answer = httpx.get(base_url + "/openapi.json", timeout=30.0)
    answer.raise_for_status()
    return path in answer.json().get("paths", {})

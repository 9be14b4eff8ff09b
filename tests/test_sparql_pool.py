"""The query worker pool (search_api.sparql.pool) on its own: reuse, the hard timeout that kills
and replaces a worker, a full pool, a crashed worker and shutdown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from search_api.sparql import jobs
from search_api.sparql.pool import PoolBusy, PoolClosed, QueryTimeout, WorkerCrashed, WorkerPool
from tests.support.sparql import SLOW, job


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return not stat.parent.parent.exists()  # no /proc: trust kill(0)


def test_workers_are_reused(sparql_store: Path) -> None:
    pool = WorkerPool(1)
    try:
        [pid] = pool.idle_pids()
        for _ in range(3):
            reply = pool.run(job(sparql_store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"), 10)
            assert reply.ok and reply.count == 1 and b'"52"' in reply.body
        assert pool.idle_pids() == [pid]
    finally:
        pool.close()


def test_timeout_kills_and_replaces_the_worker(sparql_store: Path) -> None:
    pool = WorkerPool(1)
    try:
        [pid] = pool.idle_pids()
        pool.run(job(sparql_store, "ASK {}"), 10)  # started and ready
        start = time.monotonic()
        with pytest.raises(QueryTimeout):
            pool.run(job(sparql_store, SLOW), 0.5)
        assert 0.5 <= time.monotonic() - start < 2.0
        assert not alive(pid)
        [new_pid] = pool.idle_pids()
        assert new_pid != pid
        assert pool.run(job(sparql_store, "ASK {}"), 10).body == b'{"head":{},"boolean":true}'
    finally:
        pool.close()


def test_a_full_pool_answers_busy(sparql_store: Path) -> None:
    pool = WorkerPool(1)
    try:
        pool.run(job(sparql_store, "ASK {}"), 10)
        errors: list[Exception] = []

        def slow() -> None:
            try:
                pool.run(job(sparql_store, SLOW), 2.0)
            except Exception as exc:
                errors.append(exc)

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.3)
        with pytest.raises(PoolBusy):
            pool.run(job(sparql_store, "ASK {}"), 0.3)
        thread.join()
        assert [type(e) for e in errors] == [QueryTimeout]
    finally:
        pool.close()


def test_a_crashed_worker_is_reported_and_replaced(sparql_store: Path) -> None:
    pool = WorkerPool(1)
    try:
        pool.run(job(sparql_store, "ASK {}"), 10)
        [pid] = pool.idle_pids()
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)
        with pytest.raises(WorkerCrashed):
            pool.run(job(sparql_store, "ASK {}"), 5)
        assert pool.run(job(sparql_store, "ASK {}"), 10).ok
    finally:
        pool.close()


def test_errors_come_back_as_replies(sparql_store: Path, tmp_path: Path) -> None:
    pool = WorkerPool(1)
    try:
        reply = pool.run(job(sparql_store, "SELECT * {"), 10)
        assert reply.error == jobs.SYNTAX and reply.message.startswith("error at 1:")
        reply = pool.run(job(tmp_path / "nowhere", "ASK {}"), 10)
        assert reply.error == jobs.STORE
        reply = pool.run(job(sparql_store, "SELECT * { ?s ?p ?o }"), 10)  # 52 rows, cap 100
        assert reply.ok and reply.count == 52
    finally:
        pool.close()


def test_close_stops_every_worker(sparql_store: Path) -> None:
    pool = WorkerPool(2)
    pids = pool.idle_pids()
    assert len(pids) == 2
    pool.close()
    assert not any(alive(pid) for pid in pids)
    with pytest.raises(PoolClosed):
        pool.run(job(sparql_store, "ASK {}"), 1)


ORPHAN_SCRIPT = """
import sys, threading
from search_api.sparql.pool import WorkerPool
from test_sparql_pool import SLOW, job
from pathlib import Path
pool = WorkerPool(1)
print(pool.idle_pids()[0], flush=True)
pool.run(job(Path(sys.argv[1]), "ASK {}"), 30)
print("running", flush=True)
pool.run(job(Path(sys.argv[1]), SLOW), 600)
"""


def test_a_worker_exits_when_the_web_process_dies(sparql_store: Path) -> None:
    """SIGKILL the process that owns the pool while its worker runs a runaway query: the
    worker notices it is orphaned and exits instead of computing for hours."""
    tests_dir = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tests_dir, str(Path(tests_dir).parent)])}
    owner = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_SCRIPT, str(sparql_store)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert owner.stdout is not None
        worker_pid = int(owner.stdout.readline())
        assert owner.stdout.readline().strip() == "running"
        time.sleep(0.3)  # the slow query is being evaluated now
        assert alive(worker_pid)
        owner.kill()
        owner.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(worker_pid)
    finally:
        owner.kill()
        owner.wait(timeout=10)

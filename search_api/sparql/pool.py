"""A small persistent pool of query worker processes, with a hard per-query timeout.

`WorkerPool.run(job, timeout)` is blocking (call it from a thread): it takes an idle worker
(waiting at most `timeout` for one), sends the job and waits at most `timeout` for the reply.
A worker that does not answer in time is killed with SIGKILL and replaced by a fresh process,
so a runaway query costs one process start, never a stuck server.

Workers are plain subprocesses (`python -m search_api.sparql.worker FD`) talking over a socket
pair wrapped in multiprocessing's Connection. Unlike multiprocessing's "spawn" method this never
re-imports the web process's __main__ module, so an unguarded launcher script works too.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from search_api.sparql.jobs import Job, Reply
from search_api.sparql.worker import READY

# The directory holding the search_api package, so a worker imports the same code.
_SOURCE_ROOT = str(Path(__file__).resolve().parents[2])

log = logging.getLogger(__name__)


class PoolError(Exception):
    """The pool could not produce a reply."""


class QueryTimeout(PoolError):
    pass


class PoolBusy(PoolError):
    pass


class WorkerCrashed(PoolError):
    """The worker process died during a query; `signal` is the signal that ended it, if any
    (SIGABRT: the Rust engine could not allocate memory under the worker's RLIMIT_AS)."""

    def __init__(self, message: str, signal: int | None = None) -> None:
        super().__init__(message)
        self.signal = signal


class PoolClosed(PoolError):
    pass


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [_SOURCE_ROOT, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env["RUST_BACKTRACE"] = "0"  # an allocation failure under the memory cap: one line
    # glibc reserves 64 MiB of address space per thread arena; under RLIMIT_AS that would
    # leave RocksDB unable to start its threads. Two arenas are plenty for one query a time.
    env["MALLOC_ARENA_MAX"] = "2"
    return env


class _Worker:
    def __init__(self, memory_bytes: int = 0) -> None:
        ours, theirs = socket.socketpair()
        argv = [sys.executable, "-m", "search_api.sparql.worker", str(theirs.fileno())]
        if memory_bytes:
            argv.append(str(memory_bytes))
        try:
            self.process = subprocess.Popen(
                argv,
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env=_worker_env(),
                close_fds=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise WorkerCrashed(f"query worker did not start within {timeout:g} s")
        if self.conn.recv() != READY:
            raise WorkerCrashed("query worker sent an unexpected greeting")
        self.ready = True

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL does not wait
            log.warning("SPARQL worker %s did not exit after SIGKILL", self.process.pid)
        self.conn.close()


def _roundtrip(conn: Connection, job: Job, timeout: float) -> Reply:
    conn.send(job)
    if not conn.poll(timeout):
        raise QueryTimeout(f"the query ran longer than {timeout:g} s")
    reply = conn.recv()
    if not isinstance(reply, Reply):
        raise WorkerCrashed("query worker sent an unexpected message")
    return reply


class WorkerPool:
    def __init__(
        self, size: int = 2, *, startup_timeout: float = 60.0, memory_bytes: int = 0
    ) -> None:
        """`memory_bytes` (0: none) caps each worker's address space (RLIMIT_AS): a query
        that needs more fails with MemoryError in its worker instead of growing the host."""
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self._startup_timeout = startup_timeout
        self._memory_bytes = memory_bytes
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self.size = size
        for _ in range(size):
            self._idle.put(_Worker(self._memory_bytes))

    @property
    def closed(self) -> bool:
        return self._closed

    def idle_pids(self) -> list[int]:
        """Process ids of the workers not running a query right now (for monitoring)."""
        with self._idle.mutex:
            return [worker.process.pid for worker in self._idle.queue]

    def run(self, job: Job, timeout: float) -> Reply:
        if self._closed:
            raise PoolClosed("the SPARQL worker pool is shut down")
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {timeout:g} s") from None
        healthy = False
        try:
            worker.wait_ready(self._startup_timeout)
            reply = _roundtrip(worker.conn, job, timeout)
            healthy = True
            return reply
        except (EOFError, OSError) as exc:
            try:
                code: int | None = worker.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                code = None
            if code is not None and code < 0:
                name = signal.Signals(-code).name
                raise WorkerCrashed(f"query worker died ({name})", -code) from None
            how = f"exit status {code}" if code is not None else type(exc).__name__
            raise WorkerCrashed(f"query worker died ({how})") from None
        finally:
            self._give_back(worker, healthy)

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        with self._lock:
            if healthy and not self._closed:
                self._idle.put(worker)
                return
        worker.kill()
        with self._lock:
            if self._closed:
                return
            try:
                self._idle.put(_Worker(self._memory_bytes))
            except Exception:  # e.g. interpreter shutting down; the pool shrinks by one
                log.exception("could not start a replacement SPARQL worker")

    def close(self) -> None:
        """Stop every idle worker now; busy ones are stopped when their query returns."""
        with self._lock:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            worker.kill()

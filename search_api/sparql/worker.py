"""The main loop of a query worker process: `python -m search_api.sparql.worker FD`.

FD is the worker's end of a socket pair. A worker says READY once pyoxigraph is imported, then
answers one Job at a time with one Reply over its pipe. It keeps its read-only stores open
between jobs. It never needs to stop itself on a timeout: the pool kills it (SIGKILL), because
pyoxigraph's evaluation runs in Rust and cannot be interrupted from Python.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection

from search_api.sparql.execute import StoreCache, execute
from search_api.sparql.jobs import EVALUATION, MEMORY, Job, Reply

READY = "ready"


def _exit_when_orphaned(parent_pid: int, interval: float = 1.0) -> None:
    """Exit if the web process dies, even in the middle of a long query."""
    while True:
        time.sleep(interval)
        if os.getppid() != parent_pid:
            os._exit(0)


def worker_main(conn: Connection, parent_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the web process's business
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True).start()
    stores = StoreCache()
    conn.send(READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if not isinstance(job, Job):
            return  # None (or anything else) means: stop
        try:
            reply = execute(stores, job)
        except MemoryError as exc:  # keep serving: the memory is free again
            reply = Reply(error=MEMORY, message=str(exc) or "out of memory")
        except Exception as exc:  # keep serving; the web process reports it
            reply = Reply(error=EVALUATION, message=f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space: allocations past it fail (pyoxigraph reports them as
    MemoryError) instead of the query growing until the host swaps or the OOM killer acts."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))


def main(argv: list[str]) -> None:
    conn = Connection(int(argv[1]))
    if len(argv) > 2 and int(argv[2]) > 0:
        limit_memory(int(argv[2]))
    worker_main(conn, os.getppid())


if __name__ == "__main__":
    main(sys.argv)

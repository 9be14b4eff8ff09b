"""The query service of one Styrgraf core: the worker pool and the admission control in front
of it, shared by every caller of the HTTP app (endpoint, editor, gaps, entity listings).

    reply = await core.queries.run(client, job)        # a Job in a worker process
    page = await core.queries.call(client, fn, *args)  # in-process query work, same slots
    reply = core.queries.run_blocking(LOCAL, job)      # the same, from the CLI or Python API

Both wait for a slot on the event loop (see admission.py) and then block one thread of the
service's own executor, sized to the slots: never one of the server's request threads. The
pool starts with the first query and stops with `close()` (the app's lifespan).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from search_api.sparql.admission import Admission
from search_api.sparql.jobs import Job, Reply
from search_api.sparql.pool import WorkerPool

if TYPE_CHECKING:
    from graph.settings import Settings

T = TypeVar("T")

# The admission client of this process's own user (the CLI, the Python API); HTTP clients
# are remote addresses, so it never shares a fair share with one of them.
LOCAL = "local"


def blocking(work: Coroutine[Any, Any, T]) -> T:
    """Await `work` from synchronous code: on an event loop of its own, or in a helper thread
    when this thread already runs one (a notebook), since a running loop cannot be entered."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(1, thread_name_prefix="query-caller") as helper:
        return helper.submit(asyncio.run, work).result()


class QueryService:
    def __init__(
        self,
        *,
        workers: int,
        timeout: float,
        max_results: int,
        per_client: int | None = None,
        queue_seconds: float | None = None,
        max_bytes: int = 0,
        memory_bytes: int = 0,
    ) -> None:
        """`per_client` slots at most per client (default: all) and `queue_seconds` of waiting
        for one (default: the timeout); 0 for `max_bytes` or `memory_bytes`: no cap."""
        self.workers = workers
        self.timeout = timeout
        self.max_results = max_results
        self.max_bytes = max_bytes
        self.memory_bytes = memory_bytes
        self.admission = Admission(
            workers,
            per_client=workers if per_client is None else per_client,
            wait=timeout if queue_seconds is None else queue_seconds,
        )
        self._pool: WorkerPool | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> QueryService:
        return cls(
            workers=settings.sparql_workers,
            per_client=settings.sparql_per_client,
            queue_seconds=settings.sparql_queue_seconds,
            timeout=settings.sparql_timeout,
            max_results=settings.sparql_max_results,
            max_bytes=settings.sparql_max_result_bytes,
            memory_bytes=settings.sparql_worker_memory_mb * 1024 * 1024,
        )

    def pool(self) -> WorkerPool:
        with self._lock:
            if self._pool is None or self._pool.closed:
                self._pool = WorkerPool(self.workers, memory_bytes=self.memory_bytes)
            return self._pool

    def _threads(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="query")
            return self._executor

    async def call(self, client: str, fn: Callable[..., T], *args: object) -> T:
        """`fn(*args)` in a query thread once `client` has a slot (Busy when none comes)."""
        async with self.admission.slot(client):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._threads(), fn, *args)

    async def run(self, client: str, job: Job) -> Reply:
        """The worker's Reply to `job` (the service's result caps filled in where the job has
        none); raises Busy, QueryTimeout or another PoolError."""
        if not job.max_bytes:
            job = replace(job, max_bytes=self.max_bytes)
        pool = self.pool()
        return await self.call(client, pool.run, job, self.timeout)

    def run_blocking(self, client: str, job: Job) -> Reply:
        """`run` for a caller outside the event loop (the CLI, the Python API): the same
        slots, timeout and caps, waited for in this thread."""
        return blocking(self.run(client, job))

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            executor, self._executor = self._executor, None
        if pool is not None:
            pool.close()
        if executor is not None:
            executor.shutdown(wait=False)

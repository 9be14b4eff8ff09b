"""Admission control for query work: a bounded number of slots, a fair share per client and a
queue with a deadline.

Every piece of query work the HTTP app does (the /sparql endpoint, the SPARQL editor, the saved
gap queries, entity listings) first takes a slot here. Waiting happens on the event loop, never
in one of the server's request threads, so a crowd of slow queries cannot starve the routes that
need no query worker (/health, /search, /entities/{id}).

Fairness: one client (one remote address) holds at most `per_client` slots at once, so with two
slots and a share of one, two slow queries from one client leave the other slot to everybody
else. A freed slot goes to the waiting client holding the fewest slots (first come first served
among equals). The queue is bounded (`max_waiting` in all, `per_client_waiting` per client) and
a waiter gives up after `wait` seconds: both end as `Busy`, which the routes answer with 503 and
Retry-After.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


class Busy(Exception):
    """No slot could be given; `retry_after` is a sensible number of seconds to wait."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(eq=False)
class _Waiter:
    client: str
    future: asyncio.Future[None]
    loop: asyncio.AbstractEventLoop
    granted: bool = False
    since: float = field(default_factory=time.monotonic)


class Admission:
    """Slots for query work; `async with admission.slot(client): ...` holds one."""

    def __init__(
        self,
        slots: int,
        *,
        per_client: int,
        wait: float,
        max_waiting: int = 64,
        per_client_waiting: int = 16,
    ) -> None:
        if slots < 1 or per_client < 1:
            raise ValueError("admission needs at least one slot and a share of at least one")
        self.slots = slots
        self.per_client = min(per_client, slots)
        self.wait = wait
        self.max_waiting = max_waiting
        self.per_client_waiting = per_client_waiting
        self._lock = threading.Lock()  # callers may live on different event loops (tests)
        self._held: dict[str, int] = {}
        self._waiting: list[_Waiter] = []

    @property
    def running(self) -> int:
        with self._lock:
            return sum(self._held.values())

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.wait))

    def _may_start(self, client: str) -> bool:
        return sum(self._held.values()) < self.slots and self._held.get(client, 0) < self.per_client

    def _take(self, client: str) -> None:
        self._held[client] = self._held.get(client, 0) + 1

    def _busy(self, why: str) -> Busy:
        return Busy(why, self.retry_after)

    async def acquire(self, client: str) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._may_start(client) and not any(w.client == client for w in self._waiting):
                self._take(client)
                return
            if len(self._waiting) >= self.max_waiting:
                raise self._busy(f"{len(self._waiting)} queries are already waiting")
            mine = sum(1 for w in self._waiting if w.client == client)
            if mine >= self.per_client_waiting:
                raise self._busy(f"this client already has {mine} queries waiting")
            waiter = _Waiter(client, loop.create_future(), loop)
            self._waiting.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter.future), self.wait)
        except (TimeoutError, asyncio.CancelledError) as exc:
            with self._lock:
                if not waiter.granted:
                    self._waiting.remove(waiter)
                    if isinstance(exc, asyncio.CancelledError):
                        raise
                    raise self._busy(f"every query slot stayed busy for {self.wait:g} s") from None
            # granted in the same instant the wait ended: the slot is ours after all
            if isinstance(exc, asyncio.CancelledError):
                self.release(client)
                raise

    def release(self, client: str) -> None:
        with self._lock:
            left = self._held.get(client, 0) - 1
            if left > 0:
                self._held[client] = left
            else:
                self._held.pop(client, None)
            self._grant()

    def _grant(self) -> None:
        """Hand free slots to waiters: the client holding fewest first, then the oldest."""
        while self._waiting:
            eligible = [w for w in self._waiting if self._may_start(w.client)]
            if not eligible:
                return
            chosen = min(eligible, key=lambda w: (self._held.get(w.client, 0), w.since))
            self._waiting.remove(chosen)
            chosen.granted = True
            self._take(chosen.client)
            chosen.loop.call_soon_threadsafe(_resolve, chosen.future)

    @asynccontextmanager
    async def slot(self, client: str) -> AsyncIterator[None]:
        await self.acquire(client)
        try:
            yield
        finally:
            self.release(client)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)

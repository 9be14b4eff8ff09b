"""The admission control in front of the query workers: slots, a fair share per client, a
bounded queue with a deadline."""

from __future__ import annotations

import asyncio

import pytest

from search_api.sparql.admission import Admission, Busy


def test_one_client_cannot_take_every_slot() -> None:
    async def scenario() -> list[str]:
        gate = Admission(2, per_client=1, wait=2.0)
        order: list[str] = []
        await gate.acquire("a")  # a's first slow query
        second_a = asyncio.create_task(gate.acquire("a"))  # a's second one must wait...
        await asyncio.sleep(0.05)
        assert not second_a.done() and gate.running == 1
        await gate.acquire("b")  # ...while b gets the free slot at once
        order.append("b")
        gate.release("b")
        gate.release("a")
        await second_a
        order.append("a")
        gate.release("a")
        assert gate.running == 0
        return order

    assert asyncio.run(scenario()) == ["b", "a"]


def test_a_freed_slot_goes_to_the_client_holding_fewest() -> None:
    async def scenario() -> list[str]:
        gate = Admission(2, per_client=2, wait=2.0)
        got: list[str] = []
        await gate.acquire("a")
        await gate.acquire("a")

        async def take(client: str) -> None:
            await gate.acquire(client)
            got.append(client)

        first = asyncio.create_task(take("a"))  # queued first...
        await asyncio.sleep(0.01)
        second = asyncio.create_task(take("b"))  # ...but b holds nothing
        await asyncio.sleep(0.01)
        gate.release("a")
        await asyncio.sleep(0.01)
        gate.release("a")
        await asyncio.gather(first, second)
        return got

    assert asyncio.run(scenario()) == ["b", "a"]


def test_the_queue_has_a_deadline_and_a_bound() -> None:
    async def scenario() -> tuple[Busy, Busy]:
        gate = Admission(1, per_client=1, wait=0.2, max_waiting=1)
        await gate.acquire("a")
        waiting = asyncio.create_task(gate.acquire("b"))
        await asyncio.sleep(0.01)
        with pytest.raises(Busy) as full:
            await gate.acquire("c")  # the queue is full: refused at once
        with pytest.raises(Busy) as late:
            await waiting  # nobody released within 0.2 s
        return full.value, late.value

    full, late = asyncio.run(scenario())
    assert "already waiting" in str(full) and full.retry_after == 1
    assert "stayed busy for 0.2 s" in str(late) and late.retry_after == 1


def test_slot_is_released_on_error() -> None:
    async def scenario() -> int:
        gate = Admission(1, per_client=1, wait=1.0)
        with pytest.raises(RuntimeError):
            async with gate.slot("a"):
                raise RuntimeError("query failed")
        async with gate.slot("a"):
            return gate.running

    assert asyncio.run(scenario()) == 1

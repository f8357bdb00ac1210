"""Live: a message each time a season's log grows, as Server-Sent Events.

A message's id is the season's seq after the growth; it carries the seq it grew
from, the types of the events added and the standings rows they moved. A client
that reconnects with ``Last-Event-ID: N`` gets one message for everything after
seq N, so nothing is lost and nothing repeated. Growth is seen by watching the
log file (its size, through the store) or, in PostgreSQL, by LISTEN / NOTIFY; a
stream reads the store once right after it starts listening, so nothing committed
in between is missed.
"""

from __future__ import annotations

import asyncio
import json
import threading

from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from ..errors import UsageError
from ..timeline import Point

#: how often a file log is looked at, and how long a quiet stream waits before a keep-alive
POLL_SECONDS = 0.1
KEEPALIVE_SECONDS = 15.0


def growth(library, snap, after: int) -> dict:
    """The message for a season grown from seq ``after`` to ``snap.seq``."""
    from ..documents.audit import comparison_rows

    added = snap.events[after:snap.seq]
    before = library.view(snap, Point(at_seq=after))
    now = library.view(snap, Point(at_seq=snap.seq))
    return {"season": snap.season, "from_seq": after, "seq": snap.seq,
            "types": [e.type for e in added],
            "moved": comparison_rows(before, now, None, None, False)}


def sse(message: dict) -> str:
    return f"id: {message['seq']}\nevent: grew\ndata: {json.dumps(message, ensure_ascii=False)}\n\n"


class Watcher:
    """Wakes the streams when a log may have grown: a poll of the file, or NOTIFY."""

    def __init__(self, store_url: str | None = None) -> None:
        self.store_url = store_url
        self._waiters: set[asyncio.Event] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.listening = threading.Event()

    def start(self) -> None:
        """Start listening (PostgreSQL); a file log needs nothing started."""
        if self.store_url is None:
            self.listening.set()
            return
        self._loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._listen, daemon=True, name="champ-listen")
        self._thread.start()
        self.listening.wait(10)

    def _listen(self) -> None:
        from ..source import open_store_url

        listener = open_store_url(self.store_url)
        try:
            listener._conn.execute("LISTEN champ_events")
            listener._conn.commit()
            self.listening.set()
            while not self._stop.is_set():
                for _ in listener._conn.notifies(timeout=0.5):
                    self._loop.call_soon_threadsafe(self._wake)
        finally:
            listener.close()

    def _wake(self) -> None:
        for event in self._waiters:
            event.set()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    async def wait(self, timeout: float) -> None:
        """Until the log may have grown, or ``timeout`` passes."""
        if self.store_url is None:
            await asyncio.sleep(min(POLL_SECONDS, timeout))
            return
        event = asyncio.Event()
        self._waiters.add(event)
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            self._waiters.discard(event)


def _last_event_id(request: Request, seq: int) -> int:
    text = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    if text is None or text == "":
        return seq
    text = text.strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 12:
        raise UsageError(f"Last-Event-ID: {text[:40]!r} is not a seq")
    return int(text)


async def stream(request: Request) -> StreamingResponse:
    library = request.app.state.library
    watcher: Watcher = request.app.state.watcher
    season = request.path_params["season"]
    snap = library.snapshot(season)
    sent = _last_event_id(request, snap.seq)
    if sent > snap.seq:
        raise UsageError(f"Last-Event-ID: seq {sent} is past the log's end ({snap.seq})")

    async def messages():
        nonlocal sent
        yield f"retry: 1000\n: {season} at seq {snap.seq}\n\n"
        quiet = 0.0
        while not await request.is_disconnected():
            now = library.snapshot(season)  # the catch-up read: after listening started
            if now.seq > sent:
                yield sse(growth(library, now, sent))
                sent, quiet = now.seq, 0.0
                continue
            if quiet >= KEEPALIVE_SECONDS:
                yield ": keep-alive\n\n"
                quiet = 0.0
            await watcher.wait(1.0)
            quiet += POLL_SECONDS if watcher.store_url is None else 1.0

    return StreamingResponse(messages(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def follow(library, season: str, after: int | None, wait):
    """The stream's messages as a plain iterator (``champ follow``): ``wait()`` blocks
    until the log may have grown."""
    sent = library.snapshot(season).seq if after is None else after
    while True:
        now = library.snapshot(season)
        if now.seq > sent:
            yield growth(library, now, sent)
            sent = now.seq
        else:
            wait()


ROUTES = [Route("/seasons/{season}/stream", stream)]

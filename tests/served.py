"""A real ``champ serve`` for tests: a child process on 127.0.0.1 at a free port,
stopped when the test ends; and a reader of its Server-Sent Events."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time

CHAMP = [sys.executable, "-c", "from champengine.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def champ(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([*CHAMP, *args], capture_output=True, text=True, timeout=120)
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


@contextlib.contextmanager
def serving(*where: str, env: dict | None = None):
    """``champ WHERE serve`` on a free port: yields its base URL."""
    import httpx

    port = free_port()
    proc = subprocess.Popen([*CHAMP, *where, "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/seasons", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"champ serve did not start: {proc.stderr.read()!r}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


class Listener:
    """Reads a stream in a thread: ``next(timeout)`` gives each message as (id, event, data)."""

    def __init__(self, url: str, last_event_id: int | None = None) -> None:
        self.url = url
        self.headers = {} if last_event_id is None else {"Last-Event-ID": str(last_event_id)}
        self.messages: queue.Queue = queue.Queue()
        self.opened = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        assert self.opened.wait(15), "the stream did not open"

    def _read(self) -> None:
        import httpx

        try:
            self._lines()
        except httpx.HTTPError:  # the server stopped: the stream ends with it
            return

    def _lines(self) -> None:
        import httpx

        with httpx.Client(timeout=httpx.Timeout(5, read=None)) as client, \
                client.stream("GET", self.url, headers=self.headers) as answer:
            self.status = answer.status_code
            fields: dict = {}
            for line in answer.iter_lines():
                if self._stop:
                    return
                if line.startswith(":") or line.startswith("retry:"):
                    self.opened.set()
                    continue
                if line == "":
                    if "data" in fields:
                        self.messages.put((int(fields["id"]), fields.get("event"),
                                           json.loads(fields["data"]), time.monotonic()))
                    fields = {}
                    continue
                name, _, value = line.partition(":")
                fields[name] = value.removeprefix(" ")

    def next(self, timeout: float = 5.0):
        return self.messages.get(timeout=timeout)

    def close(self) -> None:
        self._stop = True

"""Headless Chromium driven over its DevTools pipe, for the page tests: open a page,
collect the page's own requests, console errors and exceptions, evaluate a script,
save a screenshot. Debian's ``chromium``; nothing leaves the machine (every host
but 127.0.0.1 resolves to nothing, so not even the browser's own background
requests go out)."""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
         "--remote-debugging-pipe"]


def missing() -> str | None:
    """Why the page tests cannot run here, or None."""
    if shutil.which("chromium") is None:
        return "Debian's chromium is not installed (apt-get install -y chromium)"
    return None


class Browser:
    """One Chromium for a test: ``visit(url)`` gives what the page did."""

    def __init__(self, width: int = 1200, height: int = 900) -> None:
        self.profile = tempfile.mkdtemp(prefix="champ-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        command = ["chromium", *FLAGS, f"--user-data-dir={self.profile}",
                   f"--window-size={width},{height}", "about:blank"]
        self.proc = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}', "chromium",
             *command], pass_fds=(to_chrome_r, from_chrome_w),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)

    def _send(self, message: dict) -> None:
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def call(self, method: str, session: bool = False, timeout: float = 30, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            got = self._receive(deadline)
            if got.get("id") == self._next_id:
                if "error" in got:
                    raise RuntimeError(f"{method}: {got['error']}")
                return got.get("result", {})
            self.events.append(got)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        """The next event ``method`` (kept events first)."""
        deadline = time.monotonic() + timeout
        while True:
            for n, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(n)
            self.events.append(self._receive(deadline))

    def visit(self, url: str, *, settle: float = 0.3) -> Visit:
        # leave the page before (and whatever it still does: a stream reconnecting) first
        self.call("Page.navigate", session=True, url="about:blank")
        self.wait_for("Page.loadEventFired")
        self.call("Runtime.evaluate", session=True, expression="1")
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")
        end = time.monotonic() + settle
        while time.monotonic() < end:  # what the page does right after loading
            self.call("Runtime.evaluate", session=True, expression="1")
            time.sleep(0.05)
        return Visit(self, list(self.events))

    def evaluate(self, expression: str):
        got = self.call("Runtime.evaluate", session=True, expression=expression,
                        returnByValue=True)
        return got["result"].get("value")

    def screenshot(self, path: str) -> None:
        data = self.call("Page.captureScreenshot", session=True, format="png",
                         captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - it may be gone already
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self.profile, ignore_errors=True)


class Visit:
    """What one page did while it loaded."""

    def __init__(self, browser: Browser, events: list[dict]) -> None:
        self.browser = browser
        self.requests = [e["params"]["request"]["url"] for e in events
                         if e.get("method") == "Network.requestWillBeSent"]
        self.errors = []
        for e in events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                self.errors.append(" ".join(str(a.get("value", a.get("description")))
                                            for a in p.get("args", [])))
            elif m == "Runtime.exceptionThrown":
                self.errors.append(p["exceptionDetails"].get("text", "exception"))
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                self.errors.append(p["entry"].get("text", ""))
            elif m == "Network.loadingFailed" and not p.get("canceled"):
                self.errors.append(f"request failed: {p.get('errorText')}")

"""``make bench`` (serving): requests per second and latency of a standings query
against a running ``champ serve`` on 127.0.0.1, under a bounded load.

    python -m champengine.bench.serve [--requests N] [--concurrency C] [--log PATH]

A fixed number of requests, a fixed number of clients each on its own keep-alive
connection, 127.0.0.1 only; the server is a child process on a free port and stops
at the end. Two loads: the same standings query again and again (answered from
the server's recent answers), and a standings query at a new point in time each
request (``at_seq`` walking the log: a replay and a table each time). Run as
``make bench-serve``, and by ``make bench``.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LOG = ROOT / "events" / "aslms-2013.jsonl"
QUERY = "/seasons/aslms-2013/standings/LMP2/drivers"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(log: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", "from champengine.cli import main; main()",
                             "--log", log, "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("champ serve did not start")


def load(port: int, paths: list[str], concurrency: int) -> tuple[float, list[float]]:
    """Send every path once, ``concurrency`` clients at a time: (seconds, latencies)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    shares = [paths[k::concurrency] for k in range(concurrency)]

    def client(share: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for path in share:
            t = time.perf_counter()
            conn.request("GET", path)
            answer = conn.getresponse()
            answer.read()
            if answer.status != 200:
                with lock:
                    failures.append(f"{path}: HTTP {answer.status}")
                return
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(s,)) for s in shares]
    began = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if failures:
        raise SystemExit(f"the benchmark's requests failed: {failures[0]}")
    return time.perf_counter() - began, latencies


def summary(seconds: float, latencies: list[float]) -> tuple[float, float, float]:
    """(requests a second, p50 ms, p99 ms) of one load."""
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return len(ordered) / seconds, statistics.median(ordered) * 1000, p99 * 1000


def figures(requests: int = 2000, concurrency: int = 8, log: str = str(LOG)) -> dict:
    """Both loads against one server: ``serve_rps``, ``serve_p50_ms``, ``serve_p99_ms``
    for the same standings query again and again, ``serve_walk_*`` for a new point in
    time each request."""
    port = free_port()
    proc = start(log, port)
    try:
        load(port, [QUERY] * 50, 2)  # warm up
        same = summary(*load(port, [QUERY] * requests, concurrency))
        # 286 points cycled (seq 2, the class added, to 287): more than the server
        # keeps, so every request replays the log up to its point
        walk = [f"{QUERY}?at_seq={2 + n % 286}" for n in range(max(requests // 4, 1))]
        walked = summary(*load(port, walk, concurrency))
    finally:
        proc.terminate()
        proc.wait(10)
    out = {"serve_requests": requests, "serve_concurrency": concurrency}
    for prefix, (rps, p50, p99) in (("serve", same), ("serve_walk", walked)):
        out |= {f"{prefix}_rps": rps, f"{prefix}_p50_ms": p50, f"{prefix}_p99_ms": p99}
    return out


def report(f: dict) -> list[str]:
    lines = []
    for name, prefix, n in (("standings, same query", "serve", f["serve_requests"]),
                            ("standings, a new point each request", "serve_walk",
                             max(f["serve_requests"] // 4, 1))):
        lines.append(f"serve {name}: {n} requests, {f['serve_concurrency']} at a time: "
                     f"{f[prefix + '_rps']:,.0f} req/s, p50 {f[prefix + '_p50_ms']:.1f} ms, "
                     f"p99 {f[prefix + '_p99_ms']:.1f} ms")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m champengine.bench.serve")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--log", default=str(LOG))
    args = parser.parse_args(argv)
    for line in report(figures(args.requests, args.concurrency, args.log)):
        print(line)


if __name__ == "__main__":
    main()

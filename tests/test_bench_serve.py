"""The serving benchmark runs end to end on 127.0.0.1 and prints its figures."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("uvicorn")


def test_the_serving_benchmark_prints_rate_and_latencies(capsys):
    from champengine.bench.serve import main

    main(["--requests", "40", "--concurrency", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert re.fullmatch(r"serve standings, .+: \d+ requests, 2 at a time: [\d,]+ req/s, "
                            r"p50 [\d.]+ ms, p99 [\d.]+ ms", line), line

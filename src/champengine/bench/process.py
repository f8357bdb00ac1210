"""``cli_vs_interpreter``: ``champ standings`` on the 2013 season as a whole process,
against the interpreter's own start (``python -c pass``); each the median of ``runs``."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from .logs import ALMS_2013


def _took(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def figures(runs: int = 5) -> dict:
    champ = str(Path(sys.executable).parent / "champ")
    cli = [champ, "--log", str(ALMS_2013), "standings", "--class", "GTC",
           "--table", "manufacturers"]
    bare = [sys.executable, "-c", "pass"]
    _took(cli)  # the page cache warm, the bytecode written
    clis, bares = [], []
    for _ in range(runs):  # interleaved: a slow spell slows both
        clis.append(_took(cli))
        bares.append(_took(bare))
    cli_s, bare_s = statistics.median(clis), statistics.median(bares)
    return {"cli_vs_interpreter": cli_s / bare_s, "cli_ms": cli_s * 1000,
            "interpreter_ms": bare_s * 1000}

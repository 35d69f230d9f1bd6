"""What the benchmarks share: finding a command, timing it, alternating runs and printing the result.

The benchmark scripts import it as `timing`: `python bench/bench_*.py` puts this folder on sys.path.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def arguments(description: str | None, runs: int) -> argparse.ArgumentParser:
    """A parser showing the script's docstring, with the option every benchmark takes: --runs."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=runs, help=f"timed runs of each command (default {runs})")
    return parser


def tool(name: str, install: str, *, on_path: bool = False) -> str:
    """The script `name` installed next to this Python (or, with on_path, anywhere on PATH); exit if there is none."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or (shutil.which(name) if on_path else None)
    if found is None:
        sys.exit(f"{name} is not installed{'' if on_path else ' next to this Python'}; run `{install}` first")
    return found


def seconds(command: Sequence[str]) -> float:
    """How long command takes to run; exit with its error output if it fails."""
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed


def medians(commands: Sequence[Sequence[str]], runs: int, warm_ups: int = 1) -> list[float]:
    """The median seconds of each command over `runs` rounds that run them in turn (so machine load hits all
    alike), after `warm_ups` untimed rounds that warm the page cache and __pycache__ for all."""
    for _ in range(warm_ups):
        for command in commands:
            seconds(command)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, times, strict=True):
            taken.append(seconds(command))
    return [statistics.median(taken) for taken in times]


def ratio(value: float, target: str) -> str:
    """A ratio of two medians, with the target it should meet."""
    return f"{value:7.2f}x  (target: {target})"


def report(subject: tuple[str, object], runs: int, width: int, rows: dict[str, str]) -> None:
    """Print what was timed, how (runs each, alternating; medians), then the results; values aligned at column width."""
    for label, value in [subject, ("runs:", f"{runs} each, alternating; medians"), *rows.items()]:
        print(f"{label:<{width}}{value}")

"""Time `fluxc build` of one answers file against importing fluxc's dependencies.

The baseline is `python -c "import yaml, jsonschema, pydantic, click"`, run by
the same interpreter in the same run, so the ratio says how much fluxc costs
on top of merely starting Python with its libraries: the number a pre-commit
hook or a CI step feels. Runs alternate between the two commands (so machine
load hits both alike) and the median of each is reported.

Usage (from a venv where fluxc is installed, e.g. after README's set-up):
    python bench/bench_build.py [--runs 31] [--answers PATH]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ANSWERS = REPO / "fixtures" / "valid" / "chart-https-spec-example" / "answers.yaml"
BASELINE = [sys.executable, "-c", "import yaml, jsonschema, pydantic, click"]


def _fluxc_command(answers: Path, out: Path) -> list[str]:
    script = shutil.which("fluxc", path=str(Path(sys.executable).parent))
    if script is None:
        sys.exit("fluxc is not installed next to this Python; run `pip install .` first")
    return [script, "build", str(answers), "-o", str(out), "--quiet"]


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=31, help="timed runs of each command (default 31)")
    parser.add_argument("--answers", type=Path, default=DEFAULT_ANSWERS, help="answers file to build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        fluxc = _fluxc_command(args.answers, Path(out))
        for _ in range(3):  # warm the page cache and __pycache__ for both
            _time(BASELINE)
            _time(fluxc)
        baseline, build = [], []
        for _ in range(args.runs):
            baseline.append(_time(BASELINE))
            build.append(_time(fluxc))
    base_ms, build_ms = statistics.median(baseline) * 1000, statistics.median(build) * 1000
    shown = args.answers.relative_to(REPO) if args.answers.is_relative_to(REPO) else args.answers
    print(f"answers file:        {shown}")
    print(f"runs:                {args.runs} each, alternating; medians")
    print(f"import baseline:     {base_ms:7.1f} ms  ({' '.join(BASELINE[1:])})")
    print(f"fluxc build:         {build_ms:7.1f} ms")
    print(f"ratio:               {build_ms / base_ms:7.2f}x  (target: at most 1.60x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

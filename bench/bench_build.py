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

import sys
import tempfile
from pathlib import Path

from timing import REPO, arguments, medians, ratio, report, tool

DEFAULT_ANSWERS = REPO / "fixtures" / "valid" / "chart-https-spec-example" / "answers.yaml"
BASELINE = [sys.executable, "-c", "import yaml, jsonschema, pydantic, click"]


def main() -> None:
    parser = arguments(__doc__, runs=31)
    parser.add_argument("--answers", type=Path, default=DEFAULT_ANSWERS, help="answers file to build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        fluxc = [tool("fluxc", "pip install ."), "build", str(args.answers), "-o", out, "--quiet"]
        baseline, build = medians([BASELINE, fluxc], args.runs, warm_ups=3)
    base_ms, build_ms = baseline * 1000, build * 1000
    shown = args.answers.relative_to(REPO) if args.answers.is_relative_to(REPO) else args.answers
    report(("answers file:", shown), args.runs, width=21, rows={
        "import baseline:": f"{base_ms:7.1f} ms  ({' '.join(BASELINE[1:])})",
        "fluxc build:": f"{build_ms:7.1f} ms",
        "ratio:": ratio(build_ms / base_ms, "at most 1.60x"),
    })


if __name__ == "__main__":
    main()

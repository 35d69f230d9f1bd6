"""Run `fluxc validate` on checkouts of real Flux repositories and print README's table rows.

Usage:
    python bench/validate_repositories.py CHECKOUT... (each a folder; its git commit is read if it is a
    git work tree, else give it as NAME@COMMIT=FOLDER)

For each: the documents checked (valid + invalid, skipped counted apart), the errors by code, and the
wall-clock seconds of the whole command (start-up included), as a Markdown table row.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter

SUMMARY = re.compile(r"fluxc: (\d+) documents? in (\d+) files?: (\d+) valid, (\d+) invalid, (\d+) skipped")


def row(spec: str) -> str:
    name, _, folder = spec.rpartition("=") if "=" in spec else (spec, "", spec)
    name, _, commit = name.partition("@")
    if not commit:
        found = subprocess.run(["git", "-C", folder, "rev-parse", "HEAD"], capture_output=True, text=True,
                               check=False)
        commit = found.stdout.strip() or "?"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "fluxc", "validate", folder], capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - started
    summary = SUMMARY.search(done.stderr)
    if summary is None:
        return f"| {name} | `{commit[:12]}` | fluxc failed (exit {done.returncode}) | | |"
    documents, _, valid, invalid, skipped = map(int, summary.groups())
    codes = Counter(re.findall(r" error (FLX\d+):", done.stderr))
    errors = ", ".join(f"{n} {code}" for code, n in sorted(codes.items())) or "0"
    return (f"| {name} | `{commit[:12]}` | {valid + invalid} ({skipped} skipped) | {errors} | "
            f"{seconds:.2f} |")


def main() -> None:
    print("| repository | commit | documents checked | errors | seconds |")
    print("|---|---|---|---|---|")
    for spec in sys.argv[1:]:
        print(row(spec))


if __name__ == "__main__":
    main()

"""Time `fluxc validate` against `check-jsonschema --schemafile` on 10,000 Flux documents.

Both validate the same files (one HelmRelease each, the largest Flux schema)
against the same schema: fluxc's bundled HelmRelease schema, which
check-jsonschema is given with --schemafile. Each command runs several times,
alternating; the medians and their ratio are printed.

Usage (after `pip install '.[bench]'`, which adds check-jsonschema):
    python bench/bench_validate.py [--documents 10000] [--runs 3]
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
SCHEMA = REPO / "schemas" / "flux" / "helm.toolkit.fluxcd.io" / "helmrelease-v2.json"
DOCUMENT = """\
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  labels:
    app.kubernetes.io/part-of: shop
  name: app-{i}
  namespace: flux-system
spec:
  chart:
    spec:
      chart: podinfo
      reconcileStrategy: ChartVersion
      sourceRef:
        kind: HelmRepository
        name: podinfo
      version: 6.5.{i}
  dependsOn:
  - name: cert-manager
  install:
    createNamespace: true
    remediation:
      retries: 3
  interval: 5m0s
  storageNamespace: app-{i}
  targetNamespace: app-{i}
  values:
    replicaCount: {replicas}
    resources:
      limits:
        cpu: 500m
        memory: 512Mi
"""


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        sys.exit(f"{name} is not installed; run `pip install '.[bench]'` first")
    return found


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000, help="files to validate (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each command (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i in range(args.documents):
            path = Path(folder) / f"helmrelease-{i:05d}.yaml"
            path.write_text(DOCUMENT.format(i=i, replicas=i % 5 + 1))
            files.append(str(path))
        fluxc = [_tool("fluxc"), "validate", "--quiet", *files]
        check = [_tool("check-jsonschema"), "--schemafile", str(SCHEMA), *files]
        _time(fluxc)  # warm the page cache and __pycache__ for both
        _time(check)
        fluxc_times, check_times = [], []
        for _ in range(args.runs):
            fluxc_times.append(_time(fluxc))
            check_times.append(_time(check))
    fluxc_s, check_s = statistics.median(fluxc_times), statistics.median(check_times)
    print(f"documents:                     {args.documents} HelmReleases, one file each")
    print(f"runs:                          {args.runs} each, alternating; medians")
    print(f"check-jsonschema --schemafile: {check_s:7.2f} s")
    print(f"fluxc validate:                {fluxc_s:7.2f} s")
    print(f"speed-up:                      {check_s / fluxc_s:7.2f}x  (target: at least 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

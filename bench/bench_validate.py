"""Time `fluxc validate` against `check-jsonschema --schemafile` on 10,000 Flux documents.

Both validate the same files (one HelmRelease each, the largest Flux schema)
against the same schema: fluxc's bundled HelmRelease schema, which
check-jsonschema is given with --schemafile. Each command runs several times,
alternating; the medians and their ratio are printed.

Usage (after `pip install '.[bench]'`, which adds check-jsonschema):
    python bench/bench_validate.py [--documents 10000] [--runs 3]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from timing import REPO, arguments, medians, ratio, report, tool

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


def main() -> None:
    parser = arguments(__doc__, runs=3)
    parser.add_argument("--documents", type=int, default=10_000, help="files to validate (default 10000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i in range(args.documents):
            path = Path(folder) / f"helmrelease-{i:05d}.yaml"
            path.write_text(DOCUMENT.format(i=i, replicas=i % 5 + 1))
            files.append(str(path))
        install = "pip install '.[bench]'"
        fluxc = [tool("fluxc", install, on_path=True), "validate", "--quiet", *files]
        check = [tool("check-jsonschema", install, on_path=True), "--schemafile", str(SCHEMA), *files]
        fluxc_s, check_s = medians([fluxc, check], args.runs)
    report(("documents:", f"{args.documents} HelmReleases, one file each"), args.runs, width=31, rows={
        "check-jsonschema --schemafile:": f"{check_s:7.2f} s",
        "fluxc validate:": f"{fluxc_s:7.2f} s",
        "speed-up:": ratio(check_s / fluxc_s, "at least 3x"),
    })


if __name__ == "__main__":
    main()

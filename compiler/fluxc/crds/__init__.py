"""CRDs → strict JSON Schemas (read as the API server reads them), their on-disk cache, and CEL rules
evaluated with cel-python. Used for `--crds` and by the tests' oracle.

May import: `fluxc.report`, `fluxc.yaml`, `fluxc.checks`.
"""

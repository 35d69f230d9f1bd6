"""Output files: the one `OutputFile` type, the generated-file header, and the atomic writer.

May import: `fluxc.report`, `fluxc.yaml`.
"""

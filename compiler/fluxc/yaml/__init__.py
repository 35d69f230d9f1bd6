"""YAML in and out: the hardened loader (bytes → `Document` + `SourceMap`), plain-scalar resolution as
go-yaml reads it, the one folder walker, and the go-yaml compatible renderer.

May import: `fluxc.report`.
"""

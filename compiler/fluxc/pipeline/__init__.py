"""The compile pipeline, pure: one answers document in, the files it compiles to out.

Shared by `fluxc build` and `fluxc validate`. May import: `fluxc.report`, `fluxc.yaml`, `fluxc.checks`,
`fluxc.answers`, `fluxc.package`, `fluxc.targets`, `fluxc.output`.
"""

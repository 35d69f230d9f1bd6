"""`fluxc init` and `fluxc schema`: what a new user sets up — an answers file asked question by question, and a
copy of the answers schema for editors.

An edge like `fluxc.build` and `fluxc.validate`: may import what they may (`fluxc.answers`, `fluxc.yaml`,
`fluxc.checks`, ...), never `fluxc.build` or `fluxc.validate`.
"""

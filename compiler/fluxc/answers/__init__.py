"""The answers format: its defaults, the schema check, the rules across keys and the derived names.

Knows the answers contract, nothing about what a target emits. May import:
`fluxc.report`, `fluxc.yaml`, `fluxc.checks`.
"""

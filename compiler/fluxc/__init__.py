"""fluxc: compile answers files into Flux CD resources.

Kept import-free on purpose: `fluxc --version` and the CLI start-up must not
pay for the pipeline's dependencies.
"""

__version__ = "0.1.0"

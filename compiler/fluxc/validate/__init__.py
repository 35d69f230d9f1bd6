"""`fluxc validate`: find files, read every document, validate Flux objects and compile answers files.

May import everything below it (`fluxc.pipeline` and what it may import); never `fluxc.build`.
"""

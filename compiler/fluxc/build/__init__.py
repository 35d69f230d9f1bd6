"""`fluxc build`: compile every answers file of the call, plan where each file goes, print or write.

May import everything below it (`fluxc.pipeline` and what it may import); never `fluxc.validate`.
"""

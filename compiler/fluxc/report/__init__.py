"""Reporting: the one `Diagnostic` type, the code catalogue, value wording and the reporters.

The bottom of the house: every stage reports through it. May import nothing
of fluxc (only the standard library).
"""

"""Helpers the tests share: paths, reference material, answers snippets, package round trips.

Test modules import from here, never from each other.
"""

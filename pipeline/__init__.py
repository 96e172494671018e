"""Vigía: a monitor of Peru's security crisis built from Spanish-language news feeds.

    feeds ─► fetch ─► parse ─► store articles ─► extract events ─► event log ─► summary
"""

__version__ = "0.1.0"

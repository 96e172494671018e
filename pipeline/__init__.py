"""Vigía: a monitor of Peru's security crisis built from Spanish-language news feeds.

    feeds ─► fetch ─► parse ─► store articles ─► extract events ─► event log ─► summary

The front door is ``Vigia`` (``pipeline.app``): ``with make_vigia() as vigia: vigia.poll_due()``.
"""

__version__ = "0.1.0"

__all__ = ["Vigia", "make_vigia", "__version__"]


def __getattr__(name: str):
    # Imported on first use: `vigia run` installs its signal handlers before the heavy imports.
    if name in ("Vigia", "make_vigia"):
        from . import app
        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

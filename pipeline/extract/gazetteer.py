"""The gazetteer moved to ``pipeline/gazetteer.py`` (shared with the map and the queries); re-exported here."""
from ..gazetteer import LEVELS, MODEL_DIR, Gazetteer, Place, level_of, norm, pad  # noqa: F401

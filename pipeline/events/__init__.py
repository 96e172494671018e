"""The event log: one event per real-world incident, every source kept.

    from pipeline.events import merge_pending, split_event, merge_events, decide, summarize
"""

from .matching import Decision, EventFields, Source, choose, decide, score_pair, summarize
from .merging import EventError, MergeReport, merge_events, merge_pending, remerge, split_event

__all__ = ["Decision", "EventError", "EventFields", "MergeReport", "Source", "choose", "decide",
           "merge_events", "merge_pending", "remerge", "score_pair", "split_event", "summarize"]

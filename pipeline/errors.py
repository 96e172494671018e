"""Vigía's exceptions: one tree, low-level errors wrapped at the boundaries.

    VigiaError
     ├── ConfigError            bad or unknown setting (names the key)
     ├── StorageError           anything the database refused
     │    └── LockedError       another daemon holds the store
     ├── FeedError(url)         one feed could not be polled; the loop goes on
     │    ├── FetchError        network, HTTP status, timeout, size cap, redirects
     │    └── ParseError        bytes that are not a feed we can read
     ├── ExtractError           the NLP stage failed on an article
     │    └── ExtractInputError (ValueError)  a line the extract command cannot read
     ├── ImportError_ (ValueError)   a line or row of an archive file `vigia import` cannot use
     ├── OutputError (ValueError)    an output file that must not or could not be written
     ├── QueryError (ValueError)     a filter value that cannot be used (names the option)
     ├── EventError (ValueError)     a split or merge that cannot be done
     └── ReviewError (ValueError)    a review decision that cannot be made

Every class is defined here; the modules that raise them import them from here (and the
older names ``pipeline.importer.ImportError_``, ``pipeline.queries.QueryError`` … still work).
"""

from __future__ import annotations


class VigiaError(Exception):
    """Base of every error Vigía raises on purpose."""


class ConfigError(VigiaError, ValueError):
    """A setting is unknown, has the wrong type, or a config file is malformed."""


class StorageError(VigiaError):
    """The database could not be opened, read or written."""


class LockedError(StorageError):
    """Another daemon already runs on this database."""


class FeedError(VigiaError):
    """A feed could not be polled. ``url`` is the address that failed."""

    def __init__(self, url: str, message: str, *, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.url = url
        self.message = message
        #: HTTP status when the server answered, else None.
        self.status = status
        #: seconds the server asked us to wait (Retry-After), else None.
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message


class FetchError(FeedError):
    """Network failure, bad HTTP status, timeout, oversize body, redirect loop."""


class ParseError(FeedError):
    """The body is not a feed (HTML page, empty, unreadable XML)."""


class ExtractError(VigiaError):
    """The extraction stage failed on an article."""


class ImportError_(VigiaError, ValueError):
    """A line or row of the file is not an article we can import (names the line).

    (``pipeline.importer.ImportError_`` is this class.)"""


class OutputError(VigiaError, ValueError):
    """An output file that must not be written (the store, the input) or could not be written.

    (``pipeline.outputs.OutputError`` is this class.)"""


class ExtractInputError(ExtractError, ValueError):
    """An input line or record is not an article the extract command can read."""


class QueryError(VigiaError, ValueError):
    """A filter value that cannot be used (names the option and what it expects)."""


class EventError(VigiaError, ValueError):
    """A split or merge that cannot be done (unknown event, source not in it …)."""


class ReviewError(VigiaError, ValueError):
    """A review decision that cannot be made (unknown event, code, place or gang); one line."""


__all__ = ["VigiaError", "ConfigError", "StorageError", "LockedError", "FeedError", "FetchError",
           "ParseError", "ExtractError", "ExtractInputError", "ImportError_", "OutputError",
           "QueryError", "EventError", "ReviewError"]

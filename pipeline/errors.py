"""Vigía's exceptions: one tree, low-level errors wrapped at the boundaries.

    VigiaError
     ├── ConfigError            bad or unknown setting (names the key)
     ├── StorageError           anything the database refused
     │    └── LockedError       another daemon holds the store
     ├── FeedError(url)         one feed could not be polled; the loop goes on
     │    ├── FetchError        network, HTTP status, timeout, size cap, redirects
     │    └── ParseError        bytes that are not a feed we can read
     └── ExtractError           the NLP stage failed on an article
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

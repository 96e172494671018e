"""The fetcher: polite, bounded HTTP for feeds and article pages.

- conditional GET (ETag / Last-Modified); redirects followed by hand, at most ``max_redirects``,
  and a permanent one (301/308) reported so the stored address can move;
- connect and read timeouts, plus a total deadline checked between chunks: httpx's read timeout
  alone does not bound a server that trickles a byte a second;
- a size cap counted on *decoded* bytes while streaming, so a small gzip bomb stops at the cap;
- at most one request at a time per host, and ``host_delay`` seconds between two starts;
- 429 and 503 carry Retry-After to the caller, which backs off accordingly.
Every failure is a ``FetchError`` with a message a person can act on.
"""

from __future__ import annotations

import email.utils
import ssl
import threading
import time
from datetime import datetime, timezone
from typing import Literal
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .clock import utcnow
from .errors import FetchError
from .types import FetchResult

_PERMANENT = {301, 308}
_REDIRECT = {301, 302, 303, 307, 308}


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or utcnow()
    return max(0.0, (when - now).total_seconds())


class HostGate:
    """One request at a time per host, with a minimum delay between two starts."""

    def __init__(self, delay: float, clock=time.monotonic, sleep=time.sleep):
        self.delay, self.clock, self.sleep = delay, clock, sleep
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    def lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def wait_turn(self, host: str) -> None:
        """Call with the host's lock held."""
        last = self._last.get(host)
        if last is not None:
            remaining = self.delay - (self.clock() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last[host] = self.clock()


class Fetcher:
    def __init__(self, *, user_agent: str, connect_timeout: float = 10, read_timeout: float = 20,
                 total_timeout: float = 60, max_bytes: int = 10_000_000, max_redirects: int = 5,
                 host_delay: float = 1.0, respect_robots: bool = True,
                 transport: httpx.BaseTransport | None = None):
        self.user_agent = user_agent
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.respect_robots = respect_robots
        self.gate = HostGate(host_delay)
        #: each origin's robots.txt rules; None: none (everything allowed), False: everything disallowed
        self._robots: dict[str, RobotFileParser | Literal[False] | None] = {}
        timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout,
                                pool=total_timeout)
        self.client = httpx.Client(
            timeout=timeout, follow_redirects=False, transport=transport,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            verify=ssl.create_default_context())

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- public -------------------------------------------------------------------------------

    def get_feed(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers)

    def get_page(self, url: str) -> str | None:
        """Main text of an article page (trafilatura), or None when it has none."""
        if self.respect_robots and not self.allowed(url):
            raise FetchError(url, "disallowed by robots.txt")
        result = self._get(url, {"Accept": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"})
        import trafilatura
        html = result.content.decode(_charset(result.headers) or "utf-8", errors="replace")
        return trafilatura.extract(html, url=result.url, include_comments=False) or None

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            robots = RobotFileParser()
            rules: RobotFileParser | Literal[False] | None = robots
            try:
                result = self._get(origin + "/robots.txt", {})
                robots.parse(result.content.decode("utf-8", errors="replace").splitlines())
            except FetchError as error:
                # No robots.txt (4xx) allows everything; a server error disallows, as RFC 9309 asks.
                rules = None if error.status is not None and 400 <= error.status < 500 else False
            self._robots[origin] = rules
        parser = self._robots[origin]
        if parser is None:
            return True
        if parser is False:
            return False
        return parser.can_fetch(self.user_agent, url)

    # --- the request loop ---------------------------------------------------------------------

    def _get(self, url: str, headers: dict[str, str]) -> FetchResult:
        start = time.monotonic()
        deadline = start + self.total_timeout
        permanent: str | None = None
        all_permanent = True
        seen = {url}
        current = url
        for hop in range(self.max_redirects + 1):
            status, response_headers, content, queued = self._request(current, headers, deadline)
            deadline += queued
            if status in _REDIRECT:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {status} redirect without a Location header", status=status)
                target = urljoin(current, location)
                if target in seen:
                    raise FetchError(url, f"redirect loop at {target}", status=status)
                seen.add(target)
                all_permanent = all_permanent and status in _PERMANENT
                if all_permanent:
                    permanent = target
                current = target
                continue
            if status == 304:
                return FetchResult(url=current, status=304, headers=response_headers,
                                   permanent_url=permanent)
            if status in (429, 503):
                retry = retry_after_seconds(response_headers.get("retry-after"))
                wait = f"; retry after {retry:.0f} s" if retry is not None else ""
                raise FetchError(url, f"HTTP {status} {_reason(status)}{wait}", status=status, retry_after=retry)
            if status >= 400 or status < 200:
                raise FetchError(url, f"HTTP {status} {_reason(status)}", status=status)
            return FetchResult(url=current, status=status, content=content, headers=response_headers,
                               permanent_url=permanent, etag=response_headers.get("etag"),
                               last_modified=response_headers.get("last-modified"))
        raise FetchError(url, f"too many redirects ({self.max_redirects + 1})")

    def _request(self, url: str, headers: dict[str, str], deadline: float) -> tuple[int, dict, bytes, float]:
        """Status, headers, body, and the seconds spent queued behind the host's other requests."""
        host = urlsplit(url).hostname or ""
        if not url.startswith(("http://", "https://")):
            raise FetchError(url, f"not an http(s) address: {url}")
        queued_at = time.monotonic()
        with self.gate.lock(host):
            self.gate.wait_turn(host)
            # Waiting for our turn at the host is not this response being slow: without this, one
            # trickling feed makes every other feed of the same outlet time out behind it.
            queued = time.monotonic() - queued_at
            deadline += queued
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    response_headers = {k.lower(): v for k, v in response.headers.items()}
                    if status != 200:
                        return status, response_headers, b"", queued
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes and \
                            not response.headers.get("content-encoding"):
                        raise FetchError(url, f"response larger than {self.max_bytes:,} bytes "
                                              f"(Content-Length {int(declared):,}); dropped")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():  # decoded: the cap counts inflated bytes
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchError(url, f"response larger than {self.max_bytes:,} bytes; dropped")
                        if time.monotonic() > deadline:
                            raise FetchError(url, f"timed out after {self.total_timeout:g} s (total deadline)")
                        chunks.append(chunk)
                    return status, response_headers, b"".join(chunks), queued
            except FetchError:
                raise
            except httpx.TimeoutException as error:
                raise FetchError(url, f"timed out ({type(error).__name__}): {error or 'no answer'}") from error
            except httpx.DecodingError as error:
                raise FetchError(url, f"undecodable response body: {error}") from error
            except httpx.HTTPError as error:
                raise FetchError(url, f"network error: {type(error).__name__}: {error}") from error
            except (OSError, ValueError) as error:
                raise FetchError(url, f"network error: {error}") from error


def _reason(status: int) -> str:
    try:
        from http import HTTPStatus
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _charset(headers: dict) -> str | None:
    content_type = headers.get("content-type", "")
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None

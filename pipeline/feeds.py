"""Feed documents → entries. feedparser is only ever handed bytes: given a URL it fetches with no
timeout, given a path-like string it reads a local file.

Before parsing, the document is made safe and readable: HTML pages served instead of a feed are
refused, a DOCTYPE internal subset (entity declarations: billion laughs, external entities
reading local files) is removed, and a document declared UTF-8 but sent in Latin-1 is re-encoded.
A partly broken document keeps the entries feedparser could read, with a warning.
"""

from __future__ import annotations

import calendar
import codecs
import re
from datetime import datetime, timezone

import feedparser

from .decide import plausible_published
from .errors import ParseError
from .normalize import canonical_url, html_to_text, parse_date
from .types import EntryData, ParsedFeed

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>", re.S)
_DECLARED = re.compile(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)", re.I | re.S)
_SUBSET_END = re.compile(rb"\][ \t\r\n]*>")
# Byte-order marks feedparser understands; the document is re-encoded as UTF-8 for the checks below.
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
# Without a byte-order mark: "<?xm" (or "<" and a first letter) in UTF-32, UTF-16 and EBCDIC.
_MARKERS = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
            (b"\x00<\x00", "utf-16-be"), (b"<\x00", "utf-16-le"), (b"\x4c\x6f\xa7\x94", "cp037"))
_MAX_PROLOG_PARTS = 1000

# feedparser would resolve entities from a DTD it never fetches; make sure it never tries.
feedparser.RESOLVE_RELATIVE_URIS = False
feedparser.SANITIZE_HTML = False  # we reduce everything to plain text ourselves


def make_safe(content: bytes) -> tuple[bytes, list[str]]:
    """The document with its DOCTYPE and entity declarations removed and its encoding repaired.

    Linear in the document's size: a DOCTYPE can only stand in the prolog (before the root
    element), so only the prolog is scanned, with plain finds and no backtracking pattern over the
    whole document. A ``<!DOCTYPE`` written inside an item's CDATA is text and is left alone.
    """
    notes: list[str] = []
    content = _from_bom(content)
    content = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML.match(content[:2048]):
        raise ParseError("", "not a feed: looks like an HTML page (a challenge or error page?)")
    content, removed = _without_doctype(content)
    if removed:
        notes.append("DOCTYPE with entity declarations removed (entities are not expanded)")
    head = _XML_DECL.match(content)
    found = _DECLARED.search(head.group(0)) if head else None
    declared = found.group(1).decode("ascii").lower() if found else "utf-8"
    if declared.replace("_", "-") in ("utf-8", "utf8"):
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
            content = text.encode("utf-8")
            notes.append("declared UTF-8 but not valid UTF-8; read as Windows-1252/Latin-1")
    return content, notes


def _from_bom(content: bytes) -> bytes:
    """A document in UTF-16, UTF-32 or EBCDIC as UTF-8, declared so. The encoding is told, as
    feedparser and the XML specification (appendix F) tell it, by a byte-order mark or, without
    one, by how ``<?xm`` is written; an EBCDIC document is then read in the code page its
    declaration names (cp037 when it names none Python knows)."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return _as_utf8(content[len(bom):], codec, "byte-order mark")
    for marker, codec in _MARKERS:
        if content.startswith(marker):
            return _as_utf8(content, codec, "first bytes")
    return content


def _as_utf8(content: bytes, codec: str, told_by: str) -> bytes:
    if codec == "cp037":  # the EBCDIC family: the declaration names the code page
        found = _DECLARED.search(content[:200].decode("cp037").encode("ascii", "replace"))
        if found:
            try:
                named = codecs.lookup(found.group(1).decode("ascii")).name
            except LookupError:
                named = codec
            codec = named if named.startswith("cp") else codec
    try:
        text = content.decode(codec)
    except UnicodeDecodeError as error:
        raise ParseError("", f"not a feed: {told_by} says {codec} but {error.reason}") from None
    text = re.sub(r"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])[A-Za-z0-9._-]+", r"\g<1>utf-8", text, count=1)
    return text.encode("utf-8")


def _without_doctype(content: bytes) -> tuple[bytes, bool]:
    """Remove the prolog's DOCTYPE (and with it any entity declaration); say whether there was one."""
    pos, size = 0, len(content)
    for _ in range(_MAX_PROLOG_PARTS):
        while pos < size and content[pos] in b" \t\r\n":
            pos += 1
        if content.startswith(b"<?", pos):
            end = content.find(b"?>", pos)
            if end < 0:
                return content, False
            pos = end + 2
        elif content.startswith(b"<!--", pos):
            end = content.find(b"-->", pos)
            if end < 0:
                return content, False
            pos = end + 3
        elif content[pos:pos + 9].upper() == b"<!DOCTYPE":
            close, bracket = content.find(b">", pos), content.find(b"[", pos)
            if 0 <= bracket < close or (bracket >= 0 and close < 0):
                match = _SUBSET_END.search(content, bracket)
                end = match.end() if match else size  # an unterminated subset swallows the rest
            else:
                end = close + 1 if close >= 0 else size
            return content[:pos] + content[end:], True
        else:
            return content, False  # the root element: the prolog is over
    raise ParseError("", f"not a feed: more than {_MAX_PROLOG_PARTS} declarations before the first element")


def parse_feed(content: bytes, *, url: str, now: datetime) -> ParsedFeed:
    """Entries of a feed document, normalised. Raises ParseError when it is not a feed."""
    if not isinstance(content, (bytes, bytearray)):
        raise TypeError("parse_feed takes the document's bytes")
    if not content.strip():
        raise ParseError(url, "empty response: no feed document")
    try:
        content, notes = make_safe(bytes(content))
    except ParseError as error:
        raise ParseError(url, error.message) from None
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and not parsed.get("version"):  # absent when nothing was left to parse
        reason = f": {parsed.get('bozo_exception')}" if parsed.bozo else ""
        raise ParseError(url, f"not a feed: no RSS/Atom document found{reason}")
    if parsed.bozo and not isinstance(parsed.bozo_exception, feedparser.CharacterEncodingOverride):
        notes.append(f"broken document, kept what could be read: {parsed.bozo_exception}")
    entries, skipped = [], 0
    for raw in parsed.entries:
        entry = normalise_entry(raw, now=now)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    if skipped:
        notes.append(f"{skipped} entries without an address skipped")
    return ParsedFeed(entries=entries, title=parsed.feed.get("title"), warning="; ".join(notes) or None)


def normalise_entry(raw, *, now: datetime) -> EntryData | None:
    guid = (raw.get("id") or "").strip() or None
    link = (raw.get("link") or "").strip()
    if not link and guid and guid.lower().startswith(("http://", "https://")):
        link = guid
    if not link.lower().startswith(("http://", "https://")):
        return None
    try:
        url = canonical_url(link)
    except ValueError:  # urllib refuses it: a port that is no number, a broken IPv6 address
        return None
    summary = html_to_text(raw.get("summary") or raw.get("description") or "")
    # Several content values: La República puts the photo caption first and the body second,
    # Arc XP feeds put the body in content:encoded. The body is the longest text.
    bodies = [html_to_text(c.get("value")) for c in raw.get("content") or []]
    body = max(bodies, key=len, default="")
    if body and len(body) <= len(summary) and summary.startswith(body[:40]):
        body = ""  # a body that only repeats the summary adds nothing
    published, estimated = _published(raw, now)
    author = (raw.get("author") or "").strip() or None
    return EntryData(url=url, guid=guid, title=html_to_text(raw.get("title") or ""),
                     summary=summary, body=body, author=author, published=published,
                     published_estimated=estimated)


def _published(raw, now: datetime) -> tuple[datetime, bool]:
    """The entry's publication time, or the fetch time (flagged) when it has none to believe."""
    for key in ("published_parsed", "updated_parsed"):
        value = raw.get(key)
        if value:
            try:
                when = datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (ValueError, OverflowError, OSError):  # year 0, year 10000…
                continue
            if plausible_published(when, now):
                return when, False
    for key in ("published", "updated", "dc_date", "pubdate"):
        parsed = parse_date(raw.get(key), now)
        if parsed is not None and plausible_published(parsed, now):
            return parsed, False
    return now, True

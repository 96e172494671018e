"""Pure helpers that turn what a feed said into plain, comparable values."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.html
from lxml import etree

# Query parameters that only say where a reader came from.
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ocid|ref|ref_src|cmpid|"
    r"_ga|yclid|twclid|s_cid|spm|__twitter_impression|ito|from|share)$", re.I)
_AMP_PARAMS = {"amp", "outputtype", "output"}


def canonical_url(url: str) -> str:
    """One address per article: lower-case scheme and host, no default port, no fragment, no
    tracking parameters, remaining parameters sorted, AMP variants folded onto the page."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    while host.startswith("amp."):  # all of them, so that a second pass changes nothing
        host = host[4:]
    port = parts.port
    if ":" in host:  # an IPv6 literal keeps its brackets, or the address no longer parses
        host = f"[{host}]"
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    path, previous = parts.path or "/", None
    while path != previous:  # until nothing changes ("/amp/amp/"), so a second pass changes nothing
        previous = path
        path = re.sub(r"/amp/?$", "/", path)            # …/nota/amp  → …/nota/
        path = re.sub(r"/amp/", "/", path)              # /amp/…      → /…
        path = re.sub(r"\.amp(\.html?)?$", r"\1", path)  # nota.amp.html → nota.html
        path = re.sub(r"/{2,}", "/", path)
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if _TRACKING.match(key):
            continue
        if key.lower() in _AMP_PARAMS and (key.lower() == "amp" or value.lower() in ("amp", "1", "true")):
            continue
        query.append((key, value))
    # Stripped again: a path ending in blanks (dropped query) would otherwise lose them on a second pass.
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), "")).strip()


# "title" too: the HTML parser reads its content as raw text, so a <title> left in a fragment
# would bring whatever tags follow it into the text.
_DROP = ("script", "style", "noscript", "iframe", "figcaption", "svg", "form", "button", "template",
         "title")
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
          "article", "ul", "ol", "table", "figure", "header", "footer", "pre"}


# Control characters are never text, and lxml refuses them (ValueError) anywhere in a tree.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DROPPED = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)", re.I | re.S)


def html_to_text(value: str | None) -> str:
    """Plain text of an HTML fragment: tags and scripts gone, entities unescaped, paragraphs kept."""
    if not value:
        return ""
    value = _CONTROL.sub(" ", value)
    if "<" not in value:
        return _squash(html.unescape(value))
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except (etree.ParserError, ValueError):
        return _squash(html.unescape(re.sub(r"<[^>]+>", " ", _DROPPED.sub(" ", value))))
    for element in root.iter(*_DROP):
        element.drop_tree() if element.getparent() is not None else None
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK:
            element.tail = "\n\n" + (element.tail or "")
    return _squash(html.unescape(root.text_content()))


def _squash(text: str) -> str:
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def parse_date(value: str | None, now: datetime | None = None) -> datetime | None:
    """A date written in a feed (RFC 822, ISO 8601, or Spanish words) as UTC; None if unreadable."""
    if not value or not value.strip():
        return None
    import dateparser

    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                "TIMEZONE": "America/Lima", "PREFER_DATES_FROM": "past"}
    if now is not None:
        settings["RELATIVE_BASE"] = now.replace(tzinfo=None)
    try:
        parsed = dateparser.parse(value.strip(), languages=["es", "en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None
    return parsed.astimezone(timezone.utc) if parsed else None

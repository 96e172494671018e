"""A peer's real-world feed samples (issue 11, "A harness of our own"): the feedparser project's own
test documents, from its source distribution on PyPI (tests/: well-formed and ill-formed RSS, Atom,
RDF and CDF, in every encoding feedparser knows).

Each document is parsed by ``pipeline.feeds.parse_feed`` under a time limit, and compared with what
feedparser itself reads from the same bytes:

- no exception other than ParseError escapes, and no document takes a second;
- a document feedparser reads cleanly (a version, no bozo flag) is not refused, and keeps its title;
- every entry with an http(s) link that feedparser returns is kept (same canonical URL);
- the same holds for the documents re-encoded in UTF-16 and UTF-32, with and without byte-order
  mark (XML's own encoding detection, appendix F of the specification).

The source distribution is downloaded once into build/feedparser-sdist/ (ignored by git).
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

from pipeline.errors import ParseError
from pipeline.feeds import parse_feed
from pipeline.normalize import canonical_url

ROOT = Path(__file__).resolve().parents[1]
SDIST = ROOT / "build" / "feedparser-sdist"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
LIMIT = 1.0     # seconds one document may take
ABORT = 10      # seconds after which a document is interrupted (a hang must not hang the suite)
SUFFIXES = {".xml", ".rdf", ".atom", ".rss"}


class TooSlow(Exception):
    pass


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    """feedparser's test documents, from the source distribution of the installed version."""
    version = feedparser.__version__
    unpacked = SDIST / f"feedparser-{version}"
    if not (unpacked / "tests").is_dir():
        archives = sorted(SDIST.glob(f"feedparser-{version}.tar.gz"))
        if not archives:
            command = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                       f"feedparser=={version}", "-d", str(SDIST)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
            archives = sorted(SDIST.glob(f"feedparser-{version}.tar.gz"))
            if done.returncode != 0 or not archives:
                pytest.fail(f"could not download feedparser {version}'s source distribution (the feed "
                            f"corpus) into {SDIST}: `{' '.join(command)}` exited with {done.returncode}:\n"
                            f"{(done.stderr or done.stdout)[-2000:]}\nDownload it by hand into that folder "
                            "(pip download --no-binary :all: --no-deps feedparser==VERSION), or give the "
                            "machine access to PyPI.", pytrace=False)
        with tarfile.open(archives[0]) as archive:
            # Regular files under tests/ only, with relative paths that stay inside it; tarfile's
            # own "data" filter too where Python has it (3.11.4 and later: Debian 12 has 3.11.2).
            members = [m for m in archive.getmembers()
                       if m.isfile() and m.name.startswith(f"feedparser-{version}/tests/")
                       and ".." not in Path(m.name).parts]
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            archive.extractall(SDIST, members=members, **safe)
    documents = sorted(p for p in (unpacked / "tests").rglob("*") if p.suffix.lower() in SUFFIXES)
    assert len(documents) > 1000, f"expected feedparser's ~2,000 test documents in {unpacked}/tests"
    return documents


@dataclass
class Outcome:
    seconds: float = 0.0
    urls: set[str] | None = None      # None: refused with ParseError
    title: str | None = None
    refusal: str = ""
    error: str = ""                   # an exception other than ParseError


def _on_alarm(signum, frame):
    raise TooSlow()


def run_parse_feed(content: bytes) -> Outcome:
    """parse_feed on one document, timed, interrupted after ABORT seconds."""
    outcome = Outcome()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, ABORT)
    start = time.perf_counter()
    try:
        parsed = parse_feed(content, url="https://corpus.example/feed", now=NOW)
        outcome.urls, outcome.title = {e.url for e in parsed.entries}, parsed.title
    except ParseError as error:
        outcome.refusal = error.message
    except TooSlow:
        outcome.error = f"interrupted after {ABORT} s"
    except Exception as error:  # noqa: BLE001  what the test is looking for
        outcome.error = f"{type(error).__name__}: {error}"
    finally:
        outcome.seconds = time.perf_counter() - start
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return outcome


def short(path: Path) -> str:
    return path.as_posix().split("/tests/", 1)[-1]


def feedparser_links(parsed) -> list[str]:
    """Canonical URLs of the entries feedparser returns with an http(s) link."""
    links = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if link.lower().startswith(("http://", "https://")):
            try:
                links.append(canonical_url(link))
            except ValueError:  # not an address urllib accepts (a port that is no number): nothing to keep
                continue
    return links


@dataclass
class Findings:
    documents: int = 0
    errors: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    def check(self, name: str, content: bytes, *, clean_reference: bool = True) -> None:
        self.documents += 1
        got = run_parse_feed(content)
        reference = feedparser.parse(content)
        if got.error:
            self.errors.append(f"{name}: {got.error}")
            return
        if got.seconds > LIMIT:
            self.slow.append(f"{name}: {got.seconds:.2f} s")
        clean = clean_reference and not reference.bozo and bool(reference.get("version"))
        if got.urls is None:
            if clean or feedparser_links(reference):
                self.refused.append(f"{name}: {got.refusal} (feedparser: {reference.get('version')!r}, "
                                    f"{len(reference.entries)} entries)")
            return
        if clean and got.title != reference.feed.get("title"):
            self.titles.append(f"{name}: {got.title!r} != feedparser's {reference.feed.get('title')!r}")
        missing = [url for url in feedparser_links(reference) if url not in got.urls]
        if missing:
            self.lost.append(f"{name}: {len(missing)} entries lost, e.g. {missing[0]}")

    def assert_none(self) -> None:
        report = {"exceptions": self.errors, f"over {LIMIT} s": self.slow, "refused": self.refused,
                  "title changed": self.titles, "entries lost": self.lost}
        found = {what: items for what, items in report.items() if items}
        assert not found, f"of {self.documents} documents:\n" + "\n".join(
            f"{what} ({len(items)}):\n  " + "\n  ".join(items[:15]) for what, items in found.items())


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Imports and caches paid once, outside any document's time (dateparser loads in ~1 s)."""
    parse_feed(b"<rss version='2.0'><channel><item><link>https://a.example/1</link>"
               b"<pubDate>hace dos horas</pubDate></item></channel></rss>", url="x", now=NOW)


def test_every_document_parses_in_time_and_keeps_what_feedparser_reads(corpus):
    findings = Findings()
    for path in corpus:
        findings.check(short(path), path.read_bytes())
    findings.assert_none()


_DECLARATION = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])[A-Za-z0-9._-]+", re.I)
ENCODINGS = [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
             ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")]


def test_documents_in_utf16_and_utf32_keep_their_entries(corpus):
    """Every UTF-8 document with linked entries, re-encoded in UTF-16/32 (declared so), with and
    without byte-order mark: feedparser reads them all; so must we."""
    findings = Findings()
    for path in corpus:
        content = path.read_bytes()
        if b"<link" not in content and b"<guid" not in content:
            continue
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not feedparser_links(feedparser.parse(content)):
            continue
        for codec, bom in ENCODINGS:
            declared = _DECLARATION.sub(lambda m: m.group(1) + codec[:6], text, count=1)
            encoded = declared.encode(codec)
            name = short(path)
            findings.check(f"{name} in {codec} with BOM", bom + encoded, clean_reference=False)
            findings.check(f"{name} in {codec} without BOM", encoded, clean_reference=False)
    assert findings.documents > 100
    findings.assert_none()


SPANISH = ('<?xml version="1.0" encoding="{codec}"?><rss version="2.0"><channel><title>Diario del Perú</title>'
           '<item><title>Niño herido en Piñas</title><link>https://diario.example/piñas/niño-herido</link>'
           '</item></channel></rss>')


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_spanish_feed_in_utf16_or_utf32_without_byte_order_mark_keeps_its_accents(codec):
    """Found by the corpus run: without a byte-order mark, a UTF-16/32 document was taken for
    UTF-8, 'repaired' as Windows-1252 and lost every entry (UTF-32: refused)."""
    content = SPANISH.format(codec=codec[:6]).encode(codec)
    parsed = parse_feed(content, url="https://diario.example/rss", now=NOW)
    assert [(e.title, e.url) for e in parsed.entries] == [
        ("Niño herido en Piñas", canonical_url("https://diario.example/piñas/niño-herido"))]
    assert parsed.title == "Diario del Perú" and parsed.warning is None


@pytest.mark.parametrize("codec", ["cp037", "cp500", "cp1140"])
def test_an_ebcdic_feed_is_read_in_the_code_page_it_declares(codec):
    """Found by the corpus run: EBCDIC documents (feedparser reads them) were re-read as
    Windows-1252 and refused as 'not a feed'."""
    content = ('<?xml version="1.0" encoding="%s"?><rss version="2.0"><channel><title>Perú</title><item>'
               '<title>Ataque en Piñas</title><link>https://diario.example/nota</link></item></channel></rss>'
               % codec).encode(codec)
    parsed = parse_feed(content, url="https://diario.example/rss", now=NOW)
    assert parsed.title == "Perú"
    assert [(e.title, e.url) for e in parsed.entries] == [("Ataque en Piñas", "https://diario.example/nota")]

"""Property-based tests (hypothesis) of hostile input: feed documents and article texts that no
one wrote on purpose. No exception but ParseError escapes the feed parser, every entry it returns
is normalised, and every event the extractor returns satisfies the schema
(../shared/events-schema.md)."""

import json
import re
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import ParseError
from pipeline.extract import extract_articles, extract_file, load_pipeline
from pipeline.feeds import parse_feed
from pipeline.normalize import canonical_url, html_to_text
from pipeline.types import ParsedFeed

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODEL = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- feeds ------------------------------------------------------------------------------------

SCRIPT = "<script>alert('xss')</script>"
# Any unicode, control characters included (what a broken CMS puts in a feed).
WILD = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
PIECES = st.one_of(
    WILD,
    st.sampled_from([SCRIPT, "<b>Sicarios</b> atacan", "&amp;", "&ntilde;", "&#241;", "&#x0;", "&bogus;",
                     "<p>Uno</p><p>Dos</p>", "<style>p{}</style>", "<img src=x onerror=alert(1)>",
                     "<!-- c -->", "]]>", "<![CDATA[", "\x00", "\x1b[31m", "\u202e", "ñandú", "<", ">",
                     "<iframe src='x'></iframe>", "Niño\u0301"]))
FIELD = st.lists(PIECES, max_size=5).map("".join)
LINKS = st.one_of(
    st.builds(lambda scheme, host, path: f"{scheme}://{host}/{path}",
              st.sampled_from(["http", "https", "HTTP", "Https"]),
              st.sampled_from(["diario.example", "AMP.diario.example", "diario.example:8080",
                               "diario.example:443", "[::1]", "xn--diaro-pta.example"]),
              FIELD),
    FIELD,
    st.sampled_from(["javascript:alert(1)", "file:///etc/passwd", "//diario.example/x", "",
                     "http://diario.example:99999/", "http://[::1/", "http://diario.example:abc/"]))
DATES = st.one_of(
    FIELD,
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1),
                 timezones=st.just(timezone.utc)).map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
    st.sampled_from(["ayer", "hace dos días", "2026-02-30", "9999-99-99T99:99", "Mon, 32 Foo 2026"]))


def embed(value: str, how: str) -> str:
    """A value as a feed writer might have put it: escaped, in CDATA, or raw (breaking the XML)."""
    if how == "escaped":
        return escape(value)
    if how == "cdata":
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return value


ITEM = st.fixed_dictionaries({
    "title": FIELD, "link": LINKS, "description": FIELD, "content": FIELD, "date": DATES,
    "how": st.sampled_from(["escaped", "escaped", "cdata", "raw"]),
})


@st.composite
def rss_documents(draw) -> tuple[bytes, bool]:
    """(a document, whether every value in it was escaped or in CDATA: well-formed markup)"""
    items = draw(st.lists(ITEM, max_size=4))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
             f"<title>{embed(draw(FIELD), 'escaped')}</title>"]
    for item in items:
        how = item["how"]
        parts.append(f"<item><title>{embed(item['title'], how)}</title>"
                     f"<link>{embed(item['link'], 'escaped' if how == 'cdata' else how)}</link>"
                     f"<description>{embed(item['description'], how)}</description>"
                     f"<content:encoded>{embed(item['content'], how)}</content:encoded>"
                     f"<pubDate>{embed(item['date'], 'escaped')}</pubDate></item>")
    parts.append("</channel></rss>")
    document = "".join(parts)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16"]))
    return document.encode(encoding, errors="replace"), all(item["how"] != "raw" for item in items)


def check_parsed(parsed: ParsedFeed, *, well_formed: bool = True) -> None:
    assert isinstance(parsed, ParsedFeed)
    for entry in parsed.entries:
        assert re.match(r"https?://", entry.url), entry.url
        assert canonical_url(entry.url) == entry.url
        for text in (entry.title, entry.summary, entry.body):
            assert isinstance(text, str)
            # No tag survives. (A payload written raw in the XML is an element there, and its
            # text may remain: it is plain text then, not a script.)
            # A value written raw can break the XML around it (an unclosed "<![CDATA[" swallows
            # the next items as text): tags may then be words of that text, so only check the rest.
            assert not well_formed or not re.search(r"<\s*/?\s*script\b[^<>]*>", text, re.I), text
        assert entry.published.tzinfo is not None and entry.published.utcoffset() == timedelta(0)
        assert entry.published <= NOW + timedelta(days=1)


def parse_or_refuse(content: bytes):
    try:
        return parse_feed(content, url="http://feed.example/rss", now=NOW)
    except ParseError as error:
        assert str(error)  # a message a person can read
        return None


@FAST
@given(st.one_of(st.binary(max_size=3000),
                 st.binary(max_size=500).map(lambda b: b'<?xml version="1.0"?><rss version="2.0">' + b)))
def test_parse_feed_on_arbitrary_bytes_raises_only_parse_error(content):
    parsed = parse_or_refuse(content)
    if parsed is not None:
        check_parsed(parsed)


@FAST
@given(rss_documents())
def test_parse_feed_on_generated_rss_gives_normalised_entries(generated):
    document, well_formed = generated
    parsed = parse_or_refuse(document)
    if parsed is not None:
        check_parsed(parsed, well_formed=well_formed)


def test_generated_rss_does_reach_the_entry_checks():
    """The generator is not all noise: a clean item comes out as a normalised entry."""
    item = (f"<item><title>{escape(SCRIPT)}Asaltan bodega</title><link>HTTP://AMP.Diario.example/a/amp/?utm_source=x</link>"
            f"<description>{escape('<p>Uno</p>' + SCRIPT)}</description></item>")
    parsed = parse_feed(f'<?xml version="1.0"?><rss version="2.0"><channel>{item}</channel></rss>'.encode(),
                        url="u", now=NOW)
    [entry] = parsed.entries
    assert entry.url == "http://diario.example/a/" and entry.title == "Asaltan bodega"
    assert entry.summary == "Uno" and entry.published == NOW and entry.published_estimated


URLS = st.builds(
    lambda scheme, host, port, path, query, fragment: f"{scheme}://{host}{port}{path}{query}{fragment}",
    st.sampled_from(["http", "https", "HTTPS"]),
    st.lists(st.sampled_from(["amp", "AMP", "diario", "www", "pe", "example", "xn--o-wia"]), min_size=1,
             max_size=4).map(".".join),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(st.one_of(st.sampled_from(["amp", "nota", "", "index.amp.html", "a.amp", "%C3%B1", "ñ", ".."]),
                       st.text(alphabet="abc/%.-_~ ", max_size=6)), max_size=5).map(lambda p: "/" + "/".join(p)),
    st.lists(st.tuples(st.sampled_from(["utm_source", "amp", "outputType", "id", "page", "ref", "q", "Z"]),
                       st.sampled_from(["", "amp", "1", "x y", "ñ", "&", "="])), max_size=4)
    .map(lambda q: ("?" + "&".join(f"{k}={v}" for k, v in q)) if q else ""),
    st.sampled_from(["", "#top", "#"]))


@FAST
@given(st.one_of(URLS, st.text(max_size=60).map(lambda t: "https://diario.example/" + t)))
def test_canonical_url_is_idempotent(url):
    try:
        once = canonical_url(url)
    except ValueError:  # urllib refuses it (bad port, broken IPv6): never reaches canonical_url from a feed
        return
    assert canonical_url(once) == once
    assert once.startswith(("http://", "https://")) and "#" not in once


@FAST
@given(st.one_of(st.none(), st.lists(PIECES, max_size=8).map("".join), st.text()))
def test_html_to_text_never_raises_and_drops_scripts(value):
    text = html_to_text(value)
    assert isinstance(text, str)
    if value and SCRIPT in value and value.count("<") == SCRIPT.count("<") * value.count(SCRIPT):
        assert "alert('xss')" not in text  # only well-formed tags around it: the script is dropped


# --- extraction -------------------------------------------------------------------------------

FIELDS = {"kind", "crime_types", "department", "province", "district", "ubigeo", "place_text", "gangs",
          "deaths", "injured", "victim_sectors", "occurred_on", "evidence"}
KINDS = {"incident", "operation", "measure", "protest"}
CRIMES = {"homicide", "feminicide", "extortion", "robbery", "kidnapping", "drug_trafficking",
          "illegal_mining", "human_trafficking", "armed_attack", "sexual_violence", "other_crime"}
SECTORS = {"transport", "commerce", "mining", "music", "education", "construction", "health",
           "security_forces", "public_official", "other"}
DEPARTMENTS = {"Amazonas", "Áncash", "Apurímac", "Arequipa", "Ayacucho", "Cajamarca", "Callao", "Cusco",
               "Huancavelica", "Huánuco", "Ica", "Junín", "La Libertad", "Lambayeque", "Lima", "Loreto",
               "Madre de Dios", "Moquegua", "Pasco", "Piura", "Puno", "San Martín", "Tacna", "Tumbes", "Ucayali"}

WORDS = st.sampled_from([
    "sicarios", "asesinaron", "a", "un", "mototaxista", "en", "San Juan de Lurigancho", "Pataz", "Trujillo",
    "Callao", "La Libertad", "Lima", "Breña", "Chiclayo", "Piura", "Sullana", "Puno", "extorsión", "cobro de cupos",
    "balacera", "detonaron", "explosivo", "feminicidio", "secuestro", "minería ilegal", "Tren de Aragua",
    "Los Pulpos", "la banda criminal 'Los Injertos del Cono'", "al menos", "tres", "muertos", "heridos", "dos",
    "veinte", "0", "1", "12", "-3", "999999999999", "1.5", "ayer", "anoche", "el último martes",
    "la madrugada del domingo", "hace dos días", "el 31 de febrero", "el 12 de mayo", "policía", "capturó",
    "estado de emergencia", "paro de transportistas", "bodeguero", "músico", "profesor", "no hubo heridos",
    "murió", "fallecidos", "son 112 los crímenes en lo que va del año", ".", ",", "\n", "«", "»", "Dr.", "S.A.C."])
NOISE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
TEXTS = st.lists(st.one_of(WORDS, WORDS, WORDS, NOISE), max_size=60).map(" ".join)
ARTICLES = st.fixed_dictionaries({
    "url": st.text(max_size=20).map(lambda t: "https://x.example/" + t),
    "title": st.one_of(st.none(), TEXTS),
    "text": st.one_of(st.none(), TEXTS),
    "published": st.one_of(st.none(), st.dates(min_value=datetime(1990, 1, 1).date(),
                                                max_value=datetime(2100, 1, 1).date()).map(str)),
})

_nlp = None


def nlp():
    """The real model, loaded once for the module (a fixture would be re-entered per example)."""
    global _nlp
    if _nlp is None:
        _nlp = load_pipeline()
    return _nlp


def check_event(event: dict) -> None:
    assert set(event) == FIELDS | {"extras"}, set(event) ^ (FIELDS | {"extras"})
    assert set(event["extras"]) == {"gang_candidates", "evidence"}
    assert event["kind"] in KINDS
    assert isinstance(event["crime_types"], list) and set(event["crime_types"]) <= CRIMES
    assert event["department"] is None or event["department"] in DEPARTMENTS, event["department"]
    for name in ("province", "district", "place_text"):
        assert event[name] is None or isinstance(event[name], str)
    assert event["ubigeo"] is None or re.fullmatch(r"\d{6}", event["ubigeo"]), event["ubigeo"]
    assert isinstance(event["gangs"], list) and all(isinstance(g, str) and g for g in event["gangs"])
    for name in ("deaths", "injured"):
        value = event[name]
        assert value is None or (type(value) is int and value >= 0), (name, value)
    assert isinstance(event["victim_sectors"], list) and set(event["victim_sectors"]) <= SECTORS
    if event["occurred_on"] is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["occurred_on"])
        datetime.strptime(event["occurred_on"], "%Y-%m-%d")  # a real day
    assert isinstance(event["evidence"], str)
    json.dumps(event, ensure_ascii=False)  # storable as it is


@MODEL
@given(st.lists(ARTICLES, min_size=1, max_size=4))
def test_extract_articles_on_arbitrary_text_gives_schema_events(articles):
    results = list(extract_articles(articles, nlp=nlp()))
    assert len(results) == len(articles)
    for events in results:
        assert isinstance(events, list)
        for event in events:
            check_event(event)


def test_the_text_generator_reaches_the_deep_paths():
    """Texts made of the generator's words do give events, places and figures to check."""
    article = {"url": "https://x.example/1", "title": "Sicarios asesinaron a un mototaxista en Trujillo",
               "text": "al menos tres muertos y dos heridos en La Libertad ayer . Tren de Aragua extorsión",
               "published": "2026-05-12"}
    [events] = extract_articles([article], nlp=nlp())
    assert events and events[0]["department"] == "La Libertad" and events[0]["deaths"] is not None
    check_event(events[0])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARTICLES, min_size=0, max_size=6))
def test_extract_file_writes_one_line_per_input_line_in_order(articles):
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        assert extract_file(source, target, progress=False, nlp=nlp()) == len(articles)
        lines = target.read_text(encoding="utf-8").split("\n")[:-1]  # JSONL: lines end with \\n only
    assert len(lines) == len(articles)
    for article, line in zip(articles, lines):
        row = json.loads(line)
        assert row["url"] == article["url"]
        for event in row["events"]:
            check_event({**event, "extras": {"gang_candidates": [], "evidence": {}}})

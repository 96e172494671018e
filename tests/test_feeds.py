"""Feed documents → entries, including hostile and broken ones, feeds in the layouts of real
outlets (written for these tests, in tests/fixtures/feeds) and, in acceptance runs, the three real
captures of the data folder."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import FIXTURES, require_data
from pipeline.errors import ParseError
from pipeline.feeds import parse_feed

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
# The project's own feeds in the layouts of the real captures: Arc XP outbound feeds (El Comercio,
# Infobae) and La República's.
LAYOUTS = {"elcomercio": "arc-policiales.xml", "infobae": "arc-peru.xml", "larepublica": "larepublica-sociedad.xml"}


def rss(items: str, head: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return (f'{head}<rss version="2.0"><channel><title>Diario</title><link>https://diario.pe/</link>'
            f"{items}</channel></rss>").encode("utf-8")


ITEM = ("<item><title>Asaltan bodega en Comas</title><link>https://diario.pe/nota-1/?utm_source=rss</link>"
        "<guid>nota-1</guid><description>&lt;p&gt;Delincuentes huyeron.&lt;/p&gt;</description>"
        "<pubDate>Sat, 28 Feb 2026 15:00:00 GMT</pubDate></item>")


def test_a_plain_feed():
    feed = parse_feed(rss(ITEM), url="https://diario.pe/rss", now=NOW)
    [entry] = feed.entries
    assert entry.url == "https://diario.pe/nota-1/" and entry.guid == "nota-1"
    assert entry.summary == "Delincuentes huyeron." and entry.body == ""
    assert entry.published == datetime(2026, 2, 28, 15, tzinfo=timezone.utc) and not entry.published_estimated
    assert feed.warning is None


def test_entries_without_a_date_get_the_fetch_time_flagged():
    item = "<item><title>Sin fecha</title><link>https://diario.pe/sin-fecha</link></item>"
    [entry] = parse_feed(rss(item), url="u", now=NOW).entries
    assert entry.published == NOW and entry.published_estimated


def test_a_spanish_date_string_falls_back_to_dateparser():
    item = "<item><title>T</title><link>https://diario.pe/x</link><pubDate>27 de febrero de 2026</pubDate></item>"
    [entry] = parse_feed(rss(item), url="u", now=NOW).entries
    assert entry.published.date().isoformat() == "2026-02-27" and not entry.published_estimated


def test_malformed_xml_keeps_what_could_be_read():
    broken = rss(ITEM + "<item><title>Roto <b></title><link>https://diario.pe/nota-2</link></item>")
    feed = parse_feed(broken.replace(b"</channel></rss>", b""), url="u", now=NOW)
    assert "https://diario.pe/nota-1/" in [e.url for e in feed.entries]
    assert "broken document" in feed.warning


def test_billion_laughs_is_not_expanded():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">' for i in range(10))
    head = f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE rss [{entities}]>'
    item = "<item><title>&lol9;</title><link>https://diario.pe/risa</link></item>"
    feed = parse_feed(rss(item, head=head), url="u", now=NOW)
    assert "entity declarations removed" in feed.warning
    assert all(len(e.title) < 100 for e in feed.entries)


def test_an_external_entity_never_reads_a_local_file(tmp_path):
    secret = tmp_path / "secreto.txt"
    secret.write_text("CLAVE-SECRETA-1234")
    head = f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    item = "<item><title>Hola &xxe;</title><link>https://diario.pe/xxe</link><description>&xxe;</description></item>"
    feed = parse_feed(rss(item, head=head), url="u", now=NOW)
    assert "CLAVE-SECRETA" not in repr(feed)


def test_declared_utf8_but_sent_in_latin1():
    doc = rss("<item><title>Policía detiene a banda en Año Nuevo</title><link>https://diario.pe/a</link></item>")
    latin1 = doc.decode("utf-8").encode("latin-1")
    feed = parse_feed(latin1, url="u", now=NOW)
    assert feed.entries[0].title == "Policía detiene a banda en Año Nuevo"
    assert "Windows-1252" in feed.warning


@pytest.mark.parametrize("body, message", [
    (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>challenge</body></html>", "HTML page"),
    (b"   ", "empty"),
    (b'{"items": []}', "not a feed"),
])
def test_what_is_not_a_feed_is_refused(body, message):
    with pytest.raises(ParseError, match=message):
        parse_feed(body, url="u", now=NOW)


def test_parse_feed_takes_bytes_only(tmp_path):
    with pytest.raises(TypeError):
        parse_feed(str(tmp_path), url="u", now=NOW)


def _layout(name: str) -> Path:
    return FIXTURES / "feeds" / LAYOUTS[name]


def _capture(name: str) -> Path:
    [path] = require_data("feeds").glob(f"{name}*.xml")
    return path


def _parse(path: Path):
    return parse_feed(path.read_bytes(), url=path.name, now=datetime(2026, 8, 1, tzinfo=timezone.utc))


def _gives_the_article_body(path: Path) -> None:
    feed = _parse(path)
    assert feed.entries
    for entry in feed.entries:
        assert entry.url.startswith("https://") and entry.title
        assert len(entry.body) > 500, "the body, not the caption or an empty description"
        assert "<" not in entry.body and "function(" not in entry.body and "window." not in entry.body
        assert not entry.published_estimated


def _caption_is_not_the_body(path: Path) -> None:
    import feedparser
    raw = feedparser.parse(path.read_bytes()).entries[0]
    caption = raw.content[0].value
    entry = _parse(path).entries[0]
    assert len(raw.content) >= 2 and len(entry.body) > len(caption)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_feeds_in_the_real_layouts_give_the_article_body(name):
    _gives_the_article_body(_layout(name))


def test_an_arc_feed_with_an_empty_description_and_scripts_in_the_body():
    feed = _parse(_layout("elcomercio"))
    first, second = feed.entries
    assert first.summary == "" and first.body.startswith("Un cobrador de combi de 27 años")
    assert "Capturamos a tres presuntos extorsionadores" in second.body  # the embedded post's text stays
    assert "dataLayer" not in second.body and "widgets.js" not in second.body


def test_la_republica_layout_caption_is_not_the_body():
    _caption_is_not_the_body(_layout("larepublica"))
    entry = _parse(_layout("larepublica")).entries[0]
    assert entry.title.startswith("Hallan sin vida") and entry.body.startswith("Un mototaxista de 22 años")


@pytest.mark.acceptance
@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_real_captures_give_the_article_body(name):
    _gives_the_article_body(_capture(name))


@pytest.mark.acceptance
def test_la_republica_caption_is_not_the_body():
    _caption_is_not_the_body(_capture("larepublica"))


@pytest.mark.parametrize("hostile", [
    b"<!DOCTYPE [" * 900_000,                                      # an internal subset never closed
    b'<?xml version="1.0"?>' + b"<!DOCTYPE rss [" * 700_000,
    b"<!ENTITY x " * 1_000_000,                                      # declarations with no DOCTYPE
    b'<?xml version="1.0"?><rss><channel>' + b"<!DOCTYPE [" * 900_000,  # after the root element
])
def test_the_safety_pass_is_linear_on_10_mb_of_hostile_markup(hostile):
    from time import perf_counter

    from pipeline.feeds import make_safe
    assert len(hostile) > 9_000_000
    start = perf_counter()
    try:
        make_safe(hostile)
    except ParseError:
        pass
    assert perf_counter() - start < 0.5  # a quadratic pass took 47 s on 400 KB


def test_a_doctype_inside_an_item_cdata_is_text_not_a_declaration():
    first = ("<item><title>Primera</title><link>https://diario.pe/uno</link>"
             "<description>Resumen uno</description></item>")
    second = ("<item><title>Segunda</title><link>https://diario.pe/dos</link>"
              "<description><![CDATA[Un ejemplo: <!DOCTYPE html> en el texto]]></description></item>")
    feed = parse_feed(rss(first + second), url="u", now=NOW)
    assert [e.url for e in feed.entries] == ["https://diario.pe/uno", "https://diario.pe/dos"]
    assert feed.entries[0].summary == "Resumen uno"  # the next item's link is not swallowed into it
    assert feed.entries[1].summary.startswith("Un ejemplo:") and feed.entries[1].summary.endswith("en el texto")
    assert feed.warning is None


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                        ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")])
def test_utf16_and_utf32_feeds_with_a_byte_order_mark(codec, bom):
    text = rss("<item><title>Extorsión en Ñaña</title><link>https://diario.pe/ñ</link></item>",
               head=f'<?xml version="1.0" encoding="{codec[:6].upper()}"?>').decode("utf-8")
    feed = parse_feed(bom + text.encode(codec), url="u", now=NOW)
    assert [e.title for e in feed.entries] == ["Extorsión en Ñaña"]

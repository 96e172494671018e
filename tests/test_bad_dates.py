"""A far publication date is that article's problem only: it never stops the event log or a feed."""

from datetime import datetime, timezone

import pytest

from pipeline.events import merge_pending
from pipeline.extract import load_pipeline
from pipeline.feeds import parse_feed
from pipeline.importer import ImportError_, read_articles
from pipeline.pending import process_pending
from pipeline.storage import Storage
from pipeline.types import EntryData

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)
TEXT = ("Un mototaxista fue asesinado a balazos por dos sicarios en motocicleta la noche del lunes en la "
        "urbanización Canto Rey, en San Juan de Lurigancho.")


def _entry(url: str, published: datetime) -> EntryData:
    return EntryData(url=url, guid=None, title="Sicarios asesinan a mototaxista en San Juan de Lurigancho",
                     summary="", body=TEXT, author=None, published=published, published_estimated=False)


@pytest.mark.parametrize("year", [1, 9999])
def test_an_article_dated_year_1_or_9999_already_stored_does_not_stop_the_event_log(tmp_path, year):
    storage = Storage(tmp_path / "vigia.db")
    far = datetime(year, 1 if year == 1 else 12, 1 if year == 1 else 31, 12, tzinfo=timezone.utc)
    storage.import_articles([(_entry("https://diario.pe/lejano", far), "diario.pe"),
                             (_entry("https://diario.pe/normal", NOW), "diario.pe")], feed="import", now=NOW)
    assert process_pending(storage, batch_size=8, nlp=load_pipeline(), limit=8, now=lambda: NOW) == 2
    report = merge_pending(storage, now=NOW)
    assert report.created + report.joined == 2  # both articles reached the event log
    assert merge_pending(storage, now=NOW).created == 0  # and nothing is left pending to fail again


@pytest.mark.parametrize("pub_date", ["Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                                      "0000-01-01T00:00:00Z", "Sat, 01 Jan 0000 00:00:00 GMT"])
def test_a_far_date_in_one_feed_entry_keeps_every_entry(pub_date):
    items = (f"<item><title>Lejana</title><link>https://diario.pe/lejana</link><pubDate>{pub_date}</pubDate></item>"
             "<item><title>Buena</title><link>https://diario.pe/buena</link>"
             "<pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate></item>")
    doc = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>D</title>'
           f"{items}</channel></rss>").encode()
    feed = parse_feed(doc, url="u", now=NOW)
    far, good = feed.entries
    assert (far.url, far.published, far.published_estimated) == ("https://diario.pe/lejana", NOW, True)
    assert good.published == datetime(2026, 3, 4, 10, tzinfo=timezone.utc) and not good.published_estimated


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "1500-06-01T10:00:00Z"])
def test_import_names_the_line_of_a_far_date(tmp_path, published):
    path = tmp_path / "archivo.jsonl"
    path.write_text('{"url": "https://diario.pe/a", "title": "T", "text": "x", "published": "2026-03-01"}\n'
                    f'{{"url": "https://diario.pe/b", "title": "T", "text": "x", "published": "{published}"}}\n')
    with pytest.raises(ImportError_, match=r"archivo.jsonl:2: .*published"):
        read_articles(path, now=NOW)

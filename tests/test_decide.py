import random
from datetime import datetime, timedelta, timezone

from pipeline.decide import Known, content_hash, next_poll, plan_articles
from pipeline.types import EntryData

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def entry(url, title="Título", guid=None, body="cuerpo"):
    return EntryData(url=url, guid=guid, title=title, summary="", body=body, author=None, published=NOW)


def known(id, e, outlet="A"):
    return Known(id=id, url=e.url, guid=e.guid, outlet=outlet, content_hash=content_hash(e),
                 published_estimated=False)


def test_success_waits_the_interval_within_jitter():
    rng = random.Random(1)
    waits = [(next_poll(NOW, interval=600, jitter=0.1, rng=rng) - NOW).total_seconds() for _ in range(200)]
    assert min(waits) >= 540 and max(waits) <= 660
    assert len(set(waits)) > 100, "jitter spreads feeds apart"


def test_failures_back_off_exponentially_up_to_the_cap():
    waits = [(next_poll(NOW, interval=600, failures=n, max_backoff=3600) - NOW).total_seconds()
             for n in range(1, 7)]
    assert waits == [600, 1200, 2400, 3600, 3600, 3600]


def test_retry_after_is_a_floor():
    assert next_poll(NOW, interval=60, failures=1, retry_after=900) == NOW + timedelta(seconds=900)
    assert next_poll(NOW, interval=600, failures=1, retry_after=5) == NOW + timedelta(seconds=600)


def test_plan_new_seen_changed_and_duplicates_in_one_poll():
    a, b, c = entry("https://x.pe/a"), entry("https://x.pe/b"), entry("https://x.pe/c")
    b2 = entry("https://x.pe/b", title="Título corregido")
    plan = plan_articles([a, b2, c, c], outlet="A", by_url={a.url: known(1, a), b.url: known(2, b)}, by_guid={})
    assert [e.url for e in plan.new] == [c.url]
    assert plan.seen == [1]
    assert [(i, e.title) for i, e in plan.changed] == [(2, "Título corregido")]


def test_guid_identifies_an_article_within_its_outlet_or_when_it_is_an_address():
    stored = entry("https://x.pe/nota-123", guid="123")
    moved = entry("https://x.pe/seccion/nota-123", guid="123")
    same_outlet = plan_articles([moved], outlet="A", by_url={}, by_guid={"123": known(7, stored)})
    assert same_outlet.seen == [7] and not same_outlet.new
    other_outlet = plan_articles([moved], outlet="B", by_url={}, by_guid={"123": known(7, stored)})
    assert [e.url for e in other_outlet.new] == [moved.url], "bare GUIDs of two outlets may collide"
    urlguid = entry("https://y.pe/otra", guid="https://x.pe/nota-123")
    stored2 = entry("https://x.pe/nota-123", guid="https://x.pe/nota-123")
    plan = plan_articles([urlguid], outlet="B", by_url={}, by_guid={urlguid.guid: known(8, stored2)})
    assert plan.seen == [8]

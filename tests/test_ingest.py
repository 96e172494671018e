"""poll_feed end to end on a loopback server: what lands in the store and on the feed."""

import random
from datetime import datetime, timedelta, timezone

import pytest

from httpserver import Response
from pipeline.config import FeedsSettings
from pipeline.fetch import Fetcher
from pipeline.ingest import poll_feed
from pipeline.storage import Storage
from pipeline.types import FeedConfig

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
SETTINGS = FeedsSettings(file=None, interval=600, jitter=0, max_backoff=7200)


def rss(*items: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>d</title>'
            + "".join(items) + "</channel></rss>").encode()


def item(link, title="Balacera en Chiclayo", guid=None, description="Resumen breve."):
    guid = f"<guid>{guid}</guid>" if guid else ""
    return f"<item><title>{title}</title><link>{link}</link>{guid}<description>{description}</description></item>"


@pytest.fixture
def env(tmp_path):
    storage = Storage(tmp_path / "v.db")
    with Fetcher(user_agent="VigiaTest", host_delay=0, respect_robots=True) as fetcher:
        yield storage, fetcher
    storage.close()


def poll(env, feed, at=NOW):
    storage, fetcher = env
    return poll_feed(storage, fetcher, feed, settings=SETTINGS, now=lambda: at, rng=random.Random(0))


def test_failures_are_recorded_and_back_off(env, http_server):
    feed = FeedConfig(name="roto", outlet="Roto", url=http_server.route("/rss", Response(500)))
    env[0].sync_feeds([feed])
    for n, wait in ((1, 600), (2, 1200), (3, 2400)):
        report = poll(env, feed)
        assert report.outcome == "error" and "HTTP 500" in report.error
        state = env[0].feed_state("roto")
        assert state.failures == n and state.next_due == NOW + timedelta(seconds=wait)
    http_server.route("/rss", Response(200, rss(item("https://d.example/a"))))
    assert poll(env, feed).new == 1
    assert env[0].feed_state("roto").failures == 0


def test_429_waits_at_least_retry_after(env, http_server):
    url = http_server.route("/rss", Response(429, headers={"Retry-After": "3600"}))
    feed = FeedConfig(name="lleno", outlet="Lleno", url=url)
    env[0].sync_feeds([feed])
    poll(env, feed)
    assert env[0].feed_state("lleno").next_due == NOW + timedelta(seconds=3600)


def test_a_permanent_redirect_updates_the_stored_address(env, http_server):
    http_server.route("/nuevo", Response(200, rss(item("https://d.example/a"))))
    feed = FeedConfig(name="movido", outlet="Movido",
                      url=http_server.route("/viejo", Response(301, headers={"Location": "/nuevo"})))
    env[0].sync_feeds([feed])
    poll(env, feed)
    assert env[0].feed_state("movido").url == http_server.url("/nuevo")
    poll(env, feed)
    assert http_server.requests[-1].path == "/nuevo"


def test_the_same_guid_in_two_feeds_is_one_article_with_two_sources(env, http_server):
    guid = "https://diario.example/policiales/nota-77"
    a = FeedConfig(name="diario-portada", outlet="Diario",
                   url=http_server.route("/portada", Response(200, rss(item(guid + "?utm_source=portada", guid=guid)))))
    b = FeedConfig(name="diario-policiales", outlet="Diario",
                   url=http_server.route("/policiales", Response(200, rss(item(guid + "/amp", guid=guid)))))
    env[0].sync_feeds([a, b])
    assert poll(env, a).new == 1
    assert poll(env, b).new == 0
    assert env[0].counts().articles == 1
    sources = env[0].db.execute("SELECT feed FROM article_sources ORDER BY feed").fetchall()
    assert sources == [("diario-policiales",), ("diario-portada",)]


def test_fetch_pages_takes_the_article_text_from_the_page(env, http_server):
    http_server.route("/robots.txt", Response(404))
    page = ("<html><body><article><h1>Balacera en Chiclayo</h1>"
            + "<p>Dos hombres dispararon contra la fachada de una empresa de transportes en Chiclayo, "
              "según la Policía, luego de que su dueño se negara a pagar cupos a una banda.</p>" * 4
            + "</article></body></html>").encode()
    link = http_server.route("/nota-1", Response(200, page, {"Content-Type": "text/html; charset=utf-8"}))
    feed = FeedConfig(name="agencia", outlet="Agencia", fetch_pages=True,
                      url=http_server.route("/rss", Response(200, rss(item(link)))))
    env[0].sync_feeds([feed])
    assert poll(env, feed).new == 1
    article = env[0].article_by_url(link)
    assert article.summary == "Resumen breve."
    assert "se negara a pagar cupos" in article.body

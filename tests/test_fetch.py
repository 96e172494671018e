"""The fetcher against a real HTTP server on 127.0.0.1."""

import gzip
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from httpserver import Response
from pipeline.errors import FetchError
from pipeline.fetch import Fetcher, retry_after_seconds

FEED = b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture
def fetcher():
    with Fetcher(user_agent="VigiaTest/1.0 (+tests)", total_timeout=3, read_timeout=2,
                 max_bytes=100_000, host_delay=0) as fetcher:
        yield fetcher


def test_200_then_304_with_etag_and_last_modified(http_server, fetcher):
    def feed(request):
        if request.headers.get("if-none-match") == '"v1"':
            return Response(304)
        return Response(200, FEED, {"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2026 00:00:00 GMT"})
    url = http_server.route("/rss", feed)
    first = fetcher.get_feed(url)
    assert first.status == 200 and first.content == FEED
    assert (first.etag, first.last_modified) == ('"v1"', "Wed, 01 Jan 2026 00:00:00 GMT")
    second = fetcher.get_feed(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    sent = http_server.requests[-1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == first.last_modified
    assert sent["user-agent"] == "VigiaTest/1.0 (+tests)"


def test_gzip_is_decoded(http_server, fetcher):
    url = http_server.route("/rss", Response(200, FEED, gzip=True))
    assert fetcher.get_feed(url).content == FEED


def test_permanent_redirect_is_reported_and_a_temporary_one_is_not(http_server, fetcher):
    http_server.route("/new", Response(200, FEED))
    old = http_server.route("/old", Response(301, headers={"Location": "/new"}))
    tmp = http_server.route("/tmp", Response(302, headers={"Location": "/new"}))
    moved = fetcher.get_feed(old)
    assert moved.content == FEED and moved.permanent_url == http_server.url("/new")
    assert fetcher.get_feed(tmp).permanent_url is None


def test_redirect_loops_and_chains_are_bounded(http_server, fetcher):
    a = http_server.route("/a", Response(302, headers={"Location": "/b"}))
    http_server.route("/b", Response(302, headers={"Location": "/a"}))
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.get_feed(a)
    for i in range(10):
        http_server.route(f"/hop{i}", Response(302, headers={"Location": f"/hop{i + 1}"}))
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.get_feed(http_server.url("/hop0"))


@pytest.mark.parametrize("status, message", [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
def test_http_errors(http_server, fetcher, status, message):
    url = http_server.route("/rss", Response(status, b"error"))
    with pytest.raises(FetchError, match=message) as error:
        fetcher.get_feed(url)
    assert error.value.status == status and error.value.retry_after is None


def test_429_and_503_carry_retry_after(http_server, fetcher):
    url = http_server.route("/rss", Response(429, headers={"Retry-After": "120"}))
    with pytest.raises(FetchError, match="retry after 120 s") as error:
        fetcher.get_feed(url)
    assert error.value.retry_after == 120
    later = datetime.now(timezone.utc) + timedelta(minutes=10)
    http_server.route("/busy", Response(503, headers={"Retry-After": format_datetime(later, usegmt=True)}))
    with pytest.raises(FetchError) as error:
        fetcher.get_feed(http_server.url("/busy"))
    assert 590 <= error.value.retry_after <= 600
    assert retry_after_seconds("not a date") is None


def test_a_trickling_server_is_cut_at_the_total_deadline(http_server, fetcher):
    url = http_server.route("/slow", Response(200, FEED, trickle=0.5))
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 3 s"):
        fetcher.get_feed(url)
    assert time.monotonic() - start < 5


def test_a_body_past_the_cap_is_dropped(http_server, fetcher):
    url = http_server.route("/big", Response(200, b"x" * 200_000))
    with pytest.raises(FetchError, match="larger than 100,000 bytes"):
        fetcher.get_feed(url)


def test_a_gzip_bomb_stops_at_the_cap_on_decoded_bytes(http_server, fetcher):
    bomb = gzip.compress(b"\0" * 50_000_000)
    assert len(bomb) < 100_000
    http_server.route("/bomb", Response(200, bomb, {"Content-Encoding": "gzip"}))
    start = time.monotonic()
    with pytest.raises(FetchError, match="larger than 100,000 bytes"):
        fetcher.get_feed(http_server.url("/bomb"))
    assert time.monotonic() - start < 2


def test_connection_refused_is_a_fetch_error(fetcher):
    with pytest.raises(FetchError, match="network error"):
        fetcher.get_feed("http://127.0.0.1:9/rss")


def test_one_request_at_a_time_per_host_with_a_delay(http_server):
    url = http_server.route("/rss", Response(200, FEED))
    with Fetcher(user_agent="t", host_delay=0.3) as fetcher:
        for _ in range(3):
            fetcher.get_feed(url)
    starts = [r.at for r in http_server.requests]
    assert all(b - a >= 0.28 for a, b in zip(starts, starts[1:]))


def test_article_pages_honour_robots_txt(http_server, fetcher):
    http_server.route("/robots.txt", Response(200, b"User-agent: *\nDisallow: /privado/\n"))
    page = ("<html><head><title>Nota</title></head><body><article><h1>Asaltan una bodega</h1>"
            + "<p>Delincuentes armados asaltaron una bodega en el distrito de Comas durante la noche "
              "y huyeron en una motocicleta, según informó la Policía Nacional del Perú.</p>" * 5
            + "</article></body></html>").encode()
    ok = http_server.route("/nota", Response(200, page, {"Content-Type": "text/html; charset=utf-8"}))
    blocked = http_server.route("/privado/nota", Response(200, page))
    assert "asaltaron una bodega" in fetcher.get_page(ok)
    with pytest.raises(FetchError, match="robots.txt"):
        fetcher.get_page(blocked)
    assert [r.path for r in http_server.requests].count("/privado/nota") == 0

"""The ingest stage on a stream of items served on loopback as one feed per outlet, 50 items
each, the rest arriving over successive polls: the generated stream, and in acceptance runs the
real items of peru-news-items.csv in the data folder."""

from collections import Counter

import pytest

from daemon_helpers import settings_for, stored_urls, write_settings
from pipeline.daemon import Daemon
from pipeline.normalize import canonical_url
from replay import SOURCES, ReplaySite, items_from


@pytest.mark.parametrize("source", SOURCES)
def test_every_item_is_stored_once_per_canonical_url_and_a_second_run_adds_nothing(tmp_path, source):
    items = items_from(source)
    expected = {canonical_url(row["original_url"]) for rows in items.values() for row in rows}
    with ReplaySite(items) as site:
        settings = settings_for(write_settings(tmp_path, site.feeds_toml()))
        daemon = Daemon(settings)
        try:
            rounds = 0
            while not site.finished():
                reports = daemon.poll(force=True)
                assert [r.error for r in reports if r.outcome == "error"] == []
                rounds += 1
                assert rounds < 400, "the site never reached its last items"
            daemon.poll(force=True)  # stores the last versions

            urls = stored_urls(settings.store.path)
            assert len(urls) == len(set(urls))
            assert set(urls) == expected

            second = {r.feed: r for r in daemon.poll(force=True)}
        finally:
            daemon.close()
    assert sum(r.new for r in second.values()) == 0
    assert sum(r.changed for r in second.values()) == 0
    outcomes = Counter((site.feeds[name].validators, r.outcome) for name, r in second.items())
    # Feeds with validators answer 304; the one without sends its last items again, stored already.
    assert outcomes == Counter({("etag", "not_modified"): 3, ("last-modified", "not_modified"): 2,
                                ("none", "ok"): 1})
    assert len(stored_urls(settings.store.path)) == len(expected)

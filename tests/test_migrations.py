"""A store made by the first schema version is migrated at start-up with its data intact."""

import sqlite3

import sqlite_utils

from pipeline.storage import Storage, migrations

FIRST = migrations._migrations[0].name


def test_a_first_version_store_is_migrated_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    later = [m.name for m in migrations._migrations[1:]]
    migrations.apply(db, stop_before=later[0])
    assert [m.name for m in migrations.applied(db)] == [FIRST]
    db.execute("INSERT INTO feeds (name, outlet, config_url, url, etag, failures) "
               "VALUES ('diario', 'Diario', 'https://d.pe/rss', 'https://d.pe/rss', '\"v9\"', 2)")
    db.execute("INSERT INTO articles (url, outlet, feed, title, published, first_seen, last_seen, content_hash) "
               "VALUES ('https://d.pe/a', 'Diario', 'diario', 'Balacera en Trujillo', '2025-01-02T00:00:00+00:00', "
               "'2025-01-02T00:00:00+00:00', '2025-01-02T00:00:00+00:00', 'h')")
    db.conn.commit()
    db.close()

    with Storage(path) as storage:
        assert [m.name for m in migrations.applied(storage.db)] == [m.name for m in migrations._migrations]
        assert storage.feed_state("diario").etag == '"v9"'
        assert storage.feed_state("diario").failures == 2
        assert storage.article_by_url("https://d.pe/a").title == "Balacera en Trujillo"
        assert [a.url for a in storage.search_articles("balacera")] == ["https://d.pe/a"]
        assert storage.integrity_check() == "ok"
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert {"mentions", "articles", "feeds"} <= tables

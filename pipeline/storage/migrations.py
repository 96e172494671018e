"""The schema, in code: every migration of the store, applied at start-up in the order they are
registered here (``migrations``, one transaction each, recorded by name in ``_sqlite_migrations``:
never rename or reorder one). Every column carries a comment in its CREATE statement.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .records import MentionSource

migrations = Migrations("vigia")


@migrations()
def m001_feeds_articles(db: sqlite_utils.Database) -> None:
    db.execute("""
    CREATE TABLE feeds (
        name TEXT PRIMARY KEY,            -- short name from config/feeds.toml
        outlet TEXT NOT NULL,             -- the outlet as readers know it
        section TEXT NOT NULL DEFAULT '', -- section of the outlet, free text
        config_url TEXT NOT NULL,         -- the address as configured (a change resets url)
        url TEXT NOT NULL,                -- the address polled; a permanent redirect updates it
        active INTEGER NOT NULL DEFAULT 1,-- 0 once removed from feeds.toml (history is kept)
        etag TEXT,                        -- ETag of the last 200, sent as If-None-Match; null if none
        last_modified TEXT,               -- Last-Modified of the last 200, sent as If-Modified-Since
        last_poll TEXT,                   -- last attempt; null if never polled
        last_success TEXT,                -- last 200 or 304; null if never
        last_status INTEGER,              -- HTTP status of the last answer; null if none came
        last_error TEXT,                  -- message of the last failure; null if it never failed
        last_error_at TEXT,               -- when that failure happened
        failures INTEGER NOT NULL DEFAULT 0,   -- consecutive failed polls, 0 after a success
        next_due TEXT,                    -- not polled before this time; null: due now
        items_seen INTEGER NOT NULL DEFAULT 0  -- entries read over all polls
    )""")
    db.execute("""
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,           -- stable article id
        url TEXT NOT NULL UNIQUE,         -- canonical address: tracking parameters and AMP folded away
        guid TEXT,                        -- the feed entry's GUID/id; null if the feed gave none
        outlet TEXT NOT NULL,             -- outlet of the feed that first brought it
        feed TEXT NOT NULL,               -- name of the feed that first brought it
        title TEXT NOT NULL,              -- headline, plain text
        summary TEXT NOT NULL DEFAULT '', -- feed summary, plain text
        body TEXT NOT NULL DEFAULT '',    -- article text, plain: from the feed, or the page when fetch_pages
        author TEXT,                      -- byline; null if none
        published TEXT NOT NULL,          -- publication time; the fetch time when the feed gave none
        published_estimated INTEGER NOT NULL DEFAULT 0, -- 1 when published is the fetch time
        first_seen TEXT NOT NULL,         -- first poll that brought it
        last_seen TEXT NOT NULL,          -- latest poll that brought it
        updated_at TEXT,                  -- last time a poll brought changed text; null if never
        content_hash TEXT NOT NULL,       -- sha1 of title, summary and body as the feed gave them
        extract_pending INTEGER NOT NULL DEFAULT 1, -- 1: new or changed, waiting for extraction
        extracted_at TEXT,                -- last extraction; null if never
        extractor_version TEXT,           -- version of the extractor that made its mentions
        extract_error TEXT                -- message of the last failed extraction; null if none
    )""")
    db.execute("CREATE INDEX articles_guid ON articles(guid)")
    db.execute("CREATE INDEX articles_published ON articles(published)")
    db.execute("CREATE INDEX articles_pending ON articles(extract_pending) WHERE extract_pending = 1")
    db.execute("""
    CREATE TABLE article_sources (
        article_id INTEGER NOT NULL REFERENCES articles(id), -- the article
        feed TEXT NOT NULL,               -- a feed that brought it
        link TEXT NOT NULL,               -- the entry's own canonical link in that feed
        first_seen TEXT NOT NULL,         -- first time this feed brought it
        PRIMARY KEY (article_id, feed)
    )""")
    db.execute("""
    CREATE TABLE polls (
        id INTEGER PRIMARY KEY,
        feed TEXT NOT NULL,               -- feed name
        at TEXT NOT NULL,                 -- when the poll finished
        outcome TEXT NOT NULL,            -- 'ok', 'not_modified' or 'error'
        http_status INTEGER,              -- status of the answer; null when none came
        entries INTEGER NOT NULL DEFAULT 0,   -- entries in the document
        new INTEGER NOT NULL DEFAULT 0,       -- articles stored for the first time
        changed INTEGER NOT NULL DEFAULT 0,   -- articles whose text changed
        error TEXT                        -- failure or parser warning message; null if none
    )""")
    db.execute("CREATE INDEX polls_at ON polls(at)")
    db.table("articles").enable_fts(["title", "summary", "body"], create_triggers=True,
                                 tokenize="unicode61 remove_diacritics 2")


@migrations()
def m002_mentions(db: sqlite_utils.Database) -> None:
    db.execute("""
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id), -- the article it was read from
        position INTEGER NOT NULL,        -- 0 for the article's headline event, 1, 2… for the others
        kind TEXT NOT NULL,               -- incident, operation, measure or protest
        crime_types TEXT NOT NULL,        -- JSON list of crime type codes
        department TEXT,                  -- official department name; null if not found
        province TEXT,                    -- official INEI province name; null if not found
        district TEXT,                    -- official INEI district name; null if not found
        ubigeo TEXT,                      -- INEI code of the most precise place (padded)
        place_text TEXT,                  -- the place as written
        gangs TEXT NOT NULL,              -- JSON list of canonical gang names
        deaths INTEGER,                   -- people killed; null when not said
        injured INTEGER,                  -- people wounded; null when not said
        victim_sectors TEXT NOT NULL,     -- JSON list of sector codes
        occurred_on TEXT,                 -- YYYY-MM-DD; null if not resolved
        evidence TEXT NOT NULL,           -- the sentence the event rests on
        extra TEXT,                       -- JSON of extractor extras (gang candidates, field evidence)
        extractor_version TEXT NOT NULL,  -- version of the extractor that produced it
        extracted_at TEXT NOT NULL,       -- when
        UNIQUE (article_id, position)
    )""")


# --- the event log (issue 4) ------------------------------------------------------------------
# Appended after m002: an event is one real-world incident; its sources are mentions (one per
# article and position) joined through ``event_mentions``. The figures and lists of ``events``
# are a summary of its members, rewritten whenever they change (pipeline/events/).

@migrations()
def m003_events(db: sqlite_utils.Database) -> None:
    db.execute("""
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT, -- stable event id: never reused, kept across merges and re-extraction
        status TEXT NOT NULL DEFAULT 'live',  -- live; merged (into merged_into); empty (no source left)
        merged_into INTEGER,              -- for a merged event, the event that absorbed it
        kind TEXT NOT NULL,               -- incident, operation, measure or protest
        crime_types TEXT NOT NULL DEFAULT '', -- crime type codes, comma-separated (union of the sources)
        department TEXT,                  -- official department name; null if no source placed it
        province TEXT,                    -- official INEI province name; null below province precision
        district TEXT,                    -- official INEI district name; null below district precision
        ubigeo TEXT,                      -- INEI code of the most precise place the sources agree on (padded)
        place_level TEXT,                 -- precision of the place: district, province, department; null if unknown
        lat REAL,                         -- gazetteer latitude of that place (its level's centre); null if unknown
        lon REAL,                         -- gazetteer longitude
        gangs TEXT NOT NULL DEFAULT '',   -- canonical gang names, comma-separated (union of the sources)
        deaths INTEGER,                   -- shown death toll: the latest source that states one (see README)
        deaths_low INTEGER,               -- lowest death toll claimed by a source
        deaths_high INTEGER,              -- highest death toll claimed by a source
        injured INTEGER,                  -- shown injured count, same rule
        injured_low INTEGER,              -- lowest injured count claimed
        injured_high INTEGER,             -- highest injured count claimed
        victim_sectors TEXT NOT NULL DEFAULT '', -- victim sector codes, comma-separated
        occurred_on TEXT,                 -- YYYY-MM-DD: the day most sources give (the earliest on a tie);
                                          -- the first publication day when none resolves it
        first_reported TEXT,              -- publication time (UTC) of the earliest source
        last_reported TEXT,               -- publication time (UTC) of the latest source
        headline TEXT,                    -- title of the earliest source
        sources INTEGER NOT NULL DEFAULT 0, -- number of articles reporting it
        created_at TEXT NOT NULL,         -- when the event was created
        updated_at TEXT NOT NULL          -- last change of its sources or figures
    )""")
    db.execute("CREATE INDEX events_day ON events(status, occurred_on)")
    db.execute("CREATE INDEX events_department_day ON events(department, occurred_on)")
    db.execute("CREATE INDEX events_province_day ON events(province, occurred_on)")
    db.execute("CREATE INDEX events_district_day ON events(district, occurred_on)")
    db.execute("CREATE INDEX events_kind_day ON events(kind, occurred_on)")
    db.execute("""
    CREATE TABLE event_mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id), -- the source article
        position INTEGER NOT NULL,        -- the mention's position in its article (0: headline event)
        event_id INTEGER NOT NULL REFERENCES events(id), -- the event this source belongs to
        mention_id INTEGER UNIQUE,        -- the current mentions row; null while a re-extraction replaced it
        pinned INTEGER NOT NULL DEFAULT 0,-- 1: placed by a person (events split/merge); never moved automatically
        score REAL,                       -- merge score when it joined an existing event; null when it created it
        reason TEXT,                      -- why it is in this event (merge reason, 'new event', 'manual …')
        at_least INTEGER NOT NULL DEFAULT 0, -- 1: its casualty claim is a lower bound ('al menos')
        assigned_at TEXT NOT NULL,        -- when it was put in this event
        PRIMARY KEY (article_id, position)
    )""")
    db.execute("CREATE INDEX event_mentions_event ON event_mentions(event_id)")
    # A re-extraction deletes an article's mentions and inserts new rows: the membership stays
    # (keeping the event id and any manual decision) and waits for its successor.
    db.execute("""
    CREATE TRIGGER mentions_replaced AFTER DELETE ON mentions BEGIN
        UPDATE event_mentions SET mention_id = NULL WHERE mention_id = old.id;
    END""")
    for table, column, comment in (("event_types", "crime_type", "a crime type code"),
                                   ("event_gangs", "gang", "a canonical gang name"),
                                   ("event_sectors", "sector", "a victim sector code")):
        db.execute(f"""
        CREATE TABLE {table} (
            event_id INTEGER NOT NULL REFERENCES events(id), -- a live event
            {column} TEXT NOT NULL,           -- {comment} of that event (one row each)
            PRIMARY KEY ({column}, event_id)
        ) WITHOUT ROWID""")
        db.execute(f"CREATE INDEX {table}_event ON {table}(event_id)")
    db.execute("""
    CREATE TABLE event_history (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events(id), -- the event
        at TEXT NOT NULL,                 -- when
        action TEXT NOT NULL,             -- created, updated, merged or split
        detail TEXT NOT NULL              -- JSON: sources added or removed, score and reason, figures before/after
    )""")
    db.execute("CREATE INDEX event_history_event ON event_history(event_id, at)")
    db.execute("""
    CREATE VIEW events_flat AS  -- one row per live event, lists as comma-separated text
    SELECT e.id AS event_id, e.kind, e.crime_types, e.department, e.province, e.district, e.ubigeo,
           e.place_level, e.lat, e.lon, e.gangs, e.deaths, e.deaths_low, e.deaths_high,
           e.injured, e.injured_low, e.injured_high, e.victim_sectors, e.occurred_on,
           e.first_reported, e.updated_at, e.headline, e.sources
    FROM events e WHERE e.status = 'live'""")
    db.execute("""
    CREATE VIEW event_sources_flat AS  -- one row per (live event, source article): the casualty ledger
    SELECT em.event_id, em.article_id, a.url, a.outlet, a.published, a.title, m.evidence,
           m.deaths, m.injured, em.at_least, em.position, em.score, em.reason, em.pinned
    FROM event_mentions em
    JOIN events e ON e.id = em.event_id AND e.status = 'live'
    JOIN articles a ON a.id = em.article_id
    JOIN mentions m ON m.id = em.mention_id""")
    db.execute("""
    CREATE VIEW daily_counts AS  -- live events per day, department and crime type ('' when untyped)
    SELECT e.occurred_on AS day, coalesce(e.department, '') AS department,
           coalesce(t.crime_type, '') AS crime_type, count(*) AS events,
           coalesce(sum(e.deaths), 0) AS deaths, coalesce(sum(e.injured), 0) AS injured
    FROM events e LEFT JOIN event_types t ON t.event_id = e.id
    WHERE e.status = 'live' AND e.occurred_on IS NOT NULL
    GROUP BY 1, 2, 3""")


@migrations()
def m004_event_stats_indexes(db: sqlite_utils.Database) -> None:
    # Covering indexes: `vigia stats` over every event, or a department's, reads an index in day
    # order and never the table (bench/query.py: 200,000 events).
    db.execute("DROP INDEX events_day")
    db.execute("CREATE INDEX events_day ON events(status, occurred_on, deaths, injured)")
    db.execute("DROP INDEX events_department_day")
    db.execute("CREATE INDEX events_department_day ON events(department, occurred_on, status, deaths, injured)")


@migrations()
def m005_event_stats_lists(db: sqlite_utils.Database) -> None:
    # Stats by type or gang read the lists from the same covering index.
    db.execute("DROP INDEX events_day")
    db.execute("CREATE INDEX events_day ON events(status, occurred_on, deaths, injured, crime_types, gangs)")


@migrations()
def m006_event_days(db: sqlite_utils.Database) -> None:
    # Live events, deaths and injured per day, kept exact by triggers: `vigia stats --by month`
    # over the whole log reads ~2,000 rows instead of every event.
    db.execute("""
    CREATE TABLE event_days (
        day TEXT PRIMARY KEY,             -- occurred_on of live events ('' for events without a day)
        events INTEGER NOT NULL,          -- live events that day
        deaths INTEGER NOT NULL,          -- sum of their shown death tolls
        injured INTEGER NOT NULL          -- sum of their shown injured counts
    ) WITHOUT ROWID""")
    add = ("INSERT INTO event_days (day, events, deaths, injured) "
           "SELECT coalesce(new.occurred_on, ''), 1, coalesce(new.deaths, 0), coalesce(new.injured, 0) "
           "WHERE new.status = 'live' ON CONFLICT(day) DO UPDATE SET events = events + 1, "
           "deaths = deaths + excluded.deaths, injured = injured + excluded.injured;")
    db.execute(f"CREATE TRIGGER events_days_insert AFTER INSERT ON events BEGIN {add} END")
    db.execute(f"""CREATE TRIGGER events_days_update AFTER UPDATE OF status, occurred_on, deaths, injured
        ON events BEGIN
        UPDATE event_days SET events = events - 1, deaths = deaths - coalesce(old.deaths, 0),
            injured = injured - coalesce(old.injured, 0)
            WHERE old.status = 'live' AND day = coalesce(old.occurred_on, '');
        {add}
    END""")
    db.execute("INSERT INTO event_days SELECT coalesce(occurred_on, ''), count(*), coalesce(sum(deaths), 0), "
               "coalesce(sum(injured), 0) FROM events WHERE status = 'live' GROUP BY 1")


@migrations()
def m007_review(db: sqlite_utils.Database) -> None:
    # Issue 10, item 3: every event carries a confidence, and a person's review decision. A
    # rejected event has status 'rejected', so it leaves every total (which count live events).
    # Comments in /* */: ALTER TABLE appends the text to the CREATE statement.
    db.execute("ALTER TABLE events ADD COLUMN confidence REAL /* 0..1 from its sources (outlets, place, date, "
               "agreement, headline: pipeline/events/confidence.py); recomputed with the event */")
    db.execute("ALTER TABLE events ADD COLUMN review TEXT /* a person's decision (vigia review): null when "
               "unreviewed, accepted, corrected, or rejected (then status is 'rejected': in no total) */")
    db.execute("ALTER TABLE events ADD COLUMN review_overrides TEXT /* JSON of the fields a person corrected "
               "(kind, crime_types, place, deaths, injured, gangs), shown over what the sources say */")
    db.execute("ALTER TABLE events ADD COLUMN reviewed_at TEXT /* when the last review decision was made */")
    db.execute("CREATE INDEX events_review ON events(status, review, confidence)")
    db.execute("DROP VIEW events_flat")
    db.execute("""
    CREATE VIEW events_flat AS  -- one row per live event (rejected ones are not live), lists as comma-separated text
    SELECT e.id AS event_id, e.kind, e.crime_types, e.department, e.province, e.district, e.ubigeo,
           e.place_level, e.lat, e.lon, e.gangs, e.deaths, e.deaths_low, e.deaths_high,
           e.injured, e.injured_low, e.injured_high, e.victim_sectors, e.occurred_on,
           e.first_reported, e.updated_at, e.headline, e.sources, e.confidence, e.review
    FROM events e WHERE e.status = 'live'""")
    # The confidence of the events already logged, from their current sources.
    from ..events.confidence import confidence
    from ..events.merging import source
    from .db import _record
    from .events import _SOURCE_COLUMNS
    rows = db.execute(
        f"SELECT em.event_id, e.department AS e_department, e.province AS e_province, e.district AS e_district, "
        f"{_SOURCE_COLUMNS} FROM event_mentions em JOIN events e ON e.id = em.event_id AND e.status = 'live' "
        "JOIN mentions m ON m.id = em.mention_id JOIN articles a ON a.id = m.article_id ORDER BY em.event_id")
    names = [d[0] for d in rows.description]
    by_event: dict[int, list[_PlacedSource]] = {}
    for values in rows.fetchall():
        row = _record(_PlacedSource, dict(zip(names, values)))
        by_event.setdefault(row["event_id"], []).append(row)
    db.conn.executemany("UPDATE events SET confidence = ? WHERE id = ?", [
        (confidence([source(r, located=False) for r in members], _Place(
            members[0]["e_department"], members[0]["e_province"], members[0]["e_district"])), event_id)
        for event_id, members in by_event.items()])


class _PlacedSource(MentionSource):
    """A live event's source with the event's place, as m007 reads them."""

    event_id: int
    e_department: str | None
    e_province: str | None
    e_district: str | None


@dataclass(frozen=True)
class _Place:
    """An event's place, as ``confidence`` reads it."""

    department: str | None
    province: str | None
    district: str | None

"""The daily summary against a store of events written here, merged by the real event log."""

import stat
from datetime import date, datetime, timedelta, timezone

import pytest

from pipeline.config import load_settings
from pipeline.events import merge_pending
from pipeline.storage import PollRecord, Storage
from pipeline.summary import build_summary, due_days, render, write_due_summaries
from pipeline.types import EntryData, FeedConfig

DAY = date(2026, 5, 11)
NOON = datetime(2026, 5, 11, 17, 0, tzinfo=timezone.utc)  # 12:00 in Lima


def event(kind, types, department, province, district, ubigeo, day, *, deaths=None, injured=None,
          gangs=(), candidates=(), evidence="x"):
    return {"kind": kind, "crime_types": list(types), "department": department, "province": province,
            "district": district, "ubigeo": ubigeo, "place_text": district or province, "gangs": list(gangs),
            "deaths": deaths, "injured": injured, "victim_sectors": ["transport"], "occurred_on": day,
            "evidence": evidence, "extras": {"gang_candidates": list(candidates), "evidence": {}}}


ARTICLES = [
    # url, title, published, event
    ("https://norte.example/comas-chofer", "Comas: asesinan a chofer de combi Los Halcones", NOON,
     event("incident", ["homicide", "armed_attack"], "Lima", "Lima", "Comas", "150110", "2026-05-11", deaths=1,
           evidence="Asesinan a Teodoro Ccahuana, chofer de Los Halcones, en el paradero de Comas.")),
    ("https://sur.example/teodoro-ccahuana", "Matan a Teodoro Ccahuana, chofer de Los Halcones, en Comas",
     NOON + timedelta(hours=2),
     event("incident", ["homicide", "armed_attack"], "Lima", "Lima", "Comas", "150110", "2026-05-11", deaths=2,
           evidence="Teodoro Ccahuana, chofer de Los Halcones, murió en el paradero de Comas; su cobrador también.")),
    ("https://norte.example/trujillo-pulpos", "Trujillo: <script>alert('x')</script> atacan empresa con explosivo",
     NOON, event("incident", ["extortion", "armed_attack"], "La Libertad", "Trujillo", None, "130100",
                 "2026-05-11", injured=3, gangs=["Los Pulpos"], candidates=["Los Topos del Alba"],
                 evidence="Detonan explosivo en la fachada de una empresa de transportes en Trujillo.")),
    ("https://norte.example/piura-cupos", "Piura: extorsionan a mototaxistas de Castilla", NOON,
     event("incident", ["extortion"], "Piura", "Piura", "Castilla", "200104", "2026-05-11",
           evidence="Mototaxistas de Castilla denuncian cobro de cupos.")),
]
# The week before: Lima had one event a day, La Libertad none.
LIMA = [("Ate", "150103"), ("Barranco", "150104"), ("Breña", "150105"), ("Lince", "150116"),
        ("Rímac", "150128"), ("Surquillo", "150141"), ("Chorrillos", "150108")]
BEFORE = [(f"https://norte.example/lima-{n}", f"Asaltan tienda en {district}", NOON - timedelta(days=n),
           event("incident", ["robbery"], "Lima", "Lima", district, code, (DAY - timedelta(days=n)).isoformat(),
                 evidence=f"Delincuentes asaltaron una tienda en {district}."))
          for n, (district, code) in enumerate(LIMA, 1)]


def build(storage, articles):
    results = []
    for url, title, published, ev in articles:
        entry = EntryData(url=url, guid=None, title=title, summary="", body=ev["evidence"], author=None,
                          published=published)
        storage.import_articles([(entry, url.split("/")[2])], feed="import", now=published)
        results.append((storage.article_by_url(url).id, [ev], None))
    storage.store_mentions(results, version="test-1", now=NOON)
    merge_pending(storage, now=NOON)


@pytest.fixture
def storage(tmp_path):
    with Storage(tmp_path / "v.db") as storage:
        storage.sync_feeds([FeedConfig("norte", "Norte", "https://norte.example/rss"),
                            FeedConfig("roto", "Roto", "https://roto.example/rss")])
        storage.record_poll(PollRecord(feed="norte", at=NOON, outcome="ok", http_status=200, entries=3,
                                       next_due=NOON))
        storage.record_poll(PollRecord(feed="roto", at=NOON, outcome="error", http_status=503,
                                       error="HTTP 503 Service Unavailable", next_due=NOON))
        build(storage, BEFORE + ARTICLES)
        yield storage


def test_each_section_counts_what_was_stored(storage):
    s = build_summary(storage, DAY, now=NOON)
    assert s.events == 3, "the two Comas reports are one event"
    assert (s.deaths, s.injured) == (2, 3), "the latest claim is shown"
    assert dict(s.by_kind) == {"incident": 3}
    assert dict(s.by_type) == {"armed_attack": 2, "extortion": 2, "homicide": 1}
    assert dict(s.by_department) == {"Lima": 1, "La Libertad": 1, "Piura": 1}
    first = s.serious[0]
    assert first.place == "Comas, Lima" and first.deaths == 2 and first.deaths_range == "1–2"
    assert {src.url for src in first.sources} == {"https://norte.example/comas-chofer",
                                                  "https://sur.example/teodoro-ccahuana"}
    assert s.serious[1].gangs == ["Los Pulpos"] and s.serious[1].injured == 3
    trends = {t.department: t for t in s.trends}
    assert trends["Lima"].events == 1 and trends["Lima"].average_before == pytest.approx(1.0)
    assert trends["La Libertad"].change == pytest.approx(1.0)
    assert s.new_gangs == ["Los Pulpos"] and s.candidates == ["Los Topos del Alba"]
    assert s.changes == {"created": 10, "merged": 1}, "the second Comas report joined the first"
    health = {f.feed: f for f in s.feeds}
    assert health["roto"].failing and health["roto"].last_error == "HTTP 503 Service Unavailable"
    assert health["norte"].polls == 1 and not health["norte"].failing
    assert s.extractor_versions == ["test-1"] and s.articles_relevant == 4
    assert len(s.series) == 30 and s.series[-1][0] == DAY and s.series[-1][2] == 2


def test_article_text_is_escaped_in_every_format(storage):
    s = build_summary(storage, DAY, now=NOON)
    html = render(s, "html")
    assert "<script>" not in html and "&lt;script&gt;alert(" in html
    assert "<script>" not in render(s, "md")
    assert "<script>alert('x')</script>" in render(s, "text"), "plain text shows it as written"
    assert 'class="event"' in html and "<svg" in html


def test_an_empty_day_says_so(storage):
    s = build_summary(storage, date(2020, 1, 1), now=NOON)
    assert s.empty
    for fmt in ("text", "md", "html"):
        assert "no events" in render(s, fmt).lower()


def test_missing_days_are_written_once_with_private_files(storage, tmp_path):
    config = tmp_path / "user.toml"
    config.write_text(f'[summary]\ndir = "{tmp_path / "summaries"}"\nhour = 7\n')
    settings = load_settings(config, env={})
    after_hour = datetime(2026, 5, 12, 13, 0, tzinfo=timezone.utc)  # 08:00 in Lima
    written = write_due_summaries(storage, settings, after_hour)
    names = sorted(p.name for p in written)
    assert names[-2:] == ["2026-05-11.html", "2026-05-11.md"] and len(names) == 14
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    assert "Comas" in (tmp_path / "summaries" / "2026-05-11.md").read_text(encoding="utf-8")
    assert write_due_summaries(storage, settings, after_hour) == []


def test_due_days_waits_for_the_hour_and_catches_up_a_week():
    before_hour = datetime(2026, 5, 12, 11, 0, tzinfo=timezone.utc)  # 06:00 in Lima
    assert due_days([], now=before_hour, zone="America/Lima", hour=7)[-1] == date(2026, 5, 10)
    after = datetime(2026, 5, 12, 13, 0, tzinfo=timezone.utc)
    days = due_days(["2026-05-09"], now=after, zone="America/Lima", hour=7)
    assert days[-1] == date(2026, 5, 11) and date(2026, 5, 9) not in days and len(days) == 6

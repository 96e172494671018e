"""The event log against a real SQLite file: mentions in (as the extractor stores them), events out."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.events import EventError, merge_events, merge_pending, split_event
from pipeline.storage import Storage
from pipeline.types import EntryData

T0 = datetime(2026, 5, 12, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def storage(tmp_path):
    with Storage(tmp_path / "events.db") as storage:
        yield storage


def add_article(storage, url, title, body, published):
    entry = EntryData(url=url, guid=None, title=title, summary="", body=body, author=None, published=published)
    storage.import_articles([(entry, url.split("/")[2])], feed="import", now=published)
    return storage.article_by_url(url).id


def mention(title, *, deaths=1, injured=None, district="Comas", sectors=("transport",), day="2026-05-11",
            types=("homicide", "armed_attack"), kind="incident", gangs=(), evidence=None):
    return {"kind": kind, "crime_types": list(types), "department": "Lima", "province": "Lima",
            "district": district, "ubigeo": {"Comas": "150110", "Independencia": "150112"}.get(district),
            "place_text": district, "gangs": list(gangs), "deaths": deaths, "injured": injured,
            "victim_sectors": list(sectors), "occurred_on": day, "evidence": evidence or title,
            "extras": {"gang_candidates": [], "evidence": {}}}


CHOFER = [
    ("https://diario-norte.pe/policiales/comas-chofer-asesinado",
     "Comas: asesinan a chofer de la empresa Los Halcones del Norte",
     "Teodoro Ccahuana Rivas, conductor de la línea Los Halcones del Norte, fue baleado en el paradero "
     "final de la avenida Revolución. Había denunciado cobros de cupo."),
    ("https://la-voz-lima.pe/lima/teodoro-ccahuana-chofer",
     "Matan a Teodoro Ccahuana, chofer de Los Halcones del Norte, en Comas",
     "El conductor Teodoro Ccahuana Rivas recibió cuatro disparos en el paradero final de la avenida "
     "Revolución cuando terminaba su turno."),
    ("https://radio-sur.pe/noticias/halcones-del-norte-paro",
     "Choferes de Los Halcones del Norte paralizan tras crimen de Teodoro Ccahuana",
     "Los conductores de la empresa Los Halcones del Norte no salieron a trabajar tras el asesinato de su "
     "compañero Teodoro Ccahuana Rivas en el paradero de la avenida Revolución, en Comas."),
]
BODEGUERO = ("https://diario-norte.pe/policiales/comas-bodeguero-collique",
             "Comas: matan a bodeguero frente a su negocio en Collique",
             "Anselmo Vílchez Carrión atendía su bodega en la cuarta zona de Collique cuando un desconocido "
             "le disparó por la espalda y huyó en una motocicleta.")


def load(storage, items, *, at=T0, **fields):
    """Store articles and their mentions, then merge. Returns the article ids."""
    ids = []
    results = []
    for n, (url, title, body) in enumerate(items):
        article_id = add_article(storage, url, title, body, at + timedelta(hours=n))
        ids.append(article_id)
        results.append((article_id, [mention(title, **fields)], None))
    storage.store_mentions(results, version="test", now=at)
    merge_pending(storage, now=at)
    return ids


def event_of(storage, article_id):
    return storage.db.execute("SELECT event_id FROM event_mentions WHERE article_id = ?", [article_id]).fetchone()[0]


def live(storage):
    return storage.db.execute("SELECT * FROM events_flat ORDER BY event_id").fetchall()


def test_several_outlets_reporting_one_killing_make_one_event_with_every_source(storage):
    ids = load(storage, CHOFER)
    events = {event_of(storage, i) for i in ids}
    assert len(events) == 1
    (event_id,) = events
    flat = storage.find_events()
    assert len(flat) == 1 and flat[0]["sources"] == 3
    assert flat[0]["headline"] == CHOFER[0][1]
    assert flat[0]["district"] == "Comas" and flat[0]["place_level"] == "district"
    assert flat[0]["lat"] is not None and flat[0]["ubigeo"] == "150110"
    sources = storage.db.execute("SELECT url FROM event_sources_flat WHERE event_id = ?", [event_id]).fetchall()
    assert sorted(u for (u,) in sources) == sorted(url for url, _, _ in CHOFER)
    history = storage.event_detail(event_id)["history"]
    assert [h["action"] for h in history] == ["created", "merged", "merged"]
    assert all(h["detail"]["score"] >= 3 and "wording" in h["detail"]["reason"] for h in history[1:])


def test_two_killings_the_same_day_in_the_same_district_stay_two_events(storage):
    ids = load(storage, [CHOFER[0]])
    other = add_article(storage, *BODEGUERO, T0 + timedelta(hours=2))
    storage.store_mentions([(other, [mention(BODEGUERO[1], sectors=("commerce",))], None)], version="test", now=T0)
    merge_pending(storage, now=T0)
    assert event_of(storage, ids[0]) != event_of(storage, other)
    assert len(storage.find_events()) == 2


def test_a_later_report_raising_the_toll_updates_the_event_and_keeps_both_claims(storage):
    (first,) = load(storage, [CHOFER[0]], deaths=1, injured=1)
    event_id = event_of(storage, first)
    later_at = T0 + timedelta(days=1)
    url = "https://la-voz-lima.pe/lima/muere-segundo-pasajero-halcones"
    title = "Muere en el hospital pasajero herido en el ataque al chofer Teodoro Ccahuana de Los Halcones del Norte"
    later = add_article(storage, url, title, "Sube a dos la cifra de muertos del ataque en el paradero final "
                        "de la avenida Revolución, en Comas.", later_at)
    storage.store_mentions([(later, [mention(title, deaths=2, injured=0)], None)], version="test", now=later_at)
    merge_pending(storage, now=later_at)
    assert event_of(storage, later) == event_id
    (row,) = storage.find_events()
    assert (row["deaths"], row["deaths_low"], row["deaths_high"]) == (2, 1, 2)
    assert (row["injured"], row["injured_low"], row["injured_high"]) == (0, 0, 1)
    claims = storage.db.execute("SELECT published, deaths, injured FROM event_sources_flat WHERE event_id = ? "
                                "ORDER BY published", [event_id]).fetchall()
    assert [(d, i) for _, d, i in claims] == [(1, 1), (2, 0)]
    last = storage.event_detail(event_id)["history"][-1]
    assert last["action"] == "merged" and last["detail"]["changed"]["deaths"] == [1, 2]


def _reextract(storage, ids, at, **fields):
    """What `vigia reextract` does to the store: every article's mentions replaced, then merged."""
    results = []
    for article_id in ids:
        article = storage.article(article_id)
        results.append((article_id, [mention(article.title, **fields)], None))
    storage.store_mentions(results, version="test-2", now=at)
    return merge_pending(storage, now=at)


def test_reextraction_keeps_event_ids_and_manual_split_and_merge(storage):
    ids = load(storage, CHOFER)
    event_id = event_of(storage, ids[0])
    # A person decides the third article (a strike) is a separate event.
    new_id = split_event(storage, event_id, [ids[2]], now=T0 + timedelta(hours=5))
    assert event_of(storage, ids[2]) == new_id != event_id
    # And that a missed pair is one event.
    bodega = add_article(storage, *BODEGUERO, T0 + timedelta(hours=6))
    storage.store_mentions([(bodega, [mention(BODEGUERO[1], sectors=("commerce",))], None)], version="test", now=T0)
    merge_pending(storage, now=T0 + timedelta(hours=6))
    bodega_event = event_of(storage, bodega)
    assert bodega_event not in (event_id, new_id)
    assert merge_events(storage, event_id, bodega_event, now=T0 + timedelta(hours=7)) == event_id
    before = {i: event_of(storage, i) for i in [*ids, bodega]}
    assert before == {ids[0]: event_id, ids[1]: event_id, ids[2]: new_id, bodega: event_id}

    report = _reextract(storage, [*ids, bodega], T0 + timedelta(days=2))
    assert report.reattached == 4 and report.created == 0
    assert {i: event_of(storage, i) for i in [*ids, bodega]} == before
    assert {r["event_id"] for r in storage.find_events()} == {event_id, new_id}
    # The absorbed id still resolves, and the history tells what happened.
    merged = storage.event_detail(bodega_event)["event"]
    assert (merged["status"], merged["merged_into"]) == ("merged", event_id)
    actions = [h["action"] for h in storage.event_detail(event_id)["history"]]
    assert "split" in actions and actions.count("merged") >= 3


def test_reextraction_that_drops_a_mention_updates_its_event(storage):
    ids = load(storage, CHOFER[:2])
    event_id = event_of(storage, ids[0])
    storage.store_mentions([(ids[1], [], None)], version="test-2", now=T0 + timedelta(days=1))
    report = merge_pending(storage, now=T0 + timedelta(days=1))
    assert report.removed == 1
    (row,) = storage.find_events()
    assert row["event_id"] == event_id and row["sources"] == 1
    storage.store_mentions([(ids[0], [], None)], version="test-2", now=T0 + timedelta(days=1))
    merge_pending(storage, now=T0 + timedelta(days=1))
    assert storage.find_events() == []
    assert storage.event_detail(event_id)["event"]["status"] == "empty"


def test_bad_manual_decisions_are_refused_and_change_nothing(storage):
    ids = load(storage, CHOFER[:2])
    event_id = event_of(storage, ids[0])
    with pytest.raises(EventError, match="no source from article"):
        split_event(storage, event_id, [9999], now=T0)
    with pytest.raises(EventError, match="leave it empty"):
        split_event(storage, event_id, ids, now=T0)
    with pytest.raises(EventError, match="no event 777"):
        merge_events(storage, event_id, 777, now=T0)
    with pytest.raises(EventError, match="already one event"):
        merge_events(storage, event_id, event_id, now=T0)
    assert {event_of(storage, i) for i in ids} == {event_id}


def test_merge_pending_is_a_no_op_when_nothing_changed(storage):
    load(storage, CHOFER)
    count = storage.db.execute("SELECT count(*) FROM event_history").fetchone()[0]
    report = merge_pending(storage, now=T0 + timedelta(days=3))
    assert (report.created, report.joined, report.reattached, report.removed) == (0, 0, 0, 0)
    assert storage.db.execute("SELECT count(*) FROM event_history").fetchone()[0] == count
    assert json.loads(storage.db.execute("SELECT detail FROM event_history LIMIT 1").fetchone()[0])["source"]


def test_per_day_totals_follow_every_change(storage):
    ids = load(storage, CHOFER)
    event_id = event_of(storage, ids[0])
    split_event(storage, event_id, [ids[2]], now=T0)
    _reextract(storage, ids, T0 + timedelta(days=1), deaths=2, day="2026-05-10")
    other = add_article(storage, *BODEGUERO, T0)
    storage.store_mentions([(other, [mention(BODEGUERO[1], sectors=("commerce",))], None)], version="t", now=T0)
    merge_pending(storage, now=T0)
    merge_events(storage, event_id, event_of(storage, other), now=T0)
    kept = storage.db.execute("SELECT day, events, deaths, injured FROM event_days WHERE events > 0 "
                              "ORDER BY day").fetchall()
    truth = storage.db.execute("SELECT occurred_on, count(*), coalesce(sum(deaths), 0), coalesce(sum(injured), 0) "
                               "FROM events WHERE status = 'live' GROUP BY 1 ORDER BY 1").fetchall()
    assert kept == truth and sum(row[1] for row in kept) == 2
    assert storage.event_stats("month") == storage.event_stats("month", kind="incident")


# --- regrouping: the grouping depends on the mentions, not on the order they arrived in ----------

# One gang's attacks on one company's drivers in Comas, five days apart: the middle report (day
# 15) matches each of the others (a follow-up naming the gang), the first and the last (ten days
# apart) do not match each other.
CHAIN = [
    ("https://diario-norte.pe/policiales/los-pulpos-chofer-comas-1", "2026-05-10",
     "Los Pulpos atacan a chofer de la empresa Santa Catalina en Comas"),
    ("https://la-voz-lima.pe/lima/los-pulpos-chofer-comas-2", "2026-05-15",
     "Los Pulpos vuelven a atacar a chofer de la empresa Santa Catalina en Comas"),
    ("https://radio-sur.pe/noticias/los-pulpos-chofer-comas-3", "2026-05-20",
     "Los Pulpos: chofer de la empresa Santa Catalina atacado en Comas"),
]


def _load_in_order(storage, order):
    """Each article stored and merged on its own, in ``order`` (indexes into CHAIN)."""
    for n in order:
        url, day, title = CHAIN[n]
        published = datetime.fromisoformat(day + "T12:00:00+00:00")
        article_id = add_article(storage, url, title, title, published)
        storage.store_mentions([(article_id, [mention(title, day=day, deaths=None, gangs=("Los Pulpos",))], None)],
                               version="test", now=published)
        merge_pending(storage, now=published)


def _grouping(storage):
    rows = storage.db.execute(
        "SELECT em.event_id, a.url FROM event_mentions em JOIN articles a ON a.id = em.article_id "
        "JOIN events e ON e.id = em.event_id WHERE e.status = 'live'").fetchall()
    groups: dict[int, set] = {}
    for event_id, url in rows:
        groups.setdefault(event_id, set()).add(url)
    return sorted(sorted(g) for g in groups.values())


def test_regrouping_makes_the_events_independent_of_arrival_order(tmp_path):
    from pipeline.events import remerge
    groupings, regrouped = [], []
    for n, order in enumerate([(0, 1, 2), (2, 1, 0), (0, 2, 1)]):
        with Storage(tmp_path / f"order-{n}.db") as storage:
            _load_in_order(storage, order)
            groupings.append(_grouping(storage))
            ids_before = {r["event_id"] for r in storage.find_events()}
            report = remerge(storage, now=T0 + timedelta(days=30))
            regrouped.append(_grouping(storage))
            # Every source is in one live event, and a remerge of a regrouped store changes nothing.
            assert sum(len(g) for g in regrouped[-1]) == 3
            assert remerge(storage, now=T0 + timedelta(days=31)).regrouped == 0
            assert _grouping(storage) == regrouped[-1]
            # The event of the earliest source keeps its id; history says what changed.
            assert min(ids_before) in {r["event_id"] for r in storage.find_events()}
            if groupings[-1] != regrouped[-1]:
                assert report.regrouped >= 1
                actions = storage.db.execute("SELECT action FROM event_history").fetchall()
                assert ("regrouped",) in actions
    assert len({repr(g) for g in groupings}) > 1, "the arrival orders should group differently"
    assert regrouped[0] == regrouped[1] == regrouped[2] == groupings[0]


def test_regrouping_keeps_a_persons_decisions(storage):
    from pipeline.events import remerge
    ids = load(storage, CHOFER)
    event_id = event_of(storage, ids[0])
    new_id = split_event(storage, event_id, [ids[2]], now=T0 + timedelta(hours=5))
    remerge(storage, now=T0 + timedelta(days=1))
    assert event_of(storage, ids[2]) == new_id
    assert event_of(storage, ids[0]) == event_of(storage, ids[1]) == event_id

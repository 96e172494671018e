"""The review queue end to end, against a real SQLite file: confidence, the queue, decisions that
survive re-extraction and regrouping, totals without rejected events, and the export the training
corpus reads."""

import importlib.util
import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import review
from pipeline.cli import cli
from pipeline.config import load_settings
from pipeline.errors import ConfigError, VigiaError
from pipeline.events import merge_pending, remerge
from pipeline.events.confidence import confidence
from pipeline.events.matching import Source
from pipeline.queries import Filters, find_events, gangs, stats
from pipeline.review import ReviewError
from pipeline.storage import Storage, migrations
from pipeline.summary import build_summary, is_confident, render
from pipeline.types import EntryData

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 5, 11)
T0 = datetime(2026, 5, 11, 17, 0, tzinfo=timezone.utc)  # 12:00 in Lima
LATER = T0 + timedelta(days=1)


def mention(*, kind="incident", types=("homicide", "armed_attack"), department="Lima", province="Lima",
            district="Comas", ubigeo="150110", deaths=None, injured=None, gangs=(), candidates=(),
            sectors=("transport",), day="2026-05-11", evidence="x"):
    return {"kind": kind, "crime_types": list(types), "department": department, "province": province,
            "district": district, "ubigeo": ubigeo, "place_text": district, "gangs": list(gangs),
            "deaths": deaths, "injured": injured, "victim_sectors": list(sectors), "occurred_on": day,
            "evidence": evidence, "extras": {"gang_candidates": list(candidates), "evidence": {}}}


COMAS_1 = "Comas: asesinan a Teodoro Ccahuana, chofer de Los Halcones del Norte"
COMAS_2 = "Matan a Teodoro Ccahuana, chofer de Los Halcones del Norte, en Comas"
# url, title, body, published, mention
ARTICLES = [
    # two outlets, headline evidence, a district and a day: confident
    ("https://diario-norte.pe/policiales/comas-chofer", COMAS_1,
     "Teodoro Ccahuana Rivas, conductor de Los Halcones del Norte, fue baleado en el paradero de la avenida "
     "Revolución.", T0, mention(deaths=1, evidence=COMAS_1)),
    ("https://la-voz-lima.pe/lima/teodoro-ccahuana", COMAS_2,
     "El conductor Teodoro Ccahuana Rivas recibió cuatro disparos en el paradero de la avenida Revolución.",
     T0 + timedelta(hours=2), mention(deaths=2, evidence=COMAS_2)),
    # one outlet, no place, the evidence further down the article: low confidence
    ("https://radio-sur.pe/noticias/balacera-discoteca", "Pánico en la madrugada",
     "Los vecinos escucharon disparos. Una balacera en la puerta de una discoteca dejó tres heridos.", T0,
     mention(types=("armed_attack",), department=None, province=None, district=None, ubigeo=None, injured=3,
             sectors=(), evidence="Una balacera en la puerta de una discoteca dejó tres heridos.")),
    # one outlet, confident enough, but it names a gang the registry lacks
    ("https://el-norte.pe/trujillo/explosivo-empresa", "Detonan explosivo en empresa de transportes de Trujillo",
     "La banda Los Topos del Alba es señalada por el ataque contra la empresa.", T0,
     mention(types=("extortion", "armed_attack"), department="La Libertad", province="Trujillo",
             district="Trujillo", ubigeo="130101", injured=2, gangs=("Los Topos del Alba",),
             candidates=("Los Topos del Alba",),
             evidence="Detonan explosivo en empresa de transportes de Trujillo.")),
]
COMAS, BALACERA, TRUJILLO = ARTICLES[0][0], ARTICLES[2][0], ARTICLES[3][0]


def extract(storage, at=T0):
    """Store every article's mention (as an extraction, or a re-extraction, does) and merge."""
    results = [(storage.article_by_url(url).id, [dict(ev)], None) for url, _, _, _, ev in ARTICLES]
    storage.store_mentions(results, version="test", now=at)
    merge_pending(storage, now=at)


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "v.db"
    with Storage(path) as storage:
        for url, title, body, published, _ in ARTICLES:
            entry = EntryData(url=url, guid=None, title=title, summary="", body=body, author=None,
                              published=published)
            storage.import_articles([(entry, url.split("/")[2])], feed="import", now=published)
        extract(storage)
    return path


@pytest.fixture
def storage(db_path):
    with Storage(db_path) as storage:
        yield storage


def event_of(storage, url):
    article = storage.article_by_url(url).id
    return storage.db.execute("SELECT event_id FROM event_mentions WHERE article_id = ?", [article]).fetchone()[0]


def row(storage, event_id):
    return storage.db.execute("SELECT * FROM events WHERE id = ?", [event_id]).fetchone()


def event(storage, event_id) -> dict:
    return storage.event_detail(event_id)["event"]


def totals(storage):
    """What every total says: stats, the event list, the per-day table, the views and the summary."""
    by_month = stats(storage, Filters(), "month")
    by_kind = stats(storage, Filters(), "kind")
    summary = build_summary(storage, DAY, now=LATER)
    return {
        "stats_events": sum(r["events"] for r in by_month), "stats_injured": sum(r["injured"] for r in by_month),
        "kind_events": sum(r["events"] for r in by_kind),
        "found": len(find_events(storage, Filters(), limit=None)),
        "flat": storage.db.execute("SELECT count(*) FROM events_flat").fetchone()[0],
        "daily": storage.db.execute("SELECT coalesce(sum(injured), 0) FROM daily_counts "
                                    "WHERE crime_type = 'armed_attack'").fetchone()[0],  # every event's type
        "summary_events": summary.events, "summary_injured": summary.injured,
    }


def source(**fields):
    base = dict(article_id=1, position=0, kind="incident", crime_types=("homicide",), department="Lima",
                province="Lima", district="Comas", occurred_on="2026-05-11", evidence="Matan a chofer en Comas",
                title="Matan a chofer en Comas", outlet="Diario", url="https://d.pe/1")
    return Source(**{**base, **fields})


# --- confidence ----------------------------------------------------------------------------------

def test_confidence_rests_on_outlets_place_date_agreement_and_headline():
    one = source()
    assert confidence([one]) == 0.65, "one outlet's headline event with a district and a day"
    assert confidence([source(department=None, province=None, district=None)]) == 0.45, "no place"
    assert confidence([source(district=None, province=None)]) == 0.55, "a department only"
    assert confidence([source(evidence="Los vecinos escucharon disparos.")]) == 0.45, "not its headline"
    assert confidence([source(position=1)]) == 0.45, "a side event of the article"
    assert confidence([source(occurred_on=None)]) == 0.55, "no day resolved"
    two = [one, source(article_id=2, outlet="Radio", url="https://r.pe/2")]
    assert confidence(two) == 0.9, "a second outlet"
    three = two + [source(article_id=3, outlet="TV", url="https://tv.pe/3")]
    assert confidence(three) == 1.0
    same_outlet = [one, source(article_id=2, url="https://d.pe/2")]
    assert confidence(same_outlet) == 0.65, "two articles of one outlet are one outlet"
    disagree = [one, source(article_id=2, outlet="Radio", url="https://r.pe/2", crime_types=("drug_trafficking",))]
    assert confidence(disagree) == 0.75, "the sources disagree on the crime"


def test_every_event_stores_its_confidence(storage):
    comas, balacera, trujillo = (event_of(storage, u) for u in (COMAS, BALACERA, TRUJILLO))
    assert event(storage, comas)["confidence"] == 0.9
    assert event(storage, balacera)["confidence"] == 0.25
    assert event(storage, trujillo)["confidence"] == 0.65
    assert event(storage, comas)["review"] is None
    flat = dict(storage.db.execute("SELECT event_id, confidence FROM events_flat").fetchall())
    assert flat[balacera] == 0.25, "events_flat shows it"


def test_a_store_of_the_previous_version_gets_the_confidence_of_its_events(tmp_path, db_path):
    # Undo m007 on a copy (drop its columns, view and record), then open it: the migration runs
    # again on the events already logged.
    old = tmp_path / "old.db"
    with sqlite3.connect(db_path) as source_db, sqlite3.connect(old) as target:
        source_db.backup(target)
    conn = sqlite3.connect(old)
    view = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_flat'").fetchone()[0]
    conn.executescript(
        "DROP INDEX events_review; DROP VIEW events_flat; "
        "ALTER TABLE events DROP COLUMN confidence; ALTER TABLE events DROP COLUMN review; "
        "ALTER TABLE events DROP COLUMN review_overrides; ALTER TABLE events DROP COLUMN reviewed_at; "
        + view.replace(", e.confidence, e.review", "") + ";"
        f"DELETE FROM [{migrations.migrations_table}] WHERE name = 'm007_review';")
    conn.close()
    with Storage(old) as storage:
        values = dict(storage.db.execute("SELECT id, confidence FROM events").fetchall())
        assert values == {event_of(storage, COMAS): 0.9, event_of(storage, BALACERA): 0.25,
                          event_of(storage, TRUJILLO): 0.65}
        assert storage.integrity_check() == "ok"


# --- the queue -----------------------------------------------------------------------------------

def test_the_queue_lists_low_confidence_events_and_gang_candidates(storage):
    comas, balacera, trujillo = (event_of(storage, u) for u in (COMAS, BALACERA, TRUJILLO))
    items = {r["event_id"]: r for r in review.queue(storage, 0.5)}
    assert set(items) == {balacera, trujillo}
    assert items[balacera]["low_confidence"] and items[balacera]["candidates"] == []
    assert not items[trujillo]["low_confidence"] and items[trujillo]["candidates"] == ["Los Topos del Alba"]
    assert comas in {r["event_id"] for r in review.queue(storage, 0.95)}, "the threshold decides"
    assert len(review.queue(storage, 0.5, limit=1)) == 1
    review.accept(storage, balacera, now=LATER)
    assert {r["event_id"] for r in review.queue(storage, 0.5)} == {trujillo}, "a reviewed event leaves the queue"


def test_the_events_table_marks_what_awaits_review(storage, db_path):
    comas, balacera = event_of(storage, COMAS), event_of(storage, BALACERA)
    shown = CliRunner().invoke(cli, ["--db", str(db_path), "events"])
    assert shown.exit_code == 0, shown.output
    assert f"{balacera}?" in shown.output and f"{comas}?" not in shown.output
    assert "marked ? await review" in shown.output
    review.accept(storage, balacera, now=LATER)
    assert f"{balacera}?" not in CliRunner().invoke(cli, ["--db", str(db_path), "events"]).output


# --- decisions -----------------------------------------------------------------------------------

def test_a_rejected_event_leaves_every_total(storage, db_path):
    balacera = event_of(storage, BALACERA)
    before = totals(storage)
    assert before == {"stats_events": 3, "stats_injured": 5, "kind_events": 3, "found": 3, "flat": 3, "daily": 5,
                      "summary_events": 3, "summary_injured": 5}
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db_path), "review", "reject", str(balacera), "--note", "no es un evento"])
    assert result.exit_code == 0, result.output
    assert f"Evento {balacera} rechazado" in result.output
    assert totals(storage) == {"stats_events": 2, "stats_injured": 2, "kind_events": 2, "found": 2, "flat": 2,
                               "daily": 2, "summary_events": 2, "summary_injured": 2}
    assert balacera not in {r["event_id"] for r in review.queue(storage, 1.0)}
    e = event(storage, balacera)
    assert (e["status"], e["review"]) == ("rejected", "rejected")
    history = storage.event_detail(balacera)["history"][-1]
    assert history["action"] == "rejected" and history["detail"]["note"] == "no es un evento"
    events_json = runner.invoke(cli, ["--db", str(db_path), "events", "--format", "json"])
    assert balacera not in {e["event_id"] for e in json.loads(events_json.output)}
    # Re-extraction and a new report of it keep it out.
    extract(storage, at=LATER)
    remerge(storage, now=LATER)
    assert totals(storage)["stats_events"] == 2 and event(storage, balacera)["status"] == "rejected"


def test_a_rejected_events_gang_leaves_the_registry_counts(storage):
    trujillo = event_of(storage, TRUJILLO)
    assert [g["name"] for g in gangs(storage)["candidates"]] == ["Los Topos del Alba"]
    assert any(r["gang"] == "Los Topos del Alba" for r in gangs(storage)["registry"])
    review.reject(storage, trujillo, now=LATER)
    assert build_summary(storage, DAY + timedelta(days=1), now=LATER).changes == {"rejected": 1}, \
        "the summary of the day of the decision says so"
    assert gangs(storage)["candidates"] == []
    assert not any(r["gang"] == "Los Topos del Alba" for r in gangs(storage)["registry"])


def test_a_correction_survives_reextraction_and_regrouping(storage, db_path):
    comas = event_of(storage, COMAS)
    review.correct(storage, comas, crime_types=["homicidio"], district="Independencia", department="Lima",
                   province="Lima", deaths=3, gangs=["TdA"], now=LATER)

    def shown():
        e = event(storage, comas)
        return (e["status"], e["review"], e["crime_types"], e["district"], e["ubigeo"], e["place_level"],
                e["deaths"], e["deaths_low"], e["deaths_high"], e["gangs"])

    corrected = ("live", "corrected", "homicide", "Independencia", "150112", "district", 3, 1, 2, "Tren de Aragua")
    assert shown() == corrected, "codes and aliases are read as the schema and the registry spell them"
    assert {r["article_id"]: r["pinned"] for r in storage.event_detail(comas)["sources"]} == \
        {storage.article_by_url(u).id: 1 for u in (ARTICLES[0][0], ARTICLES[1][0])}
    # vigia reextract: every article's mentions replaced (the extractor says Comas and 1–2 deaths again)
    extract(storage, at=LATER)
    assert shown() == corrected and event_of(storage, COMAS) == comas
    # vigia remerge
    remerge(storage, now=LATER)
    assert shown() == corrected and event_of(storage, ARTICLES[1][0]) == comas
    assert stats(storage, Filters(gang="Tren de Aragua"), "month")[0]["deaths"] == 3
    history = storage.event_detail(comas)["history"]
    corrected_line = next(h for h in history if h["action"] == "corrected")
    assert corrected_line["detail"]["corrected"]["deaths"] == 3
    assert corrected_line["detail"]["changed"]["district"] == ["Comas", "Independencia"]
    # A second correction adds to the first.
    review.correct(storage, comas, kind="operativo policial", now=LATER)
    assert shown()[2:] == corrected[2:] and event(storage, comas)["kind"] == "operation"


def test_an_accepted_event_is_among_the_most_serious(storage, tmp_path):
    balacera = event_of(storage, BALACERA)
    held = build_summary(storage, DAY, now=LATER, threshold=0.5)
    assert balacera not in {e.event_id for e in held.serious} and held.in_review == 1
    assert held.events == 3, "an event in review still counts"
    assert "1 evento en revisión" in render(held, "md")
    assert balacera in {e.event_id for e in build_summary(storage, DAY, now=LATER).serious}, \
        "without a threshold, only decisions count"
    review.accept(storage, balacera, now=LATER)
    shown = build_summary(storage, DAY, now=LATER, threshold=0.5)
    assert balacera in {e.event_id for e in shown.serious} and shown.in_review == 0
    assert is_confident({"confidence": 0.1, "review": "corrected"}, 0.5)
    assert not is_confident({"confidence": 0.1, "review": None}, 0.5)
    # The daemon's summaries read review.threshold from the settings.
    config = tmp_path / "user.toml"
    config.write_text(f'[summary]\ndir = "{tmp_path / "s"}"\n[review]\nthreshold = 0.95\n')
    from pipeline.summary import write_summary
    write_summary(storage, load_settings(config, env={}), DAY, now=LATER)
    assert "2 eventos en revisión" in (tmp_path / "s" / f"{DAY}.md").read_text(encoding="utf-8")


def test_bad_decisions_are_refused_in_one_line_and_change_nothing(storage, db_path):
    comas = event_of(storage, COMAS)

    def snapshot():
        return (storage.db.execute("SELECT * FROM events ORDER BY id").fetchall(),
                storage.db.execute("SELECT * FROM event_history ORDER BY id").fetchall(),
                storage.db.execute("SELECT * FROM event_mentions ORDER BY article_id").fetchall())

    before = snapshot()
    cases = [
        (dict(event_id=comas, kind="asalto"), "unknown kind 'asalto'"),
        (dict(event_id=comas, crime_types=["homicide", "sicariato"]), "unknown crime type 'sicariato'"),
        (dict(event_id=comas, district="Comaz", department="Lima"), "unknown district 'Comaz' in Lima"),
        (dict(event_id=comas, department="Lina"), "did you mean Lima?"),
        (dict(event_id=comas, district="Independencia"), "is in several places"),
        (dict(event_id=comas, gangs=["Los Inventados"]), "unknown gang 'Los Inventados'"),
        (dict(event_id=comas, deaths=-1), "bad value for deaths"),
        (dict(event_id=comas), "nothing to correct"),
        (dict(event_id=999, kind="incident"), "no event 999"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ReviewError) as error:
            review.correct(storage, now=LATER, **kwargs)
        assert message in str(error.value) and "\n" not in str(error.value)
        assert isinstance(error.value, VigiaError)
    for decide in (review.accept, review.reject):
        with pytest.raises(ReviewError, match="no event 999"):
            decide(storage, 999, now=LATER)
    assert snapshot() == before
    result = CliRunner().invoke(cli, ["--db", str(db_path), "review", "correct", str(comas), "--type", "bogus"])
    assert result.exit_code == 1 and result.output.strip().splitlines() == [
        f"Error: unknown crime type 'bogus'; expected one of {', '.join(review.CRIME_TYPES)}"]
    assert snapshot() == before


def test_the_review_threshold_is_checked_in_the_config(tmp_path):
    assert load_settings(env={}).review.threshold == 0.5
    config = tmp_path / "user.toml"
    config.write_text("[review]\nthreshold = 1.5\n")
    with pytest.raises(ConfigError, match=r"^bad value for review.threshold; expected 0 to 1, got 1.5$"):
        load_settings(config, env={})
    config.write_text('[review]\nthreshold = "alto"\n')
    with pytest.raises(ConfigError, match="review.threshold"):
        load_settings(config, env={})
    assert load_settings(env={"VIGIA_REVIEW_THRESHOLD": "0.7"}).review.threshold == 0.7


# --- the terminal ----------------------------------------------------------------------------------

def test_the_interactive_review_walks_the_queue(storage, db_path):
    balacera, trujillo = event_of(storage, BALACERA), event_of(storage, TRUJILLO)
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", str(db_path), "review", "--list"])
    assert listed.exit_code == 0, listed.output
    assert "2 eventos por revisar" in listed.output and "posibles" in listed.output
    assert "Topos" in listed.output and "0,25" in listed.output
    # The queue is latest first, then the later event first: the balacera, then Trujillo.
    assert [r["event_id"] for r in review.queue(storage, 0.5)] == [balacera, trujillo]
    # The balacera: a wrong answer first (asked again), then reject. Trujillo: correct (kind, types
    # and place unchanged, deaths unchanged, injured 4, gangs: none).
    answers = ["x", "r",
               "c", "", "", "", "", "", "", "4", "-"]
    result = runner.invoke(cli, ["--db", str(db_path), "review"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Aceptar / [r] Rechazar / [c] Corregir / [s] Saltar / [q] Salir" in result.output
    assert "Posibles bandas: Los Topos del Alba".lower() in result.output.lower()
    assert f"Evento {trujillo} corregido." in result.output and f"Evento {balacera} rechazado" in result.output
    assert "Revisión: 0 aceptados, 1 rechazados, 1 corregidos, 0 saltados." in result.output
    t = event(storage, trujillo)
    assert (t["review"], t["injured"], t["gangs"], t["district"]) == ("corrected", 4, "", "Trujillo")
    assert event(storage, balacera)["status"] == "rejected"
    assert "No hay eventos por revisar." in runner.invoke(cli, ["--db", str(db_path), "review"]).output


def test_quitting_the_review_changes_nothing_more(storage, db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "review"], input="s\nq\n")
    assert result.exit_code == 0 and "0 saltados" not in result.output and "1 saltados" in result.output
    assert review.queue(storage, 0.5) and all(r["review"] is None for r in review.queue(storage, 0.5))


# --- the export ------------------------------------------------------------------------------------

def _corpus_module():
    spec = importlib.util.spec_from_file_location("vigia_corpus", ROOT / "models" / "classifier" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_export_is_read_by_the_training_corpus(storage, db_path, tmp_path):
    comas, balacera = event_of(storage, COMAS), event_of(storage, BALACERA)
    review.correct(storage, comas, deaths=2, crime_types=["homicide"], now=LATER)
    review.reject(storage, balacera, now=LATER)
    out = tmp_path / "review.jsonl"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "review", "export", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 ejemplos escritos" in result.output
    lines = {line["url"]: line for line in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(lines) == {ARTICLES[0][0], ARTICLES[1][0], BALACERA}, "the unreviewed Trujillo event is not exported"
    first = lines[ARTICLES[0][0]]
    assert first["split"] == "train" and first["published"] == "2026-05-11" and "text" not in first
    assert first["events"] == [{"kind": "incident", "crime_types": ["homicide"], "department": "Lima",
                                "province": "Lima", "district": "Comas", "gangs": [], "deaths": 2, "injured": None,
                                "victim_sectors": ["transport"]}]
    assert lines[BALACERA]["events"] == [], "a rejected event: the article reports none"

    corpus = _corpus_module()
    texts = corpus.store_texts(db_path, set(lines))
    assert texts[BALACERA]["text"].startswith("Los vecinos escucharon disparos")
    items = list(corpus.extra_articles(out, texts))
    assert [split for split, _, _ in items] == ["train"] * 3
    cats = {article["url"]: corpus.cats_of(events) for _, article, events in items}
    assert cats[ARTICLES[0][0]]["EVENT"] == 1.0 and cats[ARTICLES[0][0]]["TYPE_homicide"] == 1.0
    assert cats[ARTICLES[0][0]]["TYPE_armed_attack"] == 0.0, "the correction, not the extractor's reading"
    assert cats[BALACERA]["EVENT"] == 0.0
    kept = list(corpus.extra_articles(out, texts, skip={BALACERA}))
    assert BALACERA not in {a["url"] for _, a, _ in kept}, "a URL the corpus labels stays the corpus's"
    with pytest.raises(SystemExit, match="have no text"):
        list(corpus.extra_articles(out, {}))


def test_an_article_with_an_unreviewed_event_is_not_exported(storage, tmp_path):
    # One article reporting two events: only one of them reviewed.
    url = "https://diario-norte.pe/policiales/dos-hechos"
    entry = EntryData(url=url, guid=None, title="Dos hechos en Comas", summary="", body="…", author=None,
                      published=T0)
    storage.import_articles([(entry, "diario-norte.pe")], feed="import", now=T0)
    article = storage.article_by_url(url).id
    storage.store_mentions([(article, [mention(district="Comas", evidence="Dos hechos en Comas"),
                                       mention(kind="operation", types=("robbery",), evidence="Capturan a dos.")],
                             None)], version="test", now=T0)
    merge_pending(storage, now=T0)
    first = storage.db.execute("SELECT event_id FROM event_mentions WHERE article_id = ? AND position = 0",
                               [article]).fetchone()[0]
    review.accept(storage, first, now=LATER)
    lines, incomplete = review.labelled_examples(storage)
    assert url not in {line["url"] for line in lines} and incomplete == 1

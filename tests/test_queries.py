"""Querying the event log: filters, stats, gangs, output formats and bad-filter messages."""

import csv
import io
import json
from datetime import datetime

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.events import merge_pending
from pipeline.queries import Filters, QueryError, find_events, gangs, render, stats
from pipeline.storage import Storage
from pipeline.types import EntryData

# (url, title, body, published, event fields)
STORIES = [
    ("https://el-norte.pe/trujillo/explosivo-empresa-transportes",
     "Detonan explosivo en empresa de transportes de El Porvenir",
     "La banda Los Pulpos es señalada por el ataque con dinamita contra la empresa Virgen de la Puerta.",
     "2026-01-15", dict(crime_types=["extortion", "armed_attack"], department="La Libertad", province="Trujillo",
                        district="El Porvenir", ubigeo="130102", gangs=["Los Pulpos"], deaths=0, injured=2,
                        victim_sectors=["transport"], occurred_on="2026-01-14"),
     {"gang_candidates": ["Los Malditos de Alto Trujillo"]}),
    ("https://el-norte.pe/trujillo/sicarios-cambista",
     "Sicarios asesinan a cambista en el centro de Trujillo",
     "El cambista Hilario Ventura Paz recibió tres disparos en la avenida España.",
     "2026-01-20", dict(crime_types=["homicide", "armed_attack"], department="La Libertad", province="Trujillo",
                        district="Trujillo", ubigeo="130101", deaths=1, victim_sectors=["commerce"],
                        occurred_on="2026-01-20"), {}),
    ("https://capital-hoy.pe/lima/tren-de-aragua-captura",
     "Capturan a cabecillas del Tren de Aragua en Los Olivos",
     "La Policía detuvo a cuatro integrantes de la organización que cobraba cupos a mototaxistas.",
     "2026-02-03", dict(kind="operation", crime_types=["extortion"], department="Lima", province="Lima",
                        district="Los Olivos", ubigeo="150117", gangs=["Tren de Aragua"],
                        victim_sectors=["transport"], occurred_on="2026-02-02"), {}),
    ("https://capital-hoy.pe/lima/pataz-mineros-asesinados",
     "Hallan a trece mineros asesinados en un socavón de Pataz",
     "Al menos trece trabajadores de una contratista minera fueron hallados sin vida en Pataz.",
     "2026-02-10", dict(crime_types=["homicide", "illegal_mining"], department="La Libertad", province="Pataz",
                        ubigeo="130800", deaths=13, victim_sectors=["mining"], occurred_on="2026-02-09"), {}),
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "v.db"
    with Storage(path) as storage:
        for url, title, body, day, fields, extras in STORIES:
            published = datetime.fromisoformat(f"{day}T14:00:00+00:00")
            entry = EntryData(url=url, guid=None, title=title, summary="", body=body, author=None,
                              published=published)
            storage.import_articles([(entry, url.split("/")[2])], feed="import", now=published)
            article_id = storage.article_by_url(url).id
            event = {"kind": "incident", "province": None, "district": None, "gangs": [], "deaths": None,
                     "injured": None, "victim_sectors": [], "place_text": None, "evidence": title, **fields,
                     "extras": {"gang_candidates": [], **extras}}
            storage.store_mentions([(article_id, [event], None)], version="t", now=published)
            merge_pending(storage, now=published)
    return path


@pytest.fixture
def storage(db_path):
    with Storage(db_path) as storage:
        yield storage


def headlines(rows):
    return [r["headline"] for r in rows]


def test_filters_select_events(storage):
    assert len(find_events(storage, Filters())) == 4
    assert headlines(find_events(storage, Filters(department="la libertad", since="2026-01-16"))) == [
        STORIES[3][1], STORIES[1][1]]
    assert headlines(find_events(storage, Filters(gang="TdA"))) == [STORIES[2][1]]  # a registered alias
    assert headlines(find_events(storage, Filters(types=("extortion", "armed_attack")))) == [STORIES[0][1]]
    assert headlines(find_events(storage, Filters(kind="operation"))) == [STORIES[2][1]]
    assert headlines(find_events(storage, Filters(sector="mining"))) == [STORIES[3][1]]
    assert headlines(find_events(storage, Filters(min_deaths=1))) == [STORIES[3][1], STORIES[1][1]]
    assert headlines(find_events(storage, Filters(province="Pataz"))) == [STORIES[3][1]]
    assert headlines(find_events(storage, Filters(district="el porvenir"))) == [STORIES[0][1]]
    assert headlines(find_events(storage, Filters(until="2026-01-14"))) == [STORIES[0][1]]
    # Full text of the sources, accents ignored, any word order.
    assert headlines(find_events(storage, Filters(search="avenida espana"))) == [STORIES[1][1]]
    assert headlines(find_events(storage, Filters(search='dinamita "Virgen'))) == [STORIES[0][1]]


def test_stats_group_and_filter(storage):
    by_month = stats(storage, Filters(), "month")
    assert [(r["month"], r["events"], r["deaths"]) for r in by_month] == [("2026-01", 2, 1), ("2026-02", 2, 13)]
    by_type = {r["type"]: r["events"] for r in stats(storage, Filters(department="La Libertad"), "type")}
    assert by_type == {"armed_attack": 2, "homicide": 2, "extortion": 1, "illegal_mining": 1}
    assert [(r["gang"], r["events"]) for r in stats(storage, Filters(), "gang")] == [
        ("Los Pulpos", 1), ("Tren de Aragua", 1)]
    assert stats(storage, Filters(), "province")[0] == {"province": "La Libertad / Trujillo", "events": 2,
                                                        "deaths": 1, "injured": 2}


def test_gangs_registry_counts_and_candidates(storage):
    found = gangs(storage)
    pulpos = next(r for r in found["registry"] if r["gang"] == "Los Pulpos")
    assert (pulpos["events"], pulpos["departments"], pulpos["last_seen"]) == (1, "La Libertad", "2026-01-14")
    assert any(r["events"] == 0 for r in found["registry"])  # registered, not seen yet
    assert [c["name"] for c in found["candidates"]] == ["Los Malditos de Alto Trujillo"]


@pytest.mark.parametrize("filters, message", [
    (Filters(department="Lma"), "unknown department 'Lma'; did you mean Lima"),
    (Filters(since="15/01/2026"), "bad value for --since; expected a date YYYY-MM-DD, got '15/01/2026'"),
    (Filters(until="2026-02-30"), "expected a date YYYY-MM-DD"),
    (Filters(since="2026-03-01", until="2026-01-01"), "is after --until"),
    (Filters(types=("sicariato",)), "bad value for --type; expected one of homicide"),
    (Filters(kind="crime"), "bad value for --kind"),
    (Filters(gang="Los Pulpo"), "unknown gang 'Los Pulpo'; did you mean Los Pulpos"),
    (Filters(sector="taxi"), "bad value for --sector"),
])
def test_bad_filters_say_what_is_expected(storage, filters, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        find_events(storage, filters)


def test_formats_for_tools_and_maps(storage):
    rows = find_events(storage, Filters())
    records = json.loads(render(rows, "json"))
    assert records[0]["crime_types"] == ["homicide", "illegal_mining"] and records[0]["deaths"] == 13
    lines = render(rows, "jsonl").splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == [r["event_id"] for r in rows]
    table = list(csv.DictReader(io.StringIO(render(rows, "csv"))))
    assert table[0]["crime_types"] == "homicide,illegal_mining" and table[0]["place_level"] == "province"
    geo = json.loads(render(rows, "geojson"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -82 < lon < -68 and -19 < lat < 0  # Pataz, in Peru


def test_cli_events_stats_and_errors(db_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db_path), "events", "--department", "La Libertad", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.output)))) == 3
    result = runner.invoke(cli, ["--db", str(db_path), "events"])
    assert result.exit_code == 0 and "4 events" in result.output
    result = runner.invoke(cli, ["--db", str(db_path), "stats", "--by", "department", "--format", "json"])
    assert json.loads(result.output)[0] == {"department": "La Libertad", "events": 3, "deaths": 14, "injured": 2}
    result = runner.invoke(cli, ["--db", str(db_path), "events", "--department", "Arequpa"])
    assert result.exit_code == 1 and "did you mean Arequipa?" in result.output
    result = runner.invoke(cli, ["--db", str(db_path), "stats", "--by", "year"])
    assert result.exit_code == 2 and "month" in result.output
    result = runner.invoke(cli, ["--db", str(db_path), "events", "show", "999"])
    assert result.exit_code == 1 and "no event 999" in result.output


def test_datasette_metadata_describes_existing_tables_and_columns(storage):
    from pipeline.queries import datasette_metadata
    tables = datasette_metadata("v")["databases"]["v"]["tables"]
    names = set(storage.db.table_names()) | set(storage.db.view_names())
    assert set(tables) <= names and {"events_flat", "event_sources_flat", "daily_counts"} <= set(tables)
    for name, meta in tables.items():
        columns = {c.name for c in (storage.db[name].columns if name in storage.db.table_names()
                                    else storage.db.view(name).columns)}
        assert set(meta.get("facets", [])) <= columns, name
        assert meta.get("label_column", "event_id") in columns | {"event_id"}

"""`vigia import`: archived articles through the real extractor into the event log (our own texts)."""

import csv
import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.events import merge_pending
from pipeline.extract import load_pipeline
from pipeline.importer import ImportError_, import_file, outlet_of
from pipeline.pending import reextract
from pipeline.storage import Storage

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)

ARTICLES = [
    {"url": "https://www.diario-uno.pe/policiales/sjl-mototaxista-asesinado",
     "title": "San Juan de Lurigancho: sicarios asesinan a mototaxista en Canto Rey",
     "text": "Un mototaxista identificado como Ruperto Quispe Mamani, de 34 años, fue asesinado a balazos la "
             "noche del lunes en la urbanización Canto Rey, en San Juan de Lurigancho. Según testigos, dos "
             "sicarios en motocicleta le dispararon cinco veces cuando esperaba pasajeros. Sus compañeros "
             "denunciaron que venían recibiendo amenazas de extorsionadores que les exigían un cupo diario.",
     "published": "2026-03-03"},
    {"url": "https://noticias-dos.pe/lima/crimen-canto-rey-ruperto-quispe",
     "title": "Matan a balazos a mototaxista que se negó a pagar cupo en SJL",
     "text": "Ruperto Quispe Mamani, mototaxista de 34 años, murió tras ser baleado por dos sujetos en una moto "
             "en Canto Rey, San Juan de Lurigancho. La Policía investiga si el crimen está relacionado con el "
             "cobro de cupos a los mototaxistas de la zona.",
     "published": "2026-03-03"},
    {"url": "https://radio-tres.pe/actualidad/canto-rey-mototaxista-quispe",
     "title": "Canto Rey: gremio de mototaxistas pide justicia por Ruperto Quispe",
     "text": "Los mototaxistas de Canto Rey, en San Juan de Lurigancho, paralizaron este martes para exigir "
             "justicia por Ruperto Quispe Mamani, asesinado a balazos por sicarios el lunes. El gremio denunció "
             "que son víctimas de extorsión desde hace meses.",
     "published": "2026-03-04"},
    {"url": "https://www.diario-uno.pe/policiales/sjl-bodeguera-asesinada-zarate",
     "title": "Asesinan a bodeguera dentro de su tienda en Zárate, San Juan de Lurigancho",
     "text": "Una bodeguera de 52 años, Elvira Huamán Torres, fue asesinada a balazos dentro de su tienda en "
             "Zárate, en San Juan de Lurigancho, la noche del lunes. Un delincuente ingresó al local y le "
             "disparó en la cabeza antes de huir con el dinero de la caja.",
     "published": "2026-03-03"},
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def snapshot(db_path):
    with Storage(db_path) as storage:
        q = storage.db.execute
        return {
            "articles": q("SELECT id, url, outlet, feed, published, content_hash FROM articles ORDER BY id").fetchall(),
            "events": q("SELECT * FROM events ORDER BY id").fetchall(),
            "members": q("SELECT article_id, position, event_id FROM event_mentions ORDER BY 1, 2").fetchall(),
            "history": q("SELECT count(*) FROM event_history").fetchone()[0],
        }


def grouping(db_path):
    """The articles of each live event, as sets of URLs."""
    with Storage(db_path) as storage:
        rows = storage.db.execute("SELECT event_id, url FROM event_sources_flat").fetchall()
    groups = {}
    for event_id, url in rows:
        groups.setdefault(event_id, set()).add(url)
    return groups


def test_import_cli_merges_reports_of_one_incident_and_is_idempotent(tmp_path):
    source = write_jsonl(tmp_path / "archive.jsonl", ARTICLES)
    db = tmp_path / "v.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "4 articles read: 4 new" in result.output
    groups = sorted(grouping(db).values(), key=len)
    assert groups == [{ARTICLES[3]["url"]}, {a["url"] for a in ARTICLES[:3]}]
    first = snapshot(db)
    assert {row[2] for row in first["articles"]} == {"diario-uno.pe", "noticias-dos.pe", "radio-tres.pe"}
    assert {row[3] for row in first["articles"]} == {"import"}

    again = runner.invoke(cli, ["--db", str(db), "import", str(source)])
    assert again.exit_code == 0, again.output
    assert "0 new, 0 changed, 4 already stored" in again.output
    assert snapshot(db) == first


def test_csv_import_gives_the_same_events(tmp_path, nlp):
    path = tmp_path / "archive.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["url", "title", "text", "published"])
        writer.writeheader()
        writer.writerows(ARTICLES)
    with Storage(tmp_path / "csv.db") as storage:
        report = import_file(storage, path, now=lambda: NOW, nlp=nlp)
    assert (report.read, report.new, report.extracted) == (4, 4, 4)
    assert sorted(map(len, grouping(tmp_path / "csv.db").values())) == [1, 3]


def test_split_and_merge_survive_reextraction(tmp_path, nlp):
    db = tmp_path / "v.db"
    source = write_jsonl(tmp_path / "archive.jsonl", ARTICLES)
    with Storage(db) as storage:
        import_file(storage, source, now=lambda: NOW, nlp=nlp)
        ids = {a["url"]: storage.article_by_url(a["url"]).id for a in ARTICLES}
    groups = grouping(db)
    mototaxi = next(e for e, urls in groups.items() if len(urls) == 3)
    bodega = next(e for e, urls in groups.items() if len(urls) == 1)
    strike = ids[ARTICLES[2]["url"]]
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "events", "split", str(mototaxi), "--article", str(strike)])
    assert result.exit_code == 0, result.output
    split_off = int(result.output.split()[1])
    result = runner.invoke(cli, ["--db", str(db), "events", "merge", str(split_off), str(bodega)])
    assert result.exit_code == 0, result.output
    decided = grouping(db)

    with Storage(db) as storage:
        assert reextract(storage, nlp=nlp) == 4
        merge_pending(storage, now=NOW)
    assert grouping(db) == decided
    assert decided[split_off] == {ARTICLES[2]["url"], ARTICLES[3]["url"]}
    assert decided[mototaxi] == {ARTICLES[0]["url"], ARTICLES[1]["url"]}

    shown = runner.invoke(cli, ["--db", str(db), "events", "show", str(bodega)])
    assert shown.exit_code == 0, shown.output
    assert f"merged into event {split_off}" in shown.output and "split" in shown.output


def test_a_bad_line_is_named_and_nothing_is_stored(tmp_path):
    rows = [ARTICLES[0], {**ARTICLES[1], "published": "03/03/2026"}]
    source = write_jsonl(tmp_path / "bad.jsonl", rows)
    db = tmp_path / "v.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(source)])
    assert result.exit_code == 1
    assert "bad.jsonl:2" in result.output and "YYYY-MM-DD" in result.output
    with Storage(db) as storage:
        assert storage.counts().articles == 0
    with pytest.raises(ImportError_, match="not JSON"):
        (tmp_path / "junk.jsonl").write_text("{nope\n")
        import_file(None, tmp_path / "junk.jsonl", now=lambda: NOW)


def test_outlet_is_the_host_without_www():
    assert outlet_of("https://www.rpp.pe/peru/x") == "rpp.pe"
    assert outlet_of("https://larepublica.pe/sociedad/x") == "larepublica.pe"

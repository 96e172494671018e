"""`vigia extract` and `vigia reextract` as a person runs them (real model, real store)."""

import json
import sqlite3

from daemon_helpers import vigia, write_settings
from replay import ReplaySite

ARTICLES = [
    {"url": "https://diario.example/a", "title": "Asesinan a cobrador de combi en Villa El Salvador",
     "text": "Un cobrador de la empresa de transportes fue asesinado a balazos la noche del domingo en "
             "Villa El Salvador. La Policía investiga si se negó a pagar cupos.", "published": "2026-05-12"},
    {"url": "https://diario.example/b", "title": "Selección peruana entrena en la Videna",
     "text": "El equipo nacional realizó su segundo entrenamiento de la semana.", "published": "2026-05-12"},
]


def test_extract_file_contract_and_errors(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    config = write_settings(tmp_path, "")
    done = vigia(config, "extract", "--input", str(source), "--output", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["url"] for line in lines] == [a["url"] for a in ARTICLES]
    first, second = lines
    assert first["events"][0]["district"] == "Villa El Salvador"
    assert first["events"][0]["deaths"] == 1 and "homicide" in first["events"][0]["crime_types"]
    assert second["events"] == []

    source.write_text(json.dumps(ARTICLES[0]) + "\n{not json\n", encoding="utf-8")
    bad = vigia(config, "extract", "--input", str(source), "--output", str(tmp_path / "bad.jsonl"))
    assert bad.returncode == 1 and "in.jsonl:2" in bad.stderr
    assert not (tmp_path / "bad.jsonl").exists()
    assert vigia(config, "extract", "--input", str(source)).returncode == 2


def test_extract_text_shows_the_evidence_of_each_field(tmp_path):
    config = write_settings(tmp_path, "")
    shown = vigia(config, "extract", "--published", "2026-05-12", "--text", ARTICLES[0]["text"])
    assert shown.returncode == 0, shown.stderr
    assert "district        Villa El Salvador" in shown.stdout
    assert shown.stdout.count("Un cobrador de la empresa de transportes fue asesinado") == 1  # once per sentence
    assert "for: " in shown.stdout and "deaths" in shown.stdout.split("Un cobrador de la empresa")[1].split("\n")[1]
    assert "no event" in vigia(config, "extract", "--text", ARTICLES[1]["text"]).stdout
    wrong = vigia(config, "extract", "--published", "12/05/2026", "--text", "x")
    assert wrong.returncode == 2 and "YYYY-MM-DD" in wrong.stderr


def test_the_daemon_extracts_stored_articles_and_reextract_is_idempotent(tmp_path):
    items = {"diario.example": [
        {"title": a["title"], "description": a["text"], "original_url": a["url"],
         "created_at": "2026-05-12 15:00:00+00:00", "website": "https://diario.example"} for a in ARTICLES]}
    with ReplaySite(items) as site:
        config = write_settings(tmp_path, site.feeds_toml())
        once = vigia(config, "run", "--once")
        assert once.returncode == 0, once.stderr
        assert "extracted 2 articles" in once.stdout
    db = tmp_path / "vigia.db"

    def snapshot():
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT a.url, m.position, m.kind, m.district, m.deaths FROM mentions m "
                                "JOIN articles a ON a.id = m.article_id ORDER BY a.url, m.position").fetchall()

    before = snapshot()
    assert [row[0] for row in before] == ["https://diario.example/a"]
    assert before[0][3] == "Villa El Salvador"
    again = vigia(config, "reextract")
    assert again.returncode == 0 and "re-extracted 2 articles" in again.stdout
    assert snapshot() == before
    assert vigia(config, "reextract", "--since", "mayo").returncode == 2

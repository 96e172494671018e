"""The day and the place of the event itself, not of the background an article recalls.

Our own Spanish texts, through the real pipeline (``extract_articles`` and ``explain``): a day
and month without a year, a past attack the article links the event to, a coming match, a
complaint from years ago quoted in a raid, dates after publication or long before it.
"""

from datetime import date

import pytest

from pipeline.extract import explain, extract_articles, load_pipeline
from pipeline.extract.dates import plausible, resolve_date


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def events_of(nlp, title, text, published):
    article = {"url": "https://example.pe/fecha", "title": title, "text": text, "published": published}
    return next(extract_articles([article], nlp=nlp))


# ---- resolve_date alone: a day and month without a year ----

@pytest.mark.parametrize("text, published, expected", [
    ("ocurrió el 28 de diciembre", date(2024, 1, 3), date(2023, 12, 28)),  # last year
    ("ocurrió el 2 de enero", date(2024, 1, 3), date(2024, 1, 2)),  # this year
    ("la madrugada del 29 de febrero", date(2024, 3, 5), date(2024, 2, 29)),  # a leap day
    ("el sábado 30 de diciembre", date(2024, 1, 3), date(2023, 12, 30)),  # weekday agrees
])
def test_day_and_month_resolve_to_the_latest_past_one(text, published, expected):
    assert resolve_date(text, published)[0] == expected


@pytest.mark.parametrize("text, published", [
    ("el partido será este viernes 27 de enero", date(2023, 1, 24)),  # 2023-01-27 is to come; 2022-01-27 a Thursday
    ("la marcha convocada para el 19 de julio de 2023", date(2023, 7, 11)),  # a year given, after publication
    ("la madrugada del 29 de febrero", date(2023, 3, 5)),  # no leap day within a year
])
def test_a_day_not_in_the_past_is_not_a_day_of_the_event(text, published):
    day, words = resolve_date(text, published)
    assert day is None and words  # a day is named, but not one that happened


def test_the_first_weekday_named_is_the_events():
    text = ("En la noche del sábado, un explosivo detonó frente a una tienda del jirón Gamarra, a dos cuadras "
            "de la galería atacada el lunes pasado.")
    assert resolve_date(text, date(2024, 7, 28)) == (date(2024, 7, 27), "la noche del sábado")
    assert resolve_date("El lunes pasado atacaron la galería; el sábado volvieron.", date(2024, 7, 28))[0] \
        == date(2024, 7, 22)


def test_plausible_window():
    published = date(2026, 6, 24)
    assert plausible(date(2026, 6, 24), published) and plausible(date(2026, 4, 25), published)
    assert not plausible(date(2026, 6, 25), published)  # after publication
    assert not plausible(date(2026, 4, 1), published)  # too long before for a new event
    assert not plausible(None, published)


# ---- through the pipeline ----

def test_day_and_month_across_the_new_year(nlp):
    found = events_of(nlp, "Sicarios asesinan a mototaxista en Piura",
                      "El crimen ocurrió la noche del 30 de diciembre en el asentamiento humano "
                      "Los Algarrobos, en el distrito de Veintiséis de Octubre.", "2024-01-02")
    assert found and found[0]["occurred_on"] == "2023-12-30"


def test_the_past_monday_of_a_linked_attack_is_not_the_arrest_day(nlp):
    # published on a Wednesday: 'este martes' is the day before, 'el pasado lunes' two days before
    found = events_of(nlp, "Capturan a tres presuntos extorsionadores en Chiclayo",
                      "Los detenidos, vinculados a un ataque armado ocurrido el pasado lunes contra una "
                      "empresa de transportes, fueron capturados este martes por agentes de la Policía "
                      "Nacional en el distrito de La Victoria.", "2026-06-24")
    assert found and found[0]["kind"] == "operation"
    assert found[0]["occurred_on"] == "2026-06-23"
    assert found[0]["district"] == "La Victoria" and found[0]["province"] == "Chiclayo"


def test_a_recalled_earlier_attack_gives_no_day(nlp):
    found = events_of(nlp, "Balean a cobrador de combi en San Juan de Lurigancho",
                      "Un cobrador de la empresa de transportes Los Rápidos resultó herido de bala. "
                      "Cabe recordar que el pasado lunes sicarios atacaron otro vehículo de la misma empresa.",
                      "2026-06-24")
    assert found and found[0]["district"] == "San Juan de Lurigancho"
    assert found[0]["occurred_on"] != "2026-06-22"  # the earlier attack's day


def test_a_coming_date_in_the_headline_falls_back_to_publication(nlp):
    found = explain("Los delincuentes fueron capturados por vecinos de la zona.",
                    title="Asaltan a vendedores de entradas para el concierto del viernes 27 de enero en Trujillo",
                    published="2023-01-24", nlp=nlp)
    assert found, "the robbery is an event"
    assert found[0].event["occurred_on"] == "2023-01-24"  # not 2022-01-27, a year away


def test_the_event_day_after_a_coming_date(nlp):
    found = explain("Los delincuentes asaltaron ayer a los vendedores en la avenida España.",
                    title="Asaltan a vendedores de entradas para el concierto del viernes 27 de enero en Trujillo",
                    published="2023-01-24", nlp=nlp)
    assert found and found[0].event["occurred_on"] == "2023-01-23"
    assert "ayer" in found[0].evidence["occurred_on"]


def test_a_day_months_before_publication_falls_back_to_publication(nlp):
    found = events_of(nlp, "Asesinan a comerciante en Trujillo",
                      "Según la Policía, el comerciante fue asesinado el 3 de marzo en el distrito de "
                      "La Esperanza.", "2026-06-24")
    assert found and found[0]["occurred_on"] == "2026-06-24"


def test_a_date_after_publication_falls_back_to_publication(nlp):
    found = events_of(nlp, "Atacan a balazos local de empresa de transportes en Trujillo",
                      "El atentado contra la empresa se registró el 30 de junio de 2026 en el distrito "
                      "de El Porvenir.", "2026-06-24")
    assert found and found[0]["occurred_on"] == "2026-06-24"


def test_history_is_still_dropped(nlp):
    found = events_of(nlp, "Asesinan a empresario de transportes en Trujillo",
                      "El empresario fue asesinado el 3 de marzo de 2024 en el distrito de El Porvenir.",
                      "2026-06-24")
    assert found == []


def test_a_recent_date_is_kept(nlp):
    found = events_of(nlp, "Asesinan a empresario de transportes en Trujillo",
                      "El empresario fue asesinado el 20 de junio en el distrito de El Porvenir.",
                      "2026-06-24")
    assert found and found[0]["occurred_on"] == "2026-06-20"


def test_an_operations_day_is_not_the_day_of_the_crime_it_recalls(nlp):
    found = events_of(nlp, "Desarticulan banda Los Topos de Collique, vinculada a crimen de colectivero en Comas",
                      "La Policía desarticuló la banda Los Topos de Collique, a cuyos integrantes se atribuye el "
                      "asesinato del conductor Wilmer Huamán, ocurrido el 14 de enero. En un operativo realizado la "
                      "madrugada de este miércoles en Comas, agentes capturaron a cuatro personas.", "2025-01-29")
    assert found and found[0]["kind"] == "operation" and found[0]["occurred_on"] == "2025-01-29"


def test_the_lede_tells_when_even_without_a_crime_word(nlp):
    found = events_of(nlp, "Raqueteros armados asaltan joyería del Centro de Lima",
                      "Cuatro malandros con pistolas entraron ayer a un local del jirón Ucayali y se llevaron "
                      "cadenas y relojes.", "2026-04-22")
    assert found and found[0]["occurred_on"] == "2026-04-21"


def test_the_place_of_a_complaint_years_ago_is_not_the_raid_place(nlp):
    found = events_of(nlp, "Policía allana viviendas de presunta banda de extorsionadores",
                      "En 2013, la empresa de transportes denunció amenazas en Independencia. "
                      "Este martes, agentes de la Dirincri allanaron cinco viviendas en el distrito de Ate "
                      "y detuvieron a cuatro personas.", "2023-06-21")
    assert found and found[0]["kind"] == "operation"
    assert (found[0]["department"], found[0]["district"]) == ("Lima", "Ate")
    assert found[0]["occurred_on"] == "2023-06-20"


def test_the_place_of_a_linked_earlier_crime_clause_is_not_read(nlp):
    found = events_of(nlp, "Detienen a presuntos sicarios",
                      "Los detenidos, relacionados con el asesinato de un chofer en Comas hace tres meses, "
                      "fueron intervenidos este martes en el distrito de Los Olivos.", "2026-06-24")
    assert found and found[0]["district"] == "Los Olivos"
    assert found[0]["occurred_on"] == "2026-06-23"


def test_a_recent_year_is_not_background(nlp):
    # 'en 2025' in a January 2026 article: last year's last weeks are not long before
    found = events_of(nlp, "Asaltan a cambista en Miraflores",
                      "El robo ocurrió el 30 de diciembre de 2025 en el distrito de Miraflores.", "2026-01-10")
    assert found and found[0]["occurred_on"] == "2025-12-30"
    assert found[0]["district"] == "Miraflores"

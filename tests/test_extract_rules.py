"""Unit tests of the extraction rules: numbers, casualties, dates, gangs, relevance, cues.

Texts are our own. Components run in a blank Spanish pipeline (no model needed).
"""

from datetime import date

import pytest
import spacy

import pipeline.extract.cues  # noqa: F401  (registers vigia_cues)
from pipeline.extract.casualties import find, resolve
from pipeline.extract.components import CANDIDATES_KEY, GANGS_KEY, MODELS, canonical_case
from pipeline.extract.cues import CUES_KEY, read_cues
from pipeline.extract.dates import resolve_date
from pipeline.extract.numbers import parse_count
from pipeline.extract.relevance import looks_relevant


def count(text, field):
    found = resolve(find(text), field)
    return None if found is None else found.count


@pytest.mark.parametrize("word,value", [("4", 4), ("cuatro", 4), ("una", 1), ("un", 1),
                                        ("veintiún", 21), ("treinta y dos", 32), ("quince", 15)])
def test_numbers_in_digits_and_words(word, value):
    assert parse_count(word) == value


def test_a_word_that_is_not_a_number():
    assert parse_count("combi") is None


@pytest.mark.parametrize("text,deaths,injured", [
    ("Ataque en una discoteca deja tres muertos y cinco heridos", 3, 5),
    ("Los sicarios asesinaron a cuatro mototaxistas en el paradero", 4, None),
    ("El atentado dejó 2 fallecidos", 2, None),
    ("Al menos seis personas resultaron heridas tras la explosión", None, 6),
])
def test_counted_casualties(text, deaths, injured):
    assert count(text, "deaths") == deaths
    assert count(text, "injured") == injured


@pytest.mark.parametrize("text", ["Asesinan a cobrador de combi en Ate",
                                  "Un comerciante fue asesinado a balazos frente a su tienda",
                                  "Joven muere tras ser atacado por delincuentes"])
def test_a_singular_victim_is_one_death(text):
    assert count(text, "deaths") == 1


def test_a_plural_victim_without_number_gives_no_count():
    assert count("Asesinan a mototaxistas que no pagaron el cupo", "deaths") is None


def test_animals_are_not_victims():
    assert count("Los ladrones mataron a dos perros guardianes", "deaths") is None


@pytest.mark.parametrize("text", ["El ataque contra el bus no dejó heridos",
                                  "No hubo heridos, informó la Policía",
                                  "El conductor salió ileso del atentado",
                                  "Hasta el momento no se ha reportado ningún herido"])
def test_negation_gives_zero_injured(text):
    assert count(text, "injured") == 0


def test_no_deaths_said_explicitly():
    assert count("La explosión no dejó víctimas mortales", "deaths") == 0


@pytest.mark.parametrize("text", [
    "Con este caso son 87 los asesinatos en lo que va del año en el distrito",
    "Las cifras policiales registran 40 muertos por sicariato desde enero",
    "En total, 15 personas heridas por balas perdidas este año",
])
def test_background_totals_are_not_casualties(text):
    assert find(text) == []


@pytest.mark.parametrize("text,deaths,injured", [
    ("Ataque a combi deja un chofer muerto y tres pasajeros heridos", 1, 3),
    ("Joven es víctima de feminicidio en su vivienda", 1, None),
    ("Sicario dispara contra dueño de una bodega; la víctima sobrevivió", None, 1),
    ("Hallan cadáver de mujer en un descampado", 1, None),
    ("Lo mataron por resistirse al robo de su celular", 1, None),
    ("Balacera en una fiesta deja heridos a tres vecinos", None, 3),
    ("Asalto deja herido a un vigilante", None, 1),
])
def test_victims_named_by_their_trade_or_fate(text, deaths, injured):
    assert count(text, "deaths") == deaths
    assert count(text, "injured") == injured


def test_injury_by_an_explosive():
    assert count("Extorsionador pierde la mano al manipular el explosivo", "injured") == 1


PUBLISHED = date(2026, 6, 24)  # a Wednesday


@pytest.mark.parametrize("text,expected", [
    ("El crimen ocurrió ayer por la tarde", date(2026, 6, 23)),
    ("Anoche, dos sujetos en moto dispararon", date(2026, 6, 23)),
    ("en la madrugada del domingo", date(2026, 6, 21)),
    ("el último martes", date(2026, 6, 23)),
    ("el pasado miércoles", date(2026, 6, 17)),
    ("este lunes", date(2026, 6, 22)),
    ("hace dos días", date(2026, 6, 22)),
    ("hace una semana", date(2026, 6, 17)),
    ("el 3 de marzo", date(2026, 3, 3)),
    ("el 30 de diciembre", date(2025, 12, 30)),
    ("la noche del lunes 22", date(2026, 6, 22)),
    ("el sábado 30", date(2026, 5, 30)),
])
def test_relative_and_absolute_dates(text, expected):
    assert resolve_date(text, PUBLISHED)[0] == expected


def test_no_date_without_publication_or_words():
    assert resolve_date("ayer", None) == (None, None)
    assert resolve_date("La Policía investiga el caso", PUBLISHED) == (None, None)


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("es")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("vigia_cues")
    nlp.add_pipe("vigia_gangs")
    return nlp


def test_compiled_cues_give_the_span_rulers_spans():
    text = ("Comas: sicarios asesinan a chofer de combi y detonan un explosivo en una bodega; "
            "la Policía desarticuló la banda que cobraba cupos, informó el alcalde.")
    fast = spacy.blank("es")
    fast.add_pipe("vigia_cues")
    slow = spacy.blank("es")
    ruler = slow.add_pipe("span_ruler", config={"spans_key": CUES_KEY})
    ruler.initialize(lambda: [], nlp=slow, patterns=read_cues(MODELS / "cues.tsv"))
    def spans(doc):
        return sorted((s.start, s.end, s.label_, s.id_) for s in doc.spans[CUES_KEY])
    assert spans(fast(text)) == spans(slow(text))
    assert len(spans(fast(text))) > 8


def test_registered_gang_by_alias_gets_canonical_name(blank):
    doc = blank("La Policía capturó a dos integrantes de Los Pulpos Nueva Generación en El Porvenir.")
    assert [s.label_ for s in doc.spans[GANGS_KEY]] == ["Los Pulpos"]
    assert list(doc.spans[CANDIDATES_KEY]) == []


def test_lower_case_registered_words_are_not_a_gang(blank):
    doc = blank("En el mercado venden los pulpos más frescos del puerto.")
    assert list(doc.spans[GANGS_KEY]) == []


@pytest.mark.parametrize("text,name", [
    ("Cayó la banda criminal 'Los Tiburones del Puerto' en Chimbote.", "Los Tiburones del Puerto"),
    ("Desarticulan la organización criminal denominada “Los Halcones de Ate”.", "Los Halcones de Ate"),
    ("Los Serpientes del Cerro asaltaron a una familia y huyeron.", "Los Serpientes del Cerro"),
])
def test_unregistered_gang_is_a_candidate_not_a_gang(blank, text, name):
    doc = blank(text)
    assert [s.label_ for s in doc.spans[CANDIDATES_KEY]] == [name]
    assert list(doc.spans[GANGS_KEY]) == []


def test_institutions_in_quotes_are_not_candidates(blank):
    doc = blank("Según la organización criminal, 'La Policía Nacional del Perú' no los buscaba.")
    assert list(doc.spans[CANDIDATES_KEY]) == []


def test_candidate_names_are_capitalised():
    assert canonical_case("los malditos de la esquina") == "Los Malditos de la Esquina"


@pytest.mark.parametrize("text,code", [
    ("Delincuentes cobraban cupos a los comerciantes", "extortion"),
    ("Detectan marcaje a clientes de un banco", "robbery"),
    ("Capturan a raqueteros en la Panamericana", "robbery"),
    ("Detonan explosivo en la puerta de una empresa", "armed_attack"),
    ("Balacera en una fiesta de cumpleaños", "armed_attack"),
    ("Investigan a red de trata de personas", "human_trafficking"),
    ("Destruyen dragas de la minería ilegal", "illegal_mining"),
    ("Incautan droga por tráfico ilícito en el puerto", "drug_trafficking"),
    ("Padre es acusado de feminicidio", "feminicide"),
    ("Extorsionadores queman mototaxi de vecino", "other_crime"),
])
def test_crime_wording_to_codes(blank, text, code):
    doc = blank(text)
    assert code in {s.id_ for s in doc.spans[CUES_KEY] if s.label_ == "CRIME"}


def test_relevance_gate():
    assert looks_relevant("Asesinan a mototaxista en Comas", "")
    assert looks_relevant("", "La Policía desarticuló una banda de extorsionadores.")
    assert not looks_relevant("Universitario venció a Alianza en el clásico", "El equipo crema ganó 2-0.")
    assert not looks_relevant("La bolsa de Lima sube", "Las acciones mineras lideraron la jornada.")

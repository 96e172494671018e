"""Error classes measured on held-out articles, fixed by general rules.

Every text here is our own, written in the way Peruvian news is worded; none comes from a corpus.
"""

import pytest

from pipeline.extract import extract_articles, load_pipeline
from pipeline.extract.casualties import find, resolve
from pipeline.extract.layout import is_boilerplate
from pipeline.extract.relevance import looks_relevant


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def events_of(nlp, title, text, published="2025-03-12"):
    article = {"url": "https://example.pe/n", "title": title, "text": text, "published": published}
    return next(extract_articles([article], nlp=nlp))


def count(text, field):
    found = resolve(find(text), field)
    return None if found is None else found.count


# 1. Casualties in ordinary wording and large tolls; never totals nor animals ---------------------

@pytest.mark.parametrize("text,deaths,injured", [
    ("Un cobrador perdió la vida tras ser baleado en el paradero.", 1, None),
    ("Dos pasajeras resultaron heridas cuando los asaltantes dispararon.", None, 2),
    ("La explosión dejó un fallecido y dos heridos frente al local.", 1, 2),
    ("Murieron tres en el ataque contra la cevichería.", 3, None),
    ("Murieron tres personas dentro de la discoteca.", 3, None),
    ("Fallecieron dos obreros tras la balacera en la obra.", 2, None),
    ("La balacera en la feria dejó dos muertos.", 2, None),
    ("El vigilante quedó herido de bala en la pierna.", None, 1),
    ("El mototaxista falleció en el hospital horas después.", 1, None),
    ("Su hija intentó detener al agresor y recibió un corte profundo en el antebrazo.", None, 1),
    ("Tres trabajadores mineros murieron tras el ataque.", 3, None),
    ("Cuatro agentes de seguridad murieron en la emboscada.", 4, None),
    ("Dos jóvenes venezolanos fueron asesinados en la losa deportiva.", 2, None),
    ("Sube a cinco el número de mineros asesinados en el ataque al socavón.", 5, None),
    ("El vigilante sufrió un corte en la mano al forcejear con los ladrones.", None, 1),
    ("El hombre fue golpeado con una piedra al resistirse y la mujer sufrió un corte en la mano.", None, 2),
    ("El vigilante fue golpeado y sufrió un corte en la mano.", None, 1),
    ("Los trece trabajadores asesinados fueron hallados en un socavón.", 13, None),
    ("La masacre dejó 14 fallecidos en el anexo.", 14, None),
    ("Al menos 20 muertos dejó el enfrentamiento en la mina.", 20, None),
    ("Resultaron heridos cuatro serenos durante la gresca.", None, 4),
    ("Cambista asesinado en la avenida España era amenazado", 1, None),
    ("Cuatro comerciantes murieron y otros dos resultaron heridos en la feria.", 4, 2),
    ("Tres de los pasajeros fallecieron en el acto.", 3, None),
    ("Dos de sus compañeros quedaron heridos tras los disparos.", None, 2),
    ("Cinco obreros mueren en ataque a campamento", 5, None),
    ("Sicarios acabaron con la vida de un prestamista en el mercado.", 1, None),
    ("El cuerpo sin vida de un mototaxista fue hallado en una acequia.", 1, None),
    ("El vigilante recibió un disparo en el hombro.", None, 1),
    ("La dueña sufrió quemaduras en las manos.", None, 1),
    ("La cifra de fallecidos por el ataque al bus de la empresa subió a tres.", 3, None),
    ("Un repartidor terminó con una bala en el muslo tras el asalto.", None, 1),
    ("El cobrador resultó con una herida en la cabeza.", None, 1),
    ("El chofer recibió un impacto en el brazo; los pasajeros salieron ilesos.", None, 1),
    ("El asalto se produjo sin que se reportaran heridos.", None, 0),
    ("Capturan a tres hombres acusados de asesinar a un minero en Chala.", None, None),
    ("El dueño de una bodega y su hijo resultaron heridos durante el asalto.", None, 2),
    ("Dos pasajeras también resultaron heridas.", None, 2),
    ("Cuatro integrantes de la orquesta resultaron heridos.", None, 4),
    ("Dos policías resultaron con lesiones durante la intervención.", None, 2),
    ("Asaltan casa de cambio y dejan malherido al cajero", None, 1),
    ("El comerciante se encuentra con pronóstico reservado en el hospital.", None, 1),
    ("Ambos fueron trasladados al hospital del distrito.", None, 2),
    ("Los comensales se lanzaron al suelo y nadie resultó herido ni murió.", 0, 0),
    ("De acuerdo con el parte policial, no hubo fallecidos ni heridos.", 0, 0),
    ("El cuerpo presentaba lesiones en el cuello y golpes en el rostro.", None, None),
])
def test_ordinary_wording_and_large_tolls(text, deaths, injured):
    assert count(text, "deaths") == deaths
    assert count(text, "injured") == injured


def test_one_wounded_described_then_both_counted_makes_two(nlp):
    text = ("Tres delincuentes asaltaron a los pasajeros de una combi en la Carretera Central, en Ate, la noche "
            "del domingo. Se llevaron celulares y billeteras. Los ladrones escaparon por una trocha. "
            "Una pasajera recibió una puñalada en el muslo por no entregar su cartera. El chofer quedó con una "
            "herida en la frente. Ambos fueron trasladados al hospital de Vitarte.")
    (event,) = events_of(nlp, None, text)
    assert event["injured"] == 2


@pytest.mark.parametrize("text", [
    "En lo que va del año son 112 los asesinatos en la provincia.",
    "Ya van 45 asesinados en la ciudad desde enero.",
    "Un vecino mató a 20 mascotas con veneno en el parque.",
    "Murieron tres días después de la golpiza.",
    "Los delincuentes asesinaron a seis perritos del albergue.",
])
def test_background_totals_time_spans_and_animals_give_no_count(text):
    assert count(text, "deaths") is None


def test_a_death_verb_alone_makes_an_article_worth_reading():
    assert looks_relevant("Joven perdió la vida tras recibir disparo en Chimbote", "")
    assert looks_relevant("Murieron dos vigilantes en Ate", "")


@pytest.mark.parametrize("title", [
    "Iquitos: pepean a turistas en un bar para robarles sus celulares",
    "Sujeto roba celular a escolar en Comas",
    "Intentaron matarlo para robarle la moto en Piura",
    "Turistas son pepeados en un hotel de Cusco",
])
def test_every_form_of_a_crime_verb_makes_an_article_worth_reading(title):
    assert looks_relevant(title, "")


def test_a_weak_crime_word_with_a_victim_is_an_incident(nlp):
    [event] = events_of(nlp, "Vigilante queda herido tras disparo en Villa El Salvador",
                        "El hombre fue trasladado a un hospital cercano.")
    assert event["kind"] == "incident" and event["injured"] == 1
    [event] = events_of(nlp, "Ataque en socavón de Pataz deja 14 fallecidos",
                        "Los cuerpos fueron trasladados a la morgue de Trujillo.")
    assert event["kind"] == "incident" and event["deaths"] == 14
    assert "homicide" in event["crime_types"]
    assert (event["department"], event["province"]) == ("La Libertad", "Pataz")


def test_animals_killed_are_not_deaths(nlp):
    found = events_of(nlp, "Denuncian que sujeto mató a 20 mascotas en Chorrillos",
                      "Los vecinos del sector indicaron que el hombre envenenó a los animales.")
    assert all(e["deaths"] is None for e in found)


# 2. A text opening with a caption, a date line or an update stamp ------------------------------

@pytest.mark.parametrize("line", ["Foto: Andina", "Foto: Difusión / PNP", "(Actualizado 10:32)",
                                  "ACTUALIZADO 08:15 AM", "Lima, 12 de marzo de 2025.",
                                  "Piura, 3 de abril de 2025 (Andina).", "Trujillo.", "Por Rosa Quispe",
                                  "Foto: Captura | Así quedó la puerta del local tras la explosión."])
def test_captions_and_date_lines_are_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ["La víctima sobrevivió.", "Ocurrió anoche en Bellavista.",
                                  "Sicarios asesinan a chofer en Comas",
                                  "(Actualizado 10:32) Sicarios asesinaron a un chofer en Comas."])
def test_news_sentences_are_not_boilerplate(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize("opening", ["Foto: Andina / Difusión\n\n", "Lima, 12 de marzo de 2025. ",
                                     "(Actualizado 10:32)\n", "Trujillo.\n",
                                     "Foto: Captura | Así quedó la fachada tras la detonación.\n\n"])
def test_an_opening_caption_or_date_line_does_not_hide_the_incident(nlp, opening):
    text = (opening + "Una explosión destruyó la puerta de una empresa de transportes en El Porvenir. "
            "Los dueños contaron que venían recibiendo mensajes de extorsionadores. "
            "La Policía llegó minutos después. Nadie resultó herido.")
    [event] = events_of(nlp, "", text)
    assert event["kind"] == "incident"
    assert {"extortion", "armed_attack"} <= set(event["crime_types"])
    assert (event["department"], event["district"]) == ("La Libertad", "El Porvenir")


# 3. A victim's nationality is not the place -----------------------------------------------------

@pytest.mark.parametrize("title,text,district", [
    ("", "Un ciudadano venezolano fue asesinado en Comas la madrugada del domingo.", "Comas"),
    ("Colombiano es asesinado de varios disparos en Los Olivos", "El hombre estaba en una cochera.", "Los Olivos"),
    ("Asesinan a ciudadana argentina", "El crimen ocurrió en Surco la noche del sábado.", "Santiago de Surco"),
])
def test_a_victims_nationality_is_not_the_place(nlp, title, text, district):
    [event] = events_of(nlp, title, text)
    assert event["kind"] == "incident" and event["deaths"] == 1
    assert (event["department"], event["province"], event["district"]) == ("Lima", "Lima", district)


def test_a_foreign_police_still_puts_the_event_abroad(nlp):
    assert events_of(nlp, "Policía colombiana captura a peruano en Bogotá", "El sujeto era buscado.") == []
    assert events_of(nlp, None, "Santiago de Chile.- Carabineros detuvieron a 12 integrantes de una facción del "
                     "Tren de Aragua en un operativo en Maipú, informó el Ministerio Público chileno.") == []


@pytest.mark.parametrize("title,kept", [
    # The country of the crime the suspects are charged with, not of the arrest …
    ("Desarticulan banda que vendía armas usadas en un atentado en Colombia", True),
    # … but an arrest told abroad, or by a foreign police, is abroad.
    ("Capturan en Bolivia a banda que robaba autos en Tacna", False),
    ("Policía chilena desarticula banda que extorsionaba a peruanos en Santiago", False),
])
def test_a_foreign_place_in_an_operations_charge_is_not_its_place(nlp, title, kept):
    found = events_of(nlp, title, "Cinco sujetos fueron detenidos durante la intervención.")
    assert [e["kind"] for e in found] == (["operation"] if kept else [])


def test_an_operation_of_perus_police_with_foreign_help_is_in_peru(nlp):
    (event,) = events_of(nlp, "Operativo de la PNP y la Fiscalía contra la venta ilegal de armas a delincuentes",
                         "El operativo contó con el apoyo de agentes de investigación de Estados Unidos.")
    assert event["kind"] == "operation"


# 4. A crime during an emergency is an incident ---------------------------------------------------

@pytest.mark.parametrize("title", [
    "Mototaxista asesinado en pleno estado de emergencia en San Martín de Porres",
    "Asesinan a chofer de combi en Ate pese al estado de emergencia",
    "Balean a cambista en Trujillo durante el estado de emergencia",
])
def test_a_crime_during_an_emergency_is_an_incident(nlp, title):
    [event] = events_of(nlp, title, "Los atacantes huyeron en una motocicleta.")
    assert event["kind"] == "incident"


def test_a_standing_emergency_told_first_is_the_context_of_the_crime(nlp):
    # Page text that opens on the emergency in force, then tells the attack.
    [event] = events_of(nlp, None, "La provincia de Chiclayo cumple ya un mes bajo estado de emergencia y, pese al "
                        "patrullaje mixto de policías y militares, los ataques no se detienen. La noche del lunes, "
                        "dos sicarios dispararon contra un colectivero en José Leonardo Ortiz, que murió en el "
                        "acto.")
    assert event["kind"] == "incident" and event["deaths"] == 1


# 5. Emergencies, troops and transport strikes ---------------------------------------------------

@pytest.mark.parametrize("title,text", [
    ("Gobierno desplegará a las Fuerzas Armadas en Lima y Callao",
     "Los militares apoyarán a la Policía en el patrullaje de las calles."),
    ("Declaran estado de emergencia en Trujillo por 60 días", "El decreto supremo fue publicado hoy."),
    ("Prorrogan estado de emergencia en Lima Metropolitana y el Callao", "La medida rige 30 días más."),
    (None, "Piura: el INPE trasladó a 20 reos de alta peligrosidad al penal de Challapalca "
     "para frenar las extorsiones desde las cárceles."),
    (None, "Trujillo.- Desde este lunes rige la inmovilización social obligatoria entre las diez de la noche y "
     "las cinco de la mañana en la provincia de Trujillo, tras el asesinato de tres choferes la semana "
     "pasada. La medida fue dispuesta por el Gobierno mediante decreto supremo."),
])
def test_emergencies_and_troops_are_measures(nlp, title, text):
    [event] = events_of(nlp, title, text)
    assert event["kind"] == "measure"


def test_an_emergency_for_rains_is_no_measure(nlp):
    assert events_of(nlp, "Declaran estado de emergencia en Piura por lluvias intensas",
                     "Los huaicos afectaron a cientos de familias.") == []


@pytest.mark.parametrize("title,text", [
    ("Paro de transportistas: cientos de combis no salen a las calles en Lima",
     "Los gremios protestan por la extorsión y el asesinato de choferes."),
    ("Transportistas acatan paro contra la extorsión en Lima Norte", "Las empresas exigen garantías."),
    ("Transportistas de Trujillo anuncian paro por ataques extorsivos", "Los choferes marcharán hasta la prefectura."),
])
def test_transport_strikes_against_extortion_are_protests(nlp, title, text):
    [event] = events_of(nlp, title, text)
    assert event["kind"] == "protest"


def test_a_cardiac_arrest_is_no_strike(nlp):
    found = events_of(nlp, "Chofer extorsionado muere de un paro cardíaco en Comas",
                      "El hombre había denunciado amenazas de una banda.")
    assert all(e["kind"] != "protest" for e in found)


# 6. Crime words in another sense -----------------------------------------------------------------

@pytest.mark.parametrize("title,text", [
    ("Perú consigue un cupo al Mundial sub 17", "La selección venció a Bolivia en el último minuto."),
    ("Advíncula jugará por la banda izquierda ante Chile", "El técnico confirmó el once para el domingo."),
    ("El delantero robó el balón y sacó un disparo al arco", "El encuentro terminó sin goles."),
    ("", "José Olaya fue ejecutado en 1821 por los realistas. Hoy Chorrillos recuerda al héroe pescador."),
    ("La extorsión y el miedo: una columna de Juan Pérez", "Cada semana más choferes son asesinados en Lima."),
])
def test_other_senses_give_no_event(nlp, title, text):
    assert events_of(nlp, title, text) == []


def test_a_charged_quota_is_still_extortion(nlp):
    [event] = events_of(nlp, "Comas: sicarios asesinan a chofer que se negó a pagar cupos",
                        "El ataque ocurrió anoche.")
    assert "extortion" in event["crime_types"]


# Deaths not caused by a person, and measures not taken (the guide: accidents, disasters, illness,
# bills and debates are not events) ------------------------------------------------------------

@pytest.mark.parametrize("title,text", [
    ("Rayo mata a un guía y deja cuatro turistas heridos en Cusco",
     "La descarga eléctrica alcanzó al grupo durante la caminata en la montaña."),
    ("Huaico mata a una familia en Chosica", "El lodo arrasó la vivienda durante la madrugada."),
    ("Un tráiler sin frenos mata a dos peatones en la Panamericana Norte",
     "El conductor perdió el control en la bajada y se despistó."),
])
def test_a_death_by_nature_or_accident_is_no_event(nlp, title, text):
    assert events_of(nlp, title, text) == []


@pytest.mark.parametrize("title,text", [
    ("Delincuentes en auto matan a cambista en Los Olivos",
     "Los sujetos huyeron tras disparar contra el cambista en la avenida Naranjal."),
    ("Sicarios en moto matan a chofer de combi en Comas",
     "El conductor recibió cuatro disparos en el paradero final."),
])
def test_people_who_kill_from_a_vehicle_still_commit_a_crime(nlp, title, text):
    (event,) = events_of(nlp, title, text)
    assert "homicide" in event["crime_types"]


@pytest.mark.parametrize("title", [
    "Ministro del Interior descarta nuevo estado de emergencia en Trujillo",
    "Gremios de transportistas piden declarar el estado de emergencia en Piura",
    "Congresistas debaten proyecto de ley para desplegar a las Fuerzas Armadas en las calles",
])
def test_a_measure_asked_for_debated_or_ruled_out_is_no_event(nlp, title):
    assert events_of(nlp, title, "La decisión se conocerá en los próximos días.") == []


def test_a_declared_emergency_is_still_a_measure(nlp):
    (event,) = events_of(nlp, "Gobierno declara el estado de emergencia en Trujillo por 60 días",
                         "El decreto supremo fue publicado en El Peruano y dispone el apoyo de las Fuerzas Armadas.")
    assert event["kind"] == "measure"


@pytest.mark.parametrize("text", [
    "Un comerciante fue asesinado a balazos en Ottawa la noche del sábado. La policía busca a los dos "
    "atacantes, que huyeron en una motocicleta.",
    "Sicarios asesinaron a un chofer de bus en Barquisimeto. El conductor había denunciado cobros de cupos, "
    "según la policía local.",
    "Delincuentes asaltaron una joyería en Múnich y se llevaron relojes por un millón de euros. No hubo heridos.",
    "Capturan en Tucumán a un cabecilla de una banda dedicada a la extorsión de transportistas.",
])
def test_a_crime_in_a_foreign_city_is_no_event_in_page_text(nlp, text):
    # The world's countries and main cities are foreign places (models/gazetteer/foreign.tsv),
    # not only the neighbours' and the handful the press names most.
    assert events_of(nlp, None, text) == []


# Page text that only names crimes: read from the model's syntax (pipeline/extract/syntax.py) ----

@pytest.mark.parametrize("text", [
    "La congresista presentó ayer una denuncia penal por homicidio contra el exministro del Interior "
    "y otros funcionarios del anterior gobierno. El documento fue entregado en la mesa de partes.",
    "El presidente del directorio informó que el gerente, acusado de tentativa de feminicidio en el 2019, "
    "dejó de trabajar en la empresa estatal. La entidad no dio más detalles.",
    "El nuevo viceministro fue jefe de la Dirección Antidrogas de la Policía durante dos años. Antes "
    "ocupó cargos en la región policial de Arequipa.",
    "La procuradora sostuvo que la norma afectaría los procesos por extorsión y sicariato que hoy "
    "se tramitan en el Poder Judicial. Pidió al Congreso revisarla.",
])
def test_page_text_that_only_names_a_crime_reports_no_incident(nlp, text):
    assert events_of(nlp, None, text) == []


@pytest.mark.parametrize("text,kind", [
    ("Dos sujetos asesinaron a un mototaxista en la avenida principal de Comas la noche del domingo. "
     "Los vecinos escucharon al menos cinco disparos.", "incident"),
    ("La planta de la empresa minera sufrió actos de vandalismo durante la madrugada en Huancavelica. "
     "Los vigilantes fueron reducidos por un grupo de encapuchados.", "incident"),
    ("Un artefacto explosivo fue detonado en la puerta de una bodega de Trujillo. La dueña había "
     "recibido cartas extorsivas.", "incident"),
    ("El dirigente recibió una amenaza de muerte tras denunciar a los mineros ilegales de Pataz. "
     "Pidió garantías a la Prefectura.", "incident"),
])
def test_page_text_that_reports_a_crime_still_gives_the_incident(nlp, text, kind):
    found = events_of(nlp, None, text)
    assert [e["kind"] for e in found][:1] == [kind]


def test_the_syntax_reader_tells_a_crime_reported_from_a_crime_named(nlp):
    doc = nlp("Delincuentes asaltaron una bodega en Comas. La fiscal abrió un caso por extorsión contra el alcalde.")
    marks = {c.text: c._.named_only for c in doc.spans["vigia_cues"] if c.label_ == "CRIME"}
    assert marks["asaltaron"] is False
    assert marks["extorsión"] is True


# Wording the cue tables lacked, found on the probe-dev set's misses ----------------------------

@pytest.mark.parametrize("text,kind,types", [
    ("Tres sujetos subieron a una combi en Comas y despojaron de sus pertenencias a los pasajeros. "
     "Huyeron en un auto blanco.", "incident", ["robbery"]),
    ("Dos motociclistas le arrancharon la cartera a una vecina de Surco cuando salía del banco.",
     "incident", ["robbery"]),
    ("La Policía decomisó 900 kilos de cocaína en el puerto del Callao. La droga iba con destino a "
     "Amberes, en Bélgica, oculta en cajas de paltas.", "operation", ["drug_trafficking"]),
    ("El Ejecutivo publicó el decreto legislativo que castiga la extorsión con penas de hasta 20 años "
     "de prisión. La norma entra en vigencia mañana.", "measure", ["extortion"]),
    ("Cientos de comerciantes de Gamarra marcharon contra las extorsiones y cerraron sus tiendas por "
     "la mañana.", "protest", ["extortion"]),
])
def test_wordings_of_robbery_seizure_decree_and_march(nlp, text, kind, types):
    (event, *_) = events_of(nlp, None, text)
    assert event["kind"] == kind
    assert set(types) <= set(event["crime_types"])


def test_a_toll_that_rose_is_the_events_toll(nlp):
    (event,) = events_of(nlp, None, "La cifra de fallecidos por el atentado explosivo contra la discoteca del "
                         "centro de Trujillo subió a dos. Una joven murió en el hospital la noche del lunes.")
    assert event["kind"] == "incident" and event["deaths"] == 2


def test_a_march_recalls_its_victim_without_counting_it(nlp):
    (event,) = events_of(nlp, None, "Cientos de mototaxistas marcharon en Chiclayo contra las extorsiones. "
                         "Llevaban fotos de un cobrador asesinado la semana pasada.")
    assert event["kind"] == "protest" and event["deaths"] is None


def test_another_robbery_in_the_same_piece_is_its_own_event(nlp):
    found = events_of(nlp, None, "Un obrero terminó con una bala en la pierna cuando dos delincuentes le "
                      "arrancharon su sueldo en Chorrillos. En otro asalto, cuatro delincuentes robaron una "
                      "pollería de Santa Anita. No hubo heridos.")
    assert [e["injured"] for e in found] == [1, 0]


@pytest.mark.parametrize("text,field,value", [
    ("Sube a dos la cifra de muertos por el atentado contra el restaurante. La segunda víctima murió ayer.",
     "deaths", 2),
    ("Un mozo murió ayer en el hospital. Con su muerte, son ya dos los fallecidos por el ataque del sábado.",
     "deaths", 2),
    ("Una joven se debate entre la vida y la muerte tras ser atacada a puñaladas por su expareja.", "injured", 1),
    ("Con este deceso, ya son tres las personas fallecidas en el ataque.", "deaths", 3),
    ("El robo en el grifo no dejó heridos ni víctimas que lamentar.", "deaths", 0),
    ("Los vigilantes no sufrieron lesiones durante el asalto.", "injured", 0),
])
def test_tolls_of_follow_ups_and_other_wordings(text, field, value):
    assert count(text, field) == value


def test_a_toll_stated_past_the_lead_is_the_incidents(nlp):
    text = ("PUERTO MALDONADO\n\nLa violencia volvió a La Pampa. Un grupo de encapuchados disparó contra un "
            "campamento minero en el distrito de Inambari la noche del sábado. Los trabajadores huyeron al "
            "monte. El ataque duró varios minutos. Tres mineros perdieron la vida en el lugar.")
    (event,) = events_of(nlp, None, text)
    assert event["deaths"] == 3


def test_a_guerrilla_column_is_no_opinion_column(nlp):
    (event,) = events_of(nlp, None, "Ayacucho, 31 de mayo. Un soldado perdió la vida durante una emboscada de "
                         "una columna de narcoterroristas en el distrito de Llochegua.")
    assert event["kind"] == "incident" and event["deaths"] == 1


def test_an_operation_years_ago_does_not_make_the_kind(nlp):
    (event,) = events_of(nlp, None, "Hace tres años, la Operación Mercurio prometió recuperar La Pampa. El "
                         "sábado, dos mineros fueron asesinados a balazos en un campamento de Inambari.")
    assert event["kind"] == "incident" and event["deaths"] == 2


def test_a_planned_crime_is_an_arrests_charge_not_an_incident(nlp):
    assert events_of(nlp, "Terrorista que planeaba matar a un empresario en Cusco: lo que se sabe", "") == []
    (event,) = events_of(nlp, "Capturan a extranjero que planeaba asesinar a un empresario en Cusco",
                         "Agentes de la Dircote lo detuvieron en un hotel de Miraflores.")
    assert event["kind"] == "operation"
    # The parser hangs 'para matar' on the verb, not on 'plan': still a plan.
    (event,) = events_of(nlp, "Cómplice confesó el plan para matar a un comerciante chino",
                         "Luis Quispe, también detenido, reveló que le ofrecieron cinco mil soles por el encargo.")
    assert event["kind"] == "operation"


@pytest.mark.parametrize("title,text,place", [
    ("La Libertad: asesinan a chofer de combi", "El crimen ocurrió en Trujillo la noche del lunes.",
     ("La Libertad", "Trujillo", None)),
    ("Huaraz: asesinan a comerciante en el distrito de La Libertad", "Sicarios lo atacaron en su tienda.",
     ("Áncash", "Huaraz", "La Libertad")),
])
def test_a_regions_name_is_the_region_unless_the_text_points_to_the_district(nlp, title, text, place):
    (event,) = events_of(nlp, title, text)
    assert (event["department"], event["province"], event["district"]) == place


@pytest.mark.parametrize("text,department,province", [
    ("Delincuentes asaltaron una tienda de celulares en Arequipa la noche del lunes.", "Arequipa", "Arequipa"),
    ("Tacna. Cuatro delincuentes armados asaltaron a dos cambistas en el centro de la ciudad.", "Tacna", "Tacna"),
    ("Delincuentes asaltaron una tienda en Sullana, en la región Piura.", "Piura", "Sullana"),
    ("Sicarios asesinaron a un vigilante en Loreto, según la Policía.", "Loreto", None),
])
def test_a_city_named_alone_is_its_province(nlp, text, department, province):
    # The guide: 'en Arequipa' is province Arequipa, district null; Loreto's capital is Maynas.
    (event,) = events_of(nlp, None, text)
    assert (event["department"], event["province"], event["district"]) == (department, province, None)


def test_an_opinion_section_reports_no_event(nlp):
    text = "Sicarios asesinaron a un chofer en Comas. El Gobierno no ha hecho nada contra la extorsión."
    article = {"url": "https://diario.pe/opinion/la-extorsion-que-no-cesa-noticia/", "title": None, "text": text,
               "published": "2025-03-12"}
    assert next(extract_articles([article], nlp=nlp)) == []
    assert events_of(nlp, None, text) != []  # the same text in a news section is an event



@pytest.mark.parametrize("url", [
    "https://diario.pe/mundo/latinoamerica/ecuador-sicarios-asesinan-a-chofer-noticia/",
    "https://radio.pe/internacionales/sicarios-asesinan-a-chofer/",
    "https://diario.pe/tecnologia/robo-de-datos-a-usuarios-noticia/",
    "https://diario.pe/politica/jose-perez-la-extorsion-no-se-combate-con-decretos-entrevista-noticia/",
    "https://diario.pe/lima/cronica-de-una-noche-en-la-comisaria-noticia/",
])
def test_world_technology_and_interview_addresses_report_no_event(nlp, url):
    text = "Sicarios asesinaron a un chofer de combi en el paradero. Los atacantes huyeron en una moto."
    article = {"url": url, "title": None, "text": text, "published": "2025-03-12"}
    assert next(extract_articles([article], nlp=nlp)) == []
    # The same text in a news section, or under sports or economy (attacks on a stadium or on a
    # mine are reported there), is an event.
    for news in ("https://diario.pe/lima/sicarios-asesinan-a-chofer/", "https://diario.pe/deportes/atentado/",
                 "https://diario.pe/economia/ataque-a-minera/"):
        assert next(extract_articles([{**article, "url": news}], nlp=nlp)) != []

# Crime types as the guide reads them ------------------------------------------------------------

@pytest.mark.parametrize("title,text", [
    ("Ataque a bocamina deja dos muertos en Pataz",
     "Hombres armados dispararon contra los trabajadores de una contratista en la bocamina Esperanza, en el "
     "distrito de Parcoy. Dos obreros murieron en el lugar."),
    (None, "Un vigilante fue asesinado a balazos la noche del sábado cuando un grupo armado irrumpió en un "
     "campamento minero de Chala. Los atacantes buscaban apoderarse de las vetas de oro."),
])
def test_violence_at_a_mining_site_is_illegal_minings(nlp, title, text):
    (event,) = events_of(nlp, title, text)
    assert "illegal_mining" in event["crime_types"] and "homicide" in event["crime_types"]


def test_a_killing_far_from_a_mine_is_not_illegal_minings(nlp):
    (event,) = events_of(nlp, "Asesinan a cambista en Trujillo",
                         "Un cambista fue asesinado a balazos en la avenida España. Compraba oro y dólares "
                         "en la zona desde hace diez años.")
    assert "illegal_mining" not in event["crime_types"]


@pytest.mark.parametrize("title,text,types", [
    (None, "Una contadora fue víctima de un secuestro al paso tras abordar un taxi en la avenida Universitaria, "
     "en San Martín de Porres. Dos hombres armados la obligaron a entregar las claves de sus tarjetas.",
     {"kidnapping", "robbery"}),
    ("Hallan asesinado a mototaxista en Chiclayo",
     "El cuerpo del mototaxista presentaba heridas de arma blanca en el cuello. Su vehículo no ha sido "
     "ubicado hasta el momento.", {"homicide", "robbery"}),
])
def test_what_was_taken_makes_a_robbery(nlp, title, text, types):
    (event,) = events_of(nlp, title, text)
    assert types <= set(event["crime_types"])


def test_the_motive_the_body_tells_makes_extortion(nlp):
    text = ("Sicarios asesinaron a balazos a un mototaxista en el paradero de la avenida Los Incas, en Comas. "
            "El hombre murió en el acto. Sus compañeros contaron que desde hace tres semanas un grupo "
            "criminal les exigía pagar 10 soles diarios por unidad.")
    (event,) = events_of(nlp, None, text)
    assert set(event["crime_types"]) == {"homicide", "extortion", "armed_attack"}


@pytest.mark.parametrize("title,text,types", [
    ("Asaltan botica en Huancayo y hieren a farmacéutico",
     "Dos delincuentes ingresaron a la botica y le exigieron el dinero de la caja. Al resistirse, el "
     "farmacéutico recibió un corte en el brazo.", {"robbery"}),
    ("Secuestran a comerciante en Ate y lo liberan tras pagar rescate",
     "Sus captores se comunicaron con la familia y exigieron 200 000 soles por su liberación. Tras dos días "
     "de negociación, el comerciante fue liberado en Huachipa.", {"kidnapping"}),
])
def test_a_robbers_or_kidnappers_demand_is_no_extortion(nlp, title, text, types):
    (event,) = events_of(nlp, title, text)
    assert types <= set(event["crime_types"]) and "extortion" not in event["crime_types"]


@pytest.mark.parametrize("text,shot", [
    ("Los dueños de una ferretería de Ate encontraron un sobre con una bala y una nota en la que les exigían "
     "10 000 soles para no atentar contra el local.", False),
    ("Extorsionadores dejaron una bala junto a una carta en la puerta de una bodega de Comas y exigieron el "
     "pago de un cupo semanal.", False),
    ("Extorsionadores dispararon cuatro balas contra la fachada de una bodega de Comas tras exigir el pago de "
     "un cupo semanal.", True),
])
def test_a_bullet_left_as_a_threat_is_no_shooting(nlp, text, shot):
    (event,) = events_of(nlp, None, text)
    assert "extortion" in event["crime_types"]
    assert ("armed_attack" in event["crime_types"]) == shot


@pytest.mark.parametrize("motive", [
    "Desde hace dos meses una banda les exige cinco soles diarios por unidad.",
    "Nos piden 20 mil soles y un porcentaje de cada contrato, contó el dueño.",
    "La empresa venía recibiendo mensajes en los que se le exigía un cupo equivalente al 3 % del valor de la obra.",
])
def test_the_motive_told_in_words_or_as_a_share_makes_extortion(nlp, motive):
    text = ("Desconocidos detonaron un explosivo en la puerta de una cochera de mototaxis en Huaura la noche del "
            "sábado. La explosión destruyó el portón. " + motive)
    (event,) = events_of(nlp, None, text)
    assert {"extortion", "armed_attack"} <= set(event["crime_types"])


def test_running_someone_over_on_purpose_is_a_crime_and_an_accident_is_not(nlp):
    (event,) = events_of(nlp, "Conductor atropella a propósito a un sereno en Chilca y huye",
                         "El sereno resultó con fracturas en ambas piernas. La Policía busca al conductor.")
    assert event["kind"] == "incident" and event["crime_types"] == ["other_crime"]
    assert events_of(nlp, "Conductor atropella a un peatón en la Panamericana Sur",
                     "El peatón fue llevado al hospital de Chilca. El chofer se quedó en el lugar.") == []


def test_women_rescued_from_a_clandestine_brothel_is_trafficking(nlp):
    (event,) = events_of(nlp, None, "Siete mujeres extranjeras fueron rescatadas por la Policía durante la "
                         "intervención a un prostíbulo clandestino en el distrito de Ciudad Nueva, en Tacna. "
                         "Dos personas fueron detenidas.")
    assert event["kind"] == "operation" and "human_trafficking" in event["crime_types"]


def test_a_woman_wounded_by_her_former_partner_is_an_attempted_feminicide(nlp):
    (event,) = events_of(nlp, None, "Una joven de 22 años se debate entre la vida y la muerte en el hospital de "
                         "Moyobamba, luego de que su expareja la atacara con un cuchillo en la puerta de su casa.")
    assert event["kind"] == "incident" and event["crime_types"] == ["feminicide"] and event["injured"] == 1
    assert event["deaths"] is None


def test_a_gangs_origin_rival_or_possible_link_is_not_involved(nlp):
    (event,) = events_of(nlp, None, "Sicarios de Los Pepes asesinaron a un mototaxista en El Porvenir la noche del "
                         "martes. Los Pepes son una facción desprendida de Los Pulpos. La Fiscalía no descarta "
                         "vínculos con el Tren de Aragua.")
    assert event["gangs"] == ["Los Pepes"]
    # Links stated as the reason of an arrest involve the gang.
    (event,) = events_of(nlp, None, "Agentes de la Dirincri capturaron en Trujillo a cuatro sujetos por sus "
                         "presuntos vínculos con Los Pulpos. Se les incautó dos pistolas.")
    assert "Los Pulpos" in event["gangs"]


def test_a_woman_killed_by_her_partner_is_a_feminicide(nlp):
    (event,) = events_of(nlp, None, "Una mujer de 31 años fue asesinada a puñaladas por su expareja en su "
                         "vivienda de Manantay. El agresor huyó.")
    assert event["crime_types"] == ["feminicide"]
    # A woman who kills a man is not.
    (event,) = events_of(nlp, "Mujer mata a balazos a hombre al confundirlo con extorsionador",
                         "La víctima era el tío de su expareja.")
    assert "feminicide" not in event["crime_types"]


def test_a_measure_against_hitmen_is_no_shooting(nlp):
    (event,) = events_of(nlp, "Gobierno declara estado de emergencia en Trujillo contra el sicariato y la extorsión",
                         "El decreto supremo fue publicado en El Peruano.")
    assert event["kind"] == "measure" and "armed_attack" not in event["crime_types"]


def test_an_attack_word_adds_no_type_to_a_named_crime(nlp):
    (event,) = events_of(nlp, None, "Un taxista fue atacado y asaltado por tres delincuentes en Los Olivos. "
                         "Le robaron el auto y el celular.")
    assert event["crime_types"] == ["robbery"]


@pytest.mark.parametrize("text", [
    "Lectura de 3 minutos\n\nLa Comisión de Justicia aprobó un dictamen que sanciona con cadena perpetua el uso de "
    "explosivos para extorsionar. El texto pasa al Pleno.",
    "La extorsión en el norte del país ya no es solo un problema de las grandes ciudades. Así lo concluye un estudio "
    "de expedientes fiscales de Tumbes a Chimbote.",
    "La criminóloga Ana Ríos estudia la extorsión desde hace diez años. Conversamos con ella sobre el fenómeno.\n\n"
    "—¿Qué ha cambiado en los últimos años?",
    "La nueva serie peruana que se estrena este viernes cuenta la historia de un mototaxista que enfrenta a una banda "
    "de extorsionadores. El protagonista es interpretado por un actor trujillano.",
])
def test_bills_topics_interviews_and_shows_in_page_text_are_no_events(nlp, text):
    assert events_of(nlp, None, text) == []


@pytest.mark.parametrize("text,kind,types", [
    ("Al menos doce comerciantes de Gamarra recibieron cartas con balas. Las cartas exigían a cada comerciante un "
     "pago semanal de 500 soles.", "incident", ["extortion"]),
    ("Cientos de vecinos de Tingo María marcharon contra los asaltos y robos en la ciudad.", "protest", ["robbery"]),
    ("LA LIBERTAD | Redacción\n\nUn chofer de la empresa Nuevo Horizonte resultó herido tras recibir disparos "
     "en La Esperanza.", "incident", ["armed_attack"]),
    ("Ganaderos de Lajas denunciaron el abigeato de veinte reses la madrugada del domingo.", "incident", ["robbery"]),
    ("La Policía detuvo a un hombre que abusó sexualmente de una menor en el Rímac.", "operation", ["sexual_violence"]),
    ("La Policía decomisó 25 kilos de oro sin sustento en un control de carretera en Atico.", "operation",
     ["illegal_mining"]),
])
def test_more_wordings_of_extortion_marches_and_operations(nlp, text, kind, types):
    (event, *_) = events_of(nlp, None, text)
    assert event["kind"] == kind and set(types) <= set(event["crime_types"])


def test_acts_during_a_march_are_not_what_it_protests(nlp):
    (event,) = events_of(nlp, None, "El congresista denunció que una turba atacó su casa en Puerto Maldonado, "
                         "en represalia por la Marcha por la paz, saqueando tiendas.")
    assert event["kind"] == "incident"


def test_the_wounded_told_past_the_lead_are_the_incidents(nlp):
    text = ("Tres delincuentes armados asaltaron una ferretería de Cerro Colorado la noche del lunes. Se llevaron "
            "la recaudación del día. Las cámaras registraron el momento. Los vecinos llamaron al serenazgo. El "
            "dueño, de 52 años, recibió dos puñaladas en el costado y fue llevado al hospital.")
    (event,) = events_of(nlp, None, text)
    assert event["injured"] == 1
    # A similar attack the article recalls is not this one's.
    text = ("Sicarios asesinaron a un comerciante en Barrios Altos. Huyeron a pie. La Policía recogió siete "
            "casquillos. La zona ya había sido escenario de hechos similares: en abril, otro comerciante "
            "sobrevivió a un ataque a balazos.")
    (event,) = events_of(nlp, None, text)
    assert event["injured"] is None


@pytest.mark.parametrize("title,text", [
    (None, "La Comisión de Defensa del Congreso aprobó por mayoría un dictamen que permite detenciones sin orden "
           "judicial en casos de extorsión y sicariato."),
    (None, "El Pleno del Congreso debatió durante cinco horas un proyecto de ley que tipifica el terrorismo urbano "
           "para sancionar a quienes cometan extorsiones y atentados."),
    (None, "Cada vez que un mototaxista es asesinado en el Cono Norte, se repite el mismo ritual: marchas, "
           "anuncios y un nuevo estado de emergencia."),
    (None, "Columna de opinión\n\nCada semana un chofer muere baleado en Lima y el Gobierno responde con otro "
           "estado de emergencia que nadie evalúa."),
])
def test_bills_debates_and_general_statements_are_no_events(nlp, title, text):
    assert events_of(nlp, title, text) == []


def test_what_the_plenary_passes_is_still_a_measure(nlp):
    events = events_of(nlp, None, "El Pleno del Congreso aprobó otorgar facultades al Ejecutivo para legislar en "
                       "seguridad ciudadana y crimen organizado durante 90 días. La norma fue publicada en El Peruano.")
    assert [e["kind"] for e in events] == ["measure"]


def test_a_rising_toll_and_a_rank_in_the_year_are_the_events_own_figures(nlp):
    (event,) = events_of(nlp, "Sube a tres la cifra de muertos por ataque a discoteca en Independencia",
                         "Un segundo herido falleció la madrugada del martes en el hospital Cayetano Heredia.")
    assert event["kind"] == "incident" and event["deaths"] == 3
    (event,) = events_of(nlp, None, "Comerciantes de Huamachuco denunciaron el robo de mercadería de tres tiendas "
                         "la madrugada del sábado, el tercer robo en la zona en lo que va del año.")
    assert event["kind"] == "incident" and event["crime_types"] == ["robbery"]
    # A running total is still statistics.
    assert events_of(nlp, None, "Se registraron 32 asesinatos en Trujillo en lo que va del año, según la "
                     "Policía.") == []


def test_a_march_to_end_a_wave_of_robberies_is_a_protest(nlp):
    (event,) = events_of(nlp, None, "Cientos de vecinos de Chachapoyas marcharon la noche del jueves para exigir "
                         "que las autoridades pongan fin a la ola de asaltos en la ciudad.")
    assert event["kind"] == "protest" and event["crime_types"] == ["robbery"]


def test_a_body_found_with_the_marks_of_a_killing_is_a_homicide(nlp):
    text = ("Huancayo\n\nEl cuerpo sin vida de un mototaxista fue hallado la mañana del domingo en un terreno "
            "baldío del distrito de El Tambo. Su vehículo no ha sido ubicado. Según los peritos, el hombre "
            "presentaba heridas punzocortantes en el cuello.")
    (event,) = events_of(nlp, None, text)
    # the missing vehicle makes it a robbery too (see test_what_was_taken_makes_a_robbery)
    assert (event["kind"], event["crime_types"], event["deaths"], event["injured"]) == (
        "incident", ["homicide", "robbery"], 1, None)
    assert event["district"] == "El Tambo"
    # A drowned man's body is no crime.
    text = ("El cuerpo sin vida de un pescador fue hallado en la orilla de la playa de Pimentel. Según los "
            "bomberos, no presentaba signos de violencia y habría muerto ahogado.")
    assert events_of(nlp, None, text) == []
    # … nor one whose denial goes on with 'ni' ('ni heridas de bala').
    text = ("El cuerpo sin vida de un hombre fue hallado en la ribera del río Chillón. Según la Policía, no "
            "presentaba signos visibles de violencia ni heridas de bala o arma blanca.")
    assert events_of(nlp, None, text) == []


def test_a_datelines_dash_leaves_the_place_whole(nlp):
    (event,) = events_of(nlp, None, "San Juan de Lurigancho.- Un mototaxista fue asesinado a balazos la noche del "
                         "lunes cuando esperaba pasajeros en un paradero.")
    assert (event["department"], event["district"]) == ("Lima", "San Juan de Lurigancho")


def test_the_region_a_sector_is_said_to_lie_in_wins_over_a_homonym(nlp):
    (event,) = events_of(nlp, None, "Un sicario asesinó a un bodeguero dentro de su tienda en Pachacútec, en el "
                         "Callao, frente a sus clientes.")
    assert (event["department"], event["province"], event["district"]) == ("Callao", "Callao", None)
    # A list of places is no such statement.
    (event,) = events_of(nlp, None, "Una mototaxista fue asesinada en La Victoria, en Chiclayo, la noche del "
                         "lunes.")
    assert (event["department"], event["district"]) == ("Lambayeque", "La Victoria")


def test_a_company_or_band_named_like_a_gang_is_the_victims(nlp):
    (event,) = events_of(nlp, None, "Un chofer de la empresa Los Halcones de Canto Rey fue asesinado por sicarios "
                         "en San Juan de Lurigancho.")
    assert event["gangs"] == []
    (event,) = events_of(nlp, None, "Integrantes de la banda Los Malditos de Huachipa asesinaron a un chofer en "
                         "Ate.")
    assert event["gangs"] == ["Los Malditos de Huachipa"]
    # The band's bus, or the band named as an 'agrupación' alone, is the victims'.
    (event,) = events_of(nlp, "Comas: dos músicos heridos al ser baleado el bus de agrupación ‘Los Rayos del Sur’",
                         "Los músicos desayunaban cuando dos sujetos dispararon contra el vehículo.")
    assert event["gangs"] == []
    # Named the victims' body once, it is theirs where the headline names it alone.
    (event,) = events_of(nlp, "Balean a ‘Los Rayos del Sur’ tras concierto en Comas",
                         "Los músicos de la agrupación musical ‘Los Rayos del Sur’ denunciaron que recibían "
                         "amenazas extorsivas desde marzo.")
    assert event["gangs"] == []


@pytest.mark.parametrize("text,injured", [
    ("El vigilante no resultó herido, según confirmó la Policía.", 0),
    ("El local estaba vacío; el vigilante, que dormía al fondo, no sufrió lesiones.", 0),
    ("Dos manifestantes resultaron con contusiones y fueron atendidos en el lugar.", 2),
    ("El grifero está en cuidados intensivos tras recibir un balazo en el abdomen.", 1),
    ("Al resistirse, el profesor sufrió la fractura del tabique nasal.", 1),
])
def test_more_wordings_of_the_wounded(text, injured):
    assert count(text, "injured") == injured


@pytest.mark.parametrize("text,field,n", [
    # the count and its verb on either side of an aside between commas
    ("Dos integrantes de la orquesta, el bajista y uno de los trompetistas, resultaron heridos.", "injured", 2),
    ("Uno recibió perdigones en el brazo y otro en la espalda. Ninguno murió.", "deaths", 0),
    ("Las tres víctimas fueron trasladadas al hospital; ninguna de ellas perdió la vida.", "deaths", 0),
    # the toll of another incident the sentence recalls to date its own
    ("Dos mineros fueron asesinados este lunes, dos días después del ataque que dejó cuatro muertos en Vijus.",
     "deaths", 2),
    ("Luego del ataque, dos pasajeros resultaron heridos.", "injured", 2),
])
def test_asides_between_commas_and_none_who_died(text, field, n):
    assert count(text, field) == n


def test_more_wounded_counted_past_the_lead_than_in_it(nlp):
    text = ("Una joven que resultó gravemente herida en el ataque con explosivos contra una discoteca de Los "
            "Olivos falleció este lunes en el hospital. La Policía busca a los responsables. Las cámaras "
            "registraron a dos sujetos en una moto. Además de la joven, otras ocho personas resultaron heridas "
            "esa noche.")
    (event,) = events_of(nlp, None, text)
    assert event["injured"] == 8


def test_a_district_named_as_one_narrows_the_capital_city_of_its_province(nlp):
    (event,) = events_of(nlp, None, "Chimbote.– Un empresario de la construcción fue asesinado a balazos cuando "
                         "supervisaba una obra en la urbanización Buenos Aires, en el distrito de Nuevo Chimbote.")
    assert (event["province"], event["district"]) == ("Santa", "Nuevo Chimbote")
    # Where the getaway car was stopped, late in the story, is not where it happened.
    text = ("Un vigilante murió durante el asalto a una tienda de oro en el centro de Juliaca, la mañana del "
            "miércoles. Los asaltantes huyeron en una camioneta blanca. Se llevaron dos kilos de oro. El "
            "vigilante murió camino al hospital. Horas después, la Policía interceptó la camioneta en la vía, en "
            "el distrito de Caracoto.")
    (event,) = events_of(nlp, None, text)
    assert event["district"] == "Juliaca"


def test_a_district_named_as_one_is_that_district_not_an_older_alias(nlp):
    (event,) = events_of(nlp, None, "Dos jóvenes murieron tras un ataque a balazos durante una fiesta en el sector "
                         "Las Palmeras, en el distrito de Alto Trujillo, la madrugada del domingo.")
    assert (event["province"], event["district"]) == ("Trujillo", "Alto Trujillo")


@pytest.mark.parametrize("text", [
    "BOXEO\n\nKnockout en el tercer asalto: la peruana retuvo su cinturón ante la favorita en el Coliseo Dibós.",
    "ECONOMÍA | Análisis\n\nEl préstamo que se cobra con miedo\n\nSin garantías y con el dinero en la mano: así "
    "crece el gota a gota, con cobradores que amenazan a los comerciantes que se atrasan.",
    "Libros\n\nEn su segunda novela, el escritor liberteño cuenta la historia de tres amigos: uno es policía, otro "
    "es sicario y el tercero, el periodista que intenta entender por qué asesinaron a su hermano.",
    "POLÍTICA | El Pleno del Congreso aprobó este jueves la moción para interpelar al ministro del Interior por la "
    "ola de extorsiones y atentados con explosivos en Lima Norte.",
    "Congreso | Comisión de Justicia\n\nLa Comisión de Justicia del Congreso aprobó un dictamen que eleva las penas "
    "por extorsión agravada con explosivos.",
    "EDITORIAL\n\nOtra vez el Ejecutivo prorroga el estado de emergencia en Lima como si la extorsión se "
    "combatiera con decretos.",
    "Crónica\n\nLe dicen el Negro y vende golosinas en un paradero. Hace diez años asesinó a un cambista en el "
    "Callao por encargo de una banda.",
    "Perfil\n\nNacido en Huánuco, el nuevo jefe de la Dirandro dirigió operativos contra el narcotráfico en el "
    "VRAEM y capturó a varios cabecillas.",
])
def test_page_text_under_another_genres_label_or_a_motion_is_no_event(nlp, text):
    assert events_of(nlp, None, text) == []


def test_a_prevention_guide_is_no_event_and_advice_after_a_crime_is(nlp):
    guide = ("Con la llegada de la gratificación de diciembre aumentan también los robos a personas que retiran "
             "dinero de bancos y cajeros. La Policía recomienda tomar algunas precauciones sencillas para no "
             "convertirse en víctima de las bandas de marcas. Lo primero es evitar retirar grandes sumas de efectivo.")
    assert events_of(nlp, None, guide) == []
    crime = ("Un comerciante fue asaltado y herido de bala tras retirar 20 000 soles de una agencia bancaria en "
             "Los Olivos. Los delincuentes huyeron en una moto. La Policía recomienda tomar precauciones al "
             "retirar dinero.")
    (event,) = events_of(nlp, None, crime)
    assert "robbery" in event["crime_types"] and event["injured"] == 1


@pytest.mark.parametrize("text", [
    "Una denuncia anónima llevó a veinte policías hasta una vivienda de Independencia donde se ocultaría una banda "
    "dedicada al robo de celulares. Tras una hora de registro no se encontró nada irregular.",
    "Un fuerte estruendo en el barrio San Sebastián de Cajamarca hizo circular mensajes sobre un atentado con "
    "explosivos contra una vivienda. Tras la inspección, la Policía descartó cualquier atentado: fue un transformador.",
])
def test_a_search_or_a_scare_that_found_nothing_is_no_event(nlp, text):
    assert events_of(nlp, None, text) == []


def test_a_band_that_steals_the_show_in_quotes_is_no_robbery(nlp):
    assert events_of(nlp, None, "La orquesta Los Reyes del Ritmo se robó el show en el festival de verano: durante "
                     "hora y media 'asaltó' el escenario con sus nuevos temas.") == []


@pytest.mark.parametrize("title,text", [
    ("Chiclayo: acusado de asaltar a una cambista salió libre tras la audiencia",
     "El juez no halló pruebas suficientes y el detenido fue puesto en libertad."),
    ("Ministro descarta nuevo estado de emergencia en Trujillo “con la finalidad de no militarizar”",
     "El ministro dijo que la Policía basta para garantizar la seguridad durante el foro."),
    ("Liberan a hombre que mató a más de 20 animales en Huaral", "Vecinos protestaron frente a la comisaría."),
    (None, "El juez dispuso la liberación inmediata de tres oficiales detenidos la semana pasada en el caso de los "
     "ascensos irregulares en la Policía."),
    (None, "El policía que mató a dos jóvenes en la Vía Expresa rindió su declaración ante la fiscalía. "
     "Llegó acompañado de su abogado."),
    (None, "El alcalde de Chiclayo dijo que no permitirá un eventual allanamiento de la municipalidad por la "
     "investigación a una presunta organización criminal."),
])
def test_a_release_a_measure_ruled_out_and_animals_killed_are_no_event(nlp, title, text):
    assert events_of(nlp, title, text) == []


def test_a_headline_arrest_is_an_operation_whatever_the_charge(nlp):
    (event,) = events_of(nlp, None, "Pucallpa: detienen a hermano de un congresista en una camioneta del "
                         "gobierno regional. Agentes de la comisaría de Yarinacocha lo intervinieron en la "
                         "madrugada del sábado.")
    assert event["kind"] == "operation" and event["crime_types"] == ["other_crime"]
    # A capture only sought is none.
    assert events_of(nlp, None, "El jefe de la Policía dijo que se refuerzan los equipos para dar con la "
                     "ubicación y captura del prófugo exgobernador.") == []


@pytest.mark.parametrize("title,text", [
    ("Mercado de Huancayo cierra sus puertas en protesta contra la extorsión",
     "Los comerciantes no abrieron sus puestos este lunes y recorrieron el centro de la ciudad."),
    (None, "Padres y profesores de colegios privados de Los Olivos marcharon hasta la sede de la Ugel para exigir "
     "protección policial frente a las amenazas extorsivas que reciben los planteles."),
])
def test_a_market_closing_in_protest_or_a_march_against_threats_is_a_protest(nlp, title, text):
    (event,) = events_of(nlp, title, text)
    assert event["kind"] == "protest" and event["crime_types"] == ["extortion"]


def test_a_crime_section_label_still_leads_to_the_event(nlp):
    (event,) = events_of(nlp, None, "POLICIALES\n\nSicarios asesinaron a un cobrador de combi en Comas la noche "
                         "del martes.")
    assert event["kind"] == "incident" and event["district"] == "Comas"


def test_a_coming_day_without_a_year_is_not_last_years(nlp):
    from datetime import date

    from pipeline.extract.dates import resolve_date
    day, words = resolve_date("El estado de emergencia rige a partir del 7 de octubre.", date(2024, 10, 5))
    assert day is None and words == "7 de octubre"
    (event,) = events_of(nlp, None, "Lima, oct. 5 (ANDINA). El Gobierno prorrogó por 30 días el estado de "
                         "emergencia en Lima Metropolitana, a partir del 7 de octubre, contra las extorsiones.",
                         published="2024-10-05")
    assert event["kind"] == "measure"


def test_a_court_step_on_last_weeks_arrest_and_an_annual_count_are_no_events(nlp):
    assert events_of(nlp, None, "El Juzgado de Investigación Preparatoria de Trujillo dictó nueve meses de prisión "
                     "preventiva contra Brayan L. Q., detenido la semana pasada como presunto autor del ataque a "
                     "balazos contra una bodega.") == []
    assert events_of(nlp, None, "La Defensoría del Pueblo registró 170 feminicidios en el Perú durante 2024, "
                     "según su informe anual.") == []
    assert events_of(nlp, None, "Con una misa, la Policía rindió homenaje al suboficial Marco H., asesinado hace "
                     "un año mientras intervenía a delincuentes en San Juan de Lurigancho.",
                     published="2025-03-12") == []


def test_a_sector_in_the_headline_is_placed_by_what_the_body_says_holds_it(nlp):
    (event,) = events_of(nlp, "Matan a bodeguero en Pachacútec por no pagar cupo",
                         "Un sicario acribilló a un bodeguero dentro de su propio negocio en Pachacútec, en el "
                         "Callao, frente a sus clientes.")
    assert (event["department"], event["province"]) == ("Callao", "Callao")


@pytest.mark.parametrize("text,deaths,injured", [
    ("Los tres fueron trasladados al hospital Hipólito Unanue, en El Agustino.", None, 3),
    ("Los tres detenidos fueron trasladados a la comisaría de Zárate.", None, None),
    ("La abuela fue golpeada en la cabeza con la cacha de una pistola.", None, 1),
    ("Fue atendido en el hospital de Nasca por contusiones en el rostro.", None, 1),
    ("Ana y el chofer fueron llevados al hospital; ambos fueron dados de alta el lunes.", None, 2),
    ("El operativo concluyó sin heridos ni fallecidos entre las fuerzas del orden.", 0, 0),
    ("El menor no presentaba lesiones, según el médico legista.", None, 0),
    ("Los médicos informaron que ninguno de los dos falleció.", 0, None),
    ("El profesor fue llevado al hospital, pero los médicos solo pudieron confirmar su muerte.", None, None),
    ("La mujer recibió siete heridas punzocortantes en el abdomen.", None, 1),
    ("Otras seis personas resultaron heridas en el ataque.", None, 6),
])
def test_wounded_beaten_taken_to_hospital_and_wounds_that_are_not_people(text, deaths, injured):
    assert (count(text, "deaths"), count(text, "injured")) == (deaths, injured)


@pytest.mark.parametrize("text,kind,types", [
    ("Juliaca.- Vecinos intentaron linchar a un joven al que acusaron de arrebatarle el celular a una escolar.",
     "incident", ["robbery", "other_crime"]),
    ("Cusco.- La Policía busca a un sujeto que atacó sexualmente a una adolescente en San Jerónimo.", "incident",
     ["sexual_violence"]),
    ("Puno.- Más de 14 kilos de oro de presunta procedencia ilegal fueron incautados durante un operativo en "
     "Ananea; tres personas fueron detenidas.", "operation", ["illegal_mining"]),
    ("Puerto Maldonado.- Un minero murió a machetazos durante un enfrentamiento por un lote en Inambari.",
     "incident", ["homicide"]),
    ("Huánuco.- Un niño de seis años fue raptado a la salida de su colegio en Amarilis.", "incident",
     ["kidnapping"]),
])
def test_crimes_in_words_the_tables_lacked(nlp, text, kind, types):
    (event, *_) = events_of(nlp, None, text)
    assert event["kind"] == kind and set(types) <= set(event["crime_types"])


def test_stealing_the_show_is_no_robbery(nlp):
    assert events_of(nlp, None, "La cantante se robó el show en la segunda noche del festival en el Parque de la "
                     "Exposición, en Lima.") == []


def test_where_the_hospital_is_is_not_where_it_happened(nlp):
    (event,) = events_of(nlp, None, "Uno de los clientes heridos en el ataque a una pollería de Villa El Salvador "
                         "murió este lunes en el hospital María Auxiliadora, en San Juan de Miraflores.")
    assert event["district"] == "Villa El Salvador"


@pytest.mark.parametrize("text,kind", [
    ("Agentes de la Policía rescataron a tres mujeres extranjeras que eran obligadas a ejercer la prostitución en un "
     "bar de Tacna.", "operation"),
    ("Una embarcación con 340 kilos de pasta básica de cocaína fue interceptada por agentes antidrogas en el río "
     "Ucayali.", "operation"),
    ("Más de 280 kilos de cocaína fueron hallados por la Policía en un camión en Bellavista, Jaén.", "operation"),
    ("Dos sicarios lo interceptaron en una calle de Sullana y le dispararon cinco veces. Murió en el acto.",
     "incident"),
])
def test_rescues_interceptions_and_finds_by_the_police_are_operations(nlp, text, kind):
    (event, *_) = events_of(nlp, None, text)
    assert event["kind"] == kind


def test_a_police_drill_is_no_event(nlp):
    assert events_of(nlp, None, "Con disparos de salva y rehenes que gritaban, la Policía realizó un simulacro de "
                     "rescate de un bus tomado por una banda armada en la plaza de Armas de Arequipa.") == []


@pytest.mark.parametrize("text,deaths", [
    # the crime an attack is dated from is another event's
    ("Un segundo cobrador de la línea fue baleado en Comas, apenas dos días después del crimen de "
     "su compañero Elmer Rojas.", None),
    ("Luego del asesinato de un mototaxista, los vecinos de Sullana marcharon hasta la comisaría.", None),
    # a running count of the month is no count of the event
    ("En lo que va de octubre, según la asociación, cuatro mototaxistas han sido asesinados en el distrito.", None),
    ("Un cambista fue asesinado de tres disparos en la avenida Grau.", 1),
])
def test_a_crime_recalled_as_a_date_and_a_months_count_are_not_the_events_dead(text, deaths):
    assert count(text, "deaths") == deaths


def test_an_attack_a_day_after_a_colleagues_murder_and_without_dead_has_none(nlp):
    [event] = events_of(nlp, None,
                        "Otra vez la empresa Los Halcones del Sur. Anoche, un segundo chofer de esta compañía fue "
                        "atacado a balazos en Ate, apenas un día después del crimen de su compañero Mario "
                        "Salas. El chofer recibió un disparo en la pierna y fue llevado al hospital. El ataque "
                        "no dejó víctimas mortales.")
    assert (event["deaths"], event["injured"]) == (0, 1)


@pytest.mark.parametrize("text,department", [
    # where the car or the robbers were heading is not where it happened
    ("Delincuentes armados asaltaron una camioneta de caudales en la Costa Verde, en dirección al Callao.",
     None),
    ("Los asaltantes huyeron por la carretera hacia Puno tras balear al vigilante del grifo de Juliaca.",
     "Puno"),
])
def test_where_someone_was_heading_is_not_where_it_happened(nlp, text, department):
    [event] = events_of(nlp, None, text)
    assert event["department"] == department
    assert event["district"] != "Puno"


def test_the_last_case_recalled_does_not_place_a_strike(nlp):
    [event] = events_of(nlp, "Paro de mototaxistas paraliza Huánuco",
                        "Cientos de mototaxistas marcharon por el centro de Huánuco para exigir garantías "
                        "frente a las extorsiones. Los dirigentes recordaron que el último ataque ocurrió "
                        "la semana pasada en Amarilis, cuando un conductor fue baleado.")
    assert (event["kind"], event["department"], event["district"]) == ("protest", "Huánuco", None)


@pytest.mark.parametrize("text,kind,types", [
    # a kidnapping told by its captivity and its captors
    ("Tras tres días de cautiverio, un ganadero fue hallado en una choza de Chulucanas. Sus captores "
     "habían exigido 200 mil soles a la familia.", "incident", ["kidnapping"]),
    # a robbery told by what was taken
    ("Un mototaxista de Tumbes contó que dos pasajeros le quitaron su celular y la recaudación del día "
     "en la avenida Tacna.", "incident", ["robbery"]),
    ("Un contador denunció que dos falsos taxistas lo amenazaron con un cuchillo y vaciaron sus "
     "cuentas en cajeros de Miraflores.",
     "incident", ["robbery"]),
    # illegal mining told as the illegal extraction of gold
    ("Agentes de la Marina destruyeron nueve dragas utilizadas para la extracción ilegal de oro en el río Nanay.",
     "operation", ["illegal_mining"]),
])
def test_crimes_told_by_captivity_what_was_taken_and_gold_extracted(nlp, text, kind, types):
    [event] = events_of(nlp, None, text)
    assert (event["kind"], event["crime_types"]) == (kind, types)


def test_a_woman_attacked_by_her_former_partner_is_an_attempted_feminicide(nlp):
    [event] = events_of(nlp, None,
                        "Huancayo.- Una joven de 22 años se salvó de morir luego de que su expareja la "
                        "atacara con un cuchillo en el jirón Real. El agresor la apuñaló en el brazo y fue "
                        "reducido por transeúntes.")
    assert (event["kind"], event["crime_types"], event["department"]) == ("incident", ["feminicide"], "Junín")


@pytest.mark.parametrize("text", [
    "La Policía informó que no hubo detenidos ni heridos durante la jornada.",
    "Durante la intervención no se registraron enfrentamientos ni heridos.",
    "El comerciante fue rescatado sin lesiones, aunque deshidratado.",
    "El atacante fue reducido sin que nadie resultara herido.",
])
def test_nobody_hurt_in_other_words_is_no_injured(text):
    assert count(text, "injured") == 0


def test_a_strike_that_passed_without_wounded_has_none(nlp):
    [event] = events_of(nlp, "Paro de transportistas paraliza Chiclayo",
                        "Los gremios de transportistas de Chiclayo cumplieron un paro de 24 horas contra las "
                        "extorsiones y el sicariato. Bloquearon la avenida Bolognesi con llantas. Miles de "
                        "escolares no llegaron a clases. La Policía informó que la jornada transcurrió "
                        "con normalidad y que no hubo detenidos ni heridos.")
    assert (event["kind"], event["injured"]) == ("protest", 0)


@pytest.mark.parametrize("text,deaths,injured", [
    ("Dos obreros de una empresa constructora murieron y otros tres quedaron heridos.", 2, 3),
    ("Tres integrantes de la familia Mamani fallecieron tras el ataque.", 3, None),
    ("Una vecina fue alcanzada por un proyectil en la espalda.", None, 1),
    ("El asaltante le disparó en la pierna y huyó con la mochila.", None, 1),
    ("Los médicos indicaron que ambas se encuentran estables.", None, 2),
])
def test_the_dead_of_a_company_and_the_wounded_told_by_the_shot_or_their_state(text, deaths, injured):
    assert (count(text, "deaths"), count(text, "injured")) == (deaths, injured)


def test_a_singer_and_a_dancer_shot_one_by_one_are_two_wounded(nlp):
    [event] = events_of(nlp, None,
                        "Chiclayo.- Desconocidos dispararon contra el escenario de un local de eventos durante "
                        "la presentación de una orquesta. El cantante recibió un impacto de bala en el brazo. "
                        "Una bailarina fue alcanzada por un proyectil en la pierna. Los médicos informaron que "
                        "ambos se encuentran estables. No se reportaron fallecidos.")
    assert (event["deaths"], event["injured"]) == (0, 2)


@pytest.mark.parametrize("text,kind", [
    # a shop-closing strike and a stoppage told without 'paro'
    ("Cierrapuertas en Lima Norte. Cientos de bodegueros de Comas y Los Olivos acataron una paralización "
     "de 24 horas en rechazo a las extorsiones.", "protest"),
    ("Huánuco.- Los mototaxistas paralizaron sus actividades y recorrieron en caravana la ciudad para exigir "
     "justicia por el asesinato de un colega y garantías frente al cobro de cupos.", "protest"),
    # an officer's service gun is no regulation; robbers intercepting a van are no police action
    ("Puno.- Un policía fue herido de bala por delincuentes que intentaron robarle su arma de reglamento "
     "en el jirón Lima.", "incident"),
    ("Ica.- Delincuentes armados interceptaron una camioneta que transportaba oro y se llevaron un "
     "cargamento valorizado en 300 mil soles.", "incident"),
])
def test_strikes_without_their_word_a_service_gun_and_robbers_who_intercept(nlp, text, kind):
    [event] = events_of(nlp, None, text)
    assert event["kind"] == kind


@pytest.mark.parametrize("text,place", [
    # the city of Ayacucho is a district of Huamanga; the city of Tumbes names its province
    ("Ayacucho.- Un taxista fue golpeado por falsos pasajeros que le robaron su vehículo en la ciudad de "
     "Ayacucho.", ("Ayacucho", "Huamanga", "Ayacucho")),
    ("Tumbes.- Sicarios asesinaron a un cambista en la ciudad de Tumbes.", ("Tumbes", "Tumbes", None)),
    # a zone named after its district is that district, not a namesake elsewhere
    ("Actualizado: 30/06/2024\n\nEl cuerpo de un obrero fue hallado con signos de violencia en un descampado "
     "de la zona de Lomas de Carabayllo, en Lima Norte.",
     ("Lima", "Lima", "Carabayllo")),
])
def test_the_city_of_a_name_and_a_zone_named_after_its_district(nlp, text, place):
    [event] = events_of(nlp, None, text)
    assert (event["department"], event["province"], event["district"]) == place


def test_the_motive_told_late_in_a_long_report_is_extortion(nlp):
    text = ("Lima.- Un chofer de la empresa de transportes El Sol fue asesinado de un balazo la mañana del "
            "lunes en Comas. El crimen ocurrió en el paradero final de la avenida Túpac Amaru. El sicario "
            "subió como pasajero. Luego disparó contra el conductor. Los pasajeros gritaron. Algunos bajaron "
            "por las ventanas. El cobrador pidió ayuda. Una ambulancia llegó minutos después. El chofer murió "
            "en el lugar. Sus compañeros bloquearon la vía. Después revelaron que la empresa recibía "
            "mensajes en los que les exigían 50 soles por bus cada semana.")
    [event] = events_of(nlp, None, text)
    assert "extortion" in event["crime_types"]


def test_a_backpack_torn_from_a_victim_is_a_robbery(nlp):
    [event] = events_of(nlp, None, "Tacna.- Un cambista fue asesinado de dos balazos en la avenida Bolognesi. "
                                   "Tras el ataque, uno de los asesinos le arrancó la mochila con el dinero.")
    assert {"homicide", "robbery"} <= set(event["crime_types"])


@pytest.mark.parametrize("text,injured", [
    ("Pese al susto, ninguno de los más de cien clientes resultó herido.", 0),
    ("Ningún pasajero resultó herido.", 0),
    # the wound of a body found is no wounded person
    ("Los agentes encontraron el cadáver con las manos atadas y una herida de bala en la nuca.", None),
])
def test_none_of_them_hurt_and_a_bodys_wound(text, injured):
    assert count(text, "injured") == injured


def test_the_remnants_of_a_gang_named_alone_are_that_gang(nlp):
    [event] = events_of(nlp, None,
                        "Pichari.- Un soldado murió y otros dos resultaron heridos tras ser emboscados por una "
                        "columna de remanentes de Sendero Luminoso en el VRAEM, en el distrito de Pichari.")
    assert event["gangs"] == ["Sendero Luminoso"]


@pytest.mark.parametrize("text", [
    # a guide of tips, told as page text
    "Se acercan las fiestas y con ellas las compras. La Policía advirtió que en esta temporada aumentan los "
    "robos al paso en los mercados del Centro de Lima. Aquí te dejamos algunas recomendaciones para no ser "
    "víctima de los delincuentes.",
    # a band's hard times of last year, recalled at a concert
    "La orquesta Los Reyes del Norte celebró 20 años con un concierto en Trujillo. Sus integrantes "
    "recordaron los duros momentos que vivieron el año pasado, cuando cancelaron fechas tras recibir "
    "amenazas de extorsionadores que les exigían pagos para dejarlos tocar.",
])
def test_tips_and_a_hard_time_recalled_are_no_event(nlp, text):
    assert events_of(nlp, None, text) == []


@pytest.mark.parametrize("text", [
    # a study's figures
    "Foto: Andina | Buses en la avenida Abancay\n\nLima.- Las empresas de transporte de Lima perdieron unos "
    "200 millones de soles el último año por la extorsión, según un estudio presentado este lunes por un "
    "gremio de transportistas.",
    # a prevention campaign
    "Cusco.- Para reducir los robos de celulares en el Centro Histórico, la Policía y la municipalidad "
    "lanzaron la campaña 'Cuida tu equipo', con charlas en colegios y mercados durante todo el mes.",
    # an interview
    "Por Redacción\n\n\"El sicariato se ha vuelto un negocio\": entrevista con un criminólogo. Especialista en "
    "seguridad, explica por qué crecen las extorsiones en el país.",
])
def test_a_study_a_campaign_and_an_interview_are_no_event(nlp, text):
    assert events_of(nlp, None, text) == []


def test_a_district_named_after_a_caption_narrows_the_headlines_city(nlp):
    [event] = events_of(nlp, "Iquitos: incautan 300 kilos de droga en embarcación",
                        "Foto: Dirandro | La droga hallada en la nave\n\nIquitos.- Agentes antidrogas incautaron "
                        "300 kilos de cocaína en una embarcación atracada en el puerto de Masusa, en el "
                        "distrito de Punchana, provincia de Maynas. Dos tripulantes fueron detenidos.")
    assert (event["province"], event["district"]) == ("Maynas", "Punchana")


@pytest.mark.parametrize("text,place", [
    ("Foto: Andina | Militares en la plaza de Huamachuco\n\nEl Gobierno dispuso el toque de queda entre las "
     "20:00 y las 5:00 en toda la provincia de Sánchez Carrión, en la región La Libertad, para frenar los "
     "asesinatos vinculados a la minería ilegal, según un decreto supremo publicado anoche.",
     ("La Libertad", "Sánchez Carrión", None)),
    ("Andahuaylas.- Un colectivero fue acuchillado por dos falsos pasajeros en la ciudad de Andahuaylas. Los "
     "sujetos le pidieron ser llevados hacia la salida a Talavera y allí le robaron el celular.",
     ("Apurímac", "Andahuaylas", None)),
])
def test_a_province_named_whole_and_the_road_out_of_town_are_not_narrowed(nlp, text, place):
    [event] = events_of(nlp, None, text)
    assert (event["department"], event["province"], event["district"]) == place


@pytest.mark.parametrize("text,deaths,injured", [
    ("Con este deceso, el saldo del ataque es de tres muertos y cuatro heridos, luego de que inicialmente se "
     "reportaran dos fallecidos y cinco personas heridas.", 3, 4),
    ("El atentado no dejó muertos ni heridos, pero causó daños en la fachada.", 0, 0),
])
def test_a_revised_toll_and_nobody_dead_nor_hurt(text, deaths, injured):
    assert (count(text, "deaths"), count(text, "injured")) == (deaths, injured)


def test_a_search_launched_to_catch_robbers_is_the_robbery_not_an_operation(nlp):
    [event] = events_of(nlp, "Policía activó plan cerco para capturar a sujetos que asaltaron una joyería en Ica",
                        "El asalto ocurrió esta mañana en la avenida Grau y fue grabado por los vecinos.")
    assert (event["kind"], event["crime_types"]) == ("incident", ["robbery"])


@pytest.mark.parametrize("title,text,kind", [
    ("Militares y policías inician patrullaje mixto en Chiclayo por ola de extorsiones",
     "Chiclayo.- Desde este lunes, soldados y policías realizan patrullajes mixtos en las calles de la "
     "provincia, por 30 días.", "measure"),
    (None, "Piura.- Cientos de comerciantes del mercado de Piura cerraron sus puestos y marcharon por el centro "
           "de la ciudad para exigir seguridad, luego de que dos tiendas fueran atacadas con explosivos.",
     "protest"),
])
def test_a_joint_patrol_and_a_march_demanding_security(nlp, title, text, kind):
    assert events_of(nlp, title, text)[0]["kind"] == kind


def test_a_killing_told_first_and_the_march_it_led_to_after_is_the_killing(nlp):
    event = events_of(nlp, None, "Pucallpa.- Un mototaxista de 31 años fue asesinado de dos balazos la noche del "
                                 "sábado en Yarinacocha, y al día siguiente cientos de sus colegas marcharon hasta "
                                 "la plaza de Armas para exigir seguridad.")[0]
    assert (event["kind"], event["deaths"]) == ("incident", 1)
    # the strike told after the killing it protests stays a protest
    event = events_of(nlp, None, "Tras el asesinato de un mototaxista en Yarinacocha, cientos de sus colegas "
                                 "marcharon este lunes hasta la plaza de Armas de Pucallpa para exigir seguridad.")[0]
    assert event["kind"] == "protest"


def test_an_operation_that_left_dead_and_wounded_is_the_event(nlp):
    [event] = events_of(nlp, "Ayacucho: diez soldados quedan detenidos tras operativo que dejó como saldo tres "
                             "fallecidos y un herido", None)
    assert (event["kind"], event["deaths"], event["injured"]) == ("operation", 3, 1)
    # a rescue after a landslide is no operation against crime
    assert events_of(nlp, "Chosica: operativo de rescate tras huaico deja dos fallecidos", None) == []


def test_a_man_drugged_and_robbed_by_peperas_is_a_robbery(nlp):
    [event] = events_of(nlp, "Tacna: hombre es hallado sin vida en un hostal tras salir con dos mujeres",
                        "El comerciante fue encontrado sin su celular ni su billetera. La Policía cree que fue "
                        "víctima de las peperas.")
    assert event["kind"] == "incident" and "robbery" in event["crime_types"]


@pytest.mark.parametrize("text", [
    "Foto: Bomberos\n\nLa explosión de un balón de gas dejó tres heridos en una vivienda de Villa El Salvador. La "
    "detonación se produjo cuando la familia cocinaba, informaron los bomberos.",
    "El presidente de la Cámara de Comercio advirtió que la inseguridad se ha vuelto el principal riesgo para los "
    "negocios. Durante la presentación de su informe anual, señaló que los sondeos muestran una creciente "
    "preocupación por la extorsión y los robos entre los pequeños comerciantes.",
])
def test_a_gas_blast_and_a_worry_about_crime_are_no_event(nlp, text):
    assert events_of(nlp, None, text) == []


def test_kilos_of_cocaine_found_are_a_seizure(nlp):
    [event] = events_of(nlp, "Paita: encuentran 300 kilos de cocaína ocultos en un contenedor de pota",
                        "Paita.- Agentes antidrogas hallaron la droga durante una revisión en el terminal portuario.")
    assert (event["kind"], event["crime_types"]) == ("operation", ["drug_trafficking"])


@pytest.mark.parametrize("text,deaths,injured", [
    ("Cinco pasajeros —tres mujeres y dos niños— resultaron heridos tras el ataque al bus.", None, 5),
    ("Tres personas —dos vigilantes y un obrero— murieron en el asalto a la obra.", 3, None),
    ("Lo trasladaron al hospital Cayetano Heredia, donde falleció minutos después.", 1, None),
    ("Sus compañeros lo llevaron al hospital de la zona, pero los médicos solo pudieron confirmar su muerte.",
     None, None),
    ("Una joven se salvó de morir tras ser apuñalada por su expareja y resultó herida en el brazo.", 0, 1),
])
def test_a_breakdown_between_dashes_and_a_victim_who_died_at_hospital(text, deaths, injured):
    assert (count(text, "deaths"), count(text, "injured")) == (deaths, injured)


def test_the_wounded_of_an_operation_told_after_its_opening_sentence(nlp):
    [event] = events_of(nlp, None, "Piura.- Cinco presuntos integrantes de la banda Los Malditos de Bellavista fueron "
                                   "capturados en el distrito de Castilla. Uno de ellos resultó herido de bala tras "
                                   "disparar contra los agentes. Ningún policía resultó herido.")
    assert (event["kind"], event["injured"]) == ("operation", 1)


@pytest.mark.parametrize("title,text", [
    ("Asalto a grifo en Chimbote termina con un delincuente muerto y un trabajador herido",
     "Chimbote.- Un asaltante murió y un grifero resultó herido tras un intercambio de disparos con la Policía."),
    (None, "Huánuco.- Un vigilante resultó herido de bala y uno de los delincuentes que intentaron robar la agencia "
           "murió en el enfrentamiento con los agentes de la comisaría de Amarilis."),
])
def test_a_robber_killed_in_the_act_makes_no_homicide(nlp, title, text):
    event = events_of(nlp, title, text)[0]
    assert event["deaths"] == 1 and "robbery" in event["crime_types"] and "homicide" not in event["crime_types"]


def test_the_trade_of_a_zones_gangs_and_an_operation_carried_out_are_no_types(nlp):
    event = events_of(nlp, "Ataque a balazos en Barrios Altos deja dos muertos",
                      "Dos jóvenes murieron baleados en una esquina de Barrios Altos, una zona en disputa entre "
                      "bandas dedicadas a la venta de droga y al cobro de cupos.")[0]
    assert event["crime_types"] == ["homicide", "armed_attack"]
    event = events_of(nlp, None, "Cusco.- Cuatro presuntos integrantes de una red de trata fueron detenidos en "
                                 "Wanchaq. El operativo fue ejecutado por la División contra la Trata de Personas.")[0]
    assert event["kind"] == "operation" and "homicide" not in event["crime_types"]


@pytest.mark.parametrize("text", [
    "Dina Boluarte, presidenta de la República, calificó como “asesino” al expresidente y lo acusó de estar detrás "
    "de un grupo de manifestantes que la increpó en un evento en Manchay, al que llamó un piquete pagado por el "
    "narcotráfico y la minería ilegal.",
    "El ministro de Justicia justificó que el Congreso haya aprobado la ley que reduce los plazos de prescripción "
    "de delitos como el homicidio y la extorsión, durante una visita a Huancayo.",
])
def test_page_text_opening_on_an_officials_statement_is_no_event(nlp, text):
    assert events_of(nlp, None, text) == []


def test_an_official_informing_of_arrests_is_still_an_operation(nlp):
    event = events_of(nlp, None, "El ministro del Interior informó que seis presuntos extorsionadores de Los Pulpos "
                                 "fueron capturados esta madrugada en el distrito de La Esperanza, en Trujillo.")[0]
    assert event["kind"] == "operation"


def test_bodies_found_with_the_marks_of_a_killing_are_a_homicide_and_counted(nlp):
    event = events_of(nlp, None, "Piura | Corresponsal\n\nLos cuerpos de tres pescadores fueron encontrados en una "
                                 "playa de Máncora. Presentaban impactos de bala y estaban maniatados.")[0]
    assert (event["kind"], event["deaths"]) == ("incident", 3) and "homicide" in event["crime_types"]


@pytest.mark.parametrize("title,text,kind,types", [
    (None, "Puno.- Comuneros del distrito de Ilave denunciaron que desconocidos se llevaron durante la noche 30 "
           "alpacas de sus corrales.", "incident", ["robbery"]),
    (None, "Madre de Dios.- Un operativo de la Policía y la Marina destruyó nueve dragas que se usaban para extraer "
           "oro de manera ilegal en el río Malinowski, en el distrito de Tambopata.", "operation", ["illegal_mining"]),
])
def test_cattle_taken_and_dredges_destroyed(nlp, title, text, kind, types):
    event = events_of(nlp, title, text)[0]
    assert (event["kind"], event["crime_types"]) == (kind, types)


@pytest.mark.parametrize("title,text", [
    ("Alianza Lima 'asaltó' Cusco y derrotó 2-1 a Cienciano",
     "Los íntimos golpearon en dos contragolpes y se llevaron los tres puntos del Garcilaso."),
    ("Mininter lanza campaña 'Denuncia la extorsión' en mercados de Lima",
     "La iniciativa busca que las víctimas de extorsión reporten las amenazas a la línea 111."),
    (None, "Un operativo de control de la Policía y la Municipalidad de Comas se realizó en bares de la avenida "
           "Túpac Amaru por denuncias de venta de droga. No se encontraron drogas ni armas, y no hubo ningún "
           "detenido."),
])
def test_a_game_won_a_campaign_and_a_check_that_found_nothing_are_no_event(nlp, title, text):
    assert events_of(nlp, title, text) == []


def test_wounded_counted_across_a_relative_clause():
    text = ("Tres de los trabajadores, que lograron huir cuando fueron atacados por los encapuchados, llegaron "
            "heridos al puesto de salud.")
    assert count(text, "injured") == 3


def test_a_bus_that_had_stopped_is_no_arrest(nlp):
    event = events_of(nlp, None, "Lima | Redacción\n\nUn pasajero murió y el chofer quedó herido luego de que dos "
                                 "sujetos dispararan contra un bus en la avenida Naranjal, en Los Olivos. Según los "
                                 "pasajeros, la unidad se había detenido en un paradero cuando el copiloto de una moto "
                                 "disparó.")[0]
    assert (event["kind"], event["deaths"], event["injured"]) == ("incident", 1, 1)


def test_a_lab_destroyed_is_an_operation(nlp):
    event = events_of(nlp, None, "VRAEM | Andina\n\nUna patrulla del Ejército y de la Policía antidrogas destruyó un "
                                 "laboratorio de procesamiento de droga en el distrito de Pichari, provincia de La "
                                 "Convención.")[0]
    assert (event["kind"], event["crime_types"]) == ("operation", ["drug_trafficking"])


def test_a_body_left_with_a_threat_to_those_who_do_not_pay(nlp):
    event = events_of(nlp, "Hallan cadáver con mensaje amenazante en Carabayllo",
                      "El cuerpo de un hombre, con signos de estrangulamiento, fue abandonado en un descampado junto "
                      "a un cartel que decía 'así terminan los que no pagan'.")[0]
    assert (event["deaths"], event["crime_types"]) == (1, ["homicide", "extortion"])


def test_both_taken_to_hospital_where_one_arrived_dead_is_one_wounded():
    text = "Ambos fueron trasladados al hospital regional, donde el vigilante llegó sin vida."
    assert count(text, "injured") is None


def test_a_businessman_intercepted_and_forced_into_a_car_is_a_kidnapping_not_a_police_stop(nlp):
    event = events_of(nlp, None, "Ate | Foto: Difusión\n\nLa familia de un comerciante de 45 años denunció que este "
                                 "fue interceptado y obligado a subir a una camioneta cuando llegaba a su tienda, y "
                                 "que desde entonces los captores exigen 300 mil soles para liberarlo.")[0]
    assert (event["kind"], event["crime_types"][:1]) == ("incident", ["kidnapping"])


OPENING = ("Huancayo.- Tres delincuentes asaltaron una agencia de envíos en el distrito de El Tambo y se llevaron "
           "unos 20 mil soles. Los empleados fueron obligados a tirarse al piso mientras vaciaban la caja. Los "
           "ladrones llegaron en un auto gris y escaparon por la avenida Huancavelica. ")


@pytest.mark.parametrize("text,shot", [
    (OPENING + "Cuando el cajero intentó huir, uno de los asaltantes le disparó en la espalda. El herido fue "
     "trasladado al hospital Carrión.", True),
    (OPENING + "Un vigilante que intentó cerrar la puerta recibió dos impactos de bala en el brazo.", True),
    (OPENING + "Los asaltantes actuaron en menos de tres minutos y sin disparar una sola bala.", False),
    (OPENING + "Los vecinos recordaron que en 2019 otro comerciante de la cuadra fue baleado durante un asalto.",
     False),
])
def test_a_person_shot_past_the_lead_makes_the_robbery_an_armed_attack(nlp, text, shot):
    event = events_of(nlp, None, text)[0]
    assert "robbery" in event["crime_types"]
    assert ("armed_attack" in event["crime_types"]) is shot


@pytest.mark.parametrize("second", ["Los delincuentes amenazaron con disparar si alguien gritaba.",
                                    "Los delincuentes actuaron en dos minutos y sin disparar una sola bala."])
def test_a_threat_to_shoot_or_no_shot_is_no_shooting(nlp, second):
    event = events_of(nlp, None, "Ica.- Dos sujetos asaltaron una ferretería en el distrito de Parcona y huyeron "
                                 "con la caja del día. " + second)[0]
    assert event["crime_types"] == ["robbery"]


KILLING = ("Tumbes.- Un cambista fue asesinado a balazos la mañana del martes en el distrito de Aguas Verdes, "
           "cerca del puente internacional. Dos sujetos llegaron en una motocicleta y le dispararon en la cabeza. "
           "La víctima murió en el lugar. ")


@pytest.mark.parametrize("motive,extortion", [
    ("Según los familiares, desde enero le exigían 500 soles semanales por dejarlo trabajar.", True),
    ("La Policía indicó que los sicarios pertenecerían a Los Choneros, la organización que disputa el cobro "
     "de cupos en la frontera.", False),
    ("La Policía no descarta que se trate de un caso de extorsión, pues otros comerciantes denunciaron "
     "cobros de cupos.", False),
])
def test_a_motive_told_is_extortion_a_gangs_trade_or_a_hedge_is_not(nlp, motive, extortion):
    event = events_of(nlp, None, KILLING + motive)[0]
    assert "homicide" in event["crime_types"]
    assert ("extortion" in event["crime_types"]) is extortion


def test_the_debt_trafficked_victims_are_made_to_pay_is_no_extortion(nlp):
    event = events_of(nlp, None, "Tacna.- Agentes de la Policía rescataron a cuatro mujeres extranjeras que eran "
                                 "obligadas a prostituirse en un bar del distrito de Ciudad Nueva y detuvieron al "
                                 "administrador del local. Las víctimas habían sido captadas con ofertas de trabajo y, "
                                 "al llegar, les retuvieron los documentos y les exigieron pagar una deuda de 3 mil "
                                 "soles por el viaje.")[0]
    assert (event["kind"], event["crime_types"]) == ("operation", ["human_trafficking"])


@pytest.mark.parametrize("title,text,district", [
    ("Paro de transportistas paraliza Lima", "La paralización fue acatada en distritos como San Juan de Lurigancho, "
     "Comas, Ate y Villa El Salvador, donde no circularon buses ni combis contra la ola de extorsiones.", None),
    ("Declaran estado de emergencia en Sullana y Bellavista por las extorsiones", "El Ejecutivo declaró el estado "
     "de emergencia por 60 días ante el aumento de asesinatos por encargo.", None),
    ("Mototaxistas de Comas marchan contra las extorsiones", "Cientos de mototaxistas de Comas, en Lima Norte, "
     "marcharon hasta la municipalidad para exigir protección frente al cobro de cupos.", "Comas"),
])
def test_a_strike_or_a_measure_over_listed_districts_is_the_province_s(nlp, title, text, district):
    event = events_of(nlp, title, text)[0]
    assert event["kind"] in ("protest", "measure")
    assert event["district"] == district and event["province"] is not None


def test_the_agents_hurt_during_an_operation_told_further_on_are_its_wounded(nlp):
    text = ("Foto: PNP\n\nMás de 200 policías allanaron la madrugada del martes doce inmuebles en el distrito de "
            "El Porvenir, en Trujillo, contra la banda Los Injertos del Norte. Fueron capturadas nueve personas, "
            "entre ellas el presunto cabecilla. En las viviendas se hallaron dos pistolas y cuadernos con las "
            "cuentas de los cupos. Los detenidos fueron trasladados a la sede de la Dirincri. Dos agentes "
            "sufrieron lesiones leves durante el ingreso a una de las viviendas, donde los ocupantes se resistieron.")
    event = events_of(nlp, None, text)[0]
    assert (event["kind"], event["injured"]) == ("operation", 2)
    calm = text.replace("Dos agentes sufrieron lesiones leves durante el ingreso a una de las viviendas, donde los "
                        "ocupantes se resistieron.", "La banda habría dejado tres heridos en ataques a negocios.")
    assert events_of(nlp, None, calm)[0]["injured"] is None


@pytest.mark.parametrize("title,text,kind,types", [
    ("Rescatan a cuatro mujeres víctimas de trata en un bar de Juliaca",
     "La Policía rescató a cuatro mujeres extranjeras en un bar del distrito de Juliaca y detuvo a su administrador.",
     "operation", ["human_trafficking"]),
    ("VRAEM: destruyen 40 pozas de maceración en Pichari",
     "Una patrulla policial destruyó 40 pozas de maceración y dos mil kilos de hoja de coca en el distrito de Pichari.",
     "operation", ["drug_trafficking"]),
    (None, "Cientos de vecinos del distrito de Alto de la Alianza marcharon este sábado para exigir mayor seguridad, "
           "luego de una serie de robos a viviendas en la zona.", "protest", ["robbery"]),
    ("Pasco: roban 300 kilos de dinamita de polvorín en Yanacancha",
     "Cinco encapuchados redujeron al vigilante del polvorín y se llevaron 300 kilos de dinamita. El vigilante "
     "no sufrió lesiones.", "incident", ["robbery"]),
    (None, "Huancayo.- La directora de un colegio del distrito de Chilca denunció que recibió una carta extorsiva "
           "acompañada de una bala, en la que le exigen 15 mil soles.", "incident", ["extortion"]),
])
def test_regional_wordings_of_kinds_and_types(nlp, title, text, kind, types):
    event = events_of(nlp, title, text)[0]
    assert (event["kind"], event["crime_types"]) == (kind, types)


def test_a_gang_named_unquoted_after_banda_and_once_in_full(nlp):
    event = events_of(nlp, None, "Tacna.- Agentes de la Depincri desarticularon la banda Los Mapaches, a la que "
                                 "atribuyen siete robos a cambistas en el distrito de Alto de la Alianza.")[0]
    assert event["gangs"] == ["Los Mapaches"]
    event = events_of(nlp, "Chiclayo: desarticulan banda 'Los Tigres de José Leonardo Ortiz'",
                      "Agentes detuvieron a seis presuntos integrantes de la banda Los Tigres de José Leonardo Ortiz "
                      "durante allanamientos en cinco viviendas del distrito de José Leonardo Ortiz.")[0]
    assert event["gangs"] == ["Los Tigres de José Leonardo Ortiz"]


@pytest.mark.parametrize("text,events", [
    ("Tacna.- Vecinos pidieron la vacancia del alcalde provincial por el abandono de las cámaras de vigilancia. "
     "\"Los robos al paso y los asaltos a las casas de cambio han aumentado\", dijo uno de ellos.", 0),
    ("Cientos de mototaxistas de Chiclayo marcharon este martes para exigir protección frente a las extorsiones "
     "que, aseguran, se han multiplicado en los últimos meses.", 1),
])
def test_crimes_told_as_a_trend_are_no_event_but_a_march_against_them_is(nlp, text, events):
    assert len(events_of(nlp, None, text)) == events


@pytest.mark.parametrize("title,kinds", [
    ("Dos funcionarios de la municipalidad fueron detenidos por presunto cobro de sobornos", ["operation"]),
    ("Exalcalde de Chiclayo habría sido capturado en una casa de playa", ["operation"]),
    ("Familiares piden que el agresor sea detenido cuanto antes", []),
])
def test_an_arrest_told_in_the_passive_in_the_headline_is_an_operation(nlp, title, kinds):
    events = events_of(nlp, title, "La Fiscalía anticorrupción informó que los detalles se darán a conocer en las "
                                   "próximas horas.")
    assert [e["kind"] for e in events] == kinds


@pytest.mark.parametrize("title,text", [
    ("Ataque contra vivienda de empresario en Trujillo", "Desconocidos llegaron en una motocicleta y huyeron."),
    (None, "Piura.- Un nuevo ataque al local de una empresa de transportes alarmó a los vecinos del AA.HH. Santa "
           "Rosa. La Policía investiga el caso."),
])
def test_an_attack_on_a_building_or_a_vehicle_is_an_armed_attack(nlp, title, text):
    assert [e["crime_types"] for e in events_of(nlp, title, text)] == [["armed_attack"]]


def test_the_quoted_name_of_a_bus_s_owners_is_no_gang(nlp):
    event = events_of(nlp, "Balean bus de ‘Los Hermanos del Norte’ en la Panamericana Norte",
                      "Los disparos impactaron en el parabrisas; el chofer salió ileso.")[0]
    assert event["gangs"] == []


def test_a_caption_line_a_stamp_and_a_mixed_case_section_label_are_not_the_lead(nlp):
    text = ("Regiones | Junín\n\nHace 3 horas\n\n14 Mar, 2025 09:10 a.m. PET\n\n"
            "Así quedó la puerta del local tras el ataque. Foto: Correo / Difusión\n\n"
            "Un artefacto explosivo estalló en la puerta de una pollería de El Tambo la madrugada del martes. "
            "Los dueños denunciaron que desde enero les exigían 5 000 soles para dejarlos trabajar.")
    events = events_of(nlp, None, text)
    assert [(e["kind"], sorted(e["crime_types"]), e["district"]) for e in events] == [
        ("incident", ["armed_attack", "extortion"], "El Tambo")]


def test_a_link_to_another_story_in_the_page_lends_it_no_toll_nor_place(nlp):
    text = ("Un artefacto explosivo destruyó la puerta de una ferretería en la avenida Perú, en San Martín de "
            "Porres, la madrugada del lunes. Nadie resultó herido.\n\n"
            "Te puede interesar: Asesinan a cobrador de combi en Villa El Salvador por no pagar cupos\n\n"
            "La Policía revisa las cámaras de seguridad de la zona.")
    event = events_of(nlp, None, text)[0]
    assert (event["district"], event["deaths"], event["injured"]) == ("San Martín de Porres", None, 0)
    assert "homicide" not in event["crime_types"]


def test_a_woman_killed_by_the_man_she_lived_with_is_a_feminicide(nlp):
    text = ("Una mujer de 31 años fue asesinada por el hombre con el que convivía en el distrito de Comas. "
            "Los vecinos escucharon gritos durante la madrugada.")
    assert events_of(nlp, None, text)[0]["crime_types"] == ["feminicide"]


@pytest.mark.parametrize("text", ["Uno de los asaltantes cayó abatido en la pista.",
                                  "Los agentes abatieron a uno de los asaltantes en la pista."])
def test_a_criminal_shot_dead_by_the_police_is_a_death(text):
    assert count(text, "deaths") == 1


def test_a_crime_story_under_a_show_section_label_is_read(nlp):
    text = ("Espectáculos / Policiales\n\nDesconocidos atacaron a balazos el bus de una orquesta de cumbia a la "
            "salida de un concierto en Chorrillos. Dos músicos resultaron heridos.")
    events = events_of(nlp, None, text)
    assert [(e["district"], e["injured"]) for e in events] == [("Chorrillos", 2)]


@pytest.mark.parametrize("title,text,kinds", [
    ("Ministro anuncia que pedirá estado de emergencia para Chiclayo",
     "El pedido responde al aumento de la inseguridad en la ciudad, dijo en conferencia.", []),
    (None, "El alcalde de Comas pidió este lunes al presidente de la República que disponga la salida de las "
           "Fuerzas Armadas a las calles del distrito frente a la ola de extorsiones.", []),
    (None, "Tras el pedido de los gremios de transportistas, el Gobierno declaró el estado de emergencia en "
           "Trujillo por 60 días para enfrentar las extorsiones.", ["measure"]),
    (None, "Un peatón murió atropellado por una combi en la avenida Naranjal, en Los Olivos. El chofer detuvo "
           "el vehículo y llamó a los bomberos.", []),
    (None, "Agentes de la Policía intervinieron una vivienda de Alto Trujillo tras una denuncia anónima, pero no "
           "encontraron armas ni drogas. Los ocupantes no fueron detenidos.", []),
])
def test_a_measure_asked_for_a_vehicle_stopped_or_a_search_that_found_nothing_is_no_event(nlp, title, text, kinds):
    assert [e["kind"] for e in events_of(nlp, title, text)] == kinds


def test_a_ransom_paid_is_no_rescue(nlp):
    event = events_of(nlp, "Hallan sin vida a joven secuestrado en Ate: su familia había pagado parte del rescate",
                      "El cuerpo del joven fue hallado en un descampado con huellas de estrangulamiento.")[0]
    assert (event["kind"], sorted(event["crime_types"]), event["deaths"]) == ("incident", ["homicide", "kidnapping"], 1)


def test_a_district_named_with_its_city_s_demonym_is_that_city_s(nlp):
    text = ("Un mototaxista fue asesinado a balazos la noche del lunes en la calle Bolognesi, en el distrito "
            "chiclayano de La Victoria, cuando esperaba pasajeros. El 2 de julio, otro conductor fue baleado en el "
            "distrito de José Leonardo Ortiz.")
    event = events_of(nlp, None, text)[0]
    assert (event["department"], event["district"]) == ("Lambayeque", "La Victoria")


@pytest.mark.parametrize("line", ["Domingo 30 de marzo de 2025 · 12:40 h", "Lunes, 19 de febrero de 2024 | 9:30 h",
                                  "28.02.2023"])
def test_a_stamp_with_its_weekday_or_in_figures_is_boilerplate(line):
    assert is_boilerplate(line)


def test_a_caption_credited_foto_referencial_is_not_the_lead(nlp):
    text = ("La víctima abordó el taxi en la avenida Benavides. Foto referencial: Andina\n"
            "Una joven fue víctima de un secuestro al paso tras abordar un taxi en Santiago de Surco. Sus captores "
            "la retuvieron tres horas y vaciaron sus cuentas.")
    assert [e["district"] for e in events_of(nlp, None, text)] == ["Santiago de Surco"]


def test_a_person_found_dead_with_stab_wounds_is_a_killing(nlp):
    text = ("Un mototaxista fue encontrado muerto la madrugada del miércoles en una calle del distrito de "
            "Yarinacocha. Presentaba varias heridas de arma blanca en el cuello.")
    event = events_of(nlp, None, text)[0]
    assert ("homicide" in event["crime_types"], event["deaths"]) == (True, 1)


def test_a_sector_named_with_the_district_that_holds_it_is_that_district(nlp):
    text = ("Un intento de asalto a una bodega del sector Pachacútec, en Ventanilla, terminó en una balacera. "
            "El dueño del negocio resultó herido de bala.")
    event = events_of(nlp, None, text)[0]
    assert (event["department"], event["district"]) == ("Callao", "Ventanilla")


def test_an_armed_column_is_no_opinion_column_and_a_campaign_launched_is_advice(nlp):
    text = ("Un soldado murió tras ser emboscado por una columna armada en el distrito de Vizcatán del Ene, "
            "provincia de Satipo.")
    assert [e["district"] for e in events_of(nlp, None, text)] == ["Vizcatán del Ene"]
    text = ("El Ministerio de la Mujer lanzó en Huamanga la campaña 'Si te controla, no te ama', para prevenir el "
            "feminicidio. La región registra cuatro feminicidios este año.")
    assert events_of(nlp, None, text) == []


def test_bodies_found_in_number_are_the_toll(nlp):
    event = events_of(nlp, "Pataz: hallan sin vida a trece trabajadores mineros que habían sido secuestrados",
                      "Los cuerpos presentaban impactos de bala y estaban atados de manos.")[0]
    assert event["deaths"] == 13


@pytest.mark.parametrize("line", ["Radio Marañón | Jueves, 20 de octubre de 2022", "Por: Corresponsal en Trujillo"])
def test_an_outlet_and_its_date_or_a_correspondent_s_byline_is_boilerplate(line):
    assert is_boilerplate(line)


def test_a_march_to_demand_action_against_cattle_theft_is_a_protest(nlp):
    text = ("Miles de ronderos marcharon este jueves por las calles de Chota para exigir a las autoridades acciones "
            "frente al robo de ganado y los asaltos en las carreteras.")
    assert [(e["kind"], e["crime_types"]) for e in events_of(nlp, None, text)] == [("protest", ["robbery"])]


def test_explosives_the_police_set_off_under_control_are_no_attack(nlp):
    text = ("Un operativo de la Fiscalía y la Policía destruyó siete dragas de minería ilegal en el río Nanay. "
            "Los agentes inutilizaron la maquinaria con explosivos controlados.")
    assert [e["crime_types"] for e in events_of(nlp, None, text)] == [["illegal_mining"]]


def test_the_district_of_a_province_s_name_is_that_district_unless_the_province_was_named(nlp):
    event = events_of(nlp, "Pataz: atacan socavón y matan a tres mineros",
                      "El ataque ocurrió en el anexo Vista Florida, en el distrito de Pataz, en la provincia del mismo "
                      "nombre.")[0]
    assert (event["province"], event["district"]) == ("Pataz", "Pataz")
    event = events_of(nlp, "Gobierno declara estado de emergencia en Pataz por 60 días",
                      "El Ejecutivo declaró el estado de emergencia en la provincia de Pataz, en el departamento de La "
                      "Libertad, por 60 días. La Policía mantendrá el control del orden interno.\n\nLa decisión "
                      "responde a la minería ilegal. En diciembre, un ataque contra una bocamina en el "
                      "distrito de Pataz dejó nueve fallecidos.")[0]
    assert (event["province"], event["district"]) == ("Pataz", None)


def test_the_cercado_of_a_city_is_its_capital_district(nlp):
    text = ("Un cambista murió luego de ser baleado por delincuentes que intentaron arrebatarle su canguro, en la "
            "calle San Juan de Dios, en el Cercado de Arequipa.")
    event = events_of(nlp, None, text)[0]
    assert (event["province"], event["district"]) == ("Arequipa", "Arequipa")


def test_a_request_made_after_a_week_of_attacks_is_no_attack(nlp):
    text = ("El alcalde provincial de Chiclayo solicitó al Consejo de Ministros que se declare el estado de emergencia "
            "en la provincia, tras una semana en la que se registraron ataques con explosivos contra viviendas y "
            "negocios en La Victoria y José Leonardo Ortiz.")
    assert events_of(nlp, None, text) == []


def test_a_toll_corrected_later_in_the_text_is_the_event_s(nlp):
    text = ("Desconocidos atacaron a balazos el bus de una orquesta de cumbia en Chorrillos. Según el primer reporte "
            "policial, dos músicos resultaron heridos. Horas más tarde, el mánager precisó que eran cuatro los "
            "heridos.")
    assert events_of(nlp, None, text)[0]["injured"] == 4


def test_a_sector_said_to_be_in_the_district_of_a_named_district_is_there(nlp):
    event = events_of(nlp, "Operación en La Pampa: destruyen campamentos de minería ilegal",
                      "Policías y militares destruyeron 40 campamentos de minería ilegal en el sector La Pampa, en el "
                      "distrito de Inambari.")[0]
    assert (event["department"], event["district"]) == ("Madre de Dios", "Inambari")


def test_a_region_in_brackets_ending_a_short_line_is_no_photo_credit(nlp):
    text = "Emboscada en el VRAEM deja un soldado muerto en el distrito de Vizcatán del Ene (Junín)"
    assert [e["district"] for e in events_of(nlp, None, text)] == ["Vizcatán del Ene"]


def test_an_arrest_in_peru_of_someone_wanted_abroad_is_an_operation_here(nlp):
    # The lead is full of the foreign case (the trained classifier alone would veto it as news
    # from abroad); the headline tells the arrest in Tacna.
    (event,) = events_of(nlp, "Capturan en Tacna a miembro del Tren de Aragua buscado en Chile por secuestro",
                         "Un ciudadano venezolano requerido por la justicia chilena por un secuestro cometido en "
                         "Santiago fue capturado el sábado en el distrito tacneño de Ciudad Nueva, en una operación "
                         "coordinada entre la Policía Nacional y la PDI de Chile. Según la PDI, formaba parte de la "
                         "célula que secuestró a un comerciante en la comuna de Maipú.")
    assert event["kind"] == "operation"
    assert (event["department"], event["district"]) == ("Tacna", "Ciudad Nueva")
    # Captured abroad, it stays abroad.
    assert events_of(nlp, "Capturan en Santiago de Chile a peruano buscado por secuestro en Tacna",
                     "La PDI lo detuvo en la comuna de Maipú.") == []


def test_a_figure_in_a_relative_clause_is_the_motive_not_a_statistics_piece(nlp):
    (event,) = events_of(nlp, None, "Miles de choferes de combis y buses acataron este jueves el paro convocado por "
                         "los gremios de transporte contra la extorsión, que en lo que va del año ha cobrado la vida "
                         "de decenas de conductores. Los paraderos de Ate y Comas amanecieron llenos.")
    assert event["kind"] == "protest"
    assert events_of(nlp, None, "En lo que va del año, la extorsión ha cobrado la vida de decenas de "
                     "conductores, según cifras de los gremios de transporte.") == []


def test_a_genre_label_beside_a_news_section_is_no_other_genre(nlp):
    (event,) = events_of(nlp, None, "DEPORTES / ACTUALIDAD\n\nUn exfutbolista fue detenido el domingo en el distrito "
                         "de Castilla, en Piura, acusado de integrar la banda que asaltó a un agente bancario.")
    assert event["kind"] == "operation"


def test_an_arrest_asked_for_is_no_operation(nlp):
    (event,) = events_of(nlp, "Familia de chofer asesinado en Canto Grande exige captura de sicarios",
                         "La esposa del conductor, asesinado el jueves dentro de su bus, pidió a la Policía que "
                         "capture a los responsables.")
    assert event["kind"] == "incident"


def test_an_expulsion_of_foreign_convicts_is_perus_measure(nlp):
    # 'tras cumplir condena' is a sentence served, no court step; their country in the lead does
    # not put Peru's measure abroad.
    (event,) = events_of(nlp, "Expulsan a cuatro integrantes de una banda criminal tras cumplir condena en el país",
                         "Los expulsados, de nacionalidad colombiana, fueron llevados hasta el puesto fronterizo; "
                         "cuentan con requerimientos judiciales vigentes en Colombia.")
    assert event["kind"] == "measure"
    assert events_of(nlp, "Gobierno de Colombia expulsa a cuatro integrantes de una banda criminal",
                     "Los expulsados, de nacionalidad peruana, fueron llevados hasta la frontera.") == []


@pytest.mark.parametrize("title", [
    "Gerente: once buses del corredor fueron atacados en lo que va de 2024",
    "Violentos y rápidos: los robos en manada que se incrementan en zonas comerciales de Lima",
])
def test_a_running_total_or_a_trend_in_the_headline_is_no_event(nlp, title):
    assert events_of(nlp, title, "Las cámaras registran a grupos de hasta diez delincuentes.") == []

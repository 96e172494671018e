"""The event log's pure decisions: records in, (merge?, score, reason) out. No spaCy, no store."""

from dataclasses import replace
from datetime import datetime

from pipeline.events.matching import (
    Source,
    at_least,
    casualty,
    choose,
    decide,
    own,
    persons,
    place_relation,
    rarity,
    score_pair,
    summarize,
    words,
)


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


def report(article_id, *, title, evidence="", lead="", day="2026-05-11", published=None, position=0,
           kind="incident", types=("homicide", "armed_attack"), department="Lima", province="Lima",
           district="Comas", deaths=1, injured=None, sectors=("transport",), gangs=()):
    return Source(article_id=article_id, position=position, kind=kind, crime_types=tuple(types),
                  department=department, province=province, district=district, ubigeo=None,
                  gangs=tuple(gangs), deaths=deaths, injured=injured, victim_sectors=tuple(sectors),
                  occurred_on=day, evidence=evidence or title, title=title, lead=lead,
                  published=published or at(day), outlet=f"outlet{article_id}", url=f"https://o{article_id}.pe/x",
                  at_least=at_least(evidence or title))


CHOFER_A = report(1, title="Comas: asesinan a chofer de la empresa Los Halcones del Norte",
                  lead="Teodoro Ccahuana Rivas, conductor de la línea Los Halcones del Norte, fue baleado en el "
                       "paradero final de la avenida Revolución.")
CHOFER_B = report(2, title="Matan a Teodoro Ccahuana, chofer de Los Halcones del Norte, en Comas",
                  lead="El conductor Teodoro Ccahuana Rivas recibió cuatro disparos en el paradero final de la "
                       "avenida Revolución cuando terminaba su turno.")
BODEGUERO = report(3, title="Comas: matan a bodeguero frente a su negocio en Collique",
                   lead="Anselmo Vílchez Carrión atendía su bodega en la cuarta zona de Collique cuando un "
                        "desconocido le disparó por la espalda.", sectors=("commerce",))


def test_two_outlets_on_the_same_killing_merge_with_a_reason():
    decision = score_pair(CHOFER_A, CHOFER_B)
    assert decision.merge
    assert decision.score >= 3.0
    assert "same place" in decision.reason and "wording" in decision.reason


def test_two_killings_same_day_same_district_stay_apart():
    decision = score_pair(CHOFER_A, BODEGUERO)
    assert not decision.merge
    # Context (day, place, types) is all there; identity is not.
    assert "same day" in decision.reason and "victims' trades differ" in decision.reason


def test_context_alone_never_merges():
    a = report(1, title="Asesinan a un hombre en Comas", sectors=())
    b = report(2, title="Otro crimen en Comas: hallan cadáver con signos de violencia", sectors=())
    assert not score_pair(a, b).merge


def test_hard_refusals_name_their_reason():
    far = report(4, title=CHOFER_B.title, lead=CHOFER_B.lead, day="2026-05-20")
    assert score_pair(CHOFER_A, far).reason == "9 days apart"
    elsewhere = report(5, title=CHOFER_B.title, lead=CHOFER_B.lead, district="Independencia")
    assert score_pair(CHOFER_A, elsewhere).reason == "different places"
    operation = report(6, title=CHOFER_B.title, lead=CHOFER_B.lead, kind="operation")
    assert not score_pair(CHOFER_A, operation).merge
    drugs = report(7, title=CHOFER_B.title, lead=CHOFER_B.lead, types=("drug_trafficking",))
    assert score_pair(CHOFER_A, drugs).reason == "unrelated crime types"
    rivals = report(8, title=CHOFER_B.title, lead=CHOFER_B.lead, gangs=("Los Pulpos",))
    assert score_pair(report(9, title=CHOFER_A.title, gangs=("Los Injertos del Cono Norte",)), rivals).reason \
        == "different gangs"


def test_nested_place_and_related_types_can_merge():
    # A national outlet places it in Lima only and calls it an attack; the local one a homicide.
    vague = report(10, title="Atacan a balazos a Teodoro Ccahuana, chofer de Los Halcones del Norte",
                   district=None, types=("armed_attack",), deaths=None)
    assert place_relation(CHOFER_A, vague) == "nested"
    assert score_pair(CHOFER_A, vague).merge


def test_two_events_of_one_article_are_never_merged():
    second = report(1, position=1, title=CHOFER_A.title, lead=CHOFER_A.lead)
    assert not score_pair(CHOFER_A, second).merge
    assert not decide(second, [CHOFER_A, CHOFER_B]).merge


def test_choose_takes_the_best_merging_event_or_none():
    chosen, decision = choose(CHOFER_B, {7: [BODEGUERO], 9: [CHOFER_A]})
    assert chosen == 9 and decision.best == (1, 0)
    chosen, decision = choose(BODEGUERO, {9: [CHOFER_A, CHOFER_B]})
    assert chosen is None and not decision.merge


def test_casualty_rule_latest_report_with_lowest_and_highest():
    first = report(1, title="Ataque en Comas deja un muerto y dos heridos", deaths=1, injured=2,
                   published=at("2026-05-11", 8))
    later = report(2, title="Sube a dos la cifra de muertos por ataque en Comas", deaths=2, injured=1,
                   published=at("2026-05-12", 9))
    silent = report(3, title="Vecinos de Comas marchan tras el ataque", deaths=None, injured=None,
                    published=at("2026-05-13", 9))
    assert casualty([first, later, silent], "deaths") == (2, 1, 2)
    assert casualty([first, later, silent], "injured") == (1, 1, 2)
    assert casualty([silent], "deaths") == (None, None, None)
    fields = summarize([later, silent, first])
    assert (fields.deaths, fields.deaths_low, fields.deaths_high) == (2, 1, 2)
    assert fields.headline == first.title and fields.first_reported == first.published
    assert fields.sources == 3


def test_summary_keeps_the_most_precise_agreed_place_and_unions():
    vague = report(10, title="x", district=None, province=None, types=("armed_attack",), gangs=("Los Pulpos",))
    fields = summarize([vague, CHOFER_A])
    assert (fields.department, fields.province, fields.district, fields.place_level) == \
        ("Lima", "Lima", "Comas", "district")
    assert set(fields.crime_types) == {"homicide", "armed_attack"} and fields.gangs == ("Los Pulpos",)
    # Sources contradicting each other (a person merged them): the most reported place, no blend.
    other = report(11, title="y", district="Independencia")
    fields = summarize([CHOFER_A, other, report(12, title="z", district="Independencia")])
    assert fields.district == "Independencia"


def test_occurred_on_is_the_day_most_sources_give():
    a = report(1, title="a", day="2026-05-10")
    b = report(2, title="b", day="2026-05-11")
    c = report(3, title="c", day="2026-05-11")
    assert summarize([a, b, c]).occurred_on == "2026-05-11"
    assert summarize([a, b]).occurred_on == "2026-05-10"


def test_at_least_marks_lower_bounds():
    assert at_least("Al menos tres muertos deja balacera en Pataz")
    assert at_least("más de diez heridos")
    assert not at_least("Tres muertos deja balacera en Pataz")


def test_the_same_several_dead_and_wounded_say_one_incident():
    # Two outlets on one military operation: typed apart, worded apart, but five dead and two
    # wounded in one district the next day are the same people.
    a = report(1, title="Enfrentamiento en el Vraem deja cinco muertos", kind="operation", types=("other_crime",),
               department="Huancavelica", province="Tayacaja", district="Colcabamba", deaths=5, injured=2,
               sectors=())
    b = report(2, title="Militares abaten a narcoterroristas en Colcabamba", kind="operation",
               types=("armed_attack",), department="Huancavelica", province="Tayacaja", district="Colcabamba",
               deaths=5, injured=2, sectors=(), day="2026-05-12")
    decision = score_pair(a, b)
    assert decision.merge and "same toll (5)" in decision.reason and "same wounded (2)" in decision.reason
    # One dead each is what two different killings share too.
    one = report(3, title="Asesinan a un hombre en Comas", sectors=())
    other = report(4, title="Otro crimen en Comas: matan a joven en la madrugada", sectors=())
    assert not score_pair(one, other).merge


def test_the_victims_name_and_age_join_reports_worded_apart():
    first = report(1, title="Villa El Salvador: mujer es asesinada por su pareja delante de sus hijos",
                   types=("feminicide",), district="Villa El Salvador", sectors=(),
                   lead="Una mujer de 29 años fue asesinada a puñaladas por su pareja la madrugada de este domingo. "
                        "La víctima fue identificada como Rosa Elena Mamani Condori.")
    second = report(2, title="", day="2026-05-12", types=("feminicide",), district=None, sectors=(),
                    evidence="Lima Sur.- Un nuevo feminicidio conmociona al Cono Sur.",
                    lead="Lima Sur.- Un nuevo feminicidio conmociona al Cono Sur. Rosa Mamani, de 29 años, madre de "
                         "dos niños, murió tras ser atacada con un cuchillo por el hombre con quien convivía.")
    decision = score_pair(first, second)
    assert decision.merge
    assert "same person mamani rosa" in decision.reason and "same age 29" in decision.reason


def test_a_look_alike_that_recalls_the_first_victim_stays_apart():
    first = report(1, title="SJL: asesinan a chofer de la empresa El Sauce",
                   lead="Juan Carlos Quispe Guamán, de 41 años, chofer de la empresa El Sauce, fue asesinado de "
                        "cinco disparos en la avenida Wiesse.")
    second = report(2, title="Balean a chofer de El Sauce en SJL", day="2026-05-12", deaths=None, injured=1,
                    lead="Un día después del crimen de Juan Carlos Quispe, otro conductor de la empresa, Richard "
                         "Torres Paucar, de 28 años, recibió dos balazos en el paradero de Mariscal Cáceres.")
    decision = score_pair(first, second)
    assert not decision.merge
    assert "ages differ" in decision.reason and "same person" not in decision.reason
    # Its headline calling the victim another driver of the company says so too.
    assert score_pair(first, replace(second, title="Balean a otro chofer de El Sauce en SJL")).reason \
        == "told as another incident, after it"


def test_a_victim_recalled_after_despues_de_que_is_no_same_person():
    first = report(1, title="SJL: asesinan a chofer de la empresa El Sauce", lead="Julio César Ramos Quispe fue "
                   "asesinado dentro del bus en la avenida Wiesse.")
    second = report(2, title="", day="2026-05-12", deaths=None, injured=1,
                    lead="El ataque ocurrió apenas un día después de que un sicario matara al chofer Julio César "
                         "Ramos. Edwin Flores Ticona recibió un balazo en el brazo en el paradero de Canto Rey.")
    assert "same person" not in score_pair(first, second).reason


def test_a_report_told_as_another_incident_does_not_join_the_earlier_one():
    first = report(1, title="Gamarra: explosivo destroza la puerta de la galería Santa Lucía",
                   types=("extortion", "armed_attack"), district="La Victoria", deaths=None, sectors=("commerce",),
                   lead="Un artefacto explosivo detonó en la madrugada frente a la galería Santa Lucía, en el jirón "
                        "Gamarra. Los comerciantes de la galería denunciaron cobros de cupos.")
    again = report(2, title="", day="2026-05-16", types=("extortion", "armed_attack"), district="La Victoria",
                   deaths=None, sectors=("commerce",),
                   lead="Otra vez Gamarra. Un explosivo detonó frente a la tienda Textiles Kiara, en el jirón "
                        "Gamarra, a dos cuadras de la galería Santa Lucía. Los comerciantes denunciaron cobros.")
    decision = score_pair(first, again)
    assert not decision.merge and decision.reason == "told as another incident, after it"
    # A follow-up of the same attack that counts another victim of it is not another incident.
    toll = replace(again, lead="Murió otra víctima del atentado contra la galería Santa Lucía, en el jirón Gamarra.")
    assert "another incident" not in score_pair(first, toll).reason
    # … but another victim of a kind of crime is another incident.
    marcaje = replace(again, lead="Otra víctima de marcaje en Gamarra: un comerciante fue baleado tras retirar dinero.")
    assert score_pair(first, marcaje).reason == "told as another incident, after it"


def test_a_large_districts_neighbour_is_near_and_the_same_person_joins_them():
    first = report(1, title="Nuevo Chimbote: asesinan a colectivero por no pagar cupos", department="Áncash",
                   province="Santa", district="Nuevo Chimbote",
                   lead="Pedro Ruiz Zapata, de 45 años, fue asesinado de tres disparos en la urbanización Bellamar.")
    second = report(2, title="Chimbote: matan a chofer de colectivo", department="Áncash", province="Santa",
                    district="Chimbote",
                    lead="El colectivero Pedro Ruiz Zapata murió baleado anoche; tenía 45 años.")
    first, second = replace(first, lat=-9.125, lon=-78.517), replace(second, lat=-9.075, lon=-78.59)
    decision = score_pair(first, second)
    assert "near place" in decision.reason and decision.merge


def test_the_end_of_a_companys_name_is_no_person():
    # 'Canto Grande' closes the company's name, 'Carlos Quispe' is another driver recalled
    first = report(1, title="SJL: asesinan a chofer de Los Jazmines de Canto Grande",
                   lead="Un chofer de la empresa Los Jazmines de Canto Grande fue asesinado en la avenida Wiesse.")
    assert "canto" not in persons(first) and "grande" not in persons(first)


def test_another_incident_a_report_recalls_gives_no_identity():
    lead = ("Un segundo cobrador fue baleado en Comas, horas después del crimen de Elmer Rojas Quispe en la "
            "avenida Túpac Amaru. El herido fue llevado al hospital.")
    assert "rojas" not in words(lead) and "tupac" not in words(lead) and "cobrador" not in persons(
        report(1, title="", lead=lead))
    assert own(lead).startswith("Un segundo cobrador fue baleado en Comas,")


def test_a_later_report_that_nobody_died_is_another_incident():
    killing = report(1, title="Comas: asesinan a chofer de Los Halcones", deaths=1)
    next_day = report(2, title="Comas: atacan a otro chofer de Los Halcones; no hubo muertos", deaths=0,
                      injured=1, day="2026-05-12")
    assert not decide(next_day, [killing]).merge
    assert "fewer dead" in decide(next_day, [killing]).reason
    # the other way round (none at first, a victim who dies later) is a follow-up: not refused here
    assert "fewer dead" not in decide(replace(killing, published=at("2026-05-13")), [next_day]).reason


def test_a_report_days_later_with_fewer_dead_is_another_incident():
    mine = dict(types=("homicide", "illegal_mining", "armed_attack"), department="La Libertad", province="Pataz",
                district="Pataz", sectors=("mining",))
    massacre = report(1, title="Pataz: cuatro mineros asesinados en socavón de Vijus", deaths=4, **mine)
    two_days_on = report(2, title="Pataz: asesinan a dos mineros en socavón", deaths=2, day="2026-05-13", **mine)
    assert decide(two_days_on, [massacre]).reason == "a later report tells of fewer dead"
    # the same day, outlets' counts differ as the toll is still being told; a rising toll is a follow-up
    assert "fewer dead" not in decide(replace(two_days_on, published=massacre.published), [massacre]).reason
    assert "fewer dead" not in decide(replace(massacre, published=at("2026-05-14")), [two_days_on]).reason


def test_rare_words_weigh_and_news_words_do_not():
    # From the news corpus's document frequencies (models/words/document_frequency.tsv).
    assert rarity("tapullima") == 1.0  # a surname no article has
    assert rarity("soles") == rarity("puerta") == 0.0  # in more than 1% of articles
    assert 0.0 < rarity("panamericana") < rarity("polleria") < 1.0


BOMB = dict(types=("extortion", "armed_attack"), district="Independencia", deaths=None, sectors=("commerce",))


def test_the_rare_words_two_reports_share_join_them():
    # Worded apart but for the shop's trade and its street: what a look-alike does not share.
    first = report(1, title="Independencia: detonan explosivo en la puerta de una pollería", **BOMB,
                   lead="Un artefacto explosivo estalló la madrugada del sábado frente a una pollería de la avenida "
                        "Túpac Amaru. El propietario había recibido mensajes en los que le exigían dinero.")
    second = report(2, title="Atentado extorsivo contra local de comida en Lima Norte", **{**BOMB, "sectors": ()},
                    lead="La onda expansiva destrozó la fachada de la pollería, en la cuadra 35 de la avenida Túpac "
                         "Amaru, y los vidrios de tres casas vecinas. Los vecinos de la urbanización Ermitaño "
                         "despertaron sobresaltados y la comisaría de Tahuantinsuyo recibió la denuncia.")
    decision = score_pair(first, second)
    assert "rare words" in decision.reason and decision.merge
    # A look-alike the same night in the same district: another shop, another street.
    other = report(3, title="Independencia: atacan con explosivo una ferretería del jirón Los Pinos", **BOMB,
                   lead="La detonación ocurrió a las tres de la mañana y dañó la mercadería del negocio, cuyo dueño "
                        "denunció amenazas por el cobro de cupos.")
    decision = score_pair(first, other)
    assert "rare words" not in decision.reason and not decision.merge


def test_two_reports_of_one_places_measure_on_one_day_are_one_measure():
    decree = report(1, title="Gobierno declara estado de emergencia en Sullana por 60 días", kind="measure", types=(),
                    department="Piura", province="Sullana", district=None, deaths=None, sectors=(),
                    lead="El decreto supremo publicado en El Peruano dispone el control del orden interno.")
    troops = report(2, title="Militares saldrán a las calles de Sullana desde mañana", kind="measure",
                    types=("extortion",), department="Piura", province="Sullana", district="Bellavista",
                    deaths=None, sectors=(), day="2026-05-12",
                    lead="La medida, vigente desde su publicación, busca frenar las extorsiones.")
    decision = score_pair(decree, troops)
    assert decision.merge and "one measure per place and day" in decision.reason
    elsewhere = replace(troops, department="Piura", province="Paita", district=None)
    assert not score_pair(decree, elsewhere).merge

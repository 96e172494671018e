"""One event per incident (issue 10, item 1): the causes of missed merges, each as a case, and
look-alikes kept apart. Our own texts, against a real SQLite store; the last test runs them
through the real extractor with ``vigia import``'s function."""

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.events import merge_pending
from pipeline.events.matching import Source, at_least, place_relation, score_pair, wording
from pipeline.storage import Storage
from pipeline.types import EntryData

T0 = datetime(2026, 6, 2, 15, 0, tzinfo=timezone.utc)
UBIGEO = {"Comas": "150110", "Independencia": "150112", "Puente Piedra": "150125", "Ate": "150103"}


@pytest.fixture
def storage(tmp_path):
    with Storage(tmp_path / "dedup.db") as storage:
        yield storage


def report(url, title, body, *, published=T0, kind="incident", types=("homicide", "armed_attack"),
           department="Lima", province="Lima", district="Comas", deaths=1, injured=None,
           sectors=(), day="2026-06-01", gangs=()):
    return {"url": url, "title": title, "body": body, "published": published, "mention": {
        "kind": kind, "crime_types": list(types), "department": department, "province": province,
        "district": district, "ubigeo": UBIGEO.get(district), "place_text": district or province,
        "gangs": list(gangs), "deaths": deaths, "injured": injured, "victim_sectors": list(sectors),
        "occurred_on": day, "evidence": title, "extras": {"gang_candidates": [], "evidence": {}}}}


def load(storage, *reports):
    """Store each article with its mention, then merge, one at a time as the daemon would."""
    ids = []
    for r in reports:
        entry = EntryData(url=r["url"], guid=None, title=r["title"], summary="", body=r["body"], author=None,
                          published=r["published"])
        storage.import_articles([(entry, r["url"].split("/")[2])], feed="import", now=r["published"])
        article_id = storage.article_by_url(r["url"]).id
        storage.store_mentions([(article_id, [r["mention"]], None)], version="test", now=r["published"])
        merge_pending(storage, now=r["published"])
        ids.append(article_id)
    return ids


def events_of(storage, ids):
    return [storage.db.execute("SELECT event_id FROM event_mentions WHERE article_id = ? AND position = 0",
                               [i]).fetchone()[0] for i in ids]


OPERATION_A = report(
    "https://diario-centro.pe/policiales/ate-operativo-los-topos-del-cerro",
    "Ate: operativo contra 'Los Topos del Cerro' deja dos muertos y un policía herido",
    "La intervención contra la banda Los Topos del Cerro en la quebrada de Huaycán terminó con dos "
    "presuntos integrantes muertos y el suboficial Reynaldo Cuya herido en una pierna.",
    kind="operation", types=("other_crime",), district="Ate", deaths=2, injured=1)
OPERATION_B = report(
    "https://radio-oriente.pe/lima/huaycan-balacera-topos-del-cerro",
    "Balacera en Huaycán: dos muertos en operativo contra Los Topos del Cerro",
    "Dos presuntos miembros de Los Topos del Cerro murieron en un enfrentamiento con la Policía en la "
    "quebrada de Huaycán, en Ate; el suboficial Reynaldo Cuya resultó herido.",
    published=T0 + timedelta(hours=3), kind="operation", types=("armed_attack",), district="Ate", deaths=2,
    injured=1)


def test_one_operation_typed_other_crime_by_one_outlet_and_armed_attack_by_another_is_one_event(storage):
    ids = load(storage, OPERATION_A, OPERATION_B)
    assert len(set(events_of(storage, ids))) == 1
    assert storage.db.execute("SELECT deaths FROM events_flat").fetchall() == [(2,)]


ASSAULT_COMAS = report(
    "https://diario-norte.pe/policiales/comas-asalto-grifo-la-merced",
    "Comas: asaltan grifo La Merced y hieren a balazos al vigilante Fermín Tacuri",
    "Cuatro delincuentes armados asaltaron el grifo La Merced, en la avenida Túpac Amaru, y dispararon "
    "contra el vigilante Fermín Tacuri Llanos, que fue trasladado al hospital Sergio Bernales.",
    types=("robbery", "armed_attack"), deaths=None, injured=1)
ASSAULT_INDEPENDENCIA = report(
    "https://la-voz-lima.pe/lima/grifo-la-merced-vigilante-herido",
    "Vigilante Fermín Tacuri herido a balazos en asalto al grifo La Merced de Túpac Amaru",
    "El vigilante Fermín Tacuri Llanos recibió dos disparos cuando cuatro asaltantes armados tomaron el "
    "grifo La Merced en la avenida Túpac Amaru, en Independencia.",
    published=T0 + timedelta(hours=2), types=("robbery", "armed_attack"), district="Independencia",
    deaths=None, injured=1)
ASSAULT_LIMA = report(
    "https://radio-tres.pe/actualidad/asalto-grifo-la-merced",
    "Asalto al grifo La Merced: vigilante Fermín Tacuri sigue grave",
    "Fermín Tacuri Llanos, vigilante del grifo La Merced, sigue en estado grave tras el asalto armado en "
    "la avenida Túpac Amaru.",
    published=T0 + timedelta(hours=5), types=("robbery",), district=None, deaths=None, injured=1)


def test_one_robbery_placed_in_neighbouring_districts_and_at_province_level_is_one_event(storage):
    ids = load(storage, ASSAULT_COMAS, ASSAULT_INDEPENDENCIA, ASSAULT_LIMA)
    assert len(set(events_of(storage, ids))) == 1
    reasons = [r[0] for r in storage.db.execute("SELECT reason FROM event_mentions WHERE score IS NOT NULL")]
    assert any("near place" in r for r in reasons), reasons


KILLING = report(
    "https://diario-norte.pe/policiales/puente-piedra-mototaxista-zapallal",
    "Puente Piedra: asesinan a mototaxista Wilmer Ccopa en Zapallal",
    "Wilmer Ccopa Huillca, mototaxista de la asociación Virgen de Chapi, fue baleado en el paradero de "
    "Zapallal cuando esperaba pasajeros.",
    district="Puente Piedra", sectors=("transport",), day="2026-06-01")
FOLLOW_UP_DATED_BY_CRIME = report(
    "https://la-voz-lima.pe/lima/wilmer-ccopa-capturan-sicario",
    "Capturan a sicario que asesinó al mototaxista Wilmer Ccopa en Zapallal",
    "Cinco días después del crimen del mototaxista Wilmer Ccopa Huillca, de la asociación Virgen de "
    "Chapi, la Policía capturó al presunto sicario en Puente Piedra.",
    published=T0 + timedelta(days=5), district="Puente Piedra", sectors=("transport",), day="2026-06-01")
FOLLOW_UP_DATED_BY_REPORT = report(
    "https://radio-tres.pe/actualidad/zapallal-mototaxistas-wilmer-ccopa",
    "Mototaxistas de Zapallal marchan por Wilmer Ccopa, asesinado la semana pasada",
    "Los mototaxistas de la asociación Virgen de Chapi marcharon en Puente Piedra para pedir justicia por "
    "Wilmer Ccopa Huillca, baleado en el paradero de Zapallal.",
    published=T0 + timedelta(days=6), district="Puente Piedra", sectors=("transport",), day="2026-06-07")


def test_follow_ups_reported_days_later_join_the_event_however_they_are_dated(storage):
    ids = load(storage, KILLING, FOLLOW_UP_DATED_BY_CRIME, FOLLOW_UP_DATED_BY_REPORT)
    assert len(set(events_of(storage, ids))) == 1
    assert storage.db.execute("SELECT occurred_on FROM events_flat").fetchall() == [("2026-06-01",)]


OTHER_KILLING_SAME_DAY = report(
    "https://diario-norte.pe/policiales/puente-piedra-bodeguero-la-ensenada",
    "Puente Piedra: matan a bodeguero Aurelio Mendoza en La Ensenada",
    "Aurelio Mendoza Paucar atendía su bodega en La Ensenada cuando un sicario le disparó y huyó en una "
    "motocicleta.",
    published=T0 + timedelta(hours=1), district="Puente Piedra", sectors=("commerce",), day="2026-06-01")
OTHER_MOTOTAXISTA_NEXT_DISTRICT = report(
    "https://la-voz-lima.pe/lima/comas-mototaxista-collique-baleado",
    "Comas: asesinan a mototaxista Julio Ramos en Collique",
    "Julio Ramos Quispe, mototaxista de la asociación Señor de Luren, fue baleado en Collique por dos "
    "sujetos que huyeron en una moto.",
    published=T0 + timedelta(hours=2), district="Comas", sectors=("transport",), day="2026-06-01")
OTHER_MOTOTAXISTA_LATER = report(
    "https://radio-tres.pe/actualidad/puente-piedra-otro-mototaxista-asesinado",
    "Puente Piedra: asesinan a otro mototaxista, Elías Chumpitaz, en Shangrila",
    "Elías Chumpitaz Ríos, mototaxista de la asociación Los Ángeles, fue baleado en Shangrila, cinco días "
    "después de otro crimen en el distrito.",
    published=T0 + timedelta(days=5), district="Puente Piedra", sectors=("transport",), day="2026-06-06")


def test_look_alikes_stay_apart(storage):
    """Two killings in one district on one day; a killing of the same trade in the district next
    door; another killing of the same trade in the district days later."""
    ids = load(storage, KILLING, OTHER_KILLING_SAME_DAY, OTHER_MOTOTAXISTA_NEXT_DISTRICT, OTHER_MOTOTAXISTA_LATER)
    assert len(set(events_of(storage, ids))) == 4


def _source(n, **fields):
    base = dict(article_id=n, position=0, kind="incident", crime_types=("homicide",), department="Lima",
                province="Lima", district="Comas", title="Asesinan a Teodoro Ccahuana, chofer de Los Halcones",
                published=T0, occurred_on="2026-06-01", victim_sectors=("transport",), deaths=1)
    base.update(fields)
    base.setdefault("evidence", base["title"])
    return Source(**base, at_least=at_least(base["evidence"]))


def test_neighbours_need_coordinates_and_stronger_identity_than_one_place():
    comas = _source(1, lat=-11.957, lon=-77.049)
    independencia = _source(2, district="Independencia", lat=-11.997, lon=-77.055)
    far = _source(3, district="Ate", lat=-12.026, lon=-76.921)
    assert place_relation(comas, independencia) == "near"
    assert place_relation(comas, far) == "different"
    assert place_relation(_source(4), _source(5, district="Independencia")) == "different"  # no coordinates
    assert score_pair(comas, independencia).merge
    weak = _source(6, district="Independencia", lat=-11.997, lon=-77.055,
                   title="Matan a un chofer en Independencia", evidence="Matan a un chofer en Independencia")
    assert not score_pair(comas, weak).merge


def test_a_follow_up_beyond_the_window_needs_its_own_words_and_never_beyond_a_week():
    first = _source(1)
    later = _source(2, published=T0 + timedelta(days=6), occurred_on=None)
    assert score_pair(first, later).merge and "follow-up" in score_pair(first, later).reason
    vague = _source(3, published=T0 + timedelta(days=6), occurred_on=None, title="Otro chofer asesinado")
    assert not score_pair(first, vague).merge
    too_late = _source(4, published=T0 + timedelta(days=12), occurred_on="2026-06-13")
    assert score_pair(first, too_late).reason == "11 days apart"  # from its publication, the closest day


ARCHIVE = [
    {"url": "https://www.diario-uno.pe/policiales/ate-sicarios-cobrador-huaycan",
     "title": "Ate: sicarios asesinan a cobrador de combi en Huaycán",
     "text": "Marcelino Yupanqui Soto, cobrador de la empresa de transportes Santa Rosa de Huaycán, fue "
             "asesinado a balazos la noche del lunes en la avenida José Carlos Mariátegui, en Ate. Dos sicarios "
             "en motocicleta dispararon contra la combi cuando recogía pasajeros.",
     "published": "2026-06-02"},
    {"url": "https://noticias-dos.pe/lima/huaycan-cobrador-marcelino-yupanqui",
     "title": "Matan a Marcelino Yupanqui, cobrador de la empresa Santa Rosa de Huaycán",
     "text": "El cobrador Marcelino Yupanqui Soto murió tras recibir cuatro disparos en la avenida José Carlos "
             "Mariátegui, en Huaycán, Ate. Sus compañeros de la empresa Santa Rosa denunciaron extorsiones.",
     "published": "2026-06-02"},
    {"url": "https://www.diario-uno.pe/policiales/ate-bodeguera-asesinada-vitarte",
     "title": "Asesinan a bodeguera dentro de su tienda en Vitarte, Ate",
     "text": "Una bodeguera de 47 años, Gladys Poma Arce, fue asesinada a balazos dentro de su tienda en Vitarte, "
             "en Ate, la noche del lunes. Un delincuente entró al local y le disparó antes de huir con la caja.",
     "published": "2026-06-02"},
]


def test_through_the_real_extractor_two_reports_join_and_the_look_alike_stays_apart(tmp_path):
    from pipeline.importer import import_file

    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARCHIVE), encoding="utf-8")
    with Storage(tmp_path / "v.db") as storage:
        import_file(storage, path, now=lambda: datetime(2026, 6, 3, 9, 0, tzinfo=timezone.utc))
        events = {url: storage.db.execute(
            "SELECT em.event_id FROM event_mentions em JOIN articles a ON a.id = em.article_id "
            "WHERE a.url = ? AND em.position = 0", [url]).fetchone() for url in (a["url"] for a in ARCHIVE)}
    cobrador = [events[a["url"]] for a in ARCHIVE[:2]]
    assert None not in cobrador and cobrador[0] == cobrador[1]
    assert events[ARCHIVE[2]["url"]] is None or events[ARCHIVE[2]["url"]] != cobrador[0]


LIMA_DISTRICTS = [("Ate", "150103"), ("Barranco", "150104"), ("Breña", "150105"), ("Lince", "150116"),
                  ("Rímac", "150128"), ("Surquillo", "150141"), ("Chorrillos", "150108")]
SEVEN_ROBBERIES = [
    {**report(f"https://diario-norte.pe/policiales/asalto-tienda-{n}", f"Asaltan tienda en {district}",
              f"Delincuentes asaltaron una tienda en {district}.", published=T0 - timedelta(days=n),
              types=("robbery",), district=district, deaths=None, day=(T0 - timedelta(days=n)).date().isoformat())}
    for n, (district, _) in enumerate(LIMA_DISTRICTS, 1)]
for _r, (_, _code) in zip(SEVEN_ROBBERIES, LIMA_DISTRICTS):
    _r["mention"]["ubigeo"] = _code
    _r["mention"]["evidence"] = _r["body"]


def test_seven_generic_robberies_in_seven_districts_on_consecutive_days_stay_seven_events(storage):
    """Neighbouring districts (Breña, Lince, Rímac; Barranco, Surquillo, Chorrillos) a day or a few
    apart: all they share is the wording of crime news ('asaltan', 'tienda', 'delincuentes'), which is
    no evidence that two reports tell one robbery."""
    ids = load(storage, *SEVEN_ROBBERIES)
    events = events_of(storage, ids)
    assert len(set(events)) == 7
    from pipeline.events.merging import source
    with storage.event_log() as tx:  # the sources as the log compares them (with coordinates)
        sources = [source(row) for rows in tx.members(events).values() for row in rows]
    relations = {place_relation(a, b) for a in sources for b in sources if a is not b}
    assert "near" in relations, "the case must put neighbouring districts side by side"
    assert not any(score_pair(a, b).merge for a in sources for b in sources if a is not b)


def test_generic_headlines_give_no_identity_and_one_shared_word_is_not_a_name():
    shop = _source(1, crime_types=("robbery",), victim_sectors=(), deaths=None, district="Breña",
                   title="Asaltan tienda en Breña", evidence="Delincuentes asaltaron una tienda en Breña.",
                   lat=-12.06, lon=-77.05)
    other = _source(2, crime_types=("robbery",), victim_sectors=(), deaths=None, district="Lince",
                    title="Asaltan tienda en Lince", evidence="Delincuentes asaltaron una tienda en Lince.",
                    lat=-12.085, lon=-77.035, occurred_on="2026-06-02")
    assert place_relation(shop, other) == "near"
    assert wording(shop, other) == 0.0
    assert not score_pair(shop, other).merge
    same_place = replace(other, district="Breña", lat=shop.lat, lon=shop.lon, occurred_on=shop.occurred_on,
                         title="Asaltan tienda en Breña", evidence="Delincuentes asaltaron una tienda en Breña.")
    assert not score_pair(shop, same_place).merge, "two generic robberies in one district on one day"
    # One own word shared by two short headlines weighs little; two (a name and a surname) weigh fully.
    one = replace(same_place, title="Asaltan tienda de celulares en Breña y se llevan una laptop",
                  evidence="Asaltan tienda de celulares en Breña y se llevan una laptop")
    first = replace(shop, title="Roban laptop en tienda de Breña", evidence="Roban laptop en tienda de Breña")
    assert wording(first, one) <= 0.4
    named = replace(one, title="Asaltan tienda de Gonzalo Huamaní en Breña", evidence="Asaltan tienda de Gonzalo Huamaní")
    assert wording(replace(first, title="Gonzalo Huamaní denuncia asalto a su tienda",
                           evidence="Gonzalo Huamaní denuncia asalto a su tienda"), named) > 0.5


def test_a_region_label_named_like_its_capital_nests_a_district_of_another_province():
    label = _source(1, department="Huancavelica", province="Huancavelica", district=None, kind="operation",
                    title="Huancavelica: ocho militares detenidos tras operativo que dejó cinco fallecidos", deaths=5)
    district = _source(2, department="Huancavelica", province="Tayacaja", district="Colcabamba", kind="operation",
                       title="Detienen a ocho militares tras operativo en Colcabamba que dejó cinco muertos", deaths=5)
    assert place_relation(label, district) == "nested"
    # a province named otherwise than its department is still another province
    other = _source(3, department="Huancavelica", province="Angaraes", district=None)
    assert place_relation(other, district) == "different"


def test_a_suspect_s_age_does_not_tell_the_victim_apart():
    """One outlet ages the victim, a follow-up ages only the suspect: the same victim, named in both."""
    first = _source(1, title="Matan a bodeguero en Pachacútec",
                    evidence="Segundo Vásquez Carranza, de 52 años, atendía su bodega en Pachacútec cuando un "
                             "sujeto le disparó cuatro veces.", district="Ventanilla", department="Callao",
                    province="Callao", victim_sectors=("commerce",))
    later = _source(2, title="Identifican al presunto asesino del bodeguero de Pachacútec",
                    evidence="Según la investigación, se trataría de un joven de 20 años. La víctima, Segundo "
                             "Vásquez Carranza, murió en el hospital.", district="Ventanilla", department="Callao",
                    province="Callao", victim_sectors=("commerce",), published=T0 + timedelta(days=1))
    decision = score_pair(first, later)
    assert "ages differ" not in decision.reason and "same person" in decision.reason
    other_victim = replace(later, evidence="La víctima, Rosa Vásquez Carranza, de 31 años, murió en el hospital.")
    assert "ages differ" in score_pair(first, other_victim).reason

"""Deaths and injured of the event a sentence reports, from Spanish news wording.

Counts are of the event only: sentences that quote running totals ('son 112 los crímenes en lo
que va del año') give none. Each finding is (field, count, start, end, strength): 'explicit' when
the text states a number ('dos muertos', 'asesinaron a tres'), 'singular' when a single victim is
implied ('asesinan a chofer', 'resultó herido'), 'negated' for 'no hubo heridos' (count 0).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .numbers import NUM, parse_count


class Finding(NamedTuple):
    field: str  # "deaths" | "injured"
    count: int  # type: ignore[assignment]  # a field may shadow tuple.count: this one is the number
    start: int
    end: int
    strength: str  # "explicit" | "singular" | "negated"


_F = re.IGNORECASE
_LEAD = r"(?:al menos |por lo menos |cerca de |unos |unas |otros |otras |)"
_PEOPLE = r"(?:(?:personas?|hombres?|mujeres?|jóvenes|j[oó]ven|menores|niños|niñas|adultos|varones|pasajeros|trabajadores|efectivos|policías|agentes|ciudadanos|vecinos|transeúntes|integrantes|mineros|músicos|comensales|asistentes)\s+)?"
_ANIMALS = (r"(?:canes|perros?|perritos?|gatos?|animales|mascotas?|reses|vacas|caballos|cerdos|aves|gallos|"
            r"gallinas|pollos|ovejas|cabezas de ganado|alpacas|llamas|cuyes|peces|delfines|lobos marinos)\b")
# Words after a number that make it a span of time or an amount, not people.
_UNITS = rf"(?:años|meses|días|horas|semanas|minutos|veces|soles|dólares|kilos|metros|{_ANIMALS})"
_NOT_PEOPLE = rf"(?!{_UNITS})"

# Sentences quoting totals or statistics give no casualties of the event.
BACKGROUND = re.compile(
    r"en lo que va del? (?:año|mes|semana|20\d\d|(?:mes de )?(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"se(?:p)?tiembre|octubre|noviembre|diciembre))|\bsuman\b|\bsumaron\b|\bson \S+ los\b|\bcifras?\b|"
    r"\ben total\b|desde (?:enero|inicios|el inicio|que comenzó|el 20\d\d)|estad[íi]stic|"
    r"en los últimos (?:meses|años|días|\d+)|\beste año\b|\bal año\b|\bpor año\b|%|\bdurante (?:el|este) (?:año|mes)\b|"
    r"\bhistorial\b|\bacumula(?:n|ba|ron)?\b|\bya van\b|\bvan (?:más de )?\d+|\bregistr(?:a|an|ó|aron) (?:más de )?\d+\b", _F)

# A toll reported before a revision: 'luego de que inicialmente se reportaran dos fallecidos'.
_EARLIER_TOLL = re.compile(r"\b(?:inicialmente|en un (?:primer momento|principio)|al (?:principio|inicio))\b[^.;]*$", _F)
# 'un día después del crimen de su compañero': the crime another event is dated from.
_AFTER_ANOTHER = re.compile(r"\b(?:después|luego)\s+del?\s+(?:\w+\s+)?$", _F)

_PLURAL_VERB = re.compile(r"\b(?:murieron|fallecieron|perdieron la vida|mueren|fallecen|pierden la vida|"
                         r"resultaron|quedaron|fueron)\b", _F)

_DEATH_NOUN = r"(?:muert[oa]s|fallecid[oa]s|víctimas mortales|cadáveres|muertos)"
_INJ_NOUN = r"(?:herid[oa]s|lesionad[oa]s)"

EXPLICIT_DEATHS = [
    re.compile(rf"\b{_LEAD}({NUM})\s+{_PEOPLE}{_DEATH_NOUN}\b", _F),
    re.compile(r"\b(un|una)\s+(?:[a-záéíóúñ]+\s+)?(?:muerto|muerta|fallecido|fallecida|víctima mortal)\b", _F),
    re.compile(rf"\b{_LEAD}({NUM})\s+{_NOT_PEOPLE}[a-záéíóúñ]+\s+(?:muert[oa]s|fallecid[oa]s)\b", _F),
    # 'trece trabajadores asesinados', 'los 14 mineros ejecutados'
    re.compile(rf"\b{_LEAD}({NUM})\s+{_NOT_PEOPLE}(?:[a-záéíóúñ]+\s+)?(?:asesinad[oa]s|ejecutad[oa]s|acribillad[oa]s|masacrad[oa]s)\b", _F),
    # verb first: 'murieron tres personas', 'fallecieron dos trabajadores', 'perdieron la vida cuatro'
    re.compile(rf"\b(?:murieron|fallecieron|perdieron la vida|mueren|fallecen|pierden la vida|"
               rf"(?:resultaron|quedaron|fueron)\s+(?:muertos|asesinados|ejecutados))\s+{_LEAD}({NUM})\b"
               rf"(?!\s+{_UNITS})(?!\s+(?:de|del)\s+(?:los|las|ellos|ellas)\b)", _F),
    # 'dos jóvenes venezolanos fueron asesinados', 'cuatro agentes de seguridad murieron'
    re.compile(rf"\b{_LEAD}({NUM})\s+(?:{_NOT_PEOPLE}[a-záéíóúñ]+\s+(?:(?:de\s+)?(?!fueron|resultaron|habrían|han)[a-záéíóúñ]+\s+)?)?"
               rf"(?:fueron|resultaron|habrían sido|han sido)\s+(?:asesinad[oa]s|muert[oa]s|ejecutad[oa]s|acribillad[oa]s)\b", _F),
    re.compile(rf"\b{_LEAD}({NUM})\s+(?:{_NOT_PEOPLE}[a-záéíóúñ]+\s+(?:(?:de\s+)?(?!murieron|perdieron|fallecieron|mueren|fallecen|pierden)[a-záéíóúñ]+\s+)?)?"
               rf"(?:murieron|perdieron la vida|fallecieron|mueren|fallecen|pierden la vida)\b", _F),
    # 'dos trabajadores de una empresa minera murieron', 'tres integrantes de la familia fallecieron'
    re.compile(rf"\b{_LEAD}({NUM})\s+{_NOT_PEOPLE}[a-záéíóúñ]+(?:\s+(?:de|del)\s+(?:la\s+|el\s+|los\s+|las\s+|una\s+|un\s+)?"
               rf"[a-záéíóúñ]+(?:\s+(?!murieron|fallecieron|perdieron|mueren|fallecen)[a-záéíóúñ]+)?){{1,2}}\s+"
               rf"(?:murieron|perdieron la vida|fallecieron|mueren|fallecen)\b", _F),
    # a part of a group: 'dos de sus músicos murieron', 'tres de los pasajeros fallecieron'
    re.compile(rf"\b({NUM})\s+de\s+(?:sus|los|las)\s+(?:[a-záéíóúñ]+\s+){{1,2}}(?:murieron|fallecieron|perdieron la vida|"
               rf"mueren|fallecen|fueron asesinad[oa]s)\b", _F),
    # 'hallan sin vida a trece trabajadores mineros'
    re.compile(rf"\b(?:hallan|hallaron|encuentran|encontraron)\s+(?:muert[oa]s|sin\s+vida|asesinad[oa]s)\s+a\s+"
               rf"{_LEAD}({NUM})\s+(?!{_UNITS})", _F),
    # the bodies found: 'los cuerpos de cuatro trabajadores mineros fueron encontrados'
    re.compile(rf"\b(?:cuerpos|cadáveres|restos)\s+(?:sin\s+vida\s+)?de\s+{_LEAD}({NUM})\s+(?!{_UNITS})", _F),
    # finite verbs only: 'acusados de asesinar a un minero' reports no death
    re.compile(rf"\b(?:asesin(?:an|aron|ó|a)|mat(?:an|aron|ó|a)|ejecut(?:an|aron|ó)|acribill(?:an|aron|ó|a)|masacr(?:an|aron|ó|a))\s+"
               rf"(?:a balazos\s+|a tiros\s+|a puñaladas\s+)?a\s+{_LEAD}({NUM})\s+(?!{_ANIMALS})", _F),
]
_INJ_VERB = r"(?:resultaron|quedaron|fueron|terminaron|salieron|llegaron|están|se encuentran)"
_ADVERB = r"(?:(?:también|además|gravemente|levemente|seriamente)\s+)?"
EXPLICIT_INJURED = [
    # 'cuatro integrantes de la orquesta resultaron heridos', 'dos pasajeras también resultaron
    # heridas', 'dos policías resultaron con lesiones'
    re.compile(rf"\b{_LEAD}({NUM})\s+{_NOT_PEOPLE}[a-záéíóúñ]+(?:\s+(?:de|del)\s+(?:la\s+|el\s+|los\s+|las\s+)?[\wáéíóúñ]+){{0,2}}\s+"
               rf"{_ADVERB}{_INJ_VERB}\s+{_ADVERB}(?:{_INJ_NOUN}|con\s+(?:lesiones|heridas|contusiones|fracturas|quemaduras|cortes))\b", _F),
    # 'dos agentes sufrieron lesiones leves', 'tres policías sufrieron heridas'
    re.compile(rf"\b{_LEAD}({NUM})\s+{_NOT_PEOPLE}[a-záéíóúñ]+(?:\s+(?:de|del)\s+(?:la\s+|el\s+|los\s+|las\s+)?[\wáéíóúñ]+){{0,2}}\s+"
               rf"{_ADVERB}(?:sufrieron|presentaron|presentaban|sufren)\s+(?:graves\s+|serias\s+)?"
               rf"(?:lesiones|heridas|contusiones|fracturas|quemaduras|cortes)\b", _F),
    # two people named as one subject: 'el dueño de una bodega y su hijo resultaron heridos'
    re.compile(r"\b(?:el|la|un|una)\s+[a-záéíóúñ]+(?:\s+de\s+(?:un|una|la|el)\s+[a-záéíóúñ]+)?\s+y\s+"
               r"(?P<two>su|un|una|el|la)\s+[a-záéíóúñ]+\s+(?:también\s+)?(?:resultaron|quedaron|fueron|terminaron)\s+"
               r"(?:gravemente\s+|levemente\s+)?(?:herid[oa]s|con\s+lesiones)\b", _F),
    # 'otros dos asistentes permanecen hospitalizados', 'otros dos, con heridas de bala, fueron evacuados'
    re.compile(rf"\b{_LEAD}({NUM})\s+(?:{_NOT_PEOPLE}[a-záéíóúñ]+\s+){{0,3}}(?:[^.;]{{0,60}}?)"
               rf"(?:permanecen|continúan|siguen|quedaron|fueron|están)\s+(?:internad[oa]s|hospitalizad[oa]s)\b", _F),
    re.compile(rf"\b(?:otros|otras)\s+({NUM}),\s+con\s+(?:heridas|lesiones|impactos)\b", _F),
    # a clause between the count and its verb: 'Dos de sus compañeros, que lograron escapar cuando
    # fueron interceptados, llegaron heridos al centro de salud'
    re.compile(rf"\b{_LEAD}({NUM})\s+(?:de\s+(?:sus|los|las)\s+)?{_NOT_PEOPLE}[a-záéíóúñ]+,\s+(?:que|quienes)\s+[^.;]{{0,120}}?,\s+"
               rf"{_ADVERB}{_INJ_VERB}\s+{_ADVERB}{_INJ_NOUN}\b", _F),
    # 'ambos fueron trasladados al hospital', 'ambos heridos': two victims told apart before
    re.compile(r"\b(?P<two>ambos|ambas)\s+(?:herid[oa]s\s+)?(?:se\s+encuentran\s+(?:estables|fuera\s+de\s+peligro|en\s+observación)\b|"
               r"(?:están|permanecen|siguen)\s+(?:estables|fuera\s+de\s+peligro|en\s+observación)\b|"
               r"(?:fueron|resultaron|quedaron|están|permanecen|siguen|se\s+encuentran)\s+"
               r"(?:(?:trasladad|llevad|evacuad)[oa]s\s+(?:de\s+emergencia\s+)?(?:a|al|hasta)\s+(?:la\s+|el\s+|una\s+|un\s+)?"
               r"(?:hospital|clínica|posta|centro\s+de\s+salud|nosocomio|emergencia)|"
               r"(?:atendid|internad|hospitalizad|herid|operad|intervenid)[oa]s|dad[oa]s\s+de\s+alta)\b)|"
               r"\b(?:los\s+dos|las\s+dos|ambos)\s+herid[oa]s\b", _F),
    # 'los tres fueron trasladados al hospital', 'las cuatro víctimas fueron atendidas en la posta'
    re.compile(rf"\b(?:los|las)\s+({NUM})\s+(?:herid[oa]s\s+|víctimas\s+|agraviad[oa]s\s+)?(?:fueron|están|permanecen|siguen)\s+"
               rf"(?:(?:trasladad|llevad|evacuad)[oa]s\s+(?:de\s+emergencia\s+)?(?:a|al|hasta)\s+(?:la\s+|el\s+|una\s+|un\s+)?"
               rf"(?:hospital|clínica|posta|centro\s+de\s+salud|nosocomio|emergencia)|"
               rf"(?:atendid|internad|hospitalizad|operad)[oa]s)\b", _F),
    re.compile(rf"\b{_LEAD}({NUM})\s+{_PEOPLE}{_INJ_NOUN}\b", _F),
    re.compile(rf"\b{_LEAD}({NUM})\s+(?:{_NOT_PEOPLE}[a-záéíóúñ]+\s+)?(?:resultaron|quedaron|fueron|resultan|terminaron|están)\s+(?:gravemente\s+|seriamente\s+)?{_INJ_NOUN}\b", _F),
    re.compile(rf"\b(?:hieren|hirieron|hiere|balean|balearon)\s+a\s+{_LEAD}({NUM})\s+(?!{_ANIMALS})", _F),
    re.compile(rf"\b(?:deja|dejó|dejan|dejaron)\s+herid[oa]s\s+a\s+{_LEAD}({NUM})\b", _F),
    re.compile(r"\b(un|una)\s+(?:[a-záéíóúñ]+\s+)?herid[oa]\b", _F),
    re.compile(rf"\b({NUM})\s+de\s+(?:sus|los|las)\s+(?:[a-záéíóúñ]+\s+){{1,2}}(?:resultaron|quedaron|fueron|terminaron)\s+"
               rf"(?:gravemente\s+|seriamente\s+)?{_INJ_NOUN}\b", _F),
    re.compile(rf"\b{_LEAD}({NUM})\s+{_NOT_PEOPLE}[a-záéíóúñ]+\s+{_INJ_NOUN}\b", _F),
    # verb first: 'resultaron heridos cuatro policías', 'quedaron heridas dos mujeres'
    re.compile(rf"\b(?:resultaron|quedaron|fueron|terminaron)\s+(?:gravemente\s+|seriamente\s+)?{_INJ_NOUN}\s+(?:de gravedad\s+)?{_LEAD}({NUM})\b"
               rf"(?!\s+{_UNITS})(?!\s+(?:de|del)\s+(?:los|las|ellos|ellas)\b)", _F),
]
SINGULAR_DEATHS = [
    re.compile(r"\b(?:asesin(?:an|aron|ó|a)|mat(?:an|aron|ó|a)|ejecut(?:an|aron|ó)|acribill(?:an|aron|ó|a)|degüellan|estrangul(?:an|aron|ó|a))\s+"
               r"(?:(?:a|de|con|por)\s+(?:(?:un|una|unos|varios|dos|tres|su)\s+)?[a-záéíóúñ]+\s+|brutalmente\s+)?"
               r"(?:al?\s+)(?!\d|dos\b|tres\b|cuatro\b|cinco\b|seis\b|siete\b|ocho\b|nueve\b|diez\b)"
               r"(?:(?:un|una|su|el|la|joven|presunto|conocido|conocida|reconocido|reconocida)\s+)?(?!" + _ANIMALS + r")([a-záéíóúñ]+)\b", _F),
    re.compile(r"\b(?:fue|es|habría sido|ha sido|resultó|resulta|murió|muere|cayó)\s+(?:brutalmente\s+)?(?:asesinad[oa]|ejecutad[oa]|acribillad[oa]|victimad[oa]|muert[oa]|degollad[oa]|estrangulad[oa]|baleado y asesinado|abatid[oa])\b", _F),
    # a criminal shot dead by the police: 'abatieron a uno de los asaltantes'
    re.compile(r"\b(?:abat(?:ieron|ió|en|e))\s+a\s+(?:un|una|uno|el|la)\b", _F),
    re.compile(r"(?:^|[:,.]\s+|\b(?:un|una|el|la|al|del)\s+)(?:joven\s+|presunto\s+|conocido\s+|conocida\s+)?"
               r"(?!(?:fue|es|era|sido|habría|ha|resultó|sería|hombre|mujer)\b)([a-záéíóúñ]+)\s+(?:brutalmente\s+)?"
               r"(?:asesinad[oa]|acribillad[oa]|ejecutad[oa] a balazos|baleado y asesinado)\b", _F),
    re.compile(r"\b(?:hombre|mujer|joven)\s+(?:brutalmente\s+)?(?:asesinad[oa]|acribillad[oa])\b", _F),
    re.compile(r"\bvíctima de (?:un )?(?:feminicidio|homicidio|asesinato|sicariato)\b", _F),
    re.compile(r"\b(?:hallan|hallaron|encuentran|encontraron)\s+(?:muert[oa]|sin vida|asesinad[oa])\s+a\b", _F),
    re.compile(r"\b(?:lo|la)\s+(?:asesinaron|mataron|ejecutaron|acribillaron|asesinan|matan|ejecutan|acribillan)\b", _F),
    re.compile(r"\b(?:hallan|hallaron|encuentran|encontraron)\s+(?:el\s+)?(?:cadáver|cuerpo(?: sin vida)?)\s+de\s+(?:un|una|la|el|joven|mujer|hombre|menor|adolescente)\b", _F),
    re.compile(r"\b(?:crimen|homicidio|asesinato|feminicidio)\s+(?:de|del|contra)\s+(?:(?:un|una|la|el|joven|conocido|conocida)\s+)?([a-záéíóúñ]+)\b", _F),
    re.compile(r"\b(?:la|lo)\s+(?:encontró|encontraron|halló|hallaron|encuentran|hallan)\s+(?:ya\s+)?(?:sin\s+vida|muert[oa])\b|"
               r"\b(?:el\s+)?cuerpo\s+de\s+(?:un|una|la|el)\s+[^.;]{0,90}?\b(?:fue|era)\s+(?:hallado|encontrado|dejado|"
               r"abandonado|arrojado|ubicado)\b|\b(?:hallan|hallaron|encuentran|encontraron)\s+(?:un\s+)?cadáver\b", _F),
    re.compile(r"\b(?:acab(?:ó|aron|an|a)|terminaron|terminó)\s+con\s+la\s+vida\s+de\s+(?:un|una|su|el|la)\b|"
               r"\b(?:le|les)\s+quit(?:ó|aron|an|a)\s+la\s+vida\b|"
               r"\b(?:el\s+)?(?:cuerpo\s+sin\s+vida|cadáver)\s+de\s+(?:(?:un|una|la|el|su)\s+)?(?!\d)[a-záéíóúñ]+\b|"
               r"\bya\s+no\s+(?:tenía|presentaba)\s+signos\s+vitales\b", _F),
    re.compile(r"\b(?:muere|murió|fallece|falleció|pierde la vida|perdió la vida|perdiera la vida|dejó sin vida|hallad[oa] sin vida|encontrad[oa] sin vida|hallad[oa] muert[oa]|encontrad[oa] muert[oa]|apareció sin vida|aparece sin vida|aparece degollad[oa]|apareció degollad[oa]|deja un fallecido|dejó un fallecido|deja un muerto|dejó un muerto)\b", _F),
]
SINGULAR_INJURED = [
    re.compile(r"(?<!nadie )\b(?:resultó|resulta|quedó|queda|fue|salió|sale|terminó|termina|está|se encuentra)\s+(?:gravemente\s+|seriamente\s+|mal\s+)?herid[oa]\b", _F),
    re.compile(r"\b(?:pierde|perdió|pierden) (?:la|una|el|un) (?:mano|brazo|pierna|ojo|dedo|pie)\b", _F),
    re.compile(r"\b(?:sufrió|sufre) (?:graves\s+|serias\s+)?(?:lesiones|heridas|quemaduras|fracturas|cortes|contusiones)\b|"
               r"\b(?:sufrió|sufre)\s+(?:la|una)\s+(?:fractura|herida|lesión|quemadura)\b|"
               r"\b(?:sufrió|sufre)\s+un\s+(?:corte|golpe|traumatismo)\b", _F),
    # 'recibió un disparo en la pierna', 'recibió dos balazos'
    re.compile(rf"\b(?:recibió|recibe|(?:tras|luego de|después de|al)\s+recibir)\s+(?:{NUM}|varios|varias|múltiples)?\s*"
               rf"(?:disparos?|balazos?|impactos?|tiros?|puñaladas?|cuchilladas?|perdigones|heridas?|machetazos?|"
               rf"cortes?|golpes?)\b", _F),
    re.compile(r"\b(?:sobrevivió|sobrevive|logró sobrevivir)\b", _F),
    re.compile(r"\b(?:deja|dejó|dejan|dejaron)\s+(?:gravemente\s+|mal\s+)?herid[oa]\s+a\s+(?:un|una|su|el|la)\b", _F),
    re.compile(r"\b(?:hieren|hirieron|hiere|hirió)\s+(?:a balazos\s+|de bala\s+)?a\s+(?:un|una|su|el|la)\b", _F),
    # 'hieren a motorista': a singular object without an article
    re.compile(r"\b(?:hieren|hirieron|hiere|hirió)\s+(?:a balazos\s+|de bala\s+)?a\s+"
               r"(?!\d|dos\b|tres\b|cuatro\b|cinco\b|seis\b|un\b|una\b|su\b|el\b|la\b)([a-záéíóúñ]+)\b", _F),
    re.compile(r"\b(?:quedó|queda|dejan|dejaron|dejó|deja|terminó|resultó)\s+(?:gravemente\s+)?malherid[oa]\b|"
               r"\bmalherid[oa]\s+(?:a|al)\b|\bcon\s+pronóstico\s+reservado\b|\bresultó\s+con\s+lesiones\b|"
               r"\b(?:terminó|acabó)\s+en\s+el\s+hospital\b|\bfue\s+atendid[oa]\s+(?:en\s+[^.;]{0,40}\s+)?por\s+(?:las\s+)?(?:lesiones|heridas|contusiones|golpes|cortes|quemaduras|fracturas)\b|"
               r"\bcon\s+traumatismos?\b", _F),
    re.compile(r"\bse\s+debate\s+entre\s+la\s+vida\s+y\s+la\s+muerte\b|"
               r"\b(?:quedó|fue|permanece|continúa|sigue|quedaba)\s+(?:internad[oa]|hospitalizad[oa])\b|"
               r"\bpresentaba\s+(?:un\s+corte|cortes|heridas|lesiones|hematomas|contusiones|fracturas?)\b|"
               r"\bpresentaba\s+(?:golpes|moretones|magulladuras)\b|"
               r"\b(?:intoxicad[oa]|golpead[oa])\s+y\s+con\s+(?:lesiones|heridas)\b|\bcon\s+lesiones\s+leves\b", _F),
    # 'terminó con una bala en la pierna', 'resultó con una herida en la cabeza'
    re.compile(r"\b(?:terminó|quedó|acabó|resultó|salió)\s+con\s+(?:una\s+bala|un\s+balazo|un\s+disparo|una\s+herida|"
               r"heridas|lesiones|una\s+lesión|fracturas?|quemaduras)\b", _F),
    re.compile(r"\bherid[oa] (?:de bala|en la cabeza|en el brazo|en la pierna|de gravedad)\b", _F),
    # 'fue alcanzada por un proyectil', 'le disparó en el brazo'
    re.compile(r"\b(?:fue|resultó|terminó)\s+alcanzad[oa]\s+por\s+(?:un|una)\s+(?:proyectil|bala|disparo|balazo|perdigón|esquirla)\b|"
               r"\b(?:le|lo|la)\s+(?:disparó|dispararon|hirió|hirieron|baleó|balearon)\s+en\s+(?:el|la|los|las)\s+"
               r"(?:brazo|pierna|pie|mano|hombro|muslo|glúteo|rodilla|brazos|piernas|pies|manos)\b", _F),
    # beaten: 'fue golpeada en la cabeza', 'a quien golpearon en el rostro', 'lo golpearon durante el trayecto'
    re.compile(r"\b(?:fue|resultó|terminó|quedó)\s+(?:brutalmente\s+|salvajemente\s+)?golpead[oa]\b|"
               r"\b(?:lo|la|le|a\s+quien)\s+golpe(?:aron|ó|an)\b|\bgolpead[oa]\s+y\s+(?:abandonad|maniatad|atad)[oa]\b", _F),
    # taken to hospital, or discharged: 'fue llevada al hospital', 'fue dado de alta'
    re.compile(r"\b(?:fue|la|lo)\s+(?:llevad[oa]|trasladad[oa]|evacuad[oa]|llevaron|trasladaron|evacuaron)\s+(?:de\s+emergencia\s+)?"
               r"(?:a|al|hasta)\s+(?:la\s+|el\s+|una\s+|un\s+)?(?:hospital|clínica|posta|centro\s+de\s+salud|nosocomio)\b"
               r"(?![^.;]*\b(?:sin\s+vida|falleci\w*|murió|muere|cadáver|muerte|deceso)\b)|"
               r"\b(?:fue|ha\s+sido)\s+dad[oa]\s+de\s+alta\b", _F),
]
NEGATED_DEATHS = [
    re.compile(r"\bnadie\s+(?:resultó\s+herido\s+ni\s+)?(?:murió|falleció|muerto)\b|\bsin\s+bajas\b|"
               r"\bno\s+(?:hubo|se\s+registraron|se\s+reportaron)\s+(?:fallecid[oa]s|muert[oa]s|víctimas\s+mortales)\s+ni\s+herid[oa]s\b", _F),
    re.compile(r"\b(?:no hubo|no dejó|no dejaron|no deja|no se registraron|no se reportaron|no causó|sin dejar|sin)\s+(?:víctimas mortales|muertos|fallecidos|víctimas)\b", _F),
    re.compile(r"\bning[uú]n (?:muerto|fallecido)\b|\bninguna víctima mortal\b|\bninguno\s+de\s+(?:los|las)\s+\S+\s+(?:falleció|murió)\b|"
               # 'Ninguno murió', 'ninguna de ellas perdió la vida'
               r"\bning(?:uno|una)\s+(?:de\s+(?:ellos|ellas)\s+)?(?:murió|falleció|perdió\s+la\s+vida)\b|"
               r"\bsin\s+(?:herid[oa]s|lesionad[oa]s)\s+ni\s+(?:fallecid[oa]s|muert[oa]s)\b", _F),
    re.compile(r"\bno\s+(?:hubo|se\s+registraron|se\s+reportaron|dejó|dejaron)\s+herid[oa]s\s+ni\s+(?:víctimas|fallecid[oa]s|muert[oa]s)\b|"
               r"\bvíctimas\s+que\s+lamentar\b", _F),
    # 'Una mujer se salvó de morir tras ser atacada': she lived
    re.compile(r"\bse\s+salv(?:ó|aron)\s+de\s+morir\b|\bsalv(?:ó|aron)\s+de\s+morir\b", _F),
]
NEGATED_INJURED = [
    re.compile(r"\bnadie\s+(?:resultó|salió|quedó|terminó)\s+herid[oa]\b|\bsin\s+bajas\s+ni\s+herid[oa]s\b|"
               r"\bno\s+(?:hubo|se\s+registraron|se\s+reportaron|dejó|dejaron|causó)\s+(?:fallecid[oa]s|muert[oa]s|víctimas\s+mortales)\s+ni\s+herid[oa]s\b", _F),
    re.compile(r"\b(?:no hubo|no dejó|no dejaron|no deja|no se registraron|no se reportaron|no causó|sin dejar|sin)\s+(?:herid[oa]s|lesionad[oa]s|víctimas)\b", _F),
    re.compile(r"\bsin que (?:se )?(?:hubiera|hubiese|reportaran|registraran|reportara|registrara|resultaran?)\s+(?:herid[oa]s|lesionad[oa]s|víctimas)\b", _F),
    re.compile(r"\b(?:salió|salieron|resultó|resultaron|result[oó]|quedó|quedaron|sali[oó]) ilesos?\b|\bilesos?\b|\bilesas?\b", _F),
    re.compile(r"\bning[uú]n (?:herido|lesionado)\b|\bninguna persona (?:herida|lesionada)\b", _F),
    # 'ningún pasajero resultó herido', 'ninguno de los más de cien clientes resultó herido'
    re.compile(r"\bning(?:ún|un|uno|una)\s+(?:de\s+(?:los|las|sus)\s+(?:[a-záéíóúñ\d]+\s+){0,5}|[a-záéíóúñ]+\s+)?"
               r"(?:resultó|salió|quedó|fue|terminó)\s+herid[oa]\b", _F),
    re.compile(r"\bno\s+(?:sufrió|sufrieron|presentó|presentaron|presentaba|presentaban)\s+(?:lesiones|heridas)\b|\bno\s+(?:resultó|resultaron)\s+herid[oa]s?\b", _F),
    re.compile(r"\bsin\s+(?:herid[oa]s|lesionad[oa]s)\s+ni\s+(?:fallecid[oa]s|muert[oa]s|víctimas)\b", _F),
    # 'no hubo detenidos ni heridos', 'no se registraron enfrentamientos ni heridos'
    re.compile(r"\bno\s+(?:hubo|se\s+registraron|se\s+reportaron)\s+[a-záéíóúñ]+\s+ni\s+herid[oa]s\b", _F),
    # 'fue rescatado sin lesiones', 'sin que nadie resultara herido'
    re.compile(r"\bsin\s+(?:lesiones|heridas|un\s+rasguño)\b|\bsin\s+que\s+nadie\s+(?:resultara|resultase|saliera|quedara)\s+herid[oa]\b", _F),
]
# "asesinan a chofer": a singular object; plural or non-person objects do not count.
_NOT_PERSON = re.compile(r"^(?:organizado|odio|lesa|extorsión|extorsion|sicariato|estado|guerra|delito|delitos|honor|balazos|tiros|golpes|puñaladas|quemarropa|sangre|fuego|plena|la|los|las|sus|uno|una|cabo|través|cambio|pesar|partir|punta|manos)$", re.I)


def _count(match: re.Match) -> int | None:
    if "two" in match.re.groupindex:  # a pattern that names two people ('ambos', 'X y su hijo')
        return 2
    return parse_count(match.group(1)) if match.groups() else 1


# A follow-up's toll of its own event: 'la cifra de fallecidos por el atentado subió a dos', 'sube a
# dos la cifra de muertos', 'son ya dos los fallecidos por el ataque', 'suman tres las personas
# fallecidas en el atentado'.
_TOLL_NOUN = r"(?:(?:personas|trabajadores|mineros|pasajeros|víctimas)\s+)?(?P<noun>muert[oa]s|fallecid[oa]s|víctimas mortales|herid[oa]s|asesinad[oa]s)"
_THIS_EVENT = (r"(?:por|en|del|tras)\s+(?:el|la|este|esta|dicho|dicha)\s+(?:\w+\s+)?(?:ataque|atentado|balacera|"
               r"explosión|asalto|crimen|masacre|enfrentamiento|emboscada|tiroteo|hecho|incendio)")
TOLLS = [
    re.compile(rf"\b(?:cifra|número|saldo)\s+de\s+{_TOLL_NOUN}\b[^.;]{{0,160}}?"
               rf"\b(?:subió|sube|asciende|ascendió|se elevó|se eleva|aumentó|llegó|llega)\s+a\s+(?P<n>{NUM})\b", _F),
    re.compile(rf"\b(?:subió|sube|asciende|ascendió|se elevó|se eleva|aumentó|llegó|llega)\s+a\s+(?P<n>{NUM})\s+"
               rf"(?:la\s+|el\s+)?(?:cifra|número|saldo)\s+de\s+{_TOLL_NOUN}\b", _F),
    re.compile(rf"\b(?:son|suman|sumaron|ascienden|van)\s+(?:ya\s+)?(?P<n>{NUM})\s+(?:los|las)\s+(?:personas\s+)?"
               rf"{_TOLL_NOUN}\s+{_THIS_EVENT}\b", _F),
    # a toll corrected: 'horas más tarde, el mánager precisó que eran cuatro los heridos'
    re.compile(rf"\b(?:precis|confirm|correg|rectific|aclar)\w*\s+que\s+(?:en\s+realidad\s+)?(?:eran|son|fueron)\s+"
               rf"(?P<n>{NUM})\s+(?:los|las)\s+{_TOLL_NOUN}\b", _F),
]


def _toll(text: str) -> Finding | None:
    for pattern in TOLLS:
        m = pattern.search(text)
        if m:
            n = parse_count(m.group("n"))
            if n is not None and 0 < n < 1000:
                field = "injured" if m.group("noun").lower().startswith("herid") else "deaths"
                return Finding(field, n, m.start(), m.end(), "total")
    return None


# Every pattern above needs one of these words: a sentence without any is skipped at once.
TRIGGER = re.compile(r"muert|muer|muri|mori|falle|deces|vida|asesin|mat[aóe]|ejecut|acribill|masacr|herid|hier|hiri|lesion|"
                     r"iles|bala|disparo|impacto|tiro|puñal|cuchill|perdigon|quemadur|fractur|corte|contusi|"
                     r"hospital|internad|malherid|pronóstico|traumatism|cadáver|cuerpo|víctima|degoll|degüell|hematoma|estrangul|"
                     r"victimad|signos vitales|sobreviv|mano|brazo|pierna|ojo|dedo|pie|ambos|ambas|nadie|bajas|golpe|alta|ninguno|proyectil|alcanzad|esquirla|estables", re.I)


# 'heridas' are wounds as often as wounded women: 'siete heridas punzocortantes', 'recibió dos heridas'.
_WOUNDS = re.compile(r"^(?:al\s+menos\s+|unas\s+)?\S+\s+(?:\S+\s+)?heridas$", re.I)  # 'siete heridas', not '… resultaron heridas'
_WOUND_AFTER = re.compile(r"\s+(?:punzo\w*|cortantes?|contusas?|de\s+(?:bala|arma|cuchillo|perdigón|perdigones)|"
                          r"en\s+(?:el|la|los|las|su|sus)\b|leves|graves|profundas|superficiales)", re.I)
_WOUND_BEFORE = re.compile(r"\b(?:recibió|recibe|presentaba|presenta|sufrió|sufre|con|le\s+\w+|le\s+causaron|"
                           r"le\s+provocaron|le\s+ocasionaron)\s+(?:al\s+menos\s+|unas\s+)?$", re.I)


_ASIDE = re.compile(r"\s—[^—.;]{3,80}—(?=\s)|"
                    # … or between commas, right before the plural verb ('Dos integrantes de la orquesta, el
                    # bajista y uno de los trompetistas, resultaron heridos')
                    r",\s[^,.;]{3,80},(?=\s+(?:resultaron|fueron|quedaron|murieron|fallecieron|perdieron|terminaron)\b)")
_RECALLED = re.compile(r"\b(?:después|luego|antes)\s+de(?:l|\s+(?:la|los|las))?\s+(?:\w+\s+){0,2}?(?:ataques?|atentados?|"
                       r"crímen(?:es)?|crimen|asesinatos?|masacres?|balaceras?|enfrentamientos?|asaltos?|robos?)\b"
                       r"[^.;,]*", re.I)
_DIED_THERE = re.compile(r"\b(?:confirmar|confirmaron|constatar|constataron|constató|confirmó)\s+su\s+"
                         r"(?:muerte|deceso|fallecimiento)\b|\bllegó\s+sin\s+vida\b|\bsin\s+signos\s+vitales\b|"
                         r"\bdonde\s+(?:falleció|murió|dejó\s+de\s+existir|perdió\s+la\s+vida)\b", re.I)


def find(text: str) -> list[Finding]:
    """Casualty findings in one sentence, in text order; none in a background sentence. A
    follow-up's new toll of its own event is a finding of strength 'total'."""
    if not TRIGGER.search(text):
        return []
    # A breakdown between dashes ('Cuatro trabajadores —tres mineros y un vigilante— fueron
    # asesinados') or commas is read past: the count and its verb are on either side of it.
    text = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)
    # Another incident the sentence recalls to date its own ('…fueron asesinados este lunes, apenas
    # dos días después del ataque que dejó cuatro muertos en Vijus') has its own toll.
    text = _RECALLED.sub(lambda m: " " * len(m.group(0)), text)
    toll = _toll(text)
    if toll is not None:
        return [toll]
    if BACKGROUND.search(text):
        return []
    found: list[Finding] = []
    for field, explicit, singular, negated in (
        ("deaths", EXPLICIT_DEATHS, SINGULAR_DEATHS, NEGATED_DEATHS),
        ("injured", EXPLICIT_INJURED, SINGULAR_INJURED, NEGATED_INJURED),
    ):
        for pattern in negated:
            for m in pattern.finditer(text):
                found.append(Finding(field, 0, m.start(), m.end(), "negated"))
        for pattern in explicit:
            for m in pattern.finditer(text):
                if re.search(r"\bmás de\s*$", text[max(0, m.start() - 9):m.start()], re.I):
                    continue  # "más de 200 muertos" is a total, not a count
                if field == "injured" and _WOUNDS.search(m.group(0)) and (
                        _WOUND_AFTER.match(text[m.end():]) or _WOUND_BEFORE.search(text[max(0, m.start() - 30):m.start()])):
                    continue  # 'recibió siete heridas punzocortantes': wounds, not wounded people
                n = _count(m)
                if n == 1 and _PLURAL_VERB.search(m.group(0)):
                    continue  # 'dos trabajadores de una empresa minera murieron': 'una' is no count
                if n is not None and 0 < n < 1000:
                    found.append(Finding(field, n, m.start(), m.end(), "explicit"))
        for pattern in singular:
            for m in pattern.finditer(text):
                if m.groups():
                    word = m.group(1)
                    if _NOT_PERSON.match(word) or (word.lower().endswith("s") and not word.lower().endswith(("és", "ís"))):
                        continue
                found.append(Finding(field, 1, m.start(), m.end(), "singular"))
    # A hurt word inside its own negation ('no resultó herido', 'no sufrió lesiones') is none.
    denied = [(f.field, f.start, f.end) for f in found if f.strength == "negated"]
    found = [f for f in found if f.strength == "negated" or not any(
        field == f.field and start <= f.start and f.end <= end for field, start, end in denied)]
    # The wounds of a body found are no wounded ('el cuerpo presentaba lesiones').
    if re.search(r"\b(?:cuerpo|cadáver|occiso|restos)\b", text, re.I):
        found = [f for f in found if not (f.field == "injured" and (
            f.strength == "singular" or (f.strength == "explicit" and f.count == 1)))]
    # 'Lo llevaron al hospital, pero los médicos solo pudieron confirmar su muerte': the one taken
    # there died, and is no wounded.
    if _DIED_THERE.search(text):
        # ... and 'Ambos fueron trasladados al hospital, donde el capataz llegó sin vida': one of
        # the two taken there died; the transfer counts no wounded.
        found = [f for f in found if not (f.field == "injured" and (f.strength == "singular" or re.search(
            r"trasladad|llevad|evacuad", text[f.start:f.end], re.I)))]
    # 'El chofer recibió un impacto; los pasajeros salieron ilesos': someone named hurt outweighs
    # the others unhurt in the same sentence.
    if any(f.field == "injured" and f.strength == "singular" for f in found):
        found = [f for f in found if not (f.field == "injured" and f.strength == "negated"
                                          and re.search(r"iles", text[f.start:f.end], re.I))]
    # 'el saldo es de tres muertos, luego de que inicialmente se reportaran dos': the first toll.
    found = [f for f in found if not _EARLIER_TOLL.search(text[max(0, f.start - 60):f.start])]
    # 'un día después del crimen de su compañero': the death an event is dated from is another's.
    found = [f for f in found if not (f.field == "deaths" and f.strength != "negated"
                                      and _AFTER_ANOTHER.search(text[max(0, f.start - 40):f.start]))]
    found.sort(key=lambda f: f.start)
    return _two_hurt(text, found)


# 'El hombre fue golpeado en la cabeza y la mujer sufrió un corte en la mano': two people, each
# told hurt, joined by 'y' and a new subject, are two wounded ('y sufrió un corte' is the same one).
_ANOTHER = re.compile(r"\by\s+(?:el|la|su|otro|otra)\s+(?:\w+\s+){0,2}$", re.I)


def _two_hurt(text: str, found: list[Finding]) -> list[Finding]:
    hurt = [f for f in found if f.field == "injured" and f.strength == "singular"]
    if any(f.field == "injured" and f.strength != "singular" for f in found):
        return found
    for first, second in zip(hurt, hurt[1:]):
        between = text[first.end:second.start]
        if ";" not in between and len(between) < 120 and _ANOTHER.search(between):
            found = [*found, Finding("injured", 2, first.start, second.end, "explicit")]
            found.sort(key=lambda f: f.start)
            break
    return found


#: how much a finding says, strongest first: a follow-up's total, a stated count, a negation, one victim
STRENGTH_RANK = {"total": 3, "explicit": 2, "negated": 1, "singular": 0}


def resolve(findings: list[Finding], field: str) -> Finding | None:
    """The count for one field from one sentence's findings: an explicit number wins."""
    candidates = [f for f in findings if f.field == field]
    if not candidates:
        return None
    best = max(candidates, key=lambda f: (STRENGTH_RANK[f.strength], f.count))
    return best

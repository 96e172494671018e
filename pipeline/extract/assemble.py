"""From an annotated doc to schema events: pure functions, no I/O.

    doc (sentences, vigia_cues, vigia_gangs, vigia_casualties, places)
      ─► segments (the headline incident, then any 'En otro hecho…')
      ─► per segment: relevance, kind, crime types, casualties, sectors, gangs, place, date
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from spacy.tokens import Doc, Span

from ..types import CRIME_TYPES
from . import places
from .casualties import STRENGTH_RANK
from .components import CANDIDATES_KEY, CASUALTIES_KEY, GANGS_KEY
from .cues import CUES_KEY
from .dates import RECENT_DAYS, plausible, resolve_date
from .layout import is_boilerplate_sent, is_related
from .relevance import MODELS

SCHEMA_FIELDS = ("kind", "crime_types", "department", "province", "district", "ubigeo",
                 "place_text", "gangs", "deaths", "injured", "victim_sectors", "occurred_on",
                 "evidence")
CRIME_ORDER = CRIME_TYPES
LEAD_SENTENCES = 3  # body sentences read with the headline
#: kinds of event that spread over several districts (a strike, a state of emergency)
SPREAD_KINDS = ("protest", "measure")
DEEP_SENTENCES = 6  # sentences after the lead read for an incident's stated toll

# A cue alone too common outside crime news to make an article relevant ("mandó su disparo a
# las tribunas", "robar puntos").
WEAK_CUES = re.compile(r"^(?:disparos?|balas?|robar|ejecutó|ejecutan|ejecutaron|crimen|cupos?|"
                       r"tid|artefacto|explosión|agresión|violencia)$", re.I)
# Statistics and running totals: their crime words are background, not an event.
_STATISTICS = re.compile(r"%|\bcifras?\b(?! de (?:muertos|fallecidos|víctimas|heridos)\b[^.]{0,160}\b(?:subió|sube|asciende|"
                        r"ascendió|se elevó|aumentó|llegó) a\b)|estad[íi]stic|\ben lo que va del? (?:año|mes|(?:19|20)\d\d)\b|"
                        r"\bsegún (?:un|el|una|la) (?:estudio|encuesta|sondeo)\b|"
                        r"\bmás de \d[\d.,]* (?:atentados|denuncias|casos|crímenes|homicidios|robos|"
                        r"asesinatos|extorsiones|denunciados|víctimas|muertes|delitos)|"
                        r"\b(?:aumentaron|aumentó|disminuyeron|se incrementaron|crecieron) en\b|"
                        r"\bregistr(?:ó|aron|a|an)\s+(?:más de\s+)?\d[\d.,]*\s+(?:casos|denuncias|feminicidios|homicidios|"
                        r"asesinatos|extorsiones|robos|crímenes|muertes|víctimas|atentados|delitos)\b", re.I)
# A trend ('los robos al paso han aumentado', 'van en aumento'): in a sentence that tells no
# event of its own kind (a march, an arrest), its crime words are a topic, not an event.
TREND = re.compile(r"\b(?:han|habían)\s+(?:aumentado|crecido|incrementado|subido)\b(?!\s+a\s)|"
                   r"\bse\s+han\s+(?:incrementado|multiplicado)\b(?!\s+a\s)|\bvan\s+en\s+aumento\b|"
                   # 'los robos en manada que se incrementan en zonas comerciales'
                   r"\bque\s+se\s+(?:incrementan|multiplican|repiten)\b|"
                   # 'tras una semana en la que se registraron ataques con explosivos': a run of crimes
                   r"\b(?:semanas?|d[ií]as|meses)\s+en\s+(?:la|las|los|el)\s+que\s+se\s+(?:registraron|han\s+registrado|"
                   r"reportaron|produjeron)\b", re.I)
# What makes a figure this event's after all: a follow-up's rising toll ('Sube a dos la cifra de
# muertos por el atentado') and an event's rank in the year ('el tercer ataque en lo que va del año').
_RISING_TOLL = re.compile(r"\b(?:sube|subió|suben|asciende|ascendió|se eleva|se elevó|aumenta|aumentó|llega|llegó)"
                          r"\s+a\s+\S+\s+la\s+$", re.I)
_RANK = re.compile(r"\b(?:más grave|mayor|peor|primer|primera|segundo|segunda|tercer|tercera|cuarto|cuarta|quinto|"
                   r"quinta|sexto|sexta|otro|otra|nuevo|nueva)\b[^.;]{0,60}$", re.I)

# A share demanded is no statistic: 'un cupo equivalente al 3 % del valor de la obra', 'el 10 % de
# cada contrato'.
_SHARE = re.compile(r"\s*(?:del\s+(?:valor|monto|contrato|presupuesto)|de\s+cada\b|de\s+(?:la\s+obra|sus\s+"
                    r"(?:ganancias|ingresos|ventas|contratos)))", re.I)


class _Statistics:
    """Statistics and running totals (``search`` as a compiled pattern's), less the figures
    that are an event's own (see _RISING_TOLL and _RANK)."""

    def search(self, text: str) -> re.Match | None:
        for m in _STATISTICS.finditer(text):
            word = m.group(0).lower()
            before = text[max(0, m.start() - 70):m.start()]
            if word.startswith("cifra") and _RISING_TOLL.search(before):
                continue
            if word.startswith("en lo que va") and _RANK.search(before):
                continue
            if word == "%" and _SHARE.match(text, m.end()):
                continue
            return m
        return None


STATISTICS = _Statistics()
# A penalty named with a decree or a law ('penas de hasta 15 años de prisión') is no verdict.
PENALTY = re.compile(r"^(?:años|meses) de (?:cárcel|prisión|pena)$", re.I)
# An arrest named as a state ('detenido la semana pasada', 'su detención'): beside a court step it is
# the step's subject, not a new arrest.
ARRESTED = re.compile(r"^(?:detenid[oa]s?|capturad[oa]s?|intervenid[oa]s?|detención|captura)$", re.I)
# A headline telling of an arrest ('Policía detiene a exasesor…', 'Detienen a hermano de…'): an
# operation whatever the charge (the guide: a new arrest reported as news).
ARREST_VERB = re.compile(r"^(?:detiene|detienen|detuvo|detuvieron|capturan|capturó|capturaron|"
                         r"arrestan|arrestó|arrestaron)$", re.I)
# ... or in the passive ('Gerente y periodista fueron detenidos por presunto cobro de coima').
PASSIVE_ARREST = re.compile(r"\b(?:fue|fueron|es|son|resultó|resultaron|quedó|quedaron|habría\s+sido|"
                            r"habrían\s+sido|ha\s+sido|han\s+sido)\s+$", re.I)
# An operation can rest on the search of a case alone ('allanan oficinas', 'megaoperativo').
SEARCH_OPERATION = re.compile(r"^(?:allana\w*|megaoperativos?|detención)$", re.I)
HISTORY_YEARS = 10  # a year this far back in a text's first sentence makes it history
OLD_EVENT_DAYS = 330  # an event dated more than this before publication ('hace un año') is history, not news
# A body sentence about a linked or earlier event: its figures are not this event's. 'Otro' alone
# is more victims of this one ('otros cuatro resultaron heridos'); 'otro ataque' is another event.
OTHER_EVENT = re.compile(r"\b(?:vinculad[oa]s?|relacionad[oa]s?|anterior(?:es)?|previo|reciente|similar(?:es)?|"
                         r"otr[oa]s? (?:ataques?|atentados?|hechos?|casos?|crímenes|crimen|asesinatos?|robos?|"
                         r"asaltos?|incidentes?|sucesos?|balaceras?|enfrentamientos?|episodios?))\b", re.I)
# Words that speak of an earlier or linked event: the date and the place near them are that
# event's, not this one's. At a sentence's opening they make the whole sentence background
# ('En 2013, la empresa denunció…', 'Cabe recordar que…'); further in, only their clause
# ('…capturados en Comas, vinculados al ataque del pasado lunes'), at most CLAUSE_REACH on.
BACKGROUND = re.compile(
    r"\b(?:el año pasado|el pasado año|el año anterior|anteriormente|previamente|"
    r"en (?:otro|un) (?:hecho|caso|incidente|ataque|suceso|crimen|atentado) (?:anterior|previo|similar|distinto)|"
    r"en otro (?:hecho|caso|incidente|ataque|suceso|crimen|atentado)|"
    r"hace (?:\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|varios|varias|algunos|algunas) (?:mes|meses|año|años)\b|"
    r"(?:meses|años|tiempo) atrás|(?:semanas|meses|años) antes|en (?:aquella|esa|otra) (?:ocasión|oportunidad)|"
    r"no es (?:el primer|la primera)|(?:vinculad|relacionad|ligad)[oa]s? (?:a|al|con)\b|"
    r"(?:un|el|otro|una|la|otra) (?:ataque|atentado|crimen|asesinato|robo|hecho|caso|asalto) (?:anterior|previo|pasado)|"
    r"(?:el|la) (?:último|última|penúltimo|penúltima) (?:ataque|atentado|crimen|asesinato|robo|hecho|caso|asalto|víctima)|"
    r"cabe (?:recordar|mencionar)|como se (?:recuerda|recordará)|recordemos|vale recordar|se recuerda que|"
    r"(?:recordaron|recordó|rememoraron|evocaron)\s+(?:los|las|aquellos|aquellas)\s+(?:\w+\s+){0,2}(?:momentos|días|años|meses|tiempos|episodios))|"
    # a year as a date ('en 2013', 'desde el año 2019'), not a count ('de 2000 policías')
    r"\b(?:en|desde|durante|hasta|del?|año)\s+(?:el\s+)?(?:año\s+)?((?:19|20)\d\d)\b(?!\s+(?!por\b)[a-záéíóúñ]+s\b)",
    re.I)
CLAUSE_END = re.compile(r"[,;:()—–]")
CLAUSE_REACH = 60  # characters a marker further in reaches when no clause end comes sooner
OPENING_WORDS = 3  # a marker after at most this many words opens its sentence…
# …unless a clause ends before it ('Los detenidos, vinculados a…'), save after a connector.
CONNECTOR = re.compile(r"^\W*(?:y |pero |ya |además|asimismo|incluso|sin embargo|por otro lado|por su parte|"
                       r"según [\w\s]+|de acuerdo (?:con|a) [\w\s]+)\W*$", re.I)
# A body sentence that tells of the event itself without a cue word ('El hecho ocurrió…').
EVENT_REF = re.compile(r"\b(?:el|este|dicho|tal) (?:nuevo |lamentable |violento |trágico )?(?:hecho|suceso|"
                       r"incidente|crimen|ataque|atentado|asalto|robo|operativo|intervención)\b|"
                       r"\b(?:ocurri[óo]|ocurrid[oa]|sucedi[óo]|sucedid[oa]|se registr[óo]|se produjo)\b", re.I)
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b|"
                  # an older year only as a date ('en 1821'), not a count ('de 1500 policías')
                  r"\b(?:en|de|del|año|hacia|desde)\s+(1[5-8]\d\d)\b(?!\s+(?!por\b)[a-záéíóúñ]+s\b)", re.I)
# 'Carlos Morán: “Responsabilizar a la Policía…”': a quoted opinion, not an event (unless the part
# before the colon is a place: 'Comas: “Mataron a mi hijo”').
QUOTE_HEADLINE = re.compile(r"^\s*([A-ZÁÉÍÓÚÑ][\w.]*(?:\s+(?:de\s+la\s+|de\s+)?[A-ZÁÉÍÓÚÑ][\w.]*){0,3})\s*:\s*[“\"«]")
OPINION = re.compile(r"^\s*\[?\s*(?:opini[oó]n|columna|editorial|entrevista|an[aá]lisis)\s*[\]:|]|"
                     r"^\W*(?:columna|art[ií]culo|espacio)\s+de\s+opini[oó]n\W*$", re.I)
# 'La extorsión y el miedo: una columna de …', 'Por Juan Pérez, columnista': opinion anywhere in the
# headline or the byline.
OPINION_HEAD = re.compile(r"\b(?:(?:una|la|mi|nuestra|su) columna(?!\s+(?:(?:de|del)\s+)?(?:narco\w*|terrorist\w*|senderist\w*|"
                          r"sendero|remanentes|subversiv\w*|hombres|militares|soldados|polic\w*|humo|agua|veh[ií]culos|autos|manifestantes|"
                          r"armad[oa]s?))|columnista|art[ií]culo de opini[oó]n|"
                          r"(?:el|un|nuestro) editorial|tribuna libre)\b", re.I)
# An emergency named as the time of a crime ('en pleno estado de emergencia', 'pese al estado de
# emergencia') is context, not a government measure.
EMERGENCY_CONTEXT = re.compile(r"(?:\ben\s+pleno|\bpese\s+al?|\ba\s+pesar\s+del?|\bdurante\s+el|"
                               r"\ben\s+medio\s+del?|\bbajo(?:\s+el)?|\ben\s+el\s+marco\s+del|\bvigencia\s+del|"
                               r"\ben\s+plena\s+vigencia\s+del|\ben\s+el|\bcon)\s*$", re.I)
# … and any measure named as the standing background of a crime ('pese al patrullaje mixto', 'en
# medio del despliegue militar').
MEASURE_CONTEXT = re.compile(r"(?:\ben\s+pleno|\bpese\s+a(?:l|\s+la|\s+los|\s+las)?|\ba\s+pesar\s+de(?:l|\s+la|\s+los|\s+las)?|"
                             r"\ben\s+medio\s+de(?:l|\s+la|\s+los|\s+las)?)\s*$", re.I)
EMERGENCY_IN_FORCE = re.compile(r"^\s*(?:vigente|que\s+rige|decretado|declarado)\b", re.I)
# Measures for disasters and epidemics, not crime.
DISASTER = re.compile(r"\b(?:lluvias?|huaicos?|desbordes?|inundaci\w+|fen[oó]meno\s+(?:de\s+)?el\s+niño|"
                      r"sequ[ií]a|d[eé]ficit\s+h[ií]drico|heladas|friaje|sismos?|terremoto|incendios?\s+forestal\w*|"
                      r"dengue|epidemia|peligro\s+inminente|emergencia\s+(?:sanitaria|clim[aá]tica|h[ií]drica|vial|ambiental))\b", re.I)
# Page text that opens on what an official said ('Dina Boluarte, presidenta de la República,
# respondió…', 'El ministro del Interior afirmó este martes que los homicidios…'): a statement,
# a speech or a debate, whatever crimes it names (in 2,400 items read, 16 open so and none reports
# an event). Not 'informó' nor 'anunció', which report facts ('informó que fueron capturados').
_OFFICIAL = r"(?:presidenta?|ministr[oa]|premier|congresista|jefe\s+de\s+Estado|titular)"
_SAID = (r"(?:respondió|calificó|aseguró|afirmó|dijo|justificó|sostuvo|criticó|cuestionó|señaló|advirtió|declaró|"
         r"manifestó|expresó|consideró|defendió|negó|rechazó)")
STATEMENT = re.compile(rf"^\W*(?:[A-ZÁÉÍÓÚ][\wáéíóúñ]+\s*){{0,3}},?\s*(?:la\s+|el\s+)?{_OFFICIAL}\b[^.]{{0,160}}?\b{_SAID}\b",
                       re.I)
# A vehicle or a person that stopped ('se había detenido en un semáforo'), and a screen or video
# grab in a caption ('Foto: Captura de video'): no arrest.
STOPPED = re.compile(r"\bse\s+(?:había\s+|ha\s+|habría\s+|hubo\s+)?$", re.I)
# 'pagado parte del rescate', 'les pedían un rescate de 50 000 soles': the ransom, not a rescue.
RANSOM_BEFORE = re.compile(r"\b(?:pag\w*|ped\w*|pid\w*|exig\w*|cobr\w*|entreg\w*|reun\w*|monto|suma|"
                           r"negoci\w*)\s+(?:\w+\s+){0,3}(?:el|un|del|su)\s+$", re.I)
# 'El chofer detuvo el vehículo', 'detuvo la marcha': a vehicle stopped, not a person arrested.
VEHICLE_STOPPED = re.compile(r"\s+(?:el|la|su|sus|los|las)\s+(?:vehículos?|unidad(?:es)?|marcha|auto|carro|bus|combi|"
                             r"camión|camioneta|moto|mototaxi|tráiler|volquete|motor)\b", re.I)
SCREEN_CAPTURE = re.compile(r"\s+de\s+(?:video|pantalla|imagen|cámaras?|TV|televisión|redes)\b", re.I)
# A person intercepted by criminals ('fue interceptado y obligado a subir', 'interceptado por dos
# sujetos'), not a vehicle stopped by the police.
VICTIM_INTERCEPTED = re.compile(r"\s+(?:y\s+(?:obligad|golpead|asaltad|secuestrad|balead|asesinad|amenazad|despojad|"
                                r"reducid|encañonad)|por\s+(?:(?:dos|tres|cuatro|unos|varios)\s+)?(?:sujetos|delincuentes|"
                                r"desconocidos|hombres|encapuchados|sicarios|asaltantes))", re.I)
# A task carried out ('el operativo fue ejecutado por', 'la obra fue ejecutada'), not a killing.
EXECUTED_WORK = re.compile(r"\b(?:operativos?|operaci[oó]n|operaciones|intervenci[oó]n|intervenciones|plan|planes|"
                           r"proyectos?|obras?|acci[oó]n|acciones|diligencias?|allanamientos?|presupuesto|"
                           r"orden|órdenes|mandatos?|pagos?|gastos?)\s+$", re.I)
# A blast with an accidental cause told in the lead ('una explosión causada por una fuga de gas'):
# an accident, no attack (the guide: deaths that are not crimes).
BLAST = re.compile(r"^(?:explosi[oó]n|detonaci[oó]n|deflagraci[oó]n)$", re.I)
ACCIDENTAL_BLAST = re.compile(r"\b(?:fugas?\s+de\s+gas|bal[oó]n(?:es)?\s+de\s+gas|cilindros?\s+de\s+gas|gas\s+dom[eé]stico|"
                              r"cortocircuito|calderas?)\b", re.I)
# A strike or march is a protest against crime; 'paro cardíaco' is not a strike.
NOT_A_STRIKE = re.compile(r"^\s+(?:card\w*|respirat\w*|cardiorrespirat\w*|card[ií]aco)", re.I)
# Crime words in a game: 'robó el balón', 'un disparo al arco', 'un cupo al Mundial'.
GAME_AFTER = re.compile(r"^['’”\"»]?\s*(?:(?:el|la|un|una)\s+)?(?:bal[oó]n|pelota|esf[eé]rico|arco|porter[ií]a|"
                        r"palo|travesaño|área|red|cupo|punto|puntos|victoria|partido|"
                        r"show|escena|escenario|espectáculo|corazón|corazones|aplausos|protagonismo|miradas|atención|"
                        r"título|cinturón|premio)\b|"
                        r"^\s+(?:al|a\s+la|para\s+(?:el|la)|en\s+(?:el|la))\s+(?:mundial|copa|final|"
                        r"semifinal|torneo|sudamericano|liga|olimpiadas?|juegos|arco|palo|área|porter[ií]a|"
                        r"segunda\s+ronda|siguiente\s+fase|play\s*-?\s*off|cuartos)\b", re.I)


def _words(name: str) -> str:
    path = MODELS / name
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


FOREIGN = re.compile(
    rf"(?<!\w)(?:{_words('foreign_words.txt')})(?!\w)|"
    rf"\b(?:polic[ií]a|gobierno|ej[eé]rcito|fuerzas armadas|autoridades|fiscal[ií]a|justicia|"
    rf"presidente|presidenta|tribunal|corte|congreso|marina|balneario|ciudad|estado|localidad|"
    rf"capital|país|territorio|frontera|puerto|región|provincia|municipio|capitolio|escuela|"
    rf"colegio|universidad|cárcel|prisión|penal)\s+(?:{_words('foreign_demonyms.txt')})(?!\w)", re.I)
# Sport reports use crime words for the game ('robó el balón', 'ataque', 'disparo', 'cupos').
SPORTS = re.compile(r"\b(?:partidos?|goles?|fútbol|futbol|selecci[oó]n|torneo|liga|copa|campeonato|"
                    r"club|equipo|jugador(?:es)?|entrenador|técnico|penal|penales|estadio|hinchas?|"
                    r"marcador|empate|delantero|arquero|portero|mediocampista|defensa central|"
                    r"clásico|final|semifinal|cancha|wwe|tenis|vóley|voleibol|básquet|nba|fifa|conmebol|"
                    r"bal[oó]n|arco|golazo|árbitro|mundial|sudamericano|volante|lateral|zaguero|córner|"
                    r"tiro libre|tarjeta (?:roja|amarilla)|once titular|medallas?|olímpic[oa]s?|"
                    r"contragolpes?|(?:los\s+)?tres\s+puntos|(?:derrot|gole|venci)\w*\s+\d+\s*-\s*\d+)\b", re.I)
SPORTS_WORDS = 3  # distinct sport words in the lead that make it a sport report
# Sentences that open a separate incident in the same article.
SEPARATE = re.compile(r"^\W*(?:en otro (?:hecho|caso|incidente|ataque|suceso|crimen|atentado|golpe|asalto|robo|atraco|episodio)|"
                      r"otro (?:ataque|crimen|asesinato|atentado|hecho de sangre)|"
                      r"en un hecho (?:distinto|aparte|similar)|en un caso (?:distinto|aparte|similar))\b", re.I)
# Explainers, advice and interviews report no event.
# Page text of an interview or a piece of fiction: its lead asks questions or presents a show.
INTERVIEW = re.compile(r"^\W*[—–-]?\s*¿|\bconversamos\s+con\b|[:.]\s*entrevista\s+(?:con|a)\s+(?:un|una|el|la)\b", re.I)
FICTION = re.compile(r"\b(?:serie|telenovela|pel[ií]cula|miniserie|novela|obra\s+de\s+teatro|documental|temporada)\b"
                     r"[^.]{0,120}\b(?:estren\w+|protagonista|interpretad[oa]|elenco|gui[oó]n|plataforma|"
                     r"capítulos?|episodios?)\b|\b(?:estren\w+|protagonista|interpretad[oa]|elenco)\b[^.]{0,120}"
                     r"\b(?:serie|telenovela|pel[ií]cula|miniserie|novela|documental)\b", re.I)
NOT_AN_EVENT = re.compile(r"¿\s*(?:c[oó]mo|qu[eé]|qui[eé]n|cu[aá]l(?:es)?|por qu[eé]|d[oó]nde)\b|"
                          r"c[oó]mo protegerse|consejos para|recomendaciones para|^\W*—\s*¿|"
                          r"\bcap[ií]tulo \d+|\bepisodio\b|\btelenovela\b|\bpel[ií]cula\b|\bminiserie\b|"
                          r"\bsimulacros?\b|"
                          r"\b(?:lanza|lanzan|lanzó|presenta|presentan|presentó|inicia|inician|inició)\s+(?:la\s+|una\s+)?"
                          r"campaña\b", re.I)
# A check that found nothing: 'no se encontró nada irregular', 'la Policía descartó cualquier
# atentado', 'fue una falsa alarma' (the guide: a visit that finds nothing is not an event).
NOTHING_FOUND = re.compile(r"\bfalsa\s+alarma\b|\bno\s+se\s+(?:encontró|halló|hallaron|encontraron)\s+nada\s+"
                           r"(?:irregular|ilícito|ilegal)\b|\bdescart\w+\s+(?:cualquier|todo|la\s+existencia\s+de)\s+"
                           r"(?:un\s+|tipo\s+de\s+)?(?:atentado|ataque|delito|explosivo)|\bsin\s+(?:encontrar|hallar)\s+nada\s+"
                           r"irregular\b|"
                           # 'no se encontraron menores, ni drogas, ni armas, y no hubo ninguna persona detenida'
                           r"\bno\s+se\s+(?:encontraron|hallaron|encontró|halló)\b[^.]{0,80}\bno\s+hubo\s+"
                           r"(?:ning[uú]n\s+|ninguna\s+persona\s+)?(?:detenid|intervenid)|"
                           # 'no encontraron armas, drogas ni objetos ilícitos. Los ocupantes no fueron detenidos'
                           r"\bno\s+(?:se\s+)?(?:encontr|hall)\w+\s+(?:nada|armas|drogas?|explosivos|objetos)\b[^.]{0,100}\.?"
                           r"[^.]{0,120}?\b(?:no\s+fueron\s+detenid|nadie\s+fue\s+detenid|no\s+hubo\s+detenid|sin\s+detenid)",
                           re.I)
NOTHING_FOUND_CHARS = 1500
# A headline about a bill or a debate, and a general statement of how things go, are no event
# (the guide: bills, debates and hearings about crime laws; analysis).
LEGISLATIVE = re.compile(r"\b(?:dictamen(?:es)?|proyectos?\s+de\s+ley|iniciativa\s+legislativa|pliego\s+interpelatorio|"
                         r"moci[oó]n\s+para\s+(?:interpelar|censurar)|"
                         r"moci[oó]n\s+de\s+(?:interpelaci[oó]n|censura|vacancia)|cuarto\s+intermedio|"
                         r"pleno\s+del\s+congreso|comisi[oó]n\s+de\s+[^.;]{3,60}?\s+del\s+congreso)\b", re.I)
# … but what the plenary passes (a law, powers to legislate) is a measure (the dev set's label),
# unless it is still a step of a bill or a motion ('aprobó la moción para interpelar al ministro').
PLENARY_PASSED = re.compile(r"\bpleno\b[^.;]{0,60}?\baprob", re.I)
STILL_A_BILL = re.compile(r"\b(?:moci[oó]n|interpel\w*|censura|dictamen|segunda\s+votaci[oó]n|a\s+debate)\b", re.I)
# A section label opening page text that names another genre: the piece is not crime news.
GENRE_LABEL = re.compile(
    r"^(?:deportes?|boxeo|f[uú]tbol|v[oó]ley|espect[aá]culos|cultura|libros?|cine|m[uú]sica|econom[ií]a|"
    r"tecnolog[ií]a|ciencia|salud|mundo|internacional(?:es)?|entretenimiento|far[aá]ndula|turismo|"
    r"gastronom[ií]a|an[aá]lisis|gu[ií]a(?:\s+pr[aá]ctica)?|consejos|informe(?:\s+anual)?|opini[oó]n|columna|"
    r"entrevista|congreso|editorial(?:es)?|cr[oó]nicas?|perfil(?:es)?|historias?|testimonios?|semblanzas?)$", re.I)


CRIME_SECTION = re.compile(r"^(?:policiales?|sucesos|seguridad(?:\s+ciudadana)?|crimen|inseguridad|judiciales?|"
                           # a general news section beside the genre ('Deportes / Actualidad')
                           r"actualidad|locales?|nacional(?:es)?|regiones|regional)$", re.I)


def _genre_label(text: str) -> bool:
    """Whether page text opens on a short section label of another genre (see GENRE_LABEL)."""
    line = text.lstrip().split("\n", 1)[0].strip()
    if not line or len(line.split()) > 6 or line.endswith((".", ":")):
        return False
    parts = [part for part in re.split(r"\s*[|/·]\s*", line) if part]
    if any(CRIME_SECTION.match(part) for part in parts):
        return False  # 'Espectáculos / Policiales': a crime story of the show pages (or their news)
    return any(GENRE_LABEL.match(part) for part in parts)


def _opening(doc: Doc, n: int) -> list[Span]:
    """The first ``n`` sentences of page text that are not boilerplate (captions, labels)."""
    sents = doc.sents if doc.has_annotation("SENT_START") else iter([doc[:]])
    return list(islice((s for s in sents if not is_boilerplate_sent(s)), n))
# Advice: 'la Policía recomienda tomar algunas precauciones', 'estos son algunos consejos'. Page
# text whose opening gives advice is a prevention guide (the guide: no event).
ADVICE = re.compile(r"\b(?:recomienda\w*|aconseja\w*|sugiere\w*)\b[^.]{0,80}?\b(?:precauci\w+|evitar|tomar)\b|"
                    r"\b(?:algunas|estas|las\s+siguientes)\s+(?:precauciones|recomendaciones)\b|"
                    r"\b(?:algunos|estos|los\s+siguientes)\s+(?:consejos|tips)\b|"
                    r"\b(?:lanz|inici|present)\w*\s+(?:[\wáéíóúñ]+\s+){0,3}?(?:la|una)\s+campaña\b|\bcampaña\s+(?:de\s+prevención|preventiva)\b",
                    re.I)
ADVICE_SENTENCES = 4
GENERAL_HEAD = re.compile(r"^\W*(?:cada\s+vez\s+que|así\s+(?:funciona|funcionan|opera|operan|actúa|actúan))\b", re.I)
# A crime word denied: 'no presentaba signos de violencia', 'sin huellas de tortura'.
_SIGNS = r"(?:signos?|huellas?|indicios?|rastros?|señales?)"
NO_SIGNS = re.compile(rf"\b(?:no|sin|ningún|ninguna|ningunos?)\s+(?:\w+\s+){{0,2}}{_SIGNS}\s+de\s+$", re.I)
# … or goes on with 'ni' ('no presentaba signos visibles de violencia ni heridas de [bala]'):
NO_SIGNS_NI = re.compile(r"\b(?:no|sin)\b[^.;]{0,60}\bni\s+(?:(?:heridas?|impactos?|huellas?|lesiones)\s+de\s+)?$", re.I)
# … and when the cue is the signs themselves ('no presentaba [signos de violencia]'):
NO_BEFORE = re.compile(r"\b(?:no|sin|ningún|ninguna)\s+(?:\w+\s+){0,2}$", re.I)
SIGNS = re.compile(rf"{_SIGNS}\b", re.I)
# Words that make a sector the victim rather than the actor ("policía herido", "asesinan a alcalde").
HARM = re.compile(r"asesin|\bmat(?:a|an|aron|ó)\b|atac|ataque|hier|herid|bale|dispar|amenaz|"
                  r"extors|agred|muer|murió|fallec|víctima|\brob|asalt|cupo|secuestr|atentad|"
                  r"explosiv|dinamit|crimen|homicidio|sicari|cobro|ejecut|acribill|golpiza|saque|"
                  r"vandal|violencia|inseguridad|lesion", re.I)
VICTIM_ONLY_SECTORS = {"security_forces", "public_official", "other"}
# Police and officials act in most crime news; they are victims only in these constructions.
_OFFICER = (r"(?:policías?|agentes?|suboficial(?:es)?|efectivos?|militar(?:es)?|soldados?|sargentos?|"
            r"comisario|oficial|pnp|serenos?|alcaldes?|alcaldesa|regidora?|congresistas?|gobernador|"
            r"funcionari[oa]s?|juez|jueza|fiscal|prefecto|ministr[oa]|magistrad[oa]|autoridad(?:es)?)")
OFFICER_VICTIM = re.compile(
    rf"\b{_OFFICER}\s+(?:\S+\s+){{0,3}}?(?:resulta|resultó|resultaron|fue|fueron|murió|muere|"
    rf"murieron|quedó|herid[oa]s?|asesinad[oa]s?|balead[oa]s?|atacad[oa]s?|amenazad[oa]s?|"
    rf"recibió|perdió|perdieron|víctimas?)\b|"
    rf"\b(?:asesin\w*|mat(?:an|aron|ó)|atac\w*|ataque|atentado|balea\w*|hier\w*|dispar\w*|"
    rf"crimen|homicidio|amenaz\w*|emboscada|extorsi\w*)\s+(?:a|al|contra|del|de|de\s+la)\s+"
    rf"(?:(?:un|una|el|la|los|las|dos|tres)\s+)?{_OFFICER}\b", re.I)
# Weapons and explosives seized are the charge of an operation, not an attack.
SEIZED = re.compile(r"(?:incaut\w*|decomis\w*|posesión|poder|hallaron|hallazgo|encontraron|"
                    r"tenencia|portaban|portaba|armas?,|municiones|explosivos,)\W+(?:\S+\W+){0,6}$", re.I)
ANIMALS_AFTER = re.compile(r"^\s+a\s+(?:\S+\s+){0,3}(?:canes|perros?|perritos?|gatos?|animales|mascotas?|reses|vacas|"
                           r"caballos|cerdos|ovejas|alpacas|aves|gallos|gallinas)\b", re.I)
SICARIATO = re.compile(r"^(?:sicari|acribill)", re.I)
ASSAULTED = re.compile(r"^(?:atacad|agredid)[oa]s?$", re.I)
# A single victim read from a crime's name ('el crimen de un chofer', 'víctima de un homicidio')
# is named, not told: in a complaint or a case it is no event of the article.
CRIME_NAMED = re.compile(r"^\W*(?:crimen|homicidio|asesinato|feminicidio|víctima)\b", re.I)
# 'Rayo mata a un guía', 'Bus mata a peatón', 'Huaico mata a familia': a death caused by nature, an
# accident or an illness is not a crime (the guide: traffic accidents, disasters, illness) unless a
# person is named as the one who killed.
NON_HUMAN_KILLER = re.compile(
    r"\b(?:rayos?|descargas? el[eé]ctricas?|huaicos?|sismos?|terremotos?|aludes?|avalanchas?|derrumbes?|"
    r"deslizamientos?|incendios?|fuego|explosi[oó]n|balones? de gas|corrientes?|oleajes?|r[ií]os?|"
    r"[aá]rbol(?:es)?|postes?|cables?|bus(?:es)?|[oó]mnibus|cami[oó]n|camiones|tr[aá]iler(?:es)?|volquetes?|"
    r"combis?|camionetas?|autos?|veh[ií]culos?|trenes|tren|accidentes?|choques?|despistes?|volcaduras?|"
    r"enfermedad(?:es)?|virus|dengue|covid(?:-19)?|neumon[ií]a|perros?|toros?)"
    r"(?:\s+(?!y\b|que\b)[\wáéíóúñ]+){0,3}\s+$", re.I)
HUMAN_KILLER = re.compile(r"\b(?:delincuentes?|sicarios?|asesinos?|criminales?|hampones?|ladrones?|asaltantes?|"
                          r"sujetos?|hombres?|mujer|individuos?|desconocidos?|encapuchados?|banda|pareja|expareja|"
                          r"conviviente|esposo|hijo|padre|polic[ií]as?|agentes?|militares?|soldados?|vecinos?)\b", re.I)
# 'descarta nuevo estado de emergencia', 'piden declarar en emergencia', 'proyecto de ley que
# propone desplegar a las Fuerzas Armadas': a measure not taken.
MEASURE_NOT_TAKEN = re.compile(r"\b(?:descart\w*|eval[uú]\w*|analiz\w*|propon\w*|propuest\w*|plante\w*|"
                               r"pide|piden|pidi[oó]|pidieron|ped(?:ir|ir[aá]n?|ir[ií]a|ido)|exig\w*|solicit\w*|reclam\w*|proyecto de ley|"
                               r"debat\w*|no habr[aá]|no (?:se )?declarar[aá]\w*|podr[ií]a\w*|cuestion\w*|"
                               r"rechaz\w*|critic\w*|se opone\w*|sugier\w*|insist\w*)\b", re.I)
MEASURE_WINDOW = 100  # characters before a measure's words read for it being only asked for
# ... unless the measure was taken after it ('tras el pedido de los gremios, el Gobierno declaró…')
MEASURE_TAKEN = re.compile(r"\b(?:declar(?:ó|a|an|aron)|prorrog(?:ó|a|an|aron)|dispuso|dispone|decret(?:ó|a|aron)|"
                           r"aprob(?:ó|aron)|oficializ(?:ó|a|aron)|ampli(?:ó|aron))\b", re.I)
# An operation's verb as an aim ('para capturar', 'con el fin de detener'): none was done yet.
PURPOSE = re.compile(r"\b(?:para|con\s+el\s+fin\s+de|a\s+fin\s+de|con\s+el\s+objetivo\s+de|buscan?|intentan?|"
                     r"tratan?\s+de|lograr)\s+$", re.I)
# The criminals as the subject right before an operation's verb ('Delincuentes armados interceptaron').
CRIMINAL_SUBJECT = re.compile(r"\b(?:delincuentes|sujetos|asaltantes|ladrones|desconocidos|encapuchados|sicarios|hampones|"
                              r"malhechores|criminales|extorsionadores|hombres)(?:\s+(?:armados|encapuchados|desconocidos))?\s+$",
                              re.I)
WEAPON_OF_SERVICE = re.compile(r"\b(?:arma|armas|pistola|pistolas|revólver|uniforme)\s+de\s+$", re.I)
# A sentence being or having been served ('tras cumplir condena', 'donde cumplía su pena').
SERVING = re.compile(r"\bcumpl\w*\s+(?:su\s+|una\s+|la\s+)?$", re.I)
HYPOTHETICAL = re.compile(r"\b(?:eventual(?:es)?|posibles?|futur[oa]s?|próxim[oa]s?)\s+$|"
                          # an arrest asked for ('familia exige captura de sicarios', 'piden la detención de')
                          r"\b(?:exig\w*|pid\w*|piden|reclam\w*|solicit\w*)\s+(?:la\s+|su\s+|una\s+)?$", re.I)
NOT_BEFORE = re.compile(r"\bno\s+(?:se\s+)?(?:va\s+a\s+|vamos\s+a\s+)?$", re.I)
#: what robbers took, right before an explosives word ('roban 800 cartuchos de dinamita')
LOOT = re.compile(r"\b(?:rob(?:an|aron|ó|ado|ados|ada|adas|o|os)|se\s+llev(?:aron|ó|an)|sustraj\w+|hurt(?:aron|ó|an))\s+"
                  r"(?:[\w.,]+\s+){0,5}$", re.I)
# A bullet sent or left as a threat, the extortionists' calling card: not a shooting.
THREAT_BULLET_BEFORE = re.compile(r"\b(?:sobres?|cartas?|notas?|extorsiv[oa]s?|mensajes?|paquetes?|bolsas?|"
                                  r"conten[ií]\w*|dej\w+)\s+con\s+(?:una\s+|dos\s+|tres\s+)?$|"
                                  r"\b(?:conten[ií]\w*|dej\w+)\s+(?:una\s+|dos\s+|tres\s+)?$|"
                                  r"\b(?:acompañad[oa]s?|junto)\s+(?:de|a|con)\s+(?:una\s+|dos\s+|tres\s+)?$", re.I)
THREAT_BULLET_AFTER = re.compile(r"\s+(?:y|junto\s+a|con)\s+(?:una|un)\s+(?:carta|nota|mensaje)", re.I)
#: a threat to shoot, right before a shooting word ('amenazaron con disparar', 'amenazándolos con balearlos')
THREATENED = re.compile(r"\bamenaz\w*\s+(?:\w+\s+){0,2}?con\s+$", re.I)
# The relative clause of an operation's headline that tells what the suspects did, or what they
# are wanted for ('buscado en Chile por secuestro', 'buscado por Interpol por un doble homicidio').
CHARGE_CLAUSE = re.compile(r"\b(?:que|por|buscad[oa]s?|requerid[oa]s?|reclamad[oa]s?|acusad[oa]s?|"
                           r"sentenciad[oa]s?|condenad[oa]s?|pr[oó]fug[oa]s?)\b", re.I)
# A relative clause opened after a comma ('…, que en lo que va del año ha cobrado…').
RELATIVE_CLAUSE = re.compile(r",\s*(?:que|quien(?:es)?|donde|el\s+cual|la\s+cual|los\s+cuales|las\s+cuales)\b", re.I)
# Peru's own police units and agencies, named so that no other country's are meant (Chile and
# Colombia have a 'Ministerio Público' and a 'Fiscalía de la Nación' too).
PERUVIAN_AGENCY = re.compile(
    r"\b(?:PNP|Polic[ií]a Nacional del Per[uú]|Dirincri|Dircote|Diviac|Dirandro|Depincri|Divincri|Dircocor|"
    r"Depinco|Sucamec|Mininter|Ej[eé]rcito del Per[uú]|"
    r"Marina de Guerra del Per[uú])\b")
HEDGE = re.compile(r"\bno (?:se )?descart\w*|\binvestiga(?:n)? si\b|\bpodría(?:n)? estar\b", re.I)


@dataclass
class Segment:
    sentences: list[Span]  # all sentences of the segment
    lead: list[Span]  # the ones read for cues: headline + first body sentences
    title: list[Span] = field(default_factory=list)


def _main_clause(text: str) -> str:
    """A sentence up to its first relative clause after a comma (see RELATIVE_CLAUSE)."""
    return RELATIVE_CLAUSE.split(text, 1)[0]


def _cues_in(doc: Doc, sents: list[Span]) -> list[Span]:
    """Cue spans inside these sentences, minus crimes named as a person's record."""
    spans = doc.spans[CUES_KEY] if CUES_KEY in doc.spans else []
    out = []
    for sent in sents:
        end = sent.end_char
        if STATISTICS.search(sent.text):
            # A figure in a relative clause is the motive of what the main clause tells ('…acataron
            # el paro contra la extorsión, que en lo que va del año ha cobrado la vida de decenas')
            main = _main_clause(sent.text)
            if main == sent.text or STATISTICS.search(main):
                continue
            end = sent.start_char + len(main)
        inside = [s for s in spans if sent.start <= s.start < sent.end and s.start_char < end]
        if TREND.search(sent.text) and not any(s.label_ == "KIND" and (s.id_ != "measure" or _measure_cue(s))
                                               for s in inside):
            continue
        past = [s.start for s in inside if s.label_ == "PAST"]
        for s in inside:
            if s.label_ == "CRIME" and any(p < s.start for p in past):
                continue
            before = doc.text[max(sent.start_char, s.start_char - 60):s.start_char]
            if s.label_ == "CRIME" and s.id_ == "armed_attack" and (SEIZED.search(before) or LOOT.search(before)):
                continue  # explosives seized or stolen ('se llevaron 200 kilos de dinamita'), none set off
            if s.label_ == "CRIME" and s.id_ == "armed_attack" and (THREATENED.search(before) or NO_SHOT.search(before)):
                continue  # 'amenazaron con disparar', 'sin disparar una sola bala': no shot fired
            if s.label_ == "CRIME" and s.id_ == "armed_attack" and re.fullmatch(r"balas?", s.text, re.I) and (
                    THREAT_BULLET_BEFORE.search(before) or THREAT_BULLET_AFTER.match(doc.text[s.end_char:s.end_char + 40])):
                continue  # a bullet left as a threat ('un sobre con una bala y una nota') is no shooting
            after = doc.text[s.end_char:s.end_char + 40]
            if s.label_ == "CRIME" and s.id_ == "armed_attack" and re.match(r"\s+controlad[oa]s?\b", after, re.I):
                continue  # 'inutilizaron las dragas con explosivos controlados': the police's, no attack
            if s.label_ == "CRIME" and s.id_ == "homicide" and ANIMALS_AFTER.match(after):
                continue
            if (s.label_ == "CRIME" and s.id_ == "homicide" and s[0].lower_.startswith("mat")
                    and NON_HUMAN_KILLER.search(before) and not HUMAN_KILLER.search(before)):
                continue
            if s.label_ == "CRIME" and s.id_ in ("robbery", "armed_attack", "extortion") and GAME_AFTER.match(after):
                continue
            if s.label_ == "KIND" and s.id_ == "protest" and NOT_A_STRIKE.match(after):
                continue
            if s.label_ == "COURT" and SERVING.search(before):
                continue  # 'tras cumplir condena', 'cumplía prisión': a sentence served, no court step
            if s.label_ == "KIND" and s.id_ == "operation" and HYPOTHETICAL.search(before):
                continue  # 'no permitirá un eventual allanamiento': no operation took place
            if s.label_ == "KIND" and s.id_ == "operation" and PURPOSE.search(before) and s.text.lower().endswith("r"):
                continue  # 'activó el plan cerco para capturar a los sujetos': an aim, not an arrest
            if s.label_ == "KIND" and s.id_ == "operation" and (
                    re.match(r"(?:detenid[oa]s?|detuvo|detiene|detienen|detuvieron)$", s.text, re.I) and STOPPED.search(before)
                    or re.match(r"(?:detuvo|detiene|detuvieron|detienen)$", s.text, re.I) and VEHICLE_STOPPED.match(after)
                    or re.match(r"captura$", s.text, re.I) and SCREEN_CAPTURE.match(after)):
                continue  # 'la unidad se había detenido en un semáforo', 'los ataques no se detienen', 'Foto: Captura de video'
            if s.label_ == "KIND" and s.id_ == "operation" and re.match(r"interceptad[oa]s?$", s.text, re.I) and \
                    VICTIM_INTERCEPTED.match(after):
                continue  # 'fue interceptado y obligado a subir a un auto': a victim, not a police stop
            if s.label_ == "KIND" and s.id_ == "operation" and s.text.lower() == "rescate" and RANSOM_BEFORE.search(before):
                continue  # 'la familia había pagado parte del rescate': a ransom, not a rescue
            if s.label_ == "KIND" and s.id_ == "operation" and CRIMINAL_SUBJECT.search(before):
                continue  # 'Delincuentes armados interceptaron una camioneta': a crime, not a police action
            if s.label_ == "CRIME" and s.id_ == "homicide" and EXECUTED_WORK.search(before):
                continue  # 'El operativo fue ejecutado por la División…': carried out, not killed
            if s.label_ == "CRIME" and (NO_SIGNS.search(before) or NO_SIGNS_NI.search(before)
                                        or (SIGNS.match(s.text) and NO_BEFORE.search(before))):
                continue  # 'no presentaba signos de violencia'
            out.append(s)
    return out


def segments(doc: Doc, title_end: int) -> list[Segment]:
    """The headline segment, then one per sentence that opens a separate incident."""
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    title = [s for s in sents if s.start_char < title_end]
    body = [s for s in sents if s.start_char >= title_end and not is_boilerplate_sent(s)]
    depth = LEAD_SENTENCES
    if not title and body:
        # No headline (or only a caption or a date line before the text): the lead sentence is
        # read as the headline, and the lead is read to the same depth.
        title, body, depth = body[:1], body[1:], LEAD_SENTENCES - 1
    cuts = [i for i, s in enumerate(body) if (i > 0 or title) and SEPARATE.match(s.text)]
    bounds = [0, *cuts, len(body)]
    out = []
    for k in range(len(bounds) - 1):
        part = body[bounds[k]:bounds[k + 1]]
        if k == 0:
            out.append(Segment(sentences=title + part, lead=title + part[:depth], title=title))
        else:
            out.append(Segment(sentences=part, lead=part[:LEAD_SENTENCES]))
    return out


def headline(doc: Doc, title_end: int) -> str:
    """The headline's text: the title, or the first sentence after any caption or date line."""
    if title_end:
        return doc.text[:title_end]
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    return next((s.text for s in sents if not is_boilerplate_sent(s)), sents[0].text if sents else "")


def _measure_cue(c: Span) -> bool:
    """A government measure, not an emergency named as the time of a crime, nor one proposed,
    asked for, debated or ruled out (the guide: bills and debates are not events)."""
    if c.label_ != "KIND" or c.id_ != "measure":
        return False
    before = c.doc.text[max(c.sent.start_char, c.start_char - MEASURE_WINDOW):c.start_char]
    asked = list(MEASURE_NOT_TAKEN.finditer(before))
    if asked and not MEASURE_TAKEN.search(before, asked[-1].end()) or NOT_BEFORE.search(before):
        return False  # ruled out, asked for, or denied ('con la finalidad de no militarizar')
    if WEAPON_OF_SERVICE.search(before) and c.text.lower() == "reglamento":
        return False  # 'su arma de reglamento': a police officer's gun, not a regulation
    near = c.doc.text[max(c.sent.start_char, c.start_char - 40):c.start_char]
    if MEASURE_CONTEXT.search(near):
        return False  # 'pese al patrullaje mixto': the crime's background
    if re.match(r"estado de emergencia$", c.text, re.I) and (
            EMERGENCY_CONTEXT.search(near) or EMERGENCY_IN_FORCE.match(c.doc.text[c.end_char:c.end_char + 30])):
        return False
    return True


def _strong_measure(c: Span) -> bool:
    """A declared or extended emergency, or troops deployed: a measure whatever the wording."""
    return bool(re.match(r"(?:declar|prorrog|prórroga|ampl|extend|extiend|decret|despl|militariz)", c.text, re.I))


def _kind(cues: list[Span], seg: Segment, gangs: Sequence[str] = (), hurt: AbstractSet[int] = frozenset(),
          body: bool = False) -> str | None:
    """Operation, measure or protest from the headline first, then the lead; else incident.

    ``hurt``: the sentences (by start token) that report someone killed or wounded; there a weak
    crime word ('ataque', 'disparo') is enough for an incident."""
    cues = [c for c in cues if not (c.label_ == "KIND" and c.id_ == "measure" and not _measure_cue(c))]
    lead_text = " ".join(s.text for s in seg.lead)
    against_crime = any(c.label_ == "INSECURITY" or (c.label_ == "CRIME" and c.id_ in (
        "extortion", "homicide", "armed_attack") and c.id_ != "other_generic") for c in cues)
    groups = [seg.title] if seg.title else []
    groups += [[s] for s in seg.lead if s not in seg.title]
    # A planned crime ('planeaba asesinar a un empresario') is an arrest's charge, never an incident.
    committed = [c for c in cues if not (c.label_ == "CRIME" and c._.planned)]
    if seg.title and _opens_with_crime_verb(committed, seg.title):
        return "incident"
    for sents in groups:
        here = [c for c in cues if any(s.start <= c.start < s.end for s in sents)]
        kinds = {c.id_ for c in here if c.label_ == "KIND"}
        insecurity = any(c.label_ in ("INSECURITY",) or (c.label_ == "CRIME") for c in cues)
        if any(c.label_ == "COURT" and not PENALTY.match(c.text) for c in here) and all(
                ARRESTED.match(c.text) for c in here if c.label_ == "KIND" and c.id_ == "operation"):
            return None  # 'dictó prisión preventiva contra X, detenido la semana pasada': a court step
        if "operation" in kinds and (any(c.label_ == "CRIME" for c in cues) or gangs or any(
                c.label_ == "KIND" and SEARCH_OPERATION.match(c.text) for c in here) or (
                sents is seg.title and any(c.label_ == "KIND" and _arrest_told(c) for c in here))):
            return "operation"
        if any(c.label_ == "COURT" and not (PENALTY.match(c.text) and "measure" in kinds) for c in here):
            return None  # a verdict or a hearing about a past crime (a decree's penalties are not)
        if "protest" in kinds and _crime_then_protest(here):
            return "incident"  # the crime told first, the strike it led to after it
        if "measure" in kinds and (insecurity or (
                any(_strong_measure(c) for c in here if c.label_ == "KIND") and not DISASTER.search(lead_text))):
            return "measure"
        if "protest" in kinds and (any((c.label_ == "INSECURITY" and re.match(
                r"insegur|extorsi|sicari|criminal|delincuen|crimen|\w+\s+(?:más\s+)?(?:seguridad|garantías)", c.text, re.I)) or (c.label_ == "CRIME" and c.id_ in (
                "robbery", "extortion", "homicide", "kidnapping", "armed_attack") and _protested(c)) for c in here)
                or (sents is seg.title and against_crime and any(
                    c.label_ == "SECTOR" and c.id_ == "transport" for c in here))):
            return "protest"
        if any(c.label_ == "CRIME" and not WEAK_CUES.match(c.text) and c.id_ not in ("other_generic", "other_white")
               and not c._.planned for c in here):
            return "incident"
        if any(c.label_ == "CRIME" and c.id_ != "other_white" and not c._.planned for c in here) and any(
                s.start in hurt for s in sents):
            return "incident"  # 'Ataque en mina deja 14 fallecidos', 'Cobrador queda herido tras disparo'
    # A demand for money under threat told in the lead ('las cartas exigían a cada comerciante un
    # pago semanal') is an extortion, whatever words it uses.
    if any(DEMAND.search(s.text) and not STATISTICS.search(s.text) for s in seg.lead):
        return "incident"
    # A woman attacked by her partner or former partner ('su expareja la atacó con un cuchillo'):
    # an attempted feminicide, whatever words tell the attack.
    if _by_partner(seg) and any(c.label_ == "CRIME" and c.id_ != "other_white" for c in committed):
        return "incident"
    # A body found in the headline, the bullets in the lead ('Hallan cadáver de cobrador…
    # Presentaba tres impactos de bala'): a weak crime word and a victim in different sentences.
    if any(c.label_ == "CRIME" and c.id_ not in ("other_white", "other_generic") for c in committed) and any(
            s.start in hurt for s in seg.lead):
        return "incident"
    if body:  # a body found with a killing's marks (see _body_found)
        return "incident"
    # An operation that left dead or wounded ('…tras operativo que dejó como saldo cinco
    # fallecidos y dos heridos'), told without a crime word: the operation is the event.
    if any(c.label_ == "KIND" and c.id_ == "operation" and c.sent.start in hurt for c in cues) and not DISASTER.search(
            lead_text):
        return "operation"
    return None


# A demand for money under threat, as the body tells the motive of an attack or the trade of a
# gang: 'les exigían el pago de un cupo', 'le pedían 20 mil soles', 'por no pagar'. Not a robber
# demanding the cash at hand ('exigieron el dinero de la caja', 'que les entregaran el oro').
DEMAND = re.compile(
    r"\b(?:exig\w*|ped[ií]\w*|piden|pide|cobr\w*)\b(?:(?!\bentreg)[^.;]){0,60}?\b(?:pagos?|pagar|cupos?|cuotas?|"
    r"\d[\d.,]*\s*(?:mil\s+)?(?:soles|dólares)|soles|dólares|(?<!\bel\s)(?<!\bdel\s)dinero|colaborar)\b|"
    r"\b(?:por\s+no\s+pagar|si\s+no\s+(?:pagan|paga|pagaban|pagaba)|los\s+que\s+no\s+pagan|(?:se\s+)?neg(?:ó|aron|arse|aba)\s+a\s+pagar|"
    r"exigencias?\s+de\s+dinero|(?:mensajes?|cartas?|llamadas?|amenazas?)\s+extorsiv\w*|cobros?\s+de\s+cupos?)\b", re.I)
DEMAND_SENTENCES = 12  # sentences of the segment read for the motive
# A woman killed by her partner: 'asesinada por su expareja', 'su conviviente la mató', 'el
# hombre con el que convivía'.
PARTNER = re.compile(r"\b(?:su|sus)\s+(?:ex\s*-?\s*)?(?:pareja|esposo|conviviente|enamorado|novio|marido|"
                     r"exconviviente|exesposo|exenamorado|exnovio|expareja)\b|\bfeminicida\b|"
                     r"\b(?:con\s+(?:el\s+)?(?:que|quien|cual)|que)\s+(?:conviv\w+|mantenía\s+una\s+relación|"
                     r"estaba\s+casada|había\s+tenido\s+una\s+relación)\b", re.I)
FEMALE_VICTIM = re.compile(r"\b(?:asesinada|acuchillada|apuñalada|estrangulada|degollada|baleada|golpeada|quemada|"
                           r"atacada|agredida)\b|"
                           r"\bla\s+(?:mató|asesinó|apuñaló|acuchilló|estranguló|atacó|atacara|agredió|agrediera|golpeó|"
                           r"mataron|asesinaron)\b|"
                           r"\ba\s+(?:una|la|su)\s+(?:mujer|esposa|pareja|expareja|conviviente|enamorada|novia|madre|joven)\b|"
                           r"\b(?:crimen|asesinato|muerte|cadáver|cuerpo)\s+de\s+(?:una|la)\s+(?:mujer|joven)\b",
                           re.I)


def _arrest_told(c: Span) -> bool:
    """An arrest told as done: 'detienen a…', 'fueron detenidos' (not 'piden detener')."""
    if ARREST_VERB.match(c.text):
        return True
    before = c.doc.text[max(c.sent.start_char, c.start_char - 25):c.start_char]
    return bool(re.match(r"(?:detenid|capturad|arrestad)[oa]s?$", c.text, re.I) and PASSIVE_ARREST.search(before))


def _by_partner(seg: Segment) -> bool:
    lead = " ".join(s.text for s in seg.lead)
    return bool(PARTNER.search(lead) and FEMALE_VICTIM.search(lead))


def _adding(types: list[str], code: str) -> list[str]:
    """The crime types with one more, in schema order; the specific type replaces other_crime."""
    return [c for c in CRIME_ORDER if c in {*types, code} and c != "other_crime"]


def _own_opening(seg: Segment) -> list[Span]:
    """The segment's opening sentences that speak of this event: not another event's, not
    statistics. Read for what the lead leaves out: the motive, the site, what was taken."""
    return [s for s in seg.sentences[:DEMAND_SENTENCES]
            if not OTHER_EVENT.search(s.text) and not STATISTICS.search(s.text)]


def _told(sents: list[Span], pattern: re.Pattern[str], unless: re.Pattern[str] | None = None,
          outside: Sequence[tuple[int, int]] = ()) -> bool:
    """Whether these sentences tell ``pattern``, not right after ``unless`` nor inside an
    ``outside`` character range (an earlier event's clause: 'En 2022, un cambista fue baleado…')."""
    return any((unless is None or not unless.search(s.text[:m.start()]))
               and not any(a <= s.start_char + m.start() < b for a, b in outside)
               for s in sents for m in pattern.finditer(s.text))


# The trade of the gangs of a zone ('una zona en disputa entre bandas dedicadas al tráfico de drogas y
# al cobro de cupos'): what they do, not what this attack was (one gang's, 'una banda dedicada al
# sicariato', is its attackers').
GANG_TRADE = re.compile(r"\b(?:bandas|organizaciones|grupos|clanes)\s+(?:criminales\s+)?dedicad[oa]s\s+(?:a|al|a\s+la|a\s+los|a\s+las)\b[^.;]{0,50}$", re.I)


# What a gang of the zone controls or disputes ('Los Choneros, que disputa el cobro de cupos a
# comerciantes'), or a motive only not ruled out ('la Policía no descarta que se trate de un caso de
# extorsión'): not this attack's told motive.
GANG_CONTROL = re.compile(r"\b(?:que|quienes?)\b[^.;]{0,60}\b(?:controla\w*|disput\w*|domin\w*)\s+(?:\w+\s+){0,2}$", re.I)
NOT_THE_MOTIVE = re.compile(f"{GANG_TRADE.pattern}|{GANG_CONTROL.pattern}|{HEDGE.pattern}", re.I)
# A debt the trafficked victims are made to pay ('les exigían una "deuda" por el viaje'): their
# exploitation, not an extortion.
DEBT = re.compile(r"\bdeudas?\b", re.I)


# A mining site ('socavón', 'bocamina', 'vetas de oro', 'campamento minero'): violence there, and
# the police or the Government acting there, is illegal mining's (the schema: "minería ilegal and
# the violence around it"), whether or not the text says 'ilegal'.
MINE_SITE = re.compile(
    r"\b(?:socav[oó]n(?:es)?|bocaminas?|vetas?\s+de\s+oro|campamentos?\s+miner[oa]s?|labor(?:es)?\s+miner[ao]s?|"
    r"unidad(?:es)?\s+miner[ao]s?|mineros?\s+artesanales|concesi[oó]n(?:es)?\s+miner[ao]s?|"
    r"(?:extraer|extracci[oó]n\s+de)\s+oro|minas?\s+de\s+oro)\b", re.I)


# What was taken from the victim, told without a robbery word: a 'secuestro al paso' that empties
# the victim's accounts, a driver killed whose car is missing ('para robarle', 'su vehículo no ha
# sido ubicado'): the incident is a robbery too.
TAKEN = re.compile(
    r"\bsecuestros?\s+al\s+paso\b|\bvaci\w+\s+(?:sus\s+|las\s+)?cuentas\b|\bclaves?\s+de\s+(?:sus\s+|las\s+)?tarjetas\b|"
    r"\bretirar\s+dinero\s+de\b|\ble\s+sustraj\w+|\bpara\s+robar\w*|"
    r"\bles?\s+(?:arranc|quit)(?:ó|aron)\s+(?:la|el|su|sus)\s+(?:mochila|cartera|celular|billetera|bolso|canguro|maletín)\b|"
    r"\b(?:vehículo|auto|mototaxi|camioneta|moto)\b[^.;]{0,40}\bno\s+ha\s+sido\s+(?:ubicad|encontrad|hallad)", re.I)


# A person shot, told past the lead ('uno de ellos le disparó en el pecho', 'recibió cuatro impactos
# de bala', 'fue herido de bala en la pierna', 'con un disparo en la cabeza'): the robbery or the
# killing was a shooting too (the schema: armed_attack whether or not someone died). Not a threat
# ('amenazaron con disparar') nor shots denied ('sin disparar una sola bala', 'sin que se
# produjeran disparos'): those name no shot fired at anyone.
SHOT = re.compile(
    r"\b(?:le|les|lo|la|los|las)\s+(?:dispar(?:ó|aron|aba|aban)|balea(?:ron|ban)|baleó)\b|"
    r"\bdispar(?:ó|aron|aban)\s+(?:\w+\s+){0,2}?(?:contra|en\s+(?:el|la|su|sus)\s+(?:pecho|cabeza|espalda|pierna|brazo|"
    r"abdomen|rostro|tórax|cuello|muslo|hombro))\b|"
    r"\b(?:recibi(?:ó|eron)|(?:le|les)\s+(?:impact(?:ó|aron)|alcanz(?:ó|aron)))\s+(?:\w+\s+){0,2}?"
    r"(?:disparos?|balazos?|impactos?\s+de\s+bala|tiros?|proyectil(?:es)?)\b|"
    r"\bherid[oa]s?\s+de\s+bala\b|\b(?:heridas?|impactos?)\s+de\s+bala\b|\bcon\s+(?:un|dos|tres|varios)\s+"
    r"(?:disparos?|balazos?|tiros?)\s+en\s+(?:el|la)\b|\bbalead[oa]s?\b|\bacribill\w+|\bperdigon(?:es|azos?)\b",
    re.I)
#: what denies the shot right before it in its sentence
NO_SHOT = re.compile(r"\bsin\s+(?:que\s+\w+\s+)?(?:\w+\s+){0,3}$", re.I)


# A body found with the marks of a killing ('El cuerpo sin vida de un taxista fue hallado… presentaba
# heridas punzocortantes') is a homicide, whatever crime word the text uses or leaves out. The
# marks keep out the drowned and the fallen.
BODY_FOUND = re.compile(
    r"\b(?:cuerpos?|cadáver(?:es)?|restos)\b(?:\s+sin\s+vida)?[^.;]{0,90}?\b(?:hallad[oa]s?|encontrad[oa]s?|ubicad[oa]s?|"
    r"abandonad[oa]s?|descubiert[oa]s?)\b|"
    r"\b(?:hallan|hallaron|encuentran|encontraron|descubren|descubrieron|ubicaron)\s+(?:el\s+|los\s+)?"
    r"(?:cuerpos?|cadáver(?:es)?|restos)\b|"
    # 'Un mototaxista fue encontrado muerto', 'hallan sin vida a un joven'
    r"\b(?:fue|fueron|es|son)\s+(?:encontrad|hallad|ubicad)[oa]s?\s+(?:muert[oa]s?|sin\s+vida)\b|"
    r"\b(?:hallan|hallaron|encuentran|encontraron)\s+(?:muert[oa]s?|sin\s+vida)\s+a\b", re.I)
KILLING_MARKS = re.compile(
    r"\b(?:heridas?\s+(?:de\s+bala|punzocortantes?|cortantes?|de\s+arma)|impactos?\s+de\s+(?:bala|proyectil)|"
    r"balazos?|disparos?|signos\s+de\s+(?:violencia|tortura|estrangulamiento)|maniatad[oa]s?|amordazad[oa]s?|"
    r"estrangulad[oa]s?|degollad[oa]s?|asfixiad[oa]s?|embolsad[oa]s?|a\s+golpes|puñaladas|"
    r"asesin\w*|ejecutad[oa]s?|calcinad[oa]s?|mutilad[oa]s?|descuartizad[oa]s?|semienterrad[oa]s?)\b", re.I)
BODY_SENTENCES = 6  # sentences of the segment read for a body and its marks
# … denied ('no presentaba signos de violencia'), or in a denial's 'ni' ('no presentaba signos
# visibles de violencia ni heridas de bala')
_NO_MARKS = re.compile(r"\b(?:no|ningún|ninguna|sin)\b[^.;]{0,30}$|\bni\s+(?:\w+\s+){0,2}$", re.I)


def _body_found(seg: Segment) -> bool:
    """Whether the segment opens on a body found with the marks of a killing (see BODY_FOUND)."""
    sents = [s for s in seg.sentences[:BODY_SENTENCES] if not STATISTICS.search(s.text)]
    if not any(BODY_FOUND.search(s.text) for s in sents[:2]):
        return False
    return any(not _NO_MARKS.search(s.text[:m.start()]) for s in sents for m in KILLING_MARKS.finditer(s.text))


def _reported(doc: Doc, cues: list[Span], seg: Segment, background: list[tuple[int, int]],
              body: bool = False) -> bool:
    """Whether the lead reports a crime: a crime word that is not only named (syntax.py: 'una
    denuncia por homicidio', 'acusado de feminicidio', 'la Dirección Antidrogas') nor in a
    background clause ('A fines del 2015, …'), or a sentence that states its dead or wounded
    (a count, not the one victim a crime word implies). Page text without a headline needs one
    for an incident."""
    if any(c.label_ == "CRIME" and c.id_ not in ("other_generic", "other_white") and c._.named_only is not True
           and not WEAK_CUES.match(c.text) and not any(a <= c.start_char < b for a, b in background)
           for c in cues):
        return True
    spans = doc.spans[CASUALTIES_KEY] if CASUALTIES_KEY in doc.spans else []
    if any(not STATISTICS.search(s.text) and any(
            not any(a <= s.start_char + m.start() < b for a, b in background) for m in DEMAND.finditer(s.text))
           for s in seg.lead):
        return True  # a demand for money under threat is an extortion told (not one recalled)
    if body or _by_partner(seg):
        return True  # a body found; a woman attacked by her partner
    return any(c._.count and not STATISTICS.search(c.sent.text) and any(s.start <= c.start < s.end for s in seg.lead)
               and (c._.strength in ("explicit", "total") or not CRIME_NAMED.match(c.text)) for c in spans)


# A crime told first, then the protest it led to, joined as a later time ('...fue asesinado el
# domingo, y al día siguiente sus colegas marcharon'): the crime is the headline event.
LATER_JOIN = re.compile(r",?\s+y\s+(?:al\s+día\s+siguiente|este\s+(?:lunes|martes|miércoles|jueves|viernes|sábado|"
                        r"domingo)|horas\s+(?:después|más\s+tarde)|más\s+tarde|luego|hoy)\b", re.I)


def _crime_then_protest(cues: list[Span]) -> bool:
    crimes = [c for c in cues if c.label_ == "CRIME" and c.id_ not in ("other_generic", "other_white", "threat")
              and not WEAK_CUES.match(c.text) and not c._.planned and not _protested(c)]
    protests = [c for c in cues if c.label_ == "KIND" and c.id_ == "protest"]
    return any(c.sent == p.sent and c.end <= p.start and LATER_JOIN.search(c.doc.text[c.end_char:p.start_char])
               for c in crimes for p in protests)


def _protested(c: Span) -> bool:
    """A crime a march is against ('contra los asaltos y robos'), not one done during it."""
    before = c.doc.text[max(c.sent.start_char, c.start_char - 40):c.start_char]
    if re.search(r"\bcontra\s+(?:el|la|los|las|tanto)?\s*(?:\w+\s+(?:y|e)\s+)?$", before, re.I):
        return True
    # 'para exigir que pongan fin a la ola de asaltos', 'ante la ola de robos'
    before = c.doc.text[max(c.sent.start_char, c.start_char - 70):c.start_char]
    return bool(re.search(r"\b(?:fin|alto|freno)\s+a\s+(?:la|las|los|el)\s+(?:\w+\s+){0,3}$|"
                          r"\b(?:(?:ante|frente\s+a)\s+(?:la|el)|frente\s+al)\s+(?:ola|aumento|incremento)\s+de\s+(?:\w+\s+(?:y|e)\s+)?$|"
                          r"\b(?:(?:ante|frente\s+a)\s+(?:la|las|los|el)|frente\s+al)\s+$|"
                          r"\b(?:(?:luego|después)\s+de|tras)\s+(?:una|la)\s+(?:serie|ola|racha)\s+de\s+$",
                          before, re.I))


def _opens_with_crime_verb(cues: list[Span], title: list[Span]) -> bool:
    """'Balean a policía que frustró asalto': a headline opening (after any 'Place:') on an
    impersonal crime verb reports the crime, whatever its subordinate clause says."""
    doc = title[0].doc
    start, end = title[0].start, title[-1].end
    colon = next((t.i for t in doc[start:min(end, start + 7)] if t.text == ":"), None)
    first = colon + 1 if colon is not None else start
    for c in cues:
        if c.start == first and c.label_ == "CRIME" and c.id_ != "other_generic":
            return not WEAK_CUES.match(c.text) and c[0].lower_.endswith(("an", "en"))
    return False


# The dead is one of the criminals ('uno de los delincuentes que lo atacó murió', 'Delincuente muere
# abatido', 'termina con un delincuente muerto'): shot by the police or the victims, which makes
# no homicide of the incident by itself.
_CRIMINAL = (r"(?:presuntos?\s+)?(?:delincuentes?|asaltantes?|atacantes?|abigeos?|narcotraficantes?|sicarios?|"
             r"ladr[oó]n|ladrones|malhechores?|hampones?|extorsionadores?|criminales?)")
CRIMINAL_DEAD = re.compile(
    rf"\b(?:un|uno\s+de\s+los|el|los|dos|tres)\s+{_CRIMINAL}(?:\s+(?:que|quien)\s+[^,.;]{{0,40}}?)?\s+"
    r"(?:muri[oó]|muere|mueren|murieron|falleci[oó]|fallecieron|perdi[oó]\s+la\s+vida|"
    r"(?:fue|resultó|quedó|cayó)\s+abatid[oa])\b|"
    rf"\b{_CRIMINAL}\s+(?:muert[oa]s?\b|muere\s+abatid)|"
    rf"\bmuere\s+uno\s+de\s+los\s+{_CRIMINAL}", re.I)


def _crime_types(cues: list[Span], kind: str, deaths: int | None, criminal_dead: bool = False) -> list[str]:
    # 'atacado', 'agredido' make an incident, but as a type they are any attack: other_crime only
    # when nothing more specific is read.
    found = {"other_crime" if c.id_ == "other_white" else "other_generic" if ASSAULTED.match(c.text) else c.id_
             for c in cues if c.label_ == "CRIME"}
    texts = [c.text for c in cues if c.label_ == "CRIME"]
    if kind in ("incident", "operation") and any(SICARIATO.match(t) for t in texts):
        found.add("armed_attack")  # a hitman's killing is a shooting; 'contra el sicariato' names a crime
    if found & {"other_generic", "threat"}:
        found -= {"other_generic", "threat"}
        if not found and kind in ("incident", "operation"):
            found.add("other_crime")
    if not found and kind == "operation":
        found.add("other_crime")  # an arrest or a search always rests on some charge
    if deaths and kind == "incident" and not criminal_dead and not found & {"homicide", "feminicide"}:
        found.add("homicide")
    if "feminicide" in found:
        found.discard("homicide")
    return [c for c in CRIME_ORDER if c in found]


# A sentence that places what it tells inside the operation: 'durante la intervención', 'en el
# allanamiento', 'al resistirse a la captura'.
DURING_OPERATION = re.compile(
    r"\b(?:durante|en)\s+(?:la|el)\s+(?:intervención|operativo|operación|captura|allanamiento|ingreso|enfrentamiento|"
    r"persecución|detención|balacera|intercambio\s+de\s+disparos)\b|\bse\s+resisti(?:ó|eron)\b|"
    r"\bal\s+resistirse\b", re.I)


def _casualties(doc: Doc, seg: Segment, kind: str) -> dict[str, tuple[int | None, Span | None]]:
    spans = doc.spans[CASUALTIES_KEY] if CASUALTIES_KEY in doc.spans else []
    sents = seg.title if kind == "operation" and seg.title else seg.lead
    out: dict[str, tuple[int | None, Span | None]] = {"deaths": (None, None), "injured": (None, None)}
    # The sentences read past the lead: the place and the toll of a long piece often come in its
    # second or third paragraph ('Tres mineros perdieron la vida en el lugar').
    deeper = [s for s in seg.sentences[len(sents):len(sents) + DEEP_SENTENCES] if not OTHER_EVENT.search(s.text)]
    for field_ in ("deaths", "injured"):
        # A follow-up's new toll of its own event ('suman dos los fallecidos por el atentado') wins.
        total = [s for s in spans if s.label_ == field_ and s._.strength == "total"
                 and any(t.start <= s.start < t.end for t in [*sents, *deeper])]
        if total:
            out[field_] = (total[0]._.count, total[0].sent)
            continue
        best = None
        for n, sent in enumerate(sents):
            if best is not None and n == len(seg.title):
                break  # the headline's figure is the event's; the body's may be another's
            if n >= max(len(seg.title), 1) and OTHER_EVENT.search(sent.text):
                continue
            here = [s for s in spans if s.label_ == field_ and sent.start <= s.start < sent.end]
            if kind != "incident":
                # An arrest, a measure or a march recalls the victim of the crime behind it
                # ('exigen justicia por cobrador asesinado'): only a stated count is its own.
                here = [s for s in here if s._.strength != "singular" or field_ == "injured"]
            if not here:
                continue
            top = max(here, key=lambda s: (STRENGTH_RANK[s._.strength], s._.count))
            if best is None or (top._.strength == "explicit" and best._.strength != "explicit"):
                best = top
            if best._.strength == "explicit":
                break
        if (best is not None and kind == "incident" and field_ == "injured" and best._.strength == "singular"
                and best._.count == 1):
            # One wounded told in the lead, more counted further on ('La cajera sufrió una herida…
            # Ambos fueron evacuados', 'además, otras ocho personas resultaron heridas').
            more = [s for s in spans if s.label_ == field_ and s._.strength == "explicit" and s._.count > 1
                    and any(t.start <= s.start < t.end for t in deeper)]
            if more:
                best = max(more, key=lambda s: s._.count)
        if best is None and kind == "incident":
            # Past the lead: a stated count first, else someone described hurt or killed
            # ('el vigilante sufrió quemaduras', 'un tercero recibió un impacto').
            for strength in ("explicit", "singular"):
                for sent in deeper:
                    here = [s for s in spans if s.label_ == field_ and s._.strength == strength
                            and sent.start <= s.start < sent.end and not CRIME_NAMED.match(s.text)]
                    if here:
                        best = max(here, key=lambda s: s._.count)
                        break
                if best is not None:
                    break
            if best is not None and field_ == "injured" and best._.count == 1:
                # One wounded described, then both or all of them counted ('El conductor quedó con una
                # herida en la frente… ambos fueron dados de alta').
                more = [s for s in spans if s.label_ == field_ and s._.strength == "explicit" and s._.count > 1
                        and s.start > best.start and any(t.start <= s.start < t.end for t in deeper)]
                if more:
                    best = max(more, key=lambda s: s._.count)
        if best is None and kind == "operation" and field_ == "injured" and seg.title:
            # An operation told in page text: its lead past the opening sentence tells who was
            # hurt in it ('Uno de ellos resultó herido de bala tras disparar contra los agentes').
            # Further on, only the hurt the sentence places in the operation itself ('Dos agentes
            # sufrieron lesiones leves durante el ingreso a una de las viviendas').
            for sent in [*seg.lead[len(seg.title):], *(s for s in deeper if DURING_OPERATION.search(s.text))]:
                here = [s for s in spans if s.label_ == field_ and s._.strength in ("explicit", "singular")
                        and sent.start <= s.start < sent.end and not OTHER_EVENT.search(sent.text)]
                if here:
                    best = max(here, key=lambda s: (STRENGTH_RANK[s._.strength], s._.count))
                    break
        if best is None and kind in ("incident", "operation", "protest"):
            # 'Hasta el momento no se ha reportado ningún herido' often comes late in the body;
            # a negation there still speaks of this event (a count there may be another's), and
            # 'el operativo concluyó sin heridos ni fallecidos' of the operation's, 'la jornada de
            # paro transcurrió sin heridos' of the strike's.
            for sent in seg.sentences[len(sents):]:
                neg = [s for s in spans if s.label_ == field_ and s._.strength == "negated"
                       and sent.start <= s.start < sent.end and not OTHER_EVENT.search(sent.text)]
                if neg:
                    best = neg[0]
                    break
        if (best is not None and field_ == "injured" and out["deaths"][0] and best._.strength == "singular"
                and re.search(r"\b(?:presentaba|tenía)\b", best.text, re.I)):
            best = None  # the wounds the dead had ('el hombre presentaba heridas de arma blanca')
        if best is not None:
            out[field_] = (best._.count, best.sent)
    return out


def _sectors(cues: list[Span], kind: str) -> list[str]:
    out = []
    for c in cues:
        if c.label_ != "SECTOR":
            continue
        if c.id_ in ("security_forces", "public_official"):
            sent = c.sent
            ok = any(m.start() <= c.start_char - sent.start_char < m.end()
                     for m in OFFICER_VICTIM.finditer(sent.text))
        elif kind == "measure" and c.id_ not in VICTIM_ONLY_SECTORS:
            ok = True
        else:
            sent = c.sent
            left = sent.doc.text[max(sent.start_char, c.start_char - 60):c.start_char]
            right = sent.doc.text[c.end_char:min(sent.end_char, c.end_char + 60)]
            ok = bool(HARM.search(left) or HARM.search(right))
            # The sentence's subject ('La profesora X, …, denunció que la asaltaron') is its victim
            # when the sentence tells of harm; in an operation the subject is the suspect.
            if not ok and kind != "operation" and c.start - sent.start <= 3:
                ok = bool(HARM.search(sent.text))
        if ok and c.id_ not in out:
            out.append(c.id_)
    return out


def build(doc: Doc, *, title_end: int, published: date | None, region: str | None = None) -> list[dict]:
    """The events of one annotated article, headline event first; [] when it reports none."""
    events: list[dict] = []
    head_text = headline(doc, title_end) if len(doc) else ""
    if NOT_AN_EVENT.search(head_text) or NOT_AN_EVENT.search(doc.text[:200]):
        return []
    if OPINION.match(head_text) or OPINION_HEAD.search(head_text):
        return []
    if not title_end and _genre_label(doc.text):
        return []  # page text under a section label of another genre ('BOXEO', 'ECONOMÍA | Análisis')
    # The headline, or for page text its first two sentences (a label line may come first).
    opening_sents = [] if title_end else _opening(doc, ADVICE_SENTENCES)
    first = opening_sents[:3]
    opening = head_text if title_end else " ".join(s.text for s in first[:2])
    if LEGISLATIVE.search(opening) and not (PLENARY_PASSED.search(opening) and not STILL_A_BILL.search(opening)):
        return []
    if any(GENERAL_HEAD.match(s.text) for s in first) or GENERAL_HEAD.match(head_text):
        return []
    if not title_end and first and STATEMENT.search(first[0].text):
        return []  # page text opening on an official's statement: a speech, not an event told
    if not title_end:
        hurt_spans = doc.spans[CASUALTIES_KEY] if CASUALTIES_KEY in doc.spans else []
        if any(ADVICE.search(s.text) for s in opening_sents) and not any(
                s.start <= c.start < s.end for s in opening_sents for c in hurt_spans):
            return []  # a prevention guide told as page text (advice after a crime with victims is not)
    quoted = QUOTE_HEADLINE.match(head_text)
    if quoted and not _is_place(doc, quoted.start(1), quoted.end(1)):
        return []
    # A year long past in the headline ('…ocultado en un barril en 1964'); in a lead sentence read
    # as the headline, only history ('el héroe fusilado en 1821'), not a recent year in passing.
    if published and any(int(y) < published.year - (1 if title_end else HISTORY_YEARS)
                         for y in _years(head_text)):
        return []  # a headline about an old case ('…ocultado en un barril en 1964')
    lead_text = doc.text[:1000]
    if len({m.group(0).lower() for m in SPORTS.finditer(lead_text)}) >= SPORTS_WORDS:
        return []
    if head_text and STATISTICS.search(_main_clause(head_text)):
        return []  # a piece about figures, not an event (a figure in a relative clause is the motive:
        # '…el paro contra la extorsión, que en lo que va del año ha cobrado la vida de decenas')
    if NOTHING_FOUND.search(doc.text[:NOTHING_FOUND_CHARS]):
        return []  # a search or a scare that found nothing
    all_segs = segments(doc, title_end)
    if all_segs and not title_end and any(INTERVIEW.search(s.text) or FICTION.search(s.text)
                                          for s in all_segs[0].lead):
        return []  # an interview or a show told as page text
    background = _background(doc, published)
    for n, seg in enumerate(all_segs):
        if not seg.lead:
            continue
        # A kind word in a background clause ('Hace tres años, la Operación Mercurio…') is an
        # earlier event's, not this article's.
        accident = any(ACCIDENTAL_BLAST.search(s.text) for s in seg.lead)
        cues = [c for c in _cues_in(doc, seg.lead)
                if (c.label_ != "KIND" or not any(a <= c.start_char < b for a, b in background[0]))
                and not (accident and c.label_ == "CRIME" and BLAST.match(c.text))]
        hurt = _hurt(doc, seg.lead) if n == 0 else set()
        body = _body_found(seg)
        kind = _kind(cues, seg, _labels(doc, GANGS_KEY, seg.lead), hurt, body)
        if kind is None:
            continue
        evidence = next((s for s in seg.lead if any(s.start <= c.start < s.end for c in cues
                                                       if c.label_ in ("CRIME", "KIND"))), seg.lead[0])
        hint = region or (events[0]["department"] if events else None)
        place, abroad = places.locate_outside(doc, focus=seg.title[0] if seg.title else evidence, region_hint=hint,
                                       exclude=background[0] + _others(all_segs, n))
        if abroad and kind == "measure" and not _foreign_at(doc, [*seg.title, evidence]):
            # A measure of Peru's government about foreigners ('Expulsan a tres miembros del Tren de
            # Aragua…', their country in the lead) is Peru's: only a headline or evidence abroad
            # ('El gobierno ecuatoriano decretó…') puts a measure abroad.
            abroad = False
        if abroad or any(_foreign(place, t) for t in ({head_text, evidence.text} if n == 0 else {evidence.text})):
            charge = _charge_clause(cues, seg) if kind == "operation" and n == 0 else None
            if charge is None and not (kind == "operation" and (place is None or not abroad) and any(
                    PERUVIAN_AGENCY.search(t) for t in (head_text, evidence.text))):
                # (An operation of Peru's police or prosecutors is in Peru, whatever foreign place
                # the text ties it to: the agency it works with, the country a seized gun was used in.)
                continue
            if charge is not None and abroad:
                # Placed by the headline without the charge: 'Capturan en Tacna a miembro del Tren
                # de Aragua buscado en Chile por secuestro' is in Tacna.
                place, abroad = places.locate_outside(doc, focus=seg.title[0], region_hint=hint,
                                                      exclude=background[0] + _others(all_segs, n) + [charge])
                if abroad:
                    place = None
        if place is not None and kind in SPREAD_KINDS:
            place = places.spread(doc, place)  # 'paro en San Juan de Lurigancho, Comas y Ate': Lima
        counts = _casualties(doc, seg, kind)
        deaths, deaths_sent = counts["deaths"]
        injured, injured_sent = counts["injured"]
        type_cues = cues
        if kind == "operation":
            # The charges: not what the suspects are merely suspected of ('no se descarta su
            # implicancia en…') nor the drugs found on them when the charge is another crime.
            type_cues = [c for c in cues if not HEDGE.search(c.sent.text)]
            charged = {c.id_ for c in type_cues if c.label_ == "CRIME"
                       and any(t.start <= c.start < t.end for t in seg.title)}
            if charged - {"other_generic", "threat"}:
                type_cues = [c for c in type_cues if c.label_ != "CRIME" or c.id_ in charged or not
                             SEIZED.search(c.doc.text[max(c.sent.start_char, c.start_char - 60):c.start_char])]
        if kind == "incident":
            type_cues = [c for c in type_cues if not (c.label_ == "CRIME" and (c._.planned or GANG_TRADE.search(
                doc.text[max(c.sent.start_char, c.start_char - 80):c.start_char])))]
        types = _crime_types(type_cues, kind, deaths,
                             deaths_sent is not None and bool(CRIMINAL_DEAD.search(deaths_sent.text)))
        own = _own_opening(seg)
        if kind == "incident" and "homicide" in types and _by_partner(seg):
            # A woman killed by her partner or former partner is a feminicide.
            types = [c if c != "homicide" else "feminicide" for c in types]
        elif kind == "incident" and (injured or not set(types) - {"other_crime"}) and "feminicide" not in types \
                and _by_partner(seg):
            # ... and one wounded by him is an attempted feminicide, which the guide labels so.
            types = _adding(types, "feminicide")
        if kind in ("incident", "operation") and "extortion" not in types and "kidnapping" not in types \
                and _told([s for s in own if "human_trafficking" not in types or not DEBT.search(s.text)], DEMAND,
                          NOT_THE_MOTIVE if kind == "incident" else HEDGE):
            # The motive the body tells ('desde enero le exigían 5.000 soles', 'por no pagar'):
            # an attack over unpaid extortion is extortion too (the guide); a kidnapper's demand
            # is a ransom.
            types = _adding(types, "extortion")
        if "illegal_mining" not in types and (kind != "incident" or {"homicide", "armed_attack"} & set(types)) \
                and _told(own, MINE_SITE):
            types = _adding(types, "illegal_mining")
        if kind in ("incident", "operation") and "robbery" not in types and _told(own, TAKEN):
            types = _adding(types, "robbery")
        if kind == "incident" and body and not set(types) & {"homicide", "feminicide"}:
            types = _adding(types, "homicide")
        if kind == "incident" and types and "armed_attack" not in types and _told(own, SHOT, NO_SHOT, background[0]):
            types = _adding(types, "armed_attack")
        if kind == "incident" and not types:
            continue
        if kind == "incident" and n == 0 and not title_end and not _reported(doc, cues, seg, background[0], body):
            continue  # page text that only names crimes (a complaint, a case, a unit's name)
        all_sents = seg.sentences
        gangs = _labels(doc, GANGS_KEY, all_sents)
        candidates = [g for g in _labels(doc, CANDIDATES_KEY, all_sents) if g not in gangs]
        occurred, occurred_sent = _occurred(seg, kind, cues, published, background[1])
        if occurred and published and (published - occurred).days > OLD_EVENT_DAYS:
            continue  # history, not news
        event = {
            "kind": kind,
            "crime_types": types,
            **places.event_fields(place),
            # A discovered name ("la banda criminal 'Los …'") is an organisation named as involved,
            # so it is reported in gangs too; gang_candidates flags it for review in the registry.
            "gangs": gangs + candidates,
            "deaths": deaths,
            "injured": injured,
            "victim_sectors": _sectors(cues, kind),
            "occurred_on": occurred.isoformat() if occurred else None,
            "evidence": evidence.text.strip(),
        }
        event["gang_candidates"] = candidates
        event["field_evidence"] = {
            "kind": evidence.text.strip(),
            "crime_types": evidence.text.strip(),
            "place": _sentence_of(doc, place.place_text if place else None, seg.sentences),
            "gangs": _evidence_of(doc, GANGS_KEY, all_sents),
            "gang_candidates": _evidence_of(doc, CANDIDATES_KEY, all_sents),
            "deaths": deaths_sent.text.strip() if deaths_sent is not None else None,
            "injured": injured_sent.text.strip() if injured_sent is not None else None,
            "occurred_on": occurred_sent.text.strip() if occurred_sent is not None else None,
        }
        events.append(event)
    return events


PARTICIPLE_BEFORE = re.compile(r"\b[a-záéíóúñ]+(?:ad|id)[oa]s?\s+$", re.I)


def _background(doc: Doc, published: date | None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges of the doc that speak of an earlier or linked event (see BACKGROUND):
    (all of them, those for dates). A full date with an old year ('el 5 de mayo de 2013') makes
    its sentence background for the place, but stays readable as a date, so that an article
    about an old case is still dropped as history."""
    out, dated = [], []
    full_date = re.compile(r"\b\d{1,2}\s+de\s+[a-záéíóúñ]+\s+$", re.I)
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    for sent in sents:
        text = sent.text
        if is_related(sent):
            out.append((sent.start_char, sent.end_char))  # 'Lee también: Asesinan a chofer…': another story
            continue
        if SEPARATE.match(text):
            continue  # it opens an event of its own (a segment): see _others
        for m in BACKGROUND.finditer(text):
            start, is_date = m.start(), False
            if m.group(1):
                year = int(m.group(1))
                if published is None or (published - date(year, 12, 31)).days <= RECENT_DAYS:
                    continue  # this year, or last year's last weeks: not long before
                before = full_date.search(text[:m.start()])
                if before:
                    start, is_date = before.start(), True
            prefix = text[:start]
            if len(re.findall(r"\w+", prefix)) <= OPENING_WORDS and (
                    not CLAUSE_END.search(prefix) or CONNECTOR.match(prefix)):
                span = (sent.start_char, sent.end_char)
            else:
                end = CLAUSE_END.search(text, m.end())
                stop = min(end.start() if end else len(text), m.end() + CLAUSE_REACH)
                # The participle the time words qualify is theirs: 'asesinado hace un año'.
                owner = PARTICIPLE_BEFORE.search(text[:start])
                span = (sent.start_char + (owner.start() if owner else start), sent.start_char + stop)
            out.append(span)
            if not is_date:
                dated.append(span)
    return out, dated


def _others(segs: list[Segment], n: int) -> list[tuple[int, int]]:
    """Character ranges of the other segments' own sentences ('En otro hecho…'): another event's."""
    mine = {s.start for s in segs[n].sentences} | {s.start for s in segs[0].title}
    return [(s.start_char, s.end_char) for k, seg in enumerate(segs) if k != n
            for s in seg.sentences if s.start not in mine]


# The day of the crime an operation recalls, as a participle clause gives it.
CRIME_DATE_CLAUSE = re.compile(r"\b(?:ocurrid[oa]s?|cometid[oa]s?|perpetrad[oa]s?|registrad[oa]s?|sucedid[oa]s?)\s+"
                               r"(?:el|la|en|durante)\b[^,.;]*", re.I)


def _masked(sent: Span, ranges: list[tuple[int, int]]) -> str:
    """The sentence's text with its background clauses blanked (offsets kept)."""
    text = list(sent.text)
    for start, end in ranges:
        for i in range(max(start, sent.start_char), min(end, sent.end_char)):
            text[i - sent.start_char] = " "
    return "".join(text)


def _occurred(seg: Segment, kind: str, cues: list[Span], published: date | None,
              background: list[tuple[int, int]]) -> tuple[date | None, Span | None]:
    """The day the event happened, from its own sentences: the headline, then the lead sentences
    that carry its cues (for an incident its crime or kind words; for an operation, measure or
    protest its kind words, not the crime it recalls) or tell of 'el hecho'; never from a
    background clause.

    The first date found decides whether the event is history (older than OLD_EVENT_DAYS: it is
    returned, and the event dropped); otherwise the first plausible one (see dates.plausible) is
    the day. A date that is in the future or too old for a new event is another event's (a match
    to come, the crime an arrest recalls): when no plausible date is found, the publication day.
    (None, None) when the own sentences name no day at all."""
    title = {s.start for s in seg.title}
    labels = ("CRIME", "KIND") if kind == "incident" else ("KIND",)
    marked = {c.sent.start for c in cues if c.label_ in labels}
    # The lede, the first sentence after the headline, tells when even without a crime word
    # ('Cuatro malandros con pistolas entraron ayer a una joyería…').
    marked |= {next((s.start for s in seg.lead if s.start not in title), -1)} if title else set()
    first = None
    for sent in seg.lead:
        if sent.start not in title and sent.start not in marked and not EVENT_REF.search(sent.text):
            continue
        text = _masked(sent, background)
        if kind == "operation":
            # 'el asesinato del conductor, ocurrido el 14 de enero': the crime's day, not the arrest's
            text = CRIME_DATE_CLAUSE.sub(lambda m: " " * len(m.group(0)), text)
        day, words = resolve_date(text, published)
        if not words:
            continue
        if first is None:
            first = sent
            if day and published and (published - day).days > OLD_EVENT_DAYS:
                return day, sent
        if plausible(day, published):
            return day, sent
    return (published, first) if first is not None else (None, None)


def _years(text: str) -> list[int]:
    return [int(a or b) for a, b in YEAR.findall(text)]


def _hurt(doc: Doc, sents: list[Span]) -> set[int]:
    """Start tokens of the sentences that report someone killed or wounded (not a negation)."""
    spans = doc.spans[CASUALTIES_KEY] if CASUALTIES_KEY in doc.spans else []
    return {s.start for s in sents if not STATISTICS.search(s.text) and any(
        c._.count and s.start <= c.start < s.end for c in spans)}


# A gang named as another's origin, rival or only possible link, not as involved: 'una facción
# desprendida de Los Pulpos', 'remanentes de Los Malditos', 'disputar el control de las extorsiones
# a Los Pulpos', 'no descarta que tenga vínculos con el Tren de Aragua'. Links stated as the
# charge ('detenidos por sus vínculos con Los Pulpos') and a war between gangs do involve them.
# The origin ('facción desprendida de Los Pulpos') is another gang's only when the text names that
# other gang; alone ('una columna de remanentes de Sendero Luminoso') it is the gang itself.
ORIGIN = re.compile(r"(?:desprendida|escindida|escisi[oó]n|remanentes)\s+de\s+$", re.I)
NOT_INVOLVED = re.compile(r"\b(?:no\s+(?:se\s+)?descart\w+|posibles?)\b[^.;]{0,50}?\bv[ií]nculos?\s+con\s+(?:el\s+|la\s+|los\s+|las\s+)?$|"
                          r"\bdisput\w+\s+[^.;]{0,60}?\s+a\s+$", re.I)


def _labels(doc: Doc, key: str, sents: list[Span]) -> list[str]:
    out: list[str] = []
    origins: list[str] = []
    if key not in doc.spans:
        return out
    for s in doc.spans[key]:
        if not any(t.start <= s.start < t.end for t in sents) or s.label_ in out:
            continue
        before = doc.text[max(0, s.start_char - 80):s.start_char]
        if key in (GANGS_KEY, CANDIDATES_KEY) and NOT_INVOLVED.search(before):
            continue
        if key in (GANGS_KEY, CANDIDATES_KEY) and ORIGIN.search(before):
            origins.append(s.label_)
            continue
        out.append(s.label_)
    if key == GANGS_KEY and not out and not _named_elsewhere(doc, sents):
        out = list(dict.fromkeys(origins))
    return out


def _named_elsewhere(doc: Doc, sents: list[Span]) -> bool:
    """Whether the sentences name a gang candidate (an unregistered name) not told as an origin."""
    return any(any(t.start <= s.start < t.end for t in sents)
               and not ORIGIN.search(doc.text[max(0, s.start_char - 80):s.start_char])
               for s in doc.spans.get(CANDIDATES_KEY, []))


def _evidence_of(doc: Doc, key: str, sents: list[Span]) -> str | None:
    if key not in doc.spans:
        return None
    for s in doc.spans[key]:
        if any(t.start <= s.start < t.end for t in sents):
            return s.sent.text.strip()
    return None


def _sentence_of(doc: Doc, text: str | None, sents: list[Span]) -> str | None:
    if not text:
        return None
    for s in sents:
        if text in s.text:
            return s.text.strip()
    return None


def _is_place(doc: Doc, start: int, end: int) -> bool:
    """True when the place component read these characters as a place."""
    if "places" not in doc.spans:
        return False
    return any(s.start_char <= start and end <= s.end_char + 1 for s in doc.spans["places"])


def _charge_clause(cues: list[Span], seg: Segment) -> tuple[int, int] | None:
    """The character range of an operation's headline that tells what the suspects did or are
    wanted for, when every foreign place of the headline is inside it: after a 'que', 'por' or
    'buscado' that follows the operation's word ('Desarticulan banda que facilitó arma para
    asesinar a candidato en Ecuador', 'Capturan en Miraflores a colombiano buscado por un doble
    homicidio en Cali'); the arrest itself is not placed abroad. None otherwise."""
    if not seg.title:
        return None
    doc = seg.title[0].doc
    title = doc[seg.title[0].start:seg.title[-1].end]
    ops = [c for c in cues if c.label_ == "KIND" and c.id_ == "operation" and title.start <= c.start < title.end]
    abroad = _foreign_at(doc, seg.title)
    if not ops or not abroad:
        return None
    clause = CHARGE_CLAUSE.search(doc.text, ops[0].end_char, title.end_char)
    if clause is None or not all(at > clause.end() for at in abroad):
        return None
    return clause.start(), title.end_char


def _foreign_at(doc: Doc, sents: list[Span]) -> list[int]:
    """Where (doc character offsets) these sentences name a foreign place: the gazetteer's or a
    foreign word."""
    at = [s.start_char for s in doc.spans.get(places.SPANS_KEY, [])
          if s.label_ == "ABROAD" and any(t.start <= s.start < t.end for t in sents)]
    return at + [t.start_char + m.start() for t in sents for m in FOREIGN.finditer(t.text) if _foreign_mention(m)]


def _foreign(place, head: str) -> bool:
    """A foreign country or city in the headline, and no Peruvian place named there with it."""
    if not any(_foreign_mention(m) for m in FOREIGN.finditer(head)):
        return False
    return place is None or not place.place_text or place.place_text not in head


def _demonyms() -> frozenset[str]:
    path = MODELS / "foreign_demonyms.txt"
    return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


DEMONYMS = _demonyms()


def _foreign_mention(m: re.Match) -> bool:
    """A foreign place, not a victim's nationality: 'una ciudadana argentina' is a person from
    Argentina (a country name in lower case that is also a demonym is the adjective); nor a
    route's end ('con destino al puerto de Amberes')."""
    word = m.group(0)
    if places.ROUTE.search(m.string[max(0, m.start() - 60):m.start()]):
        return False
    return not (word.islower() and word in DEMONYMS)

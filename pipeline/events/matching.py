"""Pure decisions of the event log: does a mention report an event already logged, and what an
event shows given its sources. No I/O but one read of a shipped table (the words' document
frequencies, cached): records in, records out, ``now`` passed in.

    mention ─► candidates (same kind, ±WINDOW days, compatible place; from the store)
            ─► decide(mention, members) ─► Decision(merge, score, reason)
    members ─► summarize(members) ─► EventFields (place, types, casualty rule, dates)

The score adds *context* (same day, same or nested place, shared crime types) and *identity*
(shared wording, rare words weighed by their rarity in news, victims' trade, gang, identical toll).
Context alone never merges an incident or an operation: two different killings in one district on
one day share all of it. Identity must say they are the same people. A report that tells its
incident as another like an earlier one, or fewer dead days later, is never the earlier one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from typing import AbstractSet

from ..resources import asset
from ..text import fold_words
from ..types import CRIME_TYPES

#: days between two reports' dates beyond which they are one incident only as a follow-up …
WINDOW = 3
#: … and beyond which they are never one incident (a follow-up: the arrest, the hearing, the
#: victim who dies, reported days after the crime), even with strong identity
FOLLOW_UP = 7
#: identity a merge needs when only a weaker context joins the reports (a neighbouring place,
#: a follow-up beyond WINDOW): their own words must say they are the same people
STRONG_IDENTITY = 1.0
#: district centroids at most this far apart are neighbours (an outlet placing an incident in
#: the district next door)
NEAR_KM = 15.0
#: kinds of which one place has one a day: the reports of a measure (an emergency declared for a
#: province, troops sent) or of a strike in one place, a day apart at most, tell the same one
ONE_PER_PLACE_AND_DAY = ("measure", "protest")
#: a mention joins an event when its score reaches this …
THRESHOLD = 3.0
#: … and its identity part reaches this (context alone never merges)
MIN_IDENTITY = 0.6

# Crime types that one incident can carry under different readings: an attack that kills is
# homicide and armed_attack; an attack on a company that refused to pay is extortion too.
_RELATED = {
    frozenset({"homicide", "armed_attack"}), frozenset({"feminicide", "homicide"}),
    frozenset({"feminicide", "armed_attack"}), frozenset({"extortion", "armed_attack"}),
    frozenset({"extortion", "homicide"}), frozenset({"robbery", "homicide"}),
    frozenset({"robbery", "armed_attack"}), frozenset({"kidnapping", "extortion"}),
    frozenset({"illegal_mining", "homicide"}), frozenset({"illegal_mining", "armed_attack"}),
    frozenset({"sexual_violence", "feminicide"}), frozenset({"other_crime", "robbery"}),
}
#: the extractor's catch-all: outlets type one operation ``other_crime`` and ``armed_attack``
#: alike, so it is related to every type (never 'shared': it says nothing by itself)
_CATCH_ALL = "other_crime"


@dataclass(frozen=True)
class Source:
    """One mention (an event as one article told it) with the article facts the log needs."""

    #: article id and the mention's position in it (0: the headline event)
    article_id: int
    position: int
    kind: str
    crime_types: tuple[str, ...] = ()
    department: str | None = None
    province: str | None = None
    district: str | None = None
    ubigeo: str | None = None
    gangs: tuple[str, ...] = ()
    deaths: int | None = None
    injured: int | None = None
    victim_sectors: tuple[str, ...] = ()
    #: YYYY-MM-DD as the extractor resolved it, or None
    occurred_on: str | None = None
    evidence: str = ""
    #: the article: title, publication time (UTC-aware), outlet and link
    title: str = ""
    #: the start of the article's text (names, streets and details the headline leaves out)
    lead: str = ""
    published: datetime | None = None
    outlet: str = ""
    url: str = ""
    #: 1 when the casualty claim is a lower bound ("al menos dos muertos")
    at_least: bool = False
    #: coordinates of the place at its own level (gazetteer), when known
    lat: float | None = None
    lon: float | None = None

    @property
    def day(self) -> date | None:
        """The day it happened: the resolved date, else the publication day."""
        if self.occurred_on:
            try:
                return date.fromisoformat(self.occurred_on[:10])
            except ValueError:
                pass
        return self.published.date() if self.published else None

    @property
    def days(self) -> tuple[date, ...]:
        """Every day the report can be about: the resolved date and the publication day (a
        follow-up is dated by the crime it recalls, or only by the day it reports)."""
        out = []
        if self.occurred_on:
            try:
                out.append(date.fromisoformat(self.occurred_on[:10]))
            except ValueError:
                pass
        if self.published:
            out.append(self.published.date())
        return tuple(out)

    @property
    def place(self) -> tuple[str | None, str | None, str | None]:
        return (_fold(self.department), _fold(self.province), _fold(self.district))


@dataclass(frozen=True)
class Decision:
    merge: bool
    score: float
    reason: str
    #: the member the mention matched best (article id, position), when there was one
    best: tuple[int, int] | None = None


@dataclass(frozen=True)
class EventFields:
    """What an event shows, derived from its sources by ``summarize``."""

    kind: str
    crime_types: tuple[str, ...]
    department: str | None
    province: str | None
    district: str | None
    ubigeo: str | None
    place_level: str | None
    gangs: tuple[str, ...]
    deaths: int | None
    deaths_low: int | None
    deaths_high: int | None
    injured: int | None
    injured_low: int | None
    injured_high: int | None
    victim_sectors: tuple[str, ...]
    occurred_on: str | None
    first_reported: datetime | None
    last_reported: datetime | None
    headline: str | None
    sources: int
    articles: tuple[int, ...] = field(default=())


# --- comparing two reports ---------------------------------------------------------------------

def _fold(text: str | None) -> str | None:
    return fold_words(text) if text else None


def _km(a: Source, b: Source) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def _near(a: Source, b: Source) -> bool:
    """Whether two different places can be one incident's place as two outlets gave it: next-door
    places, at least one a district, whose gazetteer coordinates are within NEAR_KM (a district
    and the province next to it count: Callao beside San Miguel). Without coordinates, never."""
    pa, pb = a.place, b.place
    if not (pa[2] or pb[2]) or not (pa[1] and pb[1]):
        return False
    km = _km(a, b)
    return km is not None and km <= NEAR_KM


def _region_named(place: tuple) -> tuple:
    """A province named like its department, with no district ('Huancavelica: …', 'Cusco'), may
    be the region an outlet labels its story with: compared as the department alone, so the
    district another outlet gives in another province of it nests."""
    department, province, district = place[:3]
    if province and not district and department == province:
        return (department, None, None, *place[3:])
    return place


def place_relation(a: Source, b: Source) -> str:
    """'same', 'nested' (one inside the other), 'near' (neighbouring districts, see ``_near``),
    'unknown' (either has no place) or 'different'."""
    pa, pb = _region_named(a.place), _region_named(b.place)
    if not pa[0] or not pb[0]:
        return "unknown"
    for x, y in zip(pa, pb):
        if x and y and x != y:
            return "near" if _near(a, b) else "different"
    return "same" if pa == pb else "nested"


def types_relation(a: Source, b: Source) -> tuple[str, float]:
    """('shared'|'related'|'unknown'|'different', how much they agree 0..1)."""
    ta, tb = set(a.crime_types), set(b.crime_types)
    if not ta or not tb:
        return "unknown", 0.0
    if ta & tb - {_CATCH_ALL}:
        return "shared", len(ta & tb) / len(ta | tb)
    if any(frozenset({x, y}) in _RELATED for x in ta for y in tb) or _CATCH_ALL in ta | tb:
        return "related", 0.3
    return "different", 0.0


#: a word: four letters or more (models/words/build.py counts the same words)
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{4,}")
# Words any report uses (function words, reporting verbs, months, numbers, everyday nouns): sharing
# them says nothing about being the same incident.
_COMMON = set("""
    para como pero sobre este esta estos estas desde donde cuando entre tras hasta durante segun
    fueron habia tiene tenia hace hacia sido sera seran otro otra otros otras todo toda todos todas
    cual quien quienes ellos ellas luego ante aunque porque pues tambien solo mismo misma
    dijo indico informo senalo segun afirmo reporto agrego explico detallo preciso confirmo aseguro
    declaro declaracion declaraciones anadio informaron revelo expreso conocer contra despues antes mientras ademas asimismo
    estado estaba estaban estan estar haber habian habria hubo eran tuvo hizo dejo llego quedo paso
    puede pueden podria debe tienen tener hacer siendo sigue encuentra encontraba trata ocurrio ocurrido
    momento parte cuenta forma manera traves embargo frente cerca dentro fuera junto tanto poco
    varios varias algunos algunas muchos unos unas cada ambos casi menos mayor menor gran grandes
    ultimo ultima ultimos ultimas primero segundo tercero total numero tipo nombre esto ello ella
    ahora entonces incluso debido bien posible principal general inicio vida gente alli
    nuevo nueva nueve cinco cuatro tres seis siete ocho diez once doce veinte cien primer primera
    segunda tras dias semana semanas mes meses anos minutos
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    lunes martes miercoles jueves viernes sabado domingo
    noche manana tarde madrugada ayer anoche horas hora hoy fecha
    lima peru peruano peruana peruanos nacional ciudad pais distrito provincia region departamento
    localidad sector zona lugar cercado
    noticia noticias video videos imagenes imagen fotos redes sociales prensa medios comunicado
    informacion detalles registro registraron captado camaras camara identificado identificada
    llevan llevaron llevo grupo grupos equipo equipos
    appeared first post
""".split())
# The common vocabulary of crime news, by stem: the crime, the weapon, the culprits and the victims
# as roles (their trade is scored apart, from ``victim_sectors``), the police and the courts, the
# premises and the street. Two robberies of two shops ('asaltan tienda', 'delincuentes asaltaron
# una tienda') share all of it: it is never evidence that two reports tell one incident.
_GENERIC_STEMS = tuple("""
    asalt robar robad robos atrac delincu delito delictiv malhechor ladron
    asesin homicid feminicid crimen crimin sicari balea balac balaz
    dispar tirote balas armad armas pistol revolver escopet cuchill chaveta
    extors cupos secuestr atac ataque atent agred agresi golpe violen amenaz explosiv
    muert murier fallec herid lesion cadaver cuerpo hospital clinica emergencia
    victim agraviad sospech presunt acusad implicad integrant miembro banda organizac
    deten captur arrest intervi intervenc operativ operacion allana incaut requis
    polic agente suboficial comisar fiscal juez judicial prision penal carcel serenaz patrull
    investig denunc testig vecino familiar familia esposa esposo hijos hija padre madre pareja
    hombre mujer joven menor adolescente ninos ninas persona individu sujeto anos edad
    tienda local negocio establecim vivienda domicil casas inmueble calle avenida jiron pasaje
    cuadra esquina altura barrio urbaniz asentamiento paradero
    vehicul autos carro camioneta motocicl motos combis buses omnibus
    mototaxi taxista chofer choferes conductor cobrador pasajer bodeg comerciante empres
    transportista trabajador obrero vigilante ambulante estudiante colectiv
    seguridad autoridad justicia dinero celular pertenencias botin
    manada modalidad combazo raquete marcaje cogote bujiazo cobro desarticul dedicad antecedente
""".split())
#: short generic words, matched whole (a stem would swallow names: 'arma' / 'Armando')
_GENERIC_WORDS = frozenset("""
    robo roba hurto hurtos hurtan hurtaron hurtar mata mato matan mataron matar matarlo matarla matando bala tiros arma cupo muere muer mori murio hijo nino nina
    casa auto moto combi taxi restos
""".split())


def generic(word: str) -> bool:
    """Whether a folded word is a common word of crime news (no evidence of identity)."""
    return word in _COMMON or word in _GENERIC_WORDS or word.startswith(_GENERIC_STEMS)


# Another incident a report recalls to date or frame its own ('horas después del crimen de un
# colectivero en la avenida José de Lama', 'una semana después de que otro comerciante fuera
# baleado', 'en la misma jornada en que una joyería fue asaltada'):
# its names, streets and ages are that incident's, never evidence that two reports tell one.
RECALL = re.compile(
    r"\b(?:después|luego|antes)\s+del?\s+(?:\w+\s+)?(?:crimen|asesinato|ataque|atentado|robo|asalto|homicidio|muerte)"
    r"\s+del?\b[^.;,]*|"
    # 'veinticuatro horas después de que un sicario matara al chofer Julio César Ramos'
    r"\b(?:después|luego|antes)\s+de\s+que\b[^.;]*|"
    r"\ben\s+(?:la\s+misma|el\s+mismo)\s+(?:jornada|noche|mañana|tarde|día|semana)\s+en\s+(?:que|la\s+que|el\s+que)\b[^.;,]*",
    re.I)


# A report that tells its incident as another one like an earlier ('Otra vez Gamarra', 'otro
# ataque a una combi', 'otra víctima de marcaje', 'es el segundo crimen … en la misma semana',
# 'atacada nuevamente'); not 'otra víctima del atentado' (of a named incident: the same one's
# toll, told by a follow-up).
ANOTHER = re.compile(
    r"\b(?:otra\s+vez|nuevamente|de\s+nuevo|"
    r"otr[oa]s?\s+(?!víctimas?\s+(?:del|de\s+(?:la|los|las|este|esta|ese|esa))\b)(?:\w+\s+){0,2}?(?:víctimas?|ataques?|atentados?|crímen(?:es)?|crimen|"
    r"asesinatos?|asaltos?|robos?|balaceras?|explosi[oó]n|extorsi[oó]n)\b|"
    r"(?:segund[oa]|tercer[oa]?)\s+(?:\w+\s+){0,2}?(?:ataque|atentado|crimen|asesinato|asalto|robo|víctima)\b)", re.I)


@lru_cache(maxsize=65536)
def _another_in(text: str) -> bool:
    return bool(ANOTHER.search(own(text)))


# … and a headline that names its victim as another of a trade ('Atacan a otro chofer de …').
ANOTHER_VICTIM = re.compile(
    r"\botr[oa]\s+(?:chofer|conductor|cobrador|mototaxista|colectivero|taxista|transportista|comerciante|"
    r"bodeguero|empresario|minero|trabajador|obrero|dirigente|cambista|vigilante)\b", re.I)


def another(s: Source) -> bool:
    """Whether a report tells its incident as another one like an earlier (see ANOTHER), outside
    the clauses that recall another incident ('después de que el lunes se registrara otro ataque')."""
    return _another_in(f"{s.title}. {s.lead}") or bool(ANOTHER_VICTIM.search(s.title))


def own(text: str) -> str:
    """A report's text without the other incidents it recalls (see RECALL)."""
    return RECALL.sub(" ", text)


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """A text's own words (names, streets, companies, rare words), accents folded, without the
    common words of crime reports nor another incident it recalls. (Cached: an event's sources
    are compared with every new report near it.)"""
    out = set()
    for match in WORD.finditer(own(text)):
        word = fold_words(match.group())  # a match has 4 letters or more: never empty
        if not generic(word):
            out.add(word)
    return frozenset(out)


def _overlap(wa: AbstractSet[str], wb: AbstractSet[str]) -> float:
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / (len(wa) * len(wb)) ** 0.5


#: the identity two words of a person's name both reports give add
SAME_PERSON = 0.8
#: the identity the victims' ages add when two reports share one (and take when all differ)
SAME_AGE = 0.5
#: the most one shared own word can weigh in ``wording``: a single word ('manada', 'barbería')
#: is what two look-alikes can share; two or more (a name and a surname, the company and its
#: street) are what says they are the same people
ONE_WORD = 0.4
#: own words at least this long are rare ones (Spanish's frequent words are short)
RARE_LENGTH = 10


def _place_words(a: Source, b: Source) -> set[str]:
    out: set[str] = set()
    for s in (a, b):
        for name in (s.department, s.province, s.district):
            out |= words(name or "")
    return out


def wording(a: Source, b: Source, drop: AbstractSet[str] = frozenset()) -> float:
    """0..1: how much two reports share their own words (names, streets, companies, rare words;
    never the common words of crime news nor the place names both give): the better of
    headline-and-evidence alone and with the article's lead (outlets word headlines alike but
    write different leads, or the other way round). ``drop``: words that say nothing here."""
    place = _place_words(a, b) | drop
    ha, hb = words(f"{a.title} {a.evidence}") - place, words(f"{b.title} {b.evidence}") - place
    la, lb = words(a.lead) - place, words(b.lead) - place
    # Headlines of one incident share its few distinctive words ('laptop', 'Ministerio',
    # 'Interior') however short or long each is: the share of the shorter headline's words,
    # from two shared words up.
    shared = ha & hb
    short = 0.8 * len(shared) / min(len(ha), len(hb)) if len(shared) >= 2 else 0.0
    text = max(_overlap(ha, hb), _overlap(ha | la, hb | lb), short)
    one = (ha | la) & (hb | lb)
    if len(one) < 2:
        # Short headlines make one shared word look like a full match ('Asaltan tienda en X',
        # once the common words are gone, has one word or none). A long word is a rarer one
        # ('confundirlo', 'Metropolitano'), and weighs a little more.
        text = min(text, ONE_WORD + (0.1 if any(len(w) >= RARE_LENGTH for w in one) else 0.0))
    return text


_SENTENCE_START = re.compile(r"(?:^|[.:;!?¡¿|\"“”'‘’«»()\[\]–—-]\s*)$")


@lru_cache(maxsize=65536)
def names(text: str) -> frozenset[str]:
    """A text's own words written as names (a capital letter inside a sentence: 'Tacuri',
    'iShop', 'Zapallal'), folded."""
    out = set()
    text = own(text)
    for match in WORD.finditer(text):
        word = match.group()
        if any(c.isupper() for c in word[1:]) or (word[0].isupper() and not _SENTENCE_START.search(
                text[max(0, match.start() - 3):match.start()])):
            folded = fold_words(word)  # a match has 4 letters or more: never empty
            if not generic(folded):
                out.add(folded)
    return frozenset(out)


def shared_words(a: Source, b: Source) -> frozenset[str]:
    """The own words (not places, not the common words of crime news) two reports share."""
    return frozenset((words(f"{a.title} {a.evidence} {a.lead}") & words(f"{b.title} {b.evidence} {b.lead}"))
                     - _place_words(a, b))


#: the identity the rare words two reports share add, per word as rare as a name (see ``rarity``) …
RARE_WORD = 0.5
#: … up to this many such words' worth
RARE_CAP = 2.0
#: a word in at least this share of news articles is common (rarity 0) …
COMMON_SHARE = 0.01
#: … and one in at most this many is rare (rarity 1): a name, a street, a company
RARE_DF = 10


@cache
def _document_frequency() -> tuple[int, dict[str, int]]:
    """(articles, {word: articles it appears in}) of the news corpus (models/words/build.py)."""
    table: dict[str, int] = {}
    articles = 0
    with open(asset("models", "words", "document_frequency.tsv"), encoding="utf-8") as handle:
        for line in handle:
            word, _, n = line.rstrip("\n").partition("\t")
            if word == "#articles":
                articles = int(n)
            else:
                table[word] = int(n)
    return articles, table


@lru_cache(maxsize=65536)
def rarity(word: str) -> float:
    """0..1: how rare a folded word is in news (its inverse document frequency, from 0 for a word
    in COMMON_SHARE of the articles or more to 1 for one in RARE_DF or fewer, squared so that the
    middle ground, 'artefacto', 'panamericana', weighs little)."""
    articles, table = _document_frequency()
    if not articles:
        return 0.0
    idf = math.log(articles / (table.get(word, 0) + 1))
    low, high = math.log(1 / COMMON_SHARE), math.log(articles / (RARE_DF + 1))
    return max(0.0, min(1.0, (idf - low) / (high - low))) ** 2


def rare_shared(a: Source, b: Source) -> float:
    """How many rare words (weighted by ``rarity``) two reports share among their own words: a
    surname, a street, a trade as one outlet words it ('pollería', 'motocarrista')."""
    return sum(rarity(word) for word in shared_words(a, b))


def named(a: Source, b: Source) -> bool:
    """Whether two reports share enough own words to say they tell of the same people: two own
    words, or one that both write as a name (the company 'iShop', the surname 'Ccopa')."""
    shared = shared_words(a, b)
    if len(shared) >= 2:
        return True
    both = names(f"{a.title}. {a.evidence}. {a.lead}") & names(f"{b.title}. {b.evidence}. {b.lead}")
    return bool(shared & both)


# A person's age as crime news gives it: 'Wilmer C. (38)', 'de 38 años', 'Rosa, 45, …'.
_AGE = re.compile(r"\((\d{1,2})\)|\bde\s+(\d{1,2})\s+años\b|,\s*(\d{1,2})\s*,")


# A suspect's age ('detuvieron a alias Flaco (22)', 'se trataría de un joven de 20 años'): the
# victims' ages tell look-alikes apart, a suspect's says nothing of the victim another report ages.
_SUSPECT_BEFORE = re.compile(
    r"\b(?:detenid\w*|capturad\w*|intervenid\w*|arrestad\w*|sospechos\w*|presunt\w*|autor(?:es)?|alias|"
    r"sicarios?|acusad\w*|implicad\w*|agresor\w*|atacantes?|homicidas?|asesinos?|delincuentes?|"
    r"se\s+tratar[ií]a\s+de)\b[^.;]*$", re.I)


@lru_cache(maxsize=65536)
def _ages_in(text: str) -> frozenset[int]:
    text = own(text)
    out = set()
    for m in _AGE.finditer(text):
        age = int(m.group(1) or m.group(2) or m.group(3))
        if 10 <= age <= 99 and not _SUSPECT_BEFORE.search(text[max(0, m.start() - 100):m.start()]):
            out.add(age)
    return frozenset(out)


def ages(s: Source) -> frozenset[int]:
    """The ages of the people a report names in its headline, evidence and lead."""
    return _ages_in(f"{s.title}. {s.evidence}. {s.lead}")


# People's names: two to four capitalised words ('Rosa Elena Mamani Condori', 'Wilmer C. Huamán'),
# not the name of a company, a school, a street or a place ('empresa Los Jazmines', 'avenida Túpac
# Amaru'), not a sentence's first word alone.
_CAP = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+"
_PERSON = re.compile(rf"{_CAP}(?:\s+(?:[A-ZÁÉÍÓÚÑ]\.|{_CAP})){{1,3}}")
_NOT_A_PERSON_BEFORE = re.compile(
    r"\b(?:empresas?|compañía|colegio|orquesta|banda|mercado|calle|avenida|av\.|jirón|jr\.|pasaje|"
    r"asentamiento(?:\s+humano)?|urbanización|hospital|comisaría|sector|distrito|provincia|región|grupo|"
    r"agrupación|institución(?:\s+educativa)?|cooperativa|asociación|clínica|parque|plaza|barrio|mina|"
    r"penal|caserío|centro\s+poblado|anexo|puente|carretera|óvalo|estadio|coliseo)\s+(?:(?:de|del|la|el|los|las)\s+)*$", re.I)


#: a capitalised word and 'de' right before: the name goes on from another ('Jazmines de Canto Grande')
_NAME_GOES_ON = re.compile(r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+\s+(?:de|del|de\s+la|de\s+los)\s+$")


_NOT_A_PERSON_WORDS = frozenset("""
    norte sur este oeste centro central panamericana carretera nacional policia judicial poder
    ministerio fiscalia estado gobierno congreso municipalidad region regional provincial distrital
    peru lima callao divincri depincri dirincri dircote sucamec sunat sutran interior defensa justicia
    hospital clinica essalud seguro social universidad colegio empresa transportes
""".split())


@lru_cache(maxsize=65536)
def _persons_in(text: str) -> frozenset[str]:
    out: set[str] = set()
    text = own(text)
    for m in _PERSON.finditer(text):
        if _NOT_A_PERSON_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        if _NAME_GOES_ON.search(text[max(0, m.start() - 30):m.start()]):
            continue  # 'Los Jazmines de Canto Grande': the end of a company's or a place's name
        if {fold_words(w) for w in m.group(0).split()} & _NOT_A_PERSON_WORDS:
            continue  # 'Panamericana Norte', 'Policía Nacional', 'Poder Judicial'

        for word in re.findall(_CAP, m.group(0)):
            folded = fold_words(word)
            if len(folded) >= 4 and not generic(folded):
                out.add(folded)
    return frozenset(out)


def persons(s: Source) -> frozenset[str]:
    """The words of the people's names a report gives in its headline, evidence and lead."""
    return _persons_in(f"{s.title}. {s.evidence}. {s.lead}")


def day_gap(a: Source, b: Source) -> int | None:
    """Days between two reports: the closest of their days (resolved date or publication day,
    see ``Source.days``), so a follow-up dated only by the day it reports, or one dated by the
    crime it recalls, still meets the first report. None when either has no day."""
    da, db = a.days, b.days
    if not da or not db:
        return None
    return min(abs((x - y).days) for x in da for y in db)


def score_pair(a: Source, b: Source) -> Decision:
    """Whether two reports tell the same incident: (merge?, score, reason)."""
    if a.kind != b.kind:
        return Decision(False, 0.0, f"kinds differ ({a.kind} / {b.kind})")
    if a.kind == "incident":
        for x, y in ((a, b), (b, a)):
            if another(x) and not another(y) and y.day and x.day and y.day < x.day:
                # 'Otra vez Gamarra: …', told of a day after the earlier one: not it.
                return Decision(False, 0.0, "told as another incident, after it")
    gap = day_gap(a, b)
    if gap is not None and gap > FOLLOW_UP:
        return Decision(False, 0.0, f"{gap} days apart")
    place = place_relation(a, b)
    if place == "different":
        return Decision(False, 0.0, "different places")
    types, overlap = types_relation(a, b)
    if types == "different":
        return Decision(False, 0.0, "unrelated crime types")
    shared_gangs = set(a.gangs) & set(b.gangs)
    if a.gangs and b.gangs and not shared_gangs:
        return Decision(False, 0.0, "different gangs")

    reasons = []
    context = {None: 0.3, 0: 1.0, 1: 0.8, 2: 0.4, 3: 0.2}.get(gap, 0.0)
    reasons.append("same day" if gap == 0 else f"{gap} day(s) apart" if gap else "undated")
    if gap is not None and gap > WINDOW:
        reasons[-1] += " (follow-up)"
    context += {"same": 1.0, "nested": 0.6, "near": 0.2, "unknown": 0.0}[place]
    reasons.append(f"{place} place")
    context += overlap
    reasons.append(f"{types} crime types")

    identity = 0.0
    # The victims' ages: the same person is the same age in every outlet; two look-alikes (the
    # second driver of one company shot the next day) are told apart by them, and then the
    # people's names they share are someone else, recalled (the first victim).
    aa, ab = ages(a), ages(b)
    apart = bool(aa and ab and not aa & ab)
    text = wording(a, b, (persons(a) | persons(b)) if apart else frozenset())
    identity += 2.5 * text
    reasons.append(f"wording {text:.2f}")
    # Rare words both give (a surname, a street, 'pollería'): what look-alikes in one district do
    # not share; unless their victims' ages say the people are others (two drivers of one company).
    rare = 0.0 if apart else min(RARE_CAP, rare_shared(a, b))
    if rare >= 0.05:
        identity += RARE_WORD * rare
        reasons.append(f"rare words {rare:.2f}")
    if shared_gangs:
        identity += 1.0
        reasons.append("gang " + ", ".join(sorted(shared_gangs)))
    sa, sb = set(a.victim_sectors), set(b.victim_sectors)
    if sa and sb:
        if sa & sb:
            identity += 0.4
            reasons.append("victims " + ", ".join(sorted(sa & sb)))
        else:
            identity -= 0.6
            reasons.append("victims' trades differ")
    if aa and ab:
        if aa & ab:
            identity += SAME_AGE
            reasons.append("same age " + ", ".join(str(n) for n in sorted(aa & ab)))
        else:
            identity -= SAME_AGE
            reasons.append("ages differ")
    # A person both name (a first name and a surname, or two surnames): the same people, unless
    # their ages say the people are others (a look-alike recalls the first victim by name).
    same_people = (persons(a) & persons(b)) - _place_words(a, b)
    if len(same_people) >= 2 and not apart:
        identity += SAME_PERSON
        reasons.append("same person " + " ".join(sorted(same_people)))
    if a.deaths and a.deaths == b.deaths:
        # One dead is what many incidents have; the same several dead (and wounded) is what
        # one incident's reports share.
        identity += 0.3 if a.deaths == 1 else 0.8
        reasons.append(f"same toll ({a.deaths})")
    if a.injured and a.injured == b.injured and (a.deaths or a.injured > 1):
        identity += 0.3
        reasons.append(f"same wounded ({a.injured})")
    if a.article_id == b.article_id:
        # Two events one article tells apart are, by the article's own word, different.
        return Decision(False, 0.0, "told apart by the same article")
    score = round(context + identity, 3)
    # A weaker context (a neighbouring place, a follow-up beyond WINDOW) needs the reports' own
    # words (or their gang) to say they are the same people: a trade, a toll and the words of
    # crime news ('asaltan tienda') are what another robbery in the district next door, or next
    # week, shares too.
    weak = place == "near" or (gap is not None and gap > WINDOW)
    person = len(same_people) >= 2 and not apart
    own = 2.5 * text + RARE_WORD * rare + (1.0 if shared_gangs else 0.0) + (SAME_PERSON if person else 0.0)
    merge = score >= THRESHOLD and identity >= MIN_IDENTITY and (
        not weak or (own >= STRONG_IDENTITY and (bool(shared_gangs) or person or named(a, b))))
    if a.kind in ONE_PER_PLACE_AND_DAY and place in ("same", "nested") and gap is not None and gap <= 1:
        # A government measure or a strike for one place is one on one day, however outlets word it.
        merge = True
        reasons.append(f"one {a.kind} per place and day")
    return Decision(merge, score, "; ".join(reasons), (b.article_id, b.position))


def _fewer_dead_later(a: Source, b: Source) -> bool:
    """Whether ``a`` tells of fewer dead than ``b`` and was published after it: nobody dead
    (published later at all), or fewer (published a day or more later: a toll only rises)."""
    if a.deaths is None or not b.deaths or a.deaths >= b.deaths or a.published is None or b.published is None:
        return False
    if a.deaths == 0:
        return a.published > b.published
    return a.published.date() > b.published.date() and not a.at_least


def decide(mention: Source, members: list[Source]) -> Decision:
    """Whether ``mention`` reports the event whose sources are ``members``: its best match
    among them (single link), refused when any member is told apart by the same article."""
    if any(m.article_id == mention.article_id for m in members):
        return Decision(False, 0.0, "the article already reports this event apart")
    if any(_fewer_dead_later(mention, m) or _fewer_dead_later(m, mention) for m in members):
        # The dead do not come back: a later report that says nobody died, or fewer died, after
        # one that told of dead, is of another incident (the look-alike the next day).
        return Decision(False, 0.0, "a later report tells of fewer dead")
    best = Decision(False, 0.0, "no source to compare")
    for member in members:
        decision = score_pair(mention, member)
        if decision.score > best.score or (decision.merge and not best.merge):
            best = decision
    return best


def choose(mention: Source, candidates: dict[int, list[Source]]) -> tuple[int | None, Decision]:
    """The event (id) ``mention`` joins among ``candidates`` (id -> members), or None: the
    merging candidate with the highest score; ties go to the event first reported (by its
    earliest source, not its id, so two stores of the same mentions decide alike)."""
    chosen, best = None, Decision(False, 0.0, "no candidate event")

    def first_reported(event_id: int):
        members = candidates[event_id]
        return (min(_published_key(m) for m in members) if members else ("~",), event_id)

    for event_id in sorted(candidates, key=first_reported):
        decision = decide(mention, candidates[event_id])
        if decision.merge and (not best.merge or decision.score > best.score):
            chosen, best = event_id, decision
        elif not best.merge and decision.score > best.score:
            best = decision
    return chosen, best


# --- what an event shows -----------------------------------------------------------------------

_AT_LEAST = re.compile(r"\b(al menos|por lo menos|como m[ií]nimo|m[aá]s de)\b", re.IGNORECASE)


def at_least(evidence: str) -> bool:
    """Whether a report gives its toll as a lower bound ('al menos dos muertos')."""
    return bool(_AT_LEAST.search(evidence or ""))


def _published_key(s: Source):
    """Publication order; then the URL, the same in every store (row ids are not)."""
    return (s.published.isoformat() if s.published else "", s.url, s.article_id, s.position)


def casualty(members: list[Source], name: str) -> tuple[int | None, int | None, int | None]:
    """(shown, lowest, highest) claim of ``deaths`` or ``injured``.

    The rule: the shown figure is the claim of the most recently published source that states
    one (a later report carries the revision: a wounded victim dies, bodies are found); when
    sources published at the same time disagree, the higher claim. Lowest and highest are shown
    beside it, so disputes stay visible.
    """
    claims = [(s, getattr(s, name)) for s in members if getattr(s, name) is not None]
    if not claims:
        return None, None, None
    values = [v for _, v in claims]
    latest = max(claims, key=lambda c: (_published_key(c[0])[0], c[1]))
    return latest[1], min(values), max(values)


def _place(members: list[Source]) -> tuple[str | None, str | None, str | None, str | None]:
    """The most precise place every placed source agrees with (department, province, district,
    ubigeo). When sources contradict each other (a manual merge), the most reported one."""
    placed = [s for s in members if s.department]
    if not placed:
        return None, None, None, None
    best: Source | None = None
    for s in sorted(placed, key=lambda s: (-sum(1 for x in s.place if x), _published_key(s))):
        if all(place_relation(s, o) != "different" for o in placed):
            best = s
            break
    if best is None:
        return Counter((s.department, s.province, s.district, s.ubigeo) for s in placed).most_common(1)[0][0]
    return best.department, best.province, best.district, best.ubigeo


def level_of(department, province, district) -> str | None:
    return "district" if district else "province" if province else "department" if department else None


def _union(lists) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item, None)
    return tuple(seen)


# The schema's order of crime types: an event lists them the same way whichever report came first.
def _in_schema_order(codes: tuple[str, ...]) -> tuple[str, ...]:
    rank = {code: n for n, code in enumerate(CRIME_TYPES)}
    return tuple(sorted(codes, key=lambda code: (rank.get(code, len(rank)), code)))


def summarize(members: list[Source]) -> EventFields:
    """What an event with these sources shows (see the casualty rule in ``casualty``)."""
    if not members:
        raise ValueError("an event needs at least one source")
    ordered = sorted(members, key=_published_key)
    kind = Counter(s.kind for s in ordered).most_common(1)[0][0]
    department, province, district, ubigeo = _place(ordered)
    deaths = casualty(ordered, "deaths")
    injured = casualty(ordered, "injured")
    resolved = Counter(s.occurred_on[:10] for s in ordered if s.occurred_on)
    occurred_on: str | None
    if resolved:
        top = max(resolved.values())
        occurred_on = min(d for d, n in resolved.items() if n == top)
    else:
        days = [s.day for s in ordered if s.day]
        occurred_on = min(days).isoformat() if days else None
    published = [s.published for s in ordered if s.published]
    return EventFields(
        kind=kind, crime_types=_in_schema_order(_union(s.crime_types for s in ordered)),
        department=department, province=province, district=district, ubigeo=ubigeo,
        place_level=level_of(department, province, district),
        gangs=_union(s.gangs for s in ordered),
        deaths=deaths[0], deaths_low=deaths[1], deaths_high=deaths[2],
        injured=injured[0], injured_low=injured[1], injured_high=injured[2],
        victim_sectors=_union(s.victim_sectors for s in ordered), occurred_on=occurred_on,
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        headline=ordered[0].title or ordered[0].evidence[:120] or None,
        sources=len({s.article_id for s in ordered}),
        articles=tuple(sorted({s.article_id for s in ordered})))

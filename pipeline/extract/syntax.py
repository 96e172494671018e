"""Whether a crime word reports a crime or only names one: read from the model's syntax.

Page text without a headline (the common case for full articles) puts crime words in political,
legal and background sentences: 'presentó una denuncia por homicidio', 'acusado de tentativa de
feminicidio en 2019', 'jefe de la Dirección Antidrogas', 'afectaría a todo proceso de crimen
organizado', 'la calificó de asesina'. A crime is reported when its word is a verb in the
indicative ('asesinaron', 'fue baleado'), or a noun the clause is about ('la balacera dejó…',
'sufrió actos de vandalismo', 'hallaron kilos de cocaína'); it is only named when the noun
hangs on a framing noun (denuncia, caso, tentativa, lucha, cifra…), on an accusation ('acusado
de', 'denunciado por'), under a conditional verb, or inside a proper name.

``vigia_syntax`` runs the model's own tok2vec, morphologizer, parser, attribute ruler and
lemmatizer (disabled in the main pass, see model.py) on the first sentences of each doc that has
crime cues, not on the whole text, and sets ``span._.named_only`` on the crime cues there:
True when the word only names a crime, False when it reports one, None when not read (later
sentences). The rules read it (assemble.py); the parse itself stays off the main doc.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .base import MatchComponent
from .cues import CUES_KEY
from .layout import is_boilerplate_sent

READ_SENTENCES = 5  # sentences parsed per doc: the headline and the lead the rules read
PARSERS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

# Nouns under which a crime word names a kind of case, a topic or a figure, not an act.
FRAMING_NOUNS = frozenset("""
    denuncia denuncias caso casos tentativa intento acusación acusaciones sospecha investigación
    investigaciones proceso procesos juicio sentencia condena lucha combate prevención
    victimización cifra cifras índice índices tasa tasas número aumento incremento ola serie
    modalidad modalidades tipo tipos forma formas delito delitos aniversario año años historia
    ley leyes proyecto norma pena penas comisión fiscalía dirección división unidad jefe
    preocupación temor miedo percepción riesgo riesgos impacto costo costos encuesta encuestas
    departamento red política políticas plan estrategia mapa ranking estadística estadísticas
""".split())
# Adjectives and verbs of accusation, judgment and labelling: 'acusado de', 'denunciado por'.
ACCUSING = frozenset("""
    acusar acusado sospechoso investigar investigado denunciado procesar procesado condenar
    condenado sentenciar sentenciado imputar imputado sindicar sindicado juzgar juzgado absolver
    absuelto calificar tildar llamar vincular vinculado implicar implicado involucrar involucrado
""".split())
LINKS = ("conj", "appos", "flat", "fixed", "compound", "amod", "nmod")
# Verbs under which an infinitive crime is still an act: 'intentaron asesinar', 'trató de robar'.
ATTEMPT = frozenset("intentar tratar lograr conseguir".split())
# Verbs that take a crime as a category: laws, policies and debates ('sanciona el uso de
# explosivos', 'combatir la extorsión').
CATEGORY_VERBS = frozenset("""
    sancionar castigar penalizar tipificar incorporar regular endurecer agravar combatir prevenir
    enfrentar luchar reducir erradicar frenar afrontar abordar definir considerar incluir
""".split())
# Verbs and nouns of intent: a crime under them was planned, not committed ('planeaba matar a un
# empresario', 'el plan para asesinar').
PLANNING = frozenset("""
    planear planeaba planeaban planificar preparar preparaba pretender pretendía proyectar
    plan planes complot conspiración intención
""".split())

INTENT = re.compile(r"\b(?:plane\w*|planific\w*|plan|planes|prepar\w*|pretend\w*|pretendí\w*|proyect\w*|"
                    r"complot|conspir\w*|intenci\w*)\b", re.I)

if not Span.has_extension("named_only"):
    Span.set_extension("named_only", default=None)
if not Span.has_extension("planned"):
    Span.set_extension("planned", default=None)


def planned(root: Token) -> bool:
    """Whether the crime word at ``root`` is only what someone planned: an infinitive (or a noun)
    under a verb or noun of intent ('planeaba asesinar', 'el plan para matar', 'preparaba un
    atentado')."""
    head = root.head
    if head is root:
        return False
    if root.dep_ in ("xcomp", "ccomp", "obj", "acl", "nmod") and (
            head.lemma_.lower() in PLANNING or head.lower_ in PLANNING):
        return "Inf" in root.morph.get("VerbForm", []) or root.pos_ == "NOUN"
    if "Inf" in root.morph.get("VerbForm", []) and root.i >= 2 and root.nbor(-1).lower_ in ("para", "de") and (
            root.nbor(-2).lemma_.lower() in PLANNING or root.nbor(-2).lower_ in PLANNING):
        return True  # 'confesó el plan para asesinar': the parser hangs the purpose on the verb
    return False


def named_only(root: Token) -> bool:
    """Whether the crime word at ``root`` (a token of a parsed doc) only names a crime."""
    if root.pos_ == "PROPN" or (root.i > 0 and root.nbor(-1).pos_ == "PROPN" and root.is_title):
        return True  # inside a name: 'Dirección Antidrogas', 'Fiscalía de Trata de Personas'
    if root.pos_ in ("VERB", "AUX"):
        if "Inf" in root.morph.get("VerbForm", []) and root.head.lemma_.lower() not in ATTEMPT:
            return True  # 'explosivos para extorsionar', 'acusados de asesinar': no act told
        return _hypothetical(root)
    token = root
    for _ in range(6):  # up through coordinations, appositions and noun modifiers
        head = token.head
        if head is token:
            return False
        if token.dep_ in ("nmod", "obl", "amod") and (head.lemma_.lower() in FRAMING_NOUNS
                                                        or head.lower_ in FRAMING_NOUNS):
            return True
        if token.dep_ in ("nmod", "obl", "obj", "amod", "xcomp") and (
                head.lemma_.lower() in ACCUSING or head.lower_ in ACCUSING):
            return True
        if token.dep_ == "nsubj" and token is root and any(
                c.dep_ == "cop" and "Pres" in c.morph.get("Tense", []) for c in head.children):
            return True  # 'la extorsión ya no es solo un problema…': a topic, not an act
        if head.pos_ in ("VERB", "AUX"):
            if head.lemma_.lower() in CATEGORY_VERBS and token.dep_ in ("obj", "nmod", "obl"):
                return True
            if token.dep_ == "nsubj" and "Pres" in head.morph.get("Tense", []) and token is root:
                # 'la extorsión ya no es solo un problema…', 'la extorsión afecta a…': a crime
                # as the subject of a present-tense clause is a topic, not an act.
                return True
            return _hypothetical(head)
        if token.dep_ not in LINKS:
            return False
        token = head
    return False


def _hypothetical(verb: Token) -> bool:
    """A conditional or future verb: what would or will happen, not what happened."""
    return "Cnd" in verb.morph.get("Mood", []) or "Fut" in verb.morph.get("Tense", [])


@Language.factory("vigia_syntax", default_config={}, assigns=["span._.named_only"],
                  requires=["doc.spans"])
def make_syntax(nlp: Language, name: str) -> "SyntaxReader":
    return SyntaxReader(nlp, name)


class SyntaxReader(MatchComponent):
    """Parses the first sentences of a doc with crime cues and marks the cues that only name."""

    def __init__(self, nlp: Language, name: str = "vigia_syntax"):
        self.nlp, self.name = nlp, name

    def _parsers(self) -> list:
        # The model's own components, kept in the pipeline but disabled for the main pass.
        components = dict(self.nlp.components)
        return [components[n] for n in PARSERS if n in components]

    def match(self, doc: Doc) -> list[tuple[Span, bool, bool]]:
        cues = [c for c in doc.spans.get(CUES_KEY, []) if c.label_ == "CRIME"]
        if not cues or not doc.has_annotation("SENT_START"):
            return []
        parsers = self._parsers()
        if not parsers:
            return []
        found = []
        wanted = []
        read = [s for s in doc.sents if not is_boilerplate_sent(s)][:READ_SENTENCES]
        # What is only named matters for page text without a headline (the rules read it there);
        # what is only planned, wherever a word of intent is. A headlined doc (the extractor says
        # where its headline ends: doc.user_data["title_end"]) is parsed only for the latter.
        headlined = bool(doc.user_data.get("title_end"))
        for sent in read:
            here = [c for c in cues if sent.start <= c.start < sent.end]
            if here and (not headlined or INTENT.search(sent.text)):
                wanted.append((sent, here))
        if not wanted:
            return []
        parsed_docs = [sent.as_doc() for sent, _ in wanted]
        for proc in parsers:  # one batch per component: the networks run once for the doc
            parsed_docs = list(proc.pipe(parsed_docs))
        for (sent, here), parsed in zip(wanted, parsed_docs):
            for c in here:
                span = parsed.char_span(c.start_char - sent.start_char, c.end_char - sent.start_char,
                                        alignment_mode="expand")
                if span is not None:
                    found.append((c, named_only(span.root), planned(span.root)))
        return found

    def set_annotations(self, doc: Doc, found) -> None:
        for cue, named, intended in found:
            cue._.named_only = named
            cue._.planned = intended

    def to_disk(self, path, *, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, *, exclude=()) -> "SyntaxReader":
        return self

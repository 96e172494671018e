"""What a page's text holds besides its news: photo captions and credits, date lines, update
stamps, bylines. Read by the event builder (the headline of page text is its first sentence
after them), by the syntax component and by the place finder (the lead after a headline)."""

from __future__ import annotations

import re

from spacy.tokens import Span

# Lines that open a text without being its headline: photo captions and credits, date lines,
# update stamps, bylines, a lone place name ('Trujillo.'). A text without a headline is read
# from its first sentence after them.
BOILERPLATE = re.compile(
    r"^\W*(?i:(?:fotos?|foto\s*de\s*archivo|imagen(?:es)?|video|créditos?|cr[eé]dito\s+foto|fuente|"
    r"captura|difusi[oó]n|archivo)\b\s*[:|/.][^.]{0,60}$|"
    # 'Foto: Captura | Así quedó la puerta del colegio tras la explosión.': a credit, then the caption
    r"(?:fotos?|imagen(?:es)?|video)\s*:\s*[^|.\n]{1,40}\|[^\n]*$|"
    r"(?-i:[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ ]{2,40})\s*\|\s*[\w ]{0,30}$|"
    r"(?-i:[A-ZÁÉÍÓÚÑ][\wáéíóúñ]*(?:\s+[\wáéíóúñ]+){0,3}\s*[|/]\s*[A-ZÁÉÍÓÚÑ][\wáéíóúñ]*(?:\s+[\wáéíóúñ]+){0,3})$|"
    r"(?:lectura\s+de\s+\d+\s+minutos?|tiempo\s+de\s+lectura\b[^.]{0,20}|escuchar\s+esta\s+nota|"
    r"escucha\s+la\s+noticia|lee\s+tambi[eé]n\b[^.]{0,120})\W*$|"
    r"\(?\s*(?:actualizad[oa]|[úu]ltima actualizaci[oó]n|publicad[oa])\b[^)]{0,40}\)?\W*$|"
    r"(?:por|redacci[oó]n|escribe)\s*:?\s*(?-i:[A-ZÁÉÍÓÚÑ])[\w.]*(?:\s+[A-ZÁÉÍÓÚÑ][\w.]*){0,3}\s*$|"
    r"\d{1,2}[:.]\d{2}\s*(?:a\.?\s*m\.?|p\.?\s*m\.?|h|hrs?)?\W*$|"
    # 'Hace 2 horas', '06 Jul, 2024 11:30 a.m. PET', '14 de junio de 2023': a stamp alone
    r"hace\s+(?:\d+|un|una|unos|dos|tres)\s+(?:minutos?|horas?|d[ií]as?)\W*$|"
    # 'Domingo 30 de marzo de 2025 · 12:40 h', '28.02.2023'
    r"(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo),?\s+\d{1,2}\s+(?:de\s+)?[a-záéíóú]{3,10}\.?"
    r"(?:\s+(?:de|del)?\s*\d{4})?(?:\s*[·|,-]\s*\d{1,2}[:.]\d{2}\s*(?:a\.?\s*m\.?|p\.?\s*m\.?|h|hrs?)?)?\W*$|"
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\W*$|"
    # 'Por: Corresponsal en Trujillo', 'Escribe: enviado especial a Pataz'
    r"(?:por|escribe)\s*:?\s*(?:(?:un|una|nuestr[oa])\s+)?(?:corresponsal(?:es)?|enviad[oa]s?\s+especial(?:es)?|"
    r"redacci[oó]n)\b[^.]{0,50}$|"
    # 'Radio Marañón | Jueves, 20 de octubre de 2022': the outlet, then the date
    r"[^|\n]{1,50}\|\s*(?:(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo),?\s+)?\d{1,2}\s+(?:de\s+)?"
    r"[a-záéíóú]{3,10}\.?(?:\s+(?:de|del)?\s*\d{4})?[^.]{0,25}$|"
    r"\d{1,2}\s+(?:de\s+)?[a-záéíóú]{3,10}\.?,?\s+(?:de\s+|del\s+)?\d{4}(?:\s*[|,-]?\s*\d{1,2}[:.]\d{2}\s*"
    r"(?:a\.?\s*m\.?|p\.?\s*m\.?|h|hrs?)?)?(?:\s+(?-i:[A-Z]{2,4}))?\W*$|"
    r"\d{1,2}/\d{1,2}/\d{2,4}\b)|"
    # 'Lima, 12 de marzo de 2025.' / 'Chiclayo, mar. 3 (ANDINA).' / 'Trujillo.' alone
    r"^\W*[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){0,3}\s*"
    r"(?:,\s*(?:\d{1,2}\s+de\s+\w+(?:\s+(?:de|del)\s+\d{4})?|\w{3,4}\.?\s+\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:\s*\([^)]{1,30}\))?)?\s*[.:—–-]?\s*$|"
    r"^\W*\([^)]{1,40}\)\W*$")


# A photo's caption: a short line that ends on its credit ('Así quedó la fachada tras la
# explosión. Foto: difusión', '… en Pataz. (Andina)'; not a region in brackets, '(Junín)') or
# opens as one ('Imagen referencial …').
CAPTION_LINE = re.compile(
    r"(?:\b(?i:(?:fotos?|imagen(?:es)?)(?:\s+(?:referencial|de\s+archivo))?|cr[eé]ditos?|fuente)\s*:\s*[^.:\n]{1,60}|"
    r"\(\s*(?i:(?:fotos?|imagen)\s*:?\s*[^()\n]{1,40}|andina|afp|efe|reuters|difusi[oó]n|archivo|captura[^()\n]{0,30}|"
    r"redes\s+sociales|twitter|facebook|composici[oó]n[^()\n]{0,30}|[\w.]+(?:\s+[\w.]+)?\s*/\s*[^()\n]{1,30})\))\s*$|"
    r"^\W*(?i:(?:imagen|foto)\s+referencial|(?:en\s+)?la\s+(?:foto|imagen)\b)")
CAPTION_CHARS = 220
# A link to another story inside the page ('Lee también: Asesinan a chofer en SJL', 'Te puede
# interesar: …'), or the page's tags and invitations: another event's headline, never this one's.
RELATED_LINE = re.compile(
    r"^\W*(?i:(?:lee|lea|leer|mira|mire|ve|ver|revisa|revise)\s+(?:tambi[eé]n|adem[aá]s|aqu[ií]|m[aá]s)|"
    r"(?:te|le)\s+puede\s+interesar|tambi[eé]n\s+puedes?\s+(?:leer|ver)|te\s+recomendamos|recomendados?|"
    r"relacionad[oa]s?|noticias?\s+relacionadas?|temas?\s+relacionados?|tags?|etiquetas|"
    r"[uú]nete|s[ií]guenos|suscr[ií]bete)\b\s*[:|.-]")
RELATED_CHARS = 300


def is_boilerplate(text: str) -> bool:
    """A caption, credit, date line, update stamp or byline: not the headline nor the lead."""
    text = text.strip()
    return not text or (len(text) < 120 and BOILERPLATE.search(text) is not None)


def is_boilerplate_sent(sent: Span) -> bool:
    """:func:`is_boilerplate` for a sentence of a doc, or any sentence of a caption's line."""
    if is_boilerplate(sent.text):
        return True
    line = _line_of(sent)
    return (len(line) <= CAPTION_CHARS and CAPTION_LINE.search(line) is not None) or _related_line(line)


def is_related(sent: Span) -> bool:
    """A sentence of a line linking another story, or of the page's tags (see RELATED_LINE)."""
    return _related_line(_line_of(sent))


def _related_line(line: str) -> bool:
    return len(line) <= RELATED_CHARS and RELATED_LINE.match(line) is not None


def _line_of(sent: Span) -> str:
    text = sent.doc.text
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char - 1)
    return text[start:end if end >= 0 else len(text)].strip()

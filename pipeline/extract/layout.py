"""What a page's text holds besides its news: photo captions and credits, date lines, update
stamps, bylines. Read by the event builder (the headline of page text is its first sentence
after them), by the syntax component and by the place finder (the lead after a headline)."""

from __future__ import annotations

import re

# Lines that open a text without being its headline: photo captions and credits, date lines,
# update stamps, bylines, a lone place name ('Trujillo.'). A text without a headline is read
# from its first sentence after them.
BOILERPLATE = re.compile(
    r"^\W*(?i:(?:fotos?|foto\s*de\s*archivo|imagen(?:es)?|video|créditos?|cr[eé]dito\s+foto|fuente|"
    r"captura|difusi[oó]n|archivo)\b\s*[:|/.][^.]{0,60}$|"
    # 'Foto: Captura | Así quedó la puerta del colegio tras la explosión.': a credit, then the caption
    r"(?:fotos?|imagen(?:es)?|video)\s*:\s*[^|.\n]{1,40}\|[^\n]*$|"
    r"(?-i:[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ ]{2,40})\s*\|\s*[\w ]{0,30}$|"
    r"(?:lectura\s+de\s+\d+\s+minutos?|tiempo\s+de\s+lectura\b[^.]{0,20}|escuchar\s+esta\s+nota|"
    r"escucha\s+la\s+noticia|lee\s+tambi[eé]n\b[^.]{0,120})\W*$|"
    r"\(?\s*(?:actualizad[oa]|[úu]ltima actualizaci[oó]n|publicad[oa])\b[^)]{0,40}\)?\W*$|"
    r"(?:por|redacci[oó]n|escribe)\s*:?\s*(?-i:[A-ZÁÉÍÓÚÑ])[\w.]*(?:\s+[A-ZÁÉÍÓÚÑ][\w.]*){0,3}\s*$|"
    r"\d{1,2}[:.]\d{2}\s*(?:a\.?\s*m\.?|p\.?\s*m\.?|h|hrs?)?\W*$|"
    r"\d{1,2}/\d{1,2}/\d{2,4}\b)|"
    # 'Lima, 12 de marzo de 2025.' / 'Chiclayo, mar. 3 (ANDINA).' / 'Trujillo.' alone
    r"^\W*[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){0,3}\s*"
    r"(?:,\s*(?:\d{1,2}\s+de\s+\w+(?:\s+(?:de|del)\s+\d{4})?|\w{3,4}\.?\s+\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:\s*\([^)]{1,30}\))?)?\s*[.:—–-]?\s*$|"
    r"^\W*\([^)]{1,40}\)\W*$")


def is_boilerplate(text: str) -> bool:
    """A caption, credit, date line, update stamp or byline: not the headline nor the lead."""
    text = text.strip()
    return not text or (len(text) < 120 and BOILERPLATE.search(text) is not None)

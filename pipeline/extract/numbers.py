"""Spanish counts as written in the news: digits and number words ("tres", "veintiún")."""

from __future__ import annotations

import re

from text_to_num import text2num

# The words a casualty count is written with, for regular expressions; text2num turns them
# into integers ("treinta y dos" -> 32). "un"/"una" are handled here: text2num wants "uno".
NUMBER_WORDS = (
    r"\d+|una?|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
    r"quince|diecis[eé]is|diecisiete|dieciocho|diecinueve|veinte|veinti[a-záéíóúñ]+|"
    r"(?:treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)(?: y (?:un[oa]?|dos|tres|"
    r"cuatro|cinco|seis|siete|ocho|nueve))?|cien|ciento [a-z ]+?"
)
NUM = rf"(?:{NUMBER_WORDS})"

_ONE = {"un", "una", "uno", "veintiún", "veintiun"}


def parse_count(word: str) -> int | None:
    """'3' -> 3, 'tres' -> 3, 'una' -> 1, 'veintiún' -> 21; None when it is not a number."""
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    if word in ("un", "una", "uno"):
        return 1
    if word in ("veintiún", "veintiun"):
        return 21
    word = re.sub(r"\b(un|una)$", "uno", word)
    try:
        return int(text2num(word, "es"))
    except (ValueError, TypeError):
        return None

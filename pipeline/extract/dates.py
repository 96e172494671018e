"""The day an event happened, resolved against the publication date.

dateparser (languages=['es']) returns None for 'el último martes', 'anoche', 'hace dos días' and
its search_dates yields junk on article text, and it puts '29 de febrero' years back, so every form
is resolved here. A day and month without a year ('el 27 de enero') is the most recent such day not
after publication, within a year, unless this year's is at most AHEAD_DAYS ahead (a coming day,
'a partir del 7 de octubre'); a date named with its weekday ('viernes 27 de enero') must fall
on that weekday. A date that is not in the past ('este viernes 27 de enero' of a coming match, a
march called for '19 de julio') is returned as (None, words): the sentence names a day, but not
the day of anything that happened.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = {"lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3,
            "viernes": 4, "sábado": 5, "sabado": 5, "domingo": 6}
MONTHS = {"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
          "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
          "diciembre": 12}
_WD = "|".join(WEEKDAYS)
_MO = "|".join(MONTHS)
_SMALL = {"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
          "ocho": 8, "nueve": 9, "diez": 10}

# Order matters: the most specific forms first.
_ABSOLUTE = re.compile(rf"\b(?:(?:{_WD}) )?(\d{{1,2}}) de ({_MO})(?: (?:de|del) (\d{{4}}))?", re.I)
_WEEKDAY_DAY = re.compile(rf"\b({_WD}) (\d{{1,2}})\b(?! de)", re.I)
_PAST_WEEKDAY = re.compile(rf"\b(?:el|la noche del|la madrugada del|la tarde del|la mañana del)? ?"
                           rf"(pasado|último|ultimo) ({_WD})\b|\b({_WD}) (pasado|último|ultimo)\b", re.I)
_THIS_WEEKDAY = re.compile(rf"\b(?:este|esta|el|la noche del|la madrugada del|la tarde del|"
                           rf"la mañana del|noche del|madrugada del) ({_WD})\b", re.I)
_HACE = re.compile(r"\bhace (\d+|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez) (días?|semanas?)\b", re.I)
_DAY_BEFORE = re.compile(r"\b(anteayer|antenoche|antes de ayer)\b", re.I)
_YESTERDAY = re.compile(r"\b(ayer|anoche)\b", re.I)
_TODAY = re.compile(r"\b(hoy|esta (?:mañana|madrugada|tarde|noche))\b", re.I)


def _last_weekday(published: date, weekday: int, *, strictly_before: bool) -> date:
    delta = (published.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return published - timedelta(days=delta)


RECENT_DAYS = 60  # a new event is told within this many days; an older date is another event's
YEAR_DAYS = 366  # a day and month without a year: within this many days before publication …
AHEAD_DAYS = 45  # … unless it is at most this many days after it: a coming day of the same year


def _absolute(day: int, month: int, year: int | None, published: date) -> date | None:
    """'27 de enero' (the most recent one not after publication, within a year) or
    '27 de enero de 2023'; None for a day that does not exist in that month."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for back in range(0, 5):  # 29 de febrero: the most recent leap year, if within a year
        try:
            candidate = date(published.year - back, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate if (published - candidate).days <= YEAR_DAYS else None
        if back == 0 and (candidate - published).days <= AHEAD_DAYS:
            return candidate  # a coming day this year ('a partir del 7 de octubre'), not last year's
    return None


def plausible(day: date | None, published: date | None) -> bool:
    """A date a new event can bear: not after publication and at most RECENT_DAYS before it."""
    return day is not None and published is not None and 0 <= (published - day).days <= RECENT_DAYS


def resolve_date(text: str, published: date | None) -> tuple[date | None, str | None]:
    """(the date a sentence's event happened, the words it rests on), or (None, None)."""
    try:
        return _resolve(text, published)
    except OverflowError:  # a publication date at the calendar's edge: nothing to resolve against
        return None, None


def _resolve(text: str, published: date | None) -> tuple[date | None, str | None]:
    if published is None:
        return None, None
    m = _ABSOLUTE.search(text)
    if m:
        day, month = int(m.group(1)), MONTHS[m.group(2).lower()]
        year = int(m.group(3)) if m.group(3) else None
        found = _absolute(day, month, year, published)
        weekday = _weekday_named(m.group(0))
        if found and found <= published and (weekday is None or found.weekday() == weekday):
            return found, m.group(0)
        if year is None and _exists(day, month) or year is not None and found is not None:
            # the day of a coming event, or a weekday that does not match any recent year
            return None, m.group(0)
    m = _WEEKDAY_DAY.search(text)
    if m:
        day = int(m.group(2))
        if 1 <= day <= 31:
            candidate = _day_in_recent_month(published, day, WEEKDAYS[m.group(1).lower()])
            if candidate:
                return candidate, m.group(0)
    m = _HACE.search(text)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _SMALL[m.group(1).lower()]
        days = n * 7 if m.group(2).lower().startswith("semana") else n
        return published - timedelta(days=days), m.group(0)
    m = _DAY_BEFORE.search(text)
    if m:
        return published - timedelta(days=2), m.group(0)
    m = _YESTERDAY.search(text)
    if m:
        return published - timedelta(days=1), m.group(0)
    # A weekday, the first the sentence names: 'En la noche del sábado, un explosivo detonó … a dos
    # cuadras de la galería atacada el lunes pasado' is the Saturday's.
    past, this = _PAST_WEEKDAY.search(text), _THIS_WEEKDAY.search(text)
    if past and (this is None or past.start() <= this.start()):
        name = (past.group(2) or past.group(3)).lower()
        return _last_weekday(published, WEEKDAYS[name], strictly_before=True), past.group(0)
    if this:
        return _last_weekday(published, WEEKDAYS[this.group(1).lower()], strictly_before=False), this.group(0)
    m = _TODAY.search(text)
    if m:
        return published, m.group(0)
    return None, None


def _weekday_named(words: str) -> int | None:
    first = words.split()[0].lower()
    return WEEKDAYS.get(first)


def _exists(day: int, month: int) -> bool:
    try:
        date(2024, month, day)  # a leap year: 29 de febrero exists
    except ValueError:
        return False
    return True


def _day_in_recent_month(published: date, day: int, weekday: int) -> date | None:
    """'el lunes 9': the latest day 9 on or before publication (this month or the one before)
    that falls on a Monday; None when neither does (the text is then not trusted)."""
    year, month = published.year, published.month
    for _ in range(2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and candidate <= published and candidate.weekday() == weekday:
            return candidate
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return None

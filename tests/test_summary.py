"""The daily summary against a store of events written here, merged by the real event log."""

import re
import stat
from datetime import date, datetime, timedelta, timezone

import pytest

from pipeline import summary as summary_module
from pipeline.config import load_settings
from pipeline.events import merge_pending
from pipeline.storage import PollRecord, Storage
from pipeline.summary import (
    LABELS,
    WORDS,
    DailySummary,
    Wording,
    build_summary,
    chat_text,
    chat_url,
    due_days,
    render,
    write_due_summaries,
)
from pipeline.types import EntryData, FeedConfig

DAY = date(2026, 5, 11)
NOON = datetime(2026, 5, 11, 17, 0, tzinfo=timezone.utc)  # 12:00 in Lima


def event(kind, types, department, province, district, ubigeo, day, *, deaths=None, injured=None,
          gangs=(), candidates=(), evidence="x", sectors=("transport",)):
    return {"kind": kind, "crime_types": list(types), "department": department, "province": province,
            "district": district, "ubigeo": ubigeo, "place_text": district or province, "gangs": list(gangs),
            "deaths": deaths, "injured": injured, "victim_sectors": list(sectors), "occurred_on": day,
            "evidence": evidence, "extras": {"gang_candidates": list(candidates), "evidence": {}}}


ARTICLES = [
    # url, title, published, event
    ("https://norte.example/comas-chofer", "Comas: asesinan a chofer de combi Los Halcones", NOON,
     event("incident", ["homicide", "armed_attack"], "Lima", "Lima", "Comas", "150110", "2026-05-11", deaths=1,
           evidence="Asesinan a Teodoro Ccahuana, chofer de Los Halcones, en el paradero de Comas.")),
    ("https://sur.example/teodoro-ccahuana", "Matan a Teodoro Ccahuana, chofer de Los Halcones, en Comas",
     NOON + timedelta(hours=2),
     event("incident", ["homicide", "armed_attack"], "Lima", "Lima", "Comas", "150110", "2026-05-11", deaths=2,
           evidence="Teodoro Ccahuana, chofer de Los Halcones, murió en el paradero de Comas; su cobrador también.")),
    ("https://norte.example/trujillo-pulpos", "Trujillo: <script>alert('x')</script> atacan empresa con explosivo",
     NOON, event("incident", ["extortion", "armed_attack"], "La Libertad", "Trujillo", None, "130100",
                 "2026-05-11", injured=3, gangs=["Los Pulpos"], candidates=["Los Topos del Alba"],
                 evidence="Detonan explosivo en la fachada de una empresa de transportes en Trujillo.")),
    ("https://norte.example/piura-cupos", "Piura: extorsionan a mototaxistas de Castilla", NOON,
     event("incident", ["extortion"], "Piura", "Piura", "Castilla", "200104", "2026-05-11",
           evidence="Mototaxistas de Castilla denuncian cobro de cupos.")),
    # no place: listed apart; a headline full of chat markup and a URL with underscores
    ("https://centro.example/operativo_mineria_ilegal",
     "Operativo contra la **minería ilegal**: __capturan__ a *diez* [ver fotos](https://phish.example) `rm -rf`",
     NOON, event("operation", ["illegal_mining"], None, None, None, None, "2026-05-11", sectors=["mining"],
                 evidence="La Policía intervino campamentos de minería ilegal y capturó a diez personas.")),
    ("https://sur.example/juliaca-paro", "Docentes protestan en Juliaca", NOON,
     event("protest", [], "Puno", "San Román", "Juliaca", "211101", "2026-05-11", sectors=["education"],
           evidence="Docentes marcharon por las calles de Juliaca.")),
]
# The week before: Lima had one event a day, La Libertad none.
LIMA = [("Ate", "150103"), ("Barranco", "150104"), ("Breña", "150105"), ("Lince", "150116"),
        ("Rímac", "150128"), ("Surquillo", "150141"), ("Chorrillos", "150108")]
BEFORE = [(f"https://norte.example/lima-{n}", f"Asaltan tienda en {district}", NOON - timedelta(days=n),
           event("incident", ["robbery"], "Lima", "Lima", district, code, (DAY - timedelta(days=n)).isoformat(),
                 evidence=f"Delincuentes asaltaron una tienda en {district}."))
          for n, (district, code) in enumerate(LIMA, 1)]


def build(storage, articles):
    results = []
    for url, title, published, ev in articles:
        entry = EntryData(url=url, guid=None, title=title, summary="", body=ev["evidence"], author=None,
                          published=published)
        storage.import_articles([(entry, url.split("/")[2])], feed="import", now=published)
        results.append((storage.article_by_url(url).id, [ev], None))
    storage.store_mentions(results, version="test-1", now=NOON)
    merge_pending(storage, now=NOON)


@pytest.fixture
def storage(tmp_path):
    with Storage(tmp_path / "v.db") as storage:
        storage.sync_feeds([FeedConfig("norte", "Norte", "https://norte.example/rss"),
                            FeedConfig("roto", "Roto", "https://roto.example/rss")])
        storage.record_poll(PollRecord(feed="norte", at=NOON, outcome="ok", http_status=200, entries=3,
                                       next_due=NOON))
        storage.record_poll(PollRecord(feed="roto", at=NOON, outcome="error", http_status=503,
                                       error="HTTP 503 Service Unavailable", next_due=NOON))
        build(storage, BEFORE + ARTICLES)
        yield storage


def test_each_section_counts_what_was_stored(storage):
    s = build_summary(storage, DAY, now=NOON)
    assert s.events == 5, "the two Comas reports are one event"
    assert (s.deaths, s.injured) == (2, 3), "the latest claim is shown"
    assert dict(s.by_kind) == {"incident": 3, "operation": 1, "protest": 1}
    assert dict(s.by_type) == {"armed_attack": 2, "extortion": 2, "homicide": 1, "illegal_mining": 1}
    assert dict(s.by_department) == {"Lima": 1, "La Libertad": 1, "Piura": 1, "Puno": 1}, \
        "no department for events without a place"
    assert s.unplaced == 1 and s.in_review == 0
    first = s.serious[0]
    assert first.place == "Comas, Lima" and first.deaths == 2 and first.deaths_claims == (1, 2)
    assert {src.url for src in first.sources} == {"https://norte.example/comas-chofer",
                                                  "https://sur.example/teodoro-ccahuana"}
    assert s.serious[1].gangs == ["Los Pulpos"] and s.serious[1].injured == 3
    # Equal figures: the event reported first, then (same minute) the one first in the event log,
    # whose order follows publication and then the URL (centro.example before norte.example).
    assert s.serious[2].place == "" and s.serious[2].sectors == ["mining"]
    assert s.serious[3].place == "Castilla, Piura"
    trends = {t.department: t for t in s.trends}
    assert trends["Lima"].events == 1 and trends["Lima"].average_before == pytest.approx(1.0)
    assert trends["La Libertad"].change == pytest.approx(1.0)
    assert s.new_gangs == ["Los Pulpos"] and s.candidates == ["Los Topos del Alba"]
    assert s.changes == {"created": 12, "merged": 1}, "the second Comas report joined the first"
    health = {f.feed: f for f in s.feeds}
    assert health["roto"].failing and health["roto"].last_error == "HTTP 503 Service Unavailable"
    assert health["norte"].polls == 1 and not health["norte"].failing
    assert s.extractor_versions == ["test-1"] and s.articles_relevant == 6
    assert len(s.series) == 30 and s.series[-1][0] == DAY and s.series[-1][2] == 2


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def event_block(md: str, number: int) -> list[str]:
    """The lines of the ``number``-th most serious event in the Markdown."""
    found = lines(md)
    start = next(i for i, line in enumerate(found) if line.startswith(f"{number}. "))
    end = next((i for i in range(start + 1, len(found)) if not found[i]), len(found))
    return found[start:end]


def test_every_section_of_the_markdown_is_in_spanish(storage):
    md = render(build_summary(storage, DAY, now=NOON), "md")
    found = lines(md)
    for line in [
        "# Vigía: resumen del lunes 11 de mayo de 2026",
        "5 eventos · 2 fallecidos · 3 heridos",
        "Todas las horas en hora de Lima, UTC\u22125.",
        "## El día en cifras",
        "- Por clase de evento: incidente 3, operativo policial 1, protesta 1",
        "- Por tipo de delito: ataque armado 2, extorsión 2, homicidio 1, minería ilegal 1",
        "- Por departamento: La Libertad 1, Lima 1, Piura 1, Puno 1",
        "- Sin lugar identificado: 1 evento",
        "## Eventos más graves",
        "## Lugares con más eventos",
        "- La Libertad: 1 evento, +1,0 frente a su promedio de los 7 días anteriores (0,0 al día)",
        "- Lima: 1 evento, ±0,0 frente a su promedio de los 7 días anteriores (1,0 al día)",
        "## Cambios en el registro de eventos",
        "Creados: 12, fusionados: 1.",
        "- Bandas vistas por primera vez: Los Pulpos",
        "- Posibles bandas por revisar: Los Topos del Alba",
        "## Estado del sistema",
        "Artículos descargados: 0 · publicados este día: 6 · relevantes: 6 · errores de extracción: 0 · "
        "versión del extractor: test-1",
        "- norte: 1 consulta, 0 errores, 0 artículos nuevos",
        "- roto: 1 consulta, 1 error, 0 artículos nuevos · FALLA: HTTP 503 Service Unavailable",
        "Generado el lunes 11 de mayo de 2026 a las 12:00 (hora de Lima, UTC\u22125) por Vigía.",
    ]:
        assert line in found, line

    comas = event_block(md, 1)
    assert re.fullmatch(r"1\. Homicidio, ataque armado · Comas, Lima · evento \d+", comas[0])
    assert comas[1:] == [
        "   «Comas: asesinan a chofer de combi Los Halcones»",
        "   Fallecidos: 2 (según las fuentes, de 1 a 2) · heridos: sin dato · víctimas: transporte",
        "   Fuentes:",
        "   - norte.example, 11 de mayo, 12:00: https://norte.example/comas-chofer",
        "   - sur.example, 11 de mayo, 14:00: https://sur.example/teodoro-ccahuana",
    ], "published at 17:00 and 19:00 UTC: 12:00 and 14:00 in Lima"
    trujillo = event_block(md, 2)
    assert trujillo[0].startswith("2. Extorsión, ataque armado · Trujillo, La Libertad · evento ")
    assert trujillo[2] == "   Fallecidos: sin dato · heridos: 3 · víctimas: transporte · bandas: Los Pulpos"
    mining = event_block(md, 3)
    assert mining[0].startswith("3. Operativo policial: minería ilegal · sin lugar identificado · evento ")
    assert mining[2] == "   Fallecidos: sin dato · heridos: sin dato · víctimas: minería"
    assert event_block(md, 5)[0].startswith("5. Protesta · Juliaca, San Román, Puno · evento ")
    assert event_block(md, 5)[2].endswith("víctimas: educación")

    # no code, no English label, no "sin lugar" department
    prose = re.sub(r"https?://\S+", "", md)
    assert not re.search(r"[a-z]+_[a-z]+", prose), "codes are shown as words"
    for english in ("Most serious", "Deaths", "injured", "Places with", "events", "merged", "created",
                    "incident ", "extortion", "homicide", "transport ", "none", "UTC\n", "2026-05-11"):
        assert english not in md, english
    assert "sin lugar 1" not in md and "- sin lugar" not in md


def test_the_markdown_reads_cleanly_in_a_chat(storage):
    md = render(build_summary(storage, DAY, now=NOON), "md")
    assert "\\" not in md, "no backslash escapes"
    mining = event_block(md, 3)
    assert mining[1] == ("   «Operativo contra la minería ilegal: capturan a diez (ver fotos)(https://phish.example) "
                         "'rm -rf'»"), "no *, _, `, [ or ] from a headline"
    assert mining[-1] == "   - centro.example, 11 de mayo, 12:00: https://centro.example/operativo_mineria_ilegal", \
        "links are plain URLs; underscores inside words are harmless"
    assert "‹script›alert('x')‹/script›" in md and "<" not in md and ">" not in md
    # read by a Markdown reader: the headline's markup is text, the layout is the template's
    from markdown_it import MarkdownIt
    html = MarkdownIt("commonmark").render(md)
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html, \
        "*, _ and ` in a headline turn nothing bold, italic or code"
    assert "<a " not in html and "<img" not in html and "<script" not in html
    assert html.count("<h2>") == 5 and html.count("<ol>") == 1 and "<table>" not in html
    assert "Comas: asesinan a chofer de combi Los Halcones»<br />" in html, "one line each"


@pytest.mark.parametrize("text, shown", [
    ("Los *Pulpos* y **Los Topos**", "Los Pulpos y Los Topos"),
    ("_Alias_ __el Loco__ y ~tachado~", "Alias el Loco y tachado"),
    ("empresa_de_transportes Santa_Catalina", "empresa_de_transportes Santa_Catalina"),
    ("[clic](https://phish.example) ![x](y)", "(clic)(https://phish.example) !(x)(y)"),
    ("<b>negrita</b> <https://phish.example> &amp;", "‹b›negrita‹/b› ‹https://phish.example› &amp;"),
    ("`código` ||spoiler||", "'código' |spoiler|"),
    ("# Título\n> cita\n- lista", "Título › cita - lista"),
])
def test_chat_text_neutralises_only_what_breaks_the_layout(text, shown):
    assert chat_text(text) == shown
    assert "\\" not in chat_text(text)


def test_chat_urls_stay_plain_links():
    assert chat_url("https://a.example/x_y?q=1&r=(2)") == "https://a.example/x_y?q=1&r=(2)"
    assert chat_url("https://a.example/_x_/*b*[c] d>e") == "https://a.example/%5Fx%5F/%2Ab%2A%5Bc%5D%20d%3Ee"
    assert chat_url("javascript:alert(1)") == "javascript:alert(1)", "not a URL: text, never a link"


def test_events_awaiting_review_are_left_out_of_the_most_serious(storage, monkeypatch):
    assert summary_module.is_confident({"event_id": 1}) is True, "every event until the review queue exists"
    monkeypatch.setattr(summary_module, "is_confident", lambda row: "Trujillo" not in (row["headline"] or ""))
    s = build_summary(storage, DAY, now=NOON)
    assert s.in_review == 1 and s.events == 5
    assert all("Trujillo" not in e.headline for e in s.serious) and len(s.serious) == 4
    md = render(s, "md")
    assert "1 evento en revisión, fuera de esta lista." in lines(md)
    assert "1 evento en revisión" in render(s, "text") and "1 evento en revisión" in render(s, "html")
    assert "1 event under review, not listed here." in render(s, "md", "en")
    monkeypatch.setattr(summary_module, "is_confident", lambda row: row["deaths"] is not None)
    assert "4 eventos en revisión" in render(build_summary(storage, DAY, now=NOON), "md")
    monkeypatch.undo()
    assert "en revisión" not in render(build_summary(storage, DAY, now=NOON), "md")


def test_the_html_and_text_are_in_spanish_too(storage):
    s = build_summary(storage, DAY, now=NOON)
    html = render(s, "html")
    assert '<html lang="es">' in html and "<h1>Vigía: resumen del lunes 11 de mayo de 2026</h1>" in html
    for label in ("Eventos por día, últimos 30 días", "Fallecidos por día", "Mapa del día", "El día en cifras",
                  "Eventos más graves", "Lugares con más eventos", "Sin lugar identificado: 1 evento",
                  "Fallecidos: 2 (según las fuentes, de 1 a 2)", "minería ilegal", "operativo policial",
                  "Todas las horas en hora de Lima, UTC\u22125.", "aria-label=\"Mapa del Perú con los eventos del día\"",
                  "<b>5</b>eventos", "11 de mayo, 12:00", "FALLA: HTTP 503"):
        assert label in html, label
    for code in ("armed_attack", "illegal_mining", "other_crime", "incident<", "Most serious", "deaths"):
        assert code not in html, code
    text = render(s, "text")
    assert text.startswith("VIGÍA: RESUMEN DEL LUNES 11 DE MAYO DE 2026\n")
    assert "Por tipo de delito: ataque armado 2, extorsión 2, homicidio 1, minería ilegal 1" in text
    assert "Sin lugar identificado: 1 evento" in text and "Eventos más graves" in text
    assert not re.search(r"[a-z]+_[a-z]+", re.sub(r"https?://\S+", "", text))


def test_numbers_and_dates_the_peruvian_way():
    es, en = Wording("es"), Wording("en")
    assert es.number(1234) == "1\u00a0234" and es.number(1234567) == "1\u00a0234\u00a0567" and es.number(999) == "999"
    assert es.decimal(1234.56) == "1\u00a0234,6" and es.decimal(-0.43, signed=True) == "\u22120,4"
    assert en.number(1234) == "1,234" and en.decimal(0.5, signed=True) == "+0.5"
    assert es.count(1, "event") == "1 evento" and es.count(0, "event") == "0 eventos"
    assert es.day(date(2026, 9, 16)) == "miércoles 16 de setiembre de 2026"
    assert es.day(date(2026, 12, 27)) == "domingo 27 de diciembre de 2026"
    assert en.day(date(2026, 9, 16)) == "Wednesday 16 September 2026"
    late = datetime(2026, 1, 1, 3, 30, tzinfo=timezone.utc)  # 22:30 on New Year's Eve in Lima
    assert es.moment(late, near=date(2025, 12, 31)) == "31 de diciembre, 22:30"
    assert es.moment(late.isoformat(), near=date(2026, 1, 1)) == "31 de diciembre de 2025, 22:30"
    assert es.zone(DAY) == "hora de Lima, UTC\u22125" and en.zone(DAY) == "Lima time, UTC\u22125"
    assert Wording("es", "Europe/Madrid").zone(date(2026, 7, 1)) == "hora de Madrid, UTC+2"
    assert es.word("illegal_mining") == "minería ilegal" and es.word("security_forces") == "fuerzas del orden"
    assert es.word("brand_new_code") == "brand new code", "an unknown code still reads as words"

    busy = DailySummary(day=DAY, zone="America/Lima", generated_at=NOON, events=1234, deaths=1, injured=0,
                        by_kind=[("incident", 1234)], unplaced=1001)
    md = lines(render(busy, "md"))
    assert "1\u00a0234 eventos · 1 fallecido · 0 heridos" in md
    assert "- Sin lugar identificado: 1\u00a0001 eventos" in md
    assert "1,234 events · 1 death · 0 injured" in lines(render(busy, "md", "en"))


def test_every_code_has_words_in_both_languages():
    from pipeline.queries import CRIME_TYPES, KINDS, SECTORS
    for code in KINDS + CRIME_TYPES + SECTORS + ("created", "updated", "merged", "split"):
        es, en = WORDS[code]
        assert es and en and "_" not in es + en, code
    assert all(len(pair) == 2 for pair in LABELS.values())


def test_english_wording_has_the_same_structure(storage):
    s = build_summary(storage, DAY, now=NOON)
    es, en = render(s, "md"), render(s, "md", "en")
    assert len(lines(es)) == len(lines(en))
    layout = re.compile(r"^(#+ |- |\d+\. | {3}- | {3}|)")
    assert [layout.match(line).group() for line in lines(es)] == [layout.match(line).group() for line in lines(en)]
    found = lines(en)
    for line in ("# Vigía: summary for Monday 11 May 2026", "5 events · 2 deaths · 3 injured",
                 "All times in Lima time, UTC\u22125.", "## Most serious events", "## Places with most events",
                 "- By crime type: armed attack 2, extortion 2, homicide 1, illegal mining 1",
                 "- No place identified: 1 event",
                 "   Deaths: 2 (sources say 1 to 2) · injured: not stated · victims: transport",
                 "   - norte.example, 11 May, 12:00: https://norte.example/comas-chofer",
                 "- Lima: 1 event, ±0.0 against its average of the previous 7 days (1.0 a day)",
                 "Created: 12, merged: 1."):
        assert line in found, line
    assert '<html lang="en">' in render(s, "html", "en")
    with pytest.raises(ValueError, match="summary.language"):
        render(s, "md", "fr")


def test_article_text_is_escaped_in_every_format(storage):
    s = build_summary(storage, DAY, now=NOON)
    html = render(s, "html")
    assert "<script>" not in html and "&lt;script&gt;alert(" in html
    assert "<script>" not in render(s, "md")
    assert "<script>alert('x')</script>" in render(s, "text"), "plain text shows it as written"
    assert 'class="event"' in html and "<svg" in html
    assert "**minería ilegal**" in render(s, "text")


def test_an_empty_day_says_so(storage):
    s = build_summary(storage, date(2020, 1, 1), now=NOON)
    assert s.empty
    for fmt in ("text", "md", "html"):
        assert "No se registraron eventos este día." in render(s, fmt)
        assert "No events were recorded for this day." in render(s, fmt, "en")
    assert "0 eventos · 0 fallecidos · 0 heridos" not in render(s, "md")


def test_missing_days_are_written_once_with_private_files(storage, tmp_path):
    config = tmp_path / "user.toml"
    config.write_text(f'[summary]\ndir = "{tmp_path / "summaries"}"\nhour = 7\n')
    settings = load_settings(config, env={})
    after_hour = datetime(2026, 5, 12, 13, 0, tzinfo=timezone.utc)  # 08:00 in Lima
    written = write_due_summaries(storage, settings, after_hour)
    names = sorted(p.name for p in written)
    assert names[-2:] == ["2026-05-11.html", "2026-05-11.md"] and len(names) == 14
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    md = (tmp_path / "summaries" / "2026-05-11.md").read_text(encoding="utf-8")
    assert "Comas" in md and md.startswith("# Vigía: resumen del lunes 11 de mayo de 2026\n")
    assert settings.summary.language == "es"
    assert write_due_summaries(storage, settings, after_hour) == []


def test_summary_language_en_writes_the_english_wording(storage, tmp_path):
    config = tmp_path / "user.toml"
    config.write_text(f'[summary]\ndir = "{tmp_path / "summaries"}"\nlanguage = "en"\n')
    settings = load_settings(config, env={})
    assert settings.summary.language == "en"
    write_due_summaries(storage, settings, datetime(2026, 5, 12, 13, 0, tzinfo=timezone.utc))
    md = (tmp_path / "summaries" / "2026-05-11.md").read_text(encoding="utf-8")
    assert md.startswith("# Vigía: summary for Monday 11 May 2026\n") and "## Most serious events" in md
    assert "Eventos más graves" not in md
    html = (tmp_path / "summaries" / "2026-05-11.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Map of the day" in html


def test_due_days_waits_for_the_hour_and_catches_up_a_week():
    before_hour = datetime(2026, 5, 12, 11, 0, tzinfo=timezone.utc)  # 06:00 in Lima
    assert due_days([], now=before_hour, zone="America/Lima", hour=7)[-1] == date(2026, 5, 10)
    after = datetime(2026, 5, 12, 13, 0, tzinfo=timezone.utc)
    days = due_days(["2026-05-09"], now=after, zone="America/Lima", hour=7)
    assert days[-1] == date(2026, 5, 11) and date(2026, 5, 9) not in days and len(days) == 6

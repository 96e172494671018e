"""``vigia review``: walk through the events the pipeline is unsure of, and export the decisions.

Registered on the main group by ``register(cli)`` (one line at the bottom of cli.py). Each
command parses, calls ``pipeline.review`` and formats; what a reviewer reads is in Spanish.

    vigia review                      one event at a time: Aceptar / Rechazar / Corregir / Saltar / Salir
    vigia review --list               the queue as a table
    vigia review accept|reject ID     one decision, without questions
    vigia review correct ID --kind … --type … --department … --deaths … --gang …
    vigia review export --output FILE the decisions as corpus labels (models/corpus format)
"""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from . import review as R
from .cli_events import _ID, _cell, _figure, _place, _plain, _vigia, _when, _zone

console = Console()

#: what the reviewer types at the decision prompt
CHOICES = {"a": "aceptar", "r": "rechazar", "c": "corregir", "s": "saltar", "q": "salir"}
#: typed for "none" in the list prompts (crime types, gangs) and for "no place at this level"
NONE = "-"


def _wording(ctx):
    from .summary import Wording
    return Wording("es", _zone(ctx))


def _confidence(value) -> str:
    """0,45 (Spanish decimals, as the summary writes them)."""
    return "sin calcular" if value is None else f"{value:.2f}".replace(".", ",")


def _why(row: dict, threshold: float) -> str:
    reasons = []
    if row["low_confidence"]:
        reasons.append(f"confianza baja (umbral {threshold:.2f})".replace(".", ","))
    if row["candidates"]:
        reasons.append("posibles bandas: " + ", ".join(row["candidates"]))
    return "; ".join(reasons)


@click.group(invoke_without_command=True)
@click.option("--list", "listing", is_flag=True, help="Show the queue as a table, without questions.")
@click.option("--limit", type=click.IntRange(0, R.MAX_INT), default=50, show_default=True,
              help="At most this many events, latest first (0: all).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, metavar="X",
              help="Confidence below which an event is held for review (default: review.threshold).")
@click.pass_context
def review(ctx, listing, limit, threshold):
    """Review low-confidence events and gang candidates: accept, reject or correct them.

    Decisions survive `reextract` and `remerge`, are recorded in the event's history, and a
    rejected event leaves every total. `review export` writes them as training labels."""
    if ctx.invoked_subcommand is not None:
        return
    vigia = _vigia(ctx)
    threshold = vigia.settings.review.threshold if threshold is None else threshold
    rows = vigia.review_queue(threshold, limit or None)
    if listing:
        _table(rows, threshold)
        return
    _walk(ctx, vigia, rows, threshold)


def _table(rows: list[dict], threshold: float) -> None:
    table = Table(title=f"{len(rows)} eventos por revisar")
    for column in ("id", "día", "confianza", "motivo", "lugar", "titular"):
        table.add_column(column, overflow="fold", no_wrap=column in ("id", "día", "confianza"))
    for r in rows:
        table.add_row(str(r["event_id"]), _cell(r["occurred_on"]), _confidence(r["confidence"]),
                      _cell(_why(r, threshold)), _cell(_place(r)), _cell(r["headline"]))
    console.print(table)


def _show(ctx, vigia, row: dict, n: int, total: int, threshold: float, w) -> dict:
    """Print one event as a reviewer needs it; returns its stored row."""
    detail = vigia.event(row["event_id"])
    e = detail["event"]
    zone = _zone(ctx)
    click.echo("")
    click.echo(f"Evento {e['id']} ({n} de {total}): {_why(row, threshold)}")
    click.echo(f"  Titular: {_plain(e['headline'] or '')}")
    click.echo(f"  Clase: {w.word(e['kind'])} ({e['kind']})")
    types = [t for t in (e["crime_types"] or "").split(",") if t]
    click.echo(f"  Tipos de delito: {w.words(types) or 'ninguno'} ({', '.join(types) or NONE})")
    click.echo(f"  Lugar: {_plain(_place(e)) or 'sin lugar identificado'}; fecha: {e['occurred_on'] or 'sin fecha'}")
    click.echo(f"  Fallecidos: {_figure(e['deaths'], e['deaths_low'], e['deaths_high']) or 'sin dato'}; "
               f"heridos: {_figure(e['injured'], e['injured_low'], e['injured_high']) or 'sin dato'}")
    click.echo(f"  Bandas: {_plain((e['gangs'] or '').replace(',', ', ')) or 'ninguna'}; "
               f"confianza: {_confidence(e['confidence'])}")
    click.echo(f"  Fuentes ({len(detail['sources'])}):")
    for s in detail["sources"]:
        click.echo(f"    - {_plain(s['outlet'])}, {_when(s['published'], zone, label=False)}: {_plain(s['url'])}")
        if s["evidence"]:
            click.echo(f"      «{_plain(s['evidence'])}»")
    return e


def _walk(ctx, vigia, rows: list[dict], threshold: float) -> None:
    w = _wording(ctx)
    if not rows:
        click.echo("No hay eventos por revisar.")
        return
    done = {"aceptados": 0, "rechazados": 0, "corregidos": 0, "saltados": 0}
    prompt = " / ".join(f"[{k}] {v.capitalize()}" for k, v in CHOICES.items())
    for n, row in enumerate(rows, 1):
        event = _show(ctx, vigia, row, n, len(rows), threshold, w)
        while True:
            click.echo(prompt)
            choice = click.prompt("Decisión", type=click.Choice(list(CHOICES), case_sensitive=False),
                                  default="s", show_choices=False).lower()
            try:
                if choice == "a":
                    vigia.review_decision("accept", event["id"])
                    done["aceptados"] += 1
                    click.echo(f"Evento {event['id']} aceptado.")
                elif choice == "r":
                    vigia.review_decision("reject", event["id"])
                    done["rechazados"] += 1
                    click.echo(f"Evento {event['id']} rechazado: ya no cuenta en ninguna cifra.")
                elif choice == "c":
                    changes = _ask_corrections(event)
                    if not changes:
                        click.echo("Sin cambios.")
                        continue
                    vigia.review_decision("correct", event["id"], **changes)
                    done["corregidos"] += 1
                    click.echo(f"Evento {event['id']} corregido.")
                elif choice == "s":
                    done["saltados"] += 1
                else:
                    _report(done)
                    return
            except R.ReviewError as error:
                click.echo(f"Error: {error}", err=True)
                continue
            break
    _report(done)


def _report(done: dict) -> None:
    click.echo("Revisión: " + ", ".join(f"{n} {k}" for k, n in done.items()) + ".")


def _ask_corrections(event: dict) -> dict:
    """Ask for each field, the current value as default; returns only what changed."""
    changes: dict = {}
    kind = click.prompt(f"Clase ({', '.join(R.KINDS)})", default=event["kind"])
    if kind.strip() != event["kind"]:
        changes["kind"] = kind
    types = event["crime_types"] or ""
    typed = click.prompt(f"Tipos de delito (códigos separados por comas, {NONE}: ninguno)", default=types or NONE)
    if typed.strip() != (types or NONE):
        changes["crime_types"] = [] if typed.strip() == NONE else typed
    place = {}
    for key, label in (("department", "Departamento"), ("province", "Provincia"), ("district", "Distrito")):
        current = event[key] or NONE
        value = click.prompt(f"{label} ({NONE}: ninguno)", default=current).strip()
        place[key] = (None if value == NONE else value, value != current)
    if any(changed for _, changed in place.values()):
        department, province, district = (place[k][0] for k in ("department", "province", "district"))
        if district and place["district"][1] and not place["province"][1]:
            province = None  # a new district: its province is found from the gazetteer
        if not (department or province or district):
            raise R.ReviewError("a place cannot be removed here; give a department at least")
        changes.update(department=department, province=province, district=district)
    for key, label in (("deaths", "Fallecidos"), ("injured", "Heridos")):
        current = "" if event[key] is None else str(event[key])
        value = click.prompt(f"{label} (número; vacío: sin cambio)", default=current, show_default=bool(current))
        if value.strip() and value.strip() != current:
            try:
                changes[key] = int(value)
            except ValueError:
                raise R.ReviewError(f"bad value for {key}; expected a whole number from 0, got {value!r}") from None
    gangs = event["gangs"] or ""
    named = click.prompt(f"Bandas (separadas por comas, {NONE}: ninguna)", default=gangs or NONE)
    if named.strip() != (gangs or NONE):
        changes["gangs"] = [] if named.strip() == NONE else named
    return changes


@review.command()
@click.argument("event_id", type=_ID)
@click.option("--note", help="Why (kept in the event's history).")
@click.pass_context
def accept(ctx, event_id, note):
    """Accept an event as it is shown."""
    kept = _vigia(ctx).review_decision("accept", event_id, note=note)
    click.echo(f"Evento {kept} aceptado.")


@review.command()
@click.argument("event_id", type=_ID)
@click.option("--note", help="Why (kept in the event's history).")
@click.pass_context
def reject(ctx, event_id, note):
    """Reject an event: it leaves every total, and further reports of it join it."""
    kept = _vigia(ctx).review_decision("reject", event_id, note=note)
    click.echo(f"Evento {kept} rechazado: ya no cuenta en ninguna cifra.")


@review.command()
@click.argument("event_id", type=_ID)
@click.option("--kind", help=f"One of {', '.join(R.KINDS)}.")
@click.option("--type", "types", multiple=True, metavar="CODE",
              help=f"Crime type code (repeatable; '{NONE}' for none).")
@click.option("--department")
@click.option("--province")
@click.option("--district")
@click.option("--deaths", type=click.IntRange(0, R.MAX_INT))
@click.option("--injured", type=click.IntRange(0, R.MAX_INT))
@click.option("--gang", "gangs", multiple=True, metavar="NAME", help=f"Gang (repeatable; '{NONE}' for none).")
@click.option("--note", help="Why (kept in the event's history).")
@click.pass_context
def correct(ctx, event_id, kind, types, department, province, district, deaths, injured, gangs, note):
    """Correct an event's kind, crime types, place, casualties or gangs (kept across re-extraction)."""
    def listed(values):
        if not values:
            return None
        return [] if list(values) == [NONE] else [v for v in values if v != NONE]
    kept = _vigia(ctx).review_decision("correct", event_id, kind=kind, crime_types=listed(types),
                                       department=department, province=province, district=district,
                                       deaths=deaths, injured=injured, gangs=listed(gangs), note=note)
    click.echo(f"Evento {kept} corregido.")


@review.command("export")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="The JSON-lines file to write (models/corpus/labels.jsonl's format).")
@click.pass_context
def export_(ctx, output):
    """Write the review decisions as labelled examples for the classifier's training corpus
    (`models/classifier/corpus.py --extra-labels FILE`)."""
    report = _vigia(ctx).review_export(output)
    click.echo(f"{report.lines} ejemplos escritos en {output}"
               + (f"; {report.incomplete} artículos omitidos (reportan otro evento aún sin revisar)"
                  if report.incomplete else "") + ".")


def register(cli: click.Group) -> None:
    """Add ``review`` to the ``vigia`` group."""
    cli.add_command(review)

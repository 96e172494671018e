"""``vigia events``, ``stats``, ``gangs``, ``import`` and ``browse``: the event log's commands.

Registered on the main group by ``register(cli)`` (one line at the bottom of cli.py). Each
command parses, calls ``pipeline.queries`` / ``pipeline.events`` / ``pipeline.importer`` and
formats.
"""

from __future__ import annotations

import csv
import functools
import json
from datetime import datetime

import click
from rich.console import Console
from rich.table import Table

from . import queries
from .errors import VigiaError
from .review import awaits_review

console = Console()


def _vigia(ctx, *, create: bool = False):
    """The command's front door (``pipeline.app.Vigia``), the store checked first; only
    ``import`` may create the store (the others say there is no database)."""
    from .cli import Context
    return ctx.find_object(Context).vigia(create=create)


def _storage(ctx, *, create: bool = False):
    """The store; only ``import`` may create it (the others say there is no database)."""
    from .cli import Context
    return ctx.find_object(Context).storage(create=create)


def _plain(value) -> str:
    from .cli import plain
    return plain(value)


def _cell(value):
    """A table cell that is never read as markup: text from articles, feeds and names."""
    from .cli import cell
    return cell(value)


#: ids and counts given on the command line: at most SQLite's largest integer
_ID = click.IntRange(1, 2**63 - 1)


def filter_options(command):
    """The filters shared by ``events`` and ``stats``."""
    options = [
        click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this day."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this day."),
        click.option("--kind", help=f"One of {', '.join(queries.KINDS)}."),
        click.option("--type", "types", multiple=True, metavar="CODE",
                     help="Crime type code (repeatable: all must apply), e.g. homicide, extortion."),
        click.option("--department", help="Department (case and accents ignored)."),
        click.option("--province", help="INEI province name."),
        click.option("--district", help="INEI district name."),
        click.option("--gang", help="Canonical gang name or a registered alias."),
        click.option("--sector", help=f"Victims' sector: {', '.join(queries.SECTORS)}."),
        click.option("--min-deaths", type=click.IntRange(0, 2**63 - 1), metavar="N",
                     help="At least N deaths (shown figure)."),
        click.option("--search", metavar="WORDS", help="Words in the sources' text (all must appear)."),
    ]
    for option in reversed(options):
        command = option(command)

    @functools.wraps(command)
    def wrapper(*args, since, until, kind, types, department, province, district, gang, sector,
                min_deaths, search, **kwargs):
        filters = queries.Filters(since=since, until=until, kind=kind, types=tuple(types),
                                  department=department, province=province, district=district,
                                  gang=gang, sector=sector, min_deaths=min_deaths, search=search)
        return command(*args, filters=filters, **kwargs)
    return wrapper


def _figure(shown, low, high) -> str:
    if shown is None:
        return ""
    if low is not None and high is not None and low != high:
        return f"{shown} ({low}–{high})"
    return str(shown)


def _place(row) -> str:
    return ", ".join(p for p in (row.get("district"), row.get("province"), row.get("department")) if p)


def _events_table(rows: list[dict], threshold: float | None = None) -> Table:
    """The events, one a row. On a narrow console (80 columns) the kind, injured, gangs and
    sources columns are left out (``events show ID`` has them); no column folds a word across lines:
    text wraps between words, and a word too long for its column is cut with "…". An id marked
    "?" awaits review (confidence below ``review.threshold``; `vigia review`)."""
    from .cli import narrow
    compact = narrow(console.width)
    columns = (("id", "day", "types", "place", "deaths") if compact else
               ("id", "day", "kind", "types", "place", "deaths", "injured", "gangs", "src"))
    waiting = sum(awaits_review(r, threshold) for r in rows)
    title = f"{len(rows)} events" + (f" ({waiting} marked ? await review: vigia review)" if waiting else "")
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="ellipsis", no_wrap=column in ("id", "day", "deaths", "injured", "src"))
    if compact:  # the headline wraps between words and takes the room left
        table.add_column("headline", overflow="ellipsis", ratio=1)
    else:
        table.add_column("headline", overflow="ellipsis", no_wrap=True, ratio=2, min_width=20)
    for r in rows:
        marker = "?" if awaits_review(r, threshold) else ""
        values = {"id": f"{r['event_id']}{marker}", "day": _cell(r["occurred_on"]), "kind": _cell(r["kind"]),
                  "types": _cell((r["crime_types"] or "").replace(",", ", ")), "place": _cell(_place(r)),
                  "deaths": _figure(r["deaths"], r["deaths_low"], r["deaths_high"]),
                  "injured": _figure(r["injured"], r["injured_low"], r["injured_high"]),
                  "gangs": _cell((r["gangs"] or "").replace(",", ", ")), "src": str(r["sources"])}
        table.add_row(*(values[c] for c in columns), _cell(r["headline"]))
    return table


def _emit(rows: list[dict], fmt: str, threshold: float | None = None) -> None:
    if fmt == "table":
        console.print(_events_table(rows, threshold))
    else:
        click.echo(queries.render(rows, fmt), nl=False)
        if fmt in ("json", "geojson"):
            click.echo()


@click.group(invoke_without_command=True)
@filter_options
@click.option("--format", "fmt", type=click.Choice(queries.FORMATS), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(0, 2**63 - 1), default=100, show_default=True,
              help="At most this many events, latest first (0: all).")
@click.pass_context
def events(ctx, filters, fmt, limit):
    """List events (latest first), filtered; `events show ID` for one event and its sources."""
    if ctx.invoked_subcommand is not None:
        return
    vigia = _vigia(ctx)
    _emit(vigia.find_events(filters, limit=limit or None), fmt, vigia.settings.review.threshold)


@events.command()
@click.argument("event_id", type=_ID)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def show(ctx, event_id, fmt):
    """One event: its figures, every source (link, outlet, time, evidence, claims) and its history."""
    vigia = _vigia(ctx)
    detail = vigia.event(event_id)
    if detail is None:
        raise click.ClickException(f"no event {event_id}")
    merged = detail
    while merged["event"]["status"] == "merged":
        merged = vigia.event(merged["event"]["merged_into"])
    if fmt == "json":
        click.echo(json.dumps(merged, ensure_ascii=False, indent=2, default=str))
        return
    e = {k: _plain(v) if isinstance(v, str) else v for k, v in merged["event"].items()}
    if e["id"] != event_id:
        click.echo(f"event {event_id} was merged into event {e['id']}")
    click.echo(f"event {e['id']} ({e['status']}): {e['headline'] or ''}")
    click.echo(f"  {e['kind']}: {e['crime_types'] or '-'} on {e['occurred_on'] or 'unknown day'}")
    click.echo(f"  place: {_place(e) or 'unknown'} (precision: {e['place_level'] or 'none'}, "
               f"ubigeo {e['ubigeo'] or '-'}, lat/lon {e['lat']}, {e['lon']})")
    click.echo(f"  deaths: {_figure(e['deaths'], e['deaths_low'], e['deaths_high']) or 'not said'}; "
               f"injured: {_figure(e['injured'], e['injured_low'], e['injured_high']) or 'not said'} "
               "(latest report; lowest–highest claim)")
    zone = _zone(ctx)
    click.echo(f"  gangs: {e['gangs'] or '-'}; victims: {e['victim_sectors'] or '-'}; "
               f"first reported {_when(e['first_reported'], zone)}; {e['sources']} source(s)")
    from .cli import narrow
    sources = []
    for s in merged["sources"]:
        bound = "≥" if s["at_least"] else ""
        sources.append({"article": str(s["article_id"]), "published": _when(s["published"], zone, label=False),
                        "outlet": s["outlet"], "deaths": "" if s["deaths"] is None else f"{bound}{s['deaths']}",
                        "injured": "" if s["injured"] is None else f"{bound}{s['injured']}",
                        "evidence": s["evidence"] or "(re-extraction pending)",
                        "why": ("pinned; " if s["pinned"] else "") + (s["reason"] or "")
                        + (f" ({s['score']})" if s["score"] is not None else ""), "url": s["url"]})
    if narrow(console.width):  # one block a source: no column squeezed until words split
        from rich.padding import Padding
        console.print(f"sources ({len(sources)}, {_zone_caption(zone)}):")
        for s in sources:
            console.print(Padding(_cell(f"article {s['article']}, {s['outlet']}, {s['published']}; deaths "
                                        f"{s['deaths'] or '-'}, injured {s['injured'] or '-'}; {s['why']}"),
                                  (0, 0, 0, 2), expand=False))
            console.print(Padding(_cell(s["url"]), (0, 0, 0, 4), expand=False), overflow="fold")
            console.print(Padding(_cell(s["evidence"]), (0, 0, 0, 4), expand=False))
    else:
        table = Table(title="sources", caption=_zone_caption(zone), caption_justify="left")
        for column in ("article", "published", "outlet", "deaths", "injured", "evidence", "why", "url"):
            table.add_column(column, overflow="fold", no_wrap=column in ("article", "published"))
        for s in sources:
            table.add_row(*(_cell(s[c]) for c in ("article", "published", "outlet", "deaths", "injured",
                                                  "evidence", "why", "url")))
        console.print(table)
    click.echo("history:")
    for h in merged["history"]:
        click.echo(f"  {_when(h['at'], zone)} {h['action']}: {_plain(json.dumps(h['detail'], ensure_ascii=False))}")


def _zone(ctx) -> str:
    from .cli import Context
    return ctx.find_object(Context).settings.time.zone


def _zone_caption(zone: str) -> str:
    from .daemon import zone_caption
    return zone_caption(zone)


def _when(value, zone: str, *, label: bool = True) -> str:
    """A stored time (ISO text, UTC) in the configured zone with its name; text that is not a
    time is shown as it is."""
    from .daemon import local_time
    if not value:
        return "-"
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return _plain(value)
    return local_time(moment, zone, label=label)


@events.command()
@click.argument("event_id", type=_ID)
@click.option("--article", "articles", type=_ID, multiple=True, required=True, metavar="ARTICLE_ID",
              help="A source article to move to a new event (repeatable; see `events show`).")
@click.pass_context
def split(ctx, event_id, articles):
    """Split a wrong merge: the given sources become a new event. Kept across re-extraction."""
    new_id = _vigia(ctx).split_event(event_id, list(articles))
    click.echo(f"event {new_id} created from event {event_id} (sources {', '.join(map(str, articles))})")


@events.command()
@click.argument("keep_id", type=_ID)
@click.argument("other_id", type=_ID)
@click.pass_context
def merge(ctx, keep_id, other_id):
    """Merge a missed pair: OTHER_ID's sources join KEEP_ID. Kept across re-extraction."""
    kept = _vigia(ctx).merge_events(keep_id, other_id)
    click.echo(f"event {other_id} merged into event {kept}")


@events.command()
@click.pass_context
def regroup(ctx):
    """Group every source again in publication order (after an upgrade of the matching rules, or
    to undo the order feeds happened to arrive in). Splits and merges made by hand are kept."""
    changed, before, after = _vigia(ctx).regroup()
    click.echo(f"regrouped: {changed} events changed their sources; {before} events before, {after} now")


@click.command()
@filter_options
@click.option("--by", type=click.Choice(queries.STATS_BY), default="month", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True)
@click.pass_context
def stats(ctx, filters, by, fmt):
    """Counts of events, deaths and injured by month, week, department, province, type, gang or kind."""
    rows = _vigia(ctx).stats(filters, by)
    if fmt != "table":
        click.echo(queries.render(rows, fmt), nl=fmt in ("json",))
        return
    table = Table(title=f"events by {by}")
    for column in (by, "events", "deaths", "injured"):
        table.add_column(column, justify="left" if column == by else "right")
    for r in rows:
        table.add_row(_cell(r[by] or "(unknown)"), str(r["events"]), str(r["deaths"]), str(r["injured"]))
    console.print(table)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def gangs(ctx, fmt):
    """The gang registry with event counts, regions and last seen, plus candidates to review."""
    found = _vigia(ctx).gangs()
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table(title="gang registry (models/gangs.tsv)")
    for column in ("gang", "origin", "events", "deaths", "regions", "last seen"):
        table.add_column(column, overflow="fold")
    for r in found["registry"]:
        table.add_row(_cell(r["gang"]), _cell(r["origin"]), str(r["events"]), str(r["deaths"]),
                      _cell((r["departments"] or "").replace(",", ", ")), _cell(r["last_seen"]))
    console.print(table)
    table = Table(title="candidates awaiting review (add reviewed names to models/gangs.tsv)")
    for column in ("name", "articles", "regions", "last seen"):
        table.add_column(column, overflow="fold")
    for r in found["candidates"]:
        table.add_row(_cell(r["name"]), str(r["articles"]), _cell((r["departments"] or "").replace(",", ", ")),
                      _cell((r["last_seen"] or "")[:10]))
    console.print(table)


def _raise_csv_limit(file) -> None:
    """No CSV field can be longer than its file: let the csv module read fields up to the file's
    size (its default limit, 128 KiB, refuses a long article with a traceback), within a C long."""
    import os
    try:
        size = os.path.getsize(file)
    except OSError:
        return  # the importer names the missing file
    csv.field_size_limit(max(csv.field_size_limit(), min(size + 1, 2**31 - 1)))


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_context
def import_(ctx, file):
    """Load archived articles (JSONL or CSV: url, title, text, published), extract and merge them."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    _raise_csv_limit(file)
    vigia = _vigia(ctx, create=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage, done, total):
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            report = vigia.import_file(file, progress=progress)
        except csv.Error as error:  # read before anything is stored
            raise click.ClickException(f"{file}: not a readable CSV file: {error}") from None
    click.echo(f"{report.read} articles read: {report.new} new, {report.changed} changed, "
               f"{report.read - report.new - report.changed} already stored; {report.extracted} extracted; "
               f"events: {report.events_created} created, {report.events_joined} sources joined existing events")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open a browser window.")
@click.pass_context
def browse(ctx, host, port, open_browser):
    """Open the store in Datasette (install the extra: pip install 'vigia[browse]')."""
    import importlib.util
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from .cli import Context
    if importlib.util.find_spec("datasette") is None:
        raise click.ClickException("Datasette is not installed; install it with: pip install 'vigia[browse]'")
    path = Path(ctx.find_object(Context).settings.store.path)
    if not path.exists():
        raise click.ClickException(f"no database at {path}; run `vigia run --once` or `vigia import FILE` first")
    with _storage(ctx):
        pass  # applies pending migrations, so the views exist
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as meta:
        json.dump(queries.datasette_metadata(path.stem), meta, ensure_ascii=False)
    command = [sys.executable, "-m", "datasette", "serve", str(path), "--metadata", meta.name, "--host", host,
               "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]
    if open_browser:
        command.append("--open")
    try:
        raise SystemExit(subprocess.call(command))
    finally:
        Path(meta.name).unlink(missing_ok=True)


def register(cli: click.Group) -> None:
    """Add the event log's commands to the ``vigia`` group."""
    for command in (events, stats, gangs, import_, browse):
        cli.add_command(command)


__all__ = ["register", "VigiaError"]

"""The ``vigia`` command. Each command parses its arguments, calls the library and formats."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from . import logs
from .config import Settings, load_feeds, load_settings
from .errors import VigiaError

console = Console()


def _ago(value: datetime | None) -> str:
    if value is None:
        return "never"
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


class Context:
    def __init__(self, config: str | None, db: str | None, verbose: bool):
        self.config, self.db, self.verbose = config, db, verbose
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            import os
            env = dict(os.environ)
            if self.db:
                env["VIGIA_DB"] = self.db
            self._settings = load_settings(self.config, env=env)
            logs.configure(self._settings.log, verbose=self.verbose)
        return self._settings

    def database(self) -> Path | None:
        """The configured database path, for commands that do not open the store (``extract``):
        best effort, without configuring logs; None when no database can be told."""
        if self._settings is not None:
            return self._settings.store.path
        import os
        env = dict(os.environ)
        if self.db:
            env["VIGIA_DB"] = self.db
        try:
            return load_settings(self.config, env=env).store.path
        except VigiaError:
            raw = self.db or env.get("VIGIA_DB")
            return Path(raw) if raw else None

    def storage(self):
        from .storage import Storage
        store = self.settings.store
        return Storage(store.path, busy_timeout=store.busy_timeout, file_mode=int(store.file_mode, 8))


pass_ctx = click.make_pass_decorator(Context)


class VigiaGroup(click.Group):
    """Turns Vigía's own errors into one clear line and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VigiaError as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=VigiaGroup)
@click.option("--config", type=click.Path(dir_okay=False), envvar="VIGIA_CONFIG",
              help="User settings file (TOML) over config/default.toml.")
@click.option("--db", type=click.Path(dir_okay=False), help="Database path (or VIGIA_DB).")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.version_option(package_name="vigia")
@click.pass_context
def cli(ctx, config, db, verbose):
    """Vigía: a monitor of Peru's security crisis built from news feeds."""
    logs.quiet_known_warnings()
    ctx.obj = Context(config, db, verbose)


@cli.command()
@click.option("--once", is_flag=True, help="Do one full cycle (poll, extract, summary) and exit.")
@pass_ctx
def run(ctx: Context, once):
    """Run the daemon in the foreground (stop with Ctrl-C or SIGTERM)."""
    from .daemon import run_daemon
    report = run_daemon(ctx.settings, once=once)
    if report is not None:
        _print_polls(report.polls)
        click.echo(f"extracted {report.extracted} articles; {len(report.summaries)} summaries written")


def _print_polls(reports) -> None:
    for r in sorted(reports, key=lambda r: r.feed):
        if r.outcome == "error":
            click.echo(f"{r.feed}: error: {r.error}")
        elif r.outcome == "not_modified":
            click.echo(f"{r.feed}: not modified")
        else:
            warn = f" (warning: {r.error})" if r.error else ""
            click.echo(f"{r.feed}: {r.entries} entries, {r.new} new, {r.changed} changed{warn}")


@cli.command()
@click.option("--feed", "names", multiple=True, metavar="NAME", help="Only this feed (repeatable).")
@pass_ctx
def fetch(ctx: Context, names):
    """Poll feeds now, whether due or not."""
    from .daemon import Daemon
    daemon = Daemon(ctx.settings)
    try:
        known = {f.name for f in daemon.feeds}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise click.BadParameter(
                f"no feed named {', '.join(unknown)}; configured: {', '.join(sorted(known))}",
                param_hint="--feed")
        _print_polls(daemon.poll(only=list(names) or None, force=True))
    finally:
        daemon.close()


@cli.command()
@pass_ctx
def feeds(ctx: Context):
    """Each feed's health: last success, last error, failures, next poll, items seen."""
    with ctx.storage() as storage:
        storage.sync_feeds(load_feeds(ctx.settings.feeds.file))
        states = storage.feed_states()
    table = Table(title="Feeds")
    for column in ("feed", "outlet", "last success", "failures", "last error", "next poll", "items"):
        table.add_column(column, overflow="fold")
    for s in states:
        error = f"{_ago(s.last_error_at)}: {s.last_error}" if s.last_error else ""
        table.add_row(s.name, s.outlet, _ago(s.last_success),
                      f"[red]{s.failures}[/red]" if s.failures else "0", error,
                      _ago(s.next_due) if s.next_due else "now", str(s.items_seen))
    console.print(table)


@cli.command()
@pass_ctx
def status(ctx: Context):
    """Whether a daemon runs, database size, article counts, last poll, failing feeds."""
    from .lock import holder
    path = ctx.settings.store.path
    pid = holder(path)
    click.echo(f"daemon: {'running, pid ' + str(pid) if pid else 'not running'}")
    with ctx.storage() as storage:
        counts = storage.counts()
        failing = [s for s in storage.feed_states() if s.failures]
    click.echo(f"database: {path} ({counts.size_bytes / 1e6:.1f} MB)")
    click.echo(f"articles: {counts.articles} ({counts.pending} waiting for extraction), "
               f"mentions: {counts.mentions}")
    click.echo(f"feeds: {counts.feeds}, last poll: {_ago(counts.last_poll)}")
    if failing:
        click.echo(f"failing feeds ({len(failing)}):")
        for s in failing:
            click.echo(f"  {s.name}: {s.failures} in a row, {s.last_error}")
    else:
        click.echo("failing feeds: none")


@cli.command()
@click.option("--date", "day", help="The day, YYYY-MM-DD in Lima time (default: yesterday).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html"]), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@pass_ctx
def summary(ctx: Context, day, fmt, output):
    """The daily summary: the day's events, what changed, and the pipeline's health."""
    from zoneinfo import ZoneInfo
    from . import outputs
    from .summary import build_summary, render
    zone = ctx.settings.time.zone
    if output:  # refused before the store is opened: never onto the database, its companions
        outputs.check_target(output, database=ctx.settings.store.path)
    if day:
        try:
            when = datetime.strptime(day, "%Y-%m-%d").date()
        except ValueError:
            raise click.BadParameter(f"expected YYYY-MM-DD, got {day!r}", param_hint="--date")
    else:
        when = datetime.now(ZoneInfo(zone)).date() - timedelta(days=1)
    with ctx.storage() as storage:
        text = render(build_summary(storage, when, zone=zone), fmt)
    if output:
        outputs.write_text(output, text, database=ctx.settings.store.path,
                           mode=int(ctx.settings.store.file_mode, 8))
        click.echo(f"summary of {when} written to {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("destination", type=click.Path(dir_okay=False))
@pass_ctx
def backup(ctx: Context, destination):
    """Copy the store to DESTINATION (a new file), safely while the daemon runs."""
    from . import outputs
    database = ctx.settings.store.path
    outputs.check_target(destination, database=database)  # before the store is opened
    with ctx.storage() as storage, outputs.atomic_path(destination, database=database) as scratch:
        storage.backup(scratch, file_mode=int(ctx.settings.store.file_mode, 8))
    path = Path(destination)
    size = path.stat().st_size
    click.echo(f"backed up {ctx.settings.store.path} to {path} ({size / 1e6:.1f} MB)")


@cli.command()
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False),
              help="Articles, one JSON object a line: url, title, text, published.")
@click.option("--output", "output_path", type=click.Path(dir_okay=False),
              help="Events, one line per input line, in order (with --input).")
@click.option("--text", help="One text to read; prints its events with the evidence of each field. "
                             "Without --text or --input, the text is read from stdin.")
@click.option("--title", default="", help="Headline of --text.")
@click.option("--published", help="Publication date of --text, YYYY-MM-DD (resolves 'ayer', 'el lunes').")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 8),
              help="Worker processes for --input.")
@click.pass_context
def extract(click_ctx, input_path, output_path, text, title, published, processes):
    """Turn articles into events (the file contract of events-schema.md), or explain one text."""
    from . import extract as extraction
    from . import outputs
    logs.quiet_known_warnings()
    if input_path or output_path:
        if not (input_path and output_path):
            raise click.UsageError("--input and --output go together")
        if text:
            raise click.UsageError("use either --text or --input/--output")
        owner = click_ctx.find_object(Context)
        database = owner.database() if owner is not None else None
        # refused before the model loads: never onto the input, the database or its companions
        outputs.check_target(output_path, database=database, inputs=[input_path])
        count = extraction.extract_file(input_path, output_path, progress=True, n_process=processes,
                                        database=database)
        click.echo(f"{count} articles read, events written to {output_path}", err=True)
        return
    if published:
        try:
            datetime.strptime(published, "%Y-%m-%d")
        except ValueError:
            raise click.BadParameter(f"expected YYYY-MM-DD, got {published!r}", param_hint="--published")
    if text is None:
        if sys.stdin.isatty():
            raise click.UsageError("give --text, --input/--output, or a text on stdin")
        text = sys.stdin.read()
    found = extraction.explain(text, published=published, title=title or None)
    if not found:
        click.echo("no event: nothing to report in this text")
    for number, item in enumerate(found, 1):
        event = item.event
        click.secho(f"event {number}: {event['kind']}", bold=True)
        for key in ("crime_types", "department", "province", "district", "ubigeo", "place_text", "gangs",
                    "deaths", "injured", "victim_sectors", "occurred_on"):
            value = event.get(key)
            shown = ", ".join(value) if isinstance(value, list) else ("—" if value is None else value)
            click.echo(f"  {key:15} {shown}")
        if item.gang_candidates:
            click.echo(f"  {'new gangs':15} {', '.join(item.gang_candidates)} (not in the registry yet)")
        click.echo("  evidence:")
        for key, sentence in item.evidence.items():
            if sentence:
                click.echo(f"    {key}: {sentence}")


@cli.command()
@click.option("--since", help="Only articles published since this date, YYYY-MM-DD.")
@pass_ctx
def reextract(ctx: Context, since):
    """Run extraction again over stored articles after the extractor changed (idempotent)."""
    from . import process
    from .extract import EXTRACTOR_VERSION, load_pipeline
    start = None
    if since:
        try:
            start = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        except ValueError:
            raise click.BadParameter(f"expected YYYY-MM-DD, got {since!r}", param_hint="--since")
    regions = {f.name: f.region for f in load_feeds(ctx.settings.feeds.file)}
    with ctx.storage() as storage:
        done = process.reextract(storage, since=start, nlp=load_pipeline(), regions=regions,
                                 batch_size=ctx.settings.extract.batch_size)
        counts = storage.counts()
    click.echo(f"re-extracted {done} articles with extractor {EXTRACTOR_VERSION}; "
               f"{counts.mentions} mentions in the store")


def main() -> None:
    cli(prog_name="vigia")


if __name__ == "__main__":
    main()


from .cli_events import register; register(cli)  # noqa: E402,E702  the event log commands

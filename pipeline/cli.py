"""The ``vigia`` command. Each command parses its arguments, calls the front door (``Vigia``,
``pipeline.app``, one per command: ``ctx.vigia()``) and formats."""

from __future__ import annotations

from .daemon import handle_signals_early; handle_signals_early()  # noqa: E702  first: `vigia run` stops cleanly on SIGTERM

import os
import re
import sqlite3
import stat
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import logs
from .config import Settings, load_settings
from .errors import VigiaError

if TYPE_CHECKING:
    from .app import Vigia

console = Console()

#: the largest integer SQLite stores: ids, limits and counts given on the command line stay below it
MAX_INT = 2**63 - 1
#: C0 and C1 control characters (terminal escapes among them) and the bidirectional overrides
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(value) -> str:
    """A string that came from outside (article, feed, error, gang name, URL) made safe for the
    terminal: line breaks and tabs become spaces, other control characters (escape sequences) are
    dropped. Print it with click.echo or as ``cell(value)`` in a rich table, never as markup."""
    if value is None:
        return ""
    return _CONTROL.sub(lambda m: " " if m.group() in "\t\n\r" else "", str(value))


def plain_lines(text: str) -> str:
    """A whole document for the terminal (``summary`` on stdout): lines and tabs kept, every
    other control character dropped."""
    return _CONTROL.sub(lambda m: m.group() if m.group() in "\t\n" else "", text)


def cell(value, style: str = "") -> Text:
    """A rich table cell that is never read as markup (``[/]``, ``[link=…]`` stay text)."""
    return Text(plain(value), style=style)


def _ago(value: datetime | None, zone: str, *, label: bool = True, short: bool = False) -> str:
    """A stored (UTC) time in the configured zone, ``2026-12-01 05:47 America/Lima``."""
    from .daemon import local_time
    return local_time(value, zone, label=label, short=short)


def narrow(width: int | None = None) -> bool:
    """Whether the console is too narrow for every column of a wide table (an 80-column
    terminal): tables then show fewer columns, and never split a word across lines."""
    return (console.width if width is None else width) < 120


class Context:
    def __init__(self, config: str | None, db: str | None, verbose: bool):
        self.config, self.db, self.verbose = config, db, verbose
        self._settings: Settings | None = None
        self._app: Vigia | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            import os
            env = dict(os.environ)
            if self.db is not None:
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
        if self.db is not None:
            env["VIGIA_DB"] = self.db
        try:
            return load_settings(self.config, env=env).store.path
        except VigiaError:
            raw = self.db or env.get("VIGIA_DB")
            return Path(raw) if raw else None

    def check_store(self, *, create: bool = False) -> Path:
        """The database path, checked before the store is opened (see ``check_store``)."""
        store = self.settings.store
        check_store(store.path, create=create, busy_timeout=store.busy_timeout)
        return store.path

    @property
    def app(self) -> Vigia:
        """The command's front door, made on first use, nothing opened yet (its store is opened
        when first used, read-only for the commands that only read: READ_ONLY_COMMANDS).
        ``vigia()`` checks the store first; use this alone for what needs no store (the clock)."""
        if self._app is None:
            from .app import Vigia
            click_ctx = click.get_current_context(silent=True)
            readonly = getattr(click_ctx, "info_name", None) in READ_ONLY_COMMANDS
            self._app = Vigia(self.settings, readonly=readonly)
            if click_ctx is not None:
                click_ctx.call_on_close(self._app.close)
        return self._app

    def vigia(self, *, create: bool = False) -> Vigia:
        """The front door, its store path checked first (``check_store``). Only commands that
        bring articles in (``import``, ``run``, ``fetch``) may create the store; the others need one."""
        self.check_store(create=create)
        return self.app

    def storage(self, *, create: bool = False):
        """A connection to the store for a command, which closes it (the event log's commands)."""
        return self.vigia(create=create).open_storage()


def check_store(path: Path, *, create: bool, busy_timeout: float = 5.0) -> None:
    """Refuse, with one line, a database path that Storage must not open: a missing file for a
    command that only reads (it would create folders and an empty store), something that is not
    a file, a file that is not SQLite, or another application's SQLite file (Vigía's migrations
    would add their tables to it). A file that cannot be read here is left to Storage to report."""
    from .storage import migrations
    path = Path(path)
    try:
        found = os.stat(path)
    except FileNotFoundError:
        if create:
            return
        raise click.ClickException(
            f"no database at {path}; check --db (or VIGIA_DB), or make one with `vigia run --once` "
            "or `vigia import FILE`") from None
    except (OSError, ValueError) as error:  # a name too long, a folder that is a file, a NUL byte
        raise click.ClickException(f"cannot use {path} as the database: {_reason(error)}") from None
    if stat.S_ISDIR(found.st_mode):
        raise click.ClickException(f"{path} is a folder, not a database")
    if not stat.S_ISREG(found.st_mode):
        raise click.ClickException(f"{path} is not a regular file, not a database")
    for suffix, label in _COMPANIONS.items():  # db/vigia.db-wal typed for db/vigia.db
        main = path.with_name(path.name[:-len(suffix)]) if path.name.endswith(suffix) else None
        if main is not None and main.name and main.is_file():
            raise click.ClickException(f"{path} is {label} of the database {main}, not a database; "
                                       f"use --db {main}")
    if found.st_size == 0 and not create:
        raise click.ClickException(f"{path} is an empty file, not a Vigía database; check --db (or VIGIA_DB)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=max(busy_timeout, 0.1))
        try:
            tables = [name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%'")]
            ours = migrations.migrations_table in tables and conn.execute(
                f"SELECT 1 FROM [{migrations.migrations_table}] WHERE migration_set = ? LIMIT 1",
                (migrations.name,)).fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error) or "encrypted" in str(error):
            raise click.ClickException(f"{path} is not a SQLite database ({error}); check --db (or VIGIA_DB)")
        return  # locked or unreadable: Storage says so in its own words
    if tables and not ours:
        raise click.ClickException(
            f"{path} is not a Vigía store: it holds another application's tables "
            f"({', '.join(sorted(tables)[:3])}{', …' if len(tables) > 3 else ''}); "
            "refusing to add Vigía's tables to it")


#: the files SQLite and the daemon keep beside a database (outputs.COMPANIONS, without the database)
_COMPANIONS = {"-wal": "the write-ahead log", "-shm": "the shared-memory index", "-journal": "the rollback journal",
               ".lock": "the daemon lock"}

#: Commands that only read the store: they open it read-only (see Storage's readonly mode).
READ_ONLY_COMMANDS = {"status", "summary", "backup", "events", "show", "stats", "gangs"}

pass_ctx = click.make_pass_decorator(Context)


class VigiaGroup(click.Group):
    """Turns Vigía's own errors into one clear line and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VigiaError as error:
            raise click.ClickException(str(error)) from error
        except OSError as error:  # the file system or the network said no: one line, not a traceback
            raise click.ClickException(_reason(error)) from error


def _reason(error: Exception) -> str:
    """An OSError as a person reads it: what went wrong and with which file."""
    if isinstance(error, OSError) and error.strerror:
        names = [n for n in (error.filename, error.filename2) if n is not None]
        return f"{error.strerror}: {' → '.join(map(plain, map(os.fsdecode, names)))}" if names else error.strerror
    return plain(str(error)) or type(error).__name__


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
    if db is not None and not db.strip():
        raise click.BadParameter("expected a database path, got an empty string", param_hint="--db")
    ctx.obj = Context(config, db, verbose)


@cli.command()
@click.option("--once", is_flag=True, help="Do one full cycle (poll, extract, summary) and exit.")
@pass_ctx
def run(ctx: Context, once):
    """Run the daemon in the foreground (stop with Ctrl-C or SIGTERM)."""
    from .daemon import run_daemon
    ctx.check_store(create=True)
    report = run_daemon(ctx.settings, once=once)
    if report is not None:
        _print_polls(report.polls)
        _print_round(report, ctx.settings.time.zone)
        click.echo(f"extracted {report.extracted} articles; {len(report.summaries)} summaries written")


def _print_round(report, zone: str) -> None:
    """What the poll step of ``run --once`` did: feeds polled and failed, feeds skipped because
    they back off after failures (each with when it is next due) or were polled recently, and the
    network hint when every feed is failing."""
    from .daemon import all_failing_hint, in_words, local_time
    if report.stopped and not report.feeds:
        return
    failed = sum(r.outcome == "error" for r in report.polls)
    backed_off = report.backed_off
    recent = [s for s in report.skipped if not s.failures]
    line = (f"feeds: {len(report.polls)} of {len(report.feeds)} polled ({len(report.polls) - failed} ok, "
            f"{failed} failed), {len(backed_off)} skipped as backed off")
    if recent:
        soonest = recent[0].next_due
        line += (f", {len(recent)} not due yet (next {local_time(soonest, zone)}, "
                 f"{in_words(((soonest or report.now) - report.now).total_seconds())})")
    click.echo(line)
    for s in backed_off:
        wait = in_words(((s.next_due or report.now) - report.now).total_seconds())
        click.echo(f"  {plain(s.name)}: skipped, backed off after {s.failures} failure"
                   f"{'s' if s.failures != 1 else ''} in a row; next due {local_time(s.next_due, zone)} ({wait})")
    hint = all_failing_hint(report.feeds)
    if hint:
        click.echo(plain(hint))


def _print_polls(reports) -> None:
    for r in sorted(reports, key=lambda r: r.feed):
        if r.outcome == "error":
            click.echo(f"{plain(r.feed)}: error: {plain(r.error)}")
        elif r.outcome == "not_modified":
            click.echo(f"{plain(r.feed)}: not modified")
        else:
            warn = f" (warning: {plain(r.error)})" if r.error else ""
            click.echo(f"{plain(r.feed)}: {r.entries} entries, {r.new} new, {r.changed} changed{warn}")


@cli.command()
@click.option("--feed", "names", multiple=True, metavar="NAME", help="Only this feed (repeatable).")
@pass_ctx
def fetch(ctx: Context, names):
    """Poll feeds now, whether due or not."""
    with ctx.vigia(create=True) as vigia:
        vigia.sync_feeds()
        known = {f.name for f in vigia.feeds}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise click.BadParameter(
                f"no feed named {', '.join(map(plain, unknown))}; configured: {', '.join(map(plain, sorted(known)))}",
                param_hint="--feed")
        _print_polls(vigia.poll_now(list(names) or None))


@cli.command()
@pass_ctx
def feeds(ctx: Context):
    """Each feed's health: last success, last error, failures, next poll, items seen."""
    with ctx.vigia() as vigia:
        vigia.sync_feeds()
        states = vigia.feed_states()
    zone = ctx.settings.time.zone
    compact = narrow()
    table = Table(title="Feeds", caption=_zone_caption(zone), caption_justify="left")
    # No column folds a word: names are cut with "…", times and counts never wrap.
    table.add_column("feed", overflow="ellipsis", no_wrap=True, min_width=8)
    if not compact:
        table.add_column("outlet", overflow="ellipsis")
    table.add_column("last success", no_wrap=True)
    table.add_column("fails" if compact else "failures", no_wrap=True, justify="right")
    if not compact:
        table.add_column("last error", overflow="ellipsis", ratio=1, min_width=20)
    table.add_column("next poll", no_wrap=True)
    table.add_column("items", no_wrap=True, justify="right")
    for s in states:
        row: list[Text | str] = [cell(s.name)]
        if not compact:
            row.append(cell(s.outlet))
        row += [_ago(s.last_success, zone, label=False, short=compact),
                cell(s.failures, "red") if s.failures else "0"]
        if not compact:
            row.append(cell(f"{_ago(s.last_error_at, zone, label=False)}: {s.last_error}" if s.last_error else ""))
        row += [_ago(s.next_due, zone, label=False, short=compact) if s.next_due else "now", str(s.items_seen)]
        table.add_row(*row)
    console.print(table)
    errors = [s for s in states if s.last_error] if compact else []
    if errors:  # below the table when it is narrow: wrapped between words, indented
        from rich.padding import Padding
        console.print("last errors:")
        for s in errors:
            console.print(Padding(cell(f"{s.name}, {_ago(s.last_error_at, zone, label=False)}:"), (0, 0, 0, 2),
                                  expand=False))
            console.print(Padding(cell(s.last_error, "red" if s.failures else ""), (0, 0, 0, 4), expand=False))


def _zone_caption(zone: str) -> str:
    from .daemon import zone_caption
    return zone_caption(zone)


@cli.command()
@pass_ctx
def status(ctx: Context):
    """Whether a daemon runs, database size, article counts, last poll, failing feeds."""
    from .lock import describe
    path = ctx.check_store()  # before the lock is looked at: a mistyped path is one line
    click.echo(f"daemon: {describe(path)}")  # "unknown" when the lock file is not readable
    with ctx.vigia() as vigia:
        counts = vigia.counts()
        failing = [s for s in vigia.feed_states() if s.failures]
    click.echo(f"database: {path} ({counts.size_bytes / 1e6:.1f} MB)")
    click.echo(f"articles: {counts.articles} ({counts.pending} waiting for extraction), "
               f"mentions: {counts.mentions}")
    zone = ctx.settings.time.zone
    click.echo(f"feeds: {counts.feeds}, last poll: {_ago(counts.last_poll, zone)}")
    if failing:
        click.echo(f"failing feeds ({len(failing)}):")
        for s in failing:
            click.echo(f"  {plain(s.name)}: {s.failures} in a row, {plain(s.last_error)}")
    else:
        click.echo("failing feeds: none")


@cli.command()
@click.option("--date", "day", help="The day, YYYY-MM-DD in Lima time (default: yesterday).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html"]), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@pass_ctx
def summary(ctx: Context, day, fmt, output):
    """The daily summary: the day's events, what changed, and the pipeline's health."""
    from . import outputs
    from .summary import render
    if output:  # refused before the store is opened: never onto the database, its companions
        outputs.check_target(output, database=ctx.settings.store.path)
    today = ctx.app.today()  # in time.zone, by the front door's clock
    if day:
        try:
            when = datetime.strptime(day, "%Y-%m-%d").date()
        except ValueError:
            raise click.BadParameter(f"expected YYYY-MM-DD, got {day!r}", param_hint="--date")
        first, last = date(1990, 1, 1), today + timedelta(days=1)  # decide.EARLIEST_PUBLISHED
        if not first <= when <= last:
            raise click.BadParameter(f"expected a day from {first} to {last} (tomorrow), got {day}",
                                     param_hint="--date")
    else:
        when = today - timedelta(days=1)
    with ctx.vigia() as vigia:
        text = render(vigia.summary(when), fmt, ctx.settings.summary.language)
    if output:
        outputs.write_text(output, text, database=ctx.settings.store.path,
                           mode=int(ctx.settings.store.file_mode, 8))
        click.echo(f"summary of {when} written to {output}", err=True)
    else:
        click.echo(plain_lines(text), nl=False)


@cli.command()
@click.argument("destination", type=click.Path(dir_okay=False))
@pass_ctx
def backup(ctx: Context, destination):
    """Copy the store to DESTINATION (a new file), safely while the daemon runs."""
    from . import outputs
    database = ctx.settings.store.path
    outputs.check_target(destination, database=database)  # before the store is opened
    with ctx.vigia() as vigia:
        path = vigia.backup(destination)
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
        _check_utf8(Path(input_path))  # before the model loads
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
            shown = ", ".join(map(plain, value)) if isinstance(value, list) else (
                "—" if value is None else plain(value))
            click.echo(f"  {key:15} {shown}")
        if item.gang_candidates:
            click.echo(f"  {'new gangs':15} {', '.join(map(plain, item.gang_candidates))} "
                       "(not in the registry yet)")
        # Each sentence once, in the order first used, with the fields that rest on it.
        by_sentence: dict[str, list[str]] = {}
        for key, sentence in item.evidence.items():
            if sentence:
                by_sentence.setdefault(sentence, []).append(key)
        if by_sentence:
            click.echo("  evidence:")
        for sentence, keys in by_sentence.items():
            click.echo(f"    {plain(sentence)}")
            click.echo(f"      for: {', '.join(map(plain, keys))}")


def _check_utf8(path: Path) -> None:
    """One line naming the file and the byte when it is not UTF-8 text (a binary file)."""
    import codecs
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                pending = len(decoder.getstate()[0])  # bytes of a character cut by the last chunk
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    raise click.ClickException(
                        f"{path}: not UTF-8 text ({error.reason} at byte {offset - pending + error.start}); "
                        "expected one JSON article a line") from None
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{path}: not UTF-8 text ({error.reason} at the end of the file)") from None
    except OSError as error:
        raise click.ClickException(f"cannot read {path}: {error.strerror}") from None


@cli.command()
@click.option("--since", help="Only articles published since this date, YYYY-MM-DD.")
@pass_ctx
def reextract(ctx: Context, since):
    """Run extraction again over stored articles after the extractor changed (idempotent)."""
    from .extract import EXTRACTOR_VERSION
    start = None
    if since:
        try:
            start = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        except ValueError:
            raise click.BadParameter(f"expected YYYY-MM-DD, got {since!r}", param_hint="--since")
    ctx.app.feeds  # the feed list is read (and a bad one named) before the store is checked
    with ctx.vigia() as vigia:
        done = vigia.reextract(since=start)
        counts = vigia.counts()
    click.echo(f"re-extracted {done} articles with extractor {EXTRACTOR_VERSION}; "
               f"{counts.mentions} mentions in the store")


def main() -> None:
    cli(prog_name="vigia")


from .cli_events import register; register(cli)  # noqa: E402,E702  the event log commands
from .cli_review import register as register_review; register_review(cli)  # noqa: E402,E702  vigia review

if __name__ == "__main__":  # after the registrations: `python -m pipeline.cli import …` works too
    main()

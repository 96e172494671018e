"""The ``vigia`` command. Each command parses its arguments, calls the library and formats."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
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


def main() -> None:
    cli(prog_name="vigia")


if __name__ == "__main__":
    main()


from .cli_events import register; register(cli)  # noqa: E402,E702  the event log commands

"""A property-based fuzzer of the ``vigia`` command (issue 11, "A harness of our own").

Every command but ``run`` and ``browse`` is driven, in-process through click's CliRunner (and a
few times as a real process), with generated options, dates, numbers (huge, negative, zero),
paths (missing, folders, the database itself and its companions, unicode, a FIFO, names too long
for the file system), text (rich markup, control characters, undecodable bytes, huge and deeply
nested JSON) and settings (files and VIGIA_* variables with hostile values), against a real store
in a temporary folder made by ``vigia import`` of a few articles written here.

Every invocation must end with exit status 0, 1 or 2 and no traceback, and leave the store intact
(``PRAGMA integrity_check``) with the same rows in every table when the command failed or only
reads. Bounded: each test has a fixed number of derandomized examples (the whole file runs in
about a minute on two cores) and no deadline, so CI is not flaky.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]

settings.register_profile(
    "cli-fuzz", deadline=None, derandomize=True, database=None, print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
FUZZ = settings.get_profile("cli-fuzz")


def examples(n: int):
    return settings(FUZZ, max_examples=n)


# --- the world: a store made by `vigia import`, and the files the paths point at ---------------

ARTICLES = [
    {"url": "https://diario.example/policiales/trujillo-ataque-combi",
     "title": "Trujillo: atacan a balazos a chofer de combi [/] de la ruta 7",
     "text": "Un chofer de la empresa de transportes El Sol murió y dos pasajeros resultaron heridos tras un "
             "ataque a balazos en el distrito de La Esperanza, en Trujillo, la noche del lunes. La Policía "
             "investiga si la banda Los Pulpos está detrás del crimen por el cobro de cupos.",
     "published": "2026-03-10"},
    {"url": "https://otro.example/noticias/la-esperanza-chofer-asesinado",
     "title": "Asesinan a chofer en La Esperanza [link=https://phish.example]video[/link]",
     "text": "Un conductor de combi fue asesinado a balazos en La Esperanza, Trujillo. Dos pasajeros quedaron "
             "heridos. Los vecinos señalan a Los Pulpos, que exigía cupos a la empresa El Sol.",
     "published": "2026-03-10"},
    {"url": "https://diario.example/lima/extorsion-bodega-sjl",
     "title": "Extorsionadores lanzan explosivo contra bodega en San Juan de Lurigancho",
     "text": "Desconocidos lanzaron un artefacto explosivo contra una bodega en San Juan de Lurigancho, Lima, "
             "la madrugada del martes. No hubo heridos. El dueño denunció que recibía mensajes extorsivos "
             "\x1b[31mde la banda Los Injertos[/bold].",
     "published": "2026-03-11"},
    {"url": "https://sur.example/arequipa/mineros-asesinados-pataz",
     "title": "Hallan sin vida a trece mineros secuestrados en Pataz",
     "text": "Trece trabajadores de una empresa minera fueron hallados sin vida en un socavón de Pataz, "
             "La Libertad. Según la Policía, fueron secuestrados por una organización criminal dedicada a "
             "la minería ilegal.",
     "published": "2026-04-28"},
]
UNREACHABLE = "http://127.0.0.1:9/rss"   # the discard port: nothing listens, the connection is refused


def vigia(args, *, input=None, env=None):
    """One in-process run; exceptions are kept in the result (see ``check``)."""
    runner = CliRunner()
    if isinstance(input, str):  # lone surrogates reach the command as the invalid bytes they stand for
        input = input.encode("utf-8", errors="surrogatepass")
    return runner.invoke(cli, list(args), input=input, catch_exceptions=True,
                         env={"VIGIA_DB": None, "VIGIA_CONFIG": None, **(env or {})})


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    feeds = root / "feeds.toml"
    feeds.write_text(f'[[feed]]\nname = "caído[/]"\noutlet = "Diario [bold]Caído"\nurl = "{UNREACHABLE}"\n'
                     f'[[feed]]\nname = "sur"\noutlet = "Sur"\nurl = "{UNREACHABLE}?x=1"\n', encoding="utf-8")
    config = root / "user.toml"
    config.write_text(
        f'[feeds]\nfile = "{feeds}"\n[http]\nconnect_timeout = 1.0\nread_timeout = 1.0\n'
        f'total_timeout = 2.0\nhost_delay = 0.0\n[summary]\ndir = "{root / "summaries"}"\n', encoding="utf-8")
    articles = root / "articles.jsonl"
    articles.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    base = root / "base.db"
    for args in (["import", str(articles)], ["feeds"]):
        result = vigia(["--config", str(config), "--db", str(base), *args])
        assert result.exit_code == 0, (result.output, result.exception)
    conn = sqlite3.connect(base)
    try:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] >= 2
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    other = root / "other.sqlite"  # another application's database
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recetas (nombre TEXT)")
    conn.commit()
    conn.close()
    return {"root": root, "config": config, "articles": articles, "base": base, "other": other,
            "feeds": feeds}


@contextlib.contextmanager
def example(world):
    """A fresh copy of the store in a fresh folder (the current directory while it runs), with
    the files that the generated paths name."""
    folder = Path(tempfile.mkdtemp(dir=world["root"], prefix="ex-"))
    previous = os.getcwd()
    try:
        db = folder / "vigia.db"
        shutil.copyfile(world["base"], db)
        shutil.copyfile(world["articles"], folder / "articles.jsonl")
        shutil.copyfile(world["articles"], folder / "artículos ñandú [b].jsonl")
        (folder / "articles.csv").write_text(
            "url,title,text,published\nhttps://csv.example/a,Robo en Tumbes,Asaltan una tienda en Tumbes,2026-03-12\n",
            encoding="utf-8")
        (folder / "garbage.bin").write_bytes(bytes(range(256)) * 8)
        (folder / "empty.txt").write_bytes(b"")
        (folder / "existing.txt").write_text("ya estaba\n", encoding="utf-8")
        (folder / "sub").mkdir()
        os.mkfifo(folder / "fifo")
        os.chdir(folder)
        yield folder
    finally:
        os.chdir(previous)
        shutil.rmtree(folder, ignore_errors=True)


def resolve(token: str, folder: Path, world) -> str:
    """A generated argument: placeholders (``\\0name``) become paths of this example."""
    if not token.startswith("\0"):
        return token
    name = token[1:]
    db = folder / "vigia.db"
    return str({
        "db": db, "wal": f"{db}-wal", "shm": f"{db}-shm", "lock": f"{db}.lock", "journal": f"{db}-journal",
        "db-other-spelling": folder / "sub" / ".." / "vigia.db",
        "missing": folder / "no-such.db", "missing-folder": folder / "no" / "such" / "file.db",
        "folder": folder / "sub", "unicode-new": folder / "ñandú ☃ [link=x] \u202e.out",
        "new": folder / "new.out", "existing": folder / "existing.txt", "garbage": folder / "garbage.bin",
        "empty": folder / "empty.txt", "other-app": world["other"], "jsonl": folder / "articles.jsonl",
        "jsonl-unicode": folder / "artículos ñandú [b].jsonl", "csv": folder / "articles.csv",
        "hostile": folder / "hostile.jsonl", "hostile-csv": folder / "hostile.csv",
        "config": world["config"], "fifo": folder / "fifo", "long": folder / ("x" * 300),
        "surrogate": folder / "mal\udcff.out", "dash": "-",
    }[name])


# --- generated values --------------------------------------------------------------------------

MARKUP = ["[/]", "[link=https://phish.example/login]ver[/link]", "[bold red]", "[/bold]", "[", "]", "\\[",
          "\x1b[31m", "\x1b]8;;https://x.example\x07y\x1b]8;;\x07", "\u202e", "\r", "\t", "\n", "\x07", "\x9b",
          "\x7f", "ñandú", "Ø", "%s", "{0}", "'", '"', "\\", "--help", "-", "--", "*", "%", "_", "NEAR(",
          '"fts" OR', "AND", "^", "\udcff", "\U0001F480", "Niño\u0301", " ", ""]
#: text a person (or a script) could put on a command line: anything but NUL
ARG_TEXT = st.one_of(
    st.sampled_from(MARKUP),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30),
    st.lists(st.sampled_from(MARKUP), min_size=2, max_size=6).map("".join),
    st.sampled_from(["x" * 100_000, "[" * 5000, json.dumps(list(range(3000)))]),
)
NUMBERS = st.one_of(
    st.sampled_from(["0", "1", "2", "3", "5", "10"]),
    st.sampled_from(["0", "1", "2", "3", "4", "5", "-1", str(2**63 - 1), str(2**63), str(2**64),
                     str(10**40), str(-2**63), "1e3", "nan", "inf", " 7", "0x10", "١٢", "", "abc", "3.5"]),
    st.integers(-10**20, 10**20).map(str))
IDS = st.one_of(st.sampled_from(["1", "2", "3", "4"]), NUMBERS)
DATES = st.one_of(
    st.sampled_from(["2026-03-10", "2026-03-11", "2026-04-28", "2026-01-01", "2025-12-31"]),
    st.sampled_from(["2026-03-10", "2026-03-11", "2026-04-28", "0001-01-01", "9999-12-31", "1990-01-01",
                     "1989-12-31", "2026-02-30", "2026-13-01", "10000-01-01", "-2026-01-01", "2026-3-1",
                     "20260310", "2026-03-10T00:00", "ayer", "", " 2026-03-10", "2026-03-10\n"]),
    st.dates().map(lambda d: d.isoformat()),
    ARG_TEXT)
DB_PATHS = st.sampled_from(["\0db"] * 8 + ["\0missing", "\0missing-folder", "\0folder", "\0garbage", "\0empty",
                                           "\0other-app", "\0jsonl", "\0wal", "\0fifo", "\0long", "\0unicode-new",
                                           "\0surrogate", "\0db-other-spelling", ""])
OUTPUTS = st.sampled_from(["\0new", "\0unicode-new", "\0existing", "\0db", "\0wal", "\0shm", "\0lock", "\0journal",
                           "\0db-other-spelling", "\0jsonl", "\0folder", "\0missing-folder", "\0fifo", "\0long",
                           "\0surrogate", "\0dash", "\0config", ""])
INPUTS = st.sampled_from(["\0jsonl", "\0jsonl-unicode", "\0csv", "\0hostile", "\0hostile", "\0hostile",
                          "\0hostile-csv", "\0garbage", "\0empty", "\0missing", "\0folder", "\0db", "\0wal", "\0long",
                          "\0surrogate", ""])
JUNK = st.sampled_from(["--nope", "extra", "--limit", "--format", "-v", "--help", "--", "--db"])


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def json_value(leaf):
    return st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_leaves=8)


FILE_TEXT = st.one_of(st.text(max_size=40), st.sampled_from(MARKUP + ["\x00", "\ufeff", "\ud800"]),
                      st.just("ñ" * 200_000))
URLS = st.one_of(st.builds(lambda n: f"https://fuzz.example/nota-{n}", st.integers(0, 3)),
                 st.builds(lambda n: f"https://fuzz.example/nota-{n}", st.integers(0, 3)),
                 st.sampled_from(["https://diario.example/policiales/trujillo-ataque-combi", "javascript:alert(1)",
                                  "ftp://x.example/a", "http://", "https://[::1", "http://x.example:99999/",
                                  "https://amp.diario.example/a/amp", "HTTPS://Diario.Example/Nota#x",
                                  "https://ñandú.example/ñ?utm_source=x", "http://a.example/" + "a" * 5000,
                                  " https://pad.example/ ", ""]),
                 st.builds(lambda p: f"https://fuzz.example/{p}", st.text(max_size=20)), FILE_TEXT)
ARTICLE = st.fixed_dictionaries(
    {"url": st.one_of(URLS, URLS, URLS, json_value(st.integers())),
     "title": st.one_of(FILE_TEXT, st.none(), st.integers()),
     "text": st.one_of(FILE_TEXT, st.sampled_from([a["text"] for a in ARTICLES] + ["Asesinan a balazos a un chofer "
                       "en Trujillo el 31 de febrero. [/] " * 3, "Murieron 99999999999999999999 personas en Lima."]),
                       st.lists(st.sampled_from(MARKUP + [a["text"] for a in ARTICLES]), max_size=6).map(" ".join)),
     "published": st.one_of(DATES, st.none(), st.integers(-10**30, 10**30), st.floats(),
                            st.just("2026-03-12T10:00:00-05:00"), st.just("0001-01-01T00:00-05:00"))},
    optional={"outlet": st.one_of(FILE_TEXT, st.integers()), "extra": json_value(FILE_TEXT)})
LINE = st.one_of(
    ARTICLE.map(lambda a: json.dumps(a, ensure_ascii=False)),
    ARTICLE.map(lambda a: json.dumps(a)),
    st.sampled_from(["", "   ", "{", "null", "[]", "42", '"texto"', "{'url': 1}", _nested(100_000),
                     '{"url": ' + _nested(50_000) + "}", "1e999", '{"url": "https://x.example/a", "title": "t", '
                     '"text": "x", "published": 1e999}', "\ufeff{}", "\x00"]),
    FILE_TEXT)
FILE_LINES = st.lists(LINE, max_size=5)
FILE_ENCODING = st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1", "utf-16", "utf-8-sig"])


def write_input_files(folder: Path, lines: list[str], encoding: str) -> None:
    text = "\n".join(lines) + "\n"
    # Lone surrogates become invalid bytes in UTF-8 (hostile input) and '?' elsewhere.
    data = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf-8") else "replace")
    (folder / "hostile.jsonl").write_bytes(data)
    (folder / "hostile.csv").write_bytes(b"url,title,text,published\n" + data.replace(b"{", b",").replace(b"}", b","))


# --- the property --------------------------------------------------------------------------------

def snapshot(path: Path) -> dict:
    """Integrity and row counts of the store (read-only, so that looking changes nothing)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        assert check == [("ok",)], f"store damaged: {check}"
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def check(result, argv, *, before: dict, after: dict, read_only: bool) -> None:
    shown = " ".join(repr(a) if len(a) < 200 else repr(a[:200]) + "…" for a in argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"vigia {shown}\nraised {repr(result.exception)[:500]}\n{trace[-3000:]}")
    assert result.exit_code in (0, 1, 2), f"vigia {shown}\nexit status {result.exit_code}\n{result.output[-2000:]}"
    assert "Traceback" not in result.output, f"vigia {shown}\n{result.output[-3000:]}"
    if result.exit_code != 0:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
        assert errors, f"vigia {shown}\nfailed ({result.exit_code}) without an error line:\n{result.output[-2000:]}"
    if result.exit_code != 0 or read_only:
        changed = {t: (before.get(t), after.get(t)) for t in before.keys() | after.keys()
                   if before.get(t) != after.get(t)}
        assert not changed, (f"vigia {shown}\nexit status {result.exit_code}, "
                             f"{'read-only command' if read_only else 'failed'}, yet rows changed: {changed}")


def drive(world, argv_tokens, *, read_only: bool, lines=(), encoding="utf-8", input=None, env=None):
    with example(world) as folder:
        write_input_files(folder, list(lines), encoding)
        argv = [resolve(t, folder, world) for t in argv_tokens]
        db = folder / "vigia.db"
        before = snapshot(db)
        result = vigia(argv, input=input, env=env)
        after = snapshot(db)
        check(result, argv, before=before, after=after, read_only=read_only)
        return result


def options(**choices):
    """Optional ``--name value`` pairs, each present or not (absent more often, so that most
    runs get past option checking), in a generated order."""
    pairs = [st.one_of(st.just([]), st.just([]), st.just([]), value.map(lambda v, n=name: [n, v]))
             for name, value in choices.items()]
    return st.tuples(*pairs).flatmap(lambda got: st.permutations([p for p in got if p])).map(
        lambda got: [token for pair in got for token in pair])


FILTERS = dict(**{"--since": DATES, "--until": DATES, "--kind": st.one_of(st.sampled_from(["incident", "Incident",
               "measure", "nada"]), ARG_TEXT), "--type": st.one_of(st.sampled_from(["homicide", "armed-attack",
               "extortion", "x"]), ARG_TEXT), "--department": st.one_of(st.sampled_from(["La Libertad", "lima",
               "ÁNCASH"]), ARG_TEXT), "--province": ARG_TEXT, "--district": st.one_of(st.just("La Esperanza"),
               ARG_TEXT), "--gang": st.one_of(st.sampled_from(["Los Pulpos", "los pulpos", "Tren de Aragua"]),
               ARG_TEXT), "--sector": st.one_of(st.sampled_from(["transport", "Transport", "mining"]), ARG_TEXT),
               "--min-deaths": NUMBERS, "--search": st.one_of(st.sampled_from(["chofer", "Pulpos cupos",
               "trujillo OR", "NEAR(a b)", '"', "*", "-chofer", "ñ"]), ARG_TEXT)})
GLOBAL = st.one_of(st.just([]), st.just(["-v"]))


def base(db="\0db"):
    return ["--config", "\0config", "--db", db]


READ_COMMANDS = st.one_of(
    st.tuples(options(**FILTERS, **{"--format": st.sampled_from(["table", "json", "jsonl", "csv", "geojson", "xml"]),
                                     "--limit": NUMBERS})).map(lambda t: ["events", *t[0]]),
    st.tuples(IDS, options(**{"--format": st.sampled_from(["text", "json", "yaml"])})).map(
        lambda t: ["events", "show", t[0], *t[1]]),
    st.tuples(options(**FILTERS, **{"--by": st.sampled_from(["month", "week", "department", "province", "type",
                                                             "gang", "kind", "year"]),
                                    "--format": st.sampled_from(["table", "json", "jsonl", "csv", "geojson"])})).map(
        lambda t: ["stats", *t[0]]),
    st.sampled_from([["gangs"], ["gangs", "--format", "json"], ["gangs", "--format", "csv"], ["status"], ["feeds"],
                     ["status", "extra"]]),
    st.tuples(options(**{"--date": DATES, "--format": st.sampled_from(["text", "md", "html", "pdf"]),
                         "--output": OUTPUTS})).map(lambda t: ["summary", *t[0]]),
    st.tuples(OUTPUTS).map(lambda t: ["backup", t[0]]),
)


@examples(260)
@given(GLOBAL, DB_PATHS, READ_COMMANDS, st.lists(JUNK, max_size=1))
def test_reading_commands(world, flags, db, command, junk):
    """events, events show, stats, gangs, status, feeds, summary, backup: any options, any store
    path; the store is never changed."""
    drive(world, [*flags, *base(db), *command, *junk], read_only=True)


WRITE_COMMANDS = st.one_of(
    st.tuples(IDS, st.lists(IDS, max_size=3)).map(
        lambda t: ["events", "split", t[0], *[x for a in t[1] for x in ("--article", a)]]),
    st.tuples(IDS, IDS).map(lambda t: ["events", "merge", t[0], t[1]]),
    st.tuples(INPUTS).map(lambda t: ["import", t[0]]),
    st.tuples(options(**{"--since": DATES})).map(lambda t: ["reextract", *t[0]]),
    st.tuples(st.lists(st.one_of(st.sampled_from(["caído[/]", "sur", "norte"]), ARG_TEXT), max_size=2)).map(
        lambda t: ["fetch", *[x for name in t[0] for x in ("--feed", name)]]),
)


@examples(130)
@given(GLOBAL, st.sampled_from(["\0db"] * 8 + ["\0missing", "\0folder", "\0garbage", "\0other-app", "\0wal", "\0empty",
                                 "\0long", "\0unicode-new"]), WRITE_COMMANDS,
       FILE_LINES, FILE_ENCODING)
def test_writing_commands(world, flags, db, command, lines, encoding):
    """events split/merge, import (of generated hostile files), reextract, fetch (an unreachable
    feed): a failure leaves every table as it was."""
    drive(world, [*flags, *base(db), *command], read_only=False, lines=lines, encoding=encoding)


EXTRACT = st.one_of(
    st.tuples(options(**{"--text": ARG_TEXT, "--title": ARG_TEXT, "--published": DATES})).map(
        lambda t: ["extract", *t[0]]),
    st.tuples(INPUTS, OUTPUTS, st.sampled_from([[], [], ["--processes", "1"], ["--processes", "0"],
                                                ["--processes", "99"], ["--processes", "-3"]])).map(
        lambda t: ["extract", "--input", t[0], "--output", t[1], *t[2]]),
    st.tuples(INPUTS).map(lambda t: ["extract", "--input", t[0]]),
    st.tuples(ARG_TEXT, INPUTS, OUTPUTS).map(lambda t: ["extract", "--text", t[0], "--input", t[1], "--output", t[2]]),
)


@examples(80)
@given(EXTRACT, FILE_LINES, FILE_ENCODING, st.one_of(st.none(), FILE_TEXT))
def test_extract(world, command, lines, encoding, stdin):
    """extract: one text (options or stdin) or a file to a file; the store is never touched."""
    drive(world, [*base(), *command], read_only=True, lines=lines, encoding=encoding, input=stdin)


SETTING_VALUES = st.one_of(
    st.sampled_from(["inf", "-inf", "nan", "0", "-1", "1e308", str(2**64), "0.0001", "true", '"0640"', '"0999"',
                     '"rwx"', '"America/Lima"', '"Mars/Olympus"', '""', '"  "', '"/"', '"\\u0000"', "[]", "{}",
                     '"DEBUG"', '"loud"', '"sub/log.txt"', '"garbage.bin/log.txt"', '"../../../../../../proc/x"',
                     "1", "7", "23", "24", '"ñandú[/]"']),
    st.integers(-2**70, 2**70).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
SETTING_KEYS = st.sampled_from([
    ("store", "busy_timeout"), ("store", "file_mode"), ("store", "path"), ("feeds", "interval"), ("feeds", "jitter"),
    ("feeds", "max_backoff"), ("feeds", "workers"), ("feeds", "tick"), ("feeds", "file"), ("http", "connect_timeout"),
    ("http", "max_bytes"), ("http", "max_redirects"), ("http", "host_delay"), ("http", "respect_robots"),
    ("http", "user_agent"), ("extract", "batch_size"), ("extract", "interval"), ("summary", "hour"),
    ("summary", "dir"), ("time", "zone"), ("log", "level"), ("log", "file"), ("nope", "x"), ("store", "nope")])
CONFIG_FILES = st.one_of(
    st.lists(st.tuples(SETTING_KEYS, SETTING_VALUES), min_size=1, max_size=3),
    st.sampled_from(["\0missing", "\0folder", "\0db", "\0garbage", "\0empty", "\0jsonl", "\0long", "\0surrogate", ""]))
SIMPLE = st.sampled_from([["status"], ["events"], ["events", "show", "1"], ["stats"], ["gangs"], ["feeds"],
                          ["summary", "--date", "2026-03-10"], ["fetch", "--feed", "sur"], ["backup", "\0new"],
                          ["extract", "--text", "Asesinan a un chofer en Trujillo."]])


@examples(150)
@given(CONFIG_FILES, st.lists(st.tuples(SETTING_KEYS, SETTING_VALUES), max_size=2), SIMPLE)
def test_settings(world, config, variables, command):
    """Hostile settings files and VIGIA_* variables: a one-line error naming the setting, never a
    traceback, never a changed store."""
    feeds = world["feeds"]
    env = {f"VIGIA_{section.upper()}_{key.upper()}": value.strip('"') for (section, key), value in variables}
    with example(world) as folder:
        if isinstance(config, list):
            tables: dict[str, list[str]] = {"feeds": [f'file = "{feeds}"'], "http": ["host_delay = 0.0",
                                            "connect_timeout = 1.0"]}
            for (section, key), value in config:
                tables.setdefault(section, []).append(f"{key} = {value}")
            text = "".join(f"[{s}]\n" + "\n".join(dict.fromkeys(lines)) + "\n" for s, lines in tables.items())
            path = folder / "fuzzed.toml"
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
            config_arg = str(path)
        else:
            config_arg = resolve(config, folder, world) if config else ""
        argv = ["--config", config_arg, "--db", str(folder / "vigia.db"), *[resolve(t, folder, world) for t in command]]
        db = folder / "vigia.db"
        before = snapshot(db)
        result = vigia(argv, env=env)
        after = snapshot(db)
        check(result, argv + [f"{k}={v!r}" for k, v in env.items()], before=before, after=after,
              read_only=command[0] not in ("fetch", "feeds"))  # both sync the configured feed list


# --- a few as real processes: what the terminal sees, arguments that are not UTF-8 --------------

PROCESS_CASES = [
    (["events", "--search", b"\xff\xfe".decode("utf-8", "surrogateescape"), "--limit", str(2**64)], (2,)),
    (["events", "show", "1"], (0,)),
    (["status"], (0,)),
    (["summary", "--date", "9999-12-31"], (2,)),
    (["events", "--department", "[/]\x1b[2J", "--format", "table"], (1,)),
]


@pytest.mark.parametrize("args, codes", PROCESS_CASES, ids=lambda v: None)
def test_as_a_process(world, args, codes):
    with example(world) as folder:
        db = folder / "vigia.db"
        before = snapshot(db)
        env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIA_")}
        env.update(PYTHONIOENCODING="utf-8", COLUMNS="200")
        argv = [os.fsencode(a) for a in [sys.executable, "-m", "pipeline", "--config", str(world["config"]),
                                         "--db", str(db), *args]]
        done = subprocess.run(argv, capture_output=True, env=env, timeout=120, cwd=ROOT)
        out = (done.stdout + done.stderr).decode("utf-8", "replace")
        assert done.returncode in codes, out
        assert "Traceback" not in out, out
        assert snapshot(db) == before


# --- what the fuzzer found, one regression each -----------------------------------------------

def _one_error_line(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)[:500]
    assert result.exit_code in (1, 2), result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("Error:") and "Traceback" not in result.output, result.output
    return lines[-1]


@pytest.mark.parametrize("name, says", [
    ("x" * 300, "File name too long"),               # was OSError ENAMETOOLONG, with a traceback
    ("vigia.db-wal", "write-ahead log of the database"),  # was "6 migrations pending" (and import wrote into it)
    ("empty.txt", "empty file"),                      # was "6 migrations pending … run as its owner"
])
def test_a_database_path_that_cannot_be_a_store_is_one_line(world, name, says):
    with example(world) as folder:
        (folder / "vigia.db-wal").write_bytes(b"")
        before = snapshot(folder / "vigia.db")
        for command in (["status"], ["events"], ["import", str(folder / "articles.jsonl")]):
            if name == "empty.txt" and command[0] == "import":
                continue  # an empty file may become a new store
            line = _one_error_line(vigia(["--config", str(world["config"]), "--db", str(folder / name), *command]))
            assert says in line, line
        assert snapshot(folder / "vigia.db") == before


def test_a_binary_config_file_is_one_line(world):
    """Was a UnicodeDecodeError traceback from tomllib (--config given the database)."""
    with example(world) as folder:
        line = _one_error_line(vigia(["--config", str(folder / "vigia.db"), "--db", str(folder / "vigia.db"), "status"]))
        assert "not a TOML file" in line


def test_an_unknown_feed_name_reaches_the_terminal_without_its_control_characters(world):
    """Was printed raw in the usage error: escape sequences from the command line reached the terminal."""
    with example(world) as folder:
        result = vigia(["--config", str(world["config"]), "--db", str(folder / "vigia.db"),
                        "fetch", "--feed", "x\x1b[2J\x05\x9b"])
        line = _one_error_line(result)
        assert "\x1b" not in result.output and "\x05" not in result.output and "\x9b" not in result.output, line
        assert "caído[/]" in line

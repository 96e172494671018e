"""Query speed of the event log on a store of 200,000 generated events.

    .venv/bin/python bench/query.py [--events 200000] [--runs 7] [--db PATH] [--keep]

Builds a store (articles with text in the full-text index, mentions, events with their type, gang
and sector rows and their sources) from generated reports spread over 2021-2026 across Peru's
districts, then times the typical queries through the library the `vigia` command calls
(``pipeline.queries``), median of several runs each, against a baseline measured in the same run
(counting the live events with the same connection). Each query must answer in < 100 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.events.matching import summarize  # noqa: E402
from pipeline.events.merging import event_columns, source  # noqa: E402
from pipeline.gazetteer import Gazetteer  # noqa: E402
from pipeline.queries import CRIME_TYPES, SECTORS, Filters, find_events, registry, stats  # noqa: E402
from pipeline.storage import Storage  # noqa: E402
from pipeline.types import EntryData  # noqa: E402

LIMIT_MS = 100.0
START, DAYS = date(2021, 1, 1), 2000
FIRST = ("Juan Rosa Luis Carmen Jorge Elena Pedro Lucía Miguel Ana Víctor Flor Hilario Teodora Ruperto "
         "Elvira Anselmo Yolanda Wilmer Maribel").split()
LAST = ("Quispe Mamani Huamán Flores Ccahuana Vílchez Torres Rojas Chávez Ramos Condori Castillo Mendoza "
        "Salazar Paredes Ventura Carrión Apaza Cárdenas Gutiérrez Ticona Yupanqui Villanueva Zevallos "
        "Huallpa Sucasaca Inga Chuquimango Llanos Alvarado Rengifo Pinedo Tapullima Panduro Sangama "
        "Ccori Puma Layme Choque Huarcaya Ascencio Espinoza Dávila Olivares Lozano Nolasco Tello").split()
VERBS = {"homicide": "asesinan a", "feminicide": "asesinan a", "extortion": "extorsionan a",
         "robbery": "asaltan a", "kidnapping": "secuestran a", "drug_trafficking": "detienen a",
         "illegal_mining": "atacan a", "human_trafficking": "rescatan a", "armed_attack": "balean a",
         "sexual_violence": "denuncian agresión contra", "other_crime": "denuncian a"}
TRADES = {"transport": "mototaxista", "commerce": "bodeguero", "mining": "minero", "music": "cantante",
          "education": "profesora", "construction": "obrero", "health": "enfermera",
          "security_forces": "policía", "public_official": "regidor", "other": "vecino"}
# Words of crime news, most frequent first: sampled with Zipf weights, so the first appear in about
# a third of the articles and the last in about one in a hundred.
WORDS = ("policía investigación vecinos denunciaron comisaría fiscalía hospital emergencia motocicleta "
         "huyeron cámaras vigilancia empresa cuerpo bala pistola mercado plaza amenaza cobro extorsión "
         "transportistas cupo paradero combi local explosivo dinamita colegio obra socavón contratista "
         "serenazgo patrullero detenidos celular cartera billetera taxi colectivo mototaxi avenida jirón "
         "pasaje asentamiento humano urbanización cuadra esquina discoteca bar restaurante pollería bodega "
         "ferretería grifo banco agencia cajero remesa préstamo gota deuda prestamista cobrador chofer "
         "pasajeros heridos herido trasladado clínica necropsia morgue peritos criminalística casquillos "
         "proyectiles calibre revólver escopeta granada artefacto explosión fachada puerta vidrios "
         "vivienda inmueble lote terreno invasión traficantes construcción sindicato obreros minera "
         "mineral oro socavones relaves dragas balsas madereros cocaína marihuana pasta clorhidrato "
         "paquetes kilos droga ketes allanamiento megaoperativo requisitoria captura prisión preventiva "
         "juzgado sentencia condena penal cárcel penal audiencia testigo denuncia carta mensaje "
         "whatsapp llamada audio video redes sociales familiares velorio sepelio marcha plantón paro "
         "huelga gremio dirigentes alcalde municipalidad regidor congresista ministro premier decreto "
         "emergencia militares patrullaje").split()
WEIGHTS = [1 / (rank + 3) for rank in range(len(WORDS))]


def generate(n: int, seed: int = 7):
    """(entry, outlet, event) triples; about one event in five has a second source."""
    rnd = random.Random(seed)
    gaz = Gazetteer.load()
    districts = [p for p in gaz if p.level == "district"]
    lima = [p for p in districts if p.department in ("Lima", "Callao")]
    gangs = [g["name"] for g in registry()]
    outlets = ["rpp.pe", "larepublica.pe", "elcomercio.pe", "infobae.com", "canaln.pe", "exitosa.pe",
               "trome.pe", "correo.pe", "andina.pe", "laindustria.pe"]
    for i in range(n):
        place = rnd.choice(lima) if rnd.random() < 0.4 else rnd.choice(districts)
        precision = rnd.random()
        day = START + timedelta(days=rnd.randrange(DAYS))
        kind = rnd.choices(("incident", "operation", "measure", "protest"), (70, 20, 5, 5))[0]
        types = rnd.sample(CRIME_TYPES, rnd.choice((1, 1, 2)))
        sector = rnd.choice(SECTORS)
        gang = ("Tren de Aragua" if rnd.random() < 0.2 else rnd.choice(gangs)) if rnd.random() < 0.15 else None
        victim = f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {rnd.choice(LAST)}"
        title = f"{place.district}: {VERBS[types[0]]} {TRADES[sector]} {victim}"
        body = " ".join([f"{victim}, {TRADES[sector]}, fue víctima en {place.district}, {place.province}."]
                        + rnd.choices(WORDS, WEIGHTS, k=12))
        deaths = rnd.choice((None, 0, 1, 1, 2)) if "homicide" in types else None
        event = {"kind": kind, "crime_types": types, "department": place.department,
                 "province": place.province if precision > 0.2 else None,
                 "district": place.district if precision > 0.4 else None,
                 "ubigeo": place.ubigeo if precision > 0.4 else place.ubigeo[:4] + "00" if precision > 0.2
                 else place.ubigeo[:2] + "0000",
                 "place_text": place.district, "gangs": [gang] if gang else [], "deaths": deaths,
                 "injured": rnd.choice((None, 0, 1, 3)), "victim_sectors": [sector],
                 "occurred_on": day.isoformat(), "evidence": title}
        copies = 2 if rnd.random() < 0.2 else 1
        for copy in range(copies):
            published = datetime(day.year, day.month, day.day, 13 + copy * 5, tzinfo=timezone.utc)
            outlet = rnd.choice(outlets)
            url = f"https://{outlet}/policiales/{i}-{copy}"
            yield i, EntryData(url=url, guid=None, title=title, summary="", body=body, author=None,
                               published=published), outlet, event


def build(path: Path, n: int) -> float:
    """Store n generated events with their sources; returns the seconds it took."""
    started = time.perf_counter()
    now = datetime(2026, 7, 1, tzinfo=timezone.utc)
    with Storage(path) as storage:
        batch: list = []

        def flush():
            storage.import_articles([(e, o) for _, e, o, _ in batch], feed="import", now=now)
            ids = {row["url"]: row["id"] for row in storage.db.query(
                f"SELECT id, url FROM articles WHERE url IN ({','.join('?' * len(batch))})",
                [e.url for _, e, _, _ in batch])}
            storage.store_mentions([(ids[e.url], [ev], None) for _, e, _, ev in batch], version="bench", now=now)
            # The events: generated distinct, so each is written directly (no matching), with the
            # same summary and rows merge_pending writes.
            groups: dict[int, list] = {}
            for key, entry, outlet, event in batch:
                groups.setdefault(key, []).append((ids[entry.url], entry, outlet, event))
            with storage.event_log() as tx:
                for members in groups.values():
                    rows = [{**ev, "article_id": aid, "position": 0, "title": e.title, "lead": e.body,
                             "published": e.published, "outlet": o, "url": e.url, "mention_id": None}
                            for aid, e, o, ev in members]
                    fields = event_columns(summarize([source(r) for r in rows]))
                    event_id = tx.create_event(fields["kind"], now)
                    for aid, _, _, ev in members:
                        mention_id = storage.db.execute(
                            "SELECT id FROM mentions WHERE article_id = ? AND position = 0", [aid]).fetchone()[0]
                        tx.attach(article_id=aid, position=0, mention_id=mention_id, event_id=event_id,
                                  pinned=False, score=None, reason="generated", at_least=False, now=now)
                    tx.write_event(event_id, fields, now=now)
                    tx.record(event_id, "created", {"generated": True}, now)
            batch.clear()

        last = None
        for item in generate(n):
            if last is not None and item[0] != last and len(batch) >= 2000:
                flush()
            batch.append(item)
            last = item[0]
        if batch:
            flush()
        storage.refresh_statistics()  # as merge_pending does after every change
    return time.perf_counter() - started


def timed(fn, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        size = len(fn())
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="reuse or keep the store here")
    args = parser.parse_args(argv)
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "bench.db"
    if not args.db.exists():
        seconds = build(args.db, args.events)
        print(f"built {args.db} with {args.events:,} generated events in {seconds:.0f} s")
    storage = Storage(args.db)
    live = storage.db.execute("SELECT count(*) FROM events WHERE status = 'live'").fetchone()[0]
    sources = storage.db.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
    print(f"store: {live:,} live events, {sources:,} sources, "
          f"{args.db.stat().st_size / 1e6:.0f} MB; median of {args.runs} runs each")

    def flat(**kw):
        return lambda: find_events(storage, Filters(**kw), limit=None)

    cases = [
        ("baseline: count live events", lambda: storage.db.execute(
            "SELECT count(*) FROM events WHERE status = 'live'").fetchall()),
        ("department over a month (La Libertad, 2025-03)",
         flat(department="La Libertad", since="2025-03-01", until="2025-03-31")),
        ("district over a year (San Juan de Lurigancho, 2025)",
         flat(district="San Juan de Lurigancho", since="2025-01-01", until="2025-12-31")),
        ("gang over a year (Tren de Aragua, 2025)", flat(gang="Tren de Aragua", since="2025-01-01",
                                                         until="2025-12-31")),
        ("type + department over a year (homicide, Lima, 2024)",
         flat(types=("homicide",), department="Lima", since="2024-01-01", until="2024-12-31")),
        ("stats by month (all events)", lambda: stats(storage, Filters(), "month")),
        ("stats by department (all events)", lambda: stats(storage, Filters(), "department")),
        ("stats by type, one year", lambda: stats(storage, Filters(since="2025-01-01", until="2025-12-31"), "type")),
        ("full-text search: a surname (Ccahuana), latest 100",
         lambda: find_events(storage, Filters(search="Ccahuana"), limit=100)),
        ("full-text search: 'dinamita transportistas', latest 100",
         lambda: find_events(storage, Filters(search="dinamita transportistas"), limit=100)),
        ("stress, not typical: search a word in 2/3 of all articles",
         lambda: find_events(storage, Filters(search="policía"), limit=100)),
    ]
    for words in ("Ccahuana", '"dinamita" "transportistas"', "policia"):
        hits = storage.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [words]).fetchone()[0]
        print(f"articles matching {words}: {hits:,} of {sources:,}")
    failures = 0
    baseline = None
    print(f"{'query':58} {'median ms':>10} {'rows':>7} {'x baseline':>10}")
    for name, fn in cases:
        median, size = timed(fn, args.runs)
        baseline = baseline or median
        verdict = "" if name.startswith("baseline") else ("ok" if median < LIMIT_MS else "SLOW")
        if name.startswith("stress"):
            verdict = f"({'under' if median < LIMIT_MS else 'over'} {LIMIT_MS:.0f} ms; not counted)"
        failures += verdict == "SLOW"
        print(f"{name:58} {median:10.1f} {size:7} {median / baseline:10.1f} {verdict}")
    storage.close()
    print(f"every query under {LIMIT_MS:.0f} ms: {'yes' if not failures else f'no ({failures} slow)'}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The real daemon (`vigia run`) polling hostile feeds on a loopback server: each one is recorded as
a feed problem (an error with back-off, or a repaired document with its warning), the good feed
beside them is stored, and the daemon keeps running until SIGTERM stops it cleanly."""

import signal
import sqlite3
import time
from datetime import datetime, timezone

from daemon_helpers import start_daemon, stored_urls, wait_for, write_settings
from httpserver import Response

MAX_BYTES = 200_000
TOTAL_TIMEOUT = 2.0


def rss(items: list[tuple[str, str]], encoding: str = "UTF-8") -> str:
    body = "".join(f"<item><title>{title}</title><link>{link}</link>"
                   f"<description>{title}, informó la policía.</description>"
                   "<pubDate>Tue, 10 Mar 2026 08:00:00 GMT</pubDate></item>" for title, link in items)
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
            f"<title>t</title><link>https://x.example/</link>{body}</channel></rss>")


GOOD = [("Asesinan a mototaxista en San Juan de Lurigancho", "https://bueno.example/nota-1/"),
        ("Extorsionadores atacan bus de la empresa Santa Catalina", "https://bueno.example/nota-2/")]


def hostile_site(server) -> dict[str, str]:
    """Feed name → URL; every route is a way a real outlet has broken."""
    huge = rss([(f"Nota {i} " + "relleno " * 40, f"https://enorme.example/{i}/") for i in range(3000)])
    assert len(huge.encode()) > 5 * MAX_BYTES
    # The first half UTF-8, then the server's template switches to Latin-1 (a byte 0xF1 for ñ).
    mixed = (rss([("Niño herido en Año Nuevo", "https://mezcla.example/1/")]).encode("utf-8")[:-len("</channel></rss>")]
             + "<item><title>Señora asaltada en Breña</title><link>https://mezcla.example/2/</link>"
               "</item></channel></rss>".encode("latin-1"))
    html = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>cf</body></html>"
    return {
        "enorme": server.route("/enorme.xml", Response(body=huge.encode(),
                                                      headers={"Content-Type": "application/rss+xml"})),
        "comprimido": server.route("/comprimido.xml", Response(body=huge.encode(), gzip=True,
                                                              headers={"Content-Type": "application/rss+xml"})),
        "lento": server.route("/lento.xml", Response(body=rss(GOOD).encode(), trickle=0.3,
                                                    headers={"Content-Type": "application/rss+xml"})),
        "bucle": server.route("/bucle-a.xml", Response(302, headers={"Location": server.url("/bucle-b.xml")})),
        "html": server.route("/html.xml", Response(body=html, headers={"Content-Type": "text/html"})),
        "mezcla": server.route("/mezcla.xml", Response(body=mixed,
                                                      headers={"Content-Type": "application/rss+xml"})),
        "bueno": server.route("/bueno.xml", Response(body=rss(GOOD).encode(),
                                                    headers={"Content-Type": "application/rss+xml"})),
    }


def feed_rows(db) -> dict[str, dict]:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            conn.row_factory = sqlite3.Row
            return {row["name"]: dict(row) for row in conn.execute("SELECT * FROM feeds")}
    except sqlite3.OperationalError:
        return {}


def test_hostile_feeds_are_recorded_and_never_stop_the_daemon(tmp_path, http_server):
    urls = hostile_site(http_server)
    http_server.route("/bucle-b.xml", Response(302, headers={"Location": urls["bucle"]}))
    feeds_toml = "\n".join(f'[[feed]]\nname = "{name}"\noutlet = "{name}"\nurl = "{url}"\n'
                           for name, url in urls.items())
    config = write_settings(tmp_path, feeds_toml,
                            feeds={"interval": 60, "tick": 0.5, "jitter": 0},
                            http={"total_timeout": TOTAL_TIMEOUT, "max_bytes": MAX_BYTES})
    db = tmp_path / "vigia.db"
    bad = ("enorme", "comprimido", "lento", "bucle", "html")
    started = datetime.now(timezone.utc)
    daemon = start_daemon(config)
    try:
        assert wait_for(lambda: all(feed_rows(db).get(name, {}).get("failures", 0) >= 1 for name in bad)
                        and len(stored_urls(db)) >= len(GOOD), timeout=40), daemon.stderr and feed_rows(db)
        time.sleep(2)  # several more ticks with every bad feed still in the list
        assert daemon.poll() is None, "the daemon stopped"
        feeds = feed_rows(db)
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, stderr

    messages = {name: feeds[name]["last_error"] for name in bad}
    # Announced too large (Content-Length), and too large only once decoded (gzip): both capped.
    assert "larger than 200,000 bytes" in messages["enorme"], messages
    assert "larger than 200,000 bytes" in messages["comprimido"], messages
    assert "timeout" in messages["lento"].lower() or "deadline" in messages["lento"].lower(), messages
    assert "redirect" in messages["bucle"].lower(), messages
    assert "html" in messages["html"].lower(), messages
    for name in bad:
        row = feeds[name]
        assert row["failures"] >= 1 and row["last_success"] is None, row
        # Backed off: not due again before its interval, so a broken feed is not hammered.
        assert datetime.fromisoformat(row["next_due"]) >= started.replace(microsecond=0), row
        assert (datetime.fromisoformat(row["next_due"]) - datetime.fromisoformat(row["last_error_at"])
                ).total_seconds() >= 50, row
        assert f"feed {name} failed" in stderr

    stored = stored_urls(db)
    assert {link for _, link in GOOD} <= set(stored)
    assert not any("enorme.example" in u for u in stored)
    assert feeds["bueno"]["failures"] == 0 and feeds["bueno"]["last_error"] is None

    # A document that switches from UTF-8 to Latin-1 part-way is repaired, not lost: its entries
    # are stored with the warning on the poll, and its own words are readable. It shares its host
    # with the trickling feed: waiting its turn behind it must not count against its own deadline.
    assert feeds["mezcla"]["failures"] == 0, feeds["mezcla"]["last_error"]
    with sqlite3.connect(db) as conn:
        titles = {url: title for url, title in conn.execute(
            "SELECT url, title FROM articles WHERE url LIKE 'https://mezcla.example/%'")}
        warnings = [row[0] for row in conn.execute("SELECT error FROM polls WHERE feed = 'mezcla'")]
    assert titles.get("https://mezcla.example/2/") == "Señora asaltada en Breña", titles
    assert titles.get("https://mezcla.example/1/") == "Niño herido en Año Nuevo", titles
    assert any(w and "UTF-8" in w for w in warnings), warnings

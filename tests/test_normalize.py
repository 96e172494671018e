from datetime import datetime, timezone

import pytest

from pipeline.normalize import canonical_url, html_to_text, parse_date


@pytest.mark.parametrize("url, canonical", [
    ("https://Diario.PE:443/policiales/nota-1/?utm_source=rss&utm_medium=feed#comentarios",
     "https://diario.pe/policiales/nota-1/"),
    ("https://diario.pe/nota-1/?fbclid=IwAR0&id=7&b=2", "https://diario.pe/nota-1/?b=2&id=7"),
    ("https://diario.pe/policiales/nota-1/amp/", "https://diario.pe/policiales/nota-1/"),
    ("https://diario.pe/amp/policiales/nota-1/", "https://diario.pe/policiales/nota-1/"),
    ("https://amp.diario.pe/policiales/nota-1.amp.html", "https://diario.pe/policiales/nota-1.html"),
    ("https://diario.pe/nota-1/?outputType=amp", "https://diario.pe/nota-1/"),
    ("http://diario.pe:8080/Nota-Con-Mayusculas", "http://diario.pe:8080/Nota-Con-Mayusculas"),
])
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_html_to_text_drops_scripts_and_captions_and_keeps_paragraphs():
    html = ("<p>Asaltan una bodega en Comas &amp; huyen.</p><script>window.x = {a: 1};</script>"
            "<figure><img src='a.jpg'><figcaption>Foto: archivo</figcaption></figure>"
            "<p>La Polic&iacute;a investiga.</p>")
    assert html_to_text(html) == "Asaltan una bodega en Comas & huyen.\n\nLa Policía investiga."
    assert html_to_text("Sin etiquetas &quot;ok&quot;") == 'Sin etiquetas "ok"'
    assert html_to_text(None) == ""


def test_parse_date_reads_rfc822_iso_and_spanish():
    assert parse_date("Thu, 07 Mar 2024 00:30:20 GMT") == datetime(2024, 3, 7, 0, 30, 20, tzinfo=timezone.utc)
    assert parse_date("2024-03-07T10:00:00-05:00") == datetime(2024, 3, 7, 15, 0, tzinfo=timezone.utc)
    # A Spanish date without a zone is Lima time (UTC-5).
    assert parse_date("7 de marzo de 2024 10:00") == datetime(2024, 3, 7, 15, 0, tzinfo=timezone.utc)
    assert parse_date("sin fecha") is None

"""The HTML summary in headless Chromium (Debian's package): it makes no network request, and its
charts and map render. Every request Chromium makes is forced through a recording proxy on
loopback; a control page with an outside image proves the proxy sees requests."""

import shutil
import subprocess
from pathlib import Path

from PIL import Image

from pipeline.summary import build_summary, render
from test_summary import DAY, NOON, storage  # noqa: F401  the store of events written there

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def screenshot(page: Path, png: Path, proxy: str, tmp_path: Path) -> None:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (make test installs it)"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", f"--proxy-server={proxy}", "--proxy-bypass-list=<-loopback>",
         "--window-size=412,1400", f"--screenshot={png}", page.as_uri()],
        check=True, capture_output=True, timeout=90)


def page_requests(requests) -> list[str]:
    """Requests the page made: Chromium's own service calls (clock sync, updates) are not the page's."""
    urls = [r.path if r.path.startswith("http") else f"http://{r.headers.get('host')}{r.path}" for r in requests]
    own = (".google.com", ".googleapis.com", ".gstatic.com", ".gvt1.com")
    return [u for u in urls if not any((u.split("/")[2].split(":")[0]).endswith(h) for h in own)]


def colour_pixels(png: Path, rgb: tuple[int, int, int], tolerance: int = 12) -> int:
    data = Image.open(png).convert("RGB").tobytes()
    r, g, b = rgb
    return sum(1 for i in range(0, len(data), 3)
               if abs(data[i] - r) <= tolerance and abs(data[i + 1] - g) <= tolerance and abs(data[i + 2] - b) <= tolerance)


def test_the_html_summary_renders_offline_with_charts_and_map(storage, tmp_path, http_server):  # noqa: F811
    proxy = http_server.url("")
    page = tmp_path / "summary.html"
    page.write_text(render(build_summary(storage, DAY, now=NOON), "html"), encoding="utf-8")

    control = tmp_path / "control.html"
    control.write_text('<img src="http://tiles.example/peru.png">', encoding="utf-8")
    screenshot(control, tmp_path / "control.png", proxy, tmp_path)
    assert any("tiles.example" in u for u in page_requests(http_server.requests)), \
        "the proxy must see an outside request"
    http_server.requests.clear()

    png = tmp_path / "summary.png"
    screenshot(page, png, proxy, tmp_path)
    assert page_requests(http_server.requests) == []
    assert Image.open(png).size == (412, 1400)
    assert colour_pixels(png, (0xc0, 0x39, 0x2b)) > 150, "homicide bars and event marks in red"
    assert colour_pixels(png, (0x8e, 0x44, 0xad)) > 20, "extortion bars in purple"
    assert colour_pixels(png, (0x34, 0x49, 0x5e)) > 20, "death bars"
    assert colour_pixels(png, (0xd5, 0xd8, 0xdc), tolerance=4) > 1500, "the map's district dots"

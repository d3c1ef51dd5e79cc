"""Open every page of the course website in headless Chromium and check what a reader would meet.

Run with ``make book-check`` (after ``make book``); ``.ci/run`` runs it. The site in
``build/book/html`` is served on 127.0.0.1; for every page it checks that

- nothing is fetched from the network (the site works offline; such requests are blocked and reported);
- every local file the page loads exists (styles, scripts, images);
- every image has loaded and has alt text (each lesson figure carries its description);
- every internal link leads to an existing page or file, and to an existing anchor on it;

and that the navigation lists the lessons in order and every lesson page has a launch link
to Binder built from the one address in ``pyproject.toml`` (:func:`csto.links.binder_url`).
Exit status 1 if any check fails.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from csto import links  # noqa: E402

SHOTS = ROOT / "build" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOT_PAGES = ("_static", "_sources", "_downloads", "_images", "jupyter_execute")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@functools.cache
def anchors(path: Path) -> frozenset[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r'\b(?:id|name)="([^"]+)"', text))


def local_target(site: Path, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    path = site / unquote(parts.path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def check_page(page, site: Path, origin: str, rel: str) -> list[str]:
    problems, blocked, failed = [], [], []

    def route(r):
        if r.request.url.startswith(origin) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("response", lambda resp: failed.append(f"{resp.status} {resp.url}")
            if resp.url.startswith(origin) and resp.status >= 400 else None)
    page.goto(f"{origin}/{rel}", wait_until="load")
    page.wait_for_load_state("networkidle")
    problems += [f"fetches from the network: {u}" for u in dict.fromkeys(blocked)]
    problems += [f"missing file: {f}" for f in dict.fromkeys(failed)]
    for img in page.evaluate("""() => Array.from(document.images).map(i => ({
            src: i.getAttribute('src'), alt: i.getAttribute('alt'), ok: i.complete && i.naturalWidth > 0,
            hidden: i.getAttribute('aria-hidden') === 'true'}))"""):
        if not img["ok"]:
            problems.append(f"image does not load: {img['src']}")
        if not img["hidden"] and not (img["alt"] or "").strip():
            problems.append(f"image without alt text: {img['src'][:80]}")
    for href in dict.fromkeys(page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")):
        if not href.startswith(origin):
            continue
        target, fragment = local_target(site, href)
        if not target.is_file():
            problems.append(f"broken link: {href.removeprefix(origin)}")
        elif fragment and target.suffix == ".html" and fragment not in anchors(target):
            problems.append(f"broken anchor: {href.removeprefix(origin)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0] if args else ROOT / "build" / "book" / "html").resolve()
    if not (site / "index.html").exists():
        print(f"no website in {site}: run make book first", file=sys.stderr)
        return 2
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("no Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM", file=sys.stderr)
        return 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if not p.relative_to(site).parts[0] in NOT_PAGES)
    lessons = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    server = serve(site)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    start, failed = time.time(), 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            for rel in pages:
                context = browser.new_context(viewport={"width": 1300, "height": 900})
                page = context.new_page()
                problems = check_page(page, site, origin, rel)
                if rel == "index.html":
                    nav = page.evaluate("() => Array.from(document.querySelectorAll('nav a.reference.internal'))"
                                        ".map(a => a.getAttribute('href'))")
                    shown = [h.split("/")[-1].removesuffix(".html") for h in nav
                             if h.startswith("notebooks/") and h.split("/")[-1].removesuffix(".html") in lessons]
                    if list(dict.fromkeys(shown)) != lessons:
                        problems.append(f"the navigation lists lessons {shown}, expected {lessons}")
                    page.screenshot(path=str(SHOTS / "book-home.png"))
                if rel.startswith(("notebooks/", "exercises/student/")) and (ROOT / rel).with_suffix(".ipynb").is_file():
                    notebook = Path(rel).with_suffix(".ipynb").as_posix()
                    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
                    if links.binder_url(notebook) not in hrefs:
                        problems.append(f"no launch link to {links.binder_url(notebook)}")
                    page.screenshot(path=str(SHOTS / f"book-{Path(rel).with_suffix('').as_posix().replace('/', '-')}.png"), full_page=False)
                print(("FAIL " if problems else "ok   ") + rel, flush=True)
                for line in problems[:20]:
                    print("     " + line)
                if len(problems) > 20:
                    print(f"     ... and {len(problems) - 20} more")
                failed += bool(problems)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    missing = [name for name in lessons if f"notebooks/{name}.html" not in pages]
    for name in missing:
        print(f"FAIL notebooks/{name}.html: the lesson has no page")
    print(f"website check took {time.time() - start:.0f} s")
    print(f"book: {len(pages) - failed} passed, {failed + len(missing)} failed")
    return 1 if failed or missing else 0


if __name__ == "__main__":
    sys.exit(main())

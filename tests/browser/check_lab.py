"""Open every lesson in a real JupyterLab in headless Chromium, run it, move its widgets.

Not part of ``make test`` (it needs a browser): run it with ``make browser``, which
installs Playwright's Python client; Chromium comes from the system
(Debian: ``apt-get install chromium``; elsewhere set ``CHROMIUM=/path/to/chrome``).

For each notebook it checks that the lesson loads, that "Run All Cells" finishes without
an error output, that every slider and drop-down redraws its output area when moved,
and it saves screenshots to ``build/screenshots/`` for a person to look at.
Exit status 1 if any check fails.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(port: int, token: str, root: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--ServerApp.root_dir={root}",
           f"--IdentityProvider.token={token}", "--ServerApp.disable_check_xsrf=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=1)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("JupyterLab did not answer within 60 s")


def wait_idle(page, timeout=120):
    """Wait until no cell shows the busy prompt [*]."""
    deadline = time.time() + timeout
    time.sleep(1.0)
    while time.time() < deadline:
        busy = page.locator(".jp-Notebook .jp-InputPrompt:has-text('[*]')").count()
        if busy == 0:
            return
        time.sleep(0.5)
    raise TimeoutError("notebook still running")


def outputs_text(page, box) -> str:
    return box.locator(".widget-output, .jp-OutputArea").first.inner_text()


def check_notebook(page, port, token, name) -> list[str]:
    problems = []
    stem = name.removesuffix(".ipynb")
    # a fresh workspace per lesson, so tabs restored from an earlier lesson cannot interfere
    page.goto(f"http://127.0.0.1:{port}/lab/workspaces/check-{stem}/tree/notebooks/{name}?reset&token={token}")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=60000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60000)
    page.screenshot(path=str(SHOTS / f"{stem}-0-opened.png"))
    page.click("li.lm-MenuBar-item:has-text('Run')")
    page.click("li.lm-Menu-item:has-text('Run All Cells')")
    wait_idle(page)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']:has-text('Traceback')")
    if errors.count():
        problems.append(f"{name}: {errors.count()} error output(s): {errors.first.inner_text()[:300]}")
    expects_widget = "widgets.explore" in (ROOT / "notebooks" / name).read_text()
    if expects_widget:  # the widget manager may render a moment after the kernel is idle
        try:
            page.wait_for_selector(".jp-OutputArea-output .widget-vbox", timeout=30000)
        except Exception:
            pass
    boxes = page.locator(".jp-OutputArea-output .widget-vbox")
    n = boxes.count()
    if n == 0 and expects_widget:
        problems.append(f"{name}: no live widget was rendered")
    for i in range(n):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        before = outputs_text(page, box)
        sliders = box.locator(".widget-slider .widget-readout")
        selects = box.locator(".widget-dropdown select")
        moved = 0
        for j in range(selects.count()):
            sel = selects.nth(j)
            options = sel.locator("option").all_inner_texts()
            current = sel.input_value()
            choice = next((o for o in options if o != current), None)
            if choice:
                sel.select_option(label=choice)
                moved += 1
        for j in range(sliders.count()):
            readout = sliders.nth(j)
            readout.click()
            page.keyboard.press("Control+A")
            value = readout.inner_text().strip()
            target = str(int(value) - 3) if value.lstrip("-").isdigit() else value
            page.keyboard.type(target)
            page.keyboard.press("Enter")
            moved += 1
        time.sleep(2.0)
        wait_idle(page)
        after = outputs_text(page, box)
        box.screenshot(path=str(SHOTS / f"{stem}-widget{i + 1}-moved.png"))
        if moved and after == before:
            problems.append(f"{name}: widget {i + 1} did not redraw when its controls moved")
        if "Traceback" in after:
            problems.append(f"{name}: widget {i + 1} raised: {after[:300]}")
    page.screenshot(path=str(SHOTS / f"{stem}-1-ran.png"), full_page=True)
    return problems


def main(names: list[str]) -> int:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("no Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM", file=sys.stderr)
        return 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    names = names or sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    port, token = free_port(), secrets.token_hex(16)
    # serve a copy, so JupyterLab's autosave can never write run outputs into the lessons
    scratch = Path(tempfile.mkdtemp(prefix="csto-browser-"))
    shutil.copytree(ROOT / "notebooks", scratch / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    lab = start_lab(port, token, scratch)
    problems = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for name in names:
                found = check_notebook(page, port, token, name)
                print(("FAIL " if found else "ok   ") + name)
                for line in found:
                    print("     " + line)
                problems += found
                # close the notebook and shut its kernel, so the next one starts clean
                page.click("li.lm-MenuBar-item:has-text('Kernel')")
                page.click("li.lm-Menu-item:has-text('Shut Down All Kernels')")
                page.locator(".jp-Dialog button.jp-mod-accept, .jp-Dialog button:has-text('Shut Down All')").first.click()
                time.sleep(1)
            browser.close()
    finally:
        lab.terminate()
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            lab.kill()
    print(f"screenshots in {SHOTS.relative_to(ROOT)}/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

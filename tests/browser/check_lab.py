"""Open every lesson in a real JupyterLab in headless Chromium, as a student would, and check it works.

Not part of ``make test`` (it needs a browser): run it with ``make browser``, which installs
Playwright's Python client from ``requirements-browser.txt``; Chromium comes from the system
(Debian: ``apt-get install chromium``; elsewhere set ``CHROMIUM=/path/to/chrome``).
``.ci/run`` runs it after ``make test``.

For each lesson (``notebooks/NN-*.ipynb``, found by name) it

1. opens the lesson in a fresh browser context and waits until the kernel is really ready:
   the notebook's session is connected, ``kernel_info`` has answered, the kernel is idle and
   the widget manager has registered its comm target (sending "Run All" earlier runs nothing);
2. runs all cells and checks that every code cell ran, with no error output;
3. finds every live widget generically and moves each of its controls (sliders and range
   sliders by dragging a handle; drop-downs, multiple selections, check boxes, toggle and
   radio buttons), checking that the widget's output redraws and shows no traceback;
4. edits a *Try it* cell as a student would, runs it (feedback must appear), saves with
   Ctrl+S, reloads the page and checks that the edit is still there.

It also runs ``tests/browser/widget-zoo.ipynb``, one of each kind of control, as a self-test
of step 3. Screenshots go to ``build/screenshots/``. Exit status 1 if any check fails.

The server serves a scratch copy of the notebooks, so neither autosave nor the edit in step 4
can touch the lessons.
"""

from __future__ import annotations

import argparse
import json
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
SELF_TEST = ROOT / "tests" / "browser" / "widget-zoo.ipynb"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# generous: on a loaded 2-core machine a kernel can take half a minute to start
READY_TIMEOUT = 240
RUN_TIMEOUT = 300
REDRAW_TIMEOUT = 30


class Problem(Exception):
    pass


# --- JupyterLab, served from a scratch folder -------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server on a free port, with its own workspaces and settings folders."""

    def __init__(self, root: Path):
        self.root, self.port, self.token = root, free_port(), secrets.token_hex(16)
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={self.port}", "--ip=127.0.0.1",
               f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={self.token}",
               "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: the kernel's real state
               f"--LabApp.workspaces_dir={root / '.lab' / 'workspaces'}",
               f"--LabApp.user_settings_dir={root / '.lab' / 'settings'}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(root / ".lab-server.log", "w")
        self.proc = subprocess.Popen(cmd, cwd=root, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"JupyterLab exited at start; see {root / '.lab-server.log'}")
            try:
                self.api("status")
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("JupyterLab did not answer within 120 s")

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path}{sep}token={self.token}"

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


# --- the notebook's real state, read from JupyterLab's own objects ----------------------------

PANEL = """(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
  }
  return null;
}"""

READY = f"""(path) => {{
  const w = ({PANEL})(path);
  if (!w || !w.context.isReady || !w.content.widgets.length) return false;
  const s = w.sessionContext;
  const k = s.session && s.session.kernel;
  if (!s.isReady || !k || k.connectionStatus !== 'connected' || k.status !== 'idle') return false;
  // the widget manager registers this comm target once it is attached to the kernel
  if (k._targetRegistry !== undefined && !('jupyter.widget' in k._targetRegistry)) return false;
  return true;
}}"""

KERNEL_INFO = f"""async (path) => {{
  const w = ({PANEL})(path);
  await w.sessionContext.ready;
  const info = await w.sessionContext.session.kernel.info;
  return info.implementation;
}}"""

LISTEN = f"""(path) => {{
  const w = ({PANEL})(path);
  const k = w.sessionContext.session.kernel;
  window.__csto = {{executed: 0, busy: 0}};
  k.iopubMessage.connect((_, msg) => {{
    if (msg.header.msg_type === 'execute_input') window.__csto.executed += 1;
    if (msg.header.msg_type === 'status' && msg.content.execution_state === 'busy') window.__csto.busy += 1;
  }});
}}"""

RUN_ALL = """async ([timeout]) => {
  const run = window.jupyterapp.commands.execute('notebook:run-all-cells');
  const late = new Promise(resolve => setTimeout(() => resolve('timeout'), timeout));
  return String(await Promise.race([run, late]));
}"""

STATE = f"""(path) => {{
  const w = ({PANEL})(path);
  const cells = w.content.widgets;
  const out = {{code: 0, running: 0, errors: [], widgets: 0, kernel: '?',
               executed: window.__csto ? window.__csto.executed : null,
               busy: window.__csto ? window.__csto.busy : null}};
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (k) out.kernel = k.status;
  cells.forEach((cell, i) => {{
    if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().trim()) return;
    out.code += 1;
    if (cell.promptNode && cell.promptNode.textContent.includes('*')) out.running += 1;
    for (const o of cell.model.outputs.toJSON()) {{
      if (o.output_type === 'error') out.errors.push(`cell ${{i + 1}}: ${{o.ename}}: ${{o.evalue}}`);
      if (o.output_type === 'stream' && o.name === 'stderr' && String(o.text).includes('Traceback'))
        out.errors.push(`cell ${{i + 1}}: ${{String(o.text).slice(0, 300)}}`);
      if (o.data && o.data['{WIDGET_MIME}']) out.widgets += 1;
    }}
  }});
  return out;
}}"""

CELL_SOURCES = f"""(path) => ({PANEL})(path).content.widgets.map(c => [c.model.type, c.model.sharedModel.getSource()])"""

CELL_NODE = f"""([path, i]) => {{
  const w = ({PANEL})(path);
  const cell = w.content.widgets[i];
  w.content.activeCellIndex = i;
  cell.node.scrollIntoView({{block: 'center'}});
  return cell.node;
}}"""

SAVED = f"""(path) => {{ const w = ({PANEL})(path); return !!w && !w.context.model.dirty; }}"""


def wait_until(page, js: str, arg, timeout: float, what: str):
    try:
        page.wait_for_function(js, arg=arg, timeout=timeout * 1000, polling=250)
    except Exception as e:
        raise Problem(f"{what} (waited {timeout:.0f} s)") from e


def open_ready(page, lab: Lab, path: str, reset: bool = True):
    """Open ``path`` and return once its kernel is connected, has answered kernel_info, and is idle."""
    page.goto(lab.url(f"lab/tree/{path}" + ("?reset" if reset else "")))
    wait_until(page, READY, path, READY_TIMEOUT, "the notebook's kernel never became ready")
    implementation = page.evaluate(KERNEL_INFO, path)
    if implementation != "ipython":
        raise Problem(f"unexpected kernel: {implementation}")
    wait_until(page, READY, path, READY_TIMEOUT, "the kernel was not idle after kernel_info")


def wait_idle(page, path: str, timeout: float = RUN_TIMEOUT):
    """Wait until the kernel is idle and no cell shows [*]."""
    time.sleep(0.3)
    deadline = time.time() + timeout
    quiet_since = None
    while time.time() < deadline:
        s = page.evaluate(STATE, path)
        if s["kernel"] == "idle" and s["running"] == 0:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since >= 0.5:  # idle for half a second, not between two messages
                return s
        else:
            quiet_since = None
        time.sleep(0.2)
    raise Problem(f"still running after {timeout:.0f} s")


# --- widgets ---------------------------------------------------------------------------------

def top_widgets(page):
    """Widget views that are a cell's own output (not the widgets nested in them)."""
    return page.locator(".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output > .jupyter-widgets")


def output_of(box):
    """The rendered result area of a widget (its Output widgets), as HTML, so a new figure counts."""
    outs = box.locator(".widget-output")
    return "\n".join(outs.nth(i).inner_html() for i in range(outs.count()))


def controls(box):
    """(kind, locator) for every control in the widget, in page order."""
    found = []
    for kind, selector in [
        ("slider", ".widget-slider"),
        ("dropdown", ".widget-dropdown select"),
        ("select", ".widget-select select"),  # Select and SelectMultiple
        ("checkbox", ".widget-checkbox input[type=checkbox]"),
        ("toggle-buttons", ".widget-toggle-buttons"),
        ("toggle-button", ".widget-toggle-button:not(.widget-toggle-buttons .widget-toggle-button)"),
        ("radio", ".widget-radio-box"),
    ]:
        loc = box.locator(selector)
        for i in range(loc.count()):
            found.append((kind, loc.nth(i)))
    return found


def label_of(kind: str, control) -> str:
    label = control.locator("xpath=ancestor-or-self::*[contains(@class,'widget-inline-hbox') or "
                            "contains(@class,'widget-toggle-buttons')][1]//label[contains(@class,'widget-label')]")
    text = label.first.inner_text().strip() if label.count() else ""
    return f"{kind} {text!r}" if text else kind


def slider_values(control) -> list[str]:
    handles = control.locator(".noUi-handle")
    return [handles.nth(i).get_attribute("aria-valuenow") for i in range(handles.count())]


def slider_range(control) -> tuple[float, float]:
    handles = control.locator(".noUi-handle")
    return (float(handles.first.get_attribute("aria-valuemin")),
            float(handles.last.get_attribute("aria-valuemax")))


def drag(page, control, h: int, fraction: float):
    """Drag handle ``h`` of a slider to ``fraction`` of its track, with the mouse."""
    track = control.locator(".noUi-base").bounding_box()
    box = control.locator(".noUi-handle").nth(h).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * fraction, y, steps=8)
    page.mouse.up()


def state_of(kind: str, control):
    """What a control shows now, to put it back later."""
    if kind == "slider":
        return slider_values(control)
    if kind in ("dropdown", "select"):
        return control.evaluate("s => Array.from(s.selectedOptions).map(o => o.value)")
    if kind == "checkbox":
        return control.is_checked()
    if kind == "toggle-buttons":
        return control.evaluate("e => Array.from(e.querySelectorAll('button')).findIndex(b => b.classList.contains('mod-active'))")
    if kind == "radio":
        return control.evaluate("e => Array.from(e.querySelectorAll('input')).findIndex(i => i.checked)")
    if kind == "toggle-button":
        return "mod-active" in (control.get_attribute("class") or "")
    return None


def move(page, kind: str, control, attempt: int) -> bool:
    """Change the control's value the way a person would; ``attempt`` picks another value."""
    control.scroll_into_view_if_needed()
    if kind == "slider":
        before = slider_values(control)
        handles = control.locator(".noUi-handle")
        low, high = slider_range(control)
        for h in range(handles.count()):
            now = (float(before[h]) - low) / ((high - low) or 1)
            fraction = [0.5, 0.2, 0.8][attempt % 3]
            if abs(fraction - now) < 0.1:
                fraction = 0.1 if now > 0.5 else 0.9
            drag(page, control, h, fraction)
            if slider_values(control) != before:
                return True
        return False
    if kind in ("dropdown", "select"):
        options = control.locator("option")
        values = [options.nth(i).get_attribute("value") for i in range(options.count())]
        current = state_of(kind, control)
        others = [v for v in values if v not in current]
        if not others:
            return False
        control.select_option(others[attempt % len(others)])
        return True
    if kind in ("checkbox", "toggle-button"):
        control.click()
        return True
    if kind in ("toggle-buttons", "radio"):
        choices = control.locator("button:not(.mod-active)" if kind == "toggle-buttons" else "input:not(:checked)")
        if not choices.count():
            return False
        choices.nth(attempt % choices.count()).click()
        return True
    return False


def restore(page, kind: str, control, saved) -> bool:
    """Put the control back as it was (so the next control is tried from the lesson's default view)."""
    if state_of(kind, control) == saved:
        return False
    control.scroll_into_view_if_needed()
    if kind == "slider":
        low, high = slider_range(control)
        handles = control.locator(".noUi-handle")
        for h, value in enumerate(saved):
            if slider_values(control)[h] == value:
                continue
            drag(page, control, h, (float(value) - low) / ((high - low) or 1))
            for _ in range(50):  # the last steps with the arrow keys, as a keyboard user would
                now = float(slider_values(control)[h])
                if now == float(value):
                    break
                handles.nth(h).focus()
                page.keyboard.press("ArrowRight" if now < float(value) else "ArrowLeft")
    elif kind in ("dropdown", "select"):
        control.select_option(saved)
    elif kind in ("checkbox", "toggle-button"):
        control.click()
    elif kind == "toggle-buttons":
        control.locator("button").nth(saved).click()
    elif kind == "radio":
        control.locator("input").nth(saved).click()
    return True


def settle(page, path: str, box, busy_before: int) -> str:
    """The widget's output once the kernel has handled the change and the output stopped changing.

    A control that reaches the kernel makes it busy; one that does not (a broken link) is
    given 10 seconds.
    """
    deadline = time.time() + 10
    while page.evaluate(STATE, path)["busy"] <= busy_before:
        if time.time() > deadline:
            return output_of(box)
        time.sleep(0.1)
    wait_idle(page, path)
    last, stable_since, deadline = output_of(box), time.time(), time.time() + REDRAW_TIMEOUT
    while time.time() < deadline and time.time() - stable_since < 0.8:
        time.sleep(0.2)
        now = output_of(box)
        if now != last:
            last, stable_since = now, time.time()
    return last


def check_widgets(page, path: str, stem: str, expected: int) -> list[str]:
    problems = []
    state = page.evaluate(STATE, path)
    if state["widgets"] < expected:
        problems.append(f"{state['widgets']} widget output(s) after the run; the notebook has {expected}")
    boxes = top_widgets(page)
    try:
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-Cell-outputArea > .jp-OutputArea-child > "
            ".jp-OutputArea-output > .jupyter-widgets').length >= n", arg=max(expected, state["widgets"]),
            timeout=60000)
    except Exception:
        pass
    n = boxes.count()
    if n < max(expected, state["widgets"]):
        problems.append(f"only {n} live widget(s) rendered of {max(expected, state['widgets'])}")
    broken = page.locator(".jp-OutputArea-output:has-text('Error displaying widget')")
    if broken.count():
        problems.append(f"{broken.count()} widget(s) show 'Error displaying widget'")
    for i in range(n):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        wait_idle(page, path)
        if not output_of(box).strip():
            problems.append(f"widget {i + 1} shows nothing before any control moves")
        kinds = controls(box)
        if not kinds:
            problems.append(f"widget {i + 1} has no control the check knows how to move")
        for j, (kind, control) in enumerate(kinds):
            name = label_of(kind, control)
            saved = state_of(kind, control)
            redrew = False
            for attempt in range(3):  # a move may, by chance, give the same result: try other values
                before, busy = output_of(box), page.evaluate(STATE, path)["busy"]
                if not move(page, kind, control, attempt):
                    continue
                after = settle(page, path, box, busy)
                if "Traceback" in after or "Error displaying widget" in after:
                    problems.append(f"widget {i + 1}, {name}: raised: {box.inner_text()[:300]}")
                    break
                if after != before:
                    redrew = True
                    break
            if not redrew:
                problems.append(f"widget {i + 1}, {name}: the output did not redraw when it moved")
            box.screenshot(path=str(SHOTS / f"{stem}-widget{i + 1}-control{j + 1}-{kind}.png"))
            busy = page.evaluate(STATE, path)["busy"]
            if restore(page, kind, control, saved):
                settle(page, path, box, busy)
    return problems


# --- a student's edit survives save and reload ----------------------------------------------

def editor_of(page, path: str, index: int):
    """Cell ``index`` scrolled into view, once its editor is drawn (JupyterLab draws editors lazily)."""
    node = page.evaluate_handle(CELL_NODE, [path, index]).as_element()
    try:
        page.wait_for_function("node => !!node.querySelector('.cm-content')", arg=node, timeout=30000)
    except Exception as e:
        raise Problem(f"the editor of cell {index + 1} was never drawn") from e
    return node


def check_try_it_edit(page, lab: Lab, path: str, stem: str) -> list[str]:
    cells = page.evaluate(CELL_SOURCES, path)
    index = next((i for i, (kind, src) in enumerate(cells)
                  if kind == "code" and src.startswith("answer = ...") and "tasks.check(" in src), None)
    if index is None:
        return []
    marker = f"browser-check-{secrets.token_hex(4)}"
    node = editor_of(page, path, index)
    node.query_selector(".cm-content").click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("Shift+End")
    page.keyboard.type(f"answer = 7  # {marker}")
    page.keyboard.press("Shift+Enter")  # run it: the student gets feedback
    wait_idle(page, path)
    problems = []
    feedback = page.evaluate(f"""([path, i]) => ({PANEL})(path).content.widgets[i].model.outputs.toJSON()""",
                             [path, index])
    text = json.dumps(feedback)
    if not feedback or "Traceback" in text or '"error"' in text:
        problems.append(f"the Try it in cell {index + 1} gave no feedback or an error: {text[:200]}")
    page.keyboard.press("Control+s")
    wait_until(page, SAVED, path, 30, "Ctrl+S did not save the notebook")
    on_disk = (lab.root / path).read_text(encoding="utf-8")
    if marker not in on_disk:
        problems.append("the saved file lacks the student's edit")
    page.reload()
    wait_until(page, READY, path, READY_TIMEOUT, "the notebook's kernel was not ready after a reload")
    source = page.evaluate(CELL_SOURCES, path)[index][1]
    node = editor_of(page, path, index)
    try:
        page.wait_for_function(
            "([node, marker]) => { const e = node.querySelector('.cm-content'); return !!e && e.textContent.includes(marker); }",
            arg=[node, marker], timeout=30000)
        shown = True
    except Exception:
        shown = False
    if marker not in source or not shown:
        problems.append("after a reload, the student's edit of the Try it cell is gone"
                        + ("" if marker in source else " (from the notebook)") + ("" if shown else " (from the screen)"))
    node.screenshot(path=str(SHOTS / f"{stem}-try-it-after-reload.png"))
    return problems


# --- one notebook ------------------------------------------------------------------------------

def expected_widgets(nb_path: Path) -> int:
    """How many live widgets the notebook shows, read from its file."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    count = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        if "widgets.explore(" in src or any(WIDGET_MIME in o.get("data", {}) or
                                            "Interactive widget" in json.dumps(o.get("data", {}))
                                            for o in cell.get("outputs", [])):
            count += 1
    return count


def check_notebook(browser, lab: Lab, path: str) -> list[str]:
    stem = Path(path).stem
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems = []
    try:
        open_ready(page, lab, path)
        page.screenshot(path=str(SHOTS / f"{stem}-0-opened.png"))
        page.evaluate(LISTEN, path)
        result = page.evaluate(RUN_ALL, [RUN_TIMEOUT * 1000])
        if result == "timeout":
            raise Problem(f"Run All did not finish within {RUN_TIMEOUT} s")
        state = wait_idle(page, path)
        problems += [f"error output: {e}" for e in state["errors"]]
        if not state["errors"] and state["executed"] != state["code"]:
            problems.append(f"Run All ran {state['executed']} of {state['code']} code cells")
        problems += check_widgets(page, path, stem, expected_widgets(lab.root / path))
        page.screenshot(path=str(SHOTS / f"{stem}-1-ran.png"), full_page=True)
        problems += check_try_it_edit(page, lab, path, stem)
    except Problem as e:
        problems.append(str(e))
        page.screenshot(path=str(SHOTS / f"{stem}-failed.png"))
    finally:
        context.close()
        lab.shut_down_kernels()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="lesson file names (default: every notebooks/NN-*.ipynb)")
    parser.add_argument("--no-self-test", action="store_true", help="skip the widget-zoo self-test")
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("no Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM", file=sys.stderr)
        return 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    names = args.names or sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    # serve a copy, so JupyterLab's autosave and the edit check can never write into the lessons
    scratch = Path(tempfile.mkdtemp(prefix="csto-browser-"))
    shutil.copytree(ROOT / "notebooks", scratch / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    paths = [f"notebooks/{name}" for name in names]
    if not args.no_self_test:
        (scratch / "self-test").mkdir()
        shutil.copy(SELF_TEST, scratch / "self-test" / SELF_TEST.name)
        paths.append(f"self-test/{SELF_TEST.name}")
    start = time.time()
    lab = Lab(scratch)
    failed = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            for path in paths:
                t0 = time.time()
                found = check_notebook(browser, lab, path)
                print(f"{'FAIL' if found else 'ok  '} {path}  ({time.time() - t0:.0f} s)", flush=True)
                for line in found:
                    print("     " + line, flush=True)
                failed += bool(found)
            browser.close()
    finally:
        lab.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"browser check took {time.time() - start:.0f} s; screenshots in {SHOTS.relative_to(ROOT)}/")
    print(f"browser: {len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

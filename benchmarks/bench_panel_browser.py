"""The update-step panel's Step button in a real browser: click -> new picture on screen, and bytes.

    .venv/bin/python benchmarks/bench_panel_browser.py [--steps 40] [--kinds negsamp,naive] [--fake] [--memory]

Measures, in JupyterLab + headless Debian Chromium (Playwright), for each viewport (1280x720,
1920x1080) and each panel kind, the time from a click on the panel's Step button to the new
picture being in the DOM and painted: the time is taken in the page (``performance.now()``),
from just before ``button.click()`` until a MutationObserver sees the panel's
``.w2v-picture svg`` carry a larger ``data-frame``, plus one ``requestAnimationFrame`` (the
next frame is rendered). Each kind gets 3 warm-up clicks, then ``--steps`` measured ones; after
each click the page waits for the kernel to be idle, then 50 ms, so clicks never overlap.

Bytes per click: the websocket frames the kernel connection receives (Playwright's
``framereceived``) from the click until the kernel is idle again: the widget update carrying
the picture plus the kernel's status and echo messages.

``--memory``: the page's JS heap (``performance.memory.usedJSHeapSize``, precise, after a
forced GC) before and after 400 extra clicks on the first kind's panel (target: < 10 MB).
``--fake``: a stand-in panel (Button + HTML widget holding a ~15 KB ``<svg data-frame>``),
defined in the scratch notebook; it measures the browser and widget comms alone, the kernel
doing next to nothing. Without it, the panels are ``w2vlib.panel.update_step_panel(kind)``.

JupyterLab and the browser are started with tests/test_browser.py's helpers (random port and
token, temporary settings and content). Exits non-zero with a message when the browser or
JupyterLab cannot start, or when a picture does not appear within 30 s.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_browser import (CHROMIUM, CHROMIUM_ARGS, NB, LabServer, _all_cells_ran,  # noqa: E402
                          _kernel_idle, _no_widget_errors, _run_all, _wait)

KINDS = ["naive", "outside", "negsamp", "skipgram", "cbow", "hs"]
VIEWPORTS = [(1280, 720), (1920, 1080)]
WARMUP, MEMORY_CLICKS, TIMEOUT_MS = 3, 400, 30_000
FAKE_PANEL = '''\
import ipywidgets as widgets

def update_step_panel(kind):
    """Stand-in panel: a Step button and a ~15 KB SVG whose data-frame grows on each click."""
    def svg(n):
        dots = "".join(f'<circle cx="{(i * 37 + n * 7) % 600}" cy="{(i * 53 + n * 11) % 400}" r="3" '
                       f'fill="#{i * 2654435 % 0xffffff:06x}"/>' for i in range(310))
        return (f'<svg xmlns="http://www.w3.org/2000/svg" data-frame="{n}" width="600" height="400">'
                f'<text x="10" y="20">{kind} step {n}</text>{dots}</svg>')
    frame = [0]
    picture = widgets.HTML(svg(0))
    picture.add_class("w2v-picture")
    button = widgets.Button(description="Step")
    def step(_):
        frame[0] += 1
        picture.value = svg(frame[0])
    button.on_click(step)
    return widgets.VBox([button, picture])
'''

# One click on panel `idx` (the idx-th .w2v-picture of the notebook on show); returns the ms from
# the click to the new picture painted, after waiting for the kernel to be idle again.
CLICK = """
async ([idx, timeout]) => {
  const NB = '.jp-NotebookPanel:not(.lm-mod-hidden)';
  const out = document.querySelectorAll(`${NB} .w2v-picture`)[idx].closest('.jp-OutputArea-output');
  const frame = () => { const s = out.querySelector('.w2v-picture svg[data-frame]');
                        return s ? Number(s.getAttribute('data-frame')) : -1; };
  const button = [...out.querySelectorAll('button.jupyter-button')].find(b => b.textContent.trim() === 'Step');
  if (!button) throw new Error(`panel ${idx}: no Step button`);
  const before = frame();
  let timer, observer;
  const seen = new Promise((resolve, reject) => {
    observer = new MutationObserver(() => { if (frame() > before) resolve(); });
    observer.observe(out, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-frame']});
    timer = setTimeout(() => reject(new Error(`panel ${idx}: no new picture within ${timeout / 1000} s ` +
                                              `(data-frame still ${frame()})`)), timeout);
  });
  const t0 = performance.now();
  button.click();
  try { await seen; } finally { observer.disconnect(); clearTimeout(timer); }
  await new Promise(r => requestAnimationFrame(r));
  const ms = performance.now() - t0;
  const status = () => document.querySelector(`${NB} .jp-Notebook-ExecutionIndicator`)?.getAttribute('data-status');
  while (status() !== 'idle') {
    if (performance.now() - t0 > timeout) throw new Error(`panel ${idx}: kernel still busy after ${timeout / 1000} s`);
    await new Promise(r => setTimeout(r, 5));
  }
  return ms;
}
"""
HEAP_MB = "() => { if (window.gc) window.gc(); return performance.memory.usedJSHeapSize / 1e6; }"


class Failure(Exception):
    """A benchmark that cannot go on (the message says why)."""


def write_notebook(path, kinds, fake):
    setup = FAKE_PANEL if fake else "from w2vlib.panel import update_step_panel"
    cells = [nbformat.v4.new_code_cell(setup)]
    cells += [nbformat.v4.new_code_cell(f'panel = update_step_panel("{kind}")\npanel') for kind in kinds]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=kernel), path)   # no Select Kernel dialog


def open_notebook(page, lab, name, n_panels):
    """Open ``name`` in a fresh workspace, wait for the kernel, Run All, wait for the pictures."""
    page.goto(f"{lab.url}/lab/workspaces/bench-{time.monotonic_ns()}/tree/{name}?reset&token={lab.token}")
    page.wait_for_selector(f"{NB} .jp-Cell")
    _wait(lambda: _kernel_idle(page), "the kernel to be idle")
    _run_all(page)
    _wait(lambda: _all_cells_ran(page) and _kernel_idle(page), "every cell to run", timeout=180)
    _wait(lambda: page.locator(f"{NB} .w2v-picture svg[data-frame]").count() >= n_panels,
          f"{n_panels} panel pictures (svg[data-frame] inside .w2v-picture)", timeout=TIMEOUT_MS / 1000)
    _no_widget_errors(page)


def click(page, idx, frames):
    """One measured click: (ms to the new picture, websocket bytes received for it)."""
    start = len(frames)
    ms = page.evaluate(CLICK, [idx, TIMEOUT_MS])
    page.wait_for_timeout(50)                   # lets Playwright deliver the last frames' events
    return ms, sum(frames[start:])


def measure(browser, lab, name, kinds, steps, memory):
    """Rows (viewport, kind, times, bytes) for every viewport; the heap report if ``memory``."""
    rows, heap = [], None
    for width, height in VIEWPORTS:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        frames = []
        page.on("websocket", lambda ws: "/api/kernels/" in ws.url and ws.on(
            "framereceived", lambda p: frames.append(len(p) if isinstance(p, bytes) else len(p.encode()))))
        try:
            open_notebook(page, lab, name, len(kinds))
            for idx, kind in enumerate(kinds):
                page.locator(f"{NB} .w2v-picture").nth(idx).evaluate("el => el.scrollIntoView({block: 'center'})")
                for _ in range(WARMUP):
                    click(page, idx, frames)
                samples = [click(page, idx, frames) for _ in range(steps)]
                rows.append((f"{width}x{height}", kind, [s[0] for s in samples], [s[1] for s in samples]))
                _no_widget_errors(page)
            if memory and heap is None:
                page.locator(f"{NB} .w2v-picture").first.evaluate("el => el.scrollIntoView({block: 'center'})")
                before = page.evaluate(HEAP_MB)
                for _ in range(MEMORY_CLICKS):
                    page.evaluate(CLICK, [0, TIMEOUT_MS])
                heap = (f"{width}x{height}", kinds[0], before, page.evaluate(HEAP_MB))
        except Exception as exc:
            shot = Path(tempfile.gettempdir()) / f"bench-panel-browser-{width}x{height}.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
            except Exception:
                shot = "(none)"
            raise Failure(f"{width}x{height}: {exc}\nscreenshot: {shot}\n"
                          f"JupyterLab log (last lines):\n{lab.log_tail()}") from exc
        finally:
            context.close()
            try:
                lab.stop_kernels()              # the next viewport starts a fresh kernel
            except OSError:
                pass                            # the server is gone: the error above says why
    return rows, heap


def report(rows, heap):
    pct = lambda xs, q: sorted(xs)[min(len(xs) - 1, int(q * len(xs)))]  # noqa: E731
    print(f"{'viewport':<10} {'kind':<9} {'n':>4} {'p50 ms':>7} {'p90 ms':>7} {'max ms':>7} {'bytes/click':>12}")
    for viewport, kind, times, nbytes in rows:
        print(f"{viewport:<10} {kind:<9} {len(times):>4} {pct(times, .5):>7.1f} {pct(times, .9):>7.1f} "
              f"{max(times):>7.1f} {statistics.median(nbytes):>12,.0f}")
    overall = pct([t for row in rows for t in row[2]], .9)
    print(f"overall p90: {overall:.1f} ms (target < 100 ms)")
    if heap:
        viewport, kind, before, after = heap
        print(f"JS heap, {MEMORY_CLICKS} extra clicks on {kind} at {viewport}: {before:.1f} MB before, "
              f"{after:.1f} MB after, {after - before:+.1f} MB (target < 10 MB growth)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40, help="measured clicks per panel (default 40)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated panel kinds")
    parser.add_argument("--fake", action="store_true", help="a stand-in panel instead of w2vlib.panel")
    parser.add_argument("--memory", action="store_true", help=f"JS heap before/after {MEMORY_CLICKS} clicks")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"unknown kinds {sorted(unknown)}; choose from {KINDS}")
    if not Path(CHROMIUM).exists():
        sys.exit(f"error: {CHROMIUM} not found (Debian: apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("error: playwright is not installed (pip install playwright)")

    root = Path(tempfile.mkdtemp(prefix="w2vlib-bench-browser-"))
    lab = None
    try:
        try:
            lab = LabServer(root)
        except Exception as exc:                # its log is closed by then: read the file
            log = (root / "jupyterlab.log").read_text(errors="replace").splitlines()[-20:]
            raise Failure(f"JupyterLab did not start: {exc}\n" + "\n".join(log)) from exc
        write_notebook(lab.content / "bench.ipynb", kinds, args.fake)
        with sync_playwright() as p:
            try:
                browser = p.chromium.launch(executable_path=CHROMIUM, timeout=TIMEOUT_MS, args=CHROMIUM_ARGS + [
                    "--enable-precise-memory-info", "--js-flags=--expose-gc"])
            except Exception as exc:
                raise Failure(f"Chromium did not start: {str(exc).splitlines()[0]}") from exc
            try:
                print(f"{'fake' if args.fake else 'w2vlib.panel'} panels, {args.steps} clicks each after "
                      f"{WARMUP} warm-up; load average {os.getloadavg()[0]:.1f}", flush=True)
                rows, heap = measure(browser, lab, "bench.ipynb", kinds, args.steps, args.memory)
            finally:
                browser.close()
        report(rows, heap)
    except Failure as exc:
        sys.exit(f"error: {exc}")
    finally:
        if lab:
            lab.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

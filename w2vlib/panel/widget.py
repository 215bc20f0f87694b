"""The update-step panel: controls, the picture (SVG, ``w2vlib.panel.picture``) and a readout.

    from w2vlib.panel import update_step_panel
    panel = update_step_panel("naive", center="coffee", outside="hot", lr=0.5)
    panel             # as a cell's last expression: controls, the picture and a readout
    panel.step()      # one step (headless); panel.step(10); panel.reset()
    panel.state       # a plain dict: the step shown, as computed by update_step

A click sends the new picture as a few kilobytes of SVG text in an ``ipywidgets.HTML`` (class
``w2v-picture``; its ``<svg data-frame=N>`` counts pictures); the browser draws it. The
display bundle carries the same SVG as a static picture for GitHub and nbviewer.

Changing a word, the position, window or inner loss restarts from the toy vectors; changing η,
K or the negatives keeps the vectors where the steps left them.
"""
from __future__ import annotations

import copy
import html
import math
import os
import threading
import weakref
from dataclasses import dataclass, replace

import numpy as np

from .._validate import OrNone, Words, as_positive_int, checked
from ..toy import toy_vocabulary
from .core import STEP_CONTRACTS, StepResult, format_readout, get_kind, update_step
from .picture import Drawn, Renderer
from .words import DEFAULT_K

__all__ = ["UpdateStepPanel", "update_step_panel", "presentation", "readout_html", "LR_STEP", "LR_RANGE"]

LR_STEP = 0.1            # the learning-rate slider moves in tenths of a decade
LR_RANGE = (-4.0, 3.0)   # log10 of the smallest and largest learning rate on the slider
TINY = 1e-9              # relative slider changes below this (browser snapping) are ignored


@dataclass(frozen=True)
class _Shown:
    """Everything a panel shows, replaced in one assignment so an interrupt never leaves half
    of it updated: the vectors now, the step Step takes next, the last one taken, the trail."""
    vocab: object
    result: StepResult
    last: StepResult | None
    path: tuple           # v at the start and after every step
    losses: tuple         # the loss at each point of the path
    steps: int


_PRESENTATION = {"on": os.environ.get("W2VLIB_PRESENTATION", "") not in ("", "0")}
_PANELS = weakref.WeakSet()


def presentation(on: bool = True) -> None:
    """Presentation mode for a projector: larger text; the scores stay in the readout. Applies
    to every panel shown so far and built afterwards (``W2VLIB_PRESENTATION=1`` turns it on)."""
    if not isinstance(on, (bool, np.bool_)):
        raise TypeError(f"on must be True or False, got {type(on).__name__} {on!r}")
    _PRESENTATION["on"] = bool(on)
    for panel in list(_PANELS):
        panel.set_layout("presentation" if on else "normal")


def readout_html(r: StepResult, steps: int = 0, last: StepResult | None = None) -> str:
    """The readout as a small HTML table (also the picture's text alternative)."""
    rows = [("shown", f"step {steps + 1}, the one Step takes next" + (f" ({steps} taken)" if steps else ""))]
    if last is not None:
        rows.append(("last step taken", f"loss {last.loss_before:.6f} → {last.loss_after:.6f}"))
    rows += format_readout(r)
    body = []
    for label, value in rows:
        value = html.escape(value)
        if not label:
            emphasis = "font-weight:bold;" if (r.overshoot or not r.finite) else ""
            body.append(f'<tr><td colspan="2" style="text-align:left;white-space:normal;{emphasis}">{value}</td></tr>')
        else:
            body.append(f'<tr><th style="text-align:left;padding-right:1em;white-space:normal">{html.escape(label)}</th>'
                        f'<td style="text-align:left;font-family:monospace;white-space:normal">{value}</td></tr>')
    return '<table role="status" aria-live="polite" style="max-width:100%">' + "".join(body) + "</table>"


class UpdateStepPanel:
    """Controls + picture + readout for one kind of step; driven by clicks or by code.

    Build one with ``update_step_panel(...)``. Public: ``step(n=1)``, ``reset()``, ``state``
    (a plain dict), ``svg`` (the current picture), ``drawn`` (it with the boxes of its texts and
    markers), ``widget`` (the ipywidgets container), ``controls`` (name -> widget),
    ``renders`` (pictures drawn) and ``set_layout("normal" | "presentation")``.
    """

    def __init__(self, kind, vocab, params, layout=None):
        self.kind = kind
        self._spec = get_kind(kind)
        self._initial = copy.deepcopy(vocab)
        self._params = dict(params)
        self._lock = threading.RLock()
        self._renderer = Renderer(layout or ("presentation" if _PRESENTATION["on"] else "normal"))
        self.renders = 0
        self._error = ""
        self._shown = self._start()             # raises ValueError on bad arguments, before any widget exists
        self._params["lr"] = self._shown.result.lr
        self._build_widgets()
        self._render()
        _PANELS.add(self)

    # -- numbers
    def _compute(self, vocab) -> StepResult:
        p = self._params
        return update_step(self.kind, vocab, p["center"], p["outside"], p["lr"],
                           K=p["K"] if self._spec.uses_negatives(p) else None, seed=p["seed"],
                           negatives=p["negatives"], window=p["window"], position=p["position"],
                           inner=p["inner"])

    def _start(self) -> _Shown:
        r = self._compute(copy.deepcopy(self._initial))
        return _Shown(copy.deepcopy(self._initial), r, None, (r.v_before.copy(),), (r.loss_before,), 0)

    def _advanced(self, s: _Shown) -> _Shown:
        """The panel after taking the step it shows (computed aside, nothing changed yet)."""
        r = s.result
        vocab = copy.copy(s.vocab)
        if r.moved == "U":
            vocab.outside_vectors = r.moved_after.copy()
        else:
            vocab.center_vectors = vocab.center_vectors.copy()
            vocab.center_vectors[r.rows] = r.moved_after
        nxt = self._compute(vocab)
        return _Shown(vocab, nxt, r, s.path + (nxt.v_before.copy(),), s.losses + (r.loss_after,), s.steps + 1)

    # -- public API
    def step(self, n=1):
        """Take ``n`` gradient steps (stops early, with a message, if a step cannot be taken).

        Each step is computed aside and then shown in one assignment, so an interrupt between
        steps leaves the panel consistent: the picture and ``state`` show the steps so far."""
        n = as_positive_int(n, "n")
        with self._lock:
            try:
                for _ in range(n):
                    if not self._shown.result.finite:
                        break                    # the readout already says why
                    self._shown = self._advanced(self._shown)
            finally:
                self._error = ""
                self._render()

    def reset(self):
        """Back to the toy vectors, step count 0; the controls keep their values."""
        with self._lock:
            self._renderer.forget()
            self._shown = self._start()
            self._error = ""
            self._render()

    def set_layout(self, layout: str):
        """"normal" (plane, the step taken apart, the scores) or "presentation" (larger text)."""
        with self._lock:
            self._renderer.set_layout(layout)
            self._render()

    @property
    def state(self) -> dict:
        """The step shown (the one Step takes next, from the current vectors) as a plain dict
        (``StepResult.as_dict()``), plus ``steps`` (taken so far), ``last_step`` (the last step
        taken, the same kind of dict, or None), ``v_c`` (the current score vector: v_c, or v̂),
        ``outside_vectors`` (current, (V, d)), ``path`` (v at the start and after every step),
        ``losses`` (the loss at each point of the path) and ``error`` (why a control value was
        refused, or "")."""
        with self._lock:
            s = self._shown
            out = s.result.as_dict()
            out.update(steps=s.steps, last_step=None if s.last is None else s.last.as_dict(),
                       v_c=s.result.v_before.copy(),
                       outside_vectors=np.array(s.vocab.outside_vectors, dtype=np.float64),
                       path=np.array(s.path), losses=list(s.losses), error=self._error)
            return out

    @property
    def svg(self) -> str:
        """The current picture, SVG text."""
        return self._drawn.svg

    @property
    def drawn(self) -> Drawn:
        """The current picture with the boxes of its texts and markers."""
        return self._drawn

    def close(self):
        """Close the panel's widgets; ``step``, ``reset`` and ``state`` keep working."""
        with self._lock:
            self.widget.close()
            for control in self.controls.values():
                control.close()

    # -- widgets
    def _build_widgets(self):
        import ipywidgets as w

        p = self._params
        words = list(self._initial.words)
        style = {"description_width": "initial"}
        wrap = w.Layout(flex_flow="row wrap", align_items="center")
        auto = w.Layout(width="auto")
        c = {}
        if self._spec.controls == "window":
            sentence = self._initial.sentence
            c["position"] = w.IntSlider(value=p["position"], min=0, max=len(sentence) - 1,
                                        description="centre position t", style=style, continuous_update=False)
            c["window"] = w.IntSlider(value=p["window"], min=1, max=3, description="window m",
                                      style=style, continuous_update=False)
            c["inner"] = w.Dropdown(options=[("naive softmax", "naive"), ("negative sampling", "negsamp")],
                                    value=p["inner"], description="loss per word", style=style, layout=auto)
            c["sentence"] = w.HTML(self._sentence_html())
            first = [c["position"], c["window"], c["inner"], c["sentence"]]
        else:
            c["center"] = w.Dropdown(options=words, value=p["center"], description="centre word c", style=style,
                                     layout=auto)
            c["outside"] = w.Dropdown(options=words, value=p["outside"], description="outside word o", style=style,
                                      layout=auto)
            first = [c["center"], c["outside"]]
        # The slider's grid passes exactly through lr, so the browser has nothing to snap.
        e = math.log10(p["lr"])
        lo = e - max(0, math.floor((e - LR_RANGE[0]) / LR_STEP + 1e-9)) * LR_STEP
        c["lr"] = w.FloatLogSlider(value=p["lr"], base=10, min=lo, max=max(LR_RANGE[1], e), step=LR_STEP,
                                   description="learning rate η", readout_format=".3g", style=style,
                                   continuous_update=False, layout=w.Layout(width="400px"))
        second = []
        if self._spec.negative_controls:
            c["K"] = w.IntSlider(value=p["K"], min=1, max=max(20, p["K"]), description="K negatives", style=style,
                                 continuous_update=False, layout=w.Layout(width="260px"))
            c["resample"] = w.Button(description="Resample negatives", layout=auto,
                                     tooltip="draw new negatives (the seed goes up by one)")
            second += [c["K"], c["resample"]]
        c["step"] = w.Button(description="Step", button_style="primary", tooltip="one gradient step", icon="play",
                             layout=auto)
        c["step10"] = w.Button(description="10 steps", tooltip="ten gradient steps", icon="forward", layout=auto)
        c["reset"] = w.Button(description="Reset", tooltip="back to the toy vectors", icon="undo", layout=auto)
        c["picture"] = w.HTML(layout=w.Layout(width="100%"))
        c["picture"].add_class("w2v-picture")
        c["readout"] = w.HTML()
        self.controls = c
        rows = [w.HBox(first + [c["lr"]], layout=wrap),
                w.HBox(second + [c["step"], c["step10"], c["reset"]], layout=wrap)]
        self.widget = w.VBox(rows + [c["picture"], c["readout"]], layout=w.Layout(width="100%"))
        self._enable_negative_controls()
        self._observe()

    def _enable_negative_controls(self):
        """K and Resample apply when negatives are sampled (not forced, not a softmax loss)."""
        p = self._params
        if "K" in self.controls:
            off = p["negatives"] is not None or not self._spec.uses_negatives(p)
            self.controls["K"].disabled = off
            self.controls["resample"].disabled = off

    def _sentence_html(self):
        p = self._params
        t, m = p["position"], p["window"]
        out = []
        for i, word in enumerate(self._initial.sentence):
            word = html.escape(word)
            out.append(f"<b>[{word}]</b>" if i == t else f"<u>{word}</u>" if abs(i - t) <= m else word)
        return "sentence: " + " ".join(out) + " &nbsp;([centre], <u>window</u>)"

    def _observe(self):
        c = self.controls
        for name, restart in [("center", True), ("outside", True), ("position", True), ("window", True),
                              ("inner", True), ("lr", False), ("K", False)]:
            if name in c:
                c[name].observe(lambda ch, name=name, restart=restart: self._on_change(name, ch["new"], restart),
                                names="value")
        if "resample" in c:
            c["resample"].on_click(lambda _b: self._on_change("seed", self._params["seed"] + 1, restart=False))
        c["step"].on_click(lambda _b: self.step(1))
        c["step10"].on_click(lambda _b: self.step(10))
        c["reset"].on_click(lambda _b: self.reset())

    def _on_change(self, name, value, restart):
        with self._lock:
            old = self._params[name]
            if isinstance(value, float) and math.isclose(value, old, rel_tol=TINY, abs_tol=0.0):
                return                           # the browser snapping a slider: not a user change
            if value == old:
                return
            self._params[name] = value
            try:
                if restart:
                    self._renderer.forget()
                    self._shown = self._start()
                else:
                    s = self._shown
                    self._shown = replace(s, result=self._compute(s.vocab))
                self._error = ""
            except ValueError as exc:           # e.g. an outside word that is also a forced negative
                self._params[name] = old
                self._error = f"{name} = {value!r} was not applied: {exc}"
                if name in self.controls:
                    self.controls[name].value = old     # re-enters here, sees no change, returns
            self._enable_negative_controls()
            if name in ("position", "window") and "sentence" in self.controls:
                self.controls["sentence"].value = self._sentence_html()
            self._render()

    def _render(self):
        s = self._shown
        r = s.result
        self._drawn = self._renderer.render(r, s.path if r.moved != "U" else ())
        text = f'<p style="margin:0.2em 0">{html.escape(self._alt_text())}</p>' + readout_html(r, s.steps, s.last)
        if self._error:
            text = f'<p role="alert" style="font-weight:bold">{html.escape(self._error)}</p>' + text
        self.controls["picture"].value = self._drawn.svg
        self.controls["readout"].value = text
        self.renders += 1

    def _alt_text(self):
        r = self._shown.result
        if r.moved == "U":
            return (f"Figure: every u_w moves along ±v_c (c = {r.center}); u_o ({r.outside}) along +v_c, "
                    f"raising u_oᵀv_c. Numbers below.")
        a, b = r.v_before, r.v_after
        what = "v_c" if r.moved == "v_c" else "v̂ (the context rows' average)"
        return (f"Figure: {what} moves from ({a[0]:.3f}, {a[1]:.3f}) to ({b[0]:.3f}, {b[1]:.3f}); the step is "
                f"taken apart into {len(r.terms)} labelled parts. Numbers below.")

    # -- display
    def __repr__(self):
        p = self._params
        if self._spec.controls == "window":
            args = f"position={p['position']}, window={p['window']}, inner={p['inner']!r}"
        else:
            args = f"center={p['center']!r}, outside={p['outside']!r}"
        return f"UpdateStepPanel(kind={self.kind!r}, {args}, lr={p['lr']:.4g})"

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """The widget view, plus the current picture as static SVG for renderers without a
        kernel (GitHub, nbviewer); the text form is this panel's short repr."""
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs) or {}
        bundle["text/plain"] = repr(self)
        bundle["image/svg+xml"] = self.svg
        return bundle


@checked(negatives=OrNone(Words()), **STEP_CONTRACTS)
def update_step_panel(kind="naive", vocab=None, center=None, outside=None, lr=0.5, K=DEFAULT_K, seed=0,
                      negatives=None, window=2, position=None, inner="naive", *, presentation=None) -> UpdateStepPanel:
    """Build an update-step panel; see ``w2vlib.panel.update_step`` for the arguments.

    ``presentation``: True/False for this panel (default: ``w2vlib.panel.presentation()``).
    Defaults: centre "coffee", outside "hot" (for the window kinds: the window around
    ``position``, default 3, or where ``center`` first occurs). A forced ``negatives`` list
    fixes K to its length. Bad arguments raise ``ValueError``/``TypeError`` naming the
    argument, before any widget is built.
    """
    spec = get_kind(kind)
    vocab = toy_vocabulary() if vocab is None else vocab
    if spec.controls == "window":
        if outside is not None:
            raise ValueError(f"outside must be None for kind {kind!r}: the outside words are the window's")
        if position is None:
            probe = update_step(kind, vocab, center, None, lr, K=K, seed=seed, negatives=negatives,
                                window=window, position=None, inner=inner)
            position = list(vocab.sentence).index(probe.center)
        center = None
    else:
        center = spec.defaults.get("center") if center is None else center
        outside = spec.defaults.get("outside") if outside is None else outside
    if negatives is not None:
        negatives = list(negatives)
        K = len(negatives)
    params = dict(center=center, outside=outside, lr=lr, K=K, seed=seed, negatives=negatives,
                  window=window, position=position, inner=inner)
    if presentation is not None and not isinstance(presentation, (bool, np.bool_)):
        raise TypeError(f"presentation must be True, False or None, got {presentation!r}")
    layout = None if presentation is None else ("presentation" if presentation else "normal")
    return UpdateStepPanel(kind, vocab, params, layout=layout)

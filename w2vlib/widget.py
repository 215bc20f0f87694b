"""The update-step panel: watch one SGD step move v_c (or every u_w) on the 2-D toy vocabulary.

    from w2vlib.widget import update_step_panel
    panel = update_step_panel("naive", center="coffee", outside="hot", lr=0.5)
    panel             # as a cell's last expression: controls, the picture and a readout
    panel.step()      # one step (headless); panel.step(10); panel.reset()
    panel.state       # a plain dict: the step shown, as computed by w2vlib.update_step

This module is the ipywidgets controller. The numbers come from
``w2vlib.update_step.update_step``, what a kind is from its entry in ``w2vlib.panel_kinds``, and
the picture from ``w2vlib.panel_drawing`` (PNG bytes shown by a ``widgets.Image``). The readout
under the picture is its text alternative.

Changing a word, the skip-gram position, window or inner loss restarts from the toy vectors;
changing η, K or the negatives keeps the vectors where the steps left them.
"""
from __future__ import annotations

import base64
import copy
import html
import math
import os
import threading
import weakref
from dataclasses import dataclass, replace

import numpy as np

from ._validate import as_positive_int
from .panel_drawing import draw_vocabulary
from .panel_render import StepRenderer, readout_html, render_step_png
from .panel_kinds import DEFAULT_K, get_kind
from .toy import toy_vocabulary
from .update_step import StepResult, update_step

__all__ = ["UpdateStepPanel", "update_step_panel", "presentation", "draw_vocabulary", "render_step_png",
           "StepRenderer"]

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
    path: tuple           # v_c at the start and after every step
    losses: tuple         # the loss at each point of the path
    steps: int


_PRESENTATION = {"on": os.environ.get("W2VLIB_PRESENTATION", "") not in ("", "0")}
_PANELS = weakref.WeakSet()


def presentation(on: bool = True) -> None:
    """Presentation mode for a projector: larger text, fewer panes (the plane and its legend;
    the ŷ bars stay in the readout). Call once at the top of a notebook; it applies to every
    panel shown so far and every panel built afterwards (``W2VLIB_PRESENTATION=1`` in the
    environment turns it on from the start)."""
    if not isinstance(on, (bool, np.bool_)):
        raise TypeError(f"on must be True or False, got {type(on).__name__} {on!r}")
    _PRESENTATION["on"] = bool(on)
    for panel in list(_PANELS):
        panel.set_look(style="presentation" if on else "normal")


class UpdateStepPanel:
    """Controls + picture + readout for one kind of step; driven by clicks or by code.

    Use ``update_step_panel(...)`` to build one. Public: ``step(n=1)``, ``reset()``, ``state``
    (a plain dict), ``png`` (the current picture), ``widget`` (the ipywidgets container),
    ``controls`` (name -> widget), ``renders`` (how many times the picture was drawn) and
    ``set_look(style=..., view=...)``.
    """

    def __init__(self, kind, vocab, params, style=None, view="zoom"):
        self.kind = kind
        self._spec = get_kind(kind)
        self._initial = copy.deepcopy(vocab)
        self._params = dict(params)
        self._lock = threading.RLock()
        style = style or ("presentation" if _PRESENTATION["on"] else "normal")
        self._renderer = StepRenderer(style=style, view=view)
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
        vocab = copy.deepcopy(self._initial)
        r = self._compute(vocab)
        return _Shown(vocab, r, None, (r.center_before.copy(),), (r.loss_before,), 0)

    def _advanced(self, s: _Shown) -> _Shown:
        """The panel after taking the step it shows (computed aside, nothing changed yet)."""
        r = s.result
        vocab = copy.copy(s.vocab)
        if r.moved == "U":
            vocab.outside_vectors = r.outside_after.copy()
        else:
            vocab.center_vectors = vocab.center_vectors.copy()
            vocab.center_vectors[r.rows] = r.center_after
        nxt = self._compute(vocab)
        return _Shown(vocab, nxt, r, s.path + (nxt.center_before.copy(),), s.losses + (r.loss_after,), s.steps + 1)

    @property
    def _result(self) -> StepResult:
        return self._shown.result

    # -- public API
    def step(self, n=1):
        """Take ``n`` gradient steps (stops early, with a message, if a step overflows).

        Each step is computed aside and then shown in one assignment, so an interrupt
        (KeyboardInterrupt) between steps leaves the panel consistent: the picture and
        ``state`` show the steps taken so far, and the next Step moves on from there."""
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

    def set_look(self, style: str | None = None, view: str | None = None):
        """``style``: "normal" or "presentation" (larger text, fewer panes); ``view``: "zoom"
        (where the step happens, with the whole plane as an inset) or "plane" (the whole plane)."""
        with self._lock:
            self._renderer.set_look(style=style, view=view)
            if view is not None and self.controls["view"].value != view:
                self.controls["view"].value = view
            self._render()

    @property
    def state(self) -> dict:
        """The step shown (the one Step takes next, from the current vectors) as a plain dict
        (``StepResult.as_dict()``: ``center_before`` is the current v_c), plus the panel's own
        ``steps`` (taken so far), ``last_step`` (the last step taken, the same kind of dict, or
        None), ``v_c`` (current centre vector), ``outside_vectors`` (current, (V, d)), ``path``
        (v_c at the start and after every step, (steps+1, d)), ``losses`` (the loss at each
        point of the path) and ``error`` (why a control value was refused, or "")."""
        with self._lock:
            s = self._shown
            out = s.result.as_dict()
            out.update(steps=s.steps, last_step=None if s.last is None else s.last.as_dict(),
                       v_c=s.result.center_before.copy(),
                       outside_vectors=np.array(s.vocab.outside_vectors, dtype=np.float64),
                       path=np.array(s.path), losses=list(s.losses), error=self._error)
            return out

    def close(self):
        """Close the panel's widgets (a panel used only from code then leaves nothing in the
        notebook's saved widget state); ``step``, ``reset`` and ``state`` keep working."""
        with self._lock:
            self.widget.close()
            for control in self.controls.values():
                control.close()

    @property
    def png(self) -> bytes:
        """The current picture, PNG bytes (rendered at 2× its CSS width)."""
        return self._png

    # -- widgets
    def _build_widgets(self):
        import ipywidgets as w

        p = self._params
        words = list(self._initial.words)
        style = {"description_width": "initial"}
        wrap = w.Layout(flex_flow="row wrap", align_items="center")
        auto = w.Layout(width="auto")
        c = {}
        rows = []
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
        rows.append(w.HBox(first + [c["lr"]], layout=wrap))
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
        c["view"] = w.ToggleButtons(options=[("zoom to the step", "zoom"), ("whole plane", "plane")],
                                    value=self._renderer.view, style={"button_width": "auto"},
                                    tooltips=["v_c, its arrows and u_o, with the whole plane as an inset",
                                              "every vector of the toy vocabulary"])
        rows.append(w.HBox(second + [c["step"], c["step10"], c["reset"], c["view"]], layout=wrap))
        # Rendered at 2x, shown at the column's width; never taller than the screen leaves room for.
        c["image"] = w.Image(format="png", layout=w.Layout(width="100%", height="auto",
                                                           max_height="calc(100vh - 170px)",
                                                           object_fit="contain", object_position="left top"))
        c["readout"] = w.HTML()
        self.controls = c
        self.widget = w.VBox(rows + [c["image"], c["readout"]], layout=w.Layout(width="100%"))
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
        s = self._initial.sentence
        t, m = p["position"], p["window"]
        out = []
        for i, word in enumerate(s):
            if i == t:
                out.append(f"<b>[{html.escape(word)}]</b>")
            elif abs(i - t) <= m:
                out.append(f"<u>{html.escape(word)}</u>")
            else:
                out.append(html.escape(word))
        return "sentence: " + " ".join(out) + " &nbsp;([centre], <u>window</u>)"

    def _observe(self):
        c = self.controls
        act = self._then_prepare
        for name, restart in [("center", True), ("outside", True), ("position", True), ("window", True),
                              ("inner", True), ("lr", False), ("K", False)]:
            if name in c:
                c[name].observe(lambda ch, name=name, restart=restart: act(self._on_change, name, ch["new"], restart),
                                names="value")
        if "resample" in c:
            c["resample"].on_click(lambda _b: act(self._on_change, "seed", self._params["seed"] + 1, restart=False))
        c["view"].observe(lambda ch: act(self.set_look, view=ch["new"]) if ch["new"] != self._renderer.view else None,
                          names="value")
        c["step"].on_click(lambda _b: act(self.step, 1))
        c["step10"].on_click(lambda _b: act(self.step, 10))
        c["reset"].on_click(lambda _b: act(self.reset))

    def _then_prepare(self, action, *args, **kwargs):
        """What a control does, then ``_prepare_next``."""
        action(*args, **kwargs)
        self._prepare_next()

    def _prepare_next(self):
        """While the picture is on its way to the browser and the lecturer looks at it, draw
        the next Step's new frame ahead if it needs one (so that click costs a plain step).
        Done after every control's action and when the panel is shown; code calling ``step()``
        gets no such extra work. Returns whether it drew."""
        with self._lock:
            s = self._shown
            return s.result.finite and self._renderer.prepare(self._advanced(s).result)

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
        png = self._renderer.render(r, s.path if r.moved == "v_c" else ())
        text = f'<p style="margin:0.2em 0">{html.escape(self._alt_text())}</p>' + readout_html(r, s.steps, s.last)
        if self._error:
            text = f'<p role="alert" style="font-weight:bold">{html.escape(self._error)}</p>' + text
        self._png = png
        self.controls["image"].value = png      # (no tooltip: ipywidgets 8.1's ImageView fails to render with one)
        self.controls["readout"].value = text
        self.renders += 1

    def _alt_text(self):
        r = self._result
        if r.moved == "U":
            return f"Figure: every u_w moves along ±v_c (c = {r.center}); o = {r.outside} moves towards v_c. Numbers below."
        if r.moved == "rows":
            return (f"Figure: the vectors of {', '.join(r.outside_words)} move together to predict {r.center}; "
                    f"bars show the scores before and after. Numbers below.")
        a, b = r.center_before, r.center_after
        return (f"Figure: v_c of {r.center} moves from ({a[0]:.3f}, {a[1]:.3f}) to ({b[0]:.3f}, {b[1]:.3f}); "
                f"bars show the scores before and after. Numbers below.")

    # -- display
    def __repr__(self):
        p = self._params
        if self._spec.controls == "window":
            args = f"position={p['position']}, window={p['window']}, inner={p['inner']!r}"
        else:
            args = f"center={p['center']!r}, outside={p['outside']!r}"
        return f"UpdateStepPanel(kind={self.kind!r}, {args}, lr={p['lr']:.4g})"

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """The widget view, plus a static PNG of the current picture (shown at its CSS width, so
        crisp at 2x) for renderers without a kernel (GitHub, nbviewer); the text form is this
        panel's short repr, so it is deterministic."""
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs) or {}
        bundle["text/plain"] = repr(self)
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        self._prepare_next()                    # shown: the first click on Step comes next
        return bundle, {"image/png": {"width": self._renderer.css_width}}


def update_step_panel(kind="naive", vocab=None, center=None, outside=None, lr=0.5, K=DEFAULT_K, seed=0,
                      negatives=None, window=2, position=None, inner="naive", *, view="zoom",
                      presentation=None) -> UpdateStepPanel:
    """Build an update-step panel; see ``w2vlib.update_step.update_step`` for the arguments.

    ``view``: "zoom" (where the step happens, the whole plane as an inset) or "plane";
    ``presentation``: True/False for this panel (default: ``w2vlib.widget.presentation()``).

    Defaults: centre "coffee", outside "hot" (for "skipgram": the window around ``position``,
    default 3, i.e. "coffee" in the toy sentence, or where ``center`` first occurs). A forced
    ``negatives`` list fixes K to its length. Bad arguments raise ``ValueError``/``TypeError``
    naming the argument, before any widget is built.
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
    if view not in ("zoom", "plane"):
        raise ValueError(f"view must be 'zoom' or 'plane', got {view!r}")
    style = None if presentation is None else ("presentation" if presentation else "normal")
    return UpdateStepPanel(kind, vocab, params, style=style, view=view)

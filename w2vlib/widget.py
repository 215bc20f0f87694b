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
import threading

import numpy as np

from ._validate import as_positive_int
from .panel_drawing import FIG_DPI, FIG_SIZE, StepRenderer, draw_vocabulary, readout_html, render_step_png
from .panel_kinds import DEFAULT_K, get_kind
from .toy import toy_vocabulary
from .update_step import StepResult, update_step

__all__ = ["UpdateStepPanel", "update_step_panel", "draw_vocabulary", "render_step_png", "StepRenderer"]

LR_STEP = 0.1            # the learning-rate slider moves in tenths of a decade
LR_RANGE = (-4.0, 3.0)   # log10 of the smallest and largest learning rate on the slider
TINY = 1e-9              # relative slider changes below this (browser snapping) are ignored


class UpdateStepPanel:
    """Controls + picture + readout for one kind of step; driven by clicks or by code.

    Use ``update_step_panel(...)`` to build one. Public: ``step(n=1)``, ``reset()``, ``state``
    (a plain dict), ``png`` (the current picture), ``widget`` (the ipywidgets container),
    ``controls`` (name -> widget) and ``renders`` (how many times the picture was drawn).
    """

    def __init__(self, kind, vocab, params):
        self.kind = kind
        self._spec = get_kind(kind)
        self._initial = copy.deepcopy(vocab)
        self._vocab = copy.deepcopy(vocab)
        self._params = dict(params)
        self._lock = threading.RLock()
        self._renderer = StepRenderer()
        self.renders = 0
        self._error = ""
        self._result = self._compute()          # raises ValueError on bad arguments, before any widget exists
        self._params["lr"] = self._result.lr
        self._last = None
        self._path = [self._current_vc()]
        self._losses = [self._result.loss_before]
        self._steps = 0
        self._build_widgets()
        self._render()

    # -- numbers
    def _compute(self) -> StepResult:
        p = self._params
        return update_step(self.kind, self._vocab, p["center"], p["outside"], p["lr"],
                           K=p["K"] if self._spec.uses_negatives(p) else None, seed=p["seed"],
                           negatives=p["negatives"], window=p["window"], position=p["position"],
                           inner=p["inner"])

    def _center_word(self):
        p = self._params
        return self._vocab.sentence[p["position"]] if self._spec.controls == "window" else p["center"]

    def _current_vc(self):
        return self._vocab.center_vectors[self._vocab.words.index(self._center_word())].copy()

    def _apply(self, r: StepResult):
        if r.moved == "U":
            self._vocab.outside_vectors = r.outside_after.copy()
        else:
            self._vocab.center_vectors[r.rows] = r.center_after
        self._steps += 1
        self._path.append(self._current_vc())
        self._losses.append(r.loss_after)
        self._last = r
        self._result = self._compute()

    def _restart(self):
        self._renderer.forget()
        self._vocab = copy.deepcopy(self._initial)
        self._result = self._compute()
        self._last = None
        self._steps = 0
        self._path = [self._current_vc()]
        self._losses = [self._result.loss_before]

    # -- public API
    def step(self, n=1):
        """Take ``n`` gradient steps (stops early, with a message, if a step overflows)."""
        n = as_positive_int(n, "n")
        with self._lock:
            for _ in range(n):
                if not self._result.finite:
                    break                        # the readout already says why
                self._apply(self._result)
            self._error = ""
            self._render()

    def reset(self):
        """Back to the toy vectors, step count 0; the controls keep their values."""
        with self._lock:
            self._restart()
            self._error = ""
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
            out = self._result.as_dict()
            out.update(steps=self._steps, last_step=None if self._last is None else self._last.as_dict(),
                       v_c=self._current_vc(),
                       outside_vectors=np.array(self._vocab.outside_vectors, dtype=np.float64),
                       path=np.array(self._path), losses=list(self._losses), error=self._error)
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
        """The current picture, PNG bytes."""
        return self._png

    # -- widgets
    def _build_widgets(self):
        import ipywidgets as w

        p = self._params
        words = list(self._vocab.words)
        style = {"description_width": "initial"}
        c = {}
        rows = []
        if self._spec.controls == "window":
            sentence = self._vocab.sentence
            c["position"] = w.IntSlider(value=p["position"], min=0, max=len(sentence) - 1,
                                        description="centre position t", style=style, continuous_update=False)
            c["window"] = w.IntSlider(value=p["window"], min=1, max=3, description="window m",
                                      style=style, continuous_update=False)
            c["inner"] = w.Dropdown(options=[("naive softmax", "naive"), ("negative sampling", "negsamp")],
                                    value=p["inner"], description="loss per word", style=style)
            c["sentence"] = w.HTML(self._sentence_html())
            rows.append(w.HBox([c["position"], c["window"], c["inner"]]))
            rows.append(c["sentence"])
        else:
            c["center"] = w.Dropdown(options=words, value=p["center"], description="centre word c", style=style)
            c["outside"] = w.Dropdown(options=words, value=p["outside"], description="outside word o", style=style)
            rows.append(w.HBox([c["center"], c["outside"]]))
        # The slider's grid passes exactly through lr, so the browser has nothing to snap.
        e = math.log10(p["lr"])
        lo = e - max(0, math.floor((e - LR_RANGE[0]) / LR_STEP + 1e-9)) * LR_STEP
        c["lr"] = w.FloatLogSlider(value=p["lr"], base=10, min=lo, max=max(LR_RANGE[1], e), step=LR_STEP,
                                   description="learning rate η", readout_format=".3g", style=style,
                                   continuous_update=False, layout=w.Layout(width="420px"))
        lr_row = [c["lr"]]
        if self._spec.negative_controls:
            c["K"] = w.IntSlider(value=p["K"], min=1, max=max(20, p["K"]), description="K negatives", style=style,
                                 continuous_update=False)
            c["resample"] = w.Button(description="Resample negatives",
                                     tooltip="draw new negatives (the seed goes up by one)")
            lr_row += [c["K"], c["resample"]]
        rows.append(w.HBox(lr_row))
        c["step"] = w.Button(description="Step", button_style="primary", tooltip="one gradient step", icon="play")
        c["step10"] = w.Button(description="10 steps", tooltip="ten gradient steps", icon="forward")
        c["reset"] = w.Button(description="Reset", tooltip="back to the toy vectors", icon="undo")
        rows.append(w.HBox([c["step"], c["step10"], c["reset"]]))
        c["image"] = w.Image(format="png", layout=w.Layout(width="100%", max_width=f"{int(FIG_SIZE[0] * FIG_DPI)}px"))
        c["readout"] = w.HTML()
        self.controls = c
        self.widget = w.VBox(rows + [c["image"], c["readout"]])
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
        s = self._vocab.sentence
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
        for name in ("center", "outside", "position", "window", "inner"):
            if name in c:
                c[name].observe(lambda ch, name=name: self._on_change(name, ch["new"], restart=True), names="value")
        for name in ("lr", "K"):
            if name in c:
                c[name].observe(lambda ch, name=name: self._on_change(name, ch["new"], restart=False), names="value")
        if "resample" in c:
            c["resample"].on_click(lambda _b: self._on_change("seed", self._params["seed"] + 1, restart=False))
        c["step"].on_click(lambda _b: self.step())
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
                    self._restart()
                else:
                    self._result = self._compute()
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
        r = self._result
        png = self._renderer.render(r, self._path if r.moved == "v_c" else ())
        text = f'<p style="margin:0.2em 0">{html.escape(self._alt_text())}</p>' + readout_html(r, self._steps, self._last)
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
        """The widget view, plus a static PNG of the current picture for renderers without a
        kernel (GitHub); the text form is this panel's short repr, so it is deterministic."""
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs) or {}
        bundle["text/plain"] = repr(self)
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle


def update_step_panel(kind="naive", vocab=None, center=None, outside=None, lr=0.5, K=DEFAULT_K, seed=0,
                      negatives=None, window=2, position=None, inner="naive") -> UpdateStepPanel:
    """Build an update-step panel; see ``w2vlib.update_step.update_step`` for the arguments.

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
    return UpdateStepPanel(kind, vocab, params)

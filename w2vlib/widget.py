"""The update-step panel: watch one SGD step move v_c (or every u_w) on the 2-D toy vocabulary.

    from w2vlib.widget import update_step_panel
    panel = update_step_panel("naive", center="coffee", outside="hot", lr=0.5)
    panel             # as a cell's last expression: controls, the picture and a readout
    panel.step()      # one step (headless); panel.step(10); panel.reset()
    panel.state       # a plain dict: the step shown, as computed by w2vlib.update_step

The numbers come from ``w2vlib.update_step.update_step``; this module only draws them. The
picture is drawn with matplotlib's object API (``Figure``, never pyplot, so widget callbacks on
another thread cannot collide with a cell's plotting) into PNG bytes shown by a
``widgets.Image``. The readout under it is the picture's text alternative.

What the panel shows: the step that Step will take from the current vectors. v_c now (before
the step) is hollow, v_c after it filled; the blue arrow is the step −η g, the dashed/dotted
arrows are −η × each named part of g (they add up to the step); grey dots trace the steps taken.
Press Step and the filled point becomes the new hollow one. Changing a word, the skip-gram position, window or inner loss restarts from the
toy vectors; changing η, K or the negatives keeps the vectors where the steps left them.
"""
from __future__ import annotations

import base64
import copy
import html
import io
import math
import threading

import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._validate import as_positive_int
from .toy import toy_vocabulary
from .update_step import DEFAULT_K, StepResult, format_readout, update_step

# Okabe–Ito, with a marker or line style for every role so nothing depends on colour alone.
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
PURPLE, SKY, YELLOW, BLACK, GREY = "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#777777"
PART_STYLES = [(VERMILLION, (0, (1, 1.5))), (PURPLE, "dashdot"), (SKY, (0, (5, 1.5, 1, 1.5, 1, 1.5))),
               (YELLOW, (0, (3, 1))), (GREY, (0, (1, 3)))]

FIG_SIZE = (10.0, 5.0)   # inches
FIG_DPI = 80             # -> 800 x 400 pixels
LR_STEP = 0.1            # the learning-rate slider moves in tenths of a decade
LR_RANGE = (-4.0, 3.0)   # log10 of the smallest and largest learning rate on the slider
TINY = 1e-9              # relative slider changes below this (browser snapping) are ignored
PNG_COMPRESSION = 6      # zlib level of the PNG (a paletted picture encodes in a few ms)


# ----------------------------------------------------------------------------- drawing

def draw_vocabulary(ax, vocab=None, which=("outside", "center"), annotate=True):
    """Draw the toy vocabulary's u_w (squares) and/or v_w (triangles) on ``ax``, labelled.

    ``vocab`` defaults to ``toy_vocabulary()``; vectors are rows of (V, 2) arrays.
    """
    vocab = toy_vocabulary() if vocab is None else vocab
    styles = {"outside": (vocab.outside_vectors, "s", SKY, r"outside vectors $\mathbf{u}_w$ (rows of outside_vectors)"),
              "center": (vocab.center_vectors, "^", VERMILLION, r"centre vectors $\mathbf{v}_w$ (rows of center_vectors)")}
    for name in which:
        vecs, marker, colour, label = styles[name]
        vecs = np.asarray(vecs)
        ax.scatter(vecs[:, 0], vecs[:, 1], marker=marker, s=46, facecolor=colour, edgecolor=BLACK,
                   linewidth=0.6, label=label, zorder=3)
        if annotate:
            for word, (x, y) in zip(vocab.words, vecs):
                ax.annotate(word, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=8, zorder=4)
    ax.axhline(0, color="#BBBBBB", lw=0.6, zorder=0)
    ax.axvline(0, color="#BBBBBB", lw=0.6, zorder=0)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("coordinate 1 (no unit)")
    ax.set_ylabel("coordinate 2 (no unit)")
    return ax


def _arrow(ax, start, vec, colour, linestyle="solid", lw=1.6, zorder=5):
    tip = np.asarray(start) + np.asarray(vec)
    return ax.annotate("", xy=tip, xytext=start, zorder=zorder,
                       arrowprops=dict(arrowstyle="-|>", color=colour, lw=lw, linestyle=linestyle,
                                       shrinkA=0, shrinkB=0, mutation_scale=12))


def _needed_box(base, extra):
    """The part of the plane that must be visible: ``base`` points, plus ``extra`` up to 1.5×
    the base size on each side (a far-flung v_c after a huge step is reported in text instead)."""
    lo, hi = base.min(axis=0), base.max(axis=0)
    span = float(max(hi - lo)) or 1.0
    pts = np.vstack([base] + [e for e in extra if e.size and np.all(np.isfinite(e))])
    lo = np.maximum(pts.min(axis=0), lo - 1.5 * span) - 0.25
    hi = np.minimum(pts.max(axis=0), hi + 1.5 * span) + 0.25
    return (float(lo[0]), float(hi[0]) + 0.5, float(lo[1]), float(hi[1]))   # + room for labels on the right


def _square_frame(box):
    """A square frame around ``box`` with edges on multiples of 0.5."""
    x0, x1 = math.floor(box[0] / 0.5) * 0.5, math.ceil(box[1] / 0.5) * 0.5
    y0, y1 = math.floor(box[2] / 0.5) * 0.5, math.ceil(box[3] / 0.5) * 0.5
    half = max(x1 - x0, y1 - y0) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - half, cx + half, cy - half, cy + half)


def _keeps(frame, box):
    """Whether an earlier frame still suits ``box``: it contains it and is at most twice as wide."""
    if frame is None:
        return False
    inside = frame[0] <= box[0] and box[1] <= frame[1] and frame[2] <= box[2] and box[3] <= frame[3]
    return inside and (frame[1] - frame[0]) <= 2 * max(box[1] - box[0], box[3] - box[2])


def _part_style(r: StepResult, n, key):
    if key == "pull":
        return GREEN, "dashed"
    if r.kind == "negsamp":
        return VERMILLION, (0, (1, 1.5))
    return PART_STYLES[(n - 1 if "pull" in r.parts else n) % len(PART_STYLES)]


def _plain(label):
    """Part labels are plain text; escape what mathtext would misread."""
    return label.replace("$", r"\$")


def _needed(r: StepResult):
    """What the axes must show: the plane's box and the largest bar."""
    if r.moved == "U":
        extra = [r.outside_after] if r.finite else []
    else:
        tips = np.array([r.center_before - r.lr * p for p in r.parts.values()])
        extra = [tips] + ([r.center_after[None]] if r.finite else [])
    box = _needed_box(np.vstack([r.outside_before, r.center_before[None]]), extra)
    vals = np.concatenate([r.probs_before, r.probs_after if r.finite else r.probs_before])
    top = 1.0 if r.probs_kind == "sigmoid" else float(np.max(vals))
    return box, top


def _static_key(r: StepResult, layout):
    """Everything the static part of the picture depends on."""
    return (r.kind, r.center, r.outside, tuple(r.outside_words), tuple(r.offsets), r.inner,
            tuple(sorted(r.negative_counts.items())), r.probs_kind, _title(r), tuple(r.part_labels.items()),
            layout, r.outside_before.tobytes() if r.moved == "v_c" else r.center_before.tobytes(), tuple(r.words))


def _center_plane_static(ax, r: StepResult):
    U = r.outside_before
    marked, negs = set(r.outside_words), r.negative_counts
    ax.scatter(U[:, 0], U[:, 1], marker="s", s=34, facecolor=SKY, edgecolor=BLACK, linewidth=0.5, zorder=3)
    for i, word in enumerate(r.words):
        label = word
        if word in marked:
            label = f"{word} (o)" if r.kind != "skipgram" else f"{word} (window)"
        elif word in negs:
            label = f"{word} (neg ×{negs[word]})" if negs[word] > 1 else f"{word} (neg)"
        bold = word in marked or word in negs
        ax.annotate(label, U[i], xytext=(4, 3), textcoords="offset points", fontsize=8,
                    fontweight="bold" if bold else "normal", zorder=4)
    idx = [r.words.index(w) for w in marked]
    ax.scatter(U[idx, 0], U[idx, 1], marker="*", s=190, facecolor=ORANGE, edgecolor=BLACK, linewidth=0.6, zorder=4)
    nidx = [r.words.index(w) for w in negs]
    if nidx:
        ax.scatter(U[nidx, 0], U[nidx, 1], marker="X", s=90, facecolor=VERMILLION, edgecolor=BLACK, linewidth=0.6, zorder=4)
    handles = [Line2D([], [], ls="none", marker="o", mfc="none", mec=BLACK, ms=9, label=r"$\mathbf{v}_c$ now (before the step)"),
               Line2D([], [], ls="none", marker="o", mfc=BLUE, mec=BLACK, ms=8, label=r"$\mathbf{v}_c$ after the step"),
               Line2D([], [], color=BLUE, lw=2.4, label=r"step $-\eta\,g$")]
    for n, key in enumerate(r.parts):
        colour, ls = _part_style(r, n, key)
        if r.kind == "negsamp" and key != "pull":
            if n > 1:
                continue
            text = r"$-\eta\,\times$ push from each negative"
        else:
            text = r"$-\eta\,\times$ " + _plain(r.part_labels[key])
        handles.append(Line2D([], [], color=colour, ls=ls, lw=1.3, label=text))
    if r.kind == "naive":
        handles.append(Line2D([], [], ls="none", marker="D", mfc=PURPLE, mec=BLACK, ms=7,
                              label=r"expected outside vector $\sum_w \hat{y}_w \mathbf{u}_w$"))
    handles.append(Line2D([], [], ls="none", marker="*", mfc=ORANGE, mec=BLACK, ms=11,
                          label="outside word o" if r.kind != "skipgram" else "window words"))
    if nidx:
        handles.append(Line2D([], [], ls="none", marker="X", mfc=VERMILLION, mec=BLACK, ms=8, label="negative samples"))
    handles.append(Line2D([], [], color=GREY, lw=0.8, marker=".", ms=4, label="steps taken"))
    return handles


def _center_plane_dynamic(ax, r: StepResult, path):
    out = []
    before, after = r.center_before, r.center_after
    if len(path) > 1:
        p = np.asarray(path)
        out += ax.plot(p[:, 0], p[:, 1], color=GREY, lw=0.8, marker=".", ms=4, zorder=2)
    for n, (key, part) in enumerate(r.parts.items()):
        colour, ls = _part_style(r, n, key)
        out.append(_arrow(ax, before, -r.lr * part, colour, ls, lw=1.3, zorder=5))
    if r.kind == "naive":
        push = r.parts["push"]
        out.append(ax.scatter([push[0]], [push[1]], marker="D", s=50, facecolor=PURPLE, edgecolor=BLACK, zorder=4))
    if r.finite:
        out.append(_arrow(ax, before, after - before, BLUE, "solid", lw=2.4, zorder=6))
        out.append(ax.scatter([after[0]], [after[1]], marker="o", s=110, facecolor=BLUE, edgecolor=BLACK,
                              linewidth=1.0, zorder=7))
    out.append(ax.scatter([before[0]], [before[1]], marker="o", s=130, facecolor="none", edgecolor=BLACK,
                          linewidth=1.6, zorder=7))
    out.append(ax.annotate(r"$\mathbf{v}_c$", before, xytext=(-16, -14), textcoords="offset points",
                           fontsize=10, zorder=8))
    if r.finite:
        out += _off_plot(ax, after, "v_c after")
    return out


def _off_plot(ax, point, label):
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    if x0 <= point[0] <= x1 and y0 <= point[1] <= y1:
        return []
    return [ax.text(0.02, 0.02, f"{label} is off the plot at ({point[0]:.3g}, {point[1]:.3g})",
                    transform=ax.transAxes, fontsize=8, color=BLACK,
                    bbox=dict(facecolor="white", edgecolor=GREY, alpha=0.9), zorder=10)]


def _outside_plane_static(ax, r: StepResult):
    v = r.center_before
    ax.scatter([v[0]], [v[1]], marker="o", s=110, facecolor=BLUE, edgecolor=BLACK, zorder=6)
    ax.annotate(r"$\mathbf{v}_c$ (fixed)", v, xytext=(6, -12), textcoords="offset points", fontsize=9, zorder=8)
    return [Line2D([], [], ls="none", marker="s", mfc="none", mec=BLACK, ms=7, label=r"$\mathbf{u}_w$ now (before the step)"),
            Line2D([], [], ls="none", marker="s", mfc=SKY, mec=BLACK, ms=7, label=r"$\mathbf{u}_w$ after the step"),
            Line2D([], [], color=GREEN, ls="dashed", lw=1.5, label=r"$\mathbf{u}_o$ moves by $+\eta(1-\hat{y}_o)\mathbf{v}_c$"),
            Line2D([], [], color=VERMILLION, ls=(0, (1, 1.5)), lw=1.5, label=r"$\mathbf{u}_w$ moves by $-\eta\,\hat{y}_w\mathbf{v}_c$"),
            Line2D([], [], ls="none", marker="*", mfc=ORANGE, mec=BLACK, ms=11, label="outside word o"),
            Line2D([], [], ls="none", marker="o", mfc=BLUE, mec=BLACK, ms=8, label=r"$\mathbf{v}_c$ (not moved)")]


def _outside_plane_dynamic(ax, r: StepResult):
    before, after = r.outside_before, r.outside_after
    o = r.words.index(r.outside)
    out = [ax.scatter(before[:, 0], before[:, 1], marker="s", s=40, facecolor="none", edgecolor=BLACK,
                      linewidth=1.0, zorder=3)]
    if r.finite:
        for i in range(len(r.words)):
            out.append(_arrow(ax, before[i], after[i] - before[i], GREEN if i == o else VERMILLION,
                              "dashed" if i == o else (0, (1, 1.5)), lw=1.5, zorder=5))
        out.append(ax.scatter(after[:, 0], after[:, 1], marker="s", s=36, facecolor=SKY, edgecolor=BLACK,
                              linewidth=0.6, zorder=4))
    out.append(ax.scatter([before[o, 0]], [before[o, 1]], marker="*", s=190, facecolor=ORANGE, edgecolor=BLACK, zorder=4))
    for i, word in enumerate(r.words):
        out.append(ax.annotate(f"{word} (o)" if i == o else word, before[i], xytext=(4, 3), textcoords="offset points",
                               fontsize=8, fontweight="bold" if i == o else "normal", zorder=4))
    return out


def _bars_static(ax, r: StepResult, top):
    V = len(r.words)
    labels = []
    for word in r.words:
        if word in r.outside_words:
            tag = " ◀ o" if r.kind != "skipgram" else " ◀ window"
        elif word in r.negative_counts:
            n = r.negative_counts[word]
            tag = f" ◀ neg ×{n}" if n > 1 else " ◀ neg"
        else:
            tag = ""
        labels.append(word + tag)
    ax.set_yticks(np.arange(V), labels, fontsize=8)
    for tick, word in zip(ax.get_yticklabels(), r.words):
        if word in r.outside_words or word in r.negative_counts:
            tick.set_fontweight("bold")
    ax.set_ylim(V - 0.4, -0.6)
    ax.set_xlim(0, top)
    if r.probs_kind == "softmax":
        up = "the window words" if r.kind == "skipgram" else "the outside word o"
        ax.set_xlabel(r"$\hat{y}_w = \mathrm{softmax}(U^\top \mathbf{v}_c)_w$ (probability)", fontsize=9)
        ax.set_title(f"ŷ before and after the step\n({up} should go up)", fontsize=10)
    else:
        up = "window words" if r.kind == "skipgram" else "o"
        ax.set_xlabel(r"$\sigma(\mathbf{u}_w^\top \mathbf{v}_c)$ (probability)", fontsize=9)
        # Only the summed loss must fall (for a small η): one σ bar can move the "wrong" way
        # when a negative points where o does (notebook 05's default case).
        ax.set_title(f"σ scores before and after the step\n(aim: {up} up, negatives down; only the sum must improve)",
                     fontsize=10)
    handles = [Patch(fill=False, hatch="////", edgecolor="#444444", label="before (hatched)"),
               Patch(facecolor=BLUE, edgecolor=BLACK, linewidth=0.4, label="after (filled)")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8, framealpha=0.9)
    ax.grid(axis="x", color="#DDDDDD", lw=0.6)
    ax.set_axisbelow(True)


def _bars_dynamic(ax, r: StepResult):
    y = np.arange(len(r.words))
    out = list(ax.barh(y - 0.2, r.probs_before, 0.4, fill=False, hatch="////", edgecolor="#444444"))
    if r.finite:
        out += list(ax.barh(y + 0.2, r.probs_after, 0.4, color=BLUE, edgecolor=BLACK, linewidth=0.4))
    return out


def _title(r: StepResult):
    """The plane's title (static: η is drawn separately, so moving its slider redraws little)."""
    if r.kind == "skipgram":
        return f"skip-gram ({r.inner}): one step on v_c\nc = {r.center}, window m = {max(map(abs, r.offsets))}"
    what = {"naive": "naive softmax: one step on v_c", "outside": "naive softmax: one step on every u_w",
            "negsamp": f"negative sampling (K = {r.K}): one step on v_c"}[r.kind]
    return f"{what}\nc = {r.center}, o = {r.outside}"


def _lr_label(ax, r: StepResult):
    return ax.text(0.98, 0.98, f"η = {r.lr:.3g}", transform=ax.transAxes, ha="right", va="top", fontsize=10,
                   bbox=dict(facecolor="white", edgecolor=GREY, alpha=0.9), zorder=10)


class StepRenderer:
    """Draws ``StepResult``s into PNG bytes with one reusable ``Figure`` (object API, Agg).

    The picture has a static part (axes, ticks, word labels, legends, titles) and a dynamic
    part (v_c, arrows, bars, the value of η). The static part is drawn once and kept as a pixel
    background while it does not change (same words, negatives, axis limits); each render then
    restores it and draws only the dynamic artists. Either way the pixels are produced the same
    way (background, then dynamic artists), so equal inputs give equal bytes.
    """

    def __init__(self, figsize=FIG_SIZE, dpi=FIG_DPI):
        self.fig = Figure(figsize=figsize, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self._key = None
        self._background = None
        self._dynamic = []
        self._frame = self._top = None
        self.full_draws = 0

    def forget(self):
        """Drop the kept frame and background: the next picture depends on its input alone."""
        self._key = self._frame = self._top = None

    def _layout(self, r: StepResult):
        """Axis limits, kept from the previous picture while they still fit (no jumping frame)."""
        box, top = _needed(r)
        if not _keeps(self._frame, box):
            if self._frame is not None and (self._frame[1] - self._frame[0]) < (box[1] - box[0]) + (box[3] - box[2]):
                # growing (vectors moving outwards step after step): leave room for more steps
                grow = 0.2 * max(box[1] - box[0], box[3] - box[2])
                box = (box[0] - grow, box[1] + grow, box[2] - grow, box[3] + grow)
            self._frame = _square_frame(box)
        if self._top is None or not (top <= self._top <= max(2 * top, 0.25)):
            self._top = min(1.0, math.ceil(top * 1.1 / 0.25) * 0.25)
        return self._frame, self._top

    def _draw_static(self, r: StepResult, layout):
        (x0, x1, y0, y1), top = layout
        self.fig.clear()
        ax, bars = self.fig.subplots(1, 2, gridspec_kw=dict(width_ratios=[1.25, 1]))
        handles = _outside_plane_static(ax, r) if r.moved == "U" else _center_plane_static(ax, r)
        ax.axhline(0, color="#BBBBBB", lw=0.6, zorder=0)
        ax.axvline(0, color="#BBBBBB", lw=0.6, zorder=0)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("coordinate 1 (no unit)", fontsize=9)
        ax.set_ylabel("coordinate 2 (no unit)", fontsize=9)
        ax.set_title(_title(r), fontsize=10)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7.5, framealpha=0.95)
        _bars_static(bars, r, top)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.88, wspace=0.95)
        self._axes = (ax, bars)
        self._dynamic = []
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        self.full_draws += 1

    def render(self, r: StepResult, path=()) -> bytes:
        layout = self._layout(r)
        key = _static_key(r, layout)
        if key != self._key:
            self._draw_static(r, layout)
            self._key = key
        else:
            for artist in self._dynamic:
                artist.remove()
            self.canvas.restore_region(self._background)
        ax, bars = self._axes
        dynamic = _outside_plane_dynamic(ax, r) if r.moved == "U" else _center_plane_dynamic(ax, r, path)
        dynamic += _bars_dynamic(bars, r) + [_lr_label(ax, r)]
        for artist in dynamic:
            artist.set_animated(True)           # never part of the background
            artist.axes.draw_artist(artist)
        self._dynamic = dynamic
        rgba = np.asarray(self.canvas.buffer_rgba())
        buf = io.BytesIO()
        # 256 colours suffice for flat colours and anti-aliased text: 3x smaller files, faster too
        image = PIL.Image.fromarray(rgba[..., :3]).quantize(colors=256, method=PIL.Image.Quantize.FASTOCTREE)
        image.save(buf, format="png", compress_level=PNG_COMPRESSION)
        return buf.getvalue()


def render_step_png(r: StepResult, path=(), renderer=None) -> bytes:
    """The picture of a step as PNG bytes (deterministic: no metadata).

    ``path``: earlier positions of v_c, drawn as a grey trail. ``renderer``: a ``StepRenderer``
    to reuse (the panel keeps one); by default a fresh one.
    """
    return (renderer or StepRenderer()).render(r, path)


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
            body.append(f'<tr><th style="text-align:left;padding-right:1em">{html.escape(label)}</th>'
                        f'<td style="text-align:left;font-family:monospace">{value}</td></tr>')
    return ('<table role="status" aria-live="polite" style="font-size:0.95em;max-width:800px">'
            + "".join(body) + "</table>")


# ----------------------------------------------------------------------------- the panel

class UpdateStepPanel:
    """Controls + picture + readout for one kind of step; driven by clicks or by code.

    Use ``update_step_panel(...)`` to build one. Public: ``step(n=1)``, ``reset()``, ``state``
    (a plain dict), ``png`` (the current picture), ``widget`` (the ipywidgets container),
    ``controls`` (name -> widget) and ``renders`` (how many times the picture was drawn).
    """

    def __init__(self, kind, vocab, params):
        self.kind = kind
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
        if self.kind == "skipgram":
            return update_step("skipgram", self._vocab, None, None, p["lr"], K=p["K"], seed=p["seed"],
                               negatives=p["negatives"], window=p["window"], position=p["position"],
                               inner=p["inner"])
        return update_step(self.kind, self._vocab, p["center"], p["outside"], p["lr"],
                           K=p["K"] if self.kind == "negsamp" else None, seed=p["seed"],
                           negatives=p["negatives"])

    def _center_word(self):
        p = self._params
        return self._vocab.sentence[p["position"]] if self.kind == "skipgram" else p["center"]

    def _current_vc(self):
        return self._vocab.center_vectors[self._vocab.words.index(self._center_word())].copy()

    def _apply(self, r: StepResult):
        if r.moved == "U":
            self._vocab.outside_vectors = r.outside_after.copy()
        else:
            self._vocab.center_vectors[self._vocab.words.index(r.center)] = r.center_after
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
        if self.kind == "skipgram":
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
        if self.kind in ("negsamp", "skipgram"):
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
            off = p["negatives"] is not None or (self.kind == "skipgram" and p["inner"] != "negsamp")
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
        a, b = r.center_before, r.center_after
        return (f"Figure: v_c of {r.center} moves from ({a[0]:.3f}, {a[1]:.3f}) to ({b[0]:.3f}, {b[1]:.3f}); "
                f"bars show the scores before and after. Numbers below.")

    # -- display
    def __repr__(self):
        p = self._params
        if self.kind == "skipgram":
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
    vocab = toy_vocabulary() if vocab is None else vocab
    if kind == "skipgram":
        if outside is not None:
            raise ValueError("outside must be None for kind 'skipgram': the outside words are the window's")
        if position is None:
            probe = update_step("skipgram", vocab, center, None, lr, K=K, seed=seed, negatives=negatives,
                                window=window, position=None, inner=inner)
            position = list(vocab.sentence).index(probe.center)
        center = None
    else:
        center = "coffee" if center is None else center
        outside = "hot" if outside is None else outside
    if negatives is not None:
        negatives = list(negatives)
        K = len(negatives)
    params = dict(center=center, outside=outside, lr=lr, K=K, seed=seed, negatives=negatives,
                  window=window, position=position, inner=inner)
    return UpdateStepPanel(kind, vocab, params)

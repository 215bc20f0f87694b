"""The update-step panel's picture: drawing a ``StepResult`` and rendering it to PNG bytes.

The numbers come from ``w2vlib.update_step``; this module only draws them, with matplotlib's
object API (``Figure``, never pyplot, so widget callbacks on another thread cannot collide with
a cell's plotting). The ipywidgets controller that shows the picture is ``w2vlib.widget``.

What the picture shows: the step that Step will take from the current vectors. v_c now (before
the step) is hollow, v_c after it filled; the blue arrow is the step −η g, the dashed/dotted
arrows are the steps −η × each named gradient term (they add up to the step); grey dots trace
the steps taken. For a kind that moves every u_w (``moved == "U"``) the arrows start at each u_w.

A kind draws with the default drawing of its plane; ``register_drawing(kind, Drawing(...))``
adds marks of its own (``w2vlib.panel_kinds`` says how to add a kind).
"""
from __future__ import annotations

import html
import io
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .panel_kinds import get_kind
from .toy import toy_vocabulary
from .update_step import StepResult, format_readout

# Okabe–Ito, with a marker or line style for every role so nothing depends on colour alone.
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
PURPLE, SKY, YELLOW, BLACK, GREY = "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#777777"
PART_STYLES = [(VERMILLION, (0, (1, 1.5))), (PURPLE, "dashdot"), (SKY, (0, (5, 1.5, 1, 1.5, 1, 1.5))),
               (YELLOW, (0, (3, 1))), (GREY, (0, (1, 3)))]

FIG_SIZE = (10.0, 5.0)   # inches
FIG_DPI = 80             # -> 800 x 400 pixels
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


def _part_style(r: StepResult, key):
    """(colour, line style) of a part's arrow: green dashed for a pull, else one style per legend group."""
    if r.part_roles[key] == "pull":
        return GREEN, "dashed"
    groups = list(dict.fromkeys(r.part_legends[k] for k in r.parts if r.part_roles[k] != "pull"))
    return PART_STYLES[groups.index(r.part_legends[key]) % len(PART_STYLES)]


def _role(r: StepResult):
    """How the kind tags its outside words: "o" or "window"."""
    return get_kind(r.kind).outside_role


@dataclass(frozen=True)
class Drawing:
    """How a kind is drawn. ``plane`` is "center" (arrows from v_c) or "outside" (every u_w
    moves; v_c fixed); ``extra_static(ax, r)`` returns legend handles of marks of its own,
    ``extra_dynamic(ax, r)`` draws them and returns the artists (redrawn every step).
    ``static(ax, r)`` / ``dynamic(ax, r, path)``, when given, replace the plane's own drawing
    (a kind that moves several rows draws them itself)."""
    plane: str = "center"
    extra_static: Callable = lambda ax, r: []
    extra_dynamic: Callable = lambda ax, r: []
    static: Callable = None
    dynamic: Callable = None


_DRAWINGS: dict = {}


def register_drawing(kind: str, drawing: Drawing) -> None:
    """Draw ``kind`` with ``drawing`` (default: the plane of its moved variable, no extra marks)."""
    _DRAWINGS[kind] = drawing


def drawing_for(r: StepResult) -> Drawing:
    """The registered drawing of ``r.kind``, or the default one for its moved variable."""
    return _DRAWINGS.get(r.kind) or Drawing(plane="outside" if r.moved == "U" else "center")


def _plain(label):
    """Part labels are plain text; escape what mathtext would misread."""
    return label.replace("$", r"\$")


def _needed(r: StepResult):
    """What the axes must show: the plane's box and the largest bar."""
    if r.moved == "U":
        extra = [r.outside_after] if r.finite else []
    else:
        tips = np.array([r.center_before - r.lr * p for p in r.parts.values()]).reshape(-1, 2)
        extra = [tips] + ([r.center_after.reshape(-1, 2)] if r.finite else [])
    points = np.reshape(r.extra.get("points", np.zeros((0, 2))), (-1, 2))
    box = _needed_box(np.vstack([r.outside_before, r.center_before.reshape(-1, 2), points]), extra)
    vals = np.concatenate([r.probs_before, r.probs_after if r.finite else r.probs_before])
    top = 1.0 if r.probs_kind == "sigmoid" else float(np.max(vals))
    return box, top


def _static_key(r: StepResult, layout):
    """Everything the static part of the picture depends on."""
    return (r.kind, r.center, r.outside, tuple(r.outside_words), tuple(r.offsets), r.inner,
            tuple(sorted(r.negative_counts.items())), r.probs_kind, r.title, tuple(r.part_legends.items()),
            layout, r.outside_before.tobytes() if r.moved != "U" else r.center_before.tobytes(), tuple(r.words))


def _center_plane_static(ax, r: StepResult):
    U = r.outside_before
    marked, negs = set(r.outside_words), r.negative_counts
    ax.scatter(U[:, 0], U[:, 1], marker="s", s=34, facecolor=SKY, edgecolor=BLACK, linewidth=0.5, zorder=3)
    for i, word in enumerate(r.words):
        label = word
        if word in marked:
            label = f"{word} ({_role(r)})"
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
    seen = set()
    for key in r.parts:
        legend = r.part_legends[key]
        if legend in seen:
            continue
        seen.add(legend)
        colour, ls = _part_style(r, key)
        handles.append(Line2D([], [], color=colour, ls=ls, lw=1.3, label=_plain(legend)))
    handles += drawing_for(r).extra_static(ax, r)
    handles.append(Line2D([], [], ls="none", marker="*", mfc=ORANGE, mec=BLACK, ms=11,
                          label="outside word o" if _role(r) == "o" else f"{_role(r)} words"))
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
    for key, part in r.parts.items():
        colour, ls = _part_style(r, key)
        out.append(_arrow(ax, before, -r.lr * part, colour, ls, lw=1.3, zorder=5))
    out += drawing_for(r).extra_dynamic(ax, r)
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
    marked = r.extra.get("bar_marks", {w: _role(r) for w in r.outside_words})   # word -> tag
    for word in r.words:
        if word in marked:
            tag = f" ◀ {marked[word]}"
        elif word in r.negative_counts:
            n = r.negative_counts[word]
            tag = f" ◀ neg ×{n}" if n > 1 else " ◀ neg"
        else:
            tag = ""
        labels.append(word + tag)
    ax.set_yticks(np.arange(V), labels, fontsize=8)
    for tick, word in zip(ax.get_yticklabels(), r.words):
        if word in marked or word in r.negative_counts:
            tick.set_fontweight("bold")
    ax.set_ylim(V - 0.4, -0.6)
    ax.set_xlim(0, top)
    if r.probs_kind == "softmax":
        up = r.extra.get("bar_goal", "the outside word o" if _role(r) == "o" else f"the {_role(r)} words")
        ax.set_xlabel(r"$\hat{y}_w = \mathrm{softmax}(U^\top \mathbf{v}_c)_w$ (probability)", fontsize=9)
        ax.set_title(f"ŷ before and after the step\n({up} should go up)", fontsize=10)
    elif r.probs_kind == "tree":
        ax.set_xlabel(r"$P(w \mid c)$, a product of branch probabilities", fontsize=9)
        ax.set_title("P(w | c) under the tree, before and after\n(the outside word o should go up)", fontsize=10)
    else:
        up = r.extra.get("bar_goal", "o" if _role(r) == "o" else f"{_role(r)} words")
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


def _lr_label(ax, r: StepResult):
    return ax.text(0.98, 0.98, f"η = {r.lr:.3g}", transform=ax.transAxes, ha="right", va="top", fontsize=10,
                   bbox=dict(facecolor="white", edgecolor=GREY, alpha=0.9), zorder=10)


def _expected_vector_legend(ax, r: StepResult):
    return [Line2D([], [], ls="none", marker="D", mfc=PURPLE, mec=BLACK, ms=7,
                   label=r"expected outside vector $\sum_w \hat{y}_w \mathbf{u}_w$")]


def _expected_vector_mark(ax, r: StepResult):
    push = r.parts["push"]
    return [ax.scatter([push[0]], [push[1]], marker="D", s=50, facecolor=PURPLE, edgecolor=BLACK, zorder=4)]


register_drawing("naive", Drawing(extra_static=_expected_vector_legend, extra_dynamic=_expected_vector_mark))
register_drawing("outside", Drawing(plane="outside"))


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
        drawing = drawing_for(r)
        static = drawing.static or (_outside_plane_static if drawing.plane == "outside" else _center_plane_static)
        handles = static(ax, r)
        ax.axhline(0, color="#BBBBBB", lw=0.6, zorder=0)
        ax.axvline(0, color="#BBBBBB", lw=0.6, zorder=0)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("coordinate 1 (no unit)", fontsize=9)
        ax.set_ylabel("coordinate 2 (no unit)", fontsize=9)
        ax.set_title(r.title, fontsize=10)
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
        drawing = drawing_for(r)
        dynamic = (drawing.dynamic(ax, r, path) if drawing.dynamic else _outside_plane_dynamic(ax, r)
                   if drawing.plane == "outside" else _center_plane_dynamic(ax, r, path))
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



from . import panel_drawing_cbow_hs  # noqa: E402,F401  (the drawings of "cbow" and "hs")

"""The update-step panel's picture, piece by piece: the plane, the parts' arrows, the bars.

The numbers come from ``w2vlib.update_step``; this module only draws them on matplotlib axes
(object API, never pyplot, so widget callbacks on another thread cannot collide with a cell's
plotting). ``w2vlib.panel_render`` lays the pieces out in a figure and turns it into PNG bytes;
``w2vlib.widget`` is the ipywidgets controller.

What the picture shows: the step that Step will take from the current vectors. v_c now (before
the step) is hollow, v_c after it filled; the blue arrow is the step −η g, the dashed/dotted
arrows are the steps −η × each named gradient term (they add up to the step); grey dots trace
the steps taken. For a kind that moves every u_w (``moved == "U"``) the arrows start at each u_w.

Every piece is split in a *static* part (drawn once while the words and the frame stay the
same) and a *dynamic* part (drawn on every step, returning the artists so the renderer can
remove them before the next picture: nothing accumulates on the axes).

A kind draws with the default drawing of its plane; ``register_drawing(kind, Drawing(...))``
adds marks of its own (``w2vlib.panel_kinds`` says how to add a kind).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle

from .toy import toy_vocabulary
from .update_step import StepResult

# Okabe–Ito, with a marker or line style for every role so nothing depends on colour alone.
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
PURPLE, SKY, YELLOW, BLACK, GREY = "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#777777"
PART_STYLES = [(VERMILLION, (0, (1, 1.5))), (PURPLE, "dashdot"), (SKY, (0, (5, 1.5, 1, 1.5, 1, 1.5))),
               ("#8C6D00", (0, (3, 1))), (GREY, (0, (1, 3)))]


# ----------------------------------------------------------------------------- kinds' drawings

@dataclass(frozen=True)
class Drawing:
    """How a kind is drawn. ``plane`` is "center" (arrows from v_c) or "outside" (every u_w
    moves; v_c fixed); ``extra_static(ax, r)`` returns legend handles of marks of its own,
    ``extra_dynamic(ax, r)`` draws them and returns the artists (removed before the next step).
    ``static(ax, r, font)`` / ``dynamic(ax, r, path, font)``, when given, replace the plane's own
    drawing (a kind that moves several rows at once draws them itself)."""
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


def _role(r: StepResult):
    """How the kind tags its outside words: "o" or "window"."""
    return r.outside_role


def _part_style(r: StepResult, key):
    """(colour, line style) of a part's arrow: green dashed for a pull, else one style per legend group."""
    if r.part_roles[key] == "pull":
        return GREEN, "dashed"
    groups = list(dict.fromkeys(r.part_legends[k] for k in r.parts if r.part_roles[k] != "pull"))
    return PART_STYLES[groups.index(r.part_legends[key]) % len(PART_STYLES)]


def _plain(label):
    """Labels are plain text; escape what mathtext would misread."""
    return label.replace("$", r"\$")


# ----------------------------------------------------------------------------- frames

def _rows(x):
    """Points as an (n, 2) array: one vector (2,), several (n, 2), or None (none)."""
    return np.zeros((0, 2)) if x is None else np.reshape(np.asarray(x, dtype=np.float64), (-1, 2))


def _box(points):
    pts = np.vstack([_rows(p) for p in points])
    pts = pts[np.all(np.isfinite(pts), axis=1)]
    return (float(pts[:, 0].min()), float(pts[:, 0].max()), float(pts[:, 1].min()), float(pts[:, 1].max()))


def square_frame(box, pad=0.12, grid=0.25, min_span=0.5):
    """A square frame around ``box`` (x0, x1, y0, y1), padded by ``pad`` of its size, edges on
    multiples of ``grid`` (smaller for small frames), at least ``min_span`` wide."""
    span = max(box[1] - box[0], box[3] - box[2], min_span, 1e-6 * max(abs(v) for v in box))    # (huge vectors)
    grid = min(grid, 10 ** math.floor(math.log10(span)) / 2)
    half = span * (0.5 + pad)
    cx, cy = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
    x0, y0 = math.floor((cx - half) / grid) * grid, math.floor((cy - half) / grid) * grid
    side = max(math.ceil((cx + half) / grid) * grid - x0, math.ceil((cy + half) / grid) * grid - y0)
    return (x0, x0 + side, y0, y0 + side)


def keeps(frame, box, ratio=2.5, min_span=0.5):
    """Whether an earlier frame still suits ``box``: it contains it and is at most ``ratio`` × as
    wide (as ``box``, or as ``min_span`` if ``box`` is smaller: the narrowest frame drawn)."""
    if frame is None:
        return False
    inside = frame[0] <= box[0] and box[1] <= frame[1] and frame[2] <= box[2] and box[3] <= frame[3]
    return inside and (frame[1] - frame[0]) <= ratio * max(box[1] - box[0], box[3] - box[2], min_span)


def _capped(r: StepResult, box):
    """``box`` cut to the vectors before the step ± their extent (a far-flung v_c after a huge
    step is reported in text instead)."""
    base = np.vstack([r.outside_before, _rows(r.center_before), _rows(r.extra.get("points"))])
    lo, hi = base.min(axis=0), base.max(axis=0)
    span = float(max(hi - lo)) or 1.0
    return (max(box[0], lo[0] - span), min(box[1], hi[0] + span), max(box[2], lo[1] - span), min(box[3], hi[1] + span))


def whole_box(r: StepResult):
    """Every vector of the plane (before and, if finite, after the step), capped (``_capped``)."""
    base = np.vstack([r.outside_before, _rows(r.center_before), _rows(r.extra.get("points"))])
    extra = [r.outside_after, _rows(r.center_after)] if r.finite else []
    return _capped(r, _box(np.vstack([base] + [e for e in extra if np.all(np.isfinite(e))])))


def zoom_box(r: StepResult):
    """Where the step happens: v_c before and after, the arrows' tips and the outside words'
    u_o, leaving out u_o when it would make the step arrow shorter than a sixth of the frame."""
    if r.moved == "U":
        return whole_box(r)
    v = r.center_before
    tips = [v - r.lr * p for p in r.parts.values()]
    core = [v] + tips + ([r.center_after] if r.finite else []) + [_rows(r.extra.get("focus"))]
    box = _box(core)
    step_len = float(np.linalg.norm(r.step)) if r.finite else 0.0
    with_o = _box(core + [r.outside_before[r.words.index(w)] for w in r.outside_words])
    if step_len >= max(with_o[1] - with_o[0], with_o[3] - with_o[2]) / 6:
        box = with_o
    return _capped(r, box)


def ahead_box(r: StepResult, box, steps=8, most=0.6):
    """``box`` grown to hold where v_c goes if the next ``steps`` steps are like this one, by at
    most ``most`` × its size (a large first step would otherwise zoom out instead of in)."""
    if not r.finite or r.moved != "v_c":
        return box
    shift = steps * r.step                  # the whole box (v_c and its arrows' tips) moves along
    room = most * max(box[1] - box[0], box[3] - box[2])
    shift = shift * min(1.0, room / (float(np.linalg.norm(shift)) or 1.0))
    grown = _box([(box[0], box[2]), (box[1], box[3]), (box[0] + shift[0], box[2] + shift[1]),
                  (box[1] + shift[0], box[3] + shift[1])])
    return _capped(r, grown)


# ----------------------------------------------------------------------------- labels that do not pile up

_NEAR = [(6, 4, "left", "bottom"), (6, -4, "left", "top"), (-6, 4, "right", "bottom"),
         (-6, -4, "right", "top"), (0, 9, "center", "bottom"), (0, -9, "center", "top"),
         (10, 0, "left", "center"), (-10, 0, "right", "center")]
_CANDIDATES = _NEAR + [(2 * dx, 2 * dy, ha, va) for dx, dy, ha, va in _NEAR]


def _overlaps(boxes, others):
    """Overlap areas of every box in ``boxes`` (n, 4: x0, y0, x1, y1) with every one of
    ``others`` (m, 4), summed over ``others``: (n,)."""
    if not len(others):
        return np.zeros(len(boxes))
    b, o = boxes[:, None, :], others[None, :, :]
    w = np.clip(np.minimum(b[..., 2], o[..., 2]) - np.maximum(b[..., 0], o[..., 0]), 0.0, None)
    h = np.clip(np.minimum(b[..., 3], o[..., 3]) - np.maximum(b[..., 1], o[..., 1]), 0.0, None)
    return (w * h).sum(axis=1)


_OFFSETS = np.array([(dx, dy) for dx, dy, _, _ in _CANDIDATES], dtype=float)
_ANCHOR = np.array([({"left": 0.0, "right": -1.0, "center": -0.5}[ha], {"bottom": 0.0, "top": -1.0, "center": -0.5}[va])
                    for _, _, ha, va in _CANDIDATES])          # the box's lower-left corner, in label sizes
_FAR = np.arange(len(_CANDIDATES)) >= len(_NEAR)


def place_labels(ax, points, texts, fontsize, bold=(), avoid=()):
    """Annotate ``points`` (data coords) with ``texts``, each at the candidate offset that
    overlaps least with labels already placed, the markers and ``avoid`` (data points); labels
    of points outside the axes' limits are skipped. Returns the annotations."""
    fig = ax.figure
    scale = fig.dpi / 72.0
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    to_px = ax.transData.transform
    ax_box = np.array([ax.get_window_extent().extents])
    mark = 7 * scale
    centres = to_px(np.vstack([np.asarray(points).reshape(-1, 2)] + [np.asarray(a).reshape(-1, 2) for a in avoid]))
    centres = centres[np.all(np.isfinite(centres), axis=1)]
    marks = np.hstack([centres - mark, centres + mark])
    taken = np.zeros((0, 4))
    out = []
    for (x, y), text in zip(points, texts):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        size = np.array([0.62 * fontsize * scale * len(text), 1.2 * fontsize * scale])
        low = to_px((x, y)) + _OFFSETS * scale + _ANCHOR * size
        boxes = np.hstack([low, low + size])
        outside = size[0] * size[1] - _overlaps(boxes, ax_box)
        cost = 4 * _overlaps(boxes, taken) + _overlaps(boxes, marks) + 4 * outside
        cost += np.where(_FAR, 0.02 * size[0] * size[1], 0.0)      # near the point if possible
        best = int(np.argmin(cost))             # (the first of equals)
        dx, dy, ha, va = _CANDIDATES[best]
        taken = np.vstack([taken, boxes[best]])
        out.append(ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                               fontsize=fontsize, fontweight="bold" if text in bold else "normal", zorder=4,
                               annotation_clip=True))
    return out


# ----------------------------------------------------------------------------- the plane of v_c

def _word_tags(r: StepResult):
    """Each word's label on the plane: negatives carry their count; o and window words are bold."""
    texts, bold = [], set()
    for word in r.words:
        n = r.negative_counts.get(word, 0)
        text = f"{word} (o)" if word in r.outside_words and _role(r) == "o" else word
        text = f"{text} ×{n}" if n > 1 else text
        if word in r.outside_words or n:
            bold.add(text)
        texts.append(text)
    return texts, bold


def center_plane_static(ax, r: StepResult, font):
    """Every u_w (squares, labelled), o or the window words (stars), negatives (crosses).
    Returns the legend handles."""
    U = r.outside_before
    ax.plot(U[:, 0], U[:, 1], ls="none", marker="s", ms=6, mfc=SKY, mec=BLACK, mew=0.5, zorder=3)
    idx = [r.words.index(w) for w in r.outside_words]
    ax.plot(U[idx, 0], U[idx, 1], ls="none", marker="*", ms=16, mfc=ORANGE, mec=BLACK, mew=0.6, zorder=4)
    nidx = [r.words.index(w) for w in r.negative_counts]
    if nidx:
        ax.plot(U[nidx, 0], U[nidx, 1], ls="none", marker="X", ms=10, mfc=VERMILLION, mec=BLACK, mew=0.6, zorder=4)
    texts, bold = _word_tags(r)
    tips = [r.center_before - r.lr * p for p in r.parts.values()]
    place_labels(ax, U, texts, font, bold, avoid=[r.center_before, r.center_after] + tips)
    handles = [Line2D([], [], ls="none", marker="o", mfc="none", mec=BLACK, mew=1.6, ms=11, label="v_c now (before)"),
               Line2D([], [], ls="none", marker="o", mfc=BLUE, mec=BLACK, ms=10, label="v_c after the step"),
               Line2D([], [], color=BLUE, lw=2.6, label="the step −η g")]
    first = {}
    for key in r.parts:                 # one legend entry per legend text (e.g. all negatives' pushes)
        first.setdefault(r.part_legends[key], key)
    for key in first.values():
        colour, ls = _part_style(r, key)
        handles.append(Line2D([], [], color=colour, ls=ls, lw=2.0, label=_plain(r.part_legends[key])))
    handles += drawing_for(r).extra_static(ax, r) if r.parts else []
    handles.append(Line2D([], [], ls="none", marker="*", mfc=ORANGE, mec=BLACK, ms=14,
                          label="outside word o" if _role(r) == "o" else f"{_role(r)} words"))
    if nidx:
        handles.append(Line2D([], [], ls="none", marker="X", mfc=VERMILLION, mec=BLACK, ms=10, label="negative samples"))
    handles.append(Line2D([], [], color=GREY, lw=1.0, marker=".", ms=6, label="steps taken"))
    return handles


def _arrow(ax, start, tip, colour, linestyle="solid", lw=1.8, zorder=5):
    arrow = FancyArrowPatch(tuple(start), tuple(tip), arrowstyle="-|>", color=colour, lw=lw, linestyle=linestyle,
                            shrinkA=0, shrinkB=0, mutation_scale=16, zorder=zorder)
    ax.add_artist(arrow)          # add_artist: no data-limit update, nothing kept but the artist
    return arrow


def center_plane_dynamic(ax, r: StepResult, path, font):
    """v_c before (hollow) and after (filled), the step and its parts as arrows, the trail."""
    out = []
    before, after = r.center_before, r.center_after
    if len(path) > 1:
        p = np.asarray(path)
        out += ax.plot(p[:, 0], p[:, 1], color=GREY, lw=1.0, marker=".", ms=6, zorder=2)
    for key, part in r.parts.items():
        colour, ls = _part_style(r, key)
        out.append(_arrow(ax, before, before - r.lr * part, colour, ls, lw=2.0, zorder=5))
    out += drawing_for(r).extra_dynamic(ax, r) if r.parts else []      # (no parts: the scores overflowed)
    if r.finite:
        out.append(_arrow(ax, before, after, BLUE, "solid", lw=2.8, zorder=6))
        out += ax.plot([after[0]], [after[1]], ls="none", marker="o", ms=10, mfc=BLUE, mec=BLACK, zorder=7)
    out += ax.plot([before[0]], [before[1]], ls="none", marker="o", ms=11, mfc="none", mec=BLACK, mew=1.8, zorder=7)
    out.append(_vc_label(ax, r, font))
    if r.finite:
        out += off_plot(ax, after, "v_c after", font)
    return out


def _vc_label(ax, r: StepResult, font):
    """"v_c" beside the hollow marker, on the side away from the arrows."""
    dirs = [-r.lr * p for p in r.parts.values()] + [r.step]
    unit = sum((v / n for v in dirs if (n := float(np.linalg.norm(v))) > 0 and np.isfinite(n)), np.zeros(2))
    away = -unit / (np.linalg.norm(unit) or 1.0) if np.linalg.norm(unit) > 1e-9 else np.array([-0.7, -0.7])
    ha = "right" if away[0] < -0.3 else "left" if away[0] > 0.3 else "center"
    va = "top" if away[1] < -0.3 else "bottom" if away[1] > 0.3 else "center"
    return ax.annotate("v_c", r.center_before, xytext=tuple(12 * away), textcoords="offset points", ha=ha, va=va,
                       fontsize=font, fontweight="bold", zorder=8, annotation_clip=True,
                       bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.7))


def off_plot(ax, point, label, font):
    """A note when ``point`` lies outside the axes' limits."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    if x0 <= point[0] <= x1 and y0 <= point[1] <= y1:
        return []
    return [ax.text(0.02, 0.02, f"{label} is off the view\nat ({point[0]:.3g}, {point[1]:.3g})",
                    transform=ax.transAxes, fontsize=font, color=BLACK, va="bottom",
                    bbox=dict(facecolor="white", edgecolor=GREY, alpha=0.9), zorder=10)]


def inset_static(ax, r: StepResult, frame, whole):
    """The whole plane in a corner of the zoomed view, with the view's frame as a rectangle."""
    corner = _free_corner(r, frame)
    inset = ax.inset_axes([corner[0], corner[1], 0.3, 0.3])
    U = r.outside_before
    inset.plot(U[:, 0], U[:, 1], ls="none", marker="s", ms=3, mfc=SKY, mec=BLACK, mew=0.3)
    inset.add_patch(Rectangle((frame[0], frame[2]), frame[1] - frame[0], frame[3] - frame[2], fill=False,
                              edgecolor=BLACK, lw=1.2))
    inset.set_xlim(whole[0], whole[1])
    inset.set_ylim(whole[2], whole[3])
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor("#F4F4F4")
    return inset


def _free_corner(r: StepResult, frame):
    """The corner of ``frame`` (axes fraction) with the fewest of: v_c, its arrows' tips, where the
    next steps will go (v_c + k × the step) and the words' u_w."""
    ahead = [r.center_before + k * r.step for k in (1, 2, 3, 4)] if r.finite else []    # where the next steps go
    pts = [r.center_before] + ahead + [r.center_before - r.lr * p for p in r.parts.values()]
    pts += [u for u in r.outside_before] + [_rows(r.extra.get("points"))]
    pts = np.nan_to_num(np.vstack([_rows(p) for p in pts]), nan=np.inf)
    fx = (pts[:, 0] - frame[0]) / (frame[1] - frame[0])
    fy = (pts[:, 1] - frame[2]) / (frame[3] - frame[2])
    inside = (fx >= 0) & (fx <= 1) & (fy >= 0) & (fy <= 1)
    corners = [(0.68, 0.02), (0.02, 0.02), (0.68, 0.68), (0.02, 0.68)]
    return min(corners, key=lambda c: int(np.sum(inside & (fx >= c[0] - 0.04) & (fx <= c[0] + 0.34)
                                                 & (fy >= c[1] - 0.04) & (fy <= c[1] + 0.34))))


def inset_dynamic(inset, r: StepResult):
    v = _rows(r.center_before)
    return inset.plot(v[:, 0], v[:, 1], ls="none", marker="o", ms=5, mfc=BLUE, mec=BLACK, mew=0.5)


# ----------------------------------------------------------------------------- the plane of every u_w

def outside_plane_static(ax, r: StepResult, font):
    v = r.center_before
    ax.plot([v[0]], [v[1]], ls="none", marker="o", ms=10, mfc=BLUE, mec=BLACK, zorder=6)
    ax.annotate("v_c (fixed)", v, xytext=(8, -8), textcoords="offset points", va="top", fontsize=font,
                fontweight="bold", zorder=8)
    handles = [Line2D([], [], ls="none", marker="s", mfc="none", mec=BLACK, ms=8, label="u_w now (before)"),
               Line2D([], [], ls="none", marker="s", mfc=SKY, mec=BLACK, ms=8, label="u_w after the step")]
    for key in r.parts:
        colour, ls = _part_style(r, key)
        handles.append(Line2D([], [], color=colour, ls=ls, lw=2.0, label=_plain(r.part_legends[key])))
    return handles + [Line2D([], [], ls="none", marker="*", mfc=ORANGE, mec=BLACK, ms=14, label="outside word o"),
                      Line2D([], [], ls="none", marker="o", mfc=BLUE, mec=BLACK, ms=10, label="v_c (not moved)")]


def outside_plane_dynamic(ax, r: StepResult, font):
    before, after = r.outside_before, r.outside_after
    o = r.words.index(r.outside)
    out = ax.plot(before[:, 0], before[:, 1], ls="none", marker="s", ms=7, mfc="none", mec=BLACK, mew=1.0, zorder=3)
    if r.finite:
        pull, push = _part_style(r, "pull"), _part_style(r, "push")
        for i in range(len(r.words)):
            colour, ls = pull if i == o else push
            out.append(_arrow(ax, before[i], after[i], colour, ls, lw=1.8, zorder=5))
        out += ax.plot(after[:, 0], after[:, 1], ls="none", marker="s", ms=6, mfc=SKY, mec=BLACK, mew=0.6, zorder=4)
    out += ax.plot([before[o, 0]], [before[o, 1]], ls="none", marker="*", ms=16, mfc=ORANGE, mec=BLACK, zorder=4)
    texts, bold = _word_tags(r)
    out += place_labels(ax, before, texts, font, bold, avoid=[after, r.center_before[None]])
    return out


# ----------------------------------------------------------------------------- the bars

def bars_static(ax, r: StepResult, top, font, title_font):
    """Tick labels, limits, title and legend of the ŷ (or σ) bars; returns the y positions."""
    V = len(r.words)
    labels = []
    starred = r.extra.get("starred", r.outside_words)      # the words whose bar should go up
    for word in r.words:
        n = r.negative_counts.get(word, 0)
        tag = " ★" if word in starred else (f" ◀ neg×{n}" if n > 1 else " ◀ neg" if n else "")
        labels.append(word + tag)
    ax.set_yticks(np.arange(V), labels, fontsize=font)
    for tick, word in zip(ax.get_yticklabels(), r.words):
        if word in starred or word in r.negative_counts:
            tick.set_fontweight("bold")
    ax.tick_params(axis="x", labelsize=font)
    ax.set_ylim(V - 0.4, -0.6)
    ax.set_xlim(0, top)
    if r.probs_kind == "softmax":
        ax.set_title(r.extra.get("bars_title", "ŷ_w = softmax(Uᵀv_c)_w") + "\n(★ should go up)", fontsize=title_font)
    elif r.probs_kind == "tree":
        ax.set_title("P(w | c) = Π σ(±u_nᵀ v_c)\n(★ should go up)", fontsize=title_font)
    else:
        # Only the summed loss must fall (for a small η): one σ bar can move the "wrong" way
        # when a negative points where o does (notebook 05's default case).
        ax.set_title("σ(u_wᵀ v_c)\n★ up, negatives down:\nonly the sum must fall", fontsize=title_font)
    handles = [Patch(facecolor="white", edgecolor="#333333", linewidth=1.6, label="before"),
               Patch(facecolor=BLUE, edgecolor=BLACK, linewidth=0.4, label="after")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2, fontsize=font,
              framealpha=0.9, handlelength=1.2, columnspacing=0.8, handletextpad=0.4)
    ax.grid(axis="x", color="#DDDDDD", lw=0.6)
    ax.set_axisbelow(True)


def _bar_verts(values, offset, height=0.38):
    y = np.arange(len(values)) + offset
    v = np.nan_to_num(np.asarray(values, dtype=np.float64))
    return [[(0, a - height / 2), (x, a - height / 2), (x, a + height / 2), (0, a + height / 2)] for a, x in zip(y, v)]


def bars_dynamic(ax, r: StepResult):
    """Two collections (one artist each, removed cleanly): ŷ before (hollow) and after (filled)."""
    out = [PolyCollection(_bar_verts(r.probs_before, -0.2), facecolors="white", edgecolors="#333333",
                          linewidths=1.6)]
    if r.finite:
        out.append(PolyCollection(_bar_verts(r.probs_after, 0.2), facecolors=BLUE, edgecolors=BLACK, linewidths=0.4))
    for c in out:
        ax.add_artist(c)
    return out


# ----------------------------------------------------------------------------- notebook 00's picture

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


def _expected_vector_legend(ax, r: StepResult):
    return [Line2D([], [], ls="none", marker="D", mfc=PURPLE, mec=BLACK, ms=8,
                   label="expected outside vector\nΣ_w ŷ_w u_w")]


def _expected_vector_mark(ax, r: StepResult):
    push = r.parts["push"]
    return ax.plot([push[0]], [push[1]], ls="none", marker="D", ms=8, mfc=PURPLE, mec=BLACK, zorder=4)


register_drawing("naive", Drawing(extra_static=_expected_vector_legend, extra_dynamic=_expected_vector_mark))
register_drawing("outside", Drawing(plane="outside"))

from . import panel_drawing_cbow_hs  # noqa: E402,F401  (the drawings of "cbow" and "hs")

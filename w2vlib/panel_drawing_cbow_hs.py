"""The drawings of the ``"cbow"`` and ``"hs"`` panel kinds (``w2vlib.panel_kinds_cbow_hs``).

CBOW moves several rows at once, so it draws its own plane: every context vector v_w before
(hollow triangle) and after (filled), joined by its step; their average v̂ before (hollow
circle) and after (filled), with v̂'s share of each gradient term as an arrow from v̂; the
outside vectors u_w as squares, the predicted word's u_c as a star. Hierarchical softmax moves
v_c as the other kinds do (the default dynamic drawing); its static part replaces the u_w
squares by the inner-node vectors u_n (diamonds), the path's nodes large and tagged L (left,
pulls) or R (right, pushes).
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .panel_drawing import (BLACK, BLUE, GREY, ORANGE, PURPLE, SKY, VERMILLION, Drawing, _arrow, _part_style,
                            _plain, place_labels, register_drawing)


def _halo(ax, points, radii=(12, 24)):
    """Data points on rings (radii in typographic points) around ``points``: passed as ``avoid``
    to ``place_labels`` they keep the static labels off the places where the labels drawn at each
    step (v_w, v̂, v_c) go."""
    scale = ax.figure.dpi / 72.0
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    ring = np.array([(r * np.cos(a), r * np.sin(a)) for r in radii for a in angles]) * scale
    px = ax.transData.transform(np.asarray(points, dtype=float).reshape(-1, 2))
    return list(ax.transData.inverted().transform((px[:, None, :] + ring[None]).reshape(-1, 2)))


def _part_handles(r):
    first = {}
    for key in r.parts:                 # one legend entry per legend text
        first.setdefault(r.part_legends[key], key)
    handles = []
    for key in first.values():
        colour, ls = _part_style(r, key)
        handles.append(Line2D([], [], color=colour, ls=ls, lw=2.0, label=_plain(r.part_legends[key])))
    return handles


def _cbow_static(ax, r, font):
    U = r.outside_before
    c = r.words.index(r.center)
    negs = r.negative_counts
    ax.plot(U[:, 0], U[:, 1], ls="none", marker="s", ms=6, mfc=SKY, mec=BLACK, mew=0.5, zorder=3)
    ax.plot([U[c, 0]], [U[c, 1]], ls="none", marker="*", ms=16, mfc=ORANGE, mec=BLACK, mew=0.6, zorder=4)
    nidx = [r.words.index(w) for w in negs]
    if nidx:
        ax.plot(U[nidx, 0], U[nidx, 1], ls="none", marker="X", ms=10, mfc=VERMILLION, mec=BLACK, mew=0.6, zorder=4)
    texts = [f"u {w}" + (" (c)" if i == c else " (neg)" if w in negs else "") for i, w in enumerate(r.words)]
    bold = {t for t in texts if t.endswith(")")}
    before = np.atleast_2d(r.center_before)
    place_labels(ax, U, texts, font * 0.85, bold,
                 avoid=list(before) + _halo(ax, np.vstack([before, r.extra['shares'] @ before])))
    handles = [Line2D([], [], ls="none", marker="^", mfc="none", mec=BLACK, mew=1.4, ms=10, label="context vectors v_w now"),
               Line2D([], [], ls="none", marker="^", mfc=VERMILLION, mec=BLACK, ms=9, label="v_w after the step"),
               Line2D([], [], color=BLUE, lw=2.6, label="step of each row −η ∂J/∂v_w"),
               Line2D([], [], ls="none", marker="o", mfc="none", mec=BLACK, mew=1.6, ms=11, label="v̂ (their average) now"),
               Line2D([], [], ls="none", marker="o", mfc=PURPLE, mec=BLACK, ms=10, label="v̂ after")]
    handles += _part_handles(r)
    handles.append(Line2D([], [], ls="none", marker="*", mfc=ORANGE, mec=BLACK, ms=14, label="u_c of the predicted word c"))
    if nidx:
        handles.append(Line2D([], [], ls="none", marker="X", mfc=VERMILLION, mec=BLACK, ms=10, label="negative samples"))
    return handles


def _cbow_dynamic(ax, r, path, font):
    before, after = np.atleast_2d(r.center_before), np.atleast_2d(r.center_after)
    shares = np.asarray(r.extra["shares"])
    n = len(r.outside_words)
    v_hat = shares @ before
    out = []
    for key, part in r.parts.items():             # v̂'s share of each gradient term
        colour, ls = _part_style(r, key)
        out.append(_arrow(ax, v_hat, v_hat - r.lr * (shares @ part), colour, ls, lw=2.0, zorder=5))
    if r.finite:
        for i in range(len(before)):
            out.append(_arrow(ax, before[i], after[i], BLUE, "solid", lw=2.6, zorder=6))
        out += ax.plot(after[:, 0], after[:, 1], ls="none", marker="^", ms=9, mfc=VERMILLION, mec=BLACK, zorder=7)
        out += ax.plot(*(shares @ after), ls="none", marker="o", ms=10, mfc=PURPLE, mec=BLACK, zorder=7)
    out += ax.plot(before[:, 0], before[:, 1], ls="none", marker="^", ms=10, mfc="none", mec=BLACK, mew=1.4, zorder=7)
    out += ax.plot(*v_hat, ls="none", marker="o", ms=11, mfc="none", mec=BLACK, mew=1.8, zorder=7)
    texts = [f"v {w}" + (f" ×{round(s * n)}" if round(s * n) > 1 else "")
             for w, s in zip(r.extra["row_words"], shares)]
    out += place_labels(ax, np.vstack([before, v_hat[None]]), texts + ["v̂"], font, set(texts) | {"v̂"},
                        avoid=list(after) + [shares @ after])
    return out


def _hs_static(ax, r, font):
    inner = np.asarray(r.extra["inner"])
    path, codes = r.extra["path"], r.extra["codes"]
    ax.plot(inner[:, 0], inner[:, 1], ls="none", marker="D", ms=6, mfc="#DDDDDD", mec=GREY, mew=0.5, zorder=3)
    for n, code in zip(path, codes):
        ax.plot([inner[n, 0]], [inner[n, 1]], ls="none", marker="D", ms=11, mfc=ORANGE if code == 0 else VERMILLION,
                mec=BLACK, zorder=4)
    on_path = dict(zip(path, codes))
    texts = [f"n{n} {'L' if on_path[n] == 0 else 'R'}" if n in on_path else f"n{n}" for n in range(len(inner))]
    place_labels(ax, inner, texts, font, {t for t in texts if " " in t},
                 avoid=[r.center_before] + _halo(ax, r.center_before))
    handles = [Line2D([], [], ls="none", marker="o", mfc="none", mec=BLACK, mew=1.6, ms=11, label="v_c now (before)"),
               Line2D([], [], ls="none", marker="o", mfc=BLUE, mec=BLACK, ms=10, label="v_c after the step"),
               Line2D([], [], color=BLUE, lw=2.6, label="the step −η g")]
    handles += _part_handles(r)
    handles += [Line2D([], [], ls="none", marker="D", mfc=ORANGE, mec=BLACK, ms=10, label="path node, turns left (L, t = 1)"),
                Line2D([], [], ls="none", marker="D", mfc=VERMILLION, mec=BLACK, ms=10, label="path node, turns right (R, t = 0)"),
                Line2D([], [], ls="none", marker="D", mfc="#DDDDDD", mec=GREY, ms=7, label="other inner nodes u_n"),
                Line2D([], [], color=GREY, lw=1.0, marker=".", ms=6, label="steps taken")]
    return handles


register_drawing("cbow", Drawing(static=_cbow_static, dynamic=_cbow_dynamic))
register_drawing("hs", Drawing(static=_hs_static))

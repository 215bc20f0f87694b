"""The drawings of the ``"cbow"`` and ``"hs"`` panel kinds (``w2vlib.panel_kinds_cbow_hs``).

CBOW moves several rows at once, so it draws its own plane: every context vector v_w before
(hollow triangle) and after (filled), joined by its step; their average v̂ before (hollow
circle) and after (filled), with v̂'s share of each gradient term as an arrow from v̂; the
outside vectors u_w as squares, the predicted word's u_c as a star. Hierarchical softmax moves
v_c as the other kinds do; it replaces the u_w squares by the inner-node vectors u_n (diamonds),
the path's nodes large and tagged L (left, pulls) or R (right, pushes).
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .panel_drawing import (BLACK, BLUE, GREY, ORANGE, PURPLE, SKY, VERMILLION, Drawing, _arrow, _part_style,
                            _plain, register_drawing)


def _part_handles(r):
    handles, seen = [], set()
    for key in r.parts:
        legend = r.part_legends[key]
        if legend not in seen:
            seen.add(legend)
            colour, ls = _part_style(r, key)
            handles.append(Line2D([], [], color=colour, ls=ls, lw=1.3, label=_plain(legend)))
    return handles


def _cbow_static(ax, r):
    U = r.outside_before
    c = r.words.index(r.center)
    negs = r.negative_counts
    ax.scatter(U[:, 0], U[:, 1], marker="s", s=30, facecolor=SKY, edgecolor=BLACK, linewidth=0.5, zorder=3)
    for i, word in enumerate(r.words):
        label = f"u: {word}" + (" (c)" if i == c else (" (neg)" if word in negs else ""))
        ax.annotate(label, U[i], xytext=(4, -9), textcoords="offset points", fontsize=7, color="#333333",
                    fontweight="bold" if i == c or word in negs else "normal", zorder=4)
    ax.scatter([U[c, 0]], [U[c, 1]], marker="*", s=190, facecolor=ORANGE, edgecolor=BLACK, linewidth=0.6, zorder=4)
    nidx = [r.words.index(w) for w in negs]
    if nidx:
        ax.scatter(U[nidx, 0], U[nidx, 1], marker="X", s=90, facecolor=VERMILLION, edgecolor=BLACK, zorder=4)
    handles = [Line2D([], [], ls="none", marker="^", mfc="none", mec=BLACK, ms=8, label=r"context vectors $\mathbf{v}_w$ now"),
               Line2D([], [], ls="none", marker="^", mfc=VERMILLION, mec=BLACK, ms=8, label=r"$\mathbf{v}_w$ after the step"),
               Line2D([], [], color=BLUE, lw=2.0, label=r"step of each row $-\eta\,\partial J/\partial \mathbf{v}_w$"),
               Line2D([], [], ls="none", marker="o", mfc="none", mec=BLACK, ms=9, label=r"$\hat{\mathbf{v}}$ (their average) now"),
               Line2D([], [], ls="none", marker="o", mfc=PURPLE, mec=BLACK, ms=8, label=r"$\hat{\mathbf{v}}$ after")]
    handles += _part_handles(r)
    handles.append(Line2D([], [], ls="none", marker="*", mfc=ORANGE, mec=BLACK, ms=11,
                          label=r"$\mathbf{u}_c$ of the predicted word c"))
    handles.append(Line2D([], [], ls="none", marker="s", mfc=SKY, mec=BLACK, ms=6, label=r"outside vectors $\mathbf{u}_w$"))
    if nidx:
        handles.append(Line2D([], [], ls="none", marker="X", mfc=VERMILLION, mec=BLACK, ms=8, label="negative samples"))
    return handles


def _cbow_dynamic(ax, r, path):
    before, after = np.atleast_2d(r.center_before), np.atleast_2d(r.center_after)
    shares = np.asarray(r.extra["shares"])
    v_hat = shares @ before
    out = []
    for i, word in enumerate(r.extra["row_words"]):
        if r.finite:
            out.append(_arrow(ax, before[i], after[i] - before[i], BLUE, "solid", lw=2.0, zorder=6))
            out.append(ax.scatter([after[i, 0]], [after[i, 1]], marker="^", s=70, facecolor=VERMILLION,
                                  edgecolor=BLACK, zorder=7))
        out.append(ax.scatter([before[i, 0]], [before[i, 1]], marker="^", s=90, facecolor="none",
                              edgecolor=BLACK, linewidth=1.3, zorder=7))
        times = f" ×{round(shares[i] * len(r.outside_words))}" if round(shares[i] * len(r.outside_words)) > 1 else ""
        out.append(ax.annotate(f"v: {word}{times}", before[i], xytext=(-10, 8), textcoords="offset points",
                               fontsize=8, fontweight="bold", zorder=8))
    for key, part in r.parts.items():             # v̂'s share of each gradient term
        colour, ls = _part_style(r, key)
        out.append(_arrow(ax, v_hat, -r.lr * (shares @ part), colour, ls, lw=1.3, zorder=5))
    if r.finite:
        out.append(ax.scatter(*(shares @ after), marker="o", s=90, facecolor=PURPLE, edgecolor=BLACK, zorder=7))
    out.append(ax.scatter(*v_hat, marker="o", s=120, facecolor="none", edgecolor=BLACK, linewidth=1.6, zorder=7))
    out.append(ax.annotate(r"$\hat{\mathbf{v}}$", v_hat, xytext=(-16, -14), textcoords="offset points", fontsize=10, zorder=8))
    return out


def _hs_static(ax, r):
    inner = np.asarray(r.extra["inner"])
    path, codes = r.extra["path"], r.extra["codes"]
    ax.scatter(inner[:, 0], inner[:, 1], marker="D", s=26, facecolor="#DDDDDD", edgecolor=GREY, linewidth=0.5, zorder=3)
    for n, (x, y) in enumerate(inner):
        if n not in path:
            ax.annotate(f"n{n}", (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7, color=GREY, zorder=4)
    for n, code in zip(path, codes):
        colour = ORANGE if code == 0 else VERMILLION
        ax.scatter([inner[n, 0]], [inner[n, 1]], marker="D", s=80, facecolor=colour, edgecolor=BLACK, zorder=4)
        ax.annotate(f"n{n} {'L' if code == 0 else 'R'}", inner[n], xytext=(5, 4), textcoords="offset points",
                    fontsize=9, fontweight="bold", zorder=4)
    handles = [Line2D([], [], ls="none", marker="o", mfc="none", mec=BLACK, ms=9, label=r"$\mathbf{v}_c$ now (before the step)"),
               Line2D([], [], ls="none", marker="o", mfc=BLUE, mec=BLACK, ms=8, label=r"$\mathbf{v}_c$ after the step"),
               Line2D([], [], color=BLUE, lw=2.4, label=r"step $-\eta\,g$")]
    handles += _part_handles(r)
    handles += [Line2D([], [], ls="none", marker="D", mfc=ORANGE, mec=BLACK, ms=8, label="path node, turns left (L, t = 1)"),
                Line2D([], [], ls="none", marker="D", mfc=VERMILLION, mec=BLACK, ms=8, label="path node, turns right (R, t = 0)"),
                Line2D([], [], ls="none", marker="D", mfc="#DDDDDD", mec=GREY, ms=6, label=r"other inner nodes $\mathbf{u}_n$ (no gradient)"),
                Line2D([], [], color=GREY, lw=0.8, marker=".", ms=4, label="steps taken")]
    return handles


register_drawing("cbow", Drawing(static=_cbow_static, dynamic=_cbow_dynamic))
register_drawing("hs", Drawing(static=_hs_static))

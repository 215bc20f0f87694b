"""The panel's picture of one step, as SVG: the plane, the step taken apart, the scores.

Left, **the plane** (data coordinates, y up): the origin; the loss J(v) of this step as light
contour lines (darker through v, so the step is seen going downhill); the level line of o's score
through v (u_oᵀx = u_oᵀv: moving along it leaves the score unchanged); every vector the step is
made of drawn from the origin and named (u_o, each negative, E[u], the path nodes); the other
words as grey points; v before (hollow), after (filled), the step −η g (blue) and the trail of
the last 50 steps. Every participant stays in view at any step count; a v too far away for that is
drawn on the border with its coordinates.

Middle, **the step taken apart**: the parts −η × each gradient term head to tail from v to the
new v, each labelled with its word or node; the blue step closes the chain. It is magnified by
the factor it states (the small square in the plane marks the region shown), so every η gives
arrows a projector shows. Under it, a small key of only what is drawn.

Right, **the scores** before (outline) and after (filled): ŷ_w, σ(u_wᵀv) or P(w | c).
Above: the title, loss and the targets' score before → after, and (when a target's score
fell) one line saying why.

``Renderer`` keeps the plane's frame between steps (it changes only when the picture would
leave it or become too small in it) and counts pictures in the ``data-frame`` attribute.
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np

from ..style import GREY, LIGHT, ink, look
from .._validate import Array, Each, Instance, Options, OrNone, checked
from .core import StepResult
from .svg import Box, Canvas, View, text_width

__all__ = ["Layout", "LAYOUTS", "Renderer", "Drawn", "render_svg"]


@dataclass(frozen=True)
class Layout:
    """Where the picture's regions are, in CSS pixels, and its text sizes."""
    name: str
    width: float
    height: float
    font: float
    small: float
    title: float
    plane: Box
    detail: Box
    key: Box
    bars: Box | None


LAYOUTS = {
    "normal": Layout("normal", 1040, 500, font=14, small=12.5, title=15.5, plane=Box(6, 92, 402, 488),
                     detail=Box(418, 92, 698, 372), key=Box(418, 380, 718, 494), bars=Box(736, 92, 1034, 494)),
    "presentation": Layout("presentation", 1040, 520, font=17, small=15, title=18, plane=Box(6, 104, 418, 516),
                           detail=Box(434, 104, 774, 444), key=Box(790, 104, 1034, 330), bars=None),
}
KEEP = 2.5                 # keep the plane's frame while the needed region is at least 1/KEEP of it
FAR = 4.0                  # v further than FAR × the participants' extent is drawn on the border
DETAIL_FILL = 0.72         # the chain fills this share of the detail square
TRAIL = 50                 # the trail shows v at the last TRAIL earlier steps (the picture's size stays bounded)


@dataclass(frozen=True)
class Drawn:
    """A rendered picture: the SVG text, the boxes of its texts and markers, the detail's
    magnification, the plane's frame and the key's box."""
    svg: str
    texts: list
    markers: list
    factor: float
    frame: tuple
    key: Box
    regions: dict


def _square(points, pad=0.14, least=0.25):
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    half = max(float(np.max(hi - lo)) / 2 * (1 + pad), least)
    return tuple((lo + hi) / 2), half


class Renderer:
    """Draws ``StepResult`` s as SVG; keeps the plane's frame and the loss grid between steps."""

    def __init__(self, layout: str = "normal"):
        self.set_layout(layout)

    @checked(layout=Options(*LAYOUTS))
    def set_layout(self, layout: str) -> None:
        self.layout = LAYOUTS[layout]
        self.forget()
        self.frames = getattr(self, "frames", 0)

    def forget(self) -> None:
        """Drop the kept frame and grid (the next picture chooses afresh)."""
        self._frame = None
        self._grid = (None, None)

    # -- the plane's frame
    def _plane_view(self, r: StepResult, path) -> tuple:
        core = [np.zeros(2)] + [p.point for p in r.participants]
        if r.moved == "U":
            core += list(r.outside_before)
        if r.moved == "rows":
            core += list(r.moved_before)
        centre, half = _square(core, pad=0.0)
        moving = [r.v_before, *(path or ())] + ([r.v_after] if r.finite else [])
        if r.finite and r.moved != "v_c":
            moving += list(np.reshape(r.moved_after, (-1, 2)))
        near = [v for v in moving if np.all(np.isfinite(v)) and np.max(np.abs(v - centre)) <= FAR * half]
        needed = _square(core + near)
        if self._frame is not None:
            (cx, cy), h = self._frame
            (nx, ny), nh = needed
            if (abs(nx - cx) + nh <= h and abs(ny - cy) + nh <= h and h <= KEEP * nh):
                return View(self._frame[0], self._frame[1], self.layout.plane), centre, half
        self._frame = needed
        return View(needed[0], needed[1], self.layout.plane), centre, half

    def _field(self, r: StepResult, view: View, n: int, cache: bool):
        key = (r.kind, r.center, r.outside, tuple(r.outside_words), tuple(r.negatives), r.inner,
               view.centre, view.half, n)
        if cache and self._grid[0] == key:
            return self._grid[1]
        xs, ys = view.grid(n)
        X, Y = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            Z = np.asarray(r.loss_field(np.column_stack([X.ravel(), Y.ravel()]), r.outside_before)).reshape(n, n)
        if cache:
            self._grid = (key, (xs, ys, Z))
        return xs, ys, Z

    # -- the picture
    def render(self, r: StepResult, path=()) -> Drawn:
        """The picture of ``r`` (``path``: earlier positions of v, drawn as a trail)."""
        L = self.layout
        cv = Canvas(L.width, L.height, font=L.font)
        view, _, _ = self._plane_view(r, path)
        self._header(cv, r)
        plane_avoid = self._plane(cv, r, view, path)
        factor, dview = self._detail(cv, r, view)
        square = dview is not None and dview.half < view.half * 0.5
        if square:                                                   # where the detail is, in the plane
            a = view.px((dview.centre[0] - dview.half, dview.centre[1] - dview.half))
            b = view.px((dview.centre[0] + dview.half, dview.centre[1] + dview.half))
            cv.add(f'<g clip-path="url(#plane-clip)"><rect x="{a[0]:.1f}" y="{b[1]:.1f}" '
                   f'width="{max(b[0] - a[0], 3):.1f}" height="{max(a[1] - b[1], 3):.1f}" fill="none" '
                   f'stroke="#888" stroke-width="1"/></g>')
        self._labels(cv, r, view, plane_avoid)
        key = self._key(cv, r, square)
        if L.bars is not None:
            self._bars(cv, r)
        self.frames += 1
        label = f"{r.title}. loss {r.loss_before:.4f} to {r.loss_after:.4f}."
        return Drawn(cv.svg(self.frames, label), cv.texts, cv.markers, factor, (view.centre, view.half), key,
                     {"plane": L.plane, "detail": L.detail, "key": L.key, "bars": L.bars})

    def _header(self, cv: Canvas, r: StepResult) -> None:
        L = self.layout
        cv.text(r.title, 8, L.title + 2, L.title, weight="bold", halo=False)
        if r.finite:
            nums = (f"loss {r.loss_before:.4f} → {r.loss_after:.4f} ({_signed(r.actual_change)})\u2003\u2003"
                    f"{r.target_label}: {r.target_before:.4f} → {r.target_after:.4f} "
                    f"({_signed(r.target_after - r.target_before)})\u2003\u2003η = {r.lr:.3g}")
        else:
            nums = f"loss {r.loss_before:.4g}: no step taken (η = {r.lr:.3g}); the message below says why"
        cv.text(nums, 8, L.title + 6 + L.font * 1.3, L.font, halo=False)
        if r.note:
            chars = int((L.width - 16) / (0.56 * L.small))
            for i, line in enumerate(textwrap.wrap("Why: " + r.note, chars)[:2]):
                cv.text(line, 8, L.title + 6 + L.font * 1.3 + (i + 1) * L.small * 1.3, L.small, colour="#7a3000",
                        halo=False)

    def _plane(self, cv: Canvas, r: StepResult, view: View, path) -> list:
        L = self.layout
        b = L.plane
        cv.add(f'<rect x="{b.x0}" y="{b.y0}" width="{b.x1 - b.x0}" height="{b.y1 - b.y0}" fill="#fff" '
               f'stroke="#bbb"/>')
        cv.add(f'<clipPath id="plane-clip"><rect x="{b.x0}" y="{b.y0}" width="{b.x1 - b.x0}" '
               f'height="{b.y1 - b.y0}"/></clipPath><g clip-path="url(#plane-clip)">')
        o = view.px((0, 0))
        cv.line((b.x0, o[1]), (b.x1, o[1]), "#e4e4e4")
        cv.line((o[0], b.y0), (o[0], b.y1), "#e4e4e4")
        if r.loss_field is not None and math.isfinite(r.loss_before):
            self._contours(cv, r, view, 56, 6, cache=True)
        if r.level is not None and np.all(np.isfinite(r.v_before)):
            self._level(cv, r, view)
        for p in r.participants:
            if p.ray:
                lk = look(p.role)
                cv.arrow(o, view.px(p.point), lk.colour, width=1.3, head=9)
        cv.add("</g>")
        for p in r.participants:
            if view.contains(p.point):
                cv.marker(p.role, view.px(p.point), what=p.name)
        note = ""
        if r.moved != "v_c":
            cv.add('<g clip-path="url(#plane-clip)">')
            note = self._moving_rows(cv, r, view, r.moved_before, r.step, "u_w" if r.moved == "U" else "rows")
            cv.add("</g>")
        trail = [view.px(v) for v in path[-TRAIL - 1:-1] if view.contains(v)] if path is not None else []
        cv.polyline(trail + ([view.px(r.v_before)] if trail and view.contains(r.v_before) else []), GREY, 1)
        for t in trail:
            cv.marker("trail", t)
        if r.moved != "U":
            self._v_marks(cv, r, view)
        return [self._corner(cv, note)] if note else []

    def _corner(self, cv: Canvas, text) -> Box:
        """``text`` against the plane's left or right edge, the lowest line where it covers no text or
        marker drawn so far (the bottom-left corner if none is free)."""
        L = self.layout
        b = L.plane
        lines = np.arange(b.y1 - 6, b.y0 + L.small + 3, -1.3 * L.small)
        spots = [(x, y, anchor) for y in lines for x, anchor in ((b.x0 + 6, "start"), (b.x1 - 6, "end"))]
        taken = cv.texts + cv.markers
        x, y, anchor = next(((sx, sy, sa) for sx, sy, sa in spots
                             if not any(cv.text_box(text, sx, sy, L.small, sa).overlaps(t) for t in taken)), spots[0])
        return cv.text(text, x, y, L.small, colour=ink(look("step").colour), anchor=anchor)

    def _contours(self, cv: Canvas, r: StepResult, view: View, n: int, k: int, cache: bool) -> None:
        from contourpy import contour_generator
        xs, ys, Z = self._field(r, view, n, cache)
        finite = Z[np.isfinite(Z)]
        if finite.size < 4 or not math.isfinite(r.loss_before):
            return
        delta = (np.quantile(finite, 0.9) - finite.min()) / (2 * k)
        if not delta > 0:
            return
        gen = contour_generator(xs, ys, np.where(np.isfinite(Z), Z, finite.max()))
        for i in range(-k, k + 1):
            level = r.loss_before + i * delta
            for line in gen.lines(level):
                pts = view.px_array(line)
                cv.polyline(pts, "#9a9a9a" if i == 0 else LIGHT, 1.3 if i == 0 else 0.9)

    def _level(self, cv: Canvas, r: StepResult, view: View) -> None:
        u = np.asarray(r.level.point, dtype=np.float64)
        norm = math.hypot(u[0], u[1])          # no overflow for huge vectors
        if not 0 < norm < math.inf:
            return
        along = np.array([-u[1], u[0]]) / norm
        ends = [r.v_before + t * along for t in (-4 * view.half, 4 * view.half)]
        cv.line(view.px(ends[0]), view.px(ends[1]), look("level").colour, 1.4, look("level").dash, obstacle=True)

    def _moving_rows(self, cv: Canvas, r: StepResult, view: View, rows, steps, what) -> str:
        """Rows that move (every u_w, or CBOW's context rows) with their steps, magnified alike;
        returns the line stating the magnification ("" when there is none)."""
        steps = np.asarray(steps).reshape(len(rows), 2)
        longest = float(np.max(np.linalg.norm(steps, axis=1))) * view.scale if r.finite else 0.0
        m = _nice(36 / longest) if 0 < longest < 24 else 1.0
        role = "context" if what == "rows" else None
        for i, (u, s) in enumerate(zip(rows, steps)):
            if not view.contains(u):
                continue
            p = view.px(u)
            if role:
                cv.marker(role, p, filled=False, what=f"row {i}")
            if r.finite:
                cv.arrow(p, view.px(u + m * s), look("step").colour, 2.0, head=8)
        text = ("each u_w's step drawn ×" if what == "u_w" else "each row's step drawn ×") + f"{m:g}"
        return "" if m == 1 else text

    def _v_marks(self, cv: Canvas, r: StepResult, view: View) -> None:
        before, after = r.v_before, r.v_after
        off = []                              # labels of points beyond the frame, set after every marker
        if view.contains(before):
            cv.marker("center", view.px(before), filled=False, what="v before")
        else:
            off.append(self._off_plane(cv, view, before, f"{r.chain_name} at ({before[0]:.3g}, {before[1]:.3g})"))
        if r.finite:
            if view.contains(after):
                cv.arrow(view.px(before), view.px(after), look("step").colour, 2.6)
                cv.marker("center", view.px(after), what="v after")
            else:
                off.append(self._off_plane(cv, view, after, f"new {r.chain_name} at ({after[0]:.3g}, {after[1]:.3g})"))
        for text, edge in off:
            cv.place(text, edge, self.layout.plane, self.layout.small)

    def _off_plane(self, cv: Canvas, view: View, point, text) -> tuple:
        """A point beyond the frame: a marker on the border in its direction; returns its label
        (its coordinates) and where to set it."""
        c = np.asarray(view.centre)
        d = np.asarray(point) - c
        t = (view.half * 0.94) / max(abs(d[0]), abs(d[1]))
        edge = view.px(c + t * d)
        cv.marker("center", edge, filled=False, what="off-plane")
        return text + " →", edge

    def _labels(self, cv: Canvas, r: StepResult, view: View, avoid) -> None:
        L = self.layout
        order = {"target": 0, "negative": 1, "expected": 2, "node": 3, "context": 4, "center": 5, "word": 6}
        for p in sorted(r.participants, key=lambda p: order.get(p.role, 9)):
            if view.contains(p.point):
                colour = look(p.role).colour if p.role not in ("word",) else GREY
                cv.place(p.name, view.px(p.point), L.plane, L.small if p.role == "word" else L.font,
                         colour=ink(colour), avoid=avoid)
        if r.moved != "U" and view.contains(r.v_before):
            cv.place(r.chain_name if r.moved == "v_c" else "v̂", view.px(r.v_before), L.plane, L.font,
                     weight="bold", avoid=avoid)
        o = (0, 0)
        if view.contains(o):
            cv.place("0", view.px(o), L.plane, L.small, colour=GREY, avoid=avoid)

    # -- the step taken apart
    def _detail(self, cv: Canvas, r: StepResult, plane: View):
        L = self.layout
        b = L.detail
        cv.add(f'<rect x="{b.x0}" y="{b.y0}" width="{b.x1 - b.x0}" height="{b.y1 - b.y0}" fill="#fff" '
               f'stroke="#bbb"/>')
        start = np.asarray(r.chain_start, dtype=np.float64)
        steps = np.asarray(r.chain_steps, dtype=np.float64)
        if not r.finite or not steps.size or not np.all(np.isfinite(steps)) or not np.any(steps):
            cv.text("no step to take apart", b.x0 + 10, b.y0 + 24, L.font, halo=False)
            return 1.0, None
        chain = np.vstack([start, start + np.cumsum(steps, axis=0)])
        centre, half = _square(chain, pad=0.0, least=1e-300)
        half = half / DETAIL_FILL
        view = View(centre, half, b)
        factor = view.scale / plane.scale
        if r.loss_field is not None:
            cv.add(f'<clipPath id="detail-clip"><rect x="{b.x0}" y="{b.y0}" width="{b.x1 - b.x0}" '
                   f'height="{b.y1 - b.y0}"/></clipPath><g clip-path="url(#detail-clip)">')
            if r.moved != "U":
                self._contours(cv, r, view, 36, 5, cache=False)
            if r.level is not None:
                self._level(cv, r, view)
            cv.add("</g>")
        pts = [view.px(q) for q in chain]
        cv.arrow(pts[0], pts[-1], look("step").colour, 2.8, head=13)      # under the parts it sums
        for p, q, part in zip(pts[:-1], pts[1:], r.terms):
            lk = look(part.role)
            cv.arrow(p, q, lk.colour, 2.4, lk.dash, head=12)
        role = "target" if r.moved == "U" else "center"        # the moving point: u_o, or v_c / v̂
        cv.marker(role, pts[0], filled=False, what="chain start")
        cv.marker(role, pts[-1], what="chain end")
        title = (f"the step taken apart, ×{_fmt_factor(factor)}" if abs(factor - 1) > 0.05
                 else "the step taken apart (×1)")
        cv.text(title, b.x0 + 8, b.y0 + L.font + 4, L.font, weight="bold")
        for q, part in zip(pts[1:], r.terms):
            cv.place(part.name, q, b, L.font, colour=ink(look(part.role).colour))
        name = r.chain_name
        cv.place(name, pts[0], b, L.font, weight="bold")
        cv.place(f"new {name}", pts[-1], b, L.font)
        mid = ((pts[0][0] + pts[-1][0]) / 2, (pts[0][1] + pts[-1][1]) / 2)
        cv.place("step −η g", mid, b, L.small, colour=ink(look("step").colour))
        return factor, view

    def _key(self, cv: Canvas, r: StepResult, square: bool) -> Box:
        """A small key of only what is drawn: the step, the parts, the contours, the level line."""
        L = self.layout
        b = L.key
        rows = [("step", "the step −η g (blue); parts head to tail")]
        if any(p.ray for p in r.participants):
            rows.append(("ray", "from 0: the vectors the parts run along"))
        if r.loss_field is not None and r.moved != "U":
            rows.append(("contour", "loss J(v): grey lines, darker through v"))
        if r.level is not None:
            rows.append(("level", f"level line: {r.level.name.split(' ')[0]}'s score unchanged"))
        if square:
            rows.append(("square", "grey square: the middle box's region"))
        rows.append(("center", "hollow: before the step, filled: after"))
        y = b.y0 + L.small + 2
        for role, text in rows:
            if role == "center":
                cv.marker("center", (b.x0 + 14, y - L.small * 0.35), filled=False, what="key")
            elif role == "ray":
                cv.arrow((b.x0 + 4, y - L.small * 0.35), (b.x0 + 26, y - L.small * 0.35), GREY, 1.3, head=7)
            elif role == "square":
                s = L.small * 0.7
                cv.add(f'<rect x="{b.x0 + 14 - s:.1f}" y="{y - L.small * 0.35 - s:.1f}" width="{2 * s:.1f}" '
                       f'height="{2 * s:.1f}" fill="none" stroke="#888"/>')
            else:
                cv.line((b.x0 + 4, y - L.small * 0.35), (b.x0 + 26, y - L.small * 0.35), look(role).colour,
                        2.2 if role == "step" else 1.4, look(role).dash)
            for line in _fit(text, b.x1 - b.x0 - 32, L.small):    # wrapped to the key's width
                cv.text(line, b.x0 + 32, y, L.small, halo=False)
                y += L.small * 1.2
            y += L.small * 0.25
        used = Box(b.x0, b.y0, b.x1, min(b.y1, y - L.small), "key")
        return used

    # -- the scores
    def _bars(self, cv: Canvas, r: StepResult) -> None:
        L = self.layout
        b = L.bars
        name = {"softmax": "ŷ_w = softmax(Uᵀv)_w", "sigmoid": "σ(u_wᵀv)", "tree": "P(w | c)"}[r.probs_kind]
        cv.text(name, b.x0, b.y0 + L.font, L.font, weight="bold", halo=False)
        cv.text("before (outline), after (filled)", b.x0, b.y0 + L.font + L.small * 1.35, L.small, halo=False)
        before, after = r.probs_before, r.probs_after if r.finite else r.probs_before
        vals = np.concatenate([before, after])
        vals = vals[np.isfinite(vals)]
        top = 1.0 if r.probs_kind == "sigmoid" or not vals.size else max(float(vals.max()), 1e-12)
        n = len(r.words)
        y0 = b.y0 + L.font + L.small * 2.2
        row = (b.y1 - y0) / n
        label_w = 74
        x0, x1 = b.x0 + label_w, b.x1 - 96
        negs = set(r.negatives)
        for i, w in enumerate(r.words):
            y = y0 + i * row
            role = "target" if i in r.targets else "negative" if w in negs else "word"
            colour = look(role).colour
            tag = {"target": "★ ", "negative": "✕ ", "word": ""}[role]
            times = r.negative_counts.get(w, 0)
            drawn = "" if not times or (role == "negative" and times == 1) else f" ✕×{times}" if role == "target" \
                else f" ×{times}"                  # a repeated negative, or a target also drawn as a negative
            cv.text(tag + w + drawn, x0 - 6, y + row * 0.62, L.small, anchor="end", colour=ink(colour), halo=False)
            for value, filled, shrink in ((before[i], False, 0.0), (after[i], True, 0.22)):
                if not math.isfinite(value):
                    continue
                width = (x1 - x0) * max(0.0, min(1.0, value / top))
                h = row * (0.78 - 2 * shrink)
                fill = colour if filled else "none"
                cv.add(f'<rect x="{x0:.1f}" y="{y + row * (0.1 + shrink):.1f}" width="{width:.1f}" '
                       f'height="{h:.1f}" fill="{fill}" stroke="{colour}" stroke-width="1.2"/>')
            if i in r.targets or w in negs:
                cv.text(f"{before[i]:.3f}→{after[i]:.3f}", x1 + 4, y + row * 0.62, L.small, halo=False)


def _fit(text: str, width: float, size: float) -> list:
    """``text`` broken at spaces into lines no wider than ``width`` px (a longer word keeps its line)."""
    lines = []
    for word in text.split(" "):
        if lines and text_width(lines[-1] + " " + word, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _nice(x: float) -> float:
    """The largest of 1, 2, 5 × 10^k not above x (at least 1)."""
    if x <= 1:
        return 1.0
    e = 10 ** math.floor(math.log10(x))
    return max(m * e for m in (1, 2, 5) if m * e <= x)


def _fmt_factor(f: float) -> str:
    return f"{f:.2g}" if f < 10 else f"{f:.3g}" if f < 1e3 else f"{f:.0f}" if f < 1e6 else f"{f:.2g}"


def _trail(path):
    """Every earlier position of v is a point of the plane."""
    for i, v in enumerate(path or ()):
        if v.shape != (2,):
            raise ValueError(f"path[{i}] must be a point of the plane (2 numbers), got shape {v.shape}")


@checked(result=Instance(StepResult), path=OrNone(Each(Array(ndim=1, finite=False))), layout=Options(*LAYOUTS),
         where=_trail)
def render_svg(result: StepResult, path=(), layout: str = "normal") -> str:
    """The picture of one step as SVG text (a fresh ``Renderer``; deterministic); ``path``: earlier
    positions of v (2-vectors, or None), drawn as a trail."""
    return Renderer(layout).render(result, path).svg


def _signed(x: float) -> str:
    """x with its sign, a true minus sign for negatives ("+0.037", "−0.29")."""
    return f"{x:+.2g}".replace("-", "−")

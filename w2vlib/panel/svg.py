"""Drawing primitives for the panel's picture, written as SVG text.

A ``Canvas`` collects SVG elements in CSS pixels (y down) and remembers the box of every text
and marker it draws, so a label can be placed where it overlaps nothing (``place``) and a test
can check that nothing does. Text is measured with the DejaVu Sans font matplotlib ships, the
font the SVG asks for. ``View`` maps a square of the plane (data coordinates, y up) to pixels.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..style import FONT_FAMILY, look

__all__ = ["Box", "View", "Canvas", "text_width"]

#: Labels are kept off arrows within this many rings of their anchor (beyond, a leader line is worse).
NEAR = 3
HALO = 'paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"'


@lru_cache(maxsize=8)
def _font(size: float):
    import matplotlib
    from PIL import ImageFont
    return ImageFont.truetype(f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans.ttf", size=max(1, round(size * 4)))


@lru_cache(maxsize=4096)
def text_width(text: str, size: float) -> float:
    """The width of ``text`` in DejaVu Sans at ``size`` CSS px."""
    return _font(size).getlength(text) / 4


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in pixels: what a text or a marker covers."""
    x0: float
    y0: float
    x1: float
    y1: float
    what: str = ""

    def overlaps(self, other: "Box", gap: float = 0.0) -> bool:
        return not (self.x1 + gap <= other.x0 or other.x1 + gap <= self.x0
                    or self.y1 + gap <= other.y0 or other.y1 + gap <= self.y0)

    def inside(self, other: "Box") -> bool:
        return self.x0 >= other.x0 and self.y0 >= other.y0 and self.x1 <= other.x1 and self.y1 <= other.y1


@dataclass(frozen=True)
class View:
    """A square region of the plane, ``centre`` ± ``half`` (data units), drawn in ``box`` (pixels)."""
    centre: tuple
    half: float
    box: Box

    @property
    def scale(self) -> float:
        """Pixels per data unit."""
        return (self.box.x1 - self.box.x0) / (2 * self.half)

    def px(self, point) -> tuple:
        x, y = float(point[0]), float(point[1])
        return (self.box.x0 + (x - self.centre[0] + self.half) * self.scale,
                self.box.y1 - (y - self.centre[1] + self.half) * self.scale)

    def px_array(self, points) -> np.ndarray:
        """``px`` of every row of ``points`` (n, 2) at once."""
        p = np.asarray(points, dtype=np.float64)
        return np.column_stack([self.box.x0 + (p[:, 0] - self.centre[0] + self.half) * self.scale,
                                self.box.y1 - (p[:, 1] - self.centre[1] + self.half) * self.scale])

    def contains(self, point, margin: float = 0.0) -> bool:
        x, y = self.px(point)
        b = self.box
        return b.x0 + margin <= x <= b.x1 - margin and b.y0 + margin <= y <= b.y1 - margin

    def grid(self, n: int):
        """(xs, ys) of an n × n grid over the view, data units."""
        xs = np.linspace(self.centre[0] - self.half, self.centre[0] + self.half, n)
        ys = np.linspace(self.centre[1] - self.half, self.centre[1] + self.half, n)
        return xs, ys


def _marker_path(marker: str, x: float, y: float, r: float) -> str:
    """An SVG element drawing ``marker`` (matplotlib's codes) of radius r at (x, y), no style."""
    if marker == "o":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"'
    if marker == "s":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}"'
    corners = {"*": [(r if k % 2 == 0 else 0.45 * r, -90 + 36 * k) for k in range(10)],
               "D": [(r * 1.2, a) for a in (-90, 0, 90, 180)],
               "h": [(r, a) for a in range(-90, 270, 60)],
               "^": [(r * 1.15, a) for a in (-90, 30, 150)],
               "v": [(r * 1.15, a) for a in (90, 210, 330)]}
    if marker == "X":                          # a 12-corner polygon
        w = r * 0.38
        pts = [(x, y - w * 1.4), (x + r - w, y - r), (x + r, y - r + w), (x + w * 1.4, y),
               (x + r, y + r - w), (x + r - w, y + r), (x, y + w * 1.4), (x - r + w, y + r),
               (x - r, y + r - w), (x - w * 1.4, y), (x - r, y - r + w), (x - r + w, y - r)]
        return '<polygon points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + '"'
    pts = [(x + rad * math.cos(math.radians(a)), y + rad * math.sin(math.radians(a))) for rad, a in corners[marker]]
    return '<polygon points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + '"'


_ANGLES = np.radians([20, -20, 160, 200, 90, 270, 45, 315, 135, 225, 0, 180])
_RINGS = ((1, 2, 3, 4.5, 6.5), (1, 2, 3, 4.5, 6.5, 9, 12.5, 17))
#: Every candidate's ring, whether it is moved inside the region, and its direction, in order.
_RING = np.concatenate([np.repeat(np.asarray(r, dtype=float), len(_ANGLES)) for r in _RINGS])
_SHIFT = np.concatenate([np.full(len(r) * len(_ANGLES), k == 1) for k, r in enumerate(_RINGS)])
_COS = np.tile(np.cos(_ANGLES), len(_RING) // len(_ANGLES))
_SIN = np.tile(np.sin(_ANGLES), len(_RING) // len(_ANGLES))


def _candidates(at, w, h, size, region: Box):
    """(ring, shifted, x0, y0) of every candidate box of a w × h label around ``at``, in the
    order they are preferred: each ring's 12 directions, then the rings again moved inside
    ``region``."""
    d = (7 + 0.5 * size) * _RING
    cx, cy = at[0] + d * _COS, at[1] - d * _SIN
    x0 = np.where(np.abs(_COS) < 0.3, cx - w / 2, np.where(_COS >= -1e-9, cx, cx - w))
    y0 = cy - h / 2
    x0 = np.where(_SHIFT, np.clip(x0, region.x0, region.x1 - w), x0)
    y0 = np.where(_SHIFT, np.clip(y0, region.y0, region.y1 - h), y0)
    return _RING, _SHIFT, x0, y0


@dataclass
class Canvas:
    """SVG elements in CSS pixels, with the boxes of every text and marker drawn."""
    width: float
    height: float
    font: float = 14.0
    parts: list = field(default_factory=list)
    texts: list = field(default_factory=list)        # Box per text
    markers: list = field(default_factory=list)      # Box per marker
    strokes: list = field(default_factory=list)      # (n, 2) points along every arrow and obstacle line

    def add(self, element: str) -> None:
        self.parts.append(element)

    def line(self, p, q, colour, width=1.0, dash="", opacity=1.0, obstacle=False) -> None:
        """A line from p to q; an ``obstacle`` line is one labels are placed off (``place``)."""
        if obstacle:
            self._stroke(p, q)
        d = f' stroke-dasharray="{dash}"' if dash else ""
        o = f' stroke-opacity="{opacity}"' if opacity < 1 else ""
        self.add(f'<line x1="{p[0]:.1f}" y1="{p[1]:.1f}" x2="{q[0]:.1f}" y2="{q[1]:.1f}" stroke="{colour}" '
                 f'stroke-width="{width}"{d}{o}/>')

    def polyline(self, points, colour, width=1.0, dash="", opacity=1.0) -> None:
        if len(points) < 2:
            return
        d = f' stroke-dasharray="{dash}"' if dash else ""
        xy = np.asarray(points, dtype=np.float64)
        pts = " ".join(map("{:.1f},{:.1f}".format, xy[:, 0], xy[:, 1]))
        self.add(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width}" '
                 f'stroke-opacity="{opacity}"{d}/>')

    def arrow(self, p, q, colour, width=1.8, dash="", head=11.0) -> None:
        """An arrow from p to q (pixels) whose head is never longer than 45% of the arrow;
        an arrow under 2 px is drawn as nothing."""
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(dx, dy)
        if length < 2:
            return
        self._stroke(p, q)
        h = min(head, 0.45 * length)
        ux, uy = dx / length, dy / length
        bx, by = q[0] - ux * h, q[1] - uy * h
        self.line(p, (bx + ux * 0.5, by + uy * 0.5), colour, width, dash)
        w = 0.42 * h + 0.6 * width
        pts = [(q[0], q[1]), (bx - uy * w, by + ux * w), (bx + uy * w, by - ux * w)]
        self.add('<polygon points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + f'" fill="{colour}"/>')

    def _stroke(self, p, q, every=7.0) -> None:
        n = max(2, int(math.hypot(q[0] - p[0], q[1] - p[1]) / every) + 1)
        self.strokes.append(np.linspace(p, q, n))

    def marker(self, role: str, at, filled=True, size=None, what="") -> Box:
        """The marker of ``role`` (``w2vlib.style``) at ``at`` (pixels); hollow when not ``filled``."""
        lk = look(role)
        r = (size or lk.size) / 2
        fill = lk.colour if filled else "#fff"
        self.add(_marker_path(lk.marker or "o", at[0], at[1], r)
                 + f' fill="{fill}" stroke="{lk.colour}" stroke-width="1.6"/>')
        box = Box(at[0] - r - 1, at[1] - r - 1, at[0] + r + 1, at[1] + r + 1, what or role)
        self.markers.append(box)
        return box

    def text_box(self, text, x, y, size=None, anchor="start") -> Box:
        """The box ``text`` would cover with its baseline at y."""
        size = size or self.font
        w = text_width(text, size)
        x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        return Box(x0, y - 0.80 * size, x0 + w, y + 0.24 * size, text)

    def text(self, text, x, y, size=None, colour="#000", anchor="start", weight="normal", halo=True,
             record=True) -> Box:
        size = size or self.font
        box = self.text_box(text, x, y, size, anchor)
        w = ' font-weight="bold"' if weight == "bold" else ""
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{colour}" text-anchor="{anchor}"{w}'
                 f'{" " + HALO if halo else ""}>{html.escape(text)}</text>')
        if record:
            self.texts.append(box)
        return box

    def place(self, text, at, region: Box, size=None, colour="#000", weight="normal", gap=3.0,
              avoid=()) -> Box:
        """Put ``text`` near the pixel ``at``, inside ``region``, over no text or marker drawn so
        far (nor any box of ``avoid``), and off the arrows and obstacle lines where it can be.

        Candidates: 12 directions at growing distances ("rings"), then the same moved inside the
        region. The first candidate within ``NEAR`` rings that covers nothing wins; else the one
        there crossing the fewest strokes; else the first further out that covers no text or
        marker; else the one covering fewest. A leader line joins a label set beyond one ring.
        """
        size = size or self.font
        taken = np.array([(t.x0, t.y0, t.x1, t.y1) for t in self.texts + self.markers + list(avoid)]
                         ).reshape(-1, 4)
        h, w = 1.04 * size, text_width(text, size)
        ring, shift, x0, y0 = _candidates(at, w, h, size, region)
        inside = (x0 >= region.x0) & (y0 >= region.y0) & (x0 + w <= region.x1) & (y0 + h <= region.y1)
        bad = ((x0[:, None] + w + gap > taken[:, 0]) & (taken[:, 2] + gap > x0[:, None])
               & (y0[:, None] + h + gap > taken[:, 1]) & (taken[:, 3] + gap > y0[:, None])).sum(axis=1)
        near = inside & ~shift & (ring <= NEAR)
        free_near = np.flatnonzero(near & (bad == 0))
        if free_near.size:
            ink = np.concatenate(self.strokes) if self.strokes else np.empty((0, 2))
            x, y = ink[:, 0], ink[:, 1]
            best = (None, None)
            for j in free_near:                          # the first crossing nothing, else the fewest
                crossed = np.count_nonzero((x > x0[j]) & (x < x0[j] + w) & (y > y0[j]) & (y < y0[j] + h))
                if best[0] is None or crossed < best[0]:
                    best = (crossed, j)
                if crossed == 0:
                    break
            i = best[1]
        elif np.any(inside & (bad == 0)):
            i = int(np.flatnonzero(inside & (bad == 0))[0])
        elif np.any(inside):
            i = int(np.flatnonzero(inside)[np.argmin(bad[inside])])
        else:                                 # nowhere inside the region: at the anchor, clipped by it
            x = min(max(at[0] + 6, region.x0), region.x1 - w)
            return self._set(text, Box(x, at[1] - h / 2, x + w, at[1] + h / 2, text), at, 1, size, colour, weight)
        leader = max(ring[i], 2) if shift[i] else ring[i]
        return self._set(text, Box(x0[i], y0[i], x0[i] + w, y0[i] + h, text), at, leader, size, colour, weight)

    def _set(self, text, box, at, ring, size, colour, weight) -> Box:
        if ring > 1:
            cx = min(max(at[0], box.x0), box.x1)
            cy = min(max(at[1], box.y0), box.y1)
            self.line(at, (cx, cy), "#888", 0.8)
        baseline = box.y0 + 0.80 * size + 0.02 * size
        self.text(text, box.x0, baseline, size, colour=colour, weight=weight)
        return self.texts[-1]

    def svg(self, frame: int = 0, label: str = "") -> str:
        """The picture as one ``<svg>`` element that fills its container's width."""
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:g} {self.height:g}" '
                f'width="100%" data-frame="{frame}" role="img" aria-label="{html.escape(label)}" '
                f'style="max-width:{self.width * 1.6:g}px;max-height:calc(100vh - 150px);display:block" '
                f'font-family="{FONT_FAMILY}, Verdana, sans-serif">'
                f'<rect width="100%" height="100%" fill="#fff"/>' + "".join(self.parts) + "</svg>")

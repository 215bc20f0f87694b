"""The update-step panel's picture as PNG bytes: the figure's layout, a cached background, the
encoding; and the readout (the picture's text alternative) as HTML.

The figure is laid out in *CSS pixels* (``Style.width`` × ``Style.height``) and rendered at
``scale`` × that (2 by default), so the browser shows it crisp on HiDPI screens when it scales
the picture to the notebook column. Text is sized in those CSS pixels: at least the notebook's
14 px when the picture is shown at its CSS width or wider.

Views: ``"zoom"`` frames where the step happens (v_c, the arrows' tips, u_o) with the whole
plane as an inset (a step so large that this frame would be wider than the whole plane's is
shown in the whole plane, without an inset); ``"plane"`` shows the whole plane. Styles:
``NORMAL`` (plane, legend, bars) and ``PRESENTATION`` (larger text, plane and legend only).
"""
from __future__ import annotations

import html
import math
import struct
import zlib
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import panel_drawing as d
from .update_step import StepResult, format_readout

CSS_DPI = 100            # figure inches -> CSS pixels
PNG_COMPRESSION = 1      # zlib level: the picture is mostly flat colour, level 1 is fast and small enough


@dataclass(frozen=True)
class Style:
    """A layout in CSS pixels and text sizes in points (at 100 dpi, 1 pt = 1.39 CSS px)."""
    name: str
    width: int
    height: int
    font: float
    title: float
    bars: bool
    plane: tuple         # (left, bottom, side) of the square plane, CSS px
    legend_x: int        # left edge of the legend column, CSS px
    bars_rect: tuple = (0, 0, 0, 0)   # (left, bottom, width, height), CSS px


NORMAL = Style("normal", 1040, 470, font=10.5, title=11.5, bars=True, plane=(80, 58, 335), legend_x=428,
               bars_rect=(842, 88, 168, 318))
PRESENTATION = Style("presentation", 1040, 540, font=14.0, title=15.0, bars=False, plane=(104, 76, 400),
                     legend_x=530)
STYLES = {"normal": NORMAL, "presentation": PRESENTATION}
VIEWS = ("zoom", "plane")


def _needed_top(r: StepResult):
    vals = np.concatenate([r.probs_before, r.probs_after if r.finite else r.probs_before])
    vals = vals[np.isfinite(vals)]
    return 1.0 if r.probs_kind == "sigmoid" or not vals.size else float(np.max(vals))


def _static_key(r: StepResult, look):
    """Everything the static part of the picture depends on, but for the frame and the bars' limit
    (those redraw one layer only)."""
    return (r.kind, r.center, r.outside, tuple(r.outside_words), tuple(r.offsets), r.inner,
            tuple(sorted(r.negative_counts.items())), r.probs_kind, r.title, tuple(r.part_legends.items()),
            look, r.outside_before.tobytes() if r.moved != "U" else r.center_before.tobytes(), tuple(r.words))


class StepRenderer:
    """Draws ``StepResult``s into PNG bytes with one reusable ``Figure`` (object API, Agg).

    The static part of the picture is kept as pixels in three layers, each drawn over the one
    before: the *chrome* (legend, the η line's place: everything but the two axes), the *bars*
    axes (their tick labels and title; redrawn when the bars' limit changes) and the *plane*
    axes (ticks, word labels, the inset; redrawn when the zoomed frame moves). A change of the
    words, negatives, style or view, or a switch between a zoom and the whole plane, rebuilds all
    three (``full_draws``); a new frame redraws only the plane (``plane_draws``), about a third
    of a full draw, and ``prepare`` can do either ahead of the click that needs it. Each render
    restores the top layer and draws the dynamic artists, then removes them, so nothing
    accumulates. The layers do not overlap, so the pixels are those of one full draw: equal
    inputs give equal bytes.
    """

    def __init__(self, style: Style | str = NORMAL, view: str = "zoom", scale: int = 2):
        self.style = STYLES[style] if isinstance(style, str) else style
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}, got {view!r}")
        self.view = view
        self.scale = scale
        self.fig = Figure(figsize=(self.style.width / CSS_DPI, self.style.height / CSS_DPI), dpi=CSS_DPI * scale)
        self.canvas = FigureCanvasAgg(self.fig)
        self._key = self._axes = None
        self._layers = {}                       # "chrome", "bars", "plane": saved pixels of each layer
        self._drawn = (None, None)              # the (frame, bars' limit) the layers show
        self._plane_static = []                 # the plane's static artists that depend on its frame
        self._dynamic = []
        self._frame = self._top = None
        self._zoomed = False                    # the frame is a zoom (narrower than the whole plane): an inset
        self.full_draws = self.plane_draws = 0

    @property
    def css_width(self) -> int:
        """The picture's width in CSS pixels (the PNG is ``scale`` times wider)."""
        return self.style.width

    def set_look(self, style: Style | str | None = None, view: str | None = None):
        """Change the style or the view; the next picture is drawn from scratch."""
        if style is not None:
            self.style = STYLES[style] if isinstance(style, str) else style
            self.fig.set_size_inches(self.style.width / CSS_DPI, self.style.height / CSS_DPI)
        if view is not None:
            if view not in VIEWS:
                raise ValueError(f"view must be one of {VIEWS}, got {view!r}")
            self.view = view
        self.forget()

    def forget(self):
        """Drop the kept frame and layers: the next picture depends on its input alone."""
        self._key = self._frame = self._top = None

    def _layout(self, r: StepResult):
        """Frame and bar limit, kept from the previous picture while they still fit (no jumping)."""
        zoom = self.view == "zoom" and r.moved == "v_c"
        box = d.zoom_box(r) if zoom else d.whole_box(r)
        if not d.keeps(self._frame, box, 5.0 if zoom else 2.5):
            self._frame, self._zoomed = self._new_frame(r, box, zoom)
        top = _needed_top(r)
        if self._top is None or not (top <= self._top <= max(2 * top, 0.25)):
            self._top = min(1.0, math.ceil(top * 1.3 / 0.25) * 0.25)      # headroom: bars may still grow
        return self._frame, (self._top if self.style.bars else None)

    def _new_frame(self, r: StepResult, box, zoom: bool):
        """A frame for ``box`` with room for the next steps, so that it is redrawn only now and
        then, and whether it is a zoom (a zoom no narrower than the whole plane is the whole plane)."""
        if not zoom:
            if self._frame is not None and not d.keeps(self._frame, box, math.inf):    # leaving the frame
                grow = 0.2 * max(box[1] - box[0], box[3] - box[2])
                box = (box[0] - grow, box[1] + grow, box[2] - grow, box[3] + grow)
            return d.square_frame(box, pad=0.12), False
        frame = d.square_frame(d.ahead_box(r, box), pad=0.2)
        w = d.whole_box(r)
        whole = d.square_frame((min(w[0], box[0]), max(w[1], box[1]), min(w[2], box[2]), max(w[3], box[3])))
        return (whole, False) if frame[1] - frame[0] >= whole[1] - whole[0] else (frame, True)

    def _rect(self, left, bottom, width, height):
        s = self.style
        return [left / s.width, bottom / s.height, width / s.width, height / s.height]

    def _build(self, r: StepResult, frame, top):
        """Everything from scratch: the axes, the legend, the static artists; then the layers."""
        s = self.style
        self.fig.clear()
        left, bottom, side = s.plane
        ax = self.fig.add_axes(self._rect(left, bottom, side, side))
        ax.axhline(0, color="#BBBBBB", lw=0.8, zorder=0)
        ax.axvline(0, color="#BBBBBB", lw=0.8, zorder=0)
        ax.tick_params(labelsize=s.font)
        ax.set_xlabel("coordinate 1", fontsize=s.font, labelpad=2)
        ax.set_ylabel("coordinate 2", fontsize=s.font, labelpad=2)
        ax.set_title(r.title, fontsize=s.title)
        bars = self.fig.add_axes(self._rect(*s.bars_rect)) if s.bars else None
        self._axes = (ax, bars, None)
        self._plane_static = []                 # (gone with the cleared figure)
        zoomed = self._zoomed
        handles = self._plane_statics(r, frame)
        self.fig.legend(handles=handles, loc="upper left", fontsize=s.font, framealpha=0.95, borderaxespad=0.0,
                        bbox_to_anchor=(s.legend_x / s.width, (bottom + side) / s.height), handlelength=2.4,
                        title="zoomed to the step;\ninset: the whole plane" if zoomed else None,
                        title_fontsize=s.font if zoomed else None)
        if bars is not None:
            d.bars_static(bars, r, top, s.font, s.title)
        for a in (ax, bars):
            if a is not None:
                a.set_visible(False)
        self.canvas.draw()
        self._layers = {"chrome": self.canvas.copy_from_bbox(self.fig.bbox)}
        for a in (ax, bars):
            if a is not None:
                a.set_visible(True)
        self._compose(bars_too=True)
        self._drawn = (frame, top)
        self.full_draws += 1

    def _plane_statics(self, r: StepResult, frame):
        """The plane's limits and the static artists that depend on them (word labels, the
        inset); returns the legend handles. Removes the ones of the previous frame first."""
        ax = self._axes[0]
        present = set(map(id, ax.get_children()))     # (after an interrupt, some may be gone already)
        for artist in self._plane_static:
            if id(artist) in present:
                artist.remove()
        x0, x1, y0, y1 = frame
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        before = set(map(id, ax.get_children()))
        drawing = d.drawing_for(r)
        static = drawing.static or (d.outside_plane_static if drawing.plane == "outside" else d.center_plane_static)
        handles = static(ax, r, self.style.font)
        inset = None
        if self._zoomed:
            inset = d.inset_static(ax, r, frame, d.square_frame(d.whole_box(r), pad=0.05))
        self._plane_static = [a for a in ax.get_children() if id(a) not in before]
        self._axes = (ax, self._axes[1], inset)
        return handles

    def _compose(self, bars_too: bool):
        """Redraw the bars layer (if asked) and the plane layer over the layers below them."""
        ax, bars, _ = self._axes
        if bars is not None and bars_too:
            self.canvas.restore_region(self._layers["chrome"])
            self.fig.draw_artist(bars)
            self._layers["bars"] = self.canvas.copy_from_bbox(self.fig.bbox)
        self.canvas.restore_region(self._layers["bars" if bars is not None else "chrome"])
        self.fig.draw_artist(ax)
        self._layers["plane"] = self.canvas.copy_from_bbox(self.fig.bbox)

    def _redraw_layers(self, r: StepResult, frame, top):
        """The plane's layer in a new frame (and the bars' layer for a new limit)."""
        drawn, self._drawn = self._drawn, (None, None)      # (an interrupted redraw is redone)
        if frame != drawn[0]:
            self._plane_statics(r, frame)
        if top != drawn[1]:
            self._axes[1].set_xlim(0, top)
        self._compose(bars_too=top != drawn[1])
        self._drawn = (frame, top)
        self.plane_draws += 1

    def prepare(self, r: StepResult) -> bool:
        """Draw ahead of time the layers the picture of ``r`` will need: called with the step
        after the one shown, while the lecturer looks at the picture, it takes the cost of a new
        frame (or of a switch between zoom and whole plane) off the next click, which then only
        draws what moved. Returns whether it drew. The picture already sent is not changed;
        rendering anything else afterwards is correct too (it redraws the layers it needs)."""
        with np.errstate(all="ignore"):
            frame, top = self._layout(r)
            key = _static_key(r, (self.view, self.style.name, self._zoomed))
            if key == self._key and (frame, top) == self._drawn:
                return False
            self._update_layers(r, frame, top, key)
            return True

    def _update_layers(self, r: StepResult, frame, top, key):
        """The layers for ``r``: all of them for a new key, else the ones the frame or the bars'
        limit changed. The dynamic artists of the last picture go first."""
        self._drop_dynamic()
        if key != self._key:
            self._key = None                    # (an interrupted build is redone)
            self._build(r, frame, top)
            self._key = key
        else:
            self._redraw_layers(r, frame, top)

    def _drop_dynamic(self):
        """Remove the last picture's dynamic artists (forgotten first: an interrupt cannot leave
        one listed twice)."""
        dynamic, self._dynamic = self._dynamic, []
        for artist in dynamic:
            artist.remove()

    def render(self, r: StepResult, path=()) -> bytes:
        """The picture of ``r`` (with the trail ``path`` of earlier v_c) as PNG bytes."""
        with np.errstate(all="ignore"):             # a step that overflowed is drawn as far as it goes
            return self._render(r, path)

    def _render(self, r: StepResult, path) -> bytes:
        frame, top = self._layout(r)
        key = _static_key(r, (self.view, self.style.name, self._zoomed))
        if key != self._key or (frame, top) != self._drawn:
            self._update_layers(r, frame, top, key)
        else:
            self._drop_dynamic()
            self.canvas.restore_region(self._layers["plane"])
        ax, bars, inset = self._axes
        s = self.style
        if d.drawing_for(r).dynamic is not None:
            dynamic = d.drawing_for(r).dynamic(ax, r, path, s.font)
        elif d.drawing_for(r).plane == "outside":
            dynamic = d.outside_plane_dynamic(ax, r, s.font)
        else:
            dynamic = d.center_plane_dynamic(ax, r, path, s.font)
        if inset is not None:
            dynamic += d.inset_dynamic(inset, r)
        if bars is not None:
            dynamic += d.bars_dynamic(bars, r)
        dynamic.append(self.fig.text((s.plane[0] + s.plane[2]) / s.width, 4 / s.height, f"η = {r.lr:.3g}",
                                     ha="right", va="bottom", fontsize=s.font, fontweight="bold"))
        for artist in dynamic:
            artist.set_animated(True)           # never part of the background
            self.fig.draw_artist(artist)
        self._dynamic = dynamic
        return self._png()

    def _png(self) -> bytes:
        return encode_png(np.asarray(self.canvas.buffer_rgba()))

    def artist_count(self) -> int:
        """Artists and containers held by the figure's axes (constant from step to step)."""
        axes = [a for a in self._axes or () if a is not None]
        return sum(len(a.get_children()) + len(a.containers) for a in axes) + len(self.fig.texts)


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def encode_png(rgba: np.ndarray) -> bytes:
    """An (h, w, 4) uint8 image as RGBA PNG bytes: no row filters, zlib level 1, no metadata.
    Each row is copied whole behind its filter byte (keeping alpha is faster than picking out
    RGB, for a few per cent more bytes); about three times as fast as PIL's adaptive filters on
    this flat-coloured picture. Deterministic: equal pixels, equal bytes."""
    h, w, _ = rgba.shape
    rows = np.empty((h, 4 * w + 1), dtype=np.uint8)
    rows[:, 0] = 0                              # filter type 0 (None) for every row
    rows[:, 1:] = rgba.reshape(h, 4 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)      # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.data, PNG_COMPRESSION)) + _chunk(b"IEND", b""))


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
            body.append(f'<tr><th style="text-align:left;padding-right:1em;white-space:normal">{html.escape(label)}</th>'
                        f'<td style="text-align:left;font-family:monospace;white-space:normal">{value}</td></tr>')
    return '<table role="status" aria-live="polite" style="max-width:100%">' + "".join(body) + "</table>"

"""The update-step panel: what one SGD step does, seen in the plane of the toy vocabulary.

    from w2vlib.panel import update_step_panel, update_step
    update_step_panel("negsamp")                 # controls, the picture, a readout
    update_step("naive", center="coffee", outside="hot", lr=0.5)   # the numbers alone

Layers inside the package: ``core`` (the typed contract between a kind and the picture, the
registry, ``update_step``) → ``words`` and ``terms`` (what several kinds share) → one module per
kind (``naive``, ``outside``, ``negsamp``, ``skipgram``, ``cbow``, ``hs``: its definition,
registered on import) → ``svg`` and ``picture`` (the drawing) → ``widget`` (the controls).

Adding a kind: a new module defining ``register_kind(PanelKind(...))`` and one import line
below; ``tests/test_panel.py`` then checks it like every other kind.
"""
from .core import (INNER_LOSSES, PanelKind, Part, Participant, Request, Setup, StepResult, format_readout,
                   get_kind, kind_names, register_kind, unregister_kind, update_step)
from . import naive, outside, negsamp, skipgram, cbow, hs  # noqa: F401,E402  (registers the kinds, in order)
from .hs import subtree_inner_vectors
from .picture import Renderer, render_svg
from .widget import UpdateStepPanel, presentation, update_step_panel
from .words import DEFAULT_K, DEFAULT_POSITION, window_words

__all__ = ["update_step", "StepResult", "update_step_panel", "UpdateStepPanel", "presentation", "render_svg",
           "Renderer", "PanelKind", "Part", "Participant", "Request", "Setup", "register_kind", "unregister_kind",
           "kind_names", "get_kind", "format_readout", "subtree_inner_vectors", "window_words", "DEFAULT_K",
           "DEFAULT_POSITION", "INNER_LOSSES"]

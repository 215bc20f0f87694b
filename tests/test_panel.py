"""The contract of the update-step panel (w2vlib.panel), checked for every registered kind.

Every kind must give a step whose named parts add up to the gradient of the loss it reports,
a step of −η × that gradient, the first-order prediction for a short step, a chain of parts
ending where the step does, roles the style knows, a working panel, and a picture in which no
text covers another text or a marker. A dummy kind registered here gets all of it from one
entry. And w2vlib has no import cycle.
"""
import ast
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from w2vlib import gradcheck
from w2vlib.panel import (PanelKind, Part, Participant, get_kind, kind_names, register_kind, unregister_kind,
                          update_step, update_step_panel)
from w2vlib.panel.svg import Box, Canvas, View
from w2vlib.panel.widget import LR_RANGE
from w2vlib.panel.words import word_setup
from w2vlib.softmax import softmax
from w2vlib.style import LOOKS
from w2vlib.toy import toy_vocabulary

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
BUILT_IN = ("naive", "outside", "negsamp", "skipgram", "cbow", "hs")
VARIANTS = {"skipgram": [{"inner": "negsamp"}], "cbow": [{"inner": "negsamp"}]}
LARGEST_LR = 10 ** LR_RANGE[1]          # the slider's largest learning rate (1e3)

CASES = [pytest.param(kind, extra, id="-".join([kind, *extra.values()]))
         for kind in kind_names() for extra in [{}] + VARIANTS.get(kind, [])]


def words(kind, extra=None):
    """The default call of a kind: its default centre and outside word, or none for a window kind."""
    spec = get_kind(kind)
    if spec.controls == "window":
        return dict(extra or {})
    return dict(center=spec.defaults["center"], outside=spec.defaults["outside"], **(extra or {}))


def with_moved(kind, kw, rows, moved, x):
    """update_step on a toy vocabulary whose moved variable is replaced by x."""
    vocab = toy_vocabulary()
    if moved == "U":
        vocab.outside_vectors = np.array(x, dtype=np.float64)
    else:
        vocab.center_vectors[rows] = x
    return update_step(kind, vocab, lr=0.5, **kw)


# ----------------------------------------------------------------------------- the numbers

def test_the_built_in_kinds_are_registered_in_order():
    assert kind_names()[:6] == BUILT_IN
    assert [get_kind(k).moved for k in BUILT_IN] == ["v_c", "U", "v_c", "v_c", "rows", "v_c"]
    assert [get_kind(k).controls for k in BUILT_IN] == ["words"] * 3 + ["window"] * 2 + ["words"]


@pytest.mark.parametrize("kind,extra", CASES)
def test_parts_add_up_to_the_gradient_and_the_step_is_minus_lr_times_it(kind, extra):
    r = update_step(kind, lr=0.5, **words(kind, extra))
    assert r.finite and r.kind == kind and r.moved == get_kind(kind).moved
    assert r.grad_norm > 0.01                                   # not a vacuous check
    keys = [p.key for p in r.terms]
    assert len(keys) == len(set(keys)) >= 1 and list(r.parts) == keys
    for p in r.terms:
        assert p.vector.shape == r.grad.shape, p.key
    np.testing.assert_allclose(sum(r.parts.values()), r.grad, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(r.step, -0.5 * r.grad)
    np.testing.assert_allclose(r.moved_after, r.moved_before + r.step, rtol=1e-14, atol=1e-15)
    assert r.moved_before.shape == r.moved_after.shape == r.grad.shape


@pytest.mark.parametrize("kind,extra", CASES)
def test_the_reported_gradient_is_the_gradient_of_the_reported_loss(kind, extra):
    """Central differences (w2vlib.gradcheck) of update_step's loss over the moved variable:
    v_c, the moved rows of the centre vectors, or every u_w."""
    kw = words(kind, extra)
    r = update_step(kind, lr=0.5, **kw)
    toy = toy_vocabulary()
    variable = toy.outside_vectors if r.moved == "U" else toy.center_vectors[r.rows]
    np.testing.assert_array_equal(r.moved_before, variable.reshape(r.moved_before.shape))

    def f(x):
        s = with_moved(kind, kw, r.rows, r.moved, x)
        return s.loss_before, s.grad

    result = gradcheck(f, r.moved_before)
    assert result.passed, str(result)


@pytest.mark.parametrize("kind,extra", CASES)
def test_a_small_step_realises_the_first_order_prediction(kind, extra):
    r = update_step(kind, lr=1e-5, **words(kind, extra))
    assert r.predicted_change == pytest.approx(-1e-5 * float(np.sum(r.grad ** 2)), rel=1e-12)
    assert r.actual_change < 0 and not r.overshoot
    assert r.actual_change / r.predicted_change == pytest.approx(1.0, abs=0.01)
    assert "went down" in r.message and "100%" in r.message


@pytest.mark.parametrize("kind,extra", CASES)
def test_the_chain_of_parts_ends_where_the_step_does(kind, extra):
    r = update_step(kind, lr=0.5, **words(kind, extra))
    assert r.chain_steps.shape == (len(r.terms), r.chain_start.size)
    end = r.chain_start + r.chain_steps.sum(axis=0)
    if r.moved == "U":                                          # the outside kind takes u_o's move apart
        o = r.targets[0]
        assert r.chain_name == f"u_{r.outside}"
        np.testing.assert_array_equal(r.chain_start, r.moved_before[o])
        np.testing.assert_allclose(end, r.moved_after[o], rtol=1e-12, atol=1e-14)
    else:
        np.testing.assert_array_equal(r.chain_start, r.v_before)
        np.testing.assert_allclose(end, r.v_after, rtol=1e-12, atol=1e-14)
        if r.moved == "v_c":
            np.testing.assert_array_equal(r.v_after, r.moved_after)
            np.testing.assert_allclose(r.chain_steps, [-0.5 * p.vector for p in r.terms], rtol=1e-15)


@pytest.mark.parametrize("kind,extra", CASES)
def test_every_role_has_a_look_and_every_part_says_what_it_does(kind, extra):
    r = update_step(kind, lr=0.5, **words(kind, extra))
    roles = [p.role for p in r.terms] + [p.role for p in r.participants]
    roles += [r.level.role] if r.level is not None else []
    assert set(roles) <= set(LOOKS), set(roles) - set(LOOKS)
    for p in r.terms:
        assert p.name and p.term and "η" in p.effect, p
    names = [p.name for p in r.participants]
    assert len(names) == len(set(names)), names
    assert all(p.point.shape == (2,) for p in r.participants)


# ----------------------------------------------------------------------------- the panel

def svg_root(panel):
    root = ET.fromstring(panel.svg)                 # raises on malformed XML
    assert root.tag == f"{SVG}svg"
    return root


def svg_texts(root):
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def without_frame(svg):
    return re.sub(r'data-frame="\d+"', "", svg)


@pytest.mark.parametrize("kind,extra", CASES)
def test_panel_steps_resets_and_its_state_is_the_step_shown(kind, extra):
    panel = update_step_panel(kind, lr=0.5, **words(kind, extra))
    s0, svg0 = panel.state, panel.svg
    assert s0["steps"] == 0 and s0["last_step"] is None
    shown = update_step(kind, lr=0.5, **words(kind, extra))
    np.testing.assert_array_equal(s0["grad"], shown.grad)
    assert s0["loss_before"] == shown.loss_before
    panel.step()
    s1 = panel.state
    assert s1["steps"] == 1 and s1["last_step"]["loss_after"] == s0["loss_after"] == s1["loss_before"]
    np.testing.assert_array_equal(s1["last_step"]["moved_after"], s0["moved_after"])
    np.testing.assert_array_equal(s1["moved_before"], s0["moved_after"])     # the next step starts there
    if s0["moved"] == "U":
        np.testing.assert_array_equal(s1["outside_vectors"], s0["moved_after"])
    else:
        np.testing.assert_allclose(s1["v_c"], s0["v_after"], rtol=1e-12)
        assert np.linalg.norm(s1["v_c"] - s0["v_c"]) > 1e-3
    assert without_frame(panel.svg) != without_frame(svg0)
    panel.reset()
    s = panel.state
    assert s["steps"] == 0 and without_frame(panel.svg) == without_frame(svg0)
    np.testing.assert_array_equal(s["moved_before"], s0["moved_before"])


@pytest.mark.parametrize("kind,extra", CASES)
def test_the_svg_parses_and_its_frame_number_grows_at_each_step(kind, extra):
    panel = update_step_panel(kind, lr=0.5, **words(kind, extra))
    frames = [int(svg_root(panel).get("data-frame"))]
    for _ in range(3):
        panel.step()
        frames.append(int(svg_root(panel).get("data-frame")))
    assert all(a < b for a, b in zip(frames, frames[1:])), frames


def overlaps(drawn, width, height):
    """Every pair of texts, or text and marker, that overlap; every text outside the picture."""
    texts, markers = drawn.texts, drawn.markers
    bad = [(a.what, b.what) for i, a in enumerate(texts) for b in texts[i + 1:] if a.overlaps(b)]
    bad += [(a.what, "marker " + m.what) for a in texts for m in markers if a.overlaps(m)]
    bad += [(a.what, "outside the picture") for a in texts
            if not (a.x0 >= 0 and a.y0 >= 0 and a.x1 <= width and a.y1 <= height)]
    return bad


def check_picture(panel):
    root = svg_root(panel)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    drawn = panel.drawn
    assert len(drawn.texts) >= 10 and len(drawn.markers) >= 5         # the boxes are recorded
    assert not overlaps(drawn, width, height), overlaps(drawn, width, height)
    key = drawn.key
    assert (key.x1 - key.x0) * (key.y1 - key.y0) <= 0.15 * width * height


@pytest.mark.parametrize("lr", [0.5, 1e-3, LARGEST_LR], ids=["lr0.5", "lr1e-3", "lr1e3"])
@pytest.mark.parametrize("kind,extra", CASES)
def test_no_text_overlaps_a_text_or_a_marker(kind, extra, lr):
    panel = update_step_panel(kind, lr=lr, **words(kind, extra))
    check_picture(panel)
    panel.step(20)
    assert panel.state["steps"] == 20 or not panel.state["finite"]
    check_picture(panel)


@pytest.mark.parametrize("kind,extra", CASES)
def test_no_text_overlaps_in_presentation_mode(kind, extra):
    panel = update_step_panel(kind, lr=0.5, presentation=True, **words(kind, extra))
    assert svg_root(panel).get("viewBox") == "0 0 1040 520"
    check_picture(panel)
    panel.step(20)
    check_picture(panel)


@pytest.mark.parametrize("kind,kw,lr,steps,pres", [
    ("cbow", dict(position=3, window=1), LARGEST_LR, 19, False),       # a crowded corner of the plane
    ("cbow", dict(position=7, window=1), LARGEST_LR, 1, True),         # no free corner for "each row's step"
    ("negsamp", dict(center="tea", outside="cold"), 5.0, 1, False),    # v_c off the plane, the new v_c in it
    ("skipgram", dict(position=7, window=3, inner="negsamp"), 5.0, 1, False),   # both off the plane
    ("negsamp", dict(center="i", outside="like"), LARGEST_LR, 1, False),        # a step of ~1e-300: huge factor
], ids=["cbow-crowded", "cbow-corner", "negsamp-off-plane", "skipgram-off-plane", "negsamp-factor"])
def test_no_text_overlaps_in_hard_cases(kind, kw, lr, steps, pres):
    panel = update_step_panel(kind, lr=lr, presentation=pres, **kw)
    panel.step(steps)
    check_picture(panel)


def test_labels_of_close_points_are_placed_apart_and_the_check_sees_an_overlap():
    cv = Canvas(300, 200)
    region = Box(0, 0, 300, 200)
    points = [(150, 100), (156, 100), (150, 106), (156, 106)]
    for i, at in enumerate(points):
        cv.marker(["target", "negative", "expected", "word"][i], at)
    for name, at in zip(["alpha", "beta", "gamma", "delta"], points):
        cv.place(name, at, region)
    assert not overlaps(cv, 300, 200), overlaps(cv, 300, 200)
    cv.text("on top", 150, 104)                                 # drawn over a marker and a label
    assert ("on top", "marker target") in overlaps(cv, 300, 200)


@pytest.mark.parametrize("kind,extra", CASES)
def test_every_participant_and_part_is_named_in_the_picture(kind, extra):
    kw = words(kind, extra)
    panel = update_step_panel(kind, lr=0.5, **kw)
    r = update_step(kind, lr=0.5, **kw)
    drawn = panel.drawn
    texts = svg_texts(svg_root(panel))
    assert {t.what for t in drawn.texts} == set(texts)        # the recorded boxes are the texts drawn
    plane = View(*drawn.frame, drawn.regions["plane"])
    for p in r.participants:
        assert plane.contains(p.point), f"{p.name} is out of the plane's view"
        assert p.name in texts, p.name
    for p in r.terms:                                           # each part labelled at its tip
        assert p.name in texts, p.name
    header = next(t for t in texts if t.startswith("loss "))    # the numbers on the picture
    assert f"loss {r.loss_before:.4f} → {r.loss_after:.4f}" in header
    assert f"{r.target_label}: {r.target_before:.4f} → {r.target_after:.4f}" in header


def arrow_head(p, q, head):
    """(head length, its direction · the arrow's) of the polygon Canvas.arrow writes, or None."""
    cv = Canvas(400, 400)
    cv.arrow(p, q, "#000", head=head)
    polygons = [e for e in cv.parts if e.startswith("<polygon")]
    if not polygons:
        return None
    (tip, b1, b2) = [tuple(map(float, xy.split(","))) for xy in
                     re.search(r'points="([^"]*)"', polygons[0]).group(1).split()]
    base = ((b1[0] + b2[0]) / 2, (b1[1] + b2[1]) / 2)
    along = (tip[0] - base[0]) * (q[0] - p[0]) + (tip[1] - base[1]) * (q[1] - p[1])
    return math.dist(tip, base), along


@pytest.mark.parametrize("length", [2.5, 4.0, 8.0, 15.0, 30.0, 200.0])
@pytest.mark.parametrize("angle", [0, 37, 90, 200])
@pytest.mark.parametrize("head", [9.0, 13.0])
def test_an_arrow_head_is_never_longer_than_its_arrow_and_points_along_it(length, angle, head):
    p = (200.0, 200.0)
    q = (p[0] + length * math.cos(math.radians(angle)), p[1] + length * math.sin(math.radians(angle)))
    got = arrow_head(p, q, head)
    assert got is not None
    head_length, along = got
    assert head_length < length and head_length <= head + 0.1
    assert along > 0                                            # the head points the way of the move


def test_an_arrow_shorter_than_two_pixels_is_not_drawn():
    assert arrow_head((10.0, 10.0), (11.0, 10.5), 11.0) is None


# ----------------------------------------------------------------------------- the registry

@pytest.fixture
def spring_kind():
    """A dummy kind, J = ½‖v_c − u_o‖² (one part), registered in one entry."""

    def loss_and_grads(s, v_c, U):
        diff = v_c - U[s.outside_idx[0]]
        g_U = np.zeros_like(U)
        g_U[s.outside_idx[0]] = -diff
        return 0.5 * float(diff @ diff), diff, g_U

    def parts(s, v_c, U, probs):
        return [Part("spring", v_c - U[s.outside_idx[0]], name="v_c − u_o", term="v_c − u_o",
                     effect="−η (v_c − u_o): shortens v_c − u_o", role="target")]

    def participants(s, v_c, U, probs):
        return [Participant(f"{s.outside} (anchor)", "target", U[s.outside_idx[0]])]

    kind = PanelKind(name="spring", description="a test kind", setup=lambda req: word_setup(req, "spring"),
                     loss_and_grads=loss_and_grads, parts=parts, participants=participants,
                     probs=lambda s, v_c, U: softmax(U @ v_c), target_label="ŷ_o",
                     title=lambda s: f"spring: c = {s.center}, o = {s.outside}",
                     defaults=dict(center="cat", outside="dog"))
    assert register_kind(kind) is kind
    try:
        yield "spring"
    finally:
        unregister_kind("spring")
    assert "spring" not in kind_names()


def test_a_kind_registered_in_one_entry_gets_a_working_step_and_panel(spring_kind):
    assert kind_names()[-1] == "spring"
    vocab = toy_vocabulary()
    v_c, u_o = vocab.center_vectors[vocab.index("cat")], vocab.outside_vectors[vocab.index("dog")]
    r = update_step(spring_kind, vocab, "cat", "dog", 0.25)
    np.testing.assert_allclose(r.grad, v_c - u_o)
    np.testing.assert_allclose(r.parts["spring"], r.grad)
    assert r.loss_after == pytest.approx(0.75 ** 2 * r.loss_before, rel=1e-12)
    assert r.title == "spring: c = cat, o = dog" and r.finite

    panel = update_step_panel(spring_kind, lr=0.25)            # the entry's defaults: cat, dog
    assert repr(panel).startswith("UpdateStepPanel(kind='spring', center='cat', outside='dog'")
    assert "K" not in panel.controls and "outside" in panel.controls
    assert "dog (anchor)" in svg_texts(svg_root(panel)) and "v_c − u_o" in svg_texts(svg_root(panel))
    check_picture(panel)
    panel.step(3)
    s = panel.state
    np.testing.assert_allclose(s["v_c"] - u_o, 0.75 ** 3 * (v_c - u_o), rtol=1e-12)   # shrinks by 1 − η a step
    assert s["steps"] == 3
    check_picture(panel)
    panel.controls["outside"].value = "cat"                     # a word change restarts
    assert panel.state["outside"] == "cat" and panel.state["steps"] == 0


def test_registering_twice_or_a_wrong_entry_is_refused(spring_kind):
    spring = get_kind(spring_kind)
    with pytest.raises(ValueError, match="already registered"):
        register_kind(spring)
    assert register_kind(spring, replace=True) is spring and kind_names().count("spring") == 1
    with pytest.raises(ValueError, match="already registered"):
        register_kind(get_kind("naive"))
    with pytest.raises(TypeError, match="PanelKind"):
        register_kind({"name": "dict", "setup": None})
    with pytest.raises(TypeError, match="PanelKind"):
        register_kind("naive")
    with pytest.raises(ValueError, match="moved"):
        PanelKind(name="x", description="", setup=None, loss_and_grads=None, parts=None, participants=None,
                  title=None, probs=None, target_label="", moved="C")
    with pytest.raises(ValueError, match="controls"):
        PanelKind(name="x", description="", setup=None, loss_and_grads=None, parts=None, participants=None,
                  title=None, probs=None, target_label="", controls="sliders")
    assert kind_names()[:6] == BUILT_IN


def test_an_unknown_kind_lists_the_registered_ones():
    with pytest.raises(ValueError, match="'naive', 'outside', 'negsamp', 'skipgram', 'cbow', 'hs'"):
        update_step("cbow-typo")
    with pytest.raises(ValueError, match="kind must be one of"):
        get_kind(None)
    with pytest.raises(ValueError, match="kind must be one of"):
        update_step_panel("glove")


# ----------------------------------------------------------------------------- no import cycle

def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_at_import_time(tree):
    """The import statements a module runs when imported: not those inside a function, nor under
    ``if TYPE_CHECKING:``."""
    out = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                out.append(child)
            visit(child)

    visit(tree)
    return out


def import_graph():
    """{module: modules of w2vlib it imports}. ``from .x import name`` is an edge to ``x``;
    ``from . import sub`` (a package re-exporting its submodules) an edge to each submodule."""
    files = {module_name(p): p for p in (ROOT / "w2vlib").rglob("*.py")}
    graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges = set()
        for node in imports_at_import_time(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name.split(".")[0] == "w2vlib")
                continue
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base.split(".")[0] != "w2vlib":
                continue
            submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in files]
            edges.update(submodules)
            if len(submodules) < len(node.names):
                edges.add(base)
        graph[name] = edges - {name}
    return graph


def find_cycle(graph):
    """A list of modules forming a cycle, or None (depth-first search)."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_w2vlib_has_no_import_cycle():
    graph = import_graph()
    # the parse sees the imports: a kind module imports the core, the package its kinds
    assert "w2vlib.panel.core" in graph["w2vlib.panel.naive"]
    assert {f"w2vlib.panel.{k}" for k in BUILT_IN} <= graph["w2vlib.panel"]
    assert "w2vlib.style" in graph["w2vlib.panel.svg"] and "w2vlib.softmax" in graph["w2vlib.panel.terms"]
    assert len(graph) >= 40
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle)

"""The layers of w2vlib (w2vlib/_layers.py), enforced on every import of every module.

Rules (docs/architecture.md, "The layers"):
- a module imports only modules of a lower layer or of its own; the course path and the fast
  path are siblings and import each other only as ``SIBLING_IMPORTS`` allows;
- no import cycle between modules (files), lazy imports included;
- a private name (``_x``) stays in its module: only the files of one subpackage (``_validate/``,
  ``exercises/``, ...), which together are one module, share private names; importing a private
  *module* (``_validate``, ``_files``) from inside w2vlib is fine.
Imports inside functions count as much as those at the top of a file.
"""
import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from w2vlib._layers import LAYERS, MODULE_LAYER, SIBLING_IMPORTS, level

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "w2vlib"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PKG.rglob("*.py")) if "__pycache__" not in p.parts}


@dataclass(frozen=True)
class Import:
    source: str        # the importing module, e.g. "w2vlib.train"
    target: str        # the imported module, e.g. "w2vlib.corpus"
    name: str | None   # the name imported from it (None: the module itself)
    line: int


def unit(module: str) -> str | None:
    """The module of the layer table that ``module`` belongs to (a package is one); None for the
    package root ``w2vlib``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports_of(source: str, tree: ast.AST, is_package: bool) -> list[Import]:
    """Every import of a w2vlib module in ``tree`` (at any depth: lazy imports included)."""
    package = source if is_package else source.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(source, a.name, None, node.lineno) for a in node.names if a.name.split(".")[0] == "w2vlib"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "w2vlib":
                continue
            for a in node.names:
                sub = f"{target}.{a.name}"
                found.append(Import(source, sub, None, node.lineno) if sub in MODULES
                             else Import(source, target, a.name, node.lineno))
    return found


def private_attribute_uses(source: str, tree: ast.AST, imports: list[Import]) -> list[tuple[str, str, int]]:
    """``(module, name, line)`` for every ``m._x`` where ``m`` names a w2vlib module this file imported."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(i.line == node.lineno and i.name is None for i in imports):
            for a in node.names:
                bound[a.asname or a.name] = next(i.target for i in imports
                                                 if i.line == node.lineno and i.target.endswith("." + a.name))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname and a.name.split(".")[0] == "w2vlib":
                    bound[a.asname] = a.name
    return [(bound[n.value.id], n.attr, n.lineno) for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in bound
            and n.attr.startswith("_") and not n.attr.startswith("__")]


def all_imports() -> list[Import]:
    found = []
    for name, path in MODULES.items():
        found += imports_of(name, ast.parse(path.read_text(encoding="utf-8")), path.name == "__init__.py")
    return found


def layer_violations(imports) -> list[str]:
    """The imports that go up a layer, or across the two paths without a listed reason."""
    bad = []
    for imp in imports:
        src, dst = unit(imp.source), unit(imp.target)
        if src is None or src == dst:      # the package root re-exports everything; a package imports itself
            continue
        if dst is None:
            bad.append(f"{imp.source} (line {imp.line}) imports the package root w2vlib: import the module instead")
            continue
        a, b = MODULE_LAYER[src], MODULE_LAYER[dst]
        if level(dst) > level(src) or (level(dst) == level(src) and a != b and (src, dst) not in SIBLING_IMPORTS):
            bad.append(f"{imp.source} (line {imp.line}, {a}) imports {imp.target} ({b})")
    return bad


def cycles(imports) -> list[list[str]]:
    """The import cycles between modules (strongly connected components of more than one file)."""
    graph = {}
    for imp in imports:
        if imp.target != imp.source:
            graph.setdefault(imp.source, set()).add(imp.target)
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def shares_private_names(importer: str, owner: str) -> bool:
    """Files of one subpackage (w2vlib/X/...) may share private names; top-level modules may not."""
    a, b = importer.split("."), owner.split(".")
    return len(a) > 2 and len(b) > 2 and a[1] == b[1]


def private_name_violations(imports, attribute_uses=()) -> list[str]:
    bad = [f"{imp.source} (line {imp.line}) imports the private name {imp.name} from {imp.target}"
           for imp in imports if imp.name and imp.name.startswith("_") and not imp.name.startswith("__")
           and not shares_private_names(imp.source, imp.target)]
    bad += [f"{source} (line {line}) uses the private name {module}.{name}"
            for source, (module, name, line) in attribute_uses if not shares_private_names(source, module)]
    return bad


# ----- the rules hold for w2vlib -----------------------------------------------------------------
def test_every_module_has_exactly_one_layer():
    units = {unit(m) for m in MODULES} - {None}
    assert units == set(MODULE_LAYER), (f"modules without a layer: {sorted(units - set(MODULE_LAYER))}; "
                                        f"layer entries without a module: {sorted(set(MODULE_LAYER) - units)}")
    assert set(MODULE_LAYER.values()) <= set(LAYERS)
    for (a, b), why in SIBLING_IMPORTS.items():
        assert {MODULE_LAYER[a], MODULE_LAYER[b]} == {"course path", "fast path"} and why


def test_imports_go_down_the_layers_only():
    imports = all_imports()
    assert any(i.source == "w2vlib.train" and i.target == "w2vlib.corpus" for i in imports)   # the scan sees imports
    assert any(i.source == "w2vlib.train" and i.target == "w2vlib._fast" for i in imports)    # lazy ones too
    assert not layer_violations(imports), "\n".join(layer_violations(imports))


def test_no_import_cycles_between_modules():
    found = cycles(all_imports())
    assert not found, f"import cycles: {found}"


def test_no_private_name_is_imported_across_modules():
    uses = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses += [(name, use) for use in private_attribute_uses(name, tree, imports_of(name, tree, path.name == "__init__.py"))]
    bad = private_name_violations(all_imports(), uses)
    assert not bad, "\n".join(bad)


# ----- the checks can fail ------------------------------------------------------------------------
def parsed(source: str, code: str, is_package: bool = False) -> list[Import]:
    return imports_of(source, ast.parse(code), is_package)


def test_an_upward_import_is_reported_lazy_or_not():
    imp = parsed("w2vlib._validate._losses", "def f():\n    from ..negsamp import neg_sampling_loss_and_gradient\n")
    assert imp == [Import("w2vlib._validate._losses", "w2vlib.negsamp", "neg_sampling_loss_and_gradient", 2)]
    assert layer_violations(imp) == ["w2vlib._validate._losses (line 2, internal) imports w2vlib.negsamp (math core)"]
    assert layer_violations(parsed("w2vlib.train", "from .progress_panel import ProgressPanel"))
    assert layer_violations(parsed("w2vlib.sgd", "from . import train"))                    # across the paths
    assert not layer_violations(parsed("w2vlib.evaluate", "from .treebank import StanfordSentiment"))  # listed
    assert layer_violations(parsed("w2vlib.toy", "import w2vlib"))


def test_a_cycle_is_reported():
    imp = parsed("w2vlib.a", "from .b import f") + parsed("w2vlib.b", "def f():\n    from .a import g\n")
    assert cycles(imp) == [["w2vlib.a", "w2vlib.b"]]
    assert cycles(imp[:1]) == []


def test_a_private_name_across_modules_is_reported():
    assert private_name_violations(parsed("w2vlib.train", "from .corpus import _pairs"))
    assert private_name_violations(parsed("w2vlib.tiny_corpus", "def f():\n    from .vectors import _atomic_write_text\n"))
    code = "from . import vectors\nvectors._atomic_write_text(1, 2)\n"
    tree = ast.parse(code)
    uses = private_attribute_uses("w2vlib.tiny_corpus", tree, imports_of("w2vlib.tiny_corpus", tree, False))
    assert private_name_violations([], [("w2vlib.tiny_corpus", u) for u in uses])
    # the files of one subpackage share private names; a private module is importable
    assert not private_name_violations(parsed("w2vlib._validate._losses", "from ._arrays import _integer"))
    assert not private_name_violations(parsed("w2vlib.softmax", "from . import _validate"))


# ----- the docs draw the same table ---------------------------------------------------------------
def layer_lines(text: str) -> dict[str, set[str]]:
    """The modules drawn on each layer's line of the first code block after '## The layers'."""
    block = text.split("## The layers", 1)[1].split("```", 2)[1]
    drawn = {}
    for line in block.splitlines():
        for layer in sorted(LAYERS, key=len, reverse=True):
            if line.strip().startswith(layer + " "):
                drawn[layer] = {w.rstrip("/") for w in line.strip()[len(layer):].split()}
                break
    return drawn


@pytest.mark.parametrize("layer", list(LAYERS))
def test_architecture_page_draws_each_layer_with_its_modules(layer):
    drawn = layer_lines((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    expected = {m for m, la in MODULE_LAYER.items() if la == layer}
    assert drawn.get(layer) == expected, f"docs/architecture.md draws {layer} as {drawn.get(layer)}, the code: {expected}"

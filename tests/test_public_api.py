"""The public API of w2vlib: every public module declares ``__all__``, every declared name exists,
and the notebooks import only declared names (never an incidental re-export or a private name).

A notebook's use of w2vlib is read from its code cells: ``from w2vlib.X import n``,
``import w2vlib.X as m``, ``from w2vlib import X`` (a public module) and every attribute
``m.n`` of a name bound to a w2vlib module. ``n`` must be in ``w2vlib.X.__all__`` (or be a public
submodule of a package); a private module (``w2vlib._validate``) is not for notebooks.
"""
import ast
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

import w2vlib

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def all_modules() -> list[str]:
    """Every module of w2vlib, private ones included (``__main__`` files left out)."""
    names = ["w2vlib"] + [m.name for m in pkgutil.walk_packages(w2vlib.__path__, "w2vlib.")]
    return [n for n in names if not n.endswith("__main__")]


def is_public(module: str) -> bool:
    return not any(part.startswith("_") for part in module.split("."))


PUBLIC = [m for m in all_modules() if is_public(m)]


@pytest.mark.parametrize("module", PUBLIC)
def test_every_public_module_declares_all(module):
    mod = importlib.import_module(module)
    assert "__all__" in vars(mod), f"{module} has no __all__"
    assert len(set(mod.__all__)) == len(mod.__all__), f"{module}.__all__ repeats a name"


@pytest.mark.parametrize("module", all_modules())
def test_every_name_in_all_exists(module):
    mod = importlib.import_module(module)
    missing = [n for n in getattr(mod, "__all__", ()) if not hasattr(mod, n)]
    assert not missing, f"{module}.__all__ names what it does not define: {missing}"
    private = [n for n in getattr(mod, "__all__", ()) if n.startswith("_")]
    assert not private, f"{module}.__all__ declares private names: {private}"


# ----- what the notebooks use ---------------------------------------------------------------------
def code_of(notebook: Path) -> str:
    """The notebook's code cells as one Python source (IPython magics and shell lines dropped)."""
    cells = nbformat.read(notebook, as_version=4).cells
    lines = [line for c in cells if c.cell_type == "code" for line in c.source.splitlines() + [""]]
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)


def undeclared_uses(source: str) -> list[str]:
    """Every use in ``source`` of a w2vlib name its module does not declare in ``__all__``."""
    bad, bound = [], {}

    def resolve(module: str, name: str, line: int) -> str | None:
        """The module ``module.name`` if it is one, else None after checking ``name`` is declared."""
        sub = f"{module}.{name}"
        if not is_public(module):
            bad.append(f"line {line}: {module} is a private module ({name})")
        elif name in importlib.import_module(module).__all__:        # a declared name, maybe a module
            value = getattr(importlib.import_module(module), name)
            return value.__name__ if isinstance(value, ModuleType) else None
        elif sub in all_modules():
            if is_public(sub):
                return sub
            bad.append(f"line {line}: {sub} is a private module")
        else:
            bad.append(f"line {line}: {module}.{name} is not in {module}.__all__")
        return None

    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "w2vlib":
            for a in node.names:
                sub = resolve(node.module, a.name, node.lineno)
                if sub:
                    bound[a.asname or a.name] = sub
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "w2vlib":
                    if not is_public(a.name):
                        bad.append(f"line {node.lineno}: {a.name} is a private module")
                    bound[a.asname or "w2vlib"] = a.name if a.asname else "w2vlib"
    for node in ast.walk(tree):            # m.n, m.sub.n: outermost chains resolved from the left
        if isinstance(node, ast.Attribute):
            chain, base = [], node
            while isinstance(base, ast.Attribute):
                chain.append(base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in bound and len(chain) == 1:
                resolve(bound[base.id], chain[0], node.lineno)
    for node in ast.walk(tree):            # chains through submodules: w2vlib.panel.update_step
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            chain, base = [node.attr], node.value
            while isinstance(base, ast.Attribute):
                chain.append(base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in bound:
                module = bound[base.id]
                for name in reversed(chain[1:]):
                    sub = f"{module}.{name}"
                    if sub not in all_modules():
                        break
                    module = sub
                else:
                    resolve(module, chain[0], node.lineno)
    return sorted(set(bad))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_notebooks_use_only_declared_names(notebook):
    bad = undeclared_uses(code_of(notebook))
    assert not bad, f"{notebook.name}:\n" + "\n".join(bad)


def test_the_notebook_check_sees_imports_attributes_and_private_names():
    assert len(NOTEBOOKS) >= 13
    assert undeclared_uses("from w2vlib.train import build_vocabulary") == \
        ["line 1: w2vlib.train.build_vocabulary is not in w2vlib.train.__all__"]
    assert undeclared_uses("from w2vlib import train\nimport inspect\ninspect.getsource(train._sgns_step)") == \
        ["line 3: w2vlib.train._sgns_step is not in w2vlib.train.__all__"]
    assert undeclared_uses("import w2vlib\nw2vlib.corpus.build_vocabulary\nw2vlib.train.Progress") == \
        ["line 3: w2vlib.train.Progress is not in w2vlib.train.__all__"]
    assert undeclared_uses("import w2vlib.panel as p\np.update_step\np.nope") == \
        ["line 3: w2vlib.panel.nope is not in w2vlib.panel.__all__"]
    assert undeclared_uses("from w2vlib._validate import as_index") == \
        ["line 1: w2vlib._validate is a private module (as_index)"]
    assert undeclared_uses("from w2vlib import steps, softmax\nsteps.sgns_step\nsoftmax([1.0])") == []

"""Tests of the package as a whole: a light import, the public names, tests mirroring modules."""
import subprocess
import sys
from pathlib import Path

import pytest

import w2vlib

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "ipywidgets", "PIL", "IPython")


def test_import_w2vlib_loads_no_plotting_or_widget_library():
    code = ("import sys, w2vlib; "
            f"print([m for m in sys.modules if m.startswith({HEAVY!r})])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout


def test_plot_word_vectors_is_imported_on_first_use():
    code = ("import sys, w2vlib; assert 'matplotlib' not in sys.modules; "
            "f = w2vlib.plot_word_vectors; "
            "import w2vlib.plot; assert f is w2vlib.plot.plot_word_vectors; "
            "assert 'matplotlib' in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr


def test_every_exported_name_resolves_and_unknown_names_fail():
    for name in w2vlib.__all__:
        assert getattr(w2vlib, name) is not None
        assert name in dir(w2vlib)
    with pytest.raises(AttributeError, match="no attribute 'plot_word_vector'"):
        w2vlib.plot_word_vector  # noqa: B018


def public_modules():
    """The public modules and subpackages of w2vlib: X.py and X/__init__.py, X not starting with _."""
    pkg = ROOT / "w2vlib"
    names = {p.stem for p in pkg.glob("*.py")} | {p.parent.name for p in pkg.glob("*/__init__.py")}
    return sorted(n for n in names if not n.startswith("_"))


def test_the_package_map_names_every_public_module():
    modules = public_modules()
    missing = [m for m in modules if f" {m} " not in w2vlib.__doc__]
    assert not missing, f"w2vlib/__init__.py's package map does not mention {missing}"


def test_every_public_module_has_its_own_test_file():
    """w2vlib/X.py (or the package w2vlib/X/) is tested in tests/test_X.py; private _X.py
    modules are tested through their users."""
    modules = public_modules()
    assert {"train", "run", "progress", "data"} <= set(modules)      # the scan sees modules
    missing = [f"tests/test_{m}.py" for m in modules if not (ROOT / "tests" / f"test_{m}.py").is_file()]
    assert not missing, f"public modules without their test file: {missing}"

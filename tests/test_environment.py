"""The two-command setup stays truthful: environment.yml agrees with pyproject.toml, and the
README, the Makefile and .ci/run name the same commands."""
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

import yaml

ROOT = Path(__file__).resolve().parents[1]


def split(requirement):
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_specs = dict(split(d) for d in conda)
    assert conda_specs.pop("python") == project["requires-python"]
    assert conda_specs.pop("pip") == ""
    wanted = dict(split(d) for d in project["dependencies"] + project["optional-dependencies"]["lab"])
    assert conda_specs == wanted
    editable = [p for p in pip if p.startswith("-e .")]
    assert len(editable) == 1
    extras = re.findall(r"\[([^\]]*)\]", editable[0])
    for extra in (extras[0].split(",") if extras else []):
        assert extra.strip() in project["optional-dependencies"]


def test_readme_makefile_and_ci_agree_on_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make lab" in readme and "make test" in readme
    assert re.search(r"^lab: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    assert re.search(r"^make test$", ci, re.M)
    assert "jupyter lab" in makefile and "pytest" in makefile

# Two commands on a fresh machine with Python 3.10+:
#   make lab    set up .venv (once) and open the notebooks in JupyterLab
#   make test   set up .venv (once) and run every test
#   make student  write the student copies of the notebooks to student/ (solutions replaced by stubs)
# Both are idempotent: the environment is reinstalled only when pyproject.toml or this file changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test sanity student clean

$(STAMP): pyproject.toml Makefile w2vlib/jupyter_settings/w2vlib.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10+ is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[lab,test,compare,fast]'
	@# an editable install skips data-files: put the JupyterLab setting in place ourselves
	mkdir -p $(VENV)/share/jupyter/lab/settings/overrides.d
	cp w2vlib/jupyter_settings/w2vlib.json $(VENV)/share/jupyter/lab/settings/overrides.d/
	@# build matplotlib's font cache now, not in the first notebook cell that draws (its message
	@# would be an unexpected stderr output there)
	$(BIN)/python -c 'import matplotlib.font_manager'
	@# compile the fast kernel now (numba caches it in w2vlib/__pycache__), not inside notebook 08's
	@# kernel, where compiling adds ~60 MB (over the 400 MB budget) and ~18 s; one version each for
	@# negative sampling, hierarchical softmax and both (notebooks 08-12)
	$(BIN)/python -c 'from w2vlib import train_word2vec, load_tiny_corpus; [train_word2vec(load_tiny_corpus()[:200], vector_size=8, epochs=1, min_count=1, seed=0, progress=False, **o) for o in (dict(sg=1), dict(hs=1, negative=0), dict(hs=1))]'
	touch $(STAMP)

# JupyterLab refuses to start as root unless told; containers and lab machines often run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

# Two workers, each test file on one worker (a notebook's cells share a kernel; the browser
# tests share one JupyterLab): about 4 minutes on 2 cores instead of 7.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

sanity: $(STAMP)
	$(BIN)/python -m w2vlib.sanity

# student/NN-*.ipynb: the notebooks with every solution replaced by a stub that raises (git-ignored)
student: $(STAMP)
	$(BIN)/python tools/make_student.py

clean:
	rm -rf $(VENV)

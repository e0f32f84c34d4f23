# Gongkai: the one entry point. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The test-only browser tools (axe-core, vnu-jar), pinned by tests/node/package-lock.json.
NODE_TOOLS := tests/node/node_modules/.installed
GONGKAI := $(BIN)/gongkai
OUTPUT ?= output
PORT ?= 8000
# Extra arguments of `make bench`, e.g. BENCH_ARGS=--history-only (see bench/README.md)
BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv check html serve edit test test-packages publish deploy clean bench lock

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP) ## create or update .venv from requirements.lock

check: $(STAMP) ## validate all content and datasets; writes nothing
	@$(GONGKAI) check

html: $(STAMP) ## check, then build the portal into output/ (swapped in only on success)
	@$(GONGKAI) build --settings pelicanconf.py --output $(OUTPUT)

serve: ## serve output/ on http://127.0.0.1:$(PORT)/
	@test -d $(OUTPUT) || { echo "还没有构建输出，请先运行 make html"; exit 1; }
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(OUTPUT)

edit: $(STAMP) ## open the web editor on http://127.0.0.1:8080/admin/ (every save checked, then committed)
	$(GONGKAI) edit $(if $(EDIT_PORT),--port $(EDIT_PORT))

# Chromium, Java, Node.js and CJK fonts: installed when run as root (as CI is), otherwise one message
# with the exact command, and make stops before any test runs.
test-packages:
	@bash tests/system-packages.sh

$(NODE_TOOLS): tests/node/package.json tests/node/package-lock.json | test-packages
	cd tests/node && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: $(STAMP) test-packages $(NODE_TOOLS) ## run the test suite (real Pelican, Frictionless, Pagefind, ghp-import, Chromium); installs what it needs
	$(BIN)/python -m pytest

publish: $(STAMP) ## build with publishconf.py (the real SITEURL) into output/
	$(GONGKAI) build --settings publishconf.py --output $(OUTPUT)

deploy: publish ## publish the checked build to gh-pages and verify it (PUSH=1 pushes; FORCE=1 overwrites a remote head we did not publish)
	$(GONGKAI) deploy --output $(OUTPUT) $(if $(PUSH),--push) $(if $(FORCE),--force)

bench: $(STAMP) ## measure build speed and memory against vanilla Pelican (not part of make test)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lock: ## re-pin requirements.lock from the current .venv
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^pip==' > requirements.lock.new && mv requirements.lock.new requirements.lock

clean: ## remove output/ and caches (keeps .venv)
	rm -rf $(OUTPUT) .output-tmp-* .output-old-* .output-lock-* .pytest_cache .cache
	@test ! -x $(BIN)/python || $(BIN)/python -c "import shutil; from gongkai.fastpath.cache import cache_dir; shutil.rmtree(cache_dir('.'), ignore_errors=True)"
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +

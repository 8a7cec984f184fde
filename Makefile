# Two commands on a fresh Debian machine:
#   make demo   — set up, generate the demo data set, import it, build the resource base, serve the platform
#   make test   — set up (incl. system packages) and run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp-deps
export IPATLAS_DATA_DIR ?= $(CURDIR)/data

.PHONY: setup system-deps demo test lint lint-check bench clean help

help:
	@echo "make demo   # set up and run the demo (演示数据) on http://127.0.0.1:8000"
	@echo "make test   # set up and run all tests"
	@echo "make lint   # ruff + mypy"
	@echo "make bench  # benchmarks, results in bench-out/ (see BENCHMARKS.md)"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $@

setup: $(STAMP)
	@bash scripts/install-assets.sh

system-deps:
	@bash scripts/install-system-deps.sh

demo: setup
	$(BIN)/ipatlas demo run

test: setup system-deps lint-check
	$(BIN)/python -m pytest

lint: setup lint-check

# Style and types are part of the test run (before pytest, so its summary closes the output).
lint-check: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/mypy

# Each benchmark writes its JSON (ratios against a same-run baseline) to bench-out/; see BENCHMARKS.md.
BENCHES := resolver evaluate "import --records 1000000" "demo --records 1000000" "indicators --records 1000000" web report
bench: setup
	@mkdir -p bench-out
	@for b in $(BENCHES); do \
	  name=$${b%% *}; echo "== ipatlas bench $$b"; \
	  IPATLAS_DATA_DIR=$(CURDIR)/bench-out/data $(BIN)/ipatlas bench $$b --json > bench-out/$$name.json || exit 1; \
	done

clean:
	rm -rf $(VENV) data bench-out test-artifacts

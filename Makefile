# Two entry points for a newcomer: `make quiz` and `make test`.
# Both create .venv and install studykit into it; nothing is installed system-wide.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install quiz test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,checks,interop,serve]'
	touch $(STAMP)

install: $(STAMP)

quiz: $(STAMP)
	$(BIN)/studykit quiz

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/quiz_bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

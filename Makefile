# Two entry points for a newcomer: `make quiz` and `make test`.
# Both create .venv and install studykit into it: `make quiz` the core alone, `make test`
# every extra, and what the browser tests need from Debian (chromium, a CJK font); it also
# starts the local PostgreSQL if it is installed but stopped.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN := chromium fonts-noto-cjk wrk faketime

.PHONY: install system quiz test lint format bench clean

QUIZ_STAMP := $(VENV)/.installed-quiz
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

# The quiz needs the core alone (no torch, no web stack): a newcomer's first quiz in seconds.
$(QUIZ_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $(QUIZ_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[dev,checks,interop,serve]'
	touch $(STAMP) $(QUIZ_STAMP)

install: $(STAMP)

system:
	@command -v chromium >/dev/null && command -v wrk >/dev/null && command -v faketime >/dev/null && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || \
	  { $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN) >/dev/null; }
	@command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432 && \
	  $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true

quiz: $(QUIZ_STAMP)
	$(BIN)/studykit quiz

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint system
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) system
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/quiz_bench.py
	$(BIN)/python bench/checks_bench.py
	$(BIN)/python bench/grading_bench.py
	$(BIN)/python bench/serve_bench.py
	$(BIN)/python bench/plan_bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

# Pregame. `make help` lists the targets.
.DEFAULT_GOAL := help
PY := .venv/bin/python
PREGAME := .venv/bin/pregame

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup:  ## build both runtimes (.venv for Pregame, .venv-rasa for Rasa); fast when up to date
	@scripts/setup.sh

demo: setup  ## validate, index, train if needed, start the bot and chat (scripted without a TTY)
	@$(PREGAME) demo

up: setup  ## start the Rasa server and the action server until Ctrl-C
	@$(PREGAME) up

lint: setup  ## ruff (lint + format check), mypy, and the layer contract (import-linter)
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) -m mypy
	@.venv/bin/lint-imports --no-cache

services:  ## install PostgreSQL, Redis, nginx and Chromium (OS packages) for the production profile and its tests
	@scripts/services.sh
	@scripts/browser.sh

test: setup lint services  ## the whole suite: lint, types, unit, integration and end-to-end tests
	@$(PY) -m pytest

format: setup  ## format and auto-fix the code
	@$(PY) -m ruff format .
	@$(PY) -m ruff check --fix .

bench: setup  ## benchmark indexing, embedding vs fp32, query latency, re-index, memory (minutes)
	@$(PREGAME) bench --corpus ../shared/corpus --questions tests/evaluation/corpus_questions.jsonl

clean:  ## remove generated data (store, models, logs); keeps the runtimes
	rm -rf .pregame models .pytest_cache .mypy_cache .ruff_cache

distclean: clean  ## also remove both runtimes
	rm -rf .venv .venv-rasa

.PHONY: help setup demo up lint services test format bench clean distclean

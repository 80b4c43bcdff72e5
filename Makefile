# medkg: two commands set everything up. See README.md.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= .medkg
PORT ?= 8501
# Official code-set files, when a folder of them is at hand (ICD-10-CM ships with a package).
REFERENCE ?= ../shared/reference
HCPCS_FILE := $(firstword $(wildcard $(REFERENCE)/hcpcs/*ANWEB*.txt))
NUCC_FILE := $(firstword $(wildcard $(REFERENCE)/nucc/nucc_taxonomy_*.csv))
RXNORM_FILE := $(firstword $(wildcard $(REFERENCE)/drugs/rxnorm_*.jsonl.gz))

.PHONY: run test install bench lint clean

# Re-install whenever pyproject.toml changes; the marker records a finished install.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

install: $(VENV)/.installed

# Loading the code sets takes a while, so it is done once per store: the mark lives in the store,
# so deleting the store loads them again.
$(STORE)/refdata.loaded: | install
	$(BIN)/medkg refdata load --store $(STORE) --icd10cm \
		$(if $(HCPCS_FILE),--hcpcs $(HCPCS_FILE)) \
		$(if $(NUCC_FILE),--nucc $(NUCC_FILE)) \
		$(if $(RXNORM_FILE),--rxnorm $(RXNORM_FILE))
	@touch $@

run: install $(STORE)/refdata.loaded
	$(BIN)/medkg ingest --store $(STORE) examples
	$(BIN)/medkg app --store $(STORE) --port $(PORT)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench.run --reference $(REFERENCE)

lint: install
	$(BIN)/python -m ruff check . || true

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache

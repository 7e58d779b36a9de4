# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/geo.sqlite
PORT ?= 8501
STAMP := $(VENV)/.installed

.PHONY: run test venv ingest export dashboard bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/geo gazetteer build
	touch $(STAMP)

venv: $(STAMP)

ingest: venv
	$(BIN)/geo ingest --db $(DB) seeds/

export: ingest
	mkdir -p exports
	$(BIN)/geo export --db $(DB) --format html --out exports/briefing.html

dashboard: venv
	$(BIN)/geo dashboard --db $(DB) --port $(PORT)

run: export dashboard

test: venv
	$(BIN)/python -m pytest -q

bench: venv
	$(BIN)/python bench/parse_speed.py

clean:
	rm -rf $(VENV) exports data/geo.sqlite data/geo.sqlite-wal data/geo.sqlite-shm data/.geo-cache dashboard/static

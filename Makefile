# Every target makes or reuses the project's virtual environment by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOG := events/aslms-2013.jsonl

.PHONY: install bytecode run test bench bench-serve lint clean synthetic f1

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# an editable install has no bytecode of its own (pip compiles only what it copies):
# compile it, as an installed package would have it, so `champ` does not compile
# its modules at every start (up-to-date files are skipped)
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q src/champengine

install: $(STAMP) bytecode

## replay the shipped 2013 season and print its final standings and invitations
run: $(STAMP) bytecode
	$(BIN)/champ --log $(LOG) report

# pytest's exit 5 (no tests collected) is a failure, not a pass
test: $(STAMP)
	$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no tests collected" >&2; exit 1; fi; exit $$status

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $(BENCH_STAMP)

## the benchmark: every figure against its target, on the real logs and a synthetic one
## (BENCH_ARGS="--quick --json": one JSON object in under a minute)
bench: $(BENCH_STAMP) bytecode
	$(BIN)/python -m champengine.bench $(BENCH_ARGS)

## champ serve under a bounded local load: req/s, p50 and p99 of a standings query
bench-serve: $(STAMP) bytecode
	$(BIN)/python -m champengine.bench.serve $(SERVE_BENCH_ARGS)

## a seeded synthetic log: make synthetic EVENTS=1000000 OUT=/tmp/big.log
EVENTS ?= 100000
OUT ?= synthetic.log
synthetic: $(STAMP)
	$(BIN)/python -m champengine.bench.generate --events $(EVENTS) --out $(OUT)

## every Formula One season from F1DB's tree into f1.log, built afresh (F1DB=PATH: another tree)
F1DB ?= ../shared/f1db
f1: $(STAMP) bytecode
	rm -f f1.log.part
	$(BIN)/champ --log f1.log.part init >/dev/null
	$(BIN)/champ --log f1.log.part import-f1db $(F1DB) --rules events/f1
	mv f1.log.part f1.log

lint: $(STAMP)
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# A fresh machine needs only Python >= 3.11 and make: every target sets up .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check lint typecheck golden fuzz mutate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## the consolidated text of the shipped example, then the next draft it gives
	$(BIN)/itu-amend merge
	@echo
	$(BIN)/itu-amend next-draft

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check itu_amend tests benchmarks
	$(BIN)/ruff format --check itu_amend tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test  ## ruff, mypy and the tests

golden: $(STAMP)  ## regenerate golden files (review the diff!)
	$(BIN)/python -m pytest tests/test_golden.py tests/test_cases.py tests/test_render_markdown.py tests/test_render_html.py tests/test_review.py --update-golden

FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)  ## fuzz the CriticMarkup parser, the folding and the loaders (budget: FUZZ_EXAMPLES)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider

# Mutation testing (mutmut), by hand, not in CI: one process under nice, as the machine's 2 cores are shared.
# A sample: the mutants whose number matches MUTATE_SAMPLE (*0: one in ten, ~40 min here; * for all of them).
MUTATE_MODULES ?= merging decisions anchoring.changes critic normalize loading
MUTATE_SAMPLE ?= *0
mutate: $(STAMP)  ## mutation testing of the core modules (budget: MUTATE_MODULES, MUTATE_SAMPLE)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutate]'
	-nice -n 19 $(BIN)/mutmut run --max-children 1 $(foreach m,$(MUTATE_MODULES),'itu_amend.$(m).*__mutmut_$(MUTATE_SAMPLE)')
	$(BIN)/python tests/mutation_report.py $(MUTATE_MODULES)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache mutants

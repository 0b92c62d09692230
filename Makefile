# Coproduce: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
export COPRODUCE_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test test-fast lint messages serve-setup bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: requirements.txt requirements-nodeps.txt pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -r requirements-nodeps.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.run-installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

serve-setup: $(VENV)/.run-installed
	@mkdir -p var
	@$(BIN)/coproduce migrate --noinput -v0
	@$(BIN)/coproduce createcachetable -v0
	@$(BIN)/coproduce collectstatic --noinput -v0
	@test -s var/demo-logins.txt || $(BIN)/coproduce demo > var/demo-logins.txt

run: serve-setup
	@echo
	@cat var/demo-logins.txt
	@echo
	@echo "Coproduce is running at http://127.0.0.1:$(PORT)/ – sign in with a login above."
	@echo "Press Ctrl+C to stop."
	@# One background worker (re-grouping themes, placing new voices) beside the web server.
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/coproduce db_worker --interval 2 >> var/worker.log 2>&1 & \
	$(BIN)/gunicorn coproduce.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--threads 4 --access-logfile - --log-level warning

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check coproduce bench
	$(BIN)/mypy coproduce

test: lint
	$(BIN)/pytest

# Everything but the browser tests: quicker while working.
test-fast: $(VENV)/.dev-installed
	$(BIN)/pytest -m "not browser"

# Refresh the Welsh catalogue after changing strings, then translate and run `make messages`.
messages: $(VENV)/.dev-installed
	cd coproduce && ../$(BIN)/coproduce makemessages -l cy --no-obsolete --add-location file
	cd coproduce && ../$(BIN)/coproduce compilemessages -l cy

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/people.py
	$(BIN)/python bench/voices.py
	$(BIN)/python bench/budgets.py

clean:
	rm -rf $(VENV) var/static

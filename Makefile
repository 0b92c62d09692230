# Coproduce: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
export COPRODUCE_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test test-fast lint messages serve-setup bench clean lock audit

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Installs come from the hashed locks only: every package, direct or not, at one version
# whose files match a recorded sha256 (pip refuses anything else). pabutools is installed
# without the dependencies it declares (see requirements-nodeps.txt).
$(VENV)/.run-installed: requirements.lock requirements-nodeps.txt pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements-nodeps.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock $(VENV)/.run-installed
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	touch $@

# Re-make requirements.lock and requirements-dev.lock from requirements*.txt, with the sha256
# of every file on PyPI: run it after changing a pin or merging a branch that adds one, and
# commit both locks. Existing pins are kept (pip-compile prefers them); packages already
# installed in .venv are locked at the installed version, so the lock never moves the
# environment under anyone's feet. Only PyPI is consulted (no local indexes or wheels).
LOCK := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-annotate \
	--no-emit-index-url --no-emit-find-links --index-url https://pypi.org/simple
lock:
	@test -x $(BIN)/pip-compile || $(BIN)/pip install -q pip-tools==7.6.2
	@mkdir -p var
	@$(BIN)/pip freeze --all --exclude-editable | grep -v ' @ ' > var/installed-constraints.txt
	$(LOCK) -c var/installed-constraints.txt --output-file requirements.lock requirements.txt
	$(LOCK) -c var/installed-constraints.txt --output-file requirements-dev.lock \
		requirements-dev.txt
	@rm -f var/installed-constraints.txt

# Known vulnerabilities in the locked packages (PyPI's advisory data; needs the network).
audit: $(VENV)/.dev-installed
	.ci/audit

serve-setup: $(VENV)/.run-installed
	@umask 077 && mkdir -p var
	@$(BIN)/coproduce migrate --noinput -v0
	@$(BIN)/coproduce createcachetable -v0
	@$(BIN)/coproduce collectstatic --noinput -v0
	@umask 077; test -s var/demo-logins.txt || $(BIN)/coproduce demo > var/demo-logins.txt

run: serve-setup
	@echo
	@cat var/demo-logins.txt
	@echo
	@echo "Coproduce is running at http://127.0.0.1:$(PORT)/ – sign in with a login above."
	@echo "Press Ctrl+C to stop."
	@# Two background workers beside the web server, each restarted whenever it stops
	@# (var/worker.log says when and why): quick tasks (placing new voices, e-mail) and
	@# re-grouping themes, which can take minutes and so never holds the quick ones up.
	@trap 'kill 0' EXIT INT TERM; umask 077; \
	for queue in default themes-regroup; do \
	  ( while :; do \
	      $(BIN)/coproduce worker --interval 2 --queue-name $$queue >> var/worker.log 2>&1; \
	      status=$$?; \
	      echo "$$(date -u +%FT%TZ) $$queue worker stopped (exit status $$status); restarting in 5 s" \
	        | tee -a var/worker.log >&2; \
	      sleep 5; \
	    done ) & \
	done; \
	$(BIN)/gunicorn coproduce.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--threads 4 --access-logfile - --log-level warning

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check coproduce bench
	$(BIN)/mypy coproduce

# The whole suite, measuring coverage of organisations, people, voices and themes: it fails
# below the floor set in pyproject.toml ([tool.coverage.report] fail_under).
test: lint
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report

# Everything but the browser tests: quicker while working.
test-fast: $(VENV)/.dev-installed
	$(BIN)/pytest -m "not browser"

# Refresh the Welsh catalogue after changing strings, then translate and run `make messages`.
messages: $(VENV)/.dev-installed
	cd coproduce && ../$(BIN)/python ../manage.py makemessages -l cy --no-obsolete --add-location file
	cd coproduce && ../$(BIN)/python ../manage.py compilemessages -l cy

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/people.py
	$(BIN)/python bench/voices.py
	$(BIN)/python bench/members.py
	$(BIN)/python bench/sign_in.py
	$(BIN)/python bench/budgets.py

clean:
	rm -rf $(VENV) var/static

.PHONY: run test test-fast lint bench load lock pages
run:   ## set up everything and serve the app with a demo tenant on http://127.0.0.1:5000
	scripts/run.sh
test:  ## install what the tests need and run the whole suite on SQLite and PostgreSQL
	scripts/test.sh
test-fast:  ## the inner loop: SQLite, without slow, browser, external and PostgreSQL-only tests (< 2 min)
	scripts/bootstrap.sh dev && .venv/bin/python -m pytest -n 2 -q -p no:cacheprovider \
	  -m "not slow and not browser and not external and not postgres" $(ARGS)
bench:  ## speed and scale benchmark on a local PostgreSQL (~10 min; --quick/--full: see bench/run.py)
	scripts/bootstrap.sh dev && .venv/bin/python bench/run.py
load:  ## mixed load test (surveys, portal, API at once) on a local PostgreSQL for 60 s; checks exactly-once
	scripts/bootstrap.sh dev && .venv/bin/python bench/mixed_load.py --seconds $${SECONDS_OF_LOAD:-60}
lint:
	.venv/bin/ruff check app tests bench config.py wsgi.py
lock:  ## resolve pyproject.toml's dependencies into requirements.txt and requirements-dev.txt (LOCK_ARGS=--upgrade to upgrade)
	scripts/bootstrap.sh dev
	.venv/bin/pip-compile --quiet --output-file=requirements.txt $(LOCK_ARGS) pyproject.toml
	.venv/bin/pip-compile --quiet --extra=dev --constraint=requirements.txt --output-file=requirements-dev.txt $(LOCK_ARGS) pyproject.toml
pages:  ## page weight and first paint of the key pages in Chromium, throttled and not, before and after (bench/pages.py)
	scripts/bootstrap.sh dev && scripts/ensure-chromium.sh && .venv/bin/python bench/pages.py

# Shortcuts for contributors; each target is one command you can also run by hand.
.PHONY: install test check

install:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

test: install
	.venv/bin/python -m pytest -q

check: install
	.venv/bin/planlint check seeds/

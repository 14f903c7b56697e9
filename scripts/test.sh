#!/usr/bin/env bash
# Install corridor with its dev extras into .venv and run the whole test suite (and linters).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
.venv/bin/ruff check corridor tests scripts benchmarks notebooks
.venv/bin/mypy corridor
.venv/bin/lint-imports
exec .venv/bin/python -m pytest -q --cov --cov-report=term "$@"

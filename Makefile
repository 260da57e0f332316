# PTĐV — two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/ptdv_test_$(shell date +%s)_$$$$

.PHONY: demo test venv browser lint test-sqlite test-postgres clean

$(BIN)/ptdv: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/ptdv

venv: $(BIN)/ptdv

demo: venv
	DEBUG=1 $(BIN)/ptdv migrate --noinput -v0
	DEBUG=1 $(BIN)/ptdv demo $(DEMO_ARGS)
	@echo "PTĐV đang chạy tại http://127.0.0.1:8000 (Ctrl+C để dừng)"
	DEBUG=1 $(BIN)/ptdv runserver 127.0.0.1:8000

# Debian's Chromium for the browser tests (installed when missing and we are root).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	  else echo "Cần cài chromium (apt-get install chromium) để chạy kiểm thử trình duyệt."; exit 1; fi; }

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: venv browser lint
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

test-sqlite: venv
	@echo "== Bộ kiểm thử trên SQLite =="
	$(BIN)/pytest

# PostgreSQL at $$DATABASE_URL, or the local server when reachable; pytest-django creates and
# drops its own test database (test_<name>). In CI the PostgreSQL run is required.
test-postgres: venv
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then \
	  if $(BIN)/python -c "import psycopg; psycopg.connect('host=127.0.0.1 port=5432 user=postgres dbname=postgres', connect_timeout=3).close()" 2>/dev/null; then \
	    url="$(PG_URL)"; \
	  elif [ -n "$${CI:-}" ]; then echo "PostgreSQL không truy cập được tại 127.0.0.1:5432 (bắt buộc trong CI)"; exit 1; \
	  else echo "== Bỏ qua PostgreSQL: không có máy chủ tại 127.0.0.1:5432 =="; exit 0; fi; \
	fi; \
	echo "== Bộ kiểm thử trên PostgreSQL =="; \
	DATABASE_URL="$$url" $(BIN)/pytest --create-db

clean:
	rm -rf $(VENV) var build *.egg-info

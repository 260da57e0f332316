# PTĐV — two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/ptdv_test_$(shell date +%s)_$$$$

.PHONY: demo test venv system-deps pdf-deps lint test-sqlite test-postgres clean

$(BIN)/ptdv: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/ptdv

venv: $(BIN)/ptdv

# The background worker (it checks and writes the imported files) runs alongside runserver
# in the same shell; the EXIT trap stops that worker (by its process id) when runserver stops.
demo: venv pdf-deps
	DEBUG=1 $(BIN)/ptdv migrate --noinput -v0
	DEBUG=1 $(BIN)/ptdv demo $(DEMO_ARGS)
	@echo "PTĐV đang chạy tại http://127.0.0.1:8000 (Ctrl+C để dừng)"
	DEBUG=1 $(BIN)/ptdv db_worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	DEBUG=1 $(BIN)/ptdv runserver 127.0.0.1:8000

# Debian packages, installed when missing and we are root (apt-get), otherwise named:
# pango for PDF reports (WeasyPrint); for the tests also Chromium (browser tests),
# LibreOffice Calc and Writer (the .xlsx and .docx exports must open in them) and poppler
# (PDF pages as images).
PDF_PKGS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_PKGS := $(PDF_PKGS) chromium libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Cài gói Debian:$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Cần cài các gói Debian:$$missing (apt-get install$$missing)"; exit 1; fi; fi
endef

pdf-deps:
	$(call apt_install,$(PDF_PKGS))

system-deps:
	$(call apt_install,$(TEST_PKGS))

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# The two databases run side by side (one core each); each run's output is printed whole
# when both have ended, and either failing fails the target.
test: venv system-deps lint
	@mkdir -p var
	@$(MAKE) --no-print-directory test-sqlite > var/test-sqlite.log 2>&1 & sqlite=$$!; \
	$(MAKE) --no-print-directory test-postgres > var/test-postgres.log 2>&1; postgres=$$?; \
	wait $$sqlite; sqlite=$$?; \
	echo "SQLite: $$( [ $$sqlite = 0 ] && echo đạt || echo LỖI ), PostgreSQL: $$( [ $$postgres = 0 ] && echo đạt || echo LỖI )"; \
	cat var/test-sqlite.log var/test-postgres.log; \
	[ $$sqlite = 0 ] && [ $$postgres = 0 ]

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

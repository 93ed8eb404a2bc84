# Set-up and the two entry points: `make demo` and `make test` (README).
# Everything is installed from the project's own files: Python packages into .venv, Neo4j jars
# from Maven Central into .neo4j/ (first start), and Java, Maven and Redis from apt when missing.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
REDIS_PORT ?= 6379
REDIS_DIR := .redis

.PHONY: demo test install system-deps redis redis-stop neo4j-test serve bench bench-scale compose-check clean

demo: install
	$(BIN)/rightsgraph demo

test: install redis neo4j-test
	$(BIN)/python -m pytest

install: system-deps $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

# Java 17 runs Neo4j 5.26; Maven fetches it; redis-server is the Celery broker for tests.
system-deps:
	@missing=""; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  echo "installing from apt:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

redis: system-deps
	@if redis-cli -p $(REDIS_PORT) ping >/dev/null 2>&1; then echo "redis already running on $(REDIS_PORT)"; \
	else mkdir -p $(REDIS_DIR) && redis-server --port $(REDIS_PORT) --bind 127.0.0.1 --daemonize yes \
	  --dir $(CURDIR)/$(REDIS_DIR) --pidfile $(CURDIR)/$(REDIS_DIR)/redis.pid \
	  --logfile $(CURDIR)/$(REDIS_DIR)/redis.log --save "" --appendonly no \
	  && for i in $$(seq 50); do redis-cli -p $(REDIS_PORT) ping >/dev/null 2>&1 && break; sleep 0.1; done \
	  && echo "redis started on $(REDIS_PORT)"; fi

redis-stop:
	-redis-cli -p $(REDIS_PORT) shutdown nosave

neo4j-test: install
	$(BIN)/rightsgraph neo4j start --instance test

serve: install
	$(BIN)/rightsgraph serve

bench: install
	$(BIN)/python bench/bench_statement.py

# issue 4 "Measure": 1,000,000 lines against ~100,000 recordings (bench/README.md; the first run
# imports and snapshots the catalogue, ~30 min on a loaded machine; later runs restore it)
bench-scale: install
	$(BIN)/python bench/bench_scale.py

clean:
	-$(BIN)/rightsgraph neo4j stop --instance test
	-$(BIN)/rightsgraph neo4j stop
	rm -rf .data .redis

# The two commands: `make demo` (run the main job) and `make test` (run the tests).
VENV    ?= .venv
BIN     := $(VENV)/bin
RUN_DIR := run
WORKER  := $(BIN)/celery -A workers.app multi
WORKER_OPTS := newsflow -Q fetch,process,index -c 2 --pidfile=$(RUN_DIR)/%n.pid --logfile=$(RUN_DIR)/%n%I.log -l INFO
JDKS    := /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/java-21-openjdk-*/bin/java

.PHONY: demo test bench bench-quick quality-pages faults flower-check sysdeps venv stack-up stack-down worker-start worker-stop stop compose-plugin flower

demo: sysdeps venv                ## stack up, install the index, start a worker, replay seeds/, query
	$(BIN)/newsflow stack up
	$(BIN)/newsflow setup
	$(MAKE) --no-print-directory worker-start
	$(BIN)/newsflow replay seeds --wait
	$(BIN)/newsflow search 新能源 --size 3
	$(BIN)/newsflow status

test: sysdeps venv                ## the whole suite, integration tests included, on the real stack
	$(BIN)/newsflow stack up
	$(BIN)/python -m pytest

bench: sysdeps venv               ## speed: every stage, in-process, end to end, latency, RSS (minutes)
	$(BIN)/newsflow stack up
	$(BIN)/python -m bench.speed --json $(RUN_DIR)/bench.json

bench-quick: sysdeps venv         ## the same on a small corpus, about a minute
	$(BIN)/newsflow stack up
	$(BIN)/python -m bench.speed --quick --json $(RUN_DIR)/bench-quick.json

quality-pages: venv              ## real pages and one-article text files: body, splits, dates, authors, titles, speed
	$(BIN)/python -m bench.quality_pages
	$(BIN)/python -m bench.quality_text

faults: sysdeps venv              ## kill -9 a worker, stop Elasticsearch, restart Redis mid-replay
	$(BIN)/newsflow stack up
	$(BIN)/python -m bench.faults

flower-check: sysdeps venv        ## headless Chromium loads Flower and finds the worker and its tasks
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/newsflow stack up
	$(BIN)/python -m bench.flower_check

# Debian packages the stack needs: Redis, a full JDK for Elasticsearch, Maven to fetch it once.
sysdeps:
	@need=""; \
	command -v redis-server >/dev/null || need="$$need redis-server"; \
	found=""; for java in $(JDKS); do [ -x "$$java" ] && found=1; done; \
	[ -n "$$found" ] || need="$$need openjdk-17-jre-headless"; \
	command -v mvn >/dev/null || need="$$need maven"; \
	command -v unzip >/dev/null || need="$$need unzip"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need; \
	  else echo "missing Debian packages:$$need  (sudo apt-get install$$need)"; exit 1; fi; \
	fi

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

stack-up: venv
	$(BIN)/newsflow stack up
stack-down: venv
	$(BIN)/newsflow stack down

worker-start: venv               ## (re)start one worker on all queues, logs in run/
	mkdir -p $(RUN_DIR)
	$(WORKER) restart $(WORKER_OPTS)
worker-stop:
	$(WORKER) stopwait $(WORKER_OPTS)

flower: venv                     ## Flower on 127.0.0.1:5555 (set NEWSFLOW_FLOWER_AUTH=user:password)
	$(BIN)/celery -A workers.app flower --address=127.0.0.1 --port=5555 \
	  $${NEWSFLOW_FLOWER_AUTH:+--basic-auth=$$NEWSFLOW_FLOWER_AUTH}

stop: worker-stop stack-down

# `docker compose` as a CLI plugin, built from the Go module proxy (no Docker engine needed
# to validate docker-compose.yml with `docker compose config`).
COMPOSE_VERSION := v2.29.7
compose-plugin:
	@if docker compose version >/dev/null 2>&1; then exit 0; fi; \
	command -v go >/dev/null || { echo "go is needed to build the compose plugin"; exit 1; }; \
	GOFLAGS=-mod=mod go install github.com/docker/compose/v2/cmd@$(COMPOSE_VERSION) && \
	mkdir -p $$HOME/.docker/cli-plugins && \
	cp "$$(go env GOPATH)/bin/cmd" $$HOME/.docker/cli-plugins/docker-compose && \
	docker compose version

# IESCP Desktop. On a fresh Debian/Ubuntu machine: `make run` or `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := build

# The demo accounts' password; the seed command has no default on purpose.
DEMO_PASSWORD ?= iescp-demo
# Where `make run` keeps its demo data (the app defaults to ~/.local/share/iescp).
DATA_DIR ?= .data/desktop

# The local sync server `make run` and `make demo` start (and stop on exit).
SYNC_ADDR ?= 127.0.0.1:8787
SERVER_URL := http://$(SYNC_ADDR)
# The canonical database the seed writes beside the demo desktop.
SERVER_DB := $(DATA_DIR)/server.db

TAGS := webkit2_41
BIN := build/bin/iescp
SYNC_BIN := build/bin/iescp-sync
WAILS := go tool wails
GOLANGCI_PKG := github.com/golangci/golangci-lint/v2/cmd/golangci-lint
GOLANGCI_LINT := go tool -modfile=tools/golangci-lint/go.mod golangci-lint
NPM := npm --prefix frontend --no-audit --no-fund

# What building needs, and what the screenshot test needs on top.
BUILD_PACKAGES := build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev
TEST_PACKAGES := xvfb xauth imagemagick tesseract-ocr tesseract-ocr-eng xdotool poppler-utils chromium postgresql dbus python3
APT_PACKAGES := $(BUILD_PACKAGES) $(TEST_PACKAGES)

GO_FILES = $(shell find . -name '*.go' -not -path './frontend/*' -not -path './.git/*' -not -path './.data/*')
GO_PACKAGES = $(shell go list ./... 2>/dev/null)

.PHONY: deps deps-system deps-tools deps-go deps-frontend bindings frontend build run demo seed sync-server \
	test vet fmt-check go-test pg-test frontend-test screenshot-test e2e-test window-test background-test demo-check bench lint clean clean-data \
	fault-test security-test package package-test

## deps: install whatever is missing (system packages, Go modules, npm packages)
deps: deps-system deps-tools deps-go deps-frontend

deps-system:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "Installing system packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else \
		echo "error: missing system packages and not root, no sudo. Run as root:" >&2; \
		echo "  apt-get update && apt-get install -y$$missing" >&2; \
		exit 1; \
	fi; \
	$$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing

deps-tools:
	@command -v go >/dev/null 2>&1 || { echo "error: Go is not installed; get Go $$(sed -n 's/^go //p' go.mod) or newer from https://go.dev/dl/" >&2; exit 1; }
	@command -v npm >/dev/null 2>&1 || { echo "error: Node.js 20.19+ and npm are not installed; see https://nodejs.org/en/download" >&2; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)?0:1)' \
		|| { echo "error: Node.js $$(node -v) is too old; Vite 7 needs 20.19+ or 22.12+" >&2; exit 1; }

deps-go:
	go mod download
	go mod download -modfile=tools/golangci-lint/go.mod

deps-frontend: frontend/node_modules/.package-lock.json

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	$(NPM) ci
	@touch $@

## build: build/bin/iescp (regenerates the Go→JS bindings, builds the frontend, compiles)
build: deps-go deps-frontend
	$(WAILS) generate module -tags $(TAGS)
	@find frontend/wailsjs -type f -exec chmod 644 {} +
	$(NPM) run build
	$(WAILS) build -tags $(TAGS) -clean -m -nosyncgomod -s -skipbindings -trimpath
	@test -x $(BIN) && echo "Built $(BIN)"

## sync-server: build/bin/iescp-sync
sync-server: deps-go
	go build -trimpath -o $(SYNC_BIN) ./sync/cmd/iescp-sync

## run: build, seed demo data once, start a local sync server and the app on it
## (the server stops when the app exits; nothing signs in by itself)
run: deps build sync-server seed
	scripts/with-sync-server.sh $(SYNC_BIN) $(SYNC_ADDR) $(SERVER_DB) -- \
		$(BIN) --server $(SERVER_URL) --data-dir $(DATA_DIR)

## demo: the local sync server and two app windows side by side, each its own
## desktop: sign in as sponsor@iescp.demo and influencer@iescp.demo
demo: deps build sync-server seed
	scripts/with-sync-server.sh $(SYNC_BIN) $(SYNC_ADDR) $(SERVER_DB) -- \
		scripts/demo-windows.sh $(BIN) $(SERVER_URL) .data/demo-sponsor .data/demo-influencer

seed:
	@if [ -f $(DATA_DIR)/.seeded ]; then \
		echo "Demo data already in $(DATA_DIR) (make clean-data to start over)"; \
	else \
		mkdir -p $(DATA_DIR) && \
		$(BIN) seed --data-dir $(DATA_DIR) --password '$(DEMO_PASSWORD)' && \
		touch $(DATA_DIR)/.seeded; \
	fi

## test: everything CI runs
test: deps vet fmt-check lint go-test pg-test frontend-test build sync-server screenshot-test e2e-test window-test background-test package-test
	@echo "make test: all passed"

vet:
	go vet ./...

fmt-check:
	@out=$$(gofmt -l $(GO_FILES)); \
	if [ -n "$$out" ]; then echo "gofmt wants to change:" >&2; echo "$$out" >&2; exit 1; fi

go-test:
	go test ./...

## pg-test: the server and sync suites again, on PostgreSQL (a throwaway cluster on a
## free port: scripts/pg-cluster.sh); go-test ran them on SQLite
pg-test:
	scripts/pg-test.sh

frontend-test: deps-frontend
	$(NPM) test

screenshot-test:
	scripts/screenshot-test.sh $(BIN)

## window-test: the production window per role (sponsor, influencer, admin), signed in
## with --sign-in through a real sync server: each dashboard at 1280x800 and 800 px
window-test:
	scripts/window-test.sh $(BIN)

## package: build/package/: .deb and .rpm of the desktop app (binary, desktop entry,
## icons 16-512 px made from build/appicon.png, AppStream metainfo) and a .deb of
## iescp-sync with its systemd unit; versions from `git describe --tags` (-ldflags).
## Made by goreleaser's nfpm, pinned in tools/nfpm/go.mod. scripts/package.sh
package: build
	scripts/package.sh

## package-test: installs both .debs on this machine (root), starts the service
## (systemd, or the unit's ExecStart as its user where systemd is not running), signs
## the INSTALLED app in under Xvfb as the first admin, then purges both packages.
package-test: package
	scripts/install-test.sh
## background-test: closing the window hides it and a job still fires, a second
## launch brings it back, Ctrl+Q quits, --hidden resumes the last session (Xvfb)
background-test:
	scripts/background-test.sh $(BIN)

## e2e-test: the end-to-end journey in Debian's Chromium (playwright-core) against two
## `wails dev` desktops (real Go bindings) and a real sync server it stops and restarts;
## screenshots of every step in build/test-artifacts/e2e/
e2e-test: build sync-server
	scripts/e2e.sh $(BIN)

## demo-check: the two-desktop sync demo under Xvfb, driven by xdotool, checked by OCR
## (slow: minutes; not part of make test). COPY_SCREENSHOTS=1 refreshes docs/screenshots.
demo-check: build sync-server
	scripts/demo-check.sh $(BIN)

## fault-test: the randomized fault-injection test of sync for longer than make test's
## 45 s (a real iescp-sync killed with kill -9 behind fault proxies, desktops at page
## sizes 1-5): FAULT_DURATION=10m by default; IESCP_FAULT_SEED=N replays a seed
FAULT_DURATION ?= 10m
fault-test:
	IESCP_FAULT_DURATION=$(FAULT_DURATION) go test ./sync/faulttest/ -run TestFaultInjection -count=1 -v -timeout 90m

## security-test: the black-box security suite alone (it also runs in make test)
security-test:
	go test ./sync/securitytest/ -count=1 -v

## bench: the backend and sync benchmarks
bench:
	go test -run '^$$' -bench . -benchmem $(filter-out iescp/sync/bench% iescp/sync/faulttest iescp/sync/securitytest,$(filter iescp/backend/% iescp/sync/%,$(GO_PACKAGES)))
	go run ./sync/bench/cmd/benchtable
	$(MAKE) bench-ui

## bench-pg: the sync server on PostgreSQL (push at batch 1 with one and three
## instances, change latency across instances) on a throwaway cluster with fsync on and
## synchronous_commit off (SQLite's WAL + synchronous=NORMAL durability), first with
## the server, PostgreSQL and the benchmark pinned to one core, then on both.
.PHONY: bench-pg
bench-pg:
	scripts/bench-pg.sh

## bench-ui: the campaign pipeline's render in Debian's Chromium (500 creators, 15 runs each of three ways;
## frontend/bench/pipeline-render.mjs), figures in docs/benchmarks.md.
.PHONY: bench-ui
bench-ui:
	node frontend/bench/pipeline-render.mjs 15

## lint: golangci-lint with .golangci.yml. Pinned as a tool in its own module
## (tools/golangci-lint/go.mod, so its dependencies never move the app's or the wails
## CLI's); built from the module proxy on first use, results cached in
## ~/.cache/golangci-lint. Upgrade: cd tools/golangci-lint && go get -tool $(GOLANGCI_PKG)@vX.Y.Z
lint:
	$(GOLANGCI_LINT) run ./...

clean:
	rm -rf build/bin build/test-artifacts frontend/dist/assets frontend/dist/index.html

clean-data:
	rm -rf $(DATA_DIR) .data/demo-sponsor .data/demo-influencer

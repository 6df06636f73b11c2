# Roster: `make run` serves the console with demo data; `make test` runs every check.
# Plain cargo + wasm-bindgen (no cargo-leptos needed); everything missing is installed here.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
# The server-side packages; the frontend is built alone so `app` never gets ssr and hydrate at once.
SERVER_PKGS := -p app -p server -p migration --features app/test-support

.PHONY: run test bench bench-mail screenshots setup setup-rust setup-wasm-opt setup-e2e site-release site-test server-release check-wasm-deps fmt lint clean

run: setup-rust setup-wasm-opt site-release server-release
	target/release/server serve --demo

test: setup-rust setup-e2e
	scripts/test.sh

bench: setup-rust
	scripts/bench.sh
	scripts/bench-mail.sh

# Only the mail delivery case of `make bench` (its section of BENCHMARKS.md).
bench-mail: setup-rust
	scripts/bench-mail.sh

# The README's pictures (docs/screenshots), taken by the layout test in Chromium.
screenshots: setup-rust setup-e2e site-test
	cargo build -p server
	cd end2end && ROSTER_SCREENSHOTS=$(CURDIR)/docs/screenshots npx playwright test tests/layout.spec.ts

## --- set-up: each step is skipped when already done ---
setup-rust:
	@# OpenSSL for the passkeys' WebAuthn library (server only; never in the WASM build).
	@dpkg -s libssl-dev pkg-config >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev pkg-config >/dev/null)
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 4 minutes, once)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# wasm-opt from npm: Debian's binaryen (108) silently breaks hydration. Swagger UI (npm's
# build) is served at /api/docs from the site, so the API reference works offline.
NPM_TOOLS := binaryen@132 swagger-ui-dist@5.35.0
setup-wasm-opt:
	@[ -x $(TOOLS)/node_modules/.bin/wasm-opt ] && [ -f $(TOOLS)/node_modules/swagger-ui-dist/swagger-ui-bundle.js ] || (mkdir -p $(TOOLS) && cd $(TOOLS) && echo '{"name": "roster-tools", "private": true}' > package.json && npm install --no-audit --no-fund $(NPM_TOOLS))

setup-e2e:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@[ -d end2end/node_modules/@playwright ] || (cd end2end && npm ci --no-audit --no-fund)
	@# The tests' SMTP server (end2end/smtp/server.py), and the API's and SCIM's independent checkers.
	@$(TOOLS)/py/bin/python -c 'import aiosmtpd, schemathesis, openapi_spec_validator, scim2_tester, scim_sanity' 2>/dev/null || (python3 -m venv $(TOOLS)/py && $(TOOLS)/py/bin/pip install -q aiosmtpd==1.4.6 schemathesis==4.32.5 openapi-spec-validator==0.9.0 'scim2-tester[httpx2]==0.5.2' scim2-client==0.13.2 scim2-models==0.12.3 scim-sanity==0.7.4)

## --- builds ---
# $(1): cargo profile flag, $(2): profile directory, $(3): site root
define build_site
	cargo build -p frontend --lib --target wasm32-unknown-unknown $(1)
	rm -rf $(3) && mkdir -p $(3)/pkg
	wasm-bindgen --target web --no-typescript --out-dir $(3)/pkg --out-name roster \
		target/wasm32-unknown-unknown/$(2)/frontend.wasm
	cp style/main.css $(3)/pkg/roster.css
	cp -r public/. $(3)/
	mkdir -p $(3)/api-docs
	cp $(TOOLS)/node_modules/swagger-ui-dist/swagger-ui-bundle.js $(TOOLS)/node_modules/swagger-ui-dist/swagger-ui.css $(3)/api-docs/
endef

site-release: setup-rust setup-wasm-opt
	$(call build_site,--profile wasm-release,wasm-release,target/site)
	wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
		target/site/pkg/roster_bg.wasm -o target/site/pkg/roster_bg.wasm

site-test: setup-rust setup-wasm-opt
	$(call build_site,,debug,target/site-test)

server-release:
	cargo build --release -p server

## --- checks ---
fmt:
	cargo fmt --all -- --check

lint:
	cargo clippy $(SERVER_PKGS) --all-targets -- -D warnings
	cargo clippy -p bench -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# Server-only crates must never reach the browser bundle.
check-wasm-deps:
	@leak=$$(cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none \
		| grep -oE '^(sea-orm|sqlx[a-z-]*|argon2|totp-rs|tokio|mio|axum|aes-gcm|webauthn-rs[a-z-]*|openssl[a-z-]*) v' | sort -u || true); \
	if [ -n "$$leak" ]; then echo "server-only crates in the WASM build: $$leak"; exit 1; fi; \
	echo "wasm dependency check: ok"

clean:
	cargo clean
	rm -rf $(TOOLS) end2end/node_modules data

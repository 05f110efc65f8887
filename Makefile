# paperpages: `make site` builds the example site into Public/, `make test` runs every test.
# Both install what the build needs first (Debian packages, through apt-get as root or sudo).

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
# libcmark-gfm: Markdown; libxml2: the HTML parser the tests read pages with.
APT_PACKAGES := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev

.PHONY: site test build bench deps clean

site: deps
	@$(SWIFT) build -c release --product paperpages
	@.build/release/paperpages build

build: deps
	@$(SWIFT) build -c release --product paperpages

test: deps
	@$(SWIFT) test

# Build times on generated sites of 1,000 and 10,000 papers (Benchmarks/make_corpus.py).
bench: build
	@Benchmarks/run.sh

# Idempotent and quiet when everything is there.
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

clean:
	@rm -rf .build
	@find Public -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

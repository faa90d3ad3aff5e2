# mlgate — the two commands a newcomer needs are `make demo` and `make test`.
# `make help` lists every target.

JOBS ?= $(shell nproc)
MAKEFLAGS += --no-print-directory
BUILD_RELEASE := build/release
BUILD_TEST := build/test
BUILD_SANITIZE := build/sanitize
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 5

.PHONY: help setup build demo test unit lint sanitize-build asan fuzz-smoke fuzz bench clean format

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: ## install the missing Debian packages (idempotent)
	@scripts/setup.sh

build: setup ## Release build of mlgate into build/release
	@cmake -S . -B $(BUILD_RELEASE) -DCMAKE_BUILD_TYPE=Release -DMLGATE_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(BUILD_RELEASE) -j $(JOBS)

demo: build ## build, then run the gate on examples/ and write its reports
	@scripts/demo.sh $(BUILD_RELEASE)/mlgate

test: unit lint asan fuzz-smoke ## everything CI runs: the suite, clang-tidy and cppcheck, the suite under sanitizers, each fuzzer briefly

unit: setup ## build with warnings as errors and run every test
	@cmake -S . -B $(BUILD_TEST) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLGATE_WERROR=ON >/dev/null
	@cmake --build $(BUILD_TEST) -j $(JOBS)
	@cd $(BUILD_TEST) && ctest --output-on-failure -j $(JOBS)

lint: setup ## clang-tidy (.clang-tidy) and cppcheck on the project's sources; any finding fails
	@cmake -S . -B $(BUILD_TEST) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLGATE_WERROR=ON >/dev/null
	@scripts/lint.sh $(BUILD_TEST)

# One clang tree with AddressSanitizer + UndefinedBehaviorSanitizer for the whole suite and
# the libFuzzer targets (fuzz/README.md).
sanitize-build: setup
	@CC=clang CXX=clang++ cmake -S . -B $(BUILD_SANITIZE) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLGATE_SANITIZE=ON \
	  -DMLGATE_FUZZ=ON -DMLGATE_WERROR=ON >/dev/null
	@cmake --build $(BUILD_SANITIZE) -j $(JOBS)

asan: sanitize-build ## the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (clang)
	@cd $(BUILD_SANITIZE) && ctest --output-on-failure -j $(JOBS)

fuzz-smoke: sanitize-build ## each fuzzer for a few seconds, its past crashes included (part of make test)
	@scripts/fuzz.sh $(BUILD_SANITIZE) $(FUZZ_SMOKE_SECONDS)

fuzz: sanitize-build ## each fuzzer for FUZZ_SECONDS (default 600): make fuzz FUZZ_SECONDS=60 FUZZERS="json csv_drift"
	@scripts/fuzz.sh $(BUILD_SANITIZE) $(FUZZ_SECONDS) $(FUZZERS)

bench: build ## benchmarks against the anchors (see bench/README.md)
	@bench/run.sh $(BUILD_RELEASE)/mlgate
	@bench/data.sh $(BUILD_RELEASE)
	@bench/approval.sh $(BUILD_RELEASE)
	@bench/drift.sh $(BUILD_RELEASE)
	@bench/serve.sh $(BUILD_RELEASE)

format: ## clang-format the sources in place
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean: ## remove the build trees
	rm -rf build

# mlgate — the two commands a newcomer needs are `make demo` and `make test`.
# `make help` lists every target.

JOBS ?= $(shell nproc)
MAKEFLAGS += --no-print-directory
BUILD_RELEASE := build/release
BUILD_TEST := build/test

.PHONY: help setup build demo test asan bench clean format

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: ## install the missing Debian packages (idempotent)
	@scripts/setup.sh

build: setup ## Release build of mlgate into build/release
	@cmake -S . -B $(BUILD_RELEASE) -DCMAKE_BUILD_TYPE=Release -DMLGATE_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(BUILD_RELEASE) -j $(JOBS)

demo: build ## build, then run the gate on examples/ and write its reports
	@scripts/demo.sh $(BUILD_RELEASE)/mlgate

test: setup ## build with warnings as errors and run every test
	@cmake -S . -B $(BUILD_TEST) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLGATE_WERROR=ON >/dev/null
	@cmake --build $(BUILD_TEST) -j $(JOBS)
	@cd $(BUILD_TEST) && ctest --output-on-failure -j $(JOBS)

asan: setup ## the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer
	@cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DMLGATE_SANITIZE=ON -DMLGATE_WERROR=ON >/dev/null
	@cmake --build build/asan -j $(JOBS)
	@cd build/asan && ctest --output-on-failure -j $(JOBS)

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

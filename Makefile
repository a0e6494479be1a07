# The two README commands. Each installs missing Debian packages first
# (scripts/install-deps, idempotent) and then builds with CMake.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := build/release
TESTDIR := build/test

.PHONY: all deps build demo test bench clean

all: build

deps:
	@bash scripts/install-deps

build: deps
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

demo: build
	@bash examples/demo.sh $(RELEASE)/ambidex

# The optimized build is compiled too: -O2 finds warnings (-Werror) that -O0 does not.
test: build
	@cmake -S . -B $(TESTDIR) -DCMAKE_BUILD_TYPE=Debug -DADX_SANITIZE=ON >/dev/null
	@cmake --build $(TESTDIR) -j $(JOBS)
	@cd $(TESTDIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bash bench/run.sh $(RELEASE)

clean:
	rm -rf build

# Convenience entry points for a fresh Debian 12 machine. CMake (and
# CMakePresets.json) is the build system; this file only installs the Debian
# packages, configures build/ once and calls cmake and ctest.
#
#   make deps    install the missing Debian packages (apt-get)
#   make build   configure build/ (first time only) and build it
#   make demo    deps + build, then evaluate the example assessments
#   make test    deps + build, then run every test with ctest
#   make fuzz    deps, then every libFuzzer target for FUZZ_SECONDS (60) each
#   make clean   remove build/

# Every Debian package the build, the tests and the Python parts need. One
# list: add new packages here. Python packages are used with /usr/bin/python3.
DEB_PACKAGES := \
  build-essential clang libclang-rt-14-dev cmake ninja-build pkg-config git \
  libyaml-cpp-dev libfmt-dev libboost-dev libboost-program-options-dev \
  nlohmann-json3-dev libssl-dev \
  libgtest-dev libgmock-dev googletest libbenchmark-dev \
  pybind11-dev python3-pybind11 python3-dev \
  python3-numpy python3-pandas python3-pytest python3-yaml python3-jsonschema \
  python3-matplotlib python3-nbclient python3-ipykernel python3-nbformat python3-dask \
  python3-mypy python3-html5lib python3-setuptools python3-pip python3-wheel python3-venv

BUILD_DIR := build
# The Python package is part of every build and test run; Debian's interpreter
# (numpy, pandas come from Debian), never another python3 first on PATH.
CMAKE_CONFIGURE_FLAGS := -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSITBONE_WERROR=ON \
  -DSITBONE_BUILD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3
NPROC := $(shell nproc 2>/dev/null || echo 2)
# sudo only when not already root.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

SITBONE := ./$(BUILD_DIR)/sitbone
# The example assessments for the bundled default (PHT) rule set.
DEMO_ASSESSMENTS := $(sort $(wildcard examples/assessments/*.json))

.DEFAULT_GOAL := help
.PHONY: help deps build demo test fuzz clean
# Targets run one after another (deps before build, build before ctest);
# cmake and ctest do the parallel work.
.NOTPARALLEL:

help:
	@echo "Targets:"
	@echo "  make deps   install the missing Debian packages (apt-get; sudo when not root)"
	@echo "  make build  configure $(BUILD_DIR)/ with Ninja (first time only) and build it"
	@echo "  make demo   deps + build, then evaluate the example assessments"
	@echo "  make test   deps + build, then run all tests with ctest"
	@echo "  make fuzz   deps, then run every libFuzzer target for FUZZ_SECONDS ($(FUZZ_SECONDS)) seconds"
	@echo "  make clean  remove $(BUILD_DIR)/"

deps:
	@missing=""; \
	for pkg in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q 'install ok installed' \
	    || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then \
	  echo "deps: all Debian packages are installed"; \
	else \
	  echo "deps: installing$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

build:
	@grep -q '^SITBONE_BUILD_PYTHON:BOOL=ON' $(BUILD_DIR)/CMakeCache.txt 2>/dev/null \
	  || cmake -S . -B $(BUILD_DIR) $(CMAKE_CONFIGURE_FLAGS)
	cmake --build $(BUILD_DIR) -j$(NPROC)

demo: deps build
	$(SITBONE) evaluate $(DEMO_ASSESSMENTS)

test: deps build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(NPROC)

# libFuzzer with ASan and UBSan, in its own clang build folder (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz: deps
	tests/fuzz/run.sh . build-fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) build-fuzz

# siteplan — build, test, demo, bench.
#
#   make            build ./siteplan (optimised, with debug info)
#   make demo       install missing Debian packages, build, run the bundled scenarios into out/
#   make test       install missing packages, build, run every test, then again under ASan+UBSan,
#                   and the shared-network test under ThreadSanitizer
#   make bench      speed and memory benchmarks (scripts/bench.sh)
#   make bench-scale  province scale: K x K tiles of the bundled data (scripts/bench-scale.sh;
#                   K="1 2" MODES=walk SET="catchment.per_site=no" to narrow it)
#   make bench-osmread  build/release/osmread-bench: GDAL's OSM reading against libreadosm
#   make asan       build the sanitizer variant only (build/asan/siteplan)
#   make mpi        siteplan-mpi with Open MPI's mpicc (build/mpi): mpirun -np N siteplan-mpi run ...
#   make fuzz       libFuzzer harnesses with clang (build/fuzz/fuzz_*)
#   make fuzz-run   build them, then run each for FUZZ_SECONDS (default 60) on its corpus
#
# Knobs: OPT (default -O2), BUILD (object dir), SAN=1 (AddressSanitizer +
# UndefinedBehaviorSanitizer), V=1 (verbose).

# The analysis library is built without the drawing packages' flags, so it
# cannot include cairo or pango; render/ adds them.
PKGS    := gdal proj geos glib-2.0 json-c libcrypto
DRAW    := cairo pangocairo
OPT     ?= -O2
BUILD   ?= build/release
CC      ?= cc
WARN    := -Wall -Wextra -Wshadow -Wno-unused-parameter -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DRAW_CFLAGS = $(shell pkg-config --cflags $(DRAW) 2>/dev/null)
PKG_LIBS    = $(shell pkg-config --libs $(PKGS) $(DRAW) 2>/dev/null) -lglpk -lm -lpthread

# analysis/ layers, lowest first: a file may include headers of its own
# layer and the layers before it (scripts/check-layers.sh checks it).
LAYERS  := core io net cover siting pipeline app

ifeq ($(SAN),1)
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

INCS        = $(LAYERS:%=-Ianalysis/%) -Irender -Itests -Itests/fuzz
CFLAGS_ALL  = -std=gnu11 $(OPT) -g $(WARN) $(SANFLAGS) -MMD -MP \
              $(INCS) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

ANA_SRC  := $(sort $(foreach l,$(LAYERS),$(wildcard analysis/$(l)/*.c)))
ANA_OBJ  := $(ANA_SRC:%.c=$(BUILD)/%.o)
REN_SRC  := $(sort $(wildcard render/*.c))
REN_OBJ  := $(REN_SRC:%.c=$(BUILD)/%.o)
ANA_LIB  := $(BUILD)/libsiteplan_analysis.a
REN_LIB  := $(BUILD)/libsiteplan_render.a
LIB      := $(REN_LIB) $(ANA_LIB)
LIB_OBJ  := $(ANA_OBJ) $(REN_OBJ)
CLI_SRC  := siteplan.c
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_NAMES := scenario set points layers profile solve network lines netcache \
              summary curve resultsgpkg msched sweep compare
FUZZ_BIN := $(FUZZ_NAMES:%=$(BUILD)/tests/test_fuzz_%)

ifneq ($(V),1)
  Q := @
endif

.PHONY: all deps demo test test-release test-asan test-tsan asan bench fuzz fuzz-run clean format mpi

all: siteplan

siteplan: $(BUILD)/siteplan
	$(Q)cp $< $@

$(BUILD)/siteplan: $(CLI_OBJ) $(LIB)
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

# siteplan-mpi: the same program built with mpicc and SP_MPI (siteplan.c's
# MPI_Init, analysis/app/dist_mpi.c); every object in build/mpi.
mpi:
	$(Q)$(MAKE) --no-print-directory CC=mpicc BUILD=build/mpi CFLAGS="$(CFLAGS) -DSP_MPI" \
	  build/mpi/siteplan-mpi

$(BUILD)/siteplan-mpi: $(CLI_OBJ) $(LIB)
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

$(ANA_LIB): $(ANA_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(REN_LIB): $(REN_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

# analysis/: no drawing flags; everything else (render/, main, tests) has them.
$(BUILD)/analysis/%.o: analysis/%.c
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC    $<"
	$(Q)$(CC) $(CFLAGS_ALL) -DSP_VERSION='"$(VERSION)"' -DSP_DATADIR='"$(CURDIR)/data"' -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC    $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(DRAW_CFLAGS) -DSP_VERSION='"$(VERSION)"' -DSP_DATADIR='"$(CURDIR)/data"' -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

$(BUILD)/bench: $(BUILD)/scripts/bench.o $(LIB)
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

# Fuzz harnesses, replayed over their corpus and mutations in every test run.
$(BUILD)/tests/test_fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/fuzz_util.o \
                            $(BUILD)/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

# libFuzzer builds (clang): make fuzz, then e.g.
#   build/fuzz/fuzz_points -max_total_time=60 tests/fuzz/corpus/points
fuzz:
	$(Q)scripts/install-deps.sh fuzz
	$(Q)$(MAKE) --no-print-directory CC=clang OPT=-O1 BUILD=build/fuzz \
	  SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined" \
	  $(FUZZ_NAMES:%=build/fuzz/fuzz_%)

build/fuzz/fuzz_%: build/fuzz/tests/fuzz/fuzz_%.o build/fuzz/tests/fuzz/fuzz_util.o \
                   build/fuzz/libsiteplan_render.a build/fuzz/libsiteplan_analysis.a
	$(Q)$(CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS)

# Each harness for FUZZ_SECONDS on a scratch copy of its corpus (new inputs
# land in build/fuzz/corpus/NAME, a crashing input in build/fuzz/crashes/NAME,
# the log in build/fuzz/fuzz_NAME.log); fails at the end if any harness
# crashed.  Copy a crash into tests/fuzz/corpus/NAME/crashes/ with its fix.
FUZZ_SECONDS ?= 60
fuzz-run: fuzz
	$(Q)bad=; for n in $(FUZZ_NAMES); do \
	  rm -rf build/fuzz/corpus/$$n build/fuzz/crashes/$$n; \
	  mkdir -p build/fuzz/corpus/$$n build/fuzz/crashes/$$n; \
	  find tests/fuzz/corpus/$$n -type f -exec cp {} build/fuzz/corpus/$$n/ \; ; \
	  build/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=4096 \
	    -artifact_prefix=build/fuzz/crashes/$$n/ build/fuzz/corpus/$$n \
	    >build/fuzz/fuzz_$$n.log 2>&1 || bad="$$bad $$n"; \
	  echo "fuzz_$$n: $$(grep -E '^#[0-9]+' build/fuzz/fuzz_$$n.log | tail -n 1)"; \
	done; \
	if [ -n "$$bad" ]; then echo "fuzz-run: crashed:$$bad (see build/fuzz/fuzz_NAME.log)"; exit 1; fi

tests: $(TEST_BIN) $(FUZZ_BIN) $(BUILD)/siteplan

deps:
	$(Q)scripts/install-deps.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory siteplan
	$(Q)scripts/demo.sh

# The whole suite twice: the optimised build, then AddressSanitizer + UBSan.
test: deps
	$(Q)$(MAKE) --no-print-directory test-release
	$(Q)$(MAKE) --no-print-directory test-asan
	$(Q)$(MAKE) --no-print-directory test-tsan
	@echo "all test suites passed (release, ASan+UBSan, ThreadSanitizer)"

test-release:
	$(Q)scripts/check-layers.sh
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)if command -v mpicc >/dev/null 2>&1; then $(MAKE) --no-print-directory mpi; fi
	$(Q)scripts/run-tests.sh $(BUILD)

test-asan:
	$(Q)$(MAKE) --no-print-directory tests SAN=1 OPT=-O1 BUILD=build/asan
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  scripts/run-tests.sh build/asan

# Scenarios sharing one network from several threads, and the coverage
# matrix's threads over one hierarchy (test_demand), under ThreadSanitizer.
TSAN_TESTS := test_shared test_demand
test-tsan:
	$(Q)$(MAKE) --no-print-directory SANFLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
	  OPT=-O1 BUILD=build/tsan $(TSAN_TESTS:%=build/tsan/tests/%)
	$(Q)rm -rf tests/tmp/tsan && mkdir -p tests/tmp/tsan
	$(Q)for t in $(TSAN_TESTS); do \
	  SP_TMP=$(CURDIR)/tests/tmp/tsan TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tests/tsan.supp" \
	    build/tsan/tests/$$t || exit 1; done

asan:
	$(Q)$(MAKE) --no-print-directory SAN=1 OPT=-O1 BUILD=build/asan build/asan/siteplan

bench: deps siteplan
	$(Q)scripts/bench.sh

.PHONY: bench-scale
bench-scale: deps siteplan
	$(Q)scripts/bench-scale.sh

# GDAL's OSM driver (siteplan's reader) against libreadosm on one .osm.pbf
# (scripts/osmread-bench.c): build only, then e.g.
#   build/release/osmread-bench build/scale/K8/province.osm.pbf
# libreadosm is needed by this program alone (install-deps.sh osmread).
.PHONY: bench-osmread
bench-osmread:
	$(Q)scripts/install-deps.sh osmread
	$(Q)$(MAKE) --no-print-directory $(BUILD)/osmread-bench

$(BUILD)/osmread-bench: $(BUILD)/scripts/osmread-bench.o $(ANA_LIB)
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS) $(shell pkg-config --libs readosm 2>/dev/null || echo -lreadosm)

clean:
	rm -rf build siteplan tests/tmp

format:
	clang-format -i analysis/*/*.[ch] render/*.[ch] siteplan.c tests/unit/*.[ch]

-include $(ANA_OBJ:.o=.d) $(REN_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d) \
         $(wildcard $(BUILD)/tests/fuzz/*.d) $(wildcard $(BUILD)/scripts/*.d)

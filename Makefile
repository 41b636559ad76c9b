# schemagate: one Makefile. `make` builds build/schemagate; `make check`
# installs what is missing, builds, starts nothing it does not need, runs
# every test (also under ASan+UBSan) and a short fuzz run; `make demo` lints
# the bundled examples.

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
PKGS     := libcjson yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libpg_query ships no pkg-config file in Debian 12; it is a plain -l.
LIBS     := $(PKG_LIBS) -lpg_query
CPPFLAGS += -I. -Ibuild/gen $(PKG_CFLAGS)

CORE_SRC   := $(wildcard core/*.c)
CHECKS_SRC := $(filter-out checks/gen_%,$(wildcard checks/*.c)) $(sort $(wildcard checks/rules_pg/*.c))
MIGRATE_SRC:= $(wildcard migrate/*.c)
GATE_SRC   := $(filter-out gate/main.c,$(wildcard gate/*.c))
LIB_SRC    := $(CORE_SRC) $(CHECKS_SRC) $(MIGRATE_SRC) $(GATE_SRC)

LIB_OBJ   := $(LIB_SRC:%.c=build/obj/%.o)
ASAN_OBJ  := $(LIB_SRC:%.c=build/asan/%.o)
FUZZ_OBJ  := $(LIB_SRC:%.c=build/fuzz/%.o)
RULES_DEF := build/gen/rules_pg.def

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
ASAN_UNIT := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)

SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps check test demo fuzz bench clean
all: build/schemagate

deps:
	@sh ci/install-deps.sh

# The rule registry: one RULE(name) per file in checks/rules_pg/.
$(RULES_DEF): $(wildcard checks/rules_pg/*.c) | build/gen
	@ls checks/rules_pg/*.c | sed 's|.*/||; s|\.c$$||' | LC_ALL=C sort | sed 's/.*/RULE(&)/' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

build/gen:
	@mkdir -p $@

build/obj/%.o: %.c $(RULES_DEF)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

build/asan/%.o: %.c $(RULES_DEF)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -MMD -MP -c $< -o $@

build/fuzz/%.o: %.c $(RULES_DEF)
	@mkdir -p $(dir $@)
	clang $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(CPPFLAGS) -c $< -o $@

build/schemagate: build/obj/gate/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/asan/schemagate: build/asan/gate/main.o $(ASAN_OBJ)
	$(CC) $(SAN) -o $@ $^ $(LIBS)

build/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/helpers.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $< $(LIB_OBJ) $(LIBS) -lcmocka

build/asan/tests/%: tests/unit/%.c $(ASAN_OBJ) tests/unit/helpers.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -o $@ $< $(ASAN_OBJ) $(LIBS) -lcmocka

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	clang $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined $(CPPFLAGS) -o $@ $< $(FUZZ_OBJ) $(LIBS)

test: build/schemagate $(UNIT_BIN)
	@sh tests/run.sh build

check: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) build/asan/schemagate $(ASAN_UNIT) build/fuzz/fuzz_lint build/fuzz/fuzz_config
	@sh tests/run.sh build build/asan build/fuzz

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh

fuzz: build/fuzz/fuzz_lint build/fuzz/fuzz_config
	@sh tests/fuzz/run.sh 300

bench: build/schemagate
	@bash bench/run.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

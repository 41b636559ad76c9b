# schemagate: one Makefile. `make` builds $(B)/schemagate; `make check`
# installs what is missing, builds, starts nothing it does not need, runs
# every test (also under ASan+UBSan) and a short fuzz run; `make demo` lints
# the bundled examples.

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
PKGS     := yaml-0.1 libgit2 libcrypto libcjson
# The database clients are opened at run time, on first connection
# (core/dynlib.h): only their headers are built against.
DB_PKGS  := libpq libmariadb
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(DB_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libpg_query ships no pkg-config file in Debian 12; it is a plain -l.
LIBS     := $(PKG_LIBS) -lpg_query -ldl -pthread
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
# B is the build folder (several builds can live side by side).
B        ?= build
CPPFLAGS += -I. -I$(B)/gen $(PKG_CFLAGS)

# Every file in a rule folder is a rule (checks/rule.h).
RULE_DIRS  := checks/rules_pg checks/rules_history checks/rules_dryrun checks/rules_apply
CORE_SRC   := $(wildcard core/*.c)
CHECKS_SRC := $(filter-out checks/gen_%,$(wildcard checks/*.c)) $(sort $(wildcard $(RULE_DIRS:%=%/*.c)))
MIGRATE_SRC:= $(wildcard migrate/*.c)
POLICY_SRC := $(wildcard policies/*.c)
GATE_SRC   := $(filter-out gate/main.c,$(wildcard gate/*.c))
# The built-in policy packs, compiled in as strings.
PACK_FILES := $(sort $(wildcard policies/packs/*/*.yaml))
PACKS_C    := $(B)/gen/packs.c
LIB_SRC    := $(CORE_SRC) $(CHECKS_SRC) $(MIGRATE_SRC) $(POLICY_SRC) $(PACKS_C) $(GATE_SRC)

LIB_OBJ   := $(LIB_SRC:%.c=$(B)/obj/%.o)
ASAN_OBJ  := $(LIB_SRC:%.c=$(B)/asan/%.o)
FUZZ_OBJ  := $(LIB_SRC:%.c=$(B)/fuzz/%.o)
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
RULES_DEF := $(B)/gen/rules.def

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
ASAN_UNIT := $(UNIT_SRC:tests/unit/%.c=$(B)/asan/tests/%)

NPROC := $(shell nproc 2>/dev/null || echo 2)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps check test demo fuzz bench clean
# Objects are kept even when only a pattern rule needs them.
.SECONDARY:
all: $(B)/schemagate

deps:
	@sh ci/install-deps.sh

# The rule registry: one RULE(name) per file in the rule folders.
$(RULES_DEF): $(wildcard $(RULE_DIRS:%=%/*.c)) | $(B)/gen
	@ls $(RULE_DIRS:%=%/*.c) | sed 's|.*/||; s|\.c$$||' | LC_ALL=C sort | sed 's/.*/RULE(&)/' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

$(PACKS_C): policies/gen_packs.sh $(PACK_FILES) | $(B)/gen
	@sh policies/gen_packs.sh $(PACK_FILES) > $@.tmp && mv $@.tmp $@

$(B)/gen:
	@mkdir -p $@

# checks/pg_raw.c reads PostgreSQL's parse tree itself: it alone is built
# against the server's node headers (postgresql-server-dev-15; libpg_query
# is PostgreSQL 15's parser), with code generated from those headers.
PG_SERVER_INC ?= /usr/include/postgresql/15/server
PG_QUERY_PROTO ?= /usr/include/pg_query/pg_query.proto
PG_NODES_INC  := $(B)/gen/pg_nodes.inc
$(PG_NODES_INC): checks/gen_pg_nodes.py $(PG_SERVER_INC)/nodes/parsenodes.h $(PG_QUERY_PROTO) | $(B)/gen
	@python3 checks/gen_pg_nodes.py $(PG_SERVER_INC) $(PG_QUERY_PROTO) $@.tmp && mv $@.tmp $@
$(B)/obj/checks/pg_raw.o $(B)/asan/checks/pg_raw.o $(B)/fuzz/checks/pg_raw.o: $(PG_NODES_INC)
$(B)/obj/checks/pg_raw.o $(B)/asan/checks/pg_raw.o $(B)/fuzz/checks/pg_raw.o: CPPFLAGS += -isystem $(PG_SERVER_INC)

$(B)/obj/%.o: %.c $(RULES_DEF)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

$(B)/asan/%.o: %.c $(RULES_DEF)
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -MMD -MP -c $< -o $@

$(B)/fuzz/%.o: %.c $(RULES_DEF)
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@clang $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(CPPFLAGS) -MMD -MP -c $< -o $@

$(B)/schemagate: $(B)/obj/gate/main.o $(LIB_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(B)/asan/schemagate: $(B)/asan/gate/main.o $(ASAN_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(SAN) -o $@ $^ $(LIBS)

$(B)/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/helpers.h
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $< $(LIB_OBJ) $(LIBS) $(TEST_LIBS)

$(B)/asan/tests/%: tests/unit/%.c $(ASAN_OBJ) tests/unit/helpers.h
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -o $@ $< $(ASAN_OBJ) $(LIBS) $(TEST_LIBS)

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@echo "  LINK    $@"
	@clang $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined $(CPPFLAGS) -o $@ $< $(FUZZ_OBJ) $(LIBS)

test: $(B)/schemagate $(UNIT_BIN)
	@sh tests/run.sh $(B)

check: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all $(UNIT_BIN) $(B)/asan/schemagate $(ASAN_UNIT) $(FUZZ_BIN)
	@sh tests/run.sh $(B) $(B)/asan $(B)/fuzz

demo: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@sh examples/demo.sh

fuzz: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh 300

bench: $(B)/schemagate
	@bash bench/run.sh

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

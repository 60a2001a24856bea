# SPDX-License-Identifier: AGPL-3.0-or-later
# onestop build. One build directory per flavour:
#   build/release   hardened, optimised (make, make run)
#   build/asan      AddressSanitizer + UndefinedBehaviorSanitizer (make test)
#   build/fuzz      clang + libFuzzer harnesses (make fuzz, make test)
# Targets: all run test bench fuzz lint format setup clean

PKGS      := libmicrohttpd jansson sqlite3 libsodium libqrencode libical
TEST_PKGS := cmocka
DB        ?= var/onestop.db
LISTEN    ?= 127.0.0.1:8080

CC        ?= cc
FLAVOUR   ?= release
SANITIZE  ?=

ifeq ($(FLAVOUR),asan)
SANITIZE := address,undefined
endif

BUILD := build/$(FLAVOUR)

# Tables such as a route's body fields leave their optional trailing members
# out on purpose (zero, as C guarantees), hence no missing-field warning.
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wold-style-definition -Wformat=2 -Wcast-qual \
        -Wpointer-arith -Wwrite-strings -Wundef -Wvla -Wimplicit-fallthrough \
        -Wconversion -Wno-missing-field-initializers -Werror

BASE_CFLAGS := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
               -Isrc -I$(BUILD)/gen -MMD -MP \
               $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

ifeq ($(SANITIZE),)
HARDEN := -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong \
          -fstack-clash-protection -fPIE
HARDEN_LD := -pie -Wl,-z,relro,-z,now,-z,noexecstack
ifneq ($(filter x86_64 i%86,$(shell uname -m)),)
HARDEN += -fcf-protection
endif
else
HARDEN := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
          -fno-omit-frame-pointer -g -O1
HARDEN_LD := -fsanitize=$(SANITIZE)
endif

CFLAGS  := $(BASE_CFLAGS) $(HARDEN) $(EXTRA_CFLAGS)
LDFLAGS := $(HARDEN_LD) $(EXTRA_LDFLAGS)

SRC      := $(sort $(wildcard src/*/*.c src/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
MIGR     := $(sort $(wildcard src/db/migrations/sqlite/*.sql))
GEN_SRC  := $(BUILD)/gen/migrations_sqlite.c
OBJ      := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations_sqlite.o
MAIN_OBJ := $(BUILD)/src/main.o
BIN      := $(BUILD)/onestop

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all run test bench fuzz lint format setup clean unit-bin fuzz-bin

all: $(BIN)

$(BIN): $(OBJ) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(GEN_SRC): $(MIGR) scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-migrations.sh $@ $(MIGR)

# Whole migration files are long string literals, beyond what C17 promises.
$(BUILD)/gen/migrations_sqlite.o: $(GEN_SRC)
	$(CC) $(CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/tests/unit/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags $(TEST_PKGS)) $(LDFLAGS) \
	    -o $@ $< $(OBJ) $(LIBS) $(shell pkg-config --libs $(TEST_PKGS))

$(BUILD)/bench/%: bench/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(OBJ) $(LIBS)

unit-bin: $(UNIT_BIN)

# Fuzz harnesses need clang's libFuzzer; they link the library objects of the
# fuzz flavour, which are compiled with coverage instrumentation.
fuzz-bin:
	$(MAKE) FLAVOUR=fuzz CC=clang SANITIZE=address,undefined \
	    EXTRA_CFLAGS=-fsanitize=fuzzer-no-link \
	    $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/tests/fuzz/%)

build/fuzz/tests/fuzz/%: tests/fuzz/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(OBJ) $(LIBS)

setup:
	sh scripts/setup.sh

run: setup
	$(MAKE) FLAVOUR=release
	sh scripts/run-demo.sh build/release/onestop $(DB) $(LISTEN)

test: setup
	$(MAKE) FLAVOUR=asan all unit-bin
	$(MAKE) fuzz-bin
	sh tests/run.sh

bench: setup
	$(MAKE) FLAVOUR=release all $(BENCH_SRC:bench/%.c=build/release/bench/%)
	sh bench/run.sh

fuzz: setup fuzz-bin
	sh tests/fuzz/run.sh long

lint:
	clang-format --dry-run --Werror $(SRC) $(UNIT_SRC) $(FUZZ_SRC)
	sh scripts/banned-calls.sh

format:
	clang-format -i $(SRC) $(UNIT_SRC) $(FUZZ_SRC)

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

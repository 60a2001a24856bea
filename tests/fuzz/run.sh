#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# Runs every libFuzzer harness of build/fuzz/tests/fuzz over a copy of its
# seed corpus tests/fuzz/corpus/<name without fuzz_>. The copy lives in a
# temporary directory, so new inputs that libFuzzer finds never land in the
# repository. Crashing inputs and full logs go to build/test-logs/fuzz/.
#
#   sh tests/fuzz/run.sh         bounded by runs (make test): 20000 each
#   sh tests/fuzz/run.sh long    bounded by time (make fuzz): 60 s each
#
# One line per harness, then the closing line `N passed, N failed`; the exit
# status is non-zero when a harness failed or could not run.
set -u

cd "$(dirname "$0")/../.." || exit 1

MODE=${1:-short}
case "$MODE" in
short) LIMIT="-runs=20000" ;;
long) LIMIT="-max_total_time=60" ;;
*)
    echo "usage: sh tests/fuzz/run.sh [short|long]" >&2
    exit 2
    ;;
esac

BIN_DIR=build/fuzz/tests/fuzz
LOG_DIR=build/test-logs/fuzz
# A single input that runs this long is a hang, and a bug.
INPUT_TIMEOUT=30

mkdir -p "$LOG_DIR"
WORK=$(mktemp -d) || exit 1
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0

fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}

for src in tests/fuzz/fuzz_*.c; do
    [ -e "$src" ] || continue
    name=$(basename "$src" .c)
    bin="$BIN_DIR/$name"
    corpus="tests/fuzz/corpus/${name#fuzz_}"
    log="$LOG_DIR/$name.log"
    rm -f "$log" "$LOG_DIR/$name-"*

    if [ ! -x "$bin" ]; then
        fail "$name" "not built ($bin is missing)"
        continue
    fi
    if [ ! -d "$corpus" ]; then
        fail "$name" "no seed corpus ($corpus is missing)"
        continue
    fi
    copy="$WORK/$name"
    mkdir -p "$copy"
    cp -R "$corpus/." "$copy/"

    start=$(date +%s)
    # shellcheck disable=SC2086 # LIMIT is one option
    "$bin" $LIMIT -max_len=4096 -timeout=$INPUT_TIMEOUT \
        -artifact_prefix="$LOG_DIR/$name-" "$copy" >"$log" 2>&1
    status=$?
    secs=$(($(date +%s) - start))
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
        echo "ok   $name: ${runs:-?} runs in ${secs} s"
    else
        fail "$name" "exit status $status after ${secs} s; log: $log"
        # The start of the sanitizer or libFuzzer report (with its stack),
        # or else the end of the log.
        if grep -q 'ERROR:\|runtime error' "$log"; then
            sed -n '/ERROR:\|runtime error/,$p' "$log" | head -n 30
        else
            tail -n 20 "$log"
        fi | sed 's/^/    /'
        for artifact in "$LOG_DIR/$name-"*; do
            [ -e "$artifact" ] && echo "    input kept: $artifact"
        done
    fi
    rm -rf "$copy"
done

if [ $((passed + failed)) -eq 0 ]; then
    fail "fuzz" "no harnesses found under tests/fuzz"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && exit 0
exit 1

#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# The whole test suite, run by `make test` once it has built the ASan server,
# the unit test programs and the fuzz harnesses:
#
#   unit     build/asan/tests/unit/test_*   (cmocka, TAP output)
#   fuzz     tests/fuzz/run.sh              (libFuzzer, bounded by runs)
#   api      tests/api/*.test.mjs           (node:test against a real server)
#   browser  tests/browser/*.test.mjs       (chromium, one file at a time)
#
# One line per suite, the failing tests in full, and as the very last line
# `N passed, N failed` over all suites. Full logs go to build/test-logs/.
# The exit status is non-zero when a test failed or a suite could not run.
set -u

cd "$(dirname "$0")/.." || exit 1

LOGS=build/test-logs
# A unit test program still running after this long is hung.
UNIT_TIMEOUT=600
# At most this many lines of failing output per suite on the terminal; the
# logs have everything.
SHOW_LINES=300

rm -rf "$LOGS"
mkdir -p "$LOGS/unit" || exit 1

total_pass=0
total_fail=0

# suite_line NAME PASSED FAILED [NOTE]: prints a suite's result and adds it
# to the totals.
suite_line() {
    total_pass=$((total_pass + $2))
    total_fail=$((total_fail + $3))
    printf '== %s: %d passed, %d failed%s\n' "$1" "$2" "$3" "${4:+ ($4)}"
}

# tap_failures FILE: the `not ok` lines of a TAP log with the YAML block or
# the `#` comment lines that follow each (the error, expected and actual
# values, the stack). Tests marked TODO (known gaps) are left out.
tap_failures() {
    awk '
        inblock {
            print
            if ($0 == ind "...") inblock = 0
            next
        }
        comments {
            if ($0 ~ /^# / && $0 !~ /^# (ok|not ok) - /) { print; next }
            comments = 0
        }
        want {
            want = 0
            if ($0 == ind "---") { print; inblock = 1; next }
        }
        /^ *not ok / && !/ # (TODO|SKIP)/ {
            match($0, /^ */)
            ind = substr($0, 1, RLENGTH) "  "
            print ""
            print
            want = 1
            comments = (RLENGTH == 0)
        }
    ' "$1" | head -n "$SHOW_LINES"
}

# ---------------------------------------------------------------- unit
run_unit() {
    pass=0
    fail=0
    programs=0
    for src in tests/unit/test_*.c; do
        [ -e "$src" ] || continue
        name=$(basename "$src" .c)
        bin="build/asan/tests/unit/$name"
        log="$LOGS/unit/$name.log"
        programs=$((programs + 1))
        if [ ! -x "$bin" ]; then
            echo "FAIL unit $name: not built ($bin is missing)"
            fail=$((fail + 1))
            continue
        fi
        CMOCKA_MESSAGE_OUTPUT=TAP timeout "$UNIT_TIMEOUT" "$bin" \
            >"$log" 2>&1 </dev/null
        status=$?
        ok=$(grep -c '^ok ' "$log")
        bad=$(grep -c '^not ok ' "$log")
        pass=$((pass + ok))
        fail=$((fail + bad))
        if [ "$bad" -gt 0 ]; then
            echo "FAIL unit $name: $bad failed; log: $log"
            tap_failures "$log"
        fi
        if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
            # A crash, a sanitizer report, a leak or a hang outside any
            # reported test: one failure for the program.
            fail=$((fail + 1))
            if [ "$status" -eq 124 ]; then
                why="still running after $UNIT_TIMEOUT s"
            else
                why="exit status $status"
            fi
            echo "FAIL unit $name: $why without a failed test; log: $log"
            tail -n 30 "$log" | sed 's/^/    /'
        fi
    done
    if [ "$programs" -eq 0 ]; then
        echo "FAIL unit: no tests/unit/test_*.c"
        fail=$((fail + 1))
    fi
    suite_line unit "$pass" "$fail" "$programs programs"
}

# ---------------------------------------------------------------- fuzz
run_fuzz() {
    log="$LOGS/fuzz.log"
    sh tests/fuzz/run.sh short >"$log" 2>&1 </dev/null
    status=$?
    # Everything but the harness's own closing line, indented.
    sed '$d' "$log" | sed 's/^/  /'
    last=$(tail -n 1 "$log")
    pass=$(printf '%s\n' "$last" |
        sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
    fail=$(printf '%s\n' "$last" |
        sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
    if [ -z "$pass" ]; then
        echo "FAIL fuzz: tests/fuzz/run.sh ended without a summary" \
            "(exit status $status); log: $log"
        tail -n 20 "$log" | sed 's/^/    /'
        pass=0
        fail=1
    elif [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
        echo "FAIL fuzz: tests/fuzz/run.sh exited with $status"
        fail=1
    fi
    suite_line fuzz "$pass" "$fail"
}

# ------------------------------------------------------- api, browser
# run_node NAME LOG FILES...: one `node --test` run with the TAP reporter;
# counts come from its closing `# pass N` / `# fail N` / `# cancelled N`.
run_node() {
    name=$1
    log=$2
    shift 2
    node_todo=0
    node --test --test-reporter=tap "$@" >"$log" 2>&1 </dev/null
    status=$?
    pass=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
    fail=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
    cancelled=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$log" |
        tail -n 1)
    if [ -z "$pass" ] || [ -z "$fail" ]; then
        echo "FAIL $name: node --test ended without a summary" \
            "(exit status $status); log: $log"
        tail -n 30 "$log" | sed 's/^/    /'
        node_pass=0
        node_fail=1
        return
    fi
    fail=$((fail + ${cancelled:-0}))
    todo=$(sed -n 's/^# todo \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
    node_todo=${todo:-0}
    # Known gaps, marked TODO in the tests: listed, not counted as failures.
    grep '^ *not ok .* # TODO' "$log" |
        sed 's/^ *not ok [0-9]* - /  todo: /' | head -n 50
    if [ "$fail" -gt 0 ]; then
        echo "FAIL $name: $fail failed; log: $log"
        tap_failures "$log"
    elif [ "$status" -ne 0 ]; then
        echo "FAIL $name: node --test exited with $status; log: $log"
        tail -n 30 "$log" | sed 's/^/    /'
        fail=1
    fi
    node_pass=$pass
    node_fail=$fail
}

run_api() {
    set -- tests/api/*.test.mjs
    if [ ! -e "$1" ]; then
        suite_line api 0 1 "no tests/api/*.test.mjs"
        return
    fi
    # Each file starts its own server; two at a time suit two cores.
    run_node api "$LOGS/api.log" --test-concurrency=2 "$@"
    suite_line api "$node_pass" "$node_fail" \
        "$# files, $node_todo todo not counted"
}

run_browser() {
    set -- tests/browser/*.test.mjs
    if [ ! -e "$1" ]; then
        suite_line browser 0 1 "no tests/browser/*.test.mjs"
        return
    fi
    # A server and a chromium per file: one file at a time.
    mkdir -p "$LOGS/browser"
    bpass=0
    bfail=0
    btodo=0
    for file in "$@"; do
        run_node "browser $(basename "$file")" \
            "$LOGS/browser/$(basename "$file" .test.mjs).log" \
            --test-concurrency=1 "$file"
        bpass=$((bpass + node_pass))
        bfail=$((bfail + node_fail))
        btodo=$((btodo + node_todo))
    done
    suite_line browser "$bpass" "$bfail" \
        "$# files, $btodo todo not counted"
}

run_unit
run_fuzz
run_api
run_browser

echo "$total_pass passed, $total_fail failed"
if [ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]; then
    exit 0
fi
exit 1

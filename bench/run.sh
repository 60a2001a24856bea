#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# The benchmarks of `make bench`, which builds the release flavour first.
# Prints figures, each beside the ceiling it is judged against, measured in
# this same run on this same machine (shared machines are noisy; absolute
# numbers from another run mean little):
#   - itinerary searches per second of the planner (one core);
#   - raw durable commits per second (one row per transaction, WAL,
#     synchronous=FULL, on the disk the server's database is on);
#   - Server-Sent Events fan-out: 200 display streams of one location over
#     loopback, the delay from a published call to its arrival on each
#     (median, p99) and the events delivered a second (bench/bench_sse.c);
#     and the same seen end to end, calls made through the floor API of a
#     release server reaching 200 displays (bench/sse-calls.mjs);
#   - over loopback with wrk, on a fresh demonstration deployment: a trivial
#     request (GET /health), availability, and bookings (each one durable),
#     with p50 and p99 latency.
# Benchmarks are not tests: nothing here fails on a slow figure.
set -eu

cd "$(dirname "$0")/.." || exit 1

BIN=build/release/onestop
BENCH=build/release/bench
SECONDS_EACH=${BENCH_SECONDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-64}

WORK=$(mktemp -d build/bench.XXXXXX)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wrk_run NAME WRK-ARGS...: runs wrk and keeps its report in $WORK/NAME.
wrk_run() {
    name=$1
    shift
    wrk --latency -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" "$@" \
        >"$WORK/$name" 2>"$WORK/$name.err"
}
# rate NAME: requests per second of a wrk report.
rate() {
    awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/$1"
}
# latency NAME PERCENTILE: that latency of a wrk report ("50%", "99%").
latency() {
    awk -v p="$2" '$1 == p { print $2 }' "$WORK/$1"
}
# errors NAME: non-2xx answers and socket errors of a wrk report.
errors() {
    awk '/Non-2xx/ { n += $NF } /Socket errors/ { n += 1 } END { print n + 0 }' \
        "$WORK/$1"
}

echo "== planner"
"$BENCH/bench_planner"

echo "== ceilings of this machine, this run"
"$BENCH/bench_commit" "$WORK/commit.db" 2 | tee "$WORK/commit"
commit_rate=$(awk -F': ' '{ printf "%.0f", $2 }' "$WORK/commit")

"$BIN" keygen --key "$WORK/demo.key" >/dev/null
"$BIN" demo --db "$WORK/demo.db" --key "$WORK/demo.key" >/dev/null

echo "== Server-Sent Events fan-out, 200 display streams over loopback"
"$BENCH/bench_sse" "$WORK/demo.db" 200

"$BIN" serve --db "$WORK/demo.db" --listen 127.0.0.1:0 \
    --set booking.days_ahead=366 --set "security.key_file=$WORK/demo.key" \
    2>"$WORK/server.log" &
SERVER_PID=$!
url=
for _ in $(seq 1 100); do
    url=$(sed -n 's/^onestop: listening on \(http[^ ]*\).*/\1/p' "$WORK/server.log")
    [ -n "$url" ] && break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "bench: the server did not start:" >&2
    cat "$WORK/server.log" >&2
    exit 1
fi

wrk_run trivial "$url/api/v1/health"
echo "trivial request (GET /health): $(rate trivial)/s, p50 $(latency trivial 50%), p99 $(latency trivial 99%)"

# A Tuesday, Thursday or Friday (the IND's days) some weeks ahead that is
# not a holiday: the availability asked for is a three-service visit.
date=$(node -e '
const d = new Date(Date.now() + 21 * 86400000);
while (![2, 4, 5].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
console.log(d.toISOString().slice(0, 10));')
wrk_run availability \
    "$url/api/v1/availability?location=1&date=$date&services=intake,ind-collect,ind-biometrics"
echo "== HTTP over loopback, $CONNECTIONS connections, ${SECONDS_EACH}s each"
echo "availability (3 services, $date): $(rate availability)/s, p50 $(latency availability 50%), p99 $(latency availability 99%), errors $(errors availability)"

node bench/booking-targets.mjs "$url" 366 >"$WORK/targets"
targets=$(wc -l <"$WORK/targets")
before=$(sqlite3 "$WORK/demo.db" 'SELECT count(*) FROM bookings')
wrk_run bookings -s bench/book.lua "$url" -- "$WORK/targets" 2
after=$(sqlite3 "$WORK/demo.db" 'SELECT count(*) FROM bookings')
booked=$((after - before))
booking_rate=$(awk -v n="$booked" -v s="$SECONDS_EACH" 'BEGIN { printf "%.0f", n / s }')
echo "bookings (durable, 1 leg each): $booking_rate/s, p50 $(latency bookings 50%), p99 $(latency bookings 99%), refused $(errors bookings) ($booked booked of $targets free appointments)"
if [ "$booked" -ge "$targets" ]; then
    echo "bench: the load ran out of free appointments; the booking rate is a lower bound" >&2
fi
sed -n '1,3p' "$WORK/bookings.err" >&2
# Stopping the server makes it log how many writes each commit carried.
kill "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=
sed -n 's/.*writer: \([0-9]*\) writes in \([0-9]*\) commits.*/\1 \2/p' \
    "$WORK/server.log" | awk '$2 > 0 { printf "group commit: %d writes in %d durable commits, %.1f per commit\n", $1, $2, $1 / $2 }'

echo "== live display: calls through the floor API, 200 display streams"
ONESTOP_BIN="$BIN" node bench/sse-calls.mjs 200 100

echo "== against the ceilings"
awk -v a="$(rate availability)" -v t="$(rate trivial)" \
    'BEGIN { printf "availability / trivial request: %.2f (aim: 0.5 or more)\n", a / t }'
awk -v b="$booking_rate" -v c="$commit_rate" \
    'BEGIN { printf "durable bookings / raw durable commits: %.1fx (aim: 20x or more)\n", b / c }'

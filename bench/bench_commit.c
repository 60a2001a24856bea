/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The ceiling that group commit is measured against: raw single-row
 * commits, one per transaction, through the same database layer and with
 * the same durability settings as the server (WAL, synchronous=FULL).
 * usage: bench_commit DATABASE-FILE [SECONDS]; prints one line. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "db/db.h"

static double
bench_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum status
bench_insert(struct db *db, void *ctx)
{
    struct db_stmt *st = NULL;
    long *n = ctx;
    enum status s = db_prepare(db,
                               "INSERT INTO bench_rows (n, note) VALUES ($1, "
                               "'one durable commit')",
                               &st);

    if (s == STATUS_OK) {
        db_bind_int(st, 1, *n);
        s = db_run(st);
    }
    return s;
}

int
main(int argc, char **argv)
{
    struct db *db = NULL;
    double seconds = argc > 2 ? strtod(argv[2], NULL) : 2.0;
    double start;
    double elapsed;
    long n = 0;

    if (argc < 2 || seconds <= 0) {
        fprintf(stderr, "usage: bench_commit DATABASE-FILE [SECONDS]\n");
        return 2;
    }
    if (db_open_sqlite(argv[1], &db) != STATUS_OK ||
        db_exec(db, "CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER "
                    "PRIMARY KEY, n INTEGER NOT NULL, note TEXT NOT NULL)") !=
            STATUS_OK) {
        fprintf(stderr, "bench_commit: cannot open %s\n", argv[1]);
        db_close(db);
        return 1;
    }
    start = bench_seconds();
    do {
        if (db_transaction(db, bench_insert, &n) != STATUS_OK) {
            fprintf(stderr, "bench_commit: a commit failed\n");
            db_close(db);
            return 1;
        }
        n++;
        elapsed = bench_seconds() - start;
    } while (elapsed < seconds);
    printf("raw durable commits/s (one row per transaction): %.0f\n",
           (double)n / elapsed);
    db_close(db);
    return 0;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The single writer of bookings: one thread with its own connection that
 * commits concurrent writes together (group commit). A durable commit costs
 * a disk flush, and one flush per booking would cap the rate at the disk's
 * flush rate; here every write queued while the previous commit was on disk
 * goes into the next transaction, each in its own savepoint, so that one
 * write that fails (a slot taken meanwhile) is rolled back alone while the
 * others commit. A write's outcome is reported only after its commit is
 * durable: a caller told STATUS_OK may promise the client its data. */
#ifndef ONESTOP_DB_WRITER_H
#define ONESTOP_DB_WRITER_H

#include <stddef.h>

#include "db/db.h"

/* Most writes committed by one transaction. */
#define DB_WRITER_MAX_BATCH 256

struct db_writer;

/* One write. The caller owns it and keeps it alive until done is called. */
struct db_write {
    /* Runs inside its own savepoint of the writer's transaction; anything
     * but STATUS_OK rolls back what it did. Called on the writer thread:
     * it must not block on anything but the database. */
    enum status (*run)(struct db *db, void *ctx);
    /* Called once on the writer thread after the commit, with run's status,
     * or with the commit's failure (nothing of the write was kept). Keep it
     * short: it delays the next batch. */
    void (*done)(void *ctx, enum status status);
    void *ctx;
    /* private to the writer */
    enum status status;
    struct db_write *next;
};

/* Opens the database at path (applying migrations) and starts the writer
 * thread. *out owns both; stop with db_writer_stop, then free with
 * db_writer_free. */
enum status db_writer_start(const char *path, struct db_writer **out);

/* Queues a write; its done callback runs later on the writer thread (it
 * may run before this function returns). Once the writer is stopping, done
 * runs at once, on the caller's thread, with STATUS_RETRY. */
void db_writer_submit(struct db_writer *w, struct db_write *write);

/* Queues a write and waits for its outcome (for callers that may block). */
enum status db_writer_run(struct db_writer *w,
                          enum status (*run)(struct db *db, void *ctx),
                          void *ctx);

/* Transactions committed and writes done since the start: batching shows
 * as writes > commits. Either pointer may be NULL. */
void db_writer_counts(struct db_writer *w, unsigned long *commits,
                      unsigned long *writes);

/* Finishes the queued writes, stops the thread and closes the connection.
 * The writer stays valid, refusing new writes (see db_writer_submit), until
 * db_writer_free: threads that may still submit (the server's) must have
 * stopped before that. Accepts NULL; a second call does nothing. */
void db_writer_stop(struct db_writer *w);

/* Frees a stopped writer (stopping it first if needed). Accepts NULL. */
void db_writer_free(struct db_writer *w);

#endif

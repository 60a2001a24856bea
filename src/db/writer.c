/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The group-commit writer: a queue, one thread, one connection. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "db/driver.h"
#include "db/writer.h"
#include "util/log.h"

struct db_writer {
    struct db *db;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t queued;
    struct db_write *head; /* newest first */
    bool stopping;
    bool joined; /* db_writer_stop ran: the thread is gone */
    unsigned long commits;
    unsigned long writes;
};

/* Takes up to DB_WRITER_MAX_BATCH of the oldest queued writes, oldest first,
 * waiting for one when the queue is empty. NULL when stopping and empty. */
static struct db_write *
writer_take(struct db_writer *w)
{
    struct db_write *batch = NULL;
    struct db_write **cut;
    size_t n = 0;

    pthread_mutex_lock(&w->lock);
    while (w->head == NULL && !w->stopping) {
        pthread_cond_wait(&w->queued, &w->lock);
    }
    /* The queue is newest first: skip the newest ones beyond the batch
     * size, leave them queued, and reverse the rest into arrival order. */
    cut = &w->head;
    for (struct db_write *p = w->head; p != NULL; p = p->next) {
        n++;
    }
    for (; n > DB_WRITER_MAX_BATCH; n--) {
        cut = &(*cut)->next;
    }
    for (struct db_write *p = *cut; p != NULL;) {
        struct db_write *next = p->next;
        p->next = batch;
        batch = p;
        p = next;
    }
    *cut = NULL;
    pthread_mutex_unlock(&w->lock);
    return batch;
}

/* Runs one write in its own savepoint. False when the batch's transaction
 * may be gone: on some errors (a full disk, I/O) SQLite rolls back the
 * whole transaction, and the writes after it would then each run, and
 * commit, on their own ("SAVEPOINT" outside a transaction begins one and
 * "RELEASE" commits it) while the batch is reported as failed. */
static bool
writer_run_one(struct db_writer *w, struct db_write *write)
{
    write->status = db_exec(w->db, "SAVEPOINT write");
    if (write->status != STATUS_OK) {
        return false;
    }
    write->status = write->run(w->db, write->ctx);
    if (write->status != STATUS_OK &&
        db_exec(w->db, "ROLLBACK TO SAVEPOINT write") != STATUS_OK) {
        return false;
    }
    if (db_exec(w->db, "RELEASE SAVEPOINT write") != STATUS_OK) {
        if (write->status == STATUS_OK) {
            write->status = STATUS_INTERNAL;
        }
        return false;
    }
    return true;
}

/* One transaction for the whole batch. Returns the commit's status. */
static enum status
writer_commit_batch(struct db_writer *w, struct db_write *batch)
{
    enum status st = STATUS_RETRY;
    bool intact = true;

    /* The busy timeout waits for other connections' short writes (sessions,
     * audit); a lock held longer than that is retried a few times. */
    for (int attempt = 0; attempt < DB_TX_ATTEMPTS && st == STATUS_RETRY;
         attempt++) {
        st = db_exec(w->db, "BEGIN IMMEDIATE");
    }
    if (st != STATUS_OK) {
        LOG_ERROR("writer: cannot begin a transaction");
        return st;
    }
    db_mark_in_transaction(w->db, true);
    for (struct db_write *p = batch; p != NULL && intact; p = p->next) {
        intact = writer_run_one(w, p);
    }
    db_mark_in_transaction(w->db, false);
    if (!intact) {
        /* What is left of the batch is rolled back and it fails as one. */
        LOG_ERROR("writer: the transaction was lost; %s",
                  "the batch's writes are reported as failed");
        (void)db_exec(w->db, "ROLLBACK");
        return STATUS_INTERNAL;
    }
    st = db_exec(w->db, "COMMIT");
    if (st != STATUS_OK) {
        LOG_ERROR("writer: commit failed; %s",
                  "the batch's writes are reported as failed");
        (void)db_exec(w->db, "ROLLBACK");
    }
    return st;
}

static void *
writer_main(void *arg)
{
    struct db_writer *w = arg;
    struct db_write *batch;

    while ((batch = writer_take(w)) != NULL) {
        enum status commit = writer_commit_batch(w, batch);
        unsigned long n = 0;

        while (batch != NULL) {
            struct db_write *next = batch->next;
            batch->next = NULL;
            n++;
            batch->done(batch->ctx,
                        commit == STATUS_OK
                            ? batch->status
                            : (commit == STATUS_RETRY ? STATUS_RETRY
                                                      : STATUS_INTERNAL));
            batch = next; /* batch itself may be gone after done */
        }
        pthread_mutex_lock(&w->lock);
        w->commits += commit == STATUS_OK;
        w->writes += n;
        pthread_mutex_unlock(&w->lock);
    }
    return NULL;
}

enum status
db_writer_start(const char *path, struct db_writer **out)
{
    struct db_writer *w = calloc(1, sizeof *w);
    enum status st;

    if (w == NULL) {
        return STATUS_NOMEM;
    }
    st = db_open_sqlite(path, &w->db);
    if (st != STATUS_OK) {
        free(w);
        return st;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->queued, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        db_close(w->db);
        pthread_cond_destroy(&w->queued);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return STATUS_INTERNAL;
    }
    *out = w;
    return STATUS_OK;
}

void
db_writer_submit(struct db_writer *w, struct db_write *write)
{
    bool refused;

    pthread_mutex_lock(&w->lock);
    refused = w->stopping;
    if (!refused) {
        write->next = w->head;
        w->head = write;
        pthread_cond_signal(&w->queued);
    }
    pthread_mutex_unlock(&w->lock);
    if (refused) {
        write->done(write->ctx, STATUS_RETRY); /* shutting down */
    }
}

/* A blocking call: the caller's run plus what its thread waits on. */
struct writer_call {
    enum status (*run)(struct db *db, void *ctx);
    void *ctx;
    pthread_mutex_t lock;
    pthread_cond_t finished;
    bool done;
    enum status status;
};

static enum status
writer_call_run(struct db *db, void *ctx)
{
    struct writer_call *call = ctx;
    return call->run(db, call->ctx);
}

static void
writer_call_done(void *ctx, enum status status)
{
    struct writer_call *call = ctx;

    pthread_mutex_lock(&call->lock);
    call->status = status;
    call->done = true;
    pthread_cond_signal(&call->finished);
    pthread_mutex_unlock(&call->lock);
}

enum status
db_writer_run(struct db_writer *w, enum status (*run)(struct db *db, void *ctx),
              void *ctx)
{
    struct writer_call call = {.run = run, .ctx = ctx, .done = false};
    struct db_write write = {
        .run = writer_call_run, .done = writer_call_done, .ctx = &call};

    pthread_mutex_init(&call.lock, NULL);
    pthread_cond_init(&call.finished, NULL);
    db_writer_submit(w, &write);
    pthread_mutex_lock(&call.lock);
    while (!call.done) {
        pthread_cond_wait(&call.finished, &call.lock);
    }
    pthread_mutex_unlock(&call.lock);
    pthread_cond_destroy(&call.finished);
    pthread_mutex_destroy(&call.lock);
    return call.status;
}

void
db_writer_counts(struct db_writer *w, unsigned long *commits,
                 unsigned long *writes)
{
    pthread_mutex_lock(&w->lock);
    if (commits != NULL) {
        *commits = w->commits;
    }
    if (writes != NULL) {
        *writes = w->writes;
    }
    pthread_mutex_unlock(&w->lock);
}

void
db_writer_stop(struct db_writer *w)
{
    bool joined;

    if (w == NULL) {
        return;
    }
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    joined = w->joined;
    w->joined = true;
    pthread_cond_signal(&w->queued);
    pthread_mutex_unlock(&w->lock);
    if (joined) {
        return;
    }
    pthread_join(w->thread, NULL);
    db_close(w->db);
    w->db = NULL;
}

void
db_writer_free(struct db_writer *w)
{
    if (w == NULL) {
        return;
    }
    db_writer_stop(w);
    pthread_cond_destroy(&w->queued);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The pool of BSNs a municipality allocates to a deployment in advance:
 * numbers are added (sealed, with their search hash), then issued one at a
 * time on the day of registration. A number is issued at most once, however
 * many requests ask at the same moment: issuing is a single UPDATE that
 * only takes a row still unused, and a number is in the pool at most once
 * (unique hash). The numbers are stored only sealed (util/sealed.h). */
#ifndef ONESTOP_STORE_BSN_POOL_H
#define ONESTOP_STORE_BSN_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bsn.h"
#include "util/sealed.h"
#include "util/status.h"

struct db;

/* The field that pool numbers are sealed for (associated data). */
#define STORE_BSN_POOL_FIELD "bsn_pool.bsn"
/* Longest batch reference and issued_for reference, in bytes. */
#define STORE_BSN_BATCH_MAX 64
#define STORE_BSN_FOR_MAX 64
/* Largest list of numbers imported at once, in bytes (about 100 000
 * numbers), and the bad lines a report names. */
#define STORE_BSN_IMPORT_MAX (1024 * 1024)
#define STORE_BSN_IMPORT_BAD_MAX 20

/* Adds one number (checked with bsn_check) to the pool, sealed under key,
 * with batch ("" or the municipality's reference, printable ASCII up to
 * STORE_BSN_BATCH_MAX bytes). Sets *id (out). STATUS_INPUT for a number or
 * batch that is not valid, STATUS_CONFLICT when the number is in the pool
 * already (issued or not). Runs in its own transaction, or in the caller's. */
enum status store_bsn_pool_add(struct db *db, const struct sealed_key *key,
                               const char *bsn, const char *batch, int64_t *id);

struct store_bsn_import_bad {
    size_t line;
    enum bsn_error why;
};

struct store_bsn_import_report {
    size_t added;   /* new numbers */
    size_t already; /* in the pool already, or twice in the list: skipped */
    size_t bad;     /* lines that are not a valid BSN */
    /* the first STORE_BSN_IMPORT_BAD_MAX bad lines */
    struct store_bsn_import_bad bad_lines[STORE_BSN_IMPORT_BAD_MAX];
};

/* Imports a list of numbers (core/bsn.h: bsn_list_next) of len bytes (at
 * most STORE_BSN_IMPORT_MAX) into the pool with batch. All or nothing: a
 * list with any bad line adds nothing and returns STATUS_INPUT with the bad
 * lines in *report; numbers already in the pool are skipped and counted, so
 * importing a list again adds nothing. *report (out) is always written. */
enum status store_bsn_pool_import(struct db *db, const struct sealed_key *key,
                                  const char *text, size_t len,
                                  const char *batch,
                                  struct store_bsn_import_report *report);

struct store_bsn_issued {
    int64_t pool_id;
    /* the number issued, in plain text: wipe it (crypto_wipe) once it has
     * been sealed into the newcomer's record and shown */
    char bsn[BSN_TEXT];
    int64_t remaining; /* unused numbers left after this one */
    enum bsn_pool_level level;
};

/* Issues the next unused number (the oldest added) to issued_for
 * ("newcomer:17": a reference, no personal data; up to STORE_BSN_FOR_MAX
 * bytes) by user issued_by (0 = the system), and tells how many are left
 * and the pool's level for the warning threshold low_threshold
 * ([bsn] pool_low); logs a warning when the pool is low. Sets *out (out)
 * on STATUS_OK. STATUS_NOT_FOUND when the pool is empty; STATUS_RETRY when
 * a concurrent transaction took the number (the transaction runner tries
 * again); STATUS_INTERNAL when the number does not open with key (the
 * wrong key file). Runs in its own transaction, or in the caller's (whose
 * rollback returns the number to the pool). */
enum status store_bsn_pool_issue(struct db *db, const struct sealed_key *key,
                                 int64_t issued_by, const char *issued_for,
                                 int low_threshold,
                                 struct store_bsn_issued *out);

/* Finds a number in the pool by its search hash, without decrypting:
 * *id (out) and *issued (out, may be NULL). STATUS_NOT_FOUND when it is
 * not in the pool, STATUS_INPUT when bsn is not a valid BSN. */
enum status store_bsn_pool_find(struct db *db, const struct sealed_key *key,
                                const char *bsn, int64_t *id, bool *issued);

/* Counts the unused and the issued numbers (both out). */
enum status store_bsn_pool_count(struct db *db, int64_t *unused,
                                 int64_t *issued);

#endif

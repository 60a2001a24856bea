/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Tests of store/bsn_pool and store/personal_data against a temporary
 * SQLite file through src/db: adding and importing numbers, issuing them in
 * order until the pool runs out with the low warning on the way, no number
 * issued twice by threads racing on their own connections, the wrong key
 * refused without using up a number, and no plain-text BSN anywhere in the
 * database file or its WAL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bsn.h"
#include "db/db.h"
#include "store/bsn_pool.h"
#include "store/personal_data.h"
#include "util/log.h"
#include "util/sealed.h"
#include "file_scan.h"

/* Numbers in the pool of the concurrency test, and threads racing. */
#define POOL_SIZE 120
#define THREADS 6

struct fixture {
    char dir[64];
    char path[128];
    struct db *db;
    struct sealed_key *key;
    struct sealed_key *other;
};

/* The n-th valid BSN counting up from 100000000 (n from 0). */
static void
nth_bsn(int n, char out[BSN_TEXT])
{
    static const int w[8] = {9, 8, 7, 6, 5, 4, 3, 2};
    int found = -1;

    for (long p = 10000000L;; p++) {
        char s[BSN_TEXT];
        int sum = 0;
        snprintf(s, sizeof s, "%08ld0", p);
        for (int i = 0; i < 8; i++) {
            sum += w[i] * (s[i] - '0');
        }
        if (sum % 11 == 10) {
            continue; /* no check digit completes this prefix */
        }
        s[8] = (char)('0' + sum % 11);
        if (++found == n) {
            assert_true(bsn_valid(s));
            memcpy(out, s, BSN_TEXT);
            return;
        }
    }
}

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    unsigned char raw[SEALED_KEY_BYTES];

    if (f == NULL || sodium_init() < 0) {
        free(f);
        return -1;
    }
    log_set_level(LOG_LEVEL_ERROR);
    snprintf(f->dir, sizeof f->dir, "/tmp/onestop-bsnpool-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
    randombytes_buf(raw, sizeof raw);
    if (sealed_key_from_bytes(raw, &f->key) != STATUS_OK) {
        return -1;
    }
    randombytes_buf(raw, sizeof raw);
    if (sealed_key_from_bytes(raw, &f->other) != STATUS_OK) {
        return -1;
    }
    sodium_memzero(raw, sizeof raw);
    if (db_open_sqlite(f->path, &f->db) != STATUS_OK) {
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[160];

    db_close(f->db);
    sealed_key_free(&f->key);
    sealed_key_free(&f->other);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
        (void)unlink(p);
    }
    (void)rmdir(f->dir);
    free(f);
    return 0;
}

static void
test_add_find_count(void **state)
{
    struct fixture *f = *state;
    int64_t id = 0;
    int64_t id2 = 0;
    int64_t unused = -1;
    int64_t issued = -1;
    bool was_issued = true;

    assert_int_equal(store_bsn_pool_count(f->db, &unused, &issued), STATUS_OK);
    assert_int_equal(unused, 0);
    assert_int_equal(issued, 0);
    /* A new database accepts any key until one has sealed something. */
    assert_int_equal(store_personal_data_key_check(f->db, f->other), STATUS_OK);

    assert_int_equal(
        store_bsn_pool_add(f->db, f->key, "111222333", "2026-A", &id),
        STATUS_OK);
    assert_true(id > 0);
    assert_int_equal(store_bsn_pool_add(f->db, f->key, "123456782", "", &id2),
                     STATUS_OK);
    assert_true(id2 > id);
    /* Once in the pool, whatever the batch. */
    assert_int_equal(
        store_bsn_pool_add(f->db, f->key, "111222333", "2026-B", &id2),
        STATUS_CONFLICT);
    /* Only valid numbers and printable batch references. */
    assert_int_equal(store_bsn_pool_add(f->db, f->key, "111222334", "", &id2),
                     STATUS_INPUT);
    assert_int_equal(store_bsn_pool_add(f->db, f->key, "12345678", "", &id2),
                     STATUS_INPUT);
    assert_int_equal(store_bsn_pool_add(f->db, f->key, NULL, "", &id2),
                     STATUS_INPUT);
    assert_int_equal(
        store_bsn_pool_add(f->db, f->key, "999999990", "a\nb", &id2),
        STATUS_INPUT);

    assert_int_equal(
        store_bsn_pool_find(f->db, f->key, "111222333", &id2, &was_issued),
        STATUS_OK);
    assert_int_equal(id2, id);
    assert_false(was_issued);
    assert_int_equal(
        store_bsn_pool_find(f->db, f->key, "999999990", &id2, NULL),
        STATUS_NOT_FOUND);
    assert_int_equal(store_bsn_pool_find(f->db, f->key, "1112223", &id2, NULL),
                     STATUS_INPUT);
    /* Under another key the hash differs: not found, never a false hit. */
    assert_int_equal(
        store_bsn_pool_find(f->db, f->other, "111222333", &id2, NULL),
        STATUS_NOT_FOUND);

    assert_int_equal(store_bsn_pool_count(f->db, &unused, &issued), STATUS_OK);
    assert_int_equal(unused, 2);
    assert_int_equal(issued, 0);
    assert_int_equal(store_personal_data_key_check(f->db, f->key), STATUS_OK);
    assert_int_equal(store_personal_data_key_check(f->db, f->other),
                     STATUS_CONFLICT);
}

static void
test_issue_until_empty(void **state)
{
    struct fixture *f = *state;
    struct store_bsn_issued got;
    char bsn[BSN_TEXT];
    int64_t id = 0;
    int64_t unused = 0;
    int64_t issued = 0;
    bool was_issued = false;

    for (int i = 0; i < 5; i++) {
        nth_bsn(i, bsn);
        assert_int_equal(store_bsn_pool_add(f->db, f->key, bsn, "", &id),
                         STATUS_OK);
    }
    /* Oldest first; the level follows the threshold of 3. */
    for (int i = 0; i < 5; i++) {
        memset(&got, 0, sizeof got);
        assert_int_equal(
            store_bsn_pool_issue(f->db, f->key, 0, "newcomer:1", 3, &got),
            STATUS_OK);
        nth_bsn(i, bsn);
        assert_string_equal(got.bsn, bsn);
        assert_int_equal(got.remaining, 4 - i);
        assert_int_equal(got.level, got.remaining == 0  ? BSN_POOL_EMPTY
                                    : got.remaining < 3 ? BSN_POOL_LOW
                                                        : BSN_POOL_OK);
        assert_int_equal(
            store_bsn_pool_find(f->db, f->key, bsn, &id, &was_issued),
            STATUS_OK);
        assert_int_equal(id, got.pool_id);
        assert_true(was_issued);
    }
    /* The pool has run out. */
    memset(&got, 0, sizeof got);
    assert_int_equal(
        store_bsn_pool_issue(f->db, f->key, 0, "newcomer:2", 3, &got),
        STATUS_NOT_FOUND);
    assert_int_equal(got.pool_id, 0);
    assert_int_equal(store_bsn_pool_count(f->db, &unused, &issued), STATUS_OK);
    assert_int_equal(unused, 0);
    assert_int_equal(issued, 5);
    /* An issued number cannot come back in. */
    nth_bsn(0, bsn);
    assert_int_equal(store_bsn_pool_add(f->db, f->key, bsn, "", &id),
                     STATUS_CONFLICT);
    /* References are bounded and printable. */
    nth_bsn(5, bsn);
    assert_int_equal(store_bsn_pool_add(f->db, f->key, bsn, "", &id),
                     STATUS_OK);
    assert_int_equal(
        store_bsn_pool_issue(f->db, f->key, 0, "newcomer:\x01", 3, &got),
        STATUS_INPUT);
    assert_int_equal(store_bsn_pool_count(f->db, &unused, &issued), STATUS_OK);
    assert_int_equal(unused, 1);
}

static void
test_wrong_key_uses_nothing(void **state)
{
    struct fixture *f = *state;
    struct store_bsn_issued got;
    int64_t id = 0;
    int64_t unused = 0;
    int64_t issued = 0;

    assert_int_equal(store_bsn_pool_add(f->db, f->key, "111222333", "", &id),
                     STATUS_OK);
    assert_int_equal(
        store_bsn_pool_issue(f->db, f->other, 0, "newcomer:1", 20, &got),
        STATUS_INTERNAL);
    /* Rolled back: the number is still there for the right key. */
    assert_int_equal(store_bsn_pool_count(f->db, &unused, &issued), STATUS_OK);
    assert_int_equal(unused, 1);
    assert_int_equal(issued, 0);
    assert_int_equal(
        store_bsn_pool_issue(f->db, f->key, 0, "newcomer:1", 20, &got),
        STATUS_OK);
    assert_string_equal(got.bsn, "111222333");
    assert_int_equal(got.level, BSN_POOL_EMPTY);
}

static void
test_import(void **state)
{
    struct fixture *f = *state;
    static const char good[] = "# allocation 2026-12, municipality\n"
                               "111222333\r\n"
                               "123456782\r\n"
                               "\n"
                               "999999990\n"
                               "123456782\n";
    static const char bad[] = "100000009\n"
                              "111222334\n"
                              "12345678\n"
                              "010000008\n"
                              "abc\n";
    struct store_bsn_import_report r;
    int64_t unused = 0;
    int64_t issued = 0;

    assert_int_equal(
        store_bsn_pool_import(f->db, f->key, good, strlen(good), "2026-12", &r),
        STATUS_OK);
    assert_int_equal(r.added, 3);
    assert_int_equal(r.already, 1); /* twice in the list */
    assert_int_equal(r.bad, 0);
    /* Again: nothing new. */
    assert_int_equal(
        store_bsn_pool_import(f->db, f->key, good, strlen(good), "2026-12", &r),
        STATUS_OK);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.already, 4);
    /* A bad list changes nothing, and names its bad lines. */
    assert_int_equal(
        store_bsn_pool_import(f->db, f->key, bad, strlen(bad), "2026-13", &r),
        STATUS_INPUT);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.bad, 3);
    assert_int_equal(r.bad_lines[0].line, 2);
    assert_int_equal(r.bad_lines[0].why, BSN_ERR_CHECKSUM);
    assert_int_equal(r.bad_lines[1].line, 3);
    assert_int_equal(r.bad_lines[1].why, BSN_ERR_LENGTH);
    assert_int_equal(r.bad_lines[2].line, 5);
    assert_int_equal(r.bad_lines[2].why, BSN_ERR_CHARACTERS);
    assert_int_equal(store_bsn_pool_count(f->db, &unused, &issued), STATUS_OK);
    assert_int_equal(unused, 3);
    assert_int_equal(store_bsn_pool_import(f->db, f->key, "", 0, "", &r),
                     STATUS_OK);
    assert_int_equal(r.added, 0);
    assert_int_equal(store_bsn_pool_import(f->db, f->key, good, strlen(good),
                                           "bad\tbatch", &r),
                     STATUS_INPUT);
}

struct racer {
    const char *path;
    const struct sealed_key *key;
    char got[POOL_SIZE][BSN_TEXT];
    int count;
    int failures;
};

static void *
race(void *arg)
{
    struct racer *r = arg;
    struct db *db = NULL;

    if (db_open_sqlite(r->path, &db) != STATUS_OK) {
        r->failures++;
        return NULL;
    }
    for (;;) {
        struct store_bsn_issued got;
        enum status st =
            store_bsn_pool_issue(db, r->key, 0, "newcomer:race", 10, &got);
        if (st == STATUS_NOT_FOUND) {
            break;
        }
        if (st == STATUS_RETRY) {
            continue; /* busy beyond the runner's attempts: ask again */
        }
        if (st != STATUS_OK || r->count >= POOL_SIZE) {
            r->failures++;
            break;
        }
        memcpy(r->got[r->count++], got.bsn, BSN_TEXT);
    }
    db_close(db);
    return NULL;
}

static int
compare_bsn(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void
test_concurrent_issue_never_twice(void **state)
{
    struct fixture *f = *state;
    static struct racer racers[THREADS];
    static char all[POOL_SIZE][BSN_TEXT];
    pthread_t threads[THREADS];
    char bsn[BSN_TEXT];
    int64_t id = 0;
    int total = 0;

    for (int i = 0; i < POOL_SIZE; i++) {
        nth_bsn(i, bsn);
        assert_int_equal(store_bsn_pool_add(f->db, f->key, bsn, "", &id),
                         STATUS_OK);
    }
    for (int t = 0; t < THREADS; t++) {
        memset(&racers[t], 0, sizeof racers[t]);
        racers[t].path = f->path;
        racers[t].key = f->key;
        assert_int_equal(pthread_create(&threads[t], NULL, race, &racers[t]),
                         0);
    }
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
        assert_int_equal(racers[t].failures, 0);
        for (int i = 0; i < racers[t].count; i++) {
            assert_true(total < POOL_SIZE);
            memcpy(all[total++], racers[t].got[i], BSN_TEXT);
        }
    }
    /* Every number issued exactly once. */
    assert_int_equal(total, POOL_SIZE);
    qsort(all, POOL_SIZE, BSN_TEXT, compare_bsn);
    for (int i = 0; i < POOL_SIZE; i++) {
        nth_bsn(i, bsn);
        assert_string_equal(all[i], bsn);
    }
}

static void
test_no_plain_text_in_file(void **state)
{
    struct fixture *f = *state;
    static const char *const suffixes[] = {"", "-wal"};
    struct store_bsn_issued got;
    char bsn[BSN_TEXT];
    char p[160];
    int64_t id = 0;
    bool marker = false;

    /* The batch reference is stored in plain text on purpose: it shows
     * that the scan below finds what is there. */
    for (int i = 0; i < 40; i++) {
        nth_bsn(i, bsn);
        assert_int_equal(
            store_bsn_pool_add(f->db, f->key, bsn, "MARKER-IN-PLAIN-TEXT", &id),
            STATUS_OK);
    }
    assert_int_equal(store_bsn_pool_add(f->db, f->key, "111222333",
                                        "MARKER-IN-PLAIN-TEXT", &id),
                     STATUS_OK);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(
            store_bsn_pool_issue(f->db, f->key, 0, "newcomer:9", 20, &got),
            STATUS_OK);
    }
    /* While open (the rows still in the WAL) and after closing (the WAL
     * checkpointed into the file). */
    for (int round = 0; round < 2; round++) {
        for (size_t s = 0; s < sizeof suffixes / sizeof suffixes[0]; s++) {
            snprintf(p, sizeof p, "%s%s", f->path, suffixes[s]);
            marker = marker || file_contains(p, "MARKER-IN-PLAIN-TEXT");
            assert_false(file_contains(p, "111222333"));
            for (int i = 0; i < 40; i++) {
                nth_bsn(i, bsn);
                if (file_contains(p, bsn)) {
                    fail_msg("%s holds the BSN %s in plain text", p, bsn);
                }
            }
        }
        assert_true(marker);
        marker = false;
        if (round == 0) {
            db_close(f->db);
            f->db = NULL;
        }
    }
    /* Reopened, the numbers are still found by hash and issued. */
    assert_int_equal(db_open_sqlite(f->path, &f->db), STATUS_OK);
    assert_int_equal(store_bsn_pool_find(f->db, f->key, "111222333", &id, NULL),
                     STATUS_OK);
    assert_int_equal(
        store_bsn_pool_issue(f->db, f->key, 0, "newcomer:9", 20, &got),
        STATUS_OK);
    nth_bsn(10, bsn);
    assert_string_equal(got.bsn, bsn);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_find_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_issue_until_empty, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_wrong_key_uses_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_issue_never_twice,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_plain_text_in_file, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

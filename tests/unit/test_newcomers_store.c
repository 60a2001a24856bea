/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Tests of store/newcomers against a temporary SQLite file through src/db:
 * a newcomer and family members inserted with their numbers sealed, found
 * again by the search hash of a travel document number written any way,
 * a number registered twice for one sponsor refused, numbers kept or
 * replaced on update, the family removed with its principal, and no
 * travel document number or V-number in plain text anywhere in the
 * database file or its WAL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "store/newcomers.h"
#include "store/sponsors.h"
#include "util/log.h"
#include "util/sealed.h"
#include "file_scan.h"

/* Newcomers of the plain-text scan. */
#define SCAN_COUNT 30

struct fixture {
    char dir[64];
    char path[128];
    struct db *db;
    struct sealed_key *key;
};

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
    snprintf(f->dir, sizeof f->dir, "/tmp/onestop-newcomers-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
    randombytes_buf(raw, sizeof raw);
    if (sealed_key_from_bytes(raw, &f->key) != STATUS_OK) {
        return -1;
    }
    sodium_memzero(raw, sizeof raw);
    if (db_open_sqlite(f->path, &f->db) != STATUS_OK ||
        store_sponsor_insert(f->db, "12345678", "Example B.V.", "2026-11-24") !=
            STATUS_OK ||
        store_sponsor_insert(f->db, "23456789", "Other B.V.", "2026-11-24") !=
            STATUS_OK) {
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
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
        (void)unlink(p);
    }
    (void)rmdir(f->dir);
    free(f);
    return 0;
}

static struct store_newcomer
person(const char *kvk, const char *given, const char *travel,
       const char *v_number)
{
    struct store_newcomer n = {
        .sponsor_kvk = kvk,
        .given_names = given,
        .surname = "Tester",
        .birth_date = "1990-05-01",
        .nationality = "IN",
        .category = "researcher",
        .email = "",
        .language = "en",
        .travel_document = travel,
        .v_number = v_number,
    };
    return n;
}

/* What a read gives back, copied. */
struct seen {
    int count;
    int64_t id;
    int64_t principal_id;
    char travel[SEALED_TEXT_MAX];
    char v_number[SEALED_TEXT_MAX];
};

static enum status
keep(void *ctx, const struct store_newcomer *row)
{
    struct seen *s = ctx;

    s->count++;
    s->id = row->id;
    s->principal_id = row->principal_id;
    assert_null(row->travel_document);
    snprintf(s->travel, sizeof s->travel, "%s",
             row->travel_document_sealed ? row->travel_document_sealed : "");
    snprintf(s->v_number, sizeof s->v_number, "%s",
             row->v_number_sealed ? row->v_number_sealed : "");
    return STATUS_OK;
}

static void
assert_opens(const struct sealed_key *key, const char *field,
             const char *sealed, const char *want)
{
    char plain[SEALED_VALUE_MAX + 1];

    assert_int_equal(sealed_open(key, field, sealed, plain), STATUS_OK);
    assert_string_equal(plain, want);
}

static void
test_insert_find_update_delete(void **state)
{
    struct fixture *f = *state;
    struct store_newcomer n =
        person("12345678", "Asha", "NX1234567", "1234567890");
    struct store_newcomer_query q = {.limit = 10};
    struct seen s = {0};
    char hash[SEALED_HASH_TEXT];
    int64_t id = 0;
    int64_t member = 0;

    assert_int_equal(store_newcomer_insert(f->db, f->key, &n, &id), STATUS_OK);
    n = person("12345678", "Ravi", NULL, NULL);
    n.principal_id = id;
    assert_int_equal(store_newcomer_insert(f->db, f->key, &n, &member),
                     STATUS_OK);
    assert_int_equal(store_newcomer_get(f->db, id, keep, &s), STATUS_OK);
    assert_opens(f->key, STORE_NEWCOMER_TRAVEL_DOCUMENT_FIELD, s.travel,
                 "NX1234567");
    assert_opens(f->key, STORE_NEWCOMER_V_NUMBER_FIELD, s.v_number,
                 "1234567890");
    /* Sealed for its field: the V-number does not open as a passport. */
    {
        char plain[SEALED_VALUE_MAX + 1];
        assert_int_equal(sealed_open(f->key,
                                     STORE_NEWCOMER_TRAVEL_DOCUMENT_FIELD,
                                     s.v_number, plain),
                         STATUS_FORBIDDEN);
    }
    /* Found by the hash of the number written another way. */
    assert_int_equal(
        sealed_hash(f->key, SEALED_KIND_TRAVEL_DOCUMENT, "nx-12 34567", hash),
        STATUS_OK);
    q.travel_document_hash = hash;
    memset(&s, 0, sizeof s);
    assert_int_equal(store_newcomer_each(f->db, &q, keep, &s), STATUS_OK);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.id, id);
    /* Only within its sponsor when asked. */
    q.sponsor_kvk = "23456789";
    memset(&s, 0, sizeof s);
    assert_int_equal(store_newcomer_each(f->db, &q, keep, &s), STATUS_OK);
    assert_int_equal(s.count, 0);
    /* The family of a principal. */
    q = (struct store_newcomer_query){.principal_id = id, .limit = 10};
    memset(&s, 0, sizeof s);
    assert_int_equal(store_newcomer_each(f->db, &q, keep, &s), STATUS_OK);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.id, member);
    assert_int_equal(s.principal_id, id);

    /* The same number twice for one sponsor, not for two. */
    n = person("12345678", "Asha again", "NX1234567", NULL);
    assert_int_equal(store_newcomer_insert(f->db, f->key, &n, &member),
                     STATUS_CONFLICT);
    n.sponsor_kvk = "23456789";
    assert_int_equal(store_newcomer_insert(f->db, f->key, &n, &member),
                     STATUS_OK);

    /* Update: the V-number kept, the travel document replaced. */
    n = person("12345678", "Asha", "PP7654321", NULL);
    assert_int_equal(store_newcomer_update(f->db, f->key, id, &n,
                                           STORE_NEWCOMER_KEEP_V_NUMBER),
                     STATUS_OK);
    memset(&s, 0, sizeof s);
    assert_int_equal(store_newcomer_get(f->db, id, keep, &s), STATUS_OK);
    assert_opens(f->key, STORE_NEWCOMER_TRAVEL_DOCUMENT_FIELD, s.travel,
                 "PP7654321");
    assert_opens(f->key, STORE_NEWCOMER_V_NUMBER_FIELD, s.v_number,
                 "1234567890");
    /* ... and both removed. */
    n.travel_document = NULL;
    n.v_number = NULL;
    assert_int_equal(store_newcomer_update(f->db, f->key, id, &n, 0),
                     STATUS_OK);
    memset(&s, 0, sizeof s);
    assert_int_equal(store_newcomer_get(f->db, id, keep, &s), STATUS_OK);
    assert_string_equal(s.travel, "");
    assert_string_equal(s.v_number, "");
    assert_int_equal(store_newcomer_update(f->db, f->key, 9999, &n, 0),
                     STATUS_NOT_FOUND);

    /* Deleting the principal takes the family with it. */
    assert_int_equal(store_newcomer_delete(f->db, id, "2026-12-01"), STATUS_OK);
    memset(&s, 0, sizeof s);
    assert_int_equal(store_newcomer_get(f->db, id, keep, &s), STATUS_NOT_FOUND);
    q = (struct store_newcomer_query){.principal_id = id, .limit = 10};
    assert_int_equal(store_newcomer_each(f->db, &q, keep, &s), STATUS_OK);
    assert_int_equal(s.count, 0);
    assert_int_equal(store_newcomer_delete(f->db, id, "2026-12-01"),
                     STATUS_NOT_FOUND);
}

static void
test_no_plain_text_in_file(void **state)
{
    struct fixture *f = *state;
    static const char *const suffixes[] = {"", "-wal"};
    char travel[SCAN_COUNT][16];
    char v_number[SCAN_COUNT][16];
    char p[160];
    bool marker = false;

    for (int i = 0; i < SCAN_COUNT; i++) {
        struct store_newcomer n;
        int64_t id = 0;
        snprintf(travel[i], sizeof travel[i], "QX%07d", 3141592 + i * 977);
        snprintf(v_number[i], sizeof v_number[i], "%010ld",
                 2718281828L + i * 1009L);
        /* The given names are stored in plain text on purpose: they show
         * that the scan below finds what is there. */
        n = person("12345678", "MARKER-IN-PLAIN-TEXT", travel[i], v_number[i]);
        assert_int_equal(store_newcomer_insert(f->db, f->key, &n, &id),
                         STATUS_OK);
    }
    /* While open (the rows still in the WAL) and after closing (the WAL
     * checkpointed into the file). */
    for (int round = 0; round < 2; round++) {
        for (size_t s = 0; s < sizeof suffixes / sizeof suffixes[0]; s++) {
            snprintf(p, sizeof p, "%s%s", f->path, suffixes[s]);
            marker = marker || file_contains(p, "MARKER-IN-PLAIN-TEXT");
            for (int i = 0; i < SCAN_COUNT; i++) {
                if (file_contains(p, travel[i]) ||
                    file_contains(p, travel[i] + 2) ||
                    file_contains(p, v_number[i])) {
                    fail_msg("%s holds newcomer %d's numbers in plain text", p,
                             i);
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
    assert_int_equal(db_open_sqlite(f->path, &f->db), STATUS_OK);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_insert_find_update_delete, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_plain_text_in_file, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

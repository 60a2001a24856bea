/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of util/sealed: sealing round trips, tampering, the wrong
 * field and the wrong key refused, search hashes stable per kind and key,
 * and key files: created 0600 and never overwritten, refused when open to
 * group or others, short, garbled, empty, too long or not a file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/sealed.h"

struct fixture {
    char dir[64];
    struct sealed_key *key;
    struct sealed_key *other;
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
    snprintf(f->dir, sizeof f->dir, "/tmp/onestop-sealed-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    randombytes_buf(raw, sizeof raw);
    if (sealed_key_from_bytes(raw, &f->key) != STATUS_OK) {
        return -1;
    }
    randombytes_buf(raw, sizeof raw);
    if (sealed_key_from_bytes(raw, &f->other) != STATUS_OK) {
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;

    sealed_key_free(&f->key);
    sealed_key_free(&f->other);
    /* Only files this test made, in its own mkdtemp folder. */
    {
        static const char *const names[] = {
            "key",  "key2", "open", "group", "short", "garbled", "empty",
            "long", "raw",  "b64",  "nopad", "dir",   "fifo",    "spaced",
        };
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            char path[128];
            snprintf(path, sizeof path, "%s/%s", f->dir, names[i]);
            (void)unlink(path);
            (void)rmdir(path);
        }
    }
    (void)rmdir(f->dir);
    free(f);
    return 0;
}

static void
path_in(const struct fixture *f, const char *name, char out[128])
{
    snprintf(out, 128, "%s/%s", f->dir, name);
}

static void
write_file(const char *path, const void *data, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

    assert_true(fd >= 0);
    assert_int_equal(fchmod(fd, mode), 0);
    if (len > 0) {
        assert_int_equal(write(fd, data, len), (ssize_t)len);
    }
    assert_int_equal(close(fd), 0);
}

static void
test_round_trip(void **state)
{
    struct fixture *f = *state;
    static const char *const values[] = {
        "111222333", "NX1234567", "2012345678", "x", "A b-C/ é",
    };
    char text[SEALED_TEXT_MAX];
    char text2[SEALED_TEXT_MAX];
    char plain[SEALED_VALUE_MAX + 1];
    char longest[SEALED_VALUE_MAX + 2];

    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        assert_int_equal(sealed_seal(f->key, "newcomers.bsn", values[i], text),
                         STATUS_OK);
        assert_memory_equal(text, "v1:", 3);
        /* (A short value may turn up in base64 by chance.) */
        if (strlen(values[i]) >= 8) {
            assert_null(strstr(text, values[i]));
        }
        assert_int_equal(sealed_open(f->key, "newcomers.bsn", text, plain),
                         STATUS_OK);
        assert_string_equal(plain, values[i]);
        /* A fresh nonce each time: equal values do not look equal. */
        assert_int_equal(sealed_seal(f->key, "newcomers.bsn", values[i], text2),
                         STATUS_OK);
        assert_string_not_equal(text, text2);
    }

    memset(longest, '7', SEALED_VALUE_MAX);
    longest[SEALED_VALUE_MAX] = '\0';
    assert_int_equal(sealed_seal(f->key, "a.b", longest, text), STATUS_OK);
    assert_true(strlen(text) < SEALED_TEXT_MAX);
    assert_int_equal(sealed_open(f->key, "a.b", text, plain), STATUS_OK);
    assert_string_equal(plain, longest);
    longest[SEALED_VALUE_MAX] = '7';
    longest[SEALED_VALUE_MAX + 1] = '\0';
    assert_int_equal(sealed_seal(f->key, "a.b", longest, text), STATUS_INPUT);
    assert_int_equal(sealed_seal(f->key, "a.b", "", text), STATUS_INPUT);
    assert_int_equal(sealed_seal(f->key, "a.b", NULL, text), STATUS_INPUT);
    /* Field names are identifiers, never data. */
    assert_int_equal(sealed_seal(f->key, "", "1", text), STATUS_INPUT);
    assert_int_equal(sealed_seal(f->key, NULL, "1", text), STATUS_INPUT);
    assert_int_equal(sealed_seal(f->key, "Bsn", "1", text), STATUS_INPUT);
    assert_int_equal(sealed_seal(f->key, "a b", "1", text), STATUS_INPUT);
}

static void
test_tampering_detected(void **state)
{
    struct fixture *f = *state;
    unsigned char blob[512];
    char text[SEALED_TEXT_MAX];
    char forged[SEALED_TEXT_MAX];
    char plain[SEALED_VALUE_MAX + 1];
    size_t len = 0;

    assert_int_equal(sealed_seal(f->key, "bsn_pool.bsn", "123456782", text),
                     STATUS_OK);
    assert_int_equal(sodium_base642bin(blob, sizeof blob, text + 3,
                                       strlen(text + 3), NULL, &len, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    assert_int_equal(len, 24 + 9 + 16);
    /* Every bit of nonce, ciphertext and tag matters. */
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            blob[i] ^= (unsigned char)(1u << bit);
            memcpy(forged, "v1:", 3);
            sodium_bin2base64(forged + 3, sizeof forged - 3, blob, len,
                              sodium_base64_VARIANT_ORIGINAL);
            memset(plain, 'x', sizeof plain);
            assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", forged, plain),
                             STATUS_FORBIDDEN);
            /* Nothing of a refused value is left in the output. */
            assert_int_equal(plain[0], '\0');
            blob[i] ^= (unsigned char)(1u << bit);
        }
    }
    /* Cut short, lengthened, or not sealed text at all. */
    for (size_t cut = 3; cut < strlen(text); cut += 4) {
        memcpy(forged, text, cut);
        forged[cut] = '\0';
        assert_int_not_equal(sealed_open(f->key, "bsn_pool.bsn", forged, plain),
                             STATUS_OK);
    }
    assert_true(strlen(text) + 5 <= sizeof forged);
    memcpy(forged, text, strlen(text));
    memcpy(forged + strlen(text), "AAAA", 5);
    assert_int_not_equal(sealed_open(f->key, "bsn_pool.bsn", forged, plain),
                         STATUS_OK);
    memcpy(forged, text, strlen(text) + 1);
    forged[1] = '2';
    assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", forged, plain),
                     STATUS_INPUT);
    assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", "123456782", plain),
                     STATUS_INPUT);
    assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", "v1:!!!!", plain),
                     STATUS_INPUT);
    assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", "v1:", plain),
                     STATUS_INPUT);
    assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", NULL, plain),
                     STATUS_INPUT);
    {
        char huge[2048];
        memset(huge, 'A', sizeof huge - 1);
        huge[sizeof huge - 1] = '\0';
        memcpy(huge, "v1:", 3);
        assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", huge, plain),
                         STATUS_INPUT);
    }
    /* The untouched value still opens. */
    assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", text, plain),
                     STATUS_OK);
    assert_string_equal(plain, "123456782");
}

static void
test_wrong_field_and_key(void **state)
{
    struct fixture *f = *state;
    char text[SEALED_TEXT_MAX];
    char plain[SEALED_VALUE_MAX + 1];

    assert_int_equal(sealed_seal(f->key, "newcomers.bsn", "111222333", text),
                     STATUS_OK);
    /* Copied into another column, it does not open there. */
    assert_int_equal(sealed_open(f->key, "newcomers.v_number", text, plain),
                     STATUS_FORBIDDEN);
    assert_int_equal(sealed_open(f->key, "bsn_pool.bsn", text, plain),
                     STATUS_FORBIDDEN);
    assert_int_equal(sealed_open(f->key, "newcomers.bsn.", text, plain),
                     STATUS_FORBIDDEN);
    /* Under another key, it does not open at all. */
    assert_int_equal(sealed_open(f->other, "newcomers.bsn", text, plain),
                     STATUS_FORBIDDEN);
    assert_int_equal(sealed_open(f->key, "newcomers.bsn", text, plain),
                     STATUS_OK);
    assert_string_equal(plain, "111222333");
}

static void
test_hash(void **state)
{
    struct fixture *f = *state;
    char a[SEALED_HASH_TEXT];
    char b[SEALED_HASH_TEXT];
    char norm[SEALED_VALUE_MAX + 1];

    assert_int_equal(sealed_hash(f->key, SEALED_KIND_BSN, "111222333", a),
                     STATUS_OK);
    assert_int_equal(strlen(a), 64);
    assert_int_equal(strspn(a, "0123456789abcdef"), 64);
    assert_null(strstr(a, "111222333"));
    /* Stable: the same value of the same kind under the same key. */
    assert_int_equal(sealed_hash(f->key, SEALED_KIND_BSN, "111222333", b),
                     STATUS_OK);
    assert_string_equal(a, b);
    /* Different per kind, per value and per key. */
    assert_int_equal(sealed_hash(f->key, SEALED_KIND_V_NUMBER, "111222333", b),
                     STATUS_OK);
    assert_string_not_equal(a, b);
    assert_int_equal(
        sealed_hash(f->key, SEALED_KIND_TRAVEL_DOCUMENT, "111222333", b),
        STATUS_OK);
    assert_string_not_equal(a, b);
    assert_int_equal(sealed_hash(f->key, SEALED_KIND_BSN, "123456782", b),
                     STATUS_OK);
    assert_string_not_equal(a, b);
    assert_int_equal(sealed_hash(f->other, SEALED_KIND_BSN, "111222333", b),
                     STATUS_OK);
    assert_string_not_equal(a, b);
    /* A kind and value cannot pass for another kind and value. */
    assert_int_equal(sealed_hash(f->key, "bsn1", "11222333", b), STATUS_OK);
    assert_string_not_equal(a, b);

    /* Normalised: typed with spaces, dashes or in lower case, a travel
     * document number finds the same row. */
    assert_int_equal(
        sealed_hash(f->key, SEALED_KIND_TRAVEL_DOCUMENT, "NXC12T4R5", a),
        STATUS_OK);
    assert_int_equal(
        sealed_hash(f->key, SEALED_KIND_TRAVEL_DOCUMENT, " nxc-12t4.r5 ", b),
        STATUS_OK);
    assert_string_equal(a, b);
    assert_int_equal(sealed_normalise("nx-12 34.5/a\t", norm), STATUS_OK);
    assert_string_equal(norm, "NX12345A");
    assert_int_equal(sealed_normalise(" - ", norm), STATUS_INPUT);
    assert_int_equal(sealed_normalise("", norm), STATUS_INPUT);
    assert_int_equal(sealed_normalise("NX\n12", norm), STATUS_INPUT);
    assert_int_equal(sealed_normalise("Ä12", norm), STATUS_INPUT);
    assert_int_equal(sealed_normalise(NULL, norm), STATUS_INPUT);
    assert_int_equal(sealed_hash(f->key, SEALED_KIND_BSN, "", a), STATUS_INPUT);
    assert_int_equal(sealed_hash(f->key, "", "1", a), STATUS_INPUT);
    assert_int_equal(sealed_hash(f->key, "BSN", "1", a), STATUS_INPUT);
}

static void
test_key_from_bytes(void **state)
{
    unsigned char raw[SEALED_KEY_BYTES];
    struct sealed_key *k1 = NULL;
    struct sealed_key *k2 = NULL;
    char id1[SEALED_KEY_ID_TEXT];
    char id2[SEALED_KEY_ID_TEXT];
    char h1[SEALED_HASH_TEXT];
    char h2[SEALED_HASH_TEXT];

    (void)state;
    memset(raw, 0x42, sizeof raw);
    assert_int_equal(sealed_key_from_bytes(raw, &k1), STATUS_OK);
    assert_int_equal(sealed_key_from_bytes(raw, &k2), STATUS_OK);
    sealed_key_id(k1, id1);
    sealed_key_id(k2, id2);
    assert_int_equal(strlen(id1), 16);
    assert_string_equal(id1, id2);
    assert_int_equal(sealed_hash(k1, SEALED_KIND_BSN, "111222333", h1),
                     STATUS_OK);
    assert_int_equal(sealed_hash(k2, SEALED_KIND_BSN, "111222333", h2),
                     STATUS_OK);
    assert_string_equal(h1, h2);
    /* The key id is not the key, nor a hash anyone can compute without
     * it. */
    assert_null(strstr(id1, "4242"));
    sealed_key_free(&k1);
    assert_null(k1);
    sealed_key_free(&k1);
    sealed_key_free(NULL);
    raw[0] = 0x43;
    assert_int_equal(sealed_key_from_bytes(raw, &k1), STATUS_OK);
    sealed_key_id(k1, id1);
    assert_string_not_equal(id1, id2);
    sealed_key_free(&k1);
    sealed_key_free(&k2);
}

static void
test_key_file_generate_and_load(void **state)
{
    struct fixture *f = *state;
    char path[128];
    char err[SEALED_ERROR_MAX];
    char id_new[SEALED_KEY_ID_TEXT];
    char id_loaded[SEALED_KEY_ID_TEXT];
    char text[SEALED_TEXT_MAX];
    char plain[SEALED_VALUE_MAX + 1];
    char before[128];
    char after[128];
    struct sealed_key *k1 = NULL;
    struct sealed_key *k2 = NULL;
    struct stat sb;
    FILE *fp;
    size_t n;

    path_in(f, "key", path);
    assert_int_equal(sealed_key_generate_file(path, id_new, err), STATUS_OK);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* 32 bytes in base64 and a line end. */
    assert_int_equal(sb.st_size, 45);
    assert_int_equal(sealed_key_load(path, &k1, err), STATUS_OK);
    sealed_key_id(k1, id_loaded);
    assert_string_equal(id_new, id_loaded);
    assert_non_null(strstr(err, id_loaded));

    /* Never overwritten. */
    fp = fopen(path, "rb");
    assert_non_null(fp);
    n = fread(before, 1, sizeof before, fp);
    fclose(fp);
    assert_int_equal(sealed_key_generate_file(path, NULL, err),
                     STATUS_CONFLICT);
    assert_non_null(strstr(err, "already exists"));
    fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(after, 1, sizeof after, fp), n);
    fclose(fp);
    assert_memory_equal(before, after, n);

    /* A value sealed under the loaded key opens under a second load. */
    assert_int_equal(sealed_seal(k1, "t.v", "999999990", text), STATUS_OK);
    assert_int_equal(sealed_key_load(path, &k2, err), STATUS_OK);
    assert_int_equal(sealed_open(k2, "t.v", text, plain), STATUS_OK);
    assert_string_equal(plain, "999999990");
    /* A second new key is another key. */
    sealed_key_free(&k2);
    path_in(f, "key2", path);
    assert_int_equal(sealed_key_generate_file(path, id_loaded, err), STATUS_OK);
    assert_string_not_equal(id_new, id_loaded);
    assert_int_equal(sealed_key_load(path, &k2, err), STATUS_OK);
    assert_int_equal(sealed_open(k2, "t.v", text, plain), STATUS_FORBIDDEN);

    /* No folder, no file. */
    assert_int_equal(
        sealed_key_generate_file("/nonexistent-onestop/x/key", NULL, err),
        STATUS_INPUT);
    assert_non_null(strstr(err, "cannot create"));
    sealed_key_free(&k1);
    sealed_key_free(&k2);
}

static void
test_key_file_formats(void **state)
{
    struct fixture *f = *state;
    unsigned char raw[SEALED_KEY_BYTES];
    char b64[64];
    char path[128];
    char err[SEALED_ERROR_MAX];
    char id_a[SEALED_KEY_ID_TEXT];
    char id_b[SEALED_KEY_ID_TEXT];
    struct sealed_key *direct = NULL;
    struct sealed_key *k = NULL;

    randombytes_buf(raw, sizeof raw);
    assert_int_equal(sealed_key_from_bytes(raw, &direct), STATUS_OK);
    sealed_key_id(direct, id_a);

    /* Raw bytes. */
    path_in(f, "raw", path);
    write_file(path, raw, sizeof raw, 0600);
    assert_int_equal(sealed_key_load(path, &k, err), STATUS_OK);
    sealed_key_id(k, id_b);
    assert_string_equal(id_a, id_b);
    sealed_key_free(&k);

    /* Base64 without a line end, and without padding. */
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
                      sodium_base64_VARIANT_ORIGINAL);
    path_in(f, "b64", path);
    write_file(path, b64, strlen(b64), 0600);
    assert_int_equal(sealed_key_load(path, &k, err), STATUS_OK);
    sealed_key_id(k, id_b);
    assert_string_equal(id_a, id_b);
    sealed_key_free(&k);
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    path_in(f, "nopad", path);
    write_file(path, b64, strlen(b64), 0400);
    assert_int_equal(sealed_key_load(path, &k, err), STATUS_OK);
    sealed_key_id(k, id_b);
    assert_string_equal(id_a, id_b);
    sealed_key_free(&k);
    /* White space around it, as an editor may leave. */
    {
        char spaced[96];
        sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
                          sodium_base64_VARIANT_ORIGINAL);
        snprintf(spaced, sizeof spaced, "  %s\r\n\n", b64);
        path_in(f, "spaced", path);
        write_file(path, spaced, strlen(spaced), 0600);
        assert_int_equal(sealed_key_load(path, &k, err), STATUS_OK);
        sealed_key_id(k, id_b);
        assert_string_equal(id_a, id_b);
        sealed_key_free(&k);
    }
    sealed_key_free(&direct);
}

static void
expect_refused(const char *path, enum status want, const char *message)
{
    char err[SEALED_ERROR_MAX];
    struct sealed_key *k = NULL;
    enum status st = sealed_key_load(path, &k, err);

    if (st != want || strstr(err, message) == NULL ||
        strstr(err, path) == NULL) {
        fail_msg("%s: got %s \"%s\", expected %s with \"%s\"", path,
                 status_name(st), err, status_name(want), message);
    }
    assert_null(k);
}

static void
test_key_file_refused(void **state)
{
    struct fixture *f = *state;
    unsigned char raw[SEALED_KEY_BYTES];
    char b64[96];
    char path[128];
    char long_text[300];

    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
                      sodium_base64_VARIANT_ORIGINAL);

    /* Open to others or to the group: refused, and told how to fix. */
    path_in(f, "open", path);
    write_file(path, b64, strlen(b64), 0644);
    expect_refused(path, STATUS_INPUT, "chmod 600");
    expect_refused(path, STATUS_INPUT, "mode 644");
    path_in(f, "group", path);
    write_file(path, b64, strlen(b64), 0640);
    expect_refused(path, STATUS_INPUT, "group or others");
    assert_int_equal(chmod(path, 0602), 0);
    expect_refused(path, STATUS_INPUT, "group or others");
    assert_int_equal(chmod(path, 0600), 0);
    {
        char err[SEALED_ERROR_MAX];
        struct sealed_key *k = NULL;
        assert_int_equal(sealed_key_load(path, &k, err), STATUS_OK);
        sealed_key_free(&k);
    }

    /* Short: the base64 of 16 bytes. */
    sodium_bin2base64(b64, sizeof b64, raw, 16, sodium_base64_VARIANT_ORIGINAL);
    path_in(f, "short", path);
    write_file(path, b64, strlen(b64), 0600);
    expect_refused(path, STATUS_INPUT, "does not hold exactly 32 bytes");
    /* 32 characters of base64: a 24-byte key, not 32 raw bytes. */
    sodium_bin2base64(b64, sizeof b64, raw, 24, sodium_base64_VARIANT_ORIGINAL);
    assert_int_equal(strlen(b64), 32);
    write_file(path, b64, strlen(b64), 0600);
    expect_refused(path, STATUS_INPUT, "does not hold exactly 32 bytes");
    /* Garbled: neither raw nor base64. */
    path_in(f, "garbled", path);
    write_file(path, "this is not a key at all\n", 25, 0600);
    expect_refused(path, STATUS_INPUT, "not a key");
    /* 31 raw bytes. */
    write_file(path, raw, 31, 0600);
    expect_refused(path, STATUS_INPUT, "not a key");
    path_in(f, "empty", path);
    write_file(path, "", 0, 0600);
    expect_refused(path, STATUS_INPUT, "empty");
    memset(long_text, 'A', sizeof long_text);
    path_in(f, "long", path);
    write_file(path, long_text, sizeof long_text, 0600);
    expect_refused(path, STATUS_INPUT, "not a key file");

    path_in(f, "missing", path);
    expect_refused(path, STATUS_NOT_FOUND, "onestop keygen");
    path_in(f, "dir", path);
    assert_int_equal(mkdir(path, 0700), 0);
    expect_refused(path, STATUS_INPUT, "not a regular file");
    path_in(f, "fifo", path);
    assert_int_equal(mkfifo(path, 0600), 0);
    expect_refused(path, STATUS_INPUT, "not a regular file");
    {
        char err[SEALED_ERROR_MAX];
        struct sealed_key *k = NULL;
        assert_int_equal(sealed_key_load("", &k, err), STATUS_INPUT);
        assert_int_equal(sealed_key_load(NULL, &k, err), STATUS_INPUT);
        assert_null(k);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_tampering_detected),
        cmocka_unit_test(test_wrong_field_and_key),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_key_from_bytes),
        cmocka_unit_test(test_key_file_generate_and_load),
        cmocka_unit_test(test_key_file_formats),
        cmocka_unit_test(test_key_file_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Sealed fields: the key file, XChaCha20-Poly1305 with the field as
 * associated data, keyed BLAKE2b search hashes. */
#include "util/sealed.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* crypto_kdf context (8 bytes) and subkey ids: never change them, or every
 * sealed value and hash in every database becomes unreadable. */
#define SEALED_KDF_CONTEXT "onestopP"
#define SEALED_SUBKEY_SEAL 1
#define SEALED_SUBKEY_HASH 2
#define SEALED_SUBKEY_ID 3
#define SEALED_PREFIX "v1:"
#define SEALED_PREFIX_LEN 3
#define SEALED_NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEALED_TAG crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SEALED_BLOB_MAX (SEALED_NONCE + SEALED_VALUE_MAX + SEALED_TAG)
#define SEALED_HASH_BYTES 32
#define SEALED_ID_BYTES 8

_Static_assert(SEALED_KEY_BYTES == crypto_kdf_KEYBYTES, "master key size");
_Static_assert(SEALED_PREFIX_LEN +
                       sodium_base64_ENCODED_LEN(
                           SEALED_BLOB_MAX, sodium_base64_VARIANT_ORIGINAL) <=
                   SEALED_TEXT_MAX,
               "sealed text buffer too small");
_Static_assert(SEALED_HASH_TEXT == 2 * SEALED_HASH_BYTES + 1, "hash text");
_Static_assert(SEALED_KEY_ID_TEXT == 2 * SEALED_ID_BYTES + 1, "key id text");

struct sealed_key {
    unsigned char seal[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    unsigned char hash[crypto_generichash_KEYBYTES];
    char id[SEALED_KEY_ID_TEXT];
    bool locked; /* sodium_mlock succeeded: unlock (and wipe) on free */
};

static bool
sealed_field_ok(const char *field)
{
    size_t len;

    if (field == NULL) {
        return false;
    }
    len = strnlen(field, SEALED_FIELD_MAX + 1);
    if (len == 0 || len > SEALED_FIELD_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = field[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.')) {
            return false;
        }
    }
    return true;
}

enum status
sealed_key_from_bytes(const unsigned char raw[SEALED_KEY_BYTES],
                      struct sealed_key **out)
{
    struct sealed_key *key = NULL;
    unsigned char id[crypto_kdf_BYTES_MIN];

    if (sodium_init() < 0) {
        return STATUS_INTERNAL;
    }
    key = calloc(1, sizeof *key);
    if (key == NULL) {
        return STATUS_NOMEM;
    }
    /* Keep the subkeys out of swap and core dumps where the system lets
     * us; a low RLIMIT_MEMLOCK is not a reason to refuse to start. */
    key->locked = sodium_mlock(key, sizeof *key) == 0;
    if (crypto_kdf_derive_from_key(key->seal, sizeof key->seal,
                                   SEALED_SUBKEY_SEAL, SEALED_KDF_CONTEXT,
                                   raw) != 0 ||
        crypto_kdf_derive_from_key(key->hash, sizeof key->hash,
                                   SEALED_SUBKEY_HASH, SEALED_KDF_CONTEXT,
                                   raw) != 0 ||
        crypto_kdf_derive_from_key(id, sizeof id, SEALED_SUBKEY_ID,
                                   SEALED_KDF_CONTEXT, raw) != 0) {
        sealed_key_free(&key);
        return STATUS_INTERNAL;
    }
    sodium_bin2hex(key->id, sizeof key->id, id, SEALED_ID_BYTES);
    sodium_memzero(id, sizeof id);
    *out = key;
    return STATUS_OK;
}

void
sealed_key_free(struct sealed_key **key)
{
    if (key == NULL || *key == NULL) {
        return;
    }
    if ((*key)->locked) {
        sodium_munlock(*key, sizeof **key); /* wipes, then unlocks */
    } else {
        sodium_memzero(*key, sizeof **key);
    }
    free(*key);
    *key = NULL;
}

void
sealed_key_id(const struct sealed_key *key, char out[SEALED_KEY_ID_TEXT])
{
    memcpy(out, key->id, SEALED_KEY_ID_TEXT);
}

/* Reads up to cap bytes of fd into buf; -1 on a read error. */
static ssize_t
sealed_read_all(int fd, unsigned char *buf, size_t cap)
{
    size_t got = 0;

    while (got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -1;
        }
        if (n == 0) {
            break;
        }
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* Decodes the key file's bytes into raw: exactly SEALED_KEY_BYTES bytes
 * are the key itself; anything else must be base64 of that many bytes,
 * with white space around it. Returns NULL or what is wrong. */
static const char *
sealed_parse_key(const unsigned char *buf, size_t len,
                 unsigned char raw[SEALED_KEY_BYTES])
{
    unsigned char bin[SEALED_KEY_FILE_MAX];
    const char *s = (const char *)buf;
    const char *e = s + len;
    const char *end = NULL;
    size_t bin_len = 0;
    const char *why = NULL;
    static const int variants[] = {sodium_base64_VARIANT_ORIGINAL,
                                   sodium_base64_VARIANT_ORIGINAL_NO_PADDING};

    if (len == SEALED_KEY_BYTES) {
        /* 32 random bytes are all base64 characters with a chance of
         * 4^-32: such a file is text, the base64 of a shorter key. */
        size_t text = 0;

        while (text < len && buf[text] != '\0' &&
               strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                      "0123456789+/=\r\n",
                      buf[text]) != NULL) {
            text++;
        }
        if (text < len) {
            memcpy(raw, buf, SEALED_KEY_BYTES);
            return NULL;
        }
    }
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        s++;
    }
    while (e > s &&
           (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) {
        e--;
    }
    why = "not a key: expected 32 random bytes, raw or in base64 as "
          "`onestop keygen` writes them";
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        if (s < e &&
            sodium_base642bin(bin, sizeof bin, s, (size_t)(e - s), NULL,
                              &bin_len, &end, variants[v]) == 0 &&
            end == e) {
            if (bin_len == SEALED_KEY_BYTES) {
                memcpy(raw, bin, SEALED_KEY_BYTES);
                why = NULL;
            } else {
                why = "not a key: its base64 does not hold exactly 32 bytes "
                      "(truncated or damaged?)";
            }
            break;
        }
    }
    sodium_memzero(bin, sizeof bin);
    return why;
}

enum status
sealed_key_load(const char *path, struct sealed_key **out,
                char err[SEALED_ERROR_MAX])
{
    unsigned char buf[SEALED_KEY_FILE_MAX + 1];
    unsigned char raw[SEALED_KEY_BYTES];
    struct stat sb;
    const char *why = NULL;
    ssize_t len = 0;
    int fd = -1;
    enum status st = STATUS_INPUT;

    snprintf(err, SEALED_ERROR_MAX, "%s: not read", path ? path : "(null)");
    if (path == NULL || *path == '\0') {
        snprintf(err, SEALED_ERROR_MAX, "no key file given");
        return STATUS_INPUT;
    }
    /* O_NONBLOCK: a FIFO in the key's place must not hang start-up; it is
     * refused below as not a regular file. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) {
            snprintf(err, SEALED_ERROR_MAX,
                     "%s: no such key file (create one with: onestop keygen "
                     "--key %s)",
                     path, path);
            return STATUS_NOT_FOUND;
        }
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot open the key file: %s",
                 path, strerror(errno));
        return STATUS_INPUT;
    }
    if (fstat(fd, &sb) != 0) {
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot inspect the key file: %s",
                 path, strerror(errno));
        st = STATUS_INTERNAL;
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, SEALED_ERROR_MAX,
                 "%s: the key file is not a regular "
                 "file",
                 path);
        goto out;
    }
    if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        snprintf(err, SEALED_ERROR_MAX,
                 "%s: the key file is open to group or others (mode %03o); "
                 "make it private with: chmod 600 %s",
                 path, (unsigned)(sb.st_mode & 0777), path);
        goto out;
    }
    len = sealed_read_all(fd, buf, sizeof buf);
    if (len < 0) {
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot read the key file: %s",
                 path, strerror(errno));
        st = STATUS_INTERNAL;
        goto out;
    }
    if (len == 0) {
        snprintf(err, SEALED_ERROR_MAX, "%s: the key file is empty", path);
        goto out;
    }
    if ((size_t)len > SEALED_KEY_FILE_MAX) {
        snprintf(err, SEALED_ERROR_MAX,
                 "%s: larger than %d bytes: not a key file", path,
                 SEALED_KEY_FILE_MAX);
        goto out;
    }
    why = sealed_parse_key(buf, (size_t)len, raw);
    if (why != NULL) {
        snprintf(err, SEALED_ERROR_MAX, "%s: %s", path, why);
        goto out;
    }
    st = sealed_key_from_bytes(raw, out);
    if (st == STATUS_OK) {
        snprintf(err, SEALED_ERROR_MAX, "%s: key %s loaded", path, (*out)->id);
    } else {
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot set up the key: %s", path,
                 status_name(st));
    }
out:
    sodium_memzero(buf, sizeof buf);
    sodium_memzero(raw, sizeof raw);
    close(fd);
    return st;
}

/* Syncs the folder holding path, so that a new file's name is durable. */
static void
sealed_sync_dir(const char *path)
{
    char copy[4096];
    int fd;

    if (strlen(path) >= sizeof copy) {
        return;
    }
    memcpy(copy, path, strlen(path) + 1);
    fd = open(dirname(copy), O_RDONLY | O_CLOEXEC | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

enum status
sealed_key_generate_file(const char *path, char key_id[SEALED_KEY_ID_TEXT],
                         char err[SEALED_ERROR_MAX])
{
    unsigned char raw[SEALED_KEY_BYTES];
    char text[sodium_base64_ENCODED_LEN(SEALED_KEY_BYTES,
                                        sodium_base64_VARIANT_ORIGINAL) +
              1];
    struct sealed_key *key = NULL;
    size_t len;
    size_t done = 0;
    bool created = false;
    int fd = -1;
    enum status st = STATUS_INTERNAL;

    if (path == NULL || *path == '\0') {
        snprintf(err, SEALED_ERROR_MAX, "no key file given");
        return STATUS_INPUT;
    }
    if (sodium_init() < 0) {
        snprintf(err, SEALED_ERROR_MAX, "%s: libsodium did not start", path);
        return STATUS_INTERNAL;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
              S_IRUSR | S_IWUSR);
    if (fd < 0) {
        if (errno == EEXIST) {
            snprintf(err, SEALED_ERROR_MAX,
                     "%s: already exists; a key is never overwritten (the "
                     "data sealed with it could not be read any more)",
                     path);
            return STATUS_CONFLICT;
        }
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot create the key file: %s",
                 path, strerror(errno));
        return STATUS_INPUT;
    }
    created = true;
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(text, sizeof text, raw, sizeof raw,
                      sodium_base64_VARIANT_ORIGINAL);
    len = strlen(text);
    text[len++] = '\n';
    /* The umask cannot widen the mode, but make sure of it anyway. */
    if (fchmod(fd, S_IRUSR | S_IWUSR) != 0) {
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot set mode 0600: %s", path,
                 strerror(errno));
        goto out;
    }
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            snprintf(err, SEALED_ERROR_MAX, "%s: cannot write the key: %s",
                     path, strerror(errno));
            goto out;
        }
        done += (size_t)n;
    }
    if (fsync(fd) != 0) {
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot sync the key: %s", path,
                 strerror(errno));
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot close the key file: %s",
                 path, strerror(errno));
        goto out;
    }
    fd = -1;
    sealed_sync_dir(path);
    st = sealed_key_from_bytes(raw, &key);
    if (st != STATUS_OK) {
        snprintf(err, SEALED_ERROR_MAX, "%s: cannot set up the key: %s", path,
                 status_name(st));
        goto out;
    }
    if (key_id != NULL) {
        sealed_key_id(key, key_id);
    }
    snprintf(err, SEALED_ERROR_MAX, "%s: new key %s written", path, key->id);
    created = false; /* keep the file */
out:
    sealed_key_free(&key);
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(text, sizeof text);
    if (fd >= 0) {
        close(fd);
    }
    if (created) {
        (void)unlink(path);
    }
    return st;
}

enum status
sealed_seal(const struct sealed_key *key, const char *field, const char *value,
            char out[SEALED_TEXT_MAX])
{
    unsigned char blob[SEALED_BLOB_MAX];
    unsigned long long clen = 0;
    size_t len;

    if (!sealed_field_ok(field) || value == NULL) {
        return STATUS_INPUT;
    }
    len = strnlen(value, SEALED_VALUE_MAX + 1);
    if (len == 0 || len > SEALED_VALUE_MAX) {
        return STATUS_INPUT;
    }
    /* A random 192-bit nonce per value: no counter to keep, and no risk of
     * reuse across processes or restored backups. */
    randombytes_buf(blob, SEALED_NONCE);
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(
            blob + SEALED_NONCE, &clen, (const unsigned char *)value, len,
            (const unsigned char *)field, strlen(field), NULL, blob,
            key->seal) != 0) {
        return STATUS_INTERNAL;
    }
    memcpy(out, SEALED_PREFIX, SEALED_PREFIX_LEN);
    sodium_bin2base64(
        out + SEALED_PREFIX_LEN, SEALED_TEXT_MAX - SEALED_PREFIX_LEN, blob,
        SEALED_NONCE + (size_t)clen, sodium_base64_VARIANT_ORIGINAL);
    return STATUS_OK;
}

enum status
sealed_open(const struct sealed_key *key, const char *field, const char *text,
            char out[SEALED_VALUE_MAX + 1])
{
    unsigned char blob[SEALED_BLOB_MAX];
    unsigned long long mlen = 0;
    const char *b64;
    const char *end = NULL;
    size_t b64_len;
    size_t bin_len = 0;

    out[0] = '\0';
    if (!sealed_field_ok(field) || text == NULL ||
        strncmp(text, SEALED_PREFIX, SEALED_PREFIX_LEN) != 0) {
        return STATUS_INPUT;
    }
    b64 = text + SEALED_PREFIX_LEN;
    b64_len = strnlen(b64, SEALED_TEXT_MAX);
    if (b64_len >= SEALED_TEXT_MAX - SEALED_PREFIX_LEN) {
        return STATUS_INPUT;
    }
    if (sodium_base642bin(blob, sizeof blob, b64, b64_len, NULL, &bin_len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != b64 + b64_len || bin_len <= SEALED_NONCE + SEALED_TAG) {
        return STATUS_INPUT;
    }
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            (unsigned char *)out, &mlen, NULL, blob + SEALED_NONCE,
            bin_len - SEALED_NONCE, (const unsigned char *)field, strlen(field),
            blob, key->seal) != 0) {
        sodium_memzero(out, SEALED_VALUE_MAX + 1);
        return STATUS_FORBIDDEN;
    }
    out[mlen] = '\0';
    return STATUS_OK;
}

enum status
sealed_normalise(const char *value, char out[SEALED_VALUE_MAX + 1])
{
    char buf[SEALED_VALUE_MAX + 1];
    size_t n = 0;
    enum status st = STATUS_INPUT;

    if (value == NULL) {
        return STATUS_INPUT;
    }
    for (const char *p = value; *p != '\0'; p++) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/') {
            continue;
        }
        if (c >= 'a' && c <= 'z') {
            c = (char)(c - 'a' + 'A');
        } else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            goto out;
        }
        if (n == SEALED_VALUE_MAX) {
            goto out;
        }
        buf[n++] = c;
    }
    if (n == 0) {
        goto out;
    }
    buf[n] = '\0';
    memcpy(out, buf, n + 1);
    st = STATUS_OK;
out:
    sodium_memzero(buf, sizeof buf);
    return st;
}

enum status
sealed_hash(const struct sealed_key *key, const char *kind, const char *value,
            char out[SEALED_HASH_TEXT])
{
    crypto_generichash_state state;
    unsigned char digest[SEALED_HASH_BYTES];
    char norm[SEALED_VALUE_MAX + 1];
    unsigned char kind_len;
    enum status st;

    if (!sealed_field_ok(kind)) {
        return STATUS_INPUT;
    }
    st = sealed_normalise(value, norm);
    if (st != STATUS_OK) {
        return st;
    }
    /* The kind's length first, so that no kind and value can pass for
     * another kind and value. */
    kind_len = (unsigned char)strlen(kind);
    crypto_generichash_init(&state, key->hash, sizeof key->hash, sizeof digest);
    crypto_generichash_update(&state, &kind_len, 1);
    crypto_generichash_update(&state, (const unsigned char *)kind, kind_len);
    crypto_generichash_update(&state, (const unsigned char *)norm,
                              strlen(norm));
    crypto_generichash_final(&state, digest, sizeof digest);
    sodium_bin2hex(out, SEALED_HASH_TEXT, digest, sizeof digest);
    sodium_memzero(norm, sizeof norm);
    sodium_memzero(&state, sizeof state);
    return STATUS_OK;
}

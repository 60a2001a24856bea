/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libsodium wrappers for passwords, tokens and digests. */
#include "util/crypto.h"

#include <sodium.h>
#include <string.h>

enum status
crypto_init(void)
{
    return sodium_init() < 0 ? STATUS_INTERNAL : STATUS_OK;
}

enum status
crypto_password_hash(const char *password, char out[CRYPTO_PASSWORD_HASH_TEXT])
{
    char hash[crypto_pwhash_STRBYTES];

    _Static_assert(crypto_pwhash_STRBYTES <= CRYPTO_PASSWORD_HASH_TEXT,
                   "hash buffer too small");
    if (crypto_pwhash_str_alg(hash, password, strlen(password),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return STATUS_NOMEM;
    }
    memcpy(out, hash, sizeof hash);
    return STATUS_OK;
}

bool
crypto_password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
crypto_random_token(char out[CRYPTO_TOKEN_TEXT])
{
    unsigned char raw[CRYPTO_TOKEN_BYTES];

    _Static_assert(
        sodium_base64_ENCODED_LEN(CRYPTO_TOKEN_BYTES,
                                  sodium_base64_VARIANT_URLSAFE_NO_PADDING) <=
            CRYPTO_TOKEN_TEXT,
        "token buffer too small");
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, CRYPTO_TOKEN_TEXT, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void
crypto_random_password(char *out, size_t len)
{
    /* No 0/O, 1/l/I: the demonstration passwords are read off a screen. */
    static const char alphabet[] =
        "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    for (size_t i = 0; i < len; i++) {
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    }
    out[len] = '\0';
}

void
crypto_random_code(char *out, size_t len)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    for (size_t i = 0; i < len; i++) {
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    }
    out[len] = '\0';
}

void
crypto_token_digest(const char *token, char out[CRYPTO_DIGEST_TEXT])
{
    unsigned char digest[32];

    crypto_generichash(digest, sizeof digest, (const unsigned char *)token,
                       strlen(token), NULL, 0);
    sodium_bin2hex(out, CRYPTO_DIGEST_TEXT, digest, sizeof digest);
}

bool
crypto_equal(const char *a, const char *b)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);

    if (la != lb) {
        return false;
    }
    return sodium_memcmp(a, b, la) == 0;
}

void
crypto_wipe(void *p, size_t len)
{
    sodium_memzero(p, len);
}

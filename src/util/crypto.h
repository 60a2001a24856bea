/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libsodium wrappers: password hashing (Argon2id), random tokens, token
 * digests for storage, constant-time comparison. */
#ifndef ONESTOP_UTIL_CRYPTO_H
#define ONESTOP_UTIL_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/* Length of the text of a token of CRYPTO_TOKEN_BYTES random bytes,
 * base64url without padding, plus NUL. */
#define CRYPTO_TOKEN_BYTES 32
#define CRYPTO_TOKEN_TEXT 44
/* Hex digest of a token (BLAKE2b-256) plus NUL. */
#define CRYPTO_DIGEST_TEXT 65
/* Argon2id encoded hash plus NUL. */
#define CRYPTO_PASSWORD_HASH_TEXT 128

/* Must be called once before any other function; STATUS_INTERNAL if
 * libsodium cannot start. */
enum status crypto_init(void);

/* Hashes a password with Argon2id at interactive cost into out. */
enum status crypto_password_hash(const char *password,
                                 char out[CRYPTO_PASSWORD_HASH_TEXT]);
/* True when password matches the encoded hash. */
bool crypto_password_verify(const char *hash, const char *password);

/* A fresh random token (CRYPTO_TOKEN_BYTES bytes) as base64url text. */
void crypto_random_token(char out[CRYPTO_TOKEN_TEXT]);
/* A random password of len characters from an unambiguous alphabet. */
void crypto_random_password(char *out, size_t len);
/* A random code of len characters from Crockford's base32 alphabet (no I,
 * L, O, U): read aloud and typed at a desk without mix-ups. 5 bits each. */
void crypto_random_code(char *out, size_t len);
/* The hex BLAKE2b-256 digest of a token: what the database stores. */
void crypto_token_digest(const char *token, char out[CRYPTO_DIGEST_TEXT]);
/* Constant-time equality of two NUL-terminated strings. */
bool crypto_equal(const char *a, const char *b);
/* Overwrites a secret in memory. */
void crypto_wipe(void *p, size_t len);

#endif

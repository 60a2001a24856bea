/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Encryption at rest of the personal data that identifies a person (BSN,
 * travel document number, V-number), with libsodium.
 *
 * One master key of SEALED_KEY_BYTES random bytes lives in a file outside
 * the database (mode 0600; refused when group or others may read it). Two
 * subkeys are derived from it with crypto_kdf: one encrypts, one hashes; a
 * third derivation gives the key id, a public fingerprint stored beside
 * sealed values so that a database can tell which key sealed it.
 *
 * A sealed value is text: "v1:" followed by base64 of a random 24-byte
 * nonce and the XChaCha20-Poly1305 ciphertext with its tag. The field
 * (table and column, "bsn_pool.bsn") is the associated data: a value copied
 * into another column does not open there.
 *
 * A search hash is a keyed BLAKE2b of a kind of value ("bsn") and the
 * value normalised, as hex: equal values of one kind give equal hashes in
 * every table, so that WHERE bsn_hash = $1 finds a row without decrypting
 * anything, while the hash tells nothing to someone without the key.
 *
 * A key is read-only once made: every function may be called from many
 * threads at once. */
#ifndef ONESTOP_UTIL_SEALED_H
#define ONESTOP_UTIL_SEALED_H

#include <stddef.h>

#include "util/status.h"

/* The master key. */
#define SEALED_KEY_BYTES 32
/* Largest key file read: a raw key, or base64 with line ends and spaces. */
#define SEALED_KEY_FILE_MAX 128
/* Largest value sealed, in bytes. The fields sealed are short numbers. */
#define SEALED_VALUE_MAX 255
/* Longest field or kind name: [a-z0-9_.], 1..SEALED_FIELD_MAX bytes. */
#define SEALED_FIELD_MAX 64
/* "v1:" + base64(24-byte nonce + SEALED_VALUE_MAX + 16-byte tag) + NUL. */
#define SEALED_TEXT_MAX 400
/* A search hash: 32 bytes as hex, plus NUL. */
#define SEALED_HASH_TEXT 65
/* A key id: 8 bytes as hex, plus NUL. */
#define SEALED_KEY_ID_TEXT 17
/* A message about a key file, for the operator. */
#define SEALED_ERROR_MAX 512

/* Kinds of value for sealed_hash(): one per kind, shared by every table
 * that holds such a value. */
#define SEALED_KIND_BSN "bsn"
#define SEALED_KIND_TRAVEL_DOCUMENT "travel_document"
#define SEALED_KIND_V_NUMBER "v_number"

struct sealed_key;

/* Reads the master key from the file at path: SEALED_KEY_BYTES raw bytes,
 * or their base64 (standard alphabet, as `onestop keygen` writes it)
 * optionally followed by a line end. Refuses, with a message in err that
 * names the file and says what to do: a file that cannot be opened, that
 * is not a regular file, that group or others may read or write (checked
 * on the open file with fstat), or that does not hold exactly a key.
 * STATUS_OK sets *out (out), which the caller frees with sealed_key_free();
 * STATUS_INPUT for a bad file, STATUS_NOT_FOUND when it does not exist,
 * STATUS_NOMEM, STATUS_INTERNAL. err is always written. */
enum status sealed_key_load(const char *path, struct sealed_key **out,
                            char err[SEALED_ERROR_MAX]);

/* A key from raw bytes (tests, and keys handed over by other means). The
 * caller keeps and wipes raw. */
enum status sealed_key_from_bytes(const unsigned char raw[SEALED_KEY_BYTES],
                                  struct sealed_key **out);

/* Creates a new key file at path with fresh random bytes, as base64 and a
 * line end, mode 0600. Never overwrites: STATUS_CONFLICT when path exists.
 * The file is synced to disk before STATUS_OK. When key_id is not NULL it
 * receives (out) the new key's id. err is always written. */
enum status sealed_key_generate_file(const char *path,
                                     char key_id[SEALED_KEY_ID_TEXT],
                                     char err[SEALED_ERROR_MAX]);

/* Wipes the key from memory and frees it; clears *key. Accepts NULL and a
 * pointer to NULL. */
void sealed_key_free(struct sealed_key **key);

/* The key's id (out): 16 hex digits derived from the key, not revealing
 * it. */
void sealed_key_id(const struct sealed_key *key, char out[SEALED_KEY_ID_TEXT]);

/* Seals the NUL-terminated value (1..SEALED_VALUE_MAX bytes) for field
 * into out (out) as "v1:..." text. STATUS_INPUT for a bad field name or a
 * value that is empty or too long. */
enum status sealed_seal(const struct sealed_key *key, const char *field,
                        const char *value, char out[SEALED_TEXT_MAX]);

/* Opens text sealed for field into out (out), NUL-terminated. Returns
 * STATUS_INPUT when text is not a well-formed sealed value (unknown
 * version, bad base64, wrong length) and STATUS_FORBIDDEN when it does not
 * authenticate: tampered with, sealed for another field, or under another
 * key (these cannot be told apart, by design). out is wiped on failure.
 * The caller wipes out (sodium_memzero / crypto_wipe) when done. */
enum status sealed_open(const struct sealed_key *key, const char *field,
                        const char *text, char out[SEALED_VALUE_MAX + 1]);

/* Normalises a value for search: ASCII letters made upper case, spaces,
 * tabs, '-', '.' and '/' dropped ("nx-12 34.5" becomes "NX12345"); any
 * other byte than [A-Za-z0-9] refuses the value (STATUS_INPUT), as does a
 * value that is empty after normalising or longer than SEALED_VALUE_MAX
 * bytes. out (out) is written only on STATUS_OK. */
enum status sealed_normalise(const char *value, char out[SEALED_VALUE_MAX + 1]);

/* The search hash (out, hex) of value, normalised by sealed_normalise(),
 * for the kind of value (SEALED_KIND_BSN, ...). Equal for equal
 * normalised values of one kind under one key; different across kinds and
 * keys. STATUS_INPUT for a bad kind name or value. */
enum status sealed_hash(const struct sealed_key *key, const char *kind,
                        const char *value, char out[SEALED_HASH_TEXT]);

#endif

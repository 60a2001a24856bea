/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for util/sealed: sealed_open on arbitrary text never
 * crashes and, when it opens something, that value seals and opens again;
 * any value of a sealable length survives a round trip; sealed_normalise
 * yields only [A-Z0-9], is idempotent, and the search hash of a value is
 * the hash of its normalised form. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/sealed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIELD "fuzz.value"

static const struct sealed_key *
fuzz_key(void)
{
    static struct sealed_key *key;
    unsigned char raw[SEALED_KEY_BYTES];

    if (key == NULL) {
        /* A fixed key, so that seeds sealed with it open. */
        memset(raw, 0x5a, sizeof raw);
        if (sealed_key_from_bytes(raw, &key) != STATUS_OK) {
            abort();
        }
    }
    return key;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct sealed_key *key = fuzz_key();
    char *s = malloc(size + 1);
    char text[SEALED_TEXT_MAX];
    char plain[SEALED_VALUE_MAX + 1];
    char again[SEALED_VALUE_MAX + 1];
    char norm[SEALED_VALUE_MAX + 1];
    char norm2[SEALED_VALUE_MAX + 1];
    char h1[SEALED_HASH_TEXT];
    char h2[SEALED_HASH_TEXT];
    size_t len;

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    len = strlen(s);

    if (sealed_open(key, FIELD, s, plain) == STATUS_OK) {
        if (strlen(plain) > SEALED_VALUE_MAX ||
            sealed_seal(key, FIELD, plain, text) != STATUS_OK ||
            sealed_open(key, FIELD, text, again) != STATUS_OK ||
            strcmp(plain, again) != 0) {
            abort();
        }
    }
    if (len >= 1 && len <= SEALED_VALUE_MAX) {
        if (sealed_seal(key, FIELD, s, text) != STATUS_OK ||
            strncmp(text, "v1:", 3) != 0 ||
            sealed_open(key, FIELD, text, plain) != STATUS_OK ||
            strcmp(plain, s) != 0 ||
            sealed_open(key, "fuzz.other", text, plain) != STATUS_FORBIDDEN) {
            abort();
        }
    } else if (sealed_seal(key, FIELD, s, text) != STATUS_INPUT) {
        abort();
    }
    if (sealed_normalise(s, norm) == STATUS_OK) {
        size_t n = strlen(norm);
        if (n == 0 || n > SEALED_VALUE_MAX ||
            strspn(norm, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != n ||
            sealed_normalise(norm, norm2) != STATUS_OK ||
            strcmp(norm, norm2) != 0 ||
            sealed_hash(key, SEALED_KIND_BSN, s, h1) != STATUS_OK ||
            sealed_hash(key, SEALED_KIND_BSN, norm, h2) != STATUS_OK ||
            strcmp(h1, h2) != 0) {
            abort();
        }
    } else if (sealed_hash(key, SEALED_KIND_BSN, s, h1) != STATUS_INPUT) {
        abort();
    }
    free(s);
    return 0;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for http/sse: sse_parse_event_id (the Last-Event-ID
 * header a client sends back) on arbitrary bytes, compared with an
 * independently written check; every accepted id prints back to the same
 * text. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/sse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "<8 lower-case hex>-<decimal without leading zeros, fits in 64 bits>" */
static bool
reference_ok(const uint8_t *s, size_t len)
{
    size_t digits = len > 9 ? len - 9 : 0;

    if (len < 10 || len >= SSE_ID_TEXT || s[8] != '-') {
        return false;
    }
    for (size_t i = 0; i < 8; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
            return false;
        }
    }
    for (size_t i = 9; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    if (digits > 1 && s[9] == '0') {
        return false;
    }
    /* UINT64_MAX has 20 digits: compare as text */
    if (digits > 20 ||
        (digits == 20 && memcmp(s + 9, "18446744073709551615", 20) > 0)) {
        return false;
    }
    return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t run = 0;
    uint64_t seq = 0;
    bool ok = sse_parse_event_id((const char *)data, size, &run, &seq);
    char text[SSE_ID_TEXT + 8];

    if (ok != reference_ok(data, size)) {
        abort();
    }
    if (ok) {
        int n = snprintf(text, sizeof text, "%08" PRIx32 "-%" PRIu64, run, seq);
        if (n < 0 || (size_t)n != size || memcmp(text, data, size) != 0) {
            abort();
        }
    }
    return 0;
}

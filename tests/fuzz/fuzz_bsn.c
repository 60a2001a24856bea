/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/bsn: bsn_check on arbitrary bytes compared
 * with an independently written 11-proof, the NUL-terminated and the
 * length-counted forms agreeing, the masked form never showing more than
 * the last four digits of a valid number, and a list of numbers read to
 * its end with every number it yields valid. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bsn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
reference_valid(const uint8_t *s, size_t len)
{
    static const int w[9] = {9, 8, 7, 6, 5, 4, 3, 2, -1};
    int sum = 0;
    bool nonzero = false;

    if (len != 9) {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        sum += w[i] * (s[i] - '0');
        nonzero = nonzero || s[i] != '0';
    }
    return nonzero && sum % 11 == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    char masked[BSN_MASKED_TEXT];
    char out[BSN_TEXT];
    enum bsn_error why = BSN_OK;
    enum bsn_error e;
    size_t pos = 0;
    size_t line = 0;
    size_t len;
    int guard = 0;

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    len = strlen(s);

    e = bsn_check_bytes((const char *)data, size);
    if ((e == BSN_OK) != reference_valid(data, size)) {
        abort();
    }
    if ((unsigned)e >= BSN_ERR_COUNT || bsn_error_text(e) == NULL) {
        abort();
    }
    /* The string form sees the bytes up to the first NUL. */
    if (bsn_check(s) != bsn_check_bytes(s, len)) {
        abort();
    }
    bsn_mask(s, masked);
    if (strlen(masked) != BSN_DIGITS ||
        strspn(masked, "*") < BSN_DIGITS - BSN_MASK_VISIBLE) {
        abort();
    }
    if (bsn_valid(s)) {
        if (memcmp(masked + BSN_DIGITS - BSN_MASK_VISIBLE,
                   s + BSN_DIGITS - BSN_MASK_VISIBLE, BSN_MASK_VISIBLE) != 0) {
            abort();
        }
    } else if (strcmp(masked, "*********") != 0) {
        abort();
    }

    for (;;) {
        enum bsn_list_result r = bsn_list_next(s, size, &pos, &line, out, &why);
        if (r == BSN_LIST_END) {
            break;
        }
        if (pos > size || ++guard > (int)size + 1) {
            abort();
        }
        if (r == BSN_LIST_NUMBER && !bsn_valid(out)) {
            abort();
        }
        if (r == BSN_LIST_BAD_LINE && (why == BSN_OK || why >= BSN_ERR_COUNT)) {
            abort();
        }
    }
    if (pos != size) {
        abort();
    }
    free(s);
    return 0;
}

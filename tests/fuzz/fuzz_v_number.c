/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/newcomer's V-number parser: arbitrary bytes
 * (as a NUL-terminated copy) either give 10 digits, not all zero, that are
 * the input's digits in order and parse again to themselves, or leave the
 * output alone. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/newcomer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    char out[NEWCOMER_V_NUMBER_TEXT] = "unset";
    char again[NEWCOMER_V_NUMBER_TEXT];

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    if (newcomer_v_number_parse(s, out)) {
        size_t n = 0;
        if (strlen(out) != NEWCOMER_V_NUMBER_LEN ||
            strspn(out, "0") == NEWCOMER_V_NUMBER_LEN ||
            strspn(out, "0123456789") != NEWCOMER_V_NUMBER_LEN) {
            abort();
        }
        for (size_t i = 0; s[i] != '\0'; i++) {
            if (s[i] >= '0' && s[i] <= '9' && out[n++] != s[i]) {
                abort();
            }
        }
        if (!newcomer_v_number_parse(out, again) || strcmp(out, again) != 0) {
            abort();
        }
    } else if (strcmp(out, "unset") != 0) {
        abort();
    }
    free(s);
    return 0;
}

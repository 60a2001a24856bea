/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/newcomer's postcode parser: arbitrary bytes
 * (as a NUL-terminated copy) either give "1234 AB" with an issued letter
 * pair, which parses again to itself, or leave the output alone. */
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
    char out[NEWCOMER_POSTCODE_TEXT] = "unset";
    char again[NEWCOMER_POSTCODE_TEXT];

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    if (newcomer_postcode_parse(s, out)) {
        if (strlen(out) != 7 || out[0] < '1' || out[4] != ' ' || out[5] < 'A' ||
            out[5] > 'Z' || out[6] < 'A' || out[6] > 'Z' ||
            (out[5] == 'S' &&
             (out[6] == 'A' || out[6] == 'D' || out[6] == 'S')) ||
            strlen(s) > 7 || !newcomer_postcode_parse(out, again) ||
            strcmp(out, again) != 0) {
            abort();
        }
    } else if (strcmp(out, "unset") != 0) {
        abort();
    }
    free(s);
    return 0;
}

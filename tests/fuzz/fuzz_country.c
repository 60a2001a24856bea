/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/country: arbitrary bytes (as a
 * NUL-terminated copy) parse only when they are two letters whose upper
 * case is an assigned code, which country_valid() accepts and which is in
 * the list; otherwise the output is left alone. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/country.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A linear search of the list, independent of the parser's bisection. */
static bool
reference_listed(const char *code)
{
    char at[COUNTRY_CODE_TEXT];

    for (size_t i = 0; country_code_at(i, at); i++) {
        if (strcmp(at, code) == 0) {
            return true;
        }
    }
    return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    char out[COUNTRY_CODE_TEXT] = "-";

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    if (country_parse(s, out)) {
        if (strlen(s) != 2 || !country_valid(out) || !reference_listed(out)) {
            abort();
        }
    } else {
        if (strcmp(out, "-") != 0) {
            abort();
        }
        if (strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
            s[1] <= 'Z' && reference_listed(s)) {
            abort();
        }
    }
    if (country_valid(s) != (strlen(s) == 2 && reference_listed(s))) {
        abort();
    }
    free(s);
    return 0;
}

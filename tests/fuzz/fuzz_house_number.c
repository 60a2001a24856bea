/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/newcomer's house number parser: arbitrary
 * bytes (as a NUL-terminated copy) either give a number in 1..99999 with
 * an addition of at most 4 upper-case letters or digits whose normal form
 * parses again to the same house, or leave the output alone. */
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
    struct newcomer_house h;
    struct newcomer_house again;

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    memset(&h, 0x5a, sizeof h);
    if (newcomer_house_parse(s, &h)) {
        size_t n = strlen(h.addition);
        if (h.number < 1 || h.number > NEWCOMER_HOUSE_NUMBER_MAX ||
            n > NEWCOMER_HOUSE_ADDITION_MAX) {
            abort();
        }
        for (size_t i = 0; i < n; i++) {
            char c = h.addition[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                abort();
            }
        }
        if (!newcomer_house_parse(h.text, &again) || again.number != h.number ||
            strcmp(again.addition, h.addition) != 0 ||
            strcmp(again.text, h.text) != 0) {
            abort();
        }
    } else if (((unsigned char *)&h)[0] != 0x5a) {
        abort();
    }
    free(s);
    return 0;
}

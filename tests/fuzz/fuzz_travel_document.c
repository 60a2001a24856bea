/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/newcomer's travel document number parser:
 * arbitrary bytes (as a NUL-terminated copy) either give 5 to 20
 * upper-case letters and digits, at least one a digit, that the sealed
 * search normalisation leaves as they are and that parse again to
 * themselves, or leave the output alone. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/newcomer.h"
#include "util/sealed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    char out[NEWCOMER_TRAVEL_DOCUMENT_TEXT] = "unset";
    char again[NEWCOMER_TRAVEL_DOCUMENT_TEXT];
    char normal[SEALED_VALUE_MAX + 1];

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    if (newcomer_travel_document_parse(s, out)) {
        size_t n = strlen(out);
        if (n < NEWCOMER_TRAVEL_DOCUMENT_MIN ||
            n > NEWCOMER_TRAVEL_DOCUMENT_MAX ||
            strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != n ||
            strpbrk(out, "0123456789") == NULL) {
            abort();
        }
        /* The search hash normalises too: it must not change the form
         * sealed, or equal numbers would hash apart. */
        if (sealed_normalise(out, normal) != STATUS_OK ||
            strcmp(normal, out) != 0 ||
            sealed_normalise(s, normal) != STATUS_OK ||
            strcmp(normal, out) != 0) {
            abort();
        }
        if (!newcomer_travel_document_parse(out, again) ||
            strcmp(out, again) != 0) {
            abort();
        }
    } else if (strcmp(out, "unset") != 0) {
        abort();
    }
    free(s);
    return 0;
}

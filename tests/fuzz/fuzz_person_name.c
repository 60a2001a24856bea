/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/newcomer's name check and category parser:
 * arbitrary bytes (as a NUL-terminated copy); a valid name is valid UTF-8
 * and valid text within the byte bound, without leading or trailing
 * spaces; a category parsed gives back its own code. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/newcomer.h"
#include "core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    enum newcomer_category c;
    size_t len;

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    len = strlen(s);
    if (newcomer_name_valid(s) &&
        (len == 0 || len > NEWCOMER_NAME_BYTES_MAX || !validate_utf8(s, len) ||
         !validate_text(s, NEWCOMER_NAME_MAX) || s[0] == ' ' ||
         s[len - 1] == ' ')) {
        abort();
    }
    if (newcomer_category_parse(s, &c) &&
        (c >= NEWCOMER_CATEGORY_COUNT ||
         strcmp(newcomer_category_code(c), s) != 0)) {
        abort();
    }
    free(s);
    return 0;
}

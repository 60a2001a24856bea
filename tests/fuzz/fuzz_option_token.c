/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/option_token: any bytes the parser accepts
 * must be canonical, that is format back to exactly the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/option_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct option_token t;
    char text[OPTION_TOKEN_MAX];

    if (!option_token_parse((const char *)data, size, &t)) {
        return 0;
    }
    if (t.n_legs < 1 || t.n_legs > OPTION_TOKEN_MAX_LEGS ||
        !option_token_format(&t, text) || strlen(text) != size ||
        memcmp(text, data, size) != 0) {
        abort();
    }
    return 0;
}

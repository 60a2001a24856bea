/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for the register page parser of core/sponsor_register:
 * arbitrary bytes as a saved HTML page. Either entries (each with an 8-digit
 * KvK number and a valid name) and no problems, or problems and no
 * entries; never a crash, a leak or a read outside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sponsor_register.h"
#include "core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sponsor_list list;
    enum status st;

    sponsor_list_init(&list);
    st = sponsor_parse_html((const char *)data, size, SPONSOR_CATEGORY_STUDY,
                            &list);
    if (st == STATUS_OK) {
        if (list.n == 0 || list.n_problems != 0 || list.problems_total != 0) {
            abort();
        }
        for (size_t i = 0; i < list.n; i++) {
            const struct sponsor_entry *e = &list.entries[i];
            if (!sponsor_kvk_valid(e->kvk) ||
                !validate_text(e->name, SPONSOR_NAME_MAX) ||
                e->category != SPONSOR_CATEGORY_STUDY || e->line == 0) {
                abort();
            }
        }
    } else if (st == STATUS_INPUT) {
        if (list.n != 0 || list.n_problems == 0 ||
            list.n_problems > SPONSOR_PROBLEMS_MAX ||
            list.problems_total < list.n_problems) {
            abort();
        }
        for (size_t i = 0; i < list.n_problems; i++) {
            if (memchr(list.problems[i].reason, '\0', SPONSOR_REASON_MAX) ==
                NULL) {
                abort();
            }
        }
    } else if (st != STATUS_NOMEM) {
        abort();
    }
    sponsor_list_clear(&list);
    return 0;
}

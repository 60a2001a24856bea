/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for the CSV parser of core/sponsor_register: the first
 * byte picks whether the import is for one category (and which) or for the
 * categories the file names; the rest is the file. Either entries (each
 * with an 8-digit KvK number, a valid name and an allowed category) and no
 * problems, or problems and no entries. */
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
    enum sponsor_category only = SPONSOR_CATEGORY_WORK;
    const enum sponsor_category *restrict_to = NULL;
    enum status st;

    if (size == 0) {
        return 0;
    }
    if (data[0] < SPONSOR_CATEGORY_COUNT) {
        only = (enum sponsor_category)data[0];
        restrict_to = &only;
    }
    sponsor_list_init(&list);
    st =
        sponsor_parse_csv((const char *)data + 1, size - 1, restrict_to, &list);
    if (st == STATUS_OK) {
        if (list.n == 0 || list.n_problems != 0 || list.problems_total != 0) {
            abort();
        }
        for (size_t i = 0; i < list.n; i++) {
            const struct sponsor_entry *e = &list.entries[i];
            if (!sponsor_kvk_valid(e->kvk) ||
                !validate_text(e->name, SPONSOR_NAME_MAX) ||
                sponsor_category_code(e->category) == NULL ||
                (restrict_to != NULL && e->category != only) || e->line < 2) {
                abort();
            }
            for (size_t k = 0; k < i; k++) {
                if (strcmp(list.entries[k].kvk, e->kvk) == 0 &&
                    (list.entries[k].category == e->category ||
                     strcmp(list.entries[k].name, e->name) != 0)) {
                    abort(); /* a duplicate let through */
                }
            }
        }
    } else if (st == STATUS_INPUT) {
        if (list.n != 0 || list.n_problems == 0 ||
            list.n_problems > SPONSOR_PROBLEMS_MAX ||
            list.problems_total < list.n_problems) {
            abort();
        }
    } else if (st != STATUS_NOMEM) {
        abort();
    }
    sponsor_list_clear(&list);
    return 0;
}

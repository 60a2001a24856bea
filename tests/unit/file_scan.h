/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* For the unit tests that prove personal data is sealed at rest: whether
 * a plain value occurs anywhere in a file's bytes (the database, its WAL).
 * Include after <cmocka.h>: a failed allocation fails the test. */
#ifndef ONESTOP_TESTS_FILE_SCAN_H
#define ONESTOP_TESTS_FILE_SCAN_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True when needle occurs in the file at path (a missing file holds
 * nothing). */
static inline bool
file_contains(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    size_t n = strlen(needle);
    size_t cap = 1 << 16;
    size_t len = 0;
    char *data = NULL;
    bool found = false;

    if (fp == NULL) {
        return false;
    }
    data = malloc(cap);
    assert_non_null(data);
    for (;;) {
        size_t got;
        if (len == cap) {
            char *bigger = realloc(data, cap * 2);
            assert_non_null(bigger);
            data = bigger;
            cap *= 2;
        }
        got = fread(data + len, 1, cap - len, fp);
        if (got == 0) {
            break;
        }
        len += got;
    }
    fclose(fp);
    for (size_t i = 0; i + n <= len && !found; i++) {
        found = memcmp(data + i, needle, n) == 0;
    }
    free(data);
    return found;
}

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/date: date_parse on arbitrary bytes must only
 * accept canonical dates that format back to the same bytes and survive the
 * day-number round trip; arithmetic on arbitrary field values must neither
 * overflow nor leave the supported range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int32_t
read_i32(const uint8_t *p)
{
    uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                 (uint32_t)p[3] << 24;
    int32_t v;

    memcpy(&v, &u, sizeof(v));
    return v;
}

static void
check_parse(const uint8_t *data, size_t size)
{
    struct date d = {0, 0, 0};
    struct date back;
    char text[DATE_ISO_LEN + 1];
    int weekday;

    if (!date_parse((const char *)data, size, &d)) {
        return;
    }
    if (!date_is_valid(d) || size != DATE_ISO_LEN) {
        abort();
    }
    date_format(d, text);
    if (memcmp(text, data, DATE_ISO_LEN) != 0) {
        abort();
    }
    if (!date_parse(text, DATE_ISO_LEN, &back) || date_compare(back, d) != 0) {
        abort();
    }
    if (date_compare(date_from_days(date_to_days(d)), d) != 0) {
        abort();
    }
    weekday = date_weekday(d);
    if (weekday < 1 || weekday > 7) {
        abort();
    }
    /* The next day's weekday follows, wrapping Sunday to Monday. */
    if (date_to_days(d) < DATE_DAYS_MAX &&
        date_weekday(date_add_days(d, 1)) != weekday % 7 + 1) {
        abort();
    }
}

static void
check_fields(const uint8_t *data, size_t size)
{
    struct date d;
    struct date e;
    long n;
    char text[DATE_ISO_LEN + 1];

    if (size < 16) {
        return;
    }
    d.year = read_i32(data);
    d.month = read_i32(data + 4);
    d.day = read_i32(data + 8);
    n = read_i32(data + 12);
    (void)date_to_days(d);
    e = date_add_days(d, n);
    if (!date_is_valid(e)) {
        abort();
    }
    if (!date_is_valid(date_from_days(n))) {
        abort();
    }
    date_format(d, text);
    if (strlen(text) != DATE_ISO_LEN) {
        abort();
    }
    if (date_is_valid(d) != date_parse(text, DATE_ISO_LEN, NULL)) {
        abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_parse(data, size);
    check_fields(data, size);
    return 0;
}

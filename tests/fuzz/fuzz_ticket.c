/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/floor: floor_ticket_parse on arbitrary bytes
 * compared with an independently written check, every accepted ticket
 * formatting back to the same text (upper case); and the bytes read as a
 * sequence of steps on a visit, which must keep floor_visit_valid() and
 * leave the visit unchanged whenever a step is refused. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/floor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
reference_number(const uint8_t *s, size_t len)
{
    int n = 0;

    if (len != 4 || s[0] > 127 || !isalpha(s[0]) || toupper(s[0]) == 'I' ||
        toupper(s[0]) == 'O') {
        return -1;
    }
    for (size_t i = 1; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        n = n * 10 + (s[i] - '0');
    }
    return n == 0 ? -1 : n;
}

static void
check_parse(const uint8_t *data, size_t size)
{
    struct floor_ticket t = {0};
    char text[FLOOR_TICKET_TEXT];
    int want = reference_number(data, size);
    enum status st = floor_ticket_parse((const char *)data, size, &t);

    if ((st == STATUS_OK) != (want > 0)) {
        abort();
    }
    if (st != STATUS_OK) {
        return;
    }
    if (t.number != want || t.letter != toupper(data[0])) {
        abort();
    }
    if (floor_ticket_format(&t, text) != STATUS_OK ||
        strlen(text) != FLOOR_TICKET_TEXT - 1 || text[0] != t.letter ||
        memcmp(text + 1, data + 1, FLOOR_TICKET_DIGITS) != 0) {
        abort();
    }
}

/* Each step takes 4 bytes: action, leg, desk and flags, time advance. */
static void
check_steps(const uint8_t *data, size_t size)
{
    struct floor_leg legs[FLOOR_MAX_LEGS];
    struct floor_rules rules = floor_rules_default();
    struct floor_ticket ticket = {.letter = 'A', .number = 1};
    struct floor_visit v;
    int64_t now = 0;
    int n;

    if (size < 2) {
        return;
    }
    n = 1 + data[0] % FLOOR_MAX_LEGS;
    rules.recalls_before_no_show = data[1] % (FLOOR_MAX_RECALLS + 1);
    rules.late_keeps_place = (data[1] & 0x80) != 0;
    for (int i = 0; i < n; i++) {
        int64_t appointment =
            (data[1] & 0x40) != 0 ? FLOOR_TIME_NONE : (int64_t)i * 1200;
        if (floor_leg_init(&legs[i], i, 0, appointment) != STATUS_OK) {
            abort();
        }
    }
    if (floor_visit_init(&v, legs, n) != STATUS_OK) {
        abort();
    }
    for (size_t p = 2; p + 4 <= size; p += 4) {
        struct floor_visit old = v;
        struct floor_args a = {
            .now = now,
            .desk = data[p + 2] & 3,
            .desk_services = (data[p + 2] & 4) != 0 ? 0 : UINT64_MAX,
            .outcome = (enum floor_outcome)(data[p + 2] >> 4),
            .rules = &rules,
        };
        const char *why = NULL;
        enum status st;

        if ((data[p + 2] & 8) != 0) {
            a.now -= data[p + 3];
        }
        st = floor_visit_apply(
            &v, (int)(data[p + 1] % (FLOOR_MAX_LEGS + 2)) - 1,
            (enum floor_action)(data[p] % 12), &a, &ticket, &why);
        if (st != STATUS_OK && why == NULL) {
            abort();
        }
        if (!floor_visit_valid(&v)) {
            abort();
        }
        if (st != STATUS_OK && memcmp(&old, &v, sizeof(v)) != 0) {
            abort();
        }
        if (floor_visit_active_leg(&v) >= 0 &&
            floor_visit_in_building(&v, now) < 0) {
            abort();
        }
        now += (int64_t)data[p + 3] * 7;
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_parse(data, size);
    check_steps(data, size);
    return 0;
}

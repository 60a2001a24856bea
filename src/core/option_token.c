/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Option tokens: format and strict parse. */
#include "core/option_token.h"

/* A cursor over the bytes being parsed. */
struct token_cursor {
    const char *p;
    const char *end;
};

/* Reads a decimal number without sign or leading zeros, 1..max. */
static bool
token_number(struct token_cursor *c, int64_t max, int64_t *out)
{
    int64_t v = 0;
    const char *start = c->p;

    if (c->p == c->end || *c->p == '0') {
        return false;
    }
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        v = v * 10 + (*c->p - '0');
        if (v > max) {
            return false;
        }
        c->p++;
    }
    if (c->p == start) {
        return false;
    }
    *out = v;
    return true;
}

/* Like token_number, but 0 itself is allowed (a minute of the day). */
static bool
token_minute(struct token_cursor *c, int *out)
{
    int64_t v = 0;

    if (c->p < c->end && *c->p == '0') {
        c->p++;
        if (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            return false; /* leading zero */
        }
        *out = 0;
        return true;
    }
    if (!token_number(c, 1439, &v)) {
        return false;
    }
    *out = (int)v;
    return true;
}

static bool
token_expect(struct token_cursor *c, char ch)
{
    if (c->p == c->end || *c->p != ch) {
        return false;
    }
    c->p++;
    return true;
}

bool
option_token_parse(const char *s, size_t len, struct option_token *out)
{
    struct token_cursor c = {s, s + len};
    struct option_token t = {0};
    int64_t persons = 0;

    if (s == NULL || len >= OPTION_TOKEN_MAX ||
        !token_number(&c, OPTION_TOKEN_MAX_ID, &t.location_id) ||
        !token_expect(&c, '.') || c.end - c.p < DATE_ISO_LEN ||
        !date_parse(c.p, DATE_ISO_LEN, &t.date)) {
        return false;
    }
    c.p += DATE_ISO_LEN;
    if (!token_expect(&c, '.') ||
        !token_number(&c, OPTION_TOKEN_MAX_PERSONS, &persons) ||
        !token_expect(&c, '.')) {
        return false;
    }
    t.persons = (int)persons;
    do {
        struct option_token_leg *leg;
        if (t.n_legs == OPTION_TOKEN_MAX_LEGS) {
            return false;
        }
        leg = &t.legs[t.n_legs++];
        if (!token_number(&c, OPTION_TOKEN_MAX_ID, &leg->service_id) ||
            !token_expect(&c, '-') ||
            !token_number(&c, OPTION_TOKEN_MAX_ID, &leg->desk_id) ||
            !token_expect(&c, '-') || !token_minute(&c, &leg->start_minute)) {
            return false;
        }
    } while (token_expect(&c, '_'));
    if (c.p != c.end) {
        return false;
    }
    *out = t;
    return true;
}

/* Appends the decimal digits of v (>= 0) at out + *used. Without printf:
 * availability writes several tokens per answer. */
static void
token_put_number(char *out, size_t *used, int64_t v)
{
    char digits[20];
    size_t n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) {
        out[(*used)++] = digits[--n];
    }
}

bool
option_token_format(const struct option_token *t, char out[OPTION_TOKEN_MAX])
{
    size_t used = 0;

    out[0] = '\0';
    if (t->location_id < 1 || t->location_id > OPTION_TOKEN_MAX_ID ||
        !date_is_valid(t->date) || t->persons < 1 ||
        t->persons > OPTION_TOKEN_MAX_PERSONS || t->n_legs < 1 ||
        t->n_legs > OPTION_TOKEN_MAX_LEGS) {
        return false;
    }
    for (int i = 0; i < t->n_legs; i++) {
        const struct option_token_leg *leg = &t->legs[i];
        if (leg->service_id < 1 || leg->service_id > OPTION_TOKEN_MAX_ID ||
            leg->desk_id < 1 || leg->desk_id > OPTION_TOKEN_MAX_ID ||
            leg->start_minute < 0 || leg->start_minute > 1439) {
            return false;
        }
    }
    /* At most 10 + 1 + 10 + 1 + 2 + 1 head bytes and 8 legs of
     * 1 + 10 + 1 + 10 + 1 + 4 bytes: well within OPTION_TOKEN_MAX. */
    token_put_number(out, &used, t->location_id);
    out[used++] = '.';
    date_format(t->date, out + used);
    used += DATE_ISO_LEN;
    out[used++] = '.';
    token_put_number(out, &used, t->persons);
    out[used++] = '.';
    for (int i = 0; i < t->n_legs; i++) {
        const struct option_token_leg *leg = &t->legs[i];
        if (i > 0) {
            out[used++] = '_';
        }
        token_put_number(out, &used, leg->service_id);
        out[used++] = '-';
        token_put_number(out, &used, leg->desk_id);
        out[used++] = '-';
        token_put_number(out, &used, leg->start_minute);
    }
    out[used] = '\0';
    return true;
}

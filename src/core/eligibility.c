/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Eligibility rules: kinds, parameters and judging. */
#include "core/eligibility.h"

#include <stdio.h>
#include <string.h>

#include "core/sponsor_register.h"
#include "core/validate.h"

static const struct {
    const char *name;
    const char *field;
} eligibility_kinds[ELIGIBILITY_KIND_COUNT] = {
    [ELIGIBILITY_RECOGNISED_SPONSOR] = {"recognised-sponsor", "sponsorKvk"},
    [ELIGIBILITY_RESIDENCE_MUNICIPALITY] = {"residence-municipality",
                                            "residenceMunicipality"},
    [ELIGIBILITY_IND_LETTER_LOCATION] = {"ind-letter-location",
                                         "indLetterLocation"},
};

const char *
eligibility_kind_name(enum eligibility_kind kind)
{
    return kind < ELIGIBILITY_KIND_COUNT ? eligibility_kinds[kind].name : "";
}

const char *
eligibility_kind_field(enum eligibility_kind kind)
{
    return kind < ELIGIBILITY_KIND_COUNT ? eligibility_kinds[kind].field : "";
}

bool
eligibility_kind_parse(const char *name, enum eligibility_kind *kind)
{
    for (int k = 0; name != NULL && k < ELIGIBILITY_KIND_COUNT; k++) {
        if (strcmp(name, eligibility_kinds[k].name) == 0) {
            *kind = (enum eligibility_kind)k;
            return true;
        }
    }
    return false;
}

bool
eligibility_needs_values(enum eligibility_kind kind)
{
    return kind == ELIGIBILITY_RESIDENCE_MUNICIPALITY;
}

const char *
eligibility_check_value(enum eligibility_kind kind, const char *value)
{
    enum sponsor_category category;

    switch (kind) {
    case ELIGIBILITY_RECOGNISED_SPONSOR:
        if (value == NULL ||
            !sponsor_category_parse(value, strlen(value), &category) ||
            strcmp(value, sponsor_category_code(category)) != 0) {
            return "must be a register category: work, research, study or "
                   "exchange";
        }
        return NULL;
    case ELIGIBILITY_RESIDENCE_MUNICIPALITY:
        if (value == NULL || !validate_text(value, ELIGIBILITY_VALUE_MAX) ||
            strspn(value, " -") == strlen(value)) {
            return "must be a municipality's name of 1 to 100 characters";
        }
        return NULL;
    case ELIGIBILITY_IND_LETTER_LOCATION:
    case ELIGIBILITY_KIND_COUNT:
        break;
    }
    return "this rule takes no values";
}

static bool
eligibility_separator(char c)
{
    return c == ' ' || c == '-';
}

static char
eligibility_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The next character of a name as compared: separators run together as
 * one ' ', none at either end. Returns '\0' at the end. */
static char
eligibility_next(const char **p)
{
    const char *s = *p;
    bool sep = false;

    while (eligibility_separator(*s)) {
        sep = true;
        s++;
    }
    if (*s == '\0') {
        *p = s;
        return '\0';
    }
    if (sep) {
        *p = s; /* the letter after the separator comes next */
        return ' ';
    }
    *p = s + 1;
    return eligibility_lower(*s);
}

bool
eligibility_same_municipality(const char *a, const char *b)
{
    const char *p = a;
    const char *q = b;
    char x;
    char y;

    if (a == NULL || b == NULL) {
        return false;
    }
    while (eligibility_separator(*p)) {
        p++;
    }
    while (eligibility_separator(*q)) {
        q++;
    }
    do {
        x = eligibility_next(&p);
        y = eligibility_next(&q);
        if (x != y) {
            return false;
        }
    } while (x != '\0');
    return true;
}

static bool
eligibility_given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

bool
eligibility_judge(enum eligibility_kind kind, const char *const *values,
                  size_t n_values, const struct eligibility_facts *facts,
                  char why[ELIGIBILITY_WHY_MAX])
{
    switch (kind) {
    case ELIGIBILITY_RECOGNISED_SPONSOR:
        if (!eligibility_given(facts->sponsor_kvk)) {
            snprintf(why, ELIGIBILITY_WHY_MAX,
                     "%s is for employees of a recognised sponsor: the "
                     "employer books it, or the front desk names the "
                     "sponsor's KvK number",
                     facts->service);
            return false;
        }
        if (!facts->sponsor_recognised) {
            snprintf(why, ELIGIBILITY_WHY_MAX,
                     "%s is for employees of a recognised sponsor: the "
                     "sponsor with KvK number %s is not recognised%s on %s, "
                     "the date of the visit",
                     facts->service, facts->sponsor_kvk,
                     n_values > 0 ? " in the categories required" : "",
                     facts->visit_date);
            return false;
        }
        return true;
    case ELIGIBILITY_RESIDENCE_MUNICIPALITY:
        if (!eligibility_given(facts->municipality)) {
            snprintf(why, ELIGIBILITY_WHY_MAX,
                     "%s is for residents of the region: give the "
                     "municipality you live in",
                     facts->service);
            return false;
        }
        for (size_t i = 0; i < n_values; i++) {
            if (eligibility_same_municipality(values[i], facts->municipality)) {
                return true;
            }
        }
        snprintf(why, ELIGIBILITY_WHY_MAX,
                 "%s is for residents of the region's municipalities; %s is "
                 "not one of them: register at your own municipality",
                 facts->service, facts->municipality);
        return false;
    case ELIGIBILITY_IND_LETTER_LOCATION:
        if (!eligibility_given(facts->letter_location)) {
            snprintf(why, ELIGIBILITY_WHY_MAX,
                     "%s needs the IND letter saying where your document is "
                     "ready: give the location it names",
                     facts->service);
            return false;
        }
        if (strcmp(facts->letter_location, facts->location_code) != 0) {
            snprintf(why, ELIGIBILITY_WHY_MAX,
                     "%s: your IND letter names another location; collect "
                     "the document where the letter says",
                     facts->service);
            return false;
        }
        return true;
    case ELIGIBILITY_KIND_COUNT:
        break;
    }
    snprintf(why, ELIGIBILITY_WHY_MAX, "%s has an unknown rule",
             facts->service);
    return false;
}

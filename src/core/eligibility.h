/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Eligibility rules of services, as the catalogue holds them: their kinds,
 * the checks of their parameters, and the judging of what a booking
 * answered against a rule. Pure logic, no I/O: whether a sponsor was
 * recognised on a date is looked up by the caller and handed in. */
#ifndef ONESTOP_CORE_ELIGIBILITY_H
#define ONESTOP_CORE_ELIGIBILITY_H

#include <stdbool.h>
#include <stddef.h>

enum eligibility_kind {
    /* booked for an employee of a sponsor recognised on the visit date */
    ELIGIBILITY_RECOGNISED_SPONSOR,
    /* the person lives in one of the listed municipalities */
    ELIGIBILITY_RESIDENCE_MUNICIPALITY,
    /* the person's IND letter names the location of the visit */
    ELIGIBILITY_IND_LETTER_LOCATION,
    ELIGIBILITY_KIND_COUNT
};

/* Parameters one rule may list (municipalities of a region). */
#define ELIGIBILITY_VALUES_MAX 64
/* Longest parameter (a municipality's name), in characters. */
#define ELIGIBILITY_VALUE_MAX 100
/* Longest reason or message the functions below write. */
#define ELIGIBILITY_WHY_MAX 256
/* What a booking answers for a letter naming another location. */
#define ELIGIBILITY_OTHER_LOCATION "other"

/* The kind's name as stored and shown ("recognised-sponsor"). */
const char *eligibility_kind_name(enum eligibility_kind kind);
/* The kind named; false when name is no kind. */
bool eligibility_kind_parse(const char *name, enum eligibility_kind *kind);
/* The booking field that answers a rule of kind ("sponsorKvk"). */
const char *eligibility_kind_field(enum eligibility_kind kind);

/* Checks one parameter of a rule of kind: a register category for a
 * sponsor rule, a municipality's name for a residence rule (the letter
 * rule takes none). NULL when good, else the reason. */
const char *eligibility_check_value(enum eligibility_kind kind,
                                    const char *value);
/* Whether a rule of kind needs at least one parameter. */
bool eligibility_needs_values(enum eligibility_kind kind);

/* Whether two municipality names are the same one: letters compared
 * without case (ASCII), runs of spaces and hyphens as one separator, and
 * leading and trailing ones ignored ("sittard geleen" is
 * "Sittard-Geleen"). */
bool eligibility_same_municipality(const char *a, const char *b);

/* What is known of one person when a rule is judged. */
struct eligibility_facts {
    const char *service;         /* the service's code, for messages */
    const char *sponsor_kvk;     /* NULL or "" when none was named */
    bool sponsor_recognised;     /* on the visit date, in a listed category */
    const char *visit_date;      /* YYYY-MM-DD */
    const char *municipality;    /* NULL or "" when not given */
    const char *letter_location; /* location code, "other", NULL or "" */
    const char *location_code;   /* the location of the visit */
};

/* Judges facts against a rule of kind with values[0..n_values - 1]. True
 * when the rule is met; otherwise false with a message for the person, in
 * English, in why. */
bool eligibility_judge(enum eligibility_kind kind, const char *const *values,
                       size_t n_values, const struct eligibility_facts *facts,
                       char why[ELIGIBILITY_WHY_MAX]);

#endif

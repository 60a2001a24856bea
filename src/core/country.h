/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* ISO 3166-1 alpha-2 country codes, as data: the 249 codes officially
 * assigned (not the reserved or user-assigned ones such as XK or EU), for
 * a newcomer's nationality. Pure logic, no I/O. */
#ifndef ONESTOP_CORE_COUNTRY_H
#define ONESTOP_CORE_COUNTRY_H

#include <stdbool.h>
#include <stddef.h>

/* Officially assigned alpha-2 codes. */
#define COUNTRY_COUNT 249
/* A code and its NUL. */
#define COUNTRY_CODE_TEXT 3

/* Reads a code of exactly two ASCII letters, in either case, that is
 * officially assigned; writes it (out) in upper case. Returns false, and
 * leaves out alone, for anything else (NULL included). */
bool country_parse(const char *s, char out[COUNTRY_CODE_TEXT]);

/* True when s is an assigned code in upper case ("NL", not "nl"). */
bool country_valid(const char *s);

/* Writes (out) the i-th assigned code in alphabetical order; false when
 * i >= COUNTRY_COUNT. */
bool country_code_at(size_t i, char out[COUNTRY_CODE_TEXT]);

#endif

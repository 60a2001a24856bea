/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Texts kept in English and Dutch travel as {"en": ..., "nl": ...}. */
#ifndef ONESTOP_API_BILINGUAL_H
#define ONESTOP_API_BILINGUAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* {"en": en, "nl": nl}; new reference. */
json_t *bilingual_json(const char *en, const char *nl);
/* Reads the {en, nl} object at body[name] (multiline when multiline is
 * true, then empty texts are allowed), each at most max_chars characters.
 * An absent optional field gives "" for both. Appends to invalid naming
 * "name.en" or "name.nl" and returns false when something is wrong. The
 * strings are borrowed from body. */
bool bilingual_read(const json_t *body, const char *name, size_t max_chars,
                    bool multiline, const char **en, const char **nl,
                    json_t *invalid);

#endif

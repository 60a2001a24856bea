/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* English and Dutch text pairs in JSON. */
#include "api/bilingual.h"

#include <stdio.h>
#include <string.h>

#include "core/validate.h"
#include "http/reply.h"

json_t *
bilingual_json(const char *en, const char *nl)
{
    return json_pack("{s:s, s:s}", "en", en, "nl", nl);
}

static bool
bilingual_one(const json_t *obj, const char *name, const char *lang,
              size_t max_chars, bool multiline, const char **out,
              json_t *invalid)
{
    const json_t *v = json_object_get(obj, lang);
    char field[96];
    const char *s;

    snprintf(field, sizeof field, "%s.%s", name, lang);
    if (!json_is_string(v)) {
        invalid_add(invalid, field, "must be a string");
        return false;
    }
    s = json_string_value(v);
    if (strlen(s) != json_string_length(v)) {
        invalid_add(invalid, field, "must not contain NUL characters");
        return false;
    }
    if (multiline ? !validate_multiline_text(s, max_chars)
                  : !validate_text(s, max_chars)) {
        invalid_add(invalid, field,
                    multiline ? "must be text without control characters, "
                                "within the length limit"
                              : "must be one line of text, not empty, within "
                                "the length limit");
        return false;
    }
    *out = s;
    return true;
}

bool
bilingual_read(const json_t *body, const char *name, size_t max_chars,
               bool multiline, const char **en, const char **nl,
               json_t *invalid)
{
    const json_t *obj = json_object_get(body, name);
    const char *key;
    json_t *value;
    bool ok;

    if (obj == NULL) {
        *en = "";
        *nl = "";
        return true; /* required fields are checked by the body spec */
    }
    if (!json_is_object(obj)) {
        invalid_add(invalid, name, "must be an object with en and nl");
        return false;
    }
    json_object_foreach((json_t *)(uintptr_t)obj, key, value)
    {
        if (strcmp(key, "en") != 0 && strcmp(key, "nl") != 0) {
            char field[96];
            snprintf(field, sizeof field, "%s.%s", name, key);
            invalid_add(invalid, field, "is not a known field");
            return false;
        }
    }
    ok = bilingual_one(obj, name, "en", max_chars, multiline, en, invalid);
    ok =
        bilingual_one(obj, name, "nl", max_chars, multiline, nl, invalid) && ok;
    return ok;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Validation and description of request bodies from one field table. */
#include "http/body.h"

#include <string.h>

#include "core/date.h"
#include "core/slot.h"
#include "core/validate.h"

static size_t
body_utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80) {
            n++;
        }
    }
    return n;
}

static const char *
body_check_string(const struct body_field *f, const char *s)
{
    size_t chars = body_utf8_chars(s);
    size_t len = strlen(s);

    switch (f->type) {
    case BODY_STRING:
        if (!validate_utf8(s, len)) {
            return "is not valid UTF-8";
        }
        if (chars < (size_t)f->min) {
            return f->min <= 1 ? "must not be empty" : "is too short";
        }
        if (chars > (size_t)f->max) {
            return "is too long";
        }
        if (chars > 0 && !validate_text(s, (size_t)f->max)) {
            return "must be one line of text without control characters";
        }
        return NULL;
    case BODY_TEXT:
        if (chars > (size_t)f->max) {
            return "is too long";
        }
        if (!validate_multiline_text(s, (size_t)f->max)) {
            return "must be text without control characters";
        }
        return NULL;
    case BODY_SECRET:
        if (len == 0) {
            return "must not be empty";
        }
        if (len > (size_t)f->max) {
            return "is too long";
        }
        return NULL;
    case BODY_CODE:
        return validate_code(s) ? NULL
                                : "must be lower-case letters, digits and "
                                  "single hyphens (at most 40)";
    case BODY_DATE: {
        struct date d;
        return date_parse(s, len, &d) ? NULL : "must be a date as YYYY-MM-DD";
    }
    case BODY_TIME: {
        int minute;
        return slot_parse_hhmm(s, len, &minute) ? NULL
                                                : "must be a time as HH:MM";
    }
    default:
        return "has the wrong type";
    }
}

/* The type and bounds check of body_check_value(). */
static const char *
body_check_type(const struct body_field *f, const json_t *v)
{
    if (json_is_null(v)) {
        return f->nullable ? NULL : "must not be null";
    }
    switch (f->type) {
    case BODY_STRING:
    case BODY_TEXT:
    case BODY_SECRET:
    case BODY_CODE:
    case BODY_DATE:
    case BODY_TIME:
        if (!json_is_string(v)) {
            return "must be a string";
        }
        if (strlen(json_string_value(v)) != json_string_length(v)) {
            return "must not contain NUL characters";
        }
        return body_check_string(f, json_string_value(v));
    case BODY_INTEGER:
        if (!json_is_integer(v)) {
            return "must be a whole number";
        }
        if (json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
            return "is out of range";
        }
        return NULL;
    case BODY_BOOLEAN:
        return json_is_boolean(v) ? NULL : "must be true or false";
    case BODY_ARRAY:
        if (!json_is_array(v)) {
            return "must be an array";
        }
        if (json_array_size(v) < (size_t)f->min) {
            return "has too few items";
        }
        if (json_array_size(v) > (size_t)f->max) {
            return "has too many items";
        }
        return NULL;
    case BODY_OBJECT:
        return json_is_object(v) ? NULL : "must be an object";
    case BODY_TYPE_COUNT:
        break;
    }
    return "has an unknown type";
}

const char *
body_check_value(const struct body_field *f, const json_t *v)
{
    const char *why = body_check_type(f, v);

    if (why == NULL && f->check != NULL && !json_is_null(v)) {
        why = f->check(v);
    }
    return why;
}

bool
body_check(const struct body_spec *spec, const json_t *body, json_t *invalid)
{
    size_t before = json_array_size(invalid);
    const char *key;
    json_t *value;

    if (!json_is_object(body)) {
        json_array_append_new(invalid,
                              json_pack("{s:s, s:s}", "name", "body", "reason",
                                        "must be a JSON object"));
        return false;
    }
    json_object_foreach((json_t *)(uintptr_t)body, key, value)
    {
        bool known = false;
        for (size_t i = 0; i < spec->n_fields; i++) {
            if (strcmp(spec->fields[i].name, key) == 0) {
                known = true;
                break;
            }
        }
        if (!known) {
            json_array_append_new(invalid,
                                  json_pack("{s:s, s:s}", "name", key, "reason",
                                            "is not a known field"));
        }
    }
    for (size_t i = 0; i < spec->n_fields; i++) {
        const struct body_field *f = &spec->fields[i];
        const json_t *v = json_object_get(body, f->name);
        const char *why;

        if (v == NULL) {
            if (f->required) {
                json_array_append_new(invalid,
                                      json_pack("{s:s, s:s}", "name", f->name,
                                                "reason", "is required"));
            }
            continue;
        }
        why = body_check_value(f, v);
        if (why != NULL) {
            json_array_append_new(invalid, json_pack("{s:s, s:s}", "name",
                                                     f->name, "reason", why));
        }
    }
    return json_array_size(invalid) == before;
}

json_t *
body_schema(const struct body_spec *spec)
{
    json_t *props = json_object();
    json_t *required = json_array();
    json_t *schema;

    for (size_t i = 0; i < spec->n_fields; i++) {
        const struct body_field *f = &spec->fields[i];
        json_t *p = json_object();

        switch (f->type) {
        case BODY_STRING:
        case BODY_TEXT:
        case BODY_SECRET:
            json_object_set_new(p, "type", json_string("string"));
            if (f->type == BODY_SECRET) {
                json_object_set_new(p, "format", json_string("password"));
            }
            json_object_set_new(p, "maxLength", json_integer(f->max));
            if (f->type != BODY_TEXT) {
                json_object_set_new(p, "minLength",
                                    json_integer(f->min > 1 ? f->min : 1));
            }
            break;
        case BODY_CODE:
            json_object_set_new(p, "type", json_string("string"));
            json_object_set_new(p, "pattern",
                                json_string("^[a-z0-9]+(-[a-z0-9]+)*$"));
            json_object_set_new(p, "maxLength", json_integer(40));
            break;
        case BODY_DATE:
            json_object_set_new(p, "type", json_string("string"));
            json_object_set_new(p, "format", json_string("date"));
            break;
        case BODY_TIME:
            json_object_set_new(p, "type", json_string("string"));
            json_object_set_new(p, "pattern",
                                json_string("^([01][0-9]|2[0-3]):[0-5][0-9]$"
                                            "|^24:00$"));
            break;
        case BODY_INTEGER:
            json_object_set_new(p, "type", json_string("integer"));
            json_object_set_new(p, "minimum", json_integer(f->min));
            json_object_set_new(p, "maximum", json_integer(f->max));
            break;
        case BODY_BOOLEAN:
            json_object_set_new(p, "type", json_string("boolean"));
            break;
        case BODY_ARRAY:
            json_object_set_new(p, "type", json_string("array"));
            json_object_set_new(p, "minItems", json_integer(f->min));
            json_object_set_new(p, "maxItems", json_integer(f->max));
            break;
        case BODY_OBJECT:
        case BODY_TYPE_COUNT:
            json_object_set_new(p, "type", json_string("object"));
            break;
        }
        if (f->nullable) {
            json_object_set_new(p, "nullable", json_true());
        }
        if (f->description != NULL) {
            json_object_set_new(p, "description", json_string(f->description));
        }
        json_object_set_new(props, f->name, p);
        if (f->required) {
            json_array_append_new(required, json_string(f->name));
        }
    }
    schema = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
                       "additionalProperties", 0);
    if (json_array_size(required) > 0) {
        json_object_set_new(schema, "required", required);
    } else {
        json_decref(required);
    }
    return schema;
}

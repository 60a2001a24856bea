/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Declarative request bodies: each route states its fields (name, type,
 * required, bounds) once; the same table validates the body and describes
 * it in the OpenAPI document. */
#ifndef ONESTOP_HTTP_BODY_H
#define ONESTOP_HTTP_BODY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum body_type {
    BODY_STRING,    /* one line of text, min..max characters */
    BODY_TEXT,      /* multi-line text, up to max characters, may be empty */
    BODY_SECRET,    /* a password: 1..max bytes, never echoed */
    BODY_CODE,      /* kebab-case identifier */
    BODY_INTEGER,   /* min..max */
    BODY_BOOLEAN,
    BODY_DATE,      /* YYYY-MM-DD */
    BODY_TIME,      /* HH:MM */
    BODY_ARRAY,     /* min..max items; items checked by the handler */
    BODY_OBJECT,    /* checked by the handler */
    BODY_TYPE_COUNT
};

struct body_field {
    const char *name;
    enum body_type type;
    bool required;
    bool nullable;
    long min;
    long max;
    const char *description;
    /* Optional: a further check of a value that has the right type and
     * bounds, such as "a valid time zone"; returns NULL or the reason it is
     * wrong. Running it here names every bad field in one answer. */
    const char *(*check)(const json_t *value);
};

struct body_spec {
    const char *name; /* the schema's name in the OpenAPI document */
    const struct body_field *fields;
    size_t n_fields;
};

#define BODY_SPEC(name, fields)                                                \
    {(name), (fields), sizeof(fields) / sizeof((fields)[0])}

/* Checks a parsed body against the spec: an object, no unknown fields, the
 * required ones present, types and bounds right. Appends one
 * {name, reason} to invalid for each problem. True when all is well. */
bool body_check(const struct body_spec *spec, const json_t *body,
                json_t *invalid);
/* Checks one value against one field's type and bounds; returns NULL or
 * the reason it is wrong. Handlers use it for nested items. */
const char *body_check_value(const struct body_field *field,
                             const json_t *value);
/* A JSON Schema (OpenAPI 3.0 dialect) of the spec; new reference. */
json_t *body_schema(const struct body_spec *spec);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* INI configuration driven by one option table. */
#include "util/config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum cfg_type { CFG_INT, CFG_STRING, CFG_LISTEN, CFG_LOG_LEVEL };

struct cfg_option {
    const char *section;
    const char *key;
    enum cfg_type type;
    size_t offset;
    size_t size; /* strings: buffer size */
    long min;
    long max;
    const char *fallback;
    const char *description;
};

#define CFG_FIELD(f) offsetof(struct config, f), sizeof(((struct config *)0)->f)

static const struct cfg_option cfg_options[] = {
    {"server", "listen", CFG_LISTEN, CFG_FIELD(listen_host), 0, 0,
     "127.0.0.1:8080", "address and port to serve on (host:port)"},
    {"server", "web_root", CFG_STRING, CFG_FIELD(web_root), 1, 0, "web",
     "folder of the browser interface's static files"},
    {"server", "threads", CFG_INT, CFG_FIELD(threads), 1, 64, "4",
     "worker threads answering requests"},
    {"server", "connection_timeout", CFG_INT, CFG_FIELD(connection_timeout_s),
     1, 3600, "30", "seconds a connection may stay idle or slow"},
    {"server", "max_connections", CFG_INT, CFG_FIELD(max_connections), 1,
     100000, "1024", "connections served at once"},
    {"server", "max_header_bytes", CFG_INT, CFG_FIELD(max_header_bytes), 1024,
     65536, "16384", "largest accepted request line plus headers, in bytes"},
    {"server", "max_streams", CFG_INT, CFG_FIELD(max_streams), 1, 100000, "500",
     "live event streams (displays, front desks) open at once"},
    {"server", "stream_keepalive", CFG_INT, CFG_FIELD(stream_keepalive_s), 1,
     300, "15", "seconds between keep-alive comments on an idle event stream"},
    {"server", "time_zone", CFG_STRING, CFG_FIELD(time_zone), 1, 0,
     "Europe/Amsterdam",
     "the time zone of the locations served: what today and now mean"},
    {"database", "path", CFG_STRING, CFG_FIELD(db_path), 1, 0, "var/onestop.db",
     "SQLite database file"},
    {"sessions", "ttl", CFG_INT, CFG_FIELD(session_ttl_s), 1, 7 * 86400,
     "28800", "seconds a sign-in lasts at most"},
    {"sessions", "idle", CFG_INT, CFG_FIELD(session_idle_s), 1, 7 * 86400,
     "1800", "seconds of inactivity after which a sign-in ends"},
    {"sign-in", "account_failures", CFG_INT, CFG_FIELD(signin_account_failures),
     1, 100, "5", "failed sign-ins after which an account is locked"},
    {"sign-in", "lockout", CFG_INT, CFG_FIELD(signin_lockout_s), 1, 86400,
     "900", "seconds an account stays locked"},
    {"sign-in", "address_failures", CFG_INT, CFG_FIELD(signin_address_failures),
     1, 10000, "20", "failed sign-ins from one address within the window"},
    {"sign-in", "address_window", CFG_INT, CFG_FIELD(signin_address_window_s),
     1, 86400, "900", "seconds over which failures per address count"},
    {"sign-in", "failure_delay_ms", CFG_INT, CFG_FIELD(signin_failure_delay_ms),
     0, 10000, "250", "base delay of a failed sign-in, doubling per failure"},
    {"booking", "days_ahead", CFG_INT, CFG_FIELD(booking_days_ahead), 1, 730,
     "120", "how many days ahead visits can be booked"},
    {"booking", "lead_minutes", CFG_INT, CFG_FIELD(booking_lead_minutes), 0,
     1440, "15", "minutes from now before which a visit today cannot start"},
    {"booking", "idempotency_hours", CFG_INT,
     CFG_FIELD(booking_idempotency_hours), 1, 720, "24",
     "hours an Idempotency-Key is remembered"},
    {"security", "key_file", CFG_STRING, CFG_FIELD(key_file), 1, 0,
     "var/onestop.key",
     "file of the key sealing personal data (mode 0600, outside the "
     "database; onestop keygen creates it)"},
    {"bsn", "pool_low", CFG_INT, CFG_FIELD(bsn_pool_low), 0, 1000000, "20",
     "warn when fewer unused numbers than this are left in the BSN pool"},
    {"floor", "grace_minutes", CFG_INT, CFG_FIELD(floor_grace_minutes), 0, 240,
     "10",
     "minutes after the first appointment a visitor may check in and still "
     "count as on time"},
    {"floor", "no_show_minutes", CFG_INT, CFG_FIELD(floor_no_show_minutes), 0,
     720, "30",
     "minutes after the first appointment an unchecked visitor may be marked "
     "a no-show (at least grace_minutes)"},
    {"floor", "recalls_before_no_show", CFG_INT,
     CFG_FIELD(floor_recalls_before_no_show), 0, 9, "2",
     "recalls after the first call before a called visitor may be marked a "
     "no-show"},
    {"floor", "late_keeps_place", CFG_INT, CFG_FIELD(floor_late_keeps_place), 0,
     1, "0",
     "1: a late visitor keeps their appointment's place in the queue; 0: "
     "they queue like a walk-in arriving then"},
    {"log", "level", CFG_LOG_LEVEL, CFG_FIELD(log_level), 0, 0, "info",
     "error, warn, info or debug"},
};

#define CFG_OPTION_COUNT (sizeof cfg_options / sizeof cfg_options[0])

static void
cfg_error(char err[CFG_ERROR_MAX], const char *name, size_t line,
          const char *key, const char *what)
{
    if (line > 0) {
        snprintf(err, CFG_ERROR_MAX, "%s:%zu: %s: %s", name, line, key, what);
    } else {
        snprintf(err, CFG_ERROR_MAX, "%s: %s: %s", name, key, what);
    }
}

static bool
cfg_parse_long(const char *value, long *out)
{
    char *end = NULL;
    long v;

    if (*value == '\0') {
        return false;
    }
    errno = 0;
    v = strtol(value, &end, 10);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *out = v;
    return true;
}

/* Applies one value; returns NULL or a description of what is wrong. */
static const char *
cfg_apply(struct config *cfg, const struct cfg_option *opt, const char *value)
{
    char *field = (char *)cfg + opt->offset;
    long v;

    switch (opt->type) {
    case CFG_INT:
        if (!cfg_parse_long(value, &v)) {
            return "not a whole number";
        }
        if (v < opt->min || v > opt->max) {
            return "out of range";
        }
        *(int *)(void *)field = (int)v;
        return NULL;
    case CFG_STRING:
        if (*value == '\0') {
            return "must not be empty";
        }
        if (strlen(value) >= opt->size) {
            return "too long";
        }
        memcpy(field, value, strlen(value) + 1);
        return NULL;
    case CFG_LOG_LEVEL:
        if (!log_parse_level(value, (enum log_level *)(void *)field)) {
            return "must be error, warn, info or debug";
        }
        return NULL;
    case CFG_LISTEN: {
        const char *colon = strrchr(value, ':');
        size_t host_len;

        if (colon == NULL || colon == value) {
            return "must be host:port";
        }
        host_len = (size_t)(colon - value);
        if (host_len >= CFG_HOST_MAX) {
            return "host too long";
        }
        if (!cfg_parse_long(colon + 1, &v) || v < 0 || v > 65535) {
            return "port must be 0..65535";
        }
        memcpy(cfg->listen_host, value, host_len);
        cfg->listen_host[host_len] = '\0';
        cfg->listen_port = (int)v;
        return NULL;
    }
    }
    return "unknown option type";
}

void
cfg_init_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < CFG_OPTION_COUNT; i++) {
        const char *why =
            cfg_apply(cfg, &cfg_options[i], cfg_options[i].fallback);
        (void)why; /* the defaults are valid by construction */
    }
}

static const struct cfg_option *
cfg_find(const char *section, size_t section_len, const char *key,
         size_t key_len)
{
    for (size_t i = 0; i < CFG_OPTION_COUNT; i++) {
        const struct cfg_option *o = &cfg_options[i];
        if (strlen(o->section) == section_len &&
            memcmp(o->section, section, section_len) == 0 &&
            strlen(o->key) == key_len && memcmp(o->key, key, key_len) == 0) {
            return o;
        }
    }
    return NULL;
}

static void
cfg_trim(const char **start, const char **end)
{
    while (*start < *end && (**start == ' ' || **start == '\t')) {
        (*start)++;
    }
    while (*end > *start &&
           ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r')) {
        (*end)--;
    }
}

enum status
cfg_parse_text(struct config *cfg, const char *text, size_t len,
               const char *name, char err[CFG_ERROR_MAX])
{
    struct config work = *cfg;
    char section[64] = "";
    size_t section_len = 0;
    size_t line_no = 0;
    const char *p = text;
    const char *end = text + len;

    if (memchr(text, '\0', len) != NULL) {
        cfg_error(err, name, 0, "file", "contains a NUL byte");
        return STATUS_INPUT;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *s = p;
        const char *e = line_end;

        line_no++;
        p = nl ? nl + 1 : end;
        cfg_trim(&s, &e);
        if (s == e || *s == '#' || *s == ';') {
            continue;
        }
        if (*s == '[') {
            if (e[-1] != ']' || e - s < 3 ||
                (size_t)(e - s - 2) >= sizeof section) {
                cfg_error(err, name, line_no, "section", "malformed [section]");
                return STATUS_INPUT;
            }
            section_len = (size_t)(e - s - 2);
            memcpy(section, s + 1, section_len);
            section[section_len] = '\0';
            continue;
        }
        const char *eq = memchr(s, '=', (size_t)(e - s));
        if (eq == NULL) {
            cfg_error(err, name, line_no, "line", "expected key = value");
            return STATUS_INPUT;
        }
        const char *ks = s;
        const char *ke = eq;
        const char *vs = eq + 1;
        const char *ve = e;
        cfg_trim(&ks, &ke);
        cfg_trim(&vs, &ve);
        char key[64];
        char value[CFG_PATH_MAX];
        if ((size_t)(ke - ks) >= sizeof key || ke == ks) {
            cfg_error(err, name, line_no, "key", "missing or too long");
            return STATUS_INPUT;
        }
        memcpy(key, ks, (size_t)(ke - ks));
        key[ke - ks] = '\0';
        const struct cfg_option *opt =
            cfg_find(section, section_len, ks, (size_t)(ke - ks));
        if (opt == NULL) {
            char what[160];
            snprintf(what, sizeof what, "unknown option in section [%s]",
                     section);
            cfg_error(err, name, line_no, key, what);
            return STATUS_INPUT;
        }
        if ((size_t)(ve - vs) >= sizeof value) {
            cfg_error(err, name, line_no, key, "value too long");
            return STATUS_INPUT;
        }
        memcpy(value, vs, (size_t)(ve - vs));
        value[ve - vs] = '\0';
        const char *why = cfg_apply(&work, opt, value);
        if (why != NULL) {
            cfg_error(err, name, line_no, key, why);
            return STATUS_INPUT;
        }
    }
    *cfg = work;
    return STATUS_OK;
}

enum status
cfg_load_file(struct config *cfg, const char *path, char err[CFG_ERROR_MAX])
{
    FILE *f = NULL;
    char *text = NULL;
    size_t len;
    enum status st = STATUS_INPUT;

    f = fopen(path, "rb");
    if (f == NULL) {
        cfg_error(err, path, 0, "file", strerror(errno));
        goto out;
    }
    text = malloc(CFG_FILE_MAX + 1);
    if (text == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    len = fread(text, 1, CFG_FILE_MAX + 1, f);
    if (len > CFG_FILE_MAX) {
        cfg_error(err, path, 0, "file", "larger than 64 KiB");
        goto out;
    }
    st = cfg_parse_text(cfg, text, len, path, err);
out:
    if (f != NULL) {
        fclose(f);
    }
    free(text);
    return st;
}

enum status
cfg_set(struct config *cfg, const char *name, const char *value,
        char err[CFG_ERROR_MAX])
{
    const char *dot = strchr(name, '.');
    const struct cfg_option *opt = NULL;
    const char *why;

    if (dot != NULL) {
        opt = cfg_find(name, (size_t)(dot - name), dot + 1, strlen(dot + 1));
    }
    if (opt == NULL) {
        cfg_error(err, "command line", 0, name, "unknown option");
        return STATUS_INPUT;
    }
    why = cfg_apply(cfg, opt, value);
    if (why != NULL) {
        cfg_error(err, "command line", 0, name, why);
        return STATUS_INPUT;
    }
    return STATUS_OK;
}

void
cfg_dump(const struct config *cfg, FILE *out)
{
    static const char *const levels[LOG_LEVEL_COUNT] = {"error", "warn", "info",
                                                        "debug"};
    const char *section = "";

    for (size_t i = 0; i < CFG_OPTION_COUNT; i++) {
        const struct cfg_option *o = &cfg_options[i];
        const char *field = (const char *)cfg + o->offset;

        if (strcmp(section, o->section) != 0) {
            fprintf(out, "%s[%s]\n", i ? "\n" : "", o->section);
            section = o->section;
        }
        fprintf(out, "# %s (default %s)\n", o->description, o->fallback);
        switch (o->type) {
        case CFG_INT:
            fprintf(out, "%s = %d\n", o->key,
                    *(const int *)(const void *)field);
            break;
        case CFG_STRING:
            fprintf(out, "%s = %s\n", o->key, field);
            break;
        case CFG_LISTEN:
            fprintf(out, "%s = %s:%d\n", o->key, cfg->listen_host,
                    cfg->listen_port);
            break;
        case CFG_LOG_LEVEL:
            fprintf(out, "%s = %s\n", o->key, levels[cfg->log_level]);
            break;
        }
    }
}

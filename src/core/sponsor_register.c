/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The sponsor register parsers. The HTML side is a small, purpose-built
 * table extractor rather than an HTML parser: it tokenizes tags, comments
 * and text, follows <table>, <tr>, <th> and <td> (closing cells and rows
 * that the page leaves open) and ignores everything else. Every size is
 * bounded: cells, columns, nesting, rows and the file itself. */
#include "core/sponsor_register.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

/* Bytes of a header text that are looked at to recognise a column. */
#define SPONSOR_HEADER_MAX 100
/* Bytes of a bad value echoed in a reason. */
#define SPONSOR_ECHO_MAX 24
/* The longest tag name that is told apart from others. */
#define SPONSOR_TAG_MAX 16
/* The longest entity name or number between '&' and ';'. */
#define SPONSOR_ENTITY_MAX 12

static const char *const sponsor_category_codes[SPONSOR_CATEGORY_COUNT] = {
    [SPONSOR_CATEGORY_WORK] = "work",
    [SPONSOR_CATEGORY_RESEARCH] = "research",
    [SPONSOR_CATEGORY_STUDY] = "study",
    [SPONSOR_CATEGORY_EXCHANGE] = "exchange",
};

/* ---- the list ---- */

void
sponsor_list_init(struct sponsor_list *list)
{
    memset(list, 0, sizeof *list);
}

void
sponsor_list_clear(struct sponsor_list *list)
{
    if (list == NULL) {
        return;
    }
    for (size_t i = 0; i < list->n; i++) {
        free(list->entries[i].name);
    }
    free(list->entries);
    sponsor_list_init(list);
}

static void sponsor_problem(struct sponsor_list *list, size_t line,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
sponsor_problem(struct sponsor_list *list, size_t line, const char *fmt, ...)
{
    va_list ap;

    list->problems_total++;
    if (list->n_problems == SPONSOR_PROBLEMS_MAX) {
        return;
    }
    list->problems[list->n_problems].line = line;
    va_start(ap, fmt);
    vsnprintf(list->problems[list->n_problems].reason, SPONSOR_REASON_MAX, fmt,
              ap);
    va_end(ap);
    list->n_problems++;
}

/* The state one parse shares between its steps. */
struct sponsor_parse {
    struct sponsor_list *list;
    size_t rows; /* data rows seen, also those past the limit */
    bool nomem;
};

/* Copies a bad value into out for a reason, when it is short printable
 * ASCII; otherwise out is empty. */
static void
sponsor_echo(const char *s, char out[SPONSOR_ECHO_MAX + 3])
{
    size_t n = strlen(s);

    out[0] = '\0';
    if (n == 0 || n > SPONSOR_ECHO_MAX) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '"') {
            return;
        }
    }
    snprintf(out, SPONSOR_ECHO_MAX + 3, "\"%s\"", s);
}

static bool
sponsor_all_digits(const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
    }
    return true;
}

bool
sponsor_kvk_valid(const char *s)
{
    return s != NULL && strlen(s) == SPONSOR_KVK_LEN && sponsor_all_digits(s);
}

/* Checks one row's name and KvK number and adds it, or reports the line.
 * too_long tells that a cell was cut at SPONSOR_CELL_MAX. */
static void
sponsor_row(struct sponsor_parse *ps, size_t line, const char *name,
            bool name_too_long, const char *kvk, enum sponsor_category category)
{
    struct sponsor_list *list = ps->list;
    char echo[SPONSOR_ECHO_MAX + 3];
    size_t kvk_len = strlen(kvk);
    size_t chars = 0;
    struct sponsor_entry *e;

    ps->rows++;
    if (name[0] == '\0') {
        sponsor_problem(list, line, "the organisation's name is empty");
        return;
    }
    if (name_too_long || !validate_utf8(name, strlen(name))) {
        if (name_too_long) {
            sponsor_problem(list, line, "the name is longer than %d characters",
                            SPONSOR_NAME_MAX);
        } else {
            sponsor_problem(list, line,
                            "the name is not valid UTF-8 (save the file as "
                            "UTF-8)");
        }
        return;
    }
    for (const char *p = name; *p != '\0'; p++) {
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    }
    if (chars > SPONSOR_NAME_MAX) {
        sponsor_problem(list, line, "the name is longer than %d characters",
                        SPONSOR_NAME_MAX);
        return;
    }
    if (!validate_text(name, SPONSOR_NAME_MAX)) {
        sponsor_problem(list, line, "the name contains control characters");
        return;
    }
    sponsor_echo(kvk, echo);
    if (kvk_len == 0) {
        sponsor_problem(list, line, "the KvK number is missing");
        return;
    }
    if (sponsor_all_digits(kvk) && kvk_len < SPONSOR_KVK_LEN) {
        sponsor_problem(list, line,
                        "KvK number %s has %zu digits, not %d (a leading "
                        "zero lost in a spreadsheet?)",
                        echo, kvk_len, SPONSOR_KVK_LEN);
        return;
    }
    if (!sponsor_kvk_valid(kvk)) {
        sponsor_problem(list, line, "KvK number %s%sis not %d digits", echo,
                        echo[0] ? " " : "", SPONSOR_KVK_LEN);
        return;
    }
    if (ps->rows > SPONSOR_ROWS_MAX) {
        return; /* reported once, when the parse ends */
    }
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        struct sponsor_entry *grown =
            realloc(list->entries, cap * sizeof *grown);
        if (grown == NULL) {
            ps->nomem = true;
            return;
        }
        list->entries = grown;
        list->cap = cap;
    }
    e = &list->entries[list->n];
    e->name = strdup(name);
    if (e->name == NULL) {
        ps->nomem = true;
        return;
    }
    memcpy(e->kvk, kvk, SPONSOR_KVK_LEN + 1);
    e->category = category;
    e->line = line;
    list->n++;
}

static int
sponsor_entry_order(const void *a, const void *b)
{
    const struct sponsor_entry *x = a;
    const struct sponsor_entry *y = b;
    int c = strcmp(x->kvk, y->kvk);

    if (c != 0) {
        return c;
    }
    if (x->category != y->category) {
        return x->category < y->category ? -1 : 1;
    }
    return x->line < y->line ? -1 : x->line > y->line;
}

static int
sponsor_problem_order(const void *a, const void *b)
{
    const struct sponsor_problem *x = a;
    const struct sponsor_problem *y = b;

    return x->line < y->line ? -1 : x->line > y->line;
}

static int
sponsor_line_order(const void *a, const void *b)
{
    const struct sponsor_entry *x = a;
    const struct sponsor_entry *y = b;

    return x->line < y->line ? -1 : x->line > y->line;
}

/* Ends a parse: limits, duplicates, and either entries or problems. */
static enum status
sponsor_finish(struct sponsor_parse *ps)
{
    struct sponsor_list *list = ps->list;

    if (ps->nomem) {
        sponsor_list_clear(list);
        return STATUS_NOMEM;
    }
    if (ps->rows > SPONSOR_ROWS_MAX) {
        sponsor_problem(list, 0, "the file lists more than %d sponsors",
                        SPONSOR_ROWS_MAX);
    }
    if (list->n > 1) {
        /* One KvK number is one organisation: listed once per category,
         * under one name. */
        size_t first = 0;
        qsort(list->entries, list->n, sizeof list->entries[0],
              sponsor_entry_order);
        for (size_t i = 1; i < list->n; i++) {
            const struct sponsor_entry *e = &list->entries[i];
            const struct sponsor_entry *prev = &list->entries[i - 1];
            if (strcmp(e->kvk, list->entries[first].kvk) != 0) {
                first = i;
                continue;
            }
            if (e->category == prev->category) {
                sponsor_problem(list, e->line,
                                "KvK number %s is listed twice (also on "
                                "line %zu)",
                                e->kvk, prev->line);
            } else if (strcmp(e->name, list->entries[first].name) != 0) {
                sponsor_problem(list, e->line,
                                "KvK number %s has another name on line %zu",
                                e->kvk, list->entries[first].line);
            }
        }
        qsort(list->entries, list->n, sizeof list->entries[0],
              sponsor_line_order);
    }
    if (list->problems_total == 0 && list->n == 0) {
        sponsor_problem(list, 0, "the file lists no sponsors");
    }
    if (list->problems_total > 0) {
        size_t kept = list->n_problems;
        size_t total = list->problems_total;
        struct sponsor_problem problems[SPONSOR_PROBLEMS_MAX];
        memcpy(problems, list->problems, kept * sizeof problems[0]);
        sponsor_list_clear(list);
        memcpy(list->problems, problems, kept * sizeof problems[0]);
        list->n_problems = kept;
        list->problems_total = total;
        qsort(list->problems, kept, sizeof list->problems[0],
              sponsor_problem_order);
        return STATUS_INPUT;
    }
    return STATUS_OK;
}

/* ---- headers and categories ---- */

/* Lower-case ASCII letters and digits of the len bytes at s, the rest
 * dropped, into out (at most SPONSOR_HEADER_MAX bytes). */
static void
sponsor_fold(const char *s, size_t len, char out[SPONSOR_HEADER_MAX + 1])
{
    size_t n = 0;

    for (size_t i = 0; i < len && n < SPONSOR_HEADER_MAX; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            out[n++] = (char)(c - 'A' + 'a');
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[n++] = c;
        }
    }
    out[n] = '\0';
}

static bool
sponsor_has_any(const char *folded, const char *const *words)
{
    for (; *words != NULL; words++) {
        if (strstr(folded, *words) != NULL) {
            return true;
        }
    }
    return false;
}

static bool
sponsor_header_is_kvk(const char *text)
{
    static const char *const words[] = {"kvk",
                                        "chamberofcommerce",
                                        "kamervankoophandel",
                                        "handelsregister",
                                        "cocnumber",
                                        NULL};
    char f[SPONSOR_HEADER_MAX + 1];

    sponsor_fold(text, strlen(text), f);
    return strlen(text) <= SPONSOR_HEADER_MAX && sponsor_has_any(f, words);
}

static bool
sponsor_header_is_name(const char *text)
{
    static const char *const words[] = {"naam",
                                        "name",
                                        "organisatie",
                                        "organisation",
                                        "organization",
                                        "bedrijf",
                                        "company",
                                        "referent",
                                        "sponsor",
                                        "employer",
                                        "werkgever",
                                        "instelling",
                                        NULL};
    char f[SPONSOR_HEADER_MAX + 1];

    sponsor_fold(text, strlen(text), f);
    return strlen(text) <= SPONSOR_HEADER_MAX && sponsor_has_any(f, words);
}

static bool
sponsor_header_is_category(const char *text)
{
    static const char *const words[] = {"categor", "regeling", "verblijfsdoel",
                                        "purpose", NULL};
    char f[SPONSOR_HEADER_MAX + 1];

    sponsor_fold(text, strlen(text), f);
    return strlen(text) <= SPONSOR_HEADER_MAX && sponsor_has_any(f, words);
}

const char *
sponsor_category_code(enum sponsor_category category)
{
    if ((unsigned int)category >= SPONSOR_CATEGORY_COUNT) {
        return NULL;
    }
    return sponsor_category_codes[category];
}

bool
sponsor_category_parse(const char *s, size_t len, enum sponsor_category *out)
{
    static const char *const words[SPONSOR_CATEGORY_COUNT][8] = {
        [SPONSOR_CATEGORY_WORK] = {"work", "arbeid", "kennismigr", "labour",
                                   "labor", "highlyskilled", "employment",
                                   NULL},
        [SPONSOR_CATEGORY_RESEARCH] = {"research", "onderzoek",
                                       "wetenschappelijk", NULL},
        [SPONSOR_CATEGORY_STUDY] = {"study", "studie", "student", NULL},
        [SPONSOR_CATEGORY_EXCHANGE] = {"exchange", "uitwisseling", "aupair",
                                       NULL},
    };
    char f[SPONSOR_HEADER_MAX + 1];
    size_t found = 0;
    enum sponsor_category which = SPONSOR_CATEGORY_WORK;

    if (s == NULL || len == 0 || len > SPONSOR_HEADER_MAX) {
        return false;
    }
    sponsor_fold(s, len, f);
    for (int c = 0; c < SPONSOR_CATEGORY_COUNT; c++) {
        if (sponsor_has_any(f, words[c])) {
            found++;
            which = (enum sponsor_category)c;
        }
    }
    if (found != 1) {
        return false; /* nothing, or a name that fits two categories */
    }
    *out = which;
    return true;
}

/* ---- CSV ---- */

struct csv_field {
    char text[SPONSOR_CELL_MAX + 1];
    size_t len;
    bool too_long;
};

struct csv_reader {
    const char *p;
    const char *end;
    size_t line; /* of p */
    char sep;
    struct csv_field *fields; /* SPONSOR_COLUMNS_MAX of them */
    size_t n_fields;          /* in the record, also those not kept */
    bool quoted_any;
};

static void
csv_put(struct csv_field *f, char c)
{
    if (f == NULL) {
        return;
    }
    if (f->len == SPONSOR_CELL_MAX) {
        f->too_long = true;
        return;
    }
    /* A NUL byte would cut the text short; DEL is refused as a control
     * character instead. */
    f->text[f->len++] = c == '\0' ? '\x7f' : c;
}

static bool
csv_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Cuts spaces and tabs at both ends of a field and terminates it. */
static void
csv_trim(struct csv_field *f)
{
    size_t start = 0;

    while (f->len > 0 && csv_is_blank(f->text[f->len - 1])) {
        f->len--;
    }
    while (start < f->len && csv_is_blank(f->text[start])) {
        start++;
    }
    memmove(f->text, f->text + start, f->len - start);
    f->len -= start;
    f->text[f->len] = '\0';
}

/* Reads one record. Returns false at the end of the data; *unclosed is
 * set when a quoted field runs to the end of the data. */
static bool
csv_record(struct csv_reader *r, bool *unclosed)
{
    *unclosed = false;
    r->n_fields = 0;
    r->quoted_any = false;
    if (r->p >= r->end) {
        return false;
    }
    for (;;) {
        struct csv_field *f =
            r->n_fields < SPONSOR_COLUMNS_MAX ? &r->fields[r->n_fields] : NULL;
        if (f != NULL) {
            f->len = 0;
            f->too_long = false;
        }
        while (r->p < r->end && csv_is_blank(*r->p)) {
            r->p++;
        }
        if (r->p < r->end && *r->p == '"') {
            r->quoted_any = true;
            r->p++;
            for (;;) {
                if (r->p >= r->end) {
                    *unclosed = true;
                    return true;
                }
                if (*r->p == '"') {
                    if (r->p + 1 < r->end && r->p[1] == '"') {
                        csv_put(f, '"');
                        r->p += 2;
                        continue;
                    }
                    r->p++;
                    break;
                }
                if (*r->p == '\n') {
                    r->line++;
                }
                csv_put(f, *r->p++);
            }
        }
        /* Unquoted text, or what follows a closing quote. */
        while (r->p < r->end && *r->p != r->sep && *r->p != '\n' &&
               *r->p != '\r') {
            csv_put(f, *r->p++);
        }
        if (f != NULL) {
            csv_trim(f);
        }
        r->n_fields++;
        if (r->p < r->end && *r->p == r->sep) {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == '\r') {
            r->p++;
        }
        if (r->p < r->end && *r->p == '\n') {
            r->p++;
        }
        r->line++;
        return true;
    }
}

/* The separator of the header line: the most frequent of ',', ';' and tab
 * outside quotes; ',' when there is none. */
static char
csv_separator(const char *p, const char *end)
{
    size_t comma = 0;
    size_t semi = 0;
    size_t tab = 0;
    bool quoted = false;

    for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
        if (*p == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            comma += *p == ',';
            semi += *p == ';';
            tab += *p == '\t';
        }
    }
    if (semi > comma && semi >= tab) {
        return ';';
    }
    if (tab > comma && tab > semi) {
        return '\t';
    }
    return ',';
}

struct csv_columns {
    size_t count;
    size_t name;
    size_t kvk;
    size_t category; /* SIZE_MAX when there is none */
};

static bool
csv_header(struct csv_reader *r, struct csv_columns *cols,
           struct sponsor_list *list, size_t line)
{
    size_t kept =
        r->n_fields < SPONSOR_COLUMNS_MAX ? r->n_fields : SPONSOR_COLUMNS_MAX;

    cols->count = r->n_fields;
    cols->name = SIZE_MAX;
    cols->kvk = SIZE_MAX;
    cols->category = SIZE_MAX;
    for (size_t i = 0; i < kept; i++) {
        if (cols->kvk == SIZE_MAX && sponsor_header_is_kvk(r->fields[i].text)) {
            cols->kvk = i;
        }
    }
    for (size_t i = 0; i < kept; i++) {
        if (i != cols->kvk && cols->category == SIZE_MAX &&
            sponsor_header_is_category(r->fields[i].text)) {
            cols->category = i;
        }
    }
    for (size_t i = 0; i < kept; i++) {
        if (i != cols->kvk && i != cols->category && cols->name == SIZE_MAX &&
            sponsor_header_is_name(r->fields[i].text)) {
            cols->name = i;
        }
    }
    if (cols->kvk == SIZE_MAX || cols->name == SIZE_MAX) {
        sponsor_problem(list, line,
                        "the header row names no %s column (expected "
                        "headers such as name, KvK number, category)",
                        cols->name == SIZE_MAX ? "name" : "KvK number");
        return false;
    }
    return true;
}

static void
csv_data_row(struct sponsor_parse *ps, struct csv_reader *r,
             const struct csv_columns *cols, const enum sponsor_category *only,
             size_t line)
{
    enum sponsor_category category = only ? *only : SPONSOR_CATEGORY_WORK;
    char echo[SPONSOR_ECHO_MAX + 3];
    size_t needed = cols->name > cols->kvk ? cols->name : cols->kvk;

    if (cols->category != SIZE_MAX && cols->category > needed) {
        needed = cols->category;
    }
    if (r->n_fields <= needed) {
        sponsor_problem(ps->list, line, "has %zu fields, the header has %zu",
                        r->n_fields, cols->count);
        return;
    }
    if (r->n_fields > cols->count) {
        /* Spreadsheets add empty trailing fields; anything else is a
         * shifted row. */
        for (size_t i = cols->count; i < r->n_fields; i++) {
            if (i >= SPONSOR_COLUMNS_MAX || r->fields[i].len > 0) {
                sponsor_problem(ps->list, line,
                                "has %zu fields, the header has %zu (a "
                                "separator inside an unquoted name?)",
                                r->n_fields, cols->count);
                return;
            }
        }
    }
    if (cols->kvk < SPONSOR_COLUMNS_MAX && r->fields[cols->kvk].too_long) {
        sponsor_problem(ps->list, line, "the KvK number is not %d digits",
                        SPONSOR_KVK_LEN);
        return;
    }
    if (cols->category != SIZE_MAX) {
        const struct csv_field *f = &r->fields[cols->category];
        enum sponsor_category got;
        if (!sponsor_category_parse(f->text, f->len, &got)) {
            sponsor_echo(f->text, echo);
            sponsor_problem(ps->list, line,
                            "unknown category %s%s(work, research, study "
                            "or exchange)",
                            echo, echo[0] ? " " : "");
            return;
        }
        if (only != NULL && got != *only) {
            sponsor_problem(
                ps->list, line, "category %s, but this import is for %s",
                sponsor_category_code(got), sponsor_category_code(*only));
            return;
        }
        category = got;
    }
    sponsor_row(ps, line, r->fields[cols->name].text,
                r->fields[cols->name].too_long, r->fields[cols->kvk].text,
                category);
}

enum status
sponsor_parse_csv(const char *data, size_t len,
                  const enum sponsor_category *only, struct sponsor_list *list)
{
    struct sponsor_parse ps = {list, 0, false};
    struct csv_reader r = {0};
    struct csv_columns cols = {0, 0, 0, 0};
    bool header = false;
    bool unclosed = false;

    if (len > SPONSOR_FILE_MAX) {
        sponsor_problem(list, 0, "the file is larger than %d bytes",
                        SPONSOR_FILE_MAX);
        return sponsor_finish(&ps);
    }
    r.fields = malloc(SPONSOR_COLUMNS_MAX * sizeof r.fields[0]);
    if (r.fields == NULL) {
        return STATUS_NOMEM;
    }
    r.p = data;
    r.end = data + len;
    r.line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        r.p += 3;
    }
    r.sep = csv_separator(r.p, r.end);
    while (!ps.nomem) {
        size_t line = r.line;
        if (!csv_record(&r, &unclosed)) {
            break;
        }
        if (unclosed) {
            sponsor_problem(list, line,
                            "a quoted field is not closed before the end of "
                            "the file");
            break;
        }
        if (r.n_fields == 1 && r.fields[0].len == 0 && !r.quoted_any) {
            continue; /* a blank line */
        }
        if (!header) {
            if (!csv_header(&r, &cols, list, line)) {
                break;
            }
            if (cols.category == SIZE_MAX && only == NULL) {
                sponsor_problem(list, line,
                                "the file has no category column and no "
                                "category was given");
                break;
            }
            header = true;
            continue;
        }
        csv_data_row(&ps, &r, &cols, only, line);
    }
    if (!header && list->problems_total == 0) {
        sponsor_problem(list, 0, "the file is empty");
    }
    free(r.fields);
    return sponsor_finish(&ps);
}

/* ---- HTML ---- */

struct html_cell {
    char text[SPONSOR_CELL_MAX + 1];
    size_t len;
    bool too_long;
    bool space; /* a space is due before the next character */
};

struct html_table {
    bool header; /* the header row has been found */
    size_t name; /* its columns */
    size_t kvk;
    bool in_row;
    bool in_cell;
    size_t row_line;
    size_t n_cells; /* in the row, also those not kept */
    struct html_cell cells[SPONSOR_COLUMNS_MAX];
};

struct html_state {
    struct sponsor_parse ps;
    enum sponsor_category category;
    const char *data;
    const char *p;
    const char *end;
    const char *counted; /* newlines counted up to here */
    size_t line;         /* of counted */
    struct html_table *tables[SPONSOR_TABLE_DEPTH];
    size_t depth;
    size_t ignored; /* tables open beyond SPONSOR_TABLE_DEPTH */
    bool any_header;
};

static size_t
html_line(struct html_state *h, const char *at)
{
    for (; h->counted < at; h->counted++) {
        h->line += *h->counted == '\n';
    }
    return h->line;
}

static struct html_table *
html_top(struct html_state *h)
{
    return h->depth > 0 && h->ignored == 0 ? h->tables[h->depth - 1] : NULL;
}

static void
html_cell_put(struct html_cell *c, char ch)
{
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
        c->space = c->len > 0; /* runs of white space become one space */
        return;
    }
    if (c->len + (c->space ? 1 : 0) >= SPONSOR_CELL_MAX) {
        c->too_long = true;
        return;
    }
    if (c->space) {
        c->text[c->len++] = ' ';
        c->space = false;
    }
    /* A NUL byte would cut the name short; DEL is refused as a control
     * character instead. */
    c->text[c->len++] = ch == '\0' ? '\x7f' : ch;
}

/* The cell that text goes to now, or NULL. */
static struct html_cell *
html_cell(struct html_state *h)
{
    struct html_table *t = html_top(h);

    if (t == NULL || !t->in_cell || t->n_cells > SPONSOR_COLUMNS_MAX) {
        return NULL;
    }
    return &t->cells[t->n_cells - 1];
}

static void
html_text_char(struct html_state *h, char ch)
{
    struct html_cell *c = html_cell(h);

    if (c != NULL) {
        html_cell_put(c, ch);
    }
}

static void
html_text_str(struct html_state *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        html_text_char(h, s[i]);
    }
}

static void
html_text_codepoint(struct html_state *h, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp == 0xA0) {
        cp = ' ';
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD;
    }
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    html_text_str(h, u, n);
}

/* Decodes the entity at h->p (which points at '&'); an unknown or
 * unterminated one is kept as text. */
static void
html_entity(struct html_state *h)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } named[] = {
        {"amp", '&'},      {"lt", '<'},       {"gt", '>'},
        {"quot", '"'},     {"apos", '\''},    {"nbsp", 0xA0},
        {"eacute", 0xE9},  {"egrave", 0xE8},  {"euml", 0xEB},
        {"ecirc", 0xEA},   {"aacute", 0xE1},  {"agrave", 0xE0},
        {"auml", 0xE4},    {"iuml", 0xEF},    {"iacute", 0xED},
        {"ouml", 0xF6},    {"oacute", 0xF3},  {"uuml", 0xFC},
        {"uacute", 0xFA},  {"ccedil", 0xE7},  {"Eacute", 0xC9},
        {"Euml", 0xCB},    {"Ouml", 0xD6},    {"Uuml", 0xDC},
        {"szlig", 0xDF},   {"ntilde", 0xF1},  {"oslash", 0xF8},
        {"aring", 0xE5},   {"ndash", 0x2013}, {"mdash", 0x2014},
        {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"hellip", 0x2026},
        {"shy", 0xAD},
    };
    const char *s = h->p + 1;
    size_t n = 0;

    while (s + n < h->end && n <= SPONSOR_ENTITY_MAX && s[n] != ';' &&
           ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
            (s[n] >= '0' && s[n] <= '9') || s[n] == '#')) {
        n++;
    }
    if (s + n >= h->end || s[n] != ';' || n == 0 || n > SPONSOR_ENTITY_MAX) {
        html_text_char(h, '&');
        h->p++;
        return;
    }
    if (s[0] == '#') {
        uint32_t cp = 0;
        bool hex = n > 1 && (s[1] == 'x' || s[1] == 'X');
        size_t i = hex ? 2 : 1;
        bool ok = i < n;
        for (; ok && i < n; i++) {
            int d = -1;
            char c = s[i];
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (hex && c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (hex && c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            }
            if (d < 0 || cp > 0x10FFFF) {
                ok = d >= 0;
                cp = 0x110000;
                continue;
            }
            cp = cp * (hex ? 16u : 10u) + (uint32_t)d;
        }
        if (!ok) {
            html_text_char(h, '&');
            h->p++;
            return;
        }
        if (cp != 0xAD) {
            html_text_codepoint(h, cp);
        }
        h->p = s + n + 1;
        return;
    }
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0) {
            if (named[i].cp != 0xAD) { /* a soft hyphen is invisible */
                html_text_codepoint(h, named[i].cp);
            }
            h->p = s + n + 1;
            return;
        }
    }
    html_text_char(h, '&');
    h->p++;
}

static void
html_close_cell(struct html_table *t)
{
    if (t->in_cell && t->n_cells <= SPONSOR_COLUMNS_MAX) {
        struct html_cell *c = &t->cells[t->n_cells - 1];
        c->text[c->len] = '\0';
    }
    t->in_cell = false;
}

static bool
html_row_blank(const struct html_table *t)
{
    size_t kept =
        t->n_cells < SPONSOR_COLUMNS_MAX ? t->n_cells : SPONSOR_COLUMNS_MAX;

    for (size_t i = 0; i < kept; i++) {
        if (t->cells[i].len > 0) {
            return false;
        }
    }
    return true;
}

/* The first row naming both columns is the header; the rows before it
 * (a title row, say) are not sponsors. */
static void
html_find_header(struct html_state *h, struct html_table *t)
{
    size_t kept =
        t->n_cells < SPONSOR_COLUMNS_MAX ? t->n_cells : SPONSOR_COLUMNS_MAX;
    size_t kvk = SIZE_MAX;
    size_t name = SIZE_MAX;

    for (size_t i = 0; i < kept && kvk == SIZE_MAX; i++) {
        if (sponsor_header_is_kvk(t->cells[i].text)) {
            kvk = i;
        }
    }
    for (size_t i = 0; i < kept && name == SIZE_MAX; i++) {
        if (i != kvk && sponsor_header_is_name(t->cells[i].text)) {
            name = i;
        }
    }
    if (kvk != SIZE_MAX && name != SIZE_MAX) {
        t->header = true;
        t->kvk = kvk;
        t->name = name;
        h->any_header = true;
    }
}

static void
html_end_row(struct html_state *h, struct html_table *t)
{
    size_t needed;

    if (t == NULL) {
        return;
    }
    html_close_cell(t);
    if (!t->in_row) {
        return;
    }
    t->in_row = false;
    if (t->n_cells == 0 || html_row_blank(t)) {
        return;
    }
    if (!t->header) {
        html_find_header(h, t);
        return;
    }
    needed = t->name > t->kvk ? t->name : t->kvk;
    if (t->n_cells <= needed) {
        sponsor_problem(h->ps.list, t->row_line,
                        "the row has %zu cells; the name and KvK number are "
                        "in columns %zu and %zu",
                        t->n_cells, t->name + 1, t->kvk + 1);
        return;
    }
    if (sponsor_header_is_kvk(t->cells[t->kvk].text) &&
        sponsor_header_is_name(t->cells[t->name].text)) {
        return; /* the header again, as long pages repeat it */
    }
    if (t->cells[t->kvk].too_long) {
        sponsor_problem(h->ps.list, t->row_line,
                        "the KvK number is not %d digits", SPONSOR_KVK_LEN);
        return;
    }
    sponsor_row(&h->ps, t->row_line, t->cells[t->name].text,
                t->cells[t->name].too_long, t->cells[t->kvk].text, h->category);
}

static void
html_start_row(struct html_state *h, struct html_table *t, const char *at)
{
    html_end_row(h, t);
    t->in_row = true;
    t->n_cells = 0;
    t->row_line = html_line(h, at);
}

static void
html_start_cell(struct html_state *h, struct html_table *t, const char *at)
{
    if (!t->in_row) {
        html_start_row(h, t, at);
    }
    html_close_cell(t);
    t->n_cells++;
    if (t->n_cells <= SPONSOR_COLUMNS_MAX) {
        struct html_cell *c = &t->cells[t->n_cells - 1];
        c->len = 0;
        c->too_long = false;
        c->space = false;
        c->text[0] = '\0';
    }
    t->in_cell = true;
}

static bool
html_is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
html_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Case-insensitive search of the NUL-terminated needle (lower case). */
static const char *
html_find(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);

    for (; p + n <= end; p++) {
        size_t i = 0;
        while (i < n) {
            char c = p[i];
            if (c >= 'A' && c <= 'Z') {
                c = (char)(c - 'A' + 'a');
            }
            if (c != needle[i]) {
                break;
            }
            i++;
        }
        if (i == n) {
            return p;
        }
    }
    return NULL;
}

/* Skips a tag's attributes up to and past its '>'; false at the end. */
static bool
html_skip_attributes(struct html_state *h)
{
    while (h->p < h->end) {
        char c = *h->p;
        if (c == '>') {
            h->p++;
            return true;
        }
        if (c == '"' || c == '\'') {
            const char *close =
                memchr(h->p + 1, c, (size_t)(h->end - h->p - 1));
            if (close == NULL) {
                h->p = h->end;
                return false;
            }
            h->p = close + 1;
            continue;
        }
        h->p++;
    }
    return false;
}

static void
html_open_table(struct html_state *h)
{
    struct html_table *t;

    if (h->ignored > 0 || h->depth == SPONSOR_TABLE_DEPTH) {
        h->ignored++;
        return;
    }
    t = calloc(1, sizeof *t);
    if (t == NULL) {
        h->ps.nomem = true;
        h->p = h->end;
        return;
    }
    h->tables[h->depth++] = t;
}

static void
html_close_table(struct html_state *h)
{
    if (h->ignored > 0) {
        h->ignored--;
        return;
    }
    if (h->depth == 0) {
        return;
    }
    html_end_row(h, h->tables[h->depth - 1]);
    free(h->tables[--h->depth]);
}

/* Acts on a start or end tag whose lower-case name is tag. */
static void
html_tag(struct html_state *h, const char *tag, bool end, const char *at)
{
    static const char *const breaks[] = {"br", "p",  "div", "li",
                                         "ul", "ol", "hr",  NULL};
    struct html_table *t = html_top(h);

    if (strcmp(tag, "table") == 0) {
        if (end) {
            html_close_table(h);
        } else {
            html_open_table(h);
        }
        return;
    }
    if (t == NULL) {
        return;
    }
    if (strcmp(tag, "tr") == 0) {
        if (end) {
            html_end_row(h, t);
        } else {
            html_start_row(h, t, at);
        }
    } else if (strcmp(tag, "td") == 0 || strcmp(tag, "th") == 0) {
        if (end) {
            html_close_cell(t);
        } else {
            html_start_cell(h, t, at);
        }
    } else if (strcmp(tag, "thead") == 0 || strcmp(tag, "tbody") == 0 ||
               strcmp(tag, "tfoot") == 0 || strcmp(tag, "caption") == 0 ||
               strcmp(tag, "colgroup") == 0) {
        html_end_row(h, t);
    } else {
        for (size_t i = 0; breaks[i] != NULL; i++) {
            if (strcmp(tag, breaks[i]) == 0) {
                html_text_char(h, ' ');
            }
        }
    }
}

/* Handles the markup at h->p, which points at '<'. */
static void
html_markup(struct html_state *h)
{
    static const char *const raw[] = {"script", "style",    "textarea",
                                      "title",  "template", NULL};
    const char *at = h->p;
    const char *s = h->p + 1;
    char tag[SPONSOR_TAG_MAX + 1];
    size_t n = 0;
    bool end = false;

    if (s < h->end && *s == '!') {
        const char *close;
        if (h->end - s >= 3 && memcmp(s, "!--", 3) == 0) {
            close = html_find(s + 3, h->end, "-->");
            h->p = close ? close + 3 : h->end;
            return;
        }
        close = memchr(s, '>', (size_t)(h->end - s));
        h->p = close ? close + 1 : h->end;
        return;
    }
    if (s < h->end && *s == '?') {
        const char *close = memchr(s, '>', (size_t)(h->end - s));
        h->p = close ? close + 1 : h->end;
        return;
    }
    if (s < h->end && *s == '/') {
        end = true;
        s++;
    }
    if (s >= h->end || !html_is_letter(*s)) {
        html_text_char(h, '<'); /* not a tag: a lone '<' in the text */
        h->p++;
        return;
    }
    while (s < h->end && !html_is_space(*s) && *s != '>' && *s != '/') {
        if (n < SPONSOR_TAG_MAX) {
            char c = *s;
            tag[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        } else {
            n = SPONSOR_TAG_MAX + 1; /* too long to be one we follow */
        }
        s++;
    }
    tag[n <= SPONSOR_TAG_MAX ? n : 0] = '\0';
    h->p = s;
    if (!html_skip_attributes(h)) {
        return;
    }
    html_tag(h, tag, end, at);
    if (end) {
        return;
    }
    for (size_t i = 0; raw[i] != NULL; i++) {
        if (strcmp(tag, raw[i]) == 0) {
            char close[SPONSOR_TAG_MAX + 3];
            const char *found;
            snprintf(close, sizeof close, "</%s", tag);
            found = html_find(h->p, h->end, close);
            h->p = found ? found : h->end;
            return;
        }
    }
}

enum status
sponsor_parse_html(const char *data, size_t len, enum sponsor_category category,
                   struct sponsor_list *list)
{
    struct html_state h;

    memset(&h, 0, sizeof h);
    h.ps.list = list;
    h.category = category;
    if (len > SPONSOR_FILE_MAX) {
        sponsor_problem(list, 0, "the file is larger than %d bytes",
                        SPONSOR_FILE_MAX);
        return sponsor_finish(&h.ps);
    }
    h.data = data;
    h.p = data;
    h.end = data + len;
    h.counted = data;
    h.line = 1;
    while (h.p < h.end) {
        char c = *h.p;
        if (c == '<') {
            html_markup(&h);
        } else if (c == '&') {
            html_entity(&h);
        } else if ((unsigned char)c == 0xC2 && h.p + 1 < h.end &&
                   (unsigned char)h.p[1] == 0xA0) {
            html_text_char(&h, ' '); /* a raw no-break space */
            h.p += 2;
        } else {
            html_text_char(&h, c);
            h.p++;
        }
    }
    /* A page cut short would end the recognition of every sponsor after
     * the cut: refused. */
    for (size_t i = 0; i < h.depth; i++) {
        if (h.tables[i]->header) {
            sponsor_problem(list, 0,
                            "the page ends inside the register table: it "
                            "was cut short (save the whole page)");
            break;
        }
    }
    while (h.depth > 0 || h.ignored > 0) {
        html_close_table(&h);
    }
    if (!h.any_header && list->problems_total == 0) {
        sponsor_problem(list, 0,
                        "no table with a name column and a KvK number "
                        "column (headers such as \"Naam\" and "
                        "\"KvK-nummer\")");
    }
    return sponsor_finish(&h.ps);
}

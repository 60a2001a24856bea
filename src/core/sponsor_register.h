/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Parsers of the IND public register of recognised sponsors ("erkend
 * referent"), in the two forms it is really found in: the register's HTML
 * pages as saved from the IND website (one page, one category, a table
 * whose header names a name column and a KvK number column) and CSV
 * (name, KvK number, category; ',' or ';' separated, quoted fields, CRLF or
 * LF, with or without a UTF-8 byte order mark). Either the whole file is
 * good and gives entries, or it gives a report of its bad lines and no
 * entries at all. Pure logic, no I/O. */
#ifndef ONESTOP_CORE_SPONSOR_REGISTER_H
#define ONESTOP_CORE_SPONSOR_REGISTER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/* The largest register file accepted, in bytes. */
#define SPONSOR_FILE_MAX (8 * 1024 * 1024)
/* The most sponsors one file may list (the real register has ~10 000). */
#define SPONSOR_ROWS_MAX 50000
/* The longest organisation name, in characters. */
#define SPONSOR_NAME_MAX 200
/* A KvK number: exactly this many digits, leading zeros kept. */
#define SPONSOR_KVK_LEN 8
/* Bad lines kept in a report; further ones are only counted. */
#define SPONSOR_PROBLEMS_MAX 100
/* Bytes of one problem's reason, NUL included. */
#define SPONSOR_REASON_MAX 160
/* The longest text of one table cell or CSV field, in bytes. */
#define SPONSOR_CELL_MAX 2048
/* Cells of one row or fields of one record that are looked at. */
#define SPONSOR_COLUMNS_MAX 32
/* Tables nested in tables that are followed; deeper ones are ignored. */
#define SPONSOR_TABLE_DEPTH 8

/* The register's categories, one page each on the IND website. */
enum sponsor_category {
    SPONSOR_CATEGORY_WORK,     /* arbeid regulier en kennismigranten */
    SPONSOR_CATEGORY_RESEARCH, /* onderzoek */
    SPONSOR_CATEGORY_STUDY,    /* studie */
    SPONSOR_CATEGORY_EXCHANGE, /* uitwisseling */
    SPONSOR_CATEGORY_COUNT
};

struct sponsor_entry {
    char *name; /* UTF-8, trimmed, owned by the list */
    char kvk[SPONSOR_KVK_LEN + 1];
    enum sponsor_category category;
    size_t line; /* where it is in the file, 1-based */
};

struct sponsor_problem {
    size_t line; /* 1-based; 0 for the file as a whole */
    char reason[SPONSOR_REASON_MAX];
};

/* What a parser found. Initialise with sponsor_list_init, free with
 * sponsor_list_clear. After a parse, either n_problems == 0 and entries
 * holds every sponsor, or n_problems > 0 and n == 0. */
struct sponsor_list {
    struct sponsor_entry *entries;
    size_t n;
    size_t cap;
    struct sponsor_problem problems[SPONSOR_PROBLEMS_MAX];
    size_t n_problems;     /* kept in problems, at most the max */
    size_t problems_total; /* all bad lines, also those not kept */
};

void sponsor_list_init(struct sponsor_list *list);
/* Frees the entries; the list is empty and reusable afterwards. Accepts
 * NULL. */
void sponsor_list_clear(struct sponsor_list *list);

/* The category's code as used in the API and CSV files ("work",
 * "research", "study", "exchange"); NULL for a value out of range. */
const char *sponsor_category_code(enum sponsor_category category);
/* Reads a category from its code or from the register's own names, in
 * Dutch or English, any case ("Arbeid regulier en kennismigranten",
 * "kennismigrant", "Onderzoek", "researcher", "Studie", "Uitwisseling",
 * "exchange", ...). The len bytes at s need not be NUL-terminated. */
bool sponsor_category_parse(const char *s, size_t len,
                            enum sponsor_category *out);

/* True when the NUL-terminated s is a KvK number: exactly
 * SPONSOR_KVK_LEN ASCII digits. */
bool sponsor_kvk_valid(const char *s);

/* Parses a register page saved from the IND website (the len bytes at
 * data) as a list of sponsors of category. Every table whose header row
 * names a name column and a KvK column contributes its rows.
 * Returns STATUS_OK with entries, STATUS_INPUT with problems (the file is
 * not a usable register page, or some rows are bad), or STATUS_NOMEM
 * (then the list is empty). list must be empty on entry. */
enum status sponsor_parse_html(const char *data, size_t len,
                               enum sponsor_category category,
                               struct sponsor_list *list);

/* Parses a CSV register (the len bytes at data). The header row names the
 * columns: a name, a KvK number and, optionally, a category. When the file
 * has no category column every row is of the category *only; when it has
 * one and only is not NULL, every row must be of *only; with neither, the
 * file is refused. Returns as sponsor_parse_html. */
enum status sponsor_parse_csv(const char *data, size_t len,
                              const enum sponsor_category *only,
                              struct sponsor_list *list);

#endif

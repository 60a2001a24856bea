/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop import-sponsors: imports a snapshot of the IND register of
 * recognised sponsors from a saved register page or a CSV file, with the
 * same rules as the API, and prints what changed. A bad file changes
 * nothing and its bad lines are printed. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/sponsor_import.h"
#include "cli/cli.h"
#include "core/date.h"
#include "db/db.h"
#include "util/clock.h"

static void
import_sponsors_help(void)
{
    printf("usage: onestop import-sponsors FILE [--db FILE] "
           "[--format html|csv]\n"
           "                                [--category C] "
           "[--snapshot YYYY-MM-DD]\n"
           "                                [--allow-large-drop]\n\n"
           "Imports a snapshot of the IND public register of recognised "
           "sponsors: a\nregister page saved from the IND website (one "
           "category per page) or a CSV\nfile (name, KvK number and "
           "category columns; ',' or ';' separated).\nPrints the sponsors "
           "added, no longer recognised and renamed. Importing the\nsame "
           "snapshot again changes nothing; a bad file changes nothing and "
           "its\nbad lines are printed (exit status 1).\n\n"
           "  --db FILE          database (default var/onestop.db)\n"
           "  --format FORMAT    html or csv (default: by the file's "
           "extension)\n"
           "  --category C       work, research, study or exchange; "
           "required for a page,\n"
           "                     and for a CSV file without a category "
           "column\n"
           "  --snapshot DATE    the register's date (default today)\n"
           "  --allow-large-drop import even when the snapshot ends the "
           "recognition of\n"
           "                     more than %d%% of a category's sponsors "
           "(refused\n"
           "                     otherwise: a register split over pages, a "
           "file cut short)\n",
           SPONSOR_DROP_PERCENT);
}

/* Reads the whole file into *out (free it), refusing files over the
 * register's limit. */
static int
import_sponsors_read(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t n = 0;
    int rc = CLI_EXIT_FAILED;

    if (f == NULL) {
        fprintf(stderr, "onestop: import-sponsors: cannot open %s: %s\n", path,
                strerror(errno));
        return CLI_EXIT_FAILED;
    }
    data = malloc(SPONSOR_FILE_MAX + 2);
    if (data == NULL) {
        fprintf(stderr, "onestop: import-sponsors: out of memory\n");
        goto out;
    }
    n = fread(data, 1, SPONSOR_FILE_MAX + 1, f);
    if (ferror(f)) {
        fprintf(stderr, "onestop: import-sponsors: cannot read %s\n", path);
        goto out;
    }
    if (n > SPONSOR_FILE_MAX) {
        fprintf(stderr,
                "onestop: import-sponsors: %s is larger than %d bytes\n", path,
                SPONSOR_FILE_MAX);
        goto out;
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    data = NULL;
    rc = CLI_EXIT_OK;
out:
    free(data);
    fclose(f);
    return rc;
}

static void
import_sponsors_print(const struct sponsor_report *r)
{
    printf("Imported the register snapshot of %s (import %lld):", r->snapshot,
           (long long)r->import_id);
    for (int c = 0; c < SPONSOR_CATEGORY_COUNT; c++) {
        if (r->categories[c]) {
            printf(" %s", sponsor_category_code((enum sponsor_category)c));
        }
    }
    printf("\n  %zu listed: %zu added, %zu no longer recognised, %zu "
           "renamed, %zu unchanged\n",
           r->entries, r->added.n, r->removed.n, r->renamed.n, r->unchanged);
    for (size_t i = 0; i < r->added.n; i++) {
        printf("  added    %s %-8s %s\n", r->added.items[i].kvk,
               sponsor_category_code(r->added.items[i].category),
               r->added.items[i].name);
    }
    for (size_t i = 0; i < r->removed.n; i++) {
        printf("  removed  %s %-8s %s\n", r->removed.items[i].kvk,
               sponsor_category_code(r->removed.items[i].category),
               r->removed.items[i].name);
    }
    for (size_t i = 0; i < r->renamed.n; i++) {
        printf("  renamed  %s %s (was %s)\n", r->renamed.items[i].kvk,
               r->renamed.items[i].name, r->renamed.items[i].old_name);
    }
}

/* The file name without its folders, as recorded with the import. */
static const char *
import_sponsors_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int
cli_import_sponsors(int argc, char **argv)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"category", required_argument, NULL, 'c'},
        {"snapshot", required_argument, NULL, 's'},
        {"allow-large-drop", no_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct sponsor_import_input in = {0};
    struct sponsor_list problems;
    struct sponsor_report report;
    const char *path = "var/onestop.db";
    const char *format = NULL;
    const char *file = NULL;
    char snapshot[11];
    struct date date;
    struct db *db = NULL;
    char *data = NULL;
    enum status st;
    int rc;
    int c;

    sponsor_list_init(&problems);
    sponsor_report_init(&report);
    date_format(date_from_days((long)(clock_now() / 86400)), snapshot);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'h':
            import_sponsors_help();
            return CLI_EXIT_OK;
        case 'd':
            path = optarg;
            break;
        case 'a':
            in.allow_large_drop = true;
            break;
        case 'f':
            format = optarg;
            break;
        case 'c':
            if (!sponsor_category_parse(optarg, strlen(optarg), &in.category)) {
                return cli_usage_error("import-sponsors: --category must be "
                                       "work, research, study or exchange, "
                                       "not '%s'",
                                       optarg);
            }
            in.has_category = true;
            break;
        case 's':
            if (!date_parse(optarg, strlen(optarg), &date)) {
                return cli_usage_error("import-sponsors: --snapshot must be "
                                       "a date as YYYY-MM-DD, not '%s'",
                                       optarg);
            }
            date_format(date, snapshot);
            break;
        default:
            return cli_usage_error("import-sponsors: unknown or incomplete "
                                   "option '%s'",
                                   argv[optind - 1]);
        }
    }
    if (optind != argc - 1) {
        return cli_usage_error("import-sponsors: %s",
                               optind < argc ? "one FILE, not more"
                                             : "give the FILE to import");
    }
    file = argv[optind];
    if (format == NULL) {
        const char *dot = strrchr(import_sponsors_base(file), '.');
        if (dot != NULL &&
            (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)) {
            format = "html";
        } else if (dot != NULL && strcasecmp(dot, ".csv") == 0) {
            format = "csv";
        } else {
            return cli_usage_error("import-sponsors: cannot tell the format "
                                   "of %s: give --format html or csv",
                                   file);
        }
    }
    if (strcmp(format, "html") == 0) {
        in.format = SPONSOR_FORMAT_HTML;
    } else if (strcmp(format, "csv") == 0) {
        in.format = SPONSOR_FORMAT_CSV;
    } else {
        return cli_usage_error("import-sponsors: --format must be html or "
                               "csv, not '%s'",
                               format);
    }
    if (in.format == SPONSOR_FORMAT_HTML && !in.has_category) {
        return cli_usage_error("import-sponsors: a register page is of one "
                               "category: give --category");
    }
    rc = import_sponsors_read(file, &data, &in.len);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    rc = CLI_EXIT_FAILED;
    in.data = data;
    in.snapshot = snapshot;
    in.file_name = import_sponsors_base(file);
    in.actor = "cli";
    if (db_open_sqlite(path, &db) != STATUS_OK) {
        fprintf(stderr, "onestop: cannot open the database %s\n", path);
        goto out;
    }
    st = sponsor_import(db, &in, &problems, &report);
    if (st == STATUS_INPUT) {
        fprintf(stderr,
                "onestop: import-sponsors: %s has %zu bad line%s; nothing "
                "was imported\n",
                file, problems.problems_total,
                problems.problems_total == 1 ? "" : "s");
        for (size_t i = 0; i < problems.n_problems; i++) {
            if (problems.problems[i].line > 0) {
                fprintf(stderr, "%s:%zu: %s\n", file, problems.problems[i].line,
                        problems.problems[i].reason);
            } else {
                fprintf(stderr, "%s: %s\n", file, problems.problems[i].reason);
            }
        }
        if (problems.problems_total > problems.n_problems) {
            fprintf(stderr, "%s: ... and %zu more\n", file,
                    problems.problems_total - problems.n_problems);
        }
        goto out;
    }
    if (st == STATUS_CONFLICT && report.large_drop) {
        fprintf(stderr,
                "onestop: import-sponsors: %s would end the recognition of "
                "%zu of the %zu sponsors recognised in category %s: is it "
                "the whole register? Nothing was imported; confirm with "
                "--allow-large-drop\n",
                file, report.drop_removed, report.drop_recognised,
                sponsor_category_code(report.drop_category));
        goto out;
    }
    if (st == STATUS_CONFLICT) {
        fprintf(stderr,
                "onestop: import-sponsors: the register already holds a "
                "newer snapshot of %s (%s); nothing was imported\n",
                sponsor_category_code(report.newer_category),
                report.newer_snapshot);
        goto out;
    }
    if (st != STATUS_OK) {
        fprintf(stderr, "onestop: import-sponsors failed: %s\n",
                status_name(st));
        goto out;
    }
    import_sponsors_print(&report);
    rc = CLI_EXIT_OK;
out:
    sponsor_list_clear(&problems);
    sponsor_report_clear(&report);
    free(data);
    db_close(db);
    return rc;
}

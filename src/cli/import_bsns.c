/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop import-bsns: adds the numbers a municipality allocated to the
 * deployment in advance to the BSN pool, sealed with the deployment's key,
 * all or nothing (store/bsn_pool.h). Prints how many were added and the
 * bad lines of a refused list; never prints a number. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/bsn.h"
#include "db/db.h"
#include "store/bsn_pool.h"
#include "store/personal_data.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/sealed.h"

static void
import_bsns_help(void)
{
    printf("usage: onestop import-bsns FILE [--db FILE] [--key FILE] "
           "[--batch REF]\n\n"
           "Adds the BSNs a municipality allocated in advance (one number "
           "per line) to\nthe pool that registrations issue from, sealed "
           "with the key file. A list\nwith any bad line adds nothing and "
           "its bad lines are printed (exit status\n1); numbers already in "
           "the pool are skipped, so a list imported twice adds\nnothing "
           "the second time.\n\n"
           "  --db FILE    database (default var/onestop.db)\n"
           "  --key FILE   the key that seals personal data (default "
           "var/onestop.key)\n"
           "  --batch REF  the municipality's reference of the allocation "
           "(up to %d\n"
           "               printable characters)\n",
           STORE_BSN_BATCH_MAX);
}

/* Reads the whole list into *out (free it after wiping), refusing lists
 * over the pool's import limit. */
static int
import_bsns_read(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t n = 0;
    int rc = CLI_EXIT_FAILED;

    if (f == NULL) {
        fprintf(stderr, "onestop: import-bsns: cannot open %s: %s\n", path,
                strerror(errno));
        return CLI_EXIT_FAILED;
    }
    data = malloc(STORE_BSN_IMPORT_MAX + 1);
    if (data == NULL) {
        fprintf(stderr, "onestop: import-bsns: out of memory\n");
        goto out;
    }
    n = fread(data, 1, STORE_BSN_IMPORT_MAX + 1, f);
    if (ferror(f) || n > STORE_BSN_IMPORT_MAX) {
        fprintf(stderr,
                "onestop: import-bsns: cannot read %s, or it is "
                "larger than %d bytes\n",
                path, STORE_BSN_IMPORT_MAX);
        goto out;
    }
    *out = data;
    *len = n;
    data = NULL;
    rc = CLI_EXIT_OK;
out:
    if (data != NULL) {
        crypto_wipe(data, STORE_BSN_IMPORT_MAX + 1);
    }
    free(data);
    fclose(f);
    return rc;
}

static int
import_bsns_run(const char *file, const char *db_path, const char *key_path,
                const char *batch)
{
    struct store_bsn_import_report report;
    struct sealed_key *key = NULL;
    struct db *db = NULL;
    char err[SEALED_ERROR_MAX];
    char *text = NULL;
    size_t len = 0;
    enum status st;
    int rc;

    rc = import_bsns_read(file, &text, &len);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = CLI_EXIT_FAILED;
    if (crypto_init() != STATUS_OK) {
        fprintf(stderr, "onestop: import-bsns: libsodium cannot start\n");
        goto out;
    }
    st = sealed_key_load(key_path, &key, err);
    if (st != STATUS_OK) {
        fprintf(stderr, "onestop: import-bsns: %s\n", err);
        goto out;
    }
    if (db_open_sqlite(db_path, &db) != STATUS_OK) {
        fprintf(stderr, "onestop: import-bsns: cannot open %s\n", db_path);
        goto out;
    }
    if (store_personal_data_key_check(db, key) != STATUS_OK) {
        fprintf(stderr,
                "onestop: import-bsns: %s is not the key this database's "
                "personal data is sealed with\n",
                key_path);
        goto out;
    }
    st = store_bsn_pool_import(db, key, text, len, batch, &report);
    if (st == STATUS_INPUT) {
        fprintf(stderr,
                "onestop: import-bsns: %zu bad lines; nothing was added\n",
                report.bad);
        for (size_t i = 0; i < report.bad && i < STORE_BSN_IMPORT_BAD_MAX;
             i++) {
            fprintf(stderr, "  line %zu: %s\n", report.bad_lines[i].line,
                    bsn_error_text(report.bad_lines[i].why));
        }
        goto out;
    }
    if (st != STATUS_OK) {
        fprintf(stderr, "onestop: import-bsns: the import failed (%s)\n",
                status_name(st));
        goto out;
    }
    printf("Added %zu numbers to the BSN pool (%zu already there).\n",
           report.added, report.already);
    rc = CLI_EXIT_OK;
out:
    if (text != NULL) {
        crypto_wipe(text, len);
    }
    free(text);
    db_close(db);
    sealed_key_free(&key);
    return rc;
}

int
cli_import_bsns(int argc, char **argv)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"key", required_argument, NULL, 'k'},
        {"batch", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct config cfg;
    const char *batch = "";
    int c;

    cfg_init_defaults(&cfg);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        char err[CFG_ERROR_MAX];
        const char *name = NULL;
        switch (c) {
        case 'h':
            import_bsns_help();
            return CLI_EXIT_OK;
        case 'd':
            name = "database.path";
            break;
        case 'k':
            name = "security.key_file";
            break;
        case 'b':
            batch = optarg;
            break;
        default:
            return cli_usage_error("import-bsns: unknown or incomplete "
                                   "option '%s'",
                                   argv[optind - 1]);
        }
        if (name != NULL && cfg_set(&cfg, name, optarg, err) != STATUS_OK) {
            return cli_usage_error("%s", err);
        }
    }
    if (optind != argc - 1) {
        return cli_usage_error("import-bsns: give exactly one FILE (see "
                               "onestop import-bsns --help)");
    }
    if (strlen(batch) > STORE_BSN_BATCH_MAX) {
        return cli_usage_error("import-bsns: --batch is longer than %d "
                               "characters",
                               STORE_BSN_BATCH_MAX);
    }
    return import_bsns_run(argv[optind], cfg.db_path, cfg.key_file, batch);
}

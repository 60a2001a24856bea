/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop keygen: creates the key file that seals personal data at rest
 * (util/sealed.h): 32 random bytes in base64, mode 0600, never over an
 * existing file. With --check, reads a key file as the server would and
 * prints its key id, or why it is refused. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/sealed.h"

static void
keygen_help(void)
{
    printf("usage: onestop keygen [--key FILE] [--config FILE] [--check]\n\n"
           "Creates the key that seals personal data (BSN, travel document "
           "and\nV-numbers) in the database: 32 random bytes, written in "
           "base64 to a\nnew file of mode 0600. An existing file is never "
           "overwritten: without\nits key, the data sealed with it cannot "
           "be read. Keep the key file\noutside the database's backups, "
           "and back it up separately.\n\n"
           "  --key FILE     the key file (default: security.key_file, "
           "var/onestop.key)\n"
           "  --config FILE  take security.key_file from this "
           "configuration\n"
           "  --check        only read FILE as the server would and print "
           "its key id\n");
}

int
cli_keygen(int argc, char **argv)
{
    static const struct option longs[] = {
        {"key", required_argument, NULL, 'k'},
        {"config", required_argument, NULL, 'c'},
        {"check", no_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct config cfg;
    char cfg_err[CFG_ERROR_MAX];
    char err[SEALED_ERROR_MAX];
    char id[SEALED_KEY_ID_TEXT];
    const char *key_path = NULL;
    const char *config_path = NULL;
    struct sealed_key *key = NULL;
    bool check = false;
    enum status st;
    int c;

    cfg_init_defaults(&cfg);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'k':
            key_path = optarg;
            break;
        case 'c':
            config_path = optarg;
            break;
        case 'C':
            check = true;
            break;
        case 'h':
            keygen_help();
            return CLI_EXIT_OK;
        default:
            return cli_usage_error("keygen: unknown or incomplete option '%s'",
                                   argv[optind - 1]);
        }
    }
    if (optind < argc) {
        return cli_usage_error("keygen: unexpected argument '%s'",
                               argv[optind]);
    }
    if (config_path != NULL &&
        cfg_load_file(&cfg, config_path, cfg_err) != STATUS_OK) {
        return cli_usage_error("%s", cfg_err);
    }
    if (key_path == NULL) {
        key_path = cfg.key_file;
    }
    if (*key_path == '\0') {
        return cli_usage_error("keygen: --key must name a file");
    }
    if (crypto_init() != STATUS_OK) {
        fprintf(stderr, "onestop: libsodium did not start\n");
        return CLI_EXIT_FAILED;
    }
    if (check) {
        st = sealed_key_load(key_path, &key, err);
        if (st != STATUS_OK) {
            fprintf(stderr, "onestop: %s\n", err);
            return CLI_EXIT_FAILED;
        }
        sealed_key_id(key, id);
        sealed_key_free(&key);
        printf("%s: a valid key, id %s\n", key_path, id);
        return CLI_EXIT_OK;
    }
    st = sealed_key_generate_file(key_path, id, err);
    if (st != STATUS_OK) {
        fprintf(stderr, "onestop: %s\n", err);
        return CLI_EXIT_FAILED;
    }
    printf("%s: new key written (id %s, mode 0600); keep a copy apart from "
           "the database's backups\n",
           key_path, id);
    return CLI_EXIT_OK;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop user add: creates an account from the command line, with the
 * same rules as the API; the password comes from standard input so that
 * it never appears in a process listing or shell history. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/users.h"
#include "cli/cli.h"
#include "db/db.h"
#include "util/crypto.h"
#include "util/log.h"

#define USER_PASSWORD_MAX 256

static void
user_help(void)
{
    printf("usage: onestop user add --username NAME --role ROLE [--db FILE]\n"
           "                        [--display-name NAME] [--agency CODE] "
           "[--desk ID]\n"
           "                        [--sponsor-kvk KVK]\n\n"
           "Creates an account. The password is read from standard input "
           "(one line).\n\n"
           "  --db FILE            database (default var/onestop.db)\n"
           "  --username NAME      3-64 of a-z 0-9 . - _\n"
           "  --role ROLE          admin, manager, frontdesk, officer or "
           "employer\n"
           "  --display-name NAME  the name shown (default: the username)\n"
           "  --agency CODE        officers: their agency\n"
           "  --desk ID            officers: the desk they sit at\n"
           "  --sponsor-kvk KVK    employers: the sponsor's KvK number\n");
}

static bool
user_read_password(char *out, size_t cap)
{
    size_t len;

    if (fgets(out, (int)cap, stdin) == NULL) {
        return false;
    }
    len = strcspn(out, "\r\n");
    if (out[len] == '\0' && len == cap - 1) {
        return false; /* longer than the buffer */
    }
    out[len] = '\0';
    return true;
}

int
cli_user(int argc, char **argv)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"username", required_argument, NULL, 'u'},
        {"role", required_argument, NULL, 'r'},
        {"display-name", required_argument, NULL, 'n'},
        {"agency", required_argument, NULL, 'a'},
        {"desk", required_argument, NULL, 'k'},
        {"sponsor-kvk", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct users_input in = {0};
    const char *path = "var/onestop.db";
    char password[USER_PASSWORD_MAX + 2];
    struct db *db = NULL;
    json_t *invalid = NULL;
    int64_t id = 0;
    char *end = NULL;
    size_t i;
    json_t *item;
    enum status st;
    int rc = CLI_EXIT_FAILED;
    int c;

    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        user_help();
        return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "add") != 0) {
        return cli_usage_error("user: unknown action '%s' (try add)", argv[1]);
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc - 1, argv + 1, "", longs, NULL)) != -1) {
        switch (c) {
        case 'h':
            user_help();
            return CLI_EXIT_OK;
        case 'd':
            path = optarg;
            break;
        case 'u':
            in.username = optarg;
            break;
        case 'r':
            in.role = optarg;
            break;
        case 'n':
            in.display_name = optarg;
            break;
        case 'a':
            in.agency = optarg;
            break;
        case 's':
            in.sponsor_kvk = optarg;
            break;
        case 'k':
            errno = 0;
            in.desk_id = strtoll(optarg, &end, 10);
            if (errno != 0 || *end != '\0' || in.desk_id < 1) {
                return cli_usage_error("user add: --desk must be a desk id, "
                                       "not '%s'",
                                       optarg);
            }
            break;
        default:
            return cli_usage_error("user add: unknown or incomplete option "
                                   "'%s'",
                                   argv[optind]);
        }
    }
    if (optind < argc - 1) {
        return cli_usage_error("user add: unexpected argument '%s'",
                               argv[optind + 1]);
    }
    if (in.username == NULL || in.role == NULL) {
        return cli_usage_error("user add: --username and --role are required");
    }
    if (in.display_name == NULL) {
        in.display_name = in.username;
    }
    if (!user_read_password(password, sizeof password)) {
        return cli_usage_error("user add: give the password on standard "
                               "input (one line, at most %d bytes)",
                               USER_PASSWORD_MAX);
    }
    in.password = password;
    if (crypto_init() != STATUS_OK) {
        LOG_ERROR("libsodium cannot start");
        goto out;
    }
    if (db_open_sqlite(path, &db) != STATUS_OK) {
        fprintf(stderr, "onestop: cannot open the database %s\n", path);
        goto out;
    }
    invalid = json_array();
    st = users_create(db, &in, invalid, &id);
    if (st == STATUS_INPUT) {
        json_array_foreach(invalid, i, item)
        {
            fprintf(stderr, "onestop: user add: %s %s\n",
                    json_string_value(json_object_get(item, "name")),
                    json_string_value(json_object_get(item, "reason")));
        }
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    if (st == STATUS_CONFLICT) {
        fprintf(stderr, "onestop: user add: username %s is taken\n",
                in.username);
        goto out;
    }
    if (st != STATUS_OK) {
        fprintf(stderr, "onestop: user add failed: %s\n", status_name(st));
        goto out;
    }
    printf("Created %s %s (id %lld).\n", in.role, in.username, (long long)id);
    rc = CLI_EXIT_OK;
out:
    crypto_wipe(password, sizeof password);
    json_decref(invalid);
    db_close(db);
    return rc;
}

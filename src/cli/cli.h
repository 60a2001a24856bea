/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The subcommands of the onestop program. Each takes the arguments after
 * its name (argv[0] is the subcommand) and returns the process exit
 * status: 0 done, 1 failed, 2 bad arguments. */
#ifndef ONESTOP_CLI_CLI_H
#define ONESTOP_CLI_CLI_H

#include <stdint.h>

#define CLI_EXIT_OK 0
#define CLI_EXIT_FAILED 1
#define CLI_EXIT_USAGE 2

int cli_serve(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_plan(int argc, char **argv);
int cli_bookings(int argc, char **argv);
int cli_keygen(int argc, char **argv);
int cli_import_sponsors(int argc, char **argv);
int cli_import_bsns(int argc, char **argv);

struct db;
/* Finds a location by code or id; prints why and returns CLI_EXIT_USAGE
 * (or CLI_EXIT_FAILED) when there is none. */
int cli_location_id(struct db *db, const char *code_or_id, int64_t *id);

/* Prints "onestop: " and the message to stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

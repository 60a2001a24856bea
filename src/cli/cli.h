/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The subcommands of the onestop program. Each takes the arguments after
 * its name (argv[0] is the subcommand) and returns the process exit
 * status: 0 done, 1 failed, 2 bad arguments. */
#ifndef ONESTOP_CLI_CLI_H
#define ONESTOP_CLI_CLI_H

#define CLI_EXIT_OK 0
#define CLI_EXIT_FAILED 1
#define CLI_EXIT_USAGE 2

int cli_serve(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user(int argc, char **argv);

/* Prints "onestop: " and the message to stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

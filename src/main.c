/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop: plans, books and runs visits at a one-stop shop for
 * international newcomers. This file only picks the subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/server.h"

struct main_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct main_command main_commands[] = {
    {"serve", cli_serve, "serve the web interface and API"},
    {"demo", cli_demo, "create the demonstration deployment"},
    {"user", cli_user, "manage accounts (user add)"},
    {"plan", cli_plan, "print itinerary options for services on a date"},
    {"bookings", cli_bookings, "print a date's booked legs per desk"},
    {"keygen", cli_keygen, "create the key file that seals personal data"},
    {"import-sponsors", cli_import_sponsors,
     "import the IND register of recognised sponsors (HTML or CSV)"},
    {"import-bsns", cli_import_bsns,
     "add numbers allocated in advance to the BSN pool"},
};

static void
main_help(FILE *out)
{
    fprintf(out, "usage: onestop COMMAND [OPTIONS]\n\n"
                 "onestop plans, books and runs visits at a one-stop shop "
                 "for international newcomers.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof main_commands / sizeof main_commands[0];
         i++) {
        fprintf(out, "  %-16s %s\n", main_commands[i].name,
                main_commands[i].summary);
    }
    fprintf(out, "\n'onestop COMMAND --help' tells more about each.\n");
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        main_help(stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        main_help(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("onestop (API %s)\n", SERVER_API_VERSION);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof main_commands / sizeof main_commands[0];
         i++) {
        if (strcmp(argv[1], main_commands[i].name) == 0) {
            return main_commands[i].run(argc - 1, argv + 1);
        }
    }
    return cli_usage_error("unknown command '%s' (try 'onestop --help')",
                           argv[1]);
}

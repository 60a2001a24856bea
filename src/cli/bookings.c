/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop bookings: the legs booked on a date, per desk, for the people at
 * the desks (and for checking what the server holds). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/date.h"
#include "core/slot.h"
#include "db/db.h"
#include "store/bookings.h"

static void
bookings_help(void)
{
    printf("usage: onestop bookings --date YYYY-MM-DD [--location CODE] "
           "[--db FILE]\n\n"
           "Prints the legs booked on the date, per desk in time order: "
           "times, service,\nbooking code, name and persons.\n\n"
           "  --db FILE        database (default var/onestop.db)\n"
           "  --date DATE      the date\n"
           "  --location CODE  the location's code or id (default: the only "
           "one, or maastricht)\n");
}

struct bookings_print {
    char desk[64];
    int legs;
};

static enum status
bookings_print_leg(void *ctx, const struct store_booking *b,
                   const struct store_leg *leg)
{
    struct bookings_print *p = ctx;
    char from[SLOT_HHMM_LEN + 1];
    char to[SLOT_HHMM_LEN + 1];

    if (strcmp(p->desk, leg->desk_code) != 0) {
        snprintf(p->desk, sizeof p->desk, "%s", leg->desk_code);
        printf("\n%s\n", leg->desk_code);
    }
    slot_format_hhmm(leg->starts_at, from);
    slot_format_hhmm(leg->ends_at, to);
    printf("  %s-%s  %-18s %s  %s %s (%d)\n", from, to, leg->service_code,
           b->code, b->given_names, b->surname, b->persons);
    p->legs++;
    return STATUS_OK;
}

int
cli_bookings(int argc, char **argv)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"location", required_argument, NULL, 'l'},
        {"date", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct bookings_print print = {"", 0};
    const char *path = "var/onestop.db";
    const char *location = "1";
    const char *date_text = NULL;
    struct db *db = NULL;
    struct date date;
    int64_t location_id = 0;
    int rc;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'h':
            bookings_help();
            return CLI_EXIT_OK;
        case 'd':
            path = optarg;
            break;
        case 'l':
            location = optarg;
            break;
        case 't':
            date_text = optarg;
            break;
        default:
            return cli_usage_error("bookings: unknown option '%s' (see "
                                   "--help)",
                                   argv[optind - 1]);
        }
    }
    if (date_text == NULL) {
        return cli_usage_error("bookings: give --date (see --help)");
    }
    if (!date_parse(date_text, strlen(date_text), &date)) {
        return cli_usage_error("bookings: --date must be YYYY-MM-DD, not "
                               "'%s'",
                               date_text);
    }
    if (db_open_sqlite(path, &db) != STATUS_OK) {
        fprintf(stderr, "onestop: cannot open the database %s\n", path);
        return CLI_EXIT_FAILED;
    }
    rc = cli_location_id(db, location, &location_id);
    if (rc == CLI_EXIT_OK) {
        printf("Bookings on %s at location %s\n", date_text, location);
        if (store_day_legs_each(db, location_id, date_text, bookings_print_leg,
                                &print) != STATUS_OK) {
            fprintf(stderr, "onestop: cannot read the bookings\n");
            rc = CLI_EXIT_FAILED;
        } else {
            printf("\n%d leg%s\n", print.legs, print.legs == 1 ? "" : "s");
        }
    }
    db_close(db);
    return rc;
}

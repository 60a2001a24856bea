/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop plan: the itinerary options for a set of services on a date, as
 * availability would offer them (every service the front desk may book). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/day.h"
#include "api/itinerary.h"
#include "cli/cli.h"
#include "core/slot.h"
#include "db/db.h"
#include "store/catalogue.h"
#include "util/clock.h"

static void
plan_help(void)
{
    printf("usage: onestop plan --location CODE --date YYYY-MM-DD "
           "--services A,B,...\n"
           "                    [--persons N] [--db FILE]\n\n"
           "Prints the itinerary options for the services at the location "
           "on the date:\n"
           "arrival, departure, waiting, and each leg's desk and times.\n\n"
           "  --db FILE          database (default var/onestop.db)\n"
           "  --location CODE    the location's code (or its id)\n"
           "  --date DATE        the visit's date\n"
           "  --services LIST    service codes separated by commas\n"
           "  --persons N        persons served together, 1-10 (default 1)\n");
}

struct plan_location {
    const char *wanted;
    int64_t id;
};

static enum status
plan_match_location(void *ctx, const struct store_location *row)
{
    struct plan_location *l = ctx;
    char id[24];

    snprintf(id, sizeof id, "%lld", (long long)row->id);
    if (strcmp(row->code, l->wanted) == 0 || strcmp(id, l->wanted) == 0) {
        l->id = row->id;
    }
    return STATUS_OK;
}

int
cli_location_id(struct db *db, const char *code_or_id, int64_t *id)
{
    struct plan_location l = {code_or_id, 0};

    if (store_location_each(db, 0, plan_match_location, &l) != STATUS_OK) {
        fprintf(stderr, "onestop: cannot read the locations\n");
        return CLI_EXIT_FAILED;
    }
    if (l.id == 0) {
        return cli_usage_error("--location: no location '%s'", code_or_id);
    }
    *id = l.id;
    return CLI_EXIT_OK;
}

static void
plan_print(const struct day *day, const struct itinerary_ask *ask,
           const struct planner_option *options, int n)
{
    printf("%d option%s on %s at %s for %d person%s\n", n, n == 1 ? "" : "s",
           day->date_text, day->location_code, ask->persons,
           ask->persons == 1 ? "" : "s");
    for (int i = 0; i < n; i++) {
        const struct planner_option *o = &options[i];
        char from[SLOT_HHMM_LEN + 1];
        char to[SLOT_HHMM_LEN + 1];
        slot_format_hhmm(o->arrival * day->slot_minutes, from);
        slot_format_hhmm(o->end * day->slot_minutes, to);
        printf("\n%2d. %s-%s  waiting %d min%s\n", i + 1, from, to,
               o->waiting * day->slot_minutes, o->rank == 0 ? "  (best)" : "");
        for (int j = 0; j < o->n_legs; j++) {
            const struct planner_leg *leg = &o->leg[j];
            slot_format_hhmm(leg->start * day->slot_minutes, from);
            slot_format_hhmm((leg->start + leg->length) * day->slot_minutes,
                             to);
            printf("    %s-%s  %-20s %s\n", from, to,
                   day->services[ask->services[leg->service]].code,
                   day->desks[leg->desk].code);
        }
    }
}

int
cli_plan(int argc, char **argv)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"location", required_argument, NULL, 'l'},
        {"date", required_argument, NULL, 't'},
        {"services", required_argument, NULL, 's'},
        {"persons", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct planner_option options[PLANNER_MAX_OPTIONS];
    struct itinerary_ask ask = {.persons = 1};
    const char *path = "var/onestop.db";
    const char *location = NULL;
    const char *date_text = NULL;
    const char *services = NULL;
    char why[ITINERARY_WHY_MAX];
    struct day *day = NULL;
    struct db *db = NULL;
    struct date date;
    int64_t location_id = 0;
    char *end = NULL;
    int n = 0;
    int rc;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'h':
            plan_help();
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
        case 's':
            services = optarg;
            break;
        case 'p':
            ask.persons = (int)strtol(optarg, &end, 10);
            if (*end != '\0' || ask.persons < 1 ||
                ask.persons > ITINERARY_MAX_PERSONS) {
                return cli_usage_error("plan: --persons must be 1 to 10, not "
                                       "'%s'",
                                       optarg);
            }
            break;
        default:
            return cli_usage_error("plan: unknown option '%s' (see --help)",
                                   argv[optind - 1]);
        }
    }
    if (location == NULL || date_text == NULL || services == NULL) {
        return cli_usage_error("plan: give --location, --date and "
                               "--services (see --help)");
    }
    if (!date_parse(date_text, strlen(date_text), &date)) {
        return cli_usage_error("plan: --date must be YYYY-MM-DD, not '%s'",
                               date_text);
    }
    if (db_open_sqlite(path, &db) != STATUS_OK) {
        fprintf(stderr, "onestop: cannot open the database %s\n", path);
        return CLI_EXIT_FAILED;
    }
    rc = cli_location_id(db, location, &location_id);
    if (rc == CLI_EXIT_OK &&
        day_load(db, location_id, date, &day) != STATUS_OK) {
        fprintf(stderr, "onestop: cannot read the day\n");
        rc = CLI_EXIT_FAILED;
    }
    if (rc == CLI_EXIT_OK &&
        !itinerary_read_services(day, services,
                                 BOOKABLE_PUBLIC | BOOKABLE_SPONSOR |
                                     BOOKABLE_FRONTDESK,
                                 &ask, why)) {
        rc = cli_usage_error("plan: --services: %s", why);
    }
    if (rc == CLI_EXIT_OK &&
        itinerary_search(day, &ask, 0, PLANNER_MAX_OPTIONS / 2, 30, options,
                         &n) != STATUS_OK) {
        fprintf(stderr, "onestop: the services do not fit in a day\n");
        rc = CLI_EXIT_FAILED;
    }
    if (rc == CLI_EXIT_OK) {
        plan_print(day, &ask, options, n);
    }
    day_free(day);
    db_close(db);
    return rc;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop demo: creates the first deployment that DESIGN.md describes, an
 * expat centre in Maastricht with the expat centre's intake desks, the
 * municipality's registration desks and an IND service point open on
 * Tuesday, Thursday and Friday, the Dutch public holidays, and one account
 * per role with a password generated here and shown once. */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/sponsor_import.h"
#include "api/users.h"
#include "cli/cli.h"
#include "cli/demo_newcomers.h"
#include "core/holidays.h"
#include "db/db.h"
#include "store/catalogue.h"
#include "store/eligibility.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/sealed.h"

#define DEMO_PASSWORD_LEN 16
#define DEMO_HOLIDAY_YEARS 3
#define DEMO_SPONSOR_KVK "12345678"

struct demo_service {
    const char *code;
    const char *agency;
    const char *name_en;
    const char *name_nl;
    const char *description_en;
    const char *description_nl;
    int minutes;
    int extra_minutes;
    unsigned int bookable_by;
    bool reschedule_allowed;
    const char *requires; /* one prerequisite, or NULL */
    struct store_document documents[4];
};

static const struct demo_service demo_services[] = {
    {"intake",
     "expat-centre",
     "Welcome and intake",
     "Welkom en intake",
     "Welcome, document check and information on housing, health "
     "insurance, tax and DigiD.",
     "Welkom, controle van documenten en informatie over wonen, "
     "zorgverzekering, belasting en DigiD.",
     15,
     5,
     BOOKABLE_PUBLIC | BOOKABLE_SPONSOR | BOOKABLE_FRONTDESK,
     true,
     NULL,
     {{"Valid passport or identity card",
       "Geldig paspoort of identiteitskaart"},
      {"Employment contract or letter of admission",
       "Arbeidscontract of toelatingsbrief"},
      {"Rental contract or proof of address",
       "Huurcontract of bewijs van adres"},
      {NULL, NULL}}},
    {"brp-registration",
     "municipality",
     "Registration in the municipal records (BSN same day)",
     "Inschrijving in de BRP (BSN dezelfde dag)",
     "First registration in the Personal Records Database (BRP) or as a "
     "non-resident (RNI); fast track issues the citizen service number "
     "(BSN) the same day.",
     "Eerste inschrijving in de Basisregistratie Personen (BRP) of de RNI; "
     "met de fast track krijgt u het burgerservicenummer (BSN) dezelfde "
     "dag.",
     20,
     10,
     BOOKABLE_SPONSOR | BOOKABLE_FRONTDESK,
     true,
     "intake",
     {{"Valid passport", "Geldig paspoort"},
      {"Legalised birth certificate with a translation",
       "Gelegaliseerde geboorteakte met vertaling"},
      {"Rental contract, or the main occupant's permission with a copy of "
       "their ID",
       "Huurcontract, of toestemming van de hoofdbewoner met een kopie van "
       "diens identiteitsbewijs"},
      {"Marriage certificate, if married",
       "Huwelijksakte, als u getrouwd bent"}}},
    {"ind-collect",
     "ind",
     "Collect your residence document",
     "Verblijfsdocument ophalen",
     "Collect the residence document at the IND service point.",
     "Uw verblijfsdocument ophalen bij het IND-servicepunt.",
     10,
     5,
     BOOKABLE_PUBLIC | BOOKABLE_SPONSOR | BOOKABLE_FRONTDESK,
     false,
     NULL,
     {{"Valid passport", "Geldig paspoort"},
      {"The IND letter saying the document is ready at this location",
       "De brief van de IND dat het document op deze locatie klaarligt"},
      {NULL, NULL},
      {NULL, NULL}}},
    {"ind-biometrics",
     "ind",
     "Give biometrics",
     "Biometrische gegevens afgeven",
     "Photo, fingerprints and signature for the residence document.",
     "Pasfoto, vingerafdrukken en handtekening voor het verblijfsdocument.",
     15,
     10,
     BOOKABLE_PUBLIC | BOOKABLE_SPONSOR | BOOKABLE_FRONTDESK,
     false,
     NULL,
     {{"Valid passport", "Geldig paspoort"},
      {"The IND letter inviting you to give biometrics",
       "De uitnodigingsbrief van de IND voor biometrie"},
      {NULL, NULL},
      {NULL, NULL}}},
    {"ind-sticker",
     "ind",
     "Residence endorsement sticker",
     "Verblijfsaantekening (sticker)",
     "A residence endorsement sticker in your passport.",
     "Een verblijfsaantekening (sticker) in uw paspoort.",
     15,
     10,
     BOOKABLE_PUBLIC | BOOKABLE_SPONSOR | BOOKABLE_FRONTDESK,
     false,
     NULL,
     {{"Valid passport", "Geldig paspoort"},
      {"The IND decision or letter about your application",
       "Het besluit of de brief van de IND over uw aanvraag"},
      {NULL, NULL},
      {NULL, NULL}}},
    {"ind-return-visa",
     "ind",
     "Return visa",
     "Terugkeervisum",
     "A return visa to travel while your application is pending.",
     "Een terugkeervisum om te reizen terwijl uw aanvraag loopt.",
     15,
     10,
     BOOKABLE_PUBLIC | BOOKABLE_SPONSOR | BOOKABLE_FRONTDESK,
     false,
     NULL,
     {{"Valid passport", "Geldig paspoort"},
      {"Proof of your pending application", "Bewijs van uw lopende aanvraag"},
      {"Proof of the urgent reason to travel",
       "Bewijs van de dringende reden om te reizen"},
      {NULL, NULL}}},
};

/* What completing each service records on the day (services.outcome). */
static const struct {
    const char *code;
    const char *outcome;
} demo_outcomes[] = {
    {"brp-registration", "registration"},   {"ind-collect", "ind-document"},
    {"ind-biometrics", "ind-biometrics"},   {"ind-sticker", "ind-sticker"},
    {"ind-return-visa", "ind-return-visa"},
};

struct demo_desk {
    const char *code;
    const char *agency;
    const char *name_en;
    const char *name_nl;
    const char *services[4];
    int weekdays[5]; /* 0 ends */
    int opens, closes, break_start, break_end;
};

#define HM(h, m) ((h)*60 + (m))

static const struct demo_desk demo_desks[] = {
    {"intake-1",
     "expat-centre",
     "Expat Centre desk 1",
     "Expat Centre-balie 1",
     {"intake"},
     {1, 2, 3, 4, 5},
     HM(9, 0),
     HM(17, 0),
     HM(12, 30),
     HM(13, 0)},
    {"intake-2",
     "expat-centre",
     "Expat Centre desk 2",
     "Expat Centre-balie 2",
     {"intake"},
     {1, 2, 3, 4, 5},
     HM(9, 0),
     HM(17, 0),
     HM(13, 0),
     HM(13, 30)},
    {"brp-1",
     "municipality",
     "Municipality desk 1",
     "Gemeentebalie 1",
     {"brp-registration"},
     {1, 2, 3, 4, 5},
     HM(9, 0),
     HM(16, 30),
     HM(12, 0),
     HM(12, 45)},
    {"brp-2",
     "municipality",
     "Municipality desk 2",
     "Gemeentebalie 2",
     {"brp-registration"},
     {1, 2, 3, 4, 5},
     HM(9, 0),
     HM(16, 30),
     HM(12, 45),
     HM(13, 30)},
    {"ind-1",
     "ind",
     "IND desk 1",
     "IND-balie 1",
     {"ind-collect", "ind-biometrics", "ind-sticker", "ind-return-visa"},
     {2, 4, 5},
     HM(9, 0),
     HM(16, 30),
     HM(12, 30),
     HM(13, 0)},
    {"ind-2",
     "ind",
     "IND desk 2",
     "IND-balie 2",
     {"ind-collect", "ind-biometrics", "ind-sticker", "ind-return-visa"},
     {2, 4, 5},
     HM(9, 0),
     HM(16, 30),
     HM(13, 0),
     HM(13, 30)},
};

struct demo_account {
    const char *role;
    const char *username;
    const char *display_name;
    char password[DEMO_PASSWORD_LEN + 1];
};

struct demo_build {
    int first_year;
    int64_t location_id;
    int64_t officer_desk_id;
    struct demo_account accounts[5];
};

static enum status
demo_agencies(struct db *db)
{
    static const struct store_agency agencies[] = {
        {0, "expat-centre", "Expat Centre Maastricht Region",
         "Expat Centre Maastricht Region"},
        {0, "municipality", "Municipality of Maastricht",
         "Gemeente Maastricht"},
        {0, "ind", "Immigration and Naturalisation Service (IND)",
         "Immigratie- en Naturalisatiedienst (IND)"},
    };
    enum status st = STATUS_OK;
    int64_t id;

    for (size_t i = 0; st == STATUS_OK && i < 3; i++) {
        st = store_agency_insert(db, &agencies[i], &id);
    }
    return st;
}

static enum status
demo_services_add(struct db *db)
{
    enum status st = STATUS_OK;

    for (size_t i = 0;
         st == STATUS_OK && i < sizeof demo_services / sizeof demo_services[0];
         i++) {
        const struct demo_service *d = &demo_services[i];
        struct store_service s = {
            .code = d->code,
            .name_en = d->name_en,
            .name_nl = d->name_nl,
            .description_en = d->description_en,
            .description_nl = d->description_nl,
            .minutes = d->minutes,
            .extra_minutes_per_person = d->extra_minutes,
            .bookable_by = d->bookable_by,
            .reschedule_allowed = d->reschedule_allowed,
            .active = true,
            .outcome = "none",
        };
        size_t n_docs = 0;
        int64_t requires = 0;
        int64_t agency = 0;

        for (size_t k = 0; k < sizeof demo_outcomes / sizeof demo_outcomes[0];
             k++) {
            if (strcmp(demo_outcomes[k].code, d->code) == 0) {
                s.outcome = demo_outcomes[k].outcome;
            }
        }
        st = store_agency_id(db, d->agency, &s.agency_id);
        if (st == STATUS_OK) {
            st = store_service_insert(db, &s, &s.id);
        }
        while (n_docs < 4 && d->documents[n_docs].en != NULL) {
            n_docs++;
        }
        if (st == STATUS_OK) {
            st = store_service_set_documents(db, s.id, d->documents, n_docs);
        }
        if (st == STATUS_OK && d->requires != NULL) {
            st = store_service_find(db, d->requires, &requires, &agency);
            if (st == STATUS_OK) {
                st = store_service_set_prerequisites(db, s.id, &requires, 1);
            }
        }
    }
    return st;
}

/* Eligibility: fast-track registration is for employees of recognised
 * sponsors who live in the region (South Limburg's municipalities); a
 * residence document is collected where the IND letter says. The other
 * IND services stay open to everyone. */
static enum status
demo_eligibility_add(struct db *db)
{
    static const char *const south_limburg[] = {
        "Maastricht",
        "Heerlen",
        "Sittard-Geleen",
        "Kerkrade",
        "Landgraaf",
        "Brunssum",
        "Beekdaelen",
        "Eijsden-Margraten",
        "Gulpen-Wittem",
        "Meerssen",
        "Stein",
        "Beek",
        "Simpelveld",
        "Vaals",
        "Valkenburg aan de Geul",
        "Voerendaal",
    };
    const struct store_rule registration[] = {
        {"recognised-sponsor", NULL, 0},
        {"residence-municipality", south_limburg,
         sizeof south_limburg / sizeof south_limburg[0]},
    };
    const struct store_rule collect[] = {{"ind-letter-location", NULL, 0}};
    int64_t id = 0;
    int64_t agency = 0;
    enum status st = store_service_find(db, "brp-registration", &id, &agency);

    if (st == STATUS_OK) {
        st = store_rule_set(db, id, registration, 2);
    }
    if (st == STATUS_OK) {
        st = store_service_find(db, "ind-collect", &id, &agency);
    }
    if (st == STATUS_OK) {
        st = store_rule_set(db, id, collect, 1);
    }
    return st;
}

static enum status
demo_desks_add(struct db *db, struct demo_build *b)
{
    enum status st = STATUS_OK;

    for (size_t i = 0;
         st == STATUS_OK && i < sizeof demo_desks / sizeof demo_desks[0]; i++) {
        const struct demo_desk *d = &demo_desks[i];
        struct store_desk desk = {
            .location_id = b->location_id,
            .code = d->code,
            .name_en = d->name_en,
            .name_nl = d->name_nl,
            .active = true,
        };
        struct hours_interval open[5];
        struct hours_interval breaks[5];
        int64_t service_ids[4];
        size_t n_services = 0;
        size_t n_days = 0;
        int64_t agency = 0;

        st = store_agency_id(db, d->agency, &desk.agency_id);
        if (st == STATUS_OK) {
            st = store_desk_insert(db, &desk, &desk.id);
        }
        for (; st == STATUS_OK && n_services < 4 && d->services[n_services];
             n_services++) {
            st = store_service_find(db, d->services[n_services],
                                    &service_ids[n_services], &agency);
        }
        if (st == STATUS_OK) {
            st = store_desk_set_services(db, desk.id, service_ids, n_services);
        }
        for (; n_days < 5 && d->weekdays[n_days] != 0; n_days++) {
            open[n_days] = (struct hours_interval){d->weekdays[n_days],
                                                   d->opens, d->closes};
            breaks[n_days] = (struct hours_interval){
                d->weekdays[n_days], d->break_start, d->break_end};
        }
        if (st == STATUS_OK) {
            st =
                store_desk_set_hours(db, desk.id, open, n_days, breaks, n_days);
        }
        if (strcmp(d->code, "brp-1") == 0) {
            b->officer_desk_id = desk.id;
        }
    }
    return st;
}

/* Public holidays on which the centre closes. Good Friday is not a general
 * day off in the Netherlands, and Liberation Day is a day off for
 * government offices only every fifth year. */
static bool
demo_centre_closes(const struct holiday *h)
{
    if (strcmp(h->code, "good-friday") == 0) {
        return false;
    }
    if (strcmp(h->code, "liberation-day") == 0) {
        return h->date.year % 5 == 0;
    }
    return true;
}

static enum status
demo_holidays(struct db *db, struct demo_build *b)
{
    struct holiday days[HOLIDAYS_NL_COUNT];
    enum status st = STATUS_OK;

    for (int y = 0; st == STATUS_OK && y < DEMO_HOLIDAY_YEARS; y++) {
        size_t n = holidays_nl(b->first_year + y, days, HOLIDAYS_NL_COUNT);
        for (size_t i = 0; st == STATUS_OK && i < n; i++) {
            char date[11];
            struct store_closure c = {
                .location_id = b->location_id,
                .date = date,
                .starts = -1,
                .ends = -1,
                .kind = "holiday",
                .reason_en = days[i].name_en,
                .reason_nl = days[i].name_nl,
            };
            int64_t id;
            if (!demo_centre_closes(&days[i])) {
                continue;
            }
            date_format(days[i].date, date);
            st = store_closure_insert(db, &c, &id);
        }
    }
    return st;
}

static enum status
demo_accounts_add(struct db *db, struct demo_build *b)
{
    static const char *const roles[][3] = {
        {"admin", "admin", "Administrator"},
        {"manager", "manager", "Centre manager"},
        {"frontdesk", "frontdesk", "Front desk"},
        {"officer", "officer", "Municipal officer"},
        {"employer", "employer", "HR, Example Shared Services"},
    };
    enum status st = STATUS_OK;

    for (size_t i = 0; st == STATUS_OK && i < 5; i++) {
        struct demo_account *a = &b->accounts[i];
        json_t *invalid = json_array();
        struct users_input in = {0};
        int64_t id;

        a->role = roles[i][0];
        a->username = roles[i][1];
        a->display_name = roles[i][2];
        crypto_random_password(a->password, DEMO_PASSWORD_LEN);
        in.username = a->username;
        in.display_name = a->display_name;
        in.role = a->role;
        in.password = a->password;
        if (strcmp(a->role, "officer") == 0) {
            in.agency = "municipality";
            in.desk_id = b->officer_desk_id;
        }
        if (strcmp(a->role, "employer") == 0) {
            in.sponsor_kvk = DEMO_SPONSOR_KVK;
        }
        st = users_create(db, &in, invalid, &id);
        if (st == STATUS_INPUT) {
            LOG_ERROR("demo account %s refused: %s", a->username,
                      json_string_value(json_object_get(
                          json_array_get(invalid, 0), "reason")));
        }
        json_decref(invalid);
    }
    return st;
}

static enum status
demo_build_tx(struct db *db, void *ctx)
{
    struct demo_build *b = ctx;
    struct store_location loc = {
        .code = "maastricht",
        .name_en = "Expat Centre Maastricht Region",
        .name_nl = "Expatcentrum Regio Maastricht",
        .address = "Mosae Forum 10, 6211 DW Maastricht",
        .time_zone = "Europe/Amsterdam",
        .slot_minutes = 5,
    };
    enum status st = demo_agencies(db);

    if (st == STATUS_OK) {
        st = demo_services_add(db);
    }
    if (st == STATUS_OK) {
        st = demo_eligibility_add(db);
    }
    if (st == STATUS_OK) {
        st = store_location_insert(db, &loc, &b->location_id);
    }
    if (st == STATUS_OK) {
        st = demo_desks_add(db, b);
    }
    if (st == STATUS_OK) {
        st = demo_holidays(db, b);
    }
    if (st == STATUS_OK) {
        st = demo_accounts_add(db, b);
    }
    if (st == STATUS_OK) {
        st = sponsor_import_demo(db);
    }
    return st;
}

static void
demo_print_logins(FILE *out, const struct demo_build *b)
{
    fprintf(out, "Demonstration log-ins (passwords are stored only as "
                 "hashes; keep these):\n");
    fprintf(out, "  %-10s %-10s %s\n", "role", "username", "password");
    for (size_t i = 0; i < 5; i++) {
        fprintf(out, "  %-10s %-10s %s\n", b->accounts[i].role,
                b->accounts[i].username, b->accounts[i].password);
    }
}

/* The key that seals the demonstration's personal data: the file given,
 * or security.key_file's default. Without --key a missing default file
 * is no error: the demonstration then has no newcomers (*key NULL). */
static bool
demo_load_key(const char *path, struct sealed_key **key)
{
    char err[SEALED_ERROR_MAX];
    struct config cfg;
    bool given = path != NULL;
    enum status st;

    *key = NULL;
    if (!given) {
        cfg_init_defaults(&cfg);
        path = cfg.key_file;
    }
    st = sealed_key_load(path, key, err);
    if (st == STATUS_NOT_FOUND && !given) {
        LOG_WARN("%s does not exist: the demonstration gets no newcomers "
                 "(make one with `onestop keygen --key %s`, or give --key)",
                 path, path);
        return true;
    }
    if (st != STATUS_OK) {
        LOG_ERROR("%s", err);
        return false;
    }
    return true;
}

/* The newcomers of the demonstration, sealed with key. */
static bool
demo_add_newcomers(struct db *db, const struct sealed_key *key)
{
    size_t added = 0;
    size_t booked = 0;

    if (key == NULL) {
        return true;
    }
    if (demo_newcomers_add(db, key, &added, &booked) != STATUS_OK) {
        LOG_ERROR("cannot add the demonstration's newcomers");
        return false;
    }
    printf("Registered %zu newcomers of %s and other sponsors; booked %zu "
           "visits on the coming weekdays.\n",
           added, DEMO_SPONSOR_KVK, booked);
    return true;
}

static void
demo_help(void)
{
    printf("usage: onestop demo --db FILE [--logins FILE] [--key FILE]\n\n"
           "Creates the demonstration deployment in a new database: the "
           "expat centre in\nMaastricht with its intake, municipal and IND "
           "desks, opening hours, Dutch\npublic holidays and one account "
           "per role, and prints the log-ins.\n\n"
           "  --db FILE      the database to create (must not exist yet)\n"
           "  --logins FILE  also write the log-ins to FILE (mode 0600)\n"
           "  --key FILE     the key that seals personal data (default: "
           "security.key_file);\n"
           "                 without one the demonstration has no "
           "newcomers\n");
}

int
cli_demo(int argc, char **argv)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"logins", required_argument, NULL, 'L'},
        {"key", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct demo_build build;
    const char *path = NULL;
    const char *logins = NULL;
    const char *key_path = NULL;
    struct sealed_key *key = NULL;
    struct db *db = NULL;
    struct stat sb;
    FILE *f = NULL;
    int fd;
    int c;
    int rc = CLI_EXIT_FAILED;

    memset(&build, 0, sizeof build);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        if (c == 'h') {
            demo_help();
            return CLI_EXIT_OK;
        } else if (c == 'd') {
            path = optarg;
        } else if (c == 'L') {
            logins = optarg;
        } else if (c == 'k') {
            key_path = optarg;
        } else {
            return cli_usage_error("demo: unknown or incomplete option '%s'",
                                   argv[optind - 1]);
        }
    }
    if (optind < argc) {
        return cli_usage_error("demo: unexpected argument '%s'", argv[optind]);
    }
    if (path == NULL) {
        return cli_usage_error("demo: --db FILE is required");
    }
    if (stat(path, &sb) == 0) {
        return cli_usage_error("demo: %s already exists; the demonstration "
                               "goes into a new database",
                               path);
    }
    if (crypto_init() != STATUS_OK) {
        LOG_ERROR("libsodium cannot start");
        return CLI_EXIT_FAILED;
    }
    if (!demo_load_key(key_path, &key)) {
        return CLI_EXIT_FAILED;
    }
    build.first_year = date_from_days((long)(clock_now() / 86400)).year;
    if (db_open_sqlite(path, &db) != STATUS_OK) {
        LOG_ERROR("cannot create the database %s", path);
        goto out;
    }
    if (db_transaction(db, demo_build_tx, &build) != STATUS_OK) {
        LOG_ERROR("cannot fill the demonstration database");
        goto out;
    }
    if (!demo_add_newcomers(db, key)) {
        goto out;
    }
    printf("Created the demonstration deployment in %s.\n", path);
    demo_print_logins(stdout, &build);
    if (logins != NULL) {
        fd = open(logins, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (f == NULL) {
            LOG_ERROR("cannot write %s", logins);
            if (fd >= 0) {
                close(fd);
            }
            goto out;
        }
        demo_print_logins(f, &build);
        fclose(f);
    }
    rc = CLI_EXIT_OK;
out:
    db_close(db);
    sealed_key_free(&key);
    crypto_wipe(&build, sizeof build);
    if (rc != CLI_EXIT_OK && db != NULL) {
        unlink(path);
    }
    return rc;
}

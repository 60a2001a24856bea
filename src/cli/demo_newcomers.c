/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The demonstration's newcomers: the incoming staff of Maastricht Shared
 * Services (the large shared-service employer of the demo register, whose
 * HR is the demo's employer account), a few with families, and some of
 * other sponsors, every one fictitious, with names in several scripts;
 * and their visits on the coming weekdays, some booked as groups. Travel
 * document numbers and V-numbers are sealed with the key given, as the
 * server does. */
#include <stdio.h>
#include <string.h>

#include "api/day.h"
#include "api/itinerary.h"
#include "api/visit.h"
#include "cli/demo_newcomers.h"
#include "core/date.h"
#include "db/db.h"
#include "store/bookings.h"
#include "store/eligibility.h"
#include "store/newcomers.h"
#include "util/clock.h"
#include "util/crypto.h"
#include "util/log.h"

/* The demo centre (the first location the demo creates). */
#define DEMO_NEWCOMERS_LOCATION 1
/* Visits are booked from tomorrow on, on weekdays within this many days:
 * the week ahead, leaving later dates free for those who try the demo. */
#define DEMO_NEWCOMERS_DAYS 6
/* The services of a fast-track day. */
#define DEMO_NEWCOMERS_SERVICES "intake,brp-registration"

/* One person: a principal, or (family > 0) the family member of the
 * principal that many rows up. */
struct demo_person {
    const char *kvk;
    const char *given_names;
    const char *surname;
    const char *born;
    const char *nationality;
    const char *category;
    const char *email;
    const char *language;
    const char *travel_document;
    const char *v_number;
    int family; /* 0: a principal; n: a member of the principal n rows up */
    /* the visit: 0 none, n on the n-th coming weekday; booked as a group
     * with the others of the same day and group letter, when it is not 0 */
    int visit_day;
    char group;
};

#define MSS "12345678"

static const struct demo_person demo_people[] = {
    /* Maastricht Shared Services: new staff, arriving in waves. */
    {MSS, "Priya", "Raghunathan", "1991-04-17", "IN", "highly-skilled-migrant",
     "priya.raghunathan@example.org", "en", "DM4120571", "3100000101", 0, 1,
     'A'},
    {MSS, "Arjun", "Raghunathan", "1989-11-02", "IN", "family-member",
     "arjun.raghunathan@example.org", "en", "DM4120572", "3100000102", 1, 1,
     'A'},
    {MSS, "Anaya", "Raghunathan", "2019-06-30", "IN", "family-member", "", "en",
     "DM4120573", NULL, 2, 0, 0},
    {MSS, "伟", "王", "1990-02-14", "CN", "highly-skilled-migrant",
     "wei.wang@example.org", "en", "DE8834101", "3100000104", 0, 1, 'A'},
    {MSS, "Olena", "Kovalenko", "1993-07-21", "UA", "highly-skilled-migrant",
     "olena.kovalenko@example.org", "en", "DU5512008", "3100000105", 0, 1, 'A'},
    {MSS, "Дмитро", "Шевченко", "1987-03-09", "UA", "highly-skilled-migrant",
     "dmytro.shevchenko@example.org", "en", "DU5512931", NULL, 0, 1, 'A'},
    {MSS, "Mehmet", "Yılmaz", "1992-09-12", "TR", "highly-skilled-migrant",
     "mehmet.yilmaz@example.org", "nl", "DT7710442", "3100000107", 0, 2, 0},
    {MSS, "Ayşe", "Yılmaz", "1994-01-25", "TR", "family-member",
     "ayse.yilmaz@example.org", "nl", "DT7710443", "3100000108", 1, 2, 0},
    {MSS, "Σοφία", "Παπαδοπούλου", "1995-05-05", "GR", "highly-skilled-migrant",
     "sofia.papadopoulou@example.org", "en", "DG3300127", "3100000109", 0, 3,
     'B'},
    {MSS, "محمد", "الأحمد", "1988-12-01", "SY", "highly-skilled-migrant",
     "m.alahmad@example.org", "en", "DS9081726", "3100000110", 0, 3, 'B'},
    {MSS, "Ngọc Anh", "Nguyễn", "1996-08-18", "VN", "highly-skilled-migrant",
     "ngocanh.nguyen@example.org", "en", "DV2468013", "3100000111", 0, 3, 'B'},
    {MSS, "민준", "김", "1990-10-10", "KR", "highly-skilled-migrant",
     "minjun.kim@example.org", "en", "DK1357924", "3100000112", 0, 3, 'B'},
    {MSS, "さくら", "佐藤", "1994-03-27", "JP", "researcher",
     "sakura.sato@example.org", "en", "DJ8642097", "3100000113", 0, 3, 'B'},
    {MSS, "Lucas", "Oliveira", "1991-06-06", "BR", "highly-skilled-migrant",
     "lucas.oliveira@example.org", "en", "DB5791346", "3100000114", 0, 4, 0},
    {MSS, "Mariana", "Oliveira", "1992-12-12", "BR", "family-member",
     "mariana.oliveira@example.org", "en", "DB5791347", NULL, 1, 0, 0},
    {MSS, "Pedro", "Oliveira", "2017-02-02", "BR", "family-member", "", "en",
     NULL, NULL, 2, 0, 0},
    {MSS, "Sofía", "Oliveira", "2020-09-09", "BR", "family-member", "", "en",
     NULL, NULL, 3, 0, 0},
    {MSS, "प्रिया", "शर्मा", "1993-11-11", "IN", "highly-skilled-migrant",
     "priya.sharma@example.org", "en", "DM7531598", "3100000118", 0, 4, 0},
    {MSS, "Kwame", "Mensah", "1989-04-04", "GH", "highly-skilled-migrant",
     "kwame.mensah@example.org", "en", "DH1122334", "3100000119", 0, 0, 0},
    {MSS, "Aleksandra", "Nowak", "1997-07-07", "PL", "other",
     "aleksandra.nowak@example.org", "nl", "DP4455667", NULL, 0, 0, 0},
    {MSS, "Tran", "Thi Mai", "1995-01-15", "VN", "highly-skilled-migrant",
     "mai.tran@example.org", "en", "DV7788990", "3100000121", 0, 0, 0},
    {MSS, "Noa", "כהן", "1992-08-08", "IL", "researcher",
     "noa.cohen@example.org", "en", "DI3344556", "3100000122", 0, 0, 0},
    {MSS, "Juan Pablo", "García López", "1990-05-20", "MX",
     "highly-skilled-migrant", "jp.garcia@example.org", "en", "DX6677889",
     "3100000123", 0, 0, 0},
    {MSS, "Amara", "Okafor", "1994-02-28", "NG", "highly-skilled-migrant",
     "amara.okafor@example.org", "en", "DN9900112", "3100000124", 0, 0, 0},
    {MSS, "Илья", "Смирнов", "1986-06-16", "KZ", "highly-skilled-migrant",
     "ilya.smirnov@example.org", "en", "DZ2233445", "3100000125", 0, 0, 0},
    {MSS, "Fatima", "Zahra", "1998-10-01", "MA", "student",
     "fatima.zahra@example.org", "nl", "DA5566778", NULL, 0, 0, 0},
    /* Other sponsors of the demo register. */
    {"31415926", "Hiroshi", "Tanaka", "1985-09-19", "JP", "researcher",
     "h.tanaka@example.org", "en", "DJ1029384", "3200000201", 0, 2, 0},
    {"31415926", "Elif", "Demir", "1993-04-30", "TR", "researcher",
     "elif.demir@example.org", "en", "DT5647382", "3200000202", 0, 5, 0},
    {"17320508", "Chiara", "Romano", "1991-12-24", "IT", "researcher",
     "chiara.romano@example.org", "en", "DR9182736", NULL, 0, 4, 0},
    {"17320508", "Rahul", "Verma", "1990-07-17", "IN", "highly-skilled-migrant",
     "rahul.verma@example.org", "en", "DM6655443", "3200000204", 0, 0, 0},
    {"45678901", "Sipho", "Dlamini", "1992-03-03", "ZA",
     "highly-skilled-migrant", "sipho.dlamini@example.org", "en", "DZ1231231",
     "3200000205", 0, 5, 0},
    {"45678901", "Thandi", "Dlamini", "1994-05-15", "ZA", "family-member",
     "thandi.dlamini@example.org", "en", "DZ1231232", NULL, 1, 0, 0},
    {"56789012", "Camille", "Dubois", "1996-11-21", "CA",
     "highly-skilled-migrant", "camille.dubois@example.org", "nl", "DC7897897",
     "3200000207", 0, 0, 0},
    {"14142135", "Ali", "Rahimi", "1988-08-28", "IR", "highly-skilled-migrant",
     "ali.rahimi@example.org", "en", "DQ4564564", "3200000208", 0, 0, 0},
};

#define DEMO_PEOPLE (sizeof demo_people / sizeof demo_people[0])

/* The n-th weekday (n from 1) after today among the next
 * DEMO_NEWCOMERS_DAYS days, counting round when there are fewer. */
static struct date
demo_weekday(struct date today, int n)
{
    struct date days[DEMO_NEWCOMERS_DAYS];
    int count = 0;

    for (int i = 1; i <= DEMO_NEWCOMERS_DAYS; i++) {
        struct date d = date_add_days(today, i);
        if (date_weekday(d) <= 5) {
            days[count++] = d;
        }
    }
    return days[(n - 1) % count];
}

/* Who books: the sponsor's HR, with what an employer may book. */
static const struct auth demo_employer = {.signed_in = true,
                                          .role = ROLE_EMPLOYER};

/* Books one person a fast-track day on date (in group_id when > 0),
 * planned on the day as it stands; a full or closed day books nothing. */
static enum status
demo_book(struct db *db, struct date date, const struct demo_person *p,
          int64_t newcomer_id, int64_t group_id, const char *now, bool *booked)
{
    struct day *day = NULL;
    struct itinerary_ask ask = {0};
    struct planner_option opt;
    struct store_booking row = {0};
    char code[STORE_BOOKING_CODE_LEN + 1];
    char token[CRYPTO_TOKEN_TEXT];
    char digest[CRYPTO_DIGEST_TEXT];
    char why[ITINERARY_WHY_MAX];
    int64_t id = 0;
    int n = 0;
    enum status st;

    *booked = false;
    st = day_load(db, DEMO_NEWCOMERS_LOCATION, date, &day);
    if (st != STATUS_OK) {
        return st;
    }
    if (!itinerary_read_services(day, DEMO_NEWCOMERS_SERVICES,
                                 visit_bookable_mask(&demo_employer), &ask,
                                 why)) {
        LOG_ERROR("demo newcomers: %s", why);
        day_free(day);
        return STATUS_INTERNAL;
    }
    ask.persons = 1;
    st = itinerary_search(day, &ask, 0, 1, VISIT_SPREAD_MINUTES, &opt, &n);
    if (st != STATUS_OK || n == 0) {
        day_free(day);
        return st;
    }
    crypto_random_token(token);
    crypto_token_digest(token, digest);
    crypto_wipe(token, sizeof token);
    crypto_random_code(code, STORE_BOOKING_CODE_LEN);
    row.code = code;
    row.location_id = DEMO_NEWCOMERS_LOCATION;
    row.visit_date = day->date_text;
    row.persons = 1;
    row.channel = "sponsor";
    row.given_names = p->given_names;
    row.surname = p->surname;
    row.email = p->email[0] ? p->email : "hr@example.org";
    row.phone = "";
    row.language = p->language;
    row.token_digest = digest;
    row.group_id = group_id;
    row.created_at = now;
    row.newcomer_id = newcomer_id;
    st = store_booking_insert(db, &row, &id);
    if (st == STATUS_OK) {
        /* What fast track's eligibility rules ask (demo.c), as a booking
         * through the API records it. */
        st = store_booking_answers_set(db, id, p->kvk, "Maastricht", NULL);
    }
    for (int i = 0; st == STATUS_OK && i < opt.n_legs; i++) {
        const struct planner_leg *l = &opt.leg[i];
        struct store_leg leg = {
            .booking_id = id,
            .position = i,
            .service_id = day->services[ask.services[l->service]].id,
            .desk_id = day->desks[l->desk].id,
            .visit_date = day->date_text,
            .starts_at = l->start * day->slot_minutes,
            .ends_at = (l->start + l->length) * day->slot_minutes,
        };
        st = store_leg_insert(db, &leg, day->slot_minutes, NULL);
    }
    day_free(day);
    *booked = st == STATUS_OK;
    return st;
}

/* The group of a person's visit, made when its first member is booked. */
struct demo_group {
    int visit_day;
    char letter;
    int64_t id;
};

static enum status
demo_group_for(struct db *db, struct demo_group *groups, size_t *n_groups,
               const struct demo_person *p, struct date date, const char *now,
               int64_t *group_id)
{
    char code[STORE_BOOKING_CODE_LEN + 1];
    char text[DATE_ISO_LEN + 1];

    *group_id = 0;
    if (p->group == 0) {
        return STATUS_OK;
    }
    for (size_t i = 0; i < *n_groups; i++) {
        if (groups[i].visit_day == p->visit_day &&
            groups[i].letter == p->group) {
            *group_id = groups[i].id;
            return STATUS_OK;
        }
    }
    crypto_random_code(code, STORE_BOOKING_CODE_LEN);
    date_format(date, text);
    groups[*n_groups].visit_day = p->visit_day;
    groups[*n_groups].letter = p->group;
    if (store_group_insert(db, code, DEMO_NEWCOMERS_LOCATION, text, 0, now,
                           &groups[*n_groups].id) != STATUS_OK) {
        return STATUS_INTERNAL;
    }
    *group_id = groups[(*n_groups)++].id;
    return STATUS_OK;
}

struct demo_newcomers_tx {
    const struct sealed_key *key;
    struct date today;
    size_t added;
    size_t booked;
};

static enum status
demo_newcomers_run(struct db *db, void *ctx)
{
    struct demo_newcomers_tx *tx = ctx;
    int64_t ids[DEMO_PEOPLE];
    struct demo_group groups[DEMO_PEOPLE];
    size_t n_groups = 0;
    char now[CLOCK_ISO_TEXT];
    char arrival[DATE_ISO_LEN + 1];
    enum status st = STATUS_OK;

    clock_format_utc(clock_now(), now);
    tx->added = 0;
    tx->booked = 0;
    for (size_t i = 0; st == STATUS_OK && i < DEMO_PEOPLE; i++) {
        const struct demo_person *p = &demo_people[i];
        struct store_newcomer n = {
            .sponsor_kvk = p->kvk,
            .principal_id = p->family > 0 ? ids[i - (size_t)p->family] : 0,
            .given_names = p->given_names,
            .surname = p->surname,
            .birth_date = p->born,
            .nationality = p->nationality,
            .category = p->category,
            .expected_arrival = arrival,
            .email = p->email,
            .language = p->language,
            .travel_document = p->travel_document,
            .v_number = p->v_number,
        };
        /* Those without a visit yet arrive in two to five weeks. */
        date_format(date_add_days(tx->today, p->visit_day > 0
                                                 ? -3
                                                 : 14 + (int)(i % 4) * 7),
                    arrival);
        if (p->visit_day > 0 && strcmp(p->kvk, MSS) == 0) {
            n.postcode = "6211 DW";
            n.house_number = i % 2 ? "10" : "12A";
        }
        st = store_newcomer_insert(db, tx->key, &n, &ids[i]);
        if (st == STATUS_OK) {
            tx->added++;
        }
        if (st == STATUS_OK && p->visit_day > 0) {
            struct date date = demo_weekday(tx->today, p->visit_day);
            int64_t group_id = 0;
            bool booked = false;
            st = demo_group_for(db, groups, &n_groups, p, date, now, &group_id);
            if (st == STATUS_OK) {
                st = demo_book(db, date, p, ids[i], group_id, now, &booked);
            }
            tx->booked += booked ? 1 : 0;
        }
    }
    return st;
}

enum status
demo_newcomers_add(struct db *db, const struct sealed_key *key, size_t *added,
                   size_t *booked)
{
    struct demo_newcomers_tx tx = {key, {0}, 0, 0};
    enum status st;

    tx.today = visit_today();
    st = db_transaction(db, demo_newcomers_run, &tx);
    if (st == STATUS_OK) {
        *added = tx.added;
        *booked = tx.booked;
    }
    return st;
}

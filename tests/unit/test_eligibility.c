/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/eligibility: kind names, parameter checks, how
 * municipality names compare, and each rule judged accepting and refusing
 * with a message that names the service. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/eligibility.h"

static void
test_kinds(void **state)
{
    enum eligibility_kind kind = ELIGIBILITY_KIND_COUNT;

    (void)state;
    for (int k = 0; k < ELIGIBILITY_KIND_COUNT; k++) {
        assert_true(eligibility_kind_parse(
            eligibility_kind_name((enum eligibility_kind)k), &kind));
        assert_int_equal(kind, k);
    }
    assert_false(eligibility_kind_parse("Recognised-Sponsor", &kind));
    assert_false(eligibility_kind_parse("", &kind));
    assert_false(eligibility_kind_parse(NULL, &kind));
    assert_string_equal(eligibility_kind_field(ELIGIBILITY_RECOGNISED_SPONSOR),
                        "sponsorKvk");
    assert_true(eligibility_needs_values(ELIGIBILITY_RESIDENCE_MUNICIPALITY));
    assert_false(eligibility_needs_values(ELIGIBILITY_RECOGNISED_SPONSOR));
}

static void
test_values(void **state)
{
    char long_name[ELIGIBILITY_VALUE_MAX + 2];

    (void)state;
    assert_null(
        eligibility_check_value(ELIGIBILITY_RECOGNISED_SPONSOR, "research"));
    /* Only the codes, not the register's own names. */
    assert_non_null(
        eligibility_check_value(ELIGIBILITY_RECOGNISED_SPONSOR, "Onderzoek"));
    assert_non_null(
        eligibility_check_value(ELIGIBILITY_RECOGNISED_SPONSOR, "sports"));
    assert_null(eligibility_check_value(ELIGIBILITY_RESIDENCE_MUNICIPALITY,
                                        "Valkenburg aan de Geul"));
    assert_non_null(
        eligibility_check_value(ELIGIBILITY_RESIDENCE_MUNICIPALITY, " - "));
    assert_non_null(
        eligibility_check_value(ELIGIBILITY_RESIDENCE_MUNICIPALITY, ""));
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_non_null(
        eligibility_check_value(ELIGIBILITY_RESIDENCE_MUNICIPALITY, long_name));
    assert_non_null(
        eligibility_check_value(ELIGIBILITY_IND_LETTER_LOCATION, "x"));
}

static void
test_same_municipality(void **state)
{
    (void)state;
    assert_true(
        eligibility_same_municipality("Sittard-Geleen", "sittard geleen"));
    assert_true(eligibility_same_municipality("Sittard-Geleen",
                                              "  SITTARD -- GELEEN "));
    assert_true(eligibility_same_municipality("Beek", "beek"));
    assert_false(eligibility_same_municipality("Beek", "Beekdaelen"));
    assert_false(eligibility_same_municipality("Beekdaelen", "Beek"));
    assert_false(eligibility_same_municipality("Sittard-Geleen", "Sittard"));
    assert_false(
        eligibility_same_municipality("SittardGeleen", "Sittard-Geleen"));
    assert_false(eligibility_same_municipality("Stein", NULL));
    assert_false(eligibility_same_municipality("Stein", ""));
    assert_true(eligibility_same_municipality("", " "));
}

static void
test_judge(void **state)
{
    static const char *const region[] = {"Maastricht", "Sittard-Geleen"};
    char why[ELIGIBILITY_WHY_MAX];
    struct eligibility_facts f = {
        .service = "brp-registration",
        .sponsor_kvk = "12345678",
        .sponsor_recognised = true,
        .visit_date = "2026-12-08",
        .municipality = "maastricht",
        .letter_location = "maastricht",
        .location_code = "maastricht",
    };

    (void)state;
    assert_true(
        eligibility_judge(ELIGIBILITY_RECOGNISED_SPONSOR, NULL, 0, &f, why));
    assert_true(eligibility_judge(ELIGIBILITY_RESIDENCE_MUNICIPALITY, region, 2,
                                  &f, why));
    assert_true(
        eligibility_judge(ELIGIBILITY_IND_LETTER_LOCATION, NULL, 0, &f, why));

    f.sponsor_recognised = false;
    assert_false(
        eligibility_judge(ELIGIBILITY_RECOGNISED_SPONSOR, NULL, 0, &f, why));
    assert_non_null(strstr(why, "brp-registration"));
    assert_non_null(strstr(why, "12345678"));
    assert_non_null(strstr(why, "2026-12-08"));
    f.sponsor_kvk = "";
    assert_false(
        eligibility_judge(ELIGIBILITY_RECOGNISED_SPONSOR, NULL, 0, &f, why));

    f.municipality = "Utrecht";
    assert_false(eligibility_judge(ELIGIBILITY_RESIDENCE_MUNICIPALITY, region,
                                   2, &f, why));
    assert_non_null(strstr(why, "Utrecht"));
    f.municipality = NULL;
    assert_false(eligibility_judge(ELIGIBILITY_RESIDENCE_MUNICIPALITY, region,
                                   2, &f, why));

    f.letter_location = ELIGIBILITY_OTHER_LOCATION;
    assert_false(
        eligibility_judge(ELIGIBILITY_IND_LETTER_LOCATION, NULL, 0, &f, why));
    f.letter_location = NULL;
    assert_false(
        eligibility_judge(ELIGIBILITY_IND_LETTER_LOCATION, NULL, 0, &f, why));
    assert_false(eligibility_judge(ELIGIBILITY_KIND_COUNT, NULL, 0, &f, why));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_same_municipality),
        cmocka_unit_test(test_judge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

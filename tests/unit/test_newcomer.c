/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/newcomer and core/country: postcodes, house numbers,
 * V-numbers, travel document numbers, names in several scripts, the
 * categories, and the list of ISO 3166-1 alpha-2 codes, each with known
 * valid and invalid values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/country.h"
#include "core/newcomer.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_postcode(void **state)
{
    static const char *const good[][2] = {
        {"1234 AB", "1234 AB"}, {"1234AB", "1234 AB"},  {"6211 dw", "6211 DW"},
        {"9999zz", "9999 ZZ"},  {"1000 AA", "1000 AA"}, {"2500 SB", "2500 SB"},
        {"3000 RS", "3000 RS"}, {"1011 AS", "1011 AS"},
    };
    static const char *const bad[] = {
        "",         "0123 AB",  "123 AB",   "12345 AB", "1234 A",   "1234 ABC",
        "1234  AB", " 1234 AB", "1234 AB ", "1234-AB",  "1234 SA",  "1234 sd",
        "1234SS",   "1234 A1",  "ABCD 12",  "1234 ÀB",  "1234\tAB", "1234 AB\n",
    };
    char out[NEWCOMER_POSTCODE_TEXT];
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        assert_true(newcomer_postcode_parse(good[i][0], out));
        assert_string_equal(out, good[i][1]);
    }
    for (size_t i = 0; i < N(bad); i++) {
        memcpy(out, "unset", 6);
        assert_false(newcomer_postcode_parse(bad[i], out));
        assert_string_equal(out, "unset");
    }
    assert_false(newcomer_postcode_parse(NULL, out));
}

static void
test_house_number(void **state)
{
    static const struct {
        const char *in;
        long number;
        const char *addition;
        const char *text;
    } good[] = {
        {"1", 1, "", "1"},
        {"12", 12, "", "12"},
        {"12a", 12, "A", "12A"},
        {"12 A", 12, "A", "12A"},
        {"12-3", 12, "3", "12-3"},
        {"12 3", 12, "3", "12-3"},
        {"12-bis", 12, "BIS", "12BIS"},
        {"99999", 99999, "", "99999"},
        {"7h", 7, "H", "7H"},
        {"101-2hg", 101, "2HG", "101-2HG"},
    };
    static const char *const bad[] = {
        "",    "0",     "012",   "100000",  "12-",  "12 ",
        "-12", "12--3", "12  A", "12ABCDE", "12/3", "12 A B",
        "A12", "12\n",  "１２",  "12é",     " 12",
    };
    struct newcomer_house h;
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        memset(&h, 0, sizeof h);
        assert_true(newcomer_house_parse(good[i].in, &h));
        assert_int_equal(h.number, good[i].number);
        assert_string_equal(h.addition, good[i].addition);
        assert_string_equal(h.text, good[i].text);
    }
    for (size_t i = 0; i < N(bad); i++) {
        memset(&h, 0x5a, sizeof h);
        assert_false(newcomer_house_parse(bad[i], &h));
        assert_int_equal(((unsigned char *)&h)[0], 0x5a);
    }
    assert_false(newcomer_house_parse(NULL, &h));
}

static void
test_v_number(void **state)
{
    static const char *const good[][2] = {
        {"1234567890", "1234567890"},   {"0123456789", "0123456789"},
        {"12 3456 7890", "1234567890"}, {"123.456.7890", "1234567890"},
        {"0000000001", "0000000001"},
    };
    static const char *const bad[] = {
        "",
        "123456789",
        "12345678901",
        "0000000000",
        "12345A7890",
        " 1234567890",
        "1234567890 ",
        "12  34567890",
        "12..34567890",
        "1234-567890",
        "V1234567890",
        "１234567890",
    };
    char out[NEWCOMER_V_NUMBER_TEXT];
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        assert_true(newcomer_v_number_parse(good[i][0], out));
        assert_string_equal(out, good[i][1]);
    }
    for (size_t i = 0; i < N(bad); i++) {
        memcpy(out, "unset", 6);
        assert_false(newcomer_v_number_parse(bad[i], out));
        assert_string_equal(out, "unset");
    }
    assert_false(newcomer_v_number_parse(NULL, out));
}

static void
test_travel_document(void **state)
{
    static const char *const good[][2] = {
        {"NX1234567", "NX1234567"},
        {"nx-12 34567", "NX1234567"},
        {"SPECI2014", "SPECI2014"},
        {"123456789", "123456789"},
        {"A1234", "A1234"},
        {"E 1234 5678 9012 3456", "E1234567890123456"},
        {"ABCDEFGHIJKLMNOPQRS1", "ABCDEFGHIJKLMNOPQRS1"},
    };
    static const char *const bad[] = {
        "",
        "A123",
        "ABCDEFGH",
        "ABCDEFGHIJKLMNOPQRS12",
        "-NX1234567",
        "NX1234567-",
        "NX--1234567",
        "NX1234567/",
        "NX.1234567",
        "NX1234567\n",
        "ПА1234567",
        "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1",
    };
    char out[NEWCOMER_TRAVEL_DOCUMENT_TEXT];
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        assert_true(newcomer_travel_document_parse(good[i][0], out));
        assert_string_equal(out, good[i][1]);
    }
    for (size_t i = 0; i < N(bad); i++) {
        memcpy(out, "unset", 6);
        assert_false(newcomer_travel_document_parse(bad[i], out));
        assert_string_equal(out, "unset");
    }
    assert_false(newcomer_travel_document_parse(NULL, out));
}

static void
test_names(void **state)
{
    static const char *const good[] = {
        "Anna",       "Jan-Willem", "O'Neill", "van der Berg", "Zoë",
        "Nguyễn Văn", "Ωμέγα",      "Андрей",  "李",           "محمد",
        "שרה",        "प्रिया",      "さくら",  "김민준",       "ΑΒ Γ",
    };
    static const char *const bad[] = {
        "",
        " ",
        " Anna",
        "Anna ",
        "An\tna",
        "An\nna",
        "An\x7fna",
        "\xc3",
        "\xc0\xaf",
        "\xed\xa0\x80",
        "A\xe2\x80\xa8"
        "B",
        "\xc2\x85",
    };
    char longest[NEWCOMER_NAME_MAX * 4 + 2];
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        assert_true(newcomer_name_valid(good[i]));
    }
    for (size_t i = 0; i < N(bad); i++) {
        assert_false(newcomer_name_valid(bad[i]));
    }
    assert_false(newcomer_name_valid(NULL));
    /* 200 characters of 4 bytes each is the most; one more is too many. */
    for (size_t i = 0; i < NEWCOMER_NAME_MAX; i++) {
        memcpy(longest + 4 * i, "\xf0\x9f\x98\x80", 4);
    }
    longest[4 * NEWCOMER_NAME_MAX] = '\0';
    assert_true(newcomer_name_valid(longest));
    longest[4 * NEWCOMER_NAME_MAX] = 'a';
    longest[4 * NEWCOMER_NAME_MAX + 1] = '\0';
    assert_false(newcomer_name_valid(longest));
}

static void
test_categories(void **state)
{
    static const char *const codes[] = {
        "highly-skilled-migrant", "researcher", "student",
        "family-member",          "other",
    };
    enum newcomer_category c;
    (void)state;

    assert_int_equal(N(codes), NEWCOMER_CATEGORY_COUNT);
    for (int i = 0; i < NEWCOMER_CATEGORY_COUNT; i++) {
        assert_true(newcomer_category_parse(codes[i], &c));
        assert_int_equal(c, i);
        assert_string_equal(newcomer_category_code(c), codes[i]);
    }
    assert_false(newcomer_category_parse("Student", &c));
    assert_false(newcomer_category_parse("kennismigrant", &c));
    assert_false(newcomer_category_parse("", &c));
    assert_false(newcomer_category_parse(NULL, &c));
    assert_null(newcomer_category_code(NEWCOMER_CATEGORY_COUNT));
}

static void
test_number_end(void **state)
{
    char out[NEWCOMER_NUMBER_END + 1];
    (void)state;

    newcomer_number_end("NX1234567", out);
    assert_string_equal(out, "567");
    newcomer_number_end("AB", out);
    assert_string_equal(out, "AB");
}

static void
test_countries(void **state)
{
    static const char *const good[] = {"NL", "BE", "DE", "IN", "CN", "US",
                                       "GB", "TR", "UA", "SS", "AX", "CW",
                                       "BQ", "SX", "ZW", "AD"};
    static const char *const bad[] = {"",   "N",  "NLD", "XK", "EU",  "UK",
                                      "AA", "ZZ", "QZ",  "N1", "nl ", " NL",
                                      "YU", "AN", "CS",  "É"};
    char out[COUNTRY_CODE_TEXT];
    char prev[COUNTRY_CODE_TEXT] = "";
    size_t i;
    (void)state;

    for (i = 0; i < N(good); i++) {
        assert_true(country_valid(good[i]));
        assert_true(country_parse(good[i], out));
        assert_string_equal(out, good[i]);
    }
    for (i = 0; i < N(bad); i++) {
        assert_false(country_valid(bad[i]));
        memcpy(out, "-", 2);
        assert_false(country_parse(bad[i], out));
        assert_string_equal(out, "-");
    }
    assert_true(country_parse("nl", out));
    assert_string_equal(out, "NL");
    assert_true(country_parse("gB", out));
    assert_string_equal(out, "GB");
    assert_false(country_valid("nl"));
    assert_false(country_valid(NULL));
    assert_false(country_parse(NULL, out));
    /* The list: 249 codes, strictly ascending, each found again. */
    for (i = 0; country_code_at(i, out); i++) {
        assert_true(strcmp(prev, out) < 0);
        assert_true(country_valid(out));
        memcpy(prev, out, sizeof out);
    }
    assert_int_equal(i, COUNTRY_COUNT);
    /* Every other pair of capitals is refused: 676 - 249 of them. */
    {
        size_t valid = 0;
        char pair[3] = "AA";
        for (char a = 'A'; a <= 'Z'; a++) {
            for (char b = 'A'; b <= 'Z'; b++) {
                pair[0] = a;
                pair[1] = b;
                valid += country_valid(pair) ? 1 : 0;
            }
        }
        assert_int_equal(valid, COUNTRY_COUNT);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postcode),
        cmocka_unit_test(test_house_number),
        cmocka_unit_test(test_v_number),
        cmocka_unit_test(test_travel_document),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_categories),
        cmocka_unit_test(test_number_end),
        cmocka_unit_test(test_countries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/bsn: the 11-proof on known valid and invalid numbers,
 * every single-digit error and adjacent transposition detected, the reasons
 * for refusal, the masked form, number lists and pool levels. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/bsn.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Valid numbers: the examples used across Dutch test suites and the ones
 * worked out by hand in the test below. */
static const char *const valid[] = {
    "111222333", "123456782", "999999990", "100000009",
    "010000008", "000000012", "192837461",
};

static void
test_known_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(valid); i++) {
        assert_int_equal(bsn_check(valid[i]), BSN_OK);
        assert_true(bsn_valid(valid[i]));
        assert_int_equal(bsn_check_bytes(valid[i], BSN_DIGITS), BSN_OK);
    }
}

static void
test_known_invalid(void **state)
{
    static const struct {
        const char *s;
        enum bsn_error why;
    } cases[] = {
        {"111222334", BSN_ERR_CHECKSUM}, /* last digit off by one */
        {"111222332", BSN_ERR_CHECKSUM},
        {"123456781", BSN_ERR_CHECKSUM},
        {"123456783", BSN_ERR_CHECKSUM},
        {"223456782", BSN_ERR_CHECKSUM}, /* first digit off by one */
        {"123456789", BSN_ERR_CHECKSUM},
        {"000000000", BSN_ERR_ZERO},
        {"", BSN_ERR_EMPTY},
        {"12345678", BSN_ERR_LENGTH},   /* eight digits: not padded */
        {"1234567820", BSN_ERR_LENGTH}, /* ten digits */
        {"0123456782", BSN_ERR_LENGTH},
        {"1", BSN_ERR_LENGTH},
        {"11122233a", BSN_ERR_CHARACTERS},
        {"abcdefghi", BSN_ERR_CHARACTERS},
        {"111 222 333", BSN_ERR_CHARACTERS},
        {" 111222333", BSN_ERR_CHARACTERS},
        {"111222333 ", BSN_ERR_CHARACTERS},
        {"111222333\n", BSN_ERR_CHARACTERS},
        {"1112-22333", BSN_ERR_CHARACTERS},
        {"111.222.333", BSN_ERR_CHARACTERS},
        {"-11222333", BSN_ERR_CHARACTERS},
        {"+11222333", BSN_ERR_CHARACTERS},
        {"\xd9\xa1\xd9\xa1\xd9\xa1", BSN_ERR_CHARACTERS}, /* Arabic-Indic */
        {"１１１２２２３３３", BSN_ERR_CHARACTERS},       /* full width */
    };
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        enum bsn_error got = bsn_check(cases[i].s);
        if (got != cases[i].why) {
            fail_msg("\"%s\": got %d, expected %d", cases[i].s, (int)got,
                     (int)cases[i].why);
        }
        assert_false(bsn_valid(cases[i].s));
    }
    assert_int_equal(bsn_check(NULL), BSN_ERR_EMPTY);
    assert_int_equal(bsn_check_bytes(NULL, 9), BSN_ERR_EMPTY);
    /* A NUL among the bytes is not a digit. */
    assert_int_equal(bsn_check_bytes("1112\00002333", 10), BSN_ERR_CHARACTERS);
    assert_int_equal(bsn_check_bytes("1112223334", 9), BSN_OK);
}

/* The weighted sum written out independently of the module. */
static int
reference_sum(const char d[9])
{
    static const int w[9] = {9, 8, 7, 6, 5, 4, 3, 2, -1};
    int sum = 0;

    for (int i = 0; i < 9; i++) {
        sum += w[i] * (d[i] - '0');
    }
    return sum;
}

/* For 8-digit prefixes, at most one ninth digit completes a BSN: exactly
 * the one the reference sum asks for, and none when it would have to be 10.
 */
static void
test_against_reference(void **state)
{
    char s[BSN_TEXT];
    unsigned long x = 12345;
    int found = 0;

    (void)state;
    for (int n = 0; n < 20000; n++) {
        int good = 0;
        /* A simple LCG: reproducible prefixes spread over the range. */
        x = (x * 1103515245UL + 12345UL) % 100000000UL;
        snprintf(s, sizeof s, "%08lu0", x);
        for (char d = '0'; d <= '9'; d++) {
            bool ok;
            s[8] = d;
            ok = reference_sum(s) % 11 == 0 && strcmp(s, "000000000") != 0;
            assert_int_equal(bsn_valid(s), ok);
            good += ok;
        }
        assert_true(good <= 1);
        found += good;
    }
    /* Ten of every eleven prefixes have a check digit. */
    assert_in_range(found, 17000, 19000);
}

/* The 11-proof's purpose: any one wrong digit and any swap of two
 * neighbouring digits is caught. */
static void
test_detects_typing_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(valid); i++) {
        char s[BSN_TEXT];

        for (size_t p = 0; p < BSN_DIGITS; p++) {
            for (char d = '0'; d <= '9'; d++) {
                memcpy(s, valid[i], BSN_TEXT);
                if (s[p] == d) {
                    continue;
                }
                s[p] = d;
                assert_false(bsn_valid(s));
            }
        }
        for (size_t p = 0; p + 1 < BSN_DIGITS; p++) {
            char t;
            memcpy(s, valid[i], BSN_TEXT);
            if (s[p] == s[p + 1]) {
                continue;
            }
            t = s[p];
            s[p] = s[p + 1];
            s[p + 1] = t;
            assert_false(bsn_valid(s));
        }
    }
}

static void
test_error_text(void **state)
{
    (void)state;
    assert_string_equal(bsn_error_text(BSN_OK), "");
    assert_string_equal(bsn_error_text(BSN_ERR_LENGTH), "must be 9 digits");
    for (int e = 1; e < BSN_ERR_COUNT; e++) {
        assert_true(strlen(bsn_error_text((enum bsn_error)e)) > 0);
    }
    assert_non_null(bsn_error_text(BSN_ERR_COUNT));
    assert_non_null(bsn_error_text((enum bsn_error) - 1));
}

static void
test_mask(void **state)
{
    char out[BSN_MASKED_TEXT];

    (void)state;
    bsn_mask("123456782", out);
    assert_string_equal(out, "*****6782");
    bsn_mask("111222333", out);
    assert_string_equal(out, "*****2333");
    /* Never echo what is not a BSN. */
    bsn_mask("123456789", out);
    assert_string_equal(out, "*********");
    bsn_mask("12345", out);
    assert_string_equal(out, "*********");
    bsn_mask(NULL, out);
    assert_string_equal(out, "*********");
}

static void
test_list(void **state)
{
    static const char text[] = "# batch 2026-12 from the municipality\r\n"
                               "111222333\r\n"
                               "\n"
                               "  123456782\t\n"
                               "123456789\n"
                               "   # indented comment\n"
                               "12345678\n"
                               "999999990";
    char out[BSN_TEXT];
    enum bsn_error why = BSN_OK;
    size_t pos = 0;
    size_t line = 0;

    (void)state;
    assert_int_equal(bsn_list_next(text, strlen(text), &pos, &line, out, &why),
                     BSN_LIST_NUMBER);
    assert_string_equal(out, "111222333");
    assert_int_equal(line, 2);
    assert_int_equal(bsn_list_next(text, strlen(text), &pos, &line, out, &why),
                     BSN_LIST_NUMBER);
    assert_string_equal(out, "123456782");
    assert_int_equal(line, 4);
    assert_int_equal(bsn_list_next(text, strlen(text), &pos, &line, out, &why),
                     BSN_LIST_BAD_LINE);
    assert_int_equal(why, BSN_ERR_CHECKSUM);
    assert_int_equal(line, 5);
    assert_int_equal(bsn_list_next(text, strlen(text), &pos, &line, out, &why),
                     BSN_LIST_BAD_LINE);
    assert_int_equal(why, BSN_ERR_LENGTH);
    assert_int_equal(line, 7);
    assert_int_equal(bsn_list_next(text, strlen(text), &pos, &line, out, &why),
                     BSN_LIST_NUMBER);
    assert_string_equal(out, "999999990");
    assert_int_equal(line, 8);
    assert_int_equal(bsn_list_next(text, strlen(text), &pos, &line, out, &why),
                     BSN_LIST_END);
    assert_int_equal(bsn_list_next(text, strlen(text), &pos, &line, out, &why),
                     BSN_LIST_END);

    /* An overlong line is refused as such, without reading it as digits. */
    {
        char big[200];
        memset(big, '1', sizeof big);
        pos = 0;
        line = 0;
        assert_int_equal(bsn_list_next(big, sizeof big, &pos, &line, out, &why),
                         BSN_LIST_BAD_LINE);
        assert_int_equal(why, BSN_ERR_LENGTH);
        assert_int_equal(pos, sizeof big);
        assert_int_equal(bsn_list_next(big, sizeof big, &pos, &line, out, &why),
                         BSN_LIST_END);
    }
    pos = 0;
    line = 0;
    assert_int_equal(bsn_list_next("", 0, &pos, &line, out, &why),
                     BSN_LIST_END);
    assert_int_equal(bsn_list_next(NULL, 0, &pos, &line, out, &why),
                     BSN_LIST_END);
}

static void
test_pool_level(void **state)
{
    (void)state;
    assert_int_equal(bsn_pool_level(100, 20), BSN_POOL_OK);
    assert_int_equal(bsn_pool_level(20, 20), BSN_POOL_OK);
    assert_int_equal(bsn_pool_level(19, 20), BSN_POOL_LOW);
    assert_int_equal(bsn_pool_level(1, 20), BSN_POOL_LOW);
    assert_int_equal(bsn_pool_level(0, 20), BSN_POOL_EMPTY);
    assert_int_equal(bsn_pool_level(-3, 20), BSN_POOL_EMPTY);
    assert_int_equal(bsn_pool_level(1, 0), BSN_POOL_OK);
    assert_int_equal(bsn_pool_level(1, 1), BSN_POOL_OK);
    assert_int_equal(bsn_pool_level(0, 0), BSN_POOL_EMPTY);
    assert_int_equal(bsn_pool_level(5, -1), BSN_POOL_OK);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_valid),
        cmocka_unit_test(test_known_invalid),
        cmocka_unit_test(test_against_reference),
        cmocka_unit_test(test_detects_typing_errors),
        cmocka_unit_test(test_error_text),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_pool_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/validate: codes, UTF-8 (every 1- and 2-byte sequence
 * and the boundaries of the longer ones), text, user names, passwords,
 * time zone names and e-mail addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/validate.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* s repeated to n bytes in a static buffer (n < sizeof buffer). */
static const char *
repeat(const char *s, size_t n)
{
    static char buf[1024];
    size_t len = strlen(s);

    assert_true(n < sizeof(buf));
    for (size_t i = 0; i < n; i++) {
        buf[i] = s[i % len];
    }
    buf[n] = '\0';
    return buf;
}

static bool
utf8_str(const char *s)
{
    return validate_utf8(s, strlen(s));
}

static void
test_code(void **state)
{
    static const char *const good[] = {
        "a",      "intake", "brp-registration", "ind-return-visa",
        "desk-1", "0",      "2nd-floor",        "a-b-c-d",
    };
    static const char *const bad[] = {
        "",
        "-",
        "-intake",
        "intake-",
        "brp--registration",
        "Intake",
        "ind_collect",
        "ind collect",
        "ind.collect",
        "é",
        "intake\n",
        "a/b",
        "desk-1-",
    };
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        assert_true(validate_code(good[i]));
    }
    for (size_t i = 0; i < N(bad); i++) {
        if (validate_code(bad[i])) {
            fail_msg("code \"%s\" accepted", bad[i]);
        }
    }
    assert_false(validate_code(repeat("a-", 40))); /* ends in '-' */
    assert_true(validate_code(repeat("abcd", 40)));
    assert_false(validate_code(repeat("abcd", 41)));
    assert_true(validate_code(repeat("a-", 39)));
    assert_false(validate_code(NULL));
}

static void
test_utf8_short_sequences(void **state)
{
    char b[2];
    int accepted = 0;
    (void)state;

    /* Every single byte: exactly ASCII. */
    for (int x = 0; x < 256; x++) {
        b[0] = (char)x;
        assert_int_equal(validate_utf8(b, 1), x < 0x80);
    }
    /* Every pair: ASCII-ASCII, or C2..DF followed by 80..BF. */
    for (int x = 0; x < 256; x++) {
        for (int y = 0; y < 256; y++) {
            bool want = (x < 0x80 && y < 0x80) ||
                        (x >= 0xC2 && x <= 0xDF && y >= 0x80 && y <= 0xBF);
            b[0] = (char)x;
            b[1] = (char)y;
            assert_int_equal(validate_utf8(b, 2), want);
            accepted += want;
        }
    }
    assert_int_equal(accepted, 128 * 128 + 30 * 64);
    assert_true(validate_utf8(NULL, 0));
    assert_false(validate_utf8(NULL, 1));
    assert_true(validate_utf8("", 0));
    /* NUL is a valid code point when len says so. */
    assert_true(validate_utf8("a\0b", 3));
}

static void
test_utf8_long_sequences(void **state)
{
    static const char *const good[] = {
        "caf\xc3\xa9",              /* é */
        "\xe0\xa0\x80",             /* U+0800, smallest 3-byte */
        "\xed\x9f\xbf",             /* U+D7FF, just below surrogates */
        "\xee\x80\x80",             /* U+E000, just above them */
        "\xef\xbf\xbf",             /* U+FFFF */
        "\xf0\x90\x80\x80",         /* U+10000, smallest 4-byte */
        "\xf4\x8f\xbf\xbf",         /* U+10FFFF, the largest */
        "\xe2\x82\xac 10",          /* euro sign */
        "\xf0\x9f\x98\x80",         /* emoji */
        "\xe5\xa4\xa7\xe9\x98\xaa", /* 大阪 */
    };
    static const char *const bad[] = {
        "\xc0\x80",         /* overlong NUL */
        "\xc1\xbf",         /* overlong */
        "\xe0\x9f\xbf",     /* overlong 3-byte */
        "\xf0\x8f\xbf\xbf", /* overlong 4-byte */
        "\xed\xa0\x80",     /* U+D800 surrogate */
        "\xed\xbf\xbf",     /* U+DFFF surrogate */
        "\xf4\x90\x80\x80", /* U+110000 */
        "\xf5\x80\x80\x80",
        "\xff",
        "\xfe",
        "\x80", /* stray continuation */
        "a\xbf",
        "\xc3", /* truncated */
        "\xe2\x82",
        "\xf0\x9f\x98",
        "\xe2\x28\xa1", /* bad continuation */
        "\xf0\x9f\x28\x80",
        "\xc3\xa9\xa9",             /* extra continuation */
        "\xed\xa0\x80\xed\xb0\x80", /* CESU-8 surrogate pair */
    };
    uint32_t cp = 0;
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        assert_true(utf8_str(good[i]));
    }
    for (size_t i = 0; i < N(bad); i++) {
        if (utf8_str(bad[i])) {
            fail_msg("bad UTF-8 #%zu accepted", i);
        }
    }
    assert_int_equal(validate_utf8_next("\xf4\x8f\xbf\xbf", 4, &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
    assert_int_equal(validate_utf8_next("\xc3\xa9x", 3, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(validate_utf8_next("\xe2\x82\xac", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(validate_utf8_next("\xe2\x82\xac", 2, &cp), 0);
    assert_int_equal(validate_utf8_next("x", 0, &cp), 0);
    /* A sequence cut by len is invalid even if the bytes continue. */
    assert_false(validate_utf8("\xc3\xa9", 1));
}

/* Every 3-byte lead with the edges of its second-byte range. */
static void
test_utf8_three_byte_edges(void **state)
{
    (void)state;

    for (int lead = 0xE0; lead <= 0xEF; lead++) {
        int lo = lead == 0xE0 ? 0xA0 : 0x80;
        int hi = lead == 0xED ? 0x9F : 0xBF;

        for (int second = 0x70; second <= 0xC5; second++) {
            char b[3] = {(char)lead, (char)second, (char)0x80};
            assert_int_equal(validate_utf8(b, 3), second >= lo && second <= hi);
        }
    }
    for (int lead = 0xF0; lead <= 0xF7; lead++) {
        int lo = lead == 0xF0 ? 0x90 : 0x80;
        int hi = lead == 0xF4 ? 0x8F : 0xBF;

        for (int second = 0x70; second <= 0xC5; second++) {
            char b[4] = {(char)lead, (char)second, (char)0x80, (char)0x80};
            assert_int_equal(validate_utf8(b, 4),
                             lead <= 0xF4 && second >= lo && second <= hi);
        }
    }
}

static void
test_text(void **state)
{
    (void)state;

    assert_true(validate_text("Dr. Maria Garc\xc3\xad"
                              "a",
                              100));
    assert_true(validate_text("x", 1));
    assert_true(validate_text(" x ", 3));
    assert_true(validate_text("\xe5\xa4\xa7\xe9\x98\xaa", 2)); /* 2 chars */
    assert_false(validate_text("\xe5\xa4\xa7\xe9\x98\xaa", 1));
    assert_true(validate_text("\xf0\x9f\x98\x80", 1));
    assert_true(validate_text(repeat("ab", 200), 200));
    assert_false(validate_text(repeat("ab", 201), 200));
    assert_false(validate_text("", 10));
    assert_false(validate_text("x", 0));
    assert_false(validate_text(NULL, 10));
    /* Blank. */
    assert_false(validate_text(" ", 10));
    assert_false(validate_text("   ", 10));
    assert_false(validate_text("\xc2\xa0", 10));      /* NBSP */
    assert_false(validate_text("\xe3\x80\x80 ", 10)); /* ideographic */
    assert_false(validate_text("\xe2\x80\x8b", 10));  /* ZWSP */
    assert_false(validate_text("\xef\xbb\xbf", 10));  /* BOM */
    assert_true(validate_text("\xe3\x80\x80x", 10));
    /* Controls, line breaks. */
    assert_false(validate_text("a\nb", 10));
    assert_false(validate_text("a\tb", 10));
    assert_false(validate_text("a\rb", 10));
    assert_false(validate_text("a\x1b[31mb", 10));
    assert_false(validate_text("a\x7f", 10));
    assert_false(validate_text("a\xc2\x85", 10)); /* NEL, C1 */
    assert_false(validate_text("a\xc2\x9f", 10));
    assert_false(validate_text("a\xe2\x80\xa8"
                               "b",
                               10)); /* U+2028 */
    assert_false(validate_text("a\xe2\x80\xa9"
                               "b",
                               10));
    /* Bad UTF-8. */
    assert_false(validate_text("caf\xe9", 10));
    assert_false(validate_text("a\xc3", 10));
    assert_false(validate_text("\xed\xa0\x80", 10));
}

static void
test_multiline_text(void **state)
{
    (void)state;

    assert_true(validate_multiline_text("", 10));
    assert_true(validate_multiline_text("", 0));
    assert_true(validate_multiline_text("   ", 10));
    assert_true(validate_multiline_text("line one\nline two\n", 100));
    assert_true(validate_multiline_text("\n\n", 2));
    assert_false(validate_multiline_text("\n\n\n", 2));
    assert_false(validate_multiline_text("a\r\nb", 10));
    assert_false(validate_multiline_text("a\tb", 10));
    assert_false(validate_multiline_text("a\x01", 10));
    assert_false(validate_multiline_text("a\xc2\x85", 10));
    assert_false(validate_multiline_text("a\xe2\x80\xa8", 10));
    assert_false(validate_multiline_text("\xff", 10));
    assert_false(validate_multiline_text(NULL, 10));
    assert_true(validate_multiline_text("h\xc3\xa9\nh\xc3\xa9", 5));
    assert_false(validate_multiline_text("h\xc3\xa9\nh\xc3\xa9", 4));
}

static void
test_username(void **state)
{
    static const char *const good[] = {
        "ana", "front.desk", "officer_1", "ind-officer",
        "0ne", "a.b",        "a..",       "x-_",
    };
    static const char *const bad[] = {
        "",          "ab",    ".ana",       "_ana",  "-ana",  "Ana",
        "ana smith", "ana@x", "an\xc3\xa1", "ana\n", "ana/b", "ANA",
    };
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        assert_true(validate_username(good[i]));
    }
    for (size_t i = 0; i < N(bad); i++) {
        if (validate_username(bad[i])) {
            fail_msg("user name \"%s\" accepted", bad[i]);
        }
    }
    assert_true(validate_username(repeat("abc", 64)));
    assert_false(validate_username(repeat("abc", 65)));
    assert_false(validate_username(NULL));
}

static void
test_password(void **state)
{
    const char *why = NULL;
    (void)state;

    assert_true(validate_password("correct horse battery", &why));
    assert_null(why);
    assert_true(validate_password(repeat("x", 12), &why));
    assert_true(validate_password(repeat("x", 256), &why));
    assert_true(validate_password("w\xc3\xa4"
                                  "chter-p\xc3\xa4ss",
                                  NULL));
    assert_null(why);

    assert_false(validate_password(repeat("x", 11), &why));
    assert_string_equal(why, "must be at least 12 bytes long");
    why = NULL;
    assert_false(validate_password("", &why));
    assert_string_equal(why, "must be at least 12 bytes long");
    why = NULL;
    assert_false(validate_password(repeat("x", 257), &why));
    assert_string_equal(why, "must be at most 256 bytes long");
    why = NULL;
    assert_false(validate_password("twelve bytes\xff", &why));
    assert_string_equal(why, "is not valid UTF-8 text");
    why = NULL;
    assert_false(validate_password(NULL, &why));
    assert_string_equal(why, "is missing");
    assert_false(validate_password("short", NULL));
}

static void
test_timezone(void **state)
{
    static const char *const good[] = {
        "UTC",
        "Europe/Amsterdam",
        "America/Argentina/Buenos_Aires",
        "America/Port-au-Prince",
        "Etc/GMT+5",
        "Etc/GMT-14",
        "EST5EDT",
        "W-SU",
    };
    static const char *const bad[] = {
        "",
        "/Europe/Amsterdam",
        "Europe/Amsterdam/",
        "Europe//Amsterdam",
        "Europe/../etc/passwd",
        "../x",
        "Europe/.hidden",
        "Europe/Amster dam",
        "Europe\\Amsterdam",
        "Europe/-rf",
        "Europe/5",
        "Europe/Z\xc3\xbcrich",
        "Europe/Amsterdam\n",
        "UTC:00",
        "/",
    };
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        assert_true(validate_timezone_name(good[i]));
    }
    for (size_t i = 0; i < N(bad); i++) {
        if (validate_timezone_name(bad[i])) {
            fail_msg("time zone \"%s\" accepted", bad[i]);
        }
    }
    assert_true(validate_timezone_name(repeat("Abcdefg/", 63)));
    assert_true(validate_timezone_name(repeat("Abcdefgh", 64)));
    assert_false(validate_timezone_name(repeat("Abcdefgh", 65)));
    assert_false(validate_timezone_name(NULL));
}

static void
test_email(void **state)
{
    static const char *const good[] = {
        "ana@example.nl",
        "a@b.co",
        "first.last+tag@sub.example.org",
        "o'brien@example.ie",
        "hr_team-1@company-name.example",
        "j\xc3\xbcrgen@m\xc3\xbcnchen.example",
        "x@xn--mnchen-3ya.de",
        "user@123.example",
    };
    static const char *const bad[] = {
        "",
        "@",
        "ana",
        "ana@",
        "@example.nl",
        "ana@example",
        "ana@@example.nl",
        "ana@b@example.nl",
        "ana smith@example.nl",
        "ana@example .nl",
        " ana@example.nl",
        "ana@example.nl ",
        "ana@example.nl\n",
        "ana@example.nl\r\nBcc: x@y.z",
        "ana\t@example.nl",
        ".ana@example.nl",
        "ana.@example.nl",
        "an..a@example.nl",
        "ana@.example.nl",
        "ana@example.nl.",
        "ana@example..nl",
        "ana@-example.nl",
        "ana@example-.nl",
        "ana@exa_mple.nl",
        "\"ana\"@example.nl",
        "ana,bob@example.nl",
        "ana;bob@example.nl",
        "<ana@example.nl>",
        "ana(comment)@example.nl",
        "ana@[127.0.0.1]",
        "ana@exa\\mple.nl",
        "ana@example.nl\xff",
        "an\302\240a@example.nl",
        "ana\xc2\x85@example.nl",
    };
    char long_ok[VALIDATE_EMAIL_MAX + 2];
    (void)state;

    for (size_t i = 0; i < N(good); i++) {
        if (!validate_email(good[i])) {
            fail_msg("e-mail \"%s\" rejected", good[i]);
        }
    }
    for (size_t i = 0; i < N(bad); i++) {
        if (validate_email(bad[i])) {
            fail_msg("e-mail \"%s\" accepted", bad[i]);
        }
    }
    /* Local part of 64 bytes is fine, 65 is not. */
    memcpy(long_ok, repeat("a", 64), 64);
    memcpy(long_ok + 64, "@example.nl", 12);
    assert_true(validate_email(long_ok));
    memcpy(long_ok, repeat("a", 65), 65);
    memcpy(long_ok + 65, "@example.nl", 12);
    assert_false(validate_email(long_ok));
    /* Labels of 63 bytes, total 254 bytes. */
    memcpy(long_ok, "a@", 2);
    memcpy(long_ok + 2, repeat("b", 63), 63);
    long_ok[65] = '.';
    memcpy(long_ok + 66, repeat("c", 63), 63);
    long_ok[129] = '.';
    memcpy(long_ok + 130, repeat("d", 63), 63);
    long_ok[193] = '.';
    memcpy(long_ok + 194, repeat("e", 60), 60);
    long_ok[254] = '\0';
    assert_int_equal(strlen(long_ok), VALIDATE_EMAIL_MAX);
    assert_true(validate_email(long_ok));
    long_ok[254] = 'e';
    long_ok[255] = '\0';
    assert_false(validate_email(long_ok));
    memcpy(long_ok + 2, repeat("b", 64), 64);
    long_ok[66] = '\0';
    memcpy(long_ok + 66, ".nl", 4);
    assert_false(validate_email(long_ok));
    assert_false(validate_email(NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code),
        cmocka_unit_test(test_utf8_short_sequences),
        cmocka_unit_test(test_utf8_long_sequences),
        cmocka_unit_test(test_utf8_three_byte_edges),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_multiline_text),
        cmocka_unit_test(test_username),
        cmocka_unit_test(test_password),
        cmocka_unit_test(test_timezone),
        cmocka_unit_test(test_email),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

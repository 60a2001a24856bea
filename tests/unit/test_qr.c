/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of util/qr: the SVG document's shape, title escaping, the
 * limits on the input, and that the path draws exactly the dark modules of
 * libqrencode's matrix (read back from the path's runs). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <qrencode.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/qr.h"

/* Larger than any symbol qr_svg() can make from QR_TEXT_MAX bytes
 * (version 40 is 177 modules wide) plus the quiet zone. */
#define GRID_MAX (177 + 2 * QR_QUIET_ZONE)

static bool
starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s);
    size_t lx = strlen(suffix);

    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

static size_t
count_occurrences(const char *s, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(s, needle); p != NULL;
         p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

/* Reads a decimal number at *p, advancing past it. */
static long
read_number(const char **p)
{
    char *end;
    long v = strtol(*p, &end, 10);

    assert_ptr_not_equal(end, *p);
    *p = end;
    return v;
}

static void
expect_char(const char **p, char c)
{
    assert_int_equal(**p, c);
    (*p)++;
}

/* The size from viewBox="0 0 N N". */
static int
view_size(const char *svg)
{
    const char *p = strstr(svg, "viewBox=\"0 0 ");
    long w;
    long h;

    assert_non_null(p);
    p += strlen("viewBox=\"0 0 ");
    w = read_number(&p);
    expect_char(&p, ' ');
    h = read_number(&p);
    expect_char(&p, '"');
    assert_int_equal(w, h);
    assert_true(w > 0 && w <= GRID_MAX);
    return (int)w;
}

/* Paints the path's "M x y h n v 1 h -n z" runs into grid (size x size) and
 * returns the number of modules painted; every run must lie inside the
 * symbol, off the quiet zone, and no module may be painted twice. */
static long
paint_path(const char *svg, int size, unsigned char grid[GRID_MAX][GRID_MAX])
{
    const char *p = strstr(svg, " d=\"");
    long painted = 0;

    assert_non_null(p);
    p += strlen(" d=\"");
    while (*p != '"') {
        long x;
        long y;
        long n;
        long back;

        expect_char(&p, 'M');
        x = read_number(&p);
        expect_char(&p, ' ');
        y = read_number(&p);
        expect_char(&p, 'h');
        n = read_number(&p);
        expect_char(&p, 'v');
        assert_int_equal(read_number(&p), 1);
        expect_char(&p, 'h');
        back = read_number(&p);
        expect_char(&p, 'z');
        assert_int_equal(back, -n);
        assert_true(n > 0);
        assert_true(y >= QR_QUIET_ZONE && y < size - QR_QUIET_ZONE);
        assert_true(x >= QR_QUIET_ZONE && x + n <= size - QR_QUIET_ZONE);
        for (long i = x; i < x + n; i++) {
            assert_int_equal(grid[y][i], 0);
            grid[y][i] = 1;
            painted++;
        }
    }
    return painted;
}

/* The path is libqrencode's matrix for the same text, module by module. */
static void
check_modules(const char *text)
{
    static unsigned char grid[GRID_MAX][GRID_MAX];
    QRcode *code;
    char *svg = NULL;
    int size;
    long painted;
    long dark = 0;

    assert_int_equal(qr_svg(text, "Booking", &svg), STATUS_OK);
    assert_non_null(svg);
    code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    assert_non_null(code);
    size = view_size(svg);
    assert_int_equal(size, code->width + 2 * QR_QUIET_ZONE);
    memset(grid, 0, sizeof grid);
    painted = paint_path(svg, size, grid);
    for (int y = 0; y < code->width; y++) {
        for (int x = 0; x < code->width; x++) {
            int want = code->data[y * code->width + x] & 1;

            dark += want;
            assert_int_equal(grid[y + QR_QUIET_ZONE][x + QR_QUIET_ZONE], want);
        }
    }
    assert_int_equal(painted, dark);
    /* Half the modules, give or take: a sanity check on the matrix. */
    assert_true(dark > (long)code->width * code->width / 4);
    QRcode_free(code);
    free(svg);
}

static void
test_document_shape(void **state)
{
    char *svg = NULL;
    (void)state;

    assert_int_equal(qr_svg("https://onestop.example/b/K7Q2-M4XP",
                            "Booking K7Q2-M4XP", &svg),
                     STATUS_OK);
    assert_non_null(svg);
    assert_true(starts_with(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_true(ends_with(svg, "</svg>\n"));
    assert_int_equal(count_occurrences(svg, "\n"), 1);
    assert_non_null(strstr(svg, " role=\"img\""));
    assert_non_null(strstr(svg, " shape-rendering=\"crispEdges\""));
    assert_non_null(strstr(svg, "<title>Booking K7Q2-M4XP</title>"));
    /* The title comes first, where assistive technology looks for it. */
    assert_true(starts_with(strchr(svg, '>') + 1, "<title>"));
    assert_int_equal(count_occurrences(svg, "<path"), 1);
    assert_int_equal(count_occurrences(svg, "<title>"), 1);
    assert_int_equal(count_occurrences(svg, "<rect"), 1);
    /* Tags: every '<' is closed before the next one opens. */
    for (const char *p = svg; *p != '\0'; p++) {
        if (*p == '<') {
            const char *close = strchr(p, '>');
            const char *next = strchr(p + 1, '<');

            assert_non_null(close);
            assert_true(next == NULL || close < next);
        }
    }
    /* Version 3 (29 modules) holds this link at level M. */
    assert_int_equal(view_size(svg), 29 + 2 * QR_QUIET_ZONE);
    free(svg);
}

static void
test_title_escaped(void **state)
{
    char *svg = NULL;
    (void)state;

    assert_int_equal(qr_svg("K7Q2", "A&B <b>\"x\" 'y' \xc3\xa9", &svg),
                     STATUS_OK);
    assert_non_null(strstr(svg, "<title>A&amp;B &lt;b&gt;&quot;x&quot; "
                                "&apos;y&apos; \xc3\xa9</title>"));
    /* Nothing of the title is left unescaped anywhere. */
    assert_null(strstr(svg, "<b>"));
    assert_null(strstr(svg, "'y'"));
    free(svg);
}

static void
test_modules_match_matrix(void **state)
{
    static const char *const texts[] = {
        "K7Q2-M4XP",
        "https://onestop.example/b/K7Q2-M4XP",
        "https://onestop.example/bookings/k7q2-m4xp?lang=nl&desk=ind",
        "0123456789012345678901234567890123456789",
        "Afspraak \xc3\xa9\xc3\xa9n \xe2\x80\x94 IND",
        "a",
    };
    char long_text[QR_TEXT_MAX + 1];
    (void)state;

    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        check_modules(texts[i]);
    }
    /* The longest text allowed, with byte values of every kind. */
    for (size_t i = 0; i < QR_TEXT_MAX; i++) {
        long_text[i] = (char)(1 + (i * 37) % 255);
    }
    long_text[QR_TEXT_MAX] = '\0';
    check_modules(long_text);
}

static void
test_refuses(void **state)
{
    char too_long[QR_TEXT_MAX + 2];
    static char untouched[] = "untouched";
    char *sentinel = untouched;
    char *svg = sentinel;
    (void)state;

    memset(too_long, 'x', QR_TEXT_MAX + 1);
    too_long[QR_TEXT_MAX + 1] = '\0';
    assert_int_equal(qr_svg("", "Booking", &svg), STATUS_INPUT);
    assert_int_equal(qr_svg(NULL, "Booking", &svg), STATUS_INPUT);
    assert_int_equal(qr_svg(too_long, "Booking", &svg), STATUS_INPUT);
    assert_int_equal(qr_svg("K7Q2", NULL, &svg), STATUS_INPUT);
    assert_int_equal(qr_svg("K7Q2", "", &svg), STATUS_INPUT);
    assert_int_equal(qr_svg("K7Q2", "   ", &svg), STATUS_INPUT);
    assert_int_equal(qr_svg("K7Q2", "two\nlines", &svg), STATUS_INPUT);
    assert_int_equal(qr_svg("K7Q2", "bell\a", &svg), STATUS_INPUT);
    assert_int_equal(qr_svg("K7Q2", "bad \xc3(", &svg), STATUS_INPUT);
    assert_ptr_equal(svg, sentinel);

    /* One byte fewer is the longest allowed. */
    too_long[QR_TEXT_MAX] = '\0';
    assert_int_equal(qr_svg(too_long, "Booking", &svg), STATUS_OK);
    assert_ptr_not_equal(svg, sentinel);
    free(svg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_shape),
        cmocka_unit_test(test_title_escaped),
        cmocka_unit_test(test_modules_match_matrix),
        cmocka_unit_test(test_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

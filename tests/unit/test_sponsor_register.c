/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/sponsor_register: register pages as saved from the
 * IND website (the files under tests/data/sponsors and variants written here),
 * CSV exports (comma and semicolon, quotes, CRLF, BOM), and broken files
 * that must give a report of their bad lines and no entries. The tests
 * run from the repository's root, where the data files are. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sponsor_register.h"

#define DATA "tests/data/sponsors/"

/* The whole file at path, NUL-terminated; *len (out) its size. */
static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long size;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    assert_true(size >= 0);
    rewind(f);
    data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
    data[size] = '\0';
    fclose(f);
    *len = (size_t)size;
    return data;
}

static enum status
html(const char *text, struct sponsor_list *list)
{
    sponsor_list_init(list);
    return sponsor_parse_html(text, strlen(text), SPONSOR_CATEGORY_WORK, list);
}

static enum status
csv(const char *text, const enum sponsor_category *only,
    struct sponsor_list *list)
{
    sponsor_list_init(list);
    return sponsor_parse_csv(text, strlen(text), only, list);
}

/* Fails unless the list has a problem on line whose reason holds part. */
static void
assert_problem(const struct sponsor_list *list, size_t line, const char *part)
{
    for (size_t i = 0; i < list->n_problems; i++) {
        if (list->problems[i].line == line &&
            strstr(list->problems[i].reason, part) != NULL) {
            return;
        }
    }
    for (size_t i = 0; i < list->n_problems; i++) {
        print_message("problem line %zu: %s\n", list->problems[i].line,
                      list->problems[i].reason);
    }
    fail_msg("no problem on line %zu with \"%s\"", line, part);
}

static void
assert_entry(const struct sponsor_list *list, size_t i, const char *name,
             const char *kvk, enum sponsor_category category)
{
    assert_true(i < list->n);
    assert_string_equal(list->entries[i].name, name);
    assert_string_equal(list->entries[i].kvk, kvk);
    assert_int_equal(list->entries[i].category, category);
}

static void
test_html_saved_page(void **state)
{
    struct sponsor_list list;
    size_t len;
    char *page = read_file(DATA "work.html", &len);
    (void)state;

    sponsor_list_init(&list);
    assert_int_equal(
        sponsor_parse_html(page, len, SPONSOR_CATEGORY_WORK, &list), STATUS_OK);
    assert_int_equal(list.n_problems, 0);
    /* Not the table in the script, nor the commented-out one. */
    assert_int_equal(list.n, 7);
    assert_entry(&list, 0, "Maastricht Shared Services B.V.", "12345678",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 1, "Brouwerij De Zwarte Kat & Zonen B.V.", "01234567",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 2, "Caf\xc3\xa9 't Pleintje V.O.F.", "23456789",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 3, "Limburgse Precisietechniek N.V.", "34567890",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 4, "Zuyd Medical Devices B.V.", "00456789",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 5, "Heerlen Data Centre B.V.", "45678901",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 6, "\xc3\x89toile Software B.V.", "56789012",
                 SPONSOR_CATEGORY_WORK);
    assert_int_equal(list.entries[0].line, 20);
    sponsor_list_clear(&list);
    free(page);
}

static void
test_html_other_page_shapes(void **state)
{
    struct sponsor_list list;
    size_t len;
    char *page = read_file(DATA "research.html", &len);
    (void)state;

    /* A title row first, English headers, cells and rows left open. */
    sponsor_list_init(&list);
    assert_int_equal(
        sponsor_parse_html(page, len, SPONSOR_CATEGORY_RESEARCH, &list),
        STATUS_OK);
    assert_int_equal(list.n, 3);
    assert_entry(&list, 0, "Maastricht Instituut voor Toegepast Onderzoek",
                 "67890123", SPONSOR_CATEGORY_RESEARCH);
    assert_entry(&list, 2, "Maastricht Shared Services B.V.", "12345678",
                 SPONSOR_CATEGORY_RESEARCH);
    sponsor_list_clear(&list);
    free(page);

    /* KvK column first, header "KVK", td header cells, a layout table
     * around the register and a repeated header row. */
    assert_int_equal(
        html("<table><tr><td>\n"
             "<table border=1><tr><td>KVK</td><td>Naam referent</td></tr>\n"
             "<tr><td>87654321</td><td>Stichting Studentenhuisvesting "
             "Limburg</td></tr>\n"
             "<tr><td>KVK</td><td>Naam referent</td></tr>\n"
             "<tr><td>76543210</td><td>Sittard Chemie&nbsp;B.V.</td></tr>\n"
             "<tr><td></td><td></td></tr>\n"
             "</table></td></tr></table>",
             &list),
        STATUS_OK);
    assert_int_equal(list.n, 2);
    assert_entry(&list, 0, "Stichting Studentenhuisvesting Limburg", "87654321",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 1, "Sittard Chemie B.V.", "76543210",
                 SPONSOR_CATEGORY_WORK);
    sponsor_list_clear(&list);

    /* "KvK nummer" with a space, a link in the name. */
    assert_int_equal(
        html("<table><thead><tr><th>Naam</th><th>KvK nummer</th></tr>"
             "</thead><tr><th scope=\"row\"><a href=\"/x?a=1&amp;b=2\">"
             "Venlo &lt;Logistics&gt; B.V.</a></th><td>13572468</td></tr>"
             "<tr><th>Roermond Outlet B.V.</th><td>24681357</table>",
             &list),
        STATUS_OK);
    assert_int_equal(list.n, 2);
    assert_entry(&list, 0, "Venlo <Logistics> B.V.", "13572468",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 1, "Roermond Outlet B.V.", "24681357",
                 SPONSOR_CATEGORY_WORK);
    sponsor_list_clear(&list);

    /* The same page cut short (a download that stopped) is refused: the
     * sponsors after the cut would no longer be recognised. */
    assert_int_equal(
        html("<table><thead><tr><th>Naam</th><th>KvK nummer</th></tr>"
             "</thead><tr><th>Venlo Logistics B.V.</th><td>13572468</td></tr>"
             "<tr><th>Roermond Outlet B.V.</th><td>24681357",
             &list),
        STATUS_INPUT);
    assert_int_equal(list.n, 0);
    assert_problem(&list, 0, "cut short");
    sponsor_list_clear(&list);
}

static void
test_html_broken(void **state)
{
    struct sponsor_list list;
    (void)state;

    assert_int_equal(
        html("<html><body><p>Niet gevonden</p></body></html>", &list),
        STATUS_INPUT);
    assert_int_equal(list.n, 0);
    assert_problem(&list, 0, "no table with a name column");
    sponsor_list_clear(&list);

    /* A table of something else. */
    assert_int_equal(html("<table><tr><th>Datum</th><th>Tijd</th></tr>"
                          "<tr><td>1 dec</td><td>09:00</td></tr></table>",
                          &list),
                     STATUS_INPUT);
    assert_problem(&list, 0, "no table");
    sponsor_list_clear(&list);

    assert_int_equal(html("<table><tr><th>Naam</th><th>KvK-nummer</th></tr>"
                          "</table>",
                          &list),
                     STATUS_INPUT);
    assert_problem(&list, 0, "lists no sponsors");
    sponsor_list_clear(&list);

    /* Bad rows are named by line; the good ones are not kept. */
    assert_int_equal(
        html("<table>\n<tr><th>Naam</th><th>KvK-nummer</th></tr>\n"
             "<tr><th>Good B.V.</th><td>12345678</td></tr>\n"
             "<tr><th>Lost Zero B.V.</th><td>1234567</td></tr>\n"
             "<tr><th>Letters B.V.</th><td>1234567A</td></tr>\n"
             "<tr><th></th><td>23456789</td></tr>\n"
             "<tr><th>Only a name B.V.</th></tr>\n"
             "<tr><th>Twice B.V.</th><td>12345678</td></tr>\n"
             "<tr><th>Control\x01 B.V.</th><td>34567890</td></tr>\n"
             "<tr><th>Latin-1 caf\xe9</th><td>45678901</td></tr>\n"
             "</table>",
             &list),
        STATUS_INPUT);
    assert_int_equal(list.n, 0);
    assert_int_equal(list.problems_total, 7);
    assert_problem(&list, 4, "has 7 digits, not 8");
    assert_problem(&list, 5, "\"1234567A\" is not 8 digits");
    assert_problem(&list, 6, "name is empty");
    assert_problem(&list, 7, "the row has 1 cells");
    assert_problem(&list, 8, "listed twice (also on line 3)");
    assert_problem(&list, 9, "control characters");
    assert_problem(&list, 10, "not valid UTF-8");
    /* Sorted by line. */
    for (size_t i = 1; i < list.n_problems; i++) {
        assert_true(list.problems[i - 1].line <= list.problems[i].line);
    }
    sponsor_list_clear(&list);
}

static void
test_html_limits(void **state)
{
    struct sponsor_list list;
    char *page;
    size_t n = 0;
    size_t cap = 64 * 1024;
    (void)state;

    /* A name of 201 characters. */
    page = malloc(cap);
    assert_non_null(page);
    n += (size_t)snprintf(page, cap,
                          "<table><tr><th>Naam</th><th>KvK</th></tr><tr><th>");
    for (int i = 0; i < SPONSOR_NAME_MAX + 1; i++) {
        page[n++] = 'x';
    }
    n += (size_t)snprintf(page + n, cap - n,
                          "</th><td>12345678</td></tr></table>");
    assert_int_equal(sponsor_parse_html(page, n, SPONSOR_CATEGORY_WORK,
                                        (sponsor_list_init(&list), &list)),
                     STATUS_INPUT);
    assert_problem(&list, 1, "longer than 200 characters");
    sponsor_list_clear(&list);

    /* Many bad rows: the first SPONSOR_PROBLEMS_MAX are kept, all are
     * counted. */
    n = (size_t)snprintf(page, cap, "<table><tr><th>Naam</th><th>KvK</th>");
    for (int i = 0; i < 150; i++) {
        n += (size_t)snprintf(page + n, cap - n,
                              "\n<tr><th>Org %d</th><td>%d</td>", i, i);
    }
    n += (size_t)snprintf(page + n, cap - n, "</table>");
    assert_int_equal(sponsor_parse_html(page, n, SPONSOR_CATEGORY_WORK,
                                        (sponsor_list_init(&list), &list)),
                     STATUS_INPUT);
    assert_int_equal(list.n_problems, SPONSOR_PROBLEMS_MAX);
    assert_int_equal(list.problems_total, 150);
    assert_int_equal(list.problems[0].line, 2);
    sponsor_list_clear(&list);

    /* Tables nested deeper than the limit are ignored, not followed. */
    n = 0;
    for (int i = 0; i < SPONSOR_TABLE_DEPTH + 4; i++) {
        n += (size_t)snprintf(page + n, cap - n, "<table><tr><td>");
    }
    n += (size_t)snprintf(page + n, cap - n,
                          "<table><tr><th>Naam</th><th>KvK</th></tr>"
                          "<tr><th>Deep B.V.</th><td>12345678</td></tr>");
    assert_int_equal(sponsor_parse_html(page, n, SPONSOR_CATEGORY_WORK,
                                        (sponsor_list_init(&list), &list)),
                     STATUS_INPUT);
    assert_problem(&list, 0, "no table");
    sponsor_list_clear(&list);

    /* Larger than the file limit. */
    assert_int_equal(sponsor_parse_html(page, SPONSOR_FILE_MAX + 1,
                                        SPONSOR_CATEGORY_WORK,
                                        (sponsor_list_init(&list), &list)),
                     STATUS_INPUT);
    assert_problem(&list, 0, "larger than");
    sponsor_list_clear(&list);
    free(page);
}

static void
test_csv_export(void **state)
{
    struct sponsor_list list;
    size_t len;
    char *file = read_file(DATA "register.csv", &len);
    (void)state;

    /* BOM, ';', CRLF, quotes with doubled quotes, Dutch categories. */
    sponsor_list_init(&list);
    assert_int_equal(sponsor_parse_csv(file, len, NULL, &list), STATUS_OK);
    assert_int_equal(list.n, 6);
    assert_entry(&list, 0, "Maastricht Shared Services B.V.", "12345678",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 1, "Brouwerij De Zwarte Kat & Zonen B.V.", "01234567",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 2, "Het \"Groene\" Huis B.V.", "89012345",
                 SPONSOR_CATEGORY_WORK);
    assert_entry(&list, 3, "Stichting Euregio Kennislab", "78901234",
                 SPONSOR_CATEGORY_RESEARCH);
    assert_entry(&list, 4, "Hogeschool Zuid, Maastricht", "90123456",
                 SPONSOR_CATEGORY_STUDY);
    assert_entry(&list, 5, "Au Pair Limburg", "11223344",
                 SPONSOR_CATEGORY_EXCHANGE);
    assert_int_equal(list.entries[5].line, 7);
    sponsor_list_clear(&list);
    free(file);

    /* Comma separated, LF, a quoted name with a comma and a line break,
     * trailing empty fields, blank lines, no category column. */
    {
        enum sponsor_category only = SPONSOR_CATEGORY_STUDY;
        assert_int_equal(csv("Organisation name,Chamber of Commerce number\n"
                             "\"Hogeschool Zuid, Maastricht\",90123456,,\n"
                             "\n"
                             "\"Stichting Studentenhuisvesting\",87654321\n"
                             "Roermond Outlet B.V. , 24681357 \n",
                             &only, &list),
                         STATUS_OK);
        assert_int_equal(list.n, 3);
        assert_entry(&list, 0, "Hogeschool Zuid, Maastricht", "90123456",
                     SPONSOR_CATEGORY_STUDY);
        assert_int_equal(list.entries[1].line, 4);
        assert_int_equal(list.entries[2].line, 5);
        assert_entry(&list, 2, "Roermond Outlet B.V.", "24681357",
                     SPONSOR_CATEGORY_STUDY);
        sponsor_list_clear(&list);
    }
    /* A line break in a name is refused; the lines after it are still
     * counted right. */
    assert_int_equal(csv("naam,kvk,categorie\n\"A\nB\",12345678,work\n"
                         "C B.V.,1234567,work\n",
                         NULL, &list),
                     STATUS_INPUT);
    assert_problem(&list, 2, "control characters");
    assert_problem(&list, 4, "has 7 digits");
    sponsor_list_clear(&list);
}

static void
test_csv_broken(void **state)
{
    struct sponsor_list list;
    enum sponsor_category work = SPONSOR_CATEGORY_WORK;
    size_t len;
    char *file = read_file(DATA "malformed.csv", &len);
    (void)state;

    sponsor_list_init(&list);
    assert_int_equal(sponsor_parse_csv(file, len, NULL, &list), STATUS_INPUT);
    assert_int_equal(list.n, 0);
    assert_int_equal(list.problems_total, 4);
    assert_problem(&list, 3,
                   "\"1234567\" has 7 digits, not 8 (a leading "
                   "zero lost in a spreadsheet?)");
    assert_problem(&list, 4, "KvK number is missing");
    assert_problem(&list, 5, "unknown category \"catering\"");
    assert_problem(&list, 6, "\"3344AB55\" is not 8 digits");
    sponsor_list_clear(&list);
    free(file);

    assert_int_equal(csv("", NULL, &list), STATUS_INPUT);
    assert_problem(&list, 0, "empty");
    sponsor_list_clear(&list);

    assert_int_equal(csv("name,category\nA B.V.,work\n", NULL, &list),
                     STATUS_INPUT);
    assert_problem(&list, 1, "no KvK number column");
    sponsor_list_clear(&list);

    assert_int_equal(csv("name,kvk\nA B.V.,12345678\n", NULL, &list),
                     STATUS_INPUT);
    assert_problem(&list, 1, "no category column");
    sponsor_list_clear(&list);

    assert_int_equal(csv("name,kvk,category\n"
                         "A B.V.,12345678,work\n"
                         "\"B B.V.,23456789,work\n"
                         "C B.V.,34567890,work\n",
                         NULL, &list),
                     STATUS_INPUT);
    assert_problem(&list, 3, "quoted field is not closed");
    sponsor_list_clear(&list);

    assert_int_equal(csv("name,kvk,category\n"
                         "A, Maastricht B.V.,12345678,work\n"
                         "B B.V.,23456789\n"
                         "C B.V.,34567890,research\n"
                         "D B.V.,12345678,research\n"
                         "E B.V.,45678901,research\n"
                         "E B.V.,45678901,research\n",
                         &work, &list),
                     STATUS_INPUT);
    assert_problem(&list, 2, "has 4 fields, the header has 3");
    assert_problem(&list, 3, "has 2 fields");
    assert_problem(&list, 4, "category research, but this import is for work");
    assert_int_equal(list.problems_total, 6);
    sponsor_list_clear(&list);

    /* One KvK number, one name; twice in one category is an error. */
    assert_int_equal(csv("name;kvk;category\n"
                         "A B.V.;12345678;work\n"
                         "A B.V.;12345678;research\n"
                         "A Holding B.V.;12345678;study\n"
                         "B B.V.;23456789;work\n"
                         "B B.V.;23456789;arbeid\n",
                         NULL, &list),
                     STATUS_INPUT);
    assert_int_equal(list.problems_total, 2);
    assert_problem(&list, 4, "has another name on line 2");
    assert_problem(&list, 6, "listed twice (also on line 5)");
    sponsor_list_clear(&list);

    /* Windows-1252 from an old spreadsheet. */
    assert_int_equal(
        csv("name,kvk,category\nCaf\xe9 B.V.,12345678,work\n", NULL, &list),
        STATUS_INPUT);
    assert_problem(&list, 2, "not valid UTF-8");
    sponsor_list_clear(&list);
}

static void
test_categories_and_kvk(void **state)
{
    static const struct {
        const char *text;
        enum sponsor_category category;
    } good[] = {
        {"work", SPONSOR_CATEGORY_WORK},
        {"Arbeid regulier en kennismigranten", SPONSOR_CATEGORY_WORK},
        {"Kennismigrant", SPONSOR_CATEGORY_WORK},
        {"Regular labour and highly skilled migrants", SPONSOR_CATEGORY_WORK},
        {"research", SPONSOR_CATEGORY_RESEARCH},
        {"Onderzoek", SPONSOR_CATEGORY_RESEARCH},
        {"Wetenschappelijk onderzoek", SPONSOR_CATEGORY_RESEARCH},
        {"STUDIE", SPONSOR_CATEGORY_STUDY},
        {"study", SPONSOR_CATEGORY_STUDY},
        {"Uitwisseling", SPONSOR_CATEGORY_EXCHANGE},
        {"exchange", SPONSOR_CATEGORY_EXCHANGE},
    };
    static const char *const bad[] = {"", "catering", "studie en onderzoek",
                                      "-", "werk"};
    enum sponsor_category c;
    (void)state;

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (!sponsor_category_parse(good[i].text, strlen(good[i].text), &c)) {
            fail_msg("category \"%s\" refused", good[i].text);
        }
        assert_int_equal(c, good[i].category);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (sponsor_category_parse(bad[i], strlen(bad[i]), &c)) {
            fail_msg("category \"%s\" accepted", bad[i]);
        }
    }
    for (int i = 0; i < SPONSOR_CATEGORY_COUNT; i++) {
        const char *code = sponsor_category_code((enum sponsor_category)i);
        assert_true(sponsor_category_parse(code, strlen(code), &c));
        assert_int_equal(c, i);
    }
    assert_null(sponsor_category_code(SPONSOR_CATEGORY_COUNT));

    assert_true(sponsor_kvk_valid("12345678"));
    assert_true(sponsor_kvk_valid("00000001"));
    assert_false(sponsor_kvk_valid("1234567"));
    assert_false(sponsor_kvk_valid("123456789"));
    assert_false(sponsor_kvk_valid("1234 678"));
    assert_false(sponsor_kvk_valid("１２３４５６７８"));
    assert_false(sponsor_kvk_valid(""));
    assert_false(sponsor_kvk_valid(NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_saved_page),
        cmocka_unit_test(test_html_other_page_shapes),
        cmocka_unit_test(test_html_broken),
        cmocka_unit_test(test_html_limits),
        cmocka_unit_test(test_csv_export),
        cmocka_unit_test(test_csv_broken),
        cmocka_unit_test(test_categories_and_kvk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

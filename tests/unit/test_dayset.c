/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/dayset: range clamping, word boundaries, set algebra,
 * and the word-at-a-time searches checked against naive slot-by-slot scans
 * on many random sets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "core/dayset.h"

#define RNG_SEED 0x13198A2E03707344u
#include "rng.h"

/* A plain array model of a set, for comparisons. */
struct model {
    bool bit[DAYSET_MAX_SLOTS];
};

static void
assert_matches(const struct dayset *s, const struct model *m)
{
    int n = 0;

    for (int i = 0; i < DAYSET_MAX_SLOTS; i++) {
        if (dayset_test(s, i) != m->bit[i]) {
            fail_msg("slot %d differs from the model", i);
        }
        n += m->bit[i];
    }
    assert_int_equal(dayset_count(s), n);
}

static bool
naive_all(const struct model *m, int first, int count)
{
    if (count <= 0 || first < 0 || (long long)first + count > 1440) {
        return false;
    }
    for (int i = first; i < first + count; i++) {
        if (!m->bit[i]) {
            return false;
        }
    }
    return true;
}

static int
naive_find_run(const struct model *m, int from, int count, int limit)
{
    if (count <= 0) {
        return -1;
    }
    if (from < 0) {
        from = 0;
    }
    if (limit > DAYSET_MAX_SLOTS) {
        limit = DAYSET_MAX_SLOTS;
    }
    for (long long i = from; i + count <= limit; i++) {
        if (naive_all(m, (int)i, count)) {
            return (int)i;
        }
    }
    return -1;
}

/* A random set made of runs, which is what real days look like, or plain
 * noise, or nearly full. */
static void
random_set(struct dayset *s, struct model *m)
{
    int style = rng_range(0, 3);

    dayset_clear(s);
    memset(m, 0, sizeof(*m));
    if (style == 0) {
        for (int i = 0; i < DAYSET_MAX_SLOTS; i++) {
            if (rng_range(0, 1) == 1) {
                dayset_fill(s, i, 1);
                m->bit[i] = true;
            }
        }
        return;
    }
    if (style == 1) {
        dayset_fill(s, 0, DAYSET_MAX_SLOTS);
        memset(m->bit, 1, sizeof(m->bit));
    }
    for (int k = rng_range(0, 30); k > 0; k--) {
        int first = rng_range(-20, DAYSET_MAX_SLOTS + 20);
        int count = rng_range(-5, style == 3 ? 300 : 80);
        bool set = (style == 1) ? rng_range(0, 4) == 0 : rng_range(0, 3) != 0;

        if (set) {
            dayset_fill(s, first, count);
        } else {
            dayset_erase(s, first, count);
        }
        for (int i = first; i < first + count; i++) {
            if (i >= 0 && i < DAYSET_MAX_SLOTS) {
                m->bit[i] = set;
            }
        }
    }
}

static void
test_clear_fill_erase(void **state)
{
    struct dayset s;
    (void)state;

    memset(&s, 0xAB, sizeof(s));
    dayset_clear(&s);
    assert_int_equal(dayset_count(&s), 0);
    dayset_fill(&s, 0, DAYSET_MAX_SLOTS);
    assert_int_equal(dayset_count(&s), DAYSET_MAX_SLOTS);
    assert_true(dayset_test(&s, 0));
    assert_true(dayset_test(&s, DAYSET_MAX_SLOTS - 1));
    /* The tail of the last word stays clear. */
    assert_int_equal(s.w[DAYSET_WORDS - 1] >> (DAYSET_MAX_SLOTS % 64), 0);
    dayset_erase(&s, 10, 20);
    assert_int_equal(dayset_count(&s), DAYSET_MAX_SLOTS - 20);
    assert_true(dayset_test(&s, 9));
    assert_false(dayset_test(&s, 10));
    assert_false(dayset_test(&s, 29));
    assert_true(dayset_test(&s, 30));
    dayset_clear(&s);

    /* Word boundaries. */
    dayset_fill(&s, 63, 2);
    assert_false(dayset_test(&s, 62));
    assert_true(dayset_test(&s, 63));
    assert_true(dayset_test(&s, 64));
    assert_false(dayset_test(&s, 65));
    assert_int_equal(s.w[0], (uint64_t)1 << 63);
    assert_int_equal(s.w[1], 1);
    dayset_fill(&s, 64, 128);
    assert_int_equal(s.w[1], UINT64_MAX);
    assert_int_equal(s.w[2], UINT64_MAX);
    assert_int_equal(s.w[3], 0);
    dayset_erase(&s, 100, 1);
    assert_false(dayset_test(&s, 100));
    assert_int_equal(dayset_count(&s), 1 + 128 - 1);
}

static void
test_clamping(void **state)
{
    struct dayset s;
    (void)state;

    dayset_clear(&s);
    dayset_fill(&s, -10, 20);
    assert_int_equal(dayset_count(&s), 10);
    assert_true(dayset_test(&s, 0));
    assert_true(dayset_test(&s, 9));
    assert_false(dayset_test(&s, 10));
    dayset_fill(&s, 1430, 100);
    assert_int_equal(dayset_count(&s), 20);
    assert_true(dayset_test(&s, 1439));
    dayset_fill(&s, 500, 0);
    dayset_fill(&s, 500, -3);
    dayset_fill(&s, 1440, 10);
    dayset_fill(&s, -100, 50);
    dayset_fill(&s, INT_MAX, INT_MAX);
    dayset_fill(&s, INT_MIN, INT_MAX);
    dayset_fill(&s, INT_MIN, 1);
    assert_int_equal(dayset_count(&s), 20);
    dayset_erase(&s, -5, 7);
    assert_int_equal(dayset_count(&s), 18);
    dayset_erase(&s, 1439, INT_MAX);
    assert_int_equal(dayset_count(&s), 17);
    dayset_erase(&s, 0, INT_MIN);
    dayset_erase(&s, INT_MAX, 5);
    assert_int_equal(dayset_count(&s), 17);

    assert_false(dayset_test(&s, -1));
    assert_false(dayset_test(&s, DAYSET_MAX_SLOTS));
    assert_false(dayset_test(&s, INT_MAX));
    assert_false(dayset_test(&s, INT_MIN));
}

static void
test_algebra(void **state)
{
    struct dayset a;
    struct dayset b;
    struct dayset c;
    (void)state;

    dayset_clear(&a);
    dayset_clear(&b);
    dayset_fill(&a, 100, 50); /* 100..149 */
    dayset_fill(&b, 120, 50); /* 120..169 */

    c = a;
    dayset_and(&c, &b);
    assert_int_equal(dayset_count(&c), 30);
    assert_true(dayset_all(&c, 120, 30));

    c = a;
    dayset_or(&c, &b);
    assert_int_equal(dayset_count(&c), 70);
    assert_true(dayset_all(&c, 100, 70));

    c = a;
    dayset_andnot(&c, &b);
    assert_int_equal(dayset_count(&c), 20);
    assert_true(dayset_all(&c, 100, 20));
    assert_false(dayset_test(&c, 120));

    /* OR keeps bits past the day clear even from a hand-made set. */
    memset(&b, 0xFF, sizeof(b));
    dayset_clear(&c);
    dayset_or(&c, &b);
    assert_int_equal(dayset_count(&c), DAYSET_MAX_SLOTS);
    assert_int_equal(c.w[DAYSET_WORDS - 1] >> (DAYSET_MAX_SLOTS % 64), 0);
    /* count ignores such bits too. */
    assert_int_equal(dayset_count(&b), DAYSET_MAX_SLOTS);
}

static void
test_all_any_next(void **state)
{
    struct dayset s;
    (void)state;

    dayset_clear(&s);
    assert_false(dayset_all(&s, 0, 1));
    assert_false(dayset_any(&s, 0, DAYSET_MAX_SLOTS));
    assert_int_equal(dayset_next_set(&s, 0), -1);

    dayset_fill(&s, 60, 10); /* 60..69 across the first word boundary */
    assert_true(dayset_all(&s, 60, 10));
    assert_true(dayset_all(&s, 63, 2));
    assert_false(dayset_all(&s, 59, 2));
    assert_false(dayset_all(&s, 69, 2));
    /* An empty range is never "all set". */
    assert_false(dayset_all(&s, 60, 0));
    assert_false(dayset_all(&s, 60, -1));
    /* Ranges leaving the day are never all set. */
    dayset_fill(&s, 0, 5);
    dayset_fill(&s, 1435, 5);
    assert_true(dayset_all(&s, 0, 5));
    assert_false(dayset_all(&s, -1, 6));
    assert_true(dayset_all(&s, 1435, 5));
    assert_false(dayset_all(&s, 1435, 6));
    assert_false(dayset_all(&s, INT_MAX, 2));
    assert_false(dayset_all(&s, INT_MIN, 2));

    assert_true(dayset_any(&s, 50, 11));
    assert_false(dayset_any(&s, 50, 10));
    assert_true(dayset_any(&s, -10, 11));
    assert_false(dayset_any(&s, 60, 0));
    /* INT_MIN + INT_MAX - 1 is -2: the range ends before the day. */
    assert_false(dayset_any(&s, INT_MIN, INT_MAX));

    assert_int_equal(dayset_next_set(&s, -7), 0);
    assert_int_equal(dayset_next_set(&s, 5), 60);
    assert_int_equal(dayset_next_set(&s, 64), 64);
    assert_int_equal(dayset_next_set(&s, 70), 1435);
    assert_int_equal(dayset_next_set(&s, 1440), -1);
    assert_int_equal(dayset_next_set(&s, INT_MAX), -1);
}

static void
test_find_run_cases(void **state)
{
    struct dayset s;
    (void)state;

    dayset_clear(&s);
    assert_int_equal(dayset_find_run(&s, 0, 1, DAYSET_MAX_SLOTS), -1);

    /* A morning 9:00-12:00 and an afternoon 13:00-17:00 on a 5-minute
     * grid (slots 108..143 and 156..203). */
    dayset_fill(&s, 108, 36);
    dayset_fill(&s, 156, 48);
    assert_int_equal(dayset_find_run(&s, 0, 3, 288), 108);
    assert_int_equal(dayset_find_run(&s, 110, 3, 288), 110);
    assert_int_equal(dayset_find_run(&s, 0, 36, 288), 108);
    assert_int_equal(dayset_find_run(&s, 0, 37, 288), 156);
    assert_int_equal(dayset_find_run(&s, 0, 48, 288), 156);
    assert_int_equal(dayset_find_run(&s, 0, 49, 288), -1);
    assert_int_equal(dayset_find_run(&s, 141, 3, 288), 141);
    assert_int_equal(dayset_find_run(&s, 142, 3, 288), 156);
    /* The run must end at or before limit. */
    assert_int_equal(dayset_find_run(&s, 0, 3, 111), 108);
    assert_int_equal(dayset_find_run(&s, 0, 3, 110), -1);
    assert_int_equal(dayset_find_run(&s, 150, 48, 204), 156);
    assert_int_equal(dayset_find_run(&s, 150, 48, 203), -1);
    /* Odd arguments. */
    assert_int_equal(dayset_find_run(&s, 0, 0, 288), -1);
    assert_int_equal(dayset_find_run(&s, 0, -4, 288), -1);
    assert_int_equal(dayset_find_run(&s, -50, 2, 288), 108);
    assert_int_equal(dayset_find_run(&s, INT_MIN, 2, INT_MAX), 108);
    assert_int_equal(dayset_find_run(&s, 0, 2, INT_MIN), -1);
    assert_int_equal(dayset_find_run(&s, INT_MAX, 2, INT_MAX), -1);
    assert_int_equal(dayset_find_run(&s, 0, INT_MAX, INT_MAX), -1);
    assert_int_equal(dayset_find_run(&s, 300, 1, 200), -1);

    /* The whole day, and a run reaching the last slot. */
    dayset_fill(&s, 0, DAYSET_MAX_SLOTS);
    assert_int_equal(dayset_find_run(&s, 0, DAYSET_MAX_SLOTS, INT_MAX), 0);
    assert_int_equal(dayset_find_run(&s, 1, DAYSET_MAX_SLOTS, INT_MAX), -1);
    assert_int_equal(dayset_find_run(&s, 1439, 1, 1440), 1439);
    assert_int_equal(dayset_find_run(&s, 1439, 2, 1440), -1);
}

static void
test_random_against_model(void **state)
{
    struct dayset s;
    struct model m;
    (void)state;

    for (int round = 0; round < 10000; round++) {
        random_set(&s, &m);
        assert_matches(&s, &m);
        for (int q = 0; q < 40; q++) {
            int from = rng_range(-10, DAYSET_MAX_SLOTS + 10);
            int count = rng_range(-2, q < 30 ? 40 : 400);
            int limit = rng_range(-10, DAYSET_MAX_SLOTS + 10);
            int got = dayset_find_run(&s, from, count, limit);
            int want = naive_find_run(&m, from, count, limit);

            if (got != want) {
                fail_msg("find_run(%d, %d, %d) = %d, naive scan says %d", from,
                         count, limit, got, want);
            }
            if (got >= 0) {
                assert_true(dayset_all(&s, got, count));
            }
            assert_int_equal(dayset_all(&s, from, count),
                             naive_all(&m, from, count));
        }
    }
}

static void
test_random_algebra(void **state)
{
    struct dayset a;
    struct dayset b;
    struct dayset c;
    struct model ma;
    struct model mb;
    struct model mc;
    (void)state;

    for (int round = 0; round < 300; round++) {
        random_set(&a, &ma);
        random_set(&b, &mb);
        c = a;
        dayset_and(&c, &b);
        for (int i = 0; i < DAYSET_MAX_SLOTS; i++) {
            mc.bit[i] = ma.bit[i] && mb.bit[i];
        }
        assert_matches(&c, &mc);
        c = a;
        dayset_or(&c, &b);
        for (int i = 0; i < DAYSET_MAX_SLOTS; i++) {
            mc.bit[i] = ma.bit[i] || mb.bit[i];
        }
        assert_matches(&c, &mc);
        c = a;
        dayset_andnot(&c, &b);
        for (int i = 0; i < DAYSET_MAX_SLOTS; i++) {
            mc.bit[i] = ma.bit[i] && !mb.bit[i];
        }
        assert_matches(&c, &mc);
        for (int q = 0; q < 20; q++) {
            int from = rng_range(-5, DAYSET_MAX_SLOTS + 5);
            int next = -1;
            bool any = false;
            int count = rng_range(-1, 100);

            for (int i = from < 0 ? 0 : from; i < DAYSET_MAX_SLOTS; i++) {
                if (ma.bit[i]) {
                    next = i;
                    break;
                }
            }
            assert_int_equal(dayset_next_set(&a, from), next);
            for (int i = from; i < from + count; i++) {
                any = any || (i >= 0 && i < DAYSET_MAX_SLOTS && ma.bit[i]);
            }
            assert_int_equal(dayset_any(&a, from, count), any);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clear_fill_erase),
        cmocka_unit_test(test_clamping),
        cmocka_unit_test(test_algebra),
        cmocka_unit_test(test_all_any_next),
        cmocka_unit_test(test_find_run_cases),
        cmocka_unit_test(test_random_against_model),
        cmocka_unit_test(test_random_algebra),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

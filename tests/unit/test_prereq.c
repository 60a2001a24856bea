/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/prereq: cycle detection with the cycle reported in
 * edge order, stable topological order, bad input, deep graphs, and random
 * graphs checked against a naive reference. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/prereq.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define RNG_SEED 0x082EFA98EC4E6C89u
#include "rng.h"

static bool
has_edge(const struct prereq_edge *edges, size_t n_edges, size_t from,
         size_t to)
{
    for (size_t i = 0; i < n_edges; i++) {
        if (edges[i].from == from && edges[i].to == to) {
            return true;
        }
    }
    return false;
}

/* cycle[0 .. len - 1] follows edges and closes, visiting distinct nodes. */
static void
assert_is_cycle(const struct prereq_edge *edges, size_t n_edges,
                const size_t *cycle, size_t len)
{
    assert_true(len >= 1);
    for (size_t i = 0; i < len; i++) {
        assert_true(has_edge(edges, n_edges, cycle[i], cycle[(i + 1) % len]));
        for (size_t j = 0; j < i; j++) {
            assert_true(cycle[i] != cycle[j]);
        }
    }
}

/* Every node once, and each after all that it requires. */
static void
assert_is_order(size_t n_nodes, const struct prereq_edge *edges, size_t n_edges,
                const size_t *order)
{
    size_t *pos = calloc(n_nodes, sizeof(size_t));
    bool *seen = calloc(n_nodes, sizeof(bool));

    assert_non_null(pos);
    assert_non_null(seen);
    for (size_t i = 0; i < n_nodes; i++) {
        assert_true(order[i] < n_nodes);
        assert_false(seen[order[i]]);
        seen[order[i]] = true;
        pos[order[i]] = i;
    }
    for (size_t i = 0; i < n_edges; i++) {
        assert_true(pos[edges[i].to] < pos[edges[i].from]);
    }
    free(pos);
    free(seen);
}

/* Quadratic reference: repeatedly place the lowest-index node whose
 * prerequisites are placed. false when stuck (a cycle). */
static bool
naive_order(size_t n_nodes, const struct prereq_edge *edges, size_t n_edges,
            size_t *order)
{
    bool *placed = calloc(n_nodes + 1, sizeof(bool));
    bool ok = true;

    assert_non_null(placed);
    for (size_t k = 0; k < n_nodes && ok; k++) {
        size_t v;

        for (v = 0; v < n_nodes; v++) {
            bool ready = !placed[v];

            for (size_t i = 0; i < n_edges && ready; i++) {
                ready = edges[i].from != v || placed[edges[i].to];
            }
            if (ready) {
                break;
            }
        }
        if (v == n_nodes) {
            ok = false;
        } else {
            placed[v] = true;
            order[k] = v;
        }
    }
    free(placed);
    return ok;
}

static void
test_services_order(void **state)
{
    /* 0 intake, 1 brp-registration, 2 ind-collect, 3 ind-biometrics,
     * 4 ind-sticker, 5 ind-return-visa. Registration needs the intake;
     * collecting needs the biometrics; the sticker needs the
     * registration. */
    static const struct prereq_edge edges[] = {
        {1, 0},
        {2, 3},
        {4, 1},
        {2, 0},
    };
    size_t order[6];
    size_t cycle[6];
    size_t len = 99;
    (void)state;

    assert_int_equal(prereq_find_cycle(6, edges, N(edges), cycle, 6, &len),
                     STATUS_OK);
    assert_int_equal(len, 0);
    assert_int_equal(prereq_order(6, edges, N(edges), order), STATUS_OK);
    /* Lowest index first among ready nodes. */
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 3);
    assert_int_equal(order[3], 2);
    assert_int_equal(order[4], 4);
    assert_int_equal(order[5], 5);
}

static void
test_no_edges(void **state)
{
    size_t order[4] = {9, 9, 9, 9};
    size_t len = 99;
    (void)state;

    assert_int_equal(prereq_order(4, NULL, 0, order), STATUS_OK);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(order[i], i);
    }
    assert_int_equal(prereq_find_cycle(4, NULL, 0, NULL, 0, &len), STATUS_OK);
    assert_int_equal(len, 0);
    assert_int_equal(prereq_find_cycle(0, NULL, 0, NULL, 0, &len), STATUS_OK);
    assert_int_equal(prereq_order(0, NULL, 0, NULL), STATUS_OK);
    assert_int_equal(prereq_find_cycle(3, NULL, 0, NULL, 0, NULL), STATUS_OK);
}

static void
test_cycles(void **state)
{
    static const struct prereq_edge self[] = {{0, 1}, {2, 2}};
    static const struct prereq_edge two[] = {{0, 1}, {1, 0}};
    static const struct prereq_edge four[] = {
        {0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 1}, {0, 4},
    };
    size_t cycle[8];
    size_t order[5] = {7, 7, 7, 7, 7};
    size_t len = 0;
    (void)state;

    assert_int_equal(prereq_find_cycle(3, self, N(self), cycle, 8, &len),
                     STATUS_CONFLICT);
    assert_int_equal(len, 1);
    assert_int_equal(cycle[0], 2);

    assert_int_equal(prereq_find_cycle(2, two, N(two), cycle, 8, &len),
                     STATUS_CONFLICT);
    assert_int_equal(len, 2);
    assert_is_cycle(two, N(two), cycle, len);

    assert_int_equal(prereq_find_cycle(5, four, N(four), cycle, 8, &len),
                     STATUS_CONFLICT);
    assert_int_equal(len, 4);
    assert_is_cycle(four, N(four), cycle, len);
    assert_int_equal(cycle[0], 1);
    assert_int_equal(cycle[1], 2);
    assert_int_equal(cycle[2], 3);
    assert_int_equal(cycle[3], 4);

    /* A short buffer gets the start of the cycle and the full length. */
    memset(cycle, 0xEE, sizeof(cycle));
    assert_int_equal(prereq_find_cycle(5, four, N(four), cycle, 2, &len),
                     STATUS_CONFLICT);
    assert_int_equal(len, 4);
    assert_int_equal(cycle[0], 1);
    assert_int_equal(cycle[1], 2);
    assert_int_equal(cycle[2], (size_t)0xEEEEEEEEEEEEEEEEu);
    assert_int_equal(prereq_find_cycle(5, four, N(four), NULL, 0, &len),
                     STATUS_CONFLICT);
    assert_int_equal(len, 4);
    assert_int_equal(prereq_find_cycle(5, four, N(four), NULL, 0, NULL),
                     STATUS_CONFLICT);

    /* Order refuses cycles and leaves order_out alone. */
    assert_int_equal(prereq_order(5, four, N(four), order), STATUS_CONFLICT);
    assert_int_equal(prereq_order(3, self, N(self), order), STATUS_CONFLICT);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(order[i], 7);
    }
}

static void
test_bad_input(void **state)
{
    static const struct prereq_edge out_of_range[] = {{0, 1}, {1, 3}};
    static const struct prereq_edge from_range[] = {{3, 0}};
    size_t order[3] = {7, 7, 7};
    size_t cycle[3];
    size_t len = 42;
    (void)state;

    assert_int_equal(
        prereq_find_cycle(3, out_of_range, N(out_of_range), cycle, 3, &len),
        STATUS_INPUT);
    assert_int_equal(len, 42);
    assert_int_equal(
        prereq_find_cycle(3, from_range, N(from_range), cycle, 3, &len),
        STATUS_INPUT);
    assert_int_equal(prereq_order(3, out_of_range, N(out_of_range), order),
                     STATUS_INPUT);
    assert_int_equal(prereq_order(3, from_range, 1, order), STATUS_INPUT);
    assert_int_equal(prereq_find_cycle(3, NULL, 2, cycle, 3, &len),
                     STATUS_INPUT);
    assert_int_equal(prereq_order(3, NULL, 2, order), STATUS_INPUT);
    assert_int_equal(prereq_order(0, from_range, 1, order), STATUS_INPUT);
    assert_int_equal(
        prereq_find_cycle(PREREQ_MAX_NODES + 1, NULL, 0, cycle, 3, &len),
        STATUS_INPUT);
    assert_int_equal(prereq_order(PREREQ_MAX_NODES + 1, NULL, 0, order),
                     STATUS_INPUT);
    assert_int_equal(
        prereq_find_cycle(3, from_range, PREREQ_MAX_EDGES + 1, cycle, 3, &len),
        STATUS_INPUT);
    assert_int_equal(len, 42);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(order[i], 7);
    }
}

static void
test_duplicates(void **state)
{
    static const struct prereq_edge edges[] = {
        {2, 0}, {2, 0}, {2, 1}, {1, 0}, {1, 0},
    };
    size_t order[3];
    size_t len;
    (void)state;

    assert_int_equal(prereq_find_cycle(3, edges, N(edges), NULL, 0, &len),
                     STATUS_OK);
    assert_int_equal(prereq_order(3, edges, N(edges), order), STATUS_OK);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 2);
}

/* A chain as long as the cap: an iterative walk handles it; recursion of
 * that depth might not. */
static void
test_deep_chain(void **state)
{
    const size_t n = PREREQ_MAX_NODES;
    struct prereq_edge *edges = calloc(n, sizeof(*edges));
    size_t *order = calloc(n, sizeof(size_t));
    size_t *cycle = calloc(n, sizeof(size_t));
    size_t len = 0;
    (void)state;

    assert_non_null(edges);
    assert_non_null(order);
    assert_non_null(cycle);
    /* Node i requires node i + 1: the order is n-1, n-2, ..., 0. */
    for (size_t i = 0; i + 1 < n; i++) {
        edges[i] = (struct prereq_edge){i, i + 1};
    }
    assert_int_equal(prereq_find_cycle(n, edges, n - 1, cycle, n, &len),
                     STATUS_OK);
    assert_int_equal(prereq_order(n, edges, n - 1, order), STATUS_OK);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(order[i], n - 1 - i);
    }
    /* Closing the chain makes one cycle through every node. */
    edges[n - 1] = (struct prereq_edge){n - 1, 0};
    assert_int_equal(prereq_find_cycle(n, edges, n, cycle, n, &len),
                     STATUS_CONFLICT);
    assert_int_equal(len, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(cycle[i], i);
    }
    assert_int_equal(prereq_order(n, edges, n, order), STATUS_CONFLICT);
    free(edges);
    free(order);
    free(cycle);
}

static void
test_random_graphs(void **state)
{
    (void)state;

    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + rng_below(24);
        size_t m = rng_below(3 * n + 1);
        bool dag = rng_below(2) == 0;
        size_t kept = 0;
        struct prereq_edge edges[80];
        size_t order[24];
        size_t want[24];
        size_t cycle[24];
        size_t len = 0;
        bool acyclic;
        enum status st;

        for (size_t i = 0; i < m; i++) {
            size_t a = rng_below(n);
            size_t b = rng_below(n);

            /* Half the graphs only have edges from a higher to a lower
             * index: acyclic by construction. */
            if (dag && a < b) {
                size_t t = a;
                a = b;
                b = t;
            }
            edges[kept++] = (struct prereq_edge){a, b};
            if (dag && a == b) {
                kept--;
            }
        }
        m = kept;
        acyclic = naive_order(n, edges, m, want);
        if (dag) {
            assert_true(acyclic);
        }
        st = prereq_find_cycle(n, edges, m, cycle, N(cycle), &len);
        if (acyclic) {
            assert_int_equal(st, STATUS_OK);
            assert_int_equal(len, 0);
            assert_int_equal(prereq_order(n, edges, m, order), STATUS_OK);
            assert_is_order(n, edges, m, order);
            assert_memory_equal(order, want, n * sizeof(size_t));
        } else {
            assert_int_equal(st, STATUS_CONFLICT);
            assert_true(len <= n);
            assert_is_cycle(edges, m, cycle, len);
            assert_int_equal(prereq_order(n, edges, m, order), STATUS_CONFLICT);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_services_order),
        cmocka_unit_test(test_no_edges),
        cmocka_unit_test(test_cycles),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_deep_chain),
        cmocka_unit_test(test_random_graphs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Prerequisite graphs. Both functions turn the edge list into compressed
 * adjacency lists (one offsets array, one targets array) inside a single
 * scratch allocation, then walk them without recursion. */
#include "core/prereq.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Adjacency lists: the neighbours of node v are
 * targets[offsets[v] .. offsets[v + 1] - 1], in edge-list order. */
struct adjacency {
    size_t *offsets; /* n_nodes + 1 */
    size_t *targets; /* n_edges */
};

static enum status
check_graph(size_t n_nodes, const struct prereq_edge *edges, size_t n_edges)
{
    if (n_nodes > PREREQ_MAX_NODES || n_edges > PREREQ_MAX_EDGES) {
        return STATUS_INPUT;
    }
    if (edges == NULL && n_edges > 0) {
        return STATUS_INPUT;
    }
    for (size_t i = 0; i < n_edges; i++) {
        if (edges[i].from >= n_nodes || edges[i].to >= n_nodes) {
            return STATUS_INPUT;
        }
    }
    return STATUS_OK;
}

/* Fills adj from edges, from -> to, or to -> from when reverse is set.
 * fill (n_nodes entries) is scratch. */
static void
build_adjacency(struct adjacency *adj, size_t n_nodes,
                const struct prereq_edge *edges, size_t n_edges, bool reverse,
                size_t *fill)
{
    memset(adj->offsets, 0, (n_nodes + 1) * sizeof(size_t));
    for (size_t i = 0; i < n_edges; i++) {
        adj->offsets[(reverse ? edges[i].to : edges[i].from) + 1]++;
    }
    for (size_t v = 0; v < n_nodes; v++) {
        adj->offsets[v + 1] += adj->offsets[v];
    }
    memcpy(fill, adj->offsets, n_nodes * sizeof(size_t));
    for (size_t i = 0; i < n_edges; i++) {
        size_t src = reverse ? edges[i].to : edges[i].from;
        size_t dst = reverse ? edges[i].from : edges[i].to;

        adj->targets[fill[src]++] = dst;
    }
}

/* Colours of the depth-first search. */
enum colour {
    COLOUR_NEW = 0,  /* not reached yet */
    COLOUR_OPEN = 1, /* on the current path */
    COLOUR_DONE = 2, /* fully explored, on no cycle */
};

/* The depth-first search proper; see prereq_find_cycle(). */
static bool
search_cycle(size_t n_nodes, const struct adjacency *adj, size_t *cursor,
             size_t *stack, unsigned char *colour, size_t *first, size_t *len)
{
    for (size_t root = 0; root < n_nodes; root++) {
        size_t top = 0;

        if (colour[root] != COLOUR_NEW) {
            continue;
        }
        stack[top++] = root;
        colour[root] = COLOUR_OPEN;
        cursor[root] = adj->offsets[root];
        while (top > 0) {
            size_t v = stack[top - 1];
            size_t w;

            if (cursor[v] == adj->offsets[v + 1]) {
                colour[v] = COLOUR_DONE;
                top--;
                continue;
            }
            w = adj->targets[cursor[v]++];
            if (colour[w] == COLOUR_NEW) {
                /* The stack holds each node at most once: it fits. */
                stack[top++] = w;
                colour[w] = COLOUR_OPEN;
                cursor[w] = adj->offsets[w];
            } else if (colour[w] == COLOUR_OPEN) {
                /* A path w -> ... -> v on the stack plus the edge v -> w. */
                size_t k = top - 1;

                while (stack[k] != w) {
                    k--;
                }
                *first = k;
                *len = top - k;
                return true;
            }
        }
    }
    return false;
}

enum status
prereq_find_cycle(size_t n_nodes, const struct prereq_edge *edges,
                  size_t n_edges, size_t *cycle, size_t cycle_cap,
                  size_t *cycle_len)
{
    struct adjacency adj;
    size_t *block = NULL;
    size_t *cursor;
    size_t *stack;
    unsigned char *colour;
    size_t first = 0;
    size_t len = 0;
    enum status st = check_graph(n_nodes, edges, n_edges);

    if (st != STATUS_OK) {
        goto out;
    }
    if (n_nodes == 0) {
        goto out;
    }
    /* The caps keep this product far from overflowing. */
    block = malloc((3 * n_nodes + 1 + n_edges) * sizeof(size_t) + n_nodes);
    if (block == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    adj.offsets = block;
    adj.targets = adj.offsets + n_nodes + 1;
    cursor = adj.targets + n_edges;
    stack = cursor + n_nodes;
    colour = (unsigned char *)(stack + n_nodes);
    build_adjacency(&adj, n_nodes, edges, n_edges, false, cursor);
    memset(colour, COLOUR_NEW, n_nodes);
    if (search_cycle(n_nodes, &adj, cursor, stack, colour, &first, &len)) {
        size_t n = len < cycle_cap ? len : cycle_cap;

        if (n > 0) {
            memcpy(cycle, stack + first, n * sizeof(size_t));
        }
        st = STATUS_CONFLICT;
    }
out:
    if ((st == STATUS_OK || st == STATUS_CONFLICT) && cycle_len != NULL) {
        *cycle_len = len;
    }
    free(block);
    return st;
}

/* A binary min-heap of node indexes. */
struct heap {
    size_t *items;
    size_t len;
};

static void
heap_push(struct heap *h, size_t v)
{
    size_t i = h->len++;

    while (i > 0 && h->items[(i - 1) / 2] > v) {
        h->items[i] = h->items[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->items[i] = v;
}

static size_t
heap_pop(struct heap *h)
{
    size_t top = h->items[0];
    size_t last = h->items[--h->len];
    size_t i = 0;

    for (;;) {
        size_t child = 2 * i + 1;

        if (child >= h->len) {
            break;
        }
        if (child + 1 < h->len && h->items[child + 1] < h->items[child]) {
            child++;
        }
        if (h->items[child] >= last) {
            break;
        }
        h->items[i] = h->items[child];
        i = child;
    }
    if (h->len > 0) {
        h->items[i] = last;
    }
    return top;
}

enum status
prereq_order(size_t n_nodes, const struct prereq_edge *edges, size_t n_edges,
             size_t *order_out)
{
    struct adjacency adj;
    struct heap ready;
    size_t *block = NULL;
    size_t *waiting; /* prerequisites not yet placed, per node */
    size_t *result;
    size_t placed = 0;
    enum status st = check_graph(n_nodes, edges, n_edges);

    if (st != STATUS_OK || n_nodes == 0) {
        goto out;
    }
    block = malloc((4 * n_nodes + 1 + n_edges) * sizeof(size_t));
    if (block == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    adj.offsets = block;
    adj.targets = adj.offsets + n_nodes + 1;
    waiting = adj.targets + n_edges;
    ready.items = waiting + n_nodes;
    ready.len = 0;
    result = ready.items + n_nodes;
    /* Reversed: the neighbours of a node are the nodes that require it. */
    build_adjacency(&adj, n_nodes, edges, n_edges, true, waiting);
    memset(waiting, 0, n_nodes * sizeof(size_t));
    for (size_t i = 0; i < n_edges; i++) {
        waiting[edges[i].from]++;
    }
    for (size_t v = 0; v < n_nodes; v++) {
        if (waiting[v] == 0) {
            heap_push(&ready, v);
        }
    }
    while (ready.len > 0) {
        size_t v = heap_pop(&ready);

        result[placed++] = v;
        for (size_t e = adj.offsets[v]; e < adj.offsets[v + 1]; e++) {
            size_t w = adj.targets[e];

            if (--waiting[w] == 0) {
                heap_push(&ready, w);
            }
        }
    }
    if (placed < n_nodes) {
        st = STATUS_CONFLICT;
        goto out;
    }
    memcpy(order_out, result, n_nodes * sizeof(size_t));
out:
    free(block);
    return st;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The prerequisite graph of services: cycle detection (a service may not
 * require itself, directly or through others) and a stable order in which
 * prerequisites come first. Nodes are indexes 0..n_nodes - 1. Pure logic,
 * no I/O; one scratch allocation per call. */
#ifndef ONESTOP_CORE_PREREQ_H
#define ONESTOP_CORE_PREREQ_H

#include <stddef.h>

#include "util/status.h"

/* Largest graph accepted, so that scratch memory stays bounded. */
#define PREREQ_MAX_NODES 65536
#define PREREQ_MAX_EDGES 1048576

/* "from requires to first": to must be done before from. */
struct prereq_edge {
    size_t from;
    size_t to;
};

/* Looks for a cycle. edges may be NULL only when n_edges is 0.
 * Returns:
 *   STATUS_OK when the graph is acyclic; *cycle_len = 0.
 *   STATUS_CONFLICT when it has a cycle: *cycle_len is the cycle's length
 *     L >= 1 and cycle[0 .. min(L, cycle_cap) - 1] (out) receives its nodes
 *     in edge order: cycle[k] requires cycle[k + 1], and cycle[L - 1]
 *     requires cycle[0]. A node that requires itself is a cycle of one.
 *   STATUS_INPUT when an edge names a node >= n_nodes or the graph exceeds
 *     PREREQ_MAX_NODES or PREREQ_MAX_EDGES.
 *   STATUS_NOMEM when scratch memory cannot be allocated.
 * cycle may be NULL when cycle_cap is 0; cycle_len may be NULL. The search
 * is iterative, so deep graphs cannot overflow the stack. */
enum status prereq_find_cycle(size_t n_nodes, const struct prereq_edge *edges,
                              size_t n_edges, size_t *cycle, size_t cycle_cap,
                              size_t *cycle_len);

/* Writes all n_nodes nodes into order_out (out, room for n_nodes) in an
 * order where every node comes after the nodes it requires; among the
 * nodes ready at any point the lowest index comes first, so the order is
 * stable. Duplicate edges are harmless. Returns STATUS_OK, STATUS_CONFLICT
 * when there is a cycle (use prereq_find_cycle() to name it), STATUS_INPUT
 * or STATUS_NOMEM as for prereq_find_cycle(). order_out is written only on
 * STATUS_OK. */
enum status prereq_order(size_t n_nodes, const struct prereq_edge *edges,
                         size_t n_edges, size_t *order_out);

#endif

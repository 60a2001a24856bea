/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The burgerservicenummer (BSN), the Dutch citizen service number: its
 * check (nine digits passing the 11-proof), the reason a number is refused,
 * the masked form shown on screens and printouts, the lists of numbers a
 * municipality allocates to a deployment in advance, and when such a pool
 * counts as running low. Pure logic, no I/O. */
#ifndef ONESTOP_CORE_BSN_H
#define ONESTOP_CORE_BSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A BSN is exactly this many ASCII digits. */
#define BSN_DIGITS 9
/* A BSN as text, plus NUL. */
#define BSN_TEXT (BSN_DIGITS + 1)
/* Digits left visible at the end of the masked form. */
#define BSN_MASK_VISIBLE 4
/* The masked form ("*****6789") plus NUL. */
#define BSN_MASKED_TEXT (BSN_DIGITS + 1)
/* Longest line accepted in a list of numbers (bsn_list_next). */
#define BSN_LIST_LINE_MAX 80

enum bsn_error {
    BSN_OK = 0,
    BSN_ERR_EMPTY,      /* NULL or "" */
    BSN_ERR_CHARACTERS, /* something other than the digits 0-9 */
    BSN_ERR_LENGTH,     /* digits only, but not nine of them */
    BSN_ERR_ZERO,       /* 000000000: passes the arithmetic, never issued */
    BSN_ERR_CHECKSUM,   /* fails the 11-proof */
    BSN_ERR_COUNT
};

/* Checks s, a NUL-terminated string, as a BSN: exactly BSN_DIGITS ASCII
 * digits (no spaces, dots or dashes: callers that accept pasted input strip
 * them first and say so), not all zeros, and passing the 11-proof
 * 9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 + 3*d7 + 2*d8 - 1*d9 = 0 (mod 11).
 * An 8-digit number is refused, not padded: the BRP issues nine digits, and
 * guessing a leading zero would turn a typing error into someone else's
 * number. Returns BSN_OK or the first reason for refusal, checked in the
 * order of enum bsn_error. */
enum bsn_error bsn_check(const char *s);

/* bsn_check(s) == BSN_OK. */
bool bsn_valid(const char *s);

/* Like bsn_check() for len bytes that need not be NUL-terminated (a NUL
 * byte among them is a character that is not a digit). */
enum bsn_error bsn_check_bytes(const char *s, size_t len);

/* A short English reason for a refusal, for an error's detail ("must be 9
 * digits"); "" for BSN_OK. Never NULL; static. */
const char *bsn_error_text(enum bsn_error e);

/* The masked form for display: the last BSN_MASK_VISIBLE digits with each
 * digit before them shown as '*' ("*****6789"), as municipal letters and
 * screens show a BSN to anyone who does not need all of it. ASCII on
 * purpose, so that it has one width in e-mail, CSV and PDF. When bsn is not
 * a valid BSN, out is "*********": a malformed number is never echoed.
 * out (out) is always written. */
void bsn_mask(const char *bsn, char out[BSN_MASKED_TEXT]);

/* A list of numbers as a municipality hands them over: one BSN per line,
 * lines ending in "\n" or "\r\n", blank lines and lines starting with '#'
 * ignored, spaces and tabs around a number ignored. */
enum bsn_list_result {
    BSN_LIST_NUMBER = 0, /* *out holds the next number */
    BSN_LIST_END,        /* no more lines */
    BSN_LIST_BAD_LINE    /* this line is not a valid BSN; *error says why */
};

/* Reads the next entry of the len bytes at text starting at *pos (start
 * with 0) and advances *pos past the line. *line (in/out) counts lines: set
 * it to 0 before the first call; it holds the number of the line returned.
 * On BSN_LIST_NUMBER, out (out) holds the number; on BSN_LIST_BAD_LINE,
 * *error (out) tells why (BSN_ERR_LENGTH for a line longer than
 * BSN_LIST_LINE_MAX). */
enum bsn_list_result bsn_list_next(const char *text, size_t len, size_t *pos,
                                   size_t *line, char out[BSN_TEXT],
                                   enum bsn_error *error);

/* How full a pool of numbers allocated in advance is. */
enum bsn_pool_level {
    BSN_POOL_OK = 0, /* at least the threshold left */
    BSN_POOL_LOW,    /* fewer than the threshold, but some: ask for more */
    BSN_POOL_EMPTY,  /* nothing left: numbers cannot be issued from it */
    BSN_POOL_LEVEL_COUNT
};

/* The level of a pool with remaining unused numbers, for a warning
 * threshold (from the configuration): low when 0 < remaining < threshold,
 * so that a threshold of 0 or 1 warns only when the pool is empty. Negative
 * inputs count as 0. */
enum bsn_pool_level bsn_pool_level(int64_t remaining, int64_t threshold);

#endif

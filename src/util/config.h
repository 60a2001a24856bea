/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The configuration: one INI file, one option table that drives parsing,
 * validation, defaults and the --dump-config listing. */
#ifndef ONESTOP_UTIL_CONFIG_H
#define ONESTOP_UTIL_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "util/log.h"
#include "util/status.h"

#define CFG_PATH_MAX 1024
#define CFG_HOST_MAX 64
#define CFG_FILE_MAX (64 * 1024)
#define CFG_ERROR_MAX 256

struct config {
    char listen_host[CFG_HOST_MAX];
    int listen_port;
    char db_path[CFG_PATH_MAX];
    char web_root[CFG_PATH_MAX];
    char time_zone[CFG_PATH_MAX];
    int threads;
    int connection_timeout_s;
    int max_connections;
    int max_header_bytes;
    int max_streams;
    int stream_keepalive_s;
    int session_ttl_s;
    int session_idle_s;
    int signin_account_failures;
    int signin_lockout_s;
    int signin_address_failures;
    int signin_address_window_s;
    int signin_failure_delay_ms;
    int booking_days_ahead;
    int booking_lead_minutes;
    int booking_idempotency_hours;
    char key_file[CFG_PATH_MAX];
    int bsn_pool_low;
    int floor_grace_minutes;
    int floor_no_show_minutes;
    int floor_recalls_before_no_show;
    int floor_late_keeps_place; /* 0 or 1 */
    enum log_level log_level;
};

/* Fills cfg with every option's default. */
void cfg_init_defaults(struct config *cfg);
/* Parses INI text over cfg; on error returns STATUS_INPUT and writes a
 * message naming the file, line and key into err. name is used only in
 * messages. */
enum status cfg_parse_text(struct config *cfg, const char *text, size_t len,
                           const char *name, char err[CFG_ERROR_MAX]);
/* Reads and parses a file (at most CFG_FILE_MAX bytes). */
enum status cfg_load_file(struct config *cfg, const char *path,
                          char err[CFG_ERROR_MAX]);
/* Sets one option given as "section.key" (used for command-line flags). */
enum status cfg_set(struct config *cfg, const char *name, const char *value,
                    char err[CFG_ERROR_MAX]);
/* Writes every option with its current value and description as INI. */
void cfg_dump(const struct config *cfg, FILE *out);

#endif

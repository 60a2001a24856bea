/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* onestop serve: loads the configuration, opens the database (applying
 * migrations) and serves until SIGINT or SIGTERM. */
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/floor_common.h"
#include "cli/cli.h"
#include "db/db.h"
#include "db/writer.h"
#include "http/server.h"
#include "http/sse.h"
#include "store/bookings.h"
#include "store/personal_data.h"
#include "store/users.h"
#include "util/clock.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/sealed.h"

/* How often expired sessions and old sign-in failures are swept away. */
#define SERVE_SWEEP_SECONDS 300

static void
serve_help(void)
{
    printf("usage: onestop serve [--db FILE] [--listen HOST:PORT] "
           "[--config FILE]\n"
           "                     [--set SECTION.KEY=VALUE]... "
           "[--dump-config]\n\n"
           "Serves the web interface and the API over HTTP.\n\n"
           "  --db FILE          SQLite database (default var/onestop.db);\n"
           "                     created and migrated when needed\n"
           "  --listen HOST:PORT address to listen on (default "
           "127.0.0.1:8080)\n"
           "  --config FILE      INI configuration file\n"
           "  --set S.K=V        set one option, after the file\n"
           "  --dump-config      print every option with its value and "
           "exit\n");
}

/* Parses options into cfg; returns -1 to go on, else an exit status. */
static int
serve_options(int argc, char **argv, struct config *cfg, bool *dump)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"config", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, 's'},
        {"dump-config", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char err[CFG_ERROR_MAX];
    int c;

    /* The file first, so that the other flags override it. */
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        if (c == 'h') {
            serve_help();
            return CLI_EXIT_OK;
        }
        if (c == '?' || c == ':') {
            return cli_usage_error("serve: unknown or incomplete option '%s'",
                                   argv[optind - 1]);
        }
        if (c == 'c' && cfg_load_file(cfg, optarg, err) != STATUS_OK) {
            return cli_usage_error("%s", err);
        }
    }
    if (optind < argc) {
        return cli_usage_error("serve: unexpected argument '%s'", argv[optind]);
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        const char *name = NULL;
        const char *value = optarg;
        char key[128];

        if (c == 'd') {
            name = "database.path";
        } else if (c == 'l') {
            name = "server.listen";
        } else if (c == 'D') {
            *dump = true;
        } else if (c == 's') {
            const char *eq = strchr(optarg, '=');
            if (eq == NULL || (size_t)(eq - optarg) >= sizeof key) {
                return cli_usage_error("--set: expected SECTION.KEY=VALUE, "
                                       "got '%s'",
                                       optarg);
            }
            memcpy(key, optarg, (size_t)(eq - optarg));
            key[eq - optarg] = '\0';
            name = key;
            value = eq + 1;
        }
        if (name != NULL && cfg_set(cfg, name, value, err) != STATUS_OK) {
            return cli_usage_error("%s", err);
        }
    }
    return -1;
}

/* Loads the key that seals personal data and checks that it is the key
 * this database's sealed values were written with. The server does not
 * start without it: a missing key file is a deployment mistake, and data
 * sealed under one key never opens under another. */
static bool
serve_load_key(struct app *app)
{
    char err[SEALED_ERROR_MAX];
    struct db *db;
    enum status s;

    s = sealed_key_load(app->cfg.key_file, &app->key, err);
    if (s == STATUS_NOT_FOUND) {
        LOG_ERROR("security.key_file: %s does not exist; create it with "
                  "`onestop keygen --key %s` and back it up apart from the "
                  "database",
                  app->cfg.key_file, app->cfg.key_file);
        return false;
    }
    if (s != STATUS_OK) {
        LOG_ERROR("security.key_file: %s", err);
        return false;
    }
    db = db_pool_acquire(app->pool);
    s = store_personal_data_key_check(db, app->key);
    db_pool_release(app->pool, db);
    if (s == STATUS_CONFLICT) {
        LOG_ERROR("security.key_file: %s is not the key this database's "
                  "personal data was sealed with",
                  app->cfg.key_file);
        return false;
    }
    if (s != STATUS_OK) {
        LOG_ERROR("cannot check the key of %s against the database",
                  app->cfg.key_file);
        return false;
    }
    return true;
}

static void
serve_sweep(struct db_pool *pool, const struct config *cfg)
{
    struct db *db = db_pool_acquire(pool);
    char now[CLOCK_ISO_TEXT];
    char idle[CLOCK_ISO_TEXT];
    char window[CLOCK_ISO_TEXT];
    char keys[CLOCK_ISO_TEXT];
    time_t t = clock_now();

    clock_format_utc(t, now);
    clock_format_utc(t - cfg->session_idle_s, idle);
    clock_format_utc(t - cfg->signin_address_window_s, window);
    clock_format_utc(t - (time_t)cfg->booking_idempotency_hours * 3600, keys);
    if (store_session_purge(db, now, idle) != STATUS_OK ||
        store_signin_failure_purge(db, window) != STATUS_OK) {
        LOG_WARN("could not sweep expired sessions");
    }
    if (store_idempotency_expire(db, keys) != STATUS_OK) {
        LOG_WARN("could not forget expired idempotency keys");
    }
    db_pool_release(pool, db);
}

int
cli_serve(int argc, char **argv)
{
    struct app app;
    struct server *srv = NULL;
    sigset_t signals;
    bool dump = false;
    int port = 0;
    int sig = 0;
    const char *why = NULL;
    int rc;

    memset(&app, 0, sizeof app);
    app.web_root_fd = -1;
    cfg_init_defaults(&app.cfg);
    rc = serve_options(argc, argv, &app.cfg, &dump);
    if (rc >= 0) {
        return rc;
    }
    if (dump) {
        cfg_dump(&app.cfg, stdout);
        return CLI_EXIT_OK;
    }
    log_set_level(app.cfg.log_level);
    rc = CLI_EXIT_FAILED;
    if (floor_config_check(&app.cfg, &why) != STATUS_OK) {
        LOG_ERROR("%s", why);
        goto out;
    }
    if (!clock_use_time_zone(app.cfg.time_zone)) {
        LOG_ERROR("server.time_zone: %s is not a time zone this machine "
                  "knows (is tzdata installed?)",
                  app.cfg.time_zone);
        goto out;
    }
    if (crypto_init() != STATUS_OK) {
        LOG_ERROR("libsodium cannot start");
        goto out;
    }
    app.web_root_fd =
        open(app.cfg.web_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (app.web_root_fd < 0) {
        LOG_ERROR("cannot open the web folder %s", app.cfg.web_root);
        goto out;
    }
    /* One connection per worker thread, and one for the sweeper. */
    if (db_pool_open_sqlite(app.cfg.db_path, (size_t)app.cfg.threads + 1,
                            &app.pool) != STATUS_OK) {
        LOG_ERROR("cannot open the database %s", app.cfg.db_path);
        goto out;
    }
    if (!serve_load_key(&app)) {
        goto out;
    }
    /* Block the stop signals in every thread; this one waits for them. */
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (db_writer_start(app.cfg.db_path, &app.writer) != STATUS_OK) {
        LOG_ERROR("cannot start the writer of %s", app.cfg.db_path);
        goto out;
    }
    if (sse_hub_new((size_t)app.cfg.max_streams, app.cfg.stream_keepalive_s,
                    &app.events) != STATUS_OK) {
        LOG_ERROR("cannot start the event streams");
        goto out;
    }
    if (server_start(&app, &srv, &port) != STATUS_OK) {
        goto out;
    }
    fprintf(stderr, "onestop: listening on http://%s:%d\n", app.cfg.listen_host,
            port);
    for (;;) {
        struct timespec wait = {SERVE_SWEEP_SECONDS, 0};
        serve_sweep(app.pool, &app.cfg);
        sig = sigtimedwait(&signals, NULL, &wait);
        if (sig == SIGINT || sig == SIGTERM) {
            break;
        }
    }
    LOG_INFO("stopping on signal %d", sig);
    {
        unsigned long commits = 0;
        unsigned long writes = 0;
        db_writer_counts(app.writer, &commits, &writes);
        /* how well group commit batched: writes per durable commit */
        LOG_INFO("writer: %lu writes in %lu commits", writes, commits);
    }
    rc = CLI_EXIT_OK;
out:
    /* The writer first: it finishes the queued writes, which resumes the
     * connections waiting for them (libmicrohttpd must not be stopped with
     * a connection suspended), and refuses new ones. It is freed only once
     * the server has stopped: until then handlers still submit to it. */
    db_writer_stop(app.writer);
    /* Then the event streams: each ends (and its connection is resumed)
     * before the server stops; the hub itself outlives the server, whose
     * connections still refer to it until they close. */
    sse_hub_close(app.events, SSE_CLOSE_WAIT_MS);
    server_stop(srv);
    sse_hub_free(&app.events);
    db_writer_free(app.writer);
    db_pool_close(app.pool);
    sealed_key_free(&app.key);
    if (app.web_root_fd >= 0) {
        close(app.web_root_fd);
    }
    return rc;
}

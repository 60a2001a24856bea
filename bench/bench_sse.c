/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Server-Sent Events fan-out: the HTTP server runs in this process on a
 * demonstration database, STREAMS clients follow one location's display
 * stream over loopback (plain sockets, chunked decoding, the event-stream
 * lines), and events are published on the display channel as the floor's
 * handlers do after a commit. Each event carries its publication time, so
 * each client measures the delay to its arrival.
 *
 *   1. delay: CALLS events at CALL_RATE a second, as calls on a busy
 *      floor; prints the median and p99 delay over every delivery;
 *   2. rate: events as fast as the slowest client keeps up with (never
 *      more than half the replay ring ahead of it); prints the events
 *      delivered a second over all clients.
 *
 * usage: bench_sse DATABASE-FILE [STREAMS]; prints figures, never fails on
 * time. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "http/request.h"
#include "http/server.h"
#include "http/sse.h"
#include "util/crypto.h"
#include "util/log.h"

#define BENCH_STREAMS_MAX 2000
#define BENCH_CALLS 300
#define BENCH_CALL_RATE 50
#define BENCH_RATE_SECONDS 3.0
#define BENCH_CHANNEL "display:1"
#define BENCH_PATH "/api/v1/locations/1/display-events"
/* A run that takes longer than this has stalled; it is reported. */
#define BENCH_WAIT_SECONDS 60.0

enum chunk_state { CHUNK_SIZE, CHUNK_DATA, CHUNK_END };

struct bench_client {
    int fd;
    bool headers_done;
    bool snapshot;
    atomic_bool closed;
    enum chunk_state state;
    size_t chunk_left;
    char raw[16384]; /* bytes read, not yet decoded */
    size_t raw_len;
    char line[1024]; /* the event-stream line being assembled */
    size_t line_len;
    atomic_long received;
};

struct bench {
    struct bench_client *clients;
    int n;
    atomic_bool stop;
    atomic_int snapshots;
    atomic_int closed;
    /* delays of phase 1, in seconds */
    double *delays;
    atomic_long n_delays;
    long max_delays;
    atomic_bool measuring;
};

static double
bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
bench_sleep(double seconds)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

/* One complete event-stream line of a client. */
static void
bench_line(struct bench *b, struct bench_client *c)
{
    static const char tag[] = "data: {\"t\":";

    c->line[c->line_len] = '\0';
    if (strncmp(c->line, "event: snapshot", 15) == 0 && !c->snapshot) {
        c->snapshot = true;
        atomic_fetch_add(&b->snapshots, 1);
    } else if (strncmp(c->line, tag, sizeof tag - 1) == 0) {
        double sent = strtod(c->line + sizeof tag - 1, NULL);
        double delay = bench_now() - sent;
        atomic_fetch_add(&c->received, 1);
        if (atomic_load(&b->measuring)) {
            long at = atomic_fetch_add(&b->n_delays, 1);
            if (at < b->max_delays) {
                b->delays[at] = delay;
            }
        }
    }
    c->line_len = 0;
}

static void
bench_body(struct bench *b, struct bench_client *c, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            bench_line(b, c);
        } else if (c->line_len < sizeof c->line - 1) {
            c->line[c->line_len++] = s[i];
        }
    }
}

/* Decodes what has arrived: headers once, then chunks. */
static void
bench_decode(struct bench *b, struct bench_client *c)
{
    size_t at = 0;

    if (!c->headers_done) {
        char *end;
        c->raw[c->raw_len] = '\0';
        end = strstr(c->raw, "\r\n\r\n");
        if (end == NULL) {
            return;
        }
        if (strncmp(c->raw, "HTTP/1.1 200", 12) != 0) {
            atomic_store(&c->closed, true);
            return;
        }
        c->headers_done = true;
        at = (size_t)(end - c->raw) + 4;
    }
    while (at < c->raw_len) {
        if (c->state == CHUNK_SIZE) {
            char *nl = memchr(c->raw + at, '\n', c->raw_len - at);
            if (nl == NULL) {
                break;
            }
            c->chunk_left = strtoul(c->raw + at, NULL, 16);
            at = (size_t)(nl - c->raw) + 1;
            c->state = c->chunk_left > 0 ? CHUNK_DATA : CHUNK_END;
        } else if (c->state == CHUNK_DATA) {
            size_t n = c->raw_len - at;
            if (n > c->chunk_left) {
                n = c->chunk_left;
            }
            bench_body(b, c, c->raw + at, n);
            at += n;
            c->chunk_left -= n;
            if (c->chunk_left == 0) {
                c->state = CHUNK_END;
            }
        } else {
            /* the CRLF after a chunk */
            char *nl = memchr(c->raw + at, '\n', c->raw_len - at);
            if (nl == NULL) {
                break;
            }
            at = (size_t)(nl - c->raw) + 1;
            c->state = CHUNK_SIZE;
        }
    }
    memmove(c->raw, c->raw + at, c->raw_len - at);
    c->raw_len -= at;
}

static void *
bench_reader(void *arg)
{
    struct bench *b = arg;
    struct pollfd *fds = calloc((size_t)b->n, sizeof *fds);

    if (fds == NULL) {
        return NULL;
    }
    while (!atomic_load(&b->stop)) {
        for (int i = 0; i < b->n; i++) {
            fds[i].fd =
                atomic_load(&b->clients[i].closed) ? -1 : b->clients[i].fd;
            fds[i].events = POLLIN;
            fds[i].revents = 0;
        }
        if (poll(fds, (nfds_t)b->n, 100) <= 0) {
            continue;
        }
        for (int i = 0; i < b->n; i++) {
            struct bench_client *c = &b->clients[i];
            ssize_t got;
            if (fds[i].revents == 0) {
                continue;
            }
            got = read(c->fd, c->raw + c->raw_len,
                       sizeof c->raw - 1 - c->raw_len);
            if (got <= 0) {
                if (got < 0 && (errno == EAGAIN || errno == EINTR)) {
                    continue;
                }
                atomic_store(&c->closed, true);
                atomic_fetch_add(&b->closed, 1);
                continue;
            }
            c->raw_len += (size_t)got;
            bench_decode(b, c);
        }
    }
    free(fds);
    return NULL;
}

static int
bench_connect(int port)
{
    static const char request[] = "GET " BENCH_PATH " HTTP/1.1\r\n"
                                  "Host: 127.0.0.1\r\n"
                                  "Accept: text/event-stream\r\n\r\n";
    struct sockaddr_in addr;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;

    if (fd < 0) {
        return -1;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (const struct sockaddr *)&addr, sizeof addr) != 0 ||
        write(fd, request, sizeof request - 1) !=
            (ssize_t)(sizeof request - 1)) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

static void
bench_publish(struct sse_hub *hub)
{
    char data[64];

    snprintf(data, sizeof data, "{\"t\":%.6f}", bench_now());
    sse_publish(hub, BENCH_CHANNEL, "display", data);
}

static long
bench_min_received(struct bench *b)
{
    long min = -1;

    for (int i = 0; i < b->n; i++) {
        long r = atomic_load(&b->clients[i].received);
        if (!atomic_load(&b->clients[i].closed) && (min < 0 || r < min)) {
            min = r;
        }
    }
    return min < 0 ? 0 : min;
}

static long
bench_total_received(struct bench *b)
{
    long total = 0;

    for (int i = 0; i < b->n; i++) {
        total += atomic_load(&b->clients[i].received);
    }
    return total;
}

/* Waits until every open client has received want events. */
static bool
bench_wait_all(struct bench *b, long want)
{
    double until = bench_now() + BENCH_WAIT_SECONDS;

    while (bench_min_received(b) < want) {
        if (bench_now() > until) {
            return false;
        }
        bench_sleep(0.001);
    }
    return true;
}

static int
bench_compare(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

static void
bench_run(struct app *app, int port, int streams)
{
    struct bench b;
    pthread_t reader;
    double start;
    double elapsed;
    long published = 0;
    long before;
    long n;

    memset(&b, 0, sizeof b);
    b.n = streams;
    b.clients = calloc((size_t)streams, sizeof *b.clients);
    b.max_delays = (long)streams * BENCH_CALLS;
    b.delays = calloc((size_t)b.max_delays, sizeof *b.delays);
    if (b.clients == NULL || b.delays == NULL) {
        fprintf(stderr, "bench_sse: out of memory\n");
        goto out;
    }
    for (int i = 0; i < streams; i++) {
        b.clients[i].fd = bench_connect(port);
        if (b.clients[i].fd < 0) {
            fprintf(stderr, "bench_sse: cannot connect stream %d\n", i);
            b.n = i;
            break;
        }
    }
    if (pthread_create(&reader, NULL, bench_reader, &b) != 0) {
        goto out;
    }
    start = bench_now();
    while (atomic_load(&b.snapshots) < b.n &&
           bench_now() - start < BENCH_WAIT_SECONDS) {
        bench_sleep(0.01);
    }
    printf("streams: %d open, snapshots in %.0f ms\n",
           atomic_load(&b.snapshots), (bench_now() - start) * 1000);

    /* 1. the delay from a call to its arrival */
    atomic_store(&b.measuring, true);
    start = bench_now();
    for (int i = 0; i < BENCH_CALLS; i++) {
        bench_publish(app->events);
        published++;
        bench_sleep(1.0 / BENCH_CALL_RATE);
    }
    if (!bench_wait_all(&b, published)) {
        fprintf(stderr, "bench_sse: not every stream got every call\n");
    }
    atomic_store(&b.measuring, false);
    n = atomic_load(&b.n_delays);
    if (n > b.max_delays) {
        n = b.max_delays;
    }
    qsort(b.delays, (size_t)n, sizeof *b.delays, bench_compare);
    if (n > 0) {
        printf("call to display (%d calls/s, %d streams): median %.2f ms, "
               "p90 %.2f ms, p99 %.2f ms, max %.2f ms over %ld deliveries\n",
               BENCH_CALL_RATE, b.n, b.delays[n / 2] * 1000,
               b.delays[(n * 90) / 100] * 1000,
               b.delays[(n * 99) / 100] * 1000, b.delays[n - 1] * 1000, n);
    }

    /* 2. events delivered a second, publishing as fast as the slowest
     * stream keeps up with */
    before = bench_total_received(&b);
    start = bench_now();
    while (bench_now() - start < BENCH_RATE_SECONDS) {
        if (published - bench_min_received(&b) < SSE_REPLAY_MAX / 2) {
            bench_publish(app->events);
            published++;
        } else {
            bench_sleep(0.0002);
        }
    }
    bench_wait_all(&b, published);
    elapsed = bench_now() - start;
    printf("fan-out: %.0f events/s delivered over %d streams (%.0f "
           "published/s), %d streams cut off\n",
           (double)(bench_total_received(&b) - before) / elapsed, b.n,
           (double)(published - BENCH_CALLS) / elapsed, atomic_load(&b.closed));
    atomic_store(&b.stop, true);
    pthread_join(reader, NULL);
out:
    for (int i = 0; b.clients != NULL && i < b.n; i++) {
        close(b.clients[i].fd);
    }
    free(b.clients);
    free(b.delays);
}

int
main(int argc, char **argv)
{
    struct app app;
    struct server *srv = NULL;
    int streams = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 200;
    int port = 0;

    if (argc < 2 || streams < 1 || streams > BENCH_STREAMS_MAX) {
        fprintf(stderr, "usage: bench_sse DATABASE-FILE [STREAMS]\n");
        return 2;
    }
    memset(&app, 0, sizeof app);
    app.web_root_fd = -1;
    cfg_init_defaults(&app.cfg);
    snprintf(app.cfg.listen_host, sizeof app.cfg.listen_host, "127.0.0.1");
    app.cfg.listen_port = 0;
    app.cfg.max_streams = BENCH_STREAMS_MAX;
    app.cfg.max_connections = BENCH_STREAMS_MAX + 64;
    log_set_level(LOG_LEVEL_WARN);
    if (crypto_init() != STATUS_OK ||
        db_pool_open_sqlite(argv[1], (size_t)app.cfg.threads + 1, &app.pool) !=
            STATUS_OK ||
        sse_hub_new((size_t)app.cfg.max_streams, app.cfg.stream_keepalive_s,
                    &app.events) != STATUS_OK ||
        server_start(&app, &srv, &port) != STATUS_OK) {
        fprintf(stderr, "bench_sse: cannot start a server on %s\n", argv[1]);
        return 1;
    }
    bench_run(&app, port, streams);
    sse_hub_close(app.events, SSE_CLOSE_WAIT_MS);
    server_stop(srv);
    sse_hub_free(&app.events);
    db_pool_close(app.pool);
    return 0;
}

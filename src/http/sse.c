/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The event hub and its streams (see sse.h). One lock guards the hub: its
 * channels, their rings and every stream's position. Work under it is
 * short and bounded (copying an event once, resuming the streams that
 * wait), so a publisher never waits for a client. */
#include "http/sse.h"

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http/reply.h"
#include "http/request.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/log.h"

/* How many bytes a stream hands libmicrohttpd at a time. */
#define SSE_BLOCK 4096
/* Seconds a refused client is asked to wait before trying again. */
#define SSE_RETRY_AFTER "5"

struct sse_event {
    char *text; /* "id: ...\nevent: ...\ndata: ...\n\n", or NULL */
    size_t len;
};

struct sse_channel {
    char name[SSE_CHANNEL_MAX + 1];
    uint64_t last; /* number of the latest event, 0 = none yet */
    struct sse_event ring[SSE_REPLAY_MAX]; /* event n at n % SSE_REPLAY_MAX */
    struct sse_client *clients;            /* the streams following it */
    struct sse_channel *next;
};

struct sse_client {
    struct sse_hub *hub;
    struct sse_channel *channel;
    struct buf head; /* retry, snapshot, reset or a keep-alive comment */
    size_t head_sent;
    uint64_t next;    /* the next ring event to send */
    size_t next_sent; /* bytes of it sent already */
    bool waiting;     /* suspended: resume when there is something */
    bool gone;        /* its client closed while it was idle: cut it */
    struct sse_wake wake;
    struct sse_client *prev_in_channel;
    struct sse_client *next_in_channel;
};

struct sse_hub {
    pthread_mutex_t lock;
    pthread_cond_t stop;    /* wakes the keep-alive thread to end it */
    pthread_cond_t drained; /* closing: a stream has gone */
    /* Orders events built from a read of shared state (sse_publish_built):
     * taken before lock, never while holding it. */
    pthread_mutex_t order;
    struct sse_channel *channels;
    char run[9]; /* this hub's part of event ids: 8 hex digits */
    uint32_t run_value;
    size_t streams;
    size_t max_streams;
    int keepalive_s;
    bool closing;
    bool has_thread;
    pthread_t thread;
};

static int
sse_hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

bool
sse_parse_event_id(const char *s, size_t len, uint32_t *run, uint64_t *seq)
{
    uint32_t r = 0;
    uint64_t n = 0;
    size_t i;

    if (s == NULL || len < 10 || len >= SSE_ID_TEXT || s[8] != '-') {
        return false;
    }
    for (i = 0; i < 8; i++) {
        int v = sse_hex_value(s[i]);
        if (v < 0) {
            return false;
        }
        r = r * 16 + (uint32_t)v;
    }
    /* Digits only, no leading zero, and no overflow: ids are written by
     * this program, so anything else was not. */
    if (s[9] == '0' && len > 10) {
        return false;
    }
    for (i = 9; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        if (n > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10) {
            return false;
        }
        n = n * 10 + (uint64_t)(s[i] - '0');
    }
    *run = r;
    *seq = n;
    return true;
}

static bool
sse_name_ok(const char *s, size_t max, bool channel)
{
    size_t n = 0;

    if (s == NULL) {
        return false;
    }
    for (; s[n] != '\0'; n++) {
        char c = s[n];
        bool ok = (c >= 'a' && c <= 'z') || c == '-' ||
                  (channel && ((c >= '0' && c <= '9') || c == ':'));
        if (!ok || n == max) {
            return false;
        }
    }
    return n > 0;
}

/* The channel named, created when create is true; NULL when absent or out
 * of memory. Channels live as long as the hub: there are two per
 * location. Called with the lock held. */
static struct sse_channel *
sse_channel_find(struct sse_hub *hub, const char *name, bool create)
{
    struct sse_channel *ch;

    for (ch = hub->channels; ch != NULL; ch = ch->next) {
        if (strcmp(ch->name, name) == 0) {
            return ch;
        }
    }
    if (!create) {
        return NULL;
    }
    ch = calloc(1, sizeof *ch);
    if (ch == NULL) {
        return NULL;
    }
    snprintf(ch->name, sizeof ch->name, "%s", name);
    ch->next = hub->channels;
    hub->channels = ch;
    return ch;
}

/* Appends one event in the stream format; id may be NULL. Newlines in
 * data start a new data line, as the format requires. */
static enum status
sse_format(struct buf *b, const char *id, const char *event, const char *data)
{
    enum status st = STATUS_OK;

    if (id != NULL) {
        st = buf_append_strs(b, "id: ", id, "\n", NULL);
    }
    if (st == STATUS_OK) {
        st = buf_append_strs(b, "event: ", event, "\n", NULL);
    }
    while (st == STATUS_OK) {
        size_t n = strcspn(data, "\r\n");
        st = buf_append_str(b, "data: ");
        if (st == STATUS_OK) {
            st = buf_append(b, data, n);
        }
        if (st == STATUS_OK) {
            st = buf_append_str(b, "\n");
        }
        if (data[n] == '\0') {
            break;
        }
        data += n + 1;
        if (data[-1] == '\r' && *data == '\n') {
            data++;
        }
    }
    if (st == STATUS_OK) {
        st = buf_append_str(b, "\n");
    }
    return st;
}

static void
sse_wake_client(struct sse_client *c)
{
    if (c->waiting) {
        c->waiting = false;
        c->wake.resume(c->wake.ctx);
    }
}

static void *
sse_keepalive_thread(void *arg)
{
    struct sse_hub *hub = arg;
    struct timespec at;

    pthread_mutex_lock(&hub->lock);
    while (!hub->closing) {
        clock_gettime(CLOCK_REALTIME, &at);
        at.tv_sec += hub->keepalive_s;
        while (!hub->closing &&
               pthread_cond_timedwait(&hub->stop, &hub->lock, &at) == 0) {
            /* woken early: only closing ends the wait */
        }
        if (hub->closing) {
            break;
        }
        pthread_mutex_unlock(&hub->lock);
        sse_hub_keepalive(hub);
        pthread_mutex_lock(&hub->lock);
    }
    pthread_mutex_unlock(&hub->lock);
    return NULL;
}

enum status
sse_hub_new(size_t max_streams, int keepalive_s, struct sse_hub **out)
{
    struct sse_hub *hub = calloc(1, sizeof *hub);
    char token[CRYPTO_TOKEN_TEXT];
    char digest[CRYPTO_DIGEST_TEXT];
    uint64_t seq;

    if (hub == NULL) {
        return STATUS_NOMEM;
    }
    pthread_mutex_init(&hub->lock, NULL);
    pthread_mutex_init(&hub->order, NULL);
    pthread_cond_init(&hub->stop, NULL);
    pthread_cond_init(&hub->drained, NULL);
    hub->max_streams = max_streams;
    hub->keepalive_s = keepalive_s;
    /* A random run: ids of an earlier server are told apart from ours. */
    crypto_random_token(token);
    crypto_token_digest(token, digest);
    memcpy(hub->run, digest, 8);
    hub->run[8] = '\0';
    memcpy(token, hub->run, 8);
    memcpy(token + 8, "-1", 3);
    if (!sse_parse_event_id(token, 10, &hub->run_value, &seq)) {
        sse_hub_free(&hub);
        return STATUS_INTERNAL;
    }
    if (keepalive_s > 0) {
        if (pthread_create(&hub->thread, NULL, sse_keepalive_thread, hub) !=
            0) {
            sse_hub_free(&hub);
            return STATUS_INTERNAL;
        }
        hub->has_thread = true;
    }
    *out = hub;
    return STATUS_OK;
}

void
sse_hub_close(struct sse_hub *hub, int wait_ms)
{
    struct timespec until;

    if (hub == NULL) {
        return;
    }
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&hub->lock);
    hub->closing = true;
    pthread_cond_broadcast(&hub->stop);
    for (struct sse_channel *ch = hub->channels; ch != NULL; ch = ch->next) {
        for (struct sse_client *c = ch->clients; c != NULL;
             c = c->next_in_channel) {
            sse_wake_client(c);
        }
    }
    /* Streams end on the server's threads, each sending its end of
     * stream; the server must not cut them off first. A client that
     * reads nothing (its socket full) is not waited for beyond wait_ms. */
    while (hub->streams > 0 &&
           pthread_cond_timedwait(&hub->drained, &hub->lock, &until) == 0) {
        /* one more stream gone: look again */
    }
    pthread_mutex_unlock(&hub->lock);
    if (hub->has_thread) {
        pthread_join(hub->thread, NULL);
        hub->has_thread = false;
    }
}

void
sse_hub_free(struct sse_hub **hubp)
{
    struct sse_hub *hub = hubp ? *hubp : NULL;

    if (hub == NULL) {
        return;
    }
    sse_hub_close(hub, 0);
    if (hub->streams > 0) {
        LOG_ERROR("event hub freed with %zu streams open", hub->streams);
    }
    while (hub->channels != NULL) {
        struct sse_channel *ch = hub->channels;
        hub->channels = ch->next;
        for (size_t i = 0; i < SSE_REPLAY_MAX; i++) {
            free(ch->ring[i].text);
        }
        free(ch);
    }
    pthread_cond_destroy(&hub->stop);
    pthread_cond_destroy(&hub->drained);
    pthread_mutex_destroy(&hub->lock);
    pthread_mutex_destroy(&hub->order);
    free(hub);
    *hubp = NULL;
}

void
sse_publish(struct sse_hub *hub, const char *channel, const char *event,
            const char *data_json)
{
    struct sse_channel *ch;
    struct buf text;
    char id[SSE_ID_TEXT];
    struct sse_event *slot;

    if (hub == NULL) {
        return;
    }
    if (!sse_name_ok(channel, SSE_CHANNEL_MAX, true) ||
        !sse_name_ok(event, SSE_EVENT_NAME_MAX, false) || data_json == NULL ||
        strlen(data_json) > SSE_DATA_MAX) {
        LOG_ERROR("event not published: bad channel, name or data");
        return;
    }
    buf_init(&text, 0);
    pthread_mutex_lock(&hub->lock);
    ch = hub->closing ? NULL : sse_channel_find(hub, channel, true);
    if (ch == NULL) {
        goto out;
    }
    snprintf(id, sizeof id, "%s-%llu", hub->run,
             (unsigned long long)(ch->last + 1));
    if (sse_format(&text, id, event, data_json) != STATUS_OK) {
        LOG_ERROR("event not published: out of memory");
        goto out;
    }
    ch->last++;
    slot = &ch->ring[ch->last % SSE_REPLAY_MAX];
    free(slot->text);
    slot->len = text.len;
    slot->text = buf_take(&text);
    for (struct sse_client *c = ch->clients; c != NULL;
         c = c->next_in_channel) {
        sse_wake_client(c);
    }
out:
    pthread_mutex_unlock(&hub->lock);
    buf_clear(&text);
}

void
sse_publish_built(struct sse_hub *hub, const char *channel, const char *event,
                  char *(*build)(void *ctx), void *ctx)
{
    char *data;

    if (hub == NULL) {
        return;
    }
    pthread_mutex_lock(&hub->order);
    data = build(ctx);
    if (data != NULL) {
        sse_publish(hub, channel, event, data);
    }
    pthread_mutex_unlock(&hub->order);
    free(data);
}

uint64_t
sse_position(struct sse_hub *hub, const char *channel)
{
    struct sse_channel *ch;
    uint64_t last = 0;

    if (hub == NULL || channel == NULL) {
        return 0;
    }
    pthread_mutex_lock(&hub->lock);
    ch = sse_channel_find(hub, channel, false);
    if (ch != NULL) {
        last = ch->last;
    }
    pthread_mutex_unlock(&hub->lock);
    return last;
}

size_t
sse_stream_count(struct sse_hub *hub)
{
    size_t n;

    pthread_mutex_lock(&hub->lock);
    n = hub->streams;
    pthread_mutex_unlock(&hub->lock);
    return n;
}

/* The oldest event of a channel still in its ring. */
static uint64_t
sse_channel_oldest(const struct sse_channel *ch)
{
    return ch->last >= SSE_REPLAY_MAX ? ch->last - SSE_REPLAY_MAX + 1 : 1;
}

/* Where a new stream starts in the ring, and whether it must be told that
 * events were lost. Called with the lock held. */
static uint64_t
sse_client_start(const struct sse_hub *hub, const struct sse_channel *ch,
                 uint64_t position, const char *last_event_id, bool *reset)
{
    uint64_t start = (position < ch->last ? position : ch->last) + 1;
    uint32_t run;
    uint64_t seq;

    *reset = false;
    if (last_event_id != NULL) {
        if (sse_parse_event_id(last_event_id, strlen(last_event_id), &run,
                               &seq) &&
            run == hub->run_value && seq <= ch->last &&
            seq + 1 >= sse_channel_oldest(ch)) {
            if (seq + 1 < start) {
                start = seq + 1;
            }
        } else {
            /* An id of an earlier run, one never given out, or one whose
             * successors the ring no longer holds: the snapshot stands. */
            *reset = true;
        }
    }
    if (start < sse_channel_oldest(ch)) {
        start = sse_channel_oldest(ch);
        *reset = true;
    }
    return start;
}

enum status
sse_client_open(struct sse_hub *hub, const char *channel, uint64_t position,
                const char *last_event_id, const char *first_event,
                const char *first_data, const struct sse_wake *wake,
                struct sse_client **out)
{
    struct sse_client *c = NULL;
    struct sse_channel *ch;
    enum status st = STATUS_OK;
    bool reset = false;
    char id[SSE_ID_TEXT];

    if (!sse_name_ok(channel, SSE_CHANNEL_MAX, true) ||
        !sse_name_ok(first_event, SSE_EVENT_NAME_MAX, false) ||
        first_data == NULL) {
        return STATUS_INPUT;
    }
    c = calloc(1, sizeof *c);
    if (c == NULL) {
        return STATUS_NOMEM;
    }
    buf_init(&c->head, 0);
    c->hub = hub;
    c->wake = *wake;
    pthread_mutex_lock(&hub->lock);
    if (hub->closing || hub->streams >= hub->max_streams) {
        st = STATUS_RETRY;
        goto out;
    }
    ch = sse_channel_find(hub, channel, true);
    if (ch == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    c->next = sse_client_start(hub, ch, position, last_event_id, &reset);
    snprintf(id, sizeof id, "%s-%llu", hub->run,
             (unsigned long long)(c->next - 1));
    st = buf_printf(&c->head, "retry: %d\n\n", SSE_RETRY_MS);
    if (st == STATUS_OK) {
        st = sse_format(&c->head, NULL, first_event, first_data);
    }
    /* The reset names the position the stream goes on from, so that the
     * client's next reconnection can be replayed from there. */
    if (st == STATUS_OK && reset) {
        st = sse_format(&c->head, id, "reset", "{}");
    }
    if (st != STATUS_OK) {
        goto out;
    }
    c->channel = ch;
    c->next_in_channel = ch->clients;
    if (ch->clients != NULL) {
        ch->clients->prev_in_channel = c;
    }
    ch->clients = c;
    hub->streams++;
out:
    pthread_mutex_unlock(&hub->lock);
    if (st != STATUS_OK) {
        buf_clear(&c->head);
        free(c);
        return st;
    }
    *out = c;
    return STATUS_OK;
}

static size_t
sse_copy(char *buf, size_t max, const char *from, size_t len, size_t *sent)
{
    size_t n = len - *sent;

    if (n > max) {
        n = max;
    }
    memcpy(buf, from + *sent, n);
    *sent += n;
    return n;
}

ssize_t
sse_client_read(struct sse_client *c, char *buf, size_t max)
{
    struct sse_hub *hub = c->hub;
    struct sse_channel *ch = c->channel;
    size_t n = 0;
    ssize_t ret;

    pthread_mutex_lock(&hub->lock);
    if (c->gone) {
        pthread_mutex_unlock(&hub->lock);
        return SSE_READ_ERROR;
    }
    if (c->head_sent < c->head.len) {
        n += sse_copy(buf, max, c->head.data, c->head.len, &c->head_sent);
    }
    while (n < max && c->next <= ch->last) {
        struct sse_event *ev = &ch->ring[c->next % SSE_REPLAY_MAX];
        if (c->next < sse_channel_oldest(ch)) {
            /* Overtaken by the ring: what it still needs is gone. */
            pthread_mutex_unlock(&hub->lock);
            LOG_INFO("event stream of %s fell behind: ended", ch->name);
            return SSE_READ_ERROR;
        }
        n += sse_copy(buf + n, max - n, ev->text, ev->len, &c->next_sent);
        if (c->next_sent == ev->len) {
            c->next++;
            c->next_sent = 0;
        }
    }
    if (n > 0) {
        ret = (ssize_t)n;
    } else if (hub->closing) {
        ret = SSE_READ_END;
    } else {
        /* Nothing to send: suspend until a publish or keep-alive. Done
         * under the lock, so that no wake-up falls in between. */
        if (!c->waiting) {
            c->waiting = true;
            c->wake.suspend(c->wake.ctx);
        }
        ret = 0;
    }
    pthread_mutex_unlock(&hub->lock);
    return ret;
}

void
sse_client_close(struct sse_client *c)
{
    struct sse_hub *hub;

    if (c == NULL) {
        return;
    }
    hub = c->hub;
    pthread_mutex_lock(&hub->lock);
    if (c->prev_in_channel != NULL) {
        c->prev_in_channel->next_in_channel = c->next_in_channel;
    } else {
        c->channel->clients = c->next_in_channel;
    }
    if (c->next_in_channel != NULL) {
        c->next_in_channel->prev_in_channel = c->prev_in_channel;
    }
    hub->streams--;
    if (hub->closing) {
        pthread_cond_broadcast(&hub->drained);
    }
    pthread_mutex_unlock(&hub->lock);
    buf_clear(&c->head);
    free(c);
}

void
sse_hub_keepalive(struct sse_hub *hub)
{
    static const char comment[] = ": keep-alive\n\n";

    pthread_mutex_lock(&hub->lock);
    for (struct sse_channel *ch = hub->channels; ch != NULL; ch = ch->next) {
        for (struct sse_client *c = ch->clients; c != NULL;
             c = c->next_in_channel) {
            /* Only idle streams: a waiting one has sent all it had, so
             * the comment cannot fall inside an event. Busy streams show
             * their liveness by sending. */
            if (!c->waiting) {
                continue;
            }
            /* A client gone while idle frees its place now rather than
             * after a write or two to a closed connection. */
            if (c->wake.gone != NULL && c->wake.gone(c->wake.ctx)) {
                c->gone = true;
                sse_wake_client(c);
                continue;
            }
            buf_clear(&c->head);
            c->head_sent = 0;
            if (buf_append(&c->head, comment, sizeof comment - 1) ==
                STATUS_OK) {
                sse_wake_client(c);
            }
        }
    }
    pthread_mutex_unlock(&hub->lock);
}

/* The HTTP side: libmicrohttpd calls the reader whenever it can send, and
 * the stream suspends its connection when it has nothing. */

struct sse_http {
    struct MHD_Connection *conn;
    struct sse_client *client;
};

static void
sse_http_suspend(void *ctx)
{
    struct sse_http *h = ctx;
    MHD_suspend_connection(h->conn);
}

static void
sse_http_resume(void *ctx)
{
    struct sse_http *h = ctx;
    MHD_resume_connection(h->conn);
}

/* Whether the client closed its end: an end of file (or a reset) waits
 * to be read. Peeking takes nothing from the socket. */
static bool
sse_http_gone(void *ctx)
{
    struct sse_http *h = ctx;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(h->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    char byte;
    ssize_t n;

    if (info == NULL) {
        return false;
    }
    n = recv(info->connect_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 ||
           (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static ssize_t
sse_http_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct sse_http *h = cls;
    ssize_t n;

    (void)pos;
    n = sse_client_read(h->client, buf, max);
    if (n == SSE_READ_END) {
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    if (n == SSE_READ_ERROR) {
        return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    return n;
}

static void
sse_http_free(void *cls)
{
    struct sse_http *h = cls;

    sse_client_close(h->client);
    free(h);
}

void
sse_stream_from(struct http_request *req, const char *channel,
                uint64_t position, const char *first_event,
                const char *first_data)
{
    struct sse_hub *hub = req->app->events;
    struct sse_http *h = NULL;
    struct MHD_Response *r = NULL;
    struct sse_wake wake;
    enum status st;

    if (hub == NULL) {
        reply_problem(req, PROBLEM_UNAVAILABLE, "Event streams are off.");
        return;
    }
    h = calloc(1, sizeof *h);
    if (h == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        return;
    }
    h->conn = req->conn;
    wake.suspend = sse_http_suspend;
    wake.resume = sse_http_resume;
    wake.ctx = h;
    wake.gone = sse_http_gone;
    st = sse_client_open(hub, channel, position,
                         request_header(req, "Last-Event-ID"), first_event,
                         first_data, &wake, &h->client);
    if (st == STATUS_RETRY) {
        free(h);
        request_add_header(req, MHD_HTTP_HEADER_RETRY_AFTER, SSE_RETRY_AFTER);
        reply_problem(req, PROBLEM_UNAVAILABLE,
                      "Too many event streams are open; try again later.");
        return;
    }
    if (st != STATUS_OK) {
        free(h);
        reply_status(req, st == STATUS_INPUT ? STATUS_INTERNAL : st, NULL);
        return;
    }
    r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK,
                                          sse_http_read, h, sse_http_free);
    if (r == NULL) {
        sse_http_free(h);
        reply_status(req, STATUS_NOMEM, NULL);
        return;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "text/event-stream; charset=utf-8");
    /* Proxies such as nginx would otherwise hold events back. */
    MHD_add_response_header(r, "X-Accel-Buffering", "no");
    req->response = r;
    req->status = MHD_HTTP_OK;
}

void
sse_stream(struct http_request *req, const char *channel,
           const char *first_event, const char *first_data)
{
    sse_stream_from(req, channel, sse_position(req->app->events, channel),
                    first_event, first_data);
}

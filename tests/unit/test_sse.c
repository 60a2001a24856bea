/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of the event hub (http/sse) without a server: what a stream
 * sends and in which order, replay after Last-Event-ID, reset, the bounds
 * (streams, falling behind), suspension and wake-ups, closing, and
 * publishers on several threads. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/sse.h"
#include "util/buf.h"
#include "util/crypto.h"

struct waker {
    int suspends;
    int resumes;
    bool suspended;
    bool gone;
};

static bool
waker_gone(void *ctx)
{
    struct waker *w = ctx;
    return w->gone;
}

static void
waker_suspend(void *ctx)
{
    struct waker *w = ctx;
    assert_false(w->suspended);
    w->suspended = true;
    w->suspends++;
}

static void
waker_resume(void *ctx)
{
    struct waker *w = ctx;
    assert_true(w->suspended);
    w->suspended = false;
    w->resumes++;
}

static struct sse_client *
open_stream(struct sse_hub *hub, const char *channel, uint64_t position,
            const char *last_id, struct waker *w)
{
    struct sse_wake wake = {waker_suspend, waker_resume, w, waker_gone};
    struct sse_client *c = NULL;

    memset(w, 0, sizeof *w);
    assert_int_equal(sse_client_open(hub, channel, position, last_id,
                                     "snapshot", "{\"calls\":[]}", &wake, &c),
                     STATUS_OK);
    return c;
}

/* Reads what the stream has now, in small pieces so that events are cut
 * across reads; returns the text (free it) and the last read's result. */
static char *
drain(struct sse_client *c, ssize_t *last)
{
    struct buf out;
    char piece[7];
    ssize_t n;

    buf_init(&out, 0);
    for (;;) {
        n = sse_client_read(c, piece, sizeof piece);
        if (n <= 0) {
            break;
        }
        assert_int_equal(buf_append(&out, piece, (size_t)n), STATUS_OK);
    }
    *last = n;
    return buf_take(&out);
}

/* The "id: " values of a stream's text, comma-separated after the run. */
static void
ids_of(const char *text, char *out, size_t len)
{
    size_t used = 0;

    out[0] = '\0';
    for (const char *p = strstr(text, "id: "); p != NULL;
         p = strstr(p + 1, "\nid: ")) {
        const char *id = p[0] == '\n' ? p + 5 : p + 4;
        const char *dash = strchr(id, '-');
        size_t n = strcspn(dash + 1, "\n");
        used += (size_t)snprintf(out + used, len - used, "%s%.*s",
                                 used ? "," : "", (int)n, dash + 1);
    }
}

/* The hub's run, read from an event id in text. */
static void
run_of(const char *text, char run[9])
{
    const char *p = strstr(text, "id: ");
    assert_non_null(p);
    memcpy(run, p + 4, 8);
    run[8] = '\0';
}

static struct sse_hub *
new_hub(size_t max)
{
    struct sse_hub *hub = NULL;
    assert_int_equal(sse_hub_new(max, 0, &hub), STATUS_OK);
    return hub;
}

static void
test_parse_event_id(void **state)
{
    uint32_t run = 0;
    uint64_t seq = 0;
    (void)state;

    assert_true(sse_parse_event_id("0a1b2c3d-42", 11, &run, &seq));
    assert_int_equal(run, 0x0a1b2c3d);
    assert_int_equal(seq, 42);
    assert_true(sse_parse_event_id("ffffffff-0", 10, &run, &seq));
    assert_int_equal(seq, 0);
    assert_true(
        sse_parse_event_id("00000000-18446744073709551615", 29, &run, &seq));
    assert_true(seq == UINT64_MAX);
    assert_false(
        sse_parse_event_id("00000000-18446744073709551616", 29, &run, &seq));
    assert_false(sse_parse_event_id("", 0, &run, &seq));
    assert_false(sse_parse_event_id("42", 2, &run, &seq));
    assert_false(sse_parse_event_id("0A1B2C3D-1", 10, &run, &seq));
    assert_false(sse_parse_event_id("0a1b2c3d-", 9, &run, &seq));
    assert_false(sse_parse_event_id("0a1b2c3d-01", 11, &run, &seq));
    assert_false(sse_parse_event_id("0a1b2c3d-1x", 11, &run, &seq));
    assert_false(sse_parse_event_id("0a1b2c3d-+1", 11, &run, &seq));
    assert_false(sse_parse_event_id("0a1b2c3d_1", 10, &run, &seq));
    assert_false(sse_parse_event_id("0a1b2c3-12", 10, &run, &seq));
    assert_false(sse_parse_event_id(NULL, 0, &run, &seq));
}

static void
test_snapshot_then_live_in_order(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w = {0};
    struct sse_client *c;
    ssize_t last;
    char *text;
    char ids[256];
    (void)state;

    sse_publish(hub, "display:1", "call", "{\"n\":1}");
    c = open_stream(hub, "display:1", sse_position(hub, "display:1"), NULL, &w);
    text = drain(c, &last);
    /* Nothing published before the stream began is sent again. */
    assert_string_equal(text, "retry: 2000\n\nevent: snapshot\n"
                              "data: {\"calls\":[]}\n\n");
    assert_int_equal(last, 0);
    assert_int_equal(w.suspends, 1);
    free(text);

    sse_publish(hub, "display:1", "call", "{\"n\":2}");
    sse_publish(hub, "display:2", "call", "{\"other\":true}");
    sse_publish(hub, "display:1", "call", "{\"n\":3}");
    assert_int_equal(w.resumes, 1);
    text = drain(c, &last);
    ids_of(text, ids, sizeof ids);
    assert_string_equal(ids, "2,3");
    assert_non_null(strstr(text, "event: call\ndata: {\"n\":2}\n\n"));
    assert_null(strstr(text, "other"));
    assert_true(strstr(text, "\"n\":2") < strstr(text, "\"n\":3"));
    free(text);
    assert_int_equal(sse_stream_count(hub), 1);
    sse_client_close(c);
    assert_int_equal(sse_stream_count(hub), 0);
    sse_hub_free(&hub);
    assert_null(hub);
}

static void
test_events_after_position_are_sent(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w = {0};
    struct sse_client *c;
    uint64_t position;
    ssize_t last;
    char *text;
    char ids[256];
    (void)state;

    sse_publish(hub, "floor:1", "visit", "{}");
    position = sse_position(hub, "floor:1");
    assert_int_equal(position, 1);
    /* published while the handler read its snapshot */
    sse_publish(hub, "floor:1", "visit", "{}");
    c = open_stream(hub, "floor:1", position, NULL, &w);
    text = drain(c, &last);
    ids_of(text, ids, sizeof ids);
    assert_string_equal(ids, "2");
    assert_true(strstr(text, "snapshot") < strstr(text, "id: "));
    free(text);
    sse_client_close(c);
    sse_hub_free(&hub);
}

static void
test_replay_after_last_event_id(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w = {0};
    struct sse_client *c;
    ssize_t last;
    char *text;
    char ids[256];
    char run[9];
    char last_id[32];
    (void)state;

    for (int i = 0; i < 5; i++) {
        sse_publish(hub, "display:1", "call", "{}");
    }
    c = open_stream(hub, "display:1", 0, NULL, &w);
    text = drain(c, &last);
    run_of(text, run);
    free(text);
    sse_client_close(c);

    snprintf(last_id, sizeof last_id, "%s-2", run);
    c = open_stream(hub, "display:1", 5, last_id, &w);
    text = drain(c, &last);
    ids_of(text, ids, sizeof ids);
    assert_string_equal(ids, "3,4,5");
    assert_null(strstr(text, "reset"));
    assert_true(strstr(text, "snapshot") < strstr(text, "id: "));
    free(text);
    sse_client_close(c);

    /* up to date: nothing to replay */
    snprintf(last_id, sizeof last_id, "%s-5", run);
    c = open_stream(hub, "display:1", 5, last_id, &w);
    text = drain(c, &last);
    assert_null(strstr(text, "id: "));
    free(text);
    sse_client_close(c);
    sse_hub_free(&hub);
}

static void
test_reset_when_replay_impossible(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w = {0};
    struct sse_client *c;
    ssize_t last;
    char *text;
    char run[9];
    char last_id[32];
    const char *bad[] = {"00000000-1", "garbage", "", NULL};
    (void)state;

    for (int i = 0; i < SSE_REPLAY_MAX + 10; i++) {
        sse_publish(hub, "display:1", "call", "{}");
    }
    c = open_stream(hub, "display:1", 0, NULL, &w);
    text = drain(c, &last);
    run_of(text, run);
    free(text);
    sse_client_close(c);

    /* too old: the ring has moved on */
    snprintf(last_id, sizeof last_id, "%s-3", run);
    bad[3] = last_id;
    for (size_t i = 0; i < 4; i++) {
        char want[64];
        uint64_t at = SSE_REPLAY_MAX + 10;
        c = open_stream(hub, "display:1", at, bad[i], &w);
        text = drain(c, &last);
        snprintf(want, sizeof want, "id: %s-%llu\nevent: reset\ndata: {}\n\n",
                 run, (unsigned long long)at);
        assert_non_null(strstr(text, want));
        assert_true(strstr(text, "snapshot") < strstr(text, "reset"));
        free(text);
        sse_client_close(c);
    }
    /* an id from the future of this run was never given out */
    snprintf(last_id, sizeof last_id, "%s-99999", run);
    c = open_stream(hub, "display:1", 1, last_id, &w);
    text = drain(c, &last);
    assert_non_null(strstr(text, "event: reset"));
    free(text);
    sse_client_close(c);
    sse_hub_free(&hub);
}

static void
test_falling_behind_ends_the_stream(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w = {0};
    struct sse_client *slow;
    struct sse_client *fast;
    struct waker wf = {0};
    ssize_t last;
    char *text;
    char buf[64];
    (void)state;

    slow = open_stream(hub, "display:1", 0, NULL, &w);
    fast = open_stream(hub, "display:1", 0, NULL, &wf);
    /* the slow one reads a little, then stalls mid-event */
    assert_true(sse_client_read(slow, buf, sizeof buf) > 0);
    for (int i = 0; i < SSE_REPLAY_MAX * 3; i++) {
        sse_publish(hub, "display:1", "call", "{\"padding\":\"xxxxxxxx\"}");
        if (i % 50 == 0) {
            free(drain(fast, &last));
            assert_int_equal(last, 0);
        }
    }
    assert_int_equal(sse_client_read(slow, buf, sizeof buf), SSE_READ_ERROR);
    text = drain(fast, &last);
    assert_int_equal(last, 0);
    free(text);
    sse_client_close(slow);
    sse_client_close(fast);
    sse_hub_free(&hub);
}

static void
test_stream_limit(void **state)
{
    struct sse_hub *hub = new_hub(2);
    struct waker w = {0};
    struct sse_wake wake = {waker_suspend, waker_resume, &w};
    struct sse_client *a;
    struct sse_client *b;
    struct sse_client *c = NULL;
    (void)state;

    a = open_stream(hub, "display:1", 0, NULL, &w);
    b = open_stream(hub, "floor:1", 0, NULL, &w);
    assert_int_equal(
        sse_client_open(hub, "display:1", 0, NULL, "snapshot", "{}", &wake, &c),
        STATUS_RETRY);
    assert_null(c);
    sse_client_close(a);
    c = open_stream(hub, "display:1", 0, NULL, &w);
    assert_int_equal(sse_stream_count(hub), 2);
    assert_int_equal(
        sse_client_open(hub, "Display 1", 0, NULL, "snapshot", "{}", &wake, &c),
        STATUS_INPUT);
    sse_client_close(b);
    sse_client_close(c);
    sse_hub_free(&hub);
}

static void
test_close_ends_streams(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w1 = {0};
    struct waker w2 = {0};
    struct waker w3 = {0};
    struct sse_wake wake = {waker_suspend, waker_resume, &w3};
    struct sse_client *idle;
    struct sse_client *busy;
    struct sse_client *late = NULL;
    ssize_t last;
    char buf[8];
    (void)state;

    idle = open_stream(hub, "display:1", 0, NULL, &w1);
    busy = open_stream(hub, "display:1", 0, NULL, &w2);
    free(drain(idle, &last));
    assert_true(w1.suspended);
    assert_true(sse_client_read(busy, buf, sizeof buf) > 0);
    sse_hub_close(hub, 0);
    /* the suspended one is resumed and ends; the busy one ends once it has
     * sent what it had */
    assert_false(w1.suspended);
    assert_int_equal(sse_client_read(idle, buf, sizeof buf), SSE_READ_END);
    free(drain(busy, &last));
    assert_int_equal(last, SSE_READ_END);
    assert_false(w2.suspended);
    assert_int_equal(sse_client_open(hub, "display:1", 0, NULL, "snapshot",
                                     "{}", &wake, &late),
                     STATUS_RETRY);
    sse_publish(hub, "display:1", "call", "{}");
    assert_int_equal(sse_position(hub, "display:1"), 0);
    sse_client_close(idle);
    sse_client_close(busy);
    sse_hub_free(&hub);
}

static void
test_keepalive_only_to_idle_streams(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w1 = {0};
    struct waker w2 = {0};
    struct sse_client *idle;
    struct sse_client *busy;
    ssize_t last;
    char *text;
    char buf[8];
    (void)state;

    idle = open_stream(hub, "display:1", 0, NULL, &w1);
    busy = open_stream(hub, "display:1", 0, NULL, &w2);
    free(drain(idle, &last));
    assert_true(sse_client_read(busy, buf, sizeof buf) > 0);
    sse_hub_keepalive(hub);
    assert_int_equal(w1.resumes, 1);
    text = drain(idle, &last);
    assert_string_equal(text, ": keep-alive\n\n");
    free(text);
    text = drain(busy, &last);
    assert_null(strstr(text, "keep-alive"));
    free(text);
    sse_client_close(idle);
    sse_client_close(busy);
    sse_hub_free(&hub);
}

static void
test_keepalive_ends_streams_whose_client_went(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w1 = {0};
    struct waker w2 = {0};
    struct sse_client *stayed;
    struct sse_client *went;
    ssize_t last;
    char *text;
    char buf[8];
    (void)state;

    stayed = open_stream(hub, "display:1", 0, NULL, &w1);
    went = open_stream(hub, "display:1", 0, NULL, &w2);
    free(drain(stayed, &last));
    free(drain(went, &last));
    w2.gone = true;
    sse_hub_keepalive(hub);
    assert_false(w2.suspended);
    assert_int_equal(sse_client_read(went, buf, sizeof buf), SSE_READ_ERROR);
    text = drain(stayed, &last);
    assert_string_equal(text, ": keep-alive\n\n");
    free(text);
    sse_client_close(went);
    assert_int_equal(sse_stream_count(hub), 1);
    sse_client_close(stayed);
    sse_hub_free(&hub);
}

static void
test_data_lines_and_bad_input(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w = {0};
    struct sse_client *c;
    ssize_t last;
    char *text;
    char *big;
    (void)state;

    c = open_stream(hub, "display:1", 0, NULL, &w);
    free(drain(c, &last));
    sse_publish(hub, "display:1", "call", "{\n\"a\": 1\r\n}");
    text = drain(c, &last);
    assert_non_null(strstr(text, "data: {\ndata: \"a\": 1\ndata: }\n\n"));
    free(text);
    /* refused: nothing published */
    sse_publish(hub, "display:1", "call\nid: 9", "{}");
    sse_publish(hub, "display 1", "call", "{}");
    sse_publish(hub, "display:1", "call", NULL);
    sse_publish(hub, "", "call", "{}");
    big = malloc(SSE_DATA_MAX + 2);
    assert_non_null(big);
    memset(big, 'x', SSE_DATA_MAX + 1);
    big[SSE_DATA_MAX + 1] = '\0';
    sse_publish(hub, "display:1", "call", big);
    free(big);
    sse_publish(NULL, "display:1", "call", "{}");
    assert_int_equal(sse_position(hub, "display:1"), 1);
    text = drain(c, &last);
    assert_string_equal(text, "");
    free(text);
    sse_client_close(c);
    sse_hub_free(&hub);
}

static int builds;

static char *
build_text(void *ctx)
{
    builds++;
    return ctx == NULL ? NULL : strdup(ctx);
}

static void
test_publish_built(void **state)
{
    struct sse_hub *hub = new_hub(10);
    struct waker w = {0};
    struct sse_client *c;
    ssize_t last;
    char *text;
    char data[] = "{\"v\":1}";
    char empty[] = "{}";
    (void)state;

    c = open_stream(hub, "display:1", 0, NULL, &w);
    free(drain(c, &last));
    builds = 0;
    sse_publish_built(hub, "display:1", "display", build_text, data);
    sse_publish_built(hub, "display:1", "display", build_text, NULL);
    sse_publish_built(NULL, "display:1", "display", build_text, empty);
    assert_int_equal(builds, 2);
    assert_int_equal(sse_position(hub, "display:1"), 1);
    text = drain(c, &last);
    assert_non_null(strstr(text, "event: display\ndata: {\"v\":1}\n\n"));
    free(text);
    sse_client_close(c);
    sse_hub_free(&hub);
}

struct publisher {
    struct sse_hub *hub;
    int n;
};

static void *
publish_many(void *arg)
{
    struct publisher *p = arg;
    for (int i = 0; i < p->n; i++) {
        sse_publish(p->hub, "display:1", "call", "{}");
    }
    return NULL;
}

/* Wake-ups from other threads: a reader that waits on a condition. */
struct thread_waker {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool suspended;
};

static void
thread_suspend(void *ctx)
{
    struct thread_waker *w = ctx;
    pthread_mutex_lock(&w->lock);
    w->suspended = true;
    pthread_mutex_unlock(&w->lock);
}

static void
thread_resume(void *ctx)
{
    struct thread_waker *w = ctx;
    pthread_mutex_lock(&w->lock);
    w->suspended = false;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

static void
test_publishers_on_threads(void **state)
{
    enum { THREADS = 4, EACH = 50 };
    struct sse_hub *hub = new_hub(10);
    struct thread_waker w = {PTHREAD_MUTEX_INITIALIZER,
                             PTHREAD_COND_INITIALIZER, false};
    struct sse_wake wake = {thread_suspend, thread_resume, &w};
    struct sse_client *c = NULL;
    struct publisher p = {hub, EACH};
    pthread_t threads[THREADS];
    struct buf out;
    uint64_t expect = 1;
    char buf[512];
    (void)state;

    assert_int_equal(
        sse_client_open(hub, "display:1", 0, NULL, "snapshot", "{}", &wake, &c),
        STATUS_OK);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, publish_many, &p),
                         0);
    }
    buf_init(&out, 0);
    while (sse_position(hub, "display:1") < THREADS * EACH ||
           strstr(out.data ? out.data : "", "-200\n") == NULL) {
        ssize_t n = sse_client_read(c, buf, sizeof buf);
        assert_true(n >= 0);
        if (n > 0) {
            assert_int_equal(buf_append(&out, buf, (size_t)n), STATUS_OK);
            continue;
        }
        pthread_mutex_lock(&w.lock);
        while (w.suspended) {
            pthread_cond_wait(&w.cond, &w.lock);
        }
        pthread_mutex_unlock(&w.lock);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
    }
    /* every event once, in order */
    for (const char *p2 = strstr(out.data, "\nid: "); p2 != NULL;
         p2 = strstr(p2 + 1, "\nid: ")) {
        const char *dash = strchr(p2 + 5, '-');
        assert_int_equal(strtoull(dash + 1, NULL, 10), expect);
        expect++;
    }
    assert_int_equal(expect, THREADS * EACH + 1);
    buf_clear(&out);
    sse_client_close(c);
    sse_hub_free(&hub);
}

static void
test_keepalive_thread_starts_and_stops(void **state)
{
    struct sse_hub *hub = NULL;
    (void)state;

    assert_int_equal(sse_hub_new(5, 1, &hub), STATUS_OK);
    sse_hub_close(hub, 0);
    sse_hub_free(&hub);
    sse_hub_free(&hub);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_event_id),
        cmocka_unit_test(test_snapshot_then_live_in_order),
        cmocka_unit_test(test_events_after_position_are_sent),
        cmocka_unit_test(test_replay_after_last_event_id),
        cmocka_unit_test(test_reset_when_replay_impossible),
        cmocka_unit_test(test_falling_behind_ends_the_stream),
        cmocka_unit_test(test_stream_limit),
        cmocka_unit_test(test_close_ends_streams),
        cmocka_unit_test(test_keepalive_only_to_idle_streams),
        cmocka_unit_test(test_keepalive_ends_streams_whose_client_went),
        cmocka_unit_test(test_data_lines_and_bad_input),
        cmocka_unit_test(test_publish_built),
        cmocka_unit_test(test_publishers_on_threads),
        cmocka_unit_test(test_keepalive_thread_starts_and_stops),
    };

    if (crypto_init() != STATUS_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}

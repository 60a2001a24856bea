/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Server-Sent Events: a hub of named channels ("display:1", "floor:1")
 * that handlers publish to after a committed change, and streams that hand
 * a GET request over to a text/event-stream response following a channel.
 *
 * Each channel numbers its events 1, 2, 3, ... and keeps the last
 * SSE_REPLAY_MAX of them. An event's id is "<run>-<n>": run is random per
 * hub (per server start), so that an id from before a restart is known as
 * such rather than taken for an event of this run. A stream sends, in
 * order: "retry:", the first event (a snapshot of the state, without an id
 * so that it does not move the client's position), then the events the
 * client missed when it came back with a Last-Event-ID of this run still
 * in the ring — or a "reset" event when they are no longer all kept — and
 * then live events. A stream reads events straight from the channel's
 * ring: publishing copies an event once, whatever the number of streams,
 * and a stream that falls SSE_REPLAY_MAX events behind is ended (the
 * client reconnects and gets a fresh snapshot) instead of growing memory.
 *
 * An idle stream holds neither a worker thread nor a database connection:
 * its connection is suspended until an event or a keep-alive comment is
 * due. */
#ifndef ONESTOP_HTTP_SSE_H
#define ONESTOP_HTTP_SSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/status.h"

struct http_request;
struct sse_hub;
struct sse_client;

/* Events kept per channel for replay; a stream this far behind is ended. */
#define SSE_REPLAY_MAX 256
/* Longest channel name, event name and event data (bytes). */
#define SSE_CHANNEL_MAX 64
#define SSE_EVENT_NAME_MAX 32
#define SSE_DATA_MAX (64 * 1024)
/* How long a closing server waits for its streams to end, in ms. */
#define SSE_CLOSE_WAIT_MS 2000
/* The reconnection delay sent to clients, in milliseconds. */
#define SSE_RETRY_MS 2000
/* Longest Last-Event-ID accepted: "<8 hex>-<up to 20 digits>". */
#define SSE_ID_TEXT 32

/* A new hub allowing max_streams streams at once, sending a keep-alive
 * comment to idle streams every keepalive_s seconds (0: never; a thread
 * does it otherwise). *out owns the hub: sse_hub_close, then
 * sse_hub_free once the HTTP server has stopped. */
enum status sse_hub_new(size_t max_streams, int keepalive_s,
                        struct sse_hub **out);
/* Ends every stream (each sends what it has, then its end of stream) and
 * refuses new ones and new events; waits up to wait_ms for the streams to
 * be gone. Call before stopping the HTTP server, which must not be stopped
 * with a stream's connection suspended. */
void sse_hub_close(struct sse_hub *hub, int wait_ms);
/* Frees the hub and clears *hub; NULL is fine. Every stream must have
 * ended (the HTTP server stopped) before. */
void sse_hub_free(struct sse_hub **hub);

/* Publishes an event on a channel: thread-safe, never waits for a client.
 * event is a short name ([a-z-]), data_json one JSON text (newlines are
 * sent as several data lines). hub may be NULL (no streams: nothing
 * happens). Bad names or oversized data are logged as our bug and
 * dropped. */
void sse_publish(struct sse_hub *hub, const char *channel, const char *event,
                 const char *data_json);
/* Publishes the JSON text build(ctx) returns (malloc'ed, freed here; NULL
 * publishes nothing), built under a lock that orders such events: when
 * build reads shared state (a display read from the database after a
 * commit), the event published last is the one read last, so that
 * concurrent changes never leave a stale state as the latest. hub may be
 * NULL (build is not called). */
void sse_publish_built(struct sse_hub *hub, const char *channel,
                       const char *event, char *(*build)(void *ctx), void *ctx);
/* The number of the channel's latest event (0 when none). A handler reads
 * it before reading its snapshot from the database: the stream then also
 * sends the events published after it, so that none falls between the
 * snapshot and the stream. */
uint64_t sse_position(struct sse_hub *hub, const char *channel);
/* How many streams are open. */
size_t sse_stream_count(struct sse_hub *hub);

/* Hands a GET request over to an event stream of channel (see above):
 * first_event/first_data is the snapshot, which reflects at least every
 * event up to position (from sse_position). Replies 503 with Retry-After
 * when the hub has max_streams streams or is closing. */
void sse_stream_from(struct http_request *req, const char *channel,
                     uint64_t position, const char *first_event,
                     const char *first_data);
/* The same with the channel's position now. */
void sse_stream(struct http_request *req, const char *channel,
                const char *first_event, const char *first_data);

/* What the HTTP glue needs of a stream, usable without a server (tests). */

/* Called with the hub's lock held: suspend when a stream has nothing to
 * send (from within its read), resume when it has again; gone (may be
 * NULL) tells, without waiting, whether the client of a suspended stream
 * has closed its end, which nothing else would notice until a write. */
struct sse_wake {
    void (*suspend)(void *ctx);
    void (*resume)(void *ctx);
    void *ctx;
    bool (*gone)(void *ctx);
};

/* sse_client_read results beside a byte count. */
#define SSE_READ_END ((ssize_t)-1)   /* all sent: end the stream */
#define SSE_READ_ERROR ((ssize_t)-2) /* fell behind: cut the stream */

/* Opens a stream of channel: the snapshot, then replay after last_event_id
 * (NULL when none was sent) or after position. *out is owned by the caller
 * and closed with sse_client_close. STATUS_RETRY when the hub is full or
 * closing; STATUS_INPUT for a bad channel or event name. */
enum status sse_client_open(struct sse_hub *hub, const char *channel,
                            uint64_t position, const char *last_event_id,
                            const char *first_event, const char *first_data,
                            const struct sse_wake *wake,
                            struct sse_client **out);
/* Copies up to max bytes of what the stream has to send into buf and
 * returns their number; SSE_READ_END or SSE_READ_ERROR; or 0 when there is
 * nothing to send now, after calling wake->suspend: wake->resume follows
 * when there is. */
ssize_t sse_client_read(struct sse_client *client, char *buf, size_t max);
/* Closes a stream; NULL is fine. */
void sse_client_close(struct sse_client *client);
/* Sends a keep-alive comment to every idle stream, and ends the idle
 * streams whose client has gone (the keep-alive thread calls it; tests
 * may too). */
void sse_hub_keepalive(struct sse_hub *hub);

/* Parses a Last-Event-ID "<8 hex>-<n>" of len bytes into *run and *seq;
 * false for anything else. */
bool sse_parse_event_id(const char *s, size_t len, uint32_t *run,
                        uint64_t *seq);

#endif

// SPDX-License-Identifier: AGPL-3.0-or-later
// The live event streams with a real event-stream client (tests/lib/
// event-stream.mjs): the display's stream (public) and the front desk's
// (staff), their headers, retry and snapshot first, keep-alive comments,
// refusals before a stream starts, the bound on open streams, many
// clients at once, Last-Event-ID after a server restart, and a server that
// stops promptly and cleanly with streams open.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { openEventStream } from '../lib/event-stream.mjs';
import {
    assertProblem, signInAs, stopAndCheck, assertNoSanitizerReports, sleep,
} from './support.mjs';

/** The bound on open streams of the test server. */
const MAX_STREAMS = 40;

let server;
let frontdesk;
let employer;
let location;

before(async () => {
    server = await startServer({
        args: ['--set', `server.max_streams=${MAX_STREAMS}`,
            '--set', 'server.stream_keepalive=1'],
    });
    frontdesk = await signInAs(server, 'frontdesk');
    employer = await signInAs(server, 'employer');
    const res = await fetch(`${server.url}/api/v1/locations`);
    location = (await res.json()).items[0];
});

after(async () => {
    await stopAndCheck(server);
});

function displayUrl(id = location.id) {
    return `${server.url}/api/v1/locations/${id}/display-events`;
}

function floorUrl(id = location.id) {
    return `${server.url}/api/v1/locations/${id}/floor-events`;
}

/** Opens a display stream and checks what every stream begins with. */
async function openDisplay(opts = {}) {
    const s = await openWhenRoom(displayUrl(), opts);
    assert.equal(s.status, 200, s.text);
    const first = await s.next();
    assert.ok(first, 'a first event');
    assert.equal(first.event, 'snapshot');
    assert.equal(s.retry(), 2000, 'retry: comes before the snapshot');
    return { s, first };
}

/** Opens a stream once there is room: the server notices a client that
 *  went away while idle by writing to it (its keep-alives), so streams
 *  closed by earlier tests may still count for a second or two. */
async function openWhenRoom(url, opts) {
    for (;;) {
        const s = await openEventStream(url, opts);
        if (s.status !== 503) {
            return s;
        }
        await sleep(200);
    }
}

test('the display stream: headers, retry, a snapshot first', async () => {
    const { s, first } = await openDisplay();
    assert.match(s.headers.get('content-type'), /^text\/event-stream/);
    assert.equal(s.headers.get('cache-control'), 'no-store');
    assert.equal(s.headers.get('x-accel-buffering'), 'no');
    // The snapshot carries no id: it does not move the client's position.
    assert.equal(first.id, null);
    assert.equal(first.json.locationId, location.id);
    assert.match(first.json.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(Array.isArray(first.json.desks));
    assert.ok(Array.isArray(first.json.recent));
    // Idle, it hears keep-alive comments.
    assert.ok(await s.nextComment(), 'a keep-alive comment');
    s.close();
});

test('refused before a stream starts: unknown location, roles', async () => {
    for (const id of [999999, 0, 'abc']) {
        const s = await openEventStream(displayUrl(id));
        assertProblem(s, 404);
        const f = await openEventStream(floorUrl(id), {
            cookie: frontdesk.cookie,
        });
        assertProblem(f, 404);
    }
    assertProblem(await openEventStream(floorUrl()), 401);
    assertProblem(await openEventStream(floorUrl(), {
        cookie: employer.cookie,
    }), 403);
    const s = await openEventStream(floorUrl(), { cookie: frontdesk.cookie });
    assert.equal(s.status, 200);
    const first = await s.next();
    assert.equal(first.event, 'snapshot');
    assert.equal(first.json.locationId, location.id);
    s.close();
});

test('a Last-Event-ID that cannot be replayed gets the snapshot and a reset',
    async () => {
        for (const id of ['deadbeef-5', 'garbage', '1', 'x'.repeat(500)]) {
            const { s } = await openDisplay({
                headers: { 'Last-Event-ID': id },
            });
            const reset = await s.next();
            assert.equal(reset.event, 'reset');
            assert.match(reset.id, /^[0-9a-f]{8}-\d+$/);
            s.close();
        }
    });

test('many clients at once, and the bound on open streams', async () => {
    // Earlier tests' streams may still count until their next keep-alive.
    const streams = [await openWhenRoom(displayUrl())];
    while (streams.length < MAX_STREAMS) {
        const s = await openEventStream(displayUrl());
        if (s.status === 503) {
            await sleep(200);
            continue;
        }
        assert.equal(s.status, 200);
        streams.push(s);
    }
    for (const s of streams) {
        const first = await s.next();
        assert.equal(first.event, 'snapshot');
    }
    const refused = await openEventStream(displayUrl());
    assertProblem(refused, 503);
    assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After');
    // Other requests are still answered.
    const health = await fetch(`${server.url}/api/v1/health`);
    assert.equal(health.status, 200);
    await health.arrayBuffer();
    // Room again once a client has gone.
    streams.pop().close();
    const again = await openWhenRoom(displayUrl());
    assert.equal((await again.next()).event, 'snapshot');
    streams.push(again);
    for (const s of streams) {
        s.close();
    }
});

test('a restart ends the streams; clients come back to a fresh server',
    async () => {
        const { s } = await openDisplay();
        await server.restart();
        assert.equal(await s.closed, 'end', 'the stream ended cleanly');
        assert.equal(await s.next(), null);
        // As EventSource would: again after retry, with the last id seen.
        const again = await openWhenRoom(displayUrl(), {
            headers: { 'Last-Event-ID': s.lastEventId() || 'deadbeef-1' },
        });
        assert.equal(again.status, 200);
        assert.equal((await again.next()).event, 'snapshot');
        const reset = await again.next();
        assert.equal(reset.event, 'reset', 'an id of the earlier run');
        again.close();
        assertNoSanitizerReports(server);
    });

test('the server stops promptly and cleanly with streams open', async () => {
    const open = [];
    for (let i = 0; i < 10; i++) {
        open.push((await openDisplay()).s);
    }
    // One that has read nothing beyond its headers, too.
    const stalled = await openEventStream(displayUrl());
    assert.equal(stalled.status, 200);
    const result = await server.stop();
    assert.deepEqual(result, { code: 0, signal: null },
        'exit status 0, not killed');
    for (const s of open) {
        assert.equal(await s.closed, 'end');
    }
    stalled.close();
    assertNoSanitizerReports(server);
});

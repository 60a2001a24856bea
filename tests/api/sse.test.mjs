// SPDX-License-Identifier: AGPL-3.0-or-later
// The live event streams with a real event-stream client (tests/lib/
// event-stream.mjs): the display's stream (public) and the front desk's
// (staff), their headers, retry and snapshot first, keep-alive comments,
// refusals before a stream starts; calls on the floor reaching every
// display in order with ids and without personal data; Last-Event-ID
// replay after a disconnect; a client that stops reading holding up
// nobody; the bound on open streams, many clients at once, Last-Event-ID
// after a server restart, and a server that stops promptly and cleanly
// with streams open. The floor runs in a time zone where it is morning
// (floor-support.mjs), at a location open all day.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { openEventStream } from '../lib/event-stream.mjs';
import net from 'node:net';
import {
    assertProblem, signInAs, stopAndCheck, assertNoSanitizerReports, sleep,
} from './support.mjs';
import {
    morningZone, floorServerArgs, ok, makeFloorLocation, makeOfficer,
    visitor,
} from './floor-support.mjs';

/** The bound on open streams of the test server. */
const MAX_STREAMS = 40;

let server;
let frontdesk;
let employer;
let admin;
let officer; // of the expat centre, for the floor location's intake desk
let location;
let floorLoc; // { location, desks } open all day

before(async () => {
    server = await startServer({
        args: floorServerArgs(morningZone(), [
            '--set', `server.max_streams=${MAX_STREAMS}`,
            '--set', 'server.stream_keepalive=1']),
    });
    frontdesk = await signInAs(server, 'frontdesk');
    employer = await signInAs(server, 'employer');
    admin = await signInAs(server, 'admin');
    const res = await fetch(`${server.url}/api/v1/locations`);
    location = (await res.json()).items[0];
    floorLoc = await makeFloorLocation(server, admin);
    officer = await makeOfficer(server, admin, 'expat-centre');
    await ok(server, officer, 'POST',
        `/api/v1/desks/${floorLoc.desks.intake.id}/open`);
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

/** A walk-in for the intake desk of the floor location. */
function walkIn(who = visitor('Display')) {
    return ok(server, frontdesk, 'POST', '/api/v1/walk-ins', {
        location: floorLoc.location.id, service: 'intake',
        givenNames: who.givenNames, surname: who.surname,
    }, 201);
}

/** The officer calls the next visitor to the intake desk. */
function callNext() {
    return ok(server, officer, 'POST',
        `/api/v1/desks/${floorLoc.desks.intake.id}/calls`, {}, 201);
}

function legStep(legId, action) {
    return ok(server, officer, 'POST',
        `/api/v1/visit-legs/${legId}/${action}`);
}

/** The sequence number of an event id "<run>-<n>". */
function seq(id) {
    const m = /^([0-9a-f]{8})-(\d+)$/.exec(id || '');
    assert.ok(m, `an event id: ${id}`);
    return Number(m[2]);
}

/** Reads events until one named name comes; fails on the end of stream. */
async function nextNamed(stream, name) {
    for (;;) {
        const ev = await stream.next();
        assert.ok(ev, `a ${name} event before the stream ended`);
        if (ev.event === name) {
            return ev;
        }
    }
}

async function openFloorDisplay(opts = {}) {
    const s = await openWhenRoom(displayUrl(floorLoc.location.id), opts);
    assert.equal(s.status, 200, s.text);
    const first = await s.next();
    assert.equal(first.event, 'snapshot');
    return { s, first };
}

test('a call reaches every display and the front desk, in order, with ids',
    async () => {
        const who = visitor('Private');
        const displays = [];
        for (let i = 0; i < 20; i++) {
            displays.push((await openFloorDisplay()).s);
        }
        const staff = await openWhenRoom(floorUrl(floorLoc.location.id),
            { cookie: frontdesk.cookie });
        assert.equal((await staff.next()).event, 'snapshot');

        const visit = await walkIn(who);
        const called = await callNext();
        const leg = called.calledLeg;
        assert.ok(leg > 0, 'a leg was called');
        await legStep(leg, 'recall');

        for (const d of displays) {
            const first = await nextNamed(d, 'display');
            const second = await nextNamed(d, 'display');
            assert.ok(seq(second.id) > seq(first.id), 'ids increase');
            const call = first.json.recent[0];
            assert.equal(call.ticket, visit.ticket);
            assert.equal(call.deskId, floorLoc.desks.intake.id);
            assert.deepEqual(call.desk,
                { en: 'Desk intake', nl: 'Balie intake' });
            assert.ok(first.json.desks.some(
                (x) => x.ticket === visit.ticket && x.state === 'called'));
            // The recall puts the ticket on the screen again.
            assert.equal(second.json.recent.length,
                first.json.recent.length + 1);
            for (const ev of [first, second]) {
                assert.ok(!ev.data.includes(who.surname) &&
                    !ev.data.includes(who.givenNames),
                    'no personal data on the display');
            }
            d.close();
        }
        // The front desk hears each step, ids only, in order.
        const kinds = [];
        let last = 0;
        while (!kinds.includes('recall')) {
            const ev = await nextNamed(staff, 'change');
            assert.ok(seq(ev.id) > last, 'ids increase');
            last = seq(ev.id);
            kinds.push(ev.json.kind);
            assert.ok(!ev.data.includes(who.surname), 'ids only');
            if (ev.json.kind === 'call') {
                assert.equal(ev.json.visitId, visit.id);
                assert.equal(ev.json.legId, leg);
            }
        }
        assert.deepEqual(kinds.slice(-2), ['call', 'recall']);
        staff.close();
        // Done with this visitor: the desk is free for the next test.
        await legStep(leg, 'start');
        await ok(server, officer, 'POST', `/api/v1/visit-legs/${leg}/complete`,
            {});
    });

test('after a disconnect, Last-Event-ID replays what was missed', async () => {
    const visit = await walkIn();
    const { s } = await openFloorDisplay();
    const called = await callNext();
    const seen = await nextNamed(s, 'display');
    s.close();
    // Missed while away: two recalls.
    await legStep(called.calledLeg, 'recall');
    await legStep(called.calledLeg, 'recall');
    const { s: back, first } = await openFloorDisplay({
        headers: { 'Last-Event-ID': seen.id },
    });
    assert.equal(first.json.recent[0].ticket, visit.ticket,
        'the snapshot is the state now');
    const one = await back.next();
    const two = await back.next();
    assert.deepEqual([one.event, two.event], ['display', 'display']);
    assert.deepEqual([seq(one.id), seq(two.id)],
        [seq(seen.id) + 1, seq(seen.id) + 2], 'the missed events, in order');
    assert.equal(two.json.recent.length, seen.json.recent.length + 2);
    // Up to date: coming back with the latest id replays nothing.
    back.close();
    const { s: again } = await openFloorDisplay({
        headers: { 'Last-Event-ID': two.id },
    });
    await legStep(called.calledLeg, 'recall');
    const next = await again.next();
    assert.equal(seq(next.id), seq(two.id) + 1);
    again.close();
    await legStep(called.calledLeg, 'start');
    await ok(server, officer, 'POST',
        `/api/v1/visit-legs/${called.calledLeg}/complete`, {});
});

/** A client that sends its request and then reads nothing at all. */
function stalledClient(urlPath, cookie) {
    return new Promise((resolve, reject) => {
        const socket = net.connect(server.port, '127.0.0.1', () => {
            socket.write(`GET ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
                `Accept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`);
            socket.pause();
            resolve(socket);
        });
        socket.on('error', reject);
    });
}

test('a client that stops reading holds up nobody', async () => {
    const path = `/api/v1/locations/${floorLoc.location.id}/floor-events`;
    const stalled = await stalledClient(path, frontdesk.cookie);
    const healthy = await openWhenRoom(`${server.url}${path}`,
        { cookie: frontdesk.cookie });
    assert.equal((await healthy.next()).event, 'snapshot');
    await walkIn();
    const called = await callNext();
    // Park and unpark, call again: three steps a round.
    const ROUNDS = 15;
    for (let i = 0; i < ROUNDS; i++) {
        await legStep(called.calledLeg, 'park');
        await legStep(called.calledLeg, 'unpark');
        await callNext();
    }
    let last = null;
    let n = 0;
    while (n < 2 + ROUNDS * 3) {
        const ev = await nextNamed(healthy, 'change');
        if (last !== null) {
            assert.equal(seq(ev.id), last + 1, 'every event, in order');
        }
        last = seq(ev.id);
        n += 1;
    }
    healthy.close();
    stalled.destroy();
    await legStep(called.calledLeg, 'start');
    await ok(server, officer, 'POST',
        `/api/v1/visit-legs/${called.calledLeg}/complete`, {});
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

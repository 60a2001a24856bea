// SPDX-License-Identifier: AGPL-3.0-or-later
// The floor as a real event-stream client sees it: each committed step is
// a "change" on the location's floor stream (ids only), and each call,
// recall and start reaches the waiting-room display as its new state —
// the ticket at its desk, the latest calls — with no names in it.
// (The display's own ordering and replay are tested in sse.test.mjs.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { openEventStream } from '../lib/event-stream.mjs';
import { signInAs, stopAndCheck } from './support.mjs';
import {
    morningZone, floorServerArgs, ok, makeFloorLocation, makeOfficer,
    visitor,
} from './floor-support.mjs';

let server;
let loc;
const s = {};

before(async () => {
    server = await startServer({ args: floorServerArgs(morningZone()) });
    s.admin = await signInAs(server, 'admin');
    s.frontdesk = await signInAs(server, 'frontdesk');
    s.expat = await makeOfficer(server, s.admin, 'expat-centre');
    loc = await makeFloorLocation(server, s.admin);
});

after(async () => {
    await stopAndCheck(server);
});

/** The next event of stream named name (skipping others). */
async function nextNamed(stream, name) {
    for (;;) {
        const ev = await stream.next();
        assert.ok(ev, `the stream ended before a ${name} event`);
        if (ev.event === name) {
            return ev;
        }
    }
}

test('calls reach the display and every step the floor stream', async () => {
    const base = `${server.url}/api/v1/locations/${loc.location.id}`;
    const display = await openEventStream(`${base}/display-events`);
    const staff = await openEventStream(`${base}/floor-events`,
        { cookie: s.frontdesk.cookie });
    try {
        assert.equal(display.status, 200);
        assert.equal(staff.status, 200);
        const first = await nextNamed(display, 'snapshot');
        assert.deepEqual(first.json.desks, []);
        await nextNamed(staff, 'snapshot');

        const who = visitor('Shown');
        const visit = await ok(server, s.frontdesk, 'POST', '/api/v1/walk-ins', {
            location: loc.location.id, service: 'intake',
            givenNames: who.givenNames, surname: who.surname,
        }, 201);
        const leg = visit.legs[0].id;
        let change = await nextNamed(staff, 'change');
        assert.equal(change.json.kind, 'walk-in');
        assert.equal(change.json.visitId, visit.id);

        const desk = loc.desks.intake;
        await ok(server, s.expat, 'POST', `/api/v1/desks/${desk.id}/open`);
        change = await nextNamed(staff, 'change');
        assert.equal(change.json.kind, 'desk-open');
        assert.equal(change.json.deskId, desk.id);

        await ok(server, s.expat, 'POST', `/api/v1/desks/${desk.id}/calls`,
            { leg }, 201);
        change = await nextNamed(staff, 'change');
        assert.deepEqual(change.json,
            { kind: 'call', visitId: visit.id, legId: leg, deskId: desk.id });
        let shown = await nextNamed(display, 'display');
        assert.equal(shown.json.desks.length, 1);
        assert.equal(shown.json.desks[0].ticket, visit.ticket);
        assert.equal(shown.json.desks[0].deskId, desk.id);
        assert.deepEqual(shown.json.desks[0].desk,
            { en: 'Desk intake', nl: 'Balie intake' });
        assert.equal(shown.json.recent[0].ticket, visit.ticket);
        assert.ok(!shown.data.includes(who.surname), 'no names on display');
        assert.ok(shown.id, 'display events have ids');

        await ok(server, s.expat, 'POST', `/api/v1/visit-legs/${leg}/recall`);
        shown = await nextNamed(display, 'display');
        assert.equal(shown.json.recent.length, 2);
        assert.equal((await nextNamed(staff, 'change')).json.kind, 'recall');

        // Started: served at the desk now; still among the latest calls.
        await ok(server, s.expat, 'POST', `/api/v1/visit-legs/${leg}/start`);
        shown = await nextNamed(display, 'display');
        assert.equal(shown.json.desks[0].state, 'serving');
        assert.equal(shown.json.recent[0].ticket, visit.ticket);
        assert.equal((await nextNamed(staff, 'change')).json.kind, 'start');

        await ok(server, s.expat, 'POST',
            `/api/v1/visit-legs/${leg}/complete`, {});
        change = await nextNamed(staff, 'change');
        assert.equal(change.json.kind, 'complete');
        assert.equal(change.json.legId, leg);
    } finally {
        display.close();
        staff.close();
    }
});

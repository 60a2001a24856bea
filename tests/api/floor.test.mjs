// SPDX-License-Identifier: AGPL-3.0-or-later
// The day on the floor: check-in by code and its refusals, the expected
// visitors, a visitor's whole visit through three desks with every stamp in
// order, each transition of a leg and each refused one (changing nothing),
// officers limited to their agency's desks, and bad bodies naming the
// field. The server's "today" is a morning in a time zone chosen for it
// (floor-support.mjs), at a location open every day, so the tests pass on
// any day and at any hour.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import {
    assertProblem, assertInvalid, signInAs, stopAndCheck, runOnestop,
} from './support.mjs';
import {
    morningZone, todayIn, floorServerArgs, as, ok, makeFloorLocation,
    makeOfficer, visitor, bookToday,
} from './floor-support.mjs';
import { addDays } from './booking-support.mjs';

let server;
let zone;
let today;
let loc; // { location, desks }
const s = {}; // sessions: admin, frontdesk, manager, employer, muni, expat, ind

before(async () => {
    zone = morningZone();
    server = await startServer({ args: floorServerArgs(zone) });
    today = todayIn(zone);
    for (const role of ['admin', 'frontdesk', 'manager', 'employer']) {
        s[role] = await signInAs(server, role);
    }
    s.muni = await signInAs(server, 'officer'); // the demo's municipal one
    s.expat = await makeOfficer(server, s.admin, 'expat-centre');
    s.ind = await makeOfficer(server, s.admin, 'ind');
    loc = await makeFloorLocation(server, s.admin, [
        { code: 'intake-2', agency: 'expat-centre', services: ['intake'] },
    ]);
});

after(async () => {
    await stopAndCheck(server);
});

function floor() {
    return ok(server, s.frontdesk, 'GET',
        `/api/v1/floor?location=${loc.location.id}&date=${today}`);
}

function checkIn(code, extra = {}) {
    return as(server, s.frontdesk, 'POST', '/api/v1/check-ins',
        { code, ...extra });
}

async function openDesk(code, session) {
    return ok(server, session, 'POST',
        `/api/v1/desks/${loc.desks[code].id}/open`);
}

function call(code, session, body = {}) {
    return as(server, session, 'POST',
        `/api/v1/desks/${loc.desks[code].id}/calls`, body);
}

function step(legId, action, session, body) {
    return as(server, session, 'POST',
        `/api/v1/visit-legs/${legId}/${action}`, body);
}

async function walkIn(service = 'intake', who = visitor('Walk-in')) {
    return ok(server, s.frontdesk, 'POST', '/api/v1/walk-ins', {
        location: loc.location.id, service,
        givenNames: who.givenNames, surname: who.surname,
    }, 201);
}

/** The visit of the floor overview with this id. */
async function visitOf(id) {
    const day = await floor();
    return day.visits.find((v) => v.id === id);
}

test('check-in by code: a ticket and the first leg in its queue', async () => {
    const booking = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake,brp-registration');
    const expected = await ok(server, s.frontdesk, 'GET',
        `/api/v1/expected-visitors?location=${loc.location.id}` +
        `&q=${encodeURIComponent(booking.surname || '')}`);
    const item = expected.items.find((i) => i.code === booking.code);
    assert.ok(item, `the booking is expected: ${JSON.stringify(expected)}`);
    // Booked for now or later: neither late nor a no-show.
    assert.equal(item.late, false);
    assert.equal(item.noShowDue, false);
    assert.match(item.firstAppointment, /^\d\d:\d\d$/);

    // Typed in lower case with a space: still the code.
    const typed = `${booking.code.slice(0, 4).toLowerCase()} ` +
        booking.code.slice(4);
    const res = await checkIn(typed, { location: loc.location.id });
    assert.equal(res.status, 201, res.text);
    const visit = res.json;
    assert.match(visit.ticket, /^A\d{3}$/);
    assert.equal(visit.booking, booking.code);
    assert.equal(visit.state, 'waiting');
    assert.equal(visit.legs.length, 2);
    assert.equal(visit.legs[0].state, 'waiting');
    assert.equal(visit.legs[1].state, 'pending');
    assert.equal(visit.legs[0].queuedAt, visit.arrivedAt);
    assert.equal(visit.legs[0].service.code, 'intake');
    assert.ok(visit.legs[0].appointmentAt, 'the appointment is kept');

    // Checked in: no longer expected; checking in twice is refused.
    const after1 = await ok(server, s.frontdesk, 'GET',
        `/api/v1/expected-visitors?location=${loc.location.id}`);
    assert.ok(!after1.items.some((i) => i.code === booking.code));
    const before = await floor();
    assertProblem(await checkIn(booking.code), 409, 'already-checked-in');
    const again = await floor();
    assert.equal(again.visits.length, before.visits.length);
});

test('a checked-in booking is neither cancelled nor moved: the floor changes it', async () => {
    const booking = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake');
    assert.equal((await checkIn(booking.code)).status, 201);
    const path = `/api/v1/bookings/${booking.code}`;
    for (const who of [s.frontdesk, s.admin]) {
        const p = assertProblem(await as(server, who, 'DELETE', path), 409,
            'conflict');
        assert.match(p.detail, /checked in/);
    }
    const av = await ok(server, s.frontdesk, 'GET',
        `/api/v1/availability?location=${loc.location.id}&date=${today}` +
        '&services=intake&persons=1');
    const moved = assertProblem(await as(server, s.frontdesk, 'PUT',
        `${path}/itinerary`, { option: av.options.at(-1).token }), 409,
    'conflict');
    assert.match(moved.detail, /checked in/);
    const still = await ok(server, s.frontdesk, 'GET', path);
    assert.equal(still.status, 'booked');
    assert.deepEqual(still.legs.map((l) => l.startsAt),
        booking.legs.map((l) => l.startsAt));
});

test('check-in refusals change nothing', async () => {
    const before = await floor();
    // No such code.
    assertProblem(await checkIn('ZZZZZZZZ'), 404);
    // Not a code at all.
    assertInvalid(await checkIn('12'), 'code');
    assertInvalid(await as(server, s.frontdesk, 'POST', '/api/v1/check-ins',
        { code: 7 }), 'code');
    // A booking of another location.
    const booking = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake');
    const other = await checkIn(booking.code, { location: 1 });
    assertProblem(other, 422, 'other-location');
    // A cancelled booking.
    const cancelled = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake');
    await ok(server, s.frontdesk, 'DELETE',
        `/api/v1/bookings/${cancelled.code}`);
    assertProblem(await checkIn(cancelled.code), 409, 'gone');
    // A booking of another day names its date.
    const tomorrow = addDays(today, 1);
    const later = await bookToday(server, s.frontdesk, loc.location.id,
        tomorrow, 'intake');
    const p = assertProblem(await checkIn(later.code), 422, 'not-today');
    assert.match(p.detail, new RegExp(tomorrow));
    const after1 = await floor();
    assert.equal(after1.visits.length, before.visits.length);
    // Only the front desk (and above) checks in.
    assertProblem(await as(server, s.muni, 'POST', '/api/v1/check-ins',
        { code: booking.code }), 403);
    assertProblem(await as(server, null, 'POST', '/api/v1/check-ins',
        { code: booking.code }), 401);
});

test('one visitor through three desks, every stamp in order', async () => {
    const booking = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake,brp-registration,ind-collect');
    let visit = (await checkIn(booking.code)).json;
    await openDesk('intake', s.expat);
    await openDesk('brp-a', s.muni);
    await openDesk('ind', s.ind);
    const where = {
        intake: ['intake', s.expat, {}],
        'brp-registration': ['brp-a', s.muni, { outcome: {
            bsnIssued: false, reason: 'Birth certificate not legalised' } }],
        'ind-collect': ['ind', s.ind, { outcome: {
            documentHandedOver: true } }],
    };
    // The planner orders the legs; each is served at its desk in turn,
    // called by its id (the desk may have other visitors waiting).
    for (let i = 0; i < 3; i++) {
        const leg = visit.legs[i];
        assert.equal(leg.state, 'waiting', `leg ${i} is in its queue`);
        const [desk, officer, body] = where[leg.service.code];
        const q = await ok(server, officer, 'GET',
            `/api/v1/desks/${loc.desks[desk].id}/queue`);
        assert.ok(q.items.some((it) => it.leg === leg.id),
            `leg ${i} in the queue of ${desk}`);
        const called = await call(desk, officer, { leg: leg.id });
        assert.equal(called.status, 201, called.text);
        assert.equal(called.json.calledLeg, leg.id);
        assert.equal(called.json.legs[i].state, 'called');
        assert.equal(called.json.legs[i].calledDesk.id, loc.desks[desk].id);
        const started = await step(leg.id, 'start', officer);
        assert.equal(started.status, 200, started.text);
        assert.equal(started.json.legs[i].state, 'serving');
        const done = await step(leg.id, 'complete', officer, body);
        assert.equal(done.status, 200, done.text);
        visit = done.json;
        assert.equal(visit.legs[i].state, 'done');
        if (i < 2) {
            // The next leg is in its queue at once.
            assert.equal(visit.legs[i + 1].state, 'waiting');
            assert.equal(visit.legs[i + 1].queuedAt, visit.legs[i].endedAt);
        }
    }
    const byService = Object.fromEntries(
        visit.legs.map((l) => [l.service.code, l]));
    assert.equal(byService.intake.outcomeResult, 'served');
    assert.equal(byService['brp-registration'].outcomeResult,
        'bsn_not_issued');
    assert.deepEqual(byService['brp-registration'].outcome,
        { bsnIssued: false, reason: 'Birth certificate not legalised' });
    assert.equal(byService['ind-collect'].outcomeResult,
        'document_handed_over');
    assert.equal(visit.state, 'departed');

    const t = (x) => Date.parse(x);
    assert.ok(t(visit.arrivedAt) <= t(visit.legs[0].queuedAt));
    for (const [i, leg] of visit.legs.entries()) {
        assert.ok(t(leg.queuedAt) <= t(leg.calledAt), `leg ${i} called`);
        assert.ok(t(leg.calledAt) <= t(leg.startedAt), `leg ${i} started`);
        assert.ok(t(leg.startedAt) <= t(leg.endedAt), `leg ${i} ended`);
        if (i > 0) {
            assert.equal(leg.queuedAt, visit.legs[i - 1].endedAt);
        }
    }
    assert.equal(visit.departedAt, visit.legs[2].endedAt);
    assert.ok(visit.inBuildingSeconds >= 0);
    const seen = await visitOf(visit.id);
    assert.equal(seen.state, 'departed');
});

test('refused transitions answer 409 with the reason and change nothing', async () => {
    await openDesk('intake', s.expat);
    const visit = await walkIn();
    const leg = visit.legs[0].id;
    // Completing a leg that was never called, nor started.
    let p = assertProblem(await step(leg, 'complete', s.expat, {}), 409,
        'transition-refused');
    assert.match(p.detail, /cannot complete/);
    assert.equal((await visitOf(visit.id)).legs[0].state, 'waiting');
    const called = await call('intake', s.expat, { leg });
    assert.equal(called.status, 201, called.text);
    // Called, not started: still not completed.
    p = assertProblem(await step(leg, 'complete', s.expat, {}), 409,
        'transition-refused');
    assert.match(p.detail, /cannot complete a leg that was never started/);
    // Unpark what is not parked.
    assertProblem(await step(leg, 'unpark', s.expat), 409,
        'transition-refused');
    // A no-show before the recalls.
    assertProblem(await step(leg, 'no-show', s.expat), 409,
        'transition-refused');
    // Another call at the same desk while one is called.
    assertProblem(await call('intake', s.expat), 409, 'desk-busy');
    // Closing the desk with someone called.
    assertProblem(await as(server, s.expat, 'POST',
        `/api/v1/desks/${loc.desks.intake.id}/close`), 409, 'desk-busy');
    const now = await visitOf(visit.id);
    assert.equal(now.legs[0].state, 'called');
    assert.equal(now.legs[0].recalls, 0);
    // Finish it so the desk is free for the other tests.
    assert.equal((await step(leg, 'start', s.expat)).status, 200);
    assert.equal((await step(leg, 'complete', s.expat,
        { outcome: { served: true } })).status, 200);
});

test('calling at a closed desk is refused', async () => {
    const desk = loc.desks['brp-b'];
    const res = await as(server, s.muni, 'POST',
        `/api/v1/desks/${desk.id}/calls`, {});
    assertProblem(res, 409, 'desk-closed');
});

test('recall, no-show after the recalls, park and unpark, transfer, cancel', async () => {
    await openDesk('intake', s.expat);
    await openDesk('intake-2', s.expat);
    // Recalls, then a no-show.
    const a = await walkIn();
    const la = a.legs[0].id;
    assert.equal((await call('intake', s.expat, { leg: la })).status, 201);
    let v = (await step(la, 'recall', s.expat)).json;
    assert.equal(v.legs[0].recalls, 1);
    v = (await step(la, 'recall', s.expat)).json;
    assert.equal(v.legs[0].recalls, 2);
    v = (await step(la, 'no-show', s.expat)).json;
    assert.equal(v.legs[0].state, 'no_show');
    assert.equal(v.state, 'departed');

    // Park after the start, unpark back into the queue for the same desk.
    const b = await walkIn();
    const lb = b.legs[0].id;
    assert.equal((await call('intake', s.expat, { leg: lb })).status, 201);
    assert.equal((await step(lb, 'start', s.expat)).status, 200);
    v = (await step(lb, 'park', s.expat)).json;
    assert.equal(v.legs[0].state, 'parked');
    v = (await step(lb, 'unpark', s.expat)).json;
    assert.equal(v.legs[0].state, 'waiting');
    assert.equal(v.legs[0].desk.id, loc.desks.intake.id);

    // The front desk moves them to the other intake desk: only its queue.
    v = (await step(lb, 'transfer', s.frontdesk,
        { desk: loc.desks['intake-2'].id })).json;
    assert.equal(v.legs[0].state, 'waiting');
    assert.equal(v.legs[0].transfers, 1);
    const q2 = await ok(server, s.expat, 'GET',
        `/api/v1/desks/${loc.desks['intake-2'].id}/queue`);
    assert.ok(q2.items.some((i) => i.leg === lb && i.forThisDesk),
        JSON.stringify([q2, v]));
    const q1 = await ok(server, s.expat, 'GET',
        `/api/v1/desks/${loc.desks.intake.id}/queue`);
    assert.ok(!q1.items.some((i) => i.leg === lb));
    // A desk that does not perform the service is refused.
    assertProblem(await step(lb, 'transfer', s.frontdesk,
        { desk: loc.desks['brp-a'].id }), 409, 'transition-refused');
    // Cancel: the visit is over.
    v = (await step(lb, 'cancel', s.frontdesk)).json;
    assert.equal(v.legs[0].state, 'cancelled');
    assert.equal(v.state, 'departed');
    assertProblem(await step(lb, 'cancel', s.frontdesk), 409,
        'transition-refused');
});

test('a visitor leaving early: the rest of the visit ends', async () => {
    const booking = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake,brp-registration');
    const visit = (await checkIn(booking.code)).json;
    const res = await as(server, s.frontdesk, 'POST',
        `/api/v1/visits/${visit.id}/departure`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.state, 'departed');
    assert.deepEqual(res.json.legs.map((l) => l.state), ['no_show', 'no_show']);
    assert.ok(res.json.departedAt);
    assertProblem(await as(server, s.frontdesk, 'POST',
        `/api/v1/visits/${visit.id}/departure`), 409, 'transition-refused');
});

test('officers act only at the desks of their own agency', async () => {
    const desk = loc.desks['brp-a'];
    assertProblem(await as(server, s.ind, 'POST',
        `/api/v1/desks/${desk.id}/open`), 403);
    assertProblem(await as(server, s.ind, 'POST',
        `/api/v1/desks/${desk.id}/calls`, {}), 403);
    // A municipal leg in the queue: an IND officer cannot start it.
    await openDesk('intake', s.expat);
    const visit = await walkIn();
    const leg = visit.legs[0].id;
    assertProblem(await step(leg, 'cancel', s.ind), 403);
    assert.equal((await visitOf(visit.id)).legs[0].state, 'waiting');
    assert.equal((await step(leg, 'cancel', s.expat)).status, 200);
});

test('bad bodies name the field and change nothing', async () => {
    await openDesk('intake', s.expat);
    await openDesk('brp-a', s.muni);
    const visit = await walkIn('brp-registration');
    const leg = visit.legs[0].id;
    assertInvalid(await call('brp-a', s.muni, { leg: 'x' }), 'leg');
    assertInvalid(await call('brp-a', s.muni, { next: true }), 'next');
    assert.equal((await call('brp-a', s.muni, { leg })).status, 201);
    assert.equal((await step(leg, 'start', s.muni)).status, 200);
    // A registration needs its outcome.
    assertInvalid(await step(leg, 'complete', s.muni, {}), 'outcome');
    assertInvalid(await step(leg, 'complete', s.muni,
        { outcome: { bsnIssued: true, bsn: '123456789' } }), 'outcome.bsn');
    assertInvalid(await step(leg, 'complete', s.muni,
        { outcome: { bsnIssued: 'yes' } }), 'outcome.bsnIssued');
    assertInvalid(await step(leg, 'complete', s.muni,
        { outcome: { bsnIssued: false } }), 'outcome.reason');
    assertInvalid(await step(leg, 'complete', s.muni,
        { outcome: { documentHandedOver: true } }),
    'outcome.documentHandedOver');
    assertInvalid(await step(leg, 'transfer', s.muni, { desk: 'brp-b' }),
        'desk');
    assertInvalid(await step(leg, 'transfer', s.muni, { desk: 999999 }),
        'desk');
    assertInvalid(await as(server, s.frontdesk, 'POST', '/api/v1/walk-ins', {
        location: loc.location.id, service: 'intake', givenNames: 'X',
    }), 'surname');
    assertInvalid(await as(server, s.frontdesk, 'POST', '/api/v1/walk-ins', {
        location: loc.location.id, service: 'no-such-service',
        givenNames: 'X', surname: 'Y',
    }), 'service');
    const now = await visitOf(visit.id);
    assert.equal(now.legs[0].state, 'serving');
    assert.equal(now.legs[0].outcome, null);
    assert.equal((await step(leg, 'complete', s.muni,
        { outcome: { bsnIssued: false, reason: 'Came for information' } }))
        .status, 200);
});

test('walk-ins are refused when the open desks cannot take them today', async () => {
    // A service of eight hours at one desk: one fits in what is left of
    // the day, a second does not.
    await ok(server, s.admin, 'POST', '/api/v1/services', {
        code: 'floor-long', agency: 'expat-centre',
        name: { en: 'Long service', nl: 'Lange dienst' }, minutes: 480,
        bookableBy: ['frontdesk'],
    }, 201);
    const extra = await makeFloorLocation(server, s.admin, [
        { code: 'long', agency: 'expat-centre', services: ['floor-long'] },
    ]);
    const body = (who) => ({
        location: extra.location.id, service: 'floor-long',
        givenNames: who.givenNames, surname: who.surname,
    });
    const first = await as(server, s.frontdesk, 'POST', '/api/v1/walk-ins',
        body(visitor()));
    assert.equal(first.status, 201, first.text);
    assert.match(first.json.ticket, /^W\d{3}$/);
    const second = await as(server, s.frontdesk, 'POST', '/api/v1/walk-ins',
        body(visitor()));
    assertProblem(second, 409, 'no-capacity');
    const day = await ok(server, s.frontdesk, 'GET',
        `/api/v1/floor?location=${extra.location.id}`);
    assert.equal(day.visits.length, 1);
});

test('the overview: desks, queues and who is served', async () => {
    await openDesk('intake', s.expat);
    const visit = await walkIn();
    const day = await floor();
    const intake = day.desks.find((d) => d.id === loc.desks.intake.id);
    assert.equal(intake.state, 'open');
    assert.ok(intake.queueLength >= 1);
    const seen = day.visits.find((v) => v.id === visit.id);
    assert.equal(seen.state, 'waiting');
    assert.equal(seen.walkIn, true);
    assert.ok(seen.waitingSeconds >= 0);
    const called = await call('intake', s.expat, { leg: visit.legs[0].id });
    assert.equal(called.status, 201, called.text);
    const day2 = await floor();
    const intake2 = day2.desks.find((d) => d.id === loc.desks.intake.id);
    assert.equal(intake2.serving.ticket, visit.ticket);
    assert.equal((await step(visit.legs[0].id, 'cancel', s.frontdesk)).status,
        200);
    // Closing a desk: calling there is refused afterwards.
    await ok(server, s.expat, 'POST',
        `/api/v1/desks/${loc.desks['intake-2'].id}/close`);
    assertProblem(await call('intake-2', s.expat), 409, 'desk-closed');
});

test('[floor] rules are checked when the server starts', async () => {
    const db = `${server.dir}/rules.db`;
    let run = await runOnestop(['serve', '--db', db, '--listen',
        '127.0.0.1:0', '--set', 'floor.grace_minutes=40',
        '--set', 'floor.no_show_minutes=30']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /floor\.no_show_minutes/);
    run = await runOnestop(['serve', '--db', db, '--listen', '127.0.0.1:0',
        '--set', 'floor.recalls_before_no_show=10']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /recalls_before_no_show/);
    run = await runOnestop(['serve', '--dump-config']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /\[floor\][^[]*grace_minutes = 10/);
});

/** The minute of the day now in the server's zone. */
function minuteNow() {
    const [h, m] = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).format(new Date()).split(':').map(Number);
    return h * 60 + m;
}

/** Moves a booking's (single) leg to start at minute today: the tests
 *  cannot wait for an appointment to pass, so they move it into the past
 *  in the database itself. */
function moveAppointment(code, minute) {
    execFileSync('sqlite3', [server.dbPath,
        `UPDATE booking_legs SET starts_at = ${minute}, ends_at = ` +
        `${minute + 15} WHERE booking_id = (SELECT id FROM bookings WHERE ` +
        `code = '${code}')`]);
}

test('late arrivals queue behind walk-ins; on-time ones ahead of them', async () => {
    const onTime = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake');
    const late = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake');
    const now = minuteNow();
    moveAppointment(onTime.code, now - 5); // within the 10 minutes' grace
    moveAppointment(late.code, now - 45); // past grace and no-show time
    const expected = await ok(server, s.frontdesk, 'GET',
        `/api/v1/expected-visitors?location=${loc.location.id}`);
    const e = (code) => expected.items.find((i) => i.code === code);
    assert.equal(e(onTime.code).late, false);
    assert.equal(e(onTime.code).noShowDue, false);
    assert.equal(e(late.code).late, true);
    assert.equal(e(late.code).noShowDue, true);

    const walk = await walkIn();
    // A second later, so that the walk-in queued strictly first.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const vLate = (await checkIn(late.code)).json;
    assert.equal(vLate.late, true);
    const vOnTime = (await checkIn(onTime.code)).json;
    assert.equal(vOnTime.late, false);
    const q = await ok(server, s.expat, 'GET',
        `/api/v1/desks/${loc.desks.intake.id}/queue`);
    const at = (visit) => q.items.findIndex((i) => i.visit === visit.id);
    assert.ok(at(vOnTime) >= 0 && at(walk) >= 0 && at(vLate) >= 0,
        JSON.stringify(q));
    assert.ok(at(vOnTime) < at(walk), 'a due appointment comes first');
    assert.ok(at(walk) < at(vLate), 'a late visitor lost their place');
    assert.equal(q.items[at(vLate)].late, true);
    for (const v of [walk, vLate, vOnTime]) {
        await ok(server, s.frontdesk, 'POST',
            `/api/v1/visits/${v.id}/departure`);
    }
});

// SPDX-License-Identifier: AGPL-3.0-or-later
// The BSN of a registration on the floor: recorded as the BRP issued it or
// issued from the pool (onestop import-bsns fills it), sealed (the number
// is nowhere in the database file or its WAL), shown to the newcomer with
// the booking's token, to a municipal desk officer who says why (audited),
// and to nobody else — they see only that it was issued.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import {
    assertProblem, assertInvalid, signInAs, stopAndCheck, runOnestop,
} from './support.mjs';
import {
    morningZone, todayIn, floorServerArgs, as, ok, makeFloorLocation,
    makeOfficer, bookToday,
} from './floor-support.mjs';

let server;
let today;
let loc;
const s = {};

/** A valid BSN (11-proof) made of random digits, different each call. */
const made = new Set();
function randomBsn() {
    for (;;) {
        const d = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10));
        d[0] = 1 + Math.floor(Math.random() * 9);
        const sum = d.reduce((acc, x, i) => acc + (9 - i) * x, 0);
        const last = sum % 11;
        const bsn = d.join('') + String(last);
        if (last < 10 && !made.has(bsn)) {
            made.add(bsn);
            return bsn;
        }
    }
}

before(async () => {
    const zone = morningZone();
    server = await startServer({ args: floorServerArgs(zone) });
    today = todayIn(zone);
    s.admin = await signInAs(server, 'admin');
    s.frontdesk = await signInAs(server, 'frontdesk');
    s.muni = await signInAs(server, 'officer');
    s.ind = await makeOfficer(server, s.admin, 'ind');
    loc = await makeFloorLocation(server, s.admin);
    await ok(server, s.muni, 'POST', `/api/v1/desks/${loc.desks['brp-a'].id}/open`);
});

after(async () => {
    await stopAndCheck(server);
});

/** A booked registration of today, checked in, called and started at
 *  brp-a: { booking, visit, leg }. */
async function registrationServed() {
    const booking = await bookToday(server, s.frontdesk, loc.location.id,
        today, 'intake,brp-registration');
    const visit = await ok(server, s.frontdesk, 'POST', '/api/v1/check-ins',
        { code: booking.code }, 201);
    // The registration follows the intake, which the front desk takes off
    // the visit here: the registration joins its queue at once.
    assert.equal(visit.legs[0].service.code, 'intake');
    await ok(server, s.frontdesk, 'POST',
        `/api/v1/visit-legs/${visit.legs[0].id}/cancel`);
    const leg = visit.legs[1].id;
    await ok(server, s.muni, 'POST',
        `/api/v1/desks/${loc.desks['brp-a'].id}/calls`, { leg }, 201);
    await ok(server, s.muni, 'POST', `/api/v1/visit-legs/${leg}/start`);
    return { booking, visit, leg };
}

function complete(leg, outcome) {
    return as(server, s.muni, 'POST', `/api/v1/visit-legs/${leg}/complete`,
        { outcome });
}

function getBooking(code, session, headers = {}, query = '') {
    return as(server, session, 'GET', `/api/v1/bookings/${code}${query}`,
        undefined, headers);
}

/** Fails when the number is in the database file or its WAL. */
function assertNotStored(bsn) {
    for (const file of [server.dbPath, `${server.dbPath}-wal`]) {
        if (existsSync(file)) {
            const bytes = readFileSync(file);
            assert.equal(bytes.indexOf(Buffer.from(bsn)), -1,
                `the BSN is in ${path.basename(file)} in plain text`);
        }
    }
}

test('a BSN recorded as issued: sealed, shown to the newcomer and audited staff reads', async () => {
    const { booking, leg } = await registrationServed();
    const bsn = randomBsn();
    const res = await complete(leg, { bsnIssued: true, bsn });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.legs[1].outcome,
        { bsnIssued: true, fromPool: false });
    assert.equal(res.json.legs[1].outcomeResult, 'bsn_issued');
    assert.ok(!res.text.includes(bsn), 'the answer does not repeat it');

    // The newcomer, with the booking's token, sees the number.
    const own = await getBooking(booking.code, null,
        { 'Booking-Token': booking.token });
    assert.equal(own.status, 200, own.text);
    assert.equal(own.json.bsnIssued, true);
    assert.equal(own.json.bsn, bsn);
    // The front desk sees that it was issued, not the number, and may not
    // ask for it.
    const desk = await getBooking(booking.code, s.frontdesk);
    assert.equal(desk.json.bsnIssued, true);
    assert.equal(desk.json.bsn, undefined);
    assertProblem(await getBooking(booking.code, s.frontdesk, {},
        '?reason=Curious'), 403);
    assertProblem(await getBooking(booking.code, s.ind, {},
        '?reason=Checking'), 403);
    // A municipal officer sees it when saying why; the read is audited.
    const plain = await getBooking(booking.code, s.muni);
    assert.equal(plain.json.bsn, undefined);
    assertInvalid(await getBooking(booking.code, s.muni, {}, '?reason=x'),
        'reason');
    const why = 'Correcting the BRP record';
    const read = await getBooking(booking.code, s.muni, {},
        `?reason=${encodeURIComponent(why)}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.json.bsn, bsn);
    const audit = await ok(server, s.admin, 'GET',
        '/api/v1/audit-events?limit=20');
    const event = audit.items.find((e) => e.action === 'booking.read-bsn');
    assert.ok(event, `an audit event of the read: ${JSON.stringify(audit)}`);
    assert.equal(event.actor, server.logins.officer.username);
    assert.match(event.object, /^booking:\d+$/);
    assert.equal(event.detail, why);
    assert.ok(!JSON.stringify(audit).includes(bsn), 'no number in the log');

    // The same number for someone else is refused, changing nothing.
    const other = await registrationServed();
    assertProblem(await complete(other.leg, { bsnIssued: true, bsn }), 409,
        'conflict');
    const again = await ok(server, s.frontdesk, 'GET',
        `/api/v1/floor?location=${loc.location.id}`);
    const seen = again.visits.find((v) => v.id === other.visit.id);
    assert.equal(seen.legs[1].state, 'serving');
    assert.equal((await complete(other.leg,
        { bsnIssued: false, reason: 'Passport expired' })).status, 200);
    assertNotStored(bsn);
});

test('BSNs issued from the pool, until it is empty', async () => {
    const numbers = [randomBsn(), randomBsn()];
    const file = path.join(server.dir, 'pool.txt');
    // A list with a bad line adds nothing.
    writeFileSync(file, `${numbers[0]}\n123456789\n`);
    let run = await runOnestop(['import-bsns', file, '--db', server.dbPath,
        '--key', server.keyPath]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /line 2/);
    writeFileSync(file, numbers.join('\n') + '\n');
    run = await runOnestop(['import-bsns', file, '--db', server.dbPath,
        '--key', server.keyPath, '--batch', 'MAA-2026-12']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Added 2 numbers/);
    assert.ok(!run.stdout.includes(numbers[0]), 'numbers are not printed');

    const issued = [];
    for (let i = 0; i < 2; i++) {
        const { booking, leg } = await registrationServed();
        const res = await complete(leg, { bsnIssued: true, fromPool: true });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json.legs[1].outcome,
            { bsnIssued: true, fromPool: true });
        assert.ok(numbers.includes(res.json.issuedBsn),
            'the officer is shown the number to hand over');
        issued.push(res.json.issuedBsn);
        const own = await getBooking(booking.code, null,
            { 'Booking-Token': booking.token });
        assert.equal(own.json.bsn, res.json.issuedBsn);
    }
    assert.equal(new Set(issued).size, 2, 'each number issued once');
    // Empty: refused, and the leg is still being served.
    const { leg } = await registrationServed();
    assertProblem(await complete(leg, { bsnIssued: true, fromPool: true }),
        409, 'bsn-pool-empty');
    const day = await ok(server, s.frontdesk, 'GET',
        `/api/v1/floor?location=${loc.location.id}`);
    const seen = day.visits.find((v) => v.legs[1].id === leg);
    assert.equal(seen.legs[1].state, 'serving');
    assert.equal((await complete(leg,
        { bsnIssued: false, reason: 'No number left' })).status, 200);
    for (const bsn of numbers) {
        assertNotStored(bsn);
    }
});

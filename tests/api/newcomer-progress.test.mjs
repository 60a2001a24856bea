// SPDX-License-Identifier: AGPL-3.0-or-later
// A newcomer's progress as the employer follows it, step by step through
// the floor: booked (for today, at a location open all day, on a server
// whose "today" is a morning), checked in at the front desk, BSN issued at
// the municipal desk, residence document collected at the IND desk. The
// employer is told yes or no at each step and never sees the BSN; another
// sponsor's employer sees nothing of it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signInAs, getJson, stopAndCheck } from './support.mjs';
import {
    morningZone, todayIn, floorServerArgs, as, ok, makeFloorLocation,
    makeOfficer,
} from './floor-support.mjs';

/** A valid BSN (11-proof) that must never reach the employer. */
const BSN = '111222333';

let server;
let today;
let loc;
const s = {};

before(async () => {
    const zone = morningZone();
    server = await startServer({ args: floorServerArgs(zone) });
    today = todayIn(zone);
    for (const role of ['admin', 'frontdesk', 'employer']) {
        s[role] = await signInAs(server, role);
    }
    s.muni = await signInAs(server, 'officer'); // the demo's municipal one
    s.expat = await makeOfficer(server, s.admin, 'expat-centre');
    s.ind = await makeOfficer(server, s.admin, 'ind');
    loc = await makeFloorLocation(server, s.admin);
});

after(async () => {
    await stopAndCheck(server);
});

async function progress(id) {
    const res = await as(server, s.employer, 'GET', `/api/v1/newcomers/${id}`);
    assert.equal(res.status, 200, res.text);
    assert.ok(!res.text.includes(BSN), 'the employer never sees the BSN');
    assert.ok(!/"bsn"/i.test(res.text), 'nor a field that could hold it');
    return res.json.progress;
}

/** Calls, starts and completes a leg at its desk with body. */
async function serve(visit, i, desk, officer, body) {
    const leg = visit.legs[i];
    await ok(server, officer, 'POST', `/api/v1/desks/${loc.desks[desk].id}/open`);
    await ok(server, officer, 'POST',
        `/api/v1/desks/${loc.desks[desk].id}/calls`, { leg: leg.id }, 201);
    await ok(server, officer, 'POST', `/api/v1/visit-legs/${leg.id}/start`);
    return ok(server, officer, 'POST',
        `/api/v1/visit-legs/${leg.id}/complete`, body);
}

test('booked, checked in, BSN issued, document collected: yes or no', async () => {
    const n = await ok(server, s.employer, 'POST', '/api/v1/newcomers', {
        givenNames: 'Bao', surname: 'Tran', dateOfBirth: '1992-02-02',
        nationality: 'VN', category: 'highly-skilled-migrant',
        email: 'bao.tran@example.org', travelDocument: 'VN2024001',
    }, 201);
    assert.deepEqual(await progress(n.id), { booked: false,
        bookingCode: null, visitDate: null, checkedIn: false,
        bsnIssued: false, documentCollected: false });

    // The front desk books the whole day for the employer's newcomer.
    const services = 'intake,brp-registration,ind-collect';
    const av = await ok(server, s.frontdesk, 'GET',
        `/api/v1/availability?location=${loc.location.id}&date=${today}` +
        `&services=${services}&persons=1`);
    assert.ok(av.options.length > 0, 'an option today');
    const booking = await ok(server, s.frontdesk, 'POST', '/api/v1/bookings',
        // What the demo's eligibility rules ask (src/cli/demo.c): the
        // front desk names the sponsor; a home in the region; an IND
        // letter naming this location.
        { option: av.options[0].token, newcomer: n.id, sponsorKvk: '12345678',
            residenceMunicipality: 'Maastricht',
            indLetterLocation: loc.location.code }, 201);
    assert.equal(booking.newcomer, n.id);
    assert.equal(booking.channel, 'sponsor');
    // Booked by the front desk, the visit is the employer's to see: it is
    // their newcomer's.
    const seen = await ok(server, s.employer, 'GET',
        `/api/v1/bookings/${booking.code}`);
    assert.equal(seen.newcomer, n.id);
    let p = await progress(n.id);
    assert.equal(p.booked, true);
    assert.equal(p.bookingCode, booking.code);
    assert.equal(p.visitDate, today);
    assert.equal(p.checkedIn, false);

    let visit = await ok(server, s.frontdesk, 'POST', '/api/v1/check-ins',
        { code: booking.code }, 201);
    p = await progress(n.id);
    assert.equal(p.checkedIn, true);
    assert.equal(p.bsnIssued, false);

    const order = visit.legs.map((l) => l.service.code);
    const where = {
        intake: ['intake', s.expat, {}],
        'brp-registration': ['brp-a', s.muni,
            { outcome: { bsnIssued: true, bsn: BSN } }],
        'ind-collect': ['ind', s.ind, { outcome: { documentHandedOver: true } }],
    };
    for (let i = 0; i < order.length; i++) {
        const [desk, officer, body] = where[order[i]];
        visit = await serve(visit, i, desk, officer, body);
        p = await progress(n.id);
        const done = order.slice(0, i + 1);
        assert.equal(p.bsnIssued, done.includes('brp-registration'),
            `BSN issued after ${done.join(', ')}`);
        assert.equal(p.documentCollected, done.includes('ind-collect'),
            `document collected after ${done.join(', ')}`);
    }
    assert.deepEqual({ ...p, bookingCode: null }, { booked: true,
        bookingCode: null, visitDate: today, checkedIn: true, bsnIssued: true,
        documentCollected: true });

    // The list says the same, and the employer's list holds no BSN.
    const list = await as(server, s.employer, 'GET', '/api/v1/newcomers');
    assert.equal(list.status, 200, list.text);
    assert.ok(!list.text.includes(BSN));
    const item = list.json.items.find((x) => x.id === n.id);
    assert.equal(item.progress.bsnIssued, true);
    // Staff reading with a reason see the travel document, never the BSN
    // here either: the BSN is the municipal desk's and the newcomer's.
    const staff = await getJson(server, s.frontdesk,
        `/api/v1/newcomers/${n.id}?reason=${encodeURIComponent('Progress check')}`);
    assert.equal(staff.travelDocument, 'VN2024001');
    assert.ok(!JSON.stringify(staff).includes(BSN));
});

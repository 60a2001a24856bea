// SPDX-License-Identifier: AGPL-3.0-or-later
// Availability follows every change to the catalogue at once: the server
// keeps the catalogue part of each day in memory, and a closure added or
// removed, opening hours changed or a desk switched off must show in the
// very next answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../lib/server.mjs';
import { signInAs, call, getJson, stopAndCheck } from './support.mjs';

let server;
let admin;
let date;
let desks;

const SERVICES = 'ind-collect';

/** The first Tuesday, Thursday or Friday at least 14 days ahead that is no
 *  closure of the demo centre. */
async function indDay() {
    const closures = await getJson(server, null,
        '/api/v1/locations/1/opening-hours');
    const closed = new Set(closures.closures.map((c) => c.date));
    for (let d = 14; d < 60; d++) {
        const day = new Date(Date.now() + d * 86_400_000);
        const text = day.toISOString().slice(0, 10);
        if ([2, 4, 5].includes(day.getUTCDay()) && !closed.has(text)) {
            return text;
        }
    }
    throw new Error('no IND day in the coming weeks');
}

/** Cancels the demo's visits of the coming week (its newcomers'), so
 *  that no booking is still to come but the test's own. */
async function cancelDemoVisits() {
    for (let d = 0; d <= 7; d++) {
        const day = new Date(Date.now() + d * 86_400_000)
            .toISOString().slice(0, 10);
        const list = await getJson(server, admin,
            `/api/v1/bookings?location=1&date=${day}`);
        const codes = new Set(list.desks.flatMap((k) =>
            k.legs.map((l) => l.booking)));
        for (const code of codes) {
            const res = await call(server, admin, 'DELETE',
                `/api/v1/bookings/${code}`);
            assert.ok(res.status === 200 || res.status === 410, res.text);
        }
    }
}

async function optionsOn(day) {
    const a = await getJson(server, null, '/api/v1/availability?location=1' +
        `&date=${day}&services=${SERVICES}`);
    return a.options;
}

before(async () => {
    server = await startServer({ demo: true });
    admin = await signInAs(server, 'admin');
    date = await indDay();
    desks = (await getJson(server, admin, '/api/v1/desks?location=1')).items
        .filter((d) => d.services.includes(SERVICES));
    assert.ok(desks.length > 0, 'the demo has IND desks');
});

after(async () => {
    await stopAndCheck(server);
});

test('a whole-day closure empties the day at once; removing it restores it', async () => {
    const open = await optionsOn(date);
    assert.ok(open.length > 0, 'the IND day has options');
    const res = await call(server, admin, 'POST', '/api/v1/closures', {
        location: 1, desk: null, date, startsAt: null, endsAt: null,
        kind: 'one-off', reason: { en: 'Maintenance', nl: 'Onderhoud' },
    });
    assert.equal(res.status, 201, res.text);
    const closed = await getJson(server, null, '/api/v1/availability' +
        `?location=1&date=${date}&services=${SERVICES}`);
    assert.deepEqual(closed.options, [], 'no options on a closed day');
    assert.ok(closed.nearestDates.length > 0, 'nearest dates offered');
    assert.ok(!closed.nearestDates.includes(date));

    const del = await call(server, admin, 'DELETE',
        `/api/v1/closures/${res.json.id}`);
    assert.equal(del.status, 204, del.text);
    assert.deepEqual(await optionsOn(date), open, 'the same options again');
});

test('a partial closure of one desk moves its legs to the other desk or later', async () => {
    const open = await optionsOn(date);
    const first = open[0].legs[0];
    const res = await call(server, admin, 'POST', '/api/v1/closures', {
        location: 1, desk: first.desk.id, date, startsAt: '08:00',
        endsAt: '13:00', kind: 'one-off',
        reason: { en: 'Training', nl: 'Training' },
    });
    assert.equal(res.status, 201, res.text);
    for (const option of await optionsOn(date)) {
        for (const leg of option.legs) {
            assert.ok(leg.desk.id !== first.desk.id || leg.startsAt >= '13:00',
                `${leg.desk.code} at ${leg.startsAt} is inside its closure`);
        }
    }
    const del = await call(server, admin, 'DELETE',
        `/api/v1/closures/${res.json.id}`);
    assert.equal(del.status, 204, del.text);
});

test('new opening hours show in the next answer', async () => {
    const before = await optionsOn(date);
    const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const saved = [];
    for (const desk of desks) {
        const full = await getJson(server, admin, `/api/v1/desks/${desk.id}`);
        saved.push(full);
        // Open only from 14:00 on that weekday.
        const hours = full.hours.map((h) => (h.weekday === weekday
            ? { ...h, opens: '14:00' } : h));
        const breaks = full.breaks.filter((b) => b.weekday !== weekday);
        const res = await call(server, admin, 'PUT',
            `/api/v1/desks/${desk.id}/opening-hours`, { hours, breaks });
        assert.equal(res.status, 200, res.text);
    }
    const after = await optionsOn(date);
    assert.ok(after.length > 0, 'still open in the afternoon');
    for (const option of after) {
        assert.ok(option.arrival >= '14:00', `arrival ${option.arrival}`);
    }
    for (const full of saved) {
        const res = await call(server, admin, 'PUT',
            `/api/v1/desks/${full.id}/opening-hours`,
            { hours: full.hours, breaks: full.breaks });
        assert.equal(res.status, 200, res.text);
    }
    assert.deepEqual(await optionsOn(date), before, 'the old hours again');
});

test('the slot grid cannot change while bookings on it are still to come', async () => {
    const loc = await getJson(server, null, '/api/v1/locations/1');
    const body = {
        code: loc.code, name: loc.name, address: loc.address,
        // A finer grid, on which every demo opening hour lies.
        timeZone: loc.timeZone, slotMinutes: 1,
    };
    const option = (await optionsOn(date))[0];
    const booked = await call(server, null, 'POST', '/api/v1/bookings', {
        option: option.token, givenNames: 'Grid', surname: 'Keeper',
        email: 'grid@example.org',
        // The demo's ind-collect asks which location the IND letter names.
        indLetterLocation: 'maastricht',
    });
    assert.equal(booked.status, 201, booked.text);

    const refused = await call(server, admin, 'PUT', '/api/v1/locations/1', body);
    assert.equal(refused.status, 400, refused.text);
    assert.ok(refused.json.invalidParams.some((p) => p.name === 'slotMinutes' &&
        /bookings/.test(p.reason)), refused.text);
    assert.equal((await getJson(server, null, '/api/v1/locations/1')).slotMinutes,
        loc.slotMinutes, 'the grid is unchanged');

    const cancel = await call(server, null, 'DELETE',
        `/api/v1/bookings/${booked.json.code}`, undefined,
        { headers: { 'Booking-Token': booked.json.token } });
    assert.equal(cancel.status, 200, cancel.text);
    await cancelDemoVisits();
    const allowed = await call(server, admin, 'PUT', '/api/v1/locations/1', body);
    assert.equal(allowed.status, 200, allowed.text);
    const back = await call(server, admin, 'PUT', '/api/v1/locations/1',
        { ...body, slotMinutes: loc.slotMinutes });
    assert.equal(back.status, 200, back.text);
});

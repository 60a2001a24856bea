// SPDX-License-Identifier: AGPL-3.0-or-later
// Many clients at once fight over the same few slots. Exactly as many win
// as there were itineraries to win, each winner's booking is stored with its
// legs, no desk ever holds two overlapping legs, and every loser gets 409
// slot-taken (never a 500). Concurrent retries with one Idempotency-Key
// make one booking, and concurrent cancels of one booking cancel it once.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
    assertProblem, signInAs, stopAndCheck, assertHealthy,
} from './support.mjs';
import {
    LOCATION, bookableDates, person, availability, postBooking, legsForm,
    legKeys, dayList, dayLines, dayLegsOf, assertNoOverlaps, getBooking, as,
} from './booking-support.mjs';

/** Concurrent requests per wave, and waves. */
const CLIENTS = 40;
const WAVES = 5;
/** Itineraries contested in each wave. */
const CONTESTED = 3;

let server;
let frontdesk;
let dates;

before(async () => {
    server = await startServer();
    frontdesk = await signInAs(server, 'frontdesk');
    dates = await bookableDates(server);
});

after(async () => {
    await stopAndCheck(server);
});

/** Whether two options share a slot of a desk. */
function overlap(a, b) {
    return a.legs.some((x) => b.legs.some((y) => x.desk.code === y.desk.code &&
        x.startsAt < y.endsAt && y.startsAt < x.endsAt));
}

test(`${CLIENTS} clients at a time, ${WAVES} waves, ${CONTESTED} itineraries each`, async () => {
    const date = dates[0];
    const services = 'intake,ind-collect';
    const winners = [];
    const losers = [];
    for (let wave = 0; wave < WAVES; wave++) {
        // The first options still free: distinct itineraries that share no
        // slot, so that exactly CONTESTED bookings can win.
        const av = await availability(server, null, date, services);
        const contested = [];
        for (const opt of av.options) {
            if (contested.length < CONTESTED &&
                !contested.some((c) => overlap(c, opt))) {
                contested.push(opt);
            }
        }
        assert.equal(contested.length, CONTESTED, `wave ${wave}: options`);
        const answers = await Promise.all(Array.from({ length: CLIENTS },
            (_, i) => {
                const opt = contested[i % CONTESTED];
                // Half by token, half by legs: the same itinerary either way.
                const itinerary = i % 2 === 0 ? { option: opt.token }
                    : { location: LOCATION, date, legs: legsForm(opt) };
                const who = person(`Wave ${wave}`);
                // A quarter at the front desk: their sessions are read (and
                // touched) on the same pool of connections.
                const session = i % 4 === 3 ? frontdesk : null;
                return postBooking(server, session, { ...itinerary, ...who })
                    .then((res) => ({ res, opt, who }));
            }));
        const won = answers.filter((a) => a.res.status === 201);
        for (const a of answers) {
            assert.ok(a.res.status === 201 || a.res.status === 409,
                `wave ${wave}: ${a.res.status} ${a.res.text}`);
            if (a.res.status === 409) {
                const p = assertProblem(a.res, 409, 'slot-taken');
                assert.ok(Array.isArray(p.options), 'fresh options');
                losers.push(a);
            }
        }
        assert.equal(won.length, CONTESTED,
            `wave ${wave}: one winner per itinerary`);
        for (const opt of contested) {
            assert.equal(won.filter((a) => a.opt === opt).length, 1,
                `wave ${wave}: one winner of ${opt.token}`);
        }
        winners.push(...won);
    }
    assert.equal(winners.length, WAVES * CONTESTED);
    assert.equal(losers.length, WAVES * (CLIENTS - CONTESTED));

    // The day list holds exactly the winners, each with its legs, and no
    // desk holds two overlapping legs.
    const list = await dayList(server, frontdesk, date);
    assertNoOverlaps(list);
    const codes = new Set(dayLines(list).map((l) => l.split(' ')[0]));
    assert.equal(codes.size, winners.length, 'one booking per winner');
    for (const { res, opt, who } of winners) {
        const b = res.json;
        assert.deepEqual(legKeys(b), legKeys(opt));
        assert.deepEqual(dayLegsOf(list, b.code), legKeys(b), b.code);
        const back = await getBooking(server, b.code, b.token);
        assert.equal(back.status, 200, back.text);
        assert.equal(back.json.status, 'booked');
        assert.equal(back.json.person.surname, who.surname);
        assert.deepEqual(legKeys(back.json), legKeys(opt));
    }
    // No loser is in it.
    const names = new Set();
    for (const desk of list.desks) {
        for (const l of desk.legs) {
            names.add(l.surname);
        }
    }
    for (const { who } of losers) {
        assert.ok(!names.has(who.surname), `${who.surname} lost, not booked`);
    }
    await assertHealthy(server);
});

test('concurrent retries with one Idempotency-Key make one booking', async (t) => {
    const date = dates[1];
    const av = await availability(server, null, date, 'intake');
    const body = { option: av.options[0].token, ...person('Retry') };
    const key = `stress-${process.pid}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () =>
        postBooking(server, null, body, { 'Idempotency-Key': key })));
    for (const res of answers) {
        assert.ok(res.status === 201 || res.status === 409,
            `${res.status} ${res.text}`);
    }
    const booked = answers.filter((r) => r.status === 201);
    assert.ok(booked.length >= 1, 'someone got the booking');
    const code = booked[0].json.code;
    assert.ok(booked.every((r) => r.json.code === code), 'one code');
    const list = await dayList(server, frontdesk, date);
    assert.deepEqual(dayLines(list).map((l) => l.split(' ')[0]), [code],
        'one booking in the day list');
    // Each replay gave the booking a new token: exactly one still works.
    let working = 0;
    for (const r of booked) {
        if ((await getBooking(server, code, r.json.token)).status === 200) {
            working += 1;
        }
    }
    assert.equal(working, 1, 'the last token given works, the others not');

    await t.test('every retry is answered with the booking (201)', () => {
        assert.deepEqual(answers.map((r) => r.status),
            answers.map(() => 201),
            answers.map((r) => `${r.status} ${r.json && (r.json.code ||
                r.json.type)}`).join(', '));
    });
});

test('concurrent cancels of one booking cancel it once', async () => {
    const date = dates[2];
    const av = await availability(server, null, date, 'intake');
    const res = await postBooking(server, null,
        { option: av.options[0].token, ...person('Cancel') });
    assert.equal(res.status, 201, res.text);
    const { code, token } = res.json;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0
            ? as(server, null, 'DELETE', `/api/v1/bookings/${code}`, undefined,
                { 'Booking-Token': token })
            : as(server, frontdesk, 'DELETE', `/api/v1/bookings/${code}`))));
    const ok = answers.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, answers.map((r) => r.status).join(' '));
    for (const r of answers.filter((x) => x.status !== 200)) {
        assertProblem(r, 409, 'gone');
    }
    assert.deepEqual(dayLines(await dayList(server, frontdesk, date)), []);
    // The slot is free for the next visitor.
    const again = await postBooking(server, null,
        { option: av.options[0].token, ...person('Next') });
    assert.equal(again.status, 201, again.text);
});

test('concurrent moves onto one free itinerary: one wins, the rest keep theirs', async () => {
    const date = dates[3];
    const av = await availability(server, null, date, 'intake');
    const target = av.options[av.options.length - 1];
    const booked = [];
    for (const opt of av.options.slice(0, 6)) {
        const res = await postBooking(server, null,
            { option: opt.token, ...person('Move') });
        assert.equal(res.status, 201, res.text);
        booked.push(res.json);
    }
    const answers = await Promise.all(booked.map((b) => as(server, null, 'PUT',
        `/api/v1/bookings/${b.code}/itinerary`, { option: target.token },
        { 'Booking-Token': b.token })));
    const moved = answers.filter((r) => r.status === 200);
    assert.equal(moved.length, 1, answers.map((r) => r.status).join(' '));
    for (const r of answers.filter((x) => x.status !== 200)) {
        assertProblem(r, 409, 'slot-taken');
    }
    const list = await dayList(server, frontdesk, date);
    assertNoOverlaps(list);
    for (const b of booked) {
        const expected = b.code === moved[0].json.code ? legKeys(target)
            : legKeys(b);
        assert.deepEqual(dayLegsOf(list, b.code), expected, b.code);
    }
});

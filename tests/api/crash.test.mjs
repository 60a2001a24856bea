// SPDX-License-Identifier: AGPL-3.0-or-later
// Crash safety: while clients book distinct itineraries on many dates, the
// server is killed with SIGKILL, three times, at different moments, and
// started again on the same database. Every booking whose 201 reached its
// client is there afterwards with its legs; a request cut off by the crash
// is sent again with its Idempotency-Key and then answered either with the
// booking it had made (replayed) or with a new one, never with a second;
// and the day lists hold exactly the bookings the clients were given.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signInAs, stopAndCheck, assertHealthy } from './support.mjs';
import {
    LOCATION, WEEKDAYS, IND_DAYS, bookableDates, weekday, minutes, hhmm,
    person, postBooking, legKey, legKeys, dayList, dayLines, dayLegsOf,
    assertNoOverlaps, getBooking,
} from './booking-support.mjs';

/** Clients booking at once. */
const CLIENTS = 8;
/** Bookings confirmed before each kill, and in all. */
const KILL_AFTER = [10, 30, 55];
const TOTAL = 80;
/** Attempts at one itinerary (a crash costs one or two). */
const ATTEMPTS = 12;

/** The demo's desks: opening hours and breaks (src/cli/demo.c). */
const DESKS = {
    'intake-1': { open: [540, 1020], break: [750, 780] },
    'intake-2': { open: [540, 1020], break: [780, 810] },
    'ind-1': { open: [540, 990], break: [750, 780] },
    'ind-2': { open: [540, 990], break: [780, 810] },
};
const LENGTH = { intake: 15, 'ind-collect': 10 };

let server;
let frontdesk;

before(async () => {
    server = await startServer();
    frontdesk = await signInAs(server, 'frontdesk');
});

after(async () => {
    await stopAndCheck(server);
});

/** Whether a leg fits its desk's hours and misses its break. */
function fits(desk, service, start) {
    const d = DESKS[desk];
    const end = start + LENGTH[service];
    return start >= d.open[0] && end <= d.open[1] &&
        (end <= d.break[0] || start >= d.break[1]);
}

/**
 * Distinct itineraries that share no slot, spread over dates: the i-th
 * goes to date i % dates.length. On IND days intake and then ind-collect
 * at the IND desk of the same number; on other weekdays intake alone.
 */
function itineraries(dates, count) {
    const perDate = dates.map((date) => {
        const list = [];
        for (let t = 540; t < 1020; t += 15) {
            for (const n of [1, 2]) {
                const legs = [{ service: 'intake', desk: `intake-${n}`,
                    startsAt: t }];
                if (IND_DAYS.includes(weekday(date))) {
                    legs.push({ service: 'ind-collect', desk: `ind-${n}`,
                        startsAt: t + 15 });
                }
                if (legs.every((l) => fits(l.desk, l.service, l.startsAt))) {
                    list.push(legs.map((l) => ({ ...l,
                        startsAt: hhmm(l.startsAt) })));
                }
            }
        }
        return list;
    });
    const out = [];
    for (let i = 0; out.length < count; i++) {
        const d = i % dates.length;
        const legs = perDate[d][Math.floor(i / dates.length)];
        assert.ok(legs, 'enough itineraries');
        out.push({ date: dates[d], legs });
    }
    return out;
}

/** The legs of the legs form as legKey strings. */
function plannedKeys(legs) {
    return legs.map((l) => legKey({ ...l,
        endsAt: hhmm(minutes(l.startsAt) + LENGTH[l.service]) })).sort();
}

test(`SIGKILL ${KILL_AFTER.length} times under load loses no confirmed booking`, async (t) => {
    const dates = await bookableDates(server, { weekdays: WEEKDAYS });
    const work = itineraries(dates, TOTAL + CLIENTS * 2).map((it, i) => ({
        ...it,
        key: `crash-${process.pid}-${i}`,
        body: { location: LOCATION, date: it.date, legs: it.legs,
            ...person(`Crash ${i}`) },
        errors: 0,
    }));
    const confirmed = [];
    const unexpected = [];
    // Resolves while the server is up; replaced by a pending promise while
    // it is being killed and started again.
    let up = Promise.resolve();
    let kills = 0;
    let restarting = null;

    async function crash() {
        let release;
        up = new Promise((resolve) => { release = resolve; });
        const exit = await server.kill();
        assert.equal(exit.signal, 'SIGKILL', `killed: ${JSON.stringify(exit)}`);
        await server.restart();
        kills += 1;
        release();
    }

    async function attempt(item) {
        for (let i = 0; i < ATTEMPTS; i++) {
            await up;
            let res;
            try {
                res = await postBooking(server, null, item.body,
                    { 'Idempotency-Key': item.key });
            } catch {
                // Cut off by the crash (or a connection of the killed
                // process): send it again once the server is back.
                item.errors += 1;
                await (restarting || up);
                continue;
            }
            if (res.status === 201) {
                item.booking = res.json;
                item.replayed = res.headers.get('idempotent-replayed') === 'true';
                confirmed.push(item);
                if (!restarting && kills < KILL_AFTER.length &&
                    confirmed.length >= KILL_AFTER[kills]) {
                    restarting = crash().finally(() => { restarting = null; });
                }
            } else {
                unexpected.push(`${item.key}: ${res.status} ${res.text}`);
            }
            return;
        }
        unexpected.push(`${item.key}: no answer in ${ATTEMPTS} attempts`);
    }

    let next = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
        while (confirmed.length < TOTAL && next < work.length &&
            unexpected.length === 0) {
            await attempt(work[next++]);
        }
    }));
    if (restarting) {
        await restarting;
    }
    assert.deepEqual(unexpected, [], 'every request got its booking');
    assert.equal(kills, KILL_AFTER.length, 'the server was killed each time');
    assert.ok(confirmed.length >= TOTAL);
    await assertHealthy(server);

    // Only a request cut off by a crash may find its booking made already.
    for (const item of confirmed) {
        assert.ok(!item.replayed || item.errors > 0,
            `${item.key} was replayed without having been cut off`);
    }
    const cut = confirmed.filter((i) => i.errors > 0);
    t.diagnostic(`${cut.length} requests cut off by a crash, ` +
        `${cut.filter((i) => i.replayed).length} of them had been committed`);

    // Every confirmed booking is there, booked, with the legs it was given.
    for (const item of confirmed) {
        const b = item.booking;
        assert.equal(b.date, item.date);
        assert.deepEqual(legKeys(b), plannedKeys(item.legs), item.key);
        const back = await getBooking(server, b.code, b.token);
        assert.equal(back.status, 200, `${item.key} ${b.code}: ${back.text}`);
        assert.equal(back.json.status, 'booked');
        assert.deepEqual(legKeys(back.json), legKeys(b));
        assert.equal(back.json.person.surname, item.body.surname);
    }
    // The day lists hold exactly these bookings: no half booking, no
    // second booking of a request sent twice.
    const codes = new Set(confirmed.map((i) => i.booking.code));
    assert.equal(codes.size, confirmed.length, 'one booking per request');
    const seen = new Set();
    for (const date of new Set(confirmed.map((i) => i.date))) {
        const list = await dayList(server, frontdesk, date);
        assertNoOverlaps(list);
        for (const line of dayLines(list)) {
            const code = line.split(' ')[0];
            assert.ok(codes.has(code), `${code} on ${date} was confirmed`);
            seen.add(code);
        }
        for (const item of confirmed.filter((i) => i.date === date)) {
            assert.deepEqual(dayLegsOf(list, item.booking.code),
                legKeys(item.booking), item.key);
        }
    }
    assert.equal(seen.size, codes.size, 'every booking is in a day list');
});

// SPDX-License-Identifier: AGPL-3.0-or-later
// The double-call race: officers at two desks calling at the same moment,
// many times over, never get the same visitor, and no visitor is ever in
// two queues (or active at two legs) at once. Also two desks calling the
// same chosen visitor at once: one gets them, the other a refusal.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signInAs, stopAndCheck, assertProblem } from './support.mjs';
import {
    morningZone, todayIn, floorServerArgs, as, ok, makeFloorLocation,
    makeOfficer, visitor, bookToday,
} from './floor-support.mjs';

/** Visitors in the race, and officers calling at each desk at once. */
const WALK_INS = 16;
const BOOKED = 4;
const CALLERS_PER_DESK = 6;

let server;
let today;
let loc;
const s = {};

before(async () => {
    const zone = morningZone();
    server = await startServer({ args: floorServerArgs(zone) });
    today = todayIn(zone);
    s.admin = await signInAs(server, 'admin');
    s.frontdesk = await signInAs(server, 'frontdesk');
    s.muni = [await signInAs(server, 'officer')];
    for (let i = 1; i < CALLERS_PER_DESK; i++) {
        s.muni.push(await makeOfficer(server, s.admin, 'municipality'));
    }
    s.expat = await makeOfficer(server, s.admin, 'expat-centre');
    loc = await makeFloorLocation(server, s.admin);
});

after(async () => {
    await stopAndCheck(server);
});

function floor() {
    return ok(server, s.frontdesk, 'GET',
        `/api/v1/floor?location=${loc.location.id}&date=${today}`);
}

/** No visit has more than one leg waiting, called, served or parked. */
function assertOneActiveLeg(day) {
    const active = new Set(['waiting', 'called', 'serving', 'parked']);
    for (const v of day.visits) {
        const n = v.legs.filter((l) => active.has(l.state)).length;
        assert.ok(n <= 1, `visit ${v.ticket} has ${n} active legs`);
    }
}

test('many parallel calls at two desks: nobody is called twice', async () => {
    const deskA = loc.desks['brp-a'];
    const deskB = loc.desks['brp-b'];
    await ok(server, s.muni[0], 'POST', `/api/v1/desks/${deskA.id}/open`);
    await ok(server, s.muni[1], 'POST', `/api/v1/desks/${deskB.id}/open`);
    await ok(server, s.expat, 'POST',
        `/api/v1/desks/${loc.desks.intake.id}/open`);
    for (let i = 0; i < WALK_INS; i++) {
        const who = visitor('Racer');
        await ok(server, s.frontdesk, 'POST', '/api/v1/walk-ins', {
            location: loc.location.id, service: 'brp-registration',
            givenNames: who.givenNames, surname: who.surname,
        }, 201);
    }
    // Booked visitors whose registration follows an intake: they join the
    // registration queue while the race runs, when their intake ends.
    const booked = [];
    for (let i = 0; i < BOOKED; i++) {
        const b = await bookToday(server, s.frontdesk, loc.location.id, today,
            'intake,brp-registration');
        booked.push((await ok(server, s.frontdesk, 'POST',
            '/api/v1/check-ins', { code: b.code }, 201)));
    }

    const calledLegs = new Map(); // leg id -> desk
    let rounds = 0;
    for (;;) {
        rounds += 1;
        assert.ok(rounds <= WALK_INS + BOOKED * 3 + 10, 'the race ends');
        const attempts = [];
        for (const desk of [deskA, deskB]) {
            for (const officer of s.muni) {
                attempts.push(as(server, officer, 'POST',
                    `/api/v1/desks/${desk.id}/calls`, {})
                    .then((res) => ({ desk, res })));
            }
        }
        // Meanwhile the intake desk sends a booked visitor on.
        const intake = (async () => {
            const q = await ok(server, s.expat, 'GET',
                `/api/v1/desks/${loc.desks.intake.id}/queue`);
            if (q.items.length === 0) {
                return;
            }
            const leg = q.items[0].leg;
            await ok(server, s.expat, 'POST',
                `/api/v1/desks/${loc.desks.intake.id}/calls`, { leg }, 201);
            await ok(server, s.expat, 'POST', `/api/v1/visit-legs/${leg}/start`);
            await ok(server, s.expat, 'POST',
                `/api/v1/visit-legs/${leg}/complete`, {});
        })();
        const results = await Promise.all(attempts);
        await intake;
        const won = [];
        for (const { desk, res } of results) {
            if (res.status === 201) {
                const leg = res.json.calledLeg;
                assert.ok(!calledLegs.has(leg),
                    `leg ${leg} called twice (${calledLegs.get(leg)} and ` +
                    `${desk.code})`);
                calledLegs.set(leg, desk.code);
                won.push({ desk, leg });
            } else {
                assert.equal(res.status, 409, res.text);
                assert.ok(['urn:onestop:problem:desk-busy',
                    'urn:onestop:problem:queue-empty'].includes(res.json.type),
                res.text);
            }
        }
        // One call per desk at most: a desk serves one visitor at a time.
        assert.ok(won.length <= 2);
        assert.ok(new Set(won.map((w) => w.desk.id)).size === won.length);
        assertOneActiveLeg(await floor());
        if (won.length === 0) {
            const day = await floor();
            const waiting = day.visits.some((v) => v.state === 'waiting');
            if (!waiting) {
                break;
            }
            continue;
        }
        // Serve the winners so that their desks can call again.
        await Promise.all(won.map(async ({ desk, leg }) => {
            const officer = s.muni[0];
            await ok(server, officer, 'POST', `/api/v1/visit-legs/${leg}/start`);
            await ok(server, officer, 'POST',
                `/api/v1/visit-legs/${leg}/complete`, {
                    outcome: { bsnIssued: false, reason: `Race at ${desk.code}` },
                });
        }));
    }
    assert.equal(calledLegs.size, WALK_INS + BOOKED,
        'every registration was called exactly once');
    const day = await floor();
    for (const v of day.visits) {
        assert.equal(v.state, 'departed', `visit ${v.ticket} is over`);
    }
});

test('two desks calling the same visitor at once: one gets them', async () => {
    const deskA = loc.desks['brp-a'];
    const deskB = loc.desks['brp-b'];
    for (let round = 0; round < 5; round++) {
        const who = visitor('Chosen');
        const visit = await ok(server, s.frontdesk, 'POST', '/api/v1/walk-ins', {
            location: loc.location.id, service: 'brp-registration',
            givenNames: who.givenNames, surname: who.surname,
        }, 201);
        const leg = visit.legs[0].id;
        const [a, b] = await Promise.all([deskA, deskB].map((desk, i) =>
            as(server, s.muni[i], 'POST', `/api/v1/desks/${desk.id}/calls`,
                { leg })));
        const wins = [a, b].filter((r) => r.status === 201);
        assert.equal(wins.length, 1, `${a.status} ${a.text} / ${b.status} ` +
            b.text);
        const lost = a.status === 201 ? b : a;
        assertProblem(lost, 409, 'transition-refused');
        const winner = a.status === 201 ? s.muni[0] : s.muni[1];
        await ok(server, winner, 'POST', `/api/v1/visit-legs/${leg}/cancel`);
    }
});

// SPDX-License-Identifier: AGPL-3.0-or-later
// Calls on the floor as the displays see them: a release server on a fresh
// demonstration database (in a time zone where it is morning, at a
// location open all day), STREAMS display streams of that location read by
// this process with the event-stream client of the tests, and CALLS calls
// made through the floor API one after the other (a walk-in, the officer
// calls, starts and completes). For each call, the delay from sending the
// call request to its ticket arriving on each display: the request itself
// (commit, reading the display's state, publishing) and the fan-out.
// Prints figures; never fails on time.
//
// usage: ONESTOP_BIN=build/release/onestop node bench/sse-calls.mjs [STREAMS] [CALLS]

import { startServer, signIn } from '../tests/lib/server.mjs';
import { openEventStream } from '../tests/lib/event-stream.mjs';
import {
    morningZone, floorServerArgs, ok, makeFloorLocation, makeOfficer,
    visitor,
} from '../tests/api/floor-support.mjs';

const STREAMS = Number(process.argv[2] || 200);
const CALLS = Number(process.argv[3] || 100);

const server = await startServer({
    args: floorServerArgs(morningZone(),
        ['--set', `server.max_streams=${STREAMS + 10}`]),
});
try {
    const login = (role) => signIn(server.url, server.logins[role].username,
        server.logins[role].password);
    const admin = await login('admin');
    const frontdesk = await login('frontdesk');
    const { location, desks } = await makeFloorLocation(server, admin);
    const officer = await makeOfficer(server, admin, 'expat-centre');
    await ok(server, officer, 'POST', `/api/v1/desks/${desks.intake.id}/open`);

    // Each display notes when each ticket first reached it as the latest.
    const arrivals = new Map(); // ticket -> [ms per stream]
    let delivered = 0;
    const streams = [];
    for (let i = 0; i < STREAMS; i++) {
        const s = await openEventStream(
            `${server.url}/api/v1/locations/${location.id}/display-events`);
        if (s.status !== 200) {
            throw new Error(`stream ${i}: HTTP ${s.status} ${s.text}`);
        }
        streams.push(s);
    }
    let waiting = null;
    for (const s of streams) {
        (async () => {
            for (;;) {
                const ev = await s.next();
                if (ev === null) {
                    return;
                }
                if (ev.event !== 'display') {
                    continue;
                }
                delivered += 1;
                const ticket = ev.json?.recent?.[0]?.ticket;
                const list = arrivals.get(ticket);
                if (list && !list.seen.has(s)) {
                    list.seen.add(s);
                    list.push(performance.now());
                    if (list.length === STREAMS && waiting) {
                        waiting();
                    }
                }
            }
        })();
    }

    const delays = [];
    const requests = [];
    const start = performance.now();
    let busy = 0;
    for (let n = 0; n < CALLS; n++) {
        const who = visitor('Bench');
        const visit = await ok(server, frontdesk, 'POST', '/api/v1/walk-ins', {
            location: location.id, service: 'intake',
            givenNames: who.givenNames, surname: who.surname,
        }, 201);
        const list = [];
        list.seen = new Set();
        arrivals.set(visit.ticket, list);
        const all = new Promise((resolve) => { waiting = resolve; });
        const sent = performance.now();
        const called = await ok(server, officer, 'POST',
            `/api/v1/desks/${desks.intake.id}/calls`, {}, 201);
        requests.push(performance.now() - sent);
        await all;
        busy += performance.now() - sent;
        for (const at of list) {
            delays.push(at - sent);
        }
        await ok(server, officer, 'POST',
            `/api/v1/visit-legs/${called.calledLeg}/start`);
        await ok(server, officer, 'POST',
            `/api/v1/visit-legs/${called.calledLeg}/complete`, {});
    }
    const elapsed = (performance.now() - start) / 1000;
    delays.sort((a, b) => a - b);
    const at = (p) => delays[Math.min(delays.length - 1,
        Math.floor(delays.length * p))].toFixed(1);
    console.log(`floor API call to display (${STREAMS} streams, ${CALLS} ` +
        `calls in turn): median ${at(0.5)} ms, p99 ${at(0.99)} ms, ` +
        `max ${at(1)} ms over ${delays.length} deliveries`);
    requests.sort((a, b) => a - b);
    console.log(`  of which the call request itself (commit, display state, ` +
        `publish, answer): median ${requests[requests.length >> 1]
            .toFixed(1)} ms, p99 ${requests[Math.floor(requests.length * 0.99)]
            .toFixed(1)} ms`);
    console.log(`display events delivered: ${(delays.length / (busy / 1000))
        .toFixed(0)}/s from each call request to its last display, ` +
        `${(delivered / elapsed).toFixed(0)}/s over the whole run (which ` +
        'also adds the walk-ins, starts and completions)');
    for (const s of streams) {
        s.close();
    }
} finally {
    await server.stop();
}

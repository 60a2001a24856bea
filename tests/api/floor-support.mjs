// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared helpers of the floor tests (check-in, queues, desk consoles) and
// of the role matrix: a server whose "today" has room for visits whatever
// the hour and the weekday the tests run, a location made for the tests
// with desks open every day, officers of each agency, and bookings of today.
// Not a test file itself.

import assert from 'node:assert/strict';
import { api, signIn } from '../lib/server.mjs';

/**
 * A time zone in which it is about nine in the morning now: the server
 * serves the floor of "today" in it, so that a day's worth of opening
 * hours lies ahead whenever the tests run. Etc/GMT-N is UTC+N.
 */
export function morningZone(now = new Date()) {
    let offset = 9 - now.getUTCHours();
    if (offset < -12) {
        offset += 24;
    }
    if (offset === 0) {
        return 'Etc/GMT';
    }
    return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** Today (YYYY-MM-DD) in the time zone given. */
export function todayIn(zone) {
    return new Intl.DateTimeFormat('en-CA', {
        timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
    }).format(new Date());
}

/** Arguments of `onestop serve` for floor tests (and extra ones). */
export function floorServerArgs(zone, extra = []) {
    return ['--set', `server.time_zone=${zone}`,
        '--set', 'booking.lead_minutes=0', ...extra];
}

/** A request as the given session (null: anonymous). */
export function as(server, session, method, urlPath, body, headers = {}) {
    return api(server.url, method, urlPath, {
        body,
        cookie: session ? session.cookie : undefined,
        csrf: session ? session.csrf : undefined,
        headers,
    });
}

/** The same request, failing unless the answer has status. */
export async function ok(server, session, method, urlPath, body,
    status = 200) {
    const res = await as(server, session, method, urlPath, body);
    assert.equal(res.status, status,
        `${method} ${urlPath}: ${res.status} ${res.text}`);
    return res.json;
}

const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday, opens: '00:00', closes: '24:00',
}));

let made = 0;

/**
 * A location for the floor tests, open all day every day (no holidays):
 * desks intake (expat centre), brp-a and brp-b (municipality), ind (IND)
 * and, when asked, `long` extra desks. Made by admin. Returns
 * { location, desks: { code: desk } }.
 */
export async function makeFloorLocation(server, admin, extraDesks = []) {
    made += 1;
    const code = `floor-${process.pid}-${made}`;
    const location = await ok(server, admin, 'POST', '/api/v1/locations', {
        code, name: { en: `Floor test ${made}`, nl: `Vloertest ${made}` },
        address: 'Teststraat 1, Maastricht', timeZone: 'Europe/Amsterdam',
        slotMinutes: 5,
    }, 201);
    const specs = [
        { code: 'intake', agency: 'expat-centre', services: ['intake'] },
        { code: 'brp-a', agency: 'municipality',
            services: ['brp-registration'] },
        { code: 'brp-b', agency: 'municipality',
            services: ['brp-registration'] },
        { code: 'ind', agency: 'ind',
            services: ['ind-collect', 'ind-biometrics', 'ind-sticker',
                'ind-return-visa'] },
        ...extraDesks,
    ];
    const desks = {};
    for (const spec of specs) {
        const desk = await ok(server, admin, 'POST', '/api/v1/desks', {
            location: location.id, agency: spec.agency, code: spec.code,
            name: { en: `Desk ${spec.code}`, nl: `Balie ${spec.code}` },
            services: spec.services, active: true,
        }, 201);
        await ok(server, admin, 'PUT',
            `/api/v1/desks/${desk.id}/opening-hours`,
            { hours: spec.hours || ALL_DAY, breaks: [] });
        desks[spec.code] = desk;
    }
    return { location, desks };
}

let officers = 0;

/** A new officer of agency (signed in): { cookie, csrf, user }. */
export async function makeOfficer(server, admin, agency) {
    officers += 1;
    const username = `officer-${agency}-${process.pid}-${officers}`;
    const password = `Floor-officer-passphrase-${officers}`;
    await ok(server, admin, 'POST', '/api/v1/users', {
        username, displayName: `Officer ${officers}`, role: 'officer',
        password, agency,
    }, 201);
    return signIn(server.url, username, password);
}

let people = 0;

/** A visitor's details, unique per call. */
export function visitor(tag = 'Visitor') {
    people += 1;
    return {
        givenNames: `${tag} ${people}`,
        surname: `Floor-${process.pid}-${people}`,
        email: `floor${people}@example.org`,
    };
}

/**
 * Books services (comma-separated codes) at location for today, as
 * session (the front desk may book every service): the first option
 * availability gives. Returns the booking (code, token, legs).
 */
export async function bookToday(server, session, locationId, today,
    services, who = visitor()) {
    const av = await ok(server, session, 'GET',
        `/api/v1/availability?location=${locationId}&date=${today}` +
        `&services=${services}&persons=1`);
    assert.ok(av.options.length > 0,
        `an option today for ${services}: ${JSON.stringify(av)}`);
    // What the demo's eligibility rules ask (src/cli/demo.c): the demo
    // employer's recognised sponsor, a home in the region and an IND
    // letter naming this location.
    const location = await ok(server, session, 'GET',
        `/api/v1/locations/${locationId}`);
    return ok(server, session, 'POST', '/api/v1/bookings', {
        option: av.options[0].token, sponsorKvk: '12345678',
        residenceMunicipality: 'Maastricht', indLetterLocation: location.code,
        ...who,
    }, 201);
}

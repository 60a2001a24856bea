// SPDX-License-Identifier: AGPL-3.0-or-later
// Employer isolation, route by route: two employer accounts of two
// sponsors. Employer A (the demo employer, Maastricht Shared Services)
// registers newcomers with family and books for them, one and as a group;
// employer B (another sponsor of the demo register) then calls every route
// an employer may call, aimed at A's newcomers, bookings, groups and
// sponsor. B gets 404 (or 403, or an empty list) and learns nothing: the
// answer about A's things is the answer about things that do not exist,
// and holds none of A's data; afterwards A's things are as they were.
//
// The routes come from the server's OpenAPI document (x-roles naming
// employer or anyone): a route an employer may call that the table below
// does not classify fails the test, so a new route must say how it keeps
// employers apart.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
    assertProblem, signInAs, call, getJson, stopAndCheck,
} from './support.mjs';
import { LOCATION, WEEKDAYS, bookableDates, availability } from
    './booking-support.mjs';

const KVK_A = '12345678'; // the demo employer's sponsor
const KVK_B = '23456789'; // another sponsor of the demo register
/** An id, a code and a KvK number that exist for nobody. */
const NO_ID = 987654;
const NO_CODE = 'ZZZZ9999';
const NO_KVK = '99999999';

let server;
let admin;
let a; // employer A's session
let b; // employer B's session
let dates;
/** What A has: ids, codes and the strings that must never reach B. */
const own = { secrets: [] };

before(async () => {
    server = await startServer();
    admin = await signInAs(server, 'admin');
    a = await signInAs(server, 'employer');
    const password = 'Isolation-test-passphrase-2026';
    const made = await call(server, admin, 'POST', '/api/v1/users', {
        username: 'employer-b', displayName: 'HR, Heerlen Tech',
        role: 'employer', password, sponsorKvk: KVK_B,
    });
    assert.equal(made.status, 201, made.text);
    const signed = await call(server, null, 'POST', '/api/v1/session',
        { username: 'employer-b', password });
    assert.equal(signed.status, 200, signed.text);
    b = {
        cookie: signed.headers.getSetCookie()[0].split(';')[0],
        csrf: signed.json.csrfToken,
    };
    dates = await bookableDates(server, { weekdays: WEEKDAYS });
    await employerAThings();
});

after(async () => {
    await stopAndCheck(server);
});

async function firstOption() {
    for (const date of dates) {
        const av = await availability(server, a, date, 'intake');
        if (av.options.length > 0) {
            return av.options[0].token;
        }
    }
    return assert.fail('no room for an intake');
}

/** A's newcomer with family, a booking for it and a group for two more. */
async function employerAThings() {
    const reg = await call(server, a, 'POST', '/api/v1/newcomers', {
        givenNames: 'Isolda', surname: 'Verborgen', dateOfBirth: '1988-08-08',
        nationality: 'PT', category: 'highly-skilled-migrant',
        email: 'isolda@example.org', travelDocument: 'CB7777777',
        vNumber: '5550001111', postcode: '6211 DW', houseNumber: '7',
        family: [{ givenNames: 'Tomás', surname: 'Verborgen',
            dateOfBirth: '2014-04-04', nationality: 'PT',
            email: 'tomas@example.org' }],
    });
    assert.equal(reg.status, 201, reg.text);
    own.newcomer = reg.json.id;
    own.member = reg.json.family[0].id;
    const second = await call(server, a, 'POST', '/api/v1/newcomers', {
        givenNames: 'Geheim', surname: 'Onzichtbaar',
        dateOfBirth: '1990-01-01', nationality: 'DE', category: 'researcher',
        email: 'geheim@example.org',
    });
    assert.equal(second.status, 201, second.text);
    own.second = second.json.id;
    const booking = await call(server, a, 'POST', '/api/v1/bookings',
        { option: await firstOption(), newcomer: own.newcomer });
    assert.equal(booking.status, 201, booking.text);
    own.booking = booking.json.code;
    const group = await call(server, a, 'POST', '/api/v1/booking-groups', {
        location: LOCATION, date: dates[0], earliest: true,
        members: [{ newcomer: own.member, services: 'intake' },
            { newcomer: own.second, services: 'intake' }],
    });
    assert.equal(group.status, 201, group.text);
    own.group = group.json.code;
    own.groupBookings = group.json.bookings.map((x) => x.code);
    own.secrets = ['Isolda', 'Verborgen', 'Tomás', 'Geheim', 'Onzichtbaar',
        'isolda@example.org', 'CB7777777', '777', '5550001111',
        own.booking, own.group, ...own.groupBookings,
        'Maastricht Shared Services'];
}

/** Fails when the answer holds any of A's data (beyond the path B sent,
 *  which a problem echoes as its instance). */
function assertLearnsNothing(label, res, url = null) {
    const text = url ? res.text.split(url.split('?')[0]).join('') : res.text;
    for (const secret of own.secrets) {
        assert.ok(!text.includes(secret),
            `${label}: the answer shows ${secret}: ${res.text.slice(0, 300)}`);
    }
}

/** The answer's shape without what names the request itself. */
function shape(res) {
    const p = res.json || {};
    return { status: res.status, type: p.type, detail: p.detail };
}

/**
 * Calls a route as B aimed at A's thing and at one that does not exist:
 * both must be refused alike (404 or 403), and tell nothing of A.
 */
async function refusedAlike(label, method, url, noneUrl, body, headers = {}) {
    const res = await call(server, b, method, url, body, { headers });
    const none = await call(server, b, method, noneUrl, body, { headers });
    assert.ok(res.status === 404 || res.status === 403,
        `${label}: ${res.status} ${res.text}`);
    assertProblem(res, res.status);
    assert.deepEqual(shape(res), shape(none),
        `${label}: A's thing answers as one that does not exist`);
    assertLearnsNothing(label, res, url);
}

/** The routes an employer may call that hold no sponsor's data at all. */
const SHARED = {
    'GET /api/v1/health': 'the service is up',
    'GET /api/v1/openapi.json': 'the API description',
    'GET /api/v1/session': 'the caller\'s own session',
    'POST /api/v1/session': 'signing in',
    'DELETE /api/v1/session': 'signing the caller out',
    'GET /api/v1/locations': 'the centres',
    'GET /api/v1/locations/{}': 'a centre',
    'GET /api/v1/locations/{}/opening-hours': 'opening hours',
    'GET /api/v1/locations/{}/display-events':
        'the waiting-room display: ticket numbers and desks only',
    'GET /api/v1/agencies': 'the agencies',
    'GET /api/v1/services': 'the catalogue',
    'GET /api/v1/services/{}': 'a service',
    'GET /api/v1/services/{}/eligibility': 'a service\'s eligibility rules',
    'GET /api/v1/closures': 'closures',
    'GET /api/v1/availability': 'free slots, no one\'s names',
};

/** How B is kept from A's things, route by route. */
const GUARDED = {
    'POST /api/v1/bookings': async () => {
        const option = await firstOption();
        await refusedAlike('booking for A\'s newcomer', 'POST',
            '/api/v1/bookings', '/api/v1/bookings',
            { option, newcomer: own.newcomer });
        const res = await call(server, b, 'POST', '/api/v1/bookings',
            { option, newcomer: own.newcomer });
        const none = await call(server, b, 'POST', '/api/v1/bookings',
            { option, newcomer: NO_ID });
        assert.deepEqual(shape(res), shape(none));
    },
    'GET /api/v1/bookings/{}': () => refusedAlike('A\'s booking', 'GET',
        `/api/v1/bookings/${own.booking}`, `/api/v1/bookings/${NO_CODE}`),
    'DELETE /api/v1/bookings/{}': () => refusedAlike('cancel A\'s booking',
        'DELETE', `/api/v1/bookings/${own.groupBookings[0]}`,
        `/api/v1/bookings/${NO_CODE}`),
    'PUT /api/v1/bookings/{}/itinerary': async () => refusedAlike(
        'move A\'s booking', 'PUT', `/api/v1/bookings/${own.booking}/itinerary`,
        `/api/v1/bookings/${NO_CODE}/itinerary`,
        { option: await firstOption() }),
    'GET /api/v1/bookings/{}/calendar': () => refusedAlike(
        'A\'s calendar file', 'GET', `/api/v1/bookings/${own.booking}/calendar`,
        `/api/v1/bookings/${NO_CODE}/calendar`),
    'GET /api/v1/bookings/{}/qr-code': () => refusedAlike('A\'s QR code',
        'GET', `/api/v1/bookings/${own.booking}/qr-code`,
        `/api/v1/bookings/${NO_CODE}/qr-code`),
    'POST /api/v1/booking-groups': () => refusedAlike(
        'a group of A\'s newcomers', 'POST', '/api/v1/booking-groups',
        '/api/v1/booking-groups', {
            location: LOCATION, date: dates[0], earliest: true,
            members: [{ newcomer: own.second, services: 'intake' }],
        }),
    'GET /api/v1/booking-groups/{}': () => refusedAlike('A\'s group', 'GET',
        `/api/v1/booking-groups/${own.group}`,
        `/api/v1/booking-groups/${NO_CODE}`),
    'DELETE /api/v1/booking-groups/{}': () => refusedAlike(
        'cancel A\'s group', 'DELETE', `/api/v1/booking-groups/${own.group}`,
        `/api/v1/booking-groups/${NO_CODE}`),
    'GET /api/v1/sponsors': async () => {
        for (const query of [`?kvk=${KVK_A}`, '?q=Maastricht', '?limit=1000',
            '']) {
            const res = await call(server, b, 'GET',
                `/api/v1/sponsors${query}`);
            assert.equal(res.status, 200, res.text);
            assert.ok(res.json.items.every((x) => x.kvk === KVK_B),
                `sponsors${query}: only B's own`);
            assertLearnsNothing(`sponsors${query}`, res);
        }
    },
    'GET /api/v1/sponsors/{}': () => refusedAlike('A\'s sponsor', 'GET',
        `/api/v1/sponsors/${KVK_A}`, `/api/v1/sponsors/${NO_KVK}`),
    'GET /api/v1/newcomers': async () => {
        for (const query of ['', '?limit=500', '?q=Verborgen',
            `?sponsor=${KVK_A}`, '?travelDocument=CB7777777',
            '?travelDocument=cb-777%207777']) {
            const res = await call(server, b, 'GET',
                `/api/v1/newcomers${query}`);
            assert.equal(res.status, 200, res.text);
            assert.ok(res.json.items.every((x) => x.sponsor === KVK_B),
                `newcomers${query}: only B's own`);
            assertLearnsNothing(`newcomers${query}`, res);
        }
    },
    'POST /api/v1/newcomers': async () => {
        // B cannot register for A's sponsor; the refusal names the field
        // and tells nothing of A.
        const res = await call(server, b, 'POST', '/api/v1/newcomers', {
            givenNames: 'Intruder', surname: 'Test', dateOfBirth: '1990-01-01',
            nationality: 'NL', category: 'other', sponsor: KVK_A,
        });
        assertProblem(res, 400);
        assert.deepEqual(res.json.invalidParams.map((p) => p.name),
            ['sponsor']);
        assertLearnsNothing('registering for A', res);
        // The same travel document number as A's newcomer is no conflict
        // for B: nothing tells B that A registered it.
        const same = await call(server, b, 'POST', '/api/v1/newcomers', {
            givenNames: 'Other', surname: 'Person', dateOfBirth: '1990-01-01',
            nationality: 'NL', category: 'other', travelDocument: 'CB7777777',
        });
        assert.equal(same.status, 201, same.text);
        assert.equal(same.json.sponsor, KVK_B);
    },
    'GET /api/v1/newcomers/{}': async () => {
        for (const id of [own.newcomer, own.member]) {
            await refusedAlike('A\'s newcomer', 'GET',
                `/api/v1/newcomers/${id}`, `/api/v1/newcomers/${NO_ID}`);
            await refusedAlike('A\'s newcomer with a reason', 'GET',
                `/api/v1/newcomers/${id}?reason=curious`,
                `/api/v1/newcomers/${NO_ID}?reason=curious`);
        }
    },
    'PUT /api/v1/newcomers/{}': () => refusedAlike('change A\'s newcomer',
        'PUT', `/api/v1/newcomers/${own.newcomer}`,
        `/api/v1/newcomers/${NO_ID}`, {
            givenNames: 'Changed', surname: 'By B', dateOfBirth: '1990-01-01',
            nationality: 'NL', category: 'other',
        }),
    'DELETE /api/v1/newcomers/{}': () => refusedAlike('remove A\'s newcomer',
        'DELETE', `/api/v1/newcomers/${own.second}`,
        `/api/v1/newcomers/${NO_ID}`),
    'POST /api/v1/newcomers/{}/family': () => refusedAlike(
        'add to A\'s family', 'POST', `/api/v1/newcomers/${own.newcomer}/family`,
        `/api/v1/newcomers/${NO_ID}/family`, {
            givenNames: 'Planted', surname: 'Member',
            dateOfBirth: '2010-01-01', nationality: 'NL',
        }),
};

function key(method, fullPath) {
    return `${method} ${fullPath.replace(/\{[^}]+\}/g, '{}')}`;
}

test('every route an employer may call keeps employers apart', async (t) => {
    const doc = await getJson(server, null, '/api/v1/openapi.json');
    const prefix = (doc.servers?.[0]?.url || '').replace(/\/$/, '');
    const routes = [];
    for (const [p, item] of Object.entries(doc.paths)) {
        const full = p.startsWith('/api/') ? p : `${prefix}${p}`;
        for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
            const roles = item[m]?.['x-roles'];
            if (roles && (roles.includes('employer') ||
                roles.includes('anyone'))) {
                routes.push(key(m.toUpperCase(), full));
            }
        }
    }
    assert.ok(routes.length > 20, `${routes.length} employer routes`);
    const unclassified = routes.filter((k) => !SHARED[k] && !GUARDED[k]);
    assert.deepEqual(unclassified, [],
        'employer routes that say nothing of how employers are kept apart');
    const stale = [...Object.keys(SHARED), ...Object.keys(GUARDED)]
        .filter((k) => !routes.includes(k));
    assert.deepEqual(stale, [], 'classified routes no employer may call');
    for (const k of routes.filter((r) => GUARDED[r])) {
        await t.test(k, () => GUARDED[k]());
    }
});

test('A\'s things are as they were, and A still sees them all', async () => {
    const n = await getJson(server, a, `/api/v1/newcomers/${own.newcomer}`);
    assert.equal(n.givenNames, 'Isolda');
    assert.equal(n.family.length, 1);
    assert.equal(n.family[0].givenNames, 'Tomás');
    assert.equal(n.progress.booked, true);
    assert.equal(n.progress.bookingCode, own.booking);
    const second = await getJson(server, a, `/api/v1/newcomers/${own.second}`);
    assert.equal(second.progress.booked, true);
    const booking = await getJson(server, a, `/api/v1/bookings/${own.booking}`);
    assert.equal(booking.status, 'booked');
    const group = await getJson(server, a,
        `/api/v1/booking-groups/${own.group}`);
    assert.ok(group.bookings.every((x) => x.status === 'booked'));
    const list = await getJson(server, a, '/api/v1/newcomers?limit=500');
    assert.ok(list.items.every((x) => x.sponsor === KVK_A));
    assert.ok(!list.items.some((x) => x.givenNames === 'Other'),
        'A does not see B\'s newcomer either');
    // B's attempts are nowhere in A's records; the sponsor is A's own.
    const sponsor = await getJson(server, a, `/api/v1/sponsors/${KVK_A}`);
    assert.equal(sponsor.kvk, KVK_A);
    assertProblem(await call(server, a, 'GET', `/api/v1/sponsors/${KVK_B}`),
        404);
});

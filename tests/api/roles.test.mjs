// SPDX-License-Identifier: AGPL-3.0-or-later
// The role matrix, driven by the server's own OpenAPI document: every route
// it lists, called anonymously and as each demo role, is either allowed or
// refused with exactly 401 (anonymous, where sign-in is needed) or 403
// (signed in, wrong role), as the table below says. A route the table does
// not classify fails the test, so new routes must be added here. Fixtures
// may give headers too: the booking routes open to everyone get a
// booking's Booking-Token, without which a caller who is not staff (nor
// the employer who made it) gets 404.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import {
    assertProblem, signInAs, call, setCookies, getJson, isoDate, stopAndCheck,
} from './support.mjs';
import {
    LOCATION, WEEKDAYS, bookableDates, bookFirst, availability, person,
} from './booking-support.mjs';
import {
    morningZone, todayIn, floorServerArgs, as as floorAs,
    makeFloorLocation, bookToday, visitor,
} from './floor-support.mjs';

const ROLES = ['admin', 'manager', 'frontdesk', 'officer', 'employer'];
/** Anonymous first and admin last: admin's changes come after the others'
 *  refusals, so a refused call never meets a thing admin just removed. */
const CALLERS = ['anonymous', 'employer', 'officer', 'frontdesk', 'manager',
    'admin'];

const EVERYONE = new Set(['anonymous', ...ROLES]);
const SIGNED_IN = new Set(ROLES);
const STAFF = new Set(['admin', 'manager', 'frontdesk', 'officer']);
const ADMIN = new Set(['admin']);
/** Who may book groups and cancel them: employers and the staff who book. */
const GROUP_BOOKERS = new Set(['employer', 'frontdesk', 'manager', 'admin']);
/** Who may cancel or move a booking: the visitor with the token, the
 *  employer who made it, the front desk and above; not desk officers. */
const BOOKING_CHANGERS = new Set(['anonymous', 'employer', 'frontdesk',
    'manager', 'admin']);
const EMPLOYER_OR_STAFF = new Set(['employer', ...STAFF]);
/** Who may read the sponsor register (employers: their own sponsor). */
const SPONSOR_READERS = new Set(['admin', 'manager', 'frontdesk', 'employer']);
/** The floor: who checks visitors in, who works a desk's console. */
const FLOOR_FRONT = new Set(['frontdesk', 'manager', 'admin']);
const FLOOR_CONSOLE = new Set(['officer', 'manager', 'admin']);
/** Who ticks off the documents a visitor brings (officers only read). */
const DOCUMENT_CHECKERS = new Set(['frontdesk', 'manager', 'admin']);

/** Who registers and changes newcomers: employers (their own sponsor's)
 *  and the staff who book; desk officers only read them. */
const NEWCOMER_WRITERS = new Set(['employer', 'frontdesk', 'manager',
    'admin']);

/** Who may call each route; {} stands for any path parameter. */
const ALLOWED = {
    'GET /api/v1/health': EVERYONE,
    'GET /api/v1/openapi.json': EVERYONE,
    'GET /api/v1/session': SIGNED_IN,
    'POST /api/v1/session': EVERYONE,
    'DELETE /api/v1/session': SIGNED_IN,
    'GET /api/v1/locations': EVERYONE,
    'POST /api/v1/locations': ADMIN,
    'GET /api/v1/locations/{}': EVERYONE,
    'PUT /api/v1/locations/{}': ADMIN,
    'GET /api/v1/locations/{}/opening-hours': EVERYONE,
    'GET /api/v1/locations/{}/display-events': EVERYONE,
    'GET /api/v1/locations/{}/floor-events': STAFF,
    'GET /api/v1/agencies': EVERYONE,
    'POST /api/v1/agencies': ADMIN,
    'PUT /api/v1/agencies/{}': ADMIN,
    'GET /api/v1/services': EVERYONE,
    'POST /api/v1/services': ADMIN,
    'GET /api/v1/services/{}': EVERYONE,
    'PUT /api/v1/services/{}': ADMIN,
    'GET /api/v1/services/{}/eligibility': EVERYONE,
    'PUT /api/v1/services/{}/eligibility': ADMIN,
    'GET /api/v1/desks': STAFF,
    'POST /api/v1/desks': ADMIN,
    'GET /api/v1/desks/{}': STAFF,
    'PUT /api/v1/desks/{}': ADMIN,
    'PUT /api/v1/desks/{}/opening-hours': ADMIN,
    'GET /api/v1/closures': EVERYONE,
    'POST /api/v1/closures': ADMIN,
    'DELETE /api/v1/closures/{}': ADMIN,
    'GET /api/v1/users': ADMIN,
    'POST /api/v1/users': ADMIN,
    'GET /api/v1/audit-events': ADMIN,
    'POST /api/v1/check-ins': FLOOR_FRONT,
    'GET /api/v1/expected-visitors': FLOOR_FRONT,
    'POST /api/v1/walk-ins': FLOOR_FRONT,
    'GET /api/v1/floor': STAFF,
    'POST /api/v1/visits/{}/departure': FLOOR_FRONT,
    'POST /api/v1/desks/{}/open': FLOOR_CONSOLE,
    'POST /api/v1/desks/{}/close': FLOOR_CONSOLE,
    'GET /api/v1/desks/{}/queue': STAFF,
    'POST /api/v1/desks/{}/calls': FLOOR_CONSOLE,
    'POST /api/v1/visit-legs/{}/recall': FLOOR_CONSOLE,
    'POST /api/v1/visit-legs/{}/start': FLOOR_CONSOLE,
    'POST /api/v1/visit-legs/{}/park': FLOOR_CONSOLE,
    'POST /api/v1/visit-legs/{}/unpark': FLOOR_CONSOLE,
    'POST /api/v1/visit-legs/{}/no-show': STAFF,
    'POST /api/v1/visit-legs/{}/complete': FLOOR_CONSOLE,
    'POST /api/v1/visit-legs/{}/transfer': STAFF,
    'POST /api/v1/visit-legs/{}/cancel': STAFF,
    'GET /api/v1/availability': EVERYONE,
    'POST /api/v1/bookings': EVERYONE,
    'GET /api/v1/bookings': STAFF,
    'GET /api/v1/bookings/{}': EVERYONE,
    'DELETE /api/v1/bookings/{}': BOOKING_CHANGERS,
    'PUT /api/v1/bookings/{}/itinerary': BOOKING_CHANGERS,
    'GET /api/v1/bookings/{}/calendar': EVERYONE,
    'GET /api/v1/bookings/{}/qr-code': EVERYONE,
    'GET /api/v1/bookings/{}/documents': STAFF,
    'PUT /api/v1/bookings/{}/documents': DOCUMENT_CHECKERS,
    'POST /api/v1/booking-groups': GROUP_BOOKERS,
    'GET /api/v1/booking-groups/{}': EMPLOYER_OR_STAFF,
    'DELETE /api/v1/booking-groups/{}': GROUP_BOOKERS,
    'POST /api/v1/sponsor-imports': ADMIN,
    'GET /api/v1/sponsors': SPONSOR_READERS,
    'GET /api/v1/sponsors/{}': SPONSOR_READERS,
    'GET /api/v1/newcomers': EMPLOYER_OR_STAFF,
    'POST /api/v1/newcomers': NEWCOMER_WRITERS,
    'GET /api/v1/newcomers/{}': EMPLOYER_OR_STAFF,
    'PUT /api/v1/newcomers/{}': NEWCOMER_WRITERS,
    'DELETE /api/v1/newcomers/{}': NEWCOMER_WRITERS,
    'POST /api/v1/newcomers/{}/family': NEWCOMER_WRITERS,
};

let server;
let demo; // real ids and representations from the demo deployment
const sessions = {};
let counter = 0;
let dates; // weekdays the demo centre can be booked on
const shared = {}; // a booking and an employer's group every caller reads
let floorZone;
let floorLoc; // a location open every day, made by admin for the floor

before(async () => {
    // The floor's routes run on "today": a morning in a time zone chosen for
    // it, whatever the hour the test runs (floor-support.mjs).
    floorZone = morningZone();
    server = await startServer({ args: floorServerArgs(floorZone) });
    for (const role of ROLES) {
        sessions[role] = await signInAs(server, role);
    }
    const location = (await getJson(server, null, '/api/v1/locations')).items[0];
    const hours = await getJson(server, null,
        `/api/v1/locations/${location.id}/opening-hours`);
    const services = (await getJson(server, null, '/api/v1/services')).items;
    const agencies = (await getJson(server, null, '/api/v1/agencies')).items;
    const desk = hours.desks.find((d) => d.services.length > 0) || hours.desks[0];
    assert.ok(desk, 'the demo has a desk');
    const deskAgency = typeof desk.agency === 'object'
        ? desk.agency.code : desk.agency;
    demo = { location, hours, services, agencies, desk, deskAgency };
    dates = await bookableDates(server, { weekdays: WEEKDAYS });
    // Made before the matrix counts the locations.
    await floorLocation();
});

after(async () => {
    await stopAndCheck(server);
});

/** A unique kebab-case code for things admin creates. */
function fresh(prefix) {
    counter += 1;
    return `${prefix}-${counter}`;
}

/** A closure of the demo location to delete, made by admin. */
async function makeClosure() {
    const res = await call(server, sessions.admin, 'POST', '/api/v1/closures', {
        location: demo.location.id, desk: null, date: isoDate(60 + counter),
        startsAt: null, endsAt: null, kind: 'one-off',
        reason: { en: 'Role test', nl: 'Roltest' },
    });
    counter += 1;
    assert.equal(res.status, 201, `making a closure: ${res.text}`);
    return res.json.id;
}

function serviceBody(svc) {
    return {
        code: svc.code, agency: svc.agency.code, name: svc.name,
        description: svc.description, minutes: svc.minutes,
        extraMinutesPerPerson: svc.extraMinutesPerPerson,
        prerequisites: svc.prerequisites, documents: svc.documents,
        bookableBy: svc.bookableBy, rescheduleAllowed: svc.rescheduleAllowed,
        active: svc.active,
    };
}

/** A fresh intake booking, made anonymously: { code, token, date }. */
function freshBooking() {
    return bookFirst(server, null, dates, 'intake', person('Role'));
}

/** A fresh group of one, booked by the employer (who may then see it). */
async function freshGroup() {
    const res = await call(server, sessions.employer, 'POST',
        '/api/v1/booking-groups', groupBody(dates[0]));
    assert.equal(res.status, 201, `booking a group: ${res.text}`);
    return res.json.code;
}

/** A group of one on the first date from date where it fits. */
function groupBody(date) {
    return {
        location: LOCATION, date, earliest: true,
        members: [{ ...person('Role group'), services: 'intake' }],
    };
}

async function sharedBooking() {
    shared.booking = shared.booking || await freshBooking();
    return shared.booking;
}

async function sharedGroup() {
    shared.group = shared.group || await freshGroup();
    return shared.group;
}

/** A newcomer of the demo employer's sponsor, fresh each time (a travel
 *  document number is registered once per sponsor). */
function newcomerBody() {
    counter += 1;
    return {
        givenNames: `Role ${counter}`, surname: 'Matrix',
        dateOfBirth: '1990-01-01', nationality: 'NL',
        category: 'researcher', sponsor: '12345678',
        travelDocument: `RM${String(1000000 + counter)}`,
    };
}

/** A newcomer registered by the employer (whom every role may see). */
async function freshNewcomer() {
    const res = await call(server, sessions.employer, 'POST',
        '/api/v1/newcomers', newcomerBody());
    assert.equal(res.status, 201, `registering a newcomer: ${res.text}`);
    return res.json.id;
}

async function sharedNewcomer() {
    shared.newcomer = shared.newcomer || await freshNewcomer();
    return shared.newcomer;
}

/** The floor's location (made once): desks brp-a (legs the demo's
 * municipal officer works on), brp-b (transfers), brp-close and
 * brp-call, each open every day. */
async function floorLocation() {
    floorLoc = floorLoc || await makeFloorLocation(server, sessions.admin, [
        { code: 'brp-close', agency: 'municipality',
            services: ['brp-registration'] },
        { code: 'brp-call', agency: 'municipality',
            services: ['brp-registration'] },
    ]);
    return floorLoc;
}

/** A walk-in of service at the floor's location, by admin. */
async function floorWalkIn(service = 'brp-registration') {
    const loc = await floorLocation();
    const who = visitor('Role floor');
    const res = await floorAs(server, sessions.admin, 'POST', '/api/v1/walk-ins',
        { location: loc.location.id, service, givenNames: who.givenNames,
            surname: who.surname });
    assert.equal(res.status, 201, `walk-in: ${res.text}`);
    return res.json;
}

/** Opens a desk and ends (as admin) what is called or served there, so
 *  that it may call again. */
async function freeDesk(code) {
    const loc = await floorLocation();
    const desk = loc.desks[code];
    const admin = sessions.admin;
    let res = await floorAs(server, admin, 'POST',
        `/api/v1/desks/${desk.id}/open`);
    assert.equal(res.status, 200, `open ${code}: ${res.text}`);
    res = await floorAs(server, admin, 'GET',
        `/api/v1/floor?location=${loc.location.id}`);
    const busy = res.json.desks.find((d) => d.id === desk.id).serving;
    if (busy) {
        const action = busy.state === 'serving' ? 'complete' : 'cancel';
        res = await floorAs(server, admin, 'POST',
            `/api/v1/visit-legs/${busy.leg}/${action}`,
            action === 'complete'
                ? { outcome: { bsnIssued: false, reason: 'Role test' } }
                : undefined);
        assert.equal(res.status, 200, `freeing ${code}: ${res.text}`);
    }
    return desk;
}

/** A registration leg brought (by admin, at brp-a) to state: waiting,
 *  called, serving or parked. Returns its id. */
async function floorLeg(state) {
    const visit = await floorWalkIn();
    const leg = visit.legs[0].id;
    const admin = sessions.admin;
    if (state === 'waiting') {
        return leg;
    }
    const desk = await freeDesk('brp-a');
    let res = await floorAs(server, admin, 'POST',
        `/api/v1/desks/${desk.id}/calls`, { leg });
    assert.equal(res.status, 201, `call: ${res.text}`);
    for (const action of { called: [], serving: ['start'],
        parked: ['start', 'park'] }[state]) {
        res = await floorAs(server, admin, 'POST',
            `/api/v1/visit-legs/${leg}/${action}`);
        assert.equal(res.status, 200, `${action}: ${res.text}`);
    }
    return leg;
}

/** Path arguments and the token header of a booking. */
function withToken(booking) {
    return { args: [booking.code], headers: { 'Booking-Token': booking.token } };
}

/**
 * How to call each route: the path arguments, the query, headers and a
 * body that an allowed caller would have accepted. Called once per caller.
 */
const FIXTURES = {
    'GET /api/v1/locations/{}': () => ({ args: [demo.location.id] }),
    'PUT /api/v1/locations/{}': () => ({
        args: [demo.location.id],
        body: {
            code: demo.location.code, name: demo.location.name,
            address: demo.location.address, timeZone: demo.location.timeZone,
            slotMinutes: demo.location.slotMinutes,
        },
    }),
    'POST /api/v1/locations': () => ({
        body: {
            code: fresh('role-centre'),
            // The demo's name: its shape is the catalogue test's concern.
            name: demo.location.name,
            address: 'Markt 1, 7511 GB Enschede',
            timeZone: 'Europe/Amsterdam', slotMinutes: 5,
        },
    }),
    'GET /api/v1/locations/{}/display-events': () =>
        ({ args: [demo.location.id] }),
    'GET /api/v1/locations/{}/floor-events': () =>
        ({ args: [demo.location.id] }),
    'GET /api/v1/locations/{}/opening-hours': () =>
        ({ args: [demo.location.id] }),
    'POST /api/v1/agencies': () => ({
        body: { code: fresh('role-agency'),
            name: { en: 'Role test agency', nl: 'Roltestdienst' } },
    }),
    'PUT /api/v1/agencies/{}': () => {
        const a = demo.agencies[0];
        return { args: [a.code], body: { code: a.code, name: a.name } };
    },
    'POST /api/v1/services': () => ({
        body: {
            ...serviceBody(demo.services[0]), code: fresh('role-service'),
            prerequisites: [],
        },
    }),
    'GET /api/v1/services/{}': () => ({ args: [demo.services[0].code] }),
    'PUT /api/v1/services/{}': () => ({
        args: [demo.services[0].code], body: serviceBody(demo.services[0]),
    }),
    'GET /api/v1/services/{}/eligibility': () =>
        ({ args: [demo.services[0].code] }),
    // The demo's own rule again: changes nothing.
    'PUT /api/v1/services/{}/eligibility': () => ({
        args: ['ind-collect'], body: { rules: [{ rule: 'ind-letter-location' }] },
    }),
    'GET /api/v1/desks': () => ({ query: `?location=${demo.location.id}` }),
    'GET /api/v1/desks/{}': () => ({ args: [demo.desk.id] }),
    'POST /api/v1/desks': () => ({
        body: {
            location: demo.location.id, agency: demo.deskAgency,
            code: fresh('role-desk'), name: { en: 'Role desk', nl: 'Rolbalie' },
            services: demo.desk.services, active: true,
        },
    }),
    'PUT /api/v1/desks/{}': () => ({
        args: [demo.desk.id],
        body: {
            location: demo.location.id, agency: demo.deskAgency,
            code: demo.desk.code, name: demo.desk.name,
            services: demo.desk.services, active: true,
        },
    }),
    'PUT /api/v1/desks/{}/opening-hours': () => ({
        args: [demo.desk.id],
        body: { hours: demo.desk.hours, breaks: demo.desk.breaks },
    }),
    'GET /api/v1/closures': () => ({
        query: `?location=${demo.location.id}&from=${isoDate(0)}` +
            `&to=${isoDate(365)}`,
    }),
    'POST /api/v1/closures': () => ({
        body: {
            location: demo.location.id, desk: demo.desk.id,
            date: isoDate(30 + counter++), startsAt: '13:00', endsAt: '14:00',
            kind: 'one-off', reason: { en: 'Training', nl: 'Training' },
        },
    }),
    'DELETE /api/v1/closures/{}': async () => ({ args: [await makeClosure()] }),
    'POST /api/v1/users': () => ({
        body: {
            username: fresh('role-user'), displayName: 'Role Test',
            role: 'manager', password: 'Role-test-passphrase-2024',
        },
    }),
    'GET /api/v1/audit-events': () => ({ query: '?limit=5' }),
    'POST /api/v1/check-ins': async () => {
        const loc = await floorLocation();
        const booking = await bookToday(server, sessions.frontdesk,
            loc.location.id, todayIn(floorZone), 'intake');
        return { body: { code: booking.code } };
    },
    'GET /api/v1/expected-visitors': async () =>
        ({ query: `?location=${(await floorLocation()).location.id}` }),
    'POST /api/v1/walk-ins': async () => {
        const loc = await floorLocation();
        const who = visitor('Role walk-in');
        return { body: { location: loc.location.id, service: 'intake',
            givenNames: who.givenNames, surname: who.surname } };
    },
    'GET /api/v1/floor': async () =>
        ({ query: `?location=${(await floorLocation()).location.id}` }),
    'POST /api/v1/visits/{}/departure': async () =>
        ({ args: [(await floorWalkIn()).id] }),
    'POST /api/v1/desks/{}/open': async () =>
        ({ args: [(await floorLocation()).desks['brp-a'].id] }),
    'POST /api/v1/desks/{}/close': async () =>
        ({ args: [(await floorLocation()).desks['brp-close'].id] }),
    'GET /api/v1/desks/{}/queue': async () =>
        ({ args: [(await floorLocation()).desks['brp-a'].id] }),
    'POST /api/v1/desks/{}/calls': async () => {
        const desk = await freeDesk('brp-call');
        await floorWalkIn();
        return { args: [desk.id], body: {} };
    },
    'POST /api/v1/visit-legs/{}/recall': async () =>
        ({ args: [await floorLeg('called')] }),
    'POST /api/v1/visit-legs/{}/start': async () =>
        ({ args: [await floorLeg('called')] }),
    'POST /api/v1/visit-legs/{}/park': async () =>
        ({ args: [await floorLeg('called')] }),
    'POST /api/v1/visit-legs/{}/unpark': async () =>
        ({ args: [await floorLeg('parked')] }),
    'POST /api/v1/visit-legs/{}/no-show': async () =>
        ({ args: [await floorLeg('waiting')] }),
    'POST /api/v1/visit-legs/{}/complete': async () => ({
        args: [await floorLeg('serving')],
        body: { outcome: { bsnIssued: false, reason: 'Role test' } },
    }),
    'POST /api/v1/visit-legs/{}/transfer': async () => ({
        args: [await floorLeg('waiting')],
        body: { desk: (await floorLocation()).desks['brp-b'].id },
    }),
    'POST /api/v1/visit-legs/{}/cancel': async () =>
        ({ args: [await floorLeg('waiting')] }),
    'GET /api/v1/availability': () => ({
        query: `?location=${LOCATION}&date=${dates[0]}&services=intake`,
    }),
    'POST /api/v1/bookings': async () => {
        for (const date of dates) {
            const av = await availability(server, null, date, 'intake');
            if (av.options.length > 0) {
                return { body: { option: av.options[0].token, ...person('Role') } };
            }
        }
        return assert.fail('no date has room for an intake');
    },
    'GET /api/v1/bookings': () => ({
        query: `?location=${LOCATION}&date=${dates[0]}`,
    }),
    'GET /api/v1/bookings/{}': async () => withToken(await sharedBooking()),
    // Each caller cancels a booking of its own.
    'DELETE /api/v1/bookings/{}': async () => withToken(await freshBooking()),
    // Each caller moves a booking of its own to a free time the same day.
    'PUT /api/v1/bookings/{}/itinerary': async () => {
        const booking = await freshBooking();
        const av = await availability(server, null, booking.date, 'intake');
        assert.ok(av.options.length > 0, `room on ${booking.date} to move to`);
        return { ...withToken(booking), body: { option: av.options[0].token } };
    },
    'GET /api/v1/bookings/{}/calendar': async () =>
        withToken(await sharedBooking()),
    'GET /api/v1/bookings/{}/qr-code': async () =>
        withToken(await sharedBooking()),
    'GET /api/v1/bookings/{}/documents': async () =>
        withToken(await sharedBooking()),
    'PUT /api/v1/bookings/{}/documents': async () => ({
        ...withToken(await sharedBooking()),
        body: { checks: [{ person: 1, service: 'intake', document: 1,
            checked: true }] },
    }),
    'POST /api/v1/booking-groups': () => ({ body: groupBody(dates[0]) }),
    'GET /api/v1/booking-groups/{}': async () => ({ args: [await sharedGroup()] }),
    // Each caller cancels a group of its own (booked by the employer).
    'DELETE /api/v1/booking-groups/{}': async () => ({ args: [await freshGroup()] }),
    // The body is the register file itself; re-importing it changes nothing.
    'POST /api/v1/sponsor-imports': () => ({
        query: `?category=exchange&snapshot=${isoDate(0)}`,
        body: 'name;kvk\n"Au Pair Limburg";11223344\n',
        headers: { 'Content-Type': 'text/csv' },
    }),
    'GET /api/v1/sponsors': () => ({ query: '?q=Maastricht' }),
    // The demo employer's own sponsor.
    'GET /api/v1/sponsors/{}': () => ({ args: ['12345678'] }),
    'GET /api/v1/newcomers': () => ({ query: '?q=Role' }),
    'POST /api/v1/newcomers': () => ({ body: newcomerBody() }),
    'GET /api/v1/newcomers/{}': async () => ({ args: [await sharedNewcomer()] }),
    'PUT /api/v1/newcomers/{}': async () => {
        const { sponsor, ...body } = newcomerBody();
        return { args: [await sharedNewcomer()], body };
    },
    // Each caller removes a newcomer of its own.
    'DELETE /api/v1/newcomers/{}': async () => ({ args: [await freshNewcomer()] }),
    'POST /api/v1/newcomers/{}/family': async () => ({
        args: [await freshNewcomer()],
        body: { givenNames: 'Role', surname: 'Family',
            dateOfBirth: '2015-06-01', nationality: 'NL' },
    }),
    'POST /api/v1/session': (caller) => {
        const who = caller === 'anonymous' ? 'frontdesk' : caller;
        return { body: server.logins[who] };
    },
};

/** Normalises an OpenAPI path to the table's form ({} for parameters). */
function key(method, fullPath) {
    return `${method} ${fullPath.replace(/\{[^}]+\}/g, '{}')}`;
}

function fill(fullPath, args = []) {
    let i = 0;
    return fullPath.replace(/\{[^}]+\}/g, (m) => {
        assert.ok(i < args.length, `a value for ${m} in ${fullPath}`);
        return encodeURIComponent(String(args[i++]));
    });
}

test('every route of the OpenAPI document, for anonymous and every role', async (t) => {
    const doc = await getJson(server, null, '/api/v1/openapi.json');
    const prefix = (doc.servers?.[0]?.url || '').replace(/\/$/, '');
    const routes = [];
    for (const [p, item] of Object.entries(doc.paths)) {
        const full = p.startsWith('/api/') ? p : `${prefix}${p}`;
        for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
            if (item[m]) {
                routes.push({ method: m.toUpperCase(), path: full });
            }
        }
    }
    const unclassified = routes.map((r) => key(r.method, r.path))
        .filter((k) => !ALLOWED[k]);
    assert.deepEqual(unclassified, [],
        'routes of the OpenAPI document missing from the role table');
    const listed = new Set(routes.map((r) => key(r.method, r.path)));
    assert.deepEqual(Object.keys(ALLOWED).filter((k) => !listed.has(k)), [],
        'routes of the role table missing from the OpenAPI document');

    // Session routes change the caller's own session: run them last.
    routes.sort((a, b) => Number(a.path.endsWith('/session')) -
        Number(b.path.endsWith('/session')));
    const locationsBefore =
        (await getJson(server, null, '/api/v1/locations')).items.length;
    let adminLocationPosts = 0;
    const unexpected = [];

    for (const route of routes) {
        const k = key(route.method, route.path);
        await t.test(k, async () => {
            for (const caller of CALLERS) {
                const fixture = FIXTURES[k] ? await FIXTURES[k](caller) : {};
                const hasParams = /\{[^}]+\}/.test(route.path);
                assert.ok(!hasParams || fixture.args,
                    `the role matrix knows the arguments of ${k}`);
                const url = fill(route.path, fixture.args) + (fixture.query || '');
                const session = caller === 'anonymous' ? null : sessions[caller];
                const res = await call(server, session, route.method, url,
                    fixture.body,
                    fixture.headers ? { headers: fixture.headers } : {});
                const allowed = ALLOWED[k].has(caller);
                const label = `${caller} ${route.method} ${url}`;
                assert.ok(res.status < 500, `${label}: ${res.status} ${res.text}`);
                if (allowed) {
                    assert.ok(res.status !== 401 && res.status !== 403,
                        `${label} is allowed, got ${res.status} ${res.text}`);
                    if (res.status >= 400) {
                        unexpected.push(`${label}: ${res.status} ${res.text}`);
                    }
                } else if (caller === 'anonymous') {
                    assertProblem(res, 401);
                } else {
                    assertProblem(res, 403);
                }
                if (k === 'POST /api/v1/locations' && res.status === 201) {
                    adminLocationPosts += 1;
                }
                // Keep every caller signed in for the routes that follow.
                if (allowed && k === 'POST /api/v1/session' &&
                    caller !== 'anonymous' && res.status === 200) {
                    const cookie = setCookies(res)[0].split(';')[0];
                    sessions[caller] = { cookie, csrf: res.json.csrfToken };
                }
                if (allowed && k === 'DELETE /api/v1/session' &&
                    res.status === 204) {
                    sessions[caller] = await signInAs(server, caller);
                }
            }
        });
    }
    // Refused calls changed nothing: only admin's POST made a location.
    const locationsAfter =
        (await getJson(server, null, '/api/v1/locations')).items.length;
    assert.equal(adminLocationPosts, 1, 'admin created a location');
    assert.equal(locationsAfter, locationsBefore + adminLocationPosts,
        'refused POST /api/v1/locations created nothing');
    // Allowed calls with good bodies should also have succeeded; a failure
    // here means a fixture or the route is wrong.
    assert.deepEqual(unexpected, [], 'allowed calls that still failed');
});

test('forged cookies and claimed roles get nothing', async () => {
    // Cookies are opaque: a changed character is no session at all.
    const s = sessions.employer;
    const forged = s.cookie.slice(0, -1) +
        (s.cookie.endsWith('A') ? 'B' : 'A');
    const res = await api(server.url, 'GET', '/api/v1/desks',
        { cookie: forged });
    assertProblem(res, 401);
    // A role claimed in a header or the query changes nothing.
    const tries = [
        { headers: { 'X-Role': 'admin' } },
        { headers: { Authorization: 'Bearer admin' } },
    ];
    for (const extra of tries) {
        const r = await api(server.url, 'GET', '/api/v1/users',
            { cookie: s.cookie, ...extra });
        assert.ok(r.status === 403 || r.status === 401,
            `an employer with ${JSON.stringify(extra)}: ${r.status}`);
    }
    const q = await call(server, s, 'GET', '/api/v1/users?role=admin');
    assertProblem(q, 403);
});

test('booking routes open to everyone need the booking token, else 404', async () => {
    const booking = await freshBooking();
    const paths = [
        ['GET', `/api/v1/bookings/${booking.code}`],
        ['GET', `/api/v1/bookings/${booking.code}/calendar`],
        ['GET', `/api/v1/bookings/${booking.code}/qr-code`],
        ['PUT', `/api/v1/bookings/${booking.code}/itinerary`],
        ['DELETE', `/api/v1/bookings/${booking.code}`],
    ];
    const wrong = booking.token.slice(0, -1) +
        (booking.token.endsWith('A') ? 'B' : 'A');
    for (const [method, url] of paths) {
        const body = method === 'PUT' ? { option: '1.2030-01-01.1.1-1-540' }
            : undefined;
        for (const headers of [{}, { 'Booking-Token': wrong }]) {
            // Anonymous, and the employer who did not make it: no such
            // booking, whether the code exists or not.
            for (const session of [null, sessions.employer]) {
                const res = await call(server, session, method, url, body,
                    { headers });
                assertProblem(res, 404);
            }
        }
    }
    // Still there, untouched.
    const res = await api(server.url, 'GET', `/api/v1/bookings/${booking.code}`,
        { headers: { 'Booking-Token': booking.token } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'booked');
});

test('group routes: employers see only the groups they booked', async () => {
    const res = await call(server, sessions.frontdesk, 'POST',
        '/api/v1/booking-groups', groupBody(dates[0]));
    assert.equal(res.status, 201, res.text);
    for (const method of ['GET', 'DELETE']) {
        assertProblem(await call(server, sessions.employer, method,
            `/api/v1/booking-groups/${res.json.code}`), 404);
    }
    const back = await call(server, sessions.manager, 'GET',
        `/api/v1/booking-groups/${res.json.code}`);
    assert.equal(back.status, 200, back.text);
    assert.ok(back.json.bookings.every((b) => b.status === 'booked'));
});

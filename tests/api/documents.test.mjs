// SPDX-License-Identifier: AGPL-3.0-or-later
// The documents to bring, per person and per service: each person of a
// family booking brings their own; the front desk ticks each off as it is
// checked (GET and PUT /api/v1/bookings/{code}/documents: front desk,
// manager and admin tick, desk officers read, nobody else), who and when
// kept with the tick and the change audited; staff see in the booking
// what is still missing; bad ticks are refused naming the field and
// change nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
    assertProblem, assertInvalid, signInAs, call, getJson, stopAndCheck,
} from './support.mjs';
import { startServer } from '../lib/server.mjs';
import {
    bookableDates, person, availability, postBooking, getBooking,
} from './booking-support.mjs';

/** Documents of the demo's services (src/cli/demo.c). */
const INTAKE_DOCS = 3;
const COLLECT_DOCS = 2;

let server;
const s = {}; // sessions by role
let dates;
let family; // a booking of 3 persons: intake and ind-collect

before(async () => {
    server = await startServer();
    for (const role of ['admin', 'manager', 'frontdesk', 'officer',
        'employer']) {
        s[role] = await signInAs(server, role);
    }
    dates = await bookableDates(server);
    const av = await availability(server, null, dates[0],
        'intake,ind-collect', 3);
    const res = await postBooking(server, null,
        { option: av.options[0].token, ...person('Family') });
    assert.equal(res.status, 201, res.text);
    family = res.json;
});

after(async () => {
    await stopAndCheck(server);
});

function documents(session, code = family.code, headers = {}) {
    return call(server, session, 'GET', `/api/v1/bookings/${code}/documents`,
        undefined, { headers });
}

function tick(session, checks, code = family.code) {
    return call(server, session, 'PUT', `/api/v1/bookings/${code}/documents`,
        { checks });
}

function item(answer, person, service, document) {
    const p = answer.documents.find((x) => x.person === person);
    return p.services.find((x) => x.service === service).items
        .find((x) => x.document === document);
}

test('each person of a family brings their own documents', async () => {
    assert.equal(family.persons, 3);
    assert.equal(family.documentsPerPerson.length, 3);
    const catalogue = Object.fromEntries((await getJson(server, null,
        '/api/v1/services')).items.map((x) => [x.code, x]));
    for (const [i, p] of family.documentsPerPerson.entries()) {
        assert.equal(p.person, i + 1);
        assert.deepEqual(p.services.map((x) => x.service),
            ['intake', 'ind-collect']);
        for (const group of p.services) {
            assert.deepEqual(group.items.map((x) => x.text),
                catalogue[group.service].documents);
            assert.deepEqual(group.items.map((x) => x.document),
                group.items.map((_, k) => k + 1));
            // The visitor sees what to bring, not the desk's ticks.
            assert.ok(group.items.every((x) => !('checked' in x)));
        }
    }
    assert.equal(family.documentsMissing, undefined);
    // The list per service is still there, once.
    assert.deepEqual(family.documents.map((d) => d.service),
        ['intake', 'ind-collect']);
});

test('the front desk ticks documents off; staff see what is missing', async () => {
    const all = 3 * (INTAKE_DOCS + COLLECT_DOCS);
    let res = await documents(s.frontdesk);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.booking, family.code);
    assert.equal(res.json.persons, 3);
    assert.equal(res.json.missing, all);
    assert.ok(res.json.documents.every((p) =>
        p.missing === INTAKE_DOCS + COLLECT_DOCS));

    res = await tick(s.frontdesk, [
        { person: 2, service: 'intake', document: 1, checked: true },
        { person: 2, service: 'ind-collect', document: 2, checked: true },
        { person: 3, service: 'intake', document: 3, checked: true },
    ]);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.missing, all - 3);
    const mine = item(res.json, 2, 'ind-collect', 2);
    assert.equal(mine.checked, true);
    assert.equal(mine.checkedBy, server.logins.frontdesk.username);
    assert.match(mine.checkedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(item(res.json, 1, 'ind-collect', 2).checked, false);
    assert.deepEqual(res.json.documents.map((p) => p.missing), [5, 3, 4]);

    // Ticking again keeps the first tick; the manager takes one back.
    res = await tick(s.admin,
        [{ person: 2, service: 'ind-collect', document: 2, checked: true }]);
    assert.equal(item(res.json, 2, 'ind-collect', 2).checkedBy,
        server.logins.frontdesk.username);
    res = await tick(s.manager,
        [{ person: 3, service: 'intake', document: 3, checked: false }]);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.missing, all - 2);
    assert.equal(item(res.json, 3, 'intake', 3).checked, false);

    // Staff see the same in the booking; the visitor does not.
    for (const role of ['frontdesk', 'officer', 'manager']) {
        const b = await getJson(server, s[role], `/api/v1/bookings/${family.code}`);
        assert.equal(b.documentsMissing, all - 2, role);
        assert.equal(b.documentsPerPerson[1].missing, 3);
        assert.equal(b.documentsPerPerson[1].services[0].items[0].checked, true);
    }
    const own = await getBooking(server, family.code, family.token);
    assert.equal(own.json.documentsMissing, undefined);
    // Officers read the list.
    res = await documents(s.officer);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.missing, all - 2);

    const events = (await getJson(server, s.admin,
        '/api/v1/audit-events?limit=20')).items
        .filter((e) => e.action === 'booking.documents');
    assert.equal(events.length, 3);
    assert.deepEqual(events.map((e) => e.actor).sort(),
        [server.logins.admin.username, server.logins.frontdesk.username,
            server.logins.manager.username].sort());
});

test('officers, employers and the visitor do not tick; anonymous is 401', async () => {
    const before = (await documents(s.frontdesk)).json;
    const checks = [{ person: 1, service: 'intake', document: 1, checked: true }];
    assertProblem(await tick(s.officer, checks), 403);
    assertProblem(await tick(s.employer, checks), 403);
    assertProblem(await documents(s.employer), 403);
    assertProblem(await tick(null, checks), 401);
    assertProblem(await documents(null, family.code,
        { 'Booking-Token': family.token }), 401);
    assert.deepEqual((await documents(s.frontdesk)).json, before);
    assertProblem(await documents(s.frontdesk, 'ZZZZZZZZ'), 404);
    assertProblem(await tick(s.frontdesk, checks, 'ZZZZZZZZ'), 404);
});

test('bad ticks are refused naming the field; nothing changes', async () => {
    const before = (await documents(s.frontdesk)).json;
    const ok = { person: 1, service: 'intake', document: 1, checked: true };
    const cases = [
        [{ ...ok, person: 0 }, 'checks[0].person'],
        [{ ...ok, person: 4 }, 'checks[0].person'],
        [{ ...ok, document: 0 }, 'checks[0].document'],
        [{ ...ok, document: INTAKE_DOCS + 1 }, 'checks[0].document'],
        [{ ...ok, service: 'brp-registration' }, 'checks[0].document'],
        [{ ...ok, service: 'no-such' }, 'checks[0].document'],
        [{ ...ok, checked: 'yes' }, 'checks[0]'],
        [{ ...ok, person: '1' }, 'checks[0]'],
        [{ ...ok, extra: 1 }, 'checks[0]'],
        ['intake', 'checks[0]'],
    ];
    for (const [bad, field] of cases) {
        // A good tick before the bad one is not kept either.
        const res = await tick(s.frontdesk, [bad, ok]);
        assertInvalid(res, field, { partOk: false });
    }
    assertInvalid(await tick(s.frontdesk, []), 'checks');
    assertInvalid(await call(server, s.frontdesk, 'PUT',
        `/api/v1/bookings/${family.code}/documents`, {}), 'checks');
    assertInvalid(await tick(s.frontdesk, Array(101).fill(ok)), 'checks');
    assert.deepEqual((await documents(s.frontdesk)).json, before);
});

test('a cancelled booking takes no ticks', async () => {
    const av = await availability(server, null, dates[1], 'intake');
    const made = await postBooking(server, null,
        { option: av.options[0].token, ...person('Cancelled') });
    assert.equal(made.status, 201, made.text);
    const gone = await call(server, null, 'DELETE',
        `/api/v1/bookings/${made.json.code}`, undefined,
        { headers: { 'Booking-Token': made.json.token } });
    assert.equal(gone.status, 200, gone.text);
    assertProblem(await tick(s.frontdesk,
        [{ person: 1, service: 'intake', document: 1, checked: true }],
        made.json.code), 409, 'gone');
});

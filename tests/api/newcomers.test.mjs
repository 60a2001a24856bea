// SPDX-License-Identifier: AGPL-3.0-or-later
// Newcomers, the employer portal's record of incoming employees: registering
// one with family in one request, every bad field named (and nothing
// changed), search by name and by exact travel document number (through
// its keyed hash), what employers and staff see of the sealed numbers, the
// audit of staff reads (who, when, whose, why), no plain text of them in
// the database file or its WAL, changing and removing a record, booking
// for newcomers through the booking engine (one and a group) and the
// progress that follows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import {
    assertProblem, assertInvalid, signInAs, call, getJson, isoDate,
    stopAndCheck, runOnestop,
} from './support.mjs';
import { LOCATION, WEEKDAYS, bookableDates, availability } from
    './booking-support.mjs';

/** The demo employer's sponsor, and another sponsor of the demo register. */
const OWN_KVK = '12345678';
const OTHER_KVK = '23456789';

let server;
const s = {}; // sessions by role
let dates;
let serial = 0;

before(async () => {
    server = await startServer();
    for (const role of ['admin', 'manager', 'frontdesk', 'officer',
        'employer']) {
        s[role] = await signInAs(server, role);
    }
    dates = await bookableDates(server, { weekdays: WEEKDAYS });
});

after(async () => {
    await stopAndCheck(server);
});

/** A travel document number never used before in this file: "NX" and 7
 *  digits. */
function passport() {
    serial += 1;
    return `NX${String(4_000_000 + serial * 7919).padStart(7, '0')}`;
}

/** A valid newcomer body. */
function newcomer(extra = {}) {
    serial += 1;
    return {
        givenNames: `Priya ${serial}`,
        surname: 'Raghunathan',
        dateOfBirth: '1991-04-17',
        nationality: 'IN',
        category: 'highly-skilled-migrant',
        expectedArrival: isoDate(20),
        postcode: '6211 DW',
        houseNumber: '10',
        email: `priya${serial}@example.org`,
        language: 'en',
        travelDocument: passport(),
        vNumber: String(3_100_000_000 + serial),
        ...extra,
    };
}

function register(session, body) {
    return call(server, session, 'POST', '/api/v1/newcomers', body);
}

async function registered(session, body) {
    const res = await register(session, body);
    assert.equal(res.status, 201, res.text);
    return res.json;
}

async function count(session = s.frontdesk) {
    return (await getJson(server, session, '/api/v1/newcomers?limit=500'))
        .items.length;
}

test('the demo: the shared-service employer\'s new staff, families, visits', async () => {
    // The first test of the file: nothing is registered yet but the demo.
    const mine = (await getJson(server, s.employer,
        '/api/v1/newcomers?limit=500')).items;
    const principals = mine.filter((x) => x.principal === null);
    assert.ok(principals.length >= 20, `${principals.length} employees`);
    assert.ok(mine.some((x) => x.principal !== null), 'families');
    assert.ok(mine.some((x) => /[^\u0000-\u024f]/.test(x.surname)),
        'names in other scripts than Latin');
    const booked = mine.filter((x) => x.progress.booked);
    assert.ok(booked.length >= 8, `${booked.length} booked`);
    const today = isoDate(0);
    assert.ok(booked.every((x) => x.progress.visitDate > today),
        'visits on the coming days');
    // Some were booked together, as a group.
    const first = await getJson(server, s.frontdesk,
        `/api/v1/bookings/${booked[0].progress.bookingCode}`);
    assert.equal(first.channel, 'sponsor');
    const groups = [];
    for (const n of booked) {
        const b = await getJson(server, s.frontdesk,
            `/api/v1/bookings/${n.progress.bookingCode}`);
        if (b.groupId !== null) {
            groups.push(b.groupId);
        }
    }
    assert.ok(new Set(groups).size >= 1, 'group bookings');
    // Other sponsors have newcomers too; the employer sees none of them.
    const all = (await getJson(server, s.frontdesk,
        '/api/v1/newcomers?limit=500')).items;
    assert.ok(all.some((x) => x.sponsor !== OWN_KVK));
    assert.ok(mine.every((x) => x.sponsor === OWN_KVK));
});

test('an employer registers a newcomer with family in one request', async () => {
    const body = newcomer({
        givenNames: 'Wei', surname: '王', nationality: 'cn',
        postcode: '6211dw', houseNumber: '12 a',
        travelDocument: 'e 1234 5678', vNumber: '12 3456 7890',
        family: [
            { givenNames: 'Li', surname: '王', dateOfBirth: '1992-02-29',
                nationality: 'CN', travelDocument: 'E98765432' },
            { givenNames: 'Mei', surname: '王', dateOfBirth: '2019-08-01',
                nationality: 'CN', category: 'family-member',
                language: 'nl' },
        ],
    });
    const res = await register(s.employer, body);
    assert.equal(res.status, 201, res.text);
    const n = res.json;
    assert.equal(res.headers.get('location'), `/api/v1/newcomers/${n.id}`);
    assert.equal(n.sponsor, OWN_KVK);
    assert.equal(n.principal, null);
    assert.equal(n.surname, '王');
    assert.equal(n.nationality, 'CN');
    assert.equal(n.postcode, '6211 DW');
    assert.equal(n.houseNumber, '12A');
    assert.equal(n.category, 'highly-skilled-migrant');
    // Employers see the last three characters, never the whole number.
    assert.equal(n.travelDocumentEnd, '678');
    assert.equal(n.vNumberEnd, '890');
    assert.ok(!('travelDocument' in n) && !('vNumber' in n));
    assert.deepEqual(n.progress, { booked: false, bookingCode: null,
        visitDate: null, checkedIn: false, bsnIssued: false,
        documentCollected: false });
    assert.equal(n.family.length, 2);
    const [li, mei] = [...n.family].sort((a, b) =>
        a.givenNames.localeCompare(b.givenNames));
    assert.equal(li.principal, n.id);
    assert.equal(li.category, 'family-member');
    assert.equal(li.travelDocumentEnd, '432');
    assert.equal(li.sponsor, OWN_KVK);
    assert.equal(mei.travelDocumentEnd, null);
    assert.equal(mei.language, 'nl');
    assert.equal(mei.postcode, null);
    // Each member is a record of its own, readable by its id.
    const back = await getJson(server, s.employer,
        `/api/v1/newcomers/${li.id}`);
    assert.equal(back.principal, n.id);
    assert.deepEqual(back.family, []);
    // A family member added later, through the family route.
    const added = await call(server, s.employer, 'POST',
        `/api/v1/newcomers/${n.id}/family`, { givenNames: 'Jun',
            surname: '王', dateOfBirth: '2022-05-05', nationality: 'NL' });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.json.principal, n.id);
    assert.equal((await getJson(server, s.employer,
        `/api/v1/newcomers/${n.id}`)).family.length, 3);
    // A family member has no family of its own.
    assertProblem(await call(server, s.employer, 'POST',
        `/api/v1/newcomers/${li.id}/family`, { givenNames: 'X',
            surname: 'Y', dateOfBirth: '2000-01-01', nationality: 'NL' }),
    409);
});

test('staff register for a sponsor they name; names in any script', async () => {
    const names = [['Олександр', 'Шевченко', 'UA'], ['محمد', 'الأحمد', 'SY'],
        ['Ngọc Anh', 'Nguyễn', 'VN'], ['Σοφία', 'Παπαδοπούλου', 'GR'],
        ['민준', '김', 'KR'], ['Siobhán', "O'Brien", 'IE']];
    for (const [givenNames, surname, nationality] of names) {
        const n = await registered(s.frontdesk, newcomer({
            givenNames, surname, nationality, sponsor: OTHER_KVK }));
        assert.equal(n.givenNames, givenNames);
        assert.equal(n.surname, surname);
        assert.equal(n.sponsor, OTHER_KVK);
    }
    const found = await getJson(server, s.frontdesk,
        `/api/v1/newcomers?q=${encodeURIComponent('Nguyễn')}`);
    assert.ok(found.items.some((x) => x.surname === 'Nguyễn'));
    // The demo employer sees none of another sponsor's newcomers.
    const own = await getJson(server, s.employer,
        '/api/v1/newcomers?limit=500');
    assert.ok(own.items.length > 0);
    assert.ok(own.items.every((x) => x.sponsor === OWN_KVK));
});

test('every bad field is named, and changes nothing', async () => {
    const before = await count();
    const cases = [
        ['givenNames', { givenNames: '' }],
        ['givenNames', { givenNames: ' Anna' }],
        ['givenNames', { givenNames: 'An\u0007na' }],
        ['givenNames', { givenNames: 'x'.repeat(201) }],
        ['surname', { surname: 42 }],
        ['dateOfBirth', { dateOfBirth: '1991-02-30' }],
        ['dateOfBirth', { dateOfBirth: isoDate(3) }],
        ['dateOfBirth', { dateOfBirth: '1899-12-31' }],
        ['nationality', { nationality: 'XK' }],
        ['nationality', { nationality: 'NLD' }],
        ['category', { category: 'kennismigrant' }],
        ['expectedArrival', { expectedArrival: 'soon' }],
        ['postcode', { postcode: '1234 SA' }],
        ['postcode', { postcode: '0123 AB' }],
        ['houseNumber', { houseNumber: '0' }],
        ['houseNumber', { houseNumber: '12 ABCDE' }],
        ['houseNumber', { postcode: '6211 DW', houseNumber: undefined }],
        ['postcode', { postcode: undefined, houseNumber: '10' }],
        ['email', { email: 'not-an-address' }],
        ['language', { language: 'de' }],
        ['travelDocument', { travelDocument: 'AB12' }],
        ['travelDocument', { travelDocument: 'NX/1234567' }],
        ['travelDocument', { travelDocument: 'ABCDEFGHI' }],
        ['vNumber', { vNumber: '123456789' }],
        ['vNumber', { vNumber: '0000000000' }],
        ['vNumber', { vNumber: '12345678901' }],
        ['sponsor', { sponsor: OTHER_KVK }],
        ['shoeSize', { shoeSize: 44 }],
        ['family', { family: {} }],
        ['family[0].nationality', { family: [{ givenNames: 'A',
            surname: 'B', dateOfBirth: '2000-01-01', nationality: 'ZZ' }] }],
        ['family[1].dateOfBirth', { family: [
            { givenNames: 'A', surname: 'B', dateOfBirth: '2000-01-01',
                nationality: 'NL' },
            { givenNames: 'C', surname: 'D', nationality: 'NL' }] }],
        ['family[0].postcode', { family: [{ givenNames: 'A', surname: 'B',
            dateOfBirth: '2000-01-01', nationality: 'NL',
            houseNumber: '3' }] }],
        ['family', { family: Array.from({ length: 11 }, (_, i) => ({
            givenNames: `K${i}`, surname: 'B', dateOfBirth: '2000-01-01',
            nationality: 'NL' })) }],
    ];
    for (const [field, change] of cases) {
        const body = newcomer(change);
        for (const k of Object.keys(change)) {
            if (change[k] === undefined) {
                delete body[k];
            }
        }
        const res = await register(s.employer, body);
        assertInvalid(res, [field], { partOk: false });
    }
    // Required fields, each left out.
    for (const field of ['givenNames', 'surname', 'dateOfBirth',
        'nationality', 'category']) {
        const body = newcomer();
        delete body[field];
        assertInvalid(await register(s.employer, body), [field],
            { partOk: false });
    }
    // Several bad fields at once: all named in one answer.
    assertInvalid(await register(s.employer, newcomer({
        postcode: 'x', vNumber: 'y', nationality: 'z' })),
    ['postcode', 'vNumber', 'nationality'], { partOk: false });
    // Staff must name a sponsor of the register.
    const body = newcomer();
    assertInvalid(await register(s.frontdesk, body), ['sponsor']);
    assertInvalid(await register(s.frontdesk, { ...body,
        sponsor: '99999999' }), ['sponsor']);
    assertInvalid(await register(s.frontdesk, { ...body,
        sponsor: '1234567' }), ['sponsor']);
    // Not JSON, not an object.
    assertProblem(await call(server, s.employer, 'POST', '/api/v1/newcomers',
        '{"givenNames":', { headers: { 'Content-Type': 'application/json' } }),
    400);
    assertProblem(await register(s.employer, []), 400);
    assert.equal(await count(), before, 'nothing was registered');
    // The same travel document twice for one sponsor: 409, nothing added.
    const n = newcomer();
    await registered(s.employer, n);
    const again = await register(s.employer, newcomer({
        travelDocument: n.travelDocument.toLowerCase() }));
    assertProblem(again, 409);
    assert.equal(await count(), before + 1);
});

test('search by exact travel document number, through its hash', async () => {
    const number = passport();
    const n = await registered(s.employer, newcomer({ travelDocument: number }));
    // Spacing and case do not matter: the number is normalised first.
    const spaced = `${number.slice(0, 2).toLowerCase()}-${number.slice(2, 5)} ` +
        number.slice(5);
    for (const session of [s.frontdesk, s.employer]) {
        const found = await getJson(server, session,
            `/api/v1/newcomers?travelDocument=${encodeURIComponent(spaced)}`);
        assert.deepEqual(found.items.map((x) => x.id), [n.id]);
    }
    const none = await getJson(server, s.frontdesk,
        `/api/v1/newcomers?travelDocument=${number.slice(0, -1)}9`);
    assert.deepEqual(none.items.filter((x) => x.id === n.id), []);
    const bad = await call(server, s.frontdesk, 'GET',
        '/api/v1/newcomers?travelDocument=ab');
    assertInvalid(bad, ['travelDocument']);
    assertInvalid(await call(server, s.frontdesk, 'GET',
        '/api/v1/newcomers?limit=0'), ['limit']);
    assertInvalid(await call(server, s.frontdesk, 'GET',
        '/api/v1/newcomers?sponsor=12'), ['sponsor']);
    // A staff search by number is in the audit log (without the number).
    const events = await getJson(server, s.admin,
        '/api/v1/audit-events?limit=50');
    const ev = events.items.find((e) =>
        e.action === 'newcomer.search-travel-document');
    assert.ok(ev, 'the search is audited');
    assert.ok(!JSON.stringify(events).includes(number));
});

test('staff read the whole numbers only with a reason, and it is audited', async () => {
    const body = newcomer();
    const n = await registered(s.employer, body);
    const plain = await getJson(server, s.frontdesk,
        `/api/v1/newcomers/${n.id}`);
    assert.ok(!('travelDocument' in plain), 'no reason, no number');
    assert.equal(plain.travelDocumentEnd, body.travelDocument.slice(-3));

    const reason = 'Identity check at the front desk';
    const res = await call(server, s.frontdesk, 'GET',
        `/api/v1/newcomers/${n.id}?reason=${encodeURIComponent(reason)}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.travelDocument, body.travelDocument);
    assert.equal(res.json.vNumber, body.vNumber);
    const events = (await getJson(server, s.admin,
        '/api/v1/audit-events?limit=50')).items;
    const ev = events.find((e) => e.action === 'newcomer.read-personal-data' &&
        e.object === `newcomer:${n.id}`);
    assert.ok(ev, 'the read is in the audit log');
    assert.equal(ev.actor, server.logins.frontdesk.username);
    assert.equal(ev.result, 'ok');
    assert.ok(ev.detail.includes(reason), 'why');
    assert.match(ev.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'when');
    assert.ok(!JSON.stringify(events).includes(body.travelDocument),
        'the audit log holds no number');

    // A long reason in any script is kept whole in the log.
    const long = `Überprüfung ${'é'.repeat(150)} 身份`;
    const longRead = await call(server, s.frontdesk, 'GET',
        `/api/v1/newcomers/${n.id}?reason=${encodeURIComponent(long)}`);
    assert.equal(longRead.status, 200, longRead.text);
    const logged = (await getJson(server, s.admin,
        '/api/v1/audit-events?limit=5')).items.find((e) =>
        e.action === 'newcomer.read-personal-data');
    assert.ok(logged.detail.endsWith(long), logged.detail);

    // An empty or a control-character reason is no reason.
    for (const bad of ['', 'ok', 'why\nnot']) {
        assertInvalid(await call(server, s.frontdesk, 'GET',
            `/api/v1/newcomers/${n.id}?reason=${encodeURIComponent(bad)}`),
        ['reason']);
    }
    // Employers never read the whole numbers, whatever they say.
    assertProblem(await call(server, s.employer, 'GET',
        `/api/v1/newcomers/${n.id}?reason=${encodeURIComponent(reason)}`),
    403);
    const after = (await getJson(server, s.admin,
        '/api/v1/audit-events?limit=50')).items.filter((e) =>
        e.action === 'newcomer.read-personal-data' &&
        e.object === `newcomer:${n.id}`);
    assert.equal(after.length, 2, 'refused reads are not reads');
});

test('the database file and its WAL hold no number in plain text', async () => {
    const body = newcomer({ travelDocument: 'QZ7395157', vNumber: '8273645190' });
    await registered(s.employer, body);
    const files = [server.dbPath, `${server.dbPath}-wal`]
        .filter((f) => existsSync(f));
    assert.ok(files.length >= 1);
    let seen = 0;
    for (const f of files) {
        const bytes = readFileSync(f);
        for (const secret of ['QZ7395157', '8273645190', '7395157']) {
            assert.equal(bytes.indexOf(Buffer.from(secret)), -1,
                `${secret} in ${f}`);
        }
        if (bytes.indexOf(Buffer.from(body.givenNames)) >= 0) {
            seen += 1;
        }
    }
    // The names are there (they are not sealed): the scan does see what
    // is stored, in the file or still in its WAL.
    assert.ok(seen > 0, 'the scan finds the names');
});

test('changing a record: numbers kept unless given, removed when null', async () => {
    const body = newcomer();
    const n = await registered(s.employer, body);
    const { travelDocument, vNumber, ...rest } = body;
    const res = await call(server, s.employer, 'PUT',
        `/api/v1/newcomers/${n.id}`, { ...rest, surname: 'Raghunathan-Iyer',
            postcode: null, houseNumber: null });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.surname, 'Raghunathan-Iyer');
    assert.equal(res.json.postcode, null);
    assert.equal(res.json.travelDocumentEnd, travelDocument.slice(-3));
    assert.equal(res.json.vNumberEnd, vNumber.slice(-3));
    const cleared = await call(server, s.employer, 'PUT',
        `/api/v1/newcomers/${n.id}`, { ...rest, vNumber: null,
            travelDocument: 'PP5551234' });
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.json.vNumberEnd, null);
    assert.equal(cleared.json.travelDocumentEnd, '234');
    // A bad field changes nothing.
    assertInvalid(await call(server, s.employer, 'PUT',
        `/api/v1/newcomers/${n.id}`, { ...rest, nationality: 'QQ' }),
    ['nationality']);
    const same = await getJson(server, s.employer, `/api/v1/newcomers/${n.id}`);
    assert.equal(same.nationality, 'IN');
    assert.equal(same.travelDocumentEnd, '234');
    // Unknown ids: 404.
    for (const id of ['999999', 'abc', '0']) {
        assertProblem(await call(server, s.employer, 'PUT',
            `/api/v1/newcomers/${id}`, rest), 404);
    }
});

/** The first intake option on the bookable dates. */
async function firstOption(services = 'intake') {
    for (const date of dates) {
        const av = await availability(server, s.employer, date, services);
        if (av.options.length > 0) {
            return av.options[0].token;
        }
    }
    return assert.fail(`no room for ${services}`);
}

test('booking for newcomers: one and a group; progress follows', async () => {
    const body = newcomer({ family: [{ givenNames: 'Arjun',
        surname: 'Raghunathan', dateOfBirth: '2016-03-03', nationality: 'IN',
        email: 'arjun@example.org' }] });
    const n = await registered(s.employer, body);
    const member = n.family[0];
    const res = await call(server, s.employer, 'POST', '/api/v1/bookings',
        { option: await firstOption(), newcomer: n.id });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.newcomer, n.id);
    assert.equal(res.json.channel, 'sponsor');
    assert.equal(res.json.person.givenNames, body.givenNames);
    assert.equal(res.json.person.surname, body.surname);
    assert.equal(res.json.person.email, body.email);
    const after = await getJson(server, s.employer, `/api/v1/newcomers/${n.id}`);
    assert.equal(after.progress.booked, true);
    assert.equal(after.progress.bookingCode, res.json.code);
    assert.equal(after.progress.visitDate, res.json.date);
    assert.equal(after.progress.bsnIssued, false);
    assert.ok(!JSON.stringify(after).match(/"bsn"\s*:/), 'no BSN field');
    assert.equal(after.family[0].progress.booked, false);

    // Names come from the record: giving them beside a newcomer is refused.
    assertInvalid(await call(server, s.employer, 'POST', '/api/v1/bookings',
        { option: await firstOption(), newcomer: member.id,
            givenNames: 'Someone' }), ['givenNames']);
    // Without a newcomer the person's fields are still required.
    assertInvalid(await call(server, s.employer, 'POST', '/api/v1/bookings',
        { option: await firstOption(), email: 'a@example.org' }),
    ['givenNames', 'surname']);
    // A newcomer that does not exist, and anonymous callers: 404.
    assertProblem(await call(server, s.employer, 'POST', '/api/v1/bookings',
        { option: await firstOption(), newcomer: 987654 }), 404);
    assertProblem(await call(server, null, 'POST', '/api/v1/bookings',
        { option: await firstOption(), newcomer: n.id }), 404);

    // A group of the newcomer's family member and another newcomer.
    const other = await registered(s.employer, newcomer({ email: null }));
    const group = await call(server, s.employer, 'POST',
        '/api/v1/booking-groups', {
            location: LOCATION, date: dates[0], earliest: true,
            members: [
                { newcomer: member.id, services: 'intake' },
                { newcomer: other.id, services: 'intake',
                    email: 'hr@example.org' },
            ],
        });
    assert.equal(group.status, 201, group.text);
    assert.deepEqual(group.json.bookings.map((b) => b.newcomer).sort(),
        [member.id, other.id].sort());
    assert.ok(group.json.bookings.every((b) => b.channel === 'sponsor'));
    const again = await getJson(server, s.employer,
        `/api/v1/newcomers/${other.id}`);
    assert.equal(again.progress.booked, true);
    // A member without an e-mail address anywhere is named.
    const lone = await registered(s.employer, newcomer({ email: null }));
    assertInvalid(await call(server, s.employer, 'POST',
        '/api/v1/booking-groups', {
            location: LOCATION, date: dates[0], earliest: true,
            members: [{ newcomer: lone.id, services: 'intake' }],
        }), ['members[0].email']);

    // A newcomer with a visit to come is not removed; once it is
    // cancelled, the record goes, the booking stays.
    assertProblem(await call(server, s.employer, 'DELETE',
        `/api/v1/newcomers/${n.id}`), 409);
    const cancel = await call(server, s.employer, 'DELETE',
        `/api/v1/bookings/${res.json.code}`);
    assert.equal(cancel.status, 200, cancel.text);
    // ... nor while a family member has one.
    assertProblem(await call(server, s.employer, 'DELETE',
        `/api/v1/newcomers/${n.id}`), 409);
    const cancelGroup = await call(server, s.employer, 'DELETE',
        `/api/v1/booking-groups/${group.json.code}`);
    assert.equal(cancelGroup.status, 200, cancelGroup.text);
    const gone = await call(server, s.employer, 'DELETE',
        `/api/v1/newcomers/${n.id}`);
    assert.equal(gone.status, 204, gone.text);
    assertProblem(await call(server, s.employer, 'GET',
        `/api/v1/newcomers/${n.id}`), 404);
    // The family member went with the principal.
    assertProblem(await call(server, s.employer, 'GET',
        `/api/v1/newcomers/${member.id}`), 404);
    const kept = await getJson(server, s.frontdesk,
        `/api/v1/bookings/${res.json.code}`);
    assert.equal(kept.newcomer, null);
    assert.equal(kept.status, 'cancelled');
});

test('desk officers read newcomers but do not register them', async () => {
    const list = await call(server, s.officer, 'GET', '/api/v1/newcomers');
    assert.equal(list.status, 200, list.text);
    assertProblem(await register(s.officer, { ...newcomer(),
        sponsor: OWN_KVK }), 403);
    assertProblem(await register(null, newcomer()), 401);
});

test('onestop demo --key: a key file that cannot be read is refused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'onestop-demo-key-'));
    try {
        const r = await runOnestop(['demo', '--db', path.join(dir, 'd.db'),
            '--key', path.join(dir, 'missing.key')]);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /missing\.key/);
        assert.ok(!existsSync(path.join(dir, 'd.db')), 'no database left');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

// SPDX-License-Identifier: AGPL-3.0-or-later
// Eligibility as catalogue data: the demo's rules (fast-track registration
// for employees of a sponsor recognised on the date of the visit who live
// in the region; collecting a residence document where the IND letter
// says), each rule accepting and refusing with a 403 not-eligible problem
// that names the rule, the service and the field; groups refused as a
// whole naming the member; reschedules judged again on their new date;
// the public IND services open to everyone without a sponsor; bad rule
// definitions refused naming the field and changing nothing; a rule change
// in force for the next booking at once.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
    assertProblem, assertInvalid, signInAs, call, getJson, stopAndCheck,
} from './support.mjs';
import { startServer } from '../lib/server.mjs';
import {
    LOCATION, WEEKDAYS, IND_DAYS, localToday, addDays, bookableDates,
    person, availability, postBooking, dayList, dayLines,
} from './booking-support.mjs';

const REGION = ['Maastricht', 'Heerlen', 'Sittard-Geleen', 'Kerkrade',
    'Landgraaf', 'Brunssum', 'Beekdaelen', 'Eijsden-Margraten',
    'Gulpen-Wittem', 'Meerssen', 'Stein', 'Beek', 'Simpelveld', 'Vaals',
    'Valkenburg aan de Geul', 'Voerendaal'];
/** The demo employer's sponsor (recognised, src/cli/demo.c). */
const OWN_KVK = '12345678';
/** Sponsors this test adds to the register. */
const LEAVING_KVK = '55500001';
const STAYING_KVK = '55500002';

let server;
let admin;
let frontdesk;
let employer;
let weekdays; // dates the registration desks are open
let indDates; // dates the IND desks are open
let used = 0;

before(async () => {
    server = await startServer();
    admin = await signInAs(server, 'admin');
    frontdesk = await signInAs(server, 'frontdesk');
    employer = await signInAs(server, 'employer');
    weekdays = await bookableDates(server, { weekdays: WEEKDAYS });
    indDates = await bookableDates(server, { weekdays: IND_DAYS });
});

after(async () => {
    await stopAndCheck(server);
});

/** A weekday no other test here books on (from the 20th on: the first
 *  ones are kept for the register's change of date). */
function takeDate() {
    used += 1;
    return weekdays[20 + used];
}

/** Books the first option of services on date as session with who. */
async function bookOn(session, date, services, who, extra = {}) {
    const av = await availability(server, session, date, services);
    assert.ok(av.options.length > 0, `room for ${services} on ${date}`);
    return postBooking(server, session,
        { option: av.options[0].token, ...who, ...extra });
}

/** Asserts a refusal by rule of service, naming field; returns it. */
function assertRefused(res, rule, service, field) {
    const p = assertProblem(res, 403, 'not-eligible');
    assert.equal(p.rule, rule, res.text);
    assert.equal(p.service, service, res.text);
    if (field) {
        assert.equal(p.field, field, res.text);
    }
    assert.ok(p.detail.includes(service), `the detail names the service: ${p.detail}`);
    return p;
}

/** A person without the answers the demo's rules ask for. */
function bare(tag) {
    const who = person(tag);
    delete who.residenceMunicipality;
    delete who.indLetterLocation;
    return who;
}

async function rulesOf(code) {
    return getJson(server, null, `/api/v1/services/${code}/eligibility`);
}

function importRegister(body, snapshot) {
    return call(server, admin, 'POST',
        `/api/v1/sponsor-imports?category=research&snapshot=${snapshot}` +
        '&allowLargeDrop=true',
        body, { headers: { 'Content-Type': 'text/csv' } });
}

describe('the demo rules', () => {
    test('the catalogue shows each service\'s rules', async () => {
        const services = Object.fromEntries((await getJson(server, null,
            '/api/v1/services')).items.map((s) => [s.code, s]));
        assert.deepEqual(services['brp-registration'].eligibility, [
            { rule: 'recognised-sponsor', categories: [] },
            { rule: 'residence-municipality', municipalities: REGION },
        ]);
        assert.deepEqual(services['ind-collect'].eligibility,
            [{ rule: 'ind-letter-location' }]);
        for (const code of ['intake', 'ind-biometrics', 'ind-sticker',
            'ind-return-visa']) {
            assert.deepEqual(services[code].eligibility, [], code);
        }
        assert.deepEqual(await rulesOf('ind-collect'), {
            service: 'ind-collect', rules: [{ rule: 'ind-letter-location' }],
        });
        assertProblem(await call(server, null, 'GET',
            '/api/v1/services/no-such-service/eligibility'), 404);
    });
});

describe('recognised-sponsor', () => {
    test('an employer of a recognised sponsor books fast track', async () => {
        const res = await bookOn(employer, takeDate(),
            'intake,brp-registration', person('Own'));
        assert.equal(res.status, 201, res.text);
        assert.equal(res.json.sponsorKvk, OWN_KVK);
        assert.equal(res.json.residenceMunicipality, 'Maastricht');
    });

    test('the front desk must name a sponsor; the public cannot', async () => {
        const date = takeDate();
        const before = dayLines(await dayList(server, frontdesk, date));
        assertRefused(await bookOn(frontdesk, date, 'intake,brp-registration',
            person('No sponsor')), 'recognised-sponsor', 'brp-registration',
        'sponsorKvk');
        assertRefused(await bookOn(frontdesk, date, 'intake,brp-registration',
            person('Unknown sponsor'), { sponsorKvk: '99999999' }),
        'recognised-sponsor', 'brp-registration', 'sponsorKvk');
        assertInvalid(await bookOn(frontdesk, date, 'intake',
            person('Bad KvK'), { sponsorKvk: '1234567' }), 'sponsorKvk');
        // The public does not see the service at all; nor may it name a
        // sponsor for another.
        assertInvalid(await call(server, null, 'GET',
            `/api/v1/availability?location=${LOCATION}&date=${date}` +
            '&services=intake,brp-registration'), 'services');
        assertInvalid(await bookOn(null, date, 'intake', person('Claim'),
            { sponsorKvk: OWN_KVK }), 'sponsorKvk');
        // An employer books for its own sponsor only.
        assertInvalid(await bookOn(employer, date, 'intake,brp-registration',
            person('Other'), { sponsorKvk: STAYING_KVK }), 'sponsorKvk');
        assert.deepEqual(dayLines(await dayList(server, frontdesk, date)),
            before, 'nothing was booked');
    });

    test('a registered newcomer is judged by the sponsor of the record', async () => {
        const made = await call(server, frontdesk, 'POST', '/api/v1/newcomers', {
            sponsor: OWN_KVK, givenNames: 'Record', surname: 'Sponsor',
            dateOfBirth: '1990-04-01', nationality: 'IN',
            category: 'highly-skilled-migrant', email: 'record@example.org',
        });
        assert.equal(made.status, 201, made.text);
        // The front desk names no sponsor: the record's is the one judged.
        const res = await bookOn(frontdesk, takeDate(),
            'intake,brp-registration', {}, {
                newcomer: made.json.id, residenceMunicipality: 'Maastricht',
            });
        assert.equal(res.status, 201, res.text);
        assert.equal(res.json.sponsorKvk, OWN_KVK);
        assert.equal(res.json.newcomer, made.json.id);
    });

    test('recognised on the date of the visit, not on another', async () => {
        const today = localToday();
        // Both sponsors are recognised from today on; a later snapshot,
        // dated after the first visit and before the second, no longer
        // lists one of them.
        const first = weekdays[0];
        const second = weekdays[10];
        let res = await importRegister(
            `name;kvk\nLeaving Research B.V.;${LEAVING_KVK}\n` +
            `Staying Research B.V.;${STAYING_KVK}\n`, today);
        assert.equal(res.status, 201, res.text);
        res = await importRegister(
            `name;kvk\nStaying Research B.V.;${STAYING_KVK}\n`,
            addDays(first, 1));
        assert.equal(res.status, 201, res.text);
        assert.ok(addDays(first, 1) <= second);

        const leaving = await bookOn(frontdesk, first,
            'intake,brp-registration', person('Leaving'),
            { sponsorKvk: LEAVING_KVK });
        assert.equal(leaving.status, 201, leaving.text);
        assert.equal(leaving.json.sponsorKvk, LEAVING_KVK);
        const p = assertRefused(await bookOn(frontdesk, second,
            'intake,brp-registration', person('Left'),
            { sponsorKvk: LEAVING_KVK }), 'recognised-sponsor',
        'brp-registration', 'sponsorKvk');
        assert.match(p.detail, new RegExp(`${LEAVING_KVK}.*${second}`));
        res = await bookOn(frontdesk, second, 'intake,brp-registration',
            person('Staying'), { sponsorKvk: STAYING_KVK });
        assert.equal(res.status, 201, res.text);

        // Moving the first booking to the second date is judged again.
        const av = await availability(server, frontdesk, second,
            'intake,brp-registration');
        const move = await call(server, frontdesk, 'PUT',
            `/api/v1/bookings/${leaving.json.code}/itinerary`,
            { option: av.options[0].token });
        assertRefused(move, 'recognised-sponsor', 'brp-registration');
        const back = await getJson(server, frontdesk,
            `/api/v1/bookings/${leaving.json.code}`);
        assert.equal(back.date, first, 'the booking did not move');
        // Within its own date it moves.
        const same = await availability(server, frontdesk, first,
            'intake,brp-registration');
        const ok = await call(server, frontdesk, 'PUT',
            `/api/v1/bookings/${leaving.json.code}/itinerary`,
            { option: same.options[same.options.length - 1].token });
        assert.equal(ok.status, 200, ok.text);
    });
});

describe('residence-municipality', () => {
    test('in the region accepted, outside it refused', async () => {
        const date = takeDate();
        for (const place of ['Heerlen', 'sittard geleen',
            'Valkenburg aan de Geul']) {
            const res = await bookOn(employer, date, 'intake,brp-registration',
                person('Resident', { residenceMunicipality: place }));
            assert.equal(res.status, 201, `${place}: ${res.text}`);
            assert.equal(res.json.residenceMunicipality, place);
        }
        const before = dayLines(await dayList(server, frontdesk, date));
        const p = assertRefused(await bookOn(employer, date,
            'intake,brp-registration',
            person('Away', { residenceMunicipality: 'Utrecht' })),
        'residence-municipality', 'brp-registration', 'residenceMunicipality');
        assert.match(p.detail, /Utrecht/);
        assertRefused(await bookOn(employer, date, 'intake,brp-registration',
            bare('Nowhere')), 'residence-municipality', 'brp-registration',
        'residenceMunicipality');
        assertInvalid(await bookOn(employer, date, 'intake',
            person('Long', { residenceMunicipality: 'x'.repeat(101) })),
        'residenceMunicipality');
        assert.deepEqual(dayLines(await dayList(server, frontdesk, date)),
            before, 'nothing was booked');
    });
});

describe('ind-letter-location', () => {
    test('a letter naming this centre accepted, another refused', async () => {
        const date = indDates[5];
        let res = await bookOn(null, date, 'ind-collect', person('Letter'));
        assert.equal(res.status, 201, res.text);
        assert.equal(res.json.indLetterLocation, 'maastricht');
        const before = dayLines(await dayList(server, frontdesk, date));
        assertRefused(await bookOn(null, date, 'ind-collect',
            person('Elsewhere', { indLetterLocation: 'other' })),
        'ind-letter-location', 'ind-collect', 'indLetterLocation');
        assertRefused(await bookOn(null, date, 'ind-collect',
            person('Amsterdam', { indLetterLocation: 'amsterdam' })),
        'ind-letter-location', 'ind-collect', 'indLetterLocation');
        assertRefused(await bookOn(null, date, 'intake,ind-collect',
            bare('No letter')), 'ind-letter-location', 'ind-collect',
        'indLetterLocation');
        assertInvalid(await bookOn(null, date, 'ind-collect',
            person('Bad', { indLetterLocation: 'Not a code!' })),
        'indLetterLocation');
        assert.deepEqual(dayLines(await dayList(server, frontdesk, date)),
            before, 'nothing was booked');
    });
});

describe('everyone else', () => {
    test('the public IND services need no sponsor, letter or residence', async () => {
        const date = indDates[6];
        for (const code of ['ind-biometrics', 'ind-sticker',
            'ind-return-visa', 'intake,ind-biometrics']) {
            const res = await bookOn(null, date, code, bare(`Public ${code}`));
            assert.equal(res.status, 201, `${code}: ${res.text}`);
            assert.equal(res.json.channel, 'public');
            assert.equal(res.json.sponsorKvk, null);
        }
    });
});

describe('groups', () => {
    test('one member refused refuses the group, naming the member', async () => {
        const date = takeDate();
        const before = dayLines(await dayList(server, frontdesk, date));
        const members = [
            { ...person('G1'), services: 'intake,brp-registration' },
            { ...person('G2', { residenceMunicipality: 'Amsterdam' }),
                services: 'intake,brp-registration' },
            { ...person('G3'), services: 'intake' },
        ];
        let res = await call(server, employer, 'POST', '/api/v1/booking-groups',
            { location: LOCATION, date, members });
        const p = assertRefused(res, 'residence-municipality',
            'brp-registration', 'residenceMunicipality');
        assert.equal(p.member, 1);
        assert.match(p.detail, /^members\[1\]/);
        assert.deepEqual(dayLines(await dayList(server, frontdesk, date)),
            before, 'nothing was booked');

        // The front desk names the sponsor for the whole group.
        members[1].residenceMunicipality = 'Kerkrade';
        res = await call(server, frontdesk, 'POST', '/api/v1/booking-groups',
            { location: LOCATION, date, members });
        assertRefused(res, 'recognised-sponsor', 'brp-registration',
            'sponsorKvk');
        res = await call(server, frontdesk, 'POST', '/api/v1/booking-groups',
            { location: LOCATION, date, members, sponsorKvk: OWN_KVK });
        assert.equal(res.status, 201, res.text);
        assert.deepEqual(res.json.bookings.map((b) => b.sponsorKvk),
            [OWN_KVK, OWN_KVK, OWN_KVK]);
        assert.equal(res.json.bookings[1].residenceMunicipality, 'Kerkrade');
        // A member may not name another sponsor for an employer.
        res = await call(server, employer, 'POST', '/api/v1/booking-groups', {
            location: LOCATION, date,
            members: [{ ...person('G4'), services: 'intake',
                sponsorKvk: STAYING_KVK }],
        });
        assertInvalid(res, 'members[0].sponsorKvk');
    });
});

describe('changing the rules', () => {
    test('bad definitions are refused naming the field; nothing changes', async () => {
        const before = await rulesOf('brp-registration');
        const cases = [
            [{}, 'rules'],
            [{ rules: 'recognised-sponsor' }, 'rules'],
            [{ rules: [{ rule: 'shoe-size' }] }, 'rules[0].rule'],
            [{ rules: [{}] }, 'rules[0].rule'],
            [{ rules: ['recognised-sponsor'] }, 'rules[0]'],
            [{ rules: [{ rule: 'residence-municipality' }] },
                'rules[0].municipalities'],
            [{ rules: [{ rule: 'residence-municipality', municipalities: [] }] },
                'rules[0].municipalities'],
            [{ rules: [{ rule: 'residence-municipality',
                municipalities: ['Maastricht', 7] }] },
            'rules[0].municipalities[1]'],
            [{ rules: [{ rule: 'residence-municipality',
                municipalities: ['Maastricht', 'maastricht'] }] },
            'rules[0].municipalities[1]'],
            [{ rules: [{ rule: 'residence-municipality',
                municipalities: ['x'.repeat(101)] }] },
            'rules[0].municipalities[0]'],
            [{ rules: [{ rule: 'recognised-sponsor', categories: ['sports'] }] },
                'rules[0].categories[0]'],
            [{ rules: [{ rule: 'recognised-sponsor', municipalities: ['Beek'] }] },
                'rules[0].municipalities'],
            [{ rules: [{ rule: 'ind-letter-location', location: 'x' }] },
                'rules[0].location'],
            [{ rules: [{ rule: 'ind-letter-location' },
                { rule: 'ind-letter-location' }] }, 'rules[1].rule'],
            [{ rules: [{ rule: 'ind-letter-location' }], extra: 1 }, 'extra'],
        ];
        for (const [body, field] of cases) {
            const res = await call(server, admin, 'PUT',
                '/api/v1/services/brp-registration/eligibility', body);
            assertInvalid(res, field, { partOk: false });
        }
        // A service the public may book cannot require a sponsor, and a
        // service that requires one cannot be opened to the public.
        assertInvalid(await call(server, admin, 'PUT',
            '/api/v1/services/ind-sticker/eligibility',
        { rules: [{ rule: 'recognised-sponsor' }] }), 'rules[0].rule');
        const svc = await getJson(server, null,
            '/api/v1/services/brp-registration');
        assertInvalid(await call(server, admin, 'PUT',
            '/api/v1/services/brp-registration', {
                code: svc.code, agency: svc.agency.code, name: svc.name,
                description: svc.description, minutes: svc.minutes,
                extraMinutesPerPerson: svc.extraMinutesPerPerson,
                prerequisites: svc.prerequisites, documents: svc.documents,
                bookableBy: ['public', 'sponsor', 'frontdesk'],
                rescheduleAllowed: svc.rescheduleAllowed, active: svc.active,
            }), 'bookableBy');
        assert.deepEqual(await rulesOf('brp-registration'), before);
        assert.deepEqual((await getJson(server, null,
            '/api/v1/services/brp-registration')).bookableBy,
        ['sponsor', 'frontdesk']);
        assertProblem(await call(server, admin, 'PUT',
            '/api/v1/services/no-such-service/eligibility', { rules: [] }), 404);
        assertProblem(await call(server, frontdesk, 'PUT',
            '/api/v1/services/ind-collect/eligibility', { rules: [] }), 403);
    });

    test('a change is in force for the next booking at once', async () => {
        const date = indDates[7];
        // Warm the day cache, then lift the letter rule.
        await availability(server, null, date, 'ind-collect');
        let res = await call(server, admin, 'PUT',
            '/api/v1/services/ind-collect/eligibility', { rules: [] });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, { service: 'ind-collect', rules: [] });
        res = await bookOn(null, date, 'ind-collect', bare('Lifted'));
        assert.equal(res.status, 201, res.text);
        // Back, and a residence rule on top, categories on the sponsor's.
        res = await call(server, admin, 'PUT',
            '/api/v1/services/ind-collect/eligibility', {
                rules: [{ rule: 'ind-letter-location' },
                    { rule: 'residence-municipality',
                        municipalities: ['Maastricht', 'Meerssen'] }],
            });
        assert.equal(res.status, 200, res.text);
        assertRefused(await bookOn(null, date, 'ind-collect', bare('Again')),
            'ind-letter-location', 'ind-collect');
        assertRefused(await bookOn(null, date, 'ind-collect',
            person('Heerlen', { residenceMunicipality: 'Heerlen' })),
        'residence-municipality', 'ind-collect');
        res = await bookOn(null, date, 'ind-collect', person('Meerssen',
            { residenceMunicipality: 'Meerssen' }));
        assert.equal(res.status, 201, res.text);
        res = await call(server, admin, 'PUT',
            '/api/v1/services/ind-collect/eligibility',
            { rules: [{ rule: 'ind-letter-location' }] });
        assert.equal(res.status, 200, res.text);

        // Registration only for sponsors recognised in research: the demo
        // employer is (work and research); then only in exchange: not.
        const regDate = takeDate();
        res = await call(server, admin, 'PUT',
            '/api/v1/services/brp-registration/eligibility', {
                rules: [{ rule: 'recognised-sponsor', categories: ['exchange'] },
                    { rule: 'residence-municipality', municipalities: REGION }],
            });
        assert.equal(res.status, 200, res.text);
        assertRefused(await bookOn(employer, regDate,
            'intake,brp-registration', person('Exchange')),
        'recognised-sponsor', 'brp-registration');
        res = await call(server, admin, 'PUT',
            '/api/v1/services/brp-registration/eligibility', {
                rules: [{ rule: 'recognised-sponsor',
                    categories: ['work', 'research'] },
                { rule: 'residence-municipality', municipalities: REGION }],
            });
        assert.equal(res.status, 200, res.text);
        res = await bookOn(employer, regDate, 'intake,brp-registration',
            person('Work'));
        assert.equal(res.status, 201, res.text);
        const events = (await getJson(server, admin,
            '/api/v1/audit-events?limit=50')).items;
        assert.ok(events.some((e) => e.action === 'service.eligibility' &&
            e.object === 'service:brp-registration'), 'the change is audited');
    });
});

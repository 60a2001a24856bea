// SPDX-License-Identifier: AGPL-3.0-or-later
// The catalogue as admin: locations, agencies, services, desks, opening
// hours, closures and users are created and changed, then read back; bad
// input of every kind is refused with a 400 that names the field, and
// leaves what was stored exactly as it was.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, signIn } from '../lib/server.mjs';
import {
    assertProblem, assertInvalid, signInAs, call, getJson, isoDate,
    stopAndCheck,
} from './support.mjs';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const BOOKABLE_BY = ['public', 'sponsor', 'frontdesk'];
/** The services of the first deployment (DESIGN.md). */
const DESIGN_SERVICES = ['intake', 'brp-registration', 'ind-collect',
    'ind-biometrics', 'ind-sticker', 'ind-return-visa'];

let server;
let admin;
let location; // the demo location
let agencies;
let services;

before(async () => {
    server = await startServer();
    admin = await signInAs(server, 'admin');
    location = (await getJson(server, null, '/api/v1/locations')).items[0];
    agencies = (await getJson(server, null, '/api/v1/agencies')).items;
    services = (await getJson(server, null, '/api/v1/services')).items;
});

after(async () => {
    await stopAndCheck(server);
});

function bilingual(v, what) {
    assert.ok(v && typeof v === 'object', `${what} is an {en, nl} object`);
    assert.equal(typeof v.en, 'string', `${what}.en`);
    assert.equal(typeof v.nl, 'string', `${what}.nl`);
    assert.ok(v.en.length > 0 && v.nl.length > 0, `${what} is not empty`);
}

/** The JSON answers of paths, to compare before and after a refusal. */
function readAll(paths) {
    return Promise.all(paths.map((p) => getJson(server, admin, p)));
}

/**
 * Sends each case as admin, expects a 400 naming its fields, and checks
 * that the reads give the same answers as before. A case is
 * [label, body, fields].
 */
async function refuseAll(t, method, urlPath, cases, reads) {
    for (const [label, body, fields] of cases) {
        await t.test(label, async () => {
            const before = await readAll(reads);
            const res = await call(server, admin, method, urlPath, body);
            assertInvalid(res, fields);
            assert.deepEqual(await readAll(reads), before, 'nothing changed');
        });
    }
}

/** body without the named field. */
function without(body, field) {
    const copy = { ...body };
    delete copy[field];
    return copy;
}

/** The name of the agency code of a desk or service (string or object). */
function codeOf(agency) {
    return typeof agency === 'object' && agency !== null ? agency.code : agency;
}

/** A location name: like every catalogue name, an {en, nl} object. */
function locationName(en, nl) {
    return { en, nl };
}

describe('locations', () => {
    let body;
    let created;

    before(() => {
        body = {
            code: 'twente-centre',
            name: locationName('Expat Centre Twente', 'Expatcentrum Twente'),
            address: 'Hengelosestraat 2, 7514 AE Enschede',
            timeZone: 'Europe/Amsterdam',
            slotMinutes: 15,
        };
    });

    test('location names are {en, nl} objects, like every catalogue name', () => {
        bilingual(location.name, 'location name');
    });

    test('the list has the demo centre in its time zone on a 5-minute grid', () => {
        assert.ok(location, 'the demo has a location');
        assert.ok(Number.isInteger(location.id));
        assert.match(location.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.ok(location.name, 'a name');
        assert.equal(typeof location.address, 'string');
        assert.equal(location.timeZone, 'Europe/Amsterdam');
        assert.equal(location.slotMinutes, 5);
    });

    test('POST creates a location that reads back; PUT changes it', async () => {
        const res = await call(server, admin, 'POST', '/api/v1/locations', body);
        assert.equal(res.status, 201, res.text);
        created = res.json;
        assert.ok(Number.isInteger(created.id));
        const { id, ...rest } = created;
        assert.deepEqual(rest, body);
        assert.deepEqual(await getJson(server, null, `/api/v1/locations/${id}`),
            created);
        const list = await getJson(server, null, '/api/v1/locations');
        assert.deepEqual(list.items.find((l) => l.id === id), created);

        const change = { ...body, name: locationName('Expat Centre East',
            'Expatcentrum Oost'), address: 'Stationsplein 1, Enschede',
        timeZone: 'Europe/Brussels', slotMinutes: 10 };
        const put = await call(server, admin, 'PUT', `/api/v1/locations/${id}`,
            change);
        assert.equal(put.status, 200, put.text);
        assert.deepEqual(put.json, { id, ...change });
        assert.deepEqual(await getJson(server, null, `/api/v1/locations/${id}`),
            { id, ...change });
        const back = await call(server, admin, 'PUT', `/api/v1/locations/${id}`,
            body);
        assert.equal(back.status, 200, back.text);
    });

    test('unknown ids are 404', async () => {
        assertProblem(await api(server.url, 'GET', '/api/v1/locations/999999'),
            404);
        assertProblem(await call(server, admin, 'PUT', '/api/v1/locations/999999',
            { ...body, code: 'nowhere' }), 404);
        assertProblem(await api(server.url, 'GET',
            '/api/v1/locations/999999/opening-hours'), 404);
    });

    test('a duplicate code is refused', async () => {
        const res = await call(server, admin, 'POST', '/api/v1/locations',
            { ...body, code: location.code });
        assert.ok(res.status === 409 || res.status === 400,
            `a second ${location.code}: ${res.status} ${res.text}`);
        assertProblem(res, res.status);
    });

    const bad = (base) => [
        ['code not kebab-case', { ...base, code: 'Not Kebab' }, 'code'],
        ['code with underscore', { ...base, code: 'new_centre' }, 'code'],
        ['code with capitals', { ...base, code: 'Centre' }, 'code'],
        ['code ending in a dash', { ...base, code: 'centre-' }, 'code'],
        ['code with a double dash', { ...base, code: 'new--centre' }, 'code'],
        ['empty code', { ...base, code: '' }, 'code'],
        ['code a number', { ...base, code: 12 }, 'code'],
        ['time zone "Not a zone!"', { ...base, timeZone: 'Not a zone!' },
            'timeZone'],
        ['time zone climbing out', { ...base,
            timeZone: '../../../../etc/passwd' }, 'timeZone'],
        ['empty time zone', { ...base, timeZone: '' }, 'timeZone'],
        ['slotMinutes 7', { ...base, slotMinutes: 7 }, 'slotMinutes'],
        ['slotMinutes 0', { ...base, slotMinutes: 0 }, 'slotMinutes'],
        ['slotMinutes -5', { ...base, slotMinutes: -5 }, 'slotMinutes'],
        ['slotMinutes 90', { ...base, slotMinutes: 90 }, 'slotMinutes'],
        ['slotMinutes a string', { ...base, slotMinutes: '5' }, 'slotMinutes'],
        ['slotMinutes a fraction', { ...base, slotMinutes: 5.5 }, 'slotMinutes'],
        ['name a number', { ...base, name: 42 }, 'name'],
        ['name empty', { ...base, name: locationName('', '') }, 'name'],
        ['name a string', { ...base, name: 'Centre' }, 'name'],
        ['name without nl', { ...base, name: { en: 'Centre' } }, 'name'],
        ['name with another language', { ...base,
            name: { en: 'C', nl: 'C', de: 'C' } }, 'name'],
        ['address a number', { ...base, address: 42 }, 'address'],
        ['missing code', without(base, 'code'), 'code'],
        ['missing name', without(base, 'name'), 'name'],
        ['missing time zone', without(base, 'timeZone'), 'timeZone'],
        ['unknown field', { ...base, capacity: 100 }, 'capacity'],
        ['two bad fields', { ...base, code: 'A B', slotMinutes: 7 },
            ['code', 'slotMinutes']],
        ['three bad fields', { ...base, code: 'A B', slotMinutes: 7,
            timeZone: 'Europe/Amster dam' }, ['code', 'slotMinutes', 'timeZone']],
    ];

    test('bad POST bodies are refused and name the field', async (t) => {
        await refuseAll(t, 'POST', '/api/v1/locations',
            bad({ ...body, code: 'fresh-centre' }), ['/api/v1/locations']);
    });

    test('bad PUT bodies are refused and the location is unchanged', async (t) => {
        await refuseAll(t, 'PUT', `/api/v1/locations/${created.id}`, bad(body),
            ['/api/v1/locations', `/api/v1/locations/${created.id}`]);
    });
});

describe('agencies', () => {
    test('the list has codes and bilingual names', () => {
        assert.ok(agencies.length >= 2, 'the demo has several agencies');
        for (const a of agencies) {
            assert.match(a.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            bilingual(a.name, `agency ${a.code} name`);
        }
    });

    test('POST creates an agency; PUT renames it; both read back', async () => {
        const body = { code: 'uwv', name: { en: 'Employee Insurance Agency',
            nl: 'Uitvoeringsinstituut Werknemersverzekeringen' } };
        const res = await call(server, admin, 'POST', '/api/v1/agencies', body);
        assert.equal(res.status, 201, res.text);
        assert.equal(res.json.code, 'uwv');
        assert.deepEqual(res.json.name, body.name);
        let list = await getJson(server, null, '/api/v1/agencies');
        assert.deepEqual(list.items.find((a) => a.code === 'uwv').name, body.name);

        const renamed = { code: 'uwv', name: { en: 'UWV', nl: 'UWV' } };
        const put = await call(server, admin, 'PUT', '/api/v1/agencies/uwv',
            renamed);
        assert.equal(put.status, 200, put.text);
        assert.deepEqual(put.json.name, renamed.name);
        list = await getJson(server, null, '/api/v1/agencies');
        assert.deepEqual(list.items.find((a) => a.code === 'uwv').name,
            renamed.name);
        assert.equal(list.items.length, agencies.length + 1);
    });

    test('PUT of an unknown agency is 404', async () => {
        assertProblem(await call(server, admin, 'PUT', '/api/v1/agencies/nope',
            { code: 'nope', name: { en: 'N', nl: 'N' } }), 404);
    });

    const base = { code: 'belastingdienst',
        name: { en: 'Tax Administration', nl: 'Belastingdienst' } };
    const bad = (b) => [
        ['code not kebab-case', { ...b, code: 'Tax Office' }, 'code'],
        ['code a number', { ...b, code: 7 }, 'code'],
        ['name a string', { ...b, name: 'Tax' }, 'name'],
        ['name without en', { ...b, name: { nl: 'Belasting' } }, 'name'],
        ['name.en a number', { ...b, name: { en: 1, nl: 'x' } }, 'name'],
        ['name.nl empty', { ...b, name: { en: 'Tax', nl: '' } }, 'name'],
        ['missing name', without(b, 'name'), 'name'],
        ['missing code', without(b, 'code'), 'code'],
        ['unknown field', { ...b, website: 'https://example.org' }, 'website'],
    ];

    test('bad POST bodies are refused and name the field', async (t) => {
        await refuseAll(t, 'POST', '/api/v1/agencies', bad(base),
            ['/api/v1/agencies']);
    });

    test('bad PUT bodies, and a code that differs from the path', async (t) => {
        const a = agencies[0];
        const b = { code: a.code, name: a.name };
        await refuseAll(t, 'PUT', `/api/v1/agencies/${a.code}`, [
            ...bad(b).filter(([label]) => !label.startsWith('code')),
            ['code differs from the path', { ...b, code: 'other-agency' },
                'code'],
        ], ['/api/v1/agencies']);
    });
});

describe('services', () => {
    const agencyOf = (code) => services.find((s) => s.code === code).agency.code;
    const full = () => ({
        code: 'ind-advice',
        agency: agencyOf('ind-collect'),
        name: { en: 'Residence advice', nl: 'Verblijfsadvies' },
        description: { en: 'Questions about your residence permit.',
            nl: 'Vragen over uw verblijfsvergunning.' },
        minutes: 30,
        extraMinutesPerPerson: 10,
        prerequisites: ['intake'],
        documents: [{ en: 'Passport', nl: 'Paspoort' },
            { en: 'Residence document', nl: 'Verblijfsdocument' }],
        bookableBy: ['public', 'frontdesk'],
        rescheduleAllowed: true,
        active: true,
    });

    test('the list describes every service completely', () => {
        const codes = services.map((s) => s.code);
        for (const c of DESIGN_SERVICES) {
            assert.ok(codes.includes(c), `the demo offers ${c}`);
        }
        for (const s of services) {
            const what = `service ${s.code}`;
            assert.match(s.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.equal(typeof s.agency.code, 'string', `${what} agency.code`);
            bilingual(s.agency.name, `${what} agency.name`);
            bilingual(s.name, `${what} name`);
            assert.ok(s.description && typeof s.description === 'object',
                `${what} description`);
            assert.ok(Number.isInteger(s.minutes) && s.minutes >= 1 &&
                s.minutes <= 480, `${what} minutes`);
            assert.ok(Number.isInteger(s.extraMinutesPerPerson) &&
                s.extraMinutesPerPerson >= 0, `${what} extraMinutesPerPerson`);
            assert.ok(Array.isArray(s.prerequisites));
            for (const p of s.prerequisites) {
                assert.ok(codes.includes(p), `${what} requires a known ${p}`);
            }
            assert.ok(Array.isArray(s.documents));
            s.documents.forEach((d, i) => bilingual(d, `${what} documents[${i}]`));
            assert.ok(Array.isArray(s.bookableBy));
            for (const b of s.bookableBy) {
                assert.ok(BOOKABLE_BY.includes(b), `${what} bookableBy ${b}`);
            }
            assert.equal(typeof s.rescheduleAllowed, 'boolean');
            assert.equal(typeof s.active, 'boolean');
        }
    });

    test('GET /services/{code} is the list item; unknown codes are 404', async () => {
        for (const s of services) {
            assert.deepEqual(await getJson(server, null,
                `/api/v1/services/${s.code}`), s);
        }
        assertProblem(await api(server.url, 'GET', '/api/v1/services/no-such'),
            404);
    });

    test('POST creates a service that reads back; PUT changes it', async () => {
        const body = full();
        const res = await call(server, admin, 'POST', '/api/v1/services', body);
        assert.equal(res.status, 201, res.text);
        const got = await getJson(server, null, '/api/v1/services/ind-advice');
        assert.deepEqual(res.json, got);
        assert.equal(got.agency.code, body.agency);
        for (const f of ['code', 'name', 'description', 'minutes',
            'extraMinutesPerPerson', 'prerequisites', 'documents',
            'rescheduleAllowed', 'active']) {
            assert.deepEqual(got[f], body[f], `${f} reads back`);
        }
        assert.deepEqual([...got.bookableBy].sort(), [...body.bookableBy].sort());

        const change = { ...body, minutes: 45, extraMinutesPerPerson: 0,
            prerequisites: ['intake', 'brp-registration'],
            documents: [{ en: 'Passport', nl: 'Paspoort' }],
            bookableBy: ['sponsor'], rescheduleAllowed: false, active: false,
            name: { en: 'Residence advice (long)', nl: 'Verblijfsadvies (lang)' } };
        const put = await call(server, admin, 'PUT',
            '/api/v1/services/ind-advice', change);
        assert.equal(put.status, 200, put.text);
        const again = await getJson(server, null, '/api/v1/services/ind-advice');
        for (const f of ['name', 'minutes', 'extraMinutesPerPerson',
            'prerequisites', 'documents', 'bookableBy', 'rescheduleAllowed',
            'active']) {
            assert.deepEqual(again[f], change[f], `${f} changed`);
        }
        assert.deepEqual(put.json, again);
        const list = await getJson(server, null, '/api/v1/services');
        assert.deepEqual(list.items.find((s) => s.code === 'ind-advice'), again);
    });

    test('PUT of an unknown service is 404', async () => {
        assertProblem(await call(server, admin, 'PUT', '/api/v1/services/nope',
            { ...full(), code: 'nope', prerequisites: [] }), 404);
    });

    const bad = (b) => [
        ['minutes 0', { ...b, minutes: 0 }, 'minutes'],
        ['minutes 481', { ...b, minutes: 481 }, 'minutes'],
        ['minutes a string', { ...b, minutes: '30' }, 'minutes'],
        ['minutes a fraction', { ...b, minutes: 12.5 }, 'minutes'],
        ['extraMinutesPerPerson -1', { ...b, extraMinutesPerPerson: -1 },
            'extraMinutesPerPerson'],
        ['extraMinutesPerPerson 241', { ...b, extraMinutesPerPerson: 241 },
            'extraMinutesPerPerson'],
        ['an unknown prerequisite', { ...b, prerequisites: ['no-such'] },
            'prerequisites[0]'],
        ['an unknown second prerequisite', { ...b,
            prerequisites: ['intake', 'no-such'] }, 'prerequisites[1]'],
        ['a prerequisite not a code', { ...b, prerequisites: [5] },
            'prerequisites[0]'],
        ['prerequisites not a list', { ...b, prerequisites: 'intake' },
            'prerequisites'],
        ['bookableBy someone unknown', { ...b, bookableBy: ['public', 'everyone'] },
            'bookableBy[1]'],
        ['a document as a string', { ...b, documents: ['Passport'] },
            'documents[0]'],
        ['a document without nl', { ...b,
            documents: [{ en: 'Passport', nl: 'Paspoort' }, { en: 'Photo' }] },
            'documents[1]'],
        ['an unknown agency', { ...b, agency: 'no-such-agency' }, 'agency'],
        ['code not kebab-case', { ...b, code: 'IND advice' }, 'code'],
        ['name a string', { ...b, name: 'Advice' }, 'name'],
        ['rescheduleAllowed a string', { ...b, rescheduleAllowed: 'yes' },
            'rescheduleAllowed'],
        ['active a number', { ...b, active: 1 }, 'active'],
        ['missing minutes', without(b, 'minutes'), 'minutes'],
        ['missing agency', without(b, 'agency'), 'agency'],
        ['missing name', without(b, 'name'), 'name'],
        ['unknown field', { ...b, price: 0 }, 'price'],
    ];

    test('bad POST bodies are refused and name the field', async (t) => {
        await refuseAll(t, 'POST', '/api/v1/services',
            bad({ ...full(), code: 'ind-other' }), ['/api/v1/services']);
    });

    test('bad PUT bodies are refused and the service is unchanged', async (t) => {
        // The service made above, which requires intake and brp-registration.
        const s = await getJson(server, null, '/api/v1/services/ind-advice');
        const b = { code: s.code, agency: s.agency.code, name: s.name,
            description: s.description, minutes: s.minutes,
            extraMinutesPerPerson: s.extraMinutesPerPerson,
            prerequisites: s.prerequisites, documents: s.documents,
            bookableBy: s.bookableBy, rescheduleAllowed: s.rescheduleAllowed,
            active: s.active };
        await refuseAll(t, 'PUT', '/api/v1/services/ind-advice', [
            ...bad(b).filter(([label]) => !label.startsWith('code')),
            ['code differs from the path', { ...b, code: 'ind-collect' }, 'code'],
        ], ['/api/v1/services', '/api/v1/services/ind-advice']);
    });

    test('prerequisite cycles are refused and name prerequisites', async (t) => {
        const make = (code, prerequisites) => ({ ...full(), code,
            prerequisites });
        for (const [code, pre] of [['cycle-a', []], ['cycle-b', ['cycle-a']],
            ['cycle-c', ['cycle-b']]]) {
            const res = await call(server, admin, 'POST', '/api/v1/services',
                make(code, pre));
            assert.equal(res.status, 201, res.text);
        }
        await refuseAll(t, 'PUT', '/api/v1/services/cycle-a', [
            ['a requires b, b requires a', make('cycle-a', ['cycle-b']),
                'prerequisites'],
            ['a requires c, c → b → a', make('cycle-a', ['cycle-c']),
                'prerequisites'],
            ['a requires itself', make('cycle-a', ['cycle-a']),
                /^prerequisites(\[0\])?$/],
        ], ['/api/v1/services', '/api/v1/services/cycle-a']);
        const res = await call(server, admin, 'POST', '/api/v1/services',
            make('cycle-d', ['cycle-d']));
        assertInvalid(res, /^prerequisites(\[0\])?$/);
        assertProblem(await api(server.url, 'GET', '/api/v1/services/cycle-d'),
            404);
    });
});

describe('desks and opening hours', () => {
    let desks;
    let desk; // created by the test
    let deskAgency;
    let ownServices;
    let otherService;
    let hoursUrl;

    before(async () => {
        const res = await getJson(server, admin,
            `/api/v1/desks?location=${location.id}`);
        desks = res.items;
        const withServices = desks.find((d) => d.services.length > 0);
        deskAgency = codeOf(withServices.agency);
        ownServices = services.filter((s) => s.agency.code === deskAgency)
            .map((s) => s.code);
        otherService = services.find((s) => s.agency.code !== deskAgency).code;
    });

    test('the desks of a location: codes, bilingual names, agency and services', async () => {
        assert.ok(desks.length >= 2, 'the demo has desks');
        const codes = services.map((s) => s.code);
        for (const d of desks) {
            assert.ok(Number.isInteger(d.id));
            assert.match(d.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            bilingual(d.name, `desk ${d.code} name`);
            assert.equal(typeof codeOf(d.agency), 'string');
            for (const s of d.services) {
                assert.ok(codes.includes(s), `desk ${d.code} offers known ${s}`);
                const svc = services.find((x) => x.code === s);
                assert.equal(svc.agency.code, codeOf(d.agency),
                    `desk ${d.code} offers only its agency's services`);
            }
            const one = await getJson(server, admin, `/api/v1/desks/${d.id}`);
            assert.equal(one.id, d.id);
            assert.equal(one.code, d.code);
            assert.deepEqual(one.services, d.services);
        }
        assertProblem(await call(server, admin, 'GET', '/api/v1/desks/999999'),
            404);
    });

    test('the public opening hours of the demo location', async () => {
        const oh = await getJson(server, null,
            `/api/v1/locations/${location.id}/opening-hours`);
        assert.ok(oh.location, 'the location is included');
        assert.ok(Array.isArray(oh.desks) && oh.desks.length > 0);
        assert.ok(Array.isArray(oh.closures));
        for (const d of oh.desks) {
            assert.ok(Number.isInteger(d.id));
            bilingual(d.name, `desk ${d.code}`);
            assert.ok(Array.isArray(d.services));
            assert.ok(Array.isArray(d.hours) && Array.isArray(d.breaks));
            for (const h of d.hours) {
                assert.ok(Number.isInteger(h.weekday));
                assert.match(h.opens, HHMM);
                assert.match(h.closes, HHMM);
                assert.ok(h.opens < h.closes, 'closes after it opens');
            }
            for (const b of d.breaks) {
                assert.ok(Number.isInteger(b.weekday));
                assert.match(b.starts, HHMM);
                assert.match(b.ends, HHMM);
            }
        }
        assert.ok(oh.desks.some((d) => d.hours.length > 0),
            'some desk is open in the demo');
        for (const c of oh.closures) {
            assert.ok(Number.isInteger(c.id));
            assert.match(c.date, ISO_DATE);
            assert.ok(['holiday', 'one-off'].includes(c.kind));
            bilingual(c.reason, `closure ${c.id} reason`);
        }
    });

    test('POST creates a desk; PUT changes it; both read back', async () => {
        const body = { location: location.id, agency: deskAgency,
            code: 'test-desk', name: { en: 'Test desk', nl: 'Testbalie' },
            services: ownServices, active: true };
        const res = await call(server, admin, 'POST', '/api/v1/desks', body);
        assert.equal(res.status, 201, res.text);
        desk = res.json;
        assert.ok(Number.isInteger(desk.id));
        hoursUrl = `/api/v1/desks/${desk.id}/opening-hours`;
        const got = await getJson(server, admin, `/api/v1/desks/${desk.id}`);
        assert.equal(got.code, 'test-desk');
        assert.deepEqual(got.name, body.name);
        assert.equal(codeOf(got.agency), deskAgency);
        assert.deepEqual([...got.services].sort(), [...ownServices].sort());
        const list = await getJson(server, admin,
            `/api/v1/desks?location=${location.id}`);
        assert.ok(list.items.some((d) => d.id === desk.id));

        const change = { ...body, name: { en: 'Desk 9', nl: 'Balie 9' },
            services: ownServices.slice(0, 1) };
        const put = await call(server, admin, 'PUT', `/api/v1/desks/${desk.id}`,
            change);
        assert.equal(put.status, 200, put.text);
        const again = await getJson(server, admin, `/api/v1/desks/${desk.id}`);
        assert.deepEqual(again.name, change.name);
        assert.deepEqual(again.services, change.services);
        const oh = await getJson(server, null,
            `/api/v1/locations/${location.id}/opening-hours`);
        const pub = oh.desks.find((d) => d.id === desk.id);
        assert.ok(pub, 'the new desk is in the public opening hours');
        assert.deepEqual(pub.name, change.name);
    });

    test('bad desk bodies are refused and name the field', async (t) => {
        const base = { location: location.id, agency: deskAgency,
            code: 'bad-desk', name: { en: 'Bad', nl: 'Slecht' },
            services: ownServices, active: true };
        const cases = [
            ['a service of another agency', { ...base,
                services: [otherService] }, 'services[0]'],
            ['a second service of another agency', { ...base,
                services: [ownServices[0], otherService] }, 'services[1]'],
            ['an unknown service', { ...base, services: ['no-such'] },
                'services[0]'],
            ['services not a list', { ...base, services: ownServices[0] },
                'services'],
            ['an unknown location', { ...base, location: 999999 }, 'location'],
            ['location a string', { ...base, location: String(location.id) },
                'location'],
            ['an unknown agency', { ...base, agency: 'no-such' }, 'agency'],
            ['code not kebab-case', { ...base, code: 'Desk 1' }, 'code'],
            ['name a string', { ...base, name: 'Desk' }, 'name'],
            ['active a string', { ...base, active: 'true' }, 'active'],
            ['missing location', without(base, 'location'), 'location'],
            ['missing code', without(base, 'code'), 'code'],
            ['unknown field', { ...base, floor: 2 }, 'floor'],
        ];
        const reads = [`/api/v1/desks?location=${location.id}`,
            `/api/v1/desks/${desk.id}`];
        await t.test('POST', async (t2) => {
            await refuseAll(t2, 'POST', '/api/v1/desks', cases, reads);
        });
        await t.test('PUT', async (t2) => {
            await refuseAll(t2, 'PUT', `/api/v1/desks/${desk.id}`,
                cases.map(([l, b, f]) => [l, { ...b,
                    code: b.code === 'bad-desk' ? 'test-desk' : b.code }, f]),
                reads);
        });
        assertProblem(await call(server, admin, 'PUT', '/api/v1/desks/999999',
            { ...base, code: 'nowhere' }), 404);
    });

    const week = {
        hours: [1, 2, 3, 4, 5].map((weekday) =>
            ({ weekday, opens: '09:00', closes: '17:00' })),
        breaks: [{ weekday: 1, starts: '12:00', ends: '12:30' },
            { weekday: 3, starts: '12:30', ends: '13:15' }],
    };

    test('PUT opening hours replaces them; they read back, also publicly', async () => {
        const res = await call(server, admin, 'PUT', hoursUrl, week);
        assert.equal(res.status, 200, res.text);
        const got = await getJson(server, admin, `/api/v1/desks/${desk.id}`);
        assert.deepEqual(got.hours, week.hours);
        assert.deepEqual(got.breaks, week.breaks);
        const oh = await getJson(server, null,
            `/api/v1/locations/${location.id}/opening-hours`);
        const pub = oh.desks.find((d) => d.id === desk.id);
        assert.deepEqual(pub.hours, week.hours);
        assert.deepEqual(pub.breaks, week.breaks);
        // A split day (morning and afternoon) is fine.
        const split = { hours: [{ weekday: 2, opens: '08:30', closes: '12:00' },
            { weekday: 2, opens: '13:00', closes: '16:45' }], breaks: [] };
        const r2 = await call(server, admin, 'PUT', hoursUrl, split);
        assert.equal(r2.status, 200, r2.text);
        assert.deepEqual((await getJson(server, admin,
            `/api/v1/desks/${desk.id}`)).hours, split.hours);
        const r3 = await call(server, admin, 'PUT', hoursUrl, week);
        assert.equal(r3.status, 200, r3.text);
    });

    test('bad opening hours are refused, name the interval, and keep the old hours', async (t) => {
        const mon = { weekday: 1, opens: '09:00', closes: '17:00' };
        const h = (weekday, opens, closes) => ({ weekday, opens, closes });
        const b = (weekday, starts, ends) => ({ weekday, starts, ends });
        const cases = [
            ['09:03 is off the 5-minute grid',
                { hours: [mon, h(2, '09:03', '17:00')], breaks: [] }, 'hours[1]'],
            ['closing off the grid',
                { hours: [h(2, '09:00', '16:58')], breaks: [] }, 'hours[0]'],
            ['closing before opening',
                { hours: [mon, h(2, '17:00', '09:00')], breaks: [] }, 'hours[1]'],
            ['closing when opening',
                { hours: [mon, h(2, '09:00', '09:00')], breaks: [] }, 'hours[1]'],
            ['overlapping intervals',
                { hours: [h(1, '09:00', '12:00'), h(1, '11:00', '15:00')],
                    breaks: [] }, /^hours\[[01]\]/],
            ['the same interval twice', { hours: [mon, mon], breaks: [] },
                /^hours\[[01]\]/],
            ['weekday 0', { hours: [h(0, '09:00', '17:00')], breaks: [] },
                'hours[0]'],
            ['weekday 8', { hours: [mon, h(8, '09:00', '17:00')], breaks: [] },
                'hours[1]'],
            ['weekday a name', { hours: [h('monday', '09:00', '17:00')],
                breaks: [] }, 'hours[0]'],
            ['hour 25', { hours: [h(1, '09:00', '25:00')], breaks: [] },
                'hours[0]'],
            ['a time without a leading zero',
                { hours: [h(1, '9:00', '17:00')], breaks: [] }, 'hours[0]'],
            ['a time with seconds',
                { hours: [h(1, '09:00:00', '17:00')], breaks: [] }, 'hours[0]'],
            ['a missing closing time',
                { hours: [{ weekday: 1, opens: '09:00' }], breaks: [] },
                'hours[0]'],
            ['an unknown field in an interval',
                { hours: [{ ...mon, note: 'x' }], breaks: [] }, 'hours[0]'],
            ['hours not a list', { hours: mon, breaks: [] }, 'hours'],
            ['a break outside the opening hours',
                { hours: [mon], breaks: [b(1, '08:00', '09:30')] }, 'breaks[0]'],
            ['a break after closing',
                { hours: [mon], breaks: [b(1, '17:00', '17:30')] }, 'breaks[0]'],
            ['a break on a closed day',
                { hours: [mon], breaks: [b(2, '12:00', '12:30')] }, 'breaks[0]'],
            ['a break off the grid',
                { hours: [mon], breaks: [b(1, '12:00', '12:30'),
                    b(1, '14:02', '14:30')] }, 'breaks[1]'],
            ['a break ending before it starts',
                { hours: [mon], breaks: [b(1, '13:00', '12:00')] }, 'breaks[0]'],
            ['overlapping breaks',
                { hours: [mon], breaks: [b(1, '12:00', '13:00'),
                    b(1, '12:30', '13:30')] }, /^breaks\[[01]\]/],
            ['unknown top-level field',
                { ...week, holidays: [] }, 'holidays'],
        ];
        await refuseAll(t, 'PUT', hoursUrl, cases, [`/api/v1/desks/${desk.id}`,
            `/api/v1/locations/${location.id}/opening-hours`]);
        const got = await getJson(server, admin, `/api/v1/desks/${desk.id}`);
        assert.deepEqual(got.hours, week.hours, 'the old hours are kept');
    });

    test('the grid is the location\'s: a 15-minute centre refuses 09:05', async () => {
        const loc = await call(server, admin, 'POST', '/api/v1/locations', {
            code: 'quarter-centre', name: locationName('Quarter', 'Kwartier'),
            address: 'Plein 15', timeZone: 'Europe/Amsterdam', slotMinutes: 15,
        });
        assert.equal(loc.status, 201, loc.text);
        const d = await call(server, admin, 'POST', '/api/v1/desks', {
            location: loc.json.id, agency: deskAgency, code: 'quarter-desk',
            name: { en: 'Q', nl: 'K' }, services: ownServices, active: true,
        });
        assert.equal(d.status, 201, d.text);
        const url = `/api/v1/desks/${d.json.id}/opening-hours`;
        assertInvalid(await call(server, admin, 'PUT', url, { hours: [
            { weekday: 1, opens: '09:05', closes: '12:00' }], breaks: [] }),
        'hours[0]');
        const ok = await call(server, admin, 'PUT', url, { hours: [
            { weekday: 1, opens: '09:15', closes: '12:45' }], breaks: [] });
        assert.equal(ok.status, 200, ok.text);
    });
});

describe('closures', () => {
    let deskId;
    const from = isoDate(1);
    const to = isoDate(200);
    const listUrl = () =>
        `/api/v1/closures?location=${location.id}&from=${from}&to=${to}`;

    before(async () => {
        const oh = await getJson(server, null,
            `/api/v1/locations/${location.id}/opening-hours`);
        deskId = oh.desks[0].id;
    });

    test('a whole-day holiday and a desk\'s one-off hours: create, list, delete', async () => {
        const holiday = { location: location.id, desk: null, date: isoDate(100),
            startsAt: null, endsAt: null, kind: 'holiday',
            reason: { en: 'Centre anniversary', nl: 'Jubileum van het centrum' } };
        const r1 = await call(server, admin, 'POST', '/api/v1/closures', holiday);
        assert.equal(r1.status, 201, r1.text);
        assert.ok(Number.isInteger(r1.json.id));
        const oneOff = { location: location.id, desk: deskId, date: isoDate(101),
            startsAt: '13:00', endsAt: '15:30', kind: 'one-off',
            reason: { en: 'Training', nl: 'Training' } };
        const r2 = await call(server, admin, 'POST', '/api/v1/closures', oneOff);
        assert.equal(r2.status, 201, r2.text);

        const list = (await getJson(server, null, listUrl())).items;
        const c1 = list.find((c) => c.id === r1.json.id);
        const c2 = list.find((c) => c.id === r2.json.id);
        assert.ok(c1 && c2, 'both are listed');
        assert.deepEqual({ date: c1.date, startsAt: c1.startsAt,
            endsAt: c1.endsAt, deskId: c1.deskId, kind: c1.kind,
            reason: c1.reason }, { date: holiday.date, startsAt: null,
            endsAt: null, deskId: null, kind: 'holiday', reason: holiday.reason });
        assert.deepEqual({ date: c2.date, startsAt: c2.startsAt,
            endsAt: c2.endsAt, deskId: c2.deskId, kind: c2.kind,
            reason: c2.reason }, { date: oneOff.date, startsAt: '13:00',
            endsAt: '15:30', deskId, kind: 'one-off', reason: oneOff.reason });
        for (const c of list) {
            assert.ok(c.date >= from && c.date <= to, `${c.date} in the range`);
        }
        // Outside the range: not listed.
        const later = (await getJson(server, null, `/api/v1/closures?location=` +
            `${location.id}&from=${isoDate(102)}&to=${isoDate(110)}`)).items;
        assert.ok(!later.some((c) => c.id === r1.json.id || c.id === r2.json.id));
        // The public opening hours show them too.
        const oh = await getJson(server, null,
            `/api/v1/locations/${location.id}/opening-hours`);
        assert.ok(oh.closures.some((c) => c.id === r1.json.id));
        assert.ok(oh.closures.some((c) => c.id === r2.json.id));

        const del = await call(server, admin, 'DELETE',
            `/api/v1/closures/${r1.json.id}`);
        assert.equal(del.status, 204, del.text);
        assert.equal(del.text, '');
        const after = (await getJson(server, null, listUrl())).items;
        assert.ok(!after.some((c) => c.id === r1.json.id), 'deleted');
        assert.ok(after.some((c) => c.id === r2.json.id), 'the other stays');
        assertProblem(await call(server, admin, 'DELETE',
            `/api/v1/closures/${r1.json.id}`), 404);
        assertProblem(await call(server, admin, 'DELETE',
            '/api/v1/closures/999999'), 404);
    });

    test('bad closures are refused and name the field', async (t) => {
        const base = { location: location.id, desk: null, date: isoDate(120),
            startsAt: null, endsAt: null, kind: 'one-off',
            reason: { en: 'Maintenance', nl: 'Onderhoud' } };
        await refuseAll(t, 'POST', '/api/v1/closures', [
            ['30 February', { ...base, date: '2031-02-30' }, 'date'],
            ['a date without zeros', { ...base, date: '2031-2-3' }, 'date'],
            ['a date and time', { ...base, date: '2031-02-03T00:00:00Z' },
                'date'],
            ['a date a number', { ...base, date: 20310203 }, 'date'],
            ['an unknown kind', { ...base, kind: 'party' }, 'kind'],
            ['a start at hour 24', { ...base, startsAt: '24:30',
                endsAt: '23:00' }, /^(startsAt|endsAt)$/],
            ['a start with seconds', { ...base, startsAt: '13:00:00',
                endsAt: '14:00' }, 'startsAt'],
            ['ending before starting', { ...base, startsAt: '15:00',
                endsAt: '13:00' }, /^(startsAt|endsAt)$/],
            ['a start off the 5-minute grid', { ...base, startsAt: '13:02',
                endsAt: '14:00' }, 'startsAt'],
            ['an end off the 5-minute grid', { ...base, startsAt: '13:00',
                endsAt: '14:59' }, 'endsAt'],
            ['a start without an end', { ...base, startsAt: '13:00' },
                /^(startsAt|endsAt)$/],
            ['an unknown location', { ...base, location: 999999 }, 'location'],
            ['an unknown desk', { ...base, desk: 999999 }, 'desk'],
            ['desk a string', { ...base, desk: 'desk-1' }, 'desk'],
            ['reason a string', { ...base, reason: 'Maintenance' }, 'reason'],
            ['reason without en', { ...base, reason: { nl: 'Onderhoud' } },
                'reason'],
            ['missing date', without(base, 'date'), 'date'],
            ['missing kind', without(base, 'kind'), 'kind'],
            ['missing location', without(base, 'location'), 'location'],
            ['unknown field', { ...base, recurring: true }, 'recurring'],
        ], [listUrl(), `/api/v1/closures?location=${location.id}` +
            '&from=2031-01-01&to=2031-12-31']);
    });

    test('bad closure queries name the parameter', async () => {
        for (const [query, field] of [
            [`location=${location.id}&from=2031-02-30&to=2031-03-01`, 'from'],
            [`location=${location.id}&from=2031-02-01&to=tomorrow`, 'to'],
            [`location=abc&from=2031-02-01&to=2031-03-01`, 'location'],
        ]) {
            const res = await api(server.url, 'GET', `/api/v1/closures?${query}`);
            assertInvalid(res, field);
        }
    });
});

describe('users', () => {
    const PASSWORD = 'Correct-horse-battery-staple-7';
    let officerAgency;

    before(() => {
        officerAgency = agencies[0].code;
    });

    test('the list shows accounts and never a password or a hash', async () => {
        const res = await call(server, admin, 'GET', '/api/v1/users');
        assert.equal(res.status, 200, res.text);
        const roles = new Set(res.json.items.map((u) => u.role));
        for (const role of ['admin', 'manager', 'frontdesk', 'officer',
            'employer']) {
            assert.ok(roles.has(role), `a ${role} account is listed`);
        }
        for (const u of res.json.items) {
            assert.ok(Number.isInteger(u.id));
            assert.equal(typeof u.username, 'string');
            assert.equal(typeof u.displayName, 'string');
        }
        for (const u of res.json.items) {
            const keys = Object.keys(u).filter((k) =>
                /^(password|passwordHash|hash|salt)$/i.test(k));
            assert.deepEqual(keys, [], `no secret fields on ${u.username}`);
        }
        assert.ok(!res.text.includes('$argon2'), 'no password hash');
        for (const login of Object.values(server.logins)) {
            assert.ok(!res.text.includes(login.password));
        }
    });

    test('POST creates an officer and an employer who can sign in', async () => {
        const officer = { username: 'officer-two', displayName: 'Officer Two',
            role: 'officer', password: PASSWORD, agency: officerAgency };
        const r1 = await call(server, admin, 'POST', '/api/v1/users', officer);
        assert.equal(r1.status, 201, r1.text);
        assert.ok(!r1.text.includes(PASSWORD), 'the password is not echoed');
        assert.equal(r1.json.username, 'officer-two');
        assert.equal(r1.json.role, 'officer');
        const s1 = await signIn(server.url, 'officer-two', PASSWORD);
        assert.equal(s1.user.role, 'officer');
        assert.equal(s1.user.displayName, 'Officer Two');

        const employer = { username: 'hr-acme', displayName: 'HR Acme',
            role: 'employer', password: PASSWORD, sponsorKvk: '12345678' };
        const r2 = await call(server, admin, 'POST', '/api/v1/users', employer);
        assert.equal(r2.status, 201, r2.text);
        const s2 = await signIn(server.url, 'hr-acme', PASSWORD);
        assert.equal(s2.user.role, 'employer');
        assert.equal(s2.user.sponsorKvk, '12345678');

        const list = await getJson(server, admin, '/api/v1/users');
        assert.ok(list.items.some((u) => u.username === 'officer-two'));
        assert.ok(list.items.some((u) => u.username === 'hr-acme'));
        assert.ok(!JSON.stringify(list).includes(PASSWORD));
    });

    test('bad users are refused and name the field', async (t) => {
        const base = { username: 'new-person', displayName: 'New Person',
            role: 'manager', password: PASSWORD };
        await refuseAll(t, 'POST', '/api/v1/users', [
            ['an officer without an agency', { ...base, role: 'officer' },
                'agency'],
            ['an officer of an unknown agency', { ...base, role: 'officer',
                agency: 'no-such' }, 'agency'],
            ['an employer without a KvK number', { ...base, role: 'employer' },
                'sponsorKvk'],
            ['a KvK number of 7 digits', { ...base, role: 'employer',
                sponsorKvk: '1234567' }, 'sponsorKvk'],
            ['a KvK number with a letter', { ...base, role: 'employer',
                sponsorKvk: '1234567a' }, 'sponsorKvk'],
            ['a KvK number as a number', { ...base, role: 'employer',
                sponsorKvk: 12345678 }, 'sponsorKvk'],
            ['an unknown role', { ...base, role: 'root' }, 'role'],
            ['an empty username', { ...base, username: '' }, 'username'],
            ['a missing password', without(base, 'password'), 'password'],
            ['a password a number', { ...base, password: 12345678 },
                'password'],
            ['an unknown desk', { ...base, role: 'officer',
                agency: officerAgency, desk: 999999 }, 'desk'],
            ['unknown field', { ...base, isAdmin: true }, 'isAdmin'],
        ], ['/api/v1/users']);
    });

    test('a taken username is refused and changes nothing', async () => {
        const before = await getJson(server, admin, '/api/v1/users');
        const res = await call(server, admin, 'POST', '/api/v1/users', {
            username: server.logins.manager.username, displayName: 'Impostor',
            role: 'admin', password: PASSWORD });
        assert.ok(res.status === 409 || res.status === 400,
            `a taken username: ${res.status} ${res.text}`);
        assertProblem(res, res.status);
        assert.deepEqual(await getJson(server, admin, '/api/v1/users'), before);
        const s = await signIn(server.url, server.logins.manager.username,
            server.logins.manager.password);
        assert.equal(s.user.role, 'manager', 'the account is untouched');
    });
});

// SPDX-License-Identifier: AGPL-3.0-or-later
// The booking engine through its API: availability (one date, a range, the
// nearest dates when a date is full or closed, persons, prerequisites),
// bookings by option token and by legs, the staff's day list, idempotent
// retries, a slot taken meanwhile, cancelling, rescheduling, group bookings,
// the calendar and QR files, and bad input of every kind, refused with a
// problem that names the field while the day list stays exactly as it was.
// Every test books on dates of its own, so that they do not meet.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import {
    assertProblem, assertInvalid, signInAs, getJson, stopAndCheck,
} from './support.mjs';
import {
    LOCATION, DAYS_AHEAD, IND_DAYS, localToday, addDays, daysBetween,
    weekday, minutes, hhmm, closedDates, bookableDates, person, as,
    availability, postBooking, book, legsForm, legKey, legKeys, dayList,
    dayLines, dayLegsOf, assertNoOverlaps, getBooking,
} from './booking-support.mjs';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const CODE = /^[0-9A-Z]{8}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const INTAKE_DESKS = ['intake-1', 'intake-2'];
const BRP_DESKS = ['brp-1', 'brp-2'];
const IND_DESKS = ['ind-1', 'ind-2'];
const IND_SERVICES = ['ind-collect', 'ind-biometrics', 'ind-sticker',
    'ind-return-visa'];

let server;
let frontdesk;
let employer;
let admin;
let officer;
let catalogue; // service code -> service
let indDates; // Tuesdays, Thursdays and Fridays the centre is open
let mondays; // Mondays it is open (the IND desks are not)
let used = 0;

before(async () => {
    server = await startServer();
    frontdesk = await signInAs(server, 'frontdesk');
    employer = await signInAs(server, 'employer');
    admin = await signInAs(server, 'admin');
    officer = await signInAs(server, 'officer');
    catalogue = Object.fromEntries((await getJson(server, null,
        '/api/v1/services')).items.map((s) => [s.code, s]));
    indDates = await bookableDates(server);
    assert.ok(indDates.length >= 30, `enough dates: ${indDates.join(' ')}`);
    mondays = await bookableDates(server, { weekdays: [1] });
});

after(async () => {
    await stopAndCheck(server);
});

/** A date of its own for a test: a Tuesday, Thursday or Friday. */
function takeDate() {
    assert.ok(used < indDates.length, 'a date left for this test');
    return indDates[used++];
}

/** The first Monday at least 7 days ahead that is not a holiday. */
function nextMonday() {
    return mondays[0];
}

/** The length of a service for persons, in minutes on the 5-minute grid. */
function serviceMinutes(code, persons) {
    const s = catalogue[code];
    const raw = s.minutes + s.extraMinutesPerPerson * (persons - 1);
    return Math.ceil(raw / 5) * 5;
}

function bilingual(v, what) {
    assert.ok(v && typeof v === 'object', `${what} is {en, nl}`);
    assert.equal(typeof v.en, 'string', `${what}.en`);
    assert.equal(typeof v.nl, 'string', `${what}.nl`);
    assert.ok(v.en.length > 0 && v.nl.length > 0, `${what} is not empty`);
}

/** Checks one leg of an option or a booking. */
function checkLeg(leg, persons) {
    assert.ok(catalogue[leg.service.code], `a known service ${leg.service.code}`);
    bilingual(leg.service.name, 'leg service name');
    assert.deepEqual(leg.service.name, catalogue[leg.service.code].name);
    assert.ok(Number.isInteger(leg.desk.id), 'desk id');
    assert.equal(typeof leg.desk.code, 'string');
    bilingual(leg.desk.name, 'leg desk name');
    const desks = leg.service.code === 'intake' ? INTAKE_DESKS
        : leg.service.code === 'brp-registration' ? BRP_DESKS : IND_DESKS;
    assert.ok(desks.includes(leg.desk.code),
        `${leg.service.code} at ${leg.desk.code}`);
    assert.match(leg.startsAt, HHMM);
    assert.match(leg.endsAt, HHMM);
    assert.equal(minutes(leg.startsAt) % 5, 0, 'on the 5-minute grid');
    assert.equal(leg.minutes, minutes(leg.endsAt) - minutes(leg.startsAt));
    assert.equal(leg.minutes, serviceMinutes(leg.service.code, persons),
        `${leg.service.code} for ${persons}`);
    assert.ok(minutes(leg.startsAt) >= 9 * 60 && minutes(leg.endsAt) <= 17 * 60,
        `${legKey(leg)} within opening hours`);
}

/** Checks the times of an itinerary (option or booking) against its legs. */
function checkItinerary(it, persons, services) {
    assert.ok(Array.isArray(it.legs) && it.legs.length === services.length,
        `one leg per service: ${JSON.stringify(it.legs)}`);
    assert.deepEqual(it.legs.map((l) => l.service.code).sort(),
        [...services].sort());
    for (const leg of it.legs) {
        checkLeg(leg, persons);
    }
    const sorted = [...it.legs].sort(
        (a, b) => minutes(a.startsAt) - minutes(b.startsAt));
    for (let i = 1; i < sorted.length; i++) {
        assert.ok(minutes(sorted[i].startsAt) >= minutes(sorted[i - 1].endsAt),
            `legs do not overlap: ${sorted.map(legKey).join(', ')}`);
    }
    assert.equal(it.arrival, sorted[0].startsAt, 'arrival is the first start');
    assert.equal(it.departure, sorted[sorted.length - 1].endsAt,
        'departure is the last end');
    // intake comes before brp-registration in the same visit.
    const intake = it.legs.find((l) => l.service.code === 'intake');
    const brp = it.legs.find((l) => l.service.code === 'brp-registration');
    if (intake && brp) {
        assert.ok(minutes(intake.endsAt) <= minutes(brp.startsAt),
            `intake before brp-registration: ${it.legs.map(legKey)}`);
    }
}

function checkOption(opt, date, persons, services) {
    assert.equal(typeof opt.token, 'string');
    assert.ok(opt.token.startsWith(`${LOCATION}.${date}.${persons}.`),
        `the token names location, date and persons: ${opt.token}`);
    checkItinerary(opt, persons, services);
    const total = minutes(opt.departure) - minutes(opt.arrival);
    assert.equal(opt.totalMinutes, total, 'totalMinutes');
    assert.equal(opt.waitingMinutes,
        total - opt.legs.reduce((n, l) => n + l.minutes, 0), 'waitingMinutes');
}

/** Checks a booking as POST, GET and the group routes give it. */
function checkBooking(b, { date, persons = 1, services, who, channel,
    status = 'booked' }) {
    assert.match(b.code, CODE);
    assert.equal(b.status, status);
    assert.equal(b.channel, channel);
    assert.equal(b.location.id, LOCATION);
    assert.equal(b.location.code, 'maastricht');
    bilingual(b.location.name, 'location name');
    assert.equal(typeof b.location.address, 'string');
    assert.equal(b.location.timeZone, 'Europe/Amsterdam');
    assert.equal(b.date, date);
    assert.equal(b.persons, persons);
    if (who) {
        assert.deepEqual(b.person, {
            givenNames: who.givenNames, surname: who.surname, email: who.email,
            phone: who.phone || '', language: who.language || 'en',
        });
    }
    assert.match(b.createdAt, ISO_INSTANT);
    assert.match(b.updatedAt, ISO_INSTANT);
    if (status !== 'booked') {
        // A cancelled booking still shows the itinerary it had, and can no
        // longer be moved.
        assert.match(b.cancelledAt, ISO_INSTANT);
        assert.equal(b.canReschedule, false, 'canReschedule when cancelled');
    } else {
        assert.equal(b.cancelledAt, null);
        assert.equal(b.canReschedule,
            !services.some((s) => IND_SERVICES.includes(s)), 'canReschedule');
    }
    checkItinerary(b, persons, services);
    // The documents to bring, per service, as the catalogue lists them.
    assert.deepEqual(b.documents.map((d) => d.service).sort(),
        [...services].sort(), 'documents per service');
    for (const d of b.documents) {
        assert.deepEqual(d.items, catalogue[d.service].documents,
            `documents of ${d.service}`);
    }
}

/** The day lines of dates, to compare before and after a refusal. */
async function snapshot(dates) {
    const out = {};
    for (const d of dates) {
        out[d] = dayLines(await dayList(server, frontdesk, d));
    }
    return out;
}

/** Every option of an answer names distinct, increasing, spread arrivals. */
function checkSpread(options) {
    for (let i = 1; i < options.length; i++) {
        assert.ok(minutes(options[i].arrival) - minutes(options[i - 1].arrival) >=
            30, `options at least 30 minutes apart: ` +
            options.map((o) => o.arrival).join(' '));
    }
}

const withoutToken = ({ token, manageUrl, ...rest }) => rest;

// ------------------------------------------------------------ availability

describe('availability', () => {
    test('one date: options with their legs, spread over the day', async () => {
        const date = takeDate();
        const av = await availability(server, null, date, 'intake');
        assert.equal(av.location, LOCATION);
        assert.equal(av.date, date);
        assert.equal(av.persons, 1);
        assert.deepEqual(av.services, ['intake']);
        assert.deepEqual(av.nearestDates, [], 'no nearest dates when open');
        assert.ok(av.options.length >= 2 && av.options.length <= 8,
            `2 to 8 options: ${av.options.length}`);
        for (const opt of av.options) {
            checkOption(opt, date, 1, ['intake']);
        }
        checkSpread(av.options);
        assert.equal(new Set(av.options.map((o) => o.token)).size,
            av.options.length, 'distinct tokens');

        const three = await availability(server, null, date,
            'intake,ind-collect,ind-biometrics');
        assert.deepEqual(three.services,
            ['intake', 'ind-collect', 'ind-biometrics']);
        assert.ok(three.options.length > 0, 'a three-service visit fits');
        for (const opt of three.options) {
            checkOption(opt, date, 1, three.services);
        }
        checkSpread(three.options);
    });

    test('persons lengthen every leg by the extra minutes per person', async () => {
        const date = takeDate();
        for (const persons of [1, 2, 5, 10]) {
            const av = await availability(server, null, date,
                'intake,ind-biometrics', persons);
            assert.equal(av.persons, persons);
            assert.ok(av.options.length > 0, `options for ${persons}`);
            for (const opt of av.options) {
                checkOption(opt, date, persons, ['intake', 'ind-biometrics']);
            }
        }
        // intake is 15 minutes and 5 per extra person.
        const ten = await availability(server, null, date, 'intake', 10);
        assert.equal(ten.options[0].legs[0].minutes, 60);
    });

    test('a Monday has no IND desk open: no options, the nearest dates', async () => {
        const monday = nextMonday();
        const av = await availability(server, null, monday, 'ind-collect');
        assert.deepEqual(av.options, []);
        assert.ok(av.nearestDates.length >= 1 && av.nearestDates.length <= 3,
            `one to three nearest dates: ${av.nearestDates}`);
        assert.equal(new Set(av.nearestDates).size, av.nearestDates.length);
        let distance = 0;
        for (const d of av.nearestDates) {
            assert.notEqual(d, monday);
            assert.ok(IND_DAYS.includes(weekday(d)), `${d} is an IND day`);
            assert.ok(daysBetween(localToday(), d) >= 0, `${d} is not past`);
            const away = Math.abs(daysBetween(monday, d));
            assert.ok(away >= distance, `nearest first: ${av.nearestDates}`);
            distance = away;
            const there = await availability(server, null, d, 'ind-collect');
            assert.ok(there.options.length > 0, `${d} has options`);
        }
        // intake is open on Mondays.
        const intake = await availability(server, null, monday, 'intake');
        assert.ok(intake.options.length > 0);
        assert.deepEqual(intake.nearestDates, []);
    });

    test('a closed date has no options, nor is it a nearest date', async (t) => {
        const date = takeDate();
        const closure = await as(server, admin, 'POST', '/api/v1/closures', {
            location: LOCATION, desk: null, date, startsAt: null, endsAt: null,
            kind: 'one-off', reason: { en: 'Staff day', nl: 'Personeelsdag' },
        });
        assert.equal(closure.status, 201, closure.text);
        const av = await availability(server, null, date, 'intake');
        assert.deepEqual(av.options, []);
        assert.ok(av.nearestDates.length > 0);
        assert.ok(!av.nearestDates.includes(date));
        // A leg on it cannot be booked either.
        const before = await snapshot([date]);
        assertInvalid(await postBooking(server, null, {
            location: LOCATION, date,
            legs: [{ service: 'intake', desk: 'intake-1', startsAt: '10:00' }],
            ...person(),
        }), 'legs');
        assert.deepEqual(await snapshot([date]), before);

        // The public holidays in the booking horizon are closed too.
        const today = localToday();
        const holidays = (await getJson(server, null,
            `/api/v1/closures?location=${LOCATION}&from=${addDays(today, 1)}` +
            `&to=${addDays(today, DAYS_AHEAD)}`)).items.filter((c) =>
            c.kind === 'holiday' && c.deskId === null && weekday(c.date) <= 5);
        if (holidays.length === 0) {
            t.diagnostic('no public holiday on a weekday in the horizon');
            return;
        }
        for (const h of holidays) {
            const hav = await availability(server, null, h.date, 'intake');
            assert.deepEqual(hav.options, [], `${h.date} (${h.reason.en})`);
            assert.ok(hav.nearestDates.length > 0);
            assert.ok(!hav.nearestDates.some((d) =>
                holidays.some((x) => x.date === d)), 'no holiday is nearest');
        }
    });

    test('prerequisites: intake comes before brp-registration, which the public cannot book', async () => {
        const date = takeDate();
        for (const session of [frontdesk, employer]) {
            const res = await as(server, session, 'GET',
                `/api/v1/availability?location=${LOCATION}&date=${date}` +
                '&services=brp-registration,intake');
            assert.equal(res.status, 200, res.text);
            assert.deepEqual(res.json.services, ['brp-registration', 'intake']);
            assert.ok(res.json.options.length > 0);
            for (const opt of res.json.options) {
                checkOption(opt, date, 1, ['intake', 'brp-registration']);
            }
            checkSpread(res.json.options);
        }
        // The public may not book it; staff may not book it without intake.
        assertInvalid(await as(server, null, 'GET',
            `/api/v1/availability?location=${LOCATION}&date=${date}` +
            '&services=intake,brp-registration'), 'services');
        assertInvalid(await as(server, frontdesk, 'GET',
            `/api/v1/availability?location=${LOCATION}&date=${date}` +
            '&services=brp-registration'), 'services');
    });

    test('a range: every date from..to with up to 3 options each', async () => {
        const today = localToday();
        const from = addDays(today, 7);
        const to = addDays(from, 13);
        const closed = await closedDates(server, from, to);
        const res = await getJson(server, null,
            `/api/v1/availability?location=${LOCATION}&from=${from}&to=${to}` +
            '&services=intake,ind-collect&persons=2');
        assert.equal(res.location, LOCATION);
        assert.equal(res.persons, 2);
        assert.deepEqual(res.services, ['intake', 'ind-collect']);
        assert.deepEqual(res.days.map((d) => d.date),
            Array.from({ length: 14 }, (_, i) => addDays(from, i)));
        for (const day of res.days) {
            assert.ok(day.options.length <= 3, `${day.date}: at most 3`);
            const open = IND_DAYS.includes(weekday(day.date)) &&
                !closed.has(day.date);
            assert.equal(day.options.length > 0, open,
                `${day.date} (weekday ${weekday(day.date)}) has options ` +
                `only on an IND day`);
            for (const opt of day.options) {
                checkOption(opt, day.date, 2, ['intake', 'ind-collect']);
            }
        }

        // Days before today are left out.
        const past = await getJson(server, null,
            `/api/v1/availability?location=${LOCATION}&from=${addDays(today, -3)}` +
            `&to=${addDays(today, 3)}&services=intake`);
        assert.deepEqual(past.days.map((d) => d.date),
            Array.from({ length: 4 }, (_, i) => addDays(today, i)));
        // The range stops at the booking horizon.
        const far = await getJson(server, null,
            `/api/v1/availability?location=${LOCATION}` +
            `&from=${addDays(today, DAYS_AHEAD - 10)}` +
            `&to=${addDays(today, DAYS_AHEAD + 10)}&services=intake`);
        assert.equal(far.days.length, 11);
        assert.equal(far.days[far.days.length - 1].date,
            addDays(today, DAYS_AHEAD));
        // A range of 31 days is the most.
        const month = await getJson(server, null,
            `/api/v1/availability?location=${LOCATION}&from=${from}` +
            `&to=${addDays(from, 30)}&services=intake`);
        assert.equal(month.days.length, 31);
    });

    test('bad queries are refused naming the parameter', async (t) => {
        const date = takeDate();
        const today = localToday();
        // An inactive service.
        const intake = catalogue.intake;
        const retired = await as(server, admin, 'POST', '/api/v1/services', {
            code: 'retired-intake', agency: intake.agency.code,
            name: { en: 'Old intake', nl: 'Oude intake' },
            description: intake.description, minutes: 15,
            extraMinutesPerPerson: 5, prerequisites: [], documents: [],
            bookableBy: ['public', 'sponsor', 'frontdesk'],
            rescheduleAllowed: true, active: false,
        });
        assert.equal(retired.status, 201, retired.text);
        const q = (rest) => `/api/v1/availability?${rest}`;
        const good = `location=${LOCATION}&date=${date}`;
        const cases = [
            ['no location', q(`date=${date}&services=intake`), 'location'],
            ['location a word', q(`location=abc&date=${date}&services=intake`),
                'location'],
            ['location 0', q(`location=0&date=${date}&services=intake`),
                'location'],
            ['location -1', q(`location=-1&date=${date}&services=intake`),
                'location'],
            ['location 1.5', q(`location=1.5&date=${date}&services=intake`),
                'location'],
            ['an unknown location',
                q(`location=99999&date=${date}&services=intake`), 'location'],
            ['no date', q(`location=${LOCATION}&services=intake`), 'date'],
            ['an empty date', q(`location=${LOCATION}&date=&services=intake`),
                'date'],
            ['February 30', q(`location=${LOCATION}&date=${date.slice(0, 4)}` +
                '-02-30&services=intake'), 'date'],
            ['month 13', q(`location=${LOCATION}&date=${date.slice(0, 4)}` +
                '-13-01&services=intake'), 'date'],
            ['a date without zeros', q(`location=${LOCATION}&date=` +
                `${Number(date.slice(0, 4))}-1-5&services=intake`), 'date'],
            ['a word for a date', q(`location=${LOCATION}&date=tomorrow` +
                '&services=intake'), 'date'],
            ['a date with a time', q(`location=${LOCATION}&date=${date}` +
                'T10:00&services=intake'), 'date'],
            ['a date in the past', q(`location=${LOCATION}&date=` +
                `${addDays(today, -2)}&services=intake`), 'date'],
            ['a date beyond 120 days', q(`location=${LOCATION}&date=` +
                `${addDays(today, DAYS_AHEAD + 5)}&services=intake`), 'date'],
            ['no services', q(good), 'services'],
            ['empty services', q(`${good}&services=`), 'services'],
            ['an unknown service', q(`${good}&services=passport`), 'services'],
            ['an unknown one among known ones',
                q(`${good}&services=intake,passport`), 'services'],
            ['a code in capitals', q(`${good}&services=Intake`), 'services'],
            ['an inactive service', q(`${good}&services=retired-intake`),
                'services'],
            ['a service not for the public',
                q(`${good}&services=intake,brp-registration`), 'services'],
            ['a service twice', q(`${good}&services=intake,intake`),
                'services'],
            ['a trailing comma', q(`${good}&services=intake,`), 'services'],
            ['a leading comma', q(`${good}&services=,intake`), 'services'],
            ['two commas', q(`${good}&services=intake,,ind-collect`),
                'services'],
            ['a very long code', q(`${good}&services=${'a'.repeat(300)}`),
                'services'],
            ['persons 0', q(`${good}&services=intake&persons=0`), 'persons'],
            ['persons 11', q(`${good}&services=intake&persons=11`), 'persons'],
            ['persons abc', q(`${good}&services=intake&persons=abc`), 'persons'],
            ['persons -1', q(`${good}&services=intake&persons=-1`), 'persons'],
            ['persons 1.5', q(`${good}&services=intake&persons=1.5`), 'persons'],
            ['persons empty', q(`${good}&services=intake&persons=`), 'persons'],
            ['from after to', q(`location=${LOCATION}&from=${addDays(date, 5)}` +
                `&to=${date}&services=intake`), 'to'],
            ['a range of 32 days', q(`location=${LOCATION}&from=${date}` +
                `&to=${addDays(date, 31)}&services=intake`), 'to'],
            ['a range of a year', q(`location=${LOCATION}&from=${date}` +
                `&to=${addDays(date, 365)}&services=intake`), 'to'],
            ['from without to', q(`location=${LOCATION}&from=${date}` +
                '&services=intake'), 'to'],
            ['to without from', q(`location=${LOCATION}&to=${date}` +
                '&services=intake'), 'from'],
            ['a bad from', q(`location=${LOCATION}&from=someday&to=${date}` +
                '&services=intake'), 'from'],
            ['a bad to', q(`location=${LOCATION}&from=${date}&to=2026-02-31` +
                '&services=intake'), 'to'],
            ['date and a range', q(`${good}&from=${date}&to=${date}` +
                '&services=intake'), 'date'],
            ['a range wholly beyond the horizon', q(`location=${LOCATION}` +
                `&from=${addDays(today, DAYS_AHEAD + 2)}` +
                `&to=${addDays(today, DAYS_AHEAD + 9)}&services=intake`),
            /^(from|to)$/],
        ];
        for (const [label, url, field] of cases) {
            await t.test(label, async () => {
                assertInvalid(await api(server.url, 'GET', url), field);
            });
        }
        await t.test('several bad parameters are named together', async () => {
            const res = await api(server.url, 'GET',
                q('location=x&date=never&services=intake&persons=0'));
            assertInvalid(res, ['location', 'date', 'persons']);
        });
    });
});

// ------------------------------------------------------------ booking

/** A booking as staff read it, without what only staff see: the ticks of
 *  the documents checked and the counts of those still missing. */
function withoutChecks(b) {
    const copy = structuredClone(b);
    delete copy.documentsMissing;
    for (const p of copy.documentsPerPerson) {
        delete p.missing;
        for (const s of p.services) {
            for (const item of s.items) {
                delete item.checked;
                delete item.checkedBy;
                delete item.checkedAt;
            }
        }
    }
    return copy;
}

describe('booking', () => {
    test('an option books all its legs and reads back with its token', async () => {
        const date = takeDate();
        const services = ['intake', 'ind-collect'];
        const av = await availability(server, null, date, services.join(','));
        const option = av.options[1];
        const who = person('Token', { phone: '+31 6 1234 5678', language: 'nl' });
        const res = await postBooking(server, null, { option: option.token, ...who });
        assert.equal(res.status, 201, res.text);
        const b = res.json;
        checkBooking(b, { date, services, who, channel: 'public' });
        assert.deepEqual(legKeys(b), legKeys(option), 'the legs of the option');
        assert.equal(b.arrival, option.arrival);
        assert.equal(b.departure, option.departure);
        assert.equal(b.groupId, null);
        assert.equal(res.headers.get('location'), `/api/v1/bookings/${b.code}`);
        assert.equal(typeof b.token, 'string');
        assert.ok(b.token.length >= 20, 'a long token');
        assert.equal(b.manageUrl, `/booking.html#code=${b.code}&token=${b.token}`);

        // Read back with the token: the same, without token and link.
        const back = await getBooking(server, b.code, b.token);
        assert.equal(back.status, 200, back.text);
        assert.deepEqual(back.json, withoutToken(b));
        // Staff read it without the token, and see which documents are
        // still to be checked.
        for (const staff of [frontdesk, officer, admin]) {
            const s = await getBooking(server, b.code, null, staff);
            assert.equal(s.status, 200, s.text);
            assert.equal(s.json.documentsMissing, 5);
            assert.deepEqual(withoutChecks(s.json), withoutToken(b));
        }
        // Without the token (or with another) it does not exist, also for
        // an employer who did not make it.
        const wrong = b.token.slice(0, -2) + (b.token.endsWith('xx') ? 'yy' : 'xx');
        for (const [token, session] of [[null, null], [wrong, null],
            ['', null], [null, employer], [wrong, employer],
            ['x'.repeat(500), null]]) {
            assertProblem(await getBooking(server, b.code, token, session), 404,
                'not-found');
        }
        for (const code of ['ZZZZZZZZ', b.code.toLowerCase(), `${b.code}A`,
            b.code.slice(0, 7), 'A'.repeat(64)]) {
            assertProblem(await getBooking(server, code, b.token), 404);
        }
        // In the staff day list, on the desks of the option.
        const list = await dayList(server, frontdesk, date);
        assert.equal(list.location, LOCATION);
        assert.equal(list.date, date);
        assert.deepEqual(dayLegsOf(list, b.code), legKeys(b));
        for (const desk of list.desks) {
            for (const l of desk.legs.filter((x) => x.booking === b.code)) {
                assert.equal(l.name, who.givenNames);
                assert.equal(l.surname, who.surname);
                assert.equal(l.persons, 1);
                const leg = b.legs.find((x) => x.desk.code === desk.code);
                assert.equal(desk.id, leg.desk.id);
                assert.deepEqual(desk.name, leg.desk.name);
            }
        }
    });

    test('legs book an itinerary too; the channel follows the caller', async () => {
        const date = takeDate();
        const made = [];
        // The front desk books intake and brp-registration for two persons.
        const fdWho = person('Desk');
        let res = await postBooking(server, frontdesk, {
            location: LOCATION, date, persons: 2,
            legs: [
                { service: 'brp-registration', desk: 'brp-2', startsAt: '10:30' },
                { service: 'intake', desk: 'intake-2', startsAt: '10:00' },
            ],
            sponsorKvk: '12345678',
            ...fdWho,
        });
        assert.equal(res.status, 201, res.text);
        checkBooking(res.json, { date, persons: 2, who: fdWho,
            services: ['intake', 'brp-registration'], channel: 'frontdesk' });
        assert.deepEqual(legKeys(res.json), [
            'brp-registration@brp-2 10:30-11:00', 'intake@intake-2 10:00-10:20']);
        assert.equal(res.json.arrival, '10:00');
        assert.equal(res.json.departure, '11:00');
        made.push(res.json);

        // An employer books for an employee, and sees it without a token.
        const empWho = person('Sponsored');
        res = await postBooking(server, employer, {
            location: LOCATION, date,
            legs: [
                { service: 'intake', desk: 'intake-1', startsAt: '14:00' },
                { service: 'brp-registration', desk: 'brp-1', startsAt: '14:20' },
                { service: 'ind-sticker', desk: 'ind-2', startsAt: '15:00' },
            ],
            ...empWho,
        });
        assert.equal(res.status, 201, res.text);
        checkBooking(res.json, { date, who: empWho, channel: 'sponsor',
            services: ['intake', 'brp-registration', 'ind-sticker'] });
        made.push(res.json);
        const mine = await getBooking(server, res.json.code, null, employer);
        assert.equal(mine.status, 200, mine.text);
        assert.deepEqual(mine.json, withoutToken(res.json));

        // The public, with a time in the afternoon.
        const pubWho = person('Public');
        res = await postBooking(server, null, {
            location: LOCATION, date, persons: 1,
            legs: [{ service: 'ind-return-visa', desk: 'ind-1', startsAt: '13:00' }],
            ...pubWho,
        });
        assert.equal(res.status, 201, res.text);
        checkBooking(res.json, { date, who: pubWho, channel: 'public',
            services: ['ind-return-visa'] });
        assert.deepEqual(legKeys(res.json), ['ind-return-visa@ind-1 13:00-13:15']);
        made.push(res.json);

        // Every leg of every booking is in the day list, and nothing else.
        const list = await dayList(server, officer, date);
        assertNoOverlaps(list);
        for (const b of made) {
            assert.deepEqual(dayLegsOf(list, b.code), legKeys(b), b.code);
        }
        assert.equal(dayLines(list).length,
            made.reduce((n, b) => n + b.legs.length, 0));
    });

    test('the day list: staff only, with a location and a date', async () => {
        const date = takeDate();
        const empty = await dayList(server, frontdesk, date);
        assert.deepEqual(empty, { location: LOCATION, date, desks: [] });
        const url = (q) => `/api/v1/bookings${q}`;
        assertProblem(await api(server.url, 'GET',
            url(`?location=${LOCATION}&date=${date}`)), 401);
        assertProblem(await as(server, employer, 'GET',
            url(`?location=${LOCATION}&date=${date}`)), 403);
        assertInvalid(await as(server, frontdesk, 'GET',
            url(`?location=${LOCATION}`)), 'date');
        assertInvalid(await as(server, frontdesk, 'GET', url(`?date=${date}`)),
            'location');
        assertInvalid(await as(server, frontdesk, 'GET',
            url(`?location=${LOCATION}&date=2026-02-30`)), 'date');
        assertInvalid(await as(server, frontdesk, 'GET',
            url(`?location=abc&date=${date}`)), 'location');
        assertProblem(await as(server, frontdesk, 'GET',
            url(`?location=99999&date=${date}`)), 404);
    });

    test('an Idempotency-Key replays the booking with a new token', async () => {
        const date = takeDate();
        const av = await availability(server, null, date, 'intake');
        const who = person('Retry');
        const body = { option: av.options[2].token, ...who };
        const key = `retry-${process.pid}-${Date.now()}`;
        const first = await postBooking(server, null, body,
            { 'Idempotency-Key': key });
        assert.equal(first.status, 201, first.text);
        assert.equal(first.headers.get('idempotent-replayed'), null);
        const again = await postBooking(server, null, body,
            { 'Idempotency-Key': key });
        assert.equal(again.status, 201, again.text);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal(again.json.code, first.json.code);
        assert.equal(again.headers.get('location'),
            `/api/v1/bookings/${first.json.code}`);
        assert.notEqual(again.json.token, first.json.token, 'a new token');
        assert.deepEqual(legKeys(again.json), legKeys(first.json));
        // The first token stopped working; the new one works.
        assertProblem(await getBooking(server, first.json.code,
            first.json.token), 404);
        const back = await getBooking(server, first.json.code, again.json.token);
        assert.equal(back.status, 200, back.text);
        assert.equal(back.json.status, 'booked');

        // The same key with another body is refused, and books nothing.
        const before = await snapshot([date]);
        const others = [
            { ...body, surname: 'Someone-Else' },
            { ...body, option: av.options[3].token },
            { option: av.options[2].token, ...person('Other') },
        ];
        for (const other of others) {
            assertProblem(await postBooking(server, null, other,
                { 'Idempotency-Key': key }), 422, 'idempotency-key-reused');
        }
        // A key only says "the same request": a new key books anew (here a
        // slot taken by the first).
        assertProblem(await postBooking(server, null, body,
            { 'Idempotency-Key': `${key}-2` }), 409, 'slot-taken');
        assert.deepEqual(await snapshot([date]), before);
        // One booking: its legs once in the day list.
        const list = await dayList(server, frontdesk, date);
        assert.ok(dayLines(list).every((l) => l.startsWith(`${first.json.code} `)),
            `only the one booking: ${dayLines(list)}`);
        assert.deepEqual(dayLegsOf(list, first.json.code), legKeys(first.json));

        // Bad keys are refused before anything is looked at.
        for (const bad of ['x'.repeat(256), 'two words']) {
            assertProblem(await postBooking(server, null,
                { option: av.options[4].token, ...person() },
                { 'Idempotency-Key': bad }), 400);
        }
        assert.deepEqual(await snapshot([date]), before);
    });

    test('a slot taken meanwhile: 409 with fresh options that can be booked', async () => {
        const date = takeDate();
        const av = await availability(server, null, date, 'intake');
        const option = av.options[0];
        const winner = await book(server, null, { option: option.token });
        const taken = legKeys(winner);

        const before = await snapshot([date]);
        const tries = [
            ['the same option', { option: option.token }],
            ['the same legs', { location: LOCATION, date,
                legs: legsForm(option) }],
            ['legs overlapping it by 10 minutes', { location: LOCATION, date,
                legs: [{ service: 'intake', desk: option.legs[0].desk.code,
                    startsAt: hhmm(minutes(option.legs[0].startsAt) + 5) }] }],
        ];
        let fresh;
        for (const [label, itinerary] of tries) {
            const res = await postBooking(server, null,
                { ...itinerary, ...person('Loser') });
            const p = assertProblem(res, 409, 'slot-taken');
            assert.ok(Array.isArray(p.options) && p.options.length > 0,
                `${label}: fresh options`);
            for (const opt of p.options) {
                checkOption(opt, date, 1, ['intake']);
                const desk = opt.legs[0].desk.code;
                const from = minutes(opt.legs[0].startsAt);
                const to = minutes(opt.legs[0].endsAt);
                for (const l of winner.legs.filter((w) => w.desk.code === desk)) {
                    assert.ok(to <= minutes(l.startsAt) ||
                        from >= minutes(l.endsAt),
                    `${label}: ${legKey(opt.legs[0])} is free of ${taken}`);
                }
            }
            fresh = p.options;
        }
        assert.deepEqual(await snapshot([date]), before, 'nothing booked');
        // Every fresh option can be booked.
        for (const opt of fresh) {
            const b = await book(server, null, { option: opt.token });
            assert.deepEqual(legKeys(b), legKeys(opt));
        }
        const list = await dayList(server, frontdesk, date);
        assertNoOverlaps(list);
        assert.deepEqual(dayLegsOf(list, winner.code), taken);
    });

    test('cancelling frees the slots; a second cancel is 409 gone', async () => {
        const date = takeDate();
        const av = await availability(server, null, date, 'intake,ind-collect');
        const option = av.options[0];
        const who = person('Cancel');
        const b = await book(server, null, { option: option.token }, who);
        const after = await availability(server, null, date, 'intake,ind-collect');
        assert.ok(!after.options.some((o) => o.token === option.token),
            'a booked option is not offered');

        // Not without the token.
        assertProblem(await as(server, null, 'DELETE',
            `/api/v1/bookings/${b.code}`), 404);
        assertProblem(await as(server, employer, 'DELETE',
            `/api/v1/bookings/${b.code}`), 404);
        const del = await as(server, null, 'DELETE', `/api/v1/bookings/${b.code}`,
            undefined, { 'Booking-Token': b.token });
        assert.equal(del.status, 200, del.text);
        checkBooking(del.json, { date, who, channel: 'public', status: 'cancelled',
            services: ['intake', 'ind-collect'] });
        assert.equal(del.json.code, b.code);

        // Read back as cancelled; gone from the day list.
        const back = await getBooking(server, b.code, b.token);
        assert.equal(back.status, 200);
        assert.equal(back.json.status, 'cancelled');
        assert.deepEqual(dayLegsOf(await dayList(server, frontdesk, date), b.code),
            []);
        // Offered again, and bookable by someone else.
        const again = await availability(server, null, date, 'intake,ind-collect');
        assert.ok(again.options.some((o) => o.token === option.token),
            'the freed option is offered again');
        const other = await book(server, null, { option: option.token });
        assert.deepEqual(legKeys(other), legKeys(b));

        // Cancelled: no second cancel, no move, no calendar.
        const hdr = { 'Booking-Token': b.token };
        assertProblem(await as(server, null, 'DELETE',
            `/api/v1/bookings/${b.code}`, undefined, hdr), 409, 'gone');
        assertProblem(await as(server, frontdesk, 'DELETE',
            `/api/v1/bookings/${b.code}`), 409, 'gone');
        const move = await availability(server, null, date, 'intake,ind-collect');
        assertProblem(await as(server, null, 'PUT',
            `/api/v1/bookings/${b.code}/itinerary`,
            { option: move.options[0].token }, hdr), 409, 'gone');
        assertProblem(await as(server, null, 'GET',
            `/api/v1/bookings/${b.code}/calendar`, undefined, hdr), 409, 'gone');
        assert.deepEqual(dayLegsOf(await dayList(server, frontdesk, date),
            other.code), legKeys(other));

        // Staff cancel without the token.
        const staff = await as(server, frontdesk, 'DELETE',
            `/api/v1/bookings/${other.code}`);
        assert.equal(staff.status, 200, staff.text);
        assert.equal(staff.json.status, 'cancelled');
        assert.deepEqual(dayLines(await dayList(server, frontdesk, date)), []);
    });
});

// ------------------------------------------------------------ reschedule

describe('rescheduling', () => {
    test('an intake moves atomically to a free itinerary', async () => {
        const date = takeDate();
        const av = await availability(server, null, date, 'intake', 2);
        const [o1, o2, o3] = av.options;
        const who = person('Mover');
        const b = await postBooking(server, null, {
            option: o1.token, ...who });
        assert.equal(b.status, 201, b.text);
        const { code, token } = b.json;
        const hdr = { 'Booking-Token': token };
        const put = (body, h = hdr, session = null) => as(server, session, 'PUT',
            `/api/v1/bookings/${code}/itinerary`, body, h);

        let res = await put({ option: o2.token });
        assert.equal(res.status, 200, res.text);
        checkBooking(res.json, { date, persons: 2, who, channel: 'public',
            services: ['intake'] });
        assert.equal(res.json.code, code);
        assert.deepEqual(legKeys(res.json), legKeys(o2));
        assert.equal(res.json.token, undefined, 'the token is not shown again');
        assert.ok(res.json.updatedAt >= b.json.updatedAt);
        let list = await dayList(server, frontdesk, date);
        assert.deepEqual(dayLegsOf(list, code), legKeys(o2));
        // The old slot is free again.
        const freed = await book(server, null, { option: o1.token });
        assert.deepEqual(legKeys(freed), legKeys(o1));

        // A move that overlaps its own slots is fine: they count as free.
        const start = minutes(o2.legs[0].startsAt) + 5;
        res = await put({ location: LOCATION, date, persons: 2, legs: [
            { service: 'intake', desk: o2.legs[0].desk.code,
                startsAt: hhmm(start) }] });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(legKeys(res.json), [`intake@${o2.legs[0].desk.code} ` +
            `${hhmm(start)}-${hhmm(start + 20)}`]);
        const moved = legKeys(res.json);

        // Onto a taken itinerary: 409, and the booking keeps its own.
        const holder = await book(server, null, { option: o3.token });
        const before = await snapshot([date]);
        for (const body of [{ option: o3.token },
            { location: LOCATION, date, persons: 2, legs: legsForm(o3) }]) {
            const p = assertProblem(await put(body), 409, 'slot-taken');
            assert.ok(Array.isArray(p.options) && p.options.length > 0);
            for (const opt of p.options) {
                checkOption(opt, date, 2, ['intake']);
            }
        }
        assert.deepEqual(await snapshot([date]), before);
        assert.deepEqual(legKeys((await getBooking(server, code, token)).json),
            moved);
        assert.deepEqual(legKeys((await getBooking(server, holder.code,
            holder.token)).json), legKeys(o3));

        // To another date: the whole booking moves.
        const other = takeDate();
        const there = await availability(server, null, other, 'intake', 2);
        res = await put({ option: there.options[0].token });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.date, other);
        assert.deepEqual(dayLegsOf(await dayList(server, frontdesk, date), code),
            []);
        assert.deepEqual(dayLegsOf(await dayList(server, frontdesk, other), code),
            legKeys(there.options[0]));

        // Not another booking: other services, persons, no token.
        const snap = await snapshot([date, other]);
        const bad = [
            [{ location: LOCATION, date: other, persons: 1,
                legs: legsForm(there.options[1]) }, 'legs'],
            [{ location: LOCATION, date: other, persons: 2,
                legs: [...legsForm(there.options[1]), { service: 'ind-collect',
                    desk: 'ind-1', startsAt: '16:00' }] }, 'legs'],
            [{ option: (await availability(server, null, other,
                'intake,ind-collect', 2)).options[0].token }, 'option'],
            [{ option: 'not-a-token' }, 'option'],
            [{ option: there.options[1].token, persons: 2 }, 'persons'],
            [{}, /^(option|legs)$/],
        ];
        for (const [body, field] of bad) {
            assertInvalid(await put(body), field);
        }
        assertProblem(await put({ option: there.options[1].token }, {}), 404);
        assertProblem(await put({ option: there.options[1].token },
            { 'Booking-Token': 'nope' }), 404);
        assert.deepEqual(await snapshot([date, other]), snap);
        // Staff move it without the token.
        res = await put({ option: there.options[1].token }, {}, frontdesk);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(legKeys(res.json), legKeys(there.options[1]));
        list = await dayList(server, frontdesk, other);
        assertNoOverlaps(list);
    });

    test('IND appointments cannot be moved by the visitor; staff can', async () => {
        const date = takeDate();
        for (const services of ['ind-collect', 'intake,ind-biometrics']) {
            const av = await availability(server, null, date, services);
            const b = await book(server, null, { option: av.options[0].token });
            assert.equal(b.canReschedule, false);
            const before = await snapshot([date]);
            const res = await as(server, null, 'PUT',
                `/api/v1/bookings/${b.code}/itinerary`,
                { option: av.options[1].token }, { 'Booking-Token': b.token });
            assertProblem(res, 403, 'reschedule-not-allowed');
            // The employer is no staff either.
            assertProblem(await as(server, employer, 'PUT',
                `/api/v1/bookings/${b.code}/itinerary`,
                { option: av.options[1].token }, { 'Booking-Token': b.token }),
            403, 'reschedule-not-allowed');
            assert.deepEqual(await snapshot([date]), before);
            assert.deepEqual(legKeys((await getBooking(server, b.code,
                b.token)).json), legKeys(b));

            const staff = await as(server, frontdesk, 'PUT',
                `/api/v1/bookings/${b.code}/itinerary`,
                { option: av.options[1].token });
            assert.equal(staff.status, 200, staff.text);
            assert.deepEqual(legKeys(staff.json), legKeys(av.options[1]));
            assert.deepEqual(dayLegsOf(await dayList(server, frontdesk, date),
                b.code), legKeys(av.options[1]));
        }
    });
});

// ------------------------------------------------------------ groups

describe('group bookings', () => {
    const member = (services, extra = {}) =>
        ({ ...person('Member'), services, ...extra });

    test('an employer books a group; it reads back and cancels as one', async () => {
        const date = takeDate();
        const members = [
            member('intake'),
            member('intake,brp-registration', { persons: 2, language: 'nl',
                phone: '+31 43 000 0000' }),
            member('ind-collect'),
            member('intake,ind-biometrics', { persons: 3 }),
        ];
        const res = await as(server, employer, 'POST', '/api/v1/booking-groups',
            { location: LOCATION, date, members });
        assert.equal(res.status, 201, res.text);
        const g = res.json;
        assert.match(g.code, CODE);
        assert.equal(g.location, LOCATION);
        assert.equal(g.date, date);
        assert.match(g.createdAt, ISO_INSTANT);
        assert.equal(res.headers.get('location'), `/api/v1/booking-groups/${g.code}`);
        assert.equal(g.bookings.length, members.length);
        const groupId = g.bookings[0].groupId;
        assert.ok(Number.isInteger(groupId), 'bookings name their group');
        const list = await dayList(server, frontdesk, date);
        assertNoOverlaps(list);
        for (const b of g.bookings) {
            const m = members.find((x) => x.givenNames === b.person.givenNames);
            assert.ok(m, `a member's booking: ${b.person.givenNames}`);
            const { services, ...who } = m;
            checkBooking(b, { date, persons: m.persons || 1, who,
                channel: 'sponsor', services: services.split(',') });
            assert.equal(b.groupId, groupId);
            assert.equal(b.manageUrl, `/booking.html#code=${b.code}&token=${b.token}`);
            const back = await getBooking(server, b.code, b.token);
            assert.equal(back.status, 200, back.text);
            assert.deepEqual(back.json, withoutToken(b));
            assert.deepEqual(dayLegsOf(list, b.code), legKeys(b));
        }

        // Read back by the employer and the staff, without tokens.
        for (const session of [employer, frontdesk, officer, admin]) {
            const r = await as(server, session, 'GET',
                `/api/v1/booking-groups/${g.code}`);
            assert.equal(r.status, 200, r.text);
            assert.equal(r.json.code, g.code);
            assert.deepEqual(r.json.bookings.map((b) => b.code).sort(),
                g.bookings.map((b) => b.code).sort());
            assert.ok(r.json.bookings.every((b) => b.token === undefined));
            assert.deepEqual(r.json.bookings.map(withoutToken)
                .sort((a, b) => a.code.localeCompare(b.code)),
            g.bookings.map(withoutToken)
                .sort((a, b) => a.code.localeCompare(b.code)));
        }
        assertProblem(await api(server.url, 'GET',
            `/api/v1/booking-groups/${g.code}`), 401);
        assertProblem(await as(server, employer, 'GET',
            '/api/v1/booking-groups/ZZZZZZZZ'), 404);
        assertProblem(await as(server, frontdesk, 'GET',
            '/api/v1/booking-groups/ZZZ'), 404);
        // A member's booking is not a group.
        assertProblem(await as(server, frontdesk, 'GET',
            `/api/v1/booking-groups/${g.bookings[0].code}`), 404);

        // Cancel the whole group.
        const del = await as(server, employer, 'DELETE',
            `/api/v1/booking-groups/${g.code}`);
        assert.equal(del.status, 200, del.text);
        assert.equal(del.json.code, g.code);
        assert.equal(del.json.bookings.length, members.length);
        assert.ok(del.json.bookings.every((b) => b.status === 'cancelled'));
        assert.deepEqual(dayLines(await dayList(server, frontdesk, date)), []);
        for (const b of g.bookings) {
            const back = await getBooking(server, b.code, b.token);
            assert.equal(back.json.status, 'cancelled');
        }
        // A second cancel changes nothing (the server answers 200 with the
        // cancelled group, or 409 gone).
        const again = await as(server, frontdesk, 'DELETE',
            `/api/v1/booking-groups/${g.code}`);
        if (again.status === 200) {
            assert.ok(again.json.bookings.every((b) => b.status === 'cancelled'));
        } else {
            assertProblem(again, 409, 'gone');
        }
    });

    test('a group that does not fit books nobody', async () => {
        const date = takeDate();
        // Someone already there, so that "nothing changed" has content.
        const early = await book(server, null, { location: LOCATION, date,
            legs: [{ service: 'intake', desk: 'intake-1', startsAt: '09:00' }] });
        // Twenty families of ten need 20 hours of intake: two desks have
        // about 14 hours in a day. The first ones would fit.
        const members = Array.from({ length: 20 }, () =>
            member('intake', { persons: 10 }));
        const before = await snapshot([date]);
        const res = await as(server, frontdesk, 'POST', '/api/v1/booking-groups',
            { location: LOCATION, date, members });
        assertInvalid(res, /^members\[\d+\]$/);
        assert.deepEqual(await snapshot([date]), before, 'nobody was booked');
        assert.equal(before[date].length, 1);
        assert.equal((await getBooking(server, early.code, early.token)).json
            .status, 'booked');
        // A member whose services are on no desk that day.
        const monday = nextMonday();
        const mondayBefore = await snapshot([monday]);
        const ind = await as(server, employer, 'POST', '/api/v1/booking-groups', {
            location: LOCATION, date: monday,
            members: [member('intake'), member('ind-collect')],
        });
        assertInvalid(ind, /^members\[\d+\]$/);
        assert.deepEqual(await snapshot([monday]), mondayBefore);
    });

    test('earliest books the group on the first date where it fits', async () => {
        // A Monday late in the horizon, whose week no other test books in.
        let monday = indDates[indDates.length - 6];
        while (weekday(monday) !== 1) {
            monday = addDays(monday, -1);
        }
        const members = [member('intake,ind-collect'), member('ind-sticker')];
        const res = await as(server, employer, 'POST', '/api/v1/booking-groups',
            { location: LOCATION, date: monday, earliest: true, members });
        assert.equal(res.status, 201, res.text);
        const g = res.json;
        assert.ok(g.date > monday, `a later date: ${g.date}`);
        assert.ok(IND_DAYS.includes(weekday(g.date)), `an IND day: ${g.date}`);
        const closed = await closedDates(server, monday, g.date);
        assert.ok(!closed.has(g.date));
        // The first such date: nothing between Monday and it was open.
        for (let d = addDays(monday, 1); d < g.date; d = addDays(d, 1)) {
            assert.ok(!IND_DAYS.includes(weekday(d)) || closed.has(d),
                `${d} would have fitted`);
        }
        const list = await dayList(server, frontdesk, g.date);
        for (const b of g.bookings) {
            assert.equal(b.date, g.date);
            assert.deepEqual(dayLegsOf(list, b.code), legKeys(b));
        }
    });

    test('an Idempotency-Key replays a group with new tokens', async () => {
        const date = takeDate();
        const body = { location: LOCATION, date,
            members: [member('intake'), member('intake')] };
        const key = `group-${process.pid}-${Date.now()}`;
        const first = await as(server, frontdesk, 'POST',
            '/api/v1/booking-groups', body, { 'Idempotency-Key': key });
        assert.equal(first.status, 201, first.text);
        const again = await as(server, frontdesk, 'POST',
            '/api/v1/booking-groups', body, { 'Idempotency-Key': key });
        assert.equal(again.status, 201, again.text);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal(again.json.code, first.json.code);
        const codes = (g) => g.bookings.map((b) => b.code).sort();
        assert.deepEqual(codes(again.json), codes(first.json));
        for (const b of again.json.bookings) {
            const old = first.json.bookings.find((x) => x.code === b.code);
            assert.notEqual(b.token, old.token);
            assert.equal((await getBooking(server, b.code, b.token)).status, 200);
            assert.equal((await getBooking(server, b.code, old.token)).status, 404);
        }
        assertProblem(await as(server, frontdesk, 'POST', '/api/v1/booking-groups',
            { ...body, members: [member('intake')] }, { 'Idempotency-Key': key }),
        422, 'idempotency-key-reused');
        assert.equal(dayLines(await dayList(server, frontdesk, date)).length, 2);
    });

    test('bad groups are refused naming the member and field', async (t) => {
        const date = takeDate();
        const ok = () => member('intake');
        const body = (members, extra = {}) =>
            ({ location: LOCATION, date, members, ...extra });
        const cases = [
            ['no members', body([]), 'members'],
            ['members not a list', body('everyone'), 'members'],
            ['51 members', body(Array.from({ length: 51 }, ok)), 'members'],
            ['a bad e-mail', body([ok(), member('intake',
                { email: 'not-an-address' })]), 'members[1].email'],
            ['a missing e-mail', body([(({ email, ...m }) => m)(ok())]),
                'members[0].email'],
            ['a bad language', body([member('intake', { language: 'de' })]),
                'members[0].language'],
            ['an empty surname', body([member('intake', { surname: '' })]),
                'members[0].surname'],
            ['persons 11', body([member('intake', { persons: 11 })]),
                'members[0].persons'],
            ['persons a string', body([member('intake', { persons: '2' })]),
                'members[0].persons'],
            ['an unknown service', body([ok(), member('passport')]),
                'members[1].services'],
            ['a missing prerequisite', body([member('brp-registration')]),
                'members[0].services'],
            ['services a list', body([member(['intake'])]),
                'members[0].services'],
            ['an unknown member field', body([{ ...ok(), age: 30 }]),
                'members[0].age'],
            ['a member not an object', body([ok(), 'Jan']), 'members[1]'],
            ['no date', (({ date: _, ...b }) => b)(body([ok()])), 'date'],
            ['a date in the past', body([ok()], {
                date: addDays(localToday(), -2) }), 'date'],
            ['a date beyond the horizon', body([ok()], {
                date: addDays(localToday(), DAYS_AHEAD + 5) }), 'date'],
            ['an unknown location', body([ok()], { location: 99999 }),
                'location'],
            ['earliest a string', body([ok()], { earliest: 'yes' }),
                'earliest'],
            ['an unknown field', body([ok()], { priority: 'high' }),
                'priority'],
        ];
        for (const [label, b, field] of cases) {
            await t.test(label, async () => {
                const before = await snapshot([date]);
                assertInvalid(await as(server, employer, 'POST',
                    '/api/v1/booking-groups', b), field);
                assert.deepEqual(await snapshot([date]), before);
            });
        }
        await t.test('the public and officers may not book groups', async () => {
            const before = await snapshot([date]);
            assertProblem(await api(server.url, 'POST', '/api/v1/booking-groups',
                { body: body([ok()]) }), 401);
            assertProblem(await as(server, officer, 'POST',
                '/api/v1/booking-groups', body([ok()])), 403);
            assert.deepEqual(await snapshot([date]), before);
        });
    });
});

// ------------------------------------------------------------ files

describe('calendar and QR code', () => {
    /** The lines of an iCalendar text, folded lines joined. */
    function icsLines(text) {
        return text.replace(/\r\n[ \t]/g, '').split('\r\n');
    }

    test('the calendar has one event per leg in the centre\'s time zone', async () => {
        const date = takeDate();
        const av = await availability(server, null, date,
            'intake,ind-collect,ind-biometrics');
        const who = person('Calendar', { language: 'nl' });
        const b = await book(server, null, { option: av.options[0].token }, who);
        const url = `/api/v1/bookings/${b.code}/calendar`;
        const res = await as(server, null, 'GET', url, undefined,
            { 'Booking-Token': b.token });
        assert.equal(res.status, 200, res.text);
        assert.match(res.headers.get('content-type'), /^text\/calendar\b/);
        assert.match(res.headers.get('content-disposition') || '',
            new RegExp(`^attachment; filename="[^"]*${b.code}[^"]*\\.ics"$`));
        assert.ok(res.text.includes('\r\n'), 'CRLF line ends');
        const lines = icsLines(res.text);
        assert.equal(lines[0], 'BEGIN:VCALENDAR');
        assert.equal(lines.filter((l) => l !== '').at(-1), 'END:VCALENDAR');
        assert.ok(lines.includes('VERSION:2.0'));
        assert.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length,
            b.legs.length);
        assert.equal(lines.filter((l) => l === 'END:VEVENT').length,
            b.legs.length);
        const compact = date.replaceAll('-', '');
        const stamp = (t) => `${compact}T${t.replace(':', '')}00`;
        const events = res.text.split('BEGIN:VEVENT').slice(1)
            .map((e) => icsLines(e));
        for (const leg of b.legs) {
            const ev = events.find((e) => e.includes(
                `DTSTART;TZID=Europe/Amsterdam:${stamp(leg.startsAt)}`));
            assert.ok(ev, `an event starting at ${leg.startsAt}: ${res.text}`);
            assert.ok(ev.includes(
                `DTEND;TZID=Europe/Amsterdam:${stamp(leg.endsAt)}`),
            `it ends at ${leg.endsAt}`);
            assert.ok(ev.some((l) => l.startsWith('SUMMARY:') &&
                l.includes(leg.service.name.nl)), 'the service in Dutch');
            assert.ok(ev.some((l) => l.startsWith('DESCRIPTION:') &&
                l.includes(b.code)), 'the booking code');
        }
        const uids = lines.filter((l) => l.startsWith('UID:'));
        assert.equal(new Set(uids).size, b.legs.length, 'distinct UIDs');
        assert.ok(lines.some((l) => l === 'TZID:Europe/Amsterdam') ||
            res.text.includes('TZID=Europe/Amsterdam'));

        assertProblem(await as(server, null, 'GET', url), 404);
        assertProblem(await as(server, null, 'GET', url, undefined,
            { 'Booking-Token': 'wrong' }), 404);
        const staff = await as(server, frontdesk, 'GET', url);
        assert.equal(staff.status, 200);
    });

    test('the QR code is an SVG image', async () => {
        const date = takeDate();
        const b = await book(server, null, { location: LOCATION, date,
            legs: [{ service: 'intake', desk: 'intake-2', startsAt: '16:00' }] });
        const url = `/api/v1/bookings/${b.code}/qr-code`;
        const res = await as(server, null, 'GET', url, undefined,
            { 'Booking-Token': b.token });
        assert.equal(res.status, 200, res.text);
        assert.match(res.headers.get('content-type'), /^image\/svg\+xml\b/);
        assert.match(res.text, /<svg\b[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        assert.match(res.text.trim(), /<\/svg>$/);
        assert.ok(res.text.includes(b.code), 'the title names the code');
        assertProblem(await as(server, null, 'GET', url), 404);
        assertProblem(await as(server, null, 'GET',
            '/api/v1/bookings/ZZZZZZZZ/qr-code', undefined,
            { 'Booking-Token': b.token }), 404);
    });
});

// ------------------------------------------------------------ bad input

describe('bad bookings change nothing', () => {
    test('every bad body is refused naming the field', async (t) => {
        const date = takeDate();
        const monday = nextMonday();
        const today = localToday();
        // A second location, without desks.
        const loc = await as(server, admin, 'POST', '/api/v1/locations', {
            code: 'second-centre', name: { en: 'Second', nl: 'Tweede' },
            address: 'Markt 1, Maastricht', timeZone: 'Europe/Amsterdam',
            slotMinutes: 5,
        });
        assert.equal(loc.status, 201, loc.text);
        const av = await availability(server, null, date, 'intake');
        const token = av.options[0].token;
        const who = person('Bad');
        // The service ids and desk ids in tokens, from a real token.
        const [, , , legPart] = token.split('.');
        const [intakeId, deskId, startMin] = legPart.split('-');
        const indDesk = (await availability(server, null, date, 'ind-collect'))
            .options[0].legs[0].desk.id;
        const leg = (service, desk, startsAt) => ({ service, desk, startsAt });
        const legs = (...l) => ({ location: LOCATION, date, legs: l, ...who });
        const intake = (startsAt, desk = 'intake-1') =>
            leg('intake', desk, startsAt);
        const cases = [
            // Which itinerary
            ['neither option nor legs', { ...who }, /^(option|legs)$/],
            ['both option and legs', { option: token, ...legs(intake('10:00')) },
                /^(option|legs|location|date)$/],
            ['option with a location', { option: token, location: LOCATION,
                ...who }, 'location'],
            ['option with persons', { option: token, persons: 2, ...who },
                'persons'],
            ['a garbage option', { option: 'hello', ...who }, 'option'],
            ['an empty option', { option: '', ...who }, 'option'],
            ['an option a number', { option: 12, ...who }, 'option'],
            ['an option with a leading zero',
                { option: token.replace(/^1\./, '01.'), ...who }, 'option'],
            ['an option with extra text', { option: `${token}_`, ...who },
                'option'],
            ['an option of 300 characters', { option: `${token}${'_1-1-540'
                .repeat(40)}`, ...who }, 'option'],
            ['an option naming an unknown service',
                { option: `${LOCATION}.${date}.1.999-${deskId}-${startMin}`,
                    ...who }, 'option'],
            ['an option naming an unknown desk',
                { option: `${LOCATION}.${date}.1.${intakeId}-999-${startMin}`,
                    ...who }, 'option'],
            ['an option at a desk not doing the service',
                { option: `${LOCATION}.${date}.1.${intakeId}-${indDesk}-` +
                    `${startMin}`, ...who }, 'option'],
            ['an option off the grid', { option: `${LOCATION}.${date}.1.` +
                `${intakeId}-${deskId}-${Number(startMin) + 2}`, ...who },
            'option'],
            ['an option before opening', { option: `${LOCATION}.${date}.1.` +
                `${intakeId}-${deskId}-420`, ...who }, 'option'],
            ['an option for 11 persons', { option: token.replace(
                `.${date}.1.`, `.${date}.11.`), ...who }, /^(option|persons)$/],
            ['an option naming another location', {
                option: token.replace(/^1\./, `${loc.json.id}.`), ...who },
            'option'],
            ['an option naming an unknown location', {
                option: token.replace(/^1\./, '99999.'), ...who }, 'option'],
            ['an option in the past', { option: token.replace(date,
                addDays(today, -2)), ...who }, 'option'],
            ['an option beyond the horizon', { option: token.replace(date,
                addDays(today, DAYS_AHEAD + 5)), ...who }, 'option'],
            ['an option on a Monday', { option: `${LOCATION}.${monday}.1.` +
                `${(await availability(server, null, date, 'ind-collect'))
                    .options[0].token.split('.')[3]}`, ...who }, 'option'],
            // Legs that do not fit
            ['an unknown service', legs(leg('passport', 'intake-1', '10:00')),
                /^legs/],
            ['an inactive service', legs(leg('retired-intake', 'intake-1',
                '10:00')), /^legs/],
            ['a service not for the public', legs(intake('10:00'),
                leg('brp-registration', 'brp-1', '10:30')), /^legs/],
            ['an unknown desk', legs(intake('10:00', 'intake-9')), /^legs/],
            ['a desk not doing the service', legs(intake('10:00', 'brp-1')),
                /^legs/],
            ['a desk of another agency', legs(leg('ind-collect', 'intake-1',
                '10:00')), /^legs/],
            ['off the grid', legs(intake('10:02')), /^legs/],
            ['a time without a leading zero', legs(intake('9:00')), /^legs/],
            ['a time with seconds', legs(intake('10:00:00')), /^legs/],
            ['24:00', legs(intake('24:00')), /^legs/],
            ['25:00', legs(intake('25:00')), /^legs/],
            ['a time a number', legs(intake(600)), /^legs/],
            ['before opening', legs(intake('08:50')), /^legs/],
            ['running past closing', legs(intake('16:50')), /^legs/],
            ['in the desk\'s break', legs(intake('12:30')), /^legs/],
            ['into the desk\'s break', legs(intake('12:20')), /^legs/],
            ['an IND desk on a Monday', { ...legs(leg('ind-collect', 'ind-1',
                '10:00')), date: monday }, /^legs/],
            ['overlapping legs', legs(intake('10:00'), leg('ind-collect',
                'ind-1', '10:10')), /^legs/],
            ['the same service twice', legs(intake('10:00'),
                intake('11:00', 'intake-2')), /^legs/],
            ['a leg with an extra field', legs({ ...intake('10:00'),
                persons: 1 }), /^legs/],
            ['a leg without a desk', legs({ service: 'intake',
                startsAt: '10:00' }), /^legs/],
            ['a leg not an object', legs('intake@10:00'), /^legs/],
            ['no legs', legs(), 'legs'],
            ['nine legs', legs(...Array.from({ length: 9 }, (_, i) =>
                intake(hhmm(600 + i * 15)))), 'legs'],
            ['legs not a list', { ...legs(), legs: 'intake' }, 'legs'],
            ['legs without a date', (({ date: _, ...b }) => b)(
                legs(intake('10:00'))), 'date'],
            ['legs without a location', (({ location: _, ...b }) => b)(
                legs(intake('10:00'))), 'location'],
            ['an unknown location', { ...legs(intake('10:00')),
                location: 99999 }, 'location'],
            ['another location\'s desk', { ...legs(intake('10:00')),
                location: loc.json.id }, /^legs/],
            ['a date in the past', { ...legs(intake('10:00')),
                date: addDays(today, -2) }, 'date'],
            ['a date beyond 120 days', { ...legs(intake('10:00')),
                date: addDays(today, DAYS_AHEAD + 5) }, 'date'],
            ['a bad date', { ...legs(intake('10:00')), date: '2026-02-30' },
                'date'],
            ['a date a number', { ...legs(intake('10:00')), date: 20261210 },
                'date'],
            ['too many persons', { ...legs(intake('10:00')), persons: 11 },
                'persons'],
            ['no persons', { ...legs(intake('10:00')), persons: 0 },
                'persons'],
            ['persons a string', { ...legs(intake('10:00')), persons: '2' },
                'persons'],
            ['persons a fraction', { ...legs(intake('10:00')), persons: 1.5 },
                'persons'],
            ['location a string', { ...legs(intake('10:00')), location: '1' },
                'location'],
            // The visitor
            ['a missing email', (({ email, ...b }) => b)(legs(intake('10:00'))),
                'email'],
            ['a bad email', { ...legs(intake('10:00')), email: 'visitor' },
                'email'],
            ['an email with spaces', { ...legs(intake('10:00')),
                email: 'a b@example.org' }, 'email'],
            ['an email a list', { ...legs(intake('10:00')),
                email: ['a@example.org'] }, 'email'],
            ['a bad language', { ...legs(intake('10:00')), language: 'de' },
                'language'],
            ['a language in capitals', { ...legs(intake('10:00')),
                language: 'EN' }, 'language'],
            ['missing given names', (({ givenNames, ...b }) => b)(
                legs(intake('10:00'))), 'givenNames'],
            ['an empty surname', { ...legs(intake('10:00')), surname: '' },
                'surname'],
            ['given names a number', { ...legs(intake('10:00')),
                givenNames: 42 }, 'givenNames'],
            ['a surname of 201 characters', { ...legs(intake('10:00')),
                surname: 'x'.repeat(201) }, 'surname'],
            ['a phone of 41 characters', { ...legs(intake('10:00')),
                phone: '1'.repeat(41) }, 'phone'],
            ['a phone a number', { ...legs(intake('10:00')), phone: 31612345678 },
                'phone'],
            ['an unknown field', { ...legs(intake('10:00')), vip: true }, 'vip'],
            ['a status', { ...legs(intake('10:00')), status: 'booked' },
                'status'],
            ['a code', { ...legs(intake('10:00')), code: 'AAAAAAAA' }, 'code'],
            ['several bad fields', { ...legs(intake('10:00')), email: 'x',
                language: 'fr', vip: 1 }, ['email', 'language', 'vip']],
        ];
        const dates = [date, monday];
        for (const [label, body, field] of cases) {
            await t.test(label, async () => {
                const before = await snapshot(dates);
                const res = await postBooking(server, null, body);
                assertInvalid(res, field);
                assert.deepEqual(await snapshot(dates), before,
                    'nothing booked');
            });
        }
        await t.test('a prerequisite out of order or missing, for staff', async () => {
            const before = await snapshot(dates);
            for (const l of [
                [leg('brp-registration', 'brp-1', '10:00'), intake('10:30')],
                [leg('brp-registration', 'brp-1', '10:00'), intake('10:10')],
                [leg('brp-registration', 'brp-1', '10:00')],
            ]) {
                assertInvalid(await postBooking(server, frontdesk, legs(...l)),
                    /^legs/);
            }
            assert.deepEqual(await snapshot(dates), before);
        });
        await t.test('bodies that are not JSON objects', async () => {
            const before = await snapshot(dates);
            for (const raw of ['', 'null', '[]', '"option"', '{"option":',
                '{"option": "x", "option": "y"}', 'option=1']) {
                const res = await api(server.url, 'POST', '/api/v1/bookings',
                    { body: raw });
                assert.ok([400, 415].includes(res.status),
                    `${JSON.stringify(raw)}: ${res.status} ${res.text}`);
                assertProblem(res, res.status);
            }
            const form = await api(server.url, 'POST', '/api/v1/bookings', {
                body: `option=${token}`,
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            });
            assert.ok([400, 415].includes(form.status), form.text);
            assertProblem(form, form.status);
            assert.deepEqual(await snapshot(dates), before);
        });
        await t.test('the good body books (the cases above were bad alone)', async () => {
            const res = await postBooking(server, null, legs(intake('10:00')));
            assert.equal(res.status, 201, res.text);
        });
    });
});

// ------------------------------------------------------------ configuration

describe('booking.days_ahead and booking.lead_minutes', () => {
    let small;

    before(async () => {
        small = await startServer({ args: ['--set', 'booking.days_ahead=10',
            '--set', 'booking.lead_minutes=1440'] });
    });

    after(async () => {
        await stopAndCheck(small);
    });

    test('dates up to days_ahead can be booked, no further', async () => {
        const today = localToday();
        const url = (date) => `/api/v1/availability?location=${LOCATION}` +
            `&date=${date}&services=intake`;
        // The last date in the horizon answers (a weekend has no options).
        const last = await api(small.url, 'GET', url(addDays(today, 10)));
        assert.equal(last.status, 200, last.text);
        assertInvalid(await api(small.url, 'GET', url(addDays(today, 12))),
            'date');
        const range = await getJson(small, null,
            `/api/v1/availability?location=${LOCATION}&from=${today}` +
            `&to=${addDays(today, 20)}&services=intake`);
        assert.equal(range.days.at(-1).date, addDays(today, 10));
        let weekdayIn = addDays(today, 12);
        while (weekday(weekdayIn) > 5) {
            weekdayIn = addDays(weekdayIn, 1);
        }
        const res = await api(small.url, 'POST', '/api/v1/bookings', {
            body: { location: LOCATION, date: weekdayIn,
                legs: [{ service: 'intake', desk: 'intake-1', startsAt: '10:00' }],
                ...person() },
        });
        assertInvalid(res, 'date');
    });

    test('a lead time of a whole day leaves nothing today', async () => {
        const today = localToday();
        const av = await getJson(small, null,
            `/api/v1/availability?location=${LOCATION}&date=${today}` +
            '&services=intake');
        assert.deepEqual(av.options, []);
        assert.ok(!av.nearestDates.includes(today));
        const range = await getJson(small, null,
            `/api/v1/availability?location=${LOCATION}&from=${today}` +
            `&to=${addDays(today, 3)}&services=intake`);
        assert.deepEqual(range.days[0], { date: today, options: [] });
        const res = await api(small.url, 'POST', '/api/v1/bookings', {
            body: { location: LOCATION, date: today,
                legs: [{ service: 'intake', desk: 'intake-1', startsAt: '16:00' }],
                ...person() },
        });
        assertInvalid(res, 'legs');
    });
});

// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared helpers of the booking tests (bookings, stress, crash and the role
// matrix): dates the demo centre can be booked on, people to book, the
// staff's day list and checks over it. Not a test file itself.

import assert from 'node:assert/strict';
import { api } from '../lib/server.mjs';

/** The demo centre (src/cli/demo.c). */
export const LOCATION = 1;
/** Server defaults: booking.days_ahead. */
export const DAYS_AHEAD = 120;
/** The centre's time zone: what "today" means to the server. */
export const TIME_ZONE = 'Europe/Amsterdam';
/** Days the demo's IND desks are open (1 = Monday ... 5 = Friday). */
export const IND_DAYS = [2, 4, 5];
export const WEEKDAYS = [1, 2, 3, 4, 5];

/** Today in the centre's time zone, as YYYY-MM-DD. */
export function localToday() {
    // en-CA formats dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', {
        timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    }).format(new Date());
}

/** date plus days (both YYYY-MM-DD; calendar arithmetic, no time zone). */
export function addDays(date, days) {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
}

/** Days from a to b. */
export function daysBetween(a, b) {
    return Math.round((Date.parse(`${b}T12:00:00Z`) -
        Date.parse(`${a}T12:00:00Z`)) / 86_400_000);
}

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function weekday(date) {
    return new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
}

/** "HH:MM" as minutes of the day. */
export function minutes(hhmm) {
    const [h, m] = hhmm.split(':').map(Number);
    return h * 60 + m;
}

/** Minutes of the day as "HH:MM". */
export function hhmm(min) {
    return `${String(Math.floor(min / 60)).padStart(2, '0')}:` +
        `${String(min % 60).padStart(2, '0')}`;
}

/** The dates from..to on which the whole location is closed. */
export async function closedDates(server, from, to) {
    const res = await api(server.url, 'GET',
        `/api/v1/closures?location=${LOCATION}&from=${from}&to=${to}`);
    assert.equal(res.status, 200, `closures: ${res.status} ${res.text}`);
    return new Set(res.json.items
        .filter((c) => c.deskId === null && c.startsAt === null)
        .map((c) => c.date));
}

/**
 * Dates at least `from` days ahead (and at most `to`, the horizon by
 * default) on one of `weekdays` when the location is not closed, in order.
 */
export async function bookableDates(server, {
    from = 7, to = DAYS_AHEAD - 2, weekdays = IND_DAYS,
} = {}) {
    const today = localToday();
    const closed = await closedDates(server, addDays(today, from),
        addDays(today, to));
    const dates = [];
    for (let d = from; d <= to; d++) {
        const date = addDays(today, d);
        if (weekdays.includes(weekday(date)) && !closed.has(date)) {
            dates.push(date);
        }
    }
    return dates;
}

let people = 0;

/** A visitor's details; unique names so that the day list tells them apart. */
export function person(tag = 'Visitor', extra = {}) {
    people += 1;
    return {
        givenNames: `${tag} ${people}`,
        surname: `Tester-${process.pid}-${people}`,
        email: `visitor${people}@example.org`,
        // What the demo's eligibility rules ask (src/cli/demo.c): a home in
        // the region, and an IND letter naming the demo centre.
        residenceMunicipality: 'Maastricht',
        indLetterLocation: 'maastricht',
        ...extra,
    };
}

/** A request as the given session (null: anonymous), with extra headers. */
export function as(server, session, method, urlPath, body, headers = {}) {
    return api(server.url, method, urlPath, {
        body,
        cookie: session ? session.cookie : undefined,
        csrf: session ? session.csrf : undefined,
        headers,
    });
}

/** GET /availability for one date; fails on anything but 200. */
export async function availability(server, session, date, services,
    persons = 1) {
    const url = `/api/v1/availability?location=${LOCATION}&date=${date}` +
        `&services=${services}&persons=${persons}`;
    const res = await as(server, session, 'GET', url);
    assert.equal(res.status, 200, `GET ${url}: ${res.status} ${res.text}`);
    return res.json;
}

/** POST /bookings; resolves with the answer (any status). */
export function postBooking(server, session, body, headers = {}) {
    return as(server, session, 'POST', '/api/v1/bookings', body, headers);
}

/** Books an option (or legs body); fails unless 201. Returns the booking. */
export async function book(server, session, itinerary, who = person()) {
    const res = await postBooking(server, session, { ...itinerary, ...who });
    assert.equal(res.status, 201, `booking: ${res.status} ${res.text}`);
    return res.json;
}

/** Books the first option of services on the first of dates that has one. */
export async function bookFirst(server, session, dates, services = 'intake',
    who = person()) {
    for (const date of dates) {
        const av = await availability(server, session, date, services);
        if (av.options.length > 0) {
            return book(server, session, { option: av.options[0].token }, who);
        }
    }
    assert.fail(`no date of ${dates.join(', ')} has room for ${services}`);
}

/** The legs form of a booking or an option (codes and HH:MM). */
export function legsForm(itinerary) {
    return itinerary.legs.map((l) => ({
        service: l.service.code, desk: l.desk.code, startsAt: l.startsAt,
    }));
}

/** What identifies a leg: service, desk and times. */
export function legKey(l) {
    const service = typeof l.service === 'object' ? l.service.code : l.service;
    const desk = typeof l.desk === 'object' ? l.desk.code : l.desk;
    return `${service}@${desk} ${l.startsAt}-${l.endsAt}`;
}

/** The staff day list of a date. */
export async function dayList(server, staff, date) {
    const url = `/api/v1/bookings?location=${LOCATION}&date=${date}`;
    const res = await as(server, staff, 'GET', url);
    assert.equal(res.status, 200, `GET ${url}: ${res.status} ${res.text}`);
    return res.json;
}

/**
 * The day list as a sorted list of "code service@desk HH:MM-HH:MM" lines:
 * comparable before and after a refused request.
 */
export function dayLines(list) {
    const lines = [];
    for (const desk of list.desks) {
        for (const l of desk.legs) {
            lines.push(`${l.booking} ${l.service}@${desk.code} ` +
                `${l.startsAt}-${l.endsAt} ${l.persons}`);
        }
    }
    return lines.sort();
}

/** The legs of one booking in a day list, as legKey strings, sorted. */
export function dayLegsOf(list, code) {
    const out = [];
    for (const desk of list.desks) {
        for (const l of desk.legs) {
            if (l.booking === code) {
                out.push(legKey({ ...l, desk: desk.code }));
            }
        }
    }
    return out.sort();
}

/** The legs of a booking (or option) as legKey strings, sorted. */
export function legKeys(booking) {
    return booking.legs.map(legKey).sort();
}

/** Fails when a desk of the day list holds two legs that overlap. */
export function assertNoOverlaps(list) {
    for (const desk of list.desks) {
        const legs = desk.legs.map((l) => ({
            ...l, from: minutes(l.startsAt), to: minutes(l.endsAt),
        })).sort((a, b) => a.from - b.from);
        for (let i = 1; i < legs.length; i++) {
            assert.ok(legs[i].from >= legs[i - 1].to,
                `${desk.code} holds overlapping legs: ` +
                `${legs[i - 1].booking} ${legs[i - 1].startsAt}-` +
                `${legs[i - 1].endsAt} and ${legs[i].booking} ` +
                `${legs[i].startsAt}-${legs[i].endsAt}`);
        }
    }
}

/** GET one booking with its token; resolves with the answer. */
export function getBooking(server, code, token, session = null) {
    return as(server, session, 'GET', `/api/v1/bookings/${code}`, undefined,
        token ? { 'Booking-Token': token } : {});
}

// SPDX-License-Identifier: AGPL-3.0-or-later
// One booking as the visitor sees it, on the confirmation and on the
// "my appointment" page: the booking code (large) with its QR code, the
// date, time and place, the plan of the day leg by leg, the documents to
// bring per service and a link that downloads the calendar file.

import * as api from './api.js';
import { t, pick, formatDate } from './i18n.js';
import { el } from './dom.js';

/** Base64 of a text's UTF-8 bytes. */
function base64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    for (const b of bytes) {
        binary += String.fromCharCode(b);
    }
    return btoa(binary);
}

/**
 * The QR code and the calendar file of one booking, fetched with its
 * Booking-Token header (an <img src> or a plain link could not send it).
 * The QR code becomes a data: URL, which the page's img-src allows; the
 * calendar file a blob: URL for a link with the download attribute.
 */
export class BookingFiles {
    constructor() {
        this.qr = null;
        this.calendar = null;
        this.code = '';
    }

    async load(booking, token) {
        this.clear();
        this.code = booking.code;
        if (booking.status !== 'booked') {
            return;
        }
        const [qr, ics] = await Promise.allSettled([
            api.getBookingQr(booking.code, token),
            api.getBookingCalendar(booking.code, token),
        ]);
        if (qr.status === 'fulfilled' && /<svg\b/.test(qr.value)) {
            this.qr = `data:image/svg+xml;base64,${base64(qr.value)}`;
        }
        if (ics.status === 'fulfilled' && /^BEGIN:VCALENDAR/.test(ics.value)) {
            this.calendar = URL.createObjectURL(
                new Blob([ics.value], { type: 'text/calendar' }));
        }
    }

    clear() {
        if (this.calendar) {
            URL.revokeObjectURL(this.calendar);
        }
        this.qr = null;
        this.calendar = null;
    }
}

function heading(level, key, extra = '') {
    const h = el(`h${level}`, `nl-heading nl-heading--level-${level} ${extra}`.trim(),
        t(key));
    return h;
}

function fact(list, key, value, name) {
    const dd = el('dd', '', value);
    if (name) {
        dd.dataset.fact = name;
    }
    list.append(el('dt', '', t(key)), dd);
}

function planTable(booking) {
    const table = el('table', 'onestop-table onestop-plan');
    table.dataset.plan = '';
    table.append(el('caption', 'onestop-visually-hidden',
        t('visit.plan.caption', { date: formatDate(booking.date) })));
    const head = el('thead');
    const headRow = el('tr');
    for (const key of ['visit.plan.time', 'visit.plan.service', 'visit.plan.desk']) {
        const th = el('th', '', t(key));
        th.scope = 'col';
        headRow.append(th);
    }
    head.append(headRow);
    const body = el('tbody');
    for (const leg of booking.legs || []) {
        const row = el('tr');
        row.dataset.leg = leg.service.code;
        const time = el('th', 'onestop-plan__time',
            t('common.timeRange', { from: leg.startsAt, to: leg.endsAt }));
        time.scope = 'row';
        row.append(time, el('td', '', pick(leg.service.name)),
            el('td', '', pick(leg.desk.name)));
        body.append(row);
    }
    table.append(head, body);
    return table;
}

function documents(booking, level) {
    const nodes = [heading(level, 'visit.documents.heading')];
    const groups = (booking.documents || []).filter((g) => g.items.length);
    if (groups.length === 0) {
        nodes.push(el('p', 'nl-paragraph', t('visit.documents.none')));
        return nodes;
    }
    nodes.push(el('p', 'nl-paragraph', t('visit.documents.intro')));
    for (const group of groups) {
        const leg = (booking.legs || []).find((l) => l.service.code === group.service);
        const box = el('div', 'onestop-documents');
        box.dataset.documents = group.service;
        box.append(el(`h${level + 1}`, `nl-heading nl-heading--level-${level + 1}`,
            leg ? pick(leg.service.name) : group.service));
        const list = el('ul', 'nl-unordered-list');
        for (const item of group.items) {
            list.append(el('li', '', pick(item)));
        }
        box.append(list);
        nodes.push(box);
    }
    return nodes;
}

/**
 * Fills box with booking. files is a loaded BookingFiles; level the
 * heading level of the sections (2 on a page of its own, 3 inside a step).
 */
export function renderBooking(box, booking, files, { level = 2 } = {}) {
    const booked = booking.status === 'booked';
    const nodes = [];

    const codeBox = el('div', 'onestop-booking-code-box');
    const codeLabel = el('p', 'onestop-booking-code-box__label', t('visit.code'));
    const code = el('p', 'onestop-booking-code', booking.code);
    code.dataset.bookingCode = '';
    codeBox.append(codeLabel, code);
    if (booked && files && files.qr) {
        const img = el('img', 'onestop-qr');
        img.src = files.qr;
        img.alt = t('visit.qrAlt', { code: booking.code });
        img.dataset.qr = '';
        codeBox.append(img);
    }
    if (booked) {
        codeBox.append(el('p', 'nl-paragraph onestop-booking-code-box__hint',
            t('visit.code.hint')));
    }
    nodes.push(codeBox);

    const facts = el('dl', 'onestop-facts onestop-booking-facts');
    fact(facts, 'visit.status', t(`visit.status.${booked ? 'booked' : 'cancelled'}`),
        'status');
    fact(facts, 'visit.date', formatDate(booking.date), 'date');
    if (booking.arrival) {
        fact(facts, 'visit.time', t('visit.time.value',
            { from: booking.arrival, to: booking.departure }), 'time');
    }
    const place = el('dd');
    place.dataset.fact = 'place';
    place.append(el('span', 'onestop-booking-facts__place', pick(booking.location.name)),
        el('span', 'onestop-address', booking.location.address));
    facts.append(el('dt', '', t('visit.place')), place);
    fact(facts, 'visit.persons', String(booking.persons), 'persons');
    if (booking.person) {
        fact(facts, 'visit.name',
            `${booking.person.givenNames} ${booking.person.surname}`, 'name');
    }
    nodes.push(facts);

    nodes.push(heading(level, 'visit.plan.heading'), planTable(booking));

    if (booked) {
        nodes.push(...documents(booking, level));
        if (files && files.calendar) {
            const p = el('p', 'nl-paragraph onestop-download');
            const link = el('a', 'nl-link onestop-download__link',
                t('visit.calendar.link'));
            link.href = files.calendar;
            link.download = `onestop-${booking.code}.ics`;
            link.dataset.calendarLink = '';
            link.setAttribute('aria-describedby', 'calendar-hint');
            const hint = el('span', 'onestop-download__hint', t('visit.calendar.hint'));
            hint.id = 'calendar-hint';
            p.append(link, ' ', hint);
            nodes.push(p);
        }
    }
    box.replaceChildren(...nodes);
    box.setAttribute('aria-busy', 'false');
}

// SPDX-License-Identifier: AGPL-3.0-or-later
// The home page: the centre, its services (duration, prerequisites and the
// documents to bring), the opening hours of each desk and the upcoming
// closures. Loads once; renders again on every language change.

import { start } from './layout.js';
import * as api from './api.js';
import { t, pick, onChange, formatDate, locale } from './i18n.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** What the API answered: locations, services and per location its hours. */
const data = { locations: [], services: [], hours: new Map(), failed: false };

/** Creates an element with a class and text (either may be omitted). */
function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
        node.className = className;
    }
    if (text !== undefined && text !== null) {
        node.textContent = text;
    }
    return node;
}

function paragraph(text, extra = '') {
    return el('p', `nl-paragraph ${extra}`.trim(), text);
}

function fill(selector, ...nodes) {
    const box = document.querySelector(selector);
    box.replaceChildren(...nodes);
    box.setAttribute('aria-busy', 'false');
}

function minutes(n) {
    return t('common.minutes', { n });
}

function range(from, to) {
    return t('common.timeRange', { from, to });
}

function serviceName(code) {
    const service = data.services.find((s) => s.code === code);
    return service ? pick(service.name) : code;
}

function agencyName(code) {
    const service = data.services.find((s) => s.agency && s.agency.code === code);
    return service ? pick(service.agency.name) : code;
}

/** A time of day from 'HH:MM', 'HH:MM:SS' or an ISO 8601 date-time. */
function timeOf(value, timeZone) {
    if (value === null || value === undefined || value === '') {
        return null;
    }
    const s = String(value);
    if (/^\d{2}:\d{2}/.test(s)) {
        return s.slice(0, 5);
    }
    const local = /T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(s);
    if (local) {
        return local[1]; // a local date-time without offset
    }
    const date = new Date(s);
    if (Number.isNaN(date.getTime())) {
        return s;
    }
    return new Intl.DateTimeFormat(locale(), {
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
        timeZone: timeZone || 'Europe/Amsterdam',
    }).format(date);
}

function renderCentre() {
    if (data.locations.length === 0) {
        fill('[data-centre]', paragraph(t('home.centre.none')));
        return;
    }
    const nodes = data.locations.map((loc) => {
        const card = el('div', 'onestop-card onestop-card--centre');
        card.dataset.location = loc.code;
        card.append(el('h3', 'nl-heading nl-heading--level-3', pick(loc.name)));
        const address = el('address', 'onestop-address', loc.address);
        card.append(address);
        card.append(paragraph(
            t('home.centre.timeZone', { zone: loc.timeZone }),
            'onestop-muted'));
        return card;
    });
    fill('[data-centre]', ...nodes);
}

function renderService(service) {
    const card = el('li', 'onestop-card onestop-service');
    card.dataset.service = service.code;
    card.append(el('h3', 'nl-heading nl-heading--level-3', pick(service.name)));
    if (service.agency) {
        card.append(el('p', 'onestop-card__agency', pick(service.agency.name)));
    }
    if (service.description) {
        card.append(paragraph(pick(service.description)));
    }

    const facts = el('dl', 'onestop-facts');
    let duration = minutes(service.minutes);
    if (service.extraMinutesPerPerson > 0) {
        duration += `, ${t('home.services.perPerson',
            { n: service.extraMinutesPerPerson })}`;
    }
    facts.append(el('dt', '', t('home.services.duration')),
        el('dd', 'onestop-service__duration', duration));
    const before = (service.prerequisites || []).filter((c) => c !== service.code);
    if (before.length) {
        facts.append(el('dt', '', t('home.services.prerequisites')),
            el('dd', '', before.map(serviceName).join(', ')));
    }
    card.append(facts);

    const bookable = service.bookableBy || ['public'];
    if (!bookable.includes('public')) {
        card.append(paragraph(t(bookable.includes('employer')
            ? 'home.services.sponsorOnly' : 'home.services.staffOnly'),
        'onestop-muted'));
    }

    card.append(el('h4', 'nl-heading nl-heading--level-4',
        t('home.services.documents')));
    const docs = service.documents || [];
    if (docs.length) {
        const list = el('ul', 'nl-unordered-list onestop-service__documents');
        for (const doc of docs) {
            list.append(el('li', '', pick(doc)));
        }
        card.append(list);
    } else {
        card.append(paragraph(t('home.services.noDocuments')));
    }
    return card;
}

function renderServices() {
    if (data.services.length === 0) {
        fill('[data-services]', paragraph(t('home.services.none')));
        return;
    }
    const list = el('ul', 'onestop-card-list');
    list.append(...data.services.map(renderService));
    fill('[data-services]', list);
}

function hoursTable(desk) {
    const table = el('table', 'onestop-table onestop-hours');
    table.append(el('caption', 'onestop-visually-hidden',
        t('home.hours.desk', { desk: pick(desk.name) })));
    const head = el('thead');
    const headRow = el('tr');
    for (const key of ['home.hours.day', 'home.hours.open']) {
        const th = el('th', '', t(key));
        th.scope = 'col';
        headRow.append(th);
    }
    head.append(headRow);
    const body = el('tbody');
    for (const day of WEEKDAYS) {
        const open = (desk.hours || []).filter((h) => h.weekday === day);
        const breaks = (desk.breaks || []).filter((b) => b.weekday === day);
        const row = el('tr', open.length ? '' : 'onestop-hours__closed');
        const th = el('th', '', t(`weekday.${day}`));
        th.scope = 'row';
        const cell = el('td');
        if (open.length) {
            for (const h of open) {
                cell.append(el('span', 'onestop-hours__time',
                    range(h.opens, h.closes)));
            }
            for (const b of breaks) {
                cell.append(el('span', 'onestop-hours__break',
                    t('home.hours.break', { range: range(b.starts, b.ends) })));
            }
        } else {
            cell.textContent = t('home.hours.closed');
        }
        row.append(th, cell);
        body.append(row);
    }
    table.append(body);
    return table;
}

function renderDesk(desk, level) {
    const card = el('section', 'onestop-card onestop-desk');
    card.dataset.desk = desk.code;
    const headingId = `desk-${desk.id}`;
    card.setAttribute('aria-labelledby', headingId);
    const heading = el(`h${level}`, `nl-heading nl-heading--level-${level}`,
        pick(desk.name));
    heading.id = headingId;
    card.append(heading);
    if (desk.agency) {
        card.append(el('p', 'onestop-card__agency', agencyName(desk.agency)));
    }
    if (desk.services && desk.services.length) {
        const p = paragraph('', 'onestop-desk__services');
        p.append(el('span', 'onestop-label', `${t('home.hours.services')}: `),
            desk.services.map(serviceName).join(', '));
        card.append(p);
    }
    card.append(hoursTable(desk));
    return card;
}

function renderHours() {
    const several = data.locations.length > 1;
    const nodes = [];
    for (const loc of data.locations) {
        const hours = data.hours.get(loc.id);
        if (!hours || !hours.desks || hours.desks.length === 0) {
            continue;
        }
        if (several) {
            nodes.push(el('h3', 'nl-heading nl-heading--level-3',
                t('home.hours.location', { location: pick(loc.name) })));
        }
        const grid = el('div', 'onestop-desk-grid');
        grid.append(...hours.desks.map((d) => renderDesk(d, several ? 4 : 3)));
        nodes.push(grid);
    }
    if (nodes.length === 0) {
        nodes.push(paragraph(t('home.hours.none')));
    }
    fill('[data-hours]', ...nodes);
}

function closureTime(closure, timeZone) {
    const from = timeOf(closure.startsAt, timeZone);
    const to = timeOf(closure.endsAt, timeZone);
    if (from && to) {
        return range(from, to);
    }
    if (from) {
        return t('home.closures.from', { time: from });
    }
    if (to) {
        return t('home.closures.until', { time: to });
    }
    return t('home.closures.allDay');
}

function renderClosures() {
    const rows = [];
    for (const loc of data.locations) {
        const hours = data.hours.get(loc.id);
        for (const closure of (hours && hours.closures) || []) {
            const desk = closure.deskId === null || closure.deskId === undefined
                ? null
                : (hours.desks || []).find((d) => d.id === closure.deskId);
            let where = desk ? pick(desk.name) : t('home.closures.wholeCentre');
            if (data.locations.length > 1) {
                where = `${pick(loc.name)}: ${where}`;
            }
            rows.push({ closure, where, timeZone: loc.timeZone });
        }
    }
    if (rows.length === 0) {
        fill('[data-closures]', paragraph(t('home.closures.none')));
        return;
    }
    rows.sort((a, b) => String(a.closure.date).localeCompare(b.closure.date));
    const table = el('table', 'onestop-table onestop-closures');
    table.append(el('caption', 'onestop-visually-hidden',
        t('home.closures.caption')));
    const headRow = el('tr');
    for (const key of ['home.closures.date', 'home.closures.time',
        'home.closures.where', 'home.closures.reason']) {
        const th = el('th', '', t(key));
        th.scope = 'col';
        headRow.append(th);
    }
    const head = el('thead');
    head.append(headRow);
    const body = el('tbody');
    for (const { closure, where, timeZone } of rows) {
        const row = el('tr');
        row.dataset.closure = String(closure.id);
        const date = el('th', '', formatDate(closure.date));
        date.scope = 'row';
        row.append(date,
            el('td', '', closureTime(closure, timeZone)),
            el('td', '', where),
            el('td', '', pick(closure.reason)));
        body.append(row);
    }
    table.append(head, body);
    fill('[data-closures]', table);
}

function render() {
    const alert = document.querySelector('[data-load-error]');
    alert.hidden = !data.failed;
    alert.textContent = data.failed ? t('common.loadFailed') : '';
    if (data.failed) {
        for (const box of ['[data-centre]', '[data-services]', '[data-hours]',
            '[data-closures]']) {
            fill(box);
        }
        return;
    }
    renderCentre();
    renderServices();
    renderHours();
    renderClosures();
}

async function load() {
    const [locations, services] = await Promise.all([
        api.get('/locations'),
        api.get('/services'),
    ]);
    data.locations = (locations && locations.items) || [];
    data.services = (services && services.items) || [];
    const hours = await Promise.all(data.locations.map(
        (loc) => api.get(`/locations/${encodeURIComponent(loc.id)}/opening-hours`)));
    data.locations.forEach((loc, i) => data.hours.set(loc.id, hours[i]));
}

/** Which staff pages each role works with. */
const STAFF_PAGES = {
    'front-desk': ['frontdesk', 'admin', 'manager'],
    desk: ['officer', 'manager', 'admin'],
    display: ['frontdesk', 'officer', 'admin', 'manager'],
};

/** Shows the links to the floor pages that the signed-in role uses. */
function renderStaffLinks(session) {
    const role = session && session.user ? session.user.role : '';
    let any = false;
    for (const [page, roles] of Object.entries(STAFF_PAGES)) {
        const item = document.querySelector(`[data-staff-link="${page}"]`);
        item.hidden = !roles.includes(role);
        any = any || !item.hidden;
    }
    document.querySelector('[data-staff-links]').hidden = !any;
    const first = data.locations[0];
    if (first) {
        document.querySelector('[data-display-link]').href =
            `/display?location=${encodeURIComponent(first.id)}`;
    }
}

async function main() {
    const session = await start();
    document.addEventListener('onestop:session',
        (ev) => renderStaffLinks(ev.detail));
    try {
        await load();
    } catch {
        data.failed = true;
    }
    render();
    renderStaffLinks(session);
    onChange(render);
}

main();

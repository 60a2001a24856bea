// SPDX-License-Identifier: AGPL-3.0-or-later
// The front desk (/front-desk): checks visitors in by booking code (typed,
// or from a QR scanner, which types the code and Enter like a keyboard) or
// by name from the day's expected visitors, adds walk-ins, shows the ticket
// large after a check-in with the documents each person of the booking
// brings, to tick off as they are checked, and keeps the day's overview:
// every visitor with their state and current leg, each desk's state,
// waiting times that run.
// The overview follows the location's floor events and reloads now and
// then while they are down.

import { start, currentSession } from './layout.js';
import * as api from './api.js';
import { t, pick, onChange } from './i18n.js';
import { el, focusOn } from './dom.js';
import { showProblem, clearProblem } from './form.js';
import {
    follow, ticking, stateName, deskStateName, waitingTime, refreshWaiting,
    clockTime, deskName, serviceName, personName, problemText, floorPaths,
    currentLegOf, coalesce,
} from './floor.js';

/** Roles that work the front desk. */
const FRONT_ROLES = ['frontdesk', 'admin', 'manager'];

const q = (s) => document.querySelector(s);
const loading = q('[data-floor-loading]');
const signInNeeded = q('[data-sign-in-needed]');
const errorLine = q('[data-front-error]');
const panel = q('[data-front-panel]');
const ticketCard = q('[data-ticket-card]');
const codeForm = q('[data-code-form]');
const searchForm = q('[data-search-form]');
const searchStatus = q('[data-search-status]');
const searchResults = q('[data-search-results]');
const walkInForm = q('[data-walkin-form]');
const streamState = q('[data-stream-state]');
const visitRows = q('[data-visit-rows]');
const visitsEmpty = q('[data-visits-empty]');
const deskRows = q('[data-desk-rows]');
const docsCard = q('[data-docs-card]');
const docsMissing = q('[data-docs-missing]');
const docsError = q('[data-docs-error]');
const docsPeople = q('[data-docs-people]');

const state = {
    location: null,
    services: [],
    overview: { visits: [], desks: [] },
    ticket: null, // the visit last checked in
    found: null, // expected visitors found, or null before a search
    leaving: null, // the visit whose early departure is being confirmed
    // The documents of one booking: { code, name, answer (the API's list),
    // pending (ticks sent and not answered yet, by checkbox id), error }.
    docs: null,
    stream: 'connecting',
    errorKey: '',
};

/* ---- rendering ---- */

const docId = (person, service, document) =>
    `doc-${person}-${service}-${document}`;

/** One document to tick: a checkbox, its text in the page's language and,
 *  once ticked, who checked it and when. */
function documentChoice(person, service, item) {
    const id = docId(person, service, item.document);
    const pending = state.docs.pending.get(id);
    const box = el('input', 'nl-checkbox onestop-choice__input');
    box.type = 'checkbox';
    box.id = id;
    box.checked = pending === undefined ? item.checked === true : pending;
    box.addEventListener('change', () => tickDocument(
        { person, service, document: item.document, checked: box.checked }));
    const label = el('label', 'onestop-choice__label', pick(item.text));
    label.htmlFor = id;
    const choice = el('div', 'onestop-choice');
    choice.append(box, label);
    if (item.checked && pending === undefined) {
        choice.append(el('p', 'onestop-choice__info onestop-choice__meta',
            t('front.docs.checkedBy', { who: item.checkedBy || '',
                time: clockTime(item.checkedAt) })));
    }
    return choice;
}

/** One person's documents: a fieldset, one group per service. */
function personDocuments(p) {
    const set = el('fieldset', 'nl-fieldset');
    set.append(el('legend', 'nl-fieldset__legend',
        t('front.docs.person', { n: p.person })));
    const groups = (p.services || []).filter((g) => g.items && g.items.length);
    if (!groups.length) {
        set.append(el('p', 'nl-paragraph', t('front.docs.none')));
    }
    for (const group of groups) {
        const service = state.services.find((s) => s.code === group.service);
        const inner = el('fieldset', 'nl-fieldset onestop-floor__docs-service');
        inner.append(el('legend', 'onestop-floor__docs-legend',
            serviceName(service || group.service)),
        ...group.items.map((item) =>
            documentChoice(p.person, group.service, item)));
        set.append(inner);
    }
    return set;
}

function renderDocs() {
    const docs = state.docs;
    docsCard.hidden = !docs;
    if (!docs) {
        return;
    }
    q('[data-docs-heading]').textContent = t('front.docs.heading',
        { name: docs.name, code: docs.code });
    docsError.textContent = docs.error;
    if (!docs.answer) {
        docsMissing.textContent = '';
        docsPeople.replaceChildren();
        return;
    }
    const missing = docs.answer.missing || 0;
    docsMissing.textContent = missing > 0
        ? t('front.docs.missing', { n: missing }) : t('front.docs.allChecked');
    // Drawing anew keeps the focus where it was (on a checkbox).
    const focusedId = docsPeople.contains(document.activeElement)
        ? document.activeElement.id : '';
    docsPeople.replaceChildren(
        ...(docs.answer.documents || []).map(personDocuments));
    if (focusedId) {
        document.getElementById(focusedId)?.focus();
    }
}

function renderTicket() {
    const visit = state.ticket;
    ticketCard.hidden = !visit;
    if (!visit) {
        return;
    }
    q('[data-ticket-number]').textContent = visit.ticket;
    q('[data-ticket-who]').textContent = t('front.ticket.who',
        { name: personName(visit), n: visit.persons || 1 });
    const leg = currentLegOf(visit);
    q('[data-ticket-next]').textContent = leg
        ? t(leg.desk ? 'front.ticket.nextAt' : 'front.ticket.next', {
            service: serviceName(leg.service), desk: deskName(leg.desk) })
        : '';
}

function nowText(visit) {
    const leg = currentLegOf(visit);
    if (!leg) {
        return '';
    }
    const desk = leg.calledDesk && (leg.state === 'called' ||
        leg.state === 'serving') ? leg.calledDesk : leg.desk;
    return desk ? t('visit.leg', { service: serviceName(leg.service),
        desk: deskName(desk) }) : serviceName(leg.service);
}

/** The cell of a visitor's early departure: a button, then a question
 *  whether they really left, so that one slip ends nobody's visit. */
function departureCell(visit) {
    const cell = el('td');
    if (visit.state === 'departed' || visit.state === 'expected') {
        return cell;
    }
    const name = personName(visit);
    const button = (key, cls, onClick) => {
        const b = el('button', `nl-button ${cls}`, t(key));
        b.type = 'button';
        b.setAttribute('aria-label', t(`${key}.aria`,
            { ticket: visit.ticket, name }));
        b.addEventListener('click', onClick);
        return b;
    };
    if (state.leaving === visit.id) {
        cell.append(
            button('front.depart.confirm', 'nl-button--primary',
                () => depart(visit)),
            ' ',
            button('front.depart.keep', 'nl-button--secondary', () => {
                state.leaving = null;
                renderOverview();
                focusOn(visitRows.querySelector(
                    `[data-visit="${visit.id}"] [data-depart]`));
            }));
        return cell;
    }
    const ask = button('front.depart.ask', 'nl-button--secondary', () => {
        state.leaving = visit.id;
        renderOverview();
        focusOn(visitRows.querySelector(
            `[data-visit="${visit.id}"] button`));
    });
    ask.dataset.depart = '';
    cell.append(ask);
    return cell;
}

async function depart(visit) {
    state.leaving = null;
    try {
        await api.post(floorPaths.departure(visit.id));
        await loadOverview();
        errorLine.textContent = '';
    } catch (err) {
        renderOverview();
        errorLine.textContent = problemText(err);
    }
    focusOn(q('#overview-heading'));
}

/** The cell that opens the documents of a visitor's booking. */
function documentsCell(visit) {
    const cell = el('td');
    if (!visit.booking) {
        return cell; // a walk-in brings nothing booked
    }
    const b = el('button', 'nl-button nl-button--secondary',
        t('front.docs.open'));
    b.type = 'button';
    b.setAttribute('aria-label', t('front.docs.open.aria',
        { ticket: visit.ticket, name: personName(visit) }));
    b.addEventListener('click', async () => {
        await showDocuments(visit.booking, personName(visit));
        focusOn(q('#docs-heading'));
    });
    cell.append(b);
    return cell;
}

function visitRow(visit) {
    const row = el('tr');
    row.dataset.visit = String(visit.id);
    row.dataset.ticket = visit.ticket;
    row.dataset.state = visit.state;
    const ticket = el('th', 'onestop-floor__ticket', visit.ticket);
    ticket.scope = 'row';
    const leg = currentLegOf(visit);
    const waiting = el('td');
    if (leg && leg.state === 'waiting') {
        waiting.append(waitingTime(leg.queuedAt));
    }
    row.append(ticket,
        el('td', '', personName(visit)),
        el('td', 'onestop-floor__state', stateName(visit.state)),
        el('td', '', nowText(visit)),
        waiting,
        el('td', '', clockTime(visit.arrivedAt)),
        departureCell(visit),
        documentsCell(visit));
    return row;
}

function deskRow(desk) {
    const row = el('tr');
    row.dataset.desk = String(desk.id);
    const name = el('th', '', deskName(desk));
    name.scope = 'row';
    const atDesk = desk.current || desk.serving || null;
    const ticket = atDesk && typeof atDesk === 'object'
        ? atDesk.ticket : atDesk;
    const waiting = desk.waiting ?? desk.queueLength ?? null;
    row.append(name,
        el('td', 'onestop-floor__state', deskStateName(desk.state)),
        el('td', 'onestop-floor__ticket', ticket || ''),
        el('td', '', waiting === null || waiting === undefined
            ? '' : String(Array.isArray(waiting) ? waiting.length : waiting)));
    return row;
}

function renderOverview() {
    const { visits, desks } = state.overview;
    visitRows.replaceChildren(...visits.map(visitRow));
    visitsEmpty.hidden = visits.length > 0;
    deskRows.replaceChildren(...desks.map(deskRow));
    streamState.textContent = state.stream === 'reconnecting' ||
        state.stream === 'down' ? t('floor.stream.reconnecting') : '';
}

function renderSearch() {
    if (state.found === null) {
        searchStatus.textContent = '';
        searchResults.replaceChildren();
        return;
    }
    searchStatus.textContent = t('front.search.found',
        { n: state.found.length });
    searchResults.replaceChildren(...state.found.map((b) => {
        const item = el('li', 'onestop-floor__entry');
        item.dataset.code = b.code;
        const line = el('p', 'onestop-floor__entry-line');
        line.append(el('span', 'onestop-floor__name', personName(b)), ' ',
            el('span', 'onestop-muted', t('front.search.details', {
                time: b.firstAppointment || '', code: b.code,
                n: b.persons || 1 })));
        // The centre's rules say whether checking in now is late, and
        // when the appointment has been missed altogether.
        if (b.noShowDue) {
            line.append(' ', el('span', 'onestop-floor__flag',
                t('front.search.noShowDue')));
        } else if (b.late) {
            line.append(' ', el('span', 'onestop-floor__flag',
                t('front.search.late')));
        }
        const button = el('button', 'nl-button nl-button--secondary',
            t('front.checkIn.submit'));
        button.type = 'button';
        button.setAttribute('aria-label',
            t('front.search.checkInAria', { name: personName(b) }));
        button.addEventListener('click', () => checkIn(b.code, null));
        item.append(line, button);
        return item;
    }));
}

function renderServices() {
    const select = walkInForm.elements.service;
    const chosen = select.value;
    select.replaceChildren(...state.services.map((s) => {
        const option = el('option', '', pick(s.name));
        option.value = s.code;
        return option;
    }));
    if (chosen) {
        select.value = chosen;
    }
}

function render() {
    loading.hidden = true;
    const session = currentSession();
    const allowed = Boolean(session && FRONT_ROLES.includes(session.user.role));
    signInNeeded.hidden = allowed;
    panel.hidden = !allowed;
    errorLine.textContent = state.errorKey ? t(state.errorKey) : '';
    if (!allowed) {
        return;
    }
    renderTicket();
    renderDocs();
    renderOverview();
    renderSearch();
    renderServices();
}

/* ---- loading ---- */

async function loadOverview() {
    const answer = await api.get(floorPaths.overview(state.location));
    state.overview = {
        visits: (answer && (answer.visits || answer.items)) || [],
        desks: (answer && answer.desks) || [],
    };
    if (state.ticket) {
        state.ticket = state.overview.visits.find(
            (v) => v.id === state.ticket.id) || state.ticket;
    }
    state.errorKey = '';
    render();
}

/** Reloads once for a burst of events (and again for one that came
 *  while reading). */
const reloadSoon = coalesce(async () => {
    try {
        await loadOverview();
    } catch {
        state.errorKey = 'common.loadFailed';
        render();
    }
});

/* ---- documents ---- */

const documentsPath = (code) =>
    `/bookings/${encodeURIComponent(code)}/documents`;

/** Shows the documents of booking code (of the visitor name). */
async function showDocuments(code, name) {
    state.docs = { code, name, answer: null, pending: new Map(), error: '' };
    renderDocs();
    try {
        const answer = await api.get(documentsPath(code));
        if (state.docs && state.docs.code === code) {
            state.docs.answer = answer;
        }
    } catch (err) {
        if (state.docs && state.docs.code === code) {
            state.docs.error = t('front.docs.loadFailed',
                { reason: problemText(err) });
        }
    }
    renderDocs();
}

/** The server's refusal: its message and what it says of each field. */
function refusalText(err) {
    const reasons = (err.invalidParams || [])
        .map((p) => `${p.name}: ${p.reason}`);
    return [problemText(err), ...reasons].join(' ');
}

/** Ticks are sent one after another, so that answers arrive in order and
 *  the last one drawn is the newest. */
let ticks = Promise.resolve();

function tickDocument(check) {
    const docs = state.docs;
    const id = docId(check.person, check.service, check.document);
    docs.pending.set(id, check.checked);
    ticks = ticks.then(async () => {
        try {
            const answer = await api.put(documentsPath(docs.code),
                { checks: [check] });
            docs.answer = answer;
            docs.error = '';
        } catch (err) {
            docs.error = refusalText(err);
        }
        // Refused or not, the box shows what the server keeps.
        docs.pending.delete(id);
        if (state.docs === docs) {
            renderDocs();
        }
    });
}

/* ---- check-in, search and walk-ins ---- */

/** A booking code from what was typed or scanned: the code itself, or a
 *  link that carries it (code=…). */
function codeFrom(text) {
    const m = /[?#&]code=([A-Za-z0-9 -]+)/.exec(text);
    return (m ? m[1] : text).trim();
}

function showTicket(visit) {
    state.ticket = visit;
    render();
    focusOn(ticketCard);
}

async function checkIn(code, form) {
    if (form) {
        clearProblem(form);
    }
    try {
        const visit = await api.post(floorPaths.checkIn(),
            { code, location: state.location });
        if (form) {
            form.reset();
        }
        state.found = null;
        searchForm.reset();
        state.docs = null;
        showTicket(visit);
        reloadSoon();
        if (visit.booking) {
            await showDocuments(visit.booking, personName(visit));
        }
    } catch (err) {
        showProblem(form || searchForm, err, t('floor.error.failed'));
    }
}

async function onCode(ev) {
    ev.preventDefault();
    const code = codeFrom(codeForm.elements.code.value);
    if (!code) {
        showProblem(codeForm, { detail: t('front.checkIn.codeMissing'),
            invalidParams: [{ name: 'code',
                reason: t('front.checkIn.codeMissing') }] });
        return;
    }
    await checkIn(code, codeForm);
}

async function onSearch(ev) {
    ev.preventDefault();
    clearProblem(searchForm);
    const text = searchForm.elements.q.value.trim();
    try {
        const answer = await api.get(floorPaths.expected(state.location, text));
        state.found = (answer && answer.items) || [];
        renderSearch();
        const first = searchResults.querySelector('button');
        if (first) {
            focusOn(first);
        }
    } catch (err) {
        showProblem(searchForm, err, t('floor.error.failed'));
    }
}

async function onWalkIn(ev) {
    ev.preventDefault();
    clearProblem(walkInForm);
    const f = walkInForm.elements;
    const persons = Number(f.persons.value);
    try {
        const visit = await api.post(floorPaths.walkIn(), {
            location: state.location,
            service: f.service.value,
            givenNames: f.givenNames.value.trim(),
            surname: f.surname.value.trim(),
            persons: Number.isInteger(persons) ? persons : 0,
        });
        walkInForm.reset();
        state.docs = null;
        showTicket(visit);
        reloadSoon();
    } catch (err) {
        showProblem(walkInForm, err, t('floor.error.failed'));
    }
}

/* ---- start ---- */

async function chooseLocation() {
    const asked = new URLSearchParams(window.location.search).get('location');
    if (/^[1-9][0-9]{0,9}$/.test(asked || '')) {
        return Number(asked);
    }
    const locations = await api.get('/locations');
    const first = locations && locations.items && locations.items[0];
    return first ? first.id : null;
}

async function main() {
    const session = await start();
    codeForm.addEventListener('submit', onCode);
    searchForm.addEventListener('submit', onSearch);
    walkInForm.addEventListener('submit', onWalkIn);
    document.addEventListener('onestop:session', () => window.location.reload());
    onChange(render);
    if (!session || !FRONT_ROLES.includes(session.user.role)) {
        render();
        return;
    }
    try {
        state.location = await chooseLocation();
        const services = await api.get('/services');
        state.services = ((services && services.items) || [])
            .filter((s) => s.active !== false);
        await loadOverview();
    } catch {
        state.errorKey = 'common.loadFailed';
        render();
        return;
    }
    follow(floorPaths.floorEvents(state.location), {
        snapshot: reloadSoon,
        reset: reloadSoon,
        change: reloadSoon,
    }, {
        onState: (s) => {
            state.stream = s;
            renderOverview();
        },
        refresh: loadOverview,
    });
    ticking(() => refreshWaiting(panel));
}

main();

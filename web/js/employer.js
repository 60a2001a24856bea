// SPDX-License-Identifier: AGPL-3.0-or-later
// The employer portal: for an employer signed in, their sponsor (name, KvK
// number, recognition) and their employees with family members and each
// one's progress (booked, checked in, BSN issued — yes or no, never the
// number — and residence document collected), searchable and filtered by
// progress; from there, register a newcomer with family, book a visit for
// one employee or for a group. Anyone else is asked to sign in, or told
// that the page is for employers. One view at a time; the view's heading
// takes focus when it appears.

import { start, currentSession } from './layout.js';
import * as api from './api.js';
import { t, has, formatDate, onChange } from './i18n.js';
import { el, focusOn } from './dom.js';
import { RegisterForm } from './employer-form.js';
import { EmployeeBooking, GroupBooking, fullName } from './employer-book.js';
import { countryName } from './employer-countries.js';

const checking = document.querySelector('[data-checking]');
const gate = document.querySelector('[data-gate]');
const gateText = document.querySelector('[data-gate-text]');
const gateSignIn = document.querySelector('[data-gate-sign-in]');
const portal = document.querySelector('[data-portal]');
const loadError = document.querySelector('[data-load-error]');
const sponsorBox = document.querySelector('[data-sponsor]');
const employeesBox = document.querySelector('[data-employees]');
const countLine = document.querySelector('[data-employee-count]');
const filterForm = document.querySelector('[data-filter-form]');
const listMessage = document.querySelector('[data-list-message]');
const groupError = document.querySelector('[data-group-error]');
const views = {
    list: document.querySelector('[data-view="list"]'),
    register: document.querySelector('[data-view="register"]'),
    book: document.querySelector('[data-view="book"]'),
    group: document.querySelector('[data-view="group"]'),
};

/** The progress steps of a newcomer, in the order they happen. */
const STEPS = ['booked', 'checkedIn', 'bsnIssued', 'documentCollected'];

const state = {
    sponsor: null,
    sponsorFailed: false,
    newcomers: null, // principals, each with .family, or null while loading
    listFailed: false,
    selected: new Set(),
    view: 'list',
    messageKey: '',
    messageVars: {},
    groupErrorKey: '',
};

let employeeBooking = null;
let groupBooking = null;

/* ---- who may use the page ---- */

function renderGate() {
    const session = currentSession();
    checking.hidden = true;
    const employer = Boolean(session && session.user.role === 'employer');
    portal.hidden = !employer;
    gate.hidden = employer;
    if (!session) {
        gateText.textContent = t('employer.gate.signIn');
        gateSignIn.hidden = false;
    } else if (!employer) {
        gateText.textContent = t('employer.gate.notEmployer');
        gateSignIn.hidden = true;
    }
    return employer;
}

/* ---- the sponsor ---- */

function renderSponsor() {
    if (state.sponsor === null && !state.sponsorFailed) {
        return;
    }
    sponsorBox.setAttribute('aria-busy', 'false');
    if (state.sponsorFailed) {
        sponsorBox.replaceChildren(el('p', 'nl-paragraph',
            t('employer.sponsor.unknown')));
        return;
    }
    const s = state.sponsor;
    const facts = el('dl', 'onestop-facts');
    const fact = (key, value, name) => {
        const dd = el('dd', '', value);
        dd.dataset.fact = name;
        facts.append(el('dt', '', t(key)), dd);
    };
    fact('employer.sponsor.name', s.name, 'name');
    fact('employer.sponsor.kvk', s.kvk, 'kvk');
    fact('employer.sponsor.recognition', s.recognised
        ? t('employer.sponsor.recognised', { date: formatDate(s.firstSeen,
            { day: 'numeric', month: 'long', year: 'numeric' }) })
        : t('employer.sponsor.notRecognised'), 'recognition');
    if ((s.categories || []).length) {
        fact('employer.sponsor.categories', s.categories.map((c) =>
            (has(`employer.sponsorCategory.${c}`)
                ? t(`employer.sponsorCategory.${c}`) : c)).join(', '),
        'categories');
    }
    const nodes = [facts];
    if (!s.recognised) {
        nodes.push(el('p', 'onestop-notice onestop-notice--error',
            t('employer.sponsor.notRecognisedHint')));
    }
    sponsorBox.replaceChildren(...nodes);
}

/* ---- the employees ---- */

/** Folds text for searching: lower case, accents removed. */
function fold(text) {
    return String(text || '').normalize('NFKD').replace(/\p{M}/gu, '')
        .toLocaleLowerCase();
}

function matches(n, q, progress) {
    if (q) {
        const names = [n, ...(n.family || [])].map((p) =>
            fold(`${p.givenNames} ${p.surname}`));
        if (!names.some((name) => name.includes(q))) {
            return false;
        }
    }
    const p = n.progress || {};
    if (progress === 'not-booked') {
        return !p.booked;
    }
    return !progress || Boolean(p[progress]);
}

function progressList(n) {
    const p = n.progress || {};
    const list = el('ul', 'onestop-progress');
    for (const step of STEPS) {
        const done = Boolean(p[step]);
        const item = el('li', `onestop-progress__step${done
            ? ' onestop-progress__step--done' : ''}`);
        item.dataset.progress = step;
        item.dataset.done = String(done);
        let text = t(`employer.progress.${step}.${done ? 'yes' : 'no'}`);
        if (step === 'booked' && done && p.visitDate) {
            text = t('employer.progress.booked.on', {
                date: formatDate(p.visitDate, { weekday: 'short',
                    day: 'numeric', month: 'short', year: 'numeric' }),
                code: p.bookingCode || '' });
        }
        item.append(el('span', 'onestop-progress__mark', done ? '✓' : '–'),
            ' ', text);
        item.firstChild.setAttribute('aria-hidden', 'true');
        list.append(item);
    }
    return list;
}

function familyList(n) {
    const family = n.family || [];
    if (family.length === 0) {
        return null;
    }
    const list = el('ul', 'onestop-family');
    list.setAttribute('aria-label', t('employer.list.familyOf',
        { name: fullName(n) }));
    for (const m of family) {
        const item = el('li', 'onestop-family__member', fullName(m));
        item.dataset.familyMember = String(m.id);
        list.append(item);
    }
    return list;
}

function employeeRow(n) {
    const row = el('tr');
    row.dataset.newcomer = String(n.id);
    const name = fullName(n);

    const pick = el('td', 'onestop-table__select');
    const box = el('input', 'nl-checkbox');
    box.type = 'checkbox';
    box.id = `select-${n.id}`;
    box.name = 'select';
    box.value = String(n.id);
    box.checked = state.selected.has(n.id);
    const boxLabel = el('label', 'onestop-visually-hidden',
        t('employer.list.select', { name }));
    boxLabel.htmlFor = box.id;
    pick.append(box, boxLabel);

    const who = el('th', 'onestop-table__name');
    who.scope = 'row';
    who.append(el('span', 'onestop-employee__name', name));
    const family = familyList(n);
    if (family) {
        who.append(family);
    }
    const details = el('td', '');
    details.append(el('span', 'onestop-employee__category',
        t(`employer.category.${n.category}`)),
    el('span', 'onestop-employee__detail', countryName(n.nationality)));
    if (n.expectedArrival) {
        details.append(el('span', 'onestop-employee__detail',
            t('employer.list.arrives', { date: formatDate(n.expectedArrival,
                { day: 'numeric', month: 'short', year: 'numeric' }) })));
    }
    const progress = el('td', '');
    progress.append(progressList(n));

    const action = el('td', '');
    const book = el('button', 'nl-button nl-button--secondary onestop-button--small');
    book.type = 'button';
    book.dataset.bookOne = String(n.id);
    book.append(t('employer.list.book'),
        el('span', 'onestop-visually-hidden', ` ${t('employer.list.bookFor', { name })}`));
    action.append(book);
    row.append(pick, who, details, progress, action);
    return row;
}

function renderList() {
    if (state.newcomers === null && !state.listFailed) {
        return;
    }
    employeesBox.setAttribute('aria-busy', 'false');
    if (state.listFailed) {
        employeesBox.replaceChildren(el('p', 'nl-paragraph',
            t('common.loadFailed')));
        countLine.textContent = '';
        return;
    }
    const q = fold(filterForm.elements.q.value.trim());
    const progress = filterForm.elements.progress.value;
    const shown = state.newcomers.filter((n) => matches(n, q, progress));
    if (state.newcomers.length === 0) {
        countLine.textContent = '';
        employeesBox.replaceChildren(el('p', 'nl-paragraph',
            t('employer.list.none')));
        return;
    }
    countLine.textContent = shown.length === state.newcomers.length
        ? t('employer.list.count', { n: shown.length })
        : t('employer.list.countOf', { n: shown.length,
            total: state.newcomers.length });
    if (shown.length === 0) {
        employeesBox.replaceChildren(el('p', 'nl-paragraph',
            t('employer.list.noMatch')));
        return;
    }
    const keep = document.activeElement && employeesBox.contains(document.activeElement)
        ? document.activeElement.id || document.activeElement.dataset.bookOne
        : null;
    const table = el('table', 'onestop-table onestop-employees');
    table.append(el('caption', 'onestop-visually-hidden',
        t('employer.list.caption')));
    const head = el('thead');
    const headRow = el('tr');
    for (const key of ['employer.list.colSelect', 'employer.list.colName',
        'employer.list.colDetails', 'employer.list.colProgress',
        'employer.list.colAction']) {
        const th = el('th', '', t(key));
        th.scope = 'col';
        headRow.append(th);
    }
    head.append(headRow);
    const body = el('tbody');
    body.append(...shown.map(employeeRow));
    table.append(head, body);
    employeesBox.replaceChildren(table);
    if (keep) {
        const again = employeesBox.querySelector(`#${CSS.escape(keep)}`) ||
            employeesBox.querySelector(`[data-book-one="${CSS.escape(keep)}"]`);
        again?.focus();
    }
}

function renderMessage() {
    listMessage.textContent = state.messageKey
        ? t(state.messageKey, state.messageVars) : '';
    groupError.textContent = state.groupErrorKey ? t(state.groupErrorKey) : '';
}

/** Principals with their family members (the list holds both). */
function group(items) {
    const principals = items.filter((n) => !n.principal)
        .map((n) => ({ ...n, family: [] }));
    const byId = new Map(principals.map((n) => [n.id, n]));
    for (const n of items) {
        if (n.principal && byId.has(n.principal)) {
            byId.get(n.principal).family.push(n);
        }
    }
    return principals;
}

async function loadNewcomers() {
    try {
        const answer = await api.get('/newcomers?limit=500');
        state.newcomers = group((answer && answer.items) || []);
        state.listFailed = false;
        const ids = new Set(state.newcomers.map((n) => n.id));
        for (const id of [...state.selected]) {
            if (!ids.has(id)) {
                state.selected.delete(id);
            }
        }
    } catch {
        state.newcomers = [];
        state.listFailed = true;
    }
    renderList();
}

async function loadSponsor(kvk) {
    try {
        state.sponsor = await api.get(`/sponsors/${encodeURIComponent(kvk)}`);
    } catch {
        state.sponsorFailed = true;
    }
    renderSponsor();
}

/* ---- the views ---- */

function showView(name) {
    state.view = name;
    for (const [key, section] of Object.entries(views)) {
        section.hidden = key !== name;
    }
    focusOn(views[name].querySelector('h2'));
}

function backToList() {
    showView('list');
}

function findNewcomer(id) {
    return (state.newcomers || []).find((n) => n.id === id);
}

function onListClick(ev) {
    const button = ev.target.closest('[data-book-one]');
    if (!button) {
        return;
    }
    const n = findNewcomer(Number(button.dataset.bookOne));
    if (n) {
        state.messageKey = '';
        renderMessage();
        employeeBooking.open(n);
        showView('book');
    }
}

function onGroupStart() {
    const members = (state.newcomers || []).filter((n) => state.selected.has(n.id));
    state.messageKey = '';
    state.groupErrorKey = members.length === 0 ? 'employer.list.selectFirst' : '';
    renderMessage();
    if (members.length === 0) {
        employeesBox.querySelector('input[name="select"]')?.focus();
        return;
    }
    groupBooking.open(members);
    showView('group');
}

async function onRegistered(newcomer) {
    state.messageKey = 'employer.register.done';
    state.messageVars = { name: fullName(newcomer) };
    await loadNewcomers();
    renderMessage();
    showView('list');
}

function render() {
    if (!renderGate()) {
        return;
    }
    renderSponsor();
    renderList();
    renderMessage();
}

async function loadCatalogue() {
    const [services, locations] = await Promise.all([
        api.get('/services'), api.get('/locations')]);
    const places = (locations && locations.items) || [];
    if (places.length === 0) {
        throw new Error('no location');
    }
    const items = (services && services.items) || [];
    employeeBooking.setCatalogue(items, places);
    groupBooking.setCatalogue(items, places);
}

async function main() {
    const session = await start();
    // The form lives on its own once made: it calls back when registered.
    new RegisterForm(document.querySelector('[data-register-form]'), {
        submit: (body) => api.post('/newcomers', body),
        onDone: onRegistered,
    });
    employeeBooking = new EmployeeBooking(views.book, { onBooked: loadNewcomers });
    groupBooking = new GroupBooking(views.group, { onBooked: loadNewcomers });

    document.addEventListener('onestop:session', () => {
        // Signed out from the header: nothing of the portal stays shown.
        if (!currentSession()) {
            state.newcomers = null;
            employeesBox.replaceChildren();
        }
        render();
    });
    onChange(render);
    if (!renderGate()) {
        return;
    }
    document.querySelector('[data-register-start]').addEventListener('click', () => {
        state.messageKey = '';
        renderMessage();
        showView('register');
    });
    document.querySelector('[data-group-start]').addEventListener('click', onGroupStart);
    for (const button of document.querySelectorAll('[data-back]')) {
        button.addEventListener('click', backToList);
    }
    employeesBox.addEventListener('click', onListClick);
    employeesBox.addEventListener('change', (ev) => {
        if (ev.target.name === 'select') {
            state.groupErrorKey = '';
            renderMessage();
            const id = Number(ev.target.value);
            if (ev.target.checked) {
                state.selected.add(id);
            } else {
                state.selected.delete(id);
            }
        }
    });
    filterForm.addEventListener('submit', (ev) => ev.preventDefault());
    filterForm.addEventListener('input', renderList);
    filterForm.addEventListener('change', renderList);

    const kvk = session.user.sponsorKvk;
    const loads = [loadNewcomers(), loadCatalogue().catch(() => {
        loadError.hidden = false;
        loadError.textContent = t('common.loadFailed');
    })];
    if (kvk) {
        loads.push(loadSponsor(kvk));
    } else {
        state.sponsorFailed = true;
        renderSponsor();
    }
    await Promise.all(loads);
    render();
}

main();

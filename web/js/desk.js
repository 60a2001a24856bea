// SPDX-License-Identifier: AGPL-3.0-or-later
// The desk console (/desk): an officer opens their desk (their own desk
// when their account has one, else one of their agency's), sees its queue
// in order, calls the next visitor or a chosen one, calls again, starts,
// parks and unparks, marks a no-show, completes with the outcome that the
// service's kind needs (registration: a BSN typed or from the pool, or
// none and why; IND: what was done) and transfers to another desk. What
// the server refuses is shown as the problem's own message. After a call,
// focus goes to the called visitor's actions; after every other step to
// where the next step starts. The page follows the location's floor
// events and falls back to reloading now and then while they are down.

import { start, currentSession } from './layout.js';
import * as api from './api.js';
import { t, pick, onChange } from './i18n.js';
import { el, focusOn } from './dom.js';
import { showProblem, clearProblem } from './form.js';
import {
    follow, ticking, stateName, deskStateName, waitingTime, refreshWaiting,
    clockTime, serviceName, problemText, entryOf, floorPaths, bsnProblem,
    currentLegOf, coalesce,
} from './floor.js';

/** Roles that may work a desk. */
const DESK_ROLES = ['officer', 'manager', 'admin'];
const STORAGE_KEY = 'onestop.desk';

const q = (s) => document.querySelector(s);
const loading = q('[data-floor-loading]');
const signInNeeded = q('[data-sign-in-needed]');
const errorLine = q('[data-desk-error]');
const statusLine = q('[data-desk-status]');
const chooseForm = q('[data-desk-choose]');
const panel = q('[data-desk-panel]');
const deskTitle = q('[data-desk-name]');
const deskStateText = q('[data-desk-state]');
const openButton = q('[data-desk-open]');
const closeButton = q('[data-desk-close]');
const otherButton = q('[data-desk-other]');
const currentNone = q('[data-current-none]');
const currentBox = q('[data-current-visitor]');
const actions = q('[data-current-actions]');
const outcomeForm = q('[data-outcome-form]');
const transferForm = q('[data-transfer-form]');
const callNext = q('[data-call-next]');
const queueList = q('[data-queue]');
const queueEmpty = q('[data-queue-empty]');
const parkedSection = q('[data-parked-section]');
const parkedList = q('[data-parked]');

const state = {
    desks: [],
    agencies: [],
    desk: null, // the desk worked at
    deskState: 'closed',
    current: null, // entry called to or served at the desk
    waiting: [],
    parked: [],
    subform: '', // '', 'outcome' or 'transfer'
    statusKey: '',
    statusVars: {},
    error: '',
    busy: false,
};
let stopFollowing = null;

/* ---- what the console shows ---- */

function say(key, vars = {}) {
    state.statusKey = key;
    state.statusVars = vars;
    statusLine.textContent = key ? t(key, vars) : '';
}

function showError(text) {
    state.error = text || '';
    errorLine.textContent = state.error;
}

/** Which of the visitor's actions fit the leg's state. */
const ACTIONS_BY_STATE = {
    called: ['start', 'recall', 'park', 'no-show', 'transfer'],
    serving: ['complete', 'park', 'transfer'],
};

function renderCurrent() {
    const cur = state.current;
    currentNone.hidden = Boolean(cur);
    currentBox.hidden = !cur;
    if (!cur) {
        state.subform = '';
        return;
    }
    q('[data-current-ticket]').textContent = cur.ticket;
    q('[data-current-name]').textContent = cur.name;
    q('[data-current-service]').textContent = serviceName(cur.service);
    q('[data-current-persons]').textContent = String(cur.persons);
    q('[data-current-state]').textContent = stateName(cur.state);
    const allowed = ACTIONS_BY_STATE[cur.state] || [];
    for (const button of actions.querySelectorAll('[data-action]')) {
        button.hidden = !allowed.includes(button.dataset.action);
        button.disabled = state.busy;
    }
    actions.hidden = state.subform !== '';
    outcomeForm.hidden = state.subform !== 'outcome';
    transferForm.hidden = state.subform !== 'transfer';
    const kind = cur.outcomeKind || 'none';
    const recorded = kind === 'registration' || kind.startsWith('ind-');
    q('[data-outcome-registration]').hidden = kind !== 'registration';
    q('[data-outcome-ind]').hidden = !kind.startsWith('ind-');
    for (const choice of outcomeForm.querySelectorAll('[data-kind]')) {
        choice.hidden = choice.dataset.kind !== kind;
    }
    q('[data-outcome-reason]').hidden = !recorded;
    q('[data-outcome-plain]').hidden = recorded;
}

function entryItem(entry, buttonKey, onClick) {
    const item = el('li', 'onestop-floor__entry');
    item.dataset.leg = String(entry.legId);
    item.dataset.ticket = entry.ticket;
    const line = el('p', 'onestop-floor__entry-line');
    line.append(el('span', 'onestop-floor__ticket', entry.ticket), ' ',
        el('span', 'onestop-floor__name', entry.name), ' ',
        el('span', 'onestop-muted', serviceName(entry.service)));
    const facts = el('p', 'onestop-floor__entry-facts onestop-muted');
    if (entry.appointmentAt) {
        facts.append(t('floor.appointment',
            { time: clockTime(entry.appointmentAt) }), ' · ');
    } else {
        facts.append(t('floor.walkIn'), ' · ');
    }
    facts.append(t('floor.waiting'), ' ', waitingTime(entry.queuedAt));
    const button = el('button', 'nl-button nl-button--secondary', t(buttonKey));
    button.type = 'button';
    button.disabled = state.busy;
    button.setAttribute('aria-label',
        t(`${buttonKey}.aria`, { ticket: entry.ticket, name: entry.name }));
    button.addEventListener('click', () => onClick(entry));
    item.append(line, facts, button);
    return item;
}

function renderQueue() {
    queueList.replaceChildren(...state.waiting.map(
        (e) => entryItem(e, 'desk.call', (entry) => call(entry))));
    queueEmpty.hidden = state.waiting.length > 0;
    callNext.disabled = state.busy || state.waiting.length === 0 ||
        state.deskState !== 'open' || Boolean(state.current);
    parkedSection.hidden = state.parked.length === 0;
    parkedList.replaceChildren(...state.parked.map(
        (e) => entryItem(e, 'desk.unpark', (entry) => step(entry, 'unpark'))));
}

function render() {
    loading.hidden = true;
    const session = currentSession();
    const allowed = Boolean(session && DESK_ROLES.includes(session.user.role));
    signInNeeded.hidden = allowed;
    chooseForm.hidden = !allowed || Boolean(state.desk);
    panel.hidden = !allowed || !state.desk;
    if (!state.desk) {
        return;
    }
    deskTitle.textContent = pick(state.desk.name);
    deskStateText.textContent = deskStateName(state.deskState);
    openButton.hidden = state.deskState === 'open';
    closeButton.hidden = state.deskState !== 'open';
    otherButton.hidden = !session || Boolean(session.user.deskId);
    renderCurrent();
    renderQueue();
    if (state.statusKey) {
        statusLine.textContent = t(state.statusKey, state.statusVars);
    }
}

/* ---- loading ---- */

function myDesks() {
    const { user } = currentSession();
    if (user.role !== 'officer' || !user.agencyId) {
        return state.desks;
    }
    const agency = state.agencies.find((a) => a.id === user.agencyId);
    return agency ? state.desks.filter((d) => d.agency === agency.code)
        : state.desks;
}

function fillDeskSelect(select, desks) {
    select.replaceChildren(...desks.map((d) => {
        const option = el('option', '', pick(d.name));
        option.value = String(d.id);
        return option;
    }));
}

/** The visitor of visit at its leg legId, as the console shows it. */
function visitEntry(visit, legId) {
    return visit ? entryOf({ ...visit, legId }) : null;
}

/** Reads the desk's queue and the day's floor (the desk's state, who is
 *  at the desk, who is parked there, the names of those waiting). */
async function loadQueue() {
    if (!state.desk) {
        return;
    }
    const [queue, floor] = await Promise.all([
        api.get(floorPaths.deskQueue(state.desk.id)),
        api.get(floorPaths.overview(state.desk.location)),
    ]);
    const visits = new Map(((floor && floor.visits) || [])
        .map((v) => [v.id, v]));
    const desk = ((floor && floor.desks) || [])
        .find((d) => d.id === state.desk.id) || {};
    state.deskState = desk.state || 'closed';
    state.current = desk.serving
        ? visitEntry(visits.get(desk.serving.visit), desk.serving.leg) : null;
    state.waiting = ((queue && queue.items) || []).map((item) => ({
        ...(visitEntry(visits.get(item.visit), item.leg) || { name: '', persons: 1 }),
        legId: item.leg,
        ticket: item.ticket,
        service: item.service,
        appointmentAt: item.appointmentAt,
        queuedAt: item.queuedAt,
    }));
    state.parked = [...visits.values()].filter((v) => {
        const leg = currentLegOf(v);
        return leg && leg.state === 'parked' && leg.desk &&
            leg.desk.id === state.desk.id;
    }).map((v) => visitEntry(v, currentLegOf(v).id));
    render();
}

async function reload() {
    try {
        await loadQueue();
    } catch (err) {
        showError(problemText(err));
    }
}

/** Reloads once for a burst of events (and again for one that came
 *  while reading). */
const reloadSoon = coalesce(reload);

async function useDesk(desk) {
    state.desk = desk;
    state.subform = '';
    try {
        window.localStorage.setItem(STORAGE_KEY, String(desk.id));
    } catch {
        // the choice lasts for this page only
    }
    fillDeskSelect(q('#transfer-desk'), state.desks.filter(
        (d) => d.id !== desk.id && d.location === desk.location));
    stopFollowing?.();
    stopFollowing = follow(floorPaths.floorEvents(desk.location), {
        snapshot: reloadSoon,
        reset: reloadSoon,
        change: reloadSoon,
    }, { refresh: loadQueue });
    await reloadSoon();
    focusOn(deskTitle);
}

/* ---- steps ---- */

/** Runs one request for a step, showing a refusal's message; resolves
 *  with the answer or null when refused. */
async function act(fn) {
    showError('');
    state.busy = true;
    render();
    try {
        return await fn();
    } catch (err) {
        showError(problemText(err));
        focusOn(errorLine);
        return null;
    } finally {
        state.busy = false;
        await reloadSoon();
    }
}

/** Focus on the called visitor's first action (start). */
function focusActions() {
    const first = [...actions.querySelectorAll('[data-action]')]
        .find((b) => !b.hidden);
    focusOn(first || q('#current-heading'));
}

async function call(entry) {
    const body = entry ? { leg: entry.legId } : {};
    // The answer names the called leg; its visitor is at the desk now.
    const answer = await act(() => api.post(floorPaths.calls(state.desk.id), body));
    if (answer) {
        const ticket = state.current ? state.current.ticket
            : (entry && entry.ticket) || '';
        say('desk.done.called', { ticket });
        focusActions();
    }
}

async function step(entry, action, body = undefined) {
    const answer = await act(() =>
        api.post(floorPaths.legStep(entry.legId, action), body));
    if (!answer) {
        return false;
    }
    state.subform = '';
    say(`desk.done.${action}`, { ticket: entry.ticket });
    render();
    if (action === 'start' || action === 'recall') {
        focusActions();
    } else {
        focusOn(callNext.disabled ? q('#queue-heading') : callNext);
    }
    return true;
}

function openSubform(which) {
    state.subform = which;
    clearProblem(outcomeForm);
    clearProblem(transferForm);
    outcomeForm.reset();
    render();
    focusOn(q(which === 'outcome' ? '#outcome-heading' : '#transfer-heading'));
}

function closeSubform() {
    state.subform = '';
    render();
    focusActions();
}

/** A problem of the browser's own checks, shown like the server's. */
function formProblem(name, key) {
    return { detail: t(key), invalidParams: [{ name, reason: t(key) }] };
}

/** The outcome of a completion from the form, as the service's kind
 *  needs it; throws a problem (shown on the form) when the browser can
 *  tell it is incomplete. The server checks it all again. */
function outcomeOf(kind) {
    const f = outcomeForm.elements;
    const reason = f.reason.value.trim();
    if (kind === 'registration') {
        const way = f.bsnWay.value;
        if (way === 'typed') {
            const bsn = f.bsn.value.replace(/[\s.]/g, '');
            const problem = bsnProblem(bsn);
            if (problem) {
                throw formProblem('bsn', problem);
            }
            return { bsnIssued: true, bsn };
        }
        if (way === 'pool') {
            return { bsnIssued: true, fromPool: true };
        }
        if (way === 'none') {
            if (!reason) {
                throw formProblem('reason', 'desk.outcome.reasonMissing');
            }
            return { bsnIssued: false, reason };
        }
        throw formProblem('bsnWay', 'desk.outcome.bsn.choose');
    }
    const box = outcomeForm.querySelector(`[data-kind="${kind}"] input`);
    if (box) {
        if (box.checked) {
            return { [box.name]: true };
        }
        if (!reason) {
            throw formProblem(box.name, 'desk.outcome.ind.choose');
        }
        return { [box.name]: false, reason };
    }
    return { served: true };
}

async function onComplete(ev) {
    ev.preventDefault();
    clearProblem(outcomeForm);
    const entry = state.current;
    let outcome;
    try {
        outcome = outcomeOf(entry.outcomeKind || 'none');
    } catch (problem) {
        showProblem(outcomeForm, problem);
        return;
    }
    showError('');
    let answer;
    try {
        answer = await api.post(floorPaths.legStep(entry.legId, 'complete'),
            { outcome });
    } catch (err) {
        showProblem(outcomeForm, err, t('floor.error.failed'));
        return;
    }
    state.subform = '';
    outcomeForm.reset();
    await reloadSoon();
    // A number from the pool is shown once, to hand to the visitor.
    if (answer && answer.issuedBsn) {
        say('desk.done.issuedBsn',
            { ticket: entry.ticket, bsn: answer.issuedBsn });
    } else {
        say('desk.done.complete', { ticket: entry.ticket });
    }
    focusOn(callNext.disabled ? q('#queue-heading') : callNext);
}

async function onTransfer(ev) {
    ev.preventDefault();
    const target = Number(transferForm.elements.desk.value);
    await step(state.current, 'transfer', { desk: target });
}

async function setDeskState(which) {
    const answer = await act(() =>
        api.post(floorPaths.deskState(state.desk.id, which)));
    if (answer !== null) {
        say(which === 'open' ? 'desk.done.opened' : 'desk.done.closed');
        focusOn(which === 'open' ? closeButton : openButton);
    }
}

/* ---- start ---- */

function wire() {
    chooseForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const id = Number(chooseForm.elements.desk.value);
        const desk = state.desks.find((d) => d.id === id);
        if (desk) {
            await useDesk(desk);
        }
    });
    otherButton.addEventListener('click', () => {
        stopFollowing?.();
        state.desk = null;
        render();
        focusOn(q('#desk-select'));
    });
    openButton.addEventListener('click', () => setDeskState('open'));
    closeButton.addEventListener('click', () => setDeskState('close'));
    callNext.addEventListener('click', () => call(null));
    for (const button of actions.querySelectorAll('[data-action]')) {
        button.addEventListener('click', () => {
            const { action } = button.dataset;
            if (action === 'complete') {
                openSubform('outcome');
            } else if (action === 'transfer') {
                openSubform('transfer');
            } else {
                step(state.current, action);
            }
        });
    }
    for (const button of document.querySelectorAll('[data-subform-cancel]')) {
        button.addEventListener('click', closeSubform);
    }
    outcomeForm.addEventListener('submit', onComplete);
    transferForm.addEventListener('submit', onTransfer);
    // Typing a BSN or a reason chooses its way.
    q('#bsn').addEventListener('input', () => { q('#bsn-typed').checked = true; });
    q('#outcome-reason').addEventListener('input', () => {
        if (!q('[data-outcome-registration]').hidden) {
            q('#bsn-none').checked = true;
        }
    });
    document.addEventListener('onestop:session', () => window.location.reload());
    onChange(render);
    ticking(() => refreshWaiting(panel));
}

async function main() {
    const session = await start();
    wire();
    if (!session || !DESK_ROLES.includes(session.user.role)) {
        render();
        return;
    }
    try {
        const [desks, agencies] = await Promise.all([
            api.get('/desks'), api.get('/agencies'),
        ]);
        state.desks = ((desks && desks.items) || []).filter((d) => d.active);
        state.agencies = (agencies && agencies.items) || [];
    } catch (err) {
        loading.hidden = true;
        showError(problemText(err, 'common.loadFailed'));
        return;
    }
    const mine = myDesks();
    fillDeskSelect(q('#desk-select'), mine);
    let wanted = session.user.deskId || null;
    const asked = new URLSearchParams(window.location.search).get('desk');
    if (!wanted && /^\d+$/.test(asked || '')) {
        wanted = Number(asked);
    }
    if (!wanted) {
        try {
            wanted = Number(window.localStorage.getItem(STORAGE_KEY)) || null;
        } catch {
            wanted = null;
        }
    }
    const desk = state.desks.find((d) => d.id === wanted &&
        (session.user.deskId || mine.includes(d)));
    if (desk) {
        await useDesk(desk);
    } else {
        render();
    }
}

main();

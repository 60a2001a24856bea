// SPDX-License-Identifier: AGPL-3.0-or-later
// The waiting-room display of one location (/display?location=1, else the
// first location): which ticket goes to which desk, the latest call first
// and highlighted, followed live over Server-Sent Events. EventSource
// reconnects by itself (the server asks for two seconds); when the server
// refuses for a while (a restart, too many streams) the page opens a new
// stream itself. The page says when it has lost the connection. Ticket
// numbers and desk names only: the stream carries nothing else.

import { start } from './layout.js';
import { t, pick, onChange, locale } from './i18n.js';
import { el } from './dom.js';

/** Rows shown: the latest calls, one per ticket. */
const ROWS = 8;
/** How long to wait before opening a new stream after a refused one. */
const REOPEN_MS = 5000;

const state = {
    location: null,
    display: null, // the last snapshot or display event
    connection: 'connecting', // 'connecting', 'live' or 'lost'
    latestKey: null, // the latest call shown, to notice a new one
    fresh: false, // the latest call arrived live: flash it
    failed: null, // an i18n key when the location cannot be shown
};

let source = null;
let reopenTimer = null;

function timeOf(iso) {
    const date = new Date(iso);
    if (!iso || Number.isNaN(date.getTime())) {
        return '';
    }
    return new Intl.DateTimeFormat(locale(), {
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
        timeZone: state.location?.timeZone || 'Europe/Amsterdam',
    }).format(date);
}

/** The calls to show: the latest first, each ticket once; a ticket called
 *  to a desk but not among the recent calls is added after them. */
function rows() {
    const seen = new Set();
    const out = [];
    const d = state.display || {};
    for (const call of [...(d.recent || []), ...(d.desks || [])]) {
        if (out.length === ROWS || seen.has(call.ticket)) {
            continue;
        }
        seen.add(call.ticket);
        out.push(call);
    }
    return out;
}

function callKey(call) {
    return call ? `${call.ticket}|${call.deskId}|${call.calledAt}` : null;
}

function renderClock() {
    document.querySelector('[data-display-clock]').textContent =
        new Intl.DateTimeFormat(locale(), {
            hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
            timeZone: state.location?.timeZone || 'Europe/Amsterdam',
        }).format(new Date());
}

function renderStatus() {
    const status = document.querySelector('[data-display-status]');
    status.dataset.state = state.connection;
    status.textContent = t(`display.status.${state.connection}`);
}

function renderCalls() {
    const box = document.querySelector('[data-display]');
    const table = document.querySelector('[data-display-table]');
    const body = document.querySelector('[data-display-rows]');
    const empty = document.querySelector('[data-display-empty]');
    const error = document.querySelector('[data-display-error]');
    error.hidden = state.failed === null;
    error.textContent = state.failed ? t(state.failed) : '';
    if (state.failed !== null) {
        box.setAttribute('aria-busy', 'false');
    }
    if (state.display === null) {
        return;
    }
    const list = rows();
    body.replaceChildren(...list.map((call, i) => {
        const tr = el('tr', 'onestop-display__row');
        const ticket = el('td', 'onestop-display__ticket', call.ticket);
        if (i === 0) {
            tr.classList.add('onestop-display__row--latest');
            if (state.fresh) {
                tr.classList.add('onestop-display__row--fresh');
            }
            ticket.prepend(el('span', 'onestop-display__latest',
                t('display.latest')));
        }
        tr.append(ticket, el('td', 'onestop-display__desk', pick(call.desk)),
            el('td', 'onestop-display__time', timeOf(call.calledAt)));
        tr.dataset.ticket = call.ticket;
        return tr;
    }));
    table.hidden = list.length === 0;
    empty.hidden = list.length > 0;
    box.setAttribute('aria-busy', 'false');
}

function renderCentre() {
    document.querySelector('[data-display-centre]').textContent =
        state.location ? pick(state.location.name) : '';
}

function render() {
    renderClock();
    renderStatus();
    renderCentre();
    renderCalls();
}

/** Takes a new state; announces a call that is new since the last one. */
function show(display, live) {
    const before = state.latestKey;
    state.display = display;
    const latest = rows()[0];
    state.latestKey = callKey(latest);
    state.fresh = live && latest !== undefined && state.latestKey !== before;
    renderCalls();
    if (state.fresh) {
        document.querySelector('[data-display-announce]').textContent =
            t('display.announce', { ticket: latest.ticket, desk: pick(latest.desk) });
    }
}

function setConnection(connection) {
    state.connection = connection;
    renderStatus();
}

function parse(event) {
    try {
        return JSON.parse(event.data);
    } catch {
        return null;
    }
}

function open() {
    clearTimeout(reopenTimer);
    source?.close();
    source = new EventSource(
        `/api/v1/locations/${encodeURIComponent(state.location.id)}/display-events`);
    source.addEventListener('open', () => setConnection('live'));
    // The first event of every stream, also after a reconnection: the
    // state as it is now. Not announced: nothing was called just now.
    source.addEventListener('snapshot', (e) => {
        const display = parse(e);
        if (display) {
            show(display, state.display !== null);
        }
        setConnection('live');
    });
    source.addEventListener('display', (e) => {
        const display = parse(e);
        if (display) {
            show(display, true);
        }
    });
    // Events were missed and cannot be replayed: the snapshot just
    // received is the state; nothing more to do.
    source.addEventListener('reset', () => {});
    source.addEventListener('error', () => {
        setConnection('lost');
        if (source.readyState === EventSource.CLOSED) {
            // The server refused the stream (an error answer): EventSource
            // gives up, so try again a little later.
            reopenTimer = setTimeout(open, REOPEN_MS);
        }
    });
}

/** The location asked for in ?location=, else the first one. */
async function loadLocation() {
    const wanted = new URLSearchParams(window.location.search).get('location');
    const res = await fetch('/api/v1/locations',
        { headers: { Accept: 'application/json' } });
    if (!res.ok) {
        throw new Error(`locations: HTTP ${res.status}`);
    }
    const { items } = await res.json();
    if (wanted === null) {
        return items[0] || null;
    }
    return items.find((l) => String(l.id) === wanted) || null;
}

async function main() {
    await start();
    onChange(render);
    render();
    setInterval(renderClock, 1000);
    try {
        state.location = await loadLocation();
    } catch {
        state.failed = 'display.error.load';
        setConnection('lost');
        render();
        return;
    }
    if (state.location === null) {
        state.failed = 'display.error.noLocation';
        render();
        return;
    }
    render();
    open();
}

main();

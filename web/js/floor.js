// SPDX-License-Identifier: AGPL-3.0-or-later
// What the floor pages (front desk, desk console, display) share: the
// event streams they follow, with a quiet "reconnecting" state and a
// periodic refresh while a stream is down; the names of leg and desk
// states; waiting times that run; the pieces of a visitor (ticket, name,
// service, desk) as the API writes them.

import { t, has, pick, locale } from './i18n.js';
import { el } from './dom.js';

/** How often a page reloads its data while its event stream is down. */
const FALLBACK_REFRESH_MS = 15_000;
/** How often running waiting times are redrawn. */
const TICK_MS = 15_000;

/**
 * Follows an event stream at url (same origin, cookies sent). handlers maps
 * event names to functions of the parsed JSON data. onState(state) hears
 * 'open', 'reconnecting' (the browser reconnects by itself) and 'down'
 * (the server refused the stream: refresh() runs every
 * FALLBACK_REFRESH_MS, and the stream is tried again each time). Returns a
 * function that stops following.
 */
export function follow(url, handlers, { onState = () => {}, refresh = null } = {}) {
    let source = null;
    let timer = null;
    let stopped = false;

    const fallback = () => {
        if (timer !== null || stopped) {
            return;
        }
        timer = window.setInterval(async () => {
            if (refresh) {
                try {
                    await refresh();
                } catch {
                    // the next round tries again
                }
            }
            if (!source || source.readyState === EventSource.CLOSED) {
                open();
            }
        }, FALLBACK_REFRESH_MS);
    };

    const open = () => {
        source?.close();
        source = new EventSource(url, { withCredentials: true });
        source.addEventListener('open', () => {
            if (timer !== null) {
                window.clearInterval(timer);
                timer = null;
            }
            onState('open');
        });
        source.addEventListener('error', () => {
            if (source.readyState === EventSource.CLOSED) {
                onState('down');
                fallback();
            } else {
                onState('reconnecting');
            }
        });
        for (const [name, fn] of Object.entries(handlers)) {
            source.addEventListener(name, (ev) => {
                let data = null;
                try {
                    data = ev.data ? JSON.parse(ev.data) : null;
                } catch {
                    return; // not ours to show
                }
                fn(data, ev);
            });
        }
    };

    open();
    return () => {
        stopped = true;
        source?.close();
        if (timer !== null) {
            window.clearInterval(timer);
        }
    };
}

/**
 * A function that runs fn (async) for a burst of calls: once now and, if
 * called again while fn runs, once more after it, so that a change that
 * was committed while the page was reading is never missed and two reads
 * never overlap (an older answer drawn over a newer one). Each call's
 * promise resolves once a run that started after it has finished.
 */
export function coalesce(fn) {
    let running = null;
    let again = false;
    return () => {
        if (running) {
            again = true;
            return running;
        }
        running = (async () => {
            try {
                do {
                    again = false;
                    await fn();
                } while (again);
            } finally {
                running = null;
            }
        })();
        return running;
    };
}

/** Calls fn every TICK_MS (running waiting times); returns a stop. */
export function ticking(fn) {
    const id = window.setInterval(fn, TICK_MS);
    return () => window.clearInterval(id);
}

/** The name of a leg's state ('waiting', 'no_show', ...) in the language. */
export function stateName(state) {
    const key = `floor.state.${state}`;
    return has(key) ? t(key) : String(state || '');
}

/** The name of a desk's state ('open', 'closed', 'paused'). */
export function deskStateName(state) {
    const key = `floor.deskState.${state}`;
    return has(key) ? t(key) : String(state || '');
}

/** Whole minutes from the instant iso until now (never negative), or null. */
export function minutesSince(iso, now = Date.now()) {
    if (!iso) {
        return null;
    }
    const then = Date.parse(iso);
    if (Number.isNaN(then)) {
        return null;
    }
    return Math.max(0, Math.floor((now - then) / 60_000));
}

/** "12 min" for the minutes since iso, or '' when unknown. */
export function waitingText(iso) {
    const m = minutesSince(iso);
    return m === null ? '' : t('floor.waited', { n: m });
}

/** A <time> that shows the minutes since iso and that refresh() redraws. */
export function waitingTime(iso) {
    const node = el('time', 'onestop-floor__waiting', waitingText(iso));
    if (iso) {
        node.dateTime = iso;
        node.dataset.since = iso;
    }
    return node;
}

/** Redraws every waitingTime() below root. */
export function refreshWaiting(root = document) {
    for (const node of root.querySelectorAll('[data-since]')) {
        node.textContent = waitingText(node.dataset.since);
    }
}

/** An instant's local time of day "09:40" in timeZone, or ''. */
export function clockTime(iso, timeZone = 'Europe/Amsterdam') {
    if (!iso) {
        return '';
    }
    if (/^\d{2}:\d{2}$/.test(iso)) {
        return iso;
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return String(iso);
    }
    return new Intl.DateTimeFormat(locale(), {
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
    }).format(date);
}

/** A desk's name from the API's forms: { name: {en, nl} }, a string, or
 *  null; the code when nothing else. */
export function deskName(desk) {
    if (!desk) {
        return '';
    }
    if (typeof desk !== 'object') {
        return String(desk);
    }
    return pick(desk.name) || desk.code || '';
}

/** A service's name in the language (its code when it has none). */
export function serviceName(service) {
    if (!service) {
        return '';
    }
    if (typeof service !== 'object') {
        return String(service);
    }
    return pick(service.name) || service.code || '';
}

/** "Given Surname" of a visitor or booking. */
export function personName(p) {
    if (!p) {
        return '';
    }
    if (typeof p.name === 'string') {
        return p.name;
    }
    if (p.name && typeof p.name === 'object') {
        return personName(p.name);
    }
    return [p.givenNames, p.surname].filter(Boolean).join(' ');
}

/** The message of an API refusal for a status line: the problem's detail,
 *  else its title, else fallbackKey's text. */
export function problemText(err, fallbackKey = 'floor.error.failed') {
    if (err && err.status === 0) {
        return t('common.networkError');
    }
    return (err && (err.detail || err.title)) || t(fallbackKey);
}

/** The API paths of the floor, in one place. */
export const floorPaths = {
    overview: (location) => `/floor?location=${encodeURIComponent(location)}`,
    checkIn: () => '/check-ins',
    expected: (location, text) => `/expected-visitors?location=${
        encodeURIComponent(location)}&q=${encodeURIComponent(text)}`,
    walkIn: () => '/walk-ins',
    departure: (visit) => `/visits/${encodeURIComponent(visit)}/departure`,
    deskQueue: (desk) => `/desks/${encodeURIComponent(desk)}/queue`,
    deskState: (desk, which) => `/desks/${encodeURIComponent(desk)}/${which}`,
    calls: (desk) => `/desks/${encodeURIComponent(desk)}/calls`,
    legStep: (leg, action) => `/visit-legs/${encodeURIComponent(leg)}/${action}`,
    floorEvents: (location) =>
        `/api/v1/locations/${encodeURIComponent(location)}/floor-events`,
};

/** The leg a visit is at now (its currentLeg), or null. */
export function currentLegOf(visit) {
    const legs = Array.isArray(visit && visit.legs) ? visit.legs : [];
    if (Number.isInteger(visit.currentLeg)) {
        return legs[visit.currentLeg] || null;
    }
    return null;
}

/**
 * One visitor at a desk or in a queue, from the API's forms (a visit with
 * its legs, a { visit, leg } pair, or a leg carrying its ticket):
 * { legId, ticket, name, persons, service, outcomeKind, state,
 *   appointmentAt, queuedAt, desk }, or null.
 */
export function entryOf(x) {
    if (!x || typeof x !== 'object') {
        return null;
    }
    let visit = x.visit || x;
    let leg = x.leg || null;
    if (!leg && Array.isArray(x.legs)) {
        leg = (x.legId && x.legs.find((l) => l.id === x.legId)) ||
            currentLegOf(x);
        visit = x;
    }
    if (!leg) {
        leg = x;
    }
    const service = leg.service || x.service || null;
    return {
        legId: leg.id ?? x.legId,
        visitId: visit.id ?? x.visitId ?? null,
        ticket: String(visit.ticket ?? x.ticket ?? ''),
        name: personName(visit.name && typeof visit.name === 'object'
            ? visit.name : visit),
        persons: visit.persons ?? 1,
        service,
        outcomeKind: (service && service.outcomeKind) || leg.outcomeKind ||
            'none',
        state: leg.state,
        appointmentAt: leg.appointmentAt || null,
        queuedAt: leg.queuedAt || null,
        desk: leg.desk || null,
    };
}

/** Why bsn (digits only) cannot be a BSN, as a text key, or '' when it
 *  passes the 11-proof. The server decides; this catches typing errors. */
export function bsnProblem(bsn) {
    if (!/^\d{9}$/.test(bsn)) {
        return 'desk.outcome.bsn.digits';
    }
    let sum = 0;
    for (let i = 0; i < 8; i++) {
        sum += Number(bsn[i]) * (9 - i);
    }
    sum -= Number(bsn[8]);
    if (sum % 11 !== 0 || /^0+$/.test(bsn)) {
        return 'desk.outcome.bsn.proof';
    }
    return '';
}

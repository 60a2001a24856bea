// SPDX-License-Identifier: AGPL-3.0-or-later
// The one way the pages call the API: JSON in and out over same-origin
// fetch, the session's CSRF token on every request that changes something,
// and problem+json answers turned into ApiError.

const BASE = '/api/v1';
const CSRF_KEY = 'onestop.csrf';

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
    constructor({ status, title, detail, type, invalidParams, body }) {
        super(detail || title || `HTTP ${status}`);
        this.name = 'ApiError';
        this.status = status;
        this.type = type || 'about:blank';
        this.title = title || '';
        this.detail = detail || '';
        this.invalidParams = Array.isArray(invalidParams)
            ? invalidParams.filter((p) => p && typeof p === 'object')
                .map((p) => ({ name: String(p.name ?? ''),
                    reason: String(p.reason ?? '') }))
            : [];
        /** The whole problem+json object (extension members included, such
         *  as the fresh `options` of a slot-taken answer), or null. */
        this.body = body && typeof body === 'object' ? body : null;
    }

    /** Whether this is the problem urn:onestop:problem:<slug>. */
    is(slug) {
        return this.type === `urn:onestop:problem:${slug}`;
    }
}

/** The CSRF token of the current session, or null. */
export function csrfToken() {
    try {
        return window.sessionStorage.getItem(CSRF_KEY);
    } catch {
        return null;
    }
}

function setCsrfToken(token) {
    try {
        if (token) {
            window.sessionStorage.setItem(CSRF_KEY, token);
        } else {
            window.sessionStorage.removeItem(CSRF_KEY);
        }
    } catch {
        // storage disabled: requests that change something will be refused
    }
}

async function problemFrom(res) {
    const type = res.headers.get('Content-Type') || '';
    let body = null;
    if (/json/i.test(type)) {
        try {
            body = await res.json();
        } catch {
            body = null;
        }
    }
    if (body && typeof body === 'object') {
        return new ApiError({
            status: res.status,
            type: body.type,
            title: body.title,
            detail: body.detail,
            invalidParams: body.invalidParams,
            body,
        });
    }
    return new ApiError({ status: res.status, title: res.statusText });
}

/**
 * Sends one request to /api/v1<path>. body, when given, is sent as JSON.
 * Resolves with the parsed JSON answer (null for an empty one); rejects
 * with ApiError for any status outside 2xx or when the server is not
 * reachable (status 0).
 *
 * options.headers  extra request headers (such as Booking-Token)
 * options.as       'text' to resolve with the answer's text instead of JSON
 *                  (a calendar file, an SVG image)
 */
export async function request(method, path, body, options = {}) {
    const headers = {
        Accept: options.as === 'text'
            ? '*/*'
            : 'application/json, application/problem+json',
        'Accept-Language': document.documentElement.lang || 'en',
        ...(options.headers || {}),
    };
    const init = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && method !== 'HEAD') {
        const token = csrfToken();
        if (token) {
            headers['X-CSRF-Token'] = token;
        }
    }
    let res;
    try {
        res = await fetch(BASE + path, init);
    } catch (err) {
        throw new ApiError({ status: 0, title: 'Network error',
            detail: err.message });
    }
    if (!res.ok) {
        throw await problemFrom(res);
    }
    if (res.status === 204) {
        return null;
    }
    const text = await res.text();
    if (options.as === 'text') {
        return text;
    }
    return text === '' ? null : JSON.parse(text);
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

/** The current session { user, csrfToken, expiresAt }, or null if none. */
export async function getSession() {
    try {
        const session = await get('/session');
        if (session && session.csrfToken) {
            setCsrfToken(session.csrfToken);
        }
        return session;
    } catch (err) {
        if (err.status === 401) {
            setCsrfToken(null);
            return null;
        }
        throw err;
    }
}

/** Signs in; resolves with the new session, rejects with ApiError. */
export async function signIn(username, password) {
    const session = await post('/session', { username, password });
    setCsrfToken(session && session.csrfToken);
    return session;
}

/** Signs out; a session that has already ended counts as signed out. */
export async function signOut() {
    try {
        await del('/session');
    } catch (err) {
        if (err.status !== 401) {
            throw err;
        }
    }
    setCsrfToken(null);
}

/* ---- bookings: what the public booking pages ask ---- */

/** The header that proves the right to a booking without signing in. */
function bookingHeaders(token) {
    return token ? { 'Booking-Token': token } : {};
}

function bookingPath(code, rest = '') {
    return `/bookings/${encodeURIComponent(code)}${rest}`;
}

/** A random UUID, also where crypto.randomUUID is missing (plain http). */
export function newIdempotencyKey() {
    if (typeof crypto.randomUUID === 'function') {
        return crypto.randomUUID();
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-` +
        `${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Itinerary options: { location, services: [codes], persons } and either
 * date (one day, up to 8 options and nearestDates) or from and to (up to
 * 31 days, up to 3 options per day).
 */
export function getAvailability({ location, services, persons, date, from, to }) {
    const q = new URLSearchParams({ location: String(location),
        services: services.join(','), persons: String(persons) });
    if (date) {
        q.set('date', date);
    } else {
        q.set('from', from);
        q.set('to', to);
    }
    return get(`/availability?${q}`);
}

/** Books; idempotencyKey makes a retry of the same attempt safe. */
export function createBooking(body, idempotencyKey) {
    return request('POST', '/bookings', body,
        { headers: { 'Idempotency-Key': idempotencyKey } });
}

export function getBooking(code, token) {
    return request('GET', bookingPath(code), undefined,
        { headers: bookingHeaders(token) });
}

export function cancelBooking(code, token) {
    return request('DELETE', bookingPath(code), undefined,
        { headers: bookingHeaders(token) });
}

export function moveBooking(code, token, option) {
    return request('PUT', bookingPath(code, '/itinerary'), { option },
        { headers: bookingHeaders(token) });
}

/** The booking's iCalendar file, as text. */
export function getBookingCalendar(code, token) {
    return request('GET', bookingPath(code, '/calendar'), undefined,
        { headers: bookingHeaders(token), as: 'text' });
}

/** The booking code's QR code, as SVG text. */
export function getBookingQr(code, token) {
    return request('GET', bookingPath(code, '/qr-code'), undefined,
        { headers: bookingHeaders(token), as: 'text' });
}

// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared pieces of the browser tests of the floor pages: a server whose
// "today" is a working morning whatever the hour and the weekday (its time
// zone is chosen so that the local time is about ten o'clock, and the
// desks used are opened all that day with no closure), bookings for
// today, signing in through the page, and waiting for the floor pages.

import assert from 'node:assert/strict';
import { startServer, api, signIn } from '../lib/server.mjs';

/** The demo centre (src/cli/demo.c). */
export const LOCATION = 1;
/** One visitor's day at three desks of three agencies. */
export const DAY_SERVICES = ['intake', 'brp-registration', 'ind-collect'];

/**
 * A fixed-offset zone (Etc/GMT±N) in which it is now between 08:00 and
 * 12:00, so that today still has a working day ahead. Etc/GMT-3 is UTC+3.
 */
export function morningZone(now = new Date()) {
    const hour = now.getUTCHours();
    let offset = 10 - hour;
    if (offset < -12) {
        offset += 24;
    }
    if (offset === 0) {
        return 'Etc/GMT';
    }
    return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** Today's date 'YYYY-MM-DD' in zone. */
export function todayIn(zone) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone,
        year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function weekdayOf(date) {
    return new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
}

async function call(server, session, method, urlPath, body) {
    return api(server.url, method, urlPath, {
        body, cookie: session.cookie, csrf: session.csrf });
}

/**
 * Starts the demo server with a morning "today" (see morningZone) and
 * every desk open from 07:00 to 20:00 on today's weekday without breaks
 * or closures. Resolves with { server, zone, today, admin } (admin: an API
 * session).
 */
export async function startFloorServer() {
    const zone = morningZone();
    const server = await startServer({ args: ['--set', `server.time_zone=${zone}`,
        '--set', 'booking.lead_minutes=0'] });
    const today = todayIn(zone);
    const admin = await signIn(server.url, server.logins.admin.username,
        server.logins.admin.password);
    const weekday = weekdayOf(today);
    const desks = await call(server, admin, 'GET', '/api/v1/desks?location=1');
    assert.equal(desks.status, 200, desks.text);
    for (const desk of desks.json.items) {
        const hours = desk.hours.filter((h) => h.weekday !== weekday);
        hours.push({ weekday, opens: '07:00', closes: '20:00' });
        const breaks = desk.breaks.filter((b) => b.weekday !== weekday);
        const res = await call(server, admin, 'PUT',
            `/api/v1/desks/${desk.id}/opening-hours`, { hours, breaks });
        assert.equal(res.status, 200, `hours of ${desk.code}: ${res.text}`);
    }
    const closures = await call(server, admin, 'GET',
        `/api/v1/closures?location=${LOCATION}&from=${today}&to=${today}`);
    assert.equal(closures.status, 200, closures.text);
    for (const closure of closures.json.items) {
        const res = await call(server, admin, 'DELETE',
            `/api/v1/closures/${closure.id}`);
        assert.equal(res.status, 204, res.text);
    }
    return { server, zone, today, admin };
}

let people = 0;

/** Books services for today through the API as staff; resolves with the
 *  booking (code and legs). */
export async function bookToday(ctx, services = DAY_SERVICES) {
    const { server, admin, today } = ctx;
    const av = await call(server, admin, 'GET', `/api/v1/availability?location=${
        LOCATION}&date=${today}&services=${services.join(',')}&persons=1`);
    assert.equal(av.status, 200, av.text);
    assert.ok(av.json.options.length > 0, `an option today (${today}) for ${services}`);
    people += 1;
    const res = await api(server.url, 'POST', '/api/v1/bookings', {
        body: { option: av.json.options[0].token, givenNames: `Ana ${people}`,
            surname: `Visitor-${process.pid}`, email: 'ana.visitor@example.org',
            language: 'en',
            // What the demo's eligibility rules ask (src/cli/demo.c).
            sponsorKvk: '12345678', residenceMunicipality: 'Maastricht',
            indLetterLocation: 'maastricht' },
        cookie: admin.cookie, csrf: admin.csrf,
        headers: { 'Idempotency-Key': `floor-${process.pid}-${people}-${Date.now()}` },
    });
    assert.equal(res.status, 201, res.text);
    return res.json;
}

/** Signs in through the sign-in page as login { username, password }. */
export async function signInThroughPage(page, base, login) {
    await page.goto(`${base}/sign-in`);
    await page.locator('[data-checking]').waitFor({ state: 'hidden' });
    if (await page.locator('[data-signed-in]').isVisible()) {
        return;
    }
    await page.locator('#username').fill(login.username);
    await page.locator('#password').fill(login.password);
    await page.locator('[data-sign-in-submit]').click();
    await page.locator('[data-signed-in]').waitFor();
}

/** Waits until the front desk page has loaded its overview. */
export async function frontDeskReady(page) {
    await page.locator('[data-floor-loading]').waitFor({ state: 'hidden' });
    await page.locator('[data-front-panel]:not([hidden]), ' +
        '[data-sign-in-needed]:not([hidden])').first().waitFor();
}

/** Waits until the desk console shows its desk (or what it needs). */
export async function deskReady(page) {
    await page.locator('[data-floor-loading]').waitFor({ state: 'hidden' });
    await page.locator('[data-desk-panel]:not([hidden]), ' +
        '[data-desk-choose]:not([hidden]), ' +
        '[data-sign-in-needed]:not([hidden])').first().waitFor();
}

/** The desks of the demo location by code. */
export async function desksByCode(ctx) {
    const res = await call(ctx.server, ctx.admin, 'GET', '/api/v1/desks?location=1');
    assert.equal(res.status, 200, res.text);
    return new Map(res.json.items.map((d) => [d.code, d]));
}

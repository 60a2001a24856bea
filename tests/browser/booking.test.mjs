// SPDX-License-Identifier: AGPL-3.0-or-later
// "My appointment" (/booking.html#code=…&token=…) against the demonstration
// deployment: a wrong or missing link says so clearly; the token goes only
// into the Booking-Token header; cancelling asks first; a booking with IND
// services explains that it can only be cancelled and booked again (and the
// server's refusal is shown if the page offers to move it anyway); an
// intake-only booking moves to another day.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, api } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, catalogue, assertServerHealthy,
    focusIs, manageReady, freeDays, optionsOn, bookServices, without,
} from './support.mjs';

const TEXT = { en: catalogue('en'), nl: catalogue('nl') };
const IND = ['ind-collect', 'ind-biometrics'];

let server;
let browser;

before(async () => {
    server = await startServer();
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    if (server) {
        await server.stop();
        assertServerHealthy(server);
    }
});

async function text(locator) {
    return ((await locator.textContent()) || '').trim();
}

function manageUrl(booking) {
    return `${server.url}${booking.manageUrl}`;
}

async function readBooking(booking) {
    const res = await api(server.url, 'GET', `/api/v1/bookings/${booking.code}`,
        { headers: { 'Booking-Token': booking.token } });
    assert.equal(res.status, 200, res.text);
    return res.json;
}

test('a wrong token, a wrong code or no link at all gives a clear message', async () => {
    const booking = await bookServices(server.url, ['intake']);
    const { context, page, problems } = await openPage(browser);
    try {
        for (const hash of [`#code=${booking.code}&token=wrong${booking.token}`,
            `#code=ZZZZZZZZ&token=${booking.token}`]) {
            await page.goto('about:blank'); // a new document, not a new fragment
            await page.goto(`${server.url}/booking.html${hash}`);
            await manageReady(page);
            const alert = page.locator('[data-manage-error]');
            assert.equal(await alert.getAttribute('role'), 'alert');
            assert.equal(await text(page.locator('[data-manage-error-text]')),
                TEXT.en['manage.error.notFound']);
            assert.ok(await page.locator('[data-booking-view]').isHidden());
            assert.ok(await page.locator('[data-actions]').isHidden());
            assert.ok(await alert.getByRole('link', { name: TEXT.en['manage.bookNew'] })
                .isVisible());
        }
        await page.goto(`${server.url}/booking.html`);
        await manageReady(page);
        assert.equal(await text(page.locator('[data-manage-error-text]')),
            TEXT.en['manage.error.noLink']);

        // The right link, opened in the same page, shows the booking.
        await page.evaluate((hash) => { window.location.hash = hash; },
            new URL(manageUrl(booking)).hash);
        await page.locator('[data-booking-code]').waitFor();
        await manageReady(page);
        await manageReady(page);
        assert.equal(await text(page.locator('[data-booking-code]')), booking.code);
        assert.ok(await page.locator('[data-manage-error]').isHidden());
        assertNoProblems(without(problems,
            `HTTP 404 for GET ${server.url}/api/v1/bookings/${booking.code}`,
            `HTTP 404 for GET ${server.url}/api/v1/bookings/ZZZZZZZZ`),
        'the manage page');
    } finally {
        await context.close();
    }
});

test('the token travels only in the Booking-Token header', async () => {
    const booking = await bookServices(server.url, ['intake']);
    const { context, page, problems } = await openPage(browser);
    const requests = [];
    page.on('request', (req) => requests.push(req));
    try {
        await page.goto(manageUrl(booking));
        await manageReady(page);
        await page.locator('img[data-qr]').waitFor();
        const apiCalls = requests.filter((r) => r.url().includes(`/bookings/${booking.code}`));
        assert.ok(apiCalls.length >= 3, 'the booking, its QR code and calendar file');
        for (const req of requests) {
            assert.ok(!req.url().includes(booking.token), `no token in ${req.url()}`);
            const headers = await req.allHeaders();
            assert.ok(!(headers.referer || '').includes(booking.token), 'no token in a Referer');
        }
        for (const req of apiCalls) {
            assert.equal((await req.allHeaders())['booking-token'], booking.token,
                `${req.url()} sends the Booking-Token header`);
        }
        assertNoProblems(problems, 'the manage page');
    } finally {
        await context.close();
    }
});

test('cancelling asks first, then cancels; the page shows the cancelled booking', async () => {
    const booking = await bookServices(server.url, ['intake']);
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(manageUrl(booking));
        await manageReady(page);
        assert.equal(await text(page.locator('[data-fact="status"]')),
            TEXT.en['visit.status.booked']);
        await page.locator('[data-cancel-start]').click();
        await focusIs(page, '#cancel-heading');
        assert.ok(await page.locator('[data-actions]').isHidden());
        assert.equal(await text(page.locator('[data-cancel-yes]')), TEXT.en['manage.cancel.yes']);
        assert.equal((await readBooking(booking)).status, 'booked',
            'nothing is cancelled before the confirmation');

        await page.locator('[data-cancel-yes]').click();
        await focusIs(page, '[data-manage-message]');
        assert.equal(await text(page.locator('[data-manage-message]')),
            TEXT.en['manage.cancel.done']);
        assert.equal(await text(page.locator('[data-fact="status"]')),
            TEXT.en['visit.status.cancelled']);
        assert.equal((await readBooking(booking)).status, 'cancelled');

        // Opened again later: cancelled, nothing to change.
        await page.reload();
        await manageReady(page);
        assert.equal(await text(page.locator('[data-fact="status"]')),
            TEXT.en['visit.status.cancelled']);
        assert.ok(await page.locator('[data-actions]').isHidden());
        assert.equal(await page.locator('img[data-qr], [data-calendar-link]').count(), 0);
        assert.ok(await page.locator('[data-book-again]').isVisible());
        assertNoProblems(problems, 'the manage page');
    } finally {
        await context.close();
    }
});

test('an IND appointment can only be cancelled and booked again', async () => {
    const booking = await bookServices(server.url, IND);
    assert.equal(booking.canReschedule, false);
    const { context, page, problems } = await openPage(browser, { locale: 'nl-NL' });
    try {
        await page.goto(manageUrl(booking));
        await manageReady(page);
        const why = page.locator('[data-no-reschedule]');
        assert.ok(await why.isVisible());
        assert.equal(await text(why), TEXT.nl['manage.reschedule.notAllowed']);
        assert.ok(await page.locator('[data-reschedule-start]').isHidden());
        assert.ok(await page.locator('[data-cancel-start]').isVisible());

        await page.getByRole('button', { name: /^EN\b/ }).click();
        await page.locator('html[lang="en"]').waitFor();
        assert.equal(await text(why), TEXT.en['manage.reschedule.notAllowed']);
        assertNoProblems(problems, 'the manage page');
    } finally {
        await context.close();
    }
});

test('when the server refuses to move an IND appointment, the page says so', async () => {
    const booking = await bookServices(server.url, IND);
    const { context, page, problems } = await openPage(browser);
    try {
        // A page that believed the booking could move (an older answer,
        // say) offers it; the server's 403 must then be explained.
        await page.route(`**/api/v1/bookings/${booking.code}`, async (route) => {
            if (route.request().method() !== 'GET') {
                await route.fallback();
                return;
            }
            const res = await route.fetch();
            const body = await res.json();
            await route.fulfill({ response: res, json: { ...body, canReschedule: true } });
        });
        await page.goto(manageUrl(booking));
        await manageReady(page);
        await page.locator('[data-reschedule-start]').click();
        await focusIs(page, '#reschedule-heading');
        const radio = page.locator('[data-options] input[name="option"]').first();
        await radio.waitFor();
        await radio.check();
        await page.locator('[data-option-submit]').click();
        await focusIs(page, '[data-manage-message]');
        assert.equal(await text(page.locator('[data-manage-message]')),
            TEXT.en['manage.reschedule.refused']);
        assert.ok(await page.locator('[data-reschedule]').isHidden());
        assert.ok(await page.locator('[data-no-reschedule]').isVisible());
        assert.ok(await page.locator('[data-reschedule-start]').isHidden());
        assert.equal((await readBooking(booking)).date, booking.date, 'nothing moved');
        assertNoProblems(without(problems,
            `HTTP 403 for PUT ${server.url}/api/v1/bookings/${booking.code}/itinerary`),
        'the manage page');
    } finally {
        await context.close();
    }
});

test('an intake appointment moves to another day', async () => {
    const days = await freeDays(server.url, ['intake']);
    assert.ok(days.length >= 2, 'two free days for the intake');
    const booking = await bookServices(server.url, ['intake'], { date: days[0].date });
    assert.equal(booking.canReschedule, true);
    const target = days[1].date;
    const targetOptions = await optionsOn(server.url, ['intake'], target);
    const option = targetOptions[1];
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(manageUrl(booking));
        await manageReady(page);
        assert.ok(await page.locator('[data-no-reschedule]').isHidden());
        await page.locator('[data-reschedule-start]').click();
        await focusIs(page, '#reschedule-heading');
        await page.locator(`[data-days] button[data-date="${target}"]`).click();
        await page.locator(`[data-options] input[value="${option.token}"]`).check();
        assert.equal(await text(page.locator('[data-option-submit]')),
            TEXT.en['manage.reschedule.submit']);
        await page.locator('[data-option-submit]').click();

        await focusIs(page, '[data-manage-message]');
        assert.equal(await text(page.locator('[data-manage-message]')),
            TEXT.en['manage.reschedule.done']);
        assert.ok(await page.locator('[data-reschedule]').isHidden());
        const moved = await readBooking(booking);
        assert.equal(moved.date, target);
        assert.equal(moved.arrival, option.arrival);
        assert.equal(moved.code, booking.code, 'the same booking, moved');
        assert.ok((await text(page.locator('[data-fact="time"]'))).includes(option.arrival));
        assert.ok((await text(page.locator('[data-plan] tbody tr').first()))
            .includes(option.legs[0].startsAt));

        // The calendar file follows the new date.
        const [download] = await Promise.all([page.waitForEvent('download'),
            page.locator('[data-calendar-link]').click()]);
        const ics = await readFile(await download.path(), 'utf8');
        assert.ok(ics.includes(target.replaceAll('-', '')), 'the new date in the calendar');
        assert.ok(!ics.includes(`${days[0].date.replaceAll('-', '')}T`), 'not the old one');

        // "Keep the current time" closes the picker again.
        await page.locator('[data-reschedule-start]').click();
        await focusIs(page, '#reschedule-heading');
        await page.locator('[data-reschedule-stop]').click();
        await focusIs(page, '[data-reschedule-start]');
        assertNoProblems(problems, 'the manage page');
    } finally {
        await context.close();
    }
});

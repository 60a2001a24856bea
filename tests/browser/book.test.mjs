// SPDX-License-Identifier: AGPL-3.0-or-later
// The public booking page against the demonstration deployment: a
// newcomer books intake, collecting the residence document and biometrics
// in one visit with the keyboard alone, sees the booking code and QR code,
// downloads the calendar file, opens the private link and cancels; the same
// in Dutch; and a time that someone else books meanwhile (409 slot-taken)
// brings back fresh options instead of an error.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, api, signIn } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, catalogue, assertServerHealthy,
    tabUntil, focusIs, bookReady, manageReady, freeDays, optionsOn, bookOption,
    without,
} from './support.mjs';

const TEXT = { en: catalogue('en'), nl: catalogue('nl') };
const THREE = ['intake', 'ind-collect', 'ind-biometrics'];
const IND_WEEKDAYS = [2, 4, 5]; // Tuesday, Thursday, Friday

let server;
let browser;
let services;

function fill(template, vars) {
    return template.replace(/\{(\w+)\}/g, (m, k) => String(vars[k]));
}

function weekday(iso) {
    const day = new Date(`${iso}T12:00:00Z`).getUTCDay();
    return day === 0 ? 7 : day;
}

async function text(locator) {
    return ((await locator.textContent()) || '').trim();
}

before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const res = await api(server.url, 'GET', '/api/v1/services');
    assert.equal(res.status, 200, res.text);
    services = res.json.items;
});

after(async () => {
    await browser?.close();
    if (server) {
        await server.stop();
        assertServerHealthy(server);
    }
});

function service(code) {
    return services.find((s) => s.code === code);
}

/** A free day after today for the three services, and its options. */
async function visitDay(skip = 0) {
    const days = await freeDays(server.url, THREE);
    assert.ok(days.length > skip, 'the demo has free days for the three services');
    const { date } = days[skip];
    assert.ok(IND_WEEKDAYS.includes(weekday(date)),
        `${date} is a Tuesday, Thursday or Friday: the IND desks are open`);
    return { date, options: await optionsOn(server.url, THREE, date) };
}

/** Checks a downloaded calendar file; returns its text. */
async function calendarOf(download, code, events) {
    assert.equal(download.suggestedFilename(), `onestop-${code}.ics`);
    const ics = await readFile(await download.path(), 'utf8');
    assert.ok(ics.startsWith('BEGIN:VCALENDAR'), `a calendar file: ${ics.slice(0, 40)}`);
    assert.equal((ics.match(/^BEGIN:VEVENT/gm) || []).length, events,
        `${events} events, one per appointment`);
    return ics;
}

/** Ticks the services and asks for free times with the mouse. */
async function chooseServices(page, codes) {
    await bookReady(page);
    for (const code of codes) {
        await page.locator(`#service-${code}`).check();
    }
    await page.locator('[data-services-submit]').click();
    await focusIs(page, '#step-when-heading');
}

/** Picks date among the day buttons and waits for option token. */
async function chooseDay(page, date, token) {
    await page.locator(`[data-days] button[data-date="${date}"]`).click();
    await page.locator(`[data-options] input[value="${token}"]`).waitFor();
}

async function fillDetails(page, person) {
    await page.locator('#givenNames').fill(person.givenNames);
    await page.locator('#surname').fill(person.surname);
    await page.locator('#email').fill(person.email);
    // Collecting a residence document asks where the IND letter says.
    const letter = page.locator('#indLetterLocation');
    if (await letter.isVisible()) {
        await letter.selectOption(person.letter || 'maastricht');
    }
}

test('a newcomer books three services with the keyboard, gets code, QR code and calendar, then manages and cancels', async () => {
    const { date, options } = await visitDay();
    const option = options[0];
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/book`);
        await bookReady(page);
        assert.equal(await page.title(), TEXT.en['page.book.title']);
        assert.equal(await text(page.locator('h1')), TEXT.en['book.heading']);

        // Only what the public may book is offered.
        const offered = await page.locator('[data-service-list] input[name="services"]')
            .evaluateAll((inputs) => inputs.map((i) => i.value));
        assert.deepEqual(offered, services.filter((s) => s.bookableBy.includes('public'))
            .map((s) => s.code));
        assert.ok(!offered.includes('brp-registration'));
        const intake = page.locator('[data-service="intake"]');
        assert.match(await text(intake.locator('.onestop-choice__meta')),
            new RegExp(`^${fill(TEXT.en['common.minutes'], { n: service('intake').minutes })}`));
        assert.deepEqual(await intake.locator('.onestop-choice__documents li').allTextContents(),
            service('intake').documents.map((d) => d.en));

        // Step 1 with the keyboard: Space ticks, Enter asks for times.
        await tabUntil(page, '#service-intake');
        await page.keyboard.press('Space');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Space');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Space');
        for (const code of THREE) {
            assert.ok(await page.locator(`#service-${code}`).isChecked(), `${code} ticked`);
        }
        await tabUntil(page, '[data-services-submit]');
        await page.keyboard.press('Enter');

        // Step 2: focus on its heading; the next days come as buttons.
        await focusIs(page, '#step-when-heading');
        const dayButton = page.locator(`[data-days] button[data-date="${date}"]`);
        await dayButton.waitFor();
        assert.match(await text(dayButton), new RegExp(
            fill(TEXT.en['picker.day.first'], { time: '\\d\\d:\\d\\d' })));
        await tabUntil(page, `[data-days] button[data-date="${date}"]`);
        await page.keyboard.press('Enter');
        await page.locator(`[data-options] input[value="${option.token}"]`).waitFor();
        assert.equal(await dayButton.getAttribute('aria-pressed'), 'true');
        await focusIs(page, `[data-days] button[data-date="${date}"]`);
        assert.match(await text(page.locator('[data-picker-status]')),
            /times are free on|time is free on/);
        const radios = page.locator('[data-options] input[name="option"]');
        assert.equal(await radios.count(), options.length);
        const first = page.locator('[data-options] .onestop-option').first();
        assert.match(await text(first.locator('label')), new RegExp(
            fill(TEXT.en['common.timeRange'], { from: option.arrival, to: option.departure })));
        assert.equal(await first.locator('.onestop-plan-list__item').count(), 3,
            'each option lists its three legs');

        await tabUntil(page, `[data-options] input[value="${option.token}"]`);
        await page.keyboard.press('Space');
        assert.ok(await page.locator(`[data-options] input[value="${option.token}"]`).isChecked());
        await tabUntil(page, '[data-option-submit]');
        await page.keyboard.press('Enter');

        // Step 3: the details, typed.
        await focusIs(page, '#step-details-heading');
        assert.match(await text(page.locator('[data-chosen]')),
            new RegExp(`${option.arrival} to ${option.departure}`));
        await tabUntil(page, '#givenNames');
        await page.keyboard.type('Amara');
        await page.keyboard.press('Tab');
        await page.keyboard.type('Okafor');
        await page.keyboard.press('Tab');
        await page.keyboard.type('amara.okafor@example.org');
        await page.keyboard.press('Tab');
        await page.keyboard.type('+31 6 12345678');
        // Collecting the residence document asks which location the IND
        // letter names: the centre itself, chosen with the arrow key.
        assert.ok(await page.locator('[data-rules-fieldset]').isVisible());
        assert.ok(await page.locator('#residenceMunicipality').isHidden());
        await tabUntil(page, '#indLetterLocation');
        await page.keyboard.press('ArrowDown');
        assert.equal(await page.locator('#indLetterLocation').inputValue(), 'maastricht');
        await tabUntil(page, '[data-details-submit]');
        await page.keyboard.press('Enter');

        // Step 4: the confirmation.
        await focusIs(page, '#step-done-heading');
        assert.ok(await page.locator('[data-step="services"]').isHidden());
        assert.ok(await page.locator('[data-step="details"]').isHidden());
        const code = await text(page.locator('[data-booking-code]'));
        assert.match(code, /^[A-Z0-9]{8}$/, `a booking code: ${code}`);
        const qr = page.locator('img[data-qr]');
        await qr.waitFor();
        assert.equal(await qr.getAttribute('alt'), fill(TEXT.en['visit.qrAlt'], { code }));
        assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
        assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0),
            'the QR code image loads under the CSP');
        const rows = page.locator('[data-plan] tbody tr');
        assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.leg)),
            option.legs.map((l) => l.service.code), 'the plan of the day, leg by leg');
        for (const [i, leg] of option.legs.entries()) {
            const row = await text(rows.nth(i));
            assert.ok(row.includes(leg.startsAt) && row.includes(leg.service.name.en) &&
                row.includes(leg.desk.name.en), `leg ${i}: ${row}`);
        }
        for (const code3 of THREE) {
            assert.deepEqual(await page.locator(`[data-documents="${code3}"] li`).allTextContents(),
                service(code3).documents.map((d) => d.en), `documents for ${code3}`);
        }

        // The calendar file, downloaded with the keyboard.
        await tabUntil(page, '[data-calendar-link]');
        const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.keyboard.press('Enter'),
        ]);
        const ics = await calendarOf(download, code, 3);
        assert.ok(ics.includes(date.replaceAll('-', '')), 'the events are on the visit date');

        // The private management link: after '#', never in the query.
        const manage = page.locator('[data-manage-link]');
        const href = await manage.getAttribute('href');
        const url = new URL(href);
        assert.equal(url.pathname, '/booking.html');
        assert.equal(url.search, '');
        const hash = new URLSearchParams(url.hash.slice(1));
        assert.equal(hash.get('code'), code);
        assert.ok(hash.get('token').length > 20);
        assert.equal(await text(manage), href, 'the link is written out to copy');
        assert.equal(await text(page.locator('.onestop-private__warning')),
            TEXT.en['book.done.managePrivate']);

        const saved = await api(server.url, 'GET', `/api/v1/bookings/${code}`,
            { headers: { 'Booking-Token': hash.get('token') } });
        assert.equal(saved.status, 200, saved.text);
        assert.equal(saved.json.date, date);
        assert.deepEqual(saved.json.person, { givenNames: 'Amara', surname: 'Okafor',
            email: 'amara.okafor@example.org', phone: '+31 6 12345678', language: 'en' });

        // The manage page shows the same booking; IND legs cannot be moved.
        await tabUntil(page, '[data-manage-link]');
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/booking\.html#/);
        await manageReady(page);
        assert.equal(await text(page.locator('h1')), TEXT.en['manage.heading']);
        assert.equal(await text(page.locator('[data-booking-code]')), code);
        assert.equal(await text(page.locator('[data-fact="status"]')),
            TEXT.en['visit.status.booked']);
        assert.equal(await page.locator('[data-plan] tbody tr').count(), 3);
        await page.locator('img[data-qr]').waitFor();
        assert.ok(await page.locator('[data-calendar-link]').isVisible());
        assert.ok(await page.locator('[data-no-reschedule]').isVisible());

        // Cancelling asks first; "No" keeps it, "Yes" cancels.
        await tabUntil(page, '[data-cancel-start]');
        await page.keyboard.press('Enter');
        await focusIs(page, '#cancel-heading');
        await tabUntil(page, '[data-cancel-no]');
        await page.keyboard.press('Enter');
        await focusIs(page, '[data-cancel-start]');
        assert.ok(await page.locator('[data-cancel-confirm]').isHidden());
        await page.keyboard.press('Enter');
        await focusIs(page, '#cancel-heading');
        await tabUntil(page, '[data-cancel-yes]');
        await page.keyboard.press('Enter');
        await focusIs(page, '[data-manage-message]');
        assert.equal(await text(page.locator('[data-manage-message]')),
            TEXT.en['manage.cancel.done']);
        assert.equal(await text(page.locator('[data-fact="status"]')),
            TEXT.en['visit.status.cancelled']);
        assert.ok(await page.locator('[data-actions]').isHidden());
        assert.equal(await page.locator('img[data-qr], [data-calendar-link]').count(), 0);
        assert.ok(await page.locator('[data-book-again]').isVisible());

        const gone = await api(server.url, 'GET', `/api/v1/bookings/${code}`,
            { headers: { 'Booking-Token': hash.get('token') } });
        assert.equal(gone.json.status, 'cancelled');
        assertNoProblems(problems, 'the booking and manage pages');
    } finally {
        await context.close();
    }
});

test('errors in the details come back next to their fields', async () => {
    const { date, options } = await visitDay();
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/book`);
        await chooseServices(page, ['intake']);
        const intakeOptions = await optionsOn(server.url, ['intake'], date);
        await chooseDay(page, date, intakeOptions[0].token);

        // Continuing without a time marks the radio group.
        await page.locator('[data-option-submit]').click();
        const optionSummary = page.locator('[data-picker-options] [data-error-summary]');
        await optionSummary.waitFor();
        assert.ok(await text(optionSummary).then((s) => s.includes(TEXT.en['picker.error.option'])));
        assert.equal(await page.locator('[data-options] input[aria-invalid="true"]').count(),
            intakeOptions.length);

        await page.locator(`[data-options] input[value="${intakeOptions[0].token}"]`).check();
        await page.locator('[data-option-submit]').click();
        await focusIs(page, '#step-details-heading');
        // An intake has no rules: nothing more is asked.
        assert.ok(await page.locator('[data-rules-fieldset]').isHidden());
        await page.locator('#email').fill('not an address');
        await page.locator('[data-details-submit]').click();

        const summary = page.locator('[data-details-form] [data-error-summary]');
        await summary.waitFor();
        await focusIs(page, '[data-details-form] [data-error-summary]');
        for (const [field, key] of [['givenNames', 'book.error.givenNames'],
            ['surname', 'book.error.surname'], ['email', 'book.error.email']]) {
            const input = page.locator(`#${field}`);
            assert.equal(await input.getAttribute('aria-invalid'), 'true', field);
            const described = await input.getAttribute('aria-describedby');
            assert.ok(described.includes(`${field}-error`), `${field} is described by its message`);
            assert.ok((await text(page.locator(`#${field}-error`))).includes(TEXT.en[key]),
                `the message next to ${field}`);
        }
        assert.equal(await page.locator('#phone').getAttribute('aria-invalid'), null);
        await summary.getByRole('link').first().click();
        await focusIs(page, '#givenNames');

        await fillDetails(page, { givenNames: 'Li', surname: 'Wei', email: 'li.wei@example.org' });
        await page.locator('[data-details-submit]').click();
        await focusIs(page, '#step-done-heading');
        assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
        assert.ok(options.length > 0);
        assertNoProblems(without(problems, `HTTP 400 for POST ${server.url}/api/v1/bookings`),
            'the booking page');
    } finally {
        await context.close();
    }
});

test('the booking page in Dutch: every step, the confirmation and the manage page', async () => {
    const { date, options } = await visitDay(1);
    const option = options[0];
    const nl = TEXT.nl;
    const { context, page, problems } = await openPage(browser, { locale: 'nl-NL' });
    try {
        await page.goto(`${server.url}/`);
        await page.locator('[data-book-cta]').click();
        await page.waitForURL(/\/book$/);
        await bookReady(page);
        assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
        assert.equal(await page.title(), nl['page.book.title']);
        assert.equal(await text(page.locator('h1')), nl['book.heading']);
        assert.equal(await text(page.locator('#step-services-heading')), nl['book.services.heading']);
        assert.equal(await text(page.locator('[data-services-form] legend')),
            nl['book.services.legend']);
        assert.equal(await text(page.locator('label[for="service-intake"]')),
            service('intake').name.nl);
        assert.equal(await text(page.locator('label[for="persons"]')), nl['book.persons.label']);
        assert.equal(await text(page.locator('[data-services-submit]')), nl['book.services.submit']);
        assert.equal(await text(page.locator('[data-book-link]')), nl['nav.book']);

        await chooseServices(page, THREE);
        assert.equal(await text(page.locator('#step-when-heading')), nl['book.when.heading']);
        await chooseDay(page, date, option.token);
        assert.match(await text(page.locator('[data-picker-options] legend')),
            /^Kies een tijd op \w+dag \d+ \w+ \d{4}$/);
        assert.match(await text(page.locator('[data-picker-status]')), /vrij\.$/);
        const firstOption = page.locator('[data-options] .onestop-option').first();
        assert.ok((await text(firstOption)).includes(`${option.legs[0].service.name.nl} bij ` +
            `${option.legs[0].desk.name.nl}`), 'the legs in Dutch');
        assert.equal(await text(page.locator('[data-option-submit]')), nl['book.when.submit']);
        await page.locator(`[data-options] input[value="${option.token}"]`).check();
        await page.locator('[data-option-submit]').click();

        await focusIs(page, '#step-details-heading');
        assert.equal(await text(page.locator('#step-details-heading')), nl['book.details.heading']);
        for (const [field, key] of [['givenNames', 'book.details.givenNames'],
            ['surname', 'book.details.surname'], ['email', 'book.details.email'],
            ['phone', 'book.details.phone'], ['language', 'book.details.language']]) {
            assert.equal(await text(page.locator(`label[for="${field}"]`)), nl[key]);
        }
        assert.equal(await page.locator('#language').inputValue(), 'nl',
            'the language of the page is the default');
        assert.equal(await text(page.locator('[data-details-submit]')), nl['book.details.submit']);
        await fillDetails(page, { givenNames: 'Sanne', surname: 'de Vries',
            email: 'sanne@example.org' });
        await page.locator('[data-details-submit]').click();

        await focusIs(page, '#step-done-heading');
        assert.equal(await text(page.locator('#step-done-heading')), nl['book.done.heading']);
        assert.equal(await text(page.locator('.onestop-booking-code-box__label')), nl['visit.code']);
        const code = await text(page.locator('[data-booking-code]'));
        assert.equal(await page.locator('img[data-qr]').getAttribute('alt'),
            fill(nl['visit.qrAlt'], { code }));
        assert.deepEqual(await page.locator('[data-plan] thead th').allTextContents(),
            [nl['visit.plan.time'], nl['visit.plan.service'], nl['visit.plan.desk']]);
        assert.deepEqual(await page.locator('[data-documents="ind-collect"] li').allTextContents(),
            service('ind-collect').documents.map((d) => d.nl));
        const link = page.locator('[data-calendar-link]');
        assert.equal(await text(link), nl['visit.calendar.link']);
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        const ics = await calendarOf(download, code, 3);
        assert.ok(ics.includes('Boekingscode'), 'the calendar file is in Dutch too');

        await page.locator('[data-manage-link]').click();
        await manageReady(page);
        assert.equal(await text(page.locator('h1')), nl['manage.heading']);
        assert.equal(await text(page.locator('[data-fact="status"]')), nl['visit.status.booked']);
        assert.equal(await text(page.locator('[data-cancel-start]')), nl['manage.cancel.start']);
        assert.equal(await text(page.locator('[data-no-reschedule]')),
            nl['manage.reschedule.notAllowed']);
        assertNoProblems(problems, 'the booking pages in Dutch');
    } finally {
        await context.close();
    }
});

test('switching language halfway keeps the choices and re-renders the steps', async () => {
    const { date, options } = await visitDay();
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/book`);
        await chooseServices(page, THREE);
        await chooseDay(page, date, options[1].token);
        await page.locator(`[data-options] input[value="${options[1].token}"]`).check();

        await page.getByRole('button', { name: /^NL\b/ }).click();
        await page.locator('html[lang="nl"]').waitFor();
        assert.equal(await text(page.locator('#step-when-heading')), TEXT.nl['book.when.heading']);
        assert.equal(await text(page.locator('label[for="service-ind-collect"]')),
            service('ind-collect').name.nl);
        for (const code of THREE) {
            assert.ok(await page.locator(`#service-${code}`).isChecked(), `${code} still ticked`);
        }
        assert.ok(await page.locator(`[data-options] input[value="${options[1].token}"]`)
            .isChecked(), 'the chosen time stays chosen');
        assert.match(await text(page.locator('[data-picker-options] legend')), /^Kies een tijd op/);

        // Changing the first step afterwards puts the later steps away.
        await page.locator('#persons').selectOption('2');
        await page.locator('[data-step="when"]').waitFor({ state: 'hidden' });
        assertNoProblems(problems, 'the booking page');
    } finally {
        await context.close();
    }
});

test('a time taken by someone else meanwhile brings back fresh options', async () => {
    const { date, options } = await visitDay();
    const taken = options[0];
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/book`);
        await chooseServices(page, THREE);
        await chooseDay(page, date, taken.token);
        await page.locator(`[data-options] input[value="${taken.token}"]`).check();
        await page.locator('[data-option-submit]').click();
        await focusIs(page, '#step-details-heading');
        await fillDetails(page, { givenNames: 'Jonas', surname: 'Berg',
            email: 'jonas.berg@example.org' });

        // Another visitor books exactly this itinerary first.
        await bookOption(server.url, taken.token);
        await page.locator('[data-details-submit]').click();

        await focusIs(page, '#step-when-heading');
        const notice = page.locator('[data-picker-notice]');
        assert.equal(await notice.getAttribute('role'), 'alert');
        assert.equal(await text(notice), TEXT.en['book.when.taken']);
        assert.ok(await page.locator('[data-step="details"]').isHidden());
        const fresh = await page.locator('[data-options] input[name="option"]')
            .evaluateAll((inputs) => inputs.map((i) => i.value));
        assert.ok(fresh.length > 0, 'fresh options are offered');
        assert.ok(!fresh.includes(taken.token), 'the taken itinerary is not offered again');
        assert.equal(await page.locator('[data-options] input:checked').count(), 0);

        await page.locator(`[data-options] input[value="${fresh[0]}"]`).check();
        await page.locator('[data-option-submit]').click();
        await focusIs(page, '#step-details-heading');
        assert.equal(await page.locator('#givenNames').inputValue(), 'Jonas',
            'the details are still there');
        await page.locator('[data-details-submit]').click();
        await focusIs(page, '#step-done-heading');
        assert.match(await text(page.locator('[data-booking-code]')), /^[A-Z0-9]{8}$/);
        assertNoProblems(without(problems, `HTTP 409 for POST ${server.url}/api/v1/bookings`),
            'the booking page');
    } finally {
        await context.close();
    }
});

test('a full day offers its nearest free dates as buttons', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        const days = await freeDays(server.url, ['ind-collect']);
        // The first weekday without IND desks after the first free day.
        let full = days[0].date;
        do {
            const [y, m, d] = full.split('-').map(Number);
            full = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
        } while (IND_WEEKDAYS.includes(weekday(full)));
        await page.goto(`${server.url}/book`);
        await chooseServices(page, ['ind-collect']);
        await page.locator('[data-picker-options]:not([hidden])').waitFor();
        await page.locator('#book-date').fill(full);
        await page.locator('[data-date-submit]').click();
        const nearest = page.locator('[data-nearest] button[data-nearest-date]');
        await nearest.first().waitFor();
        assert.ok(await page.locator('[data-picker-options] fieldset').isHidden());
        const dates = await nearest.evaluateAll((b) => b.map((x) => x.dataset.nearestDate));
        for (const d of dates) {
            assert.ok(IND_WEEKDAYS.includes(weekday(d)), `${d} is an IND day`);
        }
        await nearest.first().click();
        await page.locator('[data-options] input[name="option"]').first().waitFor();
        assert.equal(await page.locator('#book-date').inputValue(), dates[0]);
        await focusIs(page, '[data-picker-status]');
        assertNoProblems(problems, 'the booking page');
    } finally {
        await context.close();
    }
});

test('a retry after a lost answer sends the same Idempotency-Key and books once', async () => {
    const days = await freeDays(server.url, ['intake']);
    const { date } = days[0];
    const [option] = await optionsOn(server.url, ['intake'], date);
    const { context, page, problems } = await openPage(browser);
    const keys = [];
    let firstCode = null;
    try {
        await page.route('**/api/v1/bookings', async (route) => {
            const req = route.request();
            if (req.method() !== 'POST') {
                await route.fallback();
                return;
            }
            keys.push(req.headers()['idempotency-key']);
            if (keys.length === 1) {
                // The booking is made, but its answer never arrives.
                const res = await route.fetch();
                firstCode = (await res.json()).code;
                await route.abort('connectionreset');
                return;
            }
            await route.fallback();
        });
        await page.goto(`${server.url}/book`);
        await chooseServices(page, ['intake']);
        await chooseDay(page, date, option.token);
        await page.locator(`[data-options] input[value="${option.token}"]`).check();
        await page.locator('[data-option-submit]').click();
        await focusIs(page, '#step-details-heading');
        await fillDetails(page, { givenNames: 'Noor', surname: 'Haddad',
            email: 'noor.haddad@example.org' });
        await page.locator('[data-details-submit]').click();
        const summary = page.locator('[data-details-form] [data-error-summary]');
        await summary.waitFor();
        assert.ok((await text(summary)).includes(TEXT.en['common.networkError']));
        assert.match(firstCode, /^[A-Z0-9]{8}$/, 'the first attempt did book');

        await page.locator('[data-details-submit]').click();
        await focusIs(page, '#step-done-heading');
        assert.equal(await text(page.locator('[data-booking-code]')), firstCode,
            'the retry gets the same booking, not a second one');
        assert.equal(keys.length, 2);
        assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(keys[1], keys[0], 'the retry reuses the Idempotency-Key');
        assertNoProblems(without(problems,
            `request failed: POST ${server.url}/api/v1/bookings`,
            'console error: Failed to load resource: net::ERR_CONNECTION_RESET'),
        'the booking page');
    } finally {
        await context.close();
    }
});

test('what a chosen service\'s rules ask is asked; a refusal comes back next to its field', async () => {
    const { username, password } = server.logins.admin;
    const admin = await signIn(server.url, username, password);
    const rules = (body) => api(server.url, 'PUT',
        '/api/v1/services/ind-return-visa/eligibility',
        { cookie: admin.cookie, csrf: admin.csrf, body });
    // For this test only: the return visa for two municipalities' residents.
    const set = await rules({ rules: [{ rule: 'residence-municipality',
        municipalities: ['Maastricht', 'Heerlen'] }] });
    assert.equal(set.status, 200, set.text);
    const { context, page, problems } = await openPage(browser);
    try {
        for (const [codes, letterAsked, homeAsked] of [
            [['ind-collect'], true, false],
            [['ind-return-visa'], false, true],
        ]) {
            const days = await freeDays(server.url, codes);
            const [option] = await optionsOn(server.url, codes, days[0].date);
            await page.goto(`${server.url}/book`);
            await chooseServices(page, codes);
            await chooseDay(page, days[0].date, option.token);
            await page.locator(`[data-options] input[value="${option.token}"]`).check();
            await page.locator('[data-option-submit]').click();
            await focusIs(page, '#step-details-heading');
            assert.equal(await page.locator('#indLetterLocation').isVisible(), letterAsked);
            assert.equal(await page.locator('#residenceMunicipality').isVisible(), homeAsked);
            await page.locator('#givenNames').fill('Ravi');
            await page.locator('#surname').fill('Patel');
            await page.locator('#email').fill('ravi.patel@example.org');
            const field = letterAsked ? 'indLetterLocation' : 'residenceMunicipality';
            const key = letterAsked ? 'book.error.rule.letter'
                : 'book.error.rule.municipality';
            if (letterAsked) {
                assert.equal(await text(page.locator('label[for="indLetterLocation"]')),
                    TEXT.en['book.rules.letter']);
                await page.locator('#indLetterLocation').selectOption('other');
            } else {
                assert.deepEqual(await page.locator('#municipalities option')
                    .evaluateAll((o) => o.map((x) => x.value)), ['Maastricht', 'Heerlen']);
                await page.locator('#residenceMunicipality').fill('Utrecht');
            }
            await page.locator('[data-details-submit]').click();
            const summary = page.locator('[data-details-form] [data-error-summary]');
            await summary.waitFor();
            assert.ok((await text(summary)).includes(TEXT.en[key]), await text(summary));
            assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true');
            assert.ok((await text(page.locator(`#${field}-error`))).includes(TEXT.en[key]));
            if (letterAsked) {
                await page.locator('#indLetterLocation').selectOption('maastricht');
            } else {
                await page.locator('#residenceMunicipality').fill('Heerlen');
            }
            await page.locator('[data-details-submit]').click();
            await focusIs(page, '#step-done-heading');
            assert.match(await text(page.locator('[data-booking-code]')), /^[A-Z0-9]{8}$/);
        }
        assertNoProblems(without(problems, `HTTP 403 for POST ${server.url}/api/v1/bookings`),
            'the booking page');
    } finally {
        await context.close();
        const back = await rules({ rules: [] });
        assert.equal(back.status, 200, back.text);
    }
});

// Last: it adds a service to the catalogue.
test('ticking a service ticks what it needs first; unticking that unticks it again', async () => {
    const { username, password } = server.logins.admin;
    const admin = await signIn(server.url, username, password);
    const created = await api(server.url, 'POST', '/api/v1/services', {
        cookie: admin.cookie, csrf: admin.csrf,
        body: { code: 'intake-follow-up', agency: 'expat-centre',
            name: { en: 'Follow-up talk', nl: 'Vervolggesprek' }, minutes: 15,
            prerequisites: ['intake'], bookableBy: ['public'] },
    });
    assert.equal(created.status, 201, created.text);
    const intake = service('intake').name.en;
    const { context, page, problems } = await openPage(browser);
    const status = page.locator('[data-book-status]');
    try {
        await page.goto(`${server.url}/book`);
        await bookReady(page);
        assert.ok((await text(page.locator('[data-service="intake-follow-up"] .onestop-choice__meta')))
            .includes(fill(TEXT.en['book.services.needs'], { services: intake })));

        await page.locator('#service-intake-follow-up').check();
        assert.ok(await page.locator('#service-intake').isChecked(), 'intake ticked too');
        await page.waitForFunction((want) =>
            document.querySelector('[data-book-status]').textContent === want,
        fill(TEXT.en['book.services.addedFirst'], { services: intake }));

        await page.locator('#service-intake').uncheck();
        assert.ok(!(await page.locator('#service-intake-follow-up').isChecked()),
            'the follow-up cannot stay without its intake');
        await page.waitForFunction((want) =>
            document.querySelector('[data-book-status]').textContent === want,
        fill(TEXT.en['book.services.removedToo'], { services: 'Follow-up talk' }));
        assert.equal(await status.getAttribute('role'), 'status');
        assertNoProblems(problems, 'the booking page');
    } finally {
        await context.close();
    }
});

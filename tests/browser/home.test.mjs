// SPDX-License-Identifier: AGPL-3.0-or-later
// The home page against the demonstration deployment: the centre, every
// service with its duration and documents, every desk's opening hours and
// the upcoming closures, in English and after switching to Dutch.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, catalogue, homeReady,
    assertServerHealthy,
} from './support.mjs';

const TEXT = { en: catalogue('en'), nl: catalogue('nl') };
const MONTHS_NL = ['januari', 'februari', 'maart', 'april', 'mei', 'juni',
    'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June',
    'July', 'August', 'September', 'October', 'November', 'December'];

let server;
let browser;
let location;
let services;
let openingHours;

function fill(template, vars) {
    return template.replace(/\{(\w+)\}/g, (m, k) => String(vars[k]));
}

function range(lang, from, to) {
    return fill(TEXT[lang]['common.timeRange'], { from, to });
}

before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const locations = await api(server.url, 'GET', '/api/v1/locations');
    assert.equal(locations.status, 200, locations.text);
    assert.ok(locations.json.items.length > 0, 'the demo has a location');
    [location] = locations.json.items;
    const svc = await api(server.url, 'GET', '/api/v1/services');
    assert.equal(svc.status, 200, svc.text);
    services = svc.json.items;
    assert.ok(services.length > 0, 'the demo has services');
    const hours = await api(server.url, 'GET',
        `/api/v1/locations/${location.id}/opening-hours`);
    assert.equal(hours.status, 200, hours.text);
    openingHours = hours.json;
    assert.ok(openingHours.desks.length > 0, 'the demo has desks');
});

after(async () => {
    await browser?.close();
    if (server) {
        await server.stop();
        assertServerHealthy(server);
    }
});

/** Checks everything the API said is on the page in lang. */
async function assertHomeContent(page, lang) {
    const text = TEXT[lang];
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.title(), text['page.home.title']);
    assert.equal((await page.locator('h1').textContent()).trim(),
        text['home.heading']);

    const centre = page.locator(`[data-location="${location.code}"]`);
    assert.equal((await centre.locator('h3').textContent()).trim(),
        location.name[lang]);
    assert.equal(await centre.locator('address').textContent(),
        location.address);

    for (const service of services) {
        const card = page.locator(`[data-service="${service.code}"]`);
        assert.equal((await card.locator('h3').textContent()).trim(),
            service.name[lang], `name of ${service.code} in ${lang}`);
        const duration = await card.locator('.onestop-service__duration')
            .textContent();
        assert.ok(duration.startsWith(
            fill(text['common.minutes'], { n: service.minutes })),
        `duration of ${service.code}: ${duration}`);
        if (service.documents.length > 0) {
            const docs = await card.locator('.onestop-service__documents li')
                .allTextContents();
            assert.deepEqual(docs, service.documents.map((d) => d[lang]),
                `documents for ${service.code} in ${lang}`);
        } else {
            assert.ok((await card.textContent())
                .includes(text['home.services.noDocuments']));
        }
    }

    for (const desk of openingHours.desks) {
        const card = page.locator(`[data-desk="${desk.code}"]`);
        assert.equal((await card.locator('h3').textContent()).trim(),
            desk.name[lang], `name of desk ${desk.code} in ${lang}`);
        const rows = card.locator('tbody tr');
        assert.equal(await rows.count(), 7, 'one row per weekday');
        for (let day = 1; day <= 7; day++) {
            const row = rows.nth(day - 1);
            assert.equal((await row.locator('th').textContent()).trim(),
                text[`weekday.${day}`]);
            const cell = await row.locator('td').textContent();
            const open = desk.hours.filter((h) => h.weekday === day);
            if (open.length === 0) {
                assert.equal(cell.trim(), text['home.hours.closed'],
                    `${desk.code} is closed on day ${day}`);
            }
            for (const h of open) {
                assert.ok(cell.includes(range(lang, h.opens, h.closes)),
                    `${desk.code} day ${day} shows ${h.opens}-${h.closes}: ${cell}`);
            }
            const breaks = open.length
                ? (desk.breaks || []).filter((x) => x.weekday === day) : [];
            for (const b of breaks) {
                assert.ok(cell.includes(range(lang, b.starts, b.ends)),
                    `${desk.code} day ${day} shows its break: ${cell}`);
            }
        }
    }

    const closures = page.locator('[data-closures] tbody tr');
    assert.equal(await closures.count(), openingHours.closures.length);
    if (openingHours.closures.length === 0) {
        assert.ok((await page.locator('[data-closures]').textContent())
            .includes(text['home.closures.none']));
    }
    const months = lang === 'nl' ? MONTHS_NL : MONTHS_EN;
    for (const closure of openingHours.closures) {
        const row = page.locator(`[data-closures] tr[data-closure="${closure.id}"]`);
        const rowText = await row.textContent();
        assert.ok(rowText.includes(closure.reason[lang]),
            `closure ${closure.id} reason in ${lang}: ${rowText}`);
        const [year, month] = closure.date.split('-').map(Number);
        const date = await row.locator('th').textContent();
        assert.ok(date.includes(String(year)) && date.includes(months[month - 1]),
            `closure date ${closure.date} written out in ${lang}: ${date}`);
    }
}

test('the home page shows the centre, services, documents, opening hours and closures in English', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/`);
        await homeReady(page);
        await assertHomeContent(page, 'en');
        assert.equal(await page.locator('[data-lang="en"]')
            .getAttribute('aria-pressed'), 'true');
        assert.ok(await page.locator('[data-load-error]').isHidden());
        assertNoProblems(problems, 'the home page');
    } finally {
        await context.close();
    }
});

test('switching to Dutch re-renders the home page without a reload and is remembered', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/`);
        await homeReady(page);
        await page.evaluate(() => { window.onestopTestMarker = 'same page'; });

        await page.getByRole('button', { name: /^NL\b/ }).click();
        await page.locator('html[lang="nl"]').waitFor();
        assert.equal(await page.evaluate(() => window.onestopTestMarker),
            'same page', 'switching language must not reload the page');
        assert.equal(await page.locator('[data-lang="nl"]')
            .getAttribute('aria-pressed'), 'true');
        assert.equal(await page.locator('[data-lang="en"]')
            .getAttribute('aria-pressed'), 'false');
        await assertHomeContent(page, 'nl');
        assert.equal((await page.locator('[data-session-link]').textContent())
            .trim(), TEXT.nl['nav.signIn']);
        assert.equal((await page.locator('.onestop-skip-link').textContent())
            .trim(), TEXT.nl['skip.toContent']);

        await page.reload();
        await homeReady(page);
        await assertHomeContent(page, 'nl');

        await page.getByRole('button', { name: /^EN\b/ }).click();
        await page.locator('html[lang="en"]').waitFor();
        await assertHomeContent(page, 'en');
        assertNoProblems(problems, 'the home page');
    } finally {
        await context.close();
    }
});

test('the first language follows the browser: nl-NL gives Dutch, others English', async () => {
    for (const [locale, lang] of [['nl-NL', 'nl'], ['nl-BE', 'nl'],
        ['en-US', 'en'], ['de-DE', 'en']]) {
        const { context, page, problems } = await openPage(browser, { locale });
        try {
            await page.goto(`${server.url}/`);
            await homeReady(page);
            assert.equal(await page.locator('html').getAttribute('lang'), lang,
                `browser language ${locale}`);
            assert.equal((await page.locator('h1').textContent()).trim(),
                TEXT[lang]['home.heading']);
            assertNoProblems(problems, `the home page in ${locale}`);
        } finally {
            await context.close();
        }
    }
});

test('an empty deployment shows that nothing is set up yet instead of failing', async () => {
    const empty = await startServer({ demo: false });
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${empty.url}/`);
        await homeReady(page);
        const main = await page.locator('main').textContent();
        for (const key of ['home.centre.none', 'home.services.none',
            'home.hours.none', 'home.closures.none']) {
            assert.ok(main.includes(TEXT.en[key]), `shows "${TEXT.en[key]}"`);
        }
        assert.ok(await page.locator('[data-load-error]').isHidden());
        assertNoProblems(problems, 'the home page of an empty deployment');
    } finally {
        await context.close();
        await empty.stop();
        assertServerHealthy(empty);
    }
});

test('when the API fails the home page says so in an alert', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.route('**/api/v1/services', (route) => route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({ type: 'about:blank', title: 'Unavailable',
                status: 503, detail: 'Try again later.' }),
        }));
        await page.goto(`${server.url}/`);
        await homeReady(page);
        const alert = page.locator('[data-load-error]');
        assert.equal(await alert.getAttribute('role'), 'alert');
        assert.equal((await alert.textContent()).trim(),
            TEXT.en['common.loadFailed']);
        assert.ok(await alert.isVisible());
        assert.deepEqual(problems,
            [`HTTP 503 for GET ${server.url}/api/v1/services`],
            'only the refused request is a problem');
    } finally {
        await context.close();
    }
});

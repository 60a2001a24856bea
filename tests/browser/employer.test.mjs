// SPDX-License-Identifier: AGPL-3.0-or-later
// The employer's journey in the browser: sign in as the demo employer, see
// the sponsor and the employees, register a newcomer with a family member
// with the keyboard alone (a field error shown beside its field and
// focused), book the newcomer through the day and option picker, book a
// group of three others on a date or the earliest date where all fit, and
// see each one's progress "booked"; the progress following a visit served
// on the floor (checked in, BSN issued, document collected — never the
// BSN); a refusal shown with its reason; the page in Dutch; anyone but an
// employer asked to sign in or told the page is for employers. axe-core finds nothing in any of these states. Bookable
// dates come from the availability API, so the tests pass on any day.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, api } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, catalogue, axeViolations,
    assertNoViolations, assertServerHealthy, focusIs, tabUntil, freeDays,
    optionsOn, amsterdamToday, addDays, without,
} from './support.mjs';
import {
    morningZone, todayIn, floorServerArgs, ok, makeFloorLocation, makeOfficer,
} from '../api/floor-support.mjs';

const TEXT = { en: catalogue('en'), nl: catalogue('nl') };
const SERVICES = ['intake'];

let server;
let browser;
let employerApi;

before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    assert.ok(server.logins.employer, 'the demo prints an employer log-in');
    const { username, password } = server.logins.employer;
    employerApi = await signIn(server.url, username, password);
});

after(async () => {
    await browser?.close();
    if (server) {
        await server.stop();
        assertServerHealthy(server);
    }
});

async function check(page, what) {
    assertNoViolations(await axeViolations(page), what);
}

/** Waits until the portal has loaded the sponsor and the employees. */
async function portalReady(page) {
    await page.locator('[data-sponsor][aria-busy="false"]').waitFor();
    await page.locator('[data-employees][aria-busy="false"]').waitFor();
}

/** Signs in through the sign-in page, which goes on to the portal (of
 *  the test server, or of another one given). */
async function signInAsEmployer(page, on = server) {
    const { username, password } = on.logins.employer;
    await page.goto(`${on.url}/sign-in?next=/employer`);
    await page.locator('[data-sign-in-form]:not([hidden])').waitFor();
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('[data-sign-in-submit]').click();
    await page.waitForURL(`${on.url}/employer`);
    await portalReady(page);
}

/** Registers a newcomer through the API as the employer. */
async function register(person) {
    const res = await api(server.url, 'POST', '/api/v1/newcomers', {
        body: { dateOfBirth: '1990-01-01', nationality: 'IN',
            category: 'highly-skilled-migrant', language: 'en', ...person },
        cookie: employerApi.cookie, csrf: employerApi.csrf,
    });
    assert.equal(res.status, 201, res.text);
    return res.json;
}

/** A travel document number no other test uses. */
let passports = 0;
function passport() {
    passports += 1;
    return `NX${String(Date.now() % 1e6).padStart(6, '0')}${passports}`;
}

/**
 * The order in which a date field takes day, month and year from the
 * keyboard: the browser's own locale decides it, not the page's. Found by
 * typing into a field made for the purpose (and removed again), before the
 * keyboard-only part of a test starts.
 */
async function dateOrder(page) {
    await page.evaluate(() => {
        const probe = document.createElement('input');
        probe.type = 'date';
        probe.id = 'date-order-probe';
        document.body.append(probe);
        probe.focus();
    });
    await page.keyboard.type('01');
    await page.keyboard.type('02');
    await page.keyboard.type('2003');
    const value = await page.evaluate(() => {
        const probe = document.getElementById('date-order-probe');
        const v = probe.value;
        probe.remove();
        return v;
    });
    if (value === '2003-01-02') {
        return ['month', 'day', 'year'];
    }
    assert.equal(value, '2003-02-01', 'a date field takes month or day first');
    return ['day', 'month', 'year'];
}

/** Types an ISO date into the focused date field in the given order. */
async function typeDate(page, iso, order) {
    const [y, m, d] = iso.split('-');
    const value = { year: y, month: m, day: d };
    for (const part of order) {
        await page.keyboard.type(value[part]);
    }
}

/** Tabs to selector and types text there. */
async function tabAndType(page, selector, text) {
    await tabUntil(page, selector);
    await page.keyboard.type(text);
}

function row(page, id) {
    return page.locator(`[data-employees] tr[data-newcomer="${id}"]`);
}

async function newcomerId(page, surname) {
    const found = page.locator('[data-employees] tbody tr', { hasText: surname });
    await found.first().waitFor();
    return Number(await found.first().getAttribute('data-newcomer'));
}

test('anyone but an employer is asked to sign in or told the page is for employers', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/employer`);
        await page.locator('[data-gate]:not([hidden])').waitFor();
        assert.equal(await page.locator('[data-portal]').isHidden(), true);
        assert.equal(await page.locator('[data-gate-text]').textContent(),
            TEXT.en['employer.gate.signIn']);
        const link = page.locator('[data-gate-sign-in] a');
        assert.equal(await link.getAttribute('href'), '/sign-in?next=/employer');
        await check(page, '/employer signed out');

        const { username, password } = server.logins.frontdesk;
        await page.goto(`${server.url}/sign-in`);
        await page.locator('#username').fill(username);
        await page.locator('#password').fill(password);
        await page.locator('[data-sign-in-submit]').click();
        await focusIs(page, '#signed-in-heading');
        await page.goto(`${server.url}/employer`);
        await page.locator('[data-gate]:not([hidden])').waitFor();
        assert.equal(await page.locator('[data-gate-text]').textContent(),
            TEXT.en['employer.gate.notEmployer']);
        assert.equal(await page.locator('[data-gate-sign-in]').isHidden(), true);
        assert.equal(await page.locator('[data-portal]').isHidden(), true);
        await check(page, '/employer signed in as front desk');
        assertNoProblems(problems, '/employer for others');
    } finally {
        await context.close();
    }
});

test('the home page links employers to their portal', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/`);
        await page.locator('[data-employer-link]').click();
        await page.waitForURL(`${server.url}/employer`);
        await page.locator('[data-gate]:not([hidden])').waitFor();
        assertNoProblems(problems, 'from the home page to the portal');
    } finally {
        await context.close();
    }
});

test("the employer's journey: register with family by keyboard, book one, book a group, follow the progress", async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await signInAsEmployer(page);
        const sponsor = (await api(server.url, 'GET',
            `/api/v1/sponsors/${employerApi.user.sponsorKvk}`,
            { cookie: employerApi.cookie })).json;
        assert.equal(await page.locator('[data-sponsor] [data-fact="name"]')
            .textContent(), sponsor.name);
        assert.equal(await page.locator('[data-sponsor] [data-fact="kvk"]')
            .textContent(), sponsor.kvk);
        assert.match(await page.locator('[data-sponsor] [data-fact="recognition"]')
            .textContent(), /^Yes, in the IND register since /);
        await check(page, '/employer with the employees');

        // ---- register with a family member, keyboard only ----
        const order = await dateOrder(page);
        await page.locator('main').focus();
        await tabUntil(page, '[data-register-start]');
        await page.keyboard.press('Enter');
        await focusIs(page, '#register-heading');
        const surname = `Okonkwo-${passports}`;
        await tabAndType(page, '#nc-givenNames', 'Chidi Émeka');
        await tabAndType(page, '#nc-surname', surname);
        await tabUntil(page, '#nc-dateOfBirth');
        await typeDate(page, '1990-06-15', order);
        assert.equal(await page.locator('#nc-dateOfBirth').inputValue(), '1990-06-15');
        await tabAndType(page, '#nc-nationality', 'Nigeria');
        assert.equal(await page.locator('#nc-nationality').inputValue(), 'NG');
        await tabUntil(page, '#nc-category'); // keeps "Highly skilled migrant"
        await tabAndType(page, '#nc-travelDocument', passport());
        await tabUntil(page, '#nc-expectedArrival');
        await typeDate(page, addDays(amsterdamToday(), 7), order);
        await tabAndType(page, '#nc-postcode', '12345'); // not a postcode
        await tabAndType(page, '#nc-houseNumber', '12A');
        await tabAndType(page, '#nc-email', 'chidi@example.org');
        await tabUntil(page, '[data-family-add]');
        await page.keyboard.press('Enter');
        await focusIs(page, '#nc-family-0-givenNames');
        await page.keyboard.type('Ada');
        await tabAndType(page, '#nc-family-0-surname', surname);
        await tabUntil(page, '#nc-family-0-dateOfBirth');
        await typeDate(page, '2018-03-02', order);
        await tabAndType(page, '#nc-family-0-nationality', 'Nigeria');
        await tabUntil(page, '[data-register-submit]');
        await page.keyboard.press('Enter');

        // The server refuses the postcode: its field has the message and
        // the focus.
        await focusIs(page, '#nc-postcode');
        const postcode = page.locator('#nc-postcode');
        assert.equal(await postcode.getAttribute('aria-invalid'), 'true');
        const describedBy = (await postcode.getAttribute('aria-describedby')).split(' ');
        assert.ok(describedBy.includes('nc-postcode-error'), describedBy.join(' '));
        assert.match(await page.locator('#nc-postcode-error').textContent(),
            new RegExp(TEXT.en['employer.error.postcode'].slice(0, 20)));
        await check(page, '/employer with a field error in the newcomer form');

        await page.keyboard.press('Control+A');
        await page.keyboard.type('6211 DW');
        await page.keyboard.press('Enter'); // submits the form
        await focusIs(page, '#employees-heading');
        assert.match(await page.locator('[data-list-message]').textContent(),
            new RegExp(`Chidi Émeka ${surname} is registered`));
        const id = await newcomerId(page, surname);
        assert.equal(await row(page, id).locator('[data-family-member]').textContent(),
            `Ada ${surname}`);
        assert.equal(await row(page, id).locator('[data-progress="booked"]')
            .getAttribute('data-done'), 'false');
        await check(page, '/employer with a newcomer registered');

        // ---- search and filter ----
        await page.locator('#employee-search').fill('ada');
        assert.equal(await page.locator('[data-employees] tbody tr').count(), 1,
            'a family member\'s name finds the employee');
        await page.locator('#employee-search').fill('');

        // ---- book the newcomer ----
        const [day] = await freeDays(server.url, SERVICES);
        const [option] = await optionsOn(server.url, SERVICES, day.date);
        await row(page, id).locator('[data-book-one]').click();
        await focusIs(page, '#book-heading');
        assert.equal(await page.locator('#book-heading').textContent(),
            `Book a visit for Chidi Émeka ${surname}`);
        await page.locator('#book-service-intake').check();
        await page.locator('[data-book-form] button[type="submit"]').click();
        await page.locator(`[data-days] button[data-date="${day.date}"]`).click();
        await page.locator(`[data-options] input[value="${option.token}"]`).check();
        await check(page, '/employer choosing a time for one employee');
        await page.locator('[data-option-submit]').click();
        await focusIs(page, '#book-result-heading');
        const code = await page.locator('[data-book-result] [data-fact="code"]').textContent();
        assert.match(code, /^[A-Z0-9]{6,}$/);
        assert.equal(await page.locator('[data-book-result] [data-fact="time"]')
            .textContent(), `${option.arrival} to ${option.departure}`);
        await check(page, '/employer with a visit booked');
        await page.locator('[data-book-result] [data-back]').click();
        await focusIs(page, '#employees-heading');
        const booked = row(page, id).locator('[data-progress="booked"]');
        await page.locator(`[data-employees] tr[data-newcomer="${id}"] ` +
            '[data-progress="booked"][data-done="true"]').waitFor();
        assert.match(await booked.textContent(), new RegExp(code));

        // ---- book a group of three ----
        const others = [];
        for (const given of ['Priya', 'Wei', 'Sofía']) {
            others.push(await register({ givenNames: given,
                surname: `Group-${passports}`, travelDocument: passport(),
                email: `${given.toLowerCase().normalize('NFKD')
                    .replace(/\p{M}/gu, '')}@example.org` }));
        }
        await page.reload();
        await portalReady(page);
        // Nobody selected yet: the page says so and goes to the list.
        await page.locator('[data-group-start]').click();
        assert.equal(await page.locator('[data-group-error]').textContent(),
            TEXT.en['employer.list.selectFirst']);
        await focusIs(page, '[data-employees] input[name="select"]');
        const members = others.map((n) => n.id);
        for (const m of members) {
            await page.locator(`#select-${m}`).check();
        }
        assert.equal(await page.locator('[data-group-error]').textContent(), '');
        await page.locator('[data-group-start]').click();
        await focusIs(page, '#group-heading');
        assert.equal(await page.locator('[data-group-members] li').count(), 3);
        await page.locator('#group-service-intake').check();
        const [groupDay] = await freeDays(server.url, SERVICES, 1);
        await page.locator('#group-date').fill(groupDay.date);
        await check(page, '/employer booking a group');
        await page.locator('[data-group-submit]').click();
        await focusIs(page, '#group-result-heading');
        const cards = page.locator('[data-group-result] [data-booked]');
        assert.equal(await cards.count(), 3);
        for (let i = 0; i < 3; i++) {
            assert.match(await cards.nth(i).locator('[data-fact="code"]').textContent(),
                /^[A-Z0-9]{6,}$/);
            assert.match(await cards.nth(i).locator('[data-fact="time"]').textContent(),
                /^\d\d:\d\d to \d\d:\d\d$/);
        }
        await check(page, '/employer with a group booked');
        await page.locator('[data-group-result] [data-back]').click();
        for (const m of members) {
            await page.locator(`[data-employees] tr[data-newcomer="${m}"] ` +
                '[data-progress="booked"][data-done="true"]').waitFor();
        }
        await page.locator('#employee-progress').selectOption('booked');
        for (const m of [id, ...members]) {
            assert.equal(await row(page, m).count(), 1, `${m} is shown as booked`);
        }
        await page.locator('#employee-progress').selectOption('not-booked');
        for (const m of [id, ...members]) {
            assert.equal(await row(page, m).count(), 0, `${m} is not "not booked"`);
        }
        await check(page, '/employer filtered by progress');
        assertNoProblems(without(problems,
            `HTTP 400 for POST ${server.url}/api/v1/newcomers`),
        "the employer's journey");
    } finally {
        await context.close();
    }
});

test('a group that does not fit is refused with the reason, and nobody is booked', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        const a = await register({ givenNames: 'Lena', surname: `Refused-${passports}`,
            travelDocument: passport(), email: 'lena@example.org' });
        const b = await register({ givenNames: 'Tomás', surname: `Refused-${passports}`,
            travelDocument: passport(), email: 'tomas@example.org' });
        // A day on which intake is open but the IND desk is not: a date
        // with intake options that has none for biometrics.
        const intakeDays = (await freeDays(server.url, ['intake'])).map((d) => d.date);
        const indDays = new Set((await freeDays(server.url, ['ind-biometrics']))
            .map((d) => d.date));
        const closed = intakeDays.find((d) => !indDays.has(d));
        assert.ok(closed, 'a day with intake and without the IND desk');

        await signInAsEmployer(page);
        await page.locator(`#select-${a.id}`).check();
        await page.locator(`#select-${b.id}`).check();
        await page.locator('[data-group-start]').click();
        await page.locator('#group-service-ind-biometrics').check();
        await page.locator('#group-date').fill(closed);
        await page.locator('#group-earliest').uncheck();
        await page.locator('[data-group-submit]').click();
        await focusIs(page, '[data-group-refusal]');
        const refusal = page.locator('[data-group-refusal]');
        assert.equal(await refusal.locator('h3').textContent(),
            TEXT.en['employer.refused.title']);
        assert.match(await refusal.textContent(), /Lena|Tomás/);
        await check(page, '/employer with a group refused');

        const list = await api(server.url, 'GET', '/api/v1/newcomers',
            { cookie: employerApi.cookie });
        for (const n of list.json.items.filter((x) => [a.id, b.id].includes(x.id))) {
            assert.equal(n.progress.booked, false, 'nobody was booked');
        }
        assertNoProblems(without(problems,
            `HTTP 400 for POST ${server.url}/api/v1/booking-groups`),
        'a refused group');
    } finally {
        await context.close();
    }
});

test('each step of the progress is shown, yes or no, and filtered; never a BSN', async () => {
    const steps = ['booked', 'checkedIn', 'bsnIssued', 'documentCollected'];
    const people = [];
    for (const [i, given] of ['Aiko', 'Bruno', 'Chen', 'Dara'].entries()) {
        people.push(await register({ givenNames: given, surname: `Steps-${passports}`,
            travelDocument: passport(), email: `p${i}@example.org` }));
    }
    // Person i has come as far as step i: the answer the server gives once
    // the floor has recorded it (the progress as GET /newcomers names it).
    const reached = new Map(people.map((n, i) => [n.id, i]));
    const { context, page, problems } = await openPage(browser, { viewport:
        { width: 360, height: 740 } });
    try {
        await page.route('**/api/v1/newcomers?*', async (route) => {
            const res = await route.fetch();
            const body = await res.json();
            for (const n of body.items) {
                if (reached.has(n.id)) {
                    const upTo = reached.get(n.id);
                    n.progress = { ...n.progress, bookingCode: 'STEPS123',
                        visitDate: addDays(amsterdamToday(), 1) };
                    steps.forEach((step, j) => { n.progress[step] = j <= upTo; });
                }
            }
            await route.fulfill({ response: res, json: body });
        });
        await signInAsEmployer(page);
        for (const [id, upTo] of reached) {
            for (const [j, step] of steps.entries()) {
                const item = row(page, id).locator(`[data-progress="${step}"]`);
                assert.equal(await item.getAttribute('data-done'), String(j <= upTo),
                    `${id} ${step}`);
                const yesNo = TEXT.en[`employer.progress.${step}.${j <= upTo ? 'yes' : 'no'}`];
                assert.match(await item.textContent(), step === 'booked'
                    ? /Visit booked: .* \(STEPS123\)/ : new RegExp(yesNo));
            }
        }
        assert.doesNotMatch(await page.locator('main').textContent(), /\d{9}/,
            'no BSN-like number on the page');
        for (const [j, step] of steps.entries()) {
            await page.locator('#employee-progress').selectOption(step);
            for (const [id, upTo] of reached) {
                assert.equal(await row(page, id).count(), upTo >= j ? 1 : 0,
                    `${id} under ${step}`);
            }
        }
        const overflow = await page.evaluate(() =>
            document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `the portal scrolls sideways by ${overflow}px on a phone`);
        await check(page, '/employer with every step of the progress, on a phone');
        assertNoProblems(problems, 'the progress');
    } finally {
        await context.close();
    }
});

test('the progress follows the floor: checked in, BSN issued, document collected, and the BSN never shown', async () => {
    // A server whose "today" is a morning, with a location open all day:
    // the visit is booked for today and served at once, through the API as
    // the employer, the front desk and the officers do it; the employer
    // watches the page.
    const BSN = '111222333';
    const zone = morningZone();
    const today = todayIn(zone);
    const floor = await startServer({ args: floorServerArgs(zone) });
    const { context, page, problems } = await openPage(browser);
    try {
        const who = {};
        for (const role of ['admin', 'frontdesk', 'employer', 'officer']) {
            const { username, password } = floor.logins[role];
            who[role] = await signIn(floor.url, username, password);
        }
        who.expat = await makeOfficer(floor, who.admin, 'expat-centre');
        who.ind = await makeOfficer(floor, who.admin, 'ind');
        const loc = await makeFloorLocation(floor, who.admin);
        const n = await ok(floor, who.employer, 'POST', '/api/v1/newcomers', {
            givenNames: 'Bao', surname: 'Tran-Floor', dateOfBirth: '1992-02-02',
            nationality: 'VN', category: 'highly-skilled-migrant',
            email: 'bao.tran@example.org', travelDocument: 'VN2024777',
        }, 201);
        const services = ['intake', 'brp-registration', 'ind-collect'];
        const av = await ok(floor, who.employer, 'GET',
            `/api/v1/availability?location=${loc.location.id}&date=${today}` +
            `&services=${services.join(',')}&persons=1`);
        // What the services' eligibility rules ask, when the catalogue has
        // any: a home in the region, the letter naming this location.
        const catalogue = (await ok(floor, null, 'GET', '/api/v1/services')).items;
        const rules = new Set(catalogue.filter((x) => services.includes(x.code))
            .flatMap((x) => (x.eligibility || []).map((r) => r.rule)));
        const answers = {};
        if (rules.has('residence-municipality')) {
            answers.residenceMunicipality = 'Maastricht';
        }
        if (rules.has('ind-letter-location')) {
            answers.indLetterLocation = loc.location.code;
        }
        // Booked by the employer, for its own sponsor's newcomer.
        const booking = await ok(floor, who.employer, 'POST', '/api/v1/bookings',
            { option: av.options[0].token, newcomer: n.id, ...answers }, 201);

        await signInAsEmployer(page, floor);
        const steps = async () => {
            await page.reload();
            await portalReady(page);
            const out = {};
            for (const step of ['booked', 'checkedIn', 'bsnIssued', 'documentCollected']) {
                out[step] = await page.locator(`[data-employees] tr[data-newcomer="${n.id}"] ` +
                    `[data-progress="${step}"]`).getAttribute('data-done');
            }
            assert.ok(!(await page.content()).includes(BSN), 'the BSN is never on the page');
            return out;
        };
        assert.deepEqual(await steps(), { booked: 'true', checkedIn: 'false',
            bsnIssued: 'false', documentCollected: 'false' });
        assert.match(await page.locator(`[data-employees] tr[data-newcomer="${n.id}"] ` +
            '[data-progress="booked"]').textContent(), new RegExp(booking.code));

        let visit = await ok(floor, who.frontdesk, 'POST', '/api/v1/check-ins',
            { code: booking.code }, 201);
        assert.deepEqual(await steps(), { booked: 'true', checkedIn: 'true',
            bsnIssued: 'false', documentCollected: 'false' });

        const where = {
            intake: ['intake', who.expat, {}],
            'brp-registration': ['brp-a', who.officer,
                { outcome: { bsnIssued: true, bsn: BSN } }],
            'ind-collect': ['ind', who.ind, { outcome: { documentHandedOver: true } }],
        };
        for (let i = 0; i < visit.legs.length; i++) {
            const leg = visit.legs[i];
            const [desk, officer, body] = where[leg.service.code];
            const deskId = loc.desks[desk].id;
            await ok(floor, officer, 'POST', `/api/v1/desks/${deskId}/open`);
            await ok(floor, officer, 'POST', `/api/v1/desks/${deskId}/calls`,
                { leg: leg.id }, 201);
            await ok(floor, officer, 'POST', `/api/v1/visit-legs/${leg.id}/start`);
            visit = await ok(floor, officer, 'POST',
                `/api/v1/visit-legs/${leg.id}/complete`, body);
        }
        assert.deepEqual(await steps(), { booked: 'true', checkedIn: 'true',
            bsnIssued: 'true', documentCollected: 'true' });
        await page.locator('#employee-progress').selectOption('bsnIssued');
        assert.equal(await row(page, n.id).count(), 1);
        await check(page, '/employer with a visit served on the floor');
        assertNoProblems(problems, 'the progress through the floor');
    } finally {
        await context.close();
        await floor.stop();
        assertServerHealthy(floor);
    }
});

/** The days after today with options for services, as an employer asks
 *  (services only sponsors may book are not offered to the public). */
async function employerDays(services) {
    const today = amsterdamToday();
    const res = await api(server.url, 'GET', '/api/v1/availability?location=1' +
        `&services=${services.join(',')}&persons=1` +
        `&from=${today}&to=${addDays(today, 30)}`, { cookie: employerApi.cookie });
    assert.equal(res.status, 200, res.text);
    return res.json.days.filter((d) => d.date > today && d.options.length > 0);
}

test('a booking a rule refuses is shown with the rule; answered, one and a group book', async () => {
    // The demo's catalogue asks a home in South Limburg for registration.
    const services = (await api(server.url, 'GET', '/api/v1/services')).json.items;
    const brp = services.find((x) => x.code === 'brp-registration');
    assert.ok((brp.eligibility || []).some((r) => r.rule === 'residence-municipality'),
        'brp-registration has a residence rule');
    const { context, page, problems } = await openPage(browser);
    try {
        const surname = `Rules-${passports}`;
        const n = await register({ givenNames: 'Mateus', surname,
            travelDocument: passport(), email: 'mateus@example.org' });
        const fastTrack = ['intake', 'brp-registration'];
        const [day] = await employerDays(fastTrack);
        await signInAsEmployer(page);
        await row(page, n.id).locator('[data-book-one]').click();
        const town = page.locator('#book-residenceMunicipality');
        assert.equal(await town.isVisible(), false, 'asked only when a rule needs it');
        // brp-registration needs intake first: ticking it ticks both.
        await page.locator('#book-service-brp-registration').check();
        assert.equal(await page.locator('#book-service-intake').isChecked(), true);
        await town.waitFor();
        assert.equal(await page.locator('label[for="book-residenceMunicipality"]')
            .textContent(), `Municipality where Mateus ${surname} lives`);
        await town.fill('Amsterdam');
        await page.locator('[data-book-form] button[type="submit"]').click();
        await page.locator(`[data-days] button[data-date="${day.date}"]`).click();
        await page.locator('[data-options] input[name="option"]').first().check();
        await page.locator('[data-option-submit]').click();

        await focusIs(page, '[data-book-refusal]');
        const refusal = page.locator('[data-book-refusal]');
        assert.match(await refusal.locator('[data-refusal-detail]').textContent(), /\S/);
        assert.equal(await refusal.locator('[data-refusal-rule]')
            .getAttribute('data-refusal-rule'), 'residence-municipality');
        assert.match(await refusal.locator('[data-refusal-rule]').textContent(),
            new RegExp(TEXT.en['employer.rule.residence-municipality']));
        await check(page, '/employer with a booking refused by a rule');

        await town.fill('Maastricht');
        await page.locator('[data-option-submit]').click();
        await focusIs(page, '#book-result-heading');
        assert.equal(await refusal.isHidden(), true);
        assert.match(await page.locator('[data-book-result] [data-fact="code"]')
            .textContent(), /^[A-Z0-9]{6,}$/);

        // A group: each member answers for themselves; the one refused is
        // named.
        const pair = [];
        for (const given of ['Ines', 'Kofi']) {
            pair.push(await register({ givenNames: given, surname,
                travelDocument: passport(), email: `${given.toLowerCase()}@example.org` }));
        }
        await page.locator('[data-book-result] [data-back]').click();
        await page.reload();
        await portalReady(page);
        for (const m of pair) {
            await page.locator(`#select-${m.id}`).check();
        }
        await page.locator('[data-group-start]').click();
        await page.locator('#group-service-brp-registration').check();
        await page.locator('#group-date').fill(day.date);
        assert.equal(await page.locator('label[for="group-1-residenceMunicipality"]')
            .textContent(), `Municipality where Kofi ${surname} lives`);
        await page.locator('#group-0-residenceMunicipality').fill('Heerlen');
        await page.locator('#group-1-residenceMunicipality').fill('Utrecht');
        await page.locator('[data-group-submit]').click();
        await focusIs(page, '[data-group-refusal]');
        const groupRefusal = page.locator('[data-group-refusal] [data-refusal-rule]');
        assert.equal(await groupRefusal.getAttribute('data-refusal-rule'),
            'residence-municipality');
        assert.match(await groupRefusal.textContent(), new RegExp(`Kofi ${surname}`));
        await check(page, '/employer with a group refused by a rule');
        await page.locator('#group-1-residenceMunicipality').fill('Kerkrade');
        await page.locator('[data-group-submit]').click();
        await focusIs(page, '#group-result-heading');
        assert.equal(await page.locator('[data-group-result] [data-booked]').count(), 2);
        assertNoProblems(without(problems,
            `HTTP 403 for POST ${server.url}/api/v1/bookings`,
            `HTTP 403 for POST ${server.url}/api/v1/booking-groups`),
        'bookings refused by a rule');
    } finally {
        await context.close();
    }
});

test('the portal in Dutch: texts, field errors and no violations', async () => {
    const { context, page, problems } = await openPage(browser, { locale: 'nl-NL' });
    try {
        await signInAsEmployer(page);
        assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
        assert.equal(await page.locator('h1').textContent(), TEXT.nl['employer.heading']);
        assert.match(await page.locator('[data-sponsor] [data-fact="recognition"]')
            .textContent(), /^Ja, in het register van de IND sinds /);
        await check(page, '/employer in Dutch');

        await page.locator('[data-register-start]').click();
        await focusIs(page, '#register-heading');
        assert.equal(await page.locator('label[for="nc-givenNames"]').textContent(),
            TEXT.nl['employer.field.givenNames']);
        // Nationalities are named in Dutch.
        assert.equal(await page.locator('#nc-nationality option[value="DE"]')
            .textContent(), 'Duitsland');
        await page.locator('#nc-givenNames').fill('Jan');
        await page.locator('#nc-surname').fill('Jansen');
        await page.locator('#nc-dateOfBirth').fill('1985-01-31');
        await page.locator('#nc-nationality').selectOption('DE');
        await page.locator('#nc-travelDocument').fill('AB12'); // too short
        await page.locator('#nc-email').fill('jan@example.org');
        await page.locator('[data-family-add]').click();
        await page.locator('[data-family-add]').click();
        assert.equal(await page.locator('[data-member]').count(), 2);
        await page.locator('[data-member="0"] [data-family-remove]').click();
        assert.equal(await page.locator('[data-member]').count(), 1);
        assert.equal(await page.locator('[data-member="0"] legend').textContent(),
            'Gezinslid 1');
        await page.locator('[data-member="0"] [data-family-remove]').click();
        await focusIs(page, '[data-family-add]');
        await page.locator('[data-register-submit]').click();
        await focusIs(page, '#nc-travelDocument');
        assert.match(await page.locator('#nc-travelDocument-error').textContent(),
            new RegExp(TEXT.nl['employer.error.travelDocument'].slice(0, 20)));
        await check(page, '/employer in Dutch with a field error');
        assertNoProblems(without(problems,
            `HTTP 400 for POST ${server.url}/api/v1/newcomers`),
        'the portal in Dutch');
    } finally {
        await context.close();
    }
});

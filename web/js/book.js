// SPDX-License-Identifier: AGPL-3.0-or-later
// The public booking page, one step after another: (1) the services (only
// those the public may book, each with its duration and documents) and the
// number of persons, (2) a day and one of its itinerary options, (3) the
// visitor's details with what the chosen services' eligibility rules ask
// (where the visitor lives, which location the IND letter names), (4) the
// confirmation with the booking code, QR code,
// plan of the day, documents, calendar file and the private link to manage
// the booking. Each step's heading takes focus when the step appears.

import { start } from './layout.js';
import * as api from './api.js';
import { t, pick, lang, onChange, formatDate } from './i18n.js';
import { showProblem, clearProblem } from './form.js';
import { el, focusOn } from './dom.js';
import { Picker } from './picker.js';
import { BookingFiles, renderBooking } from './booking-view.js';

const steps = {
    services: document.querySelector('[data-step="services"]'),
    when: document.querySelector('[data-step="when"]'),
    details: document.querySelector('[data-step="details"]'),
    done: document.querySelector('[data-step="done"]'),
};
const servicesForm = document.querySelector('[data-services-form]');
const serviceList = document.querySelector('[data-service-list]');
const servicesSubmit = document.querySelector('[data-services-submit]');
const locationField = document.querySelector('[data-location-field]');
const locationSelect = document.querySelector('#location');
const detailsForm = document.querySelector('[data-details-form]');
const detailsSubmit = document.querySelector('[data-details-submit]');
const chosenBox = document.querySelector('[data-chosen]');
const languageSelect = document.querySelector('#language');
const rulesFieldset = document.querySelector('[data-rules-fieldset]');
const municipalityList = document.querySelector('#municipalities');
const letterSelect = document.querySelector('#indLetterLocation');
const bookingView = document.querySelector('[data-booking-view]');
const manageLink = document.querySelector('[data-manage-link]');
const loadError = document.querySelector('[data-load-error]');
const status = document.querySelector('[data-book-status]');

/** What the API answered once. */
const data = { services: [], locations: [], failed: false };
/** Where the visitor is. */
const state = {
    checked: new Set(),
    ask: null,
    option: null,
    date: '',
    attempt: null, // { key, text }: the Idempotency-Key of one body
    booking: null,
    languageTouched: false,
};
const files = new BookingFiles();

/** Reasons for the details form's invalidParams, by field name. */
const DETAIL_REASONS = {
    givenNames: 'book.error.givenNames',
    surname: 'book.error.surname',
    email: 'book.error.email',
    phone: 'book.error.phone',
    language: 'book.error.language',
    residenceMunicipality: 'book.error.municipality',
    indLetterLocation: 'book.error.letter',
};
/** What each eligibility rule asks, and the reason shown when it refuses
 *  (src/api/eligibility.h). */
const RULE_REFUSALS = {
    'recognised-sponsor': 'book.error.rule.sponsor',
    'residence-municipality': 'book.error.rule.municipality',
    'ind-letter-location': 'book.error.rule.letter',
};
/** Reasons for the first step's invalidParams, by field name. */
const SERVICE_REASONS = {
    services: 'book.error.servicesInvalid',
    persons: 'book.error.persons',
    location: 'book.error.location',
};

function announce(text) {
    status.textContent = '';
    // A new text node in a cleared region is announced even when the text
    // repeats.
    window.requestAnimationFrame(() => { status.textContent = text; });
}

/** The services the public may book, in catalogue order. */
function bookable() {
    return data.services.filter((s) => s.active !== false &&
        (s.bookableBy || ['public']).includes('public'));
}

function serviceByCode(code) {
    return data.services.find((s) => s.code === code);
}

/** Every service that code needs first, directly or through another. */
function prerequisitesOf(code, seen = new Set()) {
    for (const before of (serviceByCode(code)?.prerequisites || [])) {
        if (before !== code && !seen.has(before)) {
            seen.add(before);
            prerequisitesOf(before, seen);
        }
    }
    return seen;
}

function showStep(name, on) {
    steps[name].hidden = !on;
}

function stepHeading(name) {
    return steps[name].querySelector('.onestop-step__heading');
}

/* ---- step 1: services and persons ---- */

function renderService(service) {
    const id = `service-${service.code}`;
    const box = el('div', 'onestop-choice');
    box.dataset.service = service.code;
    const input = el('input', 'nl-checkbox onestop-choice__input');
    input.type = 'checkbox';
    input.name = 'services';
    input.value = service.code;
    input.id = id;
    input.checked = state.checked.has(service.code);
    input.setAttribute('aria-describedby', `${id}-meta`);
    const label = el('label', 'onestop-choice__label', pick(service.name));
    label.htmlFor = id;

    let duration = t('common.minutes', { n: service.minutes });
    if (service.extraMinutesPerPerson > 0) {
        duration = t('book.services.durationPerPerson',
            { duration, n: service.extraMinutesPerPerson });
    }
    const meta = el('p', 'onestop-choice__meta', duration);
    meta.id = `${id}-meta`;
    const before = [...prerequisitesOf(service.code)];
    if (before.length) {
        meta.append(' ', el('span', 'onestop-choice__needs', t('book.services.needs',
            { services: before.map((c) => pick(serviceByCode(c)?.name) || c)
                .join(', ') })));
    }
    const info = el('div', 'onestop-choice__info');
    info.append(meta);
    if (service.description) {
        info.append(el('p', 'onestop-choice__description', pick(service.description)));
    }
    const docs = service.documents || [];
    if (docs.length) {
        info.append(el('p', 'onestop-choice__documents-label',
            t('book.services.documents')));
        const list = el('ul', 'nl-unordered-list onestop-choice__documents');
        for (const doc of docs) {
            list.append(el('li', '', pick(doc)));
        }
        info.append(list);
    }
    box.append(input, label, info);
    return box;
}

function renderServices() {
    if (data.failed) {
        serviceList.replaceChildren();
        serviceList.setAttribute('aria-busy', 'false');
        return;
    }
    const services = bookable();
    if (services.length === 0) {
        serviceList.replaceChildren(el('p', 'nl-paragraph', t('book.services.none')));
        servicesSubmit.hidden = true;
    } else {
        serviceList.replaceChildren(...services.map(renderService));
        servicesSubmit.hidden = false;
    }
    serviceList.setAttribute('aria-busy', 'false');

    const selected = locationSelect.value;
    locationSelect.replaceChildren(...data.locations.map((loc) => {
        const option = el('option', '', pick(loc.name));
        option.value = String(loc.id);
        return option;
    }));
    if (selected) {
        locationSelect.value = selected;
    }
    locationField.hidden = data.locations.length < 2;
}

/** Ticks what a ticked service needs first; unticks what needed an
 *  unticked one. Tells screen reader users what else changed. */
function onServiceChange(input) {
    const changed = [];
    if (input.checked) {
        state.checked.add(input.value);
        for (const code of prerequisitesOf(input.value)) {
            const other = servicesForm.querySelector(`#service-${CSS.escape(code)}`);
            if (other && !other.checked) {
                other.checked = true;
                state.checked.add(code);
                changed.push(pick(serviceByCode(code).name));
            }
        }
        if (changed.length) {
            announce(t('book.services.addedFirst', { services: changed.join(', ') }));
        }
    } else {
        state.checked.delete(input.value);
        for (const other of servicesForm.querySelectorAll('input[name="services"]:checked')) {
            if (prerequisitesOf(other.value).has(input.value)) {
                other.checked = false;
                state.checked.delete(other.value);
                changed.push(pick(serviceByCode(other.value).name));
            }
        }
        if (changed.length) {
            announce(t('book.services.removedToo', { services: changed.join(', ') }));
        }
    }
}

/** Once the visitor changes the first step, later steps no longer fit. */
function firstStepChanged() {
    if (!steps.when.hidden || !steps.details.hidden) {
        showStep('when', false);
        showStep('details', false);
        state.ask = null;
        announce(t('book.services.changed'));
    }
}

function currentLocation() {
    const id = Number(locationSelect.value);
    return data.locations.find((l) => l.id === id) || data.locations[0];
}

/** The first step's problem with its reasons in the page's language. */
function showServicesProblem(err) {
    showProblem(servicesForm, {
        status: err.status,
        detail: t('picker.error.detail'),
        invalidParams: (err.invalidParams || []).map((p) => ({
            name: p.name,
            reason: SERVICE_REASONS[p.name] ? t(SERVICE_REASONS[p.name]) : p.reason,
        })),
    });
}

let picker = null;

function onServicesSubmit(ev) {
    ev.preventDefault();
    clearProblem(servicesForm);
    const services = bookable().map((s) => s.code)
        .filter((code) => state.checked.has(code));
    if (services.length === 0) {
        showProblem(servicesForm, {
            detail: t('picker.error.detail'),
            invalidParams: [{ name: 'services', reason: t('book.error.services') }],
        });
        return;
    }
    const location = currentLocation();
    state.ask = {
        location: location.id,
        timeZone: location.timeZone,
        services,
        persons: Number(servicesForm.elements.persons.value) || 1,
    };
    state.option = null;
    showStep('details', false);
    showStep('when', true);
    focusOn(stepHeading('when'));
    picker.start(state.ask);
}

/* ---- step 2: day and option (the picker) ---- */

function onPickerInvalid(err) {
    showStep('when', false);
    showServicesProblem(err);
}

function renderChosen() {
    if (!state.option) {
        chosenBox.textContent = '';
        return;
    }
    chosenBox.textContent = t('book.details.chosen', {
        date: formatDate(state.date),
        time: t('common.timeRange',
            { from: state.option.arrival, to: state.option.departure }),
    });
}

function onOptionChosen(option, date) {
    state.option = option;
    state.date = date;
    clearProblem(detailsForm);
    renderChosen();
    renderRules();
    showStep('details', true);
    focusOn(stepHeading('details'));
}

/* ---- step 3: details, and booking ---- */

/** The rules of the chosen services: rule name -> the rules. */
function chosenRules() {
    const rules = new Map();
    for (const code of (state.ask ? state.ask.services : [])) {
        for (const rule of (serviceByCode(code)?.eligibility || [])) {
            rules.set(rule.rule, [...(rules.get(rule.rule) || []), rule]);
        }
    }
    return rules;
}

/** Asks what the chosen services' rules need: the municipality the
 *  visitor lives in, the location the IND letter names. */
function renderRules() {
    const rules = chosenRules();
    let any = false;
    for (const field of rulesFieldset.querySelectorAll('[data-rule-field]')) {
        field.hidden = !rules.has(field.dataset.ruleField);
        any = any || !field.hidden;
    }
    rulesFieldset.hidden = !any;
    const names = new Set();
    for (const rule of (rules.get('residence-municipality') || [])) {
        for (const name of (rule.municipalities || [])) {
            names.add(name);
        }
    }
    municipalityList.replaceChildren(...[...names].map((name) => {
        const option = el('option');
        option.value = name;
        return option;
    }));
    const chosen = letterSelect.value;
    const choose = el('option', '', t('book.rules.letterChoose'));
    choose.value = '';
    const other = el('option', '', t('book.rules.letterOther'));
    other.value = 'other';
    letterSelect.replaceChildren(choose, ...data.locations.map((loc) => {
        const option = el('option', '', pick(loc.name));
        option.value = loc.code;
        return option;
    }), other);
    letterSelect.value = chosen;
}

/** A rule field's value when the chosen services ask for it. */
function ruleValue(name) {
    const field = rulesFieldset.querySelector(`[data-rule-field="${name}"]`);
    if (rulesFieldset.hidden || field.hidden) {
        return '';
    }
    return field.querySelector('input, select').value.trim();
}

function detailsBody() {
    const f = detailsForm.elements;
    const body = {
        option: state.option.token,
        givenNames: f.givenNames.value.trim(),
        surname: f.surname.value.trim(),
        email: f.email.value.trim(),
        language: f.language.value,
    };
    const phone = f.phone.value.trim();
    if (phone) {
        body.phone = phone;
    }
    const municipality = ruleValue('residence-municipality');
    if (municipality) {
        body.residenceMunicipality = municipality;
    }
    const letter = ruleValue('ind-letter-location');
    if (letter) {
        body.indLetterLocation = letter;
    }
    return body;
}

/** The Idempotency-Key for body: the same as last time when the same body
 *  is sent again (a retry), a new one otherwise. */
function keyFor(body) {
    const text = JSON.stringify(body);
    if (!state.attempt || state.attempt.text !== text) {
        state.attempt = { key: api.newIdempotencyKey(), text };
    }
    return state.attempt.key;
}

function backToOptions() {
    showStep('details', false);
    focusOn(stepHeading('when'));
}

async function onDetailsSubmit(ev) {
    ev.preventDefault();
    if (!state.option) {
        backToOptions();
        return;
    }
    clearProblem(detailsForm);
    const body = detailsBody();
    const key = keyFor(body);
    detailsSubmit.disabled = true;
    detailsSubmit.textContent = t('book.details.busy');
    try {
        const booking = await api.createBooking(body, key);
        state.attempt = null;
        await showBooked(booking);
    } catch (err) {
        handleBookingError(err);
    } finally {
        detailsSubmit.disabled = false;
        detailsSubmit.textContent = t('book.details.submit');
    }
}

function handleBookingError(err) {
    if (err.is && err.is('slot-taken')) {
        state.attempt = null;
        state.option = null;
        picker.showFresh(err.body && err.body.options, 'book.when.taken');
        backToOptions();
        return;
    }
    const params = err.invalidParams || [];
    if (params.some((p) => p.name === 'option')) {
        state.attempt = null;
        state.option = null;
        backToOptions();
        picker.refresh('book.when.expired');
        return;
    }
    if (err.is && err.is('idempotency-key-reused')) {
        state.attempt = null;
    }
    if (err.is && err.is('not-eligible') && err.body) {
        // A rule of a service refuses: said next to the field it asks.
        showProblem(detailsForm, {
            status: err.status,
            detail: t('book.error.notEligible'),
            invalidParams: [{
                name: err.body.field || '',
                reason: RULE_REFUSALS[err.body.rule]
                    ? t(RULE_REFUSALS[err.body.rule]) : err.detail,
            }],
        });
        return;
    }
    if (params.length) {
        showProblem(detailsForm, {
            status: err.status,
            detail: t('picker.error.detail'),
            invalidParams: params.map((p) => ({
                name: p.name,
                reason: DETAIL_REASONS[p.name] ? t(DETAIL_REASONS[p.name]) : p.reason,
            })),
        });
        return;
    }
    showProblem(detailsForm, { status: err.status, detail: t('book.error.failed') });
}

/* ---- step 4: the confirmation ---- */

function renderDone() {
    if (!state.booking) {
        return;
    }
    renderBooking(bookingView, state.booking, files, { level: 3 });
    const url = new URL(state.booking.manageUrl, window.location.href);
    manageLink.href = url.href;
    manageLink.textContent = url.href;
}

async function showBooked(booking) {
    state.booking = booking;
    await files.load(booking, booking.token);
    renderDone();
    for (const name of ['services', 'when', 'details']) {
        showStep(name, false);
    }
    showStep('done', true);
    focusOn(stepHeading('done'));
}

/* ---- the page ---- */

function render() {
    loadError.hidden = !data.failed;
    loadError.textContent = data.failed ? t('common.loadFailed') : '';
    servicesForm.hidden = data.failed;
    renderServices();
    renderChosen();
    renderRules();
    renderDone();
    if (!state.languageTouched) {
        languageSelect.value = lang();
    }
}

async function load() {
    const [services, locations] = await Promise.all([
        api.get('/services'),
        api.get('/locations'),
    ]);
    data.services = (services && services.items) || [];
    data.locations = (locations && locations.items) || [];
    if (data.locations.length === 0) {
        throw new Error('no location');
    }
}

async function main() {
    await start();
    picker = new Picker(document.querySelector('[data-picker]'), {
        id: 'book',
        submitKey: 'book.when.submit',
        onSubmit: onOptionChosen,
        onInvalid: onPickerInvalid,
    });
    servicesForm.addEventListener('submit', onServicesSubmit);
    servicesForm.addEventListener('change', (ev) => {
        if (ev.target.name === 'services') {
            onServiceChange(ev.target);
        }
        firstStepChanged();
    });
    detailsForm.addEventListener('submit', onDetailsSubmit);
    languageSelect.addEventListener('change', () => {
        state.languageTouched = true;
    });
    try {
        await load();
    } catch {
        data.failed = true;
    }
    render();
    onChange(render);
}

main();

// SPDX-License-Identifier: AGPL-3.0-or-later
// Booking for employees: one employee through the booking flow's day and
// option picker (POST /api/v1/bookings with the newcomer's id), or a group
// of selected employees on a date or the earliest date where all fit
// (POST /api/v1/booking-groups, all or none). Shows what was booked (codes
// and times per person) and, when a booking is refused, why: the problem's
// detail and, for an eligibility rule, the rule that refused.

import * as api from './api.js';
import { t, pick, has, formatDate, onChange } from './i18n.js';
import { showProblem, clearProblem } from './form.js';
import { el, focusOn, todayIn, addDays } from './dom.js';
import { Picker, legList } from './picker.js';

/** A person's full name as the list shows it. */
export function fullName(n) {
    return `${n.givenNames} ${n.surname}`;
}

/** The services an employer may book, in catalogue order. */
function sponsorServices(services) {
    return services.filter((s) => s.active !== false &&
        (s.bookableBy || ['public']).includes('sponsor'));
}

/** Every service that code needs first, directly or through another. */
function needsFirst(services, code, seen = new Set()) {
    const service = services.find((s) => s.code === code);
    for (const before of (service?.prerequisites || [])) {
        if (before !== code && !seen.has(before)) {
            seen.add(before);
            needsFirst(services, before, seen);
        }
    }
    return seen;
}

/** A list of service checkboxes (ids prefixed with idPrefix) that ticks
 *  what a ticked service needs first. */
class ServiceChoice {
    constructor(box, idPrefix) {
        this.box = box;
        this.idPrefix = idPrefix;
        this.services = [];
        this.checked = new Set();
        box.addEventListener('change', (ev) => {
            if (ev.target.name !== 'services') {
                return;
            }
            if (ev.target.checked) {
                this.checked.add(ev.target.value);
                for (const code of needsFirst(this.services, ev.target.value)) {
                    this.checked.add(code);
                }
            } else {
                this.checked.delete(ev.target.value);
                for (const code of [...this.checked]) {
                    if (needsFirst(this.services, code).has(ev.target.value)) {
                        this.checked.delete(code);
                    }
                }
            }
            for (const input of box.querySelectorAll('input[name="services"]')) {
                input.checked = this.checked.has(input.value);
            }
        });
    }

    setServices(services) {
        this.services = sponsorServices(services);
        this.render();
    }

    /** The ticked codes, in catalogue order. */
    codes() {
        return this.services.map((s) => s.code)
            .filter((code) => this.checked.has(code));
    }

    render() {
        this.box.replaceChildren(...this.services.map((service) => {
            const id = `${this.idPrefix}-${service.code}`;
            const row = el('div', 'onestop-choice');
            const input = el('input', 'nl-checkbox onestop-choice__input');
            input.type = 'checkbox';
            input.name = 'services';
            input.value = service.code;
            input.id = id;
            input.checked = this.checked.has(service.code);
            input.setAttribute('aria-describedby', `${id}-meta`);
            const label = el('label', 'onestop-choice__label', pick(service.name));
            label.htmlFor = id;
            const info = el('div', 'onestop-choice__info');
            const before = [...needsFirst(this.services, service.code)];
            const meta = el('p', 'onestop-choice__meta',
                t('common.minutes', { n: service.minutes }));
            meta.id = `${id}-meta`;
            if (before.length) {
                meta.append(' ', t('employer.book.needs', { services: before
                    .map((c) => pick(this.services.find((s) => s.code === c)?.name) || c)
                    .join(', ') }));
            }
            info.append(meta);
            row.append(input, label, info);
            return row;
        }));
    }
}

/** The name of an eligibility rule in the page's language. */
function ruleName(rule) {
    const key = `employer.rule.${rule}`;
    return has(key) ? t(key) : String(rule);
}

/**
 * Fills box with a refusal: what the server said and, for an eligibility
 * refusal, which rule refused (and for whom, in a group). names maps a
 * group member's index to their name.
 */
function showRefusal(box, err, names = []) {
    const nodes = [el('h3', 'onestop-error-summary__title',
        t('employer.refused.title'))];
    const body = err.body || {};
    let detail = err.status === 0 ? t('common.networkError')
        : err.detail || err.title || t('employer.refused.failed');
    if (err.is && err.is('slot-taken')) {
        detail = t('employer.refused.taken');
    }
    const para = el('p', 'onestop-error-summary__detail', detail);
    para.dataset.refusalDetail = '';
    nodes.push(para);
    if (body.rule) {
        const who = Number.isInteger(body.member) && names[body.member]
            ? t('employer.refused.ruleFor', { rule: ruleName(body.rule),
                name: names[body.member] })
            : t('employer.refused.rule', { rule: ruleName(body.rule) });
        const rule = el('p', 'nl-paragraph', who);
        rule.dataset.refusalRule = body.rule;
        nodes.push(rule);
    }
    const params = err.invalidParams || [];
    if (params.length) {
        const list = el('ul', 'onestop-error-summary__list');
        for (const p of params) {
            const m = /^members\[(\d+)\]/.exec(p.name);
            const who = m && names[Number(m[1])];
            list.append(el('li', '', who ? `${who}: ${p.reason}` : p.reason));
        }
        nodes.push(list);
    }
    box.replaceChildren(...nodes);
    box.hidden = false;
    focusOn(box);
}

/** One booking's result: code, date, times and the plan per leg. */
function bookingSummary(booking, name, level) {
    const box = el('div', 'onestop-card onestop-booked');
    box.dataset.booked = booking.code;
    box.append(el(`h${level}`, `nl-heading nl-heading--level-${level}`, name));
    const facts = el('dl', 'onestop-facts');
    const fact = (key, value, what) => {
        const dd = el('dd', '', value);
        dd.dataset.fact = what;
        facts.append(el('dt', '', t(key)), dd);
    };
    fact('visit.code', booking.code, 'code');
    fact('visit.date', formatDate(booking.date), 'date');
    if (booking.arrival) {
        fact('visit.time', t('common.timeRange',
            { from: booking.arrival, to: booking.departure }), 'time');
    }
    fact('visit.persons', String(booking.persons), 'persons');
    box.append(facts, legList(booking.legs || []));
    return box;
}

export class EmployeeBooking {
    /**
     * section  the <section data-view="book">
     * onBooked called after a booking (to reload the progress)
     */
    constructor(section, { onBooked }) {
        this.section = section;
        this.onBooked = onBooked;
        this.form = section.querySelector('[data-book-form]');
        this.heading = section.querySelector('[data-book-heading]');
        this.familyField = section.querySelector('[data-book-family-field]');
        this.familyLabel = section.querySelector('[data-book-family-label]');
        this.when = section.querySelector('[data-book-when]');
        this.refusal = section.querySelector('[data-book-refusal]');
        this.result = section.querySelector('[data-book-result]');
        this.resultBody = section.querySelector('[data-book-result-body]');
        this.choice = new ServiceChoice(
            section.querySelector('[data-book-services]'), 'book-service');
        this.picker = new Picker(section.querySelector('[data-picker]'), {
            id: 'employee',
            submitKey: 'employer.book.submit',
            onSubmit: (option, date) => this.book(option, date),
            onInvalid: (err) => this.invalid(err),
        });
        this.newcomer = null;
        this.location = null;
        this.attempt = null;
        this.booking = null;
        this.form.addEventListener('submit', (ev) => {
            ev.preventDefault();
            this.findTimes();
        });
        this.form.addEventListener('change', () => {
            // Another choice: the times shown no longer fit it.
            this.when.hidden = true;
        });
        onChange(() => this.render());
    }

    setCatalogue(services, location) {
        this.choice.setServices(services);
        this.location = location;
    }

    /** Starts over for newcomer n (with its family). */
    open(n) {
        this.newcomer = n;
        this.booking = null;
        this.attempt = null;
        this.choice.checked.clear();
        this.form.reset();
        clearProblem(this.form);
        this.when.hidden = true;
        this.refusal.hidden = true;
        this.result.hidden = true;
        this.form.hidden = false;
        this.render();
    }

    persons() {
        const family = (this.newcomer && this.newcomer.family) || [];
        return 1 + (this.form.elements.withFamily.checked ? family.length : 0);
    }

    render() {
        if (!this.newcomer) {
            return;
        }
        this.heading.textContent = t('employer.book.heading',
            { name: fullName(this.newcomer) });
        const family = this.newcomer.family || [];
        this.familyField.hidden = family.length === 0;
        this.familyLabel.textContent = t('employer.book.withFamily', {
            n: family.length, names: family.map(fullName).join(', ') });
        this.choice.render();
        if (this.booking) {
            this.resultBody.replaceChildren(bookingSummary(this.booking,
                fullName(this.newcomer), 4));
        }
    }

    findTimes() {
        clearProblem(this.form);
        this.refusal.hidden = true;
        const services = this.choice.codes();
        if (services.length === 0) {
            showProblem(this.form, {
                detail: t('picker.error.detail'),
                invalidParams: [{ name: 'services', reason: t('book.error.services') }],
            });
            return;
        }
        this.ask = { location: this.location.id,
            timeZone: this.location.timeZone, services,
            persons: this.persons() };
        this.when.hidden = false;
        focusOn(this.section.querySelector('#book-when-heading'));
        this.picker.start(this.ask);
    }

    invalid(err) {
        this.when.hidden = true;
        showProblem(this.form, { status: err.status,
            detail: t('picker.error.detail'),
            invalidParams: (err.invalidParams || []).map((p) => ({
                name: p.name,
                reason: p.name === 'services' ? t('book.error.servicesInvalid')
                    : p.reason })) });
    }

    /** The Idempotency-Key for body: the same on a retry of the same. */
    keyFor(body) {
        const text = JSON.stringify(body);
        if (!this.attempt || this.attempt.text !== text) {
            this.attempt = { key: api.newIdempotencyKey(), text };
        }
        return this.attempt.key;
    }

    async book(option) {
        this.refusal.hidden = true;
        const body = { option: option.token, newcomer: this.newcomer.id };
        this.picker.busy(true, 'book.details.busy');
        try {
            this.booking = await api.createBooking(body, this.keyFor(body));
            this.attempt = null;
        } catch (err) {
            this.picker.busy(false);
            if (err.is && err.is('slot-taken')) {
                this.attempt = null;
                this.picker.showFresh(err.body && err.body.options, 'book.when.taken');
                return;
            }
            if ((err.invalidParams || []).some((p) => p.name === 'option')) {
                this.attempt = null;
                this.picker.refresh('book.when.expired');
                return;
            }
            showRefusal(this.refusal, err, [fullName(this.newcomer)]);
            return;
        }
        this.picker.busy(false);
        this.form.hidden = true;
        this.when.hidden = true;
        this.result.hidden = false;
        this.render();
        focusOn(this.section.querySelector('#book-result-heading'));
        this.onBooked();
    }
}

export class GroupBooking {
    constructor(section, { onBooked }) {
        this.section = section;
        this.onBooked = onBooked;
        this.form = section.querySelector('[data-group-form]');
        this.memberList = section.querySelector('[data-group-members]');
        this.dateInput = section.querySelector('#group-date');
        this.submitButton = section.querySelector('[data-group-submit]');
        this.refusal = el('div', 'onestop-error-summary');
        this.refusal.setAttribute('role', 'alert');
        this.refusal.tabIndex = -1;
        this.refusal.hidden = true;
        this.refusal.dataset.groupRefusal = '';
        this.form.after(this.refusal);
        this.result = section.querySelector('[data-group-result]');
        this.resultBody = section.querySelector('[data-group-result-body]');
        this.choice = new ServiceChoice(
            section.querySelector('[data-group-services]'), 'group-service');
        this.members = [];
        this.group = null;
        this.attempt = null;
        this.busy = false;
        this.form.addEventListener('submit', (ev) => {
            ev.preventDefault();
            this.book();
        });
        onChange(() => this.render());
    }

    setCatalogue(services, location) {
        this.choice.setServices(services);
        this.location = location;
    }

    /** Starts over for the newcomers chosen. */
    open(members) {
        this.members = members;
        this.group = null;
        this.attempt = null;
        this.choice.checked.clear();
        this.form.reset();
        clearProblem(this.form);
        const tomorrow = addDays(todayIn(this.location.timeZone), 1);
        this.dateInput.min = todayIn(this.location.timeZone);
        this.dateInput.value = tomorrow;
        this.refusal.hidden = true;
        this.result.hidden = true;
        this.form.hidden = false;
        this.render();
    }

    render() {
        this.memberList.replaceChildren(...this.members.map((n) => {
            const family = n.family || [];
            const item = el('li', '', fullName(n));
            item.dataset.member = String(n.id);
            if (family.length) {
                item.append(' ', el('span', 'onestop-muted', t('employer.group.family',
                    { n: family.length, names: family.map(fullName).join(', ') })));
            }
            return item;
        }));
        this.choice.render();
        this.submitButton.textContent = t(this.busy
            ? 'employer.group.busy' : 'employer.group.submit');
        if (this.group) {
            this.renderResult();
        }
    }

    body() {
        const f = this.form.elements;
        const services = this.choice.codes().join(',');
        return {
            location: this.location.id,
            date: this.dateInput.value,
            earliest: f.earliest.checked,
            members: this.members.map((n) => ({
                newcomer: n.id,
                services,
                persons: 1 + (f.withFamily.checked ? (n.family || []).length : 0),
            })),
        };
    }

    keyFor(body) {
        const text = JSON.stringify(body);
        if (!this.attempt || this.attempt.text !== text) {
            this.attempt = { key: api.newIdempotencyKey(), text };
        }
        return this.attempt.key;
    }

    async book() {
        if (this.busy) {
            return;
        }
        clearProblem(this.form);
        this.refusal.hidden = true;
        const bad = [];
        if (this.choice.codes().length === 0) {
            bad.push({ name: 'services', reason: t('book.error.services') });
        }
        if (!/^\d{4}-\d{2}-\d{2}$/.test(this.dateInput.value)) {
            bad.push({ name: 'date', reason: t('picker.error.dateMissing') });
        }
        if (bad.length) {
            showProblem(this.form, { detail: t('picker.error.detail'),
                invalidParams: bad }, '', { focusField: true });
            return;
        }
        const body = this.body();
        this.busy = true;
        this.submitButton.disabled = true;
        this.render();
        try {
            this.group = await api.request('POST', '/booking-groups', body,
                { headers: { 'Idempotency-Key': this.keyFor(body) } });
            this.attempt = null;
        } catch (err) {
            this.fail(err);
            return;
        } finally {
            this.busy = false;
            this.submitButton.disabled = false;
            this.render();
        }
        this.form.hidden = true;
        this.result.hidden = false;
        this.render();
        focusOn(this.section.querySelector('#group-result-heading'));
        this.onBooked();
    }

    fail(err) {
        if (err.is && err.is('slot-taken')) {
            this.attempt = null; // planned afresh on the next try
        }
        const params = err.invalidParams || [];
        const fields = params.filter((p) => ['date', 'services', 'location']
            .includes(p.name) || /^members\[\d+\]\.services$/.test(p.name));
        if (fields.length && fields.length === params.length) {
            showProblem(this.form, { status: err.status,
                detail: t('picker.error.detail'),
                invalidParams: fields.map((p) => ({
                    name: p.name.replace(/^members\[\d+\]\./, ''),
                    reason: p.name === 'date' ? p.reason
                        : t('book.error.servicesInvalid') })) },
            '', { focusField: true });
            return;
        }
        showRefusal(this.refusal, err, this.members.map(fullName));
    }

    renderResult() {
        const g = this.group;
        const intro = el('p', 'nl-paragraph', t('employer.group.doneIntro',
            { date: formatDate(g.date), n: g.bookings.length, code: g.code }));
        const nodes = [intro];
        for (const booking of g.bookings) {
            const n = this.members.find((m) => m.id === booking.newcomer) ||
                this.members.find((m) => booking.person &&
                    m.givenNames === booking.person.givenNames &&
                    m.surname === booking.person.surname);
            const name = n ? fullName(n) : booking.person
                ? `${booking.person.givenNames} ${booking.person.surname}` : booking.code;
            nodes.push(bookingSummary(booking, name, 4));
        }
        this.resultBody.replaceChildren(...nodes);
    }
}

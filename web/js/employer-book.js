// SPDX-License-Identifier: AGPL-3.0-or-later
// Booking for employees: one employee through the booking flow's day and
// option picker (POST /api/v1/bookings with the newcomer's id), or a group
// of selected employees on a date or the earliest date where all fit
// (POST /api/v1/booking-groups, all or none). Shows what was booked (codes
// and times per person) and, when a booking is refused, why: the problem's
// detail and, for an eligibility rule, the rule that refused. What the
// chosen services' rules ask (where the person lives, which location their
// IND letter names) is asked per person; the sponsor is the employer's own.

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
    /** onChange, when given, is called after the ticked services change. */
    constructor(box, idPrefix, onChange) {
        this.box = box;
        this.idPrefix = idPrefix;
        this.services = [];
        this.checked = new Set();
        this.onChange = onChange || (() => {});
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
            this.onChange();
        });
    }

    /** The eligibility rules of the ticked services: rule name -> rules. */
    rules() {
        const rules = new Map();
        for (const code of this.codes()) {
            const service = this.services.find((s) => s.code === code);
            for (const rule of (service?.eligibility || [])) {
                rules.set(rule.rule, [...(rules.get(rule.rule) || []), rule]);
            }
        }
        return rules;
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
                meta.append(' ', el('span', 'onestop-choice__needs',
                    t('employer.book.needs', { services: before
                        .map((c) => pick(this.services.find((s) => s.code === c)?.name) || c)
                        .join(', ') })));
            }
            info.append(meta);
            row.append(input, label, info);
            return row;
        }));
    }
}

/**
 * The answers one person gives to the rules of the ticked services: the
 * municipality they live in (residence-municipality; the accepted names
 * offered as suggestions) and the location their IND letter names
 * (ind-letter-location). Each field is shown only when a rule asks it.
 */
class RuleAnswers {
    /** idPrefix makes the ids unique, namePrefix goes before the body's
     *  field names ("members[1]." in a group). */
    constructor(idPrefix, namePrefix) {
        this.box = el('div', 'onestop-rule-answers');
        this.box.dataset.ruleAnswers = '';
        this.fields = {};
        const add = (rule, name, control) => {
            const id = `${idPrefix}-${name}`;
            const field = el('div', 'nl-form-field');
            field.dataset.ruleField = rule;
            field.hidden = true;
            const label = el('label', 'nl-form-label');
            label.htmlFor = id;
            const hint = el('p', 'nl-form-field-description');
            hint.id = `${id}-hint`;
            control.id = id;
            control.name = `${namePrefix}${name}`;
            control.setAttribute('aria-describedby', hint.id);
            field.append(label, hint, control);
            this.box.append(field);
            this.fields[rule] = { field, label, hint, control };
        };
        const town = el('input', 'nl-text-input');
        town.type = 'text';
        town.maxLength = 100;
        town.autocomplete = 'off';
        town.setAttribute('list', `${idPrefix}-municipalities`);
        this.datalist = el('datalist');
        this.datalist.id = `${idPrefix}-municipalities`;
        add('residence-municipality', 'residenceMunicipality', town);
        this.fields['residence-municipality'].field.append(this.datalist);
        add('ind-letter-location', 'indLetterLocation',
            el('select', 'nl-select'));
    }

    /** Shows what rules (from ServiceChoice.rules) ask of the person named
     *  name; locations are the centre's locations for the letter. */
    update(rules, locations, name) {
        for (const [rule, f] of Object.entries(this.fields)) {
            f.field.hidden = !rules.has(rule);
        }
        const town = this.fields['residence-municipality'];
        town.label.textContent = t('employer.rules.municipality', { name });
        town.hint.textContent = t('employer.rules.municipalityHint');
        const names = new Set();
        for (const rule of (rules.get('residence-municipality') || [])) {
            for (const n of (rule.municipalities || [])) {
                names.add(n);
            }
        }
        this.datalist.replaceChildren(...[...names].map((n) => {
            const option = el('option');
            option.value = n;
            return option;
        }));
        const letter = this.fields['ind-letter-location'];
        letter.label.textContent = t('employer.rules.letter', { name });
        letter.hint.textContent = t('employer.rules.letterHint');
        const chosen = letter.control.value;
        const choose = el('option', '', t('employer.rules.letterChoose'));
        choose.value = '';
        const other = el('option', '', t('employer.rules.letterOther'));
        other.value = 'other';
        letter.control.replaceChildren(choose, ...locations.map((loc) => {
            const option = el('option', '', pick(loc.name));
            option.value = loc.code;
            return option;
        }), other);
        letter.control.value = chosen;
    }

    /** Whether any rule asks something of the person. */
    asks() {
        return Object.values(this.fields).some((f) => !f.field.hidden);
    }

    /** The answers given to the rules shown, for the booking body. */
    values() {
        const out = {};
        const town = this.fields['residence-municipality'];
        if (!town.field.hidden && town.control.value.trim()) {
            out.residenceMunicipality = town.control.value.trim();
        }
        const letter = this.fields['ind-letter-location'];
        if (!letter.field.hidden && letter.control.value) {
            out.indLetterLocation = letter.control.value;
        }
        return out;
    }
}

/** Fills a form's location choice (shown only when there are several)
 *  with the locations' names in the page's language. */
function fillLocations(form, locations) {
    const select = form.elements.location;
    const chosen = select.value;
    select.replaceChildren(...locations.map((loc) => {
        const option = el('option', '', pick(loc.name));
        option.value = String(loc.id);
        return option;
    }));
    select.value = chosen || String(locations[0]?.id ?? '');
    form.querySelector('[data-location-field]').hidden = locations.length < 2;
}

/** The location chosen in form, or the only one. */
function chosenLocation(form, locations) {
    const id = Number(form.elements.location.value);
    return locations.find((loc) => loc.id === id) || locations[0];
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

/** A reason in the page's language for an answer to a rule, or for a
 *  field of the booking form; the server's own for anything else. */
function answerReason(name, reason) {
    if (/residenceMunicipality$/.test(name)) {
        return t('employer.error.municipality');
    }
    if (/indLetterLocation$/.test(name)) {
        return t('employer.error.letter');
    }
    if (/services$/.test(name)) {
        return t('book.error.servicesInvalid');
    }
    return reason;
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
            section.querySelector('[data-book-services]'), 'book-service',
            () => this.renderRules());
        this.rulesBox = section.querySelector('[data-book-rules]');
        this.answers = new RuleAnswers('book', '');
        this.rulesBox.append(this.answers.box);
        this.locations = [];
        this.picker = new Picker(section.querySelector('[data-picker]'), {
            id: 'employee',
            submitKey: 'employer.book.submit',
            onSubmit: (option, date) => this.book(option, date),
            onInvalid: (err) => this.invalid(err),
        });
        this.newcomer = null;
        this.attempt = null;
        this.booking = null;
        this.form.addEventListener('submit', (ev) => {
            ev.preventDefault();
            this.findTimes();
        });
        this.form.addEventListener('change', (ev) => {
            // Other services or persons: the times shown no longer fit.
            if (['services', 'withFamily', 'location'].includes(ev.target.name)) {
                this.when.hidden = true;
            }
        });
        onChange(() => this.render());
    }

    setCatalogue(services, locations) {
        this.choice.setServices(services);
        this.locations = locations;
        fillLocations(this.form, locations);
    }

    renderRules() {
        if (!this.newcomer) {
            return;
        }
        this.answers.update(this.choice.rules(), this.locations,
            fullName(this.newcomer));
        this.rulesBox.hidden = !this.answers.asks();
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
        fillLocations(this.form, this.locations);
        this.renderRules();
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
        const location = chosenLocation(this.form, this.locations);
        this.ask = { location: location.id,
            timeZone: location.timeZone, services,
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
                name: p.name, reason: answerReason(p.name, p.reason) })) });
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
        clearProblem(this.form);
        const body = { option: option.token, newcomer: this.newcomer.id,
            ...this.answers.values() };
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
            const params = err.invalidParams || [];
            if (params.length && params.every((p) =>
                this.form.elements.namedItem(p.name))) {
                // An answer to a rule is missing or wrong: said at its field.
                showProblem(this.form, { status: err.status,
                    detail: t('picker.error.detail'),
                    invalidParams: params.map((p) => ({ name: p.name,
                        reason: answerReason(p.name, p.reason) })) },
                '', { focusField: true });
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
            section.querySelector('[data-group-services]'), 'group-service',
            () => this.renderMembers());
        this.members = [];
        this.answers = [];
        this.locations = [];
        this.group = null;
        this.attempt = null;
        this.busy = false;
        this.form.addEventListener('submit', (ev) => {
            ev.preventDefault();
            this.book();
        });
        onChange(() => this.render());
    }

    setCatalogue(services, locations) {
        this.choice.setServices(services);
        this.locations = locations;
        fillLocations(this.form, locations);
    }

    /** Starts over for the newcomers chosen. */
    open(members) {
        this.members = members;
        // Each member answers the rules for themselves.
        this.answers = members.map((n, i) =>
            new RuleAnswers(`group-${i}`, `members[${i}].`));
        this.memberList.replaceChildren(...members.map((n, i) => {
            const item = el('li', 'onestop-group-member');
            item.dataset.member = String(n.id);
            item.append(el('span', 'onestop-group-member__name'),
                el('span', 'onestop-muted onestop-group-member__family'),
                this.answers[i].box);
            return item;
        }));
        this.group = null;
        this.attempt = null;
        this.choice.checked.clear();
        this.form.reset();
        clearProblem(this.form);
        fillLocations(this.form, this.locations);
        const { timeZone } = chosenLocation(this.form, this.locations);
        this.dateInput.min = todayIn(timeZone);
        const tomorrow = addDays(todayIn(timeZone), 1);
        this.dateInput.value = tomorrow;
        this.refusal.hidden = true;
        this.result.hidden = true;
        this.form.hidden = false;
        this.render();
    }

    /** The members' names and family, and what the rules ask of each. */
    renderMembers() {
        const rules = this.choice.rules();
        this.members.forEach((n, i) => {
            const item = this.memberList.children[i];
            const family = n.family || [];
            item.querySelector('.onestop-group-member__name').textContent =
                fullName(n);
            item.querySelector('.onestop-group-member__family').textContent =
                family.length ? ` ${t('employer.group.family',
                    { n: family.length, names: family.map(fullName).join(', ') })}`
                    : '';
            this.answers[i].update(rules, this.locations, fullName(n));
        });
    }

    render() {
        this.choice.render();
        fillLocations(this.form, this.locations);
        this.renderMembers();
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
            location: chosenLocation(this.form, this.locations).id,
            date: this.dateInput.value,
            earliest: f.earliest.checked,
            members: this.members.map((n, i) => ({
                newcomer: n.id,
                services,
                persons: 1 + (f.withFamily.checked ? (n.family || []).length : 0),
                ...this.answers[i].values(),
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
        // Fields of the form (a member's services are the form's services).
        const fieldName = (name) => (/^members\[\d+\]\.services$/.test(name)
            ? 'services' : name);
        const fields = params.filter((p) =>
            this.form.elements.namedItem(fieldName(p.name)));
        if (fields.length && fields.length === params.length) {
            showProblem(this.form, { status: err.status,
                detail: t('picker.error.detail'),
                invalidParams: fields.map((p) => ({ name: fieldName(p.name),
                    reason: answerReason(p.name, p.reason) })) },
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

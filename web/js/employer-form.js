// SPDX-License-Identifier: AGPL-3.0-or-later
// The form that registers a newcomer with their family: every field of the
// record for the employee, a smaller set for each family member (added and
// removed with buttons, renumbered so that the server's family[i] names
// point at the right one), the body POST /api/v1/newcomers takes, and the
// server's invalidParams shown next to each field with focus on the first.

import { t, onChange } from './i18n.js';
import { showProblem, clearProblem } from './form.js';
import { el, focusOn, todayIn } from './dom.js';
import { countries } from './employer-countries.js';

/** The categories of the record, in the order offered. */
export const CATEGORIES = ['highly-skilled-migrant', 'researcher', 'student',
    'family-member', 'other'];
/** Family members one record holds (the server's limit). */
const FAMILY_MAX = 10;

/*
 * One field: name (the body's), kind (text, date, select, email),
 * label key, hint key, optional, and for text the input's attributes.
 */
const EMPLOYEE_FIELDS = [
    { name: 'givenNames', kind: 'text', max: 200 },
    { name: 'surname', kind: 'text', max: 200 },
    { name: 'dateOfBirth', kind: 'date', past: true },
    { name: 'nationality', kind: 'country' },
    { name: 'category', kind: 'category' },
    { name: 'travelDocument', kind: 'text', max: 40, hint: true, code: true },
    { name: 'vNumber', kind: 'text', max: 40, hint: true, optional: true,
        code: true, inputmode: 'numeric' },
    { name: 'expectedArrival', kind: 'date', optional: true },
    { name: 'postcode', kind: 'text', max: 7, hint: true, optional: true,
        code: true, autocomplete: 'postal-code' },
    { name: 'houseNumber', kind: 'text', max: 11, hint: true, optional: true,
        code: true },
    { name: 'email', kind: 'email', max: 254, hint: true },
    { name: 'language', kind: 'language', hint: true },
];
const MEMBER_FIELDS = [
    { name: 'givenNames', kind: 'text', max: 200 },
    { name: 'surname', kind: 'text', max: 200 },
    { name: 'dateOfBirth', kind: 'date', past: true },
    { name: 'nationality', kind: 'country' },
    { name: 'travelDocument', kind: 'text', max: 40, optional: true,
        code: true },
];

/** The last part of an invalidParams name: family[1].postcode → postcode. */
function fieldOf(name) {
    return String(name).split(/[./]/).filter(Boolean).pop() || '';
}

/** A reason in the page's language for a field the server refused; the
 *  server's own (English) reason for a field this page does not know. */
export function reasonFor(name, reason) {
    const key = `employer.error.${fieldOf(name)}`;
    const known = ['givenNames', 'surname', 'dateOfBirth', 'nationality',
        'category', 'travelDocument', 'vNumber', 'expectedArrival',
        'postcode', 'houseNumber', 'email', 'language'];
    return known.includes(fieldOf(name)) ? t(key) : reason;
}

function fillCountries(select) {
    const chosen = select.value;
    const first = el('option', '', t('employer.field.nationalityChoose'));
    first.value = '';
    select.replaceChildren(first, ...countries().map(({ code, name }) => {
        const option = el('option', '', name);
        option.value = code;
        return option;
    }));
    select.value = chosen;
}

function fillCategories(select) {
    const chosen = select.value;
    select.replaceChildren(...CATEGORIES.map((code) => {
        const option = el('option', '', t(`employer.category.${code}`));
        option.value = code;
        return option;
    }));
    select.value = chosen || CATEGORIES[0];
}

/** Builds one field's label, hint and control; returns the wrapper. */
function buildField(spec, prefix, idPrefix) {
    const id = `${idPrefix}${spec.name}`;
    const wrap = el('div', 'nl-form-field');
    wrap.dataset.field = spec.name;
    const label = el('label', 'nl-form-label');
    label.htmlFor = id;
    label.dataset.labelKey = `employer.field.${spec.name}`;
    wrap.append(label);
    let hint = null;
    if (spec.hint) {
        hint = el('p', 'nl-form-field-description');
        hint.id = `${id}-hint`;
        hint.dataset.i18n = `employer.field.${spec.name}Hint`;
        wrap.append(hint);
    }
    let control;
    if (spec.kind === 'country' || spec.kind === 'category' ||
        spec.kind === 'language') {
        control = el('select', 'nl-select');
        if (spec.kind === 'language') {
            for (const [code, name] of [['en', 'English'], ['nl', 'Nederlands']]) {
                const option = el('option', '', name);
                option.value = code;
                option.lang = code;
                control.append(option);
            }
        }
    } else {
        control = el('input', `nl-text-input${spec.kind === 'date'
            ? ' nl-text-input--date' : ''}`);
        control.type = spec.kind === 'email' ? 'email' : spec.kind;
        if (spec.max) {
            control.maxLength = spec.max;
        }
        control.spellcheck = false;
        control.autocomplete = spec.autocomplete || 'off';
        if (spec.inputmode) {
            control.inputMode = spec.inputmode;
        }
        if (spec.code) {
            control.autocapitalize = 'characters';
        }
    }
    control.id = id;
    control.name = `${prefix}${spec.name}`;
    control.dataset.kind = spec.kind;
    if (hint) {
        control.setAttribute('aria-describedby', hint.id);
    }
    if (spec.past) {
        control.dataset.past = '';
    }
    wrap.append(control);
    return wrap;
}

/** Gives the fields below root their texts and option lists. */
function translateFields(root) {
    for (const label of root.querySelectorAll('[data-label-key]')) {
        const name = label.closest('[data-field]').dataset.field;
        const spec = EMPLOYEE_FIELDS.find((f) => f.name === name);
        const optional = label.closest('[data-member]')
            ? MEMBER_FIELDS.find((f) => f.name === name).optional
            : spec.optional;
        label.textContent = optional
            ? t('employer.field.optional', { label: t(label.dataset.labelKey) })
            : t(label.dataset.labelKey);
    }
    for (const hint of root.querySelectorAll('[data-i18n]')) {
        hint.textContent = t(hint.dataset.i18n);
    }
    for (const select of root.querySelectorAll('select[data-kind="country"]')) {
        fillCountries(select);
    }
    for (const select of root.querySelectorAll('select[data-kind="category"]')) {
        fillCategories(select);
    }
    const today = todayIn('Europe/Amsterdam');
    for (const input of root.querySelectorAll('input[data-past]')) {
        input.max = today;
    }
}

export class RegisterForm {
    /**
     * form      the <form data-register-form>
     * onDone    called with the newcomer the server registered
     * submit    async (body) => newcomer; rejects with ApiError
     */
    constructor(form, { submit, onDone }) {
        this.form = form;
        this.submitFn = submit;
        this.onDone = onDone;
        this.principal = form.querySelector('[data-person="principal"]');
        this.familyList = form.querySelector('[data-family-list]');
        this.familyNone = form.querySelector('[data-family-none]');
        this.addButton = form.querySelector('[data-family-add]');
        this.submitButton = form.querySelector('[data-register-submit]');
        for (const spec of EMPLOYEE_FIELDS) {
            this.principal.append(buildField(spec, '', 'nc-'));
        }
        this.addButton.addEventListener('click', () => this.addMember());
        this.familyList.addEventListener('click', (ev) => {
            const button = ev.target.closest('[data-family-remove]');
            if (button) {
                this.removeMember(button.closest('[data-member]'));
            }
        });
        form.addEventListener('submit', (ev) => {
            ev.preventDefault();
            this.onSubmit();
        });
        onChange(() => this.render());
        this.render();
    }

    /** Empties the form for the next newcomer. */
    reset() {
        this.form.reset();
        this.familyList.replaceChildren();
        clearProblem(this.form);
        this.render();
    }

    members() {
        return [...this.familyList.querySelectorAll('[data-member]')];
    }

    addMember() {
        if (this.members().length >= FAMILY_MAX) {
            return;
        }
        const box = el('fieldset', 'nl-fieldset onestop-family-member');
        box.dataset.member = '';
        box.append(el('legend', 'nl-fieldset__legend'));
        for (const spec of MEMBER_FIELDS) {
            box.append(buildField(spec, 'family[0].', 'nc-family-0-'));
        }
        const remove = el('button', 'nl-button nl-button--secondary');
        remove.type = 'button';
        remove.dataset.familyRemove = '';
        box.append(remove);
        this.familyList.append(box);
        this.render();
        box.querySelector('input').focus();
    }

    removeMember(box) {
        const next = box.nextElementSibling || box.previousElementSibling;
        clearProblem(this.form);
        box.remove();
        this.render();
        // Focus goes to the member that took its place, or to "add".
        focusOn(next ? next.querySelector('input') : this.addButton);
    }

    /** Names, ids and texts of the family members follow their order. */
    renumber() {
        this.members().forEach((box, i) => {
            box.dataset.member = String(i);
            box.querySelector('legend').textContent =
                t('employer.family.member', { n: i + 1 });
            for (const wrap of box.querySelectorAll('[data-field]')) {
                const name = wrap.dataset.field;
                const id = `nc-family-${i}-${name}`;
                const control = wrap.querySelector('input, select');
                control.name = `family[${i}].${name}`;
                control.id = id;
                wrap.querySelector('label').htmlFor = id;
            }
            const remove = box.querySelector('[data-family-remove]');
            remove.textContent = t('employer.family.remove', { n: i + 1 });
        });
    }

    render() {
        this.renumber();
        translateFields(this.form);
        const n = this.members().length;
        this.familyNone.hidden = n > 0;
        this.addButton.hidden = n >= FAMILY_MAX;
        this.submitButton.textContent = t(this.busy
            ? 'employer.register.busy' : 'employer.register.submit');
    }

    /** The body of POST /api/v1/newcomers: empty optional fields left out. */
    body() {
        const f = this.form.elements;
        const value = (name) => {
            const control = f.namedItem(name);
            return control ? control.value.trim() : '';
        };
        const body = {};
        for (const spec of EMPLOYEE_FIELDS) {
            const v = value(spec.name);
            if (v !== '' || !spec.optional) {
                body[spec.name] = v;
            }
        }
        body.family = this.members().map((box, i) => {
            const member = { category: 'family-member' };
            for (const spec of MEMBER_FIELDS) {
                const v = value(`family[${i}].${spec.name}`);
                if (v !== '' || !spec.optional) {
                    member[spec.name] = v;
                }
            }
            return member;
        });
        return body;
    }

    async onSubmit() {
        if (this.busy) {
            return;
        }
        clearProblem(this.form);
        this.busy = true;
        this.submitButton.disabled = true;
        this.render();
        try {
            const newcomer = await this.submitFn(this.body());
            this.reset();
            this.onDone(newcomer);
        } catch (err) {
            this.showError(err);
        } finally {
            this.busy = false;
            this.submitButton.disabled = false;
            this.render();
        }
    }

    showError(err) {
        const params = err.invalidParams || [];
        if (params.length) {
            showProblem(this.form, {
                status: err.status,
                detail: t('picker.error.detail'),
                invalidParams: params.map((p) => ({ name: p.name,
                    reason: reasonFor(p.name, p.reason) })),
            }, '', { focusField: true });
            return;
        }
        if (err.status === 409) {
            showProblem(this.form, {
                status: err.status,
                detail: t('employer.register.duplicate'),
                invalidParams: [{ name: 'travelDocument',
                    reason: t('employer.error.duplicate') }],
            }, '', { focusField: true });
            return;
        }
        showProblem(this.form, { status: err.status,
            detail: err.detail || t('employer.register.failed') });
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
// Shows an API problem on a form: the detail in an error summary at the top
// (role="alert"), each invalidParams entry next to the field of that name
// (aria-invalid, aria-describedby to its message; for a group of checkboxes
// or radio buttons, after the group's legend), and clears it all again
// before the next submit.

import { t } from './i18n.js';

const SUMMARY = '[data-error-summary]';
const FIELD_ERROR = 'data-field-error';

/** Creates the summary block at the top of the form when it is missing. */
function summaryOf(form) {
    let summary = form.querySelector(SUMMARY);
    if (!summary) {
        summary = document.createElement('div');
        summary.className = 'onestop-error-summary';
        summary.setAttribute('data-error-summary', '');
        summary.setAttribute('role', 'alert');
        summary.tabIndex = -1;
        summary.hidden = true;
        form.prepend(summary);
    }
    return summary;
}

/** The form control an invalidParams name points at, or null. Names may
 *  come as `username`, `/username` (JSON pointer) or `body.username`. */
function fieldFor(form, name) {
    const candidates = [name, name.replace(/^\/+/, ''),
        name.split(/[./]/).filter(Boolean).pop()];
    for (const c of candidates) {
        if (!c) {
            continue;
        }
        const el = form.elements.namedItem(c);
        if (el && typeof el.focus === 'function') {
            return el;
        }
        // A group of checkboxes or radio buttons sharing the name: its
        // first control stands for the group.
        if (el && el.length > 0 && typeof el[0].focus === 'function') {
            return el[0];
        }
    }
    return null;
}

/** The fieldset of a group of checkboxes or radio buttons, or null. */
function groupOf(field) {
    if (field.type !== 'checkbox' && field.type !== 'radio') {
        return null;
    }
    const fieldset = field.closest('fieldset');
    return fieldset && fieldset.querySelector('legend') ? fieldset : null;
}

/** The controls that one message is about: the field, or its whole group. */
function membersOf(form, field) {
    if (!groupOf(field)) {
        return [field];
    }
    return [...form.elements].filter((el) => el.name === field.name);
}

function labelOf(field) {
    const group = groupOf(field);
    if (group) {
        return group.querySelector('legend').textContent.trim();
    }
    const label = field.labels && field.labels[0];
    return label ? label.textContent.trim() : field.name;
}

function describedBy(field) {
    return (field.getAttribute('aria-describedby') || '')
        .split(/\s+/).filter(Boolean);
}

/** Removes every message that showProblem put on the form. */
export function clearProblem(form) {
    const summary = form.querySelector(SUMMARY);
    if (summary) {
        summary.hidden = true;
        summary.replaceChildren();
    }
    for (const msg of form.querySelectorAll(`[${FIELD_ERROR}]`)) {
        for (const field of form.querySelectorAll(
            `[aria-describedby~="${msg.id}"]`)) {
            const rest = describedBy(field).filter((id) => id !== msg.id);
            if (rest.length) {
                field.setAttribute('aria-describedby', rest.join(' '));
            } else {
                field.removeAttribute('aria-describedby');
            }
        }
        msg.remove();
    }
    for (const field of form.querySelectorAll('[aria-invalid]')) {
        field.removeAttribute('aria-invalid');
        field.closest('.nl-form-field')
            ?.classList.remove('nl-form-field--invalid');
    }
    for (const group of form.querySelectorAll('.nl-fieldset--invalid')) {
        group.classList.remove('nl-fieldset--invalid');
    }
}

/** Puts one field's message right above the field, after its label; for
 *  a group of checkboxes or radio buttons, right after the group's legend. */
function markField(form, field, reason) {
    const group = groupOf(field);
    const id = `${group ? field.name : field.id || field.name}-error`;
    const msg = document.createElement('p');
    msg.id = id;
    msg.className = 'nl-form-field-error-message';
    msg.setAttribute(FIELD_ERROR, '');
    const prefix = document.createElement('span');
    prefix.className = 'onestop-visually-hidden';
    prefix.textContent = `${t('error.fieldPrefix')} `;
    msg.append(prefix, reason);
    if (group) {
        group.querySelector('legend').after(msg);
        group.classList.add('nl-fieldset--invalid');
    } else {
        field.before(msg);
        field.closest('.nl-form-field')?.classList.add('nl-form-field--invalid');
    }
    for (const member of membersOf(form, field)) {
        member.setAttribute('aria-invalid', 'true');
        member.setAttribute('aria-describedby',
            [...describedBy(member), id].join(' '));
    }
}

/**
 * Shows err (an ApiError from api.js) on form. fallback is the text used
 * when the problem carries no detail. Moves focus to the summary so that
 * keyboard and screen reader users land on it; with focusField, to the
 * first field marked instead (in a long form the summary may be far from
 * the field), whose message aria-describedby reads out.
 */
export function showProblem(form, err, fallback = '', { focusField = false } = {}) {
    clearProblem(form);
    const summary = summaryOf(form);

    const title = document.createElement('h2');
    title.className = 'onestop-error-summary__title';
    title.textContent = t('error.summaryTitle');
    const detail = document.createElement('p');
    detail.className = 'onestop-error-summary__detail';
    if (err && err.status === 0) {
        detail.textContent = t('common.networkError');
    } else {
        detail.textContent = (err && (err.detail || err.title)) || fallback ||
            String(err);
    }
    summary.append(title, detail);

    const params = (err && err.invalidParams) || [];
    let first = null;
    if (params.length) {
        const list = document.createElement('ul');
        list.className = 'onestop-error-summary__list';
        for (const { name, reason } of params) {
            const item = document.createElement('li');
            const field = fieldFor(form, name);
            if (field) {
                markField(form, field, reason);
                // The first in the form's order, whatever the answer's order.
                if (!first || (field.compareDocumentPosition(first) &
                    Node.DOCUMENT_POSITION_FOLLOWING)) {
                    first = field;
                }
                const link = document.createElement('a');
                link.href = `#${field.id}`;
                link.className = 'nl-link';
                link.textContent = `${labelOf(field)}: ${reason}`;
                link.addEventListener('click', (ev) => {
                    ev.preventDefault();
                    field.focus();
                });
                item.append(link);
            } else {
                item.textContent = name ? `${name}: ${reason}` : reason;
            }
            list.append(item);
        }
        summary.append(list);
    }
    summary.hidden = false;
    if (focusField && first) {
        first.focus();
    } else {
        summary.focus();
    }
}

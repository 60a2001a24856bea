// SPDX-License-Identifier: AGPL-3.0-or-later
// Choosing a day and an itinerary option for a set of services: the next
// days with free times (the range form of /availability, with the first
// arrival of each), a date field for any other day, and the options of the
// chosen day as a radio group (arrival to departure, waiting, each leg).
// A day without options offers its nearest free dates as buttons. Used to
// book (book.js) and to move a booking (booking.js).

import * as api from './api.js';
import { t, pick, apply, formatDate, onChange } from './i18n.js';
import { showProblem, clearProblem } from './form.js';
import { el, todayIn, addDays, focusOn } from './dom.js';

/** Days the range question covers (the API allows at most 31). */
const RANGE_DAYS = 31;
/** Days with free times offered as buttons. */
const DAYS_SHOWN = 8;

function minutes(n) {
    return t('common.minutes', { n });
}

function dayName(iso) {
    return formatDate(iso, { weekday: 'long', day: 'numeric', month: 'long' });
}

/** A translated reason for an invalidParams entry about the date. */
function dateReason(reason) {
    const ahead = /up to (\d+) days ahead/.exec(reason);
    if (ahead) {
        return t('picker.error.dateAhead', { n: Number(ahead[1]) });
    }
    if (/past/.test(reason)) {
        return t('picker.error.datePast');
    }
    return t('picker.error.date');
}

/** The plan of one option or booking: one item per leg (time, service,
 *  desk), in order. */
export function legList(legs, className = '') {
    const list = el('ol', `onestop-plan-list ${className}`.trim());
    for (const leg of legs) {
        const item = el('li', 'onestop-plan-list__item');
        item.append(
            el('span', 'onestop-plan-list__time',
                t('common.timeRange', { from: leg.startsAt, to: leg.endsAt })),
            ' ',
            el('span', 'onestop-plan-list__what', t('visit.leg', {
                service: pick(leg.service.name), desk: pick(leg.desk.name),
            })));
        list.append(item);
    }
    return list;
}

export class Picker {
    /**
     * root      the element to build in
     * id        a prefix for element ids, unique on the page
     * submitKey the text key of the button under the options
     * onSubmit  called with the chosen option (and its date)
     * onInvalid called with an ApiError naming services, persons or
     *           location (the caller's fields, not the picker's)
     */
    constructor(root, { id, submitKey, onSubmit, onInvalid }) {
        this.root = root;
        this.id = id;
        this.onSubmit = onSubmit;
        this.onInvalid = onInvalid;
        this.ask = null;
        this.seq = 0;
        this.reset();
        this.build(submitKey);
        onChange(() => this.render());
    }

    reset() {
        this.days = null; // [{date, options}] with options only
        this.daysFailed = false;
        this.date = '';
        this.options = null; // options of this.date, null while loading
        this.nearest = [];
        this.optionsFailed = false;
        this.chosen = '';
        this.notice = '';
        this.statusKey = '';
        this.statusVars = {};
    }

    build(submitKey) {
        const { id } = this;
        this.dayForm = el('form', 'onestop-form onestop-form--wide');
        this.dayForm.noValidate = true;
        this.dayForm.dataset.pickerDays = '';
        const dayFieldset = el('fieldset', 'nl-fieldset');
        const dayLegend = el('legend', 'nl-fieldset__legend');
        dayLegend.dataset.i18n = 'picker.day.legend';
        this.dayHint = el('p', 'nl-form-field-description');
        this.dayHint.id = `${id}-days-hint`;
        this.dayHint.dataset.i18n = 'picker.day.hint';
        this.dayBox = el('div', 'onestop-day-box');
        this.dayBox.dataset.days = '';
        this.dayBox.setAttribute('aria-busy', 'true');

        const dateField = el('div', 'nl-form-field');
        const dateLabel = el('label', 'nl-form-label');
        dateLabel.htmlFor = `${id}-date`;
        dateLabel.dataset.i18n = 'picker.date.label';
        const row = el('div', 'onestop-inline-field');
        this.dateInput = el('input', 'nl-text-input nl-text-input--date');
        this.dateInput.type = 'date';
        this.dateInput.id = `${id}-date`;
        this.dateInput.name = 'date';
        const dateButton = el('button', 'nl-button nl-button--secondary');
        dateButton.type = 'submit';
        dateButton.dataset.i18n = 'picker.date.submit';
        dateButton.dataset.dateSubmit = '';
        row.append(this.dateInput, dateButton);
        dateField.append(dateLabel, row);
        dayFieldset.append(dayLegend, this.dayHint, this.dayBox, dateField);
        this.dayForm.append(dayFieldset);

        this.status = el('p', 'onestop-status');
        this.status.setAttribute('role', 'status');
        this.status.dataset.pickerStatus = '';

        this.noticeBox = el('div', 'onestop-notice onestop-notice--error');
        this.noticeBox.setAttribute('role', 'alert');
        this.noticeBox.dataset.pickerNotice = '';

        this.optionForm = el('form', 'onestop-form onestop-form--wide');
        this.optionForm.noValidate = true;
        this.optionForm.dataset.pickerOptions = '';
        this.optionForm.hidden = true;
        this.optionFieldset = el('fieldset', 'nl-fieldset');
        this.optionLegend = el('legend', 'nl-fieldset__legend');
        this.optionBox = el('div', 'onestop-option-list');
        this.optionBox.dataset.options = '';
        this.optionFieldset.append(this.optionLegend, this.optionBox);
        this.nearestBox = el('div', 'onestop-nearest');
        this.nearestBox.dataset.nearest = '';
        this.submitButton = el('button', 'nl-button nl-button--primary');
        this.submitButton.type = 'submit';
        this.submitButton.dataset.i18n = submitKey;
        this.submitButton.dataset.optionSubmit = '';
        this.optionForm.append(this.optionFieldset, this.nearestBox,
            this.submitButton);

        this.root.replaceChildren(this.dayForm, this.status, this.noticeBox,
            this.optionForm);
        apply(this.root);

        this.dayForm.addEventListener('submit', (ev) => {
            ev.preventDefault();
            this.onDateSubmit();
        });
        this.optionForm.addEventListener('submit', (ev) => {
            ev.preventDefault();
            this.onOptionSubmit();
        });
        this.optionBox.addEventListener('change', (ev) => {
            if (ev.target.name === 'option') {
                this.chosen = ev.target.value;
                clearProblem(this.optionForm);
            }
        });
    }

    /** The chosen option, or null. */
    selected() {
        return (this.options || []).find((o) => o.token === this.chosen) || null;
    }

    /** Starts over for ask = { location, services, persons, timeZone }:
     *  finds the next days with free times and shows the first one. */
    async start(ask) {
        this.ask = ask;
        this.reset();
        clearProblem(this.dayForm);
        clearProblem(this.optionForm);
        const today = todayIn(ask.timeZone);
        this.dateInput.min = today;
        this.dateInput.value = '';
        this.setStatus('picker.day.loading');
        this.render();
        const seq = ++this.seq;
        let answer;
        try {
            answer = await api.getAvailability({ ...ask, from: today,
                to: addDays(today, RANGE_DAYS - 1) });
        } catch (err) {
            if (seq !== this.seq) {
                return;
            }
            this.days = [];
            this.daysFailed = true;
            this.failed(err, this.dayForm);
            this.render();
            return;
        }
        if (seq !== this.seq) {
            return;
        }
        this.days = (answer.days || []).filter((d) => d.options.length > 0);
        if (this.days.length === 0) {
            this.setStatus('picker.day.none');
            this.render();
            return;
        }
        await this.showDate(this.days[0].date);
    }

    /** Shows the options of date (loading them). */
    async showDate(date) {
        this.date = date;
        this.dateInput.value = date;
        this.options = null;
        this.nearest = [];
        this.optionsFailed = false;
        this.chosen = '';
        this.notice = '';
        clearProblem(this.dayForm);
        clearProblem(this.optionForm);
        this.setStatus('picker.options.loading', { date });
        this.render();
        const seq = ++this.seq;
        let answer;
        try {
            answer = await api.getAvailability({ ...this.ask, date });
        } catch (err) {
            if (seq !== this.seq) {
                return;
            }
            this.date = '';
            this.failed(err, this.dayForm);
            this.render();
            return;
        }
        if (seq !== this.seq) {
            return;
        }
        this.options = answer.options || [];
        this.nearest = answer.nearestDates || [];
        this.setStatus(this.options.length ? 'picker.options.found'
            : 'picker.options.none', { date, n: this.options.length });
        this.render();
    }

    /** After a slot-taken answer: the fresh options for the same day, with
     *  a message that the chosen time has gone. */
    showFresh(options, noticeKey) {
        ++this.seq; // what was still loading is no longer wanted
        this.options = Array.isArray(options) ? options : [];
        this.nearest = [];
        this.chosen = '';
        this.notice = noticeKey;
        this.setStatus(this.options.length ? 'picker.options.found'
            : 'picker.options.none', { date: this.date, n: this.options.length });
        this.render();
    }

    /** Shows the date again afresh with a message (an option that could
     *  no longer be booked, for instance). */
    async refresh(noticeKey) {
        const { date } = this;
        await this.showDate(date);
        this.notice = noticeKey;
        this.render();
    }

    setStatus(key, vars = {}) {
        this.statusKey = key;
        this.statusVars = vars;
    }

    /** Shows why loading failed: the date next to the date field, services
     *  or persons through the caller, anything else as an alert. */
    failed(err, form) {
        const params = (err && err.invalidParams) || [];
        this.setStatus('');
        if (params.some((p) => ['services', 'persons', 'location']
            .includes(p.name)) && this.onInvalid) {
            this.onInvalid(err);
            return;
        }
        const dates = params.filter((p) => ['date', 'from', 'to'].includes(p.name));
        if (dates.length) {
            showProblem(form, {
                detail: t('picker.error.detail'),
                invalidParams: [{ name: 'date', reason: dateReason(dates[0].reason) }],
            });
            return;
        }
        this.notice = err && err.status === 0 ? 'common.networkError'
            : 'picker.loadFailed';
    }

    onDateSubmit() {
        const date = this.dateInput.value;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
            showProblem(this.dayForm, {
                detail: t('picker.error.detail'),
                invalidParams: [{ name: 'date', reason: t('picker.error.dateMissing') }],
            });
            return;
        }
        this.showDate(date);
    }

    onOptionSubmit() {
        const option = this.selected();
        if (!option) {
            showProblem(this.optionForm, {
                detail: t('picker.error.detail'),
                invalidParams: [{ name: 'option', reason: t('picker.error.option') }],
            });
            return;
        }
        clearProblem(this.optionForm);
        this.onSubmit(option, this.date);
    }

    /** Disables the button under the options while the caller works. */
    busy(on, busyKey) {
        this.submitButton.disabled = on;
        if (on && busyKey) {
            this.submitButton.textContent = t(busyKey);
        } else {
            this.submitButton.textContent = t(this.submitButton.dataset.i18n);
        }
    }

    renderDays() {
        const box = this.dayBox;
        if (this.days === null) {
            box.setAttribute('aria-busy', 'true');
            box.replaceChildren(el('p', 'nl-paragraph onestop-loading',
                t('common.loading')));
            return;
        }
        box.setAttribute('aria-busy', 'false');
        this.dayHint.hidden = this.days.length === 0;
        if (this.days.length === 0) {
            box.replaceChildren(el('p', 'nl-paragraph',
                t(this.daysFailed ? 'picker.loadFailed' : 'picker.day.none')));
            return;
        }
        // The buttons are built once per answer and then only updated, so
        // that the one with focus keeps it while its day loads.
        let list = box.querySelector('.onestop-day-list');
        if (!list || this.dayListFor !== this.days) {
            this.dayListFor = this.days;
            list = el('ul', 'onestop-day-list');
            for (const day of this.days.slice(0, DAYS_SHOWN)) {
                const item = el('li', 'onestop-day-list__item');
                const button = el('button', 'onestop-day');
                button.type = 'button';
                button.dataset.date = day.date;
                button.append(el('span', 'onestop-day__date'),
                    el('span', 'onestop-day__first'));
                button.addEventListener('click', () => this.showDate(day.date));
                item.append(button);
                list.append(item);
            }
            box.replaceChildren(list);
        }
        for (const button of list.querySelectorAll('button[data-date]')) {
            const day = this.days.find((d) => d.date === button.dataset.date);
            button.setAttribute('aria-pressed', String(day.date === this.date));
            button.querySelector('.onestop-day__date').textContent = dayName(day.date);
            button.querySelector('.onestop-day__first').textContent =
                t('picker.day.first', { time: day.options[0].arrival });
        }
    }

    renderOption(option, i) {
        const id = `${this.id}-option-${i}`;
        const box = el('div', 'onestop-option');
        const input = el('input', 'nl-radio-button onestop-option__input');
        input.type = 'radio';
        input.name = 'option';
        input.id = id;
        input.value = option.token;
        input.checked = option.token === this.chosen;
        input.setAttribute('aria-describedby', `${id}-plan`);
        const label = el('label', 'onestop-option__label');
        label.htmlFor = id;
        label.append(
            el('span', 'onestop-option__time', t('common.timeRange',
                { from: option.arrival, to: option.departure })),
            el('span', 'onestop-option__summary', option.waitingMinutes > 0
                ? t('picker.option.summaryWait', {
                    total: minutes(option.totalMinutes),
                    wait: minutes(option.waitingMinutes) })
                : t('picker.option.summary',
                    { total: minutes(option.totalMinutes) })));
        const plan = legList(option.legs, 'onestop-option__plan');
        plan.id = `${id}-plan`;
        box.append(input, label, plan);
        return box;
    }

    renderOptions() {
        const show = Boolean(this.date) && this.options !== null;
        this.optionForm.hidden = !show;
        if (!show) {
            return;
        }
        const some = this.options.length > 0;
        this.optionFieldset.hidden = !some;
        this.submitButton.hidden = !some;
        this.optionLegend.textContent = t('picker.options.legend',
            { date: formatDate(this.date) });
        this.optionBox.replaceChildren(
            ...this.options.map((o, i) => this.renderOption(o, i)));

        const nodes = [];
        if (!some) {
            // The status line above says that the day is full.
            if (this.nearest.length) {
                nodes.push(el('p', 'nl-paragraph', t('picker.options.nearest')));
                const list = el('ul', 'onestop-day-list');
                for (const date of this.nearest) {
                    const item = el('li', 'onestop-day-list__item');
                    const button = el('button', 'onestop-day');
                    button.type = 'button';
                    button.dataset.nearestDate = date;
                    button.append(el('span', 'onestop-day__date',
                        formatDate(date)));
                    button.addEventListener('click', () => {
                        this.showDate(date);
                        // The button has gone with the full day; the
                        // status tells what the new day offers.
                        focusOn(this.status);
                    });
                    item.append(button);
                    list.append(item);
                }
                nodes.push(list);
            } else {
                nodes.push(el('p', 'nl-paragraph', t('picker.options.noNearest')));
            }
        }
        this.nearestBox.replaceChildren(...nodes);
    }

    /** A selector that finds the focused control again after a render
     *  has rebuilt it, or null when focus is elsewhere. */
    focusKey() {
        const active = document.activeElement;
        if (!active || !this.root.contains(active)) {
            return null;
        }
        if (active.dataset.date) {
            return `[data-days] [data-date="${CSS.escape(active.dataset.date)}"]`;
        }
        return active.id ? `#${CSS.escape(active.id)}` : null;
    }

    render() {
        const keep = this.focusKey();
        this.renderNow();
        if (keep && !this.root.contains(document.activeElement)) {
            const again = this.root.querySelector(keep);
            if (again && !again.closest('[hidden]')) {
                again.focus();
            }
        }
    }

    renderNow() {
        const vars = { ...this.statusVars };
        if (vars.date) {
            vars.date = dayName(vars.date);
        }
        this.status.textContent = this.statusKey ? t(this.statusKey, vars) : '';
        this.noticeBox.textContent = this.notice ? t(this.notice) : '';
        this.renderDays();
        this.renderOptions();
    }
}

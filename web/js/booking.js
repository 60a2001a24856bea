// SPDX-License-Identifier: AGPL-3.0-or-later
// "My appointment": the page behind the private link of a booking
// (/booking.html#code=…&token=…). The code and token come from the
// fragment, which browsers never send to a server; the token travels only
// in the Booking-Token header. Shows the booking, lets the visitor cancel
// it (after a confirmation) and, when all its services allow it, move it
// to another day or time with the same services and persons.

import { start } from './layout.js';
import * as api from './api.js';
import { t, onChange } from './i18n.js';
import { focusOn } from './dom.js';
import { Picker } from './picker.js';
import { BookingFiles, renderBooking } from './booking-view.js';

const loading = document.querySelector('[data-manage-loading]');
const errorBox = document.querySelector('[data-manage-error]');
const errorText = document.querySelector('[data-manage-error-text]');
const message = document.querySelector('[data-manage-message]');
const view = document.querySelector('[data-booking-view]');
const actions = document.querySelector('[data-actions]');
const rescheduleOffer = document.querySelector('[data-reschedule-offer]');
const noReschedule = document.querySelector('[data-no-reschedule]');
const reschedule = document.querySelector('[data-reschedule]');
const rescheduleError = document.querySelector('[data-reschedule-error]');
const cancelConfirm = document.querySelector('[data-cancel-confirm]');
const cancelError = document.querySelector('[data-cancel-error]');
const cancelYes = document.querySelector('[data-cancel-yes]');
const bookAgain = document.querySelector('[data-book-again]');

const state = {
    code: '',
    token: '',
    booking: null,
    errorKey: '',
    messageKey: '',
    rescheduleErrorKey: '',
    cancelErrorKey: '',
    mode: '', // '', 'reschedule' or 'cancel'
};
const files = new BookingFiles();
let picker = null;

/** Code and token from the fragment; nothing else reads them. */
function readFragment() {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    return {
        code: (params.get('code') || '').trim().toUpperCase(),
        token: (params.get('token') || '').trim(),
    };
}

function render() {
    const { booking } = state;
    loading.hidden = true;
    errorBox.hidden = !state.errorKey;
    errorText.textContent = state.errorKey ? t(state.errorKey) : '';
    message.textContent = state.messageKey ? t(state.messageKey) : '';
    view.hidden = !booking;
    const booked = Boolean(booking) && booking.status === 'booked';
    if (booking) {
        renderBooking(view, booking, files, { level: 2 });
    }
    actions.hidden = !booked || state.mode !== '';
    rescheduleOffer.hidden = !booked || !booking.canReschedule;
    noReschedule.hidden = !booked || booking.canReschedule;
    reschedule.hidden = !booked || state.mode !== 'reschedule';
    cancelConfirm.hidden = !booked || state.mode !== 'cancel';
    rescheduleError.textContent = state.rescheduleErrorKey
        ? t(state.rescheduleErrorKey) : '';
    cancelError.textContent = state.cancelErrorKey ? t(state.cancelErrorKey) : '';
    bookAgain.hidden = !booking || booked;
}

function errorKeyFor(err) {
    if (err && err.status === 404) {
        return 'manage.error.notFound';
    }
    if (err && err.status === 0) {
        return 'common.networkError';
    }
    return 'manage.error.failed';
}

async function load() {
    const { code, token } = readFragment();
    state.code = code;
    state.token = token;
    state.booking = null;
    state.mode = '';
    state.messageKey = '';
    state.errorKey = '';
    files.clear();
    loading.hidden = false;
    errorBox.hidden = true;
    view.hidden = true;
    if (!code || !token) {
        state.errorKey = 'manage.error.noLink';
        render();
        return;
    }
    try {
        const booking = await api.getBooking(code, token);
        await files.load(booking, token);
        state.booking = booking;
    } catch (err) {
        state.errorKey = errorKeyFor(err);
    }
    render();
}

/** Shows what changed, moving focus to the message so that it is read. */
function tell(key) {
    state.messageKey = key;
    render();
    focusOn(message);
}

/* ---- moving the booking ---- */

function servicesOf(booking) {
    const codes = [];
    for (const leg of booking.legs || []) {
        if (!codes.includes(leg.service.code)) {
            codes.push(leg.service.code);
        }
    }
    return codes;
}

function startReschedule() {
    const { booking } = state;
    state.mode = 'reschedule';
    state.messageKey = '';
    state.rescheduleErrorKey = '';
    render();
    focusOn(reschedule.querySelector('h2'));
    picker.start({
        location: booking.location.id,
        timeZone: booking.location.timeZone,
        services: servicesOf(booking),
        persons: booking.persons,
    });
}

function stopReschedule() {
    state.mode = '';
    state.rescheduleErrorKey = '';
    render();
    focusOn(document.querySelector('[data-reschedule-start]'));
}

async function onMove(option) {
    state.rescheduleErrorKey = '';
    render();
    picker.busy(true, 'manage.reschedule.busy');
    try {
        const booking = await api.moveBooking(state.code, state.token, option.token);
        await files.load(booking, state.token);
        state.booking = booking;
        state.mode = '';
        tell('manage.reschedule.done');
    } catch (err) {
        if (err.is && err.is('slot-taken')) {
            picker.showFresh(err.body && err.body.options, 'book.when.taken');
            focusOn(reschedule.querySelector('h2'));
        } else if (err.is && err.is('reschedule-not-allowed')) {
            state.booking = { ...state.booking, canReschedule: false };
            state.mode = '';
            tell('manage.reschedule.refused');
        } else if (err.is && err.is('gone')) {
            await load();
            tell('manage.cancel.already');
        } else if ((err.invalidParams || []).some((p) => p.name === 'option')) {
            picker.refresh('book.when.expired');
            focusOn(reschedule.querySelector('h2'));
        } else {
            state.rescheduleErrorKey = err.status === 0 ? 'common.networkError'
                : 'manage.reschedule.failed';
            render();
            focusOn(rescheduleError);
        }
    } finally {
        picker.busy(false);
    }
}

function onPickerInvalid() {
    // The services of this booking cannot be chosen here (booked for the
    // visitor by the centre): only the centre can move it.
    state.rescheduleErrorKey = 'manage.reschedule.unavailable';
    render();
    focusOn(rescheduleError);
}

/* ---- cancelling ---- */

function startCancel() {
    state.mode = 'cancel';
    state.messageKey = '';
    state.cancelErrorKey = '';
    render();
    focusOn(cancelConfirm.querySelector('h2'));
}

function keepBooking() {
    state.mode = '';
    state.cancelErrorKey = '';
    render();
    focusOn(document.querySelector('[data-cancel-start]'));
}

async function confirmCancel() {
    state.cancelErrorKey = '';
    cancelYes.disabled = true;
    cancelYes.textContent = t('manage.cancel.busy');
    try {
        const booking = await api.cancelBooking(state.code, state.token);
        files.clear();
        state.booking = booking;
        state.mode = '';
        tell('manage.cancel.done');
    } catch (err) {
        if (err.is && err.is('gone')) {
            await load();
            tell('manage.cancel.already');
        } else {
            state.cancelErrorKey = err.status === 0 ? 'common.networkError'
                : 'manage.cancel.failed';
            render();
            focusOn(cancelError);
        }
    } finally {
        cancelYes.disabled = false;
        cancelYes.textContent = t('manage.cancel.yes');
    }
}

async function main() {
    await start();
    picker = new Picker(document.querySelector('[data-picker]'), {
        id: 'move',
        submitKey: 'manage.reschedule.submit',
        onSubmit: onMove,
        onInvalid: onPickerInvalid,
    });
    document.querySelector('[data-reschedule-start]')
        .addEventListener('click', startReschedule);
    document.querySelector('[data-reschedule-stop]')
        .addEventListener('click', stopReschedule);
    document.querySelector('[data-cancel-start]')
        .addEventListener('click', startCancel);
    document.querySelector('[data-cancel-no]')
        .addEventListener('click', keepBooking);
    cancelYes.addEventListener('click', confirmCancel);
    window.addEventListener('hashchange', load);
    onChange(render);
    await load();
}

main();

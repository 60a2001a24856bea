// SPDX-License-Identifier: AGPL-3.0-or-later
// The sign-in page: asks the server whether someone is signed in, offers the
// username and password form when not, shows who is signed in (username,
// name, role) with a sign-out button when so. Opened as /sign-in?next=/path
// (from a page that needs an account), it goes on to that page once signed
// in.

import { start, setSession, currentSession } from './layout.js';
import * as api from './api.js';
import { t, has, onChange, formatInstant } from './i18n.js';
import { showProblem, clearProblem } from './form.js';

const form = document.querySelector('[data-sign-in-form]');
const panel = document.querySelector('[data-signed-in]');
const checking = document.querySelector('[data-checking]');
const status = document.querySelector('[data-sign-in-status]');
const submit = document.querySelector('[data-sign-in-submit]');
const signOutButton = document.querySelector('[data-sign-out-page]');

/** The status text shown above the form, by key so it follows the language. */
let statusKey = '';

function renderStatus() {
    status.textContent = statusKey ? t(statusKey) : '';
}

function roleName(role) {
    return has(`role.${role}`) ? t(`role.${role}`) : String(role);
}

/** Shows the form or the signed-in panel for the session (or null). */
function render() {
    const session = currentSession();
    checking.hidden = true;
    form.hidden = Boolean(session);
    panel.hidden = !session;
    if (session) {
        const { user } = session;
        panel.querySelector('[data-user-username]').textContent = user.username;
        panel.querySelector('[data-user-name]').textContent =
            user.displayName || user.username;
        panel.querySelector('[data-user-role]').textContent = roleName(user.role);
        panel.querySelector('[data-user-expires]').textContent =
            session.expiresAt
                ? formatInstant(session.expiresAt, 'Europe/Amsterdam')
                : '';
    }
    renderStatus();
}

/** The page to go on to after signing in (?next=/employer), when it is a
 *  path on this site: never another origin, so the link cannot send a
 *  user who just signed in elsewhere. */
function nextPage() {
    const next = new URLSearchParams(window.location.search).get('next') || '';
    return /^\/[A-Za-z0-9][\w./-]*$/.test(next) && !next.includes('..')
        ? next : '';
}

async function onSubmit(ev) {
    ev.preventDefault();
    clearProblem(form);
    statusKey = '';
    renderStatus();
    submit.disabled = true;
    submit.textContent = t('signIn.busy');
    try {
        const session = await api.signIn(form.elements.username.value,
            form.elements.password.value);
        form.reset();
        const next = nextPage();
        if (next) {
            window.location.assign(next);
            return;
        }
        setSession(session); // renders through the 'onestop:session' event
        panel.querySelector('#signed-in-heading').focus();
    } catch (err) {
        form.elements.password.value = '';
        showProblem(form, err, t('signIn.failed'));
    } finally {
        submit.disabled = false;
        submit.textContent = t('signIn.submit');
    }
}

async function onSignOut() {
    statusKey = '';
    renderStatus();
    try {
        await api.signOut();
        setSession(null);
        statusKey = 'signIn.signedOut';
        renderStatus();
        form.elements.username.focus();
    } catch {
        statusKey = 'signIn.signOutFailed';
        renderStatus();
    }
}

async function main() {
    await start();
    form.addEventListener('submit', onSubmit);
    signOutButton.addEventListener('click', onSignOut);
    document.addEventListener('onestop:session', (ev) => {
        if (!ev.detail) {
            statusKey = 'signIn.signedOut';
        }
        render();
    });
    onChange(render);
    render();
}

main();

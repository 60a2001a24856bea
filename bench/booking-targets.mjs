// SPDX-License-Identifier: AGPL-3.0-or-later
// Writes the free appointments of a running server, one per line as
// "date desk service HH:MM", for the booking load to book without ever
// colliding: every public desk's opening hours (minus breaks and whole-day
// closures) tiled with its first public service, on each date of the next
// DAYS days. usage: node bench/booking-targets.mjs URL DAYS > FILE
const [base, daysText] = process.argv.slice(2);
const days = Number(daysText);

async function get(path) {
    const res = await fetch(base + path);
    if (!res.ok) {
        throw new Error(`GET ${path}: ${res.status}`);
    }
    return res.json();
}

const minutesOf = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:` +
    String(m % 60).padStart(2, '0');

const services = (await get('/api/v1/services')).items;
const hours = await get('/api/v1/locations/1/opening-hours');
const closed = new Set(hours.closures
    .filter((c) => c.startsAt === null)
    .map((c) => `${c.date}/${c.deskId ?? '*'}`));
const lines = [];
for (const desk of hours.desks) {
    // A public service that asks nothing more of the visitor (no
    // eligibility rule), so that every refusal is a taken slot.
    const service = services.find((s) => desk.services.includes(s.code) &&
        s.bookableBy.includes('public') && s.active &&
        (s.eligibility ?? []).length === 0);
    if (!service || !desk.active) {
        continue;
    }
    for (let d = 1; d <= days; d++) {
        const day = new Date(Date.now() + d * 86400000);
        const date = day.toISOString().slice(0, 10);
        const weekday = ((day.getUTCDay() + 6) % 7) + 1;
        if (closed.has(`${date}/*`) || closed.has(`${date}/${desk.id}`)) {
            continue;
        }
        const breaks = desk.breaks.filter((b) => b.weekday === weekday);
        for (const open of desk.hours.filter((h) => h.weekday === weekday)) {
            for (let m = minutesOf(open.opens);
                m + service.minutes <= minutesOf(open.closes);
                m += service.minutes) {
                const end = m + service.minutes;
                if (breaks.some((b) => m < minutesOf(b.ends) &&
                    end > minutesOf(b.starts))) {
                    continue;
                }
                lines.push(`${date} ${desk.code} ${service.code} ${hhmm(m)}`);
            }
        }
    }
}
process.stdout.write(lines.join('\n') + '\n');

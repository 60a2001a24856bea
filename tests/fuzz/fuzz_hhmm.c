/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/slot: slot_parse_hhmm on arbitrary bytes must
 * only accept canonical times of 00:00..24:00 that format back to the same
 * bytes; grid helpers on arbitrary values must stay in range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/slot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
read_int(const uint8_t *p)
{
    uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                 (uint32_t)p[3] << 24;
    int32_t v;

    memcpy(&v, &u, sizeof(v));
    return v;
}

static void
check_parse(const uint8_t *data, size_t size)
{
    int minute = -1;
    int back = -1;
    char text[SLOT_HHMM_LEN + 1];

    if (!slot_parse_hhmm((const char *)data, size, &minute)) {
        return;
    }
    if (size != SLOT_HHMM_LEN || minute < 0 || minute > SLOT_MINUTES_PER_DAY) {
        abort();
    }
    slot_format_hhmm(minute, text);
    if (memcmp(text, data, SLOT_HHMM_LEN) != 0) {
        abort();
    }
    if (!slot_parse_hhmm(text, SLOT_HHMM_LEN, &back) || back != minute) {
        abort();
    }
}

static void
check_grid(const uint8_t *data, size_t size)
{
    int minute;
    int slot;
    int count;
    int lo;
    int hi;
    char text[SLOT_HHMM_LEN + 1];

    if (size < 8) {
        return;
    }
    minute = read_int(data);
    slot = read_int(data + 4);
    count = slot_count(slot);
    lo = slot_index_floor(minute, slot);
    hi = slot_index_ceil(minute, slot);
    if (lo < 0 || hi < lo || hi > count || hi - lo > 1) {
        abort();
    }
    if (slot_on_grid(minute, slot) && (lo != hi || lo * slot != minute)) {
        abort();
    }
    slot_format_hhmm(minute, text);
    if (!slot_parse_hhmm(text, SLOT_HHMM_LEN, NULL)) {
        abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_parse(data, size);
    check_grid(data, size);
    return 0;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* QR codes as standalone SVG documents, for booking links and codes on the
 * confirmation page and in printouts (libqrencode). */
#ifndef ONESTOP_UTIL_QR_H
#define ONESTOP_UTIL_QR_H

#include "util/status.h"

/* Longest text encoded, in bytes. A booking link is far shorter; the cap
 * keeps the symbol small enough to scan from a phone screen. */
#define QR_TEXT_MAX 512
/* Longest title, in code points. */
#define QR_TITLE_MAX 200
/* Light modules around the symbol, as ISO/IEC 18004 asks. */
#define QR_QUIET_ZONE 4

/* Encodes text (1..QR_TEXT_MAX bytes, any byte but NUL) as a QR code with
 * error correction level M and writes it as an SVG document: a white
 * background, the dark modules as one <path>, a viewBox in modules (the
 * symbol plus the quiet zone on each side) and no width or height, so the
 * embedding page sizes it. title (valid UTF-8 text of 1..QR_TITLE_MAX code
 * points, no control characters; see validate_text()) becomes the <title>
 * element that, with role="img", gives screen readers the image's name; it
 * is XML-escaped here.
 *
 * out (out): the NUL-terminated document, ending in "</svg>\n"; malloc'ed,
 * the caller frees it with free(). Set only on STATUS_OK.
 *
 * Returns STATUS_INPUT for a NULL, empty or too long text or a bad title,
 * STATUS_NOMEM when memory runs out, STATUS_INTERNAL when libqrencode fails
 * otherwise. */
enum status qr_svg(const char *text, const char *title, char **out);

#endif

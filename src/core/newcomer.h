/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Checks of the fields of a newcomer's record that arrive from outside:
 * Dutch postcode and house number, the IND's V-number, a travel document
 * number, names in any script and the newcomer's category. Each parser
 * accepts NULL (and refuses it), writes its output only on success, and
 * gives the value in one normalised form, so that equal values compare
 * and hash alike. Pure logic, no I/O. */
#ifndef ONESTOP_CORE_NEWCOMER_H
#define ONESTOP_CORE_NEWCOMER_H

#include <stdbool.h>
#include <stddef.h>

/* "1234 AB" and its NUL. */
#define NEWCOMER_POSTCODE_TEXT 8
/* House numbers run from 1 to 99999 (the BAG's range). */
#define NEWCOMER_HOUSE_NUMBER_MAX 99999
/* An addition (house letter and/or suffix): up to 4 letters or digits. */
#define NEWCOMER_HOUSE_ADDITION_MAX 4
/* "99999-ABCD" and its NUL. */
#define NEWCOMER_HOUSE_TEXT 11
/* A V-number: 10 digits. */
#define NEWCOMER_V_NUMBER_LEN 10
#define NEWCOMER_V_NUMBER_TEXT (NEWCOMER_V_NUMBER_LEN + 1)
/* A travel document number: 5 to 20 letters and digits once normalised
 * (ICAO 9303 machine-readable documents hold 9, some states use more). */
#define NEWCOMER_TRAVEL_DOCUMENT_MIN 5
#define NEWCOMER_TRAVEL_DOCUMENT_MAX 20
#define NEWCOMER_TRAVEL_DOCUMENT_TEXT (NEWCOMER_TRAVEL_DOCUMENT_MAX + 1)
/* Longest raw travel document number or V-number read (separators
 * included). */
#define NEWCOMER_NUMBER_INPUT_MAX 40
/* A name part: up to 200 characters (code points) and 800 bytes. */
#define NEWCOMER_NAME_MAX 200
#define NEWCOMER_NAME_BYTES_MAX 800
/* What employers see of a sealed number: its last characters. */
#define NEWCOMER_NUMBER_END 3

/* Parses a Dutch postcode: four digits, the first not 0, an optional
 * single space, two letters in either case; the letter pairs SA, SD and SS
 * are not issued and are refused. Writes (out) "1234 AB". */
bool newcomer_postcode_parse(const char *s, char out[NEWCOMER_POSTCODE_TEXT]);

struct newcomer_house {
    long number; /* 1..NEWCOMER_HOUSE_NUMBER_MAX */
    /* upper case, "" when none */
    char addition[NEWCOMER_HOUSE_ADDITION_MAX + 1];
    /* the normal form: "12", "12A", "12-3" */
    char text[NEWCOMER_HOUSE_TEXT];
};

/* Parses a house number with an optional addition: 1 to 5 digits without
 * a leading zero (1..99999), then optionally a separator (one space or one
 * '-') and 1..NEWCOMER_HOUSE_ADDITION_MAX letters or digits ("12", "12a",
 * "12 A", "12-3", "12-bis"). The normal form (out->text) joins an addition
 * that starts with a letter directly ("12A", "12BIS") and one that starts
 * with a digit with '-' ("12-3"). */
bool newcomer_house_parse(const char *s, struct newcomer_house *out);

/* Parses a V-number (the IND's foreigner's number): exactly 10 digits,
 * which may be grouped with spaces or dots ("12 3456 7890"); all zeros is
 * refused. Writes the 10 digits (out). */
bool newcomer_v_number_parse(const char *s, char out[NEWCOMER_V_NUMBER_TEXT]);

/* Parses a travel document number: letters and digits, which may be
 * grouped with spaces or '-', at most NEWCOMER_NUMBER_INPUT_MAX bytes in
 * all; NEWCOMER_TRAVEL_DOCUMENT_MIN..NEWCOMER_TRAVEL_DOCUMENT_MAX of them
 * once normalised, with at least one digit. Writes them (out) in upper
 * case ("nx-12 34567" becomes "NX1234567"), the form that is sealed and
 * hashed for search. */
bool newcomer_travel_document_parse(
    const char *s, char out[NEWCOMER_TRAVEL_DOCUMENT_TEXT]);

/* True when s is a name part in any script: valid UTF-8 of 1..
 * NEWCOMER_NAME_MAX characters and at most NEWCOMER_NAME_BYTES_MAX bytes,
 * no control characters or line separators, not blank, and without
 * leading or trailing spaces. */
bool newcomer_name_valid(const char *s);

/* Why a newcomer came (the residence permit's purpose). */
enum newcomer_category {
    NEWCOMER_HIGHLY_SKILLED_MIGRANT,
    NEWCOMER_RESEARCHER,
    NEWCOMER_STUDENT,
    NEWCOMER_FAMILY_MEMBER,
    NEWCOMER_OTHER,
    NEWCOMER_CATEGORY_COUNT
};

/* The category with code s ("highly-skilled-migrant", "researcher",
 * "student", "family-member", "other"); false for anything else. */
bool newcomer_category_parse(const char *s, enum newcomer_category *out);
/* The code of a category, or NULL for a value out of range. */
const char *newcomer_category_code(enum newcomer_category c);

/* Writes (out) the last NEWCOMER_NUMBER_END characters of a normalised
 * number (all of it when shorter): what an employer sees. */
void newcomer_number_end(const char *number,
                         char out[NEWCOMER_NUMBER_END + 1]);

#endif

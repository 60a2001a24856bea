/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The assigned ISO 3166-1 alpha-2 codes. The list is one string of pairs in
 * alphabetical order, searched by bisection; a unit test checks its count,
 * its order and known codes. */
#include "core/country.h"

/* Officially assigned codes (ISO 3166-1, as maintained by the ISO 3166
 * Maintenance Agency), alphabetically, two letters each. */
static const char country_codes[] =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZ"
    "BABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ"
    "CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZ"
    "DEDJDKDMDODZ"
    "ECEEEGEHERESET"
    "FIFJFKFMFOFR"
    "GAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGY"
    "HKHMHNHRHTHU"
    "IDIEILIMINIOIQIRISIT"
    "JEJMJOJP"
    "KEKGKHKIKMKNKPKRKWKYKZ"
    "LALBLCLILKLRLSLTLULVLY"
    "MAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZ"
    "NANCNENFNGNINLNONPNRNUNZ"
    "OM"
    "PAPEPFPGPHPKPLPMPNPRPSPTPWPY"
    "QA"
    "RERORSRURW"
    "SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZ"
    "TCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZ"
    "UAUGUMUSUYUZ"
    "VAVCVEVGVIVNVU"
    "WFWS"
    "YEYT"
    "ZAZMZW";

_Static_assert(sizeof country_codes - 1 == 2 * COUNTRY_COUNT,
               "the list holds COUNTRY_COUNT codes");

static char
country_upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* True when the upper-case pair a, b is in the list. */
static bool
country_listed(char a, char b)
{
    size_t lo = 0;
    size_t hi = COUNTRY_COUNT;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        char x = country_codes[2 * mid];
        char y = country_codes[2 * mid + 1];
        if (x == a && y == b) {
            return true;
        }
        if (x < a || (x == a && y < b)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return false;
}

static bool
country_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool
country_parse(const char *s, char out[COUNTRY_CODE_TEXT])
{
    char a;
    char b;

    if (s == NULL || !country_letter(s[0]) || !country_letter(s[1]) ||
        s[2] != '\0') {
        return false;
    }
    a = country_upper(s[0]);
    b = country_upper(s[1]);
    if (!country_listed(a, b)) {
        return false;
    }
    out[0] = a;
    out[1] = b;
    out[2] = '\0';
    return true;
}

bool
country_valid(const char *s)
{
    return s != NULL && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
           s[1] <= 'Z' && s[2] == '\0' && country_listed(s[0], s[1]);
}

bool
country_code_at(size_t i, char out[COUNTRY_CODE_TEXT])
{
    if (i >= COUNTRY_COUNT) {
        return false;
    }
    out[0] = country_codes[2 * i];
    out[1] = country_codes[2 * i + 1];
    out[2] = '\0';
    return true;
}

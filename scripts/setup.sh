#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs what onestop needs to build, test and benchmark on Debian 12, and
# the npm packages of the browser tests. Quiet and quick when everything is
# already there. Called by `make run`, `make test` and `make bench`.
set -eu

cd "$(dirname "$0")/.."

# Debian packages: compilers, libFuzzer, the libraries, the time zone data
# that libical reads, the test tools, chromium for the browser tests and wrk
# for the benchmarks.
PACKAGES="build-essential pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libcmocka-dev
libqrencode-dev libical-dev tzdata
sqlite3 curl chromium wrk"

# node and npm may come from elsewhere than Debian (a newer nodejs package
# that bundles npm, or a node installed by hand); only ask Debian for them
# when they are not on the PATH.
if ! command -v node >/dev/null 2>&1; then
    PACKAGES="$PACKAGES nodejs"
fi
if ! command -v npm >/dev/null 2>&1; then
    PACKAGES="$PACKAGES npm"
fi

installed() {
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
    [ "$status" = "install ok installed" ]
}

missing=""
for pkg in $PACKAGES; do
    if ! installed "$pkg"; then
        missing="$missing $pkg"
    fi
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: these Debian packages are missing:$missing" >&2
        echo "setup: install them with:" >&2
        echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive" \
            "apt-get install -y --no-install-recommends$missing" >&2
        exit 1
    fi
    echo "setup: installing$missing"
    apt-get update -q
    # shellcheck disable=SC2086 # the list is meant to be split into words
    DEBIAN_FRONTEND=noninteractive apt-get install -q -y \
        --no-install-recommends $missing
fi

# npm packages of the browser tests (playwright-core drives Debian's
# chromium; it must never download a browser of its own).
need_npm=0
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
    need_npm=1
elif [ ! -f node_modules/.package-lock.json ]; then
    need_npm=1
elif [ -n "$(find package-lock.json \
        -newer node_modules/.package-lock.json)" ]; then
    need_npm=1
fi
if [ "$need_npm" -eq 1 ]; then
    echo "setup: installing the npm packages (npm ci)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

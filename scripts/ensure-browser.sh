#!/usr/bin/env bash
# Make sure the Chromium that the browser tests (tests/browser/) drive is installed.
#
# The tests launch Debian's Chromium at /usr/bin/chromium and never let Playwright download a
# browser. This script is idempotent: it does nothing when /usr/bin/chromium is there, and
# otherwise installs Debian's `chromium` package (and fonts-liberation, which it recommends, so
# pages and screenshots have proper fonts) with apt-get. Exits non-zero, saying why, when it cannot.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

fail() {
  echo "ensure-browser: $*" >&2
  exit 1
}

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 ||
  fail "$CHROMIUM is missing and apt-get is not available; install Chromium so that $CHROMIUM exists."

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    fail "$CHROMIUM is missing; installing Debian's chromium package needs root (or passwordless sudo). Run: apt-get install chromium"
  fi
fi

echo "ensure-browser: $CHROMIUM is missing; installing Debian's chromium package..." >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq ||
  fail "apt-get update failed; cannot install chromium."
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null ||
  fail "apt-get install chromium failed."

[ -x "$CHROMIUM" ] || fail "the chromium package is installed but $CHROMIUM is not there."
"$CHROMIUM" --version >/dev/null 2>&1 || fail "$CHROMIUM is installed but does not run ($CHROMIUM --version failed)."
echo "ensure-browser: installed $("$CHROMIUM" --version 2>/dev/null)" >&2

#!/usr/bin/env bash
# Installs the Debian browsers the conformance suite drives, when they are missing:
#   chromium, chromium-headless-shell, firefox-esr, webkit2gtk-driver (WebKitWebDriver + MiniBrowser), xvfb.
# Idempotent: does nothing when all are present. Needs root (or sudo) and apt-get.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Headless Chromium runs the headless shell (suites/harness/engines/locate.ts); headed runs need chromium.
command -v chromium-headless-shell >/dev/null 2>&1 || need+=(chromium-headless-shell)
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || need+=(webkit2gtk-driver)
ls /usr/lib/*/webkit2gtk-4.1/MiniBrowser >/dev/null 2>&1 || need+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
# xauth/fonts make MiniBrowser under Xvfb render text; harmless when present.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  echo "install-browsers: chromium, chromium-headless-shell, firefox-esr, webkit2gtk-driver and xvfb are present"
  exit 0
fi
# de-duplicate
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browsers: apt-get not found; install ${need[*]} with your package manager, or use Playwright's bundled browsers (SWC_BROWSERS=bundled, see README)" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "install-browsers: not root and no sudo; run as root: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
echo "install-browsers: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-browsers: done"

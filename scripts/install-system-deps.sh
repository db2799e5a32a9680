#!/usr/bin/env bash
# Installs the Debian packages the tests need, only those missing (no apt traffic when all are present):
#   chromium            the browser playwright-core drives (UI tests, and the workbench of the extension-host tests)
#   ripgrep             seeds @vscode/ripgrep for the code-server install, and is its file search
#   libkrb5-dev         headers for the kerberos addon code-server builds
#   make g++ python3    node-gyp, for code-server's native addons
#   fonts-dejavu-core   legible text in headless screenshots
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v make >/dev/null 2>&1 || need+=(make)
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v python3 >/dev/null 2>&1 || need+=(python3)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages missing: ${need[*]} (this script installs them with apt-get, which is not available here)" >&2
  exit 1
fi
echo "system packages: installing ${need[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}"

#!/usr/bin/env bash
# The demo podcast episodes are spoken on this machine: espeak-ng reads each transcript and lame
# compresses it to MP3 (every browser and podcast app plays it). Install both when missing. The
# demo still loads without them (short generated chimes instead), so this never fails the set-up.
set -uo pipefail

missing=()
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v lame >/dev/null || missing+=(lame)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "[audio] installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
        exit 0
    fi
fi
echo "[audio] missing: ${missing[*]} (sudo apt-get install ${missing[*]}); demo episodes get short chimes instead of speech" >&2
exit 0

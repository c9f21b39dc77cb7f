#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6.x needs it), or explains what to install.
set -euo pipefail

ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }

for candidate in python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null && ok "$(command -v "$candidate")"; then
        command -v "$candidate"
        exit 0
    fi
done

# pyenv-installed interpreters, newest first, without needing pyenv's shims to be active.
pyenv_root="${PYENV_ROOT:-$(command -v pyenv >/dev/null && pyenv root || echo "$HOME/.pyenv")}"
for candidate in $(ls -d "$pyenv_root"/versions/3.1[2-9]* 2>/dev/null | sort -V -r); do
    if ok "$candidate/bin/python"; then
        echo "$candidate/bin/python"
        exit 0
    fi
done

cat >&2 <<'MSG'
PM Portal needs Python 3.12 or newer (Django 6.x does not run on older versions),
and none was found on PATH (python3.13, python3.12, python3) or under pyenv.
Install one, for example:
  Debian 13 / Ubuntu 24.04:  sudo apt-get install python3 python3-venv
  pyenv:                     pyenv install 3.13
Then run make again.
MSG
exit 1

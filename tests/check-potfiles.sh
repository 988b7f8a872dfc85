#!/usr/bin/env bash
# check-potfiles.sh SOURCE_ROOT: every source file with a translatable
# string is listed in po/POTFILES.in, so that its strings reach the
# template and the translations.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

cd "$1"
status=0
while IFS= read -r file; do
  if ! grep -qxF "$file" po/POTFILES.in; then
    echo "$file has translatable strings but is not in po/POTFILES.in" >&2
    status=1
  fi
done < <(grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|g_dpgettext2)\("|translatable="yes"' \
           src ui data --include='*.c' --include='*.ui' --include='*.in' --include='*.xml' | sort)

while IFS= read -r file; do
  [ -z "$file" ] || [ "${file#\#}" != "$file" ] || [ -f "$file" ] || {
    echo "po/POTFILES.in lists $file, which does not exist" >&2
    status=1
  }
done < po/POTFILES.in

[ $status -eq 0 ] && echo "every file with translatable strings is in po/POTFILES.in"
exit $status

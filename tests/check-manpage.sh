#!/usr/bin/env bash
# check-manpage.sh MANPAGE: the page formats with groff and man with no
# warning at all (both exit 0 on warnings, so any diagnostic is a failure).
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

page=$1
status=0

out=$(groff -man -ww -z "$page" 2>&1) || status=1
if [ -n "$out" ]; then
  echo "groff: $out" >&2
  status=1
fi

out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || status=1
if [ -n "$out" ]; then
  echo "man: $out" >&2
  status=1
fi

# The page must document every option of the interface.
for opt in --database --demo --version --help --list-patients --patient --summary \
           --export-chart --measurement --regions --size --export-report \
           --export-charts --format --export-reports --backup --restore \
           --include-notes --open-share --passphrase-file --add-photos --visit --region --threshold \
           --count-hairs --px-per-mm --field --json \
           --outcomes --export-outcomes --treatment --diagnosis --sex --age --by; do
  if ! LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null | grep -Eq -- "^ *(-[a-zA-Z], )?$opt\b"; then
    echo "option $opt is not described in $page" >&2
    status=1
  fi
done

exit $status

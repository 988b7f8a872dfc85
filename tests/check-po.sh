#!/usr/bin/env bash
# check-po.sh POT PO: the translation PO passes msgfmt --check, and every
# message of the template POT is translated in it (no fuzzy, none missing;
# obsolete entries are ignored).
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

pot=$1
po=$2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

msgfmt --check --output-file=/dev/null "$po"

# Bring the translation up to the template without guessing: a message
# that is new or changed in the template comes out untranslated.
msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/merged.po" "$po" "$pot"
stats=$(LC_ALL=C msgfmt --statistics --output-file=/dev/null "$tmp/merged.po" 2>&1)
echo "$(basename "$po"): $stats"

if ! [[ $stats =~ ^[0-9]+\ translated\ messages?\.$ ]]; then
  echo "Untranslated or fuzzy messages in $po:" >&2
  msgattrib --untranslated --no-obsolete "$tmp/merged.po" | sed -n '/^#:/,$p' >&2 || true
  msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | sed -n '/^#:/,$p' >&2 || true
  exit 1
fi

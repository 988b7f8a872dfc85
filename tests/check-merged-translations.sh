#!/usr/bin/env bash
# check-merged-translations.sh DESKTOP METAINFO LANG…: the desktop file and
# the AppStream metadata built with i18n.merge_file carry each language.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

desktop=$1
metainfo=$2
shift 2

status=0
for lang in "$@"; do
  for key in Name GenericName Comment Keywords; do
    if ! grep -q "^$key\[$lang\]=." "$desktop"; then
      echo "$desktop has no $key[$lang]" >&2
      status=1
    fi
  done
  for element in name summary p; do
    if ! grep -q "<$element xml:lang=\"$lang\">" "$metainfo"; then
      echo "$metainfo has no <$element xml:lang=\"$lang\">" >&2
      status=1
    fi
  done
done
exit $status

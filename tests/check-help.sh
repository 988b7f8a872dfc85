#!/usr/bin/env bash
# check-help.sh POT FOLLICLE PAGE…: every control the help names — a
# <gui> button, menu item or tab — is a label the app shows (a message of
# its template POT, mnemonics aside), and every --option it names is one
# that `follicle --help` lists.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

pot=$1
follicle=$2
shift 2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The app's labels: each msgid on one line, without its mnemonic
# underscores. Multi-line msgids are joined first.
msgcat --no-wrap --output-file="$tmp/flat.pot" "$pot"
sed -n 's/^msgid "\(.*\)"$/\1/p' "$tmp/flat.pot" | sed 's/_//g' | sort -u > "$tmp/labels"

"$follicle" --help-all > "$tmp/options" 2>&1 || "$follicle" --help > "$tmp/options" 2>&1

status=0
for page in "$@"; do
  name=$(basename "$page")
  # <gui>Label</gui> and <gui style="…">Label</gui>, one per line.
  while IFS= read -r label; do
    [ -n "$label" ] || continue
    [ "$label" = "+" ] && continue
    if ! grep -qxF -- "$label" "$tmp/labels"; then
      echo "$name names “$label”, which the app does not show" >&2
      status=1
    fi
  done < <(grep -o '<gui[^>]*>[^<]*</gui>' "$page" | sed 's/<gui[^>]*>\([^<]*\)<\/gui>/\1/')

  while IFS= read -r option; do
    if ! grep -qE -- "(^|[ ,])$option([ =]|$)" "$tmp/options"; then
      echo "$name names the option $option, which follicle --help does not list" >&2
      status=1
    fi
  done < <(grep -o -- '--[a-z][a-z-]*' "$page" | sort -u)
done

[ $status -eq 0 ] && echo "every control and option the help names exists"
exit $status

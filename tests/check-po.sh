#!/usr/bin/env bash
# check-po.sh POT PO [SOURCE_ROOT]: the translation PO passes msgfmt
# --check and translates every message of the template POT in live
# entries (no fuzzy, none missing, none only obsolete). With SOURCE_ROOT, the
# messages are also extracted afresh from the files po/POTFILES.in lists,
# and the committed template must hold exactly those: a string added to
# the code without `ninja -C build follicle-pot` would otherwise escape
# this check and show in English.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

pot=$1
po=$2
srcroot=${3:-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

msgids () {
  msgcat --no-wrap --output-file="$tmp/flat" "$1"
  # Each message as msgctxt|msgid|msgid_plural on one line.
  awk '
    /^msgctxt "/ { ctxt = substr($0, 10, length($0) - 10) }
    /^msgid "/ { id = substr($0, 8, length($0) - 8) }
    /^msgid_plural "/ { plural = substr($0, 15, length($0) - 15) }
    /^msgstr/ { if (id != "") print ctxt "|" id "|" plural; ctxt = ""; id = ""; plural = "" }
  ' "$tmp/flat" | sort -u
}

if [ -n "$srcroot" ]; then
  # The keywords of meson's "glib" gettext preset, which makes the template.
  (cd "$srcroot" && xgettext --files-from=po/POTFILES.in --from-code=UTF-8 \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --output="$tmp/fresh.pot")
  msgids "$tmp/fresh.pot" > "$tmp/fresh.ids"
  msgids "$pot" > "$tmp/pot.ids"
  if ! diff -u "$tmp/pot.ids" "$tmp/fresh.ids" > "$tmp/ids.diff"; then
    echo "$(basename "$pot") is not the template of the current code; run ninja -C build follicle-pot:" >&2
    grep '^[-+][^-+]' "$tmp/ids.diff" >&2 || true
    exit 1
  fi
fi

msgfmt --check --output-file=/dev/null "$po"

# What the program loads is the catalogue itself: a message kept only as an
# obsolete (#~) entry is not in it and shows in English, even though
# msgmerge below would bring it back.
if ! msgcmp "$po" "$pot" 2> "$tmp/msgcmp"; then
  echo "Messages of $(basename "$pot") without a live translation in $po" \
       "(run msgmerge --update --no-fuzzy-matching $po $pot):" >&2
  grep -A1 'used but not defined' "$tmp/msgcmp" >&2 || cat "$tmp/msgcmp" >&2
  exit 1
fi

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

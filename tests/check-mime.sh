#!/usr/bin/env bash
# check-mime.sh MIME_XML: the shared-mime-info package is well formed,
# update-mime-database accepts it, and a patient file (an SQLite database
# named *.follicle) is then recognised by GIO as application/x-follicle-patient.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

xml=$1
type=application/x-follicle-patient

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

xmllint --noout "$xml"

mkdir -p "$tmp/share/mime/packages"
cp "$xml" "$tmp/share/mime/packages/"
XDG_DATA_DIRS="$tmp/share:/usr/share" update-mime-database "$tmp/share/mime"

if [ ! -f "$tmp/share/mime/$type.xml" ]; then
  echo "update-mime-database did not produce $type.xml" >&2
  exit 1
fi
grep -q "^50:$type:\*\.follicle$" "$tmp/share/mime/globs2" || {
  echo "no *.follicle glob for $type" >&2
  exit 1
}
grep -q "^$type application/vnd.sqlite3$" "$tmp/share/mime/subclasses" || {
  echo "$type is not a subclass of application/vnd.sqlite3" >&2
  exit 1
}

# A real reader: GIO, looking only at our database plus the system one.
if command -v sqlite3 >/dev/null && command -v gio >/dev/null; then
  sqlite3 "$tmp/patient.follicle" 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
  got=$(XDG_DATA_HOME="$tmp/share" XDG_DATA_DIRS="$tmp/share:/usr/share" \
        gio info -a standard::content-type "$tmp/patient.follicle" |
        sed -n 's/^ *standard::content-type: //p')
  if [ "$got" != "$type" ]; then
    echo "GIO sees a patient file as '$got', expected $type" >&2
    exit 1
  fi
fi

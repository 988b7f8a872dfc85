#!/usr/bin/env bash
# check-install.sh MESON BUILDDIR BINDIR DATADIR MANDIR
#
# Installs the build into a temporary DESTDIR and checks that every file
# lands where the XDG specifications expect it, and that the files point
# at each other by the right names (desktop id, icon, D-Bus name, binary).
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

meson=$1
builddir=$2
bindir=$3
datadir=$4
mandir=$5
app_id=org.follicle.Follicle

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The suite has just built everything; installing must not rebuild.
"$meson" install -C "$builddir" --no-rebuild --quiet --destdir "$tmp" >/dev/null

status=0
expect () {
  if [ ! -f "$tmp$1" ]; then
    echo "missing: $1" >&2
    status=1
  fi
}

expect "$bindir/follicle"
expect "$(dirname "$bindir")/libexec/follicle-window"
expect "$(dirname "$bindir")/libexec/follicle-cli"
expect "$datadir/applications/$app_id.desktop"
expect "$datadir/metainfo/$app_id.metainfo.xml"
expect "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
expect "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
expect "$datadir/glib-2.0/schemas/$app_id.gschema.xml"
expect "$datadir/dbus-1/services/$app_id.service"
expect "$datadir/mime/packages/$app_id.mime.xml"
expect "$mandir/man1/follicle.1"
expect "$datadir/help/C/follicle/index.page"

# Each language of help/LINGUAS gets every page, translated: yelp opens
# help:follicle in the user's language.
help_linguas=$(dirname "$0")/../help/LINGUAS
for lang in $(sed 's/#.*//' "$help_linguas"); do
  for page in "$tmp$datadir/help/C/follicle/"*.page; do
    translated=$datadir/help/$lang/follicle/$(basename "$page")
    expect "$translated"
    if [ -f "$tmp$translated" ] && cmp -s "$page" "$tmp$translated"; then
      echo "not translated: $translated" >&2
      status=1
    fi
  done
done
[ -n "$(sed 's/#.*//' "$help_linguas" | tr -d '[:space:]')" ] || {
  echo "help/LINGUAS lists no language: the help is installed only in English" >&2
  status=1
}
[ $status -eq 0 ] || exit $status

if [ ! -x "$tmp$bindir/follicle" ]; then
  echo "$bindir/follicle is not executable" >&2
  exit 1
fi

desktop="$tmp$datadir/applications/$app_id.desktop"
service="$tmp$datadir/dbus-1/services/$app_id.service"
metainfo="$tmp$datadir/metainfo/$app_id.metainfo.xml"

check () {
  local what=$1 file=$2 pattern=$3
  if ! grep -qx -- "$pattern" "$file"; then
    echo "$what: no line matching '$pattern' in ${file#"$tmp"}" >&2
    status=1
  fi
}

# The launcher names the installed icon and binary, and D-Bus can start it.
check "desktop icon" "$desktop" "Icon=$app_id"
check "desktop exec" "$desktop" "Exec=follicle %F"
check "desktop activation" "$desktop" "DBusActivatable=true"
check "desktop mime" "$desktop" "MimeType=application/x-follicle-patient;"
check "service name" "$service" "Name=$app_id"
check "service exec" "$service" "Exec=$bindir/follicle --gapplication-service"
check "metainfo id" "$metainfo" " *<id>$app_id</id>"
check "metainfo launchable" "$metainfo" " *<launchable type=\"desktop-id\">$app_id.desktop</launchable>"
check "metainfo binary" "$metainfo" " *<binary>follicle</binary>"

# The installed metainfo still validates (translations merged in).
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$metainfo" >/dev/null || {
    echo "installed metainfo does not validate" >&2
    status=1
  }
fi

exit $status

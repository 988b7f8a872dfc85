#!/bin/sh
# with-keyring.sh PROGRAM [ARGS…]: runs PROGRAM on a D-Bus session bus of
# its own, with a real gnome-keyring-daemon serving the Secret Service and
# its login keyring made and unlocked in a temporary folder, so that the
# tests never touch the tester's own keyring.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

if [ -z "${FOLLICLE_KEYRING_BUS:-}" ]; then
  FOLLICLE_KEYRING_BUS=1 exec dbus-run-session -- "$0" "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/follicle-keyring-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
       XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -m 0700 "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"

# The login keyring is made with this password and left unlocked (an
# empty one leaves no default keyring to store into). The daemon is no
# part of the test: the test's fatal warnings are not its own.
printf 'follicle-test' | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null

status=0
"$@" || status=$?
exit $status

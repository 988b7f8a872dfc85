#!/usr/bin/env bash
# test-review-kill.sh WINDOW-PROGRAM FOLLICLE
#
# Review mode survives a kill: real key events (XTest, through xdotool)
# into the real window under Xvfb, with settings kept on disk. Find a
# patient, open the review (Ctrl+Shift+P), kill the process with SIGKILL,
# start again: the same patient's review comes back, the clinic's window
# is not shown, and Ctrl+Q asks instead of quitting.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

window_program=$1
follicle=$2

if [ -z "${DISPLAY:-}" ] || ! command -v xdotool >/dev/null; then
  echo "1..0 # SKIP needs a display and xdotool"
  exit 0
fi

pid=""
tmp=$(mktemp -d)
trap 'kill -9 "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
db=$tmp/clinic.db
env -u DISPLAY -u WAYLAND_DISPLAY "$follicle" --database "$db" --demo >/dev/null
# Settings on disk, as on a real desktop, in a folder of the test's own.
export GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=$tmp/config

echo "1..3"
fail () { echo "not ok $1"; exit 1; }
key () { xdotool key --clearmodifiers --delay 80 "$@"; sleep 0.4; }

"$window_program" --database "$db" &
pid=$!
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "^clinic\.db — Follicle$" | head -n 1)
[ -n "$wid" ] || fail "1 the window did not open"
xdotool windowfocus --sync "$wid"
sleep 2
key ctrl+f
xdotool type --delay 40 "Keller"; sleep 0.5
key Return
key ctrl+shift+p
review=$(timeout 30 xdotool search --sync --onlyvisible --name "Keller.*Progress Review" | head -n 1)
[ -n "$review" ] || fail "1 the review did not open"
sleep 0.5
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
echo "ok 1 review opened, then the process was killed"

"$window_program" --database "$db" &
pid=$!
review=$(timeout 60 xdotool search --sync --onlyvisible --name "Keller.*Progress Review" | head -n 1)
[ -n "$review" ] || fail "2 the next start did not come back into the review"
sleep 1
if xdotool search --onlyvisible --name "^clinic\.db — Follicle$" >/dev/null 2>&1; then
  fail "2 the next start showed the clinic's window"
fi
echo "ok 2 the next start came back into the same patient's review, the clinic hidden"

xdotool windowfocus --sync "$review"
sleep 0.5
key ctrl+q
sleep 1.5
kill -0 "$pid" 2>/dev/null || fail "3 Ctrl+Q quit the review without asking"
echo "ok 3 Ctrl+Q in the review asks instead of quitting"

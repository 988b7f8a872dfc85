#!/usr/bin/env bash
# test-window-keys.sh WINDOW-PROGRAM FOLLICLE KEYS TITLE
#
# A window of the app from the keyboard, with real key events (XTest,
# through xdotool) into the real window under Xvfb: KEYS (xdotool's
# names, e.g. ctrl+shift+o) open the window titled TITLE, Escape closes it.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

window_program=$1
follicle=$2
keys=$3
title=$4

if [ -z "${DISPLAY:-}" ] || ! command -v xdotool >/dev/null; then
  echo "1..0 # SKIP needs a display and xdotool"
  exit 0
fi

pid=""
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
db=$tmp/clinic.db
env -u DISPLAY -u WAYLAND_DISPLAY "$follicle" --database "$db" --demo >/dev/null

"$window_program" --database "$db" &
pid=$!

echo "1..2"
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "^clinic\.db — Follicle$" | head -n 1)
[ -n "$wid" ] || { echo "not ok 1 the window did not open"; exit 1; }
xdotool windowfocus --sync "$wid"
sleep 2

xdotool key --clearmodifiers "$keys"
opened=$(timeout 30 xdotool search --sync --onlyvisible --name "^$title\$" | head -n 1)
if [ -n "$opened" ]; then echo "ok 1 $keys opens $title"; else
  echo "not ok 1 $keys did not open $title"; exit 1; fi

xdotool windowfocus --sync "$opened"
sleep 1
xdotool key --clearmodifiers Escape
closed=no
for _ in $(seq 1 50); do
  if ! xdotool search --onlyvisible --name "^$title\$" >/dev/null 2>&1; then closed=yes; break; fi
  sleep 0.1
done
if [ $closed = yes ]; then echo "ok 2 Escape closes it"; else echo "not ok 2 Escape did not close it"; fi

xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
[ $closed = yes ]

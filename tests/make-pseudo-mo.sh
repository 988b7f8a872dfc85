#!/usr/bin/env bash
# make-pseudo-mo.sh POT MO: a catalogue of a pseudo-language that wraps
# every message of the template in ⟦ ⟧, for tests/test-translated.c.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

msgen "$1" \
  | msgfilter --keep-header sed -e 's/^\(.\)/⟦\1/' -e 's/\(.\)$/\1⟧/' \
  | msgfmt --output-file="$2" -

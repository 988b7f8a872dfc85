/* fol-protocols-window.h
 *
 * Copyright 2026 The Follicle authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fol-protocol-editor.h"
#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_PROTOCOLS_WINDOW (fol_protocols_window_get_type ())

G_DECLARE_FINAL_TYPE (FolProtocolsWindow, fol_protocols_window, FOL, PROTOCOLS_WINDOW,
                      AdwPreferencesWindow)

FolProtocolsWindow *fol_protocols_window_new         (GtkWindow          *parent,
                                                      FolStore           *store);
GtkListBox         *fol_protocols_window_get_list    (FolProtocolsWindow *self);
FolProtocolEditor  *fol_protocols_window_edit        (FolProtocolsWindow *self,
                                                      const char         *protocol_id);
gboolean            fol_protocols_window_delete      (FolProtocolsWindow *self,
                                                      const char         *protocol_id);
const char         *fol_protocols_window_get_message (FolProtocolsWindow *self);

G_END_DECLS

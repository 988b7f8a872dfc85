/* fol-protocol-editor.h
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

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_PROTOCOL_EDITOR (fol_protocol_editor_get_type ())

G_DECLARE_FINAL_TYPE (FolProtocolEditor, fol_protocol_editor, FOL, PROTOCOL_EDITOR, AdwWindow)

FolProtocolEditor *fol_protocol_editor_new            (GtkWindow         *parent,
                                                       FolStore          *store,
                                                       FolProtocol       *protocol);
gboolean           fol_protocol_editor_save           (FolProtocolEditor *self);
GtkWidget         *fol_protocol_editor_get_name_row   (FolProtocolEditor *self);
const char        *fol_protocol_editor_get_message    (FolProtocolEditor *self);
void               fol_protocol_editor_add_session    (FolProtocolEditor *self);
void               fol_protocol_editor_remove_session (FolProtocolEditor *self,
                                                       guint              index);
void               fol_protocol_editor_set_session    (FolProtocolEditor *self,
                                                       guint              index,
                                                       const char        *treatment_type,
                                                       const char        *product,
                                                       const char        *dose,
                                                       const char        *volume_text,
                                                       guint              regions,
                                                       int                months,
                                                       int                days);
GtkWidget         *fol_protocol_editor_get_session_field (FolProtocolEditor *self,
                                                       guint              index,
                                                       const char        *field);
void               fol_protocol_editor_add_visit      (FolProtocolEditor *self,
                                                       int                months,
                                                       int                days);

G_END_DECLS

/* fol-form.h
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

#include "fol-catalog.h"
#include "fol-date.h"

G_BEGIN_DECLS

/* Helpers shared by the editor dialogs: parsing what was typed, flagging a
 * field, and the common keyboard and closing behaviour.
 */
gboolean    fol_form_parse_double      (const char     *text,
                                        double         *out_value);
gboolean    fol_form_parse_int         (const char     *text,
                                        int            *out_value);
gboolean    fol_form_parse_date        (const char     *text,
                                        FolDate        *out_date);
char        *fol_form_date_message         (void);
char       *fol_form_format_double     (double          value);
char       *fol_form_format_int        (int             value);
void        fol_form_flag              (GtkWidget      *field,
                                        GtkLabel       *message,
                                        const char     *text);
void        fol_form_add_calendar      (AdwEntryRow    *row);
GtkStringList *fol_form_catalog_model  (FolCatalog      catalog,
                                        const char     *none_label);
const char *fol_form_catalog_code      (FolCatalog      catalog,
                                        AdwComboRow    *row,
                                        gboolean        has_none);
void        fol_form_catalog_select    (FolCatalog      catalog,
                                        AdwComboRow    *row,
                                        gboolean        has_none,
                                        const char     *code);
void        fol_form_name_drop_down    (GtkDropDown    *dropdown,
                                        const char     *name);
void        fol_form_class_init        (GtkWidgetClass *widget_class);
gboolean    fol_form_close_request     (GtkWindow      *window,
                                        gboolean        dirty);
void        fol_form_show_error        (GtkRevealer    *revealer,
                                        GtkLabel       *label,
                                        const GError   *error);

G_END_DECLS

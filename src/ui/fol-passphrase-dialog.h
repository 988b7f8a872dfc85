/* fol-passphrase-dialog.h
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

G_BEGIN_DECLS

#define FOL_TYPE_PASSPHRASE_DIALOG (fol_passphrase_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FolPassphraseDialog, fol_passphrase_dialog, FOL, PASSPHRASE_DIALOG, AdwWindow)

typedef enum
{
  FOL_PASSPHRASE_DIALOG_CHOOSE,  /* a new passphrase, typed twice, with a strength hint */
  FOL_PASSPHRASE_DIALOG_ASK,     /* the passphrase of an existing file, typed once */
} FolPassphraseDialogMode;

/* Called with a passphrase the dialog accepts. Returns %FALSE with @error
 * to keep the dialog open and say why at the field (a wrong passphrase);
 * %TRUE lets the dialog go.
 */
typedef gboolean (*FolPassphraseFunc) (const char  *passphrase,
                                       gpointer     user_data,
                                       GError     **error);

GtkWidget  *fol_passphrase_dialog_new          (GtkWindow               *parent,
                                                FolPassphraseDialogMode  mode,
                                                const char              *title,
                                                const char              *body,
                                                const char              *accept_label,
                                                gboolean                 destructive,
                                                FolPassphraseFunc        func,
                                                gpointer                 user_data,
                                                GDestroyNotify           destroy);

const char *fol_passphrase_strength_hint       (const char              *passphrase);

G_END_DECLS

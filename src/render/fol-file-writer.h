/* fol-file-writer.h
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

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Follicle's one way to write a file: whole, or not at all. */
typedef struct _FolFileWriter FolFileWriter;

FolFileWriter  *fol_file_writer_new            (const char     *path,
                                                GError        **error);
FolFileWriter  *fol_file_writer_new_stdout     (void);
const char     *fol_file_writer_get_temp_path  (FolFileWriter  *self);
gboolean        fol_file_writer_write          (FolFileWriter  *self,
                                                const void     *data,
                                                gsize           length,
                                                GError        **error);
cairo_status_t  fol_file_writer_cairo_write    (void                *closure,
                                                const unsigned char *data,
                                                unsigned int         length);
gboolean        fol_file_writer_get_failed     (FolFileWriter  *self);
gboolean        fol_file_writer_commit         (FolFileWriter  *self,
                                                GError        **error);
void            fol_file_writer_free           (FolFileWriter  *self);

gboolean        fol_file_check_output_path     (const char     *path,
                                                GError        **error);
gboolean        fol_file_check_input_path      (const char     *path,
                                                GError        **error);
gboolean        fol_file_remove_abandoned      (const char     *path);
guint           fol_file_writer_remove_leftovers (const char         *dir,
                                                  const char * const *suffixes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolFileWriter, fol_file_writer_free)

G_END_DECLS

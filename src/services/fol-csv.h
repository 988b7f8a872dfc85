/* fol-csv.h
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

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_CSV_ERROR (fol_csv_error_quark ())

typedef enum
{
  FOL_CSV_ERROR_SYNTAX,     /* not RFC 4180: unclosed quote, text after a closing quote */
  FOL_CSV_ERROR_ENCODING,   /* not UTF-8 */
  FOL_CSV_ERROR_TOO_LARGE,  /* a field or a record over the limits */
  FOL_CSV_ERROR_HEADER,     /* no header, or no column Follicle knows */
  FOL_CSV_ERROR_COMMITTED,  /* the preview was already written */
  FOL_CSV_ERROR_CHANGED,    /* the clinic changed since the preview: nothing was written */
} FolCsvError;

/* Limits of one record: a spreadsheet of a clinic is far below them. */
#define FOL_CSV_MAX_FIELD_BYTES (1 << 20)
#define FOL_CSV_MAX_FIELDS      1024

GQuark    fol_csv_error_quark   (void);

gboolean  fol_csv_parse_record  (const char  *data,
                                 gsize        length,
                                 gsize       *pos,
                                 char         separator,
                                 GPtrArray   *fields,
                                 guint       *lines,
                                 GError     **error);
char      fol_csv_detect_separator (const char *data,
                                    gsize       length);
void      fol_csv_append_field  (GString     *out,
                                 const char  *field,
                                 char         separator);
gboolean  fol_csv_parse_number  (const char  *text,
                                 double      *out_value,
                                 GError     **error);

char     *fol_csv_export_to_string (FolStore    *store,
                                    const char  *patient_id,
                                    GError     **error);
gboolean  fol_csv_export        (FolStore    *store,
                                 const char  *patient_id,
                                 const char  *path,
                                 GError     **error);
char     *fol_csv_format_hairs_per_fu (FolMeasurement *measurement);
gboolean  fol_csv_export_to_stdout (FolStore    *store,
                                    const char  *patient_id,
                                    GError     **error);

#define FOL_TYPE_CSV_PREVIEW (fol_csv_preview_get_type ())

G_DECLARE_FINAL_TYPE (FolCsvPreview, fol_csv_preview, FOL, CSV_PREVIEW, GObject)

/* What an import will do: records created, updated (a value differs from
 * the stored one) or unchanged (nothing is written for them), and the
 * rows refused; conflicts are refused rows whose ID names a stored patient
 * of another name and date of birth.
 */
typedef struct
{
  guint patients_new;
  guint patients_updated;
  guint patients_unchanged;
  guint visits_new;
  guint visits_updated;
  guint visits_unchanged;
  guint measurements;        /* regional measurements written (new or changed) */
  guint sessions_new;
  guint sessions_updated;
  guint sessions_unchanged;
  guint rows_read;
  guint rows_rejected;
  guint conflicts;
  guint protocols_new;
  guint protocols_updated;
  guint protocols_unchanged;
  guint assignments_new;
  guint assignments_updated;
  guint assignments_unchanged;
} FolCsvCounts;

FolCsvPreview *fol_csv_import_preview      (FolStore       *store,
                                            const char     *path,
                                            GError        **error);
FolCsvPreview *fol_csv_import_preview_data (FolStore       *store,
                                            const char     *data,
                                            gsize           length,
                                            GError        **error);
void           fol_csv_preview_get_counts  (FolCsvPreview  *self,
                                            FolCsvCounts   *out_counts);
guint          fol_csv_preview_get_n_rejected (FolCsvPreview *self);
const char    *fol_csv_preview_get_rejected   (FolCsvPreview *self,
                                               guint          index,
                                               guint         *out_line);
const char * const *fol_csv_preview_get_ignored_columns (FolCsvPreview *self);
gboolean       fol_csv_preview_has_changes (FolCsvPreview  *self);
char          *fol_csv_preview_to_text     (FolCsvPreview  *self);
gboolean       fol_csv_import_commit       (FolCsvPreview  *self,
                                            GError        **error);

G_END_DECLS

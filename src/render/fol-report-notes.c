/* fol-report-notes.c
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

#define G_LOG_DOMAIN "fol-report"

#include "config.h"

#include "fol-catalog.h"
#include "fol-i18n.h"
#include "fol-report-private.h"

/* The report's section of clinician notes, printed only when the
 * clinician asks for it (FOL_REPORT_INCLUDE_NOTES).
 */

static gboolean
has_text (const char *s)
{
  return s != NULL && s[0] != '\0';
}

static void
add_note (GPtrArray  *notes,
          FolDate     date,
          const char *what,
          const char *text)
{
  g_autofree char *when = date != FOL_DATE_NONE ? fol_date_format (date) : NULL;

  if (!has_text (text))
    return;
  if (when != NULL)
    /* Translators: a clinician's note in the report: date, what it is about, the note */
    g_ptr_array_add (notes, g_strdup_printf (_("%s, %s: %s"), g_strstrip (when), what, text));
  else
    g_ptr_array_add (notes, g_strdup_printf (_("%s: %s"), what, text));
}

/* The clinician's own notes (patient, visits, measurements, sessions):
 * only when asked for, as they are written for the clinic.
 */
void
_fol_report_section_notes (Ctx *ctx)
{
  FolHistory *history = ctx->data->history;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  if (!(ctx->data->flags & FOL_REPORT_INCLUDE_NOTES))
    return;

  add_note (notes, FOL_DATE_NONE, _("Patient"),
            fol_patient_get_notes (fol_history_get_patient (history)));
  for (guint v = 0; v < fol_history_get_n_visits (history); v++)
    {
      FolVisit *visit = fol_history_get_visit (history, v);

      add_note (notes, fol_visit_get_date (visit), _("visit"), fol_visit_get_notes (visit));
      for (guint r = 0; r < FOL_N_REGIONS; r++)
        {
          FolMeasurement *m = fol_history_get_measurement (history, v, r);

          if (m != NULL)
            add_note (notes, fol_visit_get_date (visit), fol_region_short_name (r),
                      fol_measurement_get_notes (m));
        }
    }
  for (guint i = 0; i < fol_history_get_n_sessions (history); i++)
    {
      FolTreatmentSession *s = fol_history_get_session (history, i);

      add_note (notes, fol_treatment_session_get_date (s),
                fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE,
                                   fol_treatment_session_get_treatment_type (s)),
                fol_treatment_session_get_notes (s));
    }

  if (notes->len == 0)
    return;
  _fol_report_heading (ctx, _("Clinician notes"), 60);
  for (guint i = 0; i < notes->len; i++)
    _fol_report_paragraph (ctx, BODY_FONT, g_ptr_array_index (notes, i));
}

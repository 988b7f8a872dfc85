/* fol-report.c
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

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "fol-catalog.h"
#include "fol-chart.h"
#include "fol-file-writer.h"
#include "fol-i18n.h"
#include "fol-progress.h"
#include "fol-report-private.h"
#include "fol-stats.h"
#include "fol-summary.h"
#include "fol-threshold.h"

/* The consultation report: a PDF a clinician hands to the patient or files.
 * Page one says in plain words how each region changed; then the progress
 * charts (drawn by fol_chart_render, as on screen), the values per visit and
 * region with the change from baseline, the treatment sessions with their
 * adverse events, and before/after photos.
 *
 * Pages are laid out twice: the first pass, on a PDF that is thrown away,
 * counts them, so that the second can print "Page N of M".
 */


/* Measures charted and tabulated, in this order, when the patient has them. */
static const FolMeasure report_measures[] = {
  FOL_MEASURE_TOTAL_DENSITY,
  FOL_MEASURE_TERMINAL_DENSITY,
  FOL_MEASURE_MEAN_DIAMETER,
  FOL_MEASURE_SALT,
};

static const FolMeasure table_measures[] = {
  FOL_MEASURE_TOTAL_DENSITY,
  FOL_MEASURE_TERMINAL_DENSITY,
  FOL_MEASURE_MEAN_DIAMETER,
};


static void
photo_pair_clear (gpointer data)
{
  PhotoPair *pair = data;

  g_clear_pointer (&pair->before, g_bytes_unref);
  g_clear_pointer (&pair->after, g_bytes_unref);
}

static void
report_data_free (ReportData *data)
{
  g_clear_object (&data->history);
  g_clear_pointer (&data->photos, g_array_unref);
  g_clear_pointer (&data->layouts, g_hash_table_unref);
  g_free (data->path);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReportData, report_data_free)

static FolDate
visit_date (FolHistory *history,
            const char *visit_id)
{
  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    {
      FolVisit *v = fol_history_get_visit (history, i);

      if (g_strcmp0 (fol_visit_get_id (v), visit_id) == 0)
        return fol_visit_get_date (v);
    }
  return FOL_DATE_NONE;
}

/* Oldest visit first, then by region, then in the order they were added. */
static int
compare_oldest_first (gconstpointer a,
                      gconstpointer b)
{
  FolPhoto *pa = *(FolPhoto **) a;
  FolPhoto *pb = *(FolPhoto **) b;
  FolDate da = fol_photo_get_visit_date (pa), db = fol_photo_get_visit_date (pb);
  guint ra = fol_photo_get_region (pa), rb = fol_photo_get_region (pb);
  int c;

  if (da != db)
    return da < db ? -1 : 1;
  if (ra != rb)
    return ra < rb ? -1 : 1;
  c = g_strcmp0 (fol_photo_get_created_at (pa), fol_photo_get_created_at (pb));
  return c != 0 ? c : g_strcmp0 (fol_photo_get_id (pa), fol_photo_get_id (pb));
}

/* The photos of one region to show side by side: @before from the
 * region's baseline visit (the latest photographed visit on or before the
 * first treatment; with no treatment or none before it, the first one),
 * @after from its latest photographed visit, and only when that is a
 * later visit: two photos of one day show no change. Of several photos of
 * one visit, the first taken.
 */
void
_fol_report_pick_photos (GPtrArray   *photos,
                         FolHistory  *history,
                         FolRegion    region,
                         FolPhoto   **out_before,
                         FolPhoto   **out_after)
{
  FolDate first_treatment = fol_history_get_first_treatment (history);
  FolPhoto *earliest = NULL, *baseline = NULL, *latest = NULL;
  FolDate earliest_date = FOL_DATE_NONE, baseline_date = FOL_DATE_NONE, latest_date = FOL_DATE_NONE;

  for (guint i = 0; i < photos->len; i++)
    {
      FolPhoto *photo = g_ptr_array_index (photos, i);
      FolDate date = visit_date (history, fol_photo_get_visit_id (photo));

      if (fol_photo_get_region (photo) != region || date == FOL_DATE_NONE)
        continue;
      if (earliest == NULL || date < earliest_date)
        {
          earliest = photo;
          earliest_date = date;
        }
      if (first_treatment != FOL_DATE_NONE && date <= first_treatment &&
          (baseline == NULL || date > baseline_date))
        {
          baseline = photo;
          baseline_date = date;
        }
      if (latest == NULL || date > latest_date)
        {
          latest = photo;
          latest_date = date;
        }
    }

  if (baseline == NULL)
    {
      baseline = earliest;
      baseline_date = earliest_date;
    }
  *out_before = baseline;
  *out_after = latest != NULL && latest_date > baseline_date ? latest : NULL;
}

static GArray *
collect_photos (FolStore   *store,
                FolHistory *history,
                const char *patient_id)
{
  GArray *pairs = g_array_new (FALSE, TRUE, sizeof (PhotoPair));
  g_autoptr(GPtrArray) photos = NULL;

  g_array_set_clear_func (pairs, photo_pair_clear);

  photos = fol_store_list_photos (store, patient_id, NULL);
  if (photos == NULL)
    return pairs;
  g_ptr_array_sort (photos, compare_oldest_first);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      FolPhoto *first = NULL, *last = NULL;
      PhotoPair pair = { r, NULL, FOL_DATE_NONE, NULL, FOL_DATE_NONE };

      _fol_report_pick_photos (photos, history, r, &first, &last);
      if (first == NULL)
        continue;

      pair.before = fol_store_load_photo_bytes (store, fol_photo_get_sha256 (first), NULL);
      pair.before_date = visit_date (history, fol_photo_get_visit_id (first));
      if (last != NULL)
        {
          pair.after = fol_store_load_photo_bytes (store, fol_photo_get_sha256 (last), NULL);
          pair.after_date = visit_date (history, fol_photo_get_visit_id (last));
        }
      if (pair.before == NULL)
        {
          pair.before = g_steal_pointer (&pair.after);
          pair.before_date = pair.after_date;
        }
      if (pair.before != NULL)
        g_array_append_val (pairs, pair);
      else
        photo_pair_clear (&pair);
    }

  return pairs;
}

static ReportData *
report_data_load (FolStore        *store,
                  const char      *patient_id,
                  const char      *path,
                  FolPaperSize     paper,
                  FolReportFlags   flags,
                  GError         **error)
{
  g_autoptr(ReportData) data = g_new0 (ReportData, 1);

  data->history = fol_store_load_history (store, patient_id, error);
  if (data->history == NULL)
    return NULL;
  data->photos = collect_photos (store, data->history, patient_id);
  data->path = g_strdup (path);
  data->paper = paper;
  data->flags = flags;
  data->threshold = fol_threshold_in_effect (NULL);
  data->today = fol_date_today ();
  data->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return g_steal_pointer (&data);
}


/* Sections */

static gboolean
has_values (FolHistory *history)
{
  FolRegionSummary salt;

  return fol_history_get_measured_regions (history) != 0 ||
         (fol_history_summarize (history, FOL_MEASURE_SALT, FOL_REGION_FRONTAL, &salt) && salt.n_values > 0);
}

static void
section_summary (Ctx *ctx)
{
  FolHistory *history = ctx->data->history;
  FolPatient *patient = fol_history_get_patient (history);
  g_autoptr(GString) details = g_string_new (NULL);
  guint measured = fol_history_get_measured_regions (history);
  FolDate first = fol_history_get_first_treatment (history);
  FolDate next = fol_history_get_next_follow_up (history);
  double h;

  h = _fol_report_text_block (ctx, TITLE_FONT, fol_patient_get_name (patient), MARGIN_PT,
                              _fol_report_content_width (ctx), ctx->y, TRUE);
  ctx->y += h + 2;
  _fol_report_paragraph (ctx, BODY_FONT, _("Consultation report: hair regrowth, region by region"));

  if (fol_patient_get_birth_date (patient) != FOL_DATE_NONE)
    {
      g_autofree char *birth = fol_date_format (fol_patient_get_birth_date (patient));

      g_string_append_printf (details, _("Born %s"), g_strstrip (birth));
    }
  if (fol_patient_get_diagnosis (patient) != NULL)
    g_string_append_printf (details, "%s%s", details->len ? " · " : "",
                            fol_catalog_label (FOL_CATALOG_DIAGNOSIS, fol_patient_get_diagnosis (patient)));
  if (details->len > 0)
    _fol_report_paragraph (ctx, BODY_FONT, details->str);

  _fol_report_heading (ctx, _("Treatment"), 30);
  if (fol_history_get_n_sessions (history) == 0)
    _fol_report_paragraph (ctx, BODY_FONT, _("No treatment session is recorded yet."));
  else
    {
      g_autofree char *since = fol_date_format (first);
      g_autoptr(GString) types = g_string_new (NULL);
      g_autofree char *line = NULL;
      guint n = fol_history_get_n_sessions (history);
      guint counts[32] = { 0 };
      const FolChoice *choices;
      guint n_choices;

      choices = fol_catalog_get (FOL_CATALOG_TREATMENT_TYPE, &n_choices);
      for (guint i = 0; i < n; i++)
        {
          int index = fol_catalog_index (FOL_CATALOG_TREATMENT_TYPE,
                                         fol_treatment_session_get_treatment_type (fol_history_get_session (history, i)));

          if (index >= 0 && (guint) index < G_N_ELEMENTS (counts))
            counts[index]++;
        }
      for (guint i = 0; i < n_choices && i < G_N_ELEMENTS (counts); i++)
        if (counts[i] > 0)
          g_string_append_printf (types, "%s%s (%u)", types->len ? ", " : "",
                                  fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE, choices[i].code), counts[i]);

      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u treatment session since %s: %s.",
                                           "%u treatment sessions since %s: %s.", n),
                              n, g_strstrip (since), types->str);
      _fol_report_paragraph (ctx, BODY_FONT, line);
    }
  if (next != FOL_DATE_NONE)
    {
      g_autofree char *date = fol_date_format (next);
      g_autofree char *line = g_strdup_printf (_("Next follow-up: %s."), g_strstrip (date));

      _fol_report_paragraph (ctx, BODY_FONT, line);
    }

  for (guint m = 0; m < G_N_ELEMENTS (report_measures); m++)
    {
      FolMeasure measure = report_measures[m];
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      if (measure == FOL_MEASURE_SALT)
        {
          char *line = fol_summary_region_line (history, measure, FOL_REGION_FRONTAL,
                                                ctx->data->threshold);
          if (line != NULL)
            g_ptr_array_add (lines, line);
        }
      else
        for (guint r = 0; r < FOL_N_REGIONS; r++)
          {
            char *line;

            if (!(measured & FOL_REGION_BIT (r)))
              continue;
            line = fol_summary_region_line (history, measure, r, ctx->data->threshold);
            if (line != NULL)
              g_ptr_array_add (lines, line);
          }

      if (lines->len == 0)
        continue;

      _fol_report_heading (ctx, fol_measure_name (measure), 30);
      for (guint i = 0; i < lines->len; i++)
        _fol_report_paragraph (ctx, BODY_FONT, g_ptr_array_index (lines, i));
    }

  _fol_report_section_figures (ctx);

  if (!has_values (history))
    _fol_report_paragraph (ctx, BODY_FONT, _("No measurement is recorded yet."));

  {
    /* Translators: the threshold, then the verdict "Stable" */
    g_autofree char *note = g_strdup_printf (_("A change smaller than %g %% is reported as “%s”: "
                                               "counts of the same scalp vary by about 3–10 %% between "
                                               "counts and raters."),
                                             ctx->data->threshold,
                                             fol_change_name (FOL_CHANGE_STABLE));
    ctx->y += GAP_PT;
    _fol_report_paragraph (ctx, SMALL_FONT, note);
  }
}

/* The chart marks treatment sessions with a short label cut to fit: below
 * it, each treatment is named in full with its dates.
 */
static char *
treatments_note (FolHistory *history)
{
  g_autoptr(GString) items = g_string_new (NULL);
  guint n = fol_history_get_n_sessions (history);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      FolTreatmentSession *first = fol_history_get_session (history, i);
      const char *type = fol_treatment_session_get_treatment_type (first);
      g_autoptr(GString) dates = g_string_new (NULL);

      if (type == NULL || g_hash_table_contains (done, type))
        continue;
      g_hash_table_add (done, (gpointer) type);
      for (guint j = i; j < n; j++)
        {
          FolTreatmentSession *session = fol_history_get_session (history, j);
          g_autofree char *date = NULL;

          if (g_strcmp0 (fol_treatment_session_get_treatment_type (session), type) != 0)
            continue;
          date = fol_date_format (fol_treatment_session_get_date (session));
          g_string_append_printf (dates, "%s%s", dates->len ? ", " : "", g_strstrip (date));
        }
      /* Translators: a treatment and the dates of its sessions, e.g.
       * "Platelet-rich plasma (3 March 2026, 7 April 2026)" */
      g_string_append (items, items->len ? "; " : "");
      g_string_append_printf (items, _("%s (%s)"),
                              fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE, type), dates->str);
    }

  if (items->len == 0)
    return NULL;
  /* Translators: below a chart, the treatments whose sessions it marks */
  return g_strdup_printf (_("Treatments given: %s."), items->str);
}

static void
section_charts (Ctx *ctx)
{
  g_autofree char *note = treatments_note (ctx->data->history);

  for (guint m = 0; m < G_N_ELEMENTS (report_measures); m++)
    {
      g_autoptr(FolChartData) chart = NULL;
      g_autofree char *title = NULL;
      double note_h = 0;

      /* SALT is one value for the whole scalp: its table follows. */
      if (!fol_measure_is_per_region (report_measures[m]))
        continue;
      chart = fol_progress_chart_new (ctx->data->history, report_measures[m], 0, FOL_PROGRESS_NONE,
                                      ctx->data->threshold);
      if (chart == NULL || fol_chart_data_is_empty (chart))
        continue;
      /* The heading names the chart: the chart does not say it again. */
      fol_chart_data_set_title (chart, NULL);

      if (note != NULL)
        note_h = _fol_report_text_block (ctx, SMALL_FONT, note, MARGIN_PT,
                                         _fol_report_content_width (ctx), 0, FALSE) + GAP_PT;
      title = g_strdup_printf ("%s (%s)", fol_measure_name (report_measures[m]),
                               fol_measure_unit (report_measures[m]));
      _fol_report_heading (ctx, title, CHART_HEIGHT + note_h);
      _fol_report_ensure_space (ctx, CHART_HEIGHT + note_h);
      cairo_save (ctx->cr);
      cairo_translate (ctx->cr, MARGIN_PT, ctx->y);
      fol_chart_render (chart, &ctx->style, ctx->cr, _fol_report_content_width (ctx), CHART_HEIGHT);
      cairo_restore (ctx->cr);
      ctx->y += CHART_HEIGHT + GAP_PT;
      if (note != NULL)
        _fol_report_paragraph (ctx, SMALL_FONT, note);
    }
}


static char *
format_value_change (FolHistory *history,
                     guint       visit,
                     FolMeasure  measure,
                     FolRegion   region,
                     char      **out_change)
{
  FolRegionSummary s;
  double value = fol_history_get_value (history, visit, measure, region);
  guint decimals = fol_measure_decimals (measure);
  FolDate date = fol_visit_get_date (fol_history_get_visit (history, visit));

  *out_change = NULL;
  if (isnan (value))
    return g_strdup ("—");

  if (fol_history_summarize (history, measure, region, &s) && !isnan (s.baseline) &&
      date >= s.baseline_date)
    {
      double absolute, relative;
      gboolean has_relative = fol_stats_change (value, s.baseline, &absolute, &relative);

      *out_change = fol_format_change (absolute, relative, has_relative && !isnan (relative), decimals);
    }

  return fol_format_number (value, decimals);
}

/* One column per measurement, each cell the value over its change from
 * baseline: with the date and the region, five columns that fit the
 * printable width of A4 and Letter in any language, where a value and a
 * change column per measurement did not.
 */
static void
section_values (Ctx *ctx)
{
  FolHistory *history = ctx->data->history;
  TableColumn columns[2 + G_N_ELEMENTS (table_measures)];
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  const double measure_share = 0.22;
  guint n = 0;
  gboolean any = FALSE;

  G_STATIC_ASSERT (0.16 + 0.18 + G_N_ELEMENTS (table_measures) * 0.22 <= 1.0 + 1e-9);

  columns[n++] = (TableColumn) { _("Date"), 0.16 };
  columns[n++] = (TableColumn) { _("Region"), 0.18 };
  for (guint m = 0; m < G_N_ELEMENTS (table_measures); m++)
    {
      char *title = g_strdup_printf ("%s (%s)", fol_measure_name (table_measures[m]),
                                     fol_measure_unit (table_measures[m]));
      g_ptr_array_add (titles, title);
      columns[n++] = (TableColumn) { title, measure_share };
    }

  for (guint v = 0; v < fol_history_get_n_visits (history) && !any; v++)
    for (guint r = 0; r < FOL_N_REGIONS && !any; r++)
      any = fol_history_get_measurement (history, v, r) != NULL;
  if (!any)
    return;

  _fol_report_heading (ctx, _("Values per visit and region"), 60);
  _fol_report_paragraph (ctx, SMALL_FONT,
                         _("Each cell: the value, and below it the change from baseline (in the "
                           "unit, and in %). “—”: no value, or no baseline to compare with (a "
                           "region first measured after treatment began)."));
  _fol_report_table_header (ctx, columns, n);

  for (guint v = 0; v < fol_history_get_n_visits (history); v++)
    for (guint r = 0; r < FOL_N_REGIONS; r++)
      {
        char *cells[G_N_ELEMENTS (columns)] = { NULL };
        guint c = 0;

        if (fol_history_get_measurement (history, v, r) == NULL)
          continue;

        cells[c++] = g_strstrip (fol_date_format (fol_visit_get_date (fol_history_get_visit (history, v))));
        cells[c++] = g_strdup (fol_region_short_name (r));
        for (guint m = 0; m < G_N_ELEMENTS (table_measures); m++)
          {
            g_autofree char *change = NULL;
            g_autofree char *value = format_value_change (history, v, table_measures[m], r,
                                                          &change);

            cells[c++] = change != NULL ? g_strdup_printf ("%s\n%s", value, change)
                         : isnan (fol_history_get_value (history, v, table_measures[m], r))
                         ? g_strdup ("—") : g_strdup_printf ("%s\n—", value);
          }
        _fol_report_table_add (ctx, columns, n, cells);
        for (guint i = 0; i < n; i++)
          g_free (cells[i]);
      }
}

/* Alopecia areata: the SALT score of each visit, its band and the change
 * from baseline (a decrease is the improvement).
 */
static void
section_salt (Ctx *ctx)
{
  FolHistory *history = ctx->data->history;
  FolRegionSummary s;
  const TableColumn columns[] = {
    { _("Date"), 0.25 },
    /* xgettext:no-c-format */
    { _("SALT score (% of scalp without hair)"), 0.3 },
    { _("Band"), 0.15 },
    { _("Change from baseline"), 0.3 },
  };

  if (!fol_history_summarize (history, FOL_MEASURE_SALT, FOL_REGION_FRONTAL, &s) || s.n_values == 0)
    return;

  _fol_report_heading (ctx, fol_measure_name (FOL_MEASURE_SALT), 60);
  _fol_report_table_header (ctx, columns, G_N_ELEMENTS (columns));
  for (guint v = 0; v < fol_history_get_n_visits (history); v++)
    {
      FolVisit *visit = fol_history_get_visit (history, v);
      g_autofree char *date = fol_date_format (fol_visit_get_date (visit));
      g_autofree char *score = NULL;
      g_autofree char *change = NULL;
      g_autofree char *band = NULL;
      char *cells[4];
      int hundredths;

      if (!fol_salt_score (fol_visit_get_salt_top (visit), fol_visit_get_salt_back (visit),
                           fol_visit_get_salt_right (visit), fol_visit_get_salt_left (visit),
                           &hundredths))
        continue;

      score = fol_format_salt (hundredths);
      if (!isnan (s.baseline) && fol_visit_get_date (visit) >= s.baseline_date)
        {
          double absolute, relative;
          gboolean has_relative = fol_stats_change (hundredths / 100.0, s.baseline, &absolute, &relative);

          change = fol_format_change (absolute, relative, has_relative && !isnan (relative), 1);
        }

      cells[0] = g_strstrip (date);
      cells[1] = score;
      cells[2] = (char *) fol_salt_band_name (fol_salt_band (hundredths));
      if (fol_visit_get_aa_iga (visit) != FOL_NO_SCORE)
        cells[2] = band = g_strdup_printf (_("%s · AA-IGA %d"), cells[2],
                                           fol_visit_get_aa_iga (visit));
      cells[3] = change ? change : (char *) "—";
      _fol_report_table_add (ctx, columns, G_N_ELEMENTS (columns), cells);
    }
}

static void
section_sessions (Ctx *ctx)
{
  FolHistory *history = ctx->data->history;
  const TableColumn columns[] = {
    { _("Date"), 0.13 },
    { _("Treatment"), 0.22 },
    { _("Product, lot, volume"), 0.2 },
    { _("Regions"), 0.17 },
    { _("Adverse events (severity)"), 0.28 },
  };

  if (fol_history_get_n_sessions (history) == 0)
    return;

  _fol_report_heading (ctx, _("Treatment sessions"), 60);
  _fol_report_table_header (ctx, columns, G_N_ELEMENTS (columns));

  for (guint i = 0; i < fol_history_get_n_sessions (history); i++)
    {
      FolTreatmentSession *s = fol_history_get_session (history, i);
      g_autoptr(GString) product = g_string_new (NULL);
      g_autoptr(GString) regions = g_string_new (NULL);
      g_autoptr(GString) events = g_string_new (NULL);
      g_autofree char *date = fol_date_format (fol_treatment_session_get_date (s));
      char *cells[G_N_ELEMENTS (columns)];
      guint mask = fol_treatment_session_get_regions (s);

      if (fol_treatment_session_get_product (s))
        g_string_append (product, fol_treatment_session_get_product (s));
      if (fol_treatment_session_get_lot_number (s))
        g_string_append_printf (product, "%s%s %s", product->len ? ", " : "", _("lot"),
                                fol_treatment_session_get_lot_number (s));
      if (!isnan (fol_treatment_session_get_volume_ml (s)))
        {
          g_autofree char *ml = fol_format_number (fol_treatment_session_get_volume_ml (s), 1);

          g_string_append_printf (product, "%s%s mL", product->len ? ", " : "", ml);
        }
      if (fol_treatment_session_get_dose (s))
        g_string_append_printf (product, "%s%s", product->len ? ", " : "", fol_treatment_session_get_dose (s));

      for (guint r = 0; r < FOL_N_REGIONS; r++)
        if (mask & FOL_REGION_BIT (r))
          g_string_append_printf (regions, "%s%s", regions->len ? ", " : "", fol_region_short_name (r));

      for (guint e = 0; e < fol_treatment_session_get_n_adverse_events (s); e++)
        {
          FolSeverity severity = FOL_SEVERITY_MILD;
          const char *what = fol_treatment_session_get_adverse_event (s, e, &severity);
          const char *codes[] = { "mild", "moderate", "severe" };

          g_string_append_printf (events, "%s%s (%s)", events->len ? "\n" : "", what,
                                  fol_catalog_label (FOL_CATALOG_SEVERITY, codes[MIN (severity, 2)]));
        }
      if (events->len == 0)
        g_string_append (events, _("None"));

      cells[0] = g_strstrip (date);
      cells[1] = (char *) fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE, fol_treatment_session_get_treatment_type (s));
      cells[2] = product->str;
      cells[3] = regions->str;
      cells[4] = events->str;
      _fol_report_table_add (ctx, columns, G_N_ELEMENTS (columns), cells);
    }
}

static void
draw_photo (Ctx        *ctx,
            GBytes     *bytes,
            FolDate     date,
            const char *label,
            double      x,
            double      width)
{
  g_autofree char *when = fol_date_format (date);
  g_autofree char *caption = g_strdup_printf ("%s — %s", label, g_strstrip (when));
  double w_pt = 0, h_pt = 0;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = _fol_report_photo_surface (bytes, caption, width, PHOTO_HEIGHT,
                                                        &w_pt, &h_pt, &error);
  double caption_h;

  caption_h = _fol_report_text_block (ctx, BODY_FONT, caption, x, width, ctx->y, TRUE);
  if (surface == NULL)
    {
      /* Left out with a note saying why (damaged, too large…), not failing
       * the whole report.
       */
      _fol_report_text_block (ctx, SMALL_FONT, error->message, x, width, ctx->y + caption_h, TRUE);
      return;
    }

  cairo_save (ctx->cr);
  cairo_translate (ctx->cr, x, ctx->y + caption_h + 2);
  cairo_scale (ctx->cr, w_pt / cairo_image_surface_get_width (surface),
               h_pt / cairo_image_surface_get_height (surface));
  cairo_set_source_surface (ctx->cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (ctx->cr), CAIRO_FILTER_GOOD);
  cairo_paint (ctx->cr);
  cairo_restore (ctx->cr);
  cairo_surface_destroy (surface);
}

static void
section_photos (Ctx      *ctx,
                GError  **error)
{
  GArray *pairs = ctx->data->photos;
  double half = (_fol_report_content_width (ctx) - 2 * GAP_PT) / 2;

  if (pairs == NULL || pairs->len == 0)
    return;

  _fol_report_heading (ctx, _("Photos: before and after"), PHOTO_HEIGHT + 60);
  for (guint i = 0; i < pairs->len; i++)
    {
      PhotoPair *pair = &g_array_index (pairs, PhotoPair, i);

      if (!_fol_report_step (ctx, 0.8 + 0.2 * i / pairs->len, error))
        return;

      _fol_report_ensure_space (ctx, PHOTO_HEIGHT + 50);
      ctx->y += _fol_report_text_block (ctx, "Sans Bold 10", fol_region_name (pair->region), MARGIN_PT,
                                        _fol_report_content_width (ctx), ctx->y, TRUE) + 4;
      draw_photo (ctx, pair->before, pair->before_date, pair->after ? _("Before") : _("Photo"),
                  MARGIN_PT, half);
      if (pair->after != NULL)
        draw_photo (ctx, pair->after, pair->after_date, _("After"), MARGIN_PT + half + 2 * GAP_PT, half);
      ctx->y += PHOTO_HEIGHT + 30;
    }
}

/* One pass over the whole report. */
static gboolean
render (Ctx      *ctx,
        GError  **error)
{
  ctx->page = 1;
  ctx->y = MARGIN_PT;
  cairo_set_source_rgb (ctx->cr, 1, 1, 1);

  if (!_fol_report_step (ctx, 0.0, error))
    return FALSE;
  section_summary (ctx);
  if (!_fol_report_step (ctx, 0.2, error))
    return FALSE;

  /* The charts and tables begin on a page of their own, when there are
   * any: a new patient's report is one page.
   */
  if (has_values (ctx->data->history) ||
      fol_history_get_n_sessions (ctx->data->history) > 0 ||
      (ctx->data->photos != NULL && ctx->data->photos->len > 0))
    _fol_report_new_page (ctx);
  section_charts (ctx);
  _fol_report_section_scale_charts (ctx);
  if (!_fol_report_step (ctx, 0.5, error))
    return FALSE;
  section_values (ctx);
  section_salt (ctx);
  if (!_fol_report_step (ctx, 0.7, error))
    return FALSE;
  section_sessions (ctx);
  _fol_report_section_notes (ctx);
  if (!_fol_report_step (ctx, 0.8, error))
    return FALSE;

  {
    GError *local = NULL;

    section_photos (ctx, &local);
    if (local != NULL)
      {
        g_propagate_error (error, local);
        return FALSE;
      }
  }

  _fol_report_draw_footer (ctx);
  cairo_show_page (ctx->cr);
  return _fol_report_step (ctx, 1.0, error);
}

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
render_to (ReportData         *data,
           cairo_write_func_t  write,
           gpointer            closure,
           guint               n_pages,
           guint              *out_pages,
           GCancellable       *cancellable,
           FolReportProgress   progress,
           gpointer            progress_data,
           double              from,
           double              to,
           GError            **error)
{
  Ctx ctx = { 0 };
  cairo_surface_t *surface;
  gboolean ok;
  double w, h;

  /* Portrait: the landscape size turned. */
  fol_paper_size_get_landscape (data->paper, &h, &w);

  surface = cairo_pdf_surface_create_for_stream (write, closure, w, h);
  if (n_pages > 0)
    {
      FolPatient *patient = fol_history_get_patient (data->history);
      g_autofree char *title = g_strdup_printf (_("Consultation report: %s"), fol_patient_get_name (patient));

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Follicle " PACKAGE_VERSION);
    }

  ctx.data = data;
  ctx.cr = cairo_create (surface);
  ctx.pango = pango_cairo_create_context (ctx.cr);
  /* One point of text is one point on paper. */
  pango_cairo_context_set_resolution (ctx.pango, 72.0);
  fol_chart_style_init_light (&ctx.style);
  ctx.page_w = w;
  ctx.page_h = h;
  ctx.n_pages = n_pages;
  ctx.cancellable = cancellable;
  ctx.progress = progress;
  ctx.progress_data = progress_data;
  ctx.progress_from = from;
  ctx.progress_to = to;

  ok = render (&ctx, error);
  if (out_pages)
    *out_pages = ctx.page;

  g_object_unref (ctx.pango);
  cairo_destroy (ctx.cr);
  cairo_surface_finish (surface);
  if (ok && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                   cairo_status_to_string (cairo_surface_status (surface)));
      ok = FALSE;
    }
  cairo_surface_destroy (surface);
  return ok;
}

static gboolean
write_report (ReportData         *data,
              GCancellable       *cancellable,
              FolReportProgress   progress,
              gpointer            progress_data,
              GError            **error)
{
  g_autofree char *name = g_filename_display_name (data->path);
  g_autoptr(FolFileWriter) writer = NULL;
  guint n_pages = 0;

  if (g_file_test (data->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder: give the report’s file name, e.g. report.pdf"), name);
      return FALSE;
    }

  if (!fol_file_check_output_path (data->path, error) ||
      !render_to (data, discard_cb, NULL, 0, &n_pages, cancellable, progress, progress_data,
                  0.0, 0.3, error))
    return FALSE;

  writer = fol_file_writer_new (data->path, error);
  if (writer == NULL)
    return FALSE;

  /* A write error is reported by the commit, in the writer's words. */
  if (!render_to (data, fol_file_writer_cairo_write, writer, n_pages, NULL, cancellable, progress,
                  progress_data, 0.3, 1.0, error))
    {
      if (!fol_file_writer_get_failed (writer))
        return FALSE;
      g_clear_error (error);
    }

  return fol_file_writer_commit (writer, error);
}

/**
 * fol_report_write:
 * @store: the clinic
 * @paper: A4 or Letter, e.g. fol_paper_size_for_locale()
 * @flags: %FOL_REPORT_INCLUDE_NOTES to print the clinician's notes, which
 *   are left out otherwise
 * @progress: (nullable) (scope call): called as the pages are drawn
 *
 * Writes the patient's consultation report as a PDF. The file appears
 * complete or not at all (see #FolFileWriter), readable by the owner only.
 */
gboolean
fol_report_write (FolStore           *store,
                  const char         *patient_id,
                  const char         *path,
                  FolPaperSize        paper,
                  FolReportFlags      flags,
                  GCancellable       *cancellable,
                  FolReportProgress   progress,
                  gpointer            progress_data,
                  GError            **error)
{
  g_autoptr(ReportData) data = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = report_data_load (store, patient_id, path, paper, flags, error);
  if (data == NULL)
    return FALSE;

  return write_report (data, cancellable, progress, progress_data, error);
}

/* Async: the store is read on the caller's thread, the pages are drawn in
 * a worker thread, and progress is reported on the caller's main context.
 */

typedef struct
{
  ReportData        *data;
  FolReportProgress  progress;
  gpointer           progress_data;
  GMainContext      *context;
} AsyncJob;

typedef struct
{
  FolReportProgress progress;
  gpointer          progress_data;
  double            fraction;
} ProgressCall;

static void
async_job_free (AsyncJob *job)
{
  report_data_free (job->data);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
progress_idle_cb (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->progress (call->fraction, call->progress_data);
  return G_SOURCE_REMOVE;
}

static void
relay_progress_cb (double   fraction,
                   gpointer user_data)
{
  AsyncJob *job = user_data;
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->progress = job->progress;
  call->progress_data = job->progress_data;
  call->fraction = fraction;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_idle_cb, call, g_free);
}

static void
write_thread_cb (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AsyncJob *job = task_data;
  GError *error = NULL;

  if (write_report (job->data, cancellable, job->progress ? relay_progress_cb : NULL, job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * fol_report_write_async:
 * @progress: (nullable): called on the thread-default main context of the
 *   caller; @progress_data must stay valid until @callback runs
 *
 * Like fol_report_write(), without blocking: the patient's records are
 * read now, the PDF is drawn in a worker thread.
 */
void
fol_report_write_async (FolStore            *store,
                        const char          *patient_id,
                        const char          *path,
                        FolPaperSize         paper,
                        FolReportFlags       flags,
                        GCancellable        *cancellable,
                        FolReportProgress    progress,
                        gpointer             progress_data,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  AsyncJob *job;
  ReportData *data;

  g_return_if_fail (FOL_IS_STORE (store));
  g_return_if_fail (patient_id != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, fol_report_write_async);

  data = report_data_load (store, patient_id, path, paper, flags, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (AsyncJob, 1);
  job->data = data;
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, job, (GDestroyNotify) async_job_free);
  g_task_run_in_thread (task, write_thread_cb);
}

gboolean
fol_report_write_finish (FolStore      *store,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* test-validate.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-error.h"
#include "fol-validate.h"

#define NS_ FOL_NO_SCORE

/* One rule of CLINICAL.md each: a measurement built from property=value
 * pairs, whether it passes, and the field blamed when it does not.
 */
typedef struct
{
  const char *what;
  const char *values;   /* "property=value;…" */
  gboolean    valid;
  const char *field;
} MeasurementCase;

static const MeasurementCase measurement_cases[] = {
  { "nothing measured", "", TRUE, NULL },
  { "typical", "total-density=150;terminal-density=100;vellus-density=50", TRUE, NULL },
  { "terminal+vellus within rounding", "total-density=150;terminal-density=100.3;vellus-density=50.1", TRUE, NULL },
  { "terminal+vellus off", "total-density=150;terminal-density=100;vellus-density=40", FALSE, "vellus-density" },
  { "vellus > total", "total-density=50;vellus-density=60", FALSE, "vellus-density" },
  { "terminal > total", "total-density=50;terminal-density=60", FALSE, "terminal-density" },
  { "true zero density", "total-density=0", TRUE, NULL },
  { "density over 600", "total-density=600.5", FALSE, "total-density" },
  { "negative density", "total-density=-1", FALSE, "total-density" },
  { "anagen 100", "anagen=100", TRUE, NULL },
  { "anagen over 100", "anagen=100.1", FALSE, "anagen" },
  { "area zero", "hair-count=10;field-area=0", FALSE, "field-area" },
  { "area negative", "hair-count=10;field-area=-1", FALSE, "field-area" },
  { "area too big", "field-area=10.5", FALSE, "field-area" },
  { "count without area", "hair-count=90", FALSE, "field-area" },
  { "count fractional", "hair-count=90.5;field-area=1", FALSE, "hair-count" },
  { "count over 2000", "hair-count=2001;field-area=10", FALSE, "hair-count" },
  { "count and matching density", "hair-count=91;field-area=0.65;total-density=140", TRUE, NULL },
  { "count and other density", "hair-count=91;field-area=0.65;total-density=150", FALSE, "total-density" },
  { "diameter too thin", "mean-diameter=9", FALSE, "mean-diameter" },
  { "diameter too thick", "mean-diameter=201", FALSE, "mean-diameter" },
  { "diameter typical", "mean-diameter=75", TRUE, NULL },
  { "follicular units", "total-density=150;fu-density=70", TRUE, NULL },
  { "FU over density", "total-density=50;fu-density=70", FALSE, "fu-density" },
  { "FU over 300", "fu-density=301", FALSE, "fu-density" },
  { "threshold", "terminal-threshold=40", TRUE, NULL },
  /* A follicular unit holds at least one hair: none with hairs present is impossible. */
  { "FU zero with density", "total-density=150;fu-density=0", FALSE, "fu-density" },
  { "FU zero with a count", "hair-count=12;field-area=1;fu-density=0", FALSE, "fu-density" },
  { "FU zero with terminal hairs", "terminal-density=20;fu-density=0", FALSE, "fu-density" },
  { "FU zero on a bald patch", "total-density=0;fu-density=0", TRUE, NULL },
  { "FU zero, nothing counted", "fu-density=0", TRUE, NULL },
  /* Anagen + telogen = 100, within 0.5 for rounding. */
  { "telogen alone", "telogen=18", TRUE, NULL },
  { "telogen over 100", "telogen=100.5", FALSE, "telogen" },
  { "anagen and telogen", "anagen=82;telogen=18", TRUE, NULL },
  { "anagen and telogen rounded", "anagen=82.3;telogen=18.2", TRUE, NULL },
  { "anagen and telogen at the tolerance", "anagen=82;telogen=18.5", TRUE, NULL },
  { "anagen and telogen past it", "anagen=82;telogen=18.6", FALSE, "telogen" },
  { "anagen and telogen short", "anagen=70;telogen=20", FALSE, "telogen" },
  { "infinite", "total-density=inf", FALSE, "total-density" },
};

static FolMeasurement *
build_measurement (const char *values)
{
  FolMeasurement *m = fol_measurement_new ();
  g_auto(GStrv) pairs = g_strsplit (values, ";", -1);

  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  for (guint i = 0; pairs[i] && pairs[i][0]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);

      g_object_set (m, kv[0], g_ascii_strtod (kv[1], NULL), NULL);
    }
  return m;
}

static void
test_measurements (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (measurement_cases); i++)
    {
      const MeasurementCase *c = &measurement_cases[i];
      g_autoptr(FolMeasurement) m = build_measurement (c->values);
      g_autoptr(GError) error = NULL;
      const char *field = NULL;
      gboolean ok;

      g_test_message ("%s: %s", c->what, c->values);
      ok = fol_measurement_validate (m, &field, &error);
      g_assert_cmpint (ok, ==, c->valid);
      if (ok)
        {
          g_assert_no_error (error);
        }
      else
        {
          const FolMeasurementField *info = fol_measurement_field_lookup (c->field);

          g_assert_nonnull (error);
          g_assert_true (error->domain == FOL_VALIDATION_ERROR);
          g_assert_cmpstr (field, ==, c->field);
          /* The message names the field. */
          g_assert_nonnull (info);
          {
            g_autofree char *message = g_utf8_casefold (error->message, -1);
            g_autofree char *label = g_utf8_casefold (info->label, -1);

            g_assert_nonnull (strstr (message, label));
          }
        }
    }
}

static void
test_measurement_missing_region (void)
{
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  fol_measurement_set_region (m, FOL_N_REGIONS);
  g_assert_false (fol_measurement_validate (m, &field, &error));
  g_assert_cmpstr (field, ==, "region");
}

static void
test_derive (void)
{
  g_autoptr(FolMeasurement) a = build_measurement ("hair-count=91;field-area=0.65");
  g_autoptr(FolMeasurement) b = build_measurement ("terminal-density=80;vellus-density=30");
  g_autoptr(FolMeasurement) c = build_measurement ("total-density=150;hair-count=91;field-area=0.65");

  fol_measurement_derive (a);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (a), 140.0, 1e-9);
  fol_measurement_derive (b);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (b), 110.0, 1e-9);
  /* A value the clinician wrote is never overwritten. */
  fol_measurement_derive (c);
  g_assert_cmpfloat (fol_measurement_get_total_density (c), ==, 150.0);

  {
    g_autoptr(FolMeasurement) threshold_only = build_measurement ("terminal-threshold=40");

    g_assert_true (fol_measurement_is_empty (threshold_only));
  }
  g_assert_false (fol_measurement_is_empty (b));
}

/* The AA-IGA grade: 0–4, and the grade SALT gives when both are there
 * (0 = 0; 1 = (0, 20]; 2 = (20, 50); 3 = [50, 95); 4 = [95, 100]).
 */
static void
test_aa_iga (void)
{
  static const struct {
    int         salt[4];
    int         grade;
    const char *field;
  } cases[] = {
    { { NS_, NS_, NS_, NS_ }, NS_, NULL },
    { { NS_, NS_, NS_, NS_ }, 0, NULL },
    { { NS_, NS_, NS_, NS_ }, 4, NULL },
    { { NS_, NS_, NS_, NS_ }, 5, "aa-iga" },
    { { NS_, NS_, NS_, NS_ }, -1, "aa-iga" },
    { { 0, 0, 0, 0 }, 0, NULL },
    { { 0, 0, 0, 0 }, 1, "aa-iga" },
    { { 50, 0, 0, 0 }, 1, NULL },             /* SALT 20.0: grade 1 */
    { { 50, 0, 0, 0 }, 2, "aa-iga" },
    { { 51, 0, 0, 0 }, 2, NULL },             /* 20.4: grade 2 */
    { { 100, 100, 100, 0 }, 3, NULL },        /* 82.0 */
    { { 100, 100, 100, 72 }, 4, "aa-iga" },   /* 94.96, shown 95.0, is below 95: grade 3 */
    { { 100, 100, 100, 72 }, 3, NULL },
    { { 100, 100, 100, 73 }, 4, NULL },       /* 95.14 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FolVisit) v = fol_visit_new ();
      g_autoptr(GError) error = NULL;
      const char *field = NULL;
      gboolean ok;

      g_test_message ("case %u", i);
      fol_visit_set_date (v, fol_date_new (2024, 3, 1));
      fol_visit_set_kind (v, "follow_up");
      fol_visit_set_salt_top (v, cases[i].salt[0]);
      fol_visit_set_salt_back (v, cases[i].salt[1]);
      fol_visit_set_salt_right (v, cases[i].salt[2]);
      fol_visit_set_salt_left (v, cases[i].salt[3]);
      fol_visit_set_aa_iga (v, cases[i].grade);
      ok = fol_visit_validate (v, FOL_DATE_NONE, &field, &error);
      g_assert_cmpstr (field, ==, cases[i].field);
      g_assert_cmpint (ok, ==, cases[i].field == NULL);
      if (!ok)
        g_assert_nonnull (strstr (error->message, "AA-IGA"));
    }
}

typedef struct
{
  const char *what;
  const char *date;
  const char *kind;
  int         salt[4];
  int         ga;
  int         sinclair;
  const char *norwood;
  gboolean    valid;
  const char *field;
} VisitCase;

#define NS FOL_NO_SCORE

static const VisitCase visit_cases[] = {
  { "typical", "2024-03-01", "baseline", { NS, NS, NS, NS }, NS, NS, "IV", TRUE, NULL },
  { "today", "2026-11-25", "follow_up", { NS, NS, NS, NS }, 3, 5, NULL, TRUE, NULL },
  { "tomorrow", "2026-11-26", "follow_up", { NS, NS, NS, NS }, NS, NS, NULL, FALSE, "date" },
  { "before birth", "1979-12-31", "baseline", { NS, NS, NS, NS }, NS, NS, NULL, FALSE, "date" },
  { "on birth day", "1980-01-01", "baseline", { NS, NS, NS, NS }, NS, NS, NULL, TRUE, NULL },
  { "no date", NULL, "baseline", { NS, NS, NS, NS }, NS, NS, NULL, FALSE, "date" },
  { "no kind", "2024-03-01", NULL, { NS, NS, NS, NS }, NS, NS, NULL, FALSE, "kind" },
  { "unknown kind", "2024-03-01", "weekly", { NS, NS, NS, NS }, NS, NS, NULL, FALSE, "kind" },
  { "SALT complete", "2024-03-01", "baseline", { 25, 25, 25, 25 }, NS, NS, NULL, TRUE, NULL },
  { "SALT zeros", "2024-03-01", "baseline", { 0, 0, 0, 0 }, NS, NS, NULL, TRUE, NULL },
  { "SALT area missing", "2024-03-01", "baseline", { 25, NS, 25, 25 }, NS, NS, NULL, FALSE, "salt-back" },
  { "SALT over 100", "2024-03-01", "baseline", { 101, 0, 0, 0 }, NS, NS, NULL, FALSE, "salt-top" },
  { "SALT negative", "2024-03-01", "baseline", { 0, 0, -1, 0 }, NS, NS, NULL, FALSE, "salt-right" },
  { "GA +4", "2024-03-01", "follow_up", { NS, NS, NS, NS }, 4, NS, NULL, FALSE, "investigator-assessment" },
  { "GA -3", "2024-03-01", "follow_up", { NS, NS, NS, NS }, -3, NS, NULL, TRUE, NULL },
  { "Sinclair 6", "2024-03-01", "follow_up", { NS, NS, NS, NS }, NS, 6, NULL, FALSE, "sinclair" },
  { "Sinclair 0", "2024-03-01", "follow_up", { NS, NS, NS, NS }, NS, 0, NULL, FALSE, "sinclair" },
  { "Norwood unknown", "2024-03-01", "follow_up", { NS, NS, NS, NS }, NS, NS, "VIII", FALSE, "norwood" },
};

static void
test_visits (void)
{
  FolDate birth = fol_date_new (1980, 1, 1);

  for (guint i = 0; i < G_N_ELEMENTS (visit_cases); i++)
    {
      const VisitCase *c = &visit_cases[i];
      g_autoptr(FolVisit) v = fol_visit_new ();
      g_autoptr(GError) error = NULL;
      const char *field = NULL;
      FolDate date = FOL_DATE_NONE;

      g_test_message ("%s", c->what);
      if (c->date)
        g_assert_true (fol_date_parse (c->date, &date, NULL));
      fol_visit_set_date (v, date);
      fol_visit_set_kind (v, c->kind);
      fol_visit_set_salt_top (v, c->salt[0]);
      fol_visit_set_salt_back (v, c->salt[1]);
      fol_visit_set_salt_right (v, c->salt[2]);
      fol_visit_set_salt_left (v, c->salt[3]);
      fol_visit_set_investigator_assessment (v, c->ga);
      fol_visit_set_sinclair (v, c->sinclair);
      fol_visit_set_norwood (v, c->norwood);

      g_assert_cmpint (fol_visit_validate (v, birth, &field, &error), ==, c->valid);
      g_assert_cmpstr (field, ==, c->field);
      g_assert_true ((error != NULL) == !c->valid);
    }
}

static void
test_patients (void)
{
  static const struct {
    const char *name;
    const char *birth;
    const char *sex;
    const char *diagnosis;
    const char *field;
  } cases[] = {
    { "Anna", "1980-01-01", "female", "alopecia_areata", NULL },
    { "", NULL, NULL, NULL, "name" },
    { " \t", NULL, NULL, NULL, "name" },
    { "Anna", "2027-01-01", NULL, NULL, "birth-date" },
    { "Anna", "1850-01-01", NULL, NULL, "birth-date" },
    { "Anna", NULL, "robot", NULL, "sex" },
    { "Anna", NULL, NULL, "baldness", "diagnosis" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FolPatient) p = fol_patient_new ();
      g_autoptr(GError) error = NULL;
      const char *field = NULL;
      FolDate birth = FOL_DATE_NONE;

      if (cases[i].birth)
        g_assert_true (fol_date_parse (cases[i].birth, &birth, NULL));
      fol_patient_set_name (p, cases[i].name);
      fol_patient_set_birth_date (p, birth);
      fol_patient_set_sex (p, cases[i].sex);
      fol_patient_set_diagnosis (p, cases[i].diagnosis);

      g_assert_cmpint (fol_patient_validate (p, &field, &error), ==, cases[i].field == NULL);
      g_assert_cmpstr (field, ==, cases[i].field);
    }
}

static void
test_sessions (void)
{
  static const struct {
    const char *what;
    const char *type;
    double      volume;
    double      depth;
    guint       regions;
    const char *event;
    const char *field;
  } cases[] = {
    { "typical", "prp", 4, 2.5, 0x5, "Erythema", NULL },
    { "no type", NULL, NAN, NAN, 0, NULL, "treatment-type" },
    { "unknown type", "magic", NAN, NAN, 0, NULL, "treatment-type" },
    { "zero volume", "prp", 0, NAN, 0, NULL, "volume-ml" },
    { "deep", "prp", NAN, 11, 0, NULL, "depth-mm" },
    { "bad region bit", "prp", NAN, NAN, 1u << 12, NULL, "regions" },
    { "blank event", "prp", NAN, NAN, 0, "  ", "adverse-events" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
      const char *field = NULL;

      g_test_message ("%s", cases[i].what);
      fol_treatment_session_set_date (s, fol_date_new (2024, 1, 1));
      fol_treatment_session_set_treatment_type (s, cases[i].type);
      fol_treatment_session_set_volume_ml (s, cases[i].volume);
      fol_treatment_session_set_depth_mm (s, cases[i].depth);
      fol_treatment_session_set_regions (s, cases[i].regions);
      if (cases[i].event)
        fol_treatment_session_add_adverse_event (s, cases[i].event, FOL_SEVERITY_MILD);

      g_assert_cmpint (fol_treatment_session_validate (s, FOL_DATE_NONE, &field, NULL), ==,
                       cases[i].field == NULL);
      g_assert_cmpstr (field, ==, cases[i].field);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

  g_test_add_func ("/validate/measurements", test_measurements);
  g_test_add_func ("/validate/measurement-region", test_measurement_missing_region);
  g_test_add_func ("/validate/derive", test_derive);
  g_test_add_func ("/validate/visits", test_visits);
  g_test_add_func ("/validate/aa-iga", test_aa_iga);
  g_test_add_func ("/validate/patients", test_patients);
  g_test_add_func ("/validate/sessions", test_sessions);

  return g_test_run ();
}

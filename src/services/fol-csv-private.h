/* fol-csv-private.h
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

#include "fol-catalog.h"
#include "fol-csv.h"
#include "fol-measure-field.h"
#include "fol-store-batch.h"

G_BEGIN_DECLS

/* The columns of Follicle's layout, in the order an export writes them. */
typedef enum
{
  FOL_CSV_COL_RECORD,
  FOL_CSV_COL_PATIENT_ID,
  FOL_CSV_COL_PATIENT_NAME,
  FOL_CSV_COL_BIRTH_DATE,
  FOL_CSV_COL_SEX,
  FOL_CSV_COL_DIAGNOSIS,
  FOL_CSV_COL_PATIENT_NOTES,
  FOL_CSV_COL_VISIT_ID,
  FOL_CSV_COL_VISIT_DATE,
  FOL_CSV_COL_VISIT_KIND,
  FOL_CSV_COL_VISIT_CLINICIAN,
  FOL_CSV_COL_NORWOOD,
  FOL_CSV_COL_LUDWIG,
  FOL_CSV_COL_SINCLAIR,
  FOL_CSV_COL_SALT_TOP,
  FOL_CSV_COL_SALT_BACK,
  FOL_CSV_COL_SALT_RIGHT,
  FOL_CSV_COL_SALT_LEFT,
  FOL_CSV_COL_AA_IGA,
  FOL_CSV_COL_INVESTIGATOR_ASSESSMENT,
  FOL_CSV_COL_PATIENT_ASSESSMENT,
  FOL_CSV_COL_VISIT_NOTES,
  FOL_CSV_COL_REGION,
  FOL_CSV_COL_SITE,
  /* One column per measurement field, in the order of fol-measure-field.h. */
  FOL_CSV_COL_MEASURE_FIRST,
  FOL_CSV_COL_METHOD = FOL_CSV_COL_MEASURE_FIRST + FOL_N_MEASURE_FIELDS,
  FOL_CSV_COL_MEASUREMENT_NOTES,
  FOL_CSV_COL_SESSION_ID,
  FOL_CSV_COL_SESSION_DATE,
  FOL_CSV_COL_TREATMENT_TYPE,
  FOL_CSV_COL_PRODUCT,
  FOL_CSV_COL_LOT_NUMBER,
  FOL_CSV_COL_VOLUME,
  FOL_CSV_COL_DOSE,
  FOL_CSV_COL_DEPTH,
  FOL_CSV_COL_ANAESTHESIA,
  FOL_CSV_COL_SESSION_CLINICIAN,
  FOL_CSV_COL_REGIONS_TREATED,
  FOL_CSV_COL_ADVERSE_EVENTS,
  FOL_CSV_COL_SESSION_NOTES,
  FOL_CSV_COL_PROTOCOL_ID,
  FOL_CSV_COL_PROTOCOL_NAME,
  FOL_CSV_COL_PROTOCOL_DESCRIPTION,
  FOL_CSV_COL_PROTOCOL_EXAMPLE,
  FOL_CSV_COL_PROTOCOL_STEPS,
  FOL_CSV_COL_ASSIGNMENT_ID,
  FOL_CSV_COL_PROTOCOL_START_DATE,
  /* Computed on export (total density / FU density), checked on import. */
  FOL_CSV_COL_HAIRS_PER_FU,
  FOL_CSV_N_COLUMNS
} FolCsvColumn;

/* The first characters of text that a spreadsheet runs as a formula. */
#define FOL_CSV_FORMULA_START "=+-@\t\r"

/* One row of an import, as the cell readers see it. */
typedef struct
{
  FolCsvPreview *self;
  const int     *map;     /* column → field index, or -1 */
  GPtrArray     *fields;
  guint          line;
  gpointer       staged;  /* the row's patient, kept only when the row is accepted */
  gboolean       conflict;  /* refused: its ID names another stored person */
} RowCtx;

const char *_fol_csv_column_name  (FolCsvColumn  column);
gboolean    _fol_csv_column_match (const char   *header,
                                   FolCsvColumn *out_column);

gboolean    _fol_csv_has_column   (RowCtx        *row,
                                   FolCsvColumn   column);
const char *_fol_csv_cell         (RowCtx        *row,
                                   FolCsvColumn   column);
char       *_fol_csv_cell_text    (RowCtx        *row,
                                   FolCsvColumn   column);
gboolean    _fol_csv_cell_date    (RowCtx        *row,
                                   FolCsvColumn   column,
                                   FolDate       *out,
                                   GError       **error);
gboolean    _fol_csv_cell_number  (RowCtx        *row,
                                   FolCsvColumn   column,
                                   double        *out,
                                   GError       **error);
gboolean    _fol_csv_cell_score   (RowCtx        *row,
                                   FolCsvColumn   column,
                                   int           *out,
                                   GError       **error);
gboolean    _fol_csv_cell_choice  (RowCtx        *row,
                                   FolCsvColumn   column,
                                   FolCatalog     catalog,
                                   char         **out_code,
                                   GError       **error);
gboolean    _fol_csv_cell_region  (RowCtx        *row,
                                   FolRegion     *out,
                                   GError       **error);
gboolean    _fol_csv_parse_regions_list   (const char           *text,
                                           guint                *out,
                                           GError              **error);
gboolean    _fol_csv_parse_adverse_events (FolTreatmentSession  *session,
                                           const char           *text,
                                           GError              **error);

/* The import's preview, shared by fol-csv-import.c and fol-csv-records.c. */

typedef struct
{
  FolPatient *patient;
  gboolean    is_new;
  gboolean    changed;
} PendingPatient;

typedef struct
{
  FolVisit  *visit;
  GPtrArray *measurements;  /* FolMeasurement */
  GPtrArray *changed;       /* the measurements to write: new or different */
  guint      regions;       /* regions in the file */
  gboolean   is_new;
  gboolean   row_changed;   /* the visit's own values */
} PendingVisit;

typedef struct
{
  FolTreatmentSession *session;
  gboolean             is_new;
  gboolean             changed;
} PendingSession;

typedef struct
{
  FolProtocol *protocol;
  gboolean     is_new;
  gboolean     changed;
} PendingProtocol;

typedef struct
{
  FolProtocolAssignment *assignment;
  gboolean               is_new;
  gboolean               changed;
} PendingAssignment;

typedef struct
{
  guint  line;
  char  *reason;
} Rejected;

struct _FolCsvPreview
{
  GObject parent_instance;

  FolStore   *store;
  GHashTable *patients;         /* id → PendingPatient */
  GPtrArray  *patient_order;    /* ids */
  GHashTable *patient_keys;     /* casefolded name + birth → id */
  GHashTable *histories;        /* id → FolHistory, of stored patients */
  GHashTable *visits;           /* id → PendingVisit */
  GPtrArray  *visit_order;
  GHashTable *visit_keys;       /* patient id + date → visit id */
  GPtrArray  *sessions;         /* PendingSession */
  GHashTable *session_ids;
  GPtrArray  *protocols;        /* PendingProtocol */
  GHashTable *protocol_refs;    /* an ID in the file, or given → FolProtocol of protocols */
  GHashTable *protocol_names;   /* name → FolProtocol of protocols */
  GPtrArray  *stored_protocols; /* FolProtocol, read once */
  GPtrArray  *assignments;      /* PendingAssignment */
  GPtrArray  *stored_assignments; /* FolProtocolAssignment, read once */
  GArray     *rejected;
  GPtrArray  *ignored;          /* header names, NULL-terminated */
  int         map[FOL_CSV_N_COLUMNS];  /* column → field index, or -1 */
  FolCsvCounts counts;
  GBytes     *data;             /* the file, planned again when written */
  GPtrArray  *new_ids;          /* IDs given to new records, in order */
  guint       next_new_id;      /* the next of new_ids to give again */
  guint       n_writes;         /* records to write */
  gboolean    committed;
};

PendingPatient *_fol_csv_resolve_patient      (RowCtx               *row,
                                               GError              **error);
char           *_fol_csv_new_id               (FolCsvPreview        *self);
FolHistory     *_fol_csv_stored_history       (FolCsvPreview        *self,
                                               const char           *patient_id);
gboolean        _fol_csv_import_measurement   (RowCtx               *row,
                                               GError              **error);
gboolean        _fol_csv_import_site          (RowCtx               *row,
                                               GError              **error);
gboolean        _fol_csv_import_session       (RowCtx               *row,
                                               GError              **error);
gboolean        _fol_csv_import_protocol      (RowCtx               *row,
                                               GError              **error);
gboolean        _fol_csv_import_assignment    (RowCtx               *row,
                                               GError              **error);
void            _fol_csv_protocols_init       (FolCsvPreview        *self);
void            _fol_csv_protocols_clear      (FolCsvPreview        *self);
void            _fol_csv_protocols_tally      (FolCsvPreview        *self);
void            _fol_csv_protocols_plan_text  (FolCsvPreview        *self,
                                               GString              *out);
void            _fol_csv_protocols_batch      (FolCsvPreview        *self,
                                               FolStoreBatch        *batch);

gboolean    _fol_csv_same_record          (gpointer              a,
                                           gpointer              b,
                                           const char           *skip);
void        _fol_csv_append_record        (GString              *out,
                                           gpointer              record);

G_END_DECLS

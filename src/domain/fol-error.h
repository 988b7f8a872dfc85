/* fol-error.h
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

#include <glib.h>

G_BEGIN_DECLS

#define FOL_STORE_ERROR (fol_store_error_quark ())
#define FOL_VALIDATION_ERROR (fol_validation_error_quark ())

typedef enum
{
  FOL_STORE_ERROR_FAILED,
  FOL_STORE_ERROR_NOT_A_DATABASE,
  FOL_STORE_ERROR_TOO_NEW,
  FOL_STORE_ERROR_NOT_FOUND,
  FOL_STORE_ERROR_BUSY,
  FOL_STORE_ERROR_READ_ONLY,
  FOL_STORE_ERROR_NO_SPACE,
  FOL_STORE_ERROR_IO,
  FOL_STORE_ERROR_NEEDS_UPGRADE,
  FOL_STORE_ERROR_REPLACED,
  FOL_STORE_ERROR_CHANGED,
} FolStoreError;

typedef enum
{
  FOL_VALIDATION_ERROR_REQUIRED,
  FOL_VALIDATION_ERROR_RANGE,
  FOL_VALIDATION_ERROR_INCONSISTENT,
  FOL_VALIDATION_ERROR_DATE,
  FOL_VALIDATION_ERROR_FORMAT,
} FolValidationError;

GQuark fol_store_error_quark      (void);
GQuark fol_validation_error_quark (void);

G_END_DECLS

/* fol-store-private.h
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

/* The check of a visit's region values that fol_store_save_visit() makes,
 * for a backend's own bulk path that writes without the interface.
 */
gboolean _fol_store_check_measurements (GPtrArray  *measurements,
                                        GPtrArray **out_kept,
                                        GError    **error);

/* After a backend has stored @protocol or @assignment at @now: the object
 * takes its new ID (@new_id, when it had none) and its times, and the
 * store says it changed.
 */
void     _fol_store_protocol_saved     (FolStore              *store,
                                        FolProtocol           *protocol,
                                        const char            *new_id,
                                        const char            *now);
void     _fol_store_assignment_saved   (FolStore              *store,
                                        FolProtocolAssignment *assignment,
                                        const char            *new_id,
                                        const char            *now);

G_END_DECLS

/* fuzz_util.h — set-ups several harnesses share (fuzz_util.c), beside the
 * harness contract and the file helpers of fuzz.h.  Each runs one input to
 * the end and leaves nothing behind (temporary files removed, error slot
 * cleared, GDAL's error handler as it was).  Threads: one input at a time. */
#ifndef SP_FUZZ_UTIL_H
#define SP_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "results_read.h"
#include "roads.h"
#include "scenario.h"

/* The topology and cost layer of ROADS for MODE (maxspeed used when
 * USE_MAXSPEED), then the invariant check of their graph view: a graph
 * that builds must be consistent, else abort() (a finding).  A build the
 * input makes fail is fine. */
void sp_fuzz_graph_check(const sp_roads *roads, sp_mode mode, int use_maxspeed);

/* A road network file: DATA written to a temporary file ending in SUFFIX
 * (".osm", ".geojson"), read through OGR as the network of the default
 * scenario (mode chosen by SIZE; class field NETWORK_CLASS, NULL for the
 * default) into roads in EPSG:32650, then sp_fuzz_graph_check. */
void sp_fuzz_network_file(const uint8_t *data, size_t size, const char *suffix,
                          const char *network_class);

/* A point layer: DATA written to a temporary file ending in SUFFIX, read
 * with LO (its path set here) as ROLE with the worker field WEIGHT (NULL:
 * none); when it reads, its centre (when CENTER) and its reprojection into
 * EPSG:32722. */
void sp_fuzz_point_layer(const uint8_t *data, size_t size, const char *suffix, sp_layer_opts lo,
                         const char *role, const char *weight, int center);

/* sp_fuzz_results (fuzz.h) with an oracle: when the folder reads,
 * ACCEPTED(r) (NULL: none) checks what the reader promises of it and
 * abort()s on a wrong acceptance (a finding); a refusal must be one
 * non-empty error line (sp_error_message()) that names FILE, else abort(). */
int sp_fuzz_results_oracle(const uint8_t *data, size_t size, const char *file,
                           void (*accepted)(const sp_results *r));

#endif

/* fileset.h — the file list of a result folder, so a reader can check that
 * the set is whole (README.md, "Outputs"; the "files" key of schema.c).
 *
 * sp_fileset_record() adds to the JSON object in DIR/JSON_NAME (summary.json
 * of a run folder, sweep.json of a sweep folder, compare.json of a compare
 * folder: there the scenario folders' files too) the key SP_FILESET_KEY: an
 * array, sorted by name, of {"name", "bytes", "sha256"} for every regular
 * file under DIR except JSON_NAME itself (names relative to DIR, '/' between
 * folders; hidden names skipped), replacing a list already there.  It is the
 * last write of a result set; the file is rewritten atomically.
 *
 * sp_fileset_check() checks a folder against such a list: every file listed
 * present with its size and SHA-256 (SP_E_INPUT naming the file when not).
 * A JSON object without the key passes (the set is being built).
 *
 * sp_fileset_replaceable() is the check before a folder is replaced as a
 * whole (resultdir.h): SP_E_INPUT naming the first entry siteplan would not
 * have written (not in the folder's file list, not a result file name of
 * run, compare or sweep, not a numbered scenario folder of compare).
 *
 * Errors through sp_error(), one line naming the file.  Threads: any.
 */
#ifndef SP_FILESET_H
#define SP_FILESET_H

#include <json.h>

#include "status.h"

#define SP_FILESET_KEY "files"

sp_status sp_fileset_record(const char *dir, const char *json_name);
sp_status sp_fileset_check(const char *dir, json_object *j, const char *json_path);
sp_status sp_fileset_replaceable(const char *dir);

#endif

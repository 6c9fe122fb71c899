/* gpkgout.c — writing results.gpkg through GDAL's GeoPackage driver; see
 * gpkgout.h. */
#include "gpkgout.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <stdio.h>
#include <unistd.h>

#include "output.h"

sp_status sp_gpkg_create(const char *dir, char *tmp, size_t tmp_len, GDALDatasetH *ds)
{
    *ds = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/" SP_FILE_GPKG, dir);
    sp_atomic_begin(path, tmp, tmp_len);
    unlink(tmp);
    CPLSetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv)
        return sp_error(SP_E_INTERNAL, "GDAL has no GPKG driver");
    *ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL);
    if (!*ds)
        return sp_error(SP_E_IO, "%s: cannot create: %s", tmp, CPLGetLastErrorMsg());
    GDALDatasetStartTransaction(*ds, TRUE);
    return SP_OK;
}

OGRSpatialReferenceH sp_gpkg_srs(const char *def)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRSetFromUserInput(srs, def);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

OGRLayerH sp_gpkg_layer(GDALDatasetH ds, sp_schema_layer_id id, OGRSpatialReferenceH srs,
                        OGRwkbGeometryType t)
{
    const sp_schema_table *s = sp_schema_layer(id);
    const char *lco[] = {"SPATIAL_INDEX=NO", NULL};
    OGRLayerH l = GDALDatasetCreateLayer(ds, s->name, srs, t != wkbNone ? t : s->geom, (char **)lco);
    for (int i = 0; l && i < s->n_fields; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(s->fields[i].name, s->fields[i].type);
        if (OGR_L_CreateField(l, fd, TRUE) != OGRERR_NONE)
            l = NULL;
        OGR_Fld_Destroy(fd);
    }
    return l;
}

int sp_gpkg_put(OGRLayerH l, OGRFeatureH f, OGRGeometryH g)
{
    if (g)
        OGR_F_SetGeometryDirectly(f, g);
    int ok = OGR_L_CreateFeature(l, f) == OGRERR_NONE;
    OGR_F_Destroy(f);
    return ok;
}

void sp_gpkg_remove(const char *tmp)
{
    char journal[4300];
    snprintf(journal, sizeof journal, "%s-journal", tmp);
    unlink(tmp);
    unlink(journal);
}

/* test_crs.c — UTM zone choice, the working CRS checks, and reprojection
 * (analysis/crs.c).  Reference coordinates were computed once with PROJ's
 * command-line tools (proj 9.1.1):
 *   echo "-30.05 -51.2" | cs2cs -f %.6f EPSG:4326 EPSG:32722
 *     480720.120361  6675657.370941
 *   echo "22.7 114.2" | cs2cs -f %.6f EPSG:4326 EPSG:32650
 *     212340.566416  2513024.429036
 * (cs2cs takes EPSG:4326 in its authority order, latitude first; siteplan
 * always takes longitude first.) */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "crs.h"
#include "test.h"

TEST(utm_zones)
{
    ASSERT_EQ_INT(sp_crs_utm_epsg(-51.2, -30.05), 32722); /* Porto Alegre */
    ASSERT_EQ_INT(sp_crs_utm_epsg(114.2, 22.7), 32650);   /* Shenzhen */
    ASSERT_EQ_INT(sp_crs_utm_epsg(-76.6, 39.3), 32618);   /* Baltimore */
    /* Greenwich and the equator: zone 31 starts at 0 E; the equator is
     * north. */
    ASSERT_EQ_INT(sp_crs_utm_epsg(0.0, 0.0), 32631);
    ASSERT_EQ_INT(sp_crs_utm_epsg(-0.0, 0.0), 32631);
    ASSERT_EQ_INT(sp_crs_utm_epsg(-0.0001, 0), 32630);
    ASSERT_EQ_INT(sp_crs_utm_epsg(0.0, -0.0001), 32731);
    ASSERT_EQ_INT(sp_crs_utm_epsg(6.0, 10), 32632); /* zone 32 starts at 6 E */
    ASSERT_EQ_INT(sp_crs_utm_epsg(5.9999, 10), 32631);
    /* The edges of the world: -180 is zone 1, +180 is zone 60. */
    ASSERT_EQ_INT(sp_crs_utm_epsg(-180, 10), 32601);
    ASSERT_EQ_INT(sp_crs_utm_epsg(180, 10), 32660);
    ASSERT_EQ_INT(sp_crs_utm_epsg(179.9, -10), 32760);
    /* Norway: 56-64 N, 3-12 E is zone 32 (it would be 31 by longitude). */
    ASSERT_EQ_INT(sp_crs_utm_epsg(5, 60), 32632);
    ASSERT_EQ_INT(sp_crs_utm_epsg(3, 56), 32632);
    ASSERT_EQ_INT(sp_crs_utm_epsg(2.9, 60), 32631);
    ASSERT_EQ_INT(sp_crs_utm_epsg(5, 55.9), 32631);
    ASSERT_EQ_INT(sp_crs_utm_epsg(5, 64), 32631);
    ASSERT_EQ_INT(sp_crs_utm_epsg(11, 60), 32632);
    /* Svalbard: 72-84 N, zones 31, 33, 35, 37 only. */
    ASSERT_EQ_INT(sp_crs_utm_epsg(10, 78), 32633);
    ASSERT_EQ_INT(sp_crs_utm_epsg(8, 78), 32631);
    ASSERT_EQ_INT(sp_crs_utm_epsg(20, 78), 32633);
    ASSERT_EQ_INT(sp_crs_utm_epsg(21, 78), 32635);
    ASSERT_EQ_INT(sp_crs_utm_epsg(40, 78), 32637);
    ASSERT_EQ_INT(sp_crs_utm_epsg(10, 71.9), 32632);
    /* Out of range (UTM covers 80 S to 84 N), or not a number: 0. */
    ASSERT_EQ_INT(sp_crs_utm_epsg(0, 85), 0);
    ASSERT_EQ_INT(sp_crs_utm_epsg(0, -81), 0);
    ASSERT_EQ_INT(sp_crs_utm_epsg(181, 0), 0);
    ASSERT_EQ_INT(sp_crs_utm_epsg(-180.5, 0), 0);
    ASSERT_EQ_INT(sp_crs_utm_epsg(0, 91), 0);
    ASSERT_EQ_INT(sp_crs_utm_epsg(NAN, 0), 0);
    ASSERT_EQ_INT(sp_crs_utm_epsg(0, NAN), 0);
    ASSERT_EQ_INT(sp_crs_utm_epsg(INFINITY, 0), 0);
}

TEST(working_crs_must_be_projected_metric)
{
    sp_crs *c = (sp_crs *)1;
    sp_error_clear();
    ASSERT(sp_crs_new("EPSG:4326", &c) == SP_E_CRS);
    ASSERT(c == NULL);
    ASSERT_CONTAINS(sp_error_message(), "EPSG:4326");
    ASSERT_CONTAINS(sp_error_message(), "not a projected CRS");

    c = (sp_crs *)1;
    sp_error_clear();
    ASSERT(sp_crs_new("no such crs", &c) == SP_E_CRS);
    ASSERT(c == NULL);
    ASSERT_CONTAINS(sp_error_message(), "no such crs");

    c = (sp_crs *)1;
    sp_error_clear();
    ASSERT(sp_crs_new("EPSG:999999", &c) == SP_E_CRS);
    ASSERT(c == NULL);

    /* Projected in US survey feet: not metres. */
    c = (sp_crs *)1;
    sp_error_clear();
    ASSERT(sp_crs_new("EPSG:2248", &c) == SP_E_CRS);
    ASSERT(c == NULL);
    ASSERT_CONTAINS(sp_error_message(), "metre");
    sp_error_clear();

    ASSERT(sp_crs_new("EPSG:32722", &c) == SP_OK);
    ASSERT(c != NULL);
    ASSERT_STR_EQ(sp_crs_name(c), "EPSG:32722");
    ASSERT_CONTAINS(sp_crs_wkt(c), "UTM zone 22S");
    sp_crs_free(c);
    ASSERT_STR_EQ(sp_error_message(), "");
}

TEST(lonlat_into_utm)
{
    sp_crs *c = NULL;
    ASSERT(sp_crs_new("EPSG:32722", &c) == SP_OK);
    sp_xform *x = NULL;
    ASSERT(sp_xform_new(c, "EPSG:4326", 1, "test", &x) == SP_OK);
    /* Longitude first, though EPSG:4326 is latitude first by the book. */
    double xy[4] = {-51.2, -30.05, -51.2, -30.05};
    ASSERT(sp_xform_apply(x, xy, 2) == SP_OK);
    ASSERT_NEAR(xy[0], 480720.120361, 0.01);
    ASSERT_NEAR(xy[1], 6675657.370941, 0.01);
    ASSERT_NEAR(xy[2], 480720.120361, 0.01);
    ASSERT_NEAR(xy[3], 6675657.370941, 0.01);
    /* Latitude-first input is NOT what it takes: (-30.05, -51.2) read as
     * lon -30.05, lat -51.2 lands far away. */
    double swapped[2] = {-30.05, -51.2};
    sp_xform_apply(x, swapped, 1);
    ASSERT(!(fabs(swapped[0] - 480720.12) < 1000 && fabs(swapped[1] - 6675657.37) < 1000));
    sp_xform_free(x);
    sp_error_clear();

    /* Back from the working CRS to lon/lat (to_working = 0). */
    ASSERT(sp_xform_new(c, "EPSG:4326", 0, "test", &x) == SP_OK);
    double back[2] = {480720.120361, 6675657.370941};
    ASSERT(sp_xform_apply(x, back, 1) == SP_OK);
    ASSERT_NEAR(back[0], -51.2, 1e-8);
    ASSERT_NEAR(back[1], -30.05, 1e-8);
    sp_xform_free(x);

    /* Shenzhen into UTM 50N. */
    sp_crs *utm50 = NULL;
    ASSERT(sp_crs_new("EPSG:32650", &utm50) == SP_OK);
    ASSERT(sp_xform_new(utm50, "EPSG:4326", 1, "test", &x) == SP_OK);
    double sz[2] = {114.2, 22.7};
    ASSERT(sp_xform_apply(x, sz, 1) == SP_OK);
    ASSERT_NEAR(sz[0], 212340.566416, 0.01);
    ASSERT_NEAR(sz[1], 2513024.429036, 0.01);
    sp_xform_free(x);
    sp_crs_free(utm50);

    /* A WKT source definition works like an EPSG code: the working CRS's
     * own WKT is the identity. */
    ASSERT(sp_xform_new(c, sp_crs_wkt(c), 1, "test", &x) == SP_OK);
    double same[2] = {480720.120361, 6675657.370941};
    ASSERT(sp_xform_apply(x, same, 1) == SP_OK);
    ASSERT_NEAR(same[0], 480720.120361, 1e-6);
    ASSERT_NEAR(same[1], 6675657.370941, 1e-6);
    sp_xform_free(x);

    /* Lon/lat of a UTM point. */
    double lon = 0, lat = 0;
    ASSERT(sp_crs_to_lonlat("EPSG:32722", 480720.120361, 6675657.370941, &lon, &lat) == SP_OK);
    ASSERT_NEAR(lon, -51.2, 1e-8);
    ASSERT_NEAR(lat, -30.05, 1e-8);
    sp_crs_free(c);
}

TEST(bad_source_crs)
{
    sp_crs *c = NULL;
    ASSERT(sp_crs_new("EPSG:32722", &c) == SP_OK);
    sp_xform *x = (sp_xform *)1;
    sp_error_clear();
    ASSERT(sp_xform_new(c, "not a crs", 1, "sites.csv, layer sites", &x) == SP_E_CRS);
    ASSERT(x == NULL);
    ASSERT_CONTAINS(sp_error_message(), "sites.csv, layer sites");
    sp_error_clear();
    /* Points that cannot be transformed: SP_E_CRS. */
    ASSERT(sp_xform_new(c, "EPSG:4326", 1, "test", &x) == SP_OK);
    double bad[2] = {0, 200}; /* latitude 200 */
    ASSERT(sp_xform_apply(x, bad, 1) == SP_E_CRS);
    ASSERT_CONTAINS(sp_error_message(), "EPSG:32722");
    sp_error_clear();
    sp_xform_free(x);
    sp_crs_free(c);
}

int main(void)
{
    RUN(utm_zones);
    RUN(working_crs_must_be_projected_metric);
    RUN(lonlat_into_utm);
    RUN(bad_source_crs);
    return test_summary("crs");
}

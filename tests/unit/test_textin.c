/* test_textin.c — the pieces that read data files exactly (issue 10):
 * physical CSV lines (io/csvlines.h), text into UTF-8 (io/textin.h) and the
 * OSM XML node check (io/osmnodes.h).  Files are written to a temporary
 * folder; expected lines are counted by hand from the literals. */
#include <gdal.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvlines.h"
#include "osmnodes.h"
#include "status.h"
#include "textin.h"
#include "test.h"

static char *tmpdir;

static char *write_file(const char *name, const char *text, size_t len)
{
    char *p = g_build_filename(tmpdir, name, NULL);
    g_file_set_contents(p, text, (gssize)len, NULL);
    return p;
}
#define WRITE(name, lit) write_file(name, lit, sizeof lit - 1)

TEST(csv_lines_plain)
{
    char *p = WRITE("plain.csv", "id,w\na,1\nb,2\n");
    sp_csv_lines *l = NULL;
    ASSERT_EQ_INT(sp_csv_lines_scan(p, &l), SP_OK);
    ASSERT_EQ_INT(sp_csv_lines_line(l, 1), 2);
    ASSERT_EQ_INT(sp_csv_lines_line(l, 2), 3);
    sp_csv_lines_free(l);
    g_free(p);
}

TEST(csv_lines_quoted_newlines)
{
    /* line 1 header; record 1 on lines 2-4 (two breaks in quotes, one
     * doubled quote); record 2 on line 5; a blank line 6 (no record);
     * record 3 on line 7; CRLF ends throughout */
    char *p = WRITE("q.csv", "id,note,w\r\na,\"x\r\ny \"\"q\"\"\r\nz\",1\r\nb,y,2\r\n\r\nc,z,3\r\n");
    sp_csv_lines *l = NULL;
    ASSERT_EQ_INT(sp_csv_lines_scan(p, &l), SP_OK);
    ASSERT_EQ_INT(sp_csv_lines_line(l, 1), 2);
    ASSERT_EQ_INT(sp_csv_lines_line(l, 2), 5);
    ASSERT_EQ_INT(sp_csv_lines_line(l, 3), 7);
    /* past the end: fid + 1 */
    ASSERT_EQ_INT(sp_csv_lines_line(l, 9), 10);
    sp_csv_lines_free(l);
    g_free(p);
}

TEST(csv_lines_header_spans_lines)
{
    char *p = WRITE("h.csv", "\"i\nd\";w\nb;2\n");
    sp_csv_lines *l = NULL;
    ASSERT_EQ_INT(sp_csv_lines_scan(p, &l), SP_OK);
    ASSERT_EQ_INT(sp_csv_lines_line(l, 1), 3);
    sp_csv_lines_free(l);
    g_free(p);
}

/* The scan numbers records as GDAL's CSV driver does (its FIDs). */
TEST(csv_lines_agree_with_gdal)
{
    char *p = WRITE("g.csv", "id,note\na,\"1\n2\"\n\nb,3\nc,\"4\n\n5\"\n");
    sp_csv_lines *l = NULL;
    ASSERT_EQ_INT(sp_csv_lines_scan(p, &l), SP_OK);
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR, NULL, NULL, NULL);
    ASSERT(ds);
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    const char *ids[] = {"a", "b", "c"};
    long want[] = {2, 5, 6};
    int k = 0;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (k < 3) {
            ASSERT_STR_EQ(OGR_F_GetFieldAsString(f, 0), ids[k]);
            ASSERT_EQ_INT(sp_csv_lines_line(l, OGR_F_GetFID(f)), want[k]);
        }
        k++;
        OGR_F_Destroy(f);
    }
    ASSERT_EQ_INT(k, 3);
    GDALClose(ds);
    sp_csv_lines_free(l);
    g_free(p);
}

TEST(text_utf8)
{
    char *out = NULL;
    ASSERT_EQ_INT(sp_text_utf8("S\xc3\xa3o", NULL, "f.csv", "line 2", "name", "k", &out), SP_OK);
    ASSERT_STR_EQ(out, "S\xc3\xa3o");
    free(out);
    sp_error_clear();
    ASSERT_EQ_INT(sp_text_utf8("S\xe3o", NULL, "f.csv, layer f", "line 2", "name",
                               "clusters.encoding", &out), SP_E_INPUT);
    ASSERT(out == NULL);
    const char *m = sp_error_message();
    ASSERT_CONTAINS(m, "f.csv, layer f, field name, line 2");
    ASSERT_CONTAINS(m, "0xE3 at offset 1");
    ASSERT_CONTAINS(m, "clusters.encoding = latin1");
    sp_error_clear();
    ASSERT_EQ_INT(sp_text_utf8("S\xe3o", "latin1", "f", NULL, NULL, NULL, &out), SP_OK);
    ASSERT_STR_EQ(out, "S\xc3\xa3o");
    free(out);
    /* GBK: 中 is D6 D0 */
    ASSERT_EQ_INT(sp_text_utf8("\xd6\xd0", "gbk", "f", NULL, NULL, NULL, &out), SP_OK);
    ASSERT_STR_EQ(out, "\xe4\xb8\xad");
    free(out);
    /* a lone lead byte is not GBK */
    ASSERT_EQ_INT(sp_text_utf8("a\xd6", "gbk", "f", NULL, NULL, NULL, &out), SP_E_INPUT);
    sp_error_clear();
    ASSERT_EQ_INT(sp_text_encoding_check("latin1", "k"), SP_OK);
    ASSERT_EQ_INT(sp_text_encoding_check("klingon", "clusters.encoding"), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "clusters.encoding = klingon");
    sp_error_clear();
}

TEST(osm_nodes)
{
    char *ok = WRITE("ok.osm", "<?xml version='1.0'?>\n<osm>\n<!-- <node id=\"9\" lon=\"x\"> -->\n"
                               "<node id='1' lat='-30.0' lon='-51.2'>\n<tag k='a' v='b'/></node>\n"
                               "<nodes/>\n</osm>\n");
    ASSERT_EQ_INT(sp_osm_nodes_check(ok), SP_OK);
    char *bad = WRITE("bad.osm", "<?xml version='1.0'?>\n<osm>\n<node id=\"1\" lat=\"1\" lon=\"2\"/>\n"
                                 "<node\n id=\"77\" lat=\"-30\"\n lon=\"nan\"/>\n</osm>\n");
    ASSERT_EQ_INT(sp_osm_nodes_check(bad), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "bad.osm, line 4: node 77: lon=\"nan\"");
    sp_error_clear();
    char *lat = WRITE("lat.osm", "<osm><node id=\"5\" lat=\"91\" lon=\"2\"/></osm>");
    ASSERT_EQ_INT(sp_osm_nodes_check(lat), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "node 5: lat=\"91\"");
    sp_error_clear();
    /* not well formed: GDAL's to report (a read error), not this check's */
    char *mal = WRITE("mal.osm", "<osm><node id=\"3\" lat=\"22.7\" <<< not xml\n");
    ASSERT_EQ_INT(sp_osm_nodes_check(mal), SP_OK);
    g_free(mal);
    char *pbf = WRITE("x.osm.pbf", "\x00\x00\x00\x0d\x0a\x09OSMHeader");
    ASSERT_EQ_INT(sp_osm_nodes_check(pbf), SP_OK);
    g_free(ok); g_free(bad); g_free(lat); g_free(pbf);
}

int main(void)
{
    GDALAllRegister();
    tmpdir = g_dir_make_tmp("test_textin_XXXXXX", NULL);
    RUN(csv_lines_plain);
    RUN(csv_lines_quoted_newlines);
    RUN(csv_lines_header_spans_lines);
    RUN(csv_lines_agree_with_gdal);
    RUN(text_utf8);
    RUN(osm_nodes);
    GDir *d = g_dir_open(tmpdir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        char *p = g_build_filename(tmpdir, n, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return test_summary("textin");
}

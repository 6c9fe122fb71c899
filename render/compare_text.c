/* compare_text.c — the strings of siteplan compare's drawings (see
 * compare_text.h). */
#include "compare_text.h"

#include <glib.h>
#include <stdarg.h>

static const char *const TABLE[MC_COUNT][SP_LANG_COUNT] = {
    [MC_TITLE] = {"%1$s: compared with the baseline", "%1$s：与基准方案对比"},
    [MC_SUBTITLE] = {"Scenario %1$s against the baseline \u201c%2$s\u201d: %3$s workers gained, "
                     "%4$s lost; covered %5$s \u2192 %6$s",
                     "方案 %1$s 与基准方案\u201c%2$s\u201d对比：新增覆盖 %3$s 名职工，失去覆盖 %4$s "
                     "名；覆盖率 %5$s \u2192 %6$s"},
    [MC_CHANGES] = {"Changes: %1$s", "变更：%1$s"},
    [MC_NO_CHANGES] = {"No [changes]; travel: %1$s minutes %2$s (baseline: %3$s minutes %4$s)",
                       "无 [changes]；出行：%2$s %1$s 分钟（基准方案：%4$s %3$s 分钟）"},
    [MC_ROADS_NOT_DRAWN] = {" (closed roads not drawn: the results hold no road ids)",
                            "（封闭道路未绘出：结果中没有道路编号）"},
    [MC_SITES_ADDED_N] = {"add_site \u00d7 %1$s", "add_site \u00d7 %1$s"},
    [MC_LEG_GAINED] = {"Gained: covered only here (%1$s clusters, %2$s workers)",
                       "新增覆盖：仅本方案覆盖（%1$s 个聚集点，%2$s 名职工）"},
    [MC_LEG_LOST] = {"Lost: covered only in the baseline (%1$s clusters, %2$s workers)",
                     "失去覆盖：仅基准方案覆盖（%1$s 个聚集点，%2$s 名职工）"},
    [MC_LEG_BOTH] = {"Covered in both (%1$s clusters)", "两方案均覆盖（%1$s 个聚集点）"},
    [MC_LEG_NEITHER] = {"Covered in neither (%1$s clusters)", "两方案均未覆盖（%1$s 个聚集点）"},
    [MC_LEG_SIZE] = {"Circle area: workers per cluster", "圆面积：每个聚集点的职工人数"},
    [MC_LEG_STATION] = {"Site in both", "两方案共有的站点"},
    [MC_LEG_ADDED] = {"Site added (%1$s)", "新增站点（%1$s）"},
    [MC_LEG_CLOSED] = {"Site closed (%1$s)", "关闭的站点（%1$s）"},
    [MC_LEG_MOVED] = {"Site moved (%1$s), from \u2192 to", "迁移的站点（%1$s），原址 \u2192 新址"},
    [MC_LEG_BASELINE] = {"Baseline: %1$s", "基准方案：%1$s"},
    [MC_R_TITLE] = {"Scenario comparison", "方案对比"},
    [MC_R_TABLE] = {"Scenarios side by side", "各方案对比"},
    [MC_R_EXPLAIN] = {"The first scenario is the baseline. Gained: workers of the clusters covered "
                      "in a scenario and not in the baseline; lost: covered in the baseline and not "
                      "in the scenario (clusters matched by id; covered = within the threshold of "
                      "a site over the road network). A difference map of each scenario against "
                      "the baseline follows, then its largest changes.",
                      "第一个方案为基准方案。新增覆盖：在该方案中被覆盖而在基准方案中未被覆盖的聚集点"
                      "的职工；失去覆盖：在基准方案中被覆盖而在该方案中未被覆盖的（按编号匹配聚集点；"
                      "覆盖指经路网在阈值时间内可达站点）。其后为每个方案与基准方案的差异图及其最大变化。"},
    [MC_R_COL_SCENARIO] = {"Scenario", "方案"},
    [MC_R_COL_MODE] = {"Travel", "出行方式"},
    [MC_R_COL_MINUTES] = {"Minutes", "分钟"},
    [MC_R_COL_SITES] = {"Sites", "站点"},
    [MC_R_COL_COVERED] = {"Workers covered", "覆盖职工"},
    [MC_R_COL_PERCENT] = {"Covered", "覆盖率"},
    [MC_R_COL_GAINED] = {"Gained", "新增覆盖"},
    [MC_R_COL_LOST] = {"Lost", "失去覆盖"},
    [MC_R_BASELINE] = {" (baseline)", "（基准）"},
    [MC_R_MAP] = {"Difference map: scenario %1$s", "差异图：方案 %1$s"},
    [MC_R_LARGEST] = {"Largest changes: scenario %1$s, %2$s", "最大变化：方案 %1$s，%2$s"},
    [MC_R_TOP_GAINED] = {"Clusters gained, most workers first", "新增覆盖的聚集点（职工人数从多到少）"},
    [MC_R_TOP_LOST] = {"Clusters lost, most workers first", "失去覆盖的聚集点（职工人数从多到少）"},
    [MC_R_COL_CLUSTER] = {"Cluster", "聚集点"},
    [MC_R_COL_WORKERS] = {"Workers", "职工人数"},
    [MC_R_COL_SITE_HERE] = {"Nearest site here", "本方案最近站点"},
    [MC_R_COL_SITE_BASE] = {"Nearest site in the baseline", "基准方案最近站点"},
    [MC_R_COL_MIN] = {"Minutes", "分钟"},
    [MC_R_NONE_GAINED] = {"No cluster gained.", "没有新增覆盖的聚集点。"},
    [MC_R_NONE_LOST] = {"No cluster lost.", "没有失去覆盖的聚集点。"},
    [MC_R_MORE] = {"\u2026 and %1$s more (see changes.csv)", "……另有 %1$s 个（见 changes.csv）"},
    [MC_R_SITES] = {"Sites added, closed and moved", "新增、关闭和迁移的站点"},
    [MC_R_COL_CHANGE] = {"Change", "变化"},
    [MC_R_COL_SITE] = {"Site", "站点"},
    [MC_R_COL_SITE_WORKERS] = {"Workers within reach", "可达职工"},
    [MC_R_ADDED] = {"added", "新增"},
    [MC_R_CLOSED] = {"closed", "关闭"},
    [MC_R_MOVED] = {"moved %1$s", "迁移 %1$s"},
    [MC_R_NO_SITE_CHANGES] = {"No site added, closed or moved.", "没有新增、关闭或迁移的站点。"},
    [MC_R_FOOTER] = {"siteplan compare — %1$s", "siteplan 方案对比 — %1$s"},
};

const char *sp_ctr(sp_lang lang, sp_cmsg m)
{
    if ((int)m < 0 || m >= MC_COUNT || (int)lang < 0 || lang >= SP_LANG_COUNT)
        return "";
    const char *s = TABLE[m][lang];
    if (!s)
        s = TABLE[m][SP_LANG_EN];
    return s ? s : "";
}

char *sp_ctrf(sp_lang lang, sp_cmsg m, ...)
{
    va_list ap;
    va_start(ap, m);
    char *s = g_strdup_vprintf(sp_ctr(lang, m), ap);
    va_end(ap);
    return s;
}

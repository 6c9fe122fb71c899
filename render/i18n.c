/* i18n.c — the strings of the maps and the report (see i18n.h). */
#include "i18n.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "number.h"

/* One row per message: English, Chinese.  Arguments are always strings,
 * numbered (%1$s) so that a translation may reorder them. */
static const char *const TABLE[M_COUNT][SP_LANG_COUNT] = {
    [M_TITLE_DEFAULT] = {"Worker health stations: coverage", "职工健康服务站覆盖分析"},
    [M_TITLE_RUN] = {"Worker health stations: %2$s minutes %1$s", "职工健康服务站：%1$s %2$s 分钟"},
    [M_MODE_WALK] = {"on foot", "步行"},
    [M_MODE_BIKE] = {"by bicycle", "骑自行车"},
    [M_MODE_EBIKE] = {"by e-bike", "骑电动自行车"},
    [M_MODE_CAR] = {"by car", "驾车"},
    [M_SUBTITLE] = {"%2$s minutes %1$s: %3$s of %4$s workers covered (%5$s)",
                    "%1$s %2$s 分钟：%4$s 名职工中 %3$s 名可达（%5$s）"},
    [M_SUBTITLE_NEW] = {"; with %1$s recommended new sites: %2$s",
                        "；新增 %1$s 个推荐站点后：%2$s"},
    [M_SUBTITLE_NEW_SERVED] = {"; with %1$s recommended new sites: %2$s served (capacities)",
                               "；新增 %1$s 个推荐站点后：按容量服务 %2$s"},
    [M_SUBTITLE_CHANGES] = {"; changes: %1$s", "；改动：%1$s"},
    [M_R_VARIANT] = {"A variant of \u201c%1$s\u201d, which was written for %3$s minutes %2$s",
                     "基于\u201c%1$s\u201d修改（原为%2$s %3$s 分钟）"},
    [M_LEGEND] = {"Legend", "图例"},
    [M_LEG_WITHIN] = {"Within %1$s min of a site", "距站点 %1$s 分钟以内"},
    [M_LEG_WITHIN_EXISTING] = {"Within %1$s min of an existing site", "距现有站点 %1$s 分钟以内"},
    [M_LEG_CATCHMENT] = {"Catchment of one site", "单个站点服务范围"},
    [M_LEG_RESP] = {"Edge of a site's area (nearest site)", "站点责任区边界（最近站点）"},
    [M_LEG_COVERED] = {"Workers covered", "已覆盖的职工"},
    [M_LEG_COVERED_NEW] = {"Covered by recommended sites", "由推荐站点覆盖"},
    [M_LEG_UNCOVERED] = {"Workers not covered", "未覆盖的职工"},
    [M_LEG_AREA_COVERED] = {"Area, all its workers covered", "区域：职工全部覆盖"},
    [M_LEG_AREA_PARTLY] = {"Area, partly covered (label: % of its workers)", "区域：职工部分覆盖（标注为覆盖比例）"},
    [M_LEG_AREA_NOT] = {"Area, not covered", "区域：职工未覆盖"},
    [M_LEG_AREA_NEW] = {"Area, all covered with the new sites", "区域：新站点建成后全部覆盖"},
    [M_LEG_AREA_PARTLY_AFTER] = {"Area, partly covered with the new sites (label: %)",
                                 "区域：新站点建成后部分覆盖（标注为覆盖比例）"},
    [M_LEG_WORKERS] = {"Workers per cluster (circle area)", "每个聚集点职工人数（圆面积）"},
    [M_LEG_STATION] = {"Existing station", "现有站点"},
    [M_LEG_FACILITY] = {"Other health facility", "其他医疗设施"},
    [M_LEG_UNREACHABLE_SITE] = {"Site off the network", "无法接入路网的站点"},
    [M_LEG_RECOMMENDED] = {"Recommended new site (rank)", "推荐新站点（排序）"},
    [M_LEG_GAP] = {"Coverage gap", "覆盖缺口"},
    [M_LEG_GAP_AFTER] = {"Gap left with the new sites", "新增站点后仍存在的缺口"},
    [M_LEG_ADDED] = {"Newly within %1$s min (new sites)", "新站点新增 %1$s 分钟覆盖"},
    [M_LEG_CATCHMENT_NEW] = {"Catchment of a new site", "新站点服务范围"},
    [M_LEG_ROADS_MAIN] = {"Main road", "主要道路"},
    [M_LEG_ROADS_MINOR] = {"Street", "一般道路"},
    [M_LEG_ROADS_UNROUTABLE] = {"Road not connected to the network (not used)", "与路网不连通的道路（不参与计算）"},
    [M_LEG_SERVED_ALL] = {"Covered, all served", "已覆盖，全部获得服务"},
    [M_LEG_SERVED_PART] = {"Covered, partly served (blue: the share served)",
                           "已覆盖，部分获得服务（蓝色为已服务比例）"},
    [M_LEG_SERVED_NONE] = {"Covered, none served: over capacity", "已覆盖，无人获得服务：超出容量"},
    [M_LEG_UTIL_HEAD] = {"Sites by use (load / capacity)", "站点使用率（服务人数 / 容量）"},
    [M_LEG_UTIL_LOW] = {"Under 80% used", "使用率低于 80%"},
    [M_LEG_UTIL_HIGH] = {"80\u201399% used", "使用率 80%\u201399%"},
    [M_LEG_UTIL_FULL] = {"Full: load = capacity (also capacity 0)", "满员：服务人数 = 容量（含容量为 0）"},
    [M_LEG_UTIL_UNLIMITED] = {"Station without a capacity limit", "容量不限的现有站点"},
    [M_LEG_UTIL_UNLIMITED_FAC] = {"Other health facility without a capacity limit", "容量不限的其他医疗设施"},
    [M_LEG_CAP_HEAD] = {"Who is served (capacity)", "实际获得服务的职工（按容量）"},
    [M_LEG_CAP_SERVED] = {"Served: %1$s (%2$s)", "获得服务：%1$s（%2$s）"},
    [M_LEG_CAP_OVER] = {"Covered but over capacity: %1$s (%2$s)", "已覆盖但超出容量：%1$s（%2$s）"},
    [M_LEG_CAP_NOTCOV] = {"Not covered: %1$s (%2$s)", "未覆盖：%1$s（%2$s）"},
    [M_GAP_LABEL] = {"Gap %1$s", "缺口 %1$s"},
    [M_NORTH] = {"N", "北"},
    [M_SCALE_NOTE] = {"Scale 1:%1$s on %2$s", "比例尺 1:%1$s（%2$s 纸张）"},
    [M_CRS_NOTE] = {"Projection: %1$s", "投影坐标系：%1$s"},
    [M_ATTRIB_OSM] = {"Roads © OpenStreetMap contributors", "道路数据 © OpenStreetMap contributors"},
    [M_ATTRIB_ROADS] = {"Roads: %1$s", "道路数据：%1$s"},
    [M_SRC_WORKERS] = {"Workers: %1$s", "职工数据：%1$s"},
    [M_UNIT_M] = {"m", "米"},
    [M_UNIT_KM] = {"km", "公里"},
    [M_UNIT_MIN] = {"min", "分钟"},
    [M_CH_TITLE] = {"Workers covered against the number of new stations",
                    "覆盖职工人数与新增站点数"},
    [M_CH_X] = {"New stations", "新增站点数"},
    [M_CH_Y] = {"Workers covered", "覆盖职工人数"},
    [M_CH_Y2] = {"Percent of workers", "职工占比"},
    [M_CH_BASELINE] = {"Existing coverage: %1$s (%2$s)", "现有覆盖：%1$s（%2$s）"},
    [M_CH_BUDGET] = {"Budget: %1$s", "预算：%1$s 个"},
    [M_CH_KNEE] = {"Diminishing returns after %1$s", "第 %1$s 个站点后收益递减"},
    [M_CH_ADDED] = {"Workers added by each station", "每个新站点新增覆盖人数"},
    [M_CH_CURVE] = {"Workers covered (best for each number)", "覆盖职工人数（各站点数下的最优）"},
    [M_CH_KNEE_NOTE] = {"Diminishing returns: the station count where the curve lies farthest above the "
                        "straight line from none to the budget; beyond it each station adds less than the average.",
                        "收益递减点：曲线高出“零站点至预算”连线最多的站点数；此后每个新站点新增覆盖低于平均值。"},
    [M_SW_TITLE_MINUTES] = {"Workers covered against the travel-time threshold",
                            "覆盖职工比例与出行时间阈值"},
    [M_SW_TITLE_BUDGET] = {"Workers covered against the number of new stations (budget)",
                           "覆盖职工比例与新增站点数（预算）"},
    [M_SW_TITLE_KEY] = {"Workers covered against %1$s", "覆盖职工比例与 %1$s"},
    [M_SW_X_MINUTES] = {"Threshold (minutes)", "出行时间阈值（分钟）"},
    [M_SW_X_BUDGET] = {"New stations (budget)", "新增站点数（预算）"},
    [M_SW_Y] = {"Percent of workers covered", "覆盖职工占比"},
    [M_SW_Y_AFTER] = {"Percent of workers covered with the new stations", "含新增站点的覆盖职工占比"},
    [M_SW_LINE] = {"Workers covered", "覆盖职工"},
    [M_SW_LINE_AFTER] = {"With the new stations", "含新增站点"},
    [M_SW_EXISTING] = {"Existing stations only (dashed)", "仅现有站点（虚线）"},
    [M_SW_NOT_PROVEN] = {"Not proven optimal", "未证明最优"},
    [M_SW_SERIES_MINUTES] = {"%1$s min", "%1$s 分钟"},
    [M_SW_SERIES_BUDGET] = {"%1$s new stations", "新增 %1$s 个站点"},
    [M_SW_SERIES_BUDGET1] = {"%1$s new station", "新增 %1$s 个站点"},
    [M_SW_SERIES_KEY] = {"%1$s = %2$s", "%1$s = %2$s"},
    [M_SW_SCENARIO] = {"Scenario file %1$s, one run per point", "情景文件 %1$s，每个点为一次运行"},
    [M_R_REPORT] = {"Coverage report", "覆盖分析报告"},
    [M_R_SUMMARY] = {"Summary", "摘要"},
    [M_R_MAP] = {"Map", "地图"},
    [M_R_CURVE] = {"Coverage curve", "覆盖曲线"},
    [M_R_RECS] = {"Recommended sites, in rank order", "推荐站点（按排序）"},
    [M_R_GAPS] = {"Largest coverage gaps", "最大覆盖缺口"},
    [M_R_INPUTS] = {"Inputs and rules", "输入数据与规则"},
    [M_R_CONTINUED] = {"%1$s (continued)", "%1$s（续）"},
    [M_R_PAGE] = {"Page %1$s of %2$s", "第 %1$s 页，共 %2$s 页"},
    [M_R_WORKERS_TOTAL] = {"Workers", "职工总数"},
    [M_R_WORKERS_COVERED] = {"Workers covered", "已覆盖职工"},
    [M_R_WORKERS_ESTIMATED] = {"Worker counts are estimates: each area's size times a rate per area "
                               "([inputs] clusters.weight), not counted workers",
                               "职工人数为估算值：按区域面积乘以单位面积人数（[inputs] clusters.weight）得出，并非实际统计"},
    [M_R_AREAS] = {"Area clusters", "区域型聚集点"},
    [M_R_AREAS_VAL] = {"%1$s: %2$s with all workers covered, %3$s partly covered, %4$s not covered "
                       "(workers counted by covered share)",
                       "%1$s 个：职工全部覆盖 %2$s 个，部分覆盖 %3$s 个，未覆盖 %4$s 个（按覆盖比例计入职工）"},
    [M_R_CLUSTERS] = {"Clusters", "职工聚集点"},
    [M_R_CLUSTERS_VAL] = {"%1$s, of which %2$s covered and %3$s unreachable (too far from a road)",
                          "%1$s 个，其中 %2$s 个已覆盖，%3$s 个无法接入路网（离道路过远）"},
    [M_R_SITES] = {"Sites", "站点"},
    [M_R_SITES_VAL] = {"%1$s (%2$s stations, %3$s other facilities), %4$s off the network",
                       "%1$s 个（现有站点 %2$s 个，其他医疗设施 %3$s 个），%4$s 个无法接入路网"},
    [M_R_GAPS_N] = {"Coverage gaps", "覆盖缺口"},
    [M_R_LARGEST_GAP] = {"Largest gap", "最大缺口"},
    [M_R_LARGEST_GAP_VAL] = {"%1$s workers in %2$s clusters, around %3$s",
                             "%1$s 名职工，%2$s 个聚集点，位于 %3$s 附近"},
    [M_R_NEW_SITES] = {"Recommended new sites", "推荐新站点"},
    [M_R_NEW_SITES_VAL] = {"%1$s of a budget of %2$s: coverage %3$s -> %4$s",
                           "预算 %2$s 个，推荐 %1$s 个：覆盖率 %3$s → %4$s"},
    [M_R_NEW_SITES_VAL_SERVED] = {"%1$s of a budget of %2$s: workers served %3$s -> %4$s (capacities)",
                                  "预算 %2$s 个，推荐 %1$s 个：服务比例 %3$s → %4$s（按容量）"},
    [M_R_SOLVER] = {"Siting model", "选址模型"},
    [M_R_OPTIMAL] = {"%1$s, %2$s candidates, proven optimal", "%1$s，候选点 %2$s 个，已证明最优"},
    [M_R_NOT_OPTIMAL] = {"%1$s, %2$s candidates, best found (not proven optimal, no bound)",
                         "%1$s，候选点 %2$s 个，当前最优解（未证明最优，无界）"},
    [M_R_NOT_OPTIMAL_GAP] = {"%1$s, %2$s candidates, best found: within %3$s of the optimum (not proven optimal)",
                             "%1$s，候选点 %2$s 个，当前最优解：与最优解相差不超过 %3$s（未证明最优）"},
    [M_R_BUDGET_NOT_NEEDED] = {"only %1$s new sites add workers; the budget of %2$s is not needed",
                               "仅 %1$s 个新站点能增加覆盖职工；预算 %2$s 个中其余的不需要"},
    [M_R_TARGET_CAPPED_PROVEN] = {"%1$s, %2$s candidates: target %3$s not reached with at most %4$s new sites; best coverage %5$s, proven",
                                  "%1$s，候选点 %2$s 个：最多 %4$s 个新站点无法达到目标 %3$s；最佳覆盖率 %5$s（已证明）"},
    [M_R_TARGET_CAPPED] = {"%1$s, %2$s candidates: target %3$s not reached with at most %4$s new sites; best found %5$s, no choice covers more than %6$s",
                           "%1$s，候选点 %2$s 个：最多 %4$s 个新站点无法达到目标 %3$s；当前最佳覆盖率 %5$s，任何选择均不超过 %6$s"},
    [M_R_RINGS] = {"Coverage by travel time", "按出行时间的覆盖情况"},
    [M_R_COL_MINUTES] = {"Minutes", "分钟"},
    [M_R_COL_WORKERS] = {"Workers covered", "覆盖职工"},
    [M_R_COL_PERCENT] = {"Percent", "占比"},
    [M_R_COL_AREA] = {"Area (km²)", "面积（平方公里）"},
    [M_R_COL_RANK] = {"Rank", "排序"},
    [M_R_COL_SITE] = {"Site", "站点"},
    [M_R_COL_NAME] = {"Name", "名称"},
    [M_R_COL_ADDED] = {"Workers added", "新增覆盖"},
    [M_R_COL_CUM] = {"Workers covered", "累计覆盖"},
    [M_R_COL_CUMPCT] = {"Cumulative %", "累计占比"},
    [M_R_COL_ADDED_SERVED] = {"Served added", "新增服务"},
    [M_R_COL_CUM_SERVED] = {"Workers served", "累计服务"},
    [M_R_COL_CLUSTERS] = {"Clusters", "聚集点"},
    [M_R_COL_LARGEST] = {"Largest cluster", "最大聚集点"},
    [M_R_COL_GAP_WORKERS] = {"Workers", "职工人数"},
    [M_R_NO_RECS] = {"No recommendations: the scenario has no [siting] section.",
                     "无推荐站点：该情景未设置 [siting] 选址。"},
    [M_R_NO_GAPS] = {"No gaps: every cluster is covered.", "无覆盖缺口：所有聚集点均已覆盖。"},
    [M_R_MORE_GAPS] = {"%1$s smaller gaps are in results.gpkg (layer gaps).",
                       "另有 %1$s 个较小缺口，见 results.gpkg（gaps 图层）。"},
    [M_R_GAPS_AFTER] = {"Largest gaps left with the recommended sites", "推荐站点建成后剩余的最大覆盖缺口"},
    [M_R_GAPS_BEFORE] = {"Largest coverage gaps before the recommended sites", "推荐站点建成前的最大覆盖缺口"},
    [M_R_GAPS_AFTER_N] = {"Gaps left with the new sites", "新增站点后的覆盖缺口"},
    [M_R_LARGEST_GAP_AFTER] = {"Largest gap left", "剩余最大缺口"},
    [M_R_MORE_GAPS_AFTER] = {"%1$s smaller gaps are in results.gpkg (layer gaps_after).",
                             "另有 %1$s 个较小缺口，见 results.gpkg（gaps_after 图层）。"},
    [M_R_NO_GAPS_AFTER] = {"No gaps left: with the new sites every cluster is covered.",
                           "无剩余缺口：新增站点后所有聚集点均已覆盖。"},
    [M_R_KEY] = {"Item", "项目"},
    [M_R_VALUE] = {"Value", "取值"},
    [M_I_MODE] = {"Travel mode", "出行方式"},
    [M_I_THRESHOLD] = {"Threshold", "时间阈值"},
    [M_I_SPEEDS] = {"Speeds", "速度"},
    [M_I_SPEED_TABLE] = {"Speed by road class", "各类道路速度"},
    [M_I_GAP_RULE] = {"Gap zones", "覆盖缺口"},
    [M_I_GAP_RULE_VAL] = {"uncovered clusters at most %s apart form one zone",
                          "相距不超过 %s 的未覆盖聚集点归为同一缺口"},
    [M_I_WALK] = {"Off-road legs", "路网外步行段"},
    [M_I_SNAP] = {"Snapping", "接入路网"},
    [M_I_SNAP_EDGE] = {"the best of up to 4 roads within the nearest + 100 m, each at its nearest point",
                       "取最近道路及比其远不超过 100 米的道路中（至多 4 条）时间最短者，接入各自最近点"},
    [M_I_SNAP_NODE] = {"to the nearest road junction", "接入最近的道路节点"},
    [M_I_MAXSNAP] = {"Unreachable beyond", "超过此距离视为无法接入"},
    [M_I_CRS] = {"Working CRS", "工作坐标系"},
    [M_I_CATCHMENT] = {"Catchment polygons", "服务范围多边形"},
    [M_I_CATCHMENT_VAL] = {"%1$s, cell %2$s m", "%1$s，网格 %2$s 米"},
    [M_I_CATCHMENT_AREA_ONLY] = {"%1$s, cell %2$s m; the coverage area only, no polygon per site "
                                 "([catchment] per_site = no)",
                                 "%1$s，网格 %2$s 米；只生成覆盖范围，不生成各站点的多边形"
                                 "（[catchment] per_site = no）"},
    [M_I_NETWORK] = {"Road network", "路网"},
    [M_I_NETWORK_VAL] = {"%1$s links, %2$s km, %3$s nodes, %4$s pieces",
                         "%1$s 条路段，%2$s 公里，%3$s 个节点，%4$s 个连通分量"},
    [M_I_SRC_NETWORK] = {"Roads", "道路数据"},
    [M_I_SRC_CLUSTERS] = {"Worker clusters", "职工聚集点数据"},
    [M_I_SRC_SITES] = {"Stations", "现有站点数据"},
    [M_I_SRC_FACILITIES] = {"Other facilities", "其他医疗设施数据"},
    [M_I_SRC_CANDIDATES] = {"Candidate sites", "候选站点"},
    [M_I_COVERED_RULE] = {"Covered", "覆盖判定"},
    [M_I_COVERED_RULE_VAL] = {"a cluster whose travel time over the roads to its nearest site is at most %1$s minutes",
                              "聚集点沿道路到最近站点的出行时间不超过 %1$s 分钟"},
    [M_I_AREA_RULE] = {"Area clusters", "区域型聚集点"},
    [M_I_AREA_RULE_VAL] = {"an area's workers are spread over demand points inside it; it counts the workers "
                           "of its points that are covered, so it can be partly covered",
                           "区域内职工分摊到区域内的需求点上，按已覆盖需求点的职工计入，因此区域可能部分覆盖"},
    [M_I_ATTRIBUTION] = {"Attribution", "数据版权"},
    [M_I_SITING] = {"Siting", "选址"},
    [M_I_SITING_VAL] = {"model %1$s, budget %2$s, method %3$s", "模型 %1$s，预算 %2$s，方法 %3$s"},
    [M_R_CAPACITY] = {"Capacity: who is actually served", "服务容量：实际获得服务的职工"},
    [M_R_CAP_METHOD] = {"Method: min-cost flow, optimal: the most workers served, then the least travel. "
                        "Each site serves at most its capacity; a cluster may be split between sites.",
                        "方法：最小费用流，最优解：先使获得服务的职工最多，再使总出行时间最少。"
                        "每个站点服务人数不超过其容量；一个聚集点可由多个站点分担。"},
    [M_R_CAP_KEY] = {"%1$s: %2$s (%3$s)", "%1$s：%2$s（%3$s）"},
    [M_R_CAP_SERVED] = {"Served", "获得服务"},
    [M_R_CAP_OVER] = {"Covered but over capacity", "已覆盖但超出容量"},
    [M_R_CAP_NOTCOV] = {"Not covered", "未覆盖"},
    [M_R_CAP_ALL] = {"All workers", "全部职工"},
    [M_R_CAP_SPLIT] = {"Workers: served, covered but over capacity, not covered",
                       "职工：获得服务、已覆盖但超出容量、未覆盖"},
    [M_R_CAP_SITES_NOTE] = {"%1$s sites with a capacity, %2$s without a limit; %3$s full (load = capacity).",
                            "有容量的站点 %1$s 个，容量不限的站点 %2$s 个；满员站点 %3$s 个（服务人数 = 容量）。"},
    [M_R_CAP_TABLE] = {"Sites by utilisation (full first)", "站点按使用率排序（满员在前）"},
    [M_R_COL_N_WORKERS] = {"Workers", "职工人数"},
    [M_R_COL_CAPACITY] = {"Capacity", "容量"},
    [M_R_COL_LOAD] = {"Load (served)", "服务人数"},
    [M_R_COL_UTIL] = {"Utilisation", "使用率"},
    [M_R_COL_REACHED] = {"Workers reached", "可达职工"},
    [M_R_UNLIMITED] = {"unlimited", "不限"},
    [M_R_FULL] = {"%1$s full", "%1$s 满员"},
    [M_R_WORKERS_SERVED] = {"Workers served (capacity)", "获得服务的职工（容量）"},
    [M_I_CAPACITY] = {"Capacity", "服务容量"},
    [M_I_CAPACITY_VAL] = {"existing site without a value: %1$s; new site: %2$s (workers)",
                          "无容量值的现有站点：%1$s；新站点：%2$s（职工人数）"},
    [M_I_CAPACITY_VISITS] = {"; values given as visits a year, %1$s visits per worker",
                             "；容量按每年就诊人次给出，每名职工 %1$s 人次"},
    [M_R_FOOTER] = {"siteplan — results in %1$s", "siteplan — 结果目录 %1$s"},
    [M_MOB_TITLE] = {"%1$s \u2014 mobile units",
        "%1$s \u2014 流动服务车"},
    [M_MOB_SUBTITLE] = {"%1$s of %2$s workers a day, %3$s-hour days %4$s; %5$s",
        "%1$s，每车每天服务 %2$s 名职工，每天工作 %3$s 小时（%4$s）；%5$s"},
    [M_MOB_ROUND] = {"each stop visited once every %1$s days (%2$s times in %3$s days)",
        "每个停靠点每 %1$s 天到访一次（%3$s 天内 %2$s 次）"},
    [M_MOB_ROUND_ONCE] = {"each stop visited once in %1$s days",
        "每个停靠点在 %1$s 天内到访一次"},
    [M_MOB_N_UNITS] = {"%1$s units", "%1$s 辆服务车"},
    [M_MOB_N_UNITS_1] = {"1 unit", "1 辆服务车"},
    [M_MOB_N_STOPS] = {"%1$s stops", "%1$s 个点"},
    [M_MOB_N_STOPS_1] = {"1 stop", "1 个点"},
    [M_MOB_N_UD] = {"%1$s unit-days", "%1$s 车·天"},
    [M_MOB_N_UD_1] = {"1 unit-day", "1 车·天"},
    [M_MOB_DAY] = {"Day %1$s",
        "第%1$s天"},
    [M_MOB_UNIT] = {"Unit %1$s",
        "%1$s号车"},
    [M_MOB_DAYS_HEAD] = {"Routes by day of the %1$s-day round",
        "各天路线（每轮 %1$s 天）"},
    [M_MOB_MORE_DAYS] = {"\u2026 and %1$s more days",
        "\u2026\u2026另有 %1$s 天"},
    [M_MOB_UNITS_HEAD] = {"Line style by unit",
        "线型表示车辆"},
    [M_MOB_DEPOT] = {"Depot: units start and end here",
        "出发点：服务车每天由此出发并返回"},
    [M_MOB_STOP] = {"Stop visited: number = order in the day's route",
        "已到访的停靠点：数字为当天路线中的顺序"},
    [M_MOB_NOT_VISITED] = {"Stops not visited, why:",
        "未到访的停靠点及原因："},
    [M_MOB_WHY_UNREACHABLE] = {"no road from a depot",
        "从出发点无道路可达"},
    [M_MOB_WHY_TOO_FAR] = {"too far for one day",
        "一天内无法往返"},
    [M_MOB_WHY_NO_DAYS] = {"no days left in the period",
        "周期内已无可用车·天"},
    [M_MOB_WHY_NO_STOP] = {"no stop within %1$s min walk",
        "步行 %1$s 分钟内无停靠点"},
    [M_MOB_LEG_REASON] = {"%1$s: %2$s, %3$s workers",
        "%1$s：%2$s，%3$s 名职工"},
    [M_MOB_PLAN] = {"The plan",
        "方案概要"},
    [M_MOB_UD] = {"Unit-days: %1$s used, %2$s needed, %3$s available",
        "车·天：使用 %1$s，需要 %2$s，可用 %3$s"},
    [M_MOB_LB_OPT] = {"Proven lower bound %1$s: optimal",
        "已证明的下界 %1$s：最优"},
    [M_MOB_LB_GAP] = {"Proven lower bound %1$s: gap %2$s",
        "已证明的下界 %1$s：差距 %2$s"},
    [M_MOB_SERVED] = {"Workers served: %1$s of %2$s (%3$s)",
        "获得服务的职工：%2$s 名中 %1$s 名（%3$s）"},
    [M_MOB_NOT_SERVED] = {"Not served: %1$s",
        "未获服务：%1$s"},
    [M_MOB_NOT_SERVED_NONE] = {"Not served: none",
        "未获服务：无"},
    [M_MOB_DRIVE] = {"Driving: %1$s h in the period",
        "驾驶时间：周期内共 %1$s 小时"},
    [M_MOB_PERIOD_NOTE] = {"Unit-days and workers over the whole %1$s-day period",
        "车·天与职工人数均按整个 %1$s 天周期计"},
    [M_MOB_NO_ROUTE] = {"No route: no stop could be served",
        "无路线：没有可服务的停靠点"},
    [M_MOB_WITHIN] = {"Within %1$s min of a site (for context)",
        "距站点 %1$s 分钟以内（参考）"},
    [M_R_MOBILE] = {"Mobile units",
        "流动服务车"},
    [M_R_MOB_MAP] = {"Mobile units: map",
        "流动服务车：地图"},
    [M_R_MOB_INTRO] = {"The plan is made for one round of %1$s days and repeats every round: each stop is visited once a round, %2$s times in the %3$s-day period. A unit-day is one unit working one day. The lower bound is a proven minimum of the unit-days any plan needs; when the plan uses no more, it is optimal, else the gap says by how much it could at most be improved. Unit-days, driving and workers are for the whole period; the calendar and the routes show the first round.",
        "方案按一轮 %1$s 天编排，每轮重复：每个停靠点每轮到访一次，%3$s 天周期内共 %2$s 次。一个“车·天”指一辆车工作一天。下界是任何方案所需车·天数的已证明最小值；方案用量等于下界即为最优，否则“差距”表示最多还能减少多少。车·天、驾驶时间和职工人数均按整个周期计；日程表和路线为第一轮。"},
    [M_R_MOB_SUMMARY] = {"Mobile units: summary",
        "流动服务车：概要"},
    [M_R_MOB_UNITS] = {"Units",
        "车辆数"},
    [M_R_MOB_CAPACITY] = {"Capacity per unit-day",
        "每车每天容量"},
    [M_R_MOB_CAPACITY_VAL] = {"%1$s workers",
        "%1$s 名职工"},
    [M_R_MOB_CAPACITY_NONE] = {"no limit on workers (the working day limits it)",
        "不限人数（以工作时间为限）"},
    [M_MOB_SUBTITLE_NOCAP] = {"%1$s%2$s, no limit on workers a day, %3$s-hour days %4$s; %5$s",
        "%1$s%2$s，每天不限人数，每天工作 %3$s 小时（%4$s）；%5$s"},
    [M_R_MOB_DAY] = {"Working day",
        "工作日"},
    [M_R_MOB_DAY_VAL] = {"%1$s h from %2$s, driving %3$s",
        "自 %2$s 起 %1$s 小时，%3$s"},
    [M_R_MOB_WALK] = {"Walk to a stop",
        "步行至停靠点"},
    [M_R_MOB_WALK_VAL] = {"up to %1$s min",
        "不超过 %1$s 分钟"},
    [M_R_MOB_WALK_NONE] = {"none: the unit drives to each cluster",
        "无：服务车开到每个聚集点"},
    [M_R_MOB_PERIOD] = {"Period",
        "周期"},
    [M_R_MOB_PERIOD_VAL] = {"%1$s days; %2$s visits per stop; a round of %3$s days",
        "%1$s 天；每个停靠点到访 %2$s 次；每轮 %3$s 天"},
    [M_R_MOB_STOPS] = {"Stops",
        "停靠点"},
    [M_R_MOB_STOPS_VAL] = {"%1$s (%2$s visited)",
        "%1$s 个（已到访 %2$s 个）"},
    [M_R_MOB_UD_USED] = {"Unit-days used",
        "使用车·天"},
    [M_R_MOB_UD_NEEDED] = {"Unit-days needed",
        "所需车·天"},
    [M_R_MOB_UD_AVAIL] = {"Unit-days available",
        "可用车·天"},
    [M_R_MOB_UD_LB] = {"Lower bound (proven)",
        "下界（已证明）"},
    [M_R_MOB_QUALITY] = {"How good",
        "方案质量"},
    [M_R_MOB_OPTIMAL] = {"optimal: the plan uses the lower bound",
        "最优：用量等于下界"},
    [M_R_MOB_GAP] = {"gap %1$s: the plan needs at most that many more than the optimum",
        "差距 %1$s：方案最多比最优多用这么多"},
    [M_R_MOB_DRIVE] = {"Driving time",
        "驾驶时间"},
    [M_R_MOB_DRIVE_VAL] = {"%1$s h over the period",
        "周期内共 %1$s 小时"},
    [M_R_MOB_TARGET] = {"Workers to serve",
        "目标职工"},
    [M_R_MOB_SERVED] = {"Workers served",
        "获得服务的职工"},
    [M_R_MOB_NS_UNREACHABLE] = {"Not served: unreachable",
        "未获服务：无法到达"},
    [M_R_MOB_NS_TOO_FAR] = {"Not served: too far for one day",
        "未获服务：一天内无法往返"},
    [M_R_MOB_NS_NO_DAYS] = {"Not served: no days left in the period",
        "未获服务：周期内已无可用车·天"},
    [M_R_MOB_NS_NO_STOP] = {"Not served: no stop within walk minutes",
        "未获服务：步行范围内无停靠点"},
    [M_R_MOB_CAL] = {"Calendar of the first round",
        "第一轮日程"},
    [M_R_MOB_CAL_DAYS] = {"Calendar of the first round, days %1$s\u2013%2$s",
        "第一轮日程，第%1$s\u2013%2$s天"},
    [M_R_MOB_CAL_NOTE] = {"Each cell: stops visited and workers served by that unit that day; \u2014 = the unit does not go out.",
        "每格为该车当天到访的停靠点数和服务的职工人数；\u2014 表示该车当天不出车。"},
    [M_R_MOB_CELL] = {"%1$s\n%2$s workers",
        "%1$s\n%2$s 名职工"},
    [M_R_MOB_COL_UNIT] = {"Unit",
        "车辆"},
    [M_R_MOB_ROUTES] = {"Routes of the first round",
        "第一轮路线"},
    [M_R_MOB_ROUTE] = {"Unit %1$s, day %2$s, from %7$s: %3$s, %4$s workers, %5$s km, back at %6$s",
        "%1$s号车，第%2$s天，从%7$s出发：%3$s，%4$s 名职工，%5$s 公里，%6$s 返回"},
    [M_R_MOB_COL_ORDER] = {"Order",
        "顺序"},
    [M_R_MOB_COL_STOP] = {"Stop",
        "停靠点"},
    [M_R_MOB_COL_ARRIVE] = {"Arrive",
        "到达"},
    [M_R_MOB_COL_LEAVE] = {"Leave",
        "离开"},
    [M_R_MOB_COL_WORKERS] = {"Workers",
        "职工"},
    [M_R_MOB_MORE_STOPS] = {"\u2026 and %1$s more stops on this route (all in mobile_schedule.csv)",
        "\u2026\u2026本路线另有 %1$s 个停靠点（完整列表见 mobile_schedule.csv）"},
    [M_R_MOB_MORE_ROUTES] = {"\u2026 and %1$s more routes (all in mobile_schedule.csv)",
        "\u2026\u2026另有 %1$s 条路线（完整列表见 mobile_schedule.csv）"},
    [M_R_MOB_NO_ROUTES] = {"No route: no stop could be served (the reasons are in the summary above).",
        "无路线：没有可服务的停靠点（原因见上方概要）。"},
};

int sp_lang_parse(const char *s)
{
    if (!s)
        return -1;
    if (!strcmp(s, "en"))
        return SP_LANG_EN;
    if (!strcmp(s, "zh"))
        return SP_LANG_ZH;
    return -1;
}

const char *sp_tr(sp_lang lang, sp_msg m)
{
    if ((int)m < 0 || m >= M_COUNT || (int)lang < 0 || lang >= SP_LANG_COUNT)
        return "";
    const char *s = TABLE[m][lang];
    if (!s)
        s = TABLE[m][SP_LANG_EN];
    return s ? s : "";
}

const char *sp_tr_mode(sp_lang lang, const char *mode)
{
    if (!mode)
        return "";
    if (!strcmp(mode, "walk"))
        return sp_tr(lang, M_MODE_WALK);
    if (!strcmp(mode, "bike"))
        return sp_tr(lang, M_MODE_BIKE);
    if (!strcmp(mode, "ebike"))
        return sp_tr(lang, M_MODE_EBIKE);
    if (!strcmp(mode, "car"))
        return sp_tr(lang, M_MODE_CAR);
    return mode;
}

/* Group the integer digits of a plain decimal string by threes. */
static char *group(const char *plain, char *buf, size_t len)
{
    const char *p = plain;
    size_t o = 0;
    if (len == 0)
        return buf;
    if (*p == '-') {
        if (o + 1 < len)
            buf[o++] = '-';
        p++;
    }
    size_t nd = strcspn(p, ".");
    for (size_t i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0 && o + 1 < len)
            buf[o++] = ',';
        if (o + 1 < len)
            buf[o++] = p[i];
    }
    for (const char *q = p + nd; *q && o + 1 < len; q++)
        buf[o++] = *q;
    buf[o] = '\0';
    return buf;
}

char *sp_fmt_num(sp_lang lang, double v, int decimals, char *buf, size_t len)
{
    (void)lang;
    char plain[64];
    if (!isfinite(v)) {
        snprintf(buf, len, "–");
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    snprintf(plain, sizeof plain, "%.*f", decimals, v);
    if (!strcmp(plain, "-0") || !strncmp(plain, "-0.", 3)) {
        /* no "-0" or "-0.0" */
        int zero = 1;
        for (const char *q = plain + 1; *q; q++)
            if (*q != '0' && *q != '.')
                zero = 0;
        if (zero)
            memmove(plain, plain + 1, strlen(plain));
    }
    return group(plain, buf, len);
}

char *sp_fmt_int(sp_lang lang, double v, char *buf, size_t len)
{
    return sp_fmt_num(lang, v, 0, buf, len);
}

char *sp_fmt_pct(sp_lang lang, double pct, int decimals, char *buf, size_t len)
{
    char n[64];
    sp_fmt_num(lang, sp_pct_shown(pct, decimals), decimals, n, sizeof n);
    snprintf(buf, len, "%s%%", n);
    return buf;
}

char *sp_fmt_dist(sp_lang lang, double metres, char *buf, size_t len)
{
    char n[64];
    if (metres >= 1000) {
        double km = metres / 1000;
        sp_fmt_num(lang, km, fabs(km - round(km)) < 1e-9 ? 0 : 1, n, sizeof n);
        snprintf(buf, len, "%s %s", n, sp_tr(lang, M_UNIT_KM));
    } else {
        sp_fmt_num(lang, metres, fabs(metres - round(metres)) < 1e-9 ? 0 : 1, n, sizeof n);
        snprintf(buf, len, "%s %s", n, sp_tr(lang, M_UNIT_M));
    }
    return buf;
}

char *sp_trf(sp_lang lang, sp_msg m, ...)
{
    va_list ap;
    va_start(ap, m);
    char *s = g_strdup_vprintf(sp_tr(lang, m), ap);
    va_end(ap);
    return s;
}

char *sp_tr_count(sp_lang lang, sp_msg many, sp_msg one, double n)
{
    if (n == 1)
        return g_strdup(sp_tr(lang, one));
    char b[64];
    return sp_trf(lang, many, sp_fmt_int(lang, n, b, sizeof b));
}

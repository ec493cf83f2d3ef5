#!/usr/bin/env bash
# Screenshots of the exploratory views for the README (docs/figures/explore_*.png), made by the
# app itself on Stockholm county's DeSO: a project opens the views with 123 DeSO selected (low
# economic standard ≥ 25 %), the views' column is widened, and each view's tab is shown in turn.
# Needs Xvfb, xdotool and ImageMagick (as ../shared/tools/app-shot); run from the project root
# after `cargo build --release`:
#     bash tools/readme_explore.sh
set -euo pipefail
root=$(pwd)
bin=${CARGO_TARGET_DIR:-$HOME/.cache/segatlas-target}/release/segatlas
data=$(cd ../shared/data && pwd)
work=$(mktemp -d)
trap 'kill ${apid:-} ${xpid:-} 2>/dev/null; rm -rf "$work"' EXIT
python3 - "$data" "$work" <<'PY'
import json, sys
data, work = sys.argv[1], sys.argv[2]
layer = f"{data}/stockholm/deso2018_scb2022.geojson"
feats = json.load(open(layer))["features"]
selected = [f["properties"]["deso"] for f in feats if (f["properties"]["lag_ekonomisk_standard_pct_2022"] or 0) >= 25]
base = {
    "segatlas_project": 1, "layer": layer, "stats": None, "key": None, "crs": None,
    "style": {"variable": "nettoinkomst_median_tkr_2022", "scheme": "quantiles", "k": 5, "palette": "YlOrRd"},
    "figure": {"title": "Medianinkomst per DeSO 2022", "source": "Källa: SCB", "layout": "slide", "lang": "sv"},
    "selection": selected, "selection_key": "deso",
}
views = dict(base, analyses={"explore": {
    "histogram": {"var": "nettoinkomst_median_tkr_2022", "bins": 12, "map_classes": False},
    "boxplot": {"vars": ["lag_ekonomisk_standard_pct_2022", "hog_ekonomisk_standard_pct_2022"], "hinge": 1.5},
    "scatter": {"x": "utlandsk_bakgrund_2022/folkmangd_2022*100", "y": "nettoinkomst_median_tkr_2022"},
    "parallel": {"vars": ["nettoinkomst_median_tkr_2022", "lag_ekonomisk_standard_pct_2022",
                          "utlandsk_bakgrund_2022/folkmangd_2022*100",
                          "arbetslosa_16_64_2022/arbetskraften_16_64_2022*100"], "standardised": True},
    "maps": {"vars": ["folkmangd_2010", "folkmangd_2023"], "shared_classes": True},
}})
json.dump(views, open(f"{work}/views.segatlas.json", "w"))
biv = dict(base, selection=[], analyses={"explore": {"bivariate": {
    "x": "nettoinkomst_median_tkr_2022", "y": "utlandsk_bakgrund_2022/folkmangd_2022*100",
    "palette": "purple-orange"}}})
json.dump(biv, open(f"{work}/bivariate.segatlas.json", "w"))
PY
export DISPLAY=":$((500 + RANDOM % 300))"
unset WAYLAND_DISPLAY
export HOME="$work"   # a fresh layout, not the person's own
Xvfb "$DISPLAY" -screen 0 1600x1000x24 >/dev/null 2>&1 & xpid=$!
sleep 1.5
# A drag as a hand makes it: press, move in steps, release.
drag() { xdotool mousemove "$1" "$2"; sleep 0.3; xdotool mousedown 1; sleep 0.2
  for i in 1 2 3 4 5 6 7 8; do xdotool mousemove $(( $1 + ($3 - $1) * i / 8 )) $(( $2 + ($4 - $2) * i / 8 )); sleep 0.08; done
  xdotool mouseup 1; sleep 0.8; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 1; }
shot() { import -window root "$work/full.png"; convert "$work/full.png" -crop "$2" +repage "$root/docs/figures/$1"; }
run() { "$bin" open "$1" >"$work/app.log" 2>&1 & apid=$!; sleep 9; }
run "$work/views.segatlas.json"
# Widen the views' column over the inspector's.
drag 1093 600 1385 600
${EXPLORE_SHOTS_DEBUG:+import -window root "$root/debug0.png"}
app=1400x900+0+0
shot explore_maps.png $app
click 766 45; shot explore_histogram.png $app
click 858 45; shot explore_boxplot.png $app
click 973 45; shot explore_scatter.png $app
click 1121 45; shot explore_parallel.png $app
kill $apid; sleep 1
run "$work/bivariate.segatlas.json"
drag 1093 600 1385 600
shot explore_bivariate.png $app
kill $apid; sleep 1
# Smaller files for the README.
for f in "$root"/docs/figures/explore_*.png; do convert "$f" -resize 1120x -strip "$f"; done

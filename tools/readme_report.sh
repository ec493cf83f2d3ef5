#!/usr/bin/env bash
# The README's report pages (docs/figures/report_0127_page1.png, _page2.png): Botkyrka's report
# from Stockholm county's DeSO with the national table, made by `segatlas report` and turned into
# PNG pages by poppler's pdftoppm (as an official would look at them). Run from the project root
# after `cargo build --release`:
#     bash tools/readme_report.sh
set -euo pipefail
bin=${CARGO_TARGET_DIR:-$HOME/.cache/segatlas-target}/release/segatlas
data=$(cd ../shared/data && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" report "$data/stockholm/deso2018_scb2022.geojson" \
    --group utlandsk_bakgrund_2022 --total folkmangd_2022 --group-label "utländsk bakgrund" \
    --var lag_ekonomisk_standard_pct_2022 --each kommun --only 0127 \
    --national "$data/sweden/deso2018_stats_2022.csv" --out "$work"
pdftoppm -r 72 -png "$work/0127 Botkyrka.pdf" "$work/page"
mkdir -p docs/figures
cp "$work/page-1.png" docs/figures/report_0127_page1.png
cp "$work/page-2.png" docs/figures/report_0127_page2.png

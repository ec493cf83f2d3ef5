#!/usr/bin/env bash
# The README's LISA stability map (docs/figures/lisa_stability.png): LISA of the share of
# foreign background on Stockholm county's DeSO under Poisson noise (999 draws), its per-area
# stability rendered in four bands. Run from the project root after `cargo build --release`.
set -euo pipefail
B=${SEGATLAS:-${CARGO_TARGET_DIR:-target}/release/segatlas}
D=../shared/data/stockholm/deso2018_scb2022.geojson
tmp=$(mktemp -d)
"$B" autocorr "$D" --var "utlandsk_bakgrund_2022/folkmangd_2022*100" --stat lisa \
    --noise poisson --out "$tmp/stability.csv" > /dev/null
"$B" render "$D" --stats "$tmp/stability.csv" --key deso --var stability \
    --scheme user-defined --bins "0.5;0.75;0.9" --palette RdBu \
    --title "LISA-klustrens stabilitet, utländsk bakgrund 2022" \
    --subtitle "Andel av 999 Poisson-dragningar där DeSO behåller sin klass (stabil: ≥ 0,9)" \
    --source "SCB; segatlas autocorr --noise poisson" --legend-title "Behåller klassen" \
    --out docs/figures/lisa_stability.png
rm -r "$tmp"

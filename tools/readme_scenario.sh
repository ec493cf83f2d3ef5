#!/usr/bin/env bash
# The README's worked scenario (Norra Skarpnäck, Stockholm): plan A and plan B side by side,
# their figures, and the numbers the README quotes. Run from the project root after a release build:
#     bash tools/readme_scenario.sh
set -euo pipefail
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/segatlas-target}/release/segatlas"
DESO=../shared/data/stockholm/deso2018_scb2022.geojson
P="POLYGON((18.1236 59.2664, 18.1256 59.2664, 18.1256 59.2674, 18.1236 59.2674, 18.1236 59.2664))"
"$BIN" scenario "$DESO" --group utlandsk_bakgrund_2022 --total folkmangd_2022 --by kommun \
    --change "$P:persons=1500:share=25%:scenario=Plan A" \
    --change "$P:persons=1500:share=53%:scenario=Plan B" \
    --figure docs/figures/scenario_skarpnack.png --size 1200x675 \
    --source "Källa: SCB, DeSO 2022; segatlas scenario" --json

//! The engine on every file in `../shared/data`, asserting real figures.

use segatlas::data::crs::Crs;
use segatlas::data::join::{join, KeyKind, KeySpec};
use segatlas::data::table::FieldType;
use segatlas::data::{self, expr::Expr};
use std::path::PathBuf;

mod common;
use common::{data as shared, planar, s};

#[path = "real_data/interpolate.rs"]
mod interpolate;

#[test]
fn stockholm_deso_geojson() {
    let l = data::open_layer(&shared("stockholm/deso2018_scb2022.geojson")).unwrap();
    assert_eq!(l.len(), 1287);
    assert_eq!(l.crs, Crs::Epsg(4326));
    assert_eq!(l.working_crs, Crs::Epsg(3006));
    let deso = l.table.column("deso").unwrap();
    assert_eq!(deso.field_type(), FieldType::Text);
    assert!(deso.key_at(0).unwrap().starts_with("01"));
    assert_eq!(
        l.table.column("kommun").unwrap().field_type(),
        FieldType::Text
    );
    let pop: f64 = l
        .table
        .numbers("folkmangd_2022")
        .unwrap()
        .iter()
        .flatten()
        .sum();
    // SCB: Stockholm county had 2,440,027 inhabitants on 31 December 2022 (pandas' sum agrees).
    assert_eq!(pop, 2_440_027.0);
    // Area from SWEREF 99 TM against the geodesic area on GRS 80 (pyproj Geod): 11,554.598 km².
    let area: f64 = l.area_km2().iter().sum();
    assert!((area - 11_554.598).abs() / 11_554.598 < 1e-3, "{area}");
}

#[test]
fn stockholm_deso_geopackage_and_shapefile_agree() {
    let g = data::open_layer(&shared("stockholm/deso2018_sweref99tm.gpkg")).unwrap();
    let s = data::open_layer(&shared("stockholm/shp/deso2018_sweref99tm.shp")).unwrap();
    for l in [&g, &s] {
        assert_eq!(l.len(), 1287);
        assert_eq!(l.crs, Crs::Epsg(3006));
        assert_eq!(l.working_crs, Crs::Epsg(3006));
        let names: Vec<String> = (0..l.len())
            .filter_map(|i| l.table.column("kommunnamn").unwrap().key_at(i))
            .collect();
        assert!(names.iter().any(|n| n == "Upplands Väsby"));
        assert!(names.iter().any(|n| n == "Södertälje"));
    }
    assert_eq!(g.name, "DeSO_2018");
    assert!(g.table.column("fid").is_none());
    // Every value of every field is the same in both files, feature by feature.
    for c in &g.table.columns {
        let other = s
            .table
            .column(&c.name)
            .unwrap_or_else(|| panic!("{} not in the shapefile", c.name));
        for r in 0..g.len() {
            assert_eq!(
                c.key_at(r),
                other.key_at(r),
                "{} of feature {}",
                c.name,
                r + 1
            );
        }
    }
    assert_eq!(g.table.columns.len(), s.table.columns.len());
    let ga: f64 = g.area_km2().iter().sum();
    let sa: f64 = s.area_km2().iter().sum();
    assert!((ga - sa).abs() < 1e-6 * ga);
    assert!((ga - 11_554.598).abs() / 11_554.598 < 1e-3, "{ga}");
}

#[test]
fn parquet_statistics_read_back_as_written() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stats.parquet");
    let mut df = df!(
        "deso" => ["0114A0010", "0114C1010", "0114C1020"],
        "folkmangd" => [Some(652.0f64), None, Some(1781.0)],
        "antal" => [Some(10i64), Some(20), Some(30)],
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut df)
        .unwrap();
    let t = data::open_table(&path).unwrap();
    assert_eq!(t.len(), 3);
    let deso = t.column("deso").unwrap();
    assert_eq!(deso.field_type(), FieldType::Text);
    assert_eq!(deso.key_at(1).as_deref(), Some("0114C1010"));
    assert_eq!(
        t.numbers("folkmangd").unwrap(),
        &[Some(652.0), None, Some(1781.0)]
    );
    assert_eq!(
        t.numbers("antal").unwrap(),
        &[Some(10.0), Some(20.0), Some(30.0)]
    );
}

#[test]
fn regso_has_multipolygons() {
    let l = data::open_layer(&shared("stockholm/regso2020_scb2022.geojson")).unwrap();
    assert_eq!(l.len(), 524);
    assert!(l.geometry_types.contains("MultiPolygon"));
    assert!(l.geometry_types.contains("Polygon"));
}

#[test]
fn sweden_files() {
    let t = data::open_table(&shared("sweden/deso2018_stats_2022.csv")).unwrap();
    assert_eq!(t.len(), 5984);
    let sum: f64 = t.numbers("folkmangd_2022").unwrap().iter().flatten().sum();
    assert_eq!(sum, 10_521_556.0);
    assert_eq!(t.years(), vec![2022, 2023]);
    let k = data::open_layer(&shared("sweden/kommun_scb2022.geojson")).unwrap();
    assert_eq!(k.len(), 290);
    let lan = data::open_layer(&shared("sweden/lan.geojson")).unwrap();
    assert_eq!(lan.len(), 21);
    // Geodesic area of Stockholm county (pyproj Geod, GRS 80): 6,253.037 km².
    let row = (0..21)
        .find(|&i| lan.table.column("lan_kod").unwrap().key_at(i).as_deref() == Some("01"))
        .unwrap();
    let a = lan.area_km2()[row];
    assert!((a - 6_253.037).abs() / 6_253.037 < 1e-3, "{a}");
    let police = data::open_layer(&shared("sweden/polisen_utsatta_omraden_2023.geojson")).unwrap();
    assert_eq!(police.len(), 59);
}

#[test]
fn peers_crs_and_counts() {
    let guerry = data::open_layer(&shared("peers/guerry.geojson")).unwrap();
    assert_eq!((guerry.len(), guerry.crs), (85, Crs::Epsg(27572)));
    let columbus = planar(data::open_layer(&shared("peers/columbus.geojson")).unwrap());
    assert_eq!((columbus.len(), columbus.crs), (49, Crs::Planar));
    assert!(columbus.all_warnings().iter().any(|w| w.contains("planar")));
    assert_eq!(columbus.projected, columbus.geometries);
    // RFC 7946: degrees without a `crs` member are WGS 84, wherever they lie.
    let sac = data::open_layer(&shared("peers/sacramento1.geojson")).unwrap();
    assert_eq!((sac.len(), sac.crs), (403, Crs::Epsg(4326)));
    assert_eq!(sac.working_crs, Crs::Epsg(32610));
    assert_eq!(
        data::open_layer(&shared("peers/sids2.geojson"))
            .unwrap()
            .len(),
        100
    );
    let grid = planar(data::open_layer(&shared("peers/segdata_grid.geojson")).unwrap());
    assert_eq!(grid.len(), 100);
    assert!((grid.area_km2().iter().sum::<f64>() - 100.0 / 1e6).abs() < 1e-15);
    let calemp = data::open_table(&shared("peers/calemp.csv")).unwrap();
    assert_eq!(calemp.len(), 58);
}

#[test]
fn scb_xlsx_exports() {
    let t = data::open_table(&shared("scb-raw/deso_bakgrund_2022.xlsx")).unwrap();
    assert_eq!(t.len(), 5984);
    assert_eq!(t.columns[0].name, "region");
    assert_eq!(
        t.column("region").unwrap().key_at(0).as_deref(),
        Some("0114A0010")
    );
    assert_eq!(
        t.numbers("svensk bakgrund totalt 2022").unwrap()[0],
        Some(669.0)
    );
    assert_eq!(
        t.numbers("utländsk bakgrund totalt 2022").unwrap()[0],
        Some(194.0)
    );
    assert_eq!(t.numbers("totalt totalt 2022").unwrap()[0], Some(863.0));
    assert!(t.notes.iter().any(|n| n.to_string().contains("footnote")));
    let total: f64 = t
        .numbers("totalt totalt 2022")
        .unwrap()
        .iter()
        .flatten()
        .sum();
    assert_eq!(total, 10_521_556.0);
    let n = data::open_table(&shared("scb-raw/deso_nettoinkomst_2022.xlsx")).unwrap();
    assert_eq!(n.len(), 5984);
    assert_eq!(
        n.numbers("Medianvärde, tkr nettoinkomst totalt 2022")
            .unwrap()[0],
        Some(320.0)
    );
    assert_eq!(
        n.numbers("Medelvärde, tkr nettoinkomst totalt 2022")
            .unwrap()[0],
        Some(581.2)
    );
}

#[test]
fn geopackage_joins_xlsx_on_deso() {
    let l = data::open_layer(&shared("stockholm/deso2018_sweref99tm.gpkg")).unwrap();
    let t = data::open_table(&shared("scb-raw/deso_bakgrund_2022.xlsx")).unwrap();
    let j = join(&l, &t, &KeySpec::parse("deso")).unwrap();
    assert_eq!(j.report.table_field, "region");
    assert_eq!(j.report.matched, 1287);
    assert!(j.report.unmatched_areas.is_empty());
    assert_eq!(j.report.unmatched_rows, 4697);
    assert!(j.report.duplicate_keys.is_empty());
    // Variables on joined data: share with foreign background, in percent.
    let share = Expr::parse("\"utländsk bakgrund totalt 2022\"/\"totalt totalt 2022\"*100")
        .unwrap()
        .evaluate(&j.table, Some(&l.area_km2()))
        .unwrap();
    assert_eq!(share.len(), 1287);
    assert!(share.iter().flatten().all(|s| (0.0..=100.0).contains(s)));
}

#[test]
fn scb_csv_exports() {
    let k = data::open_table(&shared("scb-raw/koppling-deso2018-regso2020.csv")).unwrap();
    assert_eq!(k.len(), 5984);
    assert_eq!(k.columns[0].name, "Kommun");
    assert_eq!(
        k.column("Kommun").unwrap().key_at(0).as_deref(),
        Some("0114")
    );
    let idx = data::open_table(&shared("scb-raw/regso_socioekonomiskt_index_2022.csv")).unwrap();
    assert_eq!(idx.len(), 3363);
    assert_eq!(idx.years(), vec![2022]);
    assert!(idx
        .notes
        .iter()
        .any(|n| n.to_string().contains("24 footnote")));
    let fod = data::open_table(&shared("scb-raw/regso_fodelseregion_2020_2023.csv")).unwrap();
    assert_eq!(fod.len(), 3363);
    assert_eq!(fod.years(), vec![2020, 2021, 2022, 2023]);
    assert!(fod.numbers("Antal Sverige totalt 2020").unwrap()[0] == Some(5002.0));
    assert!(fod.numbers("Antal totalt totalt 2023").unwrap()[0] == Some(5920.0));
    let lon = data::open_table(&shared("scb-raw/regso_medel_loneinkomst_2020_2023.csv")).unwrap();
    assert_eq!(lon.len(), 3363);
    assert_eq!(lon.years(), vec![2020, 2021, 2022, 2023]);
    let upp = data::open_table(&shared("scb-raw/regso_upplatelseform_2020_2023.csv")).unwrap();
    assert_eq!(upp.len(), 3363);
    assert_eq!(upp.numbers("Antal hyresrätt 2020").unwrap()[0], Some(55.0));
}

#[test]
fn regso_joins_scb_labels_by_municipality_and_area_name() {
    let l = data::open_layer(&shared("stockholm/regso2020_scb2022.geojson")).unwrap();
    let t = data::open_table(&shared("scb-raw/regso_socioekonomiskt_index_2022.csv")).unwrap();
    let j = join(&l, &t, &KeySpec::parse("regsonamn")).unwrap();
    assert_eq!(j.report.key_kind, KeyKind::MunicipalityAndArea);
    assert_eq!(j.report.name_fields, vec!["kommunnamn", "regsonamn"]);
    assert_eq!(j.report.matched, 524);
    assert_eq!(j.report.unmatched_rows, 3363 - 524);
    // The joined area type equals the type the layer already carries.
    let ours = j.table.numbers("2022").unwrap();
    let theirs = j.table.numbers("regso_socioek_index_2022").unwrap();
    assert_eq!(ours, theirs);
}

// --- Real SCB workflows: any column name, missing values, regions (issue 12) -------------------

/// Run the binary; its JSON on success, else panics with stderr.
fn segatlas(args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Run the binary expecting bad input (exit 2); its stderr.
fn segatlas_refuses(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// tools/pysal_missing.py's reference values.
fn missing_oracle() -> serde_json::Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/pysal_missing.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A JSON list of texts, sorted (results list areas in feature order).
fn sorted(v: &serde_json::Value) -> serde_json::Value {
    let mut ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    ids.sort();
    serde_json::json!(ids)
}

/// SCB-style suppression: the value of DeSO under 1,000 persons is missing.
const SUPPRESSED_GROUP: &str = "if(folkmangd_2022 >= 1000, utlandsk_bakgrund_2022, 0/0)";
const SUPPRESSED_INCOME: &str = "if(folkmangd_2022 >= 1000, nettoinkomst_median_tkr_2022, 0/0)";

#[test]
fn a_comma_named_scb_column_is_a_variable_everywhere() {
    let gpkg = shared("stockholm/deso2018_sweref99tm.gpkg");
    let xlsx = shared("scb-raw/deso_nettoinkomst_2022.xlsx");
    let var = "Medianvärde, tkr nettoinkomst totalt 2022";
    let v = segatlas(&[
        "classify",
        s(&gpkg),
        "--stats",
        s(&xlsx),
        "--key",
        "deso",
        "--var",
        var,
        "--scheme",
        "quantiles",
        "--k",
        "5",
        "--json",
    ]);
    assert_eq!(v["missing"], 0);
    assert_eq!(
        v["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap())
            .sum::<u64>(),
        1287
    );
    // The same column from the GeoJSON's own statistics gives the same classes.
    let own = segatlas(&[
        "classify",
        s(&shared("stockholm/deso2018_scb2022.geojson")),
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--json",
    ]);
    assert_eq!(v["bins"], own["bins"]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("karta.svg");
    let r = segatlas(&[
        "render",
        s(&gpkg),
        "--stats",
        s(&xlsx),
        "--key",
        "deso",
        "--var",
        var,
        "--out",
        s(&out),
        "--json",
    ]);
    assert_eq!(r["missing"], 0);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("Medianvärde, tkr"));
    // The box plot and the parallel coordinates take it as one variable too (their lists are
    // split at commas only between variables).
    let b = segatlas(&[
        "chart",
        s(&gpkg),
        "--stats",
        s(&xlsx),
        "--key",
        "deso",
        "--kind",
        "boxplot",
        "--var",
        var,
        "--json",
    ]);
    assert_eq!(b["boxes"].as_array().unwrap().len(), 1);
    assert_eq!(b["variable"], var);
    // In an expression the name is quoted, and --where filters on it.
    let v = segatlas(&[
        "classify",
        s(&gpkg),
        "--stats",
        s(&xlsx),
        "--key",
        "deso",
        "--var",
        &format!("\"{var}\" * 1000"),
        "--where",
        "kommun=0180",
        "--json",
    ]);
    assert_eq!(
        v["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap())
            .sum::<u64>(),
        544
    );
}

#[test]
fn segregation_with_missing_values_equals_pysal_on_the_complete_areas() {
    let o = missing_oracle();
    let geojson = shared("stockholm/deso2018_scb2022.geojson");
    let v = segatlas(&[
        "index",
        s(&geojson),
        "--group",
        SUPPRESSED_GROUP,
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim,gini,isolation,entropy",
        "--json",
    ]);
    for r in v["results"].as_array().unwrap() {
        let name = r["index"].as_str().unwrap();
        let e = o["segregation"][name].as_f64().unwrap();
        assert!(
            (r["value"].as_f64().unwrap() - e).abs() < 1e-9,
            "{name}: {r} vs {e}"
        );
    }
    assert_eq!(v["results"].as_array().unwrap().len(), 4);
    assert_eq!(sorted(&v["excluded"]), o["suppressed_excluded"]);
    // Local results keep one entry per area, null where left out.
    let v = segatlas(&[
        "index",
        s(&geojson),
        "--groups",
        "if(folkmangd_2022 >= 1000, utlandsk_bakgrund_2022, 0/0),svensk_bakgrund_2022",
        "--index",
        "local-entropy",
        "--json",
    ]);
    let local = v["results"][0]["value"].as_array().unwrap();
    assert_eq!(local.len(), 1287);
    assert_eq!(local.iter().filter(|x| x.is_null()).count(), 23);
    // --missing error keeps the refusal.
    let err = segatlas_refuses(&[
        "index",
        s(&geojson),
        "--group",
        SUPPRESSED_GROUP,
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim",
        "--missing",
        "error",
    ]);
    assert!(err.contains("is missing (saknas) in 23 areas"), "{err}");
}

#[test]
fn autocorrelation_with_missing_values_equals_esda_on_weights_of_the_complete_areas() {
    let o = missing_oracle();
    let geojson = shared("stockholm/deso2018_scb2022.geojson");
    let columbus = shared("peers/columbus.geojson");
    let suppressed_crime = "if(OPEN >= 0.53, CRIME, 0/0)";
    for (path, var, weights, key, excluded) in [
        (
            &geojson,
            SUPPRESSED_INCOME,
            "knn:5",
            "income_knn5",
            "suppressed_excluded",
        ),
        (
            &geojson,
            "folkmangd_2022 / folkmangd_2010",
            "knn:5",
            "growth_knn5",
            "growth_excluded",
        ),
        // Contiguity on Columbus, where segatlas's queen and rook are libpysal's; the
        // left-out areas leave neighbourhood #6 an island.
        (
            &columbus,
            suppressed_crime,
            "queen",
            "columbus_crime_queen",
            "columbus_excluded",
        ),
        (
            &columbus,
            suppressed_crime,
            "rook",
            "columbus_crime_rook",
            "columbus_excluded",
        ),
    ] {
        let e = &o[key];
        let base = [
            "autocorr",
            s(path),
            "--crs",
            "planar",
            "--var",
            var,
            "--weights",
            weights,
        ];
        // The Stockholm GeoJSON declares WGS 84 in degrees: --crs planar applies to Columbus only.
        let base: Vec<&str> = if path == &columbus {
            base.to_vec()
        } else {
            let mut b = base.to_vec();
            b.drain(2..4);
            b
        };
        let with = |extra: &[&str]| {
            let mut a = base.clone();
            a.extend_from_slice(extra);
            segatlas(&a)
        };
        let m = with(&["--stat", "moran", "--permutations", "0", "--json"]);
        assert_eq!(sorted(&m["excluded"]), sorted(&o[excluded]), "{key}");
        assert_eq!(m["islands"], e["islands"], "{key}");
        let i = m["I"].as_f64().unwrap();
        assert!(
            (i - e["moran_i"].as_f64().unwrap()).abs() < 1e-9,
            "{key}: I = {i} vs {e}"
        );
        let z = m["z_norm"].as_f64().unwrap();
        assert!(
            (z - e["moran_z_norm"].as_f64().unwrap()).abs() < 1e-6,
            "{key}: z = {z}"
        );
        let l = with(&["--stat", "lisa", "--permutations", "0", "--json"]);
        let local = l["local"].as_array().unwrap();
        let layer = segatlas::data::open_layer(path).unwrap();
        assert_eq!(local.len(), layer.len());
        let ids =
            segatlas::data::subset::ids_of(&layer.table, &(0..layer.len()).collect::<Vec<_>>());
        let mut checked = 0;
        for (k, entry) in local.iter().enumerate() {
            let id = &ids[k];
            if o[excluded]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == id.as_str())
            {
                assert!(entry.is_null(), "{key}: {id} was left out");
            } else if let Some(expected) = e["lisa_every_kth"][id].as_f64() {
                let got = entry["I"].as_f64().unwrap();
                assert!(
                    (got - expected).abs() < 1e-9,
                    "{key} {id}: {got} vs {expected}"
                );
                let q = e["lisa_q_every_kth"][id].as_i64().unwrap();
                let quadrant = ["", "HH", "LH", "LL", "HL"][q as usize];
                assert_eq!(entry["quadrant"], quadrant, "{key} {id}");
                checked += 1;
            }
        }
        assert_eq!(
            checked,
            e["lisa_every_kth"].as_object().unwrap().len(),
            "{key}"
        );
    }
}

#[test]
fn municipalities_dissolved_from_deso_carry_the_per_region_indices() {
    let geojson = shared("stockholm/deso2018_scb2022.geojson");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kommuner.gpkg");
    let v = segatlas(&[
        "index",
        s(&geojson),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim,isolation",
        "--by",
        "kommun",
        "--out",
        s(&out),
        "--json",
    ]);
    let regions = data::open_layer(&out).unwrap();
    assert_eq!(regions.len(), 26);
    assert_eq!(regions.crs, Crs::Epsg(4326));
    let deso = data::open_layer(&geojson).unwrap();
    let sum = |a: Vec<f64>| a.iter().sum::<f64>();
    let (whole, parts) = (sum(regions.area_km2()), sum(deso.area_km2()));
    // The DeSO overlap by 0.07 % of their area (simplified geometry): the union is that smaller.
    assert!(
        (whole / parts - 1.0).abs() < 0.002,
        "{whole} km² vs {parts} km²"
    );
    let names = regions.table.column("kommunnamn").unwrap();
    let code = regions.table.column("kommun").unwrap();
    let k = (0..26)
        .find(|&r| code.key_at(r).as_deref() == Some("0180"))
        .unwrap();
    assert_eq!(names.key_at(k).as_deref(), Some("Stockholm"));
    // Stockholm's own area equals its DeSO's, one region's polygon at a time.
    let rows: Vec<usize> = (0..deso.len())
        .filter(|&r| deso.table.column("kommun").unwrap().key_at(r).as_deref() == Some("0180"))
        .collect();
    let parts_0180: f64 = rows.iter().map(|&r| deso.area_km2()[r]).sum();
    // Stockholm's polygon: the union of its DeSO (shapely: 213.2877 km², 0.7 % less than their
    // summed 214.7759 km² where simplified neighbours overlap) with the gaps between them that
    // no DeSO covers filled (+2.23 km²): within 1 % of the sum of its DeSO.
    let whole_0180 = regions.area_km2()[k];
    assert!((parts_0180 - 214.7759).abs() < 1e-3, "{parts_0180}");
    assert!((whole_0180 / parts_0180 - 1.0).abs() < 0.01, "{whole_0180}");
    assert!(whole_0180 > 213.2877, "{whole_0180}");
    let dissim = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "0180" && r["index"] == "dissim")
        .unwrap()["value"]
        .as_f64()
        .unwrap();
    assert_eq!(regions.table.numbers("dissim").unwrap()[k], Some(dissim));
    // CSV too, and --out without --by is refused.
    let csv = dir.path().join("kommuner.csv");
    segatlas(&[
        "index",
        s(&geojson),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim",
        "--by",
        "kommun",
        "--out",
        s(&csv),
        "--json",
    ]);
    assert!(std::fs::read_to_string(&csv).unwrap().lines().count() == 27);
    let err = segatlas_refuses(&[
        "index",
        s(&geojson),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--out",
        s(&csv),
    ]);
    assert!(err.contains("--by"), "{err}");
}

#[test]
fn columbus_declared_planar_keeps_its_oracle() {
    // The legacy planar GeoJSON declared with --crs planar: libpysal's queen on the raw x/y.
    let columbus = shared("peers/columbus.geojson");
    let v = segatlas(&[
        "weights",
        s(&columbus),
        "--crs",
        "planar",
        "--kind",
        "queen",
        "--json",
    ]);
    assert_eq!(v["s0"], 236.0);
}

#[test]
fn validity_is_judged_as_geo_judges_it_on_real_boundaries() {
    use geo::Validation;
    for file in [
        "data/stockholm/deso2018_scb2022.geojson",
        "data/stockholm/regso2020_scb2022.geojson",
        "data/sweden/kommun_scb2022.geojson",
    ] {
        let l = segatlas::data::open_layer(&common::shared(file)).unwrap();
        for g in &l.geometries {
            assert_eq!(
                segatlas::data::validity::problem(g),
                g.check_validation().err().map(|e| e.to_string()),
                "{file}"
            );
        }
    }
}

/// The fuzz targets (`segatlas::fuzz`, run under AFL++ by `fuzz/run.sh`) replayed over their
/// seeds — the real files of `../shared/data`, in place, and ten prefixes of each (files cut
/// short) — and over every input kept in `fuzz/regressions/TARGET/`: none may panic, so a
/// crash once fixed stays fixed.
#[test]
fn every_fuzz_target_replays_its_seeds_and_kept_findings() {
    use segatlas::fuzz::{run, shapefile_input, TARGETS};
    let read = |rel: &str| std::fs::read(common::data(rel)).unwrap();
    let columbus = planar(data::open_layer(&common::data("peers/columbus.geojson")).unwrap());
    let queen = segatlas::spatial::contiguity::queen(&columbus.projected, 0.0);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // The kept findings and the hand-made seeds are part of the suite: a folder deleted by
    // mistake fails here instead of being skipped.
    for kept in [
        "fuzz/regressions/geoparquet",
        "fuzz/seeds/expr",
        "fuzz/seeds/analyses",
    ] {
        let n = std::fs::read_dir(root.join(kept)).map_or(0, |d| d.count());
        assert!(n > 0, "{kept} is missing or empty");
    }
    let mut total = 0;
    for &target in TARGETS {
        let mut inputs: Vec<Vec<u8>> = match target {
            "geojson" => vec![
                read("stockholm/deso2018_scb2022.geojson"),
                read("peers/columbus.geojson"),
            ],
            "gpkg" => vec![read("stockholm/deso2018_sweref99tm.gpkg")],
            "shapefile" => vec![shapefile_input(
                &read("stockholm/shp/deso2018_sweref99tm.shp"),
                &read("stockholm/shp/deso2018_sweref99tm.dbf"),
            )],
            "csv" => vec![
                read("sweden/deso2018_stats_2022.csv"),
                read("scb-raw/regso_fodelseregion_2020_2023.csv"),
            ],
            "xlsx" => vec![read("scb-raw/deso_bakgrund_2022.xlsx")],
            "gal" => vec![segatlas::spatial::files::gal(&queen, "columbus").into_bytes()],
            "gwt" => vec![segatlas::spatial::files::gwt(&queen, "columbus").into_bytes()],
            "geoparquet" => {
                use polars::prelude::*;
                let mut df = df!("deso" => ["0114A0010", "0114A0020"], "v" => [1.5, 2.5]).unwrap();
                let mut buf = Vec::new();
                ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
                vec![buf]
            }
            "analyses" => vec![read("peers/columbus.geojson")],
            "project" => vec![br#"{"segatlas_project":1,"layer":"x.geojson","stats":null,"key":null,"crs":null,"style":{"variable":"a"},"figure":{}}"#.to_vec()],
            _ => Vec::new(),
        };
        for dir in [
            root.join("fuzz/regressions").join(target),
            root.join(format!("fuzz/seeds/{target}")),
        ] {
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for e in entries.flatten() {
                    inputs.push(std::fs::read(e.path()).unwrap());
                }
            }
        }
        assert!(!inputs.is_empty(), "{target}: no input");
        for input in &inputs {
            run(target, input);
            total += 1;
            // Cut short at ten places.
            for k in 1..10 {
                run(target, &input[..input.len() * k / 10]);
                total += 1;
            }
        }
    }
    assert!(total > 100);
}

/// tools/pysal_scenario.py's reference values.
fn scenario_oracle() -> serde_json::Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/pysal_scenario.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn a_scenario_inside_one_deso_equals_pysal_on_the_counts_changed_by_hand() {
    let o = scenario_oracle();
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let change = o["one"]["change"].as_str().unwrap();
    let v = segatlas(&[
        "scenario",
        s(&deso),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--change",
        change,
        "--by",
        "kommun",
        "--ci",
        "0.95",
        "--replicates",
        "199",
        "--json",
    ]);
    let rows = v["indices"].as_array().unwrap();
    // 1,000 persons in a county of 2.4 million do not move dissimilarity beyond the noise of
    // which areas happen to be there.
    let d = &rows[0];
    assert_eq!(
        (d["index"].as_str(), d["exceeds_noise"].as_bool()),
        (Some("dissim"), Some(false))
    );
    assert!(
        d["ci_low"].as_f64() < d["before"].as_f64() && d["before"].as_f64() < d["ci_high"].as_f64()
    );
    for (region, before, after) in [
        (None, "before", "after"),
        (Some("0180"), "before_0180", "after_0180"),
    ] {
        for name in ["dissim", "isolation", "entropy", "spatial-dissim"] {
            let row = rows
                .iter()
                .find(|r| r["index"] == name && r["region"].as_str() == region)
                .unwrap_or_else(|| panic!("{name} {region:?}"));
            for (key, want) in [("before", &o["one"][before]), ("after", &o["one"][after])] {
                let (got, want) = (row[key].as_f64().unwrap(), want[name].as_f64().unwrap());
                assert!(
                    (got - want).abs() < 1e-10,
                    "{name} {region:?} {key}: {got} vs {want}"
                );
            }
        }
    }
    // Every municipality but Stockholm is unchanged.
    let solna = rows
        .iter()
        .find(|r| r["index"] == "dissim" && r["region"] == "0184")
        .unwrap();
    assert_eq!(solna["difference"].as_f64(), Some(0.0));
    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 1);
    assert_eq!(areas[0]["id"], o["one"]["deso"]);
    assert_eq!(areas[0]["persons"].as_f64(), Some(1000.0));
    assert_eq!(
        areas[0]["added"]["utlandsk_bakgrund_2022"].as_f64(),
        Some(500.0)
    );
}

#[test]
fn a_scenario_over_two_deso_splits_by_overlap_and_a_new_area_gets_its_neighbours() {
    let o = scenario_oracle();
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let change = o["two"]["change"].as_str().unwrap();
    let args = |extra: &'static [&'static str]| {
        let mut a = vec![
            "scenario",
            s(&deso),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--change",
            change,
            "--json",
        ];
        a.extend_from_slice(extra);
        a
    };
    let v = segatlas(&args(&[]));
    let want = o["two"]["fractions"].as_object().unwrap();
    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), want.len());
    for a in areas {
        let f = want[a["id"].as_str().unwrap()].as_f64().unwrap();
        assert!((a["fraction"].as_f64().unwrap() - f).abs() < 1e-6, "{a}");
        assert!(
            (a["persons"].as_f64().unwrap() - 2000.0 * f).abs() < 2e-3,
            "{a}"
        );
    }
    // As a new area: cut out of both, their neighbour along the cut.
    let v = segatlas(&args(&["--as-new-area", "--by", "kommun"]));
    let new = &v["new_areas"][0];
    assert_eq!(new["id"], "ny 1");
    assert_eq!(new["region"], "0180");
    let mut nb: Vec<&str> = new["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    nb.sort_unstable();
    let mut expected: Vec<&str> = want.keys().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(nb, expected);
}

#[test]
fn a_scenario_writes_the_areas_after_and_refuses_what_cannot_be() {
    let o = scenario_oracle();
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("efter.geojson");
    let change = o["one"]["change"].as_str().unwrap();
    let types = "lag_ekonomisk_standard_pct_2022,lag_ekonomisk_standard_pct_2022,lag_ekonomisk_standard_pct_2022";
    // 3,000 persons of whom 40 % have a low economic standard (SEI here: that share three times)
    // raise the DeSO's SEI from 6 to (6·1,482 + 40·3,000)/4,482: type 4 becomes type 1.
    let big = change.replace(
        "persons=1000:share=0.5",
        "persons=3000:share=0.6:v1=40:v2=40:v3=40",
    );
    let v = segatlas(&[
        "scenario",
        s(&deso),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--change",
        &big,
        "--types",
        types,
        "--out",
        s(&out),
        "--json",
    ]);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let features = written["features"].as_array().unwrap();
    assert_eq!(features.len(), 1287);
    let f = features
        .iter()
        .find(|f| f["properties"]["deso"] == "0180C1740")
        .unwrap();
    let p = &f["properties"];
    assert_eq!(p["personer_tillagda"].as_f64(), Some(3000.0));
    assert_eq!(p["folkmangd_2022 efter"].as_f64(), Some(1482.0 + 3000.0));
    let share = (266.0 + 1800.0) / 4482.0;
    assert!((p["andel_efter"].as_f64().unwrap() - share).abs() < 1e-12);
    let t = &v["type_changes"][0];
    assert_eq!(
        (t["id"].as_str(), t["before"].as_u64(), t["after"].as_u64()),
        (Some("0180C1740"), Some(4), Some(1))
    );
    let sei = (6.0 * 1482.0 + 40.0 * 3000.0) / 4482.0;
    assert!((t["sei_after"].as_f64().unwrap() - sei).abs() < 1e-9);
    assert_eq!(v["type_changes"].as_array().unwrap().len(), 1);
    // Plans side by side, each with its figure: the change map of the municipality it changes.
    let figure = dir.path().join("plan.svg");
    let v = segatlas(&[
        "scenario",
        s(&deso),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--by",
        "kommun",
        "--change",
        &format!("{change}:scenario=A"),
        "--change",
        &format!("{}:scenario=B", change.replace("share=0.5", "share=0.1")),
        "--figure",
        s(&figure),
        "--json",
    ]);
    assert_eq!(v["scenarios"].as_array().unwrap().len(), 2);
    assert!(v.get("indices").is_none());
    for name in ["plan_A.svg", "plan_B.svg"] {
        let svg = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(svg.contains("oförändrad"), "{name}");
        assert!(svg.contains("id=\"overlay\""), "{name}");
        // Stockholm's DeSO only (the plan's municipality), not the county's 1,287.
        let unchanged = svg.split("oförändrad (").nth(1).unwrap();
        assert!(
            unchanged.starts_with("543)"),
            "{name}: {}",
            &unchanged[..10]
        );
    }
    // And plan.svg itself: the two plans side by side on one legend, each with its polygon.
    let both = std::fs::read_to_string(&figure).unwrap();
    assert_eq!(both.matches("class=\"map\"").count(), 2);
    assert_eq!(both.matches("class=\"outline\"").count(), 2);
    assert!(both.contains(">A</text>") && both.contains(">B</text>"));
    // One legend for both maps.
    assert_eq!(both.matches(">oförändrad<").count(), 1);
    assert!(v["written"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str() == Some(s(&figure))));
    let a = &v["scenarios"][0]["indices"][0];
    let b = &v["scenarios"][1]["indices"][0];
    assert_ne!(a["after"], b["after"]);
    // Nothing it cannot place or count.
    let e = segatlas_refuses(&[
        "scenario",
        s(&deso),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--change",
        "POLYGON((10 50, 10.1 50, 10.1 50.1, 10 50.1, 10 50)):persons=10:share=0.5",
    ]);
    assert!(e.contains("outside every area"), "{e}");
    assert!(e.contains("deso2018_scb2022.geojson"), "{e}");
    let e = segatlas_refuses(&[
        "scenario",
        s(&deso),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--change",
        &change.replace("persons=1000", "persons=-5000"),
    ]);
    assert!(e.contains("takes away more than area 0180C1740"), "{e}");
    let e = segatlas_refuses(&[
        "scenario",
        s(&deso),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--change",
        &change.replace(":share=0.5", ""),
    ]);
    assert!(e.contains("--change 1") && e.contains("share=S"), "{e}");
}

/// Reading a large file reports real progress and stops when its job is cancelled: the work
/// counter counts every 256 features (parsed, then validated) or rows, and stays at zero for a
/// cancelled read, which ends in the "interrupted" error instead of a layer.
#[test]
fn reading_reports_progress_and_stops_when_cancelled() {
    use segatlas::work::{under, Control};
    let path = shared("stockholm/deso2018_scb2022.geojson");
    let running = Control::new();
    let layer = under(&running, || data::open_layer(&path)).unwrap();
    let chunks = layer.len().div_ceil(256) as u64;
    assert!(running.done() >= 2 * chunks, "{}", running.done());
    assert!(running.progress() >= 0.3);
    let cancelled = Control::new();
    cancelled.cancel();
    let e = under(&cancelled, || data::open_layer(&path)).unwrap_err();
    assert_eq!(e.kind, segatlas::error::ErrorKind::Cancelled);
    assert_eq!(cancelled.done(), 0);
    let csv = shared("sweden/deso2018_stats_2022.csv");
    let rows = Control::new();
    let t = under(&rows, || data::open_table(&csv)).unwrap();
    assert_eq!(rows.done(), t.len().div_ceil(256) as u64);
    let cancelled = Control::new();
    cancelled.cancel();
    let e = under(&cancelled, || data::open_table(&csv)).unwrap_err();
    assert_eq!(e.kind, segatlas::error::ErrorKind::Cancelled);
}

//! The engine on every file in `../shared/data`, asserting real figures.

use segatlas::data::crs::Crs;
use segatlas::data::join::{join, KeyKind, KeySpec};
use segatlas::data::table::FieldType;
use segatlas::data::{self, expr::Expr};
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

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
    assert!(pop > 2_400_000.0 && pop < 2_500_000.0, "{pop}");
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
    let ga: f64 = g.area_km2().iter().sum();
    let sa: f64 = s.area_km2().iter().sum();
    assert!((ga - sa).abs() < 1e-6 * ga);
    assert!((ga - 11_554.598).abs() / 11_554.598 < 1e-3, "{ga}");
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
    let columbus = data::open_layer(&shared("peers/columbus.geojson")).unwrap();
    assert_eq!((columbus.len(), columbus.crs), (49, Crs::Planar));
    assert!(columbus.all_warnings().iter().any(|w| w.contains("planar")));
    assert_eq!(columbus.projected, columbus.geometries);
    let mut sac = data::open_layer(&shared("peers/sacramento1.geojson")).unwrap();
    assert_eq!((sac.len(), sac.crs), (403, Crs::Planar));
    sac.assume_crs(Crs::Epsg(4326)).unwrap();
    assert_eq!(sac.working_crs, Crs::Epsg(32610));
    assert_eq!(
        data::open_layer(&shared("peers/sids2.geojson"))
            .unwrap()
            .len(),
        100
    );
    let grid = data::open_layer(&shared("peers/segdata_grid.geojson")).unwrap();
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
    assert!(t.notes.iter().any(|n| n.contains("footnote")));
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
    assert!(idx.notes.iter().any(|n| n.contains("24 footnote")));
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

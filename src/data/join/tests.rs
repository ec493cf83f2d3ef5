//! Tests of the parent module: hand-computed cases.
use super::*;
use crate::data::crs::Crs;
use crate::data::layer::RawFeature;
use std::path::Path;

fn layer(cols: Vec<Column>) -> Layer {
    let n = cols[0].values.len();
    let feats = (0..n)
        .map(|_| RawFeature {
            geometry: None,
            declared_type: "Polygon",
        })
        .collect();
    Layer::build(
        Path::new("l.geojson"),
        "l".into(),
        Crs::Planar,
        feats,
        Table::new(cols).unwrap(),
        vec![],
    )
    .unwrap()
}

fn text(name: &str, v: &[&str]) -> Column {
    Column::text(name, v.iter().map(|s| Some(s.to_string())).collect())
}

#[test]
fn code_join_reports_both_sides() {
    let l = layer(vec![text("deso", &["A1", "A2", "A3"])]);
    let t = Table::new(vec![
        text("region", &["A2", "A1", "B9"]),
        Column::number("pop", vec![Some(2.0), Some(1.0), Some(9.0)]),
    ])
    .unwrap();
    let j = join(&l, &t, &KeySpec::parse("deso")).unwrap();
    assert_eq!(j.report.table_field, "region");
    assert_eq!(j.report.matched, 2);
    assert_eq!(j.report.unmatched_areas, vec!["A3"]);
    assert_eq!(j.report.unmatched_rows, 1);
    assert_eq!(j.report.unmatched_row_keys, vec!["B9"]);
    assert_eq!(
        j.table.numbers("pop").unwrap(),
        &[Some(1.0), Some(2.0), None]
    );
}

#[test]
fn codes_of_another_boundary_version_are_warned_about() {
    let l = layer(vec![text(
        "deso",
        &["0114A0010", "0114A0020", "0114A0030", "0114A0040"],
    )]);
    let t = Table::new(vec![
        text(
            "deso",
            &["0114A0010", "0114A0021", "0114A0031", "0114A0041"],
        ),
        Column::number("pop", vec![Some(1.0); 4]),
    ])
    .unwrap();
    let j = join(&l, &t, &KeySpec::parse("deso")).unwrap();
    assert_eq!(j.report.matched, 1);
    let note = j
        .table
        .notes
        .iter()
        .find(|n| n.to_string().contains("different versions"));
    assert!(
        note.is_some_and(|n| n.to_string().contains("3 areas and 3 rows")),
        "{:?}",
        j.table.notes
    );
    // Leftovers of different forms are only reported as unmatched.
    let t = Table::new(vec![
        text("deso", &["0114A0010", "0114A0020", "X", "Y"]),
        Column::number("pop", vec![Some(1.0); 4]),
    ])
    .unwrap();
    let j = join(&l, &t, &KeySpec::parse("deso")).unwrap();
    assert!(!j
        .table
        .notes
        .iter()
        .any(|n| n.to_string().contains("different versions")));
}

#[test]
fn one_file_per_year_joins_as_year_columns() {
    let l = layer(vec![text("deso", &["A1", "A2"])]);
    let y2021 = Table::new(vec![
        text("deso", &["A1", "A2"]),
        Column::number("folkmangd", vec![Some(10.0), Some(20.0)]),
    ])
    .unwrap();
    let spec = KeySpec::parse("deso@2021");
    assert_eq!(spec.year, Some(2021));
    assert_eq!(spec.layer_field, "deso");
    let j = join(&l, &y2021, &spec).unwrap();
    let mut l2 = l.clone();
    l2.table = j.table;
    let y2022 = Table::new(vec![
        text("deso", &["A1", "A2"]),
        Column::number("folkmangd", vec![Some(11.0), None]),
    ])
    .unwrap();
    let j = join(&l2, &y2022, &KeySpec::parse("deso:deso@2022")).unwrap();
    assert_eq!(j.table.years(), vec![2021, 2022]);
    assert_eq!(
        j.table.numbers("folkmangd_2022").unwrap(),
        &[Some(11.0), None]
    );
}

#[test]
fn columns_the_layer_already_has_are_not_repeated() {
    let l = layer(vec![text("kod", &["1", "2"]), text("namn", &["A", "B"])]);
    let t = Table::new(vec![
        text("kod", &["1", "2"]),
        text("namn", &["A", "X"]),
        Column::number("v", vec![Some(1.0), Some(2.0)]),
    ])
    .unwrap();
    let j = join(&l, &t, &KeySpec::parse("kod")).unwrap();
    // 'namn' differs on one area, so both are kept; an identical column is not added again.
    assert!(j.table.column("namn_2").is_some());
    let t2 = Table::new(vec![text("kod", &["1", "2"]), text("namn", &["A", "B"])]).unwrap();
    let j2 = join(&l, &t2, &KeySpec::parse("kod")).unwrap();
    assert!(j2.table.column("namn_2").is_none());
    assert!(j2.table.notes[0].to_string().contains("namn"));
}

#[test]
fn duplicate_keys_leave_areas_empty_and_are_reported() {
    let l = layer(vec![text("k", &["a", "b"])]);
    let t = Table::new(vec![
        text("k", &["a", "a", "b"]),
        Column::number("v", vec![Some(1.0), Some(2.0), Some(3.0)]),
    ])
    .unwrap();
    let j = join(&l, &t, &KeySpec::parse("k")).unwrap();
    assert_eq!(j.report.duplicate_keys, vec!["a"]);
    assert_eq!(j.table.numbers("v").unwrap(), &[None, Some(3.0)]);
    let e = duplicate_error(&t, &j.report, &table_keys(&t, &j.report)).unwrap();
    assert!(e.message.contains("key 'a' occurs more than once"), "{e}");
}

#[test]
fn municipality_and_area_labels_match_name_fields() {
    let l = layer(vec![
        text("regso", &["R1", "R2", "R3"]),
        text("regsonamn", &["Centrum", "Centrum", "Norr"]),
        text("kommunnamn", &["Täby", "Solna", "Solna"]),
    ]);
    let t = Table::new(vec![
        text(
            "region",
            &["Solna (Centrum)", "Täby  (centrum)", "Solna (Söder)"],
        ),
        Column::number("idx", vec![Some(2.0), Some(1.0), Some(5.0)]),
    ])
    .unwrap();
    let j = join(&l, &t, &KeySpec::parse("regso")).unwrap();
    assert_eq!(j.report.key_kind, KeyKind::MunicipalityAndArea);
    assert_eq!(j.report.name_fields, vec!["kommunnamn", "regsonamn"]);
    assert_eq!(
        j.table.numbers("idx").unwrap(),
        &[Some(1.0), Some(2.0), None]
    );
    assert_eq!(j.report.unmatched_areas, vec!["R3"]);
    assert_eq!(j.report.unmatched_row_keys, vec!["solna (söder)"]);
}

#[test]
fn explicit_table_field_and_missing_field() {
    let l = layer(vec![text("kod", &["1"])]);
    let t = Table::new(vec![text("x", &["1"]), text("y", &["1"])]).unwrap();
    let j = join(&l, &t, &KeySpec::parse("kod:y")).unwrap();
    assert_eq!(j.report.table_field, "y");
    assert!(join(&l, &t, &KeySpec::parse("nope")).is_err());
    assert!(join(&l, &t, &KeySpec::parse("kod:nope")).is_err());
}

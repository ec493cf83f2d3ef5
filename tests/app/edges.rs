//! The app on flawed real files: a layer with null and empty geometries opens, is drawn without
//! them, and the autocorrelation leaves them out as the CLI does.

use crate::{opened, wait};
use segatlas::app::panels::autocorr::AutocorrView;
use serde_json::{json, Value};

#[test]
fn a_layer_with_null_and_empty_geometries_opens_and_its_analyses_leave_them_out() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(crate::common::data("stockholm/deso2018_scb2022.geojson")).unwrap();
    let mut fc: Value = serde_json::from_str(&text).unwrap();
    let features = fc["features"].as_array_mut().unwrap();
    features[0]["geometry"] = Value::Null;
    features[1]["geometry"] = json!({"type": "Polygon", "coordinates": []});
    features[2]["geometry"] = json!({"type": "MultiPolygon", "coordinates": [[[]], [[[18.0, 59.3], [18.01, 59.3], [18.01, 59.31], [18.0, 59.3]]]]});
    let path = dir.path().join("nulls.geojson");
    std::fs::write(&path, fc.to_string()).unwrap();
    let mut h = opened(vec![path]);
    assert_eq!(
        h.state().doc.layers.len(),
        1,
        "{:?}",
        h.state().doc.messages
    );
    let l = &h.state().doc.layers[0];
    assert_eq!(l.len(), 1287);
    assert!(l.meshes[0].indices.is_empty() && l.meshes[1].indices.is_empty());
    assert!(!l.meshes[2].indices.is_empty());
    h.state_mut().doc.style.variable = "nettoinkomst_median_tkr_2022".into();
    {
        let app = h.state_mut();
        let view = app
            .views
            .iter_mut()
            .find_map(|v| v.as_any_mut().downcast_mut::<AutocorrView>())
            .unwrap();
        view.start(&mut app.doc, segatlas::i18n::Lang::Sv);
    }
    wait(&mut h, |h| {
        h.state()
            .view::<AutocorrView>()
            .is_some_and(|v| v.result.is_some())
    });
    let r = h
        .state()
        .view::<AutocorrView>()
        .unwrap()
        .result
        .as_ref()
        .unwrap();
    assert_eq!(r.subset.no_geometry, vec![0, 1]);
    assert_eq!(r.subset.rows.len(), 1285);
}

/// Compared DeSO are called by their own code and the RegSO they lie in, never only by their
/// municipality's name (six DeSO used to read "Södertälje, Stockholm, Stockholm…"); a layer whose
/// areas have names of their own (municipalities) keeps them.
#[test]
fn compared_areas_are_called_by_their_own_code_and_regso() {
    use segatlas::app::panels::compare::CompareView;
    let mut h = super::opened(vec![super::common::data(
        "stockholm/deso2018_scb2022.geojson",
    )]);
    {
        let l = h.state().doc.active_layer().unwrap();
        assert!(!l.own_names);
        assert_eq!(l.label_of(0), "0180C3420 Södra Station");
        assert_eq!(l.label_and_code(0), "0180C3420 Södra Station");
    }
    {
        let app = h.state_mut();
        app.doc.select(0, false);
        app.doc.select(4, true);
        let mut compare = CompareView {
            variables: vec!["folkmangd_2022".into()],
            ..Default::default()
        };
        compare.run(&mut app.doc);
        *app.view_mut::<CompareView>().unwrap() = compare;
    }
    super::wait(&mut h, |h| {
        h.state().view::<CompareView>().unwrap().job.is_none()
            && h.state().view::<CompareView>().unwrap().result.is_some()
    });
    let ids: Vec<String> = h
        .state()
        .view::<CompareView>()
        .unwrap()
        .result
        .as_ref()
        .unwrap()
        .units
        .iter()
        .map(|u| u.id.clone())
        .collect();
    assert_eq!(ids[0], "0180C3420 Södra Station");
    assert!(ids[1].starts_with("0181"), "{ids:?}");
    assert!(
        !ids.iter().any(|i| i == "Stockholm" || i == "Södertälje"),
        "{ids:?}"
    );
    // Municipalities have names of their own.
    let k = super::opened(vec![super::common::data("sweden/kommun_scb2022.geojson")]);
    let l = k.state().doc.active_layer().unwrap();
    assert!(l.own_names);
    let code = l.table.column("kommun_kod").unwrap();
    let r = (0..l.len())
        .find(|&r| code.key_at(r).as_deref() == Some("0127"))
        .unwrap();
    assert_eq!(l.label_of(r), "Botkyrka");
}

/// Each layer keeps its own style: the municipalities given another palette, the counties come
/// back with theirs (the grants in YlOrRd), and the municipalities again with their own.
#[test]
fn each_layer_keeps_its_own_style_when_another_is_active() {
    use egui_kittest::kittest::Queryable;
    let mut h = super::harness_with(segatlas::app::Settings::default(), false);
    assert_eq!(h.state().doc.style.variable, "belopp_tkr");
    let county_palette = h.state().doc.style.palette.clone();
    h.get_by_label("Kommuner (290)").click();
    h.run();
    {
        let doc = &mut h.state_mut().doc;
        doc.style.palette = "Greens".into();
        doc.style.k = 7;
        doc.restyle(segatlas::i18n::Lang::Sv);
    }
    h.run();
    h.get_by_label("Län (21)").click();
    h.run();
    let doc = &h.state().doc;
    assert_eq!(doc.style.variable, "belopp_tkr");
    assert_eq!(doc.style.palette, county_palette);
    h.get_by_label("Kommuner (290)").click();
    h.run();
    let doc = &h.state().doc;
    assert_eq!((doc.style.palette.as_str(), doc.style.k), ("Greens", 7));
}

/// The map speaks: a screen reader is told the layer, the variable by its label, the classes
/// with their counts and the selected area with its value; Page Down on the focused map steps to
/// the next area.
#[test]
fn the_map_tells_a_screen_reader_what_it_shows_and_steps_through_areas() {
    use egui_kittest::kittest::{NodeT, Queryable};
    let mut h = super::harness_with(segatlas::app::Settings::default(), false);
    let name = h
        .get_by_label_contains("Karta: Län · ")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(name.contains("Statsbidrag mot segregation, tkr"), "{name}");
    assert!(name.contains("5 klasser: 0 – 180 (5)"), "{name}");
    // The window has a name: the app and what it shows.
    assert_eq!(
        h.root().accesskit_node().label().as_deref(),
        Some("segatlas – Statsbidrag mot segregation 2018, tkr per län")
    );
    h.get_by_label_contains("Karta: Län · ").focus();
    h.run();
    h.key_press(egui::Key::PageDown);
    h.run();
    assert_eq!(
        h.state().doc.selection.iter().copied().collect::<Vec<_>>(),
        [0]
    );
    let name = h
        .get_by_label_contains("Karta: Län · ")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(name.contains("Markerat: Stockholms län"), "{name}");
    h.key_press(egui::Key::PageDown);
    h.run();
    assert_eq!(
        h.state().doc.selection.iter().copied().collect::<Vec<_>>(),
        [1]
    );
}

/// Numbers in the UI's format in the panels too: the autocorrelation panel's significance level
/// reads 0,05 in Swedish (it read 0.05).
#[test]
fn the_autocorrelation_panel_writes_numbers_in_swedish() {
    use egui_kittest::kittest::{NodeT, Queryable};
    let mut h = super::harness_with(segatlas::app::Settings::default(), false);
    h.get_by_label("Autokorrelation").click();
    h.run();
    let combo = h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Signifikansnivå");
    let shown = format!("{:?}", combo.accesskit_node());
    assert!(shown.contains("0,05") && !shown.contains("0.05"), "{shown}");
}

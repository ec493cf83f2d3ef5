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

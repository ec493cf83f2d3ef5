//! *Överför till andra gränser*: Stockholm's DeSO moved onto the police's areas in the app, the
//! counts and rates proposed, the result a new layer equal to `segatlas interpolate`'s.

use egui_kittest::kittest::Queryable;
use segatlas::app::panels::interpolate::InterpolateView;

use super::common::{self, data as shared};
use super::wait;

#[test]
fn deso_moved_onto_the_police_areas_become_a_layer_equal_to_the_cli() {
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let police = shared("sweden/polisen_utsatta_omraden_2023.geojson");
    let mut h = super::opened(vec![deso.clone(), police.clone()]);
    wait(&mut h, |h| h.state().doc.layers.len() == 2);
    // The DeSO are the source: make them active (the files load in either order).
    let (src, tgt) = if h.state().doc.layers[0].len() == 1287 {
        (0, 1)
    } else {
        (1, 0)
    };
    h.state_mut().doc.set_active(src, segatlas::i18n::Lang::Sv);
    h.run();
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Överför till andra gränser").click();
    h.run();
    {
        let v = h.state().view::<InterpolateView>().unwrap();
        // Counts proposed as counts, rates as rates; the other open layer as the target.
        assert!(v.extensive.contains("folkmangd_2022"), "{}", v.extensive);
        assert!(!v.extensive.contains("pct"), "{}", v.extensive);
        assert!(
            v.intensive.contains("pct") || v.intensive.contains("median"),
            "{}",
            v.intensive
        );
        assert_eq!(v.target, Some(tgt));
    }
    {
        let v = h.state_mut().view_mut::<InterpolateView>().unwrap();
        v.extensive = "folkmangd_2022, utlandsk_bakgrund_2022".into();
        v.intensive = "nettoinkomst_median_tkr_2022".into();
    }
    h.run();
    // A median is said not to move exactly.
    h.get_by_label(
        "En median eller ett medelvärde kan inte överföras exakt: målen får källornas värden vägda med överlappen",
    );
    h.get_by_label("Överför").click();
    h.run();
    wait(&mut h, |h| h.state().doc.layers.len() == 3);
    h.run();
    let app = h.state();
    let moved = &app.doc.layers[2];
    assert_eq!(app.doc.active, 2);
    // The new layer shows the first variable moved.
    assert_eq!(app.doc.style.variable, "folkmangd_2022");
    assert_eq!(moved.len(), 59);
    let got = moved.table.numbers("folkmangd_2022").unwrap().to_vec();
    let cli = common::segatlas_json(&[
        "interpolate",
        common::s(&deso),
        common::s(&police),
        "--extensive",
        "folkmangd_2022,utlandsk_bakgrund_2022",
        "--intensive",
        "nettoinkomst_median_tkr_2022",
        "--json",
    ]);
    let want: Vec<Option<f64>> = cli["per_target"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["folkmangd_2022"].as_f64())
        .collect();
    // The same numbers (to the last digits: the app's and the CLI's readers may round a
    // coordinate's last bit apart).
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        match (g, w) {
            (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9 * w.abs().max(1.0), "{g} {w}"),
            _ => assert_eq!(g, w),
        }
    }
    // The summary: totals and the 33 police areas outside the county receive nothing.
    let v = app.view::<InterpolateView>().unwrap();
    // The form still moves from the DeSO (the new layer is active, not the source).
    assert_eq!(v.source, Some(src));
    let o = v.outcome.as_ref().unwrap();
    assert_eq!(o.empty_targets.len(), 33);
    h.get_by_label("33 mål får ingenting (saknas): Araby, Rosengård, Gottsunda, Bergsjön, Skäggetorp, Biskopsgården, … (+27)");
}

/// Seen under Xvfb while moving DeSO onto the police's areas: the DeSO layer, shown as area
/// types (a categorical map) when it opened, came back from the police layer as a continuous
/// map of the type numbers (1–3, 3–4, 4–5). A layer keeps its style when another is added.
#[test]
fn a_layer_keeps_its_style_when_another_is_opened_and_it_is_chosen_again() {
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let police = shared("sweden/polisen_utsatta_omraden_2023.geojson");
    let mut h = super::opened(vec![deso]);
    let before = h.state().doc.style.clone();
    assert!(before.categorical, "{before:?}");
    let layer = segatlas::app::map_layer::MapLayer::new(
        "polisen".into(),
        None,
        segatlas::data::open_layer(&police).unwrap(),
        segatlas::data::open_layer(&police).unwrap().table,
    );
    h.state_mut().doc.add_layer(layer, segatlas::i18n::Lang::Sv);
    h.run();
    assert!(!h.state().doc.style.categorical);
    h.state_mut().doc.set_active(0, segatlas::i18n::Lang::Sv);
    h.run();
    assert_eq!(h.state().doc.style, before);
}

/// The follow-up view on a series whose 2023 was published on DeSO only: the year is moved onto
/// the RegSO first (by area), said in the view, and the moves equal `change --years-from`'s.
#[test]
fn the_follow_up_view_takes_missing_years_from_another_layer() {
    use segatlas::app::panels::followup::FollowUpView;
    let dir = tempfile::tempdir().unwrap();
    let trimmed = common::regso_without(dir.path(), &["folkmangd_2023"]);
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let mut h = super::opened(vec![trimmed.clone(), deso.clone()]);
    wait(&mut h, |h| h.state().doc.layers.len() == 2);
    h.state_mut().doc.set_active(0, segatlas::i18n::Lang::Sv);
    h.run();
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Följa upp").click();
    h.run();
    {
        let v = h.state_mut().view_mut::<FollowUpView>().unwrap();
        v.var = "folkmangd_2022".into();
        v.years = "2022, 2023".into();
        v.years_from = Some(1);
    }
    h.run();
    h.get_by_label("Beräkna").click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<FollowUpView>()
            .is_some_and(|v| v.job.is_none() && (v.result.is_some() || v.error.is_some()))
    });
    h.run();
    let v = h.state().view::<FollowUpView>().unwrap();
    assert_eq!(v.error, None);
    let r = v.result.as_ref().unwrap();
    assert_eq!(r.brought.len(), 1);
    assert_eq!(r.brought[0].year, 2023);
    let cli = common::segatlas_json(&[
        "change",
        common::s(&trimmed),
        "--var",
        "folkmangd_2022",
        "--years",
        "2022,2023",
        "--years-from",
        common::s(&deso),
        "--json",
    ]);
    assert_eq!(cli["moved_up"], r.transitions.moved_up);
    assert_eq!(cli["moved_down"], r.transitions.moved_down);
    for (a, mine) in cli["areas"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&r.transitions.areas)
    {
        let (x, y) = (a["values"][1].as_f64().unwrap(), mine.values[1].unwrap());
        assert!((x - y).abs() < 1e-9 * x.max(1.0), "{x} {y}");
    }
    h.get_by_label(&format!(
        "2023 överfört från {} ({}): folkmangd_2023",
        r.brought[0].from, r.brought[0].method
    ));
}

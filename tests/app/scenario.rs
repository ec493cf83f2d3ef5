//! Planning scenarios in the app, as a planner does it on SCB's DeSO: open *Analys → Scenario*,
//! keep the proposed group and total, zoom to a DeSO in Bagarmossen, draw a polygon inside it
//! with four clicks, press *Klar* and *Beräkna*: the indices after equal PySAL's on the counts
//! changed by hand (tools/pysal_scenario.py), the map shows the change, a second plan sits beside
//! the first, and the project keeps both.

use super::{opened, wait};
use crate::common::shared;
use egui_kittest::kittest::Queryable;
use segatlas::app::panels::scenario::ScenarioView;

#[test]
fn a_planner_draws_a_plan_in_bagarmossen_and_sees_what_it_does_to_segregation() {
    let oracle: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/oracles/pysal_scenario.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut h = opened(vec![shared("data/stockholm/deso2018_scb2022.geojson")]);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Scenario").click();
    h.run();
    h.run();
    {
        let v = h.state().view::<ScenarioView>().unwrap();
        assert_eq!(v.group, "utlandsk_bakgrund_2022");
        assert_eq!(v.total, "folkmangd_2022");
        assert_eq!(v.by, "kommun");
        assert_eq!((v.persons, v.share_pct), (1000.0, 50.0));
    }
    // Zoom to the DeSO and draw a small square around its label point.
    let (deso, centre) = {
        let l = h.state().doc.active_layer().unwrap();
        let i = (0..l.len())
            .find(|&i| l.code_of(i).as_deref() == Some("0180C1740"))
            .unwrap();
        let e = l.extent_of(std::iter::once(i)).unwrap();
        (i, e)
    };
    h.state_mut().doc.view.fit = Some(centre);
    h.run();
    h.get_by_label("Rita polygon på kartan").click();
    h.run();
    let (rect, point) = {
        let app = h.state();
        let l = app.doc.active_layer().unwrap();
        (app.map_rect.unwrap(), l.label_points[deso].unwrap())
    };
    let at = h.state().doc.view.to_screen(rect, point);
    for (dx, dy) in [(-8.0, -8.0), (8.0, -8.0), (8.0, 8.0), (-8.0, 8.0)] {
        let p = at + egui::vec2(dx, dy);
        h.hover_at(p);
        h.drag_at(p);
        h.drop_at(p);
        h.run_steps(3);
    }
    assert_eq!(h.state().view::<ScenarioView>().unwrap().points.len(), 4);
    h.get_by_label("Klar").click();
    h.run();
    {
        let v = h.state().view::<ScenarioView>().unwrap();
        assert_eq!(v.error, None);
        assert_eq!(v.plans[0].changes.len(), 1);
        assert!(v.points.is_empty() && !v.drawing);
    }
    h.get_by_label("Beräkna").click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<ScenarioView>()
            .is_some_and(|v| v.job.is_none())
    });
    h.run();
    {
        let app = h.state();
        let v = app.view::<ScenarioView>().unwrap();
        assert_eq!(v.error, None);
        let s = &v.result.as_ref().expect("a result").outcome.scenarios[0];
        assert_eq!(s.name, "Plan A");
        assert_eq!(s.received.len(), 1);
        assert_eq!((s.received[0].row, s.received[0].persons), (deso, 1000.0));
        // Inside one DeSO, 1,000 persons, half of them the group: PySAL's after-values.
        for name in ["dissim", "isolation", "entropy", "spatial-dissim"] {
            for (region, key) in [(None, "after"), (Some("0180"), "after_0180")] {
                let row = s
                    .indices
                    .iter()
                    .find(|i| i.index == name && i.region.as_deref() == region)
                    .unwrap();
                let want = oracle["one"][key][name].as_f64().unwrap();
                assert!(
                    (row.after.unwrap() - want).abs() < 1e-10,
                    "{name} {region:?}"
                );
            }
        }
        // The map shows the change in the group's share: the DeSO in the highest class.
        let r = app.doc.rendered.as_ref().unwrap();
        assert_eq!(
            r.title.as_deref(),
            Some("Plan A · utlandsk_bakgrund_2022 (procentenheter)")
        );
        assert_eq!(
            app.doc.style.variable,
            "Plan A · Förändring av gruppens andel (procentenheter)"
        );
        assert_eq!(r.class[deso], Some(4));
        assert_eq!(r.legend.len(), 5);
        let unchanged = r.legend.iter().find(|e| e.label == "oförändrad").unwrap();
        assert_eq!(unchanged.count, r.values.len() - 1);
    }
    // A second plan beside the first: 500 persons none of the group, in the same place.
    h.get_by_label("Ny plan").click();
    h.run();
    {
        let v = h.state_mut().view_mut::<ScenarioView>().unwrap();
        assert_eq!(v.current, 1);
        let shape = v.plans[0].changes[0].shape.clone();
        v.persons = 500.0;
        v.share_pct = 0.0;
        v.add_change(shape, segatlas::i18n::Lang::Sv);
    }
    h.run();
    h.get_by_label("Beräkna").click();
    h.step();
    assert!(h.state().view::<ScenarioView>().unwrap().job.is_some());
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<ScenarioView>()
            .is_some_and(|v| v.job.is_none())
    });
    h.run();
    let (dissim_a, dissim_b) = {
        let v = h.state().view::<ScenarioView>().unwrap();
        let o = &v.result.as_ref().unwrap().outcome;
        let counts: Vec<usize> = v.plans.iter().map(|p| p.changes.len()).collect();
        assert_eq!(o.scenarios.len(), 2, "{:?} {counts:?}", v.error);
        let d = |k: usize| o.scenarios[k].indices[0].after.unwrap();
        (d(0), d(1))
    };
    assert_ne!(dissim_a, dissim_b);
    // The two plans side by side, exported from the view: one figure, both plans' maps.
    assert!(h
        .query_by_label("Exportera planerna sida vid sida…")
        .is_some());
    let svg = h
        .state()
        .view::<ScenarioView>()
        .unwrap()
        .side_by_side(&h.state().doc, segatlas::i18n::Lang::Sv)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("planer.pdf");
    h.state()
        .doc
        .write_export(
            &segatlas::app::document::Export::Svg {
                svg: svg.clone(),
                width: 1600.0,
                height: 900.0,
            },
            &out,
            segatlas::i18n::Lang::Sv,
        )
        .unwrap();
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    assert_eq!(svg.matches("class=\"map\"").count(), 2);
    assert!(svg.contains(">Plan A</text>") && svg.contains(">Plan B</text>"));
    // On screen too, in the view.
    assert!(h.query_by_label("Planerna sida vid sida").is_some());
    // The report of the plans' municipality gets a page on them (Arkiv → Rapport…).
    assert_eq!(h.state().doc.plans.len(), 2);
    h.get_by_label("Arkiv").click();
    h.run();
    h.get_by_label("Rapport…").click();
    h.run_steps(4);
    assert!(h
        .query_by_label("En sida om scenariovyns planer (2)")
        .is_some());
    {
        let r = h
            .state_mut()
            .view_mut::<segatlas::app::panels::report::ReportView>()
            .unwrap();
        r.folder = dir.path().display().to_string();
        r.only = "0180".into();
    }
    h.run_steps(2);
    h.get_by_label("Skapa rapporten").click();
    h.step();
    wait(&mut h, |h| {
        let v = h
            .state()
            .view::<segatlas::app::panels::report::ReportView>()
            .unwrap();
        v.job.is_none() && (!v.written.is_empty() || v.error.is_some())
    });
    let r = h
        .state()
        .view::<segatlas::app::panels::report::ReportView>()
        .unwrap();
    assert_eq!(r.error, None);
    assert_eq!(r.written[0].pages, 3, "the plans' page");
    // Back to the scenario's tab.
    h.get_all_by_label("Scenario").last().unwrap().click();
    h.run_steps(4);
    // Neither plan moves an index beyond the noise of which areas happen to be there; a plan of
    // 200,000 persons all of the group does, and its change is starred.
    assert_eq!(h.query_all_by_label_contains(" *").count(), 0);
    h.get_by_label("Ny plan").click();
    h.run();
    {
        let v = h.state_mut().view_mut::<ScenarioView>().unwrap();
        let shape = v.plans[0].changes[0].shape.clone();
        v.persons = 200_000.0;
        v.share_pct = 100.0;
        v.add_change(shape, segatlas::i18n::Lang::Sv);
    }
    h.run();
    h.get_by_label("Beräkna").click();
    h.step();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<ScenarioView>()
            .is_some_and(|v| v.job.is_none())
    });
    h.run();
    assert_eq!(
        h.state()
            .view::<ScenarioView>()
            .unwrap()
            .result
            .as_ref()
            .unwrap()
            .outcome
            .scenarios[2]
            .indices[0]
            .exceeds_noise,
        Some(true)
    );
    assert!(h.query_all_by_label_contains(" *").count() > 0);
    // Both plans' columns in the table, and a project that computes them again.
    h.get_by_label("Plan B").click();
    let p = h.state().project().unwrap();
    let s = p.analyses.scenario.expect("the scenario in the project");
    assert_eq!(s.changes.len(), 3);
    assert!(
        s.changes[1].ends_with(":persons=500:share=0:scenario=Plan B"),
        "{}",
        s.changes[1]
    );
    let layer = h.state().doc.active_layer().unwrap().layer.clone();
    let plans = segatlas::analysis::scenario::from_texts(&s.changes, &layer).unwrap();
    assert_eq!(plans.len(), 3);
    let drawn = &h.state().view::<ScenarioView>().unwrap().plans[0].changes[0].shape;
    let back = &plans[0].changes[0].shape;
    let (a, b) = (drawn.0[0].exterior().0[2], back.0[0].exterior().0[2]);
    assert!((a.x - b.x).abs() < 1e-3 && (a.y - b.y).abs() < 1e-3);
}

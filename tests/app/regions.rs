//! Regionalisation in the app, as a planner does it on SCB's DeSO: open the view, keep the
//! variables it proposes, choose max-p with a population floor, divide; the regions become a
//! field and a map with a legend, a region's row selects its areas, and projects keep it.

use super::{opened, wait};
use crate::common::shared;
use egui_kittest::kittest::Queryable;
use segatlas::app::panels::regions::RegionsView;

#[test]
fn a_planner_divides_stockholm_into_regions_above_a_population_floor() {
    let mut h = opened(vec![shared("data/stockholm/deso2018_scb2022.geojson")]);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Regionindelning").click();
    h.run();
    h.run();
    // The view proposes SCB's variables: median income, low economic standard and the
    // foreign-background share over the population of the same year.
    let v = h.state().view::<RegionsView>().unwrap();
    assert_eq!(
        v.vars,
        vec![
            "nettoinkomst_median_tkr_2022",
            "lag_ekonomisk_standard_pct_2022",
            "utlandsk_bakgrund_2022/folkmangd_2022"
        ]
    );
    // max-p from the method list, with a floor of 50,000 persons.
    h.get_by_label("Metod").click();
    h.run();
    h.get_by_label("max-p (flest regioner över golvet)").click();
    h.run();
    // Choosing max-p turned its floor on.
    assert!(h.state().view::<RegionsView>().unwrap().use_floor);
    {
        let v = h.state_mut().view_mut::<RegionsView>().unwrap();
        assert_eq!(v.floor_expr, "folkmangd_2023");
        v.floor_expr = "folkmangd_2022".into();
        v.floor_min = 50_000.0;
    }
    h.get_by_label("Dela in").click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<RegionsView>()
            .is_some_and(|v| v.job.is_none())
    });
    h.run();
    let app = h.state();
    let v = app.view::<RegionsView>().unwrap();
    assert_eq!(v.error, None);
    let r = v.result.as_ref().expect("regions");
    // As the CLI finds them on segatlas's queen weights (38 on libpysal's).
    let count = r.outcome.regions.count;
    assert!((36..=45).contains(&count), "{count}");
    for s in &r.outcome.summaries {
        assert!(s.floor_sum.unwrap() >= 50_000.0);
    }
    // The regions are a field of the layer and the map shows them; with this many regions the
    // legend says how many and what the colours mean, not one line each.
    let layer = &app.doc.layers[app.doc.active];
    assert!(layer.table.column("region_maxp").is_some());
    assert_eq!(app.doc.style.variable, "region_maxp");
    let rendered = app.doc.rendered.as_ref().unwrap();
    assert_eq!(rendered.legend.len(), 1);
    assert!(rendered.legend[0]
        .label
        .starts_with(&format!("{count} regioner")));
    assert!(rendered.title.as_deref().unwrap().contains("maxp"));
    // Touching regions never share a colour.
    for &(a, b) in &r.outcome.touching {
        assert_ne!(
            rendered.colors[a - 1],
            rendered.colors[b - 1],
            "regions {a} and {b}"
        );
    }
    // The exported figure draws the region borders over the areas, as the screen does.
    let svg = app
        .doc
        .figure_svg(segatlas::app::i18n::Lang::Sv, 800.0, 600.0)
        .unwrap();
    assert!(svg.contains("id=\"overlay\""));
    // Other analyses can split by the regions (segregation per region, compare).
    assert!(
        segatlas::app::panels::compare::grouping_fields(&layer.table)
            .contains(&"region_maxp".to_string())
    );
    let first = r.outcome.summaries[0].rows.clone();
    // The table of regions: clicking region 1 selects its areas on the map.
    h.get_by_label("Markera regionens områden 1").click();
    h.run();
    let selected: Vec<usize> = h.state().doc.selection.iter().copied().collect();
    assert_eq!(selected, first);
    // A project keeps the regionalisation's settings.
    let p = h.state().project().unwrap();
    let s = p.analyses.regions.expect("regions in the project");
    assert_eq!(s.method, "maxp");
    assert_eq!(s.floor.as_deref(), Some("folkmangd_2022>=50000"));
}

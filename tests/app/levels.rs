//! *Nivåer*: SCB's national DeSO table alone (no map) with SCB's link table: the groups and
//! levels proposed, the decomposition equal to `segatlas levels`, the municipalities ranked, a
//! municipality's own split, and the bundled municipalities coloured by their own M.

use super::common::{data as shared, s, segatlas_json};
use super::{harness_with, wait};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use segatlas::app::panels::levels::LevelsView;
use segatlas::app::{SegatlasApp, Settings};

/// The app with *Analys → Nivåer* open on a table file (and a link table), as a person opens it.
fn levels_on(
    table: &std::path::Path,
    link: Option<&std::path::Path>,
) -> Harness<'static, SegatlasApp> {
    let mut h = harness_with(Settings::default(), false);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Nivåer").click();
    h.run();
    {
        let v = h.state_mut().view_mut::<LevelsView>().unwrap();
        v.table_path = s(table).into();
        if let Some(l) = link {
            v.link_path = s(l).into();
        }
    }
    h.run();
    h
}

/// Press *Beräkna* and wait for the decomposition (or its error).
fn compute(h: &mut Harness<'static, SegatlasApp>) {
    h.get_by_label("Beräkna").click();
    h.step();
    wait(h, |h| {
        h.state()
            .view::<LevelsView>()
            .is_some_and(|v| v.job.is_none() && (v.result.is_some() || v.error.is_some()))
    });
    h.run();
}

#[test]
fn levels_from_the_national_table_alone_equal_the_cli_and_go_on_the_map() {
    let table = shared("sweden/deso2018_stats_2022.csv");
    let link = shared("scb-raw/koppling-deso2018-regso2020.csv");
    let mut h = levels_on(&table, Some(&link));
    {
        let v = h.state().view::<LevelsView>().unwrap();
        assert_eq!(v.groups, "svensk_bakgrund_2022, utlandsk_bakgrund_2022");
        assert_eq!(v.levels, "lan,kommun,regso,deso");
    }
    compute(&mut h);
    let cli = segatlas_json(&[
        "levels",
        s(&table),
        "--groups",
        "svensk_bakgrund_2022,utlandsk_bakgrund_2022",
        "--levels",
        "lan,kommun,regso,deso",
        "--link",
        s(&link),
        "--json",
    ]);
    {
        let v = h.state().view::<LevelsView>().unwrap();
        assert_eq!(v.error, None);
        let o = v.result.as_ref().unwrap();
        let d = &o.decomposition;
        // Equal but for the last bit of JSON's decimal text.
        let same = |a: f64, b: f64| assert!((a - b).abs() <= 1e-15 * b.abs(), "{a} vs {b}");
        same(d.total, cli["total"]["m"].as_f64().unwrap());
        for (k, p) in cli["parts"].as_array().unwrap().iter().enumerate() {
            same(d.parts[k], p["m"].as_f64().unwrap());
        }
        assert_eq!(
            o.levels[v.shown].name, "kommun",
            "municipalities are ranked first"
        );
    }
    // The default map's join report does not pop up when a view's work finishes.
    assert!(h.query_by_label("Kopplingsrapport").is_none());
    // The parts in words, the ranked table, and Stockholm's own split when clicked.
    h.get_by_label("Mellan RegSO inom kommuner");
    // The stacked bar is named for a screen reader with its parts.
    h.get_by_label_contains("Fördelad på nivåer: Mellan län: 14,1 %");
    h.get_by_label("1. 0180 Stockholm").scroll_to_me();
    h.run();
    h.get_by_label("1. 0180 Stockholm").click();
    h.run();
    let split = h.get_by_label_contains("Stockholm: M = ");
    let text = format!("{split:?}");
    assert!(
        text.contains("mellan RegSO") && text.contains("inom RegSO"),
        "{text}"
    );
    h.get_by_label("Mellan DeSO inom RegSO");
    // The bundled municipalities coloured by their own M.
    h.get_by_label("Visa på kartan").scroll_to_me();
    h.run();
    h.get_by_label("Visa på kartan").click();
    h.run();
    assert_eq!(h.state().view::<LevelsView>().unwrap().error, None);
    let doc = &h.state().doc;
    let layer = doc.active_layer().unwrap();
    assert_eq!(layer.table.len(), 290);
    assert_eq!(doc.style.variable, "Eget M (kommuner)");
    let m = layer.table.numbers("Eget M (kommuner)").unwrap();
    let code = layer.table.column("kommun_kod").unwrap();
    let stockholm = (0..290)
        .find(|&r| code.key_at(r).as_deref() == Some("0180"))
        .unwrap();
    let ours = cli["units"]["kommun"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "0180")
        .unwrap()["m"]
        .as_f64()
        .unwrap();
    assert!((m[stockholm].unwrap() - ours).abs() <= 1e-15 * ours);
    assert!(
        m.iter().all(Option::is_some),
        "every municipality has its M"
    );
    assert!(doc.rendered.is_some() || doc.style_error.is_none());
}

/// The segregation panel per region with groups: Theil's M split between and within the
/// municipalities, in words and equal to `segatlas index --by kommun --decompose`.
#[test]
fn the_segregation_panel_splits_theils_m_between_and_within_the_regions() {
    use segatlas::app::panels::segregation::SegregationView;
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let mut h = super::opened(vec![layer.clone()]);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Segregationsindex").click();
    h.run();
    {
        let f = h.state_mut().view_mut::<SegregationView>().unwrap();
        f.multigroup = true;
        f.groups = "svensk_bakgrund_2022, utlandsk_bakgrund_2022".into();
        f.region = Some("kommun".into());
        f.selected = ["multi-divergence"].into_iter().collect();
    }
    h.run();
    h.get_by_label("Beräkna index").click();
    wait(&mut h, |h| {
        h.state()
            .view::<SegregationView>()
            .unwrap()
            .results
            .is_some()
    });
    h.run();
    let cli = segatlas_json(&[
        "index",
        s(&layer),
        "--groups",
        "svensk_bakgrund_2022,utlandsk_bakgrund_2022",
        "--index",
        "multi-divergence",
        "--by",
        "kommun",
        "--decompose",
        "--json",
    ]);
    let part = |c: &str| {
        cli["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["component"] == c)
            .unwrap()["value"]
            .as_f64()
            .unwrap()
    };
    let lang = segatlas::i18n::Lang::Sv;
    let line = format!(
        "Theils M = {}: mellan regionerna {}",
        lang.number(part("total"), 4),
        lang.number(part("between"), 4)
    );
    h.get_by_label_contains(&line);
    let within = format!("inom dem {}", lang.number(part("within"), 4));
    h.get_by_label_contains(&within);
    // Each region by its code and name, the index and its parts in Swedish.
    h.get_by_label("0127 Botkyrka");
    h.get_by_label("Divergens (Theils M) (mellan regionerna)");
    h.get_by_label("Divergens (Theils M) (inom regionerna)");
    let botkyrka = cli["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "0127")
        .unwrap();
    assert_eq!(botkyrka["name"], "Botkyrka");
}

/// *Bara inom*: one county alone — its municipalities ranked inside it, its total its own M, as
/// `levels --within lan=01`.
#[test]
fn levels_within_one_county_equal_the_cli() {
    let table = shared("sweden/deso2018_stats_2022.csv");
    let mut h = levels_on(&table, None);
    h.state_mut().view_mut::<LevelsView>().unwrap().within = "lan=01".into();
    h.run();
    compute(&mut h);
    let cli = segatlas_json(&[
        "levels",
        s(&table),
        "--groups",
        "svensk_bakgrund_2022,utlandsk_bakgrund_2022",
        "--levels",
        "lan,kommun,deso",
        "--within",
        "lan=01",
        "--json",
    ]);
    let v = h.state().view::<LevelsView>().unwrap();
    assert_eq!(v.error, None);
    let o = v.result.as_ref().unwrap();
    assert_eq!(
        o.levels[0].codes.len(),
        26,
        "Stockholm county's municipalities"
    );
    let total = cli["total"]["m"].as_f64().unwrap();
    assert!((o.decomposition.total - total).abs() <= 1e-15 * total);
    h.get_by_label("Mellan kommuner inom län 01");
}

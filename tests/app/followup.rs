//! The compare-and-follow-up windows driven through AccessKit with egui_kittest: comparing
//! Danderyd, Solna and Botkyrka with county 01, computing area types on Stockholm's DeSO and
//! selecting by a rule, the year slider on SCB's RegSO time series, and a transect.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;
use segatlas::app::SegatlasApp;
use std::path::PathBuf;

use super::common::data as shared;
use super::wait;
use segatlas::analysis::segregation::Scale as At;
use segatlas::app::panels::{
    areatypes::AreaTypesView, compare::CompareView, difference::DifferenceView,
    followup::FollowUpView, segregation::SegregationView, transect::TransectView,
};

/// The app with a file opened (waiting for the background load), without the attribute table.
fn opened(path: PathBuf) -> Harness<'static, SegatlasApp> {
    super::opened(vec![path])
}

/// Replace the text of the field named `label` as a person would: click, select all, type.
fn type_into(h: &mut Harness<'static, SegatlasApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn row_of(h: &Harness<'static, SegatlasApp>, field: &str, value: &str) -> usize {
    let t = &h.state().doc.active_layer().unwrap().table;
    let c = t.column(field).unwrap();
    (0..t.len())
        .find(|&r| c.key_at(r).as_deref() == Some(value))
        .unwrap()
}

const EMPLOYED: &str = "sysselsatta_16_64_2022/befolkning_16_64_2022*100";

#[test]
fn compare_three_municipalities_with_their_county() {
    let mut h = opened(shared("sweden/kommun_scb2022.geojson"));
    for code in ["0162", "0184", "0127"] {
        let r = row_of(&h, "kommun_kod", code);
        h.state_mut().doc.select(r, true);
    }
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Jämför områden").click();
    h.run();
    // The variable typed as an expression and added, as a person would.
    type_into(&mut h, "Variabel: Uttryck", EMPLOYED);
    h.get_by_label("Lägg till").click();
    h.run();
    assert_eq!(
        h.state().view::<CompareView>().unwrap().variables,
        vec![EMPLOYED.to_string()]
    );
    h.get_by_role_and_label(Role::CheckBox, "lan_kod").click();
    h.run();
    h.get_by_label("Jämför nu").click();
    h.run();
    wait(&mut h, |h| {
        h.state().view::<CompareView>().unwrap().job.is_none()
    });
    let c = h
        .state()
        .view::<CompareView>()
        .unwrap()
        .result
        .clone()
        .expect("a comparison");
    assert_eq!(c.units.len(), 3);
    assert_eq!(c.references.len(), 1);
    assert_eq!(c.references[0].value, "01");
    // County 01 from summed counts, computed here from the layer's own columns.
    let t = &h.state().doc.active_layer().unwrap().table;
    let lan = t.column("lan_kod").unwrap();
    let (s, b) = (
        t.numbers("sysselsatta_16_64_2022").unwrap(),
        t.numbers("befolkning_16_64_2022").unwrap(),
    );
    let (mut ss, mut bb) = (0.0, 0.0);
    for r in 0..t.len() {
        if lan.key_at(r).as_deref() == Some("01") {
            ss += s[r].unwrap();
            bb += b[r].unwrap();
        }
    }
    assert!((c.references[0].values[0].unwrap() - ss / bb * 100.0).abs() < 1e-9);
    // The table and the chart's export are on screen.
    h.get_by_label("Alla områden");
    h.get_by_label("Exportera diagram…");
    let labels: Vec<&str> = c.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(labels, vec!["Botkyrka", "Danderyd", "Solna"]);
}

#[test]
fn area_types_map_and_threshold_rule() {
    let mut h = opened(shared("stockholm/deso2018_scb2022.geojson"));
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Socioekonomiska områdestyper").click();
    h.run();
    // The population weight offered is the components' year's.
    assert_eq!(
        h.state().view::<AreaTypesView>().unwrap().weight,
        "folkmangd_2022"
    );
    h.get_by_label("Beräkna områdestyper").click();
    h.run();
    // Computed in the background; the map changes when it is done.
    wait(&mut h, |h| {
        h.state().view::<AreaTypesView>().unwrap().job.is_none()
    });
    h.run();
    let ws = &h.state().doc;
    let (t, agree) = h
        .state()
        .view::<AreaTypesView>()
        .unwrap()
        .result
        .clone()
        .expect("area types");
    let with_data = t.types.iter().filter(|x| x.is_some()).count();
    assert_eq!(t.counts.iter().sum::<usize>(), with_data);
    assert_eq!(with_data, 1287);
    // The map shows the five types by their Swedish names.
    assert!(ws.style.categorical);
    let legend = &ws.rendered.as_ref().unwrap().legend;
    assert!(legend[0]
        .label
        .ends_with("Områden med stora socioekonomiska utmaningar"));
    assert_eq!(legend.iter().map(|e| e.count).sum::<usize>(), 1287);
    // The agreement table with SCB's published type is shown.
    assert_eq!(agree.unwrap().both, 1287);
    h.get_by_label("beräknad \\ publicerad");
    // A rule selects areas on the map.
    h.state_mut().view_mut::<AreaTypesView>().unwrap().rule = "sei_beraknad >= mean + 2 sd".into();
    h.get_by_label("Välj områden").click();
    h.run();
    let ws = &h.state().doc;
    assert_eq!(ws.selection.len(), t.counts[0]);
    h.get_by_label("Exportera urvalet…");
    // A condition on a column picked from the list joins the rule.
    h.get_by_role_and_label(Role::ComboBox, "Lägg till villkor på kolumn")
        .click();
    h.run();
    // The list's entry (the inspector shows the same name as a label).
    h.get_all_by_label("folkmangd_2022")
        .find(|n| n.accesskit_node().role() != Role::Label)
        .unwrap()
        .click();
    h.run();
    assert_eq!(
        h.state().view::<AreaTypesView>().unwrap().rule,
        "sei_beraknad >= mean + 2 sd and folkmangd_2022 >= mean + 1 sd"
    );
}

#[test]
fn year_slider_plays_the_regso_time_series() {
    // The layer and SCB's table opened together: the table opens the join dialog.
    let mut app = SegatlasApp::new(
        segatlas::app::Settings::default(),
        vec![
            shared("stockholm/regso2020_scb2022.geojson"),
            shared("scb-raw/regso_fodelseregion_2020_2023.csv"),
        ],
    );
    app.hide_table();
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1600.0, 1000.0));
    wait(&mut h, |h| {
        h.state().doc.pending_join.is_some() && !h.state().doc.layers.is_empty()
    });
    h.run();
    type_into(&mut h, "Nyckel", "regsonamn:region");
    h.get_by_label("Koppla").click();
    wait(&mut h, |h| {
        h.state().doc.jobs.is_empty() && h.state().doc.pending_join.is_none()
    });
    h.run();
    assert_eq!(
        h.state().doc.active_layer().unwrap().join_reports[0].matched,
        524
    );
    type_into(
        &mut h,
        "Uttryck",
        "\"Antal Sverige totalt 2020\" / \"Antal totalt totalt 2020\" * 100",
    );
    h.get_all_by_label("Använd").next().unwrap().click();
    h.run();
    let before = h.state().doc.rendered.as_ref().unwrap().values.clone();
    assert_eq!(before.iter().flatten().count(), 524);
    h.get_by_role_and_label(Role::Slider, "År")
        .increment_accesskit();
    h.run();
    let ws = &h.state().doc;
    assert!(ws.style.variable.contains("2021"), "{}", ws.style.variable);
    let after = ws.rendered.as_ref().unwrap().values.clone();
    assert_ne!(before, after);
    // The change since 2020 as a map: 2021 minus 2020.
    h.state_mut().doc.selection.insert(0);
    segatlas::app::panels::years::set_change(
        &mut h.state_mut().doc,
        Some((segatlas::analysis::years::Change::Difference, 2020)),
        segatlas::i18n::Lang::Sv,
    );
    h.run();
    let ws = &h.state().doc;
    let d = ws.rendered.as_ref().unwrap().values[0].unwrap();
    assert!((d - (after[0].unwrap() - before[0].unwrap())).abs() < 1e-9);
    // The selected area's line over the years is drawn in the inspector.
    h.get_by_label("Exportera diagram…");
    let c = segatlas::app::panels::years::chart(&h.state().doc, segatlas::i18n::Lang::Sv).unwrap();
    match c {
        segatlas::figure::chart::Chart::Lines { series, .. } => {
            assert_eq!(series[0].points.len(), 4);
        }
        _ => panic!("a line chart"),
    }
}

#[test]
fn transect_from_typed_coordinates() {
    let mut h = opened(shared("stockholm/deso2018_scb2022.geojson"));
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Transekt").click();
    h.run();
    type_into(
        &mut h,
        "Koordinater (lon lat)",
        "18.0362 59.3985, 18.0604 59.3313, 17.8144 59.2437",
    );
    h.get_all_by_label("Använd").last().unwrap().click();
    h.run();
    wait(&mut h, |h| {
        h.state().view::<TransectView>().unwrap().job.is_none()
    });
    let ws = &h.state().doc;
    // shapely: 55 DeSO meet this line over at least 1 m, in 56 pieces (one of them twice).
    assert_eq!(h.state().view::<TransectView>().unwrap().result.len(), 56);
    let distinct: std::collections::HashSet<usize> = h
        .state()
        .view::<TransectView>()
        .unwrap()
        .result
        .iter()
        .map(|c| c.row)
        .collect();
    assert_eq!(distinct.len(), 55);
    let l = ws.active_layer().unwrap();
    let first = l
        .table
        .column("kommun")
        .unwrap()
        .key_at(h.state().view::<TransectView>().unwrap().result[0].row);
    let last = l.table.column("kommun").unwrap().key_at(
        h.state()
            .view::<TransectView>()
            .unwrap()
            .result
            .last()
            .unwrap()
            .row,
    );
    assert_eq!(first.as_deref(), Some("0162"));
    assert_eq!(last.as_deref(), Some("0127"));
    h.get_by_label("Exportera diagram…");
}

#[test]
fn segregation_panel_computes_in_the_background_and_maps_per_municipality() {
    use segatlas::app::panels::segregation::Scale;
    let mut h = opened(shared("stockholm/deso2018_scb2022.geojson"));
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Segregationsindex").click();
    h.run();
    {
        let f = &h.state().view::<SegregationView>().unwrap();
        assert_eq!(f.group, "utlandsk_bakgrund_2022");
        assert_eq!(f.total, "folkmangd_2022");
    }
    h.get_by_role_and_label(Role::ComboBox, "Per region")
        .click();
    h.run();
    h.get_all_by_label("kommun").last().unwrap().click();
    h.run();
    assert_eq!(
        h.state()
            .view::<SegregationView>()
            .unwrap()
            .region
            .as_deref(),
        Some("kommun")
    );
    h.get_by_label("Beräkna index").click();
    wait(&mut h, |h| {
        h.state()
            .view::<SegregationView>()
            .unwrap()
            .results
            .is_some()
    });
    h.run();
    let rows = h
        .state()
        .view::<SegregationView>()
        .unwrap()
        .results
        .clone()
        .unwrap()
        .1;
    // dissim, isolation and spatial-dissim for each of the 26 municipalities
    assert_eq!(rows.len(), 3 * 26);
    // Botkyrka's dissimilarity equals the registry's function on its own areas.
    let l = h.state().doc.active_layer().unwrap();
    let kommun = l.table.column("kommun").unwrap();
    let pick = |name: &str| -> Vec<f64> {
        let v = l.table.numbers(name).unwrap();
        (0..l.len())
            .filter(|&r| kommun.key_at(r).as_deref() == Some("0127"))
            .map(|r| v[r].unwrap())
            .collect()
    };
    let (x, t) = (pick("utlandsk_bakgrund_2022"), pick("folkmangd_2022"));
    let d = segatlas::measures::segregation::single::dissim(
        &segatlas::measures::segregation::single::SingleGroup {
            x: &x,
            t: &t,
            area: None,
        },
    );
    let botkyrka = rows
        .iter()
        .find(|r| r.index == "dissim" && r.region.as_deref() == Some("0127"))
        .unwrap();
    assert!((botkyrka.value.number().unwrap() - d).abs() < 1e-12);
    // The index per municipality as a map of the municipalities themselves: the DeSO dissolved
    // into 26 polygons, classified over the municipalities.
    let layers = h.state().doc.layers.len();
    h.get_by_role_and_label(Role::Button, "dissim").click();
    wait(&mut h, |h| {
        h.state().doc.layers.len() == layers + 1 && h.state().doc.jobs.is_empty()
    });
    h.run();
    let ws = &h.state().doc;
    let regions = ws.active_layer().unwrap();
    assert_eq!(regions.len(), 26);
    assert_eq!(ws.style.variable, "dissim");
    let legend = &ws.rendered.as_ref().unwrap().legend;
    assert_eq!(legend.iter().map(|e| e.count).sum::<usize>(), 26);
    let code = regions.table.column("kommun").unwrap();
    let k = (0..26)
        .find(|&r| code.key_at(r).as_deref() == Some("0127"))
        .unwrap();
    assert_eq!(
        regions.table.numbers("dissim").unwrap()[k],
        botkyrka.value.number()
    );
    assert_eq!(
        regions
            .table
            .column("kommunnamn")
            .unwrap()
            .key_at(k)
            .as_deref(),
        Some("Botkyrka")
    );
    // Back to the DeSO.
    h.get_by_label("deso2018_scb2022 (1287)").click();
    h.run();
    assert_eq!(h.state().doc.active_layer().unwrap().len(), 1287);

    // A multiscalar profile over distances, drawn as a chart.
    {
        let f = &mut h.state_mut().view_mut::<SegregationView>().unwrap();
        f.region = None;
        f.scale = Scale::Distances;
        f.scales = "1000,2000".into();
        f.selected = ["dissim"].into_iter().collect();
        f.results = None;
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
    let rows = h
        .state()
        .view::<SegregationView>()
        .unwrap()
        .results
        .clone()
        .unwrap()
        .1;
    let distances: Vec<f64> = rows
        .iter()
        .map(|r| match r.scale {
            Some(At::Distance(d)) => d,
            _ => panic!("a distance"),
        })
        .collect();
    assert_eq!(distances, vec![0.0, 1000.0, 2000.0]);
    assert!(segatlas::app::panels::segregation::profile(&rows, segatlas::i18n::Lang::Sv).is_some());
    h.get_by_label("Exportera diagram…");

    // On queen-contiguity neighbourhoods.
    {
        let f = &mut h.state_mut().view_mut::<SegregationView>().unwrap();
        f.scale = Scale::Weights;
        f.results = None;
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
    let rows = h
        .state()
        .view::<SegregationView>()
        .unwrap()
        .results
        .clone()
        .unwrap()
        .1;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].scale, Some(At::Weights("queen".into())));
}

#[test]
fn local_segregation_results_become_a_map_layer() {
    let mut h = opened(shared("stockholm/deso2018_scb2022.geojson"));
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Segregationsindex").click();
    h.run();
    {
        let f = &mut h.state_mut().view_mut::<SegregationView>().unwrap();
        f.multigroup = true;
        f.selected = ["local-entropy"].into_iter().collect();
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
    h.get_by_label("Visa på kartan").click();
    h.run();
    let ws = &h.state().doc;
    assert_eq!(ws.style.variable, "local_entropy");
    assert!(ws.style_error.is_none());
    let r = ws.rendered.as_ref().unwrap();
    assert_eq!(r.values.iter().flatten().count(), 1287);
    assert!(r.values.iter().flatten().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn follow_up_view_finds_transitions_trends_and_early_warnings_on_the_regso_series() {
    let o: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/oracles/pandas_change.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut app = SegatlasApp::new(
        segatlas::app::Settings::default(),
        vec![
            shared("stockholm/regso2020_scb2022.geojson"),
            shared("scb-raw/regso_medel_loneinkomst_2020_2023.csv"),
        ],
    );
    app.hide_table();
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1600.0, 1000.0));
    wait(&mut h, |h| {
        h.state().doc.pending_join.is_some() && !h.state().doc.layers.is_empty()
    });
    // When the table loads before the layer, its key is empty: the dialog proposes the layer's
    // code field once the layer is there, and the join finds SCB's "Kommun (RegSO)" names itself.
    h.state_mut().doc.pending_join.as_mut().unwrap().key.clear();
    h.run();
    assert_eq!(h.state().doc.pending_join.as_ref().unwrap().key, "regso");
    h.get_by_label("Koppla").click();
    wait(&mut h, |h| {
        h.state().doc.jobs.is_empty() && h.state().doc.pending_join.is_none()
    });
    h.run();
    assert_eq!(
        h.state().doc.active_layer().unwrap().join_reports[0].matched,
        524
    );
    // Map the 2020 income, then follow it: the view starts from the map's variable and its years.
    type_into(&mut h, "Uttryck", "\"Medelvärde för samtliga, tkr 2020\"");
    h.get_all_by_label("Använd").next().unwrap().click();
    h.run();
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Följa upp").click();
    h.run();
    h.run();
    {
        let v = h.state().view::<FollowUpView>().unwrap();
        assert_eq!(v.var, "\"Medelvärde för samtliga, tkr 2020\"");
        assert_eq!(v.years, "2020, 2021, 2022, 2023");
        assert_eq!(v.toward_high, Some(false));
    }
    h.get_by_label("Beräkna").click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<FollowUpView>()
            .is_some_and(|v| v.job.is_none())
    });
    h.run();
    let (warned, first_warning) = {
        let app = h.state();
        let v = app.view::<FollowUpView>().unwrap();
        assert_eq!(v.error, None);
        let t = &v.result.as_ref().unwrap().transitions;
        let matrix: Vec<Vec<u64>> = t
            .matrix
            .iter()
            .map(|r| r.iter().map(|n| *n as u64).collect())
            .collect();
        assert_eq!(serde_json::json!(matrix), o["transitions"]);
        // The map of the moves: its legend counts are the matrix's.
        let r = app.doc.rendered.as_ref().unwrap();
        let counts: Vec<usize> = r.legend.iter().map(|e| e.count).collect();
        assert_eq!(counts, vec![t.moved_up, t.stayed, t.moved_down]);
        assert_eq!((t.moved_up, t.moved_down), (23, 22));
        (t.warnings.len(), t.warnings[0])
    };
    assert_eq!(warned, 24);
    // The trend map: significant trends in colour, the rest pale and counted.
    h.get_by_label("Trend per år").click();
    h.run();
    {
        let app = h.state();
        let r = app.doc.rendered.as_ref().unwrap();
        let quiet = r.legend.last().unwrap();
        assert!(quiet.label.starts_with("Ej signifikant"), "{}", quiet.label);
        let coloured: usize = r.legend[..5].iter().map(|e| e.count).sum();
        assert_eq!(coloured + quiet.count, 524);
        assert!(coloured >= warned);
    }
    // The first early warning (Näsby Slott, Täby) selects its area.
    h.get_by_label("0160R014 Näsby Slott").click();
    h.run();
    assert_eq!(
        h.state().doc.selection.iter().copied().collect::<Vec<_>>(),
        vec![first_warning]
    );
}

#[test]
fn segregation_view_draws_the_index_per_year_with_its_bootstrap_band() {
    let mut h = regso_joined("regso_fodelseregion_2020_2023.csv");
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Segregationsindex").click();
    h.run();
    let (group, total) = (
        "\"Antal totalt totalt 2020\" - \"Antal Sverige totalt 2020\"",
        "\"Antal totalt totalt 2020\"",
    );
    {
        let v = h.state_mut().view_mut::<SegregationView>().unwrap();
        v.group = group.into();
        v.total = total.into();
        v.selected = ["dissim"].into_iter().collect();
        v.permutations = 199;
    }
    type_into(
        &mut h,
        "För åren (t.ex. 2020, 2023)",
        "2020, 2021, 2022, 2023",
    );
    h.get_by_label("95 %-intervall (bootstrap)").click();
    h.run();
    h.get_by_label("Beräkna index").click();
    wait(&mut h, |h| {
        h.state()
            .view::<SegregationView>()
            .is_some_and(|v| v.job.is_none() && v.results.is_some())
    });
    h.run();
    let rows = h
        .state()
        .view::<SegregationView>()
        .unwrap()
        .results
        .clone()
        .unwrap()
        .1;
    assert_eq!(rows.len(), 4);
    // The same numbers as the command line with the same seed and replicates.
    let cli = crate::common::segatlas_json(&[
        "index",
        shared("stockholm/regso2020_scb2022.geojson")
            .to_str()
            .unwrap(),
        "--stats",
        shared("scb-raw/regso_fodelseregion_2020_2023.csv")
            .to_str()
            .unwrap(),
        "--key",
        "regso",
        "--group",
        group,
        "--total",
        total,
        "--index",
        "dissim",
        "--years",
        "2020,2021,2022,2023",
        "--ci",
        "0.95",
        "--permutations",
        "199",
        "--json",
    ]);
    for (r, c) in rows.iter().zip(cli["results"].as_array().unwrap()) {
        let i = r.interval.as_ref().unwrap();
        assert_eq!(Some(i64::from(r.year.unwrap())), c["year"].as_i64());
        assert_eq!(i.ci_low, c["ci_low"].as_f64().unwrap());
        assert_eq!(i.ci_high, c["ci_high"].as_f64().unwrap());
    }
    // The chart: one line over the four years, with its band; exportable.
    let c =
        segatlas::app::panels::segregation::over_years(&rows, segatlas::i18n::Lang::Sv).unwrap();
    match &c {
        segatlas::figure::chart::Chart::Lines { series, title, .. } => {
            assert_eq!(title, "Index per år · dissim");
            assert_eq!(series.len(), 1);
            assert_eq!((series[0].points.len(), series[0].band.len()), (4, 4));
        }
        _ => panic!("a line chart"),
    }
    assert!(c
        .svg(600.0, 300.0, segatlas::i18n::Lang::Sv)
        .contains("class=\"band\""));
    h.get_by_label("Exportera diagram…");
    // Projects keep the years and the interval.
    let p = h.state().project().unwrap();
    let s = p.analyses.segregation.unwrap();
    assert_eq!((s.years, s.ci), (vec![2020, 2021, 2022, 2023], Some(0.95)));
}

#[test]
fn did_it_change_compares_two_years_as_the_command_line_does() {
    let mut h = regso_joined("regso_fodelseregion_2020_2023.csv");
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Förändrades det?").click();
    h.run_steps(8);
    let group = |y: i32| format!("\"Antal totalt totalt {y}\" - \"Antal Sverige totalt {y}\"");
    let total = |y: i32| format!("\"Antal totalt totalt {y}\"");
    {
        // SCB's series by country of birth: the foreign-born proposed, over the first and the
        // last year both variables have.
        let v = h.state_mut().view_mut::<DifferenceView>().unwrap();
        assert_eq!(
            (v.group.as_str(), v.total.as_str()),
            (group(2020).as_str(), total(2020).as_str())
        );
        assert_eq!((v.year_1, v.year_2), (2020, 2023));
        v.permutations = 199;
    }
    h.run();
    // The index and the tests in the UI's language.
    h.get_by_label("Sammansättning (composition)");
    h.get_by_label("Slumpade etiketter (random-label)");
    h.get_by_label("Beräkna").click();
    h.step();
    wait(&mut h, |h| {
        h.state()
            .view::<DifferenceView>()
            .is_some_and(|v| v.job.is_none() && v.result.is_some())
    });
    h.run();
    let (_, years, o) = h
        .state()
        .view::<DifferenceView>()
        .unwrap()
        .result
        .clone()
        .unwrap();
    let cli = crate::common::segatlas_json(&[
        "difference",
        shared("stockholm/regso2020_scb2022.geojson")
            .to_str()
            .unwrap(),
        "--stats",
        shared("scb-raw/regso_fodelseregion_2020_2023.csv")
            .to_str()
            .unwrap(),
        "--key",
        "regso",
        "--group",
        &group(2020),
        "--total",
        &total(2020),
        "--group2",
        &group(2023),
        "--total2",
        &total(2023),
        "--index",
        "dissim",
        "--test",
        "composition",
        "--permutations",
        "199",
        "--decompose",
        "--elbers",
        "--json",
    ]);
    assert_eq!(o.value_1, cli["value_1"].as_f64().unwrap());
    assert_eq!(o.value_2, cli["value_2"].as_f64().unwrap());
    assert_eq!(o.p_value, cli["p_value"].as_f64().unwrap());
    let (s, a) = o.components.unwrap();
    assert!((s - cli["spatial_component"].as_f64().unwrap()).abs() < 1e-12);
    assert!((a - cli["attribute_component"].as_f64().unwrap()).abs() < 1e-12);
    // The bars: the change from 2020 to 2023 and its two parts, which add up to it.
    // Elbers' split, as `difference --elbers` gives it; its parts add up to the change in M.
    let e = h
        .state()
        .view::<DifferenceView>()
        .unwrap()
        .elbers
        .clone()
        .unwrap()
        .unwrap();
    for (k, v) in [
        ("structural", e.parts.structural),
        ("unit_marginal", e.parts.unit_marginal),
        ("group_marginal", e.parts.group_marginal),
    ] {
        assert!(
            (v - cli["elbers"][k].as_f64().unwrap()).abs() < 1e-12,
            "{k}"
        );
    }
    assert!(h
        .query_by_label_contains("Theils M, förändringen uppdelad")
        .is_some());
    match segatlas::app::panels::difference::chart(&o, years, segatlas::i18n::Lang::Sv, Some(&e)) {
        segatlas::figure::chart::Chart::Bars { panels, .. } => {
            let v: Vec<f64> = panels[0].bars.iter().map(|b| b.value.unwrap()).collect();
            assert!((v[0] - (o.value_2 - o.value_1)).abs() < 1e-12);
            assert!((v[1] + v[2] - v[0]).abs() < 1e-9, "{v:?}");
            let m: Vec<f64> = panels[1].bars.iter().map(|b| b.value.unwrap()).collect();
            assert!((m[1] + m[2] + m[3] - m[0]).abs() < 1e-12, "{m:?}");
        }
        _ => panic!("bars"),
    }
    h.get_by_label("Exportera diagram…");
}

/// Stockholm's RegSO with one of SCB's RegSO series joined through the join dialog (the key it
/// proposes, `regso`, finds SCB's "Kommun (RegSO)" names), without the attribute table.
fn regso_joined(csv: &str) -> Harness<'static, SegatlasApp> {
    let mut app = SegatlasApp::new(
        segatlas::app::Settings::default(),
        vec![
            shared("stockholm/regso2020_scb2022.geojson"),
            shared(&format!("scb-raw/{csv}")),
        ],
    );
    app.hide_table();
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1600.0, 1000.0));
    wait(&mut h, |h| {
        h.state().doc.pending_join.is_some() && !h.state().doc.layers.is_empty()
    });
    h.run();
    h.get_by_label("Koppla").click();
    wait(&mut h, |h| {
        h.state().doc.jobs.is_empty() && h.state().doc.pending_join.is_none()
    });
    h.run();
    h
}

#[test]
fn area_types_between_the_years_in_the_follow_up_view() {
    // Ten squares whose SEI (one component three times) is 1..10 in 2020 and the same with the
    // first and the last swapped in 2023: area A0 goes from type 5 to 2, A9 back (as the command
    // line's test).
    let dir = tempfile::tempdir().unwrap();
    let path = crate::common::type_squares(dir.path());
    let mut h = opened(path);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Följa upp").click();
    h.run_steps(8);
    {
        let v = h.state_mut().view_mut::<FollowUpView>().unwrap();
        v.var = "v_2020".into();
        v.years = "2020, 2023".into();
        v.type_components = ["v_2020".into(), "v_2020".into(), "v_2020".into()];
        v.type_persons = "pop_2023".into();
    }
    h.get_by_label("Beräkna").click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<FollowUpView>()
            .is_some_and(|v| v.job.is_none() && v.result.is_some())
    });
    h.run_steps(4);
    let types = match &h
        .state()
        .view::<FollowUpView>()
        .unwrap()
        .result
        .as_ref()
        .unwrap()
        .types
    {
        Some(Ok(t)) => t.clone(),
        other => panic!("area types: {:?}", other.as_ref().map(|r| r.as_ref().err())),
    };
    assert_eq!(types.areas[4][1], 1);
    assert_eq!(types.areas[1][4], 1);
    assert_eq!(types.persons.unwrap()[4][1], 100.0);
    assert!(h
        .query_by_label_contains("Mot typ 1–2 (större utmaningar): 1")
        .is_some());
    // The area that moved toward the challenged end, a click selects it.
    h.get_by_label_contains("A0").click();
    h.run();
    assert!(h.state().doc.selection.contains(&0));
    // A project keeps the follow-up with its area types, and reopening computes them again.
    let project = h.state().project().unwrap();
    let f = project
        .analyses
        .followup
        .clone()
        .expect("the follow-up is kept");
    assert_eq!(f.types, vec!["v_2020"; 3]);
    assert_eq!(f.persons.as_deref(), Some("pop_2023"));
    let saved = dir.path().join("uppfoljning.segatlas.json");
    project.save(&saved).unwrap();
    let mut again = opened(saved);
    wait(&mut again, |h| {
        h.state()
            .view::<FollowUpView>()
            .is_some_and(|v| v.job.is_none() && v.result.is_some())
    });
    let r = again
        .state()
        .view::<FollowUpView>()
        .unwrap()
        .result
        .as_ref()
        .unwrap();
    assert!(matches!(&r.types, Some(Ok(t)) if t.areas == types.areas));
}

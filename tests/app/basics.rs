//! The real app driven through AccessKit with egui_kittest, as a person would: it opens on the
//! default map; choosing a variable, a scheme and a palette changes the legend; selecting on the
//! map selects the table row and back; search finds Botkyrka; the language switch changes labels.

use super::{harness, harness_with};
use egui::accesskit::{Role, Toggled};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;
use segatlas::app::panels::autocorr::AutocorrView;
use segatlas::app::{SegatlasApp, Settings};

fn legend(h: &Harness<'_, SegatlasApp>) -> Vec<String> {
    h.state()
        .doc
        .rendered
        .as_ref()
        .unwrap()
        .legend
        .iter()
        .map(|e| e.label.clone())
        .collect()
}

#[test]
fn opens_on_the_default_map() {
    let h = harness();
    h.get_by_label("Statsbidrag mot segregation 2018, tkr per län");
    let ws = &h.state().doc;
    assert_eq!(ws.active_layer().unwrap().len(), 21);
    assert_eq!(ws.style.variable, "belopp_tkr");
    let labels = legend(&h);
    assert_eq!(labels.len(), 5);
    h.get_by_label(&format!("{}  (5)", labels[0]));
}

#[test]
fn variable_scheme_and_palette_change_the_legend() {
    let mut h = harness_with(Settings::default(), false);
    let before = legend(&h);
    h.get_by_label("Klassindelning").click();
    h.run();
    h.get_by_label("equal-interval").click();
    h.run();
    let after = legend(&h);
    assert_ne!(before, after);
    assert_eq!(h.state().doc.style.scheme, "equal-interval");
    // Width 9 273 / 5: the first class holds the 4 counties without grants and 12 more.
    h.get_by_label(&format!("{}  (16)", after[0]));

    let colors_before = h.state().doc.rendered.as_ref().unwrap().colors.clone();
    h.get_by_label("Färgskala").click();
    h.run();
    h.get_by_label("Blues").click();
    h.run();
    assert_ne!(
        h.state().doc.rendered.as_ref().unwrap().colors,
        colors_before
    );

    h.get_by_role_and_label(Role::ComboBox, "Variabel").click();
    h.run();
    h.get_by_label("ideell_forening").click();
    h.run();
    assert_eq!(h.state().doc.style.variable, "ideell_forening");
    assert_ne!(legend(&h), after);
}

#[test]
fn map_selection_and_table_rows_are_linked() {
    let mut h = harness();
    let (rect, point, index) = {
        let ws = &h.state().doc;
        let layer = ws.active_layer().unwrap();
        let i = (0..layer.len())
            .find(|&i| layer.label_of(i) == "Jämtlands län")
            .unwrap();
        (
            h.state().map_rect.unwrap(),
            layer.label_points[i].unwrap(),
            i,
        )
    };
    let pos = h.state().doc.view.to_screen(rect, point);
    h.hover_at(pos);
    h.drag_at(pos);
    h.drop_at(pos);
    h.run_steps(12);
    assert_eq!(
        h.state().doc.selection.iter().copied().collect::<Vec<_>>(),
        vec![index]
    );
    let label = format!("{}", index + 1);
    let row = h.get_by_role_and_label(Role::Button, &label);
    assert_eq!(row.accesskit_node().toggled(), Some(Toggled::True));

    // And back: a click on another row selects its area.
    let other = if index == 0 { 1 } else { index - 1 };
    h.get_by_role_and_label(Role::Button, &format!("{}", other + 1))
        .click();
    h.run_steps(12);
    assert_eq!(
        h.state().doc.selection.iter().copied().collect::<Vec<_>>(),
        vec![other]
    );
}

#[test]
fn search_finds_botkyrka() {
    let mut h = harness();
    h.get_by_label("Kommuner (290)").click();
    h.run();
    h.get_by_label("Sök").click();
    h.run();
    h.get_by_label("Sök").type_text("Botkyrka");
    h.run();
    h.get_by_label("Botkyrka (0127)").click();
    h.run();
    let ws = &h.state().doc;
    let layer = ws.active_layer().unwrap();
    let selected: Vec<String> = ws.selection.iter().map(|&i| layer.label_of(i)).collect();
    assert_eq!(selected, vec!["Botkyrka"]);
}

#[test]
fn switching_language_changes_labels() {
    let mut h = harness();
    h.get_by_label("Lager");
    h.get_by_label("Språk").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Layers");
    h.get_by_label("Legend");
    assert!(h.query_by_label("Lager").is_none());
    assert_eq!(h.state().settings.lang, segatlas::app::i18n::Lang::En);
}

#[test]
fn opens_a_file_in_the_background_and_maps_area_types_by_name() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/stockholm/deso2018_scb2022.geojson");
    let mut app = SegatlasApp::new(Settings::default(), vec![path]);
    app.hide_table();
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1400.0, 900.0));
    // The progress bar and its cancel button are there while the file loads.
    until(&mut h, 6000, |a| !a.doc.layers.is_empty());
    let ws = &h.state().doc;
    assert_eq!(ws.active_layer().unwrap().len(), 1287);
    let counted: usize = ws
        .rendered
        .as_ref()
        .unwrap()
        .legend
        .iter()
        .map(|e| e.count)
        .sum::<usize>()
        + ws.rendered.as_ref().unwrap().missing;
    assert_eq!(counted, 1287);

    h.get_by_role_and_label(Role::ComboBox, "Variabel").click();
    h.run();
    // The popup's entry (the inspector may show the same name for a hovered area).
    h.get_all_by_label("regso_socioek_index_2022")
        .last()
        .unwrap()
        .click();
    h.run();
    let ws = &h.state().doc;
    assert!(ws.style.categorical);
    let legend = &ws.rendered.as_ref().unwrap().legend;
    assert_eq!(legend.len(), 5);
    assert!(legend[0]
        .label
        .ends_with("Områden med stora socioekonomiska utmaningar"));
    assert_eq!(legend.iter().map(|e| e.count).sum::<usize>(), 1287);
}

#[test]
fn weights_manager_builds_in_the_background_and_shows_neighbours() {
    let mut h = harness_with(Settings::default(), false);
    // The weights view is a tab beside "Lager och stil".
    h.get_by_label("Vikter").click();
    h.run();
    h.get_by_label("Skapa").click();
    until(&mut h, 6000, |a| a.doc.weights.is_some());
    let summary = h.state().doc.weights.as_ref().unwrap().weights.summary();
    assert_eq!(summary.n, 21);
    // Gotland is the one county without a land neighbour.
    assert_eq!(summary.islands.len(), 1);
    h.get_by_label("Öar: 1 · Sammanhängande delar: 2");

    let jamtland = {
        let l = h.state().doc.active_layer().unwrap();
        (0..l.len())
            .find(|&i| l.label_of(i) == "Jämtlands län")
            .unwrap()
    };
    h.state_mut().doc.select(jamtland, false);
    h.get_by_label("Visa valda områdens grannar").click();
    h.run_steps(4);
    let ws = &h.state().doc;
    assert!(ws.show_neighbours);
    let l = ws.active_layer().unwrap();
    let mut names: Vec<String> = ws
        .neighbours_of_selection()
        .into_iter()
        .map(|i| l.label_of(i))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Dalarnas län",
            "Gävleborgs län",
            "Västerbottens län",
            "Västernorrlands län"
        ]
    );
}

#[test]
fn lisa_cluster_map_and_moran_scatterplot_on_stockholm_income() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/stockholm/deso2018_scb2022.geojson");
    let mut app = SegatlasApp::new(Settings::default(), vec![path]);
    app.hide_table();
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1600.0, 1000.0));
    let wait = |h: &mut Harness<'static, SegatlasApp>, done: &dyn Fn(&SegatlasApp) -> bool| {
        until(h, 12_000, done);
        h.run_steps(3);
    };
    wait(&mut h, &|a| !a.doc.layers.is_empty());
    h.get_by_role_and_label(Role::ComboBox, "Variabel").click();
    h.run();
    h.get_all_by_label("nettoinkomst_median_tkr_2022")
        .last()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("Autokorrelation").click();
    h.run();
    h.get_by_label("Beräkna").click();
    wait(&mut h, &|a| {
        a.view::<AutocorrView>().unwrap().result.is_some()
    });
    let ws = &h.state().doc;
    let r = ws.rendered.as_ref().unwrap();
    let count = |label: &str| {
        r.legend
            .iter()
            .find(|e| e.label == label)
            .map(|e| e.count)
            .unwrap()
    };
    // Income clusters: rich and poor areas each cluster with their like.
    // Which areas are significant depends on the permutations' draws (their distribution is
    // tested against esda's in tests/autocorr.rs): only a floor is known here.
    assert!(count("Hög–hög") > 50, "{:?}", r.legend);
    assert!(count("Låg–låg") > 50, "{:?}", r.legend);
    assert_eq!(r.legend.iter().map(|e| e.count).sum::<usize>(), 1287);
    assert_eq!(r.colors[0], [255, 0, 0]);
    // The legend (and an exported figure) says what the colours show, the variable by its
    // label (SCB's dictionary), not its column name (seen under Xvfb).
    assert_eq!(
        r.title.as_deref(),
        Some("LISA-kluster · Medianinkomst (nettoinkomst) 2022, tkr")
    );
    let hh = count("Hög–hög");
    h.get_by_label(&format!("Hög–hög  ({hh})"));

    // Select a point in the scatterplot: its area is selected on the map.
    h.run_steps(10);
    let (rect, m) = h
        .state()
        .view::<AutocorrView>()
        .unwrap()
        .scatter_rect
        .unwrap();
    let (k, pos) = {
        let l = &h
            .state()
            .view::<AutocorrView>()
            .unwrap()
            .result
            .as_ref()
            .unwrap()
            .lisa;
        let k = (0..l.z.len())
            .max_by(|&a, &b| l.z[a].total_cmp(&l.z[b]))
            .unwrap();
        let pos = egui::pos2(
            rect.center().x + (l.z[k] / m) as f32 * rect.width() / 2.0,
            rect.center().y - (l.lag[k] / m) as f32 * rect.height() / 2.0,
        );
        (k, pos)
    };
    h.hover_at(pos);
    h.step();
    h.drag_at(pos);
    h.step();
    h.drop_at(pos);
    h.run_steps(6);
    let sel: Vec<usize> = h.state().doc.selection.iter().copied().collect();
    assert_eq!(sel.len(), 1);
    // The selected area is the point clicked (areas may tie on value and lag).
    let l = &h
        .state()
        .view::<AutocorrView>()
        .unwrap()
        .result
        .as_ref()
        .unwrap()
        .lisa;
    assert!(
        (l.z[sel[0]] - l.z[k]).abs() < 1e-9 && (l.lag[sel[0]] - l.lag[k]).abs() < 0.05,
        "{sel:?} vs {k}"
    );
    // And the other way: an area selected on the map is the one the scatterplot rings.
    let (pos, j) = {
        let ws = &h.state().doc;
        let l = ws.active_layer().unwrap();
        let map_rect = h.state().map_rect.unwrap();
        // The scatterplot's window floats over the map: click clear of it.
        let window = h
            .state()
            .view::<AutocorrView>()
            .unwrap()
            .scatter_rect
            .unwrap()
            .0
            .expand(60.0);
        // An area whose label point the map attributes to itself (simplified neighbours overlap
        // a little, so not every label point is), visible on screen.
        let j = (0..l.len())
            .find(|&i| {
                i != k
                    && l.label_points[i].is_some_and(|p| {
                        // At county zoom a pixel is about 100 m: the area must own the
                        // pixels around its point, not only the point.
                        let pos = ws.view.to_screen(map_rect, p);
                        let owns = |dx: f32, dy: f32| {
                            let w = ws.view.to_world(map_rect, pos + egui::vec2(dx, dy));
                            l.area_at(w[0], w[1]) == Some(i)
                        };
                        [(0.0, 0.0), (4.0, 0.0), (-4.0, 0.0), (0.0, 4.0), (0.0, -4.0)]
                            .iter()
                            .all(|(dx, dy)| owns(*dx, *dy))
                            && map_rect.shrink(5.0).contains(pos)
                            && !window.contains(pos)
                    })
            })
            .unwrap();
        (ws.view.to_screen(map_rect, l.label_points[j].unwrap()), j)
    };
    let map_rect_before = h.state().map_rect;
    h.hover_at(pos);
    h.step();
    assert_eq!(h.state().doc.hovered, Some(j));
    h.drag_at(pos);
    h.step();
    h.drop_at(pos);
    h.step();
    h.run_steps(6);
    let after: Vec<usize> = h.state().doc.selection.iter().copied().collect();
    assert_eq!(after, vec![j]);
    // The map did not move under the pointer as the inspector filled.
    assert_eq!(h.state().map_rect, map_rect_before);
    assert_ne!(after, sel);
}

/// Step the app until `done`, at most `steps` frames (jobs run on other threads meanwhile).
fn until(h: &mut Harness<'static, SegatlasApp>, steps: usize, done: impl Fn(&SegatlasApp) -> bool) {
    // Bounded by frames, not by the clock: a loaded machine only takes longer.
    for _ in 0..steps {
        if done(h.state()) {
            h.run_steps(2);
            return;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("not done after {steps} frames");
}

#[test]
fn open_gpkg_join_scb_xlsx_and_map_its_comma_named_column_through_the_ui() {
    const COLUMN: &str = "Medianvärde, tkr nettoinkomst totalt 2022";
    let data = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut app = SegatlasApp::new(Settings::default(), Vec::new());
    app.hide_table();
    // What the file dialogs answer: the DeSO GeoPackage, SCB's Excel export, then where the
    // figure is saved.
    let dir = tempfile::tempdir().unwrap();
    let figure = dir.path().join("medianinkomst.svg");
    app.dialog_answers = Some(std::collections::VecDeque::from([
        Some(vec![data.join("stockholm/deso2018_sweref99tm.gpkg")]),
        Some(vec![data.join("scb-raw/deso_nettoinkomst_2022.xlsx")]),
        Some(vec![figure.clone()]),
    ]));
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1400.0, 900.0));
    h.run();
    h.get_by_label("Arkiv").click();
    h.run();
    h.get_by_label("Öppna…").click();
    until(&mut h, 3000, |a| {
        a.doc.active_layer().is_some_and(|l| l.len() == 1287)
    });
    assert_eq!(h.state().doc.active_layer().unwrap().len(), 1287);
    h.get_by_label("Arkiv").click();
    h.run();
    h.get_by_label("Koppla statistik…").click();
    until(&mut h, 3000, |a| a.doc.pending_join.is_some());
    assert_eq!(h.state().doc.pending_join.as_ref().unwrap().key, "deso");
    h.get_by_label("Koppla").click();
    until(&mut h, 3000, |a| {
        a.doc.active_layer().unwrap().join_reports.len() == 1 && a.doc.jobs.is_empty()
    });
    // The map switched to the first column the join brought: SCB's comma-named median income.
    let ws = &h.state().doc;
    assert_eq!(ws.active_layer().unwrap().join_reports[0].matched, 1287);
    assert_eq!(ws.style.variable, COLUMN);
    assert_eq!(ws.style_error, None);
    let r = ws.rendered.as_ref().unwrap();
    assert_eq!(r.legend.len(), 5);
    assert_eq!(r.legend.iter().map(|e| e.count).sum::<usize>(), 1287);
    assert_eq!(r.missing, 0);

    // The join report is read and closed; then away to area_km2 and back by searching the picker.
    // Thousands in the UI's format.
    h.get_by_label(&format!(
        "{} matchade områden",
        segatlas::i18n::Lang::Sv.number(1287.0, 0)
    ));
    // Closed by its own button in the UI's language (egui's × says "Close window").
    assert!(h.query_all_by_label("Close window").next().is_none());
    h.get_by_label("Stäng Kopplingsrapport").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Variabel").click();
    h.run();
    h.get_all_by_label("area_km2").last().unwrap().click();
    h.run();
    assert_eq!(h.state().doc.style.variable, "area_km2");
    h.get_by_role_and_label(Role::ComboBox, "Variabel").click();
    h.run();
    h.get_by_label("Sök kolumn").type_text("medianv");
    h.run();
    assert!(h
        .query_by_label("Medelvärde, tkr nettoinkomst totalt 2022")
        .is_none());
    h.get_all_by_label(COLUMN).last().unwrap().click();
    h.run();
    let ws = &h.state().doc;
    assert_eq!(ws.style.variable, COLUMN);
    assert_eq!(
        ws.rendered
            .as_ref()
            .unwrap()
            .legend
            .iter()
            .map(|e| e.count)
            .sum::<usize>(),
        1287
    );

    // Export the figure from the sidebar: the SVG names the column in its legend.
    h.get_by_label("Figur").click();
    h.run();
    // The section is long (layout, size, places): scroll to its button as a person would.
    h.get_by_label("Exportera kartfigur (SVG/PNG/PDF)…")
        .scroll_to_me();
    h.run();
    h.get_by_label("Exportera kartfigur (SVG/PNG/PDF)…").click();
    until(&mut h, 6000, |a| a.doc.saved.is_some());
    let svg = std::fs::read_to_string(&figure).unwrap();
    // The legend names the variable by SCB's label, not the raw column name.
    assert!(
        svg.contains(">Medianinkomst (nettoinkomst) 2022, tkr</text>"),
        "the legend names the variable"
    );
    // One title per area (its row), and the figure's own title first.
    assert_eq!(svg.matches("<title>").count(), 1288);
    h.get_by_label("Figur").click();
    h.run();

    // A long LISA (9,999 permutations) started and cancelled: the job goes and no result comes.
    h.get_by_label("Autokorrelation").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Permutationer")
        .click();
    h.run();
    h.get_by_label("9999").click();
    h.run();
    h.get_by_label("Beräkna").click();
    h.step();
    h.step();
    assert!(h.state().view::<AutocorrView>().unwrap().job.is_some());
    h.get_by_label("Avbryt").click();
    h.step();
    h.step();
    assert!(h.state().view::<AutocorrView>().unwrap().job.is_none());
    // The status bar says the job was cancelled.
    h.get_by_label_contains("Avbrutet: ");
    for _ in 0..50 {
        h.step();
    }
    assert!(h.state().view::<AutocorrView>().unwrap().result.is_none());
}

/// The variable's label: SCB's (or the bundled map's) by default in the legend, a person's own
/// typed into the sidebar's label field, kept in the project and the exported figure.
#[test]
fn the_legend_reads_the_variables_label_and_a_person_can_give_their_own() {
    let h = harness_with(Settings::default(), false);
    h.get_by_label("Statsbidrag mot segregation, tkr");
    let mut h = super::opened(vec![super::common::data(
        "stockholm/deso2018_scb2022.geojson",
    )]);
    {
        let doc = &mut h.state_mut().doc;
        doc.style.variable = "folkmangd_2022".into();
        doc.style.categorical = false;
        doc.restyle(segatlas::i18n::Lang::Sv);
    }
    h.run();
    h.get_by_label("Folkmängd 2022");
    h.get_by_label("Etikett (förklaringens rubrik)").click();
    h.run();
    h.get_by_label("Etikett (förklaringens rubrik)")
        .type_text("Invånare 2022");
    h.run();
    h.run();
    assert_eq!(
        h.state()
            .doc
            .labels
            .get("folkmangd_2022")
            .map(String::as_str),
        Some("Invånare 2022")
    );
    h.get_by_label("Invånare 2022");
    let p = h.state().project().unwrap();
    assert_eq!(p.figure.variable_labels["folkmangd_2022"], "Invånare 2022");
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("f.svg");
    h.state()
        .doc
        .write_export(
            &segatlas::app::document::Export::Figure,
            &svg,
            segatlas::i18n::Lang::Sv,
        )
        .unwrap();
    assert!(std::fs::read_to_string(&svg)
        .unwrap()
        .contains(">Invånare 2022</text>"));
    // Opened again, the project brings the label back.
    let saved = dir.path().join("p.segatlas.json");
    p.save(&saved).unwrap();
    let mut again = super::opened(vec![saved]);
    again.run();
    assert_eq!(
        again
            .state()
            .doc
            .labels
            .get("folkmangd_2022")
            .map(String::as_str),
        Some("Invånare 2022")
    );
}

/// The attribute table's headers read the columns' labels (the field on hover).
#[test]
fn the_table_headers_read_the_columns_labels() {
    let h = harness();
    h.get_by_role_and_label(Role::Button, "Statsbidrag mot segregation, tkr");
    // A field without a label keeps its name.
    h.get_by_role_and_label(Role::Button, "lan_kod");
}

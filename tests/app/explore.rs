//! The exploratory views linked to the map, driven with egui_kittest as a person would: brush
//! in the scatter plot and the map's selection changes; select on the map and every view marks
//! the same areas; click a histogram bar, a bivariate legend cell or along a parallel axis;
//! maps side by side share one classification; the views are saved in projects and come back.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use segatlas::app::document::Export;
use segatlas::app::panels::explore::{
    bivariate::BivariateView, boxplot::BoxPlotView, histogram::HistogramView, maps::MapsView,
    parallel::ParallelView, scatter::ScatterView,
};
use segatlas::app::SegatlasApp;

use super::common::data as shared;

const FOREIGN: &str = "utlandsk_bakgrund_2022/folkmangd_2022*100";
const LOW: &str = "lag_ekonomisk_standard_pct_2022";
const INCOME: &str = "nettoinkomst_median_tkr_2022";

fn stockholm() -> Harness<'static, SegatlasApp> {
    super::opened(vec![shared("stockholm/deso2018_scb2022.geojson")])
}

/// Open a view from the Explore menu, as a person would.
fn open_view(h: &mut Harness<'static, SegatlasApp>, title: &str) {
    h.get_by_label("Utforska").click();
    h.run();
    h.get_by_label(title).click();
    h.run_steps(8);
}

/// Press at `from`, move to `to` in steps, release: a drag with the primary button.
fn drag(h: &mut Harness<'static, SegatlasApp>, from: egui::Pos2, to: egui::Pos2) {
    h.event(egui::Event::PointerMoved(from));
    h.run_steps(2);
    h.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(2);
    for k in 1..=6 {
        h.event(egui::Event::PointerMoved(
            from + (to - from) * (k as f32 / 6.0),
        ));
        h.run_steps(1);
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(4);
}

/// A drag whose press, moves and release all arrive before one frame (a fast hand on a slow
/// machine): it must brush as well.
fn quick_drag(h: &mut Harness<'static, SegatlasApp>, from: egui::Pos2, to: egui::Pos2) {
    h.event(egui::Event::PointerMoved(from));
    h.run_steps(2);
    for (pos, pressed) in [
        (from, Some(true)),
        ((from + (to - from) * 0.5), None),
        (to, None),
        (to, Some(false)),
    ] {
        match pressed {
            Some(pressed) => h.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            }),
            None => h.event(egui::Event::PointerMoved(pos)),
        }
    }
    h.run_steps(4);
}

/// A click at a point.
fn click_at(h: &mut Harness<'static, SegatlasApp>, at: egui::Pos2) {
    h.event(egui::Event::PointerMoved(at));
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(3);
}

#[test]
fn brushing_in_the_scatter_plot_selects_the_areas_on_the_map_and_back() {
    let mut h = stockholm();
    open_view(&mut h, "Spridningsdiagram");
    {
        let s = h.state_mut().view_mut::<ScatterView>().unwrap();
        s.x = FOREIGN.into();
        s.y = LOW.into();
    }
    h.run_steps(8);
    let canvas = h
        .get_by_role_and_label(Role::Canvas, "Spridningsdiagram")
        .rect();
    // Brush the upper right of the plot: areas with many of foreign background and many with
    // low economic standard.
    let (from, to) = (
        egui::pos2(canvas.center().x, canvas.top() + 10.0),
        egui::pos2(canvas.right() - 10.0, canvas.center().y),
    );
    drag(&mut h, from, to);
    let (expected, selection) = {
        let app = h.state();
        let s = app.view::<ScatterView>().unwrap();
        let t = s.transform.as_ref().expect("the plot was drawn");
        let (a, b) = (t.value_from_position(from), t.value_from_position(to));
        let (x0, x1, y0, y1) = (a.x.min(b.x), a.x.max(b.x), a.y.min(b.y), a.y.max(b.y));
        let expected: std::collections::BTreeSet<usize> = s
            .pairs()
            .iter()
            .filter(|p| p.1 >= x0 && p.1 <= x1 && p.2 >= y0 && p.2 <= y1)
            .map(|p| p.0)
            .collect();
        (expected, app.doc.selection.clone())
    };
    assert!(
        expected.len() > 5 && expected.len() < 1287,
        "{}",
        expected.len()
    );
    assert_eq!(
        selection, expected,
        "the brushed points are the map's selection"
    );
    // The same brush made within one frame selects the same.
    h.state_mut().doc.selection.clear();
    h.run_steps(2);
    quick_drag(&mut h, from, to);
    assert_eq!(
        h.state().doc.selection,
        expected,
        "a quick drag brushes too"
    );
    // The scatter plot fits a line to the selection and one to the rest, as GeoDa.
    let (sel, rest) = h.state().view::<ScatterView>().unwrap().split.unwrap();
    assert_eq!(sel.unwrap().n + rest.unwrap().n, 1287);
    assert_eq!(sel.unwrap().n, expected.len());

    // And the other way round: select three areas on the map; the plot marks exactly them.
    {
        let doc = &mut h.state_mut().doc;
        doc.selection.clear();
        for r in [3, 400, 900] {
            doc.select(r, true);
        }
    }
    h.run_steps(4);
    let (sel, rest) = h.state().view::<ScatterView>().unwrap().split.unwrap();
    assert!(sel.is_some_and(|f| f.n == 3) && rest.is_some_and(|f| f.n == 1284));
}

#[test]
fn a_selection_on_the_map_shows_in_the_histogram_box_plot_and_parallel_coordinates() {
    let mut h = stockholm();
    open_view(&mut h, "Histogram");
    open_view(&mut h, "Lådagram");
    open_view(&mut h, "Parallella koordinater");
    {
        let app = h.state_mut();
        app.view_mut::<HistogramView>().unwrap().var = INCOME.into();
        app.view_mut::<BoxPlotView>().unwrap().vars = vec![LOW.into(), "folkmangd_2010".into()];
        app.view_mut::<ParallelView>().unwrap().vars =
            vec![INCOME.into(), LOW.into(), FOREIGN.into()];
        // Stockholm municipality's DeSO selected on the map.
        let t = &app.doc.active_layer().unwrap().table;
        let k = t.column("kommun").unwrap();
        let rows: Vec<usize> = (0..t.len())
            .filter(|&r| k.key_at(r).as_deref() == Some("0180"))
            .collect();
        app.doc.selection = rows.into_iter().collect();
    }
    // Each view draws in its own tab: bring each forward once.
    for id in ["histogram", "boxplot", "parallel"] {
        h.state_mut().show_view(id);
        h.run_steps(6);
    }
    let n = h.state().doc.selection.len();
    assert_eq!(n, 544);
    let hist = h.state().view::<HistogramView>().unwrap();
    assert_eq!(
        hist.selected_counts.iter().sum::<usize>(),
        544,
        "every selected area in a bar"
    );
    let boxes = h.state().view::<BoxPlotView>().unwrap().boxes();
    assert_eq!(boxes.len(), 2);
    assert_eq!(
        boxes[1].unwrap().missing,
        8,
        "folkmangd_2010 is missing in 8 DeSO: counted"
    );
    let par = h.state().view::<ParallelView>().unwrap();
    assert_eq!(par.parallel().unwrap().rows.len(), 1287);

    // Brushing along the first parallel axis selects the areas in that range of income.
    let all = par.brush_axis(0, -10.0, 10.0).len();
    assert_eq!(all, 1287);
    let high = par.brush_axis(0, 1.0, 10.0);
    let p = par.parallel().unwrap();
    let expected: Vec<usize> = p
        .rows
        .iter()
        .zip(&p.values[0])
        .filter(|(_, z)| **z >= 1.0)
        .map(|(r, _)| *r)
        .collect();
    assert_eq!(high, expected);

    // Clicking a bar of the histogram selects its areas.
    h.state_mut().show_view("histogram");
    h.run_steps(6);
    let (at, bar_rows) = {
        let hv = h.state().view::<HistogramView>().unwrap();
        let hist = hv.histogram().unwrap();
        let k = (0..hist.counts.len())
            .max_by_key(|k| hist.counts[*k])
            .unwrap();
        let t = hv.transform.as_ref().unwrap();
        let x = (hist.edges[k] + hist.edges[k + 1]) / 2.0;
        let at = t.position_from_point(&egui_plot::PlotPoint::new(x, hist.counts[k] as f64 / 2.0));
        (at, hist.rows[k].clone())
    };
    click_at(&mut h, at);
    let sel: Vec<usize> = h.state().doc.selection.iter().copied().collect();
    let mut expected = bar_rows;
    expected.sort();
    assert_eq!(sel, expected, "the bar's areas are selected");
}

#[test]
fn the_bivariate_map_colours_the_map_and_its_legend_cells_select() {
    let mut h = stockholm();
    open_view(&mut h, "Bivariat karta");
    {
        let b = h.state_mut().view_mut::<BivariateView>().unwrap();
        b.x = INCOME.into();
        b.y = FOREIGN.into();
    }
    h.run_steps(8);
    let counts = h
        .state()
        .view::<BivariateView>()
        .unwrap()
        .bivariate()
        .unwrap()
        .counts;
    // mapclassify's tertiles crossed (tools/numpy_explore.py).
    assert_eq!(counts, [[30, 71, 329], [134, 204, 90], [265, 154, 10]]);
    let r = h.state().doc.rendered.as_ref().unwrap();
    assert_eq!(r.legend.len(), 9);
    assert_eq!(
        r.title.as_deref(),
        Some(format!("{INCOME} × {FOREIGN}").as_str())
    );
    // The figure exported from the app has the 3 × 3 legend.
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("bv.svg");
    h.state()
        .doc
        .write_export(&Export::Figure, &svg, segatlas::i18n::Lang::Sv)
        .unwrap();
    assert!(std::fs::read_to_string(&svg)
        .unwrap()
        .contains("bivariate-legend"));
    // Only what the map shows: zoomed in, the figure draws fewer areas.
    let all = std::fs::read_to_string(&svg)
        .unwrap()
        .matches("<path d=")
        .count();
    {
        let doc = &mut h.state_mut().doc;
        doc.figure_view_only = true;
        doc.view.scale *= 8.0;
    }
    h.run_steps(4);
    let zoomed = dir.path().join("zoomed.svg");
    h.state()
        .doc
        .write_export(&Export::Figure, &zoomed, segatlas::i18n::Lang::Sv)
        .unwrap();
    let text = std::fs::read_to_string(&zoomed).unwrap();
    // The map's own areas (the locator inset below draws the whole layer small).
    let areas = &text[text.find("<g id=\"areas\"").unwrap()..];
    let seen = areas[..areas.find("</g>").unwrap()]
        .matches("<path d=")
        .count();
    assert!(seen > 0 && seen < 1287, "{seen} of {all}");
    assert!(
        text.contains("<g id=\"locator\">"),
        "where the view lies in the layer"
    );
    // The default palette is safe for colour-blind readers; the classic pink–blue is marked.
    assert!(h.query_by_label_contains("rödgrön färgblind").is_none());
    h.state_mut().view_mut::<BivariateView>().unwrap().palette = "pink-blue".into();
    h.run_steps(6);
    assert!(h.query_by_label_contains("rödgrön färgblind").is_some());
    // A click on a cell of the 3 × 3 legend selects its areas: high income and few of foreign
    // background, 265 DeSO.
    let cell = h.get_by_label_contains(": 265 områden").rect().center();
    click_at(&mut h, cell);
    assert_eq!(h.state().doc.selection.len(), 265);
}

#[test]
fn maps_side_by_side_share_one_classification_pan_and_selection() {
    let mut h = stockholm();
    open_view(&mut h, "Kartor sida vid sida");
    {
        let m = h.state_mut().view_mut::<MapsView>().unwrap();
        m.panels[0].var = "folkmangd_2010".into();
        m.panels[1].var = "folkmangd_2022".into();
        m.shared_classes = true;
    }
    h.run_steps(8);
    let legend = |h: &Harness<'static, SegatlasApp>, k: usize| -> Vec<String> {
        let m = h.state().view::<MapsView>().unwrap();
        m.rendered(k)
            .unwrap()
            .legend
            .iter()
            .map(|e| e.label.clone())
            .collect()
    };
    let (a, b) = (legend(&h, 0), legend(&h, 1));
    assert_eq!(a.len(), b.len());
    // One classification: the same upper bounds (the first class starts at each map's minimum).
    assert_eq!(a[1..], b[1..]);
    assert_eq!(
        h.state()
            .view::<MapsView>()
            .unwrap()
            .rendered(0)
            .unwrap()
            .missing,
        8
    );
    // Pan the second map: the first follows (one viewport).
    let maps: Vec<egui::Rect> = ["Karta 1", "Karta 2"]
        .iter()
        .map(|l| h.get_by_role_and_label(Role::Canvas, l).rect())
        .collect();
    assert_eq!(maps.len(), 2);
    let before = h.state().view::<MapsView>().unwrap().view.center;
    drag(
        &mut h,
        maps[1].center(),
        maps[1].center() + egui::vec2(60.0, 0.0),
    );
    let after = h.state().view::<MapsView>().unwrap().view.center;
    assert!(
        after[0] < before[0],
        "dragging right moves the view west: {before:?} → {after:?}"
    );
    // The maps export as one figure: two maps, one legend.
    let dir = tempfile::tempdir().unwrap();
    let svg = h
        .state()
        .view::<MapsView>()
        .unwrap()
        .figure_svg(&h.state().doc, segatlas::i18n::Lang::Sv)
        .unwrap();
    let out = dir.path().join("kartor.svg");
    h.state()
        .doc
        .write_export(
            &Export::Svg {
                svg,
                width: 1600.0,
                height: 900.0,
            },
            &out,
            segatlas::i18n::Lang::Sv,
        )
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.matches("class=\"map\"").count(), 2);
    assert_eq!(text.matches("id=\"legend\"").count(), 1);
    // A click on a map selects the area under it, on the main map too.
    click_at(&mut h, maps[0].center());
    assert_eq!(h.state().doc.selection.len(), 1);
}

#[test]
fn open_views_and_their_variables_are_saved_in_projects_and_restored() {
    let mut h = stockholm();
    open_view(&mut h, "Spridningsdiagram");
    open_view(&mut h, "Kartor sida vid sida");
    {
        let app = h.state_mut();
        let s = app.view_mut::<ScatterView>().unwrap();
        s.x = FOREIGN.into();
        s.y = LOW.into();
        let m = app.view_mut::<MapsView>().unwrap();
        m.panels[0].var = "folkmangd_2010".into();
        m.panels[1].var = "folkmangd_2022".into();
    }
    h.run_steps(6);
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("utforska.segatlas.json");
    let project = h.state().project().unwrap();
    let e = &project.analyses.explore;
    assert!(e.scatter.is_some() && e.maps.is_some());
    assert!(e.histogram.is_none(), "a view never opened is not saved");
    h.state()
        .doc
        .write_export(
            &Export::Project(Box::new(project)),
            &saved,
            segatlas::i18n::Lang::Sv,
        )
        .unwrap();
    let mut h = super::opened(vec![saved]);
    h.state_mut().show_view("scatter");
    h.run_steps(8);
    let app = h.state();
    let s = app.view::<ScatterView>().unwrap();
    assert_eq!((s.x.as_str(), s.y.as_str()), (FOREIGN, LOW));
    assert!(
        (s.fit().unwrap().r - 0.8303805257514401).abs() < 1e-9,
        "numpy's r"
    );
    let m = app.view::<MapsView>().unwrap();
    assert_eq!(
        m.panels.iter().map(|p| p.var.as_str()).collect::<Vec<_>>(),
        ["folkmangd_2010", "folkmangd_2022"]
    );
    assert!(segatlas::app::dock::is_open(&app.tree, "scatter"));
    assert!(segatlas::app::dock::is_open(&app.tree, "maps"));
}

/// Typing an expression into the box plot's and the parallel plot's variable field never adds a
/// column mid-typing (on its way to `folkmangd_2022/area_km2` the text is a column's name): the
/// expression is added whole by *Lägg till*.
#[test]
fn typing_an_expression_never_picks_a_column_mid_typing() {
    let mut h = stockholm();
    for (title, id) in [
        ("Lådagram", "boxplot"),
        ("Parallella koordinater", "parallel"),
    ] {
        open_view(&mut h, title);
        h.state_mut().show_view(id);
        h.run_steps(4);
        let field = "Lägg till variabel: Uttryck";
        h.get_by_label(field).click();
        h.run();
        // Keystrokes arrive over frames: the text is a column's name halfway.
        h.get_by_label(field).type_text("folkmangd_2022");
        h.run_steps(2);
        h.get_by_label(field).type_text("/area_km2");
        h.run_steps(3);
        let vars = |h: &Harness<'static, SegatlasApp>| match id {
            "boxplot" => h.state().view::<BoxPlotView>().unwrap().vars.clone(),
            _ => h.state().view::<ParallelView>().unwrap().vars.clone(),
        };
        assert!(
            vars(&h).is_empty(),
            "{id}: nothing added while typing: {:?}",
            vars(&h)
        );
        h.get_all_by_label("Lägg till").last().unwrap().click();
        h.run_steps(3);
        assert_eq!(vars(&h), ["folkmangd_2022/area_km2"], "{id}");
    }
}

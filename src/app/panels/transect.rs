//! Transects in the app: draw a line on the map (click to add points) or give coordinates
//! (longitude latitude), then see the areas it crosses in order and a chart of the map's
//! variable along it, with a mark where it enters another municipality (the seed's red-line
//! figure).

use crate::analysis::transect::{crossings, parse_line, project_line, Crossing};
use crate::app::chart_view;
use crate::app::i18n::Lang;
use crate::app::workspace::{Export, SaveRequest, Workspace};
use crate::data::crs::Crs;
use crate::figure::chart::{Chart, Series};

#[derive(Default)]
pub struct TransectForm {
    pub open: bool,
    /// Clicks on the map add points to the line.
    pub drawing: bool,
    /// The line in the active layer's working coordinates.
    pub points: Vec<[f64; 2]>,
    /// The layer the points belong to.
    pub layer: usize,
    /// Coordinates typed in: "lon lat, lon lat, …".
    pub coords: String,
    /// Field whose changes along the line are marked (e.g. kommunnamn).
    pub mark_field: Option<String>,
    pub result: Vec<Crossing>,
    pub error: Option<String>,
}

/// Recompute the crossings of the current line.
pub fn run(ws: &mut Workspace) {
    let Some(l) = ws.active_layer() else { return };
    ws.transect.result = if ws.transect.points.len() >= 2 && ws.transect.layer == ws.active {
        crossings(&l.layer.projected, &ws.transect.points, 1.0)
    } else {
        Vec::new()
    };
}

/// Use typed coordinates (WGS 84) as the line.
pub fn use_coordinates(ws: &mut Workspace) {
    let Some(l) = ws.active_layer() else { return };
    let line = parse_line(&ws.transect.coords)
        .and_then(|p| project_line(&p, &Crs::Epsg(4326), &l.layer.working_crs));
    match line {
        Ok(p) => {
            ws.transect.points = p;
            ws.transect.layer = ws.active;
            ws.transect.error = None;
            run(ws);
        }
        Err(e) => ws.transect.error = Some(e.message),
    }
}

/// Add a point clicked on the map.
pub fn add_point(ws: &mut Workspace, p: [f64; 2]) {
    if ws.transect.layer != ws.active {
        ws.transect.points.clear();
        ws.transect.layer = ws.active;
    }
    ws.transect.points.push(p);
    run(ws);
}

/// Fit the map to the line and the areas it crosses.
pub fn zoom_to_line(ws: &mut Workspace) {
    let Some(l) = ws.active_layer() else { return };
    let mut e = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in &ws.transect.points {
        e = [
            e[0].min(p[0]),
            e[1].min(p[1]),
            e[2].max(p[0]),
            e[3].max(p[1]),
        ];
    }
    if let Some(a) = l.extent_of(ws.transect.result.iter().map(|c| c.row)) {
        e = [
            e[0].min(a[0]),
            e[1].min(a[1]),
            e[2].max(a[2]),
            e[3].max(a[3]),
        ];
    }
    if e.iter().all(|v| v.is_finite()) {
        ws.view.fit = Some(e);
    }
}

/// The chart of the map's variable along the line (distance in km).
pub fn chart(ws: &Workspace, lang: Lang) -> Option<Chart> {
    let l = ws.active_layer()?;
    let r = ws.rendered.as_ref()?;
    if ws.transect.result.is_empty() {
        return None;
    }
    let mut points = Vec::new();
    let mut marks = Vec::new();
    let mark_col = ws
        .transect
        .mark_field
        .as_ref()
        .and_then(|f| l.table.column(f));
    let mut last_mark: Option<String> = None;
    for c in &ws.transect.result {
        let v = r.values.get(c.row).copied().flatten();
        points.push((c.from_m / 1000.0, v));
        points.push((c.to_m / 1000.0, v));
        if let Some(col) = mark_col {
            let m = col.key_at(c.row);
            if m.is_some() && m != last_mark {
                marks.push((c.from_m / 1000.0, m.clone().unwrap_or_default()));
                last_mark = m;
            }
        }
    }
    Some(Chart::Lines {
        title: format!("{} {}", ws.style.variable, lang.t("along_the_line")),
        x_label: lang.t("distance_km").into(),
        y_label: ws.style.variable.clone(),
        series: vec![Series {
            label: ws.style.variable.clone(),
            points,
        }],
        marks,
        years: false,
    })
}

pub fn window(ctx: &egui::Context, ws: &mut Workspace, lang: Lang) {
    let mut open = ws.transect.open;
    super::analysis_window(ctx, lang.t("transect"), &mut open, 640.0, |ui| {
        form(ui, ws, lang)
    });
    if !open {
        ws.transect.drawing = false;
    }
    ws.transect.open = open;
}

fn form(ui: &mut egui::Ui, ws: &mut Workspace, lang: Lang) {
    let Some(l) = ws.active_layer() else { return };
    if ws.transect.mark_field.is_none() {
        ws.transect.mark_field = ["kommunnamn", "kommun", "lan"]
            .iter()
            .find(|f| l.table.column(f).is_some())
            .map(|f| f.to_string());
    }
    ui.horizontal(|ui| {
        ui.toggle_value(&mut ws.transect.drawing, lang.t("draw_on_map"));
        if ui.button(lang.t("clear")).clicked() {
            ws.transect.points.clear();
            ws.transect.result.clear();
        }
        ui.label(format!("{} {}", ws.transect.points.len(), lang.t("points")));
        if ws.transect.points.len() >= 2 && ui.button(lang.t("zoom_line")).clicked() {
            zoom_to_line(ws);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label(lang.t("coordinates_wgs84"));
        ui.add(
            egui::TextEdit::singleline(&mut ws.transect.coords)
                .hint_text("18.036 59.399, 17.814 59.244")
                .desired_width(340.0),
        )
        .labelled_by(label.id);
        if ui.button(lang.t("apply")).clicked() {
            use_coordinates(ws);
        }
    });
    if let Some(e) = &ws.transect.error {
        ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
    }
    if ws.transect.result.is_empty() {
        ui.label(lang.t("transect_help"));
        return;
    }
    if let Some(c) = chart(ws, lang) {
        chart_view::show(ui, "transect", &c, egui::vec2(620.0, 300.0), lang);
        if ui.button(lang.t("export_chart")).clicked() {
            ws.save_request = Some(SaveRequest {
                name: "transekt.svg".into(),
                export: Export::Chart(c),
            });
        }
    }
    let Some(l) = ws.active_layer() else { return };
    let values = ws.rendered.as_ref().map(|r| &r.values);
    egui::ScrollArea::vertical()
        .id_salt("transect_list")
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("transect_grid")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong(lang.t("from_km"));
                    ui.strong(lang.t("to_km"));
                    ui.strong(lang.t("area"));
                    ui.strong(&ws.style.variable);
                    ui.end_row();
                    for c in &ws.transect.result {
                        ui.label(lang.number(c.from_m / 1000.0, 2));
                        ui.label(lang.number(c.to_m / 1000.0, 2));
                        let code = l
                            .code_of(c.row)
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default();
                        ui.label(format!("{}{code}", l.label_of(c.row)));
                        let v = values.and_then(|v| v.get(c.row).copied().flatten());
                        ui.label(
                            v.map_or_else(|| lang.t("missing").to_string(), |v| lang.number(v, 1)),
                        );
                        ui.end_row();
                    }
                });
        });
}

//! Transects in the app: draw a line on the map (click to add points) or give coordinates
//! (longitude latitude), then see the areas it crosses in order and a chart of the map's
//! variable along it, with a mark where it enters another municipality (the seed's red-line
//! figure).

use crate::analysis::transect::{crossings, parse_line, project_line, Crossing};
use crate::app::chart_view;
use crate::app::document::project::line_in_wgs84;
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::screen::MapPainter;
use crate::app::view::View;
use crate::data::crs::Crs;
use crate::figure::chart::{Chart, Series};
use crate::project::Project;

/// The transect line (the red of Stockholm's red metro line).
const TRANSECT: egui::Color32 = egui::Color32::from_rgb(227, 45, 34);

#[derive(Default)]
pub struct TransectView {
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
    /// The crossings under way.
    pub job: Option<Job<Vec<Crossing>>>,
}

impl TransectView {
    /// Recompute the crossings of the current line.
    /// The crossings are computed in the background (a line over every area of a large layer);
    /// a newer line replaces the job of an older one, so a stale result never arrives.
    pub fn run(&mut self, doc: &mut Document) {
        let Some(l) = doc.active_layer() else { return };
        if self.points.len() < 2 || self.layer != doc.active {
            self.result = Vec::new();
            self.job = None;
            return;
        }
        let (layer, points) = (l.layer.clone(), self.points.clone());
        self.job = Some(Job::spawn("transect", move |_| {
            Ok(crossings(&layer.projected, &points, 1.0))
        }));
    }

    /// Use typed coordinates (WGS 84) as the line.
    pub fn use_coordinates(&mut self, doc: &mut Document) {
        let Some(l) = doc.active_layer() else { return };
        let line = parse_line(&self.coords)
            .and_then(|p| project_line(&p, &Crs::Epsg(4326), &l.layer.working_crs));
        match line {
            Ok(p) => {
                self.points = p;
                self.layer = doc.active;
                self.error = None;
                self.run(doc);
            }
            Err(e) => self.error = Some(e.message),
        }
    }

    /// Add a point clicked on the map.
    pub fn add_point(&mut self, doc: &mut Document, p: [f64; 2]) {
        if self.layer != doc.active {
            self.points.clear();
            self.layer = doc.active;
        }
        self.points.push(p);
        self.run(doc);
    }

    /// Fit the map to the line and the areas it crosses.
    pub fn zoom_to_line(&mut self, doc: &mut Document) {
        let Some(l) = doc.active_layer() else { return };
        let mut e = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for p in &self.points {
            e = [
                e[0].min(p[0]),
                e[1].min(p[1]),
                e[2].max(p[0]),
                e[3].max(p[1]),
            ];
        }
        if let Some(a) = l.extent_of(self.result.iter().map(|c| c.row)) {
            e = [
                e[0].min(a[0]),
                e[1].min(a[1]),
                e[2].max(a[2]),
                e[3].max(a[3]),
            ];
        }
        if e.iter().all(|v| v.is_finite()) {
            doc.view.fit = Some(e);
        }
    }

    /// The chart of the map's variable along the line (distance in km).
    pub fn chart(&self, doc: &Document, lang: Lang) -> Option<Chart> {
        let l = doc.active_layer()?;
        let r = doc.rendered.as_ref()?;
        if self.result.is_empty() {
            return None;
        }
        let mut points = Vec::new();
        let mut marks = Vec::new();
        let mark_col = self.mark_field.as_ref().and_then(|f| l.table.column(f));
        let mut last_mark: Option<String> = None;
        for c in &self.result {
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
            title: format!("{} {}", doc.style.variable, lang.t("along_the_line")),
            x_label: lang.t("distance_km").into(),
            y_label: doc.style.variable.clone(),
            series: vec![Series {
                label: doc.style.variable.clone(),
                points,
                band: Vec::new(),
            }],
            marks,
            years: false,
        })
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(l) = doc.active_layer() else { return };
        if self.mark_field.is_none() {
            self.mark_field = ["kommunnamn", "kommun", "lan"]
                .iter()
                .find(|f| l.table.column(f).is_some())
                .map(|f| f.to_string());
        }
        ui.horizontal(|ui| {
            ui.toggle_value(&mut self.drawing, lang.t("draw_on_map"));
            if ui.button(lang.t("clear")).clicked() {
                self.points.clear();
                self.result.clear();
            }
            ui.label(format!("{} {}", self.points.len(), lang.t("points")));
            if self.points.len() >= 2 && ui.button(lang.t("zoom_line")).clicked() {
                self.zoom_to_line(doc);
            }
        });
        // Label above, field as wide as the tile leaves room for: the tile may be narrow.
        let label = ui.label(lang.t("coordinates_wgs84"));
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.coords)
                    .hint_text("18.036 59.399, 17.814 59.244")
                    .desired_width((ui.available_width() - 80.0).max(120.0)),
            )
            .labelled_by(label.id);
            if ui.button(lang.t("apply")).clicked() {
                self.use_coordinates(doc);
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
        if self.result.is_empty() {
            ui.label(lang.t("transect_help"));
            return;
        }
        if let Some(c) = self.chart(doc, lang) {
            let w = ui.available_width().max(240.0);
            chart_view::show(ui, "transect", &c, egui::vec2(w, w * 0.5), lang);
            if ui.button(lang.t("export_chart")).clicked() {
                doc.save_request = Some(SaveRequest {
                    name: "transekt.svg".into(),
                    export: Export::Chart(c),
                });
            }
        }
        let Some(l) = doc.active_layer() else { return };
        let values = doc.rendered.as_ref().map(|r| &r.values);
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
                        ui.strong(&doc.style.variable);
                        ui.end_row();
                        for c in &self.result {
                            ui.label(lang.number(c.from_m / 1000.0, 2));
                            ui.label(lang.number(c.to_m / 1000.0, 2));
                            ui.label(l.label_and_code(c.row));
                            let v = values.and_then(|v| v.get(c.row).copied().flatten());
                            ui.label(v.map_or_else(
                                || lang.t("missing").to_string(),
                                |v| lang.number(v, 1),
                            ));
                            ui.end_row();
                        }
                    });
            });
    }
}

impl View for TransectView {
    fn id(&self) -> &'static str {
        "transect"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("transect").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| self.form(ui, doc, lang));
    }

    fn poll(&mut self, _doc: &mut Document, _lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok(r)) => {
                self.result = r;
                true
            }
            Some(Err(e)) => {
                self.error = Some(e.message);
                true
            }
            None => false,
        }
    }

    fn running(&self) -> Vec<&dyn Running> {
        self.job.iter().map(|j| j as &dyn Running).collect()
    }

    fn paint_map(&self, doc: &Document, map: &MapPainter) {
        let Some(layer) = doc.active_layer() else {
            return;
        };
        if self.layer != doc.active || self.points.is_empty() {
            return;
        }
        for c in &self.result {
            map.outline(layer, c.row, egui::Stroke::new(1.0, TRANSECT));
        }
        let pts: Vec<egui::Pos2> = self.points.iter().map(|p| map.to_screen(*p)).collect();
        map.painter.add(egui::Shape::line(
            pts.clone(),
            egui::Stroke::new(3.5, TRANSECT),
        ));
        for p in pts {
            map.painter.circle_filled(p, 4.0, TRANSECT);
        }
    }

    fn map_click(&mut self, doc: &mut Document, world: [f64; 2]) -> bool {
        if self.drawing {
            self.add_point(doc, world);
        }
        self.drawing
    }

    fn map_double_click(&mut self, _doc: &mut Document, _world: [f64; 2]) -> bool {
        self.drawing
    }

    fn on_close(&mut self) {
        self.drawing = false;
    }

    fn save_project(&self, doc: &Document, project: &mut Project) -> crate::Result<()> {
        if let (true, Some(l)) = (
            self.points.len() >= 2 && self.layer == doc.active,
            doc.active_layer(),
        ) {
            project.analyses.transect = Some(line_in_wgs84(&self.points, &l.layer.working_crs)?);
        }
        Ok(())
    }

    fn load_project(&mut self, doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(t) = &project.analyses.transect else {
            return false;
        };
        self.coords = t.clone();
        self.use_coordinates(doc);
        self.zoom_to_line(doc);
        true
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

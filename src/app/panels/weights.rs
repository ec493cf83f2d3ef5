//! The weights manager: create spatial weights for the active layer (in the background), see
//! their summary and neighbour histogram, save and load GeoDa/PySAL files, and show the selected
//! areas' neighbours on the map (the connectivity view).

use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::app::view::View;
use crate::spatial::points::Kernel;
use crate::spatial::WeightsSpec;

/// The form's choices.
pub struct WeightsForm {
    pub kind: &'static str,
    pub k: usize,
    pub distance: f64,
    pub kernel: &'static str,
    pub adaptive: bool,
    /// `None` until the person sets it: then the layer's default is used.
    pub tolerance: Option<f64>,
}

impl Default for WeightsForm {
    fn default() -> Self {
        WeightsForm {
            kind: "queen",
            k: 6,
            distance: 2000.0,
            kernel: "triangular",
            adaptive: false,
            tolerance: None,
        }
    }
}

impl WeightsForm {
    pub fn spec(&self) -> WeightsSpec {
        match self.kind {
            "rook" => WeightsSpec::Rook,
            "boundary" => WeightsSpec::Boundary,
            "knn" => WeightsSpec::Knn(self.k),
            "band" => WeightsSpec::Band(self.distance, None),
            "kernel" => WeightsSpec::Kernel {
                function: Kernel::from_name(self.kernel).unwrap_or(Kernel::Triangular),
                k: self.k,
                adaptive: self.adaptive,
            },
            _ => WeightsSpec::Queen,
        }
    }
}

/// The weights view: the form; the weights themselves belong to the document.
#[derive(Default)]
pub struct WeightsView {
    pub form: WeightsForm,
}

fn show(form: &mut WeightsForm, ui: &mut egui::Ui, ws: &mut Document, lang: Lang) {
    let Some(layer) = ws.active_layer() else {
        return;
    };
    let default_tol = crate::spatial::default_tolerance(&layer.layer);
    egui::ComboBox::from_label(lang.t("weights_kind"))
        .selected_text(form.kind)
        .show_ui(ui, |ui| {
            for k in ["queen", "rook", "boundary", "knn", "band", "kernel"] {
                ui.selectable_value(&mut form.kind, k, k);
            }
        });
    match form.kind {
        "knn" | "kernel" => {
            ui.add(egui::Slider::new(&mut form.k, 1..=30).text("k"));
        }
        "band" => {
            ui.add(
                egui::Slider::new(&mut form.distance, 100.0..=50_000.0)
                    .logarithmic(true)
                    .text(lang.t("distance_m")),
            );
        }
        _ => {
            let mut tol = form.tolerance.unwrap_or(default_tol);
            if ui
                .add(egui::Slider::new(&mut tol, 0.0..=100.0).text(lang.t("tolerance_m")))
                .changed()
            {
                form.tolerance = Some(tol);
            }
        }
    }
    if form.kind == "kernel" {
        egui::ComboBox::from_label(lang.t("kernel"))
            .selected_text(form.kernel)
            .show_ui(ui, |ui| {
                for f in ["triangular", "uniform", "quadratic", "quartic", "gaussian"] {
                    ui.selectable_value(&mut form.kernel, f, f);
                }
            });
        ui.checkbox(&mut form.adaptive, lang.t("adaptive"));
    }
    ui.horizontal(|ui| {
        if ui.button(lang.t("create")).clicked() {
            ws.start_weights(form.spec(), form.kind, form.tolerance);
        }
        if ui.button(lang.t("load")).clicked() {
            ws.wants_weights_file = true;
        }
        if ws.weights.is_some() && ui.button(lang.t("save")).clicked() {
            ws.save_request = Some(SaveRequest {
                name: "weights.gal".into(),
                export: Export::Weights,
            });
        }
    });
    if let Some(lw) = ws.weights.as_ref().filter(|lw| lw.layer == ws.active) {
        let s = lw.weights.summary();
        ui.label(format!("{}: {}", lang.t("weights"), lw.label));
        ui.label(format!(
            "{} {} · {} {} ({}–{})",
            lang.number(s.n as f64, 0),
            lang.t("areas"),
            lang.number(s.mean_neighbors, 2),
            lang.t("mean_neighbours"),
            s.min_neighbors,
            s.max_neighbors
        ));
        ui.label(format!(
            "{}: {} · {}: {}",
            lang.t("islands"),
            s.islands.len(),
            lang.t("components"),
            s.components
        ));
        histogram(ui, &s.histogram);
        ui.checkbox(&mut ws.show_neighbours, lang.t("show_neighbours"));
    }
}

impl View for WeightsView {
    fn id(&self) -> &'static str {
        "weights"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_weights").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| show(&mut self.form, ui, doc, lang));
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Bars of the number of areas by number of neighbours.
fn histogram(ui: &mut egui::Ui, h: &[usize]) {
    let max = h.iter().copied().max().unwrap_or(1).max(1) as f32;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width().min(260.0), 70.0),
        egui::Sense::hover(),
    );
    let p = ui.painter_at(rect);
    let w = rect.width() / h.len().max(1) as f32;
    for (k, &c) in h.iter().enumerate() {
        let height = (c as f32 / max) * (rect.height() - 12.0);
        let x = rect.left() + k as f32 * w;
        p.rect_filled(
            egui::Rect::from_min_max(
                egui::pos2(x + 1.0, rect.bottom() - 12.0 - height),
                egui::pos2(x + w - 1.0, rect.bottom() - 12.0),
            ),
            0.0,
            egui::Color32::from_rgb(90, 140, 200),
        );
        if h.len() <= 16 || k % 5 == 0 {
            p.text(
                egui::pos2(x + w / 2.0, rect.bottom()),
                egui::Align2::CENTER_BOTTOM,
                k.to_string(),
                egui::FontId::proportional(9.0),
                egui::Color32::GRAY,
            );
        }
    }
}

//! The bivariate map view: two variables in tertiles each, nine colours on the map, and a
//! 3 × 3 legend square with the count of areas in each cell — click a cell to select its
//! areas. Palettes that colour-blind readers cannot read are marked in the chooser.

use super::{Selected, Source, SELECTED};
use crate::analysis::explore::{bivariate, Bivariate, BivariatePalette, BIVARIATE_PALETTES};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::view::View;
use crate::figure::bivariate::BivariateLegend;
use crate::project::{BivariateSettings, Project};
use egui::{Color32, Stroke};

pub struct BivariateView {
    pub x: String,
    pub y: String,
    pub palette: String,
    /// What is on the map: its source, palette and classes.
    made: Option<(Source, String, Result<Bivariate, String>)>,
    selected: Selected,
    shown: bool,
}

impl Default for BivariateView {
    fn default() -> Self {
        BivariateView {
            x: String::new(),
            y: String::new(),
            palette: BIVARIATE_PALETTES[0].name.into(),
            made: None,
            selected: Selected::default(),
            shown: false,
        }
    }
}

fn color(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

impl BivariateView {
    /// The classes on the map.
    pub fn bivariate(&self) -> Option<&Bivariate> {
        self.made.as_ref()?.2.as_ref().ok()
    }

    /// Classify both variables and colour the map (when they or the palette changed).
    pub fn apply(&mut self, doc: &mut Document, lang: Lang) {
        if self.x.is_empty() || self.y.is_empty() {
            return;
        }
        let Some(source) = Source::of(doc, &[self.x.clone(), self.y.clone()], false) else {
            return;
        };
        if self
            .made
            .as_ref()
            .is_some_and(|(s, p, _)| *s == source && *p == self.palette)
        {
            return;
        }
        let palette = BivariatePalette::named(&self.palette).unwrap_or(BIVARIATE_PALETTES[0]);
        let result = (|| {
            let vx = super::values(doc, &self.x)?;
            let vy = super::values(doc, &self.y)?;
            let b = bivariate(&vx, &vy)?;
            Ok::<_, crate::Error>((b, vx))
        })();
        let result = match result {
            Ok((b, vx)) => {
                let names = [self.x.as_str(), self.y.as_str()];
                doc.show_rendered(b.rendered(&palette, names, vx, lang));
                doc.bivariate = Some((
                    doc.generation,
                    BivariateLegend::new(&b, &palette, names, lang),
                ));
                Ok(b)
            }
            Err(e) => Err(e.message),
        };
        self.made = Some((source, self.palette.clone(), result));
    }
}

impl View for BivariateView {
    fn id(&self) -> &'static str {
        "bivariate"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("bivariate_map").into()
    }

    fn explore(&self) -> bool {
        true
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.shown = true;
        super::variable(ui, lang.t("first_variable"), &mut self.x, doc, lang);
        super::variable(ui, lang.t("second_variable"), &mut self.y, doc, lang);
        ui.horizontal(|ui| {
            ui.label(lang.t("palette"));
            egui::ComboBox::from_id_salt("bivariate-palette")
                .selected_text(self.palette.clone())
                .show_ui(ui, |ui| {
                    for p in BIVARIATE_PALETTES {
                        let text = if p.colour_blind_safe() {
                            p.name.to_string()
                        } else {
                            format!("{} ⚠ {}", p.name, lang.t("not_colour_blind_safe"))
                        };
                        ui.selectable_value(&mut self.palette, p.name.to_string(), text);
                    }
                });
        });
        if BivariatePalette::named(&self.palette).is_some_and(|p| !p.colour_blind_safe()) {
            ui.small(lang.t("not_colour_blind_safe_help"));
        }
        let redo = ui.button(lang.t("show_on_map")).clicked();
        if redo {
            self.made = None;
        }
        self.apply(doc, lang);
        self.selected.sync(doc);
        let Some((_, palette, result)) = &self.made else {
            ui.label(lang.t("choose_variable_hint"));
            return;
        };
        let b = match result {
            Ok(b) => b,
            Err(e) => {
                ui.colored_label(Color32::from_rgb(180, 40, 40), e);
                return;
            }
        };
        let palette = BivariatePalette::named(palette).unwrap_or(BIVARIATE_PALETTES[0]);
        // The 3 × 3 square: the first variable to the right, the second upwards.
        let cell = 58.0;
        let ranges = [
            b.class_ranges(0, lang, b.decimals(0)),
            b.class_ranges(1, lang, b.decimals(1)),
        ];
        let ink = ui.visuals().text_color();
        let mut picked = None;
        ui.add_space(6.0);
        let (rect, _) = ui.allocate_exact_size(
            egui::vec2(90.0 + 3.0 * cell, 3.0 * cell + 40.0),
            egui::Sense::hover(),
        );
        let x0 = rect.left() + 86.0;
        let painter = ui.painter_at(rect);
        let hovered_cell = super::hovered(doc).and_then(|r| b.class.get(r).copied().flatten());
        for c1 in 0..3 {
            for c2 in 0..3 {
                let r = egui::Rect::from_min_size(
                    egui::pos2(x0 + c1 as f32 * cell, rect.top() + (2 - c2) as f32 * cell),
                    egui::vec2(cell, cell),
                );
                let id = ui.scope_id().with(("cell", c1, c2));
                let resp = ui.interact(r, id, egui::Sense::click());
                let count = b.counts[c1][c2];
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!(
                            "{} {} · {} {}: {count} {}",
                            self.x,
                            ranges[0].get(c1).cloned().unwrap_or_default(),
                            self.y,
                            ranges[1].get(c2).cloned().unwrap_or_default(),
                            lang.t("areas_word")
                        ),
                    )
                });
                painter.rect_filled(r.shrink(1.0), 0.0, color(palette.colors[c1][c2]));
                let selected_here = b
                    .class
                    .iter()
                    .enumerate()
                    .filter(|(i, c)| **c == Some((c1, c2)) && self.selected.has(*i))
                    .count();
                let text = if selected_here > 0 {
                    format!("{}\n({})", b.counts[c1][c2], selected_here)
                } else {
                    b.counts[c1][c2].to_string()
                };
                painter.text(
                    r.center(),
                    egui::Align2::CENTER_CENTER,
                    text,
                    egui::FontId::proportional(11.0),
                    Color32::from_gray(15),
                );
                if selected_here > 0 || hovered_cell == Some((c1, c2)) || resp.hovered() {
                    let s = if selected_here > 0 {
                        SELECTED
                    } else {
                        Color32::BLACK
                    };
                    painter.rect_stroke(
                        r.shrink(1.0),
                        0.0,
                        Stroke::new(2.0, s),
                        egui::StrokeKind::Inside,
                    );
                }
                let resp = resp.on_hover_text(format!(
                    "{}: {}\n{}: {}",
                    self.x,
                    ranges[0].get(c1).cloned().unwrap_or_default(),
                    self.y,
                    ranges[1].get(c2).cloned().unwrap_or_default()
                ));
                if resp.clicked() {
                    picked = Some((c1, c2));
                }
            }
        }
        let small = egui::FontId::proportional(10.5);
        for (c, r) in ranges[0].iter().enumerate() {
            painter.text(
                egui::pos2(x0 + (c as f32 + 0.5) * cell, rect.top() + 3.0 * cell + 4.0),
                egui::Align2::CENTER_TOP,
                r,
                small.clone(),
                ink,
            );
        }
        for (c, r) in ranges[1].iter().enumerate() {
            painter.text(
                egui::pos2(x0 - 4.0, rect.top() + (2.5 - c as f32) * cell),
                egui::Align2::RIGHT_CENTER,
                r,
                small.clone(),
                ink,
            );
        }
        ui.label(format!("→ {}", self.x));
        ui.label(format!("↑ {}", self.y));
        if b.missing > 0 {
            ui.small(format!(
                "{}: {}",
                lang.t("missing"),
                lang.number(b.missing as f64, 0)
            ));
        }
        if ui.button(lang.t("export_figure")).clicked() {
            doc.save_request = Some(crate::app::document::SaveRequest {
                name: "bivariat_karta.svg".into(),
                export: crate::app::document::Export::Figure,
            });
        }
        if let Some(cell) = picked {
            let rows: Vec<usize> = b
                .class
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == Some(cell))
                .map(|(i, _)| i)
                .collect();
            super::select(doc, rows, super::additive(ui));
        }
    }

    fn on_close(&mut self) {
        self.shown = false;
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if self.shown && !self.x.is_empty() && !self.y.is_empty() {
            project.analyses.explore.bivariate = Some(BivariateSettings {
                x: self.x.clone(),
                y: self.y.clone(),
                palette: self.palette.clone(),
            });
        }
        Ok(())
    }

    fn load_project(&mut self, doc: &mut Document, project: &Project, lang: Lang) -> bool {
        let Some(s) = &project.analyses.explore.bivariate else {
            return false;
        };
        self.x = s.x.clone();
        self.y = s.y.clone();
        self.palette = s.palette.clone();
        self.made = None;
        self.apply(doc, lang);
        true
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

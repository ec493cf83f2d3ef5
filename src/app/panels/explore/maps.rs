//! Maps side by side: two to four maps — different variables or years of the active layer, or
//! other layers — with one synchronised pan and zoom and the shared selection. With "one
//! classification" every map uses classes computed over all of them (then and now on one
//! legend); otherwise each map has the map's scheme on its own values.

use super::{Selected, Source};
use crate::app::document::{Document, Viewport};
use crate::app::i18n::Lang;
use crate::app::map_view::layer_shapes;
use crate::app::screen::outline;
use crate::app::view::View;
use crate::classify::style::{render_shared, render_values, MapStyle, Rendered};
use crate::figure::chart::shorten;
use crate::project::{MapsSettings, Project};
use egui::{Color32, Sense, Stroke};

const OCEAN: Color32 = Color32::from_rgb(235, 242, 247);

/// One of the maps: a layer and a variable.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPanel {
    pub layer: usize,
    pub var: String,
}

pub struct MapsView {
    pub panels: Vec<MapPanel>,
    pub shared_classes: bool,
    /// The maps' one viewport (pan and zoom any of them, all follow).
    pub view: Viewport,
    /// What the maps' colours were made from: the variables and layers, the map's style and
    /// whether the classes are shared.
    made_from: Option<(Source, MapStyle, bool)>,
    /// Each map's colours (`None` while it has no variable).
    made: Vec<Option<Result<Rendered, String>>>,
    selected: Selected,
    shown: bool,
}

impl Default for MapsView {
    fn default() -> Self {
        MapsView {
            panels: vec![
                MapPanel {
                    layer: 0,
                    var: String::new(),
                },
                MapPanel {
                    layer: 0,
                    var: String::new(),
                },
            ],
            shared_classes: true,
            view: Viewport::default(),
            made_from: None,
            made: Vec::new(),
            selected: Selected::default(),
            shown: false,
        }
    }
}

/// A variable's values on a layer.
fn values_on(doc: &Document, layer: usize, var: &str) -> crate::Result<Vec<Option<f64>>> {
    let l = doc
        .layers
        .get(layer)
        .ok_or_else(|| crate::Error::input("the layer is no longer open"))?;
    let area = l.layer.area_km2();
    crate::data::expr::Expr::values(var, &l.table, Some(&area))
}

impl MapsView {
    /// Each map's colours (after the view has been shown).
    pub fn rendered(&self, k: usize) -> Option<&Rendered> {
        self.made.get(k)?.as_ref()?.as_ref().ok()
    }

    /// Recolour the maps when a variable, a layer, the map's style or the sharing changed: each
    /// on its own values, or all on one classification ([`render_shared`]).
    pub fn refresh(&mut self, doc: &Document, lang: Lang) {
        let mut style = doc.style.clone();
        style.categorical = false;
        let keys: Vec<String> = self
            .panels
            .iter()
            .map(|p| format!("{}@{}", p.var, p.layer))
            .collect();
        let Some(source) = Source::of(doc, &keys, false) else {
            return;
        };
        let from = (source, style.clone(), self.shared_classes);
        if self.made_from.as_ref() != Some(&from) || self.made.len() != self.panels.len() {
            let values: Vec<Option<Result<Vec<Option<f64>>, String>>> = self
                .panels
                .iter()
                .map(|p| {
                    (!p.var.is_empty())
                        .then(|| values_on(doc, p.layer, &p.var).map_err(|e| e.message))
                })
                .collect();
            self.made = if self.shared_classes {
                let ok: Vec<Vec<Option<f64>>> =
                    values.iter().flatten().flatten().cloned().collect();
                match render_shared(&style, ok, lang) {
                    Ok(rendered) => {
                        let mut rendered = rendered.into_iter();
                        values
                            .into_iter()
                            .map(|v| {
                                v.map(|v| v.and_then(|_| rendered.next().ok_or_else(String::new)))
                            })
                            .collect()
                    }
                    Err(e) => values
                        .into_iter()
                        .map(|v| v.map(|v| v.and_then(|_| Err(e.message.clone()))))
                        .collect(),
                }
            } else {
                values
                    .into_iter()
                    .map(|v| {
                        v.map(|v| {
                            v.and_then(|v| render_values(&style, v, lang).map_err(|e| e.message))
                        })
                    })
                    .collect()
            };
            self.made_from = Some(from);
        }
        self.selected.sync(doc);
    }

    /// The maps as one figure: small multiples on one legend when the classes are shared.
    pub fn figure_svg(&self, doc: &Document, lang: Lang) -> crate::Result<String> {
        let mut panels = Vec::new();
        for (k, p) in self.panels.iter().enumerate() {
            if let (Some(r), Some(l)) = (self.rendered(k), doc.layers.get(p.layer)) {
                panels.push(crate::figure::multiples::Panel {
                    outline: &[],
                    title: p.var.clone(),
                    areas: &l.layer.projected,
                    rendered: r,
                });
            }
        }
        if panels.is_empty() {
            return Err(crate::Error::input("there is no map to export"));
        }
        let metres = doc
            .active_layer()
            .is_some_and(|l| l.layer.working_crs != crate::data::crs::Crs::Planar);
        Ok(crate::figure::multiples::Multiples {
            panels,
            title: if doc.title.is_empty() {
                self.panels
                    .iter()
                    .map(|p| p.var.as_str())
                    .collect::<Vec<_>>()
                    .join(" · ")
            } else {
                doc.title.clone()
            },
            legend_title: if self.shared_classes {
                doc.style.variable.clone()
            } else {
                String::new()
            },
            shared_legend: self.shared_classes,
            source: doc.source.clone(),
            metres,
            width: 1600.0,
            height: 900.0,
            lang,
        }
        .svg())
    }

    /// One map: draw it and take pan, zoom, hover and clicks.
    fn map(
        &mut self,
        ui: &mut egui::Ui,
        doc: &mut Document,
        k: usize,
        size: egui::Vec2,
        lang: Lang,
    ) {
        let p = self.panels[k].clone();
        ui.vertical(|ui| {
            ui.label(egui::RichText::new(shorten(&p.var, 48)).strong())
                .on_hover_text(p.var.as_str());
            let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Canvas,
                    true,
                    format!("{} {}", lang.t("map"), k + 1),
                )
            });
            let Some(layer) = doc.layers.get(p.layer) else {
                return;
            };
            if self.view.fit.is_some() || self.view.scale == 1.0 && self.view.center == [0.0, 0.0] {
                self.view.fit_to(rect, layer.extent);
            }
            if response.dragged() {
                let d = response.drag_delta();
                self.view.center[0] -= d.x as f64 / self.view.scale;
                self.view.center[1] += d.y as f64 / self.view.scale;
            }
            if response.hovered() {
                let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
                let factor = (zoom as f64) * (1.0 + scroll as f64 * 0.0015);
                if factor != 1.0 {
                    if let Some(at) = response.hover_pos() {
                        let before = self.view.to_world(rect, at);
                        self.view.scale *= factor;
                        let after = self.view.to_world(rect, at);
                        self.view.center[0] += before[0] - after[0];
                        self.view.center[1] += before[1] - after[1];
                    }
                }
            }
            if response.double_clicked() {
                self.view.fit_to(rect, layer.extent);
            }
            let painter = ui.painter_at(rect);
            painter.rect_filled(rect, 0.0, OCEAN);
            let rendered = self.rendered(k);
            painter.extend(layer_shapes(layer, rendered, &self.view, rect));
            let active = p.layer == doc.active;
            if active {
                for &i in &doc.selection {
                    if i < layer.len() {
                        painter.extend(outline(
                            layer,
                            i,
                            &self.view,
                            rect,
                            Stroke::new(2.0, super::SELECTED),
                        ));
                    }
                }
            }
            let under = response.hover_pos().and_then(|at| {
                let w = self.view.to_world(rect, at);
                layer.area_at(w[0], w[1])
            });
            let mark = if active {
                under.or(super::hovered(doc))
            } else {
                under
            };
            if let Some(i) = mark {
                painter.extend(outline(
                    layer,
                    i,
                    &self.view,
                    rect,
                    Stroke::new(1.8, Color32::BLACK),
                ));
            }
            if let Some(e) = self
                .made
                .get(k)
                .and_then(|m| m.as_ref())
                .and_then(|m| m.as_ref().err())
            {
                painter.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    e,
                    egui::FontId::proportional(12.0),
                    Color32::from_rgb(180, 40, 40),
                );
            }
            let label = under.map(|i| {
                let v = rendered
                    .and_then(|r| r.values.get(i).copied().flatten())
                    .map_or_else(|| lang.t("missing").to_string(), |v| lang.number(v, 2));
                (
                    i,
                    format!("{}: {v}", shorten(&p.var, 40)),
                    layer.label_of(i),
                )
            });
            let clicked = response.clicked();
            if let Some((i, detail, name)) = label {
                if active {
                    super::hover(doc, &response, i, detail);
                } else {
                    response
                        .clone()
                        .on_hover_text_at_pointer(format!("{name}\n{detail}"));
                }
                if clicked && active {
                    let add = super::additive(ui);
                    doc.select(i, add);
                }
            } else if clicked && active && !super::additive(ui) {
                doc.selection.clear();
            }
        });
    }

    /// A row of the map's classes under the maps (or under each map).
    fn legend(ui: &mut egui::Ui, r: &Rendered) {
        ui.horizontal_wrapped(|ui| {
            for e in &r.legend {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 10.0), Sense::hover());
                ui.painter().rect_filled(
                    rect,
                    0.0,
                    Color32::from_rgb(e.color[0], e.color[1], e.color[2]),
                );
                ui.small(&e.label);
            }
        });
    }
}

impl View for MapsView {
    fn id(&self) -> &'static str {
        "maps"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("maps_side_by_side").into()
    }

    fn explore(&self) -> bool {
        true
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.shown = true;
        if self.panels.iter().all(|p| p.var.is_empty()) && !doc.style.variable.is_empty() {
            // Start from the map's variable.
            self.panels[0] = MapPanel {
                layer: doc.active,
                var: doc.style.variable.clone(),
            };
            self.panels[1].layer = doc.active;
        }
        let layer_names: Vec<String> = doc.layers.iter().map(|l| l.name.clone()).collect();
        let mut remove = None;
        egui::CollapsingHeader::new(lang.t("maps_choose"))
            .default_open(true)
            .show(ui, |ui| {
                let n = self.panels.len();
                for (k, p) in self.panels.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        ui.label(format!("{} {}", lang.t("map"), k + 1));
                        if layer_names.len() > 1 {
                            egui::ComboBox::from_id_salt(("maps-layer", k))
                                .selected_text(
                                    layer_names.get(p.layer).cloned().unwrap_or_default(),
                                )
                                .show_ui(ui, |ui| {
                                    for (i, name) in layer_names.iter().enumerate() {
                                        ui.selectable_value(&mut p.layer, i, name);
                                    }
                                });
                        }
                        if n > 2
                            && ui
                                .small_button("✕")
                                .on_hover_text(lang.t("remove"))
                                .clicked()
                        {
                            remove = Some(k);
                        }
                    });
                    let columns = doc
                        .layers
                        .get(p.layer)
                        .map(|l| crate::app::picker::numeric_columns(&l.table))
                        .unwrap_or_default();
                    crate::app::picker::variable_field(
                        ui,
                        &format!("{} {}", lang.t("variable"), k + 1),
                        &mut p.var,
                        &columns,
                        lang,
                    );
                }
                ui.horizontal(|ui| {
                    if self.panels.len() < 4 && ui.button(lang.t("add_map")).clicked() {
                        self.panels.push(MapPanel {
                            layer: doc.active,
                            var: String::new(),
                        });
                    }
                    ui.checkbox(&mut self.shared_classes, lang.t("shared_classes"));
                });
            });
        if let Some(k) = remove {
            self.panels.remove(k);
            self.made.clear();
        }
        if ui.button(lang.t("export_figure")).clicked() {
            match self.figure_svg(doc, lang) {
                Ok(svg) => {
                    doc.save_request = Some(crate::app::document::SaveRequest {
                        name: "kartor.svg".into(),
                        export: crate::app::document::Export::Svg {
                            svg,
                            width: 1600.0,
                            height: 900.0,
                        },
                    })
                }
                Err(e) => doc.messages.push(e.to_string()),
            }
        }
        self.refresh(doc, lang);
        let n = self.panels.len();
        let (w, h) = (
            ui.available_width(),
            ui.clip_rect().bottom() - ui.cursor().top() - 10.0,
        );
        // The arrangement that shows the layer largest: side by side, one above the other, or
        // two by two.
        let extent = doc
            .active_layer()
            .map_or([0.0, 0.0, 1.0, 1.0], |l| l.extent);
        let aspect = ((extent[2] - extent[0]) / (extent[3] - extent[1]).max(1e-9)) as f32;
        let grids: &[(usize, usize)] = match n {
            2 => &[(2, 1), (1, 2)],
            3 => &[(3, 1), (1, 3), (2, 2)],
            _ => &[(4, 1), (1, 4), (2, 2)],
        };
        let size = |(cols, rows): (usize, usize)| {
            let legend = if self.shared_classes {
                26.0
            } else {
                26.0 * rows as f32
            };
            egui::vec2(
                w / cols as f32 - 8.0,
                ((h - legend) / rows as f32 - 22.0).max(120.0),
            )
        };
        let scale = |g: (usize, usize)| {
            let s = size(g);
            (s.x / aspect).min(s.y)
        };
        let (cols, rows) = grids
            .iter()
            .copied()
            .max_by(|a, b| scale(*a).total_cmp(&scale(*b)))
            .unwrap_or((2, 2));
        let room = size((cols, rows));
        for r in 0..rows {
            ui.horizontal(|ui| {
                for c in 0..cols {
                    let k = r * cols + c;
                    if k < n {
                        ui.vertical(|ui| {
                            self.map(ui, doc, k, room, lang);
                            if !self.shared_classes {
                                if let Some(rd) = self.rendered(k) {
                                    Self::legend(ui, rd);
                                }
                            }
                        });
                    }
                }
            });
        }
        if self.shared_classes {
            if let Some(rd) = (0..n).find_map(|k| self.rendered(k)) {
                Self::legend(ui, rd);
            }
        }
    }

    fn on_close(&mut self) {
        self.shown = false;
    }

    fn save_project(&self, doc: &Document, project: &mut Project) -> crate::Result<()> {
        let vars: Vec<String> = self
            .panels
            .iter()
            .filter(|p| p.layer == doc.active && !p.var.is_empty())
            .map(|p| p.var.clone())
            .collect();
        if self.shown && vars.len() >= 2 {
            project.analyses.explore.maps = Some(MapsSettings {
                vars,
                shared_classes: self.shared_classes,
            });
        }
        Ok(())
    }

    fn load_project(&mut self, doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(m) = &project.analyses.explore.maps else {
            return false;
        };
        self.panels = m
            .vars
            .iter()
            .take(4)
            .map(|v| MapPanel {
                layer: doc.active,
                var: v.clone(),
            })
            .collect();
        while self.panels.len() < 2 {
            self.panels.push(MapPanel {
                layer: doc.active,
                var: String::new(),
            });
        }
        self.shared_classes = m.shared_classes;
        self.made.clear();
        self.view.fit = doc.active_layer().map(|l| l.extent);
        true
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

//! *Analys → Nivåer*: how much segregation lies at each level — län, kommun, RegSO, DeSO — from
//! the active layer's table or a table file alone (SCB's national DeSO table), with SCB's link
//! table for RegSO. Computed in the background by [`crate::analysis::levels`] (as `segatlas
//! levels`): the parts as one stacked bar with their shares, the ranked table of the units of a
//! level (own M, share of the population, share of the segregation within the level), a unit's
//! own split when clicked (its areas selected when the table is the active layer's), and a map
//! of the bundled municipalities or counties coloured by own M or by share.

use crate::analysis::levels::{self, Output, Request};
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::map_layer::MapLayer;
use crate::app::view::View;
use crate::data::table::{Column, Table};
use std::path::PathBuf;
use std::sync::Arc;

/// What the map is coloured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColourBy {
    #[default]
    OwnM,
    Contribution,
}

#[derive(Default)]
pub struct LevelsView {
    /// A table file; empty: the active layer's table.
    pub table_path: String,
    /// SCB's link table (DeSO → RegSO), optional.
    pub link_path: String,
    /// Groups, comma-separated.
    pub groups: String,
    /// Levels, comma-separated, coarsest first.
    pub levels: String,
    /// Only inside one unit: `LEVEL=CODE` (lan=01) or a code; empty: the whole table.
    pub within: String,
    /// The level whose units the ranked table shows.
    pub shown: usize,
    pub colour_by: ColourBy,
    /// The unit of the shown level whose own split is shown.
    pub selected: Option<usize>,
    pub result: Option<Output>,
    /// Whether the result came from the active layer's own table (its areas can be selected).
    from_layer: Option<usize>,
    /// The table file read for the form (path, table), so columns can be proposed.
    loaded: Option<(String, Result<Arc<Table>, String>)>,
    pub job: Option<Job<Output>>,
    pub error: Option<String>,
    /// The table, link and layer the groups and levels were proposed for.
    guessed_for: String,
    /// A file dialog for the table or (`picking_link`) the link table.
    pub picker: crate::app::file_browser::Picker,
    picking_link: bool,
}

/// A level's name in words: `kommun` → "kommuner".
fn word(name: &str, lang: Lang) -> String {
    let sv = lang.is_swedish();
    match name.to_lowercase().as_str() {
        "lan" | "län" | "county" => if sv { "län" } else { "counties" }.into(),
        "kommun" | "municipality" => if sv { "kommuner" } else { "municipalities" }.into(),
        "regso" => "RegSO".into(),
        "deso" => "DeSO".into(),
        _ => name.into(),
    }
}

/// "Mellan kommuner inom län".
pub fn part_label(o: &Output, l: usize, lang: Lang) -> String {
    let between = format!(
        "{} {}",
        lang.t("levels_between"),
        word(&o.levels[l].name, lang)
    );
    match (l, &o.within) {
        (0, None) => between,
        (0, Some((level, code))) => {
            format!(
                "{between} {} {} {code}",
                lang.t("levels_within"),
                word(level, lang)
            )
        }
        _ => format!(
            "{between} {} {}",
            lang.t("levels_within"),
            word(&o.levels[l - 1].name, lang)
        ),
    }
}

/// Colours of the parts, coarsest first (a sequential blue ramp, readable in grey).
const PART_COLOURS: [egui::Color32; 6] = [
    egui::Color32::from_rgb(8, 48, 107),
    egui::Color32::from_rgb(33, 113, 181),
    egui::Color32::from_rgb(107, 174, 214),
    egui::Color32::from_rgb(198, 219, 239),
    egui::Color32::from_rgb(240, 200, 150),
    egui::Color32::from_rgb(200, 120, 60),
];

impl LevelsView {
    /// The table the form works on: the file's, else the active layer's.
    fn table(&mut self, doc: &Document) -> Result<Option<Arc<Table>>, String> {
        let path = self.table_path.trim().to_string();
        if path.is_empty() {
            return Ok(doc.active_layer().map(|l| l.table.clone()));
        }
        if let Some((p, t)) = &self.loaded {
            if *p == path {
                return t.clone().map(Some);
            }
        }
        // Read once per path (a failure too: not again every frame).
        let t = crate::data::open_table(&PathBuf::from(&path))
            .map(Arc::new)
            .map_err(|e| e.to_string());
        self.loaded = Some((path, t.clone()));
        t.map(Some)
    }

    /// Propose groups and levels from SCB's column names and codes, again whenever the table or
    /// the link changes.
    fn guess(&mut self, table: &Table, active: usize) {
        let source = format!(
            "{}\u{0}{}\u{0}{active}",
            self.table_path.trim(),
            self.link_path.trim()
        );
        if source != self.guessed_for {
            self.guessed_for = source;
            self.groups.clear();
            self.levels.clear();
        }
        if self.groups.trim().is_empty() {
            let (foreign, _, swedish) = crate::app::panels::segregation::scb_groups(table);
            if let (Some(s), Some(f)) = (swedish, foreign) {
                self.groups = format!("{s}, {f}");
            }
        }
        if self.levels.trim().is_empty() {
            let mut found = levels::available(table);
            // RegSO comes from the link table.
            if !self.link_path.trim().is_empty() && !found.contains(&"regso") {
                found.insert(found.len().saturating_sub(1), "regso");
            }
            self.levels = found.join(",");
        }
    }

    pub fn start(&mut self, doc: &Document, lang: Lang) {
        let table = match self.table(doc) {
            Ok(Some(t)) => t,
            Ok(None) => return,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        let link = self.link_path.trim().to_string();
        let req = Request {
            groups: crate::data::expr::split_list(&self.groups)
                .into_iter()
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty())
                .collect(),
            levels: self
                .levels
                .split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            within: Some(self.within.trim().to_string()).filter(|w| !w.is_empty()),
            missing: crate::data::subset::Missing::Skip,
            ..Default::default()
        };
        self.from_layer = self.table_path.trim().is_empty().then_some(doc.active);
        self.error = None;
        self.selected = None;
        self.job = Some(Job::spawn(lang.t("tab_levels"), move |_| {
            let joined;
            let table: &Table = if link.is_empty() {
                &table
            } else {
                let path = PathBuf::from(&link);
                let l = crate::data::open_table(&path)?;
                joined = levels::with_link(&table, &l, None)
                    .map_err(|e| e.with_file(&path))?
                    .0;
                &joined
            };
            levels::run(table, &req)
        }));
    }

    /// A path field with its *Välj…* button; true when the button was clicked.
    fn path_field(
        ui: &mut egui::Ui,
        label: &str,
        text: &mut String,
        hint: &str,
        lang: Lang,
    ) -> bool {
        let lbl = ui.label(label).id;
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text(hint)
                    .desired_width((ui.available_width() - 70.0).max(120.0)),
            )
            .labelled_by(lbl);
            ui.button(lang.t("choose")).on_hover_text(label).clicked()
        })
        .inner
    }

    /// Open a file dialog for the table (`link` false) or the link table.
    fn choose(&mut self, ctx: &egui::Context, link: bool, title: &str) {
        let req = crate::app::file_browser::Request::open(
            title,
            &[("CSV, Excel, Parquet", &["csv", "xlsx", "parquet"])],
            false,
        );
        self.picker.open(ctx, req);
        self.picking_link = link;
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        ui.small(lang.t("levels_help"));
        if let Some(f) = self
            .picker
            .show(ui.ctx(), lang)
            .and_then(|f| f.into_iter().next())
        {
            let text = f.display().to_string();
            if self.picking_link {
                self.link_path = text;
            } else {
                self.table_path = text;
            }
        }
        if Self::path_field(
            ui,
            lang.t("levels_table"),
            &mut self.table_path,
            lang.t("levels_table_hint"),
            lang,
        ) {
            self.choose(ui.ctx(), false, lang.t("levels_table"));
        }
        if Self::path_field(
            ui,
            lang.t("levels_link"),
            &mut self.link_path,
            "koppling-deso2018-regso2020.csv",
            lang,
        ) {
            self.choose(ui.ctx(), true, lang.t("levels_link"));
        }
        match self.table(doc) {
            Ok(Some(t)) => self.guess(&t, doc.active),
            Ok(None) => {}
            Err(e) => {
                ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
            }
        }
        let lbl = ui.label(lang.t("levels_groups")).id;
        ui.add(egui::TextEdit::multiline(&mut self.groups).desired_rows(2))
            .labelled_by(lbl);
        let lbl = ui.label(lang.t("levels_levels")).id;
        ui.add(egui::TextEdit::singleline(&mut self.levels).hint_text("lan,kommun,regso,deso"))
            .labelled_by(lbl);
        let lbl = ui.label(lang.t("levels_within_field")).id;
        ui.add(egui::TextEdit::singleline(&mut self.within).hint_text("lan=01, kommun=0180"))
            .labelled_by(lbl);
        if ui
            .add_enabled(self.job.is_none(), egui::Button::new(lang.t("compute")))
            .clicked()
        {
            self.start(doc, lang);
        }
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
    }

    /// The parts as one stacked bar, with a line per part below it.
    fn parts(ui: &mut egui::Ui, o: &Output, lang: Lang) {
        let d = &o.decomposition;
        ui.strong(format!(
            "{}: M = {}, H = {} ({} {})",
            lang.t("levels_total"),
            lang.number(d.total, 4),
            d.total_h().map_or("–".into(), |h| lang.number(h, 4)),
            lang.number(d.population, 0),
            lang.t("levels_persons")
        ));
        ui.label(lang.t("levels_parts"));
        let w = ui.available_width().clamp(200.0, 640.0);
        let (rect, response) = ui.allocate_exact_size(egui::vec2(w, 26.0), egui::Sense::hover());
        let painter = ui.painter_at(rect);
        let mut x = rect.left();
        let mut tip = Vec::new();
        for (l, part) in d.parts.iter().enumerate() {
            let share = if d.total > 0.0 { part / d.total } else { 0.0 };
            let seg = egui::Rect::from_min_size(
                egui::pos2(x, rect.top()),
                egui::vec2(rect.width() * share as f32, rect.height()),
            );
            painter.rect_filled(seg, 0.0, PART_COLOURS[l % PART_COLOURS.len()]);
            if seg.width() > 36.0 {
                let dark = l < 2;
                painter.text(
                    seg.center(),
                    egui::Align2::CENTER_CENTER,
                    format!("{} %", lang.number(100.0 * share, 0)),
                    egui::FontId::proportional(12.0),
                    if dark {
                        egui::Color32::WHITE
                    } else {
                        egui::Color32::BLACK
                    },
                );
            }
            x = seg.right();
            tip.push(format!(
                "{}: {} %",
                part_label(o, l, lang),
                lang.number(100.0 * share, 1)
            ));
        }
        // A screen reader hears the parts the bar draws.
        let spoken = format!("{}: {}", lang.t("levels_parts"), tip.join("; "));
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &spoken));
        response.on_hover_text(tip.join("\n"));
        egui::Grid::new("levels_parts")
            .striped(true)
            .show(ui, |ui| {
                for (l, part) in d.parts.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let (r, _) =
                            ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                        ui.painter()
                            .rect_filled(r, 2.0, PART_COLOURS[l % PART_COLOURS.len()]);
                        ui.label(part_label(o, l, lang));
                    });
                    ui.label(format!("M = {}", lang.number(*part, 4)));
                    ui.label(format!(
                        "{} %",
                        lang.number(
                            if d.total > 0.0 {
                                100.0 * part / d.total
                            } else {
                                0.0
                            },
                            1
                        )
                    ));
                    ui.end_row();
                }
            });
        if !o.excluded.is_empty() {
            ui.small(format!(
                "{} {}",
                lang.number(o.excluded.len() as f64, 0),
                lang.t("levels_left_out")
            ));
        }
        for n in &o.notes {
            ui.small(n);
        }
    }

    /// The ranked units of the shown level; a click shows a unit's own split.
    fn ranked(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(o) = &self.result else { return };
        let last = o.levels.len() - 1;
        if last == 0 {
            return;
        }
        self.shown = self.shown.min(last - 1);
        ui.separator();
        ui.strong(lang.t("levels_ranked"));
        egui::ComboBox::from_label(lang.t("levels_level"))
            .selected_text(word(&o.levels[self.shown].name, lang))
            .show_ui(ui, |ui| {
                for l in 0..last {
                    if ui
                        .selectable_value(&mut self.shown, l, word(&o.levels[l].name, lang))
                        .clicked()
                    {
                        self.selected = None;
                    }
                }
            });
        let l = self.shown;
        let d = &o.decomposition;
        let order = levels::order(o, l);
        let within: f64 = d.units[l].iter().map(|u| u.contribution_within).sum();
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("levels_ranked")
            .max_height(260.0)
            .show(ui, |ui| {
                egui::Grid::new("levels_ranked_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong(lang.t("levels_name"));
                        for key in ["levels_own_m", "levels_pop_share", "levels_contrib_share"] {
                            ui.strong(lang.t(key))
                                .on_hover_text(lang.t(&format!("{key}_help")));
                        }
                        ui.end_row();
                        for (rank, &i) in order.iter().enumerate() {
                            let u = &d.units[l][i];
                            // The rank leads the name: the table stays narrow enough to read.
                            let label = match &o.levels[l].names[i] {
                                Some(n) => format!("{}. {} {n}", rank + 1, o.levels[l].codes[i]),
                                None => format!("{}. {}", rank + 1, o.levels[l].codes[i]),
                            };
                            if ui
                                .selectable_label(self.selected == Some(i), label)
                                .clicked()
                            {
                                clicked = Some(i);
                            }
                            ui.label(u.m.map_or("–".into(), |m| lang.number(m, 4)));
                            ui.label(lang.number(100.0 * u.population_share, 1));
                            ui.label(lang.number(
                                if within > 0.0 {
                                    100.0 * u.contribution_within / within
                                } else {
                                    0.0
                                },
                                1,
                            ));
                            ui.end_row();
                        }
                    });
            });
        if let Some(i) = clicked {
            self.selected = Some(i);
            self.select_on_map(doc, l, i);
        }
        if let Some(i) = self.selected {
            Self::unit_split(ui, o, l, i, lang);
        }
        ui.horizontal(|ui| {
            ui.radio_value(
                &mut self.colour_by,
                ColourBy::OwnM,
                lang.t("levels_colour_m"),
            );
            ui.radio_value(
                &mut self.colour_by,
                ColourBy::Contribution,
                lang.t("levels_colour_contribution"),
            );
        });
        ui.horizontal(|ui| {
            if ui.button(lang.t("levels_show_map")).clicked() {
                if let Err(e) = self.show_on_map(doc, lang) {
                    self.error = Some(e);
                }
            }
            if ui.button(lang.t("export_table")).clicked() {
                if let Some(t) = self.units_table(lang) {
                    doc.save_request = Some(SaveRequest {
                        name: "nivaer.csv".into(),
                        export: Export::Table(t),
                    });
                }
            }
        });
    }

    /// A unit's own M, split into between its children and within them.
    fn unit_split(ui: &mut egui::Ui, o: &Output, l: usize, i: usize, lang: Lang) {
        let u = &o.decomposition.units[l][i];
        let (Some(m), Some(mc)) = (u.m, u.m_children) else {
            return;
        };
        let name = o.levels[l].names[i]
            .clone()
            .unwrap_or_else(|| o.levels[l].codes[i].clone());
        let child = word(&o.levels[l + 1].name, lang);
        let pct = |v: f64| {
            if m > 0.0 {
                lang.number(100.0 * v / m, 1)
            } else {
                "–".into()
            }
        };
        let mut text = format!(
            "{name}: M = {}, {} {} {child} {} ({} %)",
            lang.number(m, 4),
            lang.t("levels_of_which"),
            lang.t("levels_between").to_lowercase(),
            lang.number(mc, 4),
            pct(mc)
        );
        if l + 1 < o.levels.len() - 1 {
            text.push_str(&format!(
                ", {} {child} {} ({} %)",
                lang.t("levels_within"),
                lang.number(m - mc, 4),
                pct(m - mc)
            ));
        }
        ui.add(egui::Label::new(text).wrap());
    }

    /// Select the unit's areas: on the active layer when the table is its own, or the unit's
    /// area on a map of the level.
    fn select_on_map(&self, doc: &mut Document, l: usize, i: usize) {
        let Some(o) = &self.result else { return };
        if self.from_layer == Some(doc.active) {
            doc.selection = o.rows_of(l, i).into_iter().collect();
            doc.zoom_to_selection();
            return;
        }
        let code = &o.levels[l].codes[i];
        let Some(layer) = doc.active_layer() else {
            return;
        };
        let found = ["kommun_kod", "lan_kod"].iter().find_map(|f| {
            let c = layer.table.column(f)?;
            (0..layer.table.len()).find(|&r| c.key_at(r).as_deref() == Some(code))
        });
        if let Some(r) = found {
            doc.select(r, false);
            doc.zoom_to_selection();
        }
    }

    /// The shown level's units as a table: code, name, own M and H, shares, rank.
    fn units_table(&self, lang: Lang) -> Option<Table> {
        let o = self.result.as_ref()?;
        let l = self.shown;
        let d = &o.decomposition;
        let ranks = levels::ranks(o, l);
        let within: f64 = d.units[l].iter().map(|u| u.contribution_within).sum();
        let units = &d.units[l];
        let num = |name: &str, f: &dyn Fn(usize) -> Option<f64>| {
            Column::number(name, (0..units.len()).map(f).collect())
        };
        Table::new(vec![
            Column::text(
                lang.t("levels_code"),
                o.levels[l].codes.iter().cloned().map(Some).collect(),
            ),
            Column::text(lang.t("levels_name"), o.levels[l].names.clone()),
            num(lang.t("levels_own_m"), &|i| units[i].m),
            num("H", &|i| units[i].h),
            num(lang.t("levels_pop_share"), &|i| {
                Some(100.0 * units[i].population_share)
            }),
            num(lang.t("levels_contrib_share"), &|i| {
                (within > 0.0).then(|| 100.0 * units[i].contribution_within / within)
            }),
            num(lang.t("levels_rank"), &|i| Some(ranks[i] as f64)),
        ])
        .ok()
    }

    /// A map of the shown level: the bundled municipalities or counties with own M and share
    /// joined by code, added as a layer and coloured.
    pub fn show_on_map(&mut self, doc: &mut Document, lang: Lang) -> Result<(), String> {
        let Some(o) = &self.result else { return Ok(()) };
        let l = self.shown;
        let codes = &o.levels[l].codes;
        let (layer, field) = if codes.iter().all(|c| c.len() == 4) {
            (crate::data::bundled::municipalities(), "kommun_kod")
        } else if codes.iter().all(|c| c.len() == 2) {
            (crate::data::bundled::counties(), "lan_kod")
        } else {
            return Err(lang.t("levels_no_map").into());
        };
        let layer = layer.map_err(|e| e.to_string())?;
        let mut table = layer.table.clone();
        let d = &o.decomposition;
        let within: f64 = d.units[l].iter().map(|u| u.contribution_within).sum();
        let at: std::collections::HashMap<&str, usize> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let key = table.require(field).map_err(|e| e.to_string())?.clone();
        let unit = |r: usize| key.key_at(r).and_then(|k| at.get(k.as_str()).copied());
        let m_name = format!(
            "{} ({})",
            lang.t("levels_own_m"),
            word(&o.levels[l].name, lang)
        );
        let share_name = lang.t("levels_contrib_share").to_string();
        let m: Vec<Option<f64>> = (0..table.len())
            .map(|r| unit(r).and_then(|i| d.units[l][i].m))
            .collect();
        let share: Vec<Option<f64>> = (0..table.len())
            .map(|r| {
                unit(r).and_then(|i| {
                    (within > 0.0).then(|| 100.0 * d.units[l][i].contribution_within / within)
                })
            })
            .collect();
        table.push(Column::number(m_name.clone(), m));
        table.push(Column::number(share_name.clone(), share));
        let name = format!(
            "{} – {}",
            lang.t("tab_levels"),
            word(&o.levels[l].name, lang)
        );
        doc.add_layer(MapLayer::new(name, None, layer, table), lang);
        doc.style.variable = match self.colour_by {
            ColourBy::OwnM => m_name,
            ColourBy::Contribution => share_name,
        };
        doc.restyle(lang);
        self.from_layer = None;
        Ok(())
    }
}

impl View for LevelsView {
    fn id(&self) -> &'static str {
        "levels"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_levels").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.form(ui, doc, lang);
            if let Some(o) = &self.result {
                ui.separator();
                Self::parts(ui, o, lang);
            }
            self.ranked(ui, doc, lang);
        });
    }

    fn poll(&mut self, _doc: &mut Document, _lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok(o)) => {
                // Municipalities first when there are some: the table people ask for.
                self.shown = o
                    .levels
                    .iter()
                    .position(|l| l.name.eq_ignore_ascii_case("kommun"))
                    .unwrap_or(0);
                self.result = Some(o);
                true
            }
            Some(Err(e)) => {
                self.error = Some(e.to_string());
                true
            }
            None => false,
        }
    }

    fn running(&self) -> Vec<&dyn Running> {
        self.job.iter().map(|j| j as &dyn Running).collect()
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

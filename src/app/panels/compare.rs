//! Compare areas: the selected areas (2–8), or the groups they fall in (e.g. their
//! municipalities), side by side on chosen variables with their reference units (municipality,
//! county) and the whole layer — a table with ranks and percentiles and a bar chart.

use crate::analysis::compare::{compare_rows, to_chart, Comparison, Unit};
use crate::app::chart_view;
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::view::View;
use crate::data::table::{Column, FieldType, Table};
use crate::project::{CompareSettings, Project};

/// The form and its last result.
#[derive(Default)]
pub struct CompareView {
    /// Compare the groups (values of this field) the selected areas lie in, not the areas.
    pub group_by: Option<String>,
    pub variables: Vec<String>,
    pub new_variable: String,
    pub references: Vec<String>,
    pub result: Option<Comparison>,
    pub error: Option<String>,
    /// The comparison under way.
    pub job: Option<Job<Comparison>>,
}

/// Fields that group areas (fewer distinct values than areas): text such as kommun, lan,
/// regso, … and the `region_*` fields a regionalisation adds.
pub fn grouping_fields(table: &Table) -> Vec<String> {
    let n = table.len();
    table
        .columns
        .iter()
        .filter(|c| match c.field_type() {
            FieldType::Text => true,
            // Whole numbers that group areas: a regionalisation's region_* field.
            FieldType::Number => c.name.starts_with("region_"),
        })
        .filter(|c| {
            let mut v: Vec<Option<String>> = (0..n).map(|r| c.key_at(r)).collect();
            v.sort();
            v.dedup();
            v.len() > 1 && v.len() * 2 <= n
        })
        .map(|c| c.name.clone())
        .collect()
}

/// A group's label: its value, with a name when all its areas share one (`0127 Botkyrka`).
fn group_label(
    l: &crate::app::map_layer::MapLayer,
    col: &Column,
    v: &str,
    rows: &[usize],
) -> String {
    let name = ["kommunnamn", "lannamn", "regsonamn", "namn", "name"]
        .iter()
        .filter(|f| !col.name.contains(**f))
        .find_map(|f| {
            let c = l.table.column(f)?;
            let first = c.key_at(rows[0])?;
            rows.iter()
                .all(|&r| c.key_at(r).as_deref() == Some(&first))
                .then_some(first)
        });
    match name {
        Some(n) if n != v => format!("{v} {n}"),
        _ => v.to_string(),
    }
}

fn reference_label(lang: Lang, r: &crate::analysis::compare::Reference) -> String {
    format!(
        "{} {} ({} {})",
        r.field,
        r.value,
        r.rows,
        lang.t("areas_word")
    )
}

/// The result as a table (for CSV export): one row per unit, reference and the layer.
pub fn table(c: &Comparison, lang: Lang) -> Table {
    let mut labels: Vec<Option<String>> = c.units.iter().map(|u| Some(u.id.clone())).collect();
    labels.extend(
        c.references
            .iter()
            .map(|r| Some(format!("{} {}", r.field, r.value))),
    );
    labels.push(Some(lang.t("all_areas").to_string()));
    let mut cols = vec![Column::text("enhet", labels)];
    for (i, v) in c.variables.iter().enumerate() {
        let mut vals: Vec<Option<f64>> = c.units.iter().map(|u| u.values[i]).collect();
        vals.extend(c.references.iter().map(|r| r.values[i]));
        vals.push(c.layer[i]);
        cols.push(Column::number(v.clone(), vals));
        let mut ranks: Vec<Option<f64>> = c
            .units
            .iter()
            .map(|u| u.ranks[i].map(|r| r as f64))
            .collect();
        ranks.resize(c.units.len() + c.references.len() + 1, None);
        cols.push(Column::number(format!("{v} rang"), ranks));
    }
    Table::new(cols).unwrap_or_default()
}

impl CompareView {
    /// The units to compare: one per selected area, or one per group value of the selection.
    pub fn units(&self, doc: &Document) -> Vec<(String, Vec<usize>)> {
        let Some(l) = doc.active_layer() else {
            return Vec::new();
        };
        match self.group_by.as_ref().and_then(|g| l.table.column(g)) {
            None => doc
                .selection
                .iter()
                .take(8)
                .map(|&i| (l.label_of(i), vec![i]))
                .collect(),
            Some(col) => {
                let mut values: Vec<String> = Vec::new();
                for &i in &doc.selection {
                    if let Some(v) = col.key_at(i) {
                        if !values.contains(&v) {
                            values.push(v);
                        }
                    }
                }
                values
                    .into_iter()
                    .take(8)
                    .map(|v| {
                        let rows: Vec<usize> = (0..l.len())
                            .filter(|&r| col.key_at(r).as_deref() == Some(v.as_str()))
                            .collect();
                        (group_label(l, col, &v, &rows), rows)
                    })
                    .collect()
            }
        }
    }

    /// Run the comparison on the current selection.
    pub fn run(&mut self, doc: &mut Document) {
        let units = self.units(doc);
        if units.is_empty() {
            self.error = Some("select 1–8 areas on the map".into());
            return;
        }
        if self.variables.is_empty() {
            self.variables.push(doc.style.variable.clone());
        }
        let Some(l) = doc.layers.get(doc.active) else {
            return;
        };
        // In the background like every analysis (the areas' sizes are computed for the whole
        // layer); a newer comparison replaces the job of an older one.
        let (layer, table) = (l.layer.clone(), l.table.clone());
        let (variables, references) = (self.variables.clone(), self.references.clone());
        self.error = None;
        self.job = Some(Job::spawn("compare", move |_| {
            let area = layer.area_km2();
            compare_rows(&table, Some(&area), &units, &variables, &references)
        }));
    }

    /// The chart of the current result.
    pub fn chart(&self, lang: Lang) -> Option<crate::figure::chart::Chart> {
        let c = self.result.as_ref()?;
        Some(to_chart(
            c,
            lang.t("compare"),
            &|u: &Unit| u.id.clone(),
            &|r| reference_label(lang, r),
            lang.t("all_areas"),
            lang.t("not_aggregable"),
        ))
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(l) = doc.active_layer() else { return };
        let groups = grouping_fields(&l.table);
        let n_sel = doc.selection.len();
        ui.label(format!("{}: {n_sel}", lang.t("selected_areas")));
        let mut group_by = self.group_by.clone();
        egui::ComboBox::from_label(lang.t("compare_units"))
            .selected_text(
                group_by
                    .clone()
                    .unwrap_or_else(|| lang.t("each_area").into()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut group_by, None, lang.t("each_area"));
                for g in &groups {
                    ui.selectable_value(&mut group_by, Some(g.clone()), g);
                }
            });
        self.group_by = group_by;
        ui.label(lang.t("variables"));
        let mut remove = None;
        for (i, v) in self.variables.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .small_button("✕")
                    .on_hover_text(lang.t("remove"))
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.label(crate::figure::chart::shorten(v, 60))
                    .on_hover_text(v);
            });
        }
        if let Some(i) = remove {
            self.variables.remove(i);
        }
        let columns = doc
            .active_layer()
            .map(|l| crate::app::picker::numeric_columns(&l.table))
            .unwrap_or_default();
        crate::app::picker::variable_field(
            ui,
            lang.t("variable"),
            &mut self.new_variable,
            &columns,
            lang,
        );
        ui.horizontal(|ui| {
            if ui.button(lang.t("add")).clicked() && !self.new_variable.trim().is_empty() {
                let v = std::mem::take(&mut self.new_variable).trim().to_string();
                self.variables.push(v);
            }
            if ui.button(lang.t("add_map_variable")).clicked()
                && !self.variables.contains(&doc.style.variable)
            {
                self.variables.push(doc.style.variable.clone());
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t("references"));
            for g in &groups {
                let mut on = self.references.contains(g);
                if ui.checkbox(&mut on, g).changed() {
                    if on {
                        self.references.push(g.clone());
                    } else {
                        self.references.retain(|r| r != g);
                    }
                }
            }
        });
        ui.horizontal(|ui| {
            if ui.button(lang.t("run_compare")).clicked() {
                self.run(doc);
            }
            if let Some(c) = self.chart(lang) {
                if ui.button(lang.t("export_chart")).clicked() {
                    doc.save_request = Some(SaveRequest {
                        name: "jamforelse.svg".into(),
                        export: Export::Chart(c),
                    });
                }
            }
            if let Some(c) = &self.result {
                if ui.button(lang.t("export_table")).clicked() {
                    doc.save_request = Some(SaveRequest {
                        name: "jamforelse.csv".into(),
                        export: Export::Table(table(c, lang)),
                    });
                }
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
        let Some(c) = &self.result else { return };
        egui::ScrollArea::horizontal()
            .id_salt("compare_table")
            .show(ui, |ui| {
                egui::Grid::new("compare_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("");
                        for (i, v) in c.variables.iter().enumerate() {
                            let mark = if c.aggregable[i] { "" } else { " *" };
                            ui.strong(format!("{}{mark}", crate::figure::chart::shorten(v, 36)))
                                .on_hover_text(v);
                        }
                        ui.end_row();
                        let show = |v: Option<f64>| {
                            v.map_or_else(|| lang.t("missing").to_string(), |v| lang.number(v, 2))
                        };
                        for u in &c.units {
                            ui.label(&u.id);
                            for i in 0..c.variables.len() {
                                let text = show(u.values[i]);
                                match (u.ranks[i], u.percentiles[i]) {
                                    (Some(r), Some(p)) => {
                                        ui.label(format!("{text}  (#{r})")).on_hover_text(format!(
                                            "{} {r}, {} {}",
                                            lang.t("rank"),
                                            lang.t("percentile"),
                                            lang.number(p, 0)
                                        ));
                                    }
                                    _ => {
                                        ui.label(text);
                                    }
                                }
                            }
                            ui.end_row();
                        }
                        for r in &c.references {
                            ui.label(reference_label(lang, r));
                            for v in &r.values {
                                ui.label(show(*v));
                            }
                            ui.end_row();
                        }
                        ui.label(lang.t("all_areas"));
                        for v in &c.layer {
                            ui.label(show(*v));
                        }
                        ui.end_row();
                    });
            });
        if c.aggregable.iter().any(|a| !a) {
            ui.small(format!("* {}", lang.t("not_aggregable")));
        }
        if let Some(ch) = self.chart(lang) {
            let h = (60.0
                + 26.0
                    * c.variables.len() as f32
                    * (c.units.len() + c.references.len() + 3) as f32)
                .min(520.0);
            chart_view::show(
                ui,
                "compare",
                &ch,
                egui::vec2(ui.available_width().max(240.0), h),
                lang,
            );
        }
    }
}

impl View for CompareView {
    fn id(&self) -> &'static str {
        "compare"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("compare").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| self.form(ui, doc, lang));
    }

    fn poll(&mut self, _doc: &mut Document, _lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok(c)) => {
                self.result = Some(c);
                self.error = None;
                true
            }
            Some(Err(e)) => {
                self.result = None;
                self.error = Some(e.message);
                true
            }
            None => false,
        }
    }

    fn running(&self) -> Vec<&dyn Running> {
        self.job.iter().map(|j| j as &dyn Running).collect()
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if !self.variables.is_empty() {
            project.analyses.compare = Some(CompareSettings {
                variables: self.variables.clone(),
                references: self.references.clone(),
                group_by: self.group_by.clone(),
            });
        }
        Ok(())
    }

    fn load_project(&mut self, doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(c) = &project.analyses.compare else {
            return false;
        };
        self.variables = c.variables.clone();
        self.references = c.references.clone();
        self.group_by = c.group_by.clone();
        if doc.selection.is_empty() {
            return false;
        }
        self.run(doc);
        true
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

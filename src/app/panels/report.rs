//! *Arkiv → Rapport…*: one PDF report per municipality (or for one), as `segatlas report` makes
//! them — the group and total (proposed from SCB's columns), the region field, one region or
//! all, a national table for the country's values, the language and a folder — written in the
//! background with a progress bar ([`crate::analysis::report`], [`crate::figure::report`]), and
//! the files listed when done.

use crate::analysis::report::{build, Request};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::view::View;
use crate::figure::report::Written;
use std::path::PathBuf;

/// The view: its form, the files written and the job writing them.
pub struct ReportView {
    pub group: String,
    pub total: String,
    pub group_label: String,
    /// More key indicators, comma-separated.
    pub variables: String,
    pub each: String,
    /// One region's code, or all when empty.
    pub only: String,
    pub national: String,
    pub lang: Lang,
    pub folder: String,
    /// Give the scenario view's plans a page in the reports of the municipalities they reach.
    pub with_plans: bool,
    /// Give each index an interval over counts redrawn by this noise model (`poisson`, …).
    pub noise: Option<String>,
    pub written: Vec<Written>,
    pub job: Option<Job<Vec<Written>>>,
    pub error: Option<String>,
    proposed: bool,
    /// A file dialog for the national table or (`picking_folder`) the folder.
    pub picker: crate::app::file_browser::Picker,
    picking_folder: bool,
}

impl Default for ReportView {
    fn default() -> Self {
        ReportView {
            group: String::new(),
            total: String::new(),
            group_label: String::new(),
            variables: String::new(),
            each: String::new(),
            only: String::new(),
            national: String::new(),
            lang: Lang::Sv,
            folder: std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join("segatlas-rapporter"))
                .unwrap_or_else(|| PathBuf::from("segatlas-rapporter"))
                .display()
                .to_string(),
            with_plans: true,
            noise: None,
            written: Vec::new(),
            job: None,
            error: None,
            proposed: false,
            picker: Default::default(),
            picking_folder: false,
        }
    }
}

impl ReportView {
    /// Propose the group, total and region field from the layer's columns (once).
    fn propose(&mut self, doc: &Document, lang: Lang) {
        if self.proposed {
            return;
        }
        let Some(l) = doc.active_layer() else { return };
        self.proposed = true;
        self.lang = lang;
        let (g, t, _) = crate::app::panels::segregation::scb_groups(&l.table);
        if self.group.is_empty() {
            self.group = g.unwrap_or_default();
        }
        if self.total.is_empty() {
            self.total = t.unwrap_or_default();
        }
        if self.each.is_empty() {
            self.each = ["kommun", "kommunkod", "kommun_kod"]
                .iter()
                .find(|n| l.table.column(n).is_some())
                .map(|n| n.to_string())
                .unwrap_or_default();
        }
    }

    /// Start writing the reports.
    pub fn start(&mut self, doc: &Document, lang: Lang) {
        let Some(l) = doc.active_layer() else {
            return;
        };
        if self.folder.trim().is_empty() {
            self.error = Some(lang.t("report_needs_folder").into());
            return;
        }
        let national_path =
            (!self.national.trim().is_empty()).then(|| PathBuf::from(self.national.trim()));
        let req = Request {
            group: self.group.trim().to_string(),
            total: self.total.trim().to_string(),
            group_label: (!self.group_label.trim().is_empty())
                .then(|| self.group_label.trim().to_string()),
            total_label: None,
            variables: if self.variables.trim().is_empty() {
                Vec::new()
            } else {
                crate::data::expr::split_list(&self.variables)
            },
            each: self.each.trim().to_string(),
            only: if self.only.is_empty() {
                Vec::new()
            } else {
                vec![self.only.clone()]
            },
            tolerance: crate::spatial::default_tolerance(&l.layer),
            scenarios: if self.with_plans {
                doc.plans.clone()
            } else {
                Vec::new()
            },
            labels: doc.labels.clone(),
            lang: self.lang,
            noise: self
                .noise
                .as_deref()
                .and_then(|n| crate::measures::uncertainty::Noise::parse(n).ok()),
            draws: crate::measures::uncertainty::DEFAULT_DRAWS,
            ..Default::default()
        };
        let (layer, table) = (l.layer.clone(), l.table.clone());
        let source = l
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from(&l.layer.name));
        let joins = l.joins.clone();
        let folder = PathBuf::from(self.folder.trim());
        let report_lang = self.lang;
        self.error = None;
        self.written.clear();
        self.job = Some(Job::spawn(lang.t("tab_report"), move |control| {
            let national = match &national_path {
                Some(p) => Some(crate::data::open_table(p)?),
                None => None,
            };
            let report = build(&layer, &table, national.as_ref(), &req, control)?;
            let sources = crate::figure::report::source_lines(
                &source,
                &joins,
                national_path.as_deref(),
                &report,
                report_lang,
            );
            let mut inputs: Vec<&std::path::Path> = vec![source.as_path()];
            inputs.extend(joins.iter().map(|(p, _)| p.as_path()));
            inputs.extend(national_path.as_deref());
            crate::figure::report::write_all(
                &report,
                &layer,
                &table,
                &req.each,
                &sources,
                &crate::figure::report::today(),
                report_lang,
                &folder,
                &inputs,
                control,
                &|_, _, _| {},
            )
        }));
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.propose(doc, lang);
        let Some(l) = doc.active_layer() else {
            ui.label(lang.t("no_layer"));
            return;
        };
        ui.small(lang.t("report_help"));
        if let Some(f) = self
            .picker
            .show(ui.ctx(), lang)
            .and_then(|f| f.into_iter().next())
        {
            let text = f.display().to_string();
            if self.picking_folder {
                self.folder = text;
            } else {
                self.national = text;
            }
        }
        let columns = crate::app::picker::numeric_columns(&l.table);
        crate::app::picker::variable_field(ui, lang.t("group"), &mut self.group, &columns, lang);
        crate::app::picker::variable_field(ui, lang.t("total"), &mut self.total, &columns, lang);
        egui::Grid::new("report_form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let lbl = ui.label(lang.t("report_group_label")).id;
                ui.add(
                    egui::TextEdit::singleline(&mut self.group_label)
                        .hint_text(crate::analysis::report::readable(&self.group)),
                )
                .labelled_by(lbl);
                ui.end_row();
                let lbl = ui.label(lang.t("report_indicators")).id;
                ui.add(
                    egui::TextEdit::singleline(&mut self.variables)
                        .hint_text("lag_ekonomisk_standard_pct_2022"),
                )
                .labelled_by(lbl);
                ui.end_row();
                let lbl = ui.label(lang.t("report_each")).id;
                let text_fields: Vec<String> = l
                    .table
                    .columns
                    .iter()
                    .filter(|c| {
                        !matches!(c.values, crate::data::table::Values::Number(_))
                            || c.name == self.each
                    })
                    .map(|c| c.name.clone())
                    .collect();
                egui::ComboBox::from_id_salt("report_each")
                    .selected_text(&self.each)
                    .show_ui(ui, |ui| {
                        for f in &text_fields {
                            ui.selectable_value(&mut self.each, f.clone(), f);
                        }
                    })
                    .response
                    .labelled_by(lbl);
                ui.end_row();
                let lbl = ui.label(lang.t("report_region")).id;
                let regions = regions_of(&l.table, &self.each);
                let shown = if self.only.is_empty() {
                    lang.t("report_all").to_string()
                } else {
                    regions
                        .iter()
                        .find(|(c, _)| *c == self.only)
                        .map_or(self.only.clone(), |(c, n)| format!("{c} {n}"))
                };
                egui::ComboBox::from_id_salt("report_only")
                    .selected_text(shown)
                    .height(560.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.only, String::new(), lang.t("report_all"));
                        for (c, n) in &regions {
                            ui.selectable_value(&mut self.only, c.clone(), format!("{c} {n}"));
                        }
                    })
                    .response
                    .labelled_by(lbl);
                ui.end_row();
                let lbl = ui.label(lang.t("report_national")).id;
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.national)
                            .hint_text("deso2018_stats_2022.csv")
                            .desired_width((ui.available_width() - 60.0).max(120.0)),
                    )
                    .labelled_by(lbl);
                    if ui.button(lang.t("choose")).clicked() {
                        let req = crate::app::file_browser::Request::open(
                            lang.t("report_national"),
                            &[("CSV, Excel, Parquet", &["csv", "xlsx", "parquet"])],
                            false,
                        );
                        self.picker.open(ui.ctx(), req);
                        self.picking_folder = false;
                    }
                });
                ui.end_row();
                ui.label(lang.t("language"));
                ui.horizontal(|ui| {
                    for l in [Lang::Sv, Lang::En] {
                        ui.radio_value(&mut self.lang, l, l.name());
                    }
                });
                ui.end_row();
                let lbl = ui.label(lang.t("report_folder")).id;
                ui.horizontal(|ui| {
                    let w = (ui.available_width() - 60.0).max(120.0);
                    ui.add(egui::TextEdit::singleline(&mut self.folder).desired_width(w))
                        .labelled_by(lbl);
                    if ui.button(lang.t("choose")).clicked() {
                        let req =
                            crate::app::file_browser::Request::folder(lang.t("report_folder"));
                        self.picker.open(ui.ctx(), req);
                        self.picking_folder = true;
                    }
                });
                ui.end_row();
            });
        if !doc.plans.is_empty() {
            ui.checkbox(
                &mut self.with_plans,
                format!("{} ({})", lang.t("report_with_plans"), doc.plans.len()),
            );
        }
        crate::app::picker::noise_choice(ui, &mut self.noise, lang);
        let label = if self.only.is_empty() {
            lang.t("report_make_all")
        } else {
            lang.t("report_make_one")
        };
        if ui
            .add_enabled(self.job.is_none(), egui::Button::new(label))
            .clicked()
        {
            self.start(doc, lang);
        }
        if let Some(j) = &self.job {
            ui.horizontal(|ui| {
                ui.add(egui::ProgressBar::new(j.progress()).show_percentage());
                if ui.button(lang.t("cancel")).clicked() {
                    j.cancel();
                }
            });
        }
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
    }

    fn results(&self, ui: &mut egui::Ui, lang: Lang) {
        if self.written.is_empty() {
            return;
        }
        ui.separator();
        ui.strong(format!(
            "{} {}",
            lang.number(self.written.len() as f64, 0),
            lang.t("report_written")
        ));
        if let Some(dir) = self.written[0].file.parent() {
            ui.label(dir.display().to_string());
        }
        for w in &self.written {
            ui.label(format!(
                "{} ({} {})",
                w.file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                w.pages,
                lang.t("report_pages")
            ));
        }
    }
}

/// The regions of a field with their names (`kommunnamn` beside `kommun`), in code order.
fn regions_of(table: &crate::data::Table, field: &str) -> Vec<(String, String)> {
    let Ok(list) = crate::analysis::segregation::regions(table, field) else {
        return Vec::new();
    };
    let name_col = crate::analysis::report::name_field(table, field).and_then(|n| table.column(&n));
    list.into_iter()
        .map(|(code, rows)| {
            let name = name_col.and_then(|c| c.key_at(rows[0])).unwrap_or_default();
            (code, name)
        })
        .collect()
}

impl View for ReportView {
    fn id(&self) -> &'static str {
        "report"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_report").into()
    }

    fn file_menu(&self) -> bool {
        true
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.form(ui, doc, lang);
            self.results(ui, lang);
        });
    }

    fn poll(&mut self, _doc: &mut Document, _lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok(w)) => {
                self.written = w;
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

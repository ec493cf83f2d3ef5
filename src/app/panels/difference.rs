//! *Analys → Förändrades det?*: is an index different between two years? A group and a total
//! naming a year, the two years, an index and a two-sample test; computed in the background
//! ([`crate::analysis::difference`], as `segatlas difference --group2 …`): both values, the
//! difference, the p-value and Shapley's split into a spatial and an attribute part as a bar
//! chart, exportable; and Elbers' split of the change in Theil's M into the unit margins, the
//! group margins and the structure.

use crate::analysis::difference::{
    elbers, run as compare, ElbersOutcome, Outcome, Request, Sample,
};
use crate::analysis::years::{move_to_year, years_of};
use crate::app::chart_view;
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::view::View;
use crate::data::expr::Expr;
use crate::figure::chart::{Bar, BarPanel, Chart};
use crate::measures::segregation::inference::TwoSample;
use crate::measures::segregation::{Compute, REGISTRY};

/// The view: its form, result and job.
pub struct DifferenceView {
    pub group: String,
    pub total: String,
    pub year_1: i32,
    pub year_2: i32,
    pub index: &'static str,
    pub test: TwoSample,
    pub permutations: usize,
    /// The group and total the years were proposed for (new variables propose them again).
    years_for: String,
    pub result: Option<(usize, [i32; 2], Outcome)>,
    /// Elbers' split of the change in Theil's M (None where it cannot be computed, with why).
    pub elbers: Option<Result<ElbersOutcome, String>>,
    pub job: Option<Job<Computed>>,
    pub error: Option<String>,
}

impl Default for DifferenceView {
    fn default() -> Self {
        DifferenceView {
            group: String::new(),
            total: String::new(),
            year_1: 0,
            year_2: 0,
            index: "dissim",
            test: TwoSample::Composition,
            permutations: 999,
            years_for: String::new(),
            result: None,
            elbers: None,
            job: None,
            error: None,
        }
    }
}

/// What the job hands back: the test, and Elbers' split (or why not).
type Computed = ((usize, [i32; 2], Outcome), Result<ElbersOutcome, String>);

/// "p = 0,042", or "p < 0,001" when no simulation came as far as the observed difference.
fn p_text(o: &Outcome, lang: Lang) -> String {
    if o.p_value <= 0.0 {
        format!(
            "p < {}",
            lang.number(1.0 / (o.permutations as f64 + 1.0), 4)
        )
    } else {
        format!("p = {}", lang.number(o.p_value, 3))
    }
}

/// The decomposition as bars: the difference, its spatial and its attribute part; and Elbers'
/// split of the change in Theil's M when there is one.
pub fn chart(o: &Outcome, years: [i32; 2], lang: Lang, elbers: Option<&ElbersOutcome>) -> Chart {
    let mut bars = vec![Bar {
        label: lang.t("difference_total").into(),
        value: Some(o.value_2 - o.value_1),
        reference: true,
    }];
    if let Some((spatial, attribute)) = o.components {
        // Shapley's parts of value_1 − value_2, turned to the change from the first year.
        bars.push(Bar {
            label: lang.t("spatial_part").into(),
            value: Some(-spatial),
            reference: false,
        });
        bars.push(Bar {
            label: lang.t("attribute_part").into(),
            value: Some(-attribute),
            reference: false,
        });
    }
    let mut panels = vec![BarPanel {
        title: lang.t("change_decomposed").into(),
        bars,
        note: Some(p_text(o, lang)),
    }];
    if let Some(e) = elbers {
        let p = &e.parts;
        let bar = |key: &str, v: f64, reference: bool| Bar {
            label: lang.t(key).into(),
            value: Some(v),
            reference,
        };
        panels.push(BarPanel {
            title: lang.t("elbers_title").into(),
            bars: vec![
                bar("difference_total", p.difference, true),
                bar("elbers_units", p.unit_marginal, false),
                bar("elbers_groups", p.group_marginal, false),
                bar("elbers_structural", p.structural, false),
            ],
            note: Some(format!(
                "M {} → {}",
                lang.number(p.m_1, 4),
                lang.number(p.m_2, 4)
            )),
        });
    }
    Chart::Bars {
        title: format!("{} {}–{}", o.index, years[0], years[1]),
        panels,
    }
}

impl DifferenceView {
    fn guess(&mut self, doc: &Document) {
        if !self.group.is_empty() {
            return;
        }
        let Some(l) = doc.active_layer() else { return };
        // SCB's series by country of birth (`Antal totalt totalt 2020`, `Antal Sverige totalt
        // 2020`, …): the foreign-born of the first year, when there are several years.
        let named = |name: &str| {
            let mut years: Vec<i32> = l
                .table
                .columns
                .iter()
                .filter(|c| c.base_name().trim() == name)
                .filter_map(|c| c.year())
                .collect();
            years.sort_unstable();
            years
        };
        let (all, sweden) = (named("Antal totalt totalt"), named("Antal Sverige totalt"));
        let both: Vec<i32> = all.iter().copied().filter(|y| sweden.contains(y)).collect();
        if both.len() >= 2 {
            let y = both[0];
            self.group = format!("\"Antal totalt totalt {y}\" - \"Antal Sverige totalt {y}\"");
            self.total = format!("\"Antal totalt totalt {y}\"");
            return;
        }
        let (g, t, _) = crate::app::panels::segregation::scb_groups(&l.table);
        self.group = g.unwrap_or_default();
        self.total = t.unwrap_or_default();
    }

    /// The years the group and total both exist for.
    fn years(&self, doc: &Document) -> Vec<i32> {
        let Some(l) = doc.active_layer() else {
            return Vec::new();
        };
        let of = |e: &str| {
            Expr::for_table(e, &l.table)
                .map(|x| years_of(&x, &l.table))
                .unwrap_or_default()
        };
        let t = of(&self.total);
        of(&self.group)
            .into_iter()
            .filter(|y| t.contains(y))
            .collect()
    }

    pub fn start(&mut self, doc: &mut Document, lang: Lang) {
        let Some(l) = doc.layers.get(doc.active) else {
            return;
        };
        let moved = |e: &str, y: i32| -> Option<String> {
            let x = Expr::for_table(e, &l.table).ok()?;
            move_to_year(&x, &l.table, y).map(|m| m.to_string())
        };
        let (Some(g1), Some(t1), Some(g2), Some(t2)) = (
            moved(&self.group, self.year_1),
            moved(&self.total, self.year_1),
            moved(&self.group, self.year_2),
            moved(&self.total, self.year_2),
        ) else {
            self.error = Some(lang.t("difference_needs_years").into());
            return;
        };
        let req = Request {
            index: self.index.to_string(),
            test: self.test,
            permutations: self.permutations.max(1),
            seed: crate::measures::segregation::corrected::DEFAULT_SEED,
            decompose: true,
            missing: crate::data::subset::Missing::Skip,
        };
        let (index, layer, table) = (doc.active, l.layer.clone(), l.table.clone());
        let years = [self.year_1, self.year_2];
        self.error = None;
        self.job = Some(Job::spawn(lang.t("tab_difference"), move |_| {
            let s = |group: String, total: String| Sample {
                layer: &layer,
                table: &table,
                group,
                total,
                rows: None,
            };
            let (a, b) = (s(g1, t1), s(g2, t2));
            let o = compare(&a, &b, &req)?;
            let e = elbers(&a, &b).map_err(|e| e.to_string());
            Ok(((index, years, o), e))
        }));
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.guess(doc);
        let Some(l) = doc.active_layer() else { return };
        let columns = crate::app::picker::numeric_columns(&l.table);
        ui.small(lang.t("difference_help"));
        crate::app::picker::variable_field(ui, lang.t("group"), &mut self.group, &columns, lang);
        crate::app::picker::variable_field(ui, lang.t("total"), &mut self.total, &columns, lang);
        let years = self.years(doc);
        // The first and the last year, whenever the variables change.
        let vars = format!("{}\u{0}{}", self.group, self.total);
        if let (Some(first), Some(last)) = (years.first(), years.last()) {
            if vars != self.years_for
                || !years.contains(&self.year_1)
                || !years.contains(&self.year_2)
            {
                self.year_1 = *first;
                self.year_2 = *last;
            }
        }
        self.years_for = vars;
        if years.len() < 2 {
            ui.colored_label(
                egui::Color32::from_rgb(150, 90, 0),
                lang.t("difference_needs_years"),
            );
        }
        ui.horizontal(|ui| {
            for (label, year) in [
                ("first_year", &mut self.year_1),
                ("second_year", &mut self.year_2),
            ] {
                egui::ComboBox::from_label(lang.t(label))
                    .selected_text(year.to_string())
                    .show_ui(ui, |ui| {
                        for y in &years {
                            ui.selectable_value(year, *y, y.to_string());
                        }
                    });
            }
        });
        let title = |n: &str| {
            crate::measures::segregation::measure(n)
                .map_or(n.to_string(), |m| format!("{} ({})", m.title(lang), m.name))
        };
        egui::ComboBox::from_label(lang.t("index"))
            .selected_text(title(self.index))
            .show_ui(ui, |ui| {
                for m in REGISTRY.iter().filter(|m| {
                    matches!(m.compute, Compute::Single(_) | Compute::SingleContiguity(_))
                }) {
                    ui.selectable_value(&mut self.index, m.name, title(m.name))
                        .on_hover_text(m.explanation(lang));
                }
            });
        ui.horizontal(|ui| {
            ui.radio_value(
                &mut self.test,
                TwoSample::Composition,
                lang.t("test_composition"),
            )
            .on_hover_text(lang.t("composition_help"));
            ui.radio_value(
                &mut self.test,
                TwoSample::RandomLabel,
                lang.t("test_random_label"),
            )
            .on_hover_text(lang.t("random_label_help"));
        });
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

    fn results(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some((_, years, o)) = self.result.as_ref().filter(|r| r.0 == doc.active) else {
            return;
        };
        ui.separator();
        let n = |v: f64| lang.number(v, 4);
        ui.label(format!("{} {}: {}", o.index, years[0], n(o.value_1)));
        ui.label(format!("{} {}: {}", o.index, years[1], n(o.value_2)));
        ui.strong(format!(
            "{}: {} ({}, {} {})",
            lang.t("difference_total"),
            n(o.value_2 - o.value_1),
            p_text(o, lang),
            o.permutations,
            lang.t("simulations")
        ));
        if o.p_value < 0.05 {
            ui.label(lang.t("changed_significantly"));
        } else {
            ui.label(lang.t("not_changed_significantly"));
        }
        let split = self.elbers.as_ref().and_then(|e| e.as_ref().ok());
        if let Some(e) = split {
            let p = &e.parts;
            ui.label(format!(
                "{}: {} → {} ({}): {} {}, {} {}, {} {}",
                lang.t("elbers_title"),
                n(p.m_1),
                n(p.m_2),
                n(p.difference),
                lang.t("elbers_units"),
                n(p.unit_marginal),
                lang.t("elbers_groups"),
                n(p.group_marginal),
                lang.t("elbers_structural"),
                n(p.structural)
            ))
            .on_hover_text(lang.t("elbers_help"));
        }
        if let Some(Err(why)) = &self.elbers {
            ui.small(format!("{}: {why}", lang.t("elbers_title")));
        }
        let c = chart(o, *years, lang, split);
        let w = ui.available_width().max(240.0);
        chart_view::show(ui, "difference_chart", &c, egui::vec2(w, w * 0.45), lang);
        if ui.button(lang.t("export_chart")).clicked() {
            doc.save_request = Some(SaveRequest {
                name: "skillnad.svg".into(),
                export: Export::Chart(c),
            });
        }
    }
}

impl View for DifferenceView {
    fn id(&self) -> &'static str {
        "difference"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_difference").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.form(ui, doc, lang);
            self.results(ui, doc, lang);
        });
    }

    fn poll(&mut self, _doc: &mut Document, _lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok((r, e))) => {
                self.result = Some(r);
                self.elbers = Some(e);
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

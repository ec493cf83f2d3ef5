//! The segregation view's results: the table with each index explained, profiles over the
//! scales, local values and per-region indices as map layers.

use super::SegregationView;
use crate::analysis::segregation::{IndexResult, IndexValue, Scale};
use crate::app::chart_view;
use crate::app::document::{Document, Export, Loaded, SaveRequest};
use crate::app::i18n::Lang;
use crate::app::jobs::Job;
use crate::figure::chart::{Chart, Series};
use crate::measures::segregation::measure;
use std::collections::BTreeSet;

/// A layer of the regions (the areas dissolved per region) with every per-region index as a
/// field, `first` leading so that the map shows it.
fn region_layer(
    layer: std::sync::Arc<crate::data::Layer>,
    table: std::sync::Arc<crate::data::Table>,
    field: String,
    rows: Vec<IndexResult>,
    first: String,
) -> Job<Loaded> {
    Job::spawn(format!("{first} / {field}"), move |p| {
        let d = crate::analysis::dissolved::by_field(&layer, &table, &field)?;
        p.set_progress(0.8);
        let mut names: Vec<String> = vec![first.clone()];
        for r in rows.iter().filter(|r| r.value.number().is_some()) {
            if !names.iter().any(|m| m == r.index) {
                names.push(r.index.to_string());
            }
        }
        let mut t = d.layer.table.clone();
        let count = t.columns.pop();
        for n in &names {
            let values = d
                .codes
                .iter()
                .map(|code| {
                    rows.iter()
                        .find(|r| r.index == n && r.region.as_deref() == Some(code.as_str()))
                        .and_then(|r| r.value.number())
                })
                .collect();
            t.push(crate::data::table::Column::number(
                n.replace('-', "_"),
                values,
            ));
        }
        t.columns.extend(count);
        let name = d.layer.name.clone();
        Ok(Loaded::Layer(Box::new(
            crate::app::map_layer::MapLayer::new(name, None, d.layer, t),
        )))
    })
}

/// Profiles over the scales: one line per index.
pub fn profile(rows: &[IndexResult], lang: Lang) -> Option<Chart> {
    let at = |r: &IndexResult, distance: bool| match (&r.scale, distance) {
        (Some(Scale::Distance(d)), true) => Some(*d),
        (Some(Scale::K(k)), false) => Some(*k),
        _ => None,
    };
    let distance = if rows.iter().any(|r| at(r, true).is_some()) {
        true
    } else if rows.iter().any(|r| at(r, false).is_some()) {
        false
    } else {
        return None;
    };
    let mut names: Vec<&str> = Vec::new();
    for r in rows {
        if !names.contains(&r.index) {
            names.push(r.index);
        }
    }
    let series = names
        .iter()
        .map(|n| Series {
            label: n.to_string(),
            points: rows
                .iter()
                .filter(|r| r.index == *n && r.region.is_none())
                .filter_map(|r| Some((at(r, distance)?, r.value.number())))
                .collect(),
            band: Vec::new(),
        })
        .collect();
    Some(Chart::Lines {
        title: lang.t("profile").into(),
        x_label: if distance {
            lang.t("distance_m").into()
        } else {
            lang.t("k_persons").into()
        },
        y_label: lang.t("index_value").into(),
        series,
        marks: Vec::new(),
        years: false,
    })
}

/// Each index over the years (the whole layer's, or with regions only, each region's): one line
/// per index and region, with its bootstrap interval as a band when there is one. At most eight
/// lines (the chart's colours); the table lists the rest.
pub fn over_years(rows: &[IndexResult], lang: Lang) -> Option<Chart> {
    let dated: Vec<&IndexResult> = rows
        .iter()
        .filter(|r| r.year.is_some() && r.value.number().is_some() && r.component.is_none())
        .collect();
    let years: BTreeSet<i32> = dated.iter().filter_map(|r| r.year).collect();
    if years.len() < 2 {
        return None;
    }
    let whole = dated.iter().any(|r| r.region.is_none());
    let mut keys: Vec<(&str, Option<String>)> = Vec::new();
    for r in dated.iter().filter(|r| r.region.is_none() == whole) {
        let k = (r.index, r.region.clone());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let series = keys
        .iter()
        .take(8)
        .map(|(index, region)| {
            let of: Vec<&&IndexResult> = dated
                .iter()
                .filter(|r| r.index == *index && r.region == *region)
                .collect();
            Series {
                label: match region {
                    Some(g) => format!("{index} {g}"),
                    None => index.to_string(),
                },
                points: of
                    .iter()
                    .map(|r| (f64::from(r.year.unwrap_or_default()), r.value.number()))
                    .collect(),
                band: of
                    .iter()
                    .filter_map(|r| {
                        let i = r.interval.as_ref()?;
                        Some((f64::from(r.year?), i.ci_low, i.ci_high))
                    })
                    .collect(),
            }
        })
        .collect::<Vec<Series>>();
    // One line has no legend: the title names it.
    let title = match series.as_slice() {
        [only] => format!("{} · {}", lang.t("index_per_year"), only.label),
        _ => lang.t("index_per_year").into(),
    };
    Some(Chart::Lines {
        title,
        x_label: lang.t("year").into(),
        y_label: lang.t("index_value").into(),
        series,
        marks: Vec::new(),
        years: true,
    })
}

impl SegregationView {
    /// Put per-area values (a local index, or an index per region) on the map as a column.
    pub fn show_on_map(
        &mut self,
        doc: &mut Document,
        name: &str,
        values: Vec<Option<f64>>,
        lang: Lang,
    ) {
        // A column name the expression language reads as one name (`local-entropy` → `local_entropy`).
        let name = &name.replace('-', "_");
        let active = doc.active;
        let Some(l) = doc.layers.get_mut(active) else {
            return;
        };
        if values.len() != l.len() {
            return;
        }
        l.set_column(crate::data::table::Column::number(name.to_string(), values));
        doc.style.variable = name.to_string();
        doc.style.categorical = false;
        doc.restyle(lang);
    }

    pub(super) fn results(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some((layer, rows)) = self.results.clone() else {
            return;
        };
        if layer != doc.active {
            return;
        }
        ui.separator();
        if !self.excluded.is_empty() {
            let ids = doc
                .active_layer()
                .map(|l| crate::data::subset::ids_of(&l.table, &self.excluded))
                .unwrap_or_default();
            ui.colored_label(
                egui::Color32::from_rgb(150, 90, 0),
                format!("{} {}", self.excluded.len(), lang.t("excluded_areas")),
            )
            .on_hover_text(ids.join(", "));
        }
        split_sentences(ui, &rows, lang);
        let mut to_map: Option<(String, Vec<Option<f64>>)> = None;
        // Per region: the regions themselves (the areas dissolved) as a layer of their own,
        // classified over the regions.
        if let Some(field) = self.region.clone() {
            let names: BTreeSet<String> = rows
                .iter()
                .filter(|r| r.region.is_some() && r.value.number().is_some())
                .map(|r| r.index.to_string())
                .collect();
            let mut chosen = None;
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.t("map_per_region"));
                for n in &names {
                    if ui.small_button(n).clicked() {
                        chosen = Some(n.clone());
                    }
                }
            });
            if let (Some(n), Some(l)) = (chosen, doc.active_layer()) {
                let job = region_layer(l.layer.clone(), l.table.clone(), field, rows.clone(), n);
                doc.jobs.push(job);
            }
        }
        if let Some(c) = over_years(&rows, lang) {
            chart_view::show(
                ui,
                "segregation_years",
                &c,
                egui::vec2(
                    ui.available_width().max(240.0),
                    ui.available_width().max(240.0) * 0.5,
                ),
                lang,
            );
            if ui.button(lang.t("export_chart")).clicked() {
                doc.save_request = Some(SaveRequest {
                    name: "index_per_ar.svg".into(),
                    export: Export::Chart(c),
                });
            }
        }
        if let Some(c) = profile(&rows, lang) {
            chart_view::show(
                ui,
                "segregation_profile",
                &c,
                egui::vec2(
                    ui.available_width().max(240.0),
                    ui.available_width().max(240.0) * 0.5,
                ),
                lang,
            );
            if ui.button(lang.t("export_chart")).clicked() {
                doc.save_request = Some(SaveRequest {
                    name: "profil.svg".into(),
                    export: Export::Chart(c),
                });
            }
        }
        egui::Grid::new("segregation_results")
            .striped(true)
            .show(ui, |ui| {
                ui.strong(lang.t("index"));
                ui.strong(lang.t("value"));
                ui.strong(lang.t("scale"));
                ui.strong(lang.t("region"));
                ui.strong("p");
                ui.end_row();
                for r in rows.iter().take(400) {
                    let name = r.index;
                    let explain = measure(name).map_or(String::new(), |m| {
                        format!("{name}: {}", m.explanation(lang))
                    });
                    // The index by its name in the UI's language ("Olikhetsindex").
                    let title = measure(name).map_or(name, |m| m.title(lang));
                    let mut label = match r.component {
                        Some(c) => format!("{title} ({})", lang.t(&format!("component_{c}"))),
                        None => title.to_string(),
                    };
                    if let Some(y) = r.year {
                        label = format!("{label} · {y}");
                    }
                    ui.label(label).on_hover_text(explain);
                    match (&r.value, r.value.number()) {
                        (_, Some(v)) => {
                            let mut text = lang.number(v, 4);
                            if let Some(i) = &r.interval {
                                text.push_str(&format!(
                                    " ({}–{})",
                                    lang.number(i.ci_low, 3),
                                    lang.number(i.ci_high, 3)
                                ));
                            }
                            // One cell: the value, then its band over noisy counts.
                            ui.horizontal(|ui| {
                                ui.label(text);
                                if let Some(b) = &r.uncertainty {
                                    // The band over noisy counts, with what it means on hover.
                                    ui.label(format!(
                                        "[{}–{}]",
                                        lang.fixed(b.low, 3),
                                        lang.fixed(b.high, 3)
                                    ))
                                    .on_hover_text(format!(
                                        "{} ({}, {} {}): {}",
                                        lang.t("uncertainty_interval"),
                                        b.model,
                                        b.draws,
                                        lang.t("draws"),
                                        lang.t("uncertainty_help")
                                    ));
                                }
                            });
                        }
                        (IndexValue::PerArea(list), None) => {
                            if ui.small_button(lang.t("show_on_map")).clicked() {
                                to_map = Some((name.to_string(), list.clone()));
                            }
                        }
                        _ => {
                            ui.label(lang.t("missing"));
                        }
                    }
                    let scale = match &r.scale {
                        Some(Scale::Distance(d)) => format!("{} m", lang.number(*d, 0)),
                        Some(Scale::Weights(w)) => w.clone(),
                        Some(Scale::K(k)) => format!("k = {}", lang.number(*k, 0)),
                        None => String::new(),
                    };
                    ui.label(scale);
                    ui.label(match (&r.region, &r.name) {
                        (Some(code), Some(name)) => format!("{code} {name}"),
                        (Some(code), None) => code.clone(),
                        _ => String::new(),
                    });
                    ui.label(
                        r.test
                            .as_ref()
                            .map_or(String::new(), |t| lang.number(t.p_value, 3)),
                    );
                    ui.end_row();
                }
            });
        if let Some((name, values)) = to_map {
            self.show_on_map(doc, &name, values, lang);
        }
    }
}

/// With regions and groups: Theil's M split into between and within the regions, in words (one
/// line per year when there are years).
fn split_sentences(ui: &mut egui::Ui, rows: &[IndexResult], lang: Lang) {
    let part = |c: &str, y: Option<i32>| {
        rows.iter()
            .find(|r| r.component == Some(c) && r.year == y)
            .and_then(|r| r.value.number())
    };
    let mut years: Vec<Option<i32>> = Vec::new();
    for r in rows.iter().filter(|r| r.component.is_some()) {
        if !years.contains(&r.year) {
            years.push(r.year);
        }
    }
    for y in years {
        let (Some(t), Some(b), Some(w)) = (part("total", y), part("between", y), part("within", y))
        else {
            continue;
        };
        let pct = |v: f64| {
            if t > 0.0 {
                lang.number(100.0 * v / t, 1)
            } else {
                "–".into()
            }
        };
        let year = y.map(|y| format!("{y}: ")).unwrap_or_default();
        ui.label(format!(
            "{year}{} = {}: {} {} ({} %), {} {} ({} %)",
            lang.t("theil_m"),
            lang.number(t, 4),
            lang.t("between_regions"),
            lang.number(b, 4),
            pct(b),
            lang.t("within_regions"),
            lang.number(w, 4),
            pct(w)
        ))
        .on_hover_text(lang.t("between_within_help"));
    }
}

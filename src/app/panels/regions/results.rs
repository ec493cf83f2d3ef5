//! The regionalisation view's results: the regions' table (size, population, how alike inside),
//! the measures of the whole partition, the map's legend, and the exports.

use super::*;
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::classify::style::LegendEntry;

impl RegionsView {
    pub(super) fn results(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(r) = self.result.as_ref().filter(|r| r.layer == doc.active) else {
            return;
        };
        let o = &r.outcome;
        ui.separator();
        ui.strong(format!(
            "{} {} · {} · {}",
            o.regions.count,
            lang.t("regions_found"),
            r.request.method.info().name,
            r.weights
        ));
        ui.label(format!(
            "{}: {}",
            lang.t("ssd"),
            lang.number(o.regions.ssd, 3)
        ));
        for n in &o.regions.notes {
            ui.colored_label(egui::Color32::from_rgb(150, 90, 0), n);
        }
        if let Some((_, s)) = &o.noisy {
            ui.label(format!(
                "{} / {} {} ({} {})",
                lang.number(s.stable as f64, 0),
                lang.number((s.stable + s.unstable) as f64, 0),
                lang.t("keep_region"),
                s.draws,
                lang.t("draws")
            ));
        }
        if !o.subset.excluded.is_empty() {
            ui.colored_label(
                egui::Color32::from_rgb(150, 90, 0),
                format!("{} {}", o.subset.excluded.len(), lang.t("excluded_areas")),
            );
        }
        let mut export = None;
        ui.horizontal_wrapped(|ui| {
            if ui.button(lang.t("export_areas")).clicked() {
                export = Some(false);
            }
            if ui.button(lang.t("export_regions")).clicked() {
                export = Some(true);
            }
        });
        let mut pick = None;
        egui::Grid::new("regions_table")
            .striped(true)
            .show(ui, |ui| {
                ui.strong(lang.t("region"));
                ui.strong(lang.t("areas"));
                if o.floor.is_some() {
                    ui.strong(lang.t("floor_sum"));
                }
                for v in &r.request.vars {
                    ui.strong(crate::figure::chart::shorten(v, 18))
                        .on_hover_text(v);
                }
                ui.end_row();
                for s in &o.summaries {
                    if ui
                        .selectable_label(false, s.region.to_string())
                        .accessible_name(format!("{} {}", lang.t("select_region"), s.region))
                        .on_hover_text(lang.t("select_region"))
                        .clicked()
                    {
                        pick = Some(s.rows.clone());
                    }
                    ui.label(s.count.to_string());
                    if let Some(f) = s.floor_sum {
                        ui.label(lang.number(f, 0));
                    }
                    for m in &s.means {
                        ui.label(lang.number(*m, 2));
                    }
                    ui.end_row();
                }
            });
        if let Some(rows) = pick {
            doc.selection = rows.into_iter().collect();
        }
        if let (Some(dissolved), Some(l)) = (export, doc.layers.get(r.layer)) {
            doc.save_request = Some(if dissolved {
                SaveRequest {
                    name: "regioner.geojson".into(),
                    export: Export::Areas {
                        geometries: crate::spatial::dissolve::dissolve(
                            &l.layer.geometries,
                            &o.summaries
                                .iter()
                                .map(|s| s.rows.clone())
                                .collect::<Vec<_>>(),
                        ),
                        crs: l.layer.crs,
                        table: o.summary_table(&r.request.vars).unwrap_or_default(),
                    },
                }
            } else {
                SaveRequest {
                    name: "omraden_med_region.geojson".into(),
                    export: Export::Areas {
                        geometries: l.layer.geometries.clone(),
                        crs: l.layer.crs,
                        table: (*l.table).clone(),
                    },
                }
            });
        }
    }
}

/// The legend: one entry per region when they are few enough to read; else one entry saying
/// how many regions there are and what the colours mean (they only tell neighbours apart).
pub(super) fn legend(r: &RegionsResult, colour: &[usize], lang: Lang) -> Vec<LegendEntry> {
    let s = &r.outcome.summaries;
    if s.len() <= COLOURS.len() {
        return s
            .iter()
            .map(|s| LegendEntry {
                color: COLOURS[colour[s.region - 1]],
                label: format!("{} {}", lang.t("region_heading"), s.region),
                count: s.count,
            })
            .collect();
    }
    vec![LegendEntry {
        color: COLOURS[0],
        label: format!("{} {}", s.len(), lang.t("regions_colours")),
        count: s.iter().map(|s| s.count).sum(),
    }]
}

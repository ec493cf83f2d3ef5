//! The follow-up view's results: each year's indices and the change with its interval, the
//! areas' moves between LISA clusters and their trends, the area types between the years (type
//! to type, areas and persons), and the table exported.

use super::*;
use crate::analysis::transitions::TypeTransitions;
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::data::table::{Column, Table};

impl FollowUpView {
    pub(super) fn results(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(r) = self.result.as_ref().filter(|r| r.layer == doc.active) else {
            return;
        };
        let t = &r.transitions;
        let (first, last) = (t.years[0], t.years[t.years.len() - 1]);
        ui.separator();
        ui.strong(format!("{} {first} → {last}", lang.t("transitions")));
        egui::Grid::new("followup_matrix")
            .striped(true)
            .show(ui, |ui| {
                ui.label(format!("{first} \\ {last}"));
                for c in 0..t.matrix.first().map_or(0, Vec::len) {
                    ui.strong((c + 1).to_string());
                }
                ui.end_row();
                for (f, row) in t.matrix.iter().enumerate() {
                    ui.strong((f + 1).to_string());
                    for (c, n) in row.iter().enumerate() {
                        if c == f {
                            ui.strong(n.to_string());
                        } else {
                            ui.label(n.to_string());
                        }
                    }
                    ui.end_row();
                }
            });
        ui.label(format!(
            "{}: {} · {}: {} · {}: {}",
            lang.t("moved_up"),
            t.moved_up,
            lang.t("moved_down"),
            t.moved_down,
            lang.t("stayed"),
            t.stayed
        ));
        for b in &r.brought {
            let cols: Vec<&str> = b
                .extensive
                .iter()
                .chain(&b.intensive)
                .map(String::as_str)
                .collect();
            ui.colored_label(
                egui::Color32::from_rgb(150, 90, 0),
                format!(
                    "{} {} {} ({}): {}",
                    b.year,
                    lang.t("moved_from"),
                    b.from,
                    b.method,
                    cols.join(", ")
                ),
            );
        }
        if let Some(n) = &t.noisy {
            // How sure the moves are: their 95 % bands and the areas that keep their move.
            let b = |b: &Option<crate::measures::uncertainty::Band>| {
                b.as_ref().map_or("–".into(), |b| {
                    format!("{}–{}", lang.number(b.low, 0), lang.number(b.high, 0))
                })
            };
            let keep = n
                .move_stability
                .iter()
                .filter(|s| **s >= crate::measures::uncertainty::STABLE)
                .count();
            let known = n.move_stability.iter().filter(|s| s.is_finite()).count();
            ui.label(format!(
                "{} ({} {}): {} {} · {} {} · {} {}",
                lang.t("uncertainty_interval"),
                n.draws,
                lang.t("draws"),
                lang.t("moved_up"),
                b(&n.moved_up),
                lang.t("moved_down"),
                b(&n.moved_down),
                lang.t("stayed"),
                b(&n.stayed)
            ));
            ui.label(format!(
                "{} / {} {}",
                lang.number(keep as f64, 0),
                lang.number(known as f64, 0),
                lang.t("keep_move")
            ));
        }
        if !t.excluded.is_empty() {
            ui.colored_label(
                egui::Color32::from_rgb(150, 90, 0),
                format!("{} {}", t.excluded.len(), lang.t("excluded_areas")),
            );
        }
        let before = self.map;
        // Wrapped: three choices ran out of a narrow tile.
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t("map_shows"));
            ui.selectable_value(&mut self.map, FollowMap::Moves, lang.t("class_moves"));
            ui.selectable_value(&mut self.map, FollowMap::Trend, lang.t("trend_per_year"));
            if t.noisy.is_some() {
                ui.selectable_value(
                    &mut self.map,
                    FollowMap::MoveStability,
                    lang.t("move_stability"),
                );
            }
        });
        let mut pick = None;
        if !t.warnings.is_empty() {
            ui.strong(format!(
                "{} ({})",
                lang.t("early_warnings"),
                t.warnings.len()
            ));
            egui::ScrollArea::vertical()
                .id_salt("followup_warnings")
                .max_height(200.0)
                .show(ui, |ui| {
                    egui::Grid::new("followup_warning_grid")
                        .striped(true)
                        .show(ui, |ui| {
                            ui.strong(lang.t("area"));
                            ui.strong(lang.t("slope_per_year"));
                            ui.strong("p");
                            ui.end_row();
                            for &row in &t.warnings {
                                let a = &t.areas[row];
                                let name = doc
                                    .layers
                                    .get(r.layer)
                                    .map_or_else(String::new, |l| l.label_of(row));
                                // Short enough that the slope and p stay in view.
                                let full = format!("{} {name}", r.ids[row]);
                                if ui
                                    .link(crate::figure::chart::shorten(&full, 26))
                                    .on_hover_text(format!("{full} · {}", lang.t("select_area")))
                                    .clicked()
                                {
                                    pick = Some(row);
                                }
                                let tr = a.trend;
                                ui.label(tr.map_or_else(String::new, |x| lang.number(x.slope, 2)));
                                ui.label(
                                    tr.and_then(|x| x.p_value)
                                        .map_or_else(String::new, |p| lang.number(p, 4)),
                                );
                                ui.end_row();
                            }
                        });
                });
        }
        if ui.button(lang.t("export_table")).clicked() {
            if let Ok(table) = areas_table(r) {
                doc.save_request = Some(SaveRequest {
                    name: "uppfoljning.csv".into(),
                    export: Export::Table(table),
                });
            }
        }
        match &r.types {
            Some(Ok(tt)) => {
                if let Some(row) = type_matrices(ui, tt, r, doc, lang) {
                    pick = Some(row);
                }
            }
            Some(Err(why)) => {
                ui.colored_label(
                    egui::Color32::from_rgb(200, 40, 40),
                    format!("{}: {why}", lang.t("type_moves")),
                );
            }
            None => {}
        }
        if let Some(row) = pick {
            doc.select(row, false);
        }
        if self.map != before {
            self.show_map(doc, lang);
        }
    }
}

/// The type-to-type matrices of areas (and persons) and the areas that moved toward types 1–2;
/// a click on an area gives its row.
fn type_matrices(
    ui: &mut egui::Ui,
    tt: &TypeTransitions,
    r: &FollowUpResult,
    doc: &Document,
    lang: Lang,
) -> Option<usize> {
    let [first, last] = tt.years;
    ui.separator();
    ui.strong(format!("{} {first} → {last}", lang.t("type_moves")));
    let matrix = |ui: &mut egui::Ui, id: &str, cell: &dyn Fn(usize, usize) -> String| {
        egui::Grid::new(id).striped(true).show(ui, |ui| {
            ui.label(format!("{first} \\ {last}"));
            for c in 1..=5 {
                ui.strong(format!("{} {c}", lang.t("type_short")))
                    .on_hover_text(crate::analysis::areatypes::name(c, lang.is_swedish()));
            }
            ui.end_row();
            for f in 0..5 {
                ui.strong(format!("{} {}", lang.t("type_short"), f + 1))
                    .on_hover_text(crate::analysis::areatypes::name(
                        f as u8 + 1,
                        lang.is_swedish(),
                    ));
                for c in 0..5 {
                    if c == f {
                        ui.strong(cell(f, c));
                    } else {
                        ui.label(cell(f, c));
                    }
                }
                ui.end_row();
            }
        });
    };
    ui.label(lang.t("type_areas"));
    matrix(ui, "followup_type_areas", &|f, c| {
        tt.areas[f][c].to_string()
    });
    if let Some(p) = &tt.persons {
        ui.label(lang.t("type_people"));
        matrix(ui, "followup_type_persons", &|f, c| lang.number(p[f][c], 0));
    }
    // Areas whose type moved toward the challenged end (a lower number): the follow-up list.
    let worse: Vec<usize> = (0..tt.from.len())
        .filter(|&i| matches!((tt.from[i], tt.to[i]), (Some(a), Some(b)) if b < a))
        .collect();
    let better = (0..tt.from.len())
        .filter(|&i| matches!((tt.from[i], tt.to[i]), (Some(a), Some(b)) if b > a))
        .count();
    ui.label(format!(
        "{}: {} · {}: {}",
        lang.t("type_worse"),
        worse.len(),
        lang.t("type_better"),
        better
    ));
    let mut pick = None;
    for &row in worse.iter().take(50) {
        let name = doc
            .layers
            .get(r.layer)
            .map_or_else(String::new, |l| l.label_of(row));
        let (a, b) = (tt.from[row].unwrap_or(0), tt.to[row].unwrap_or(0));
        if ui
            .link(format!("{} {name}: {a} → {b}", r.ids[row]))
            .on_hover_text(lang.t("select_area"))
            .clicked()
        {
            pick = Some(row);
        }
    }
    pick
}

/// Each area's values, classes (1-based), move and trend, for CSV.
fn areas_table(r: &FollowUpResult) -> crate::Result<Table> {
    let t = &r.transitions;
    let class = |c: Option<usize>| c.map(|c| (c + 1) as f64);
    let mut cols = vec![Column::text(
        "id",
        r.ids.iter().cloned().map(Some).collect(),
    )];
    for (k, y) in t.years.iter().enumerate() {
        cols.push(Column::number(
            format!("{} {y}", r.var),
            t.areas.iter().map(|a| a.values[k]).collect(),
        ));
    }
    cols.push(Column::number(
        "from_class",
        t.areas.iter().map(|a| class(a.from_class)).collect(),
    ));
    cols.push(Column::number(
        "to_class",
        t.areas.iter().map(|a| class(a.to_class)).collect(),
    ));
    cols.push(Column::number(
        "slope",
        t.areas.iter().map(|a| a.trend.map(|x| x.slope)).collect(),
    ));
    cols.push(Column::number(
        "p_value",
        t.areas
            .iter()
            .map(|a| a.trend.and_then(|x| x.p_value))
            .collect(),
    ));
    Table::new(cols)
}

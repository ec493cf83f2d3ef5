//! The attribute table of the active layer: sortable by any column, filterable by text or to the
//! selection, and linked with the map both ways (click a row to select its area; selecting on
//! the map highlights and scrolls to the row).

use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::data::table::Values;
use std::cmp::Ordering;

/// How the table is shown.
#[derive(Default)]
pub struct TableState {
    pub sort: Option<(usize, bool)>,
    pub filter: String,
    pub selected_only: bool,
}

const COL_W: f32 = 120.0;

/// The rows to show, in order.
pub fn rows(doc: &Document, state: &TableState) -> Vec<usize> {
    let Some(layer) = doc.active_layer() else {
        return Vec::new();
    };
    let t = &layer.table;
    let f = state.filter.trim().to_lowercase();
    let mut rows: Vec<usize> = (0..layer.len())
        .filter(|r| !state.selected_only || doc.selection.contains(r))
        .filter(|&r| {
            f.is_empty()
                || t.columns
                    .iter()
                    .any(|c| c.key_at(r).is_some_and(|v| v.to_lowercase().contains(&f)))
        })
        .collect();
    if let Some((col, desc)) = state.sort {
        if let Some(c) = t.columns.get(col) {
            rows.sort_by(|&a, &b| {
                let o = match &c.values {
                    Values::Number(v) => cmp_opt(v[a], v[b]),
                    Values::Text(v) => v[a].cmp(&v[b]),
                };
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
    }
    rows
}

/// Missing values sort last.
fn cmp_opt(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

pub fn show(ui: &mut egui::Ui, doc: &mut Document, state: &mut TableState, lang: Lang) {
    ui.horizontal(|ui| {
        ui.strong(lang.t("table"));
        let label = ui.label(lang.t("filter"));
        ui.add(egui::TextEdit::singleline(&mut state.filter).desired_width(160.0))
            .labelled_by(label.id);
        ui.checkbox(&mut state.selected_only, lang.t("only_selected"));
    });
    let order = rows(doc, state);
    let scroll_target = doc.scroll_to_row.take();
    let Some(layer) = doc.active_layer() else {
        return;
    };
    let names: Vec<String> = layer.table.columns.iter().map(|c| c.name.clone()).collect();
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let scroll_to = scroll_target.and_then(|r| order.iter().position(|&o| o == r));
    let mut clicked: Option<(usize, bool)> = None;
    let mut hovered_row: Option<usize> = None;
    egui::ScrollArea::horizontal().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.add_sized([60.0, row_h], egui::Label::new("#"));
            for (i, n) in names.iter().enumerate() {
                let arrow = match state.sort {
                    Some((c, false)) if c == i => " ↑",
                    Some((c, true)) if c == i => " ↓",
                    _ => "",
                };
                // The column by its label (SCB's, or the person's own), the field on hover.
                let label = crate::data::labels::or_field(n, lang, &doc.labels);
                let hover = if label == *n {
                    n.clone()
                } else {
                    format!("{label}\n({n})")
                };
                if ui
                    .add_sized([COL_W, row_h], egui::Button::new(format!("{label}{arrow}")))
                    .on_hover_text(hover)
                    .clicked()
                {
                    state.sort = match state.sort {
                        Some((c, false)) if c == i => Some((i, true)),
                        _ => Some((i, false)),
                    };
                }
            }
        });
        let mut area = egui::ScrollArea::vertical()
            .id_salt("table_rows")
            .auto_shrink([false, false]);
        if let Some(pos) = scroll_to {
            area = area.vertical_scroll_offset(pos as f32 * (row_h + ui.spacing().item_spacing.y));
        }
        // The area hovered on the map or in a view is framed here; a row hovered here is
        // outlined on the map and marked in the views.
        let marked = doc.hovered.or(doc.view_hover);
        area.show_rows(ui, row_h, order.len(), |ui, range| {
            for &r in &order[range] {
                let row = ui.horizontal(|ui| {
                    let selected = doc.selection.contains(&r);
                    let resp = ui.add_sized(
                        [60.0, row_h],
                        egui::Button::selectable(selected, format!("{}", r + 1)),
                    );
                    if resp.clicked() {
                        let shift = ui.input(|i| i.modifiers.shift || i.modifiers.command);
                        clicked = Some((r, shift));
                    }
                    for c in &layer.table.columns {
                        let text = match &c.values {
                            Values::Number(v) => v[r].map_or_else(
                                || lang.t("missing").to_string(),
                                |x| lang.number(x, 3),
                            ),
                            Values::Text(v) => v[r]
                                .clone()
                                .unwrap_or_else(|| lang.t("missing").to_string()),
                        };
                        ui.add_sized([COL_W, row_h], egui::Label::new(text).truncate());
                    }
                });
                if marked == Some(r) {
                    ui.painter().rect_stroke(
                        row.response.rect,
                        2.0,
                        egui::Stroke::new(1.5, ui.visuals().strong_text_color()),
                        egui::StrokeKind::Inside,
                    );
                }
                if ui.rect_contains_pointer(row.response.rect) {
                    hovered_row = Some(r);
                }
            }
        });
    });
    if hovered_row.is_some() {
        doc.view_hover_next = hovered_row;
    }
    if let Some((r, additive)) = clicked {
        doc.select(r, additive);
        doc.scroll_to_row = None;
    }
}

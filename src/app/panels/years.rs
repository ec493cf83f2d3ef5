//! Follow-up over years in the app: when the map's variable names a year and the data has other
//! years of it, a year slider (with play) moves the map through them; the map can show the
//! change since a year (difference or %), and the inspector draws each selected area's line
//! over the years.

use crate::analysis::years::{move_to_year, series, year_of, years_of, Change};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::data::expr::Expr;
use crate::figure::chart::{Chart, Series};

/// The variable that the years apply to.
pub fn base(doc: &Document) -> String {
    if doc.years.change.is_some() && !doc.years.base.is_empty() {
        doc.years.base.clone()
    } else {
        doc.style.variable.clone()
    }
}

/// The years of the map's variable (empty when it has none or only one).
pub fn years(doc: &Document) -> Vec<i32> {
    let Some(l) = doc.active_layer() else {
        return Vec::new();
    };
    let Ok(e) = Expr::for_table(&base(doc), &l.table) else {
        return Vec::new();
    };
    let y = years_of(&e, &l.table);
    if y.len() < 2 {
        Vec::new()
    } else {
        y
    }
}

/// The map's variable expression for a change.
fn change_expr(base: &Expr, table: &crate::data::Table, kind: Change, from: i32) -> Option<String> {
    let a = move_to_year(base, table, from)?;
    Some(match kind {
        Change::Difference => format!("({base}) - ({a})"),
        Change::Percent => format!("(({base}) - ({a})) / ({a}) * 100"),
    })
}

/// Move the map to `year` (keeping a change map's base year).
pub fn set_year(doc: &mut Document, year: i32, lang: Lang) {
    let Some(l) = doc.active_layer() else { return };
    let Ok(e) = Expr::for_table(&base(doc), &l.table) else {
        return;
    };
    let Some(moved) = move_to_year(&e, &l.table, year) else {
        return;
    };
    let variable = match doc.years.change {
        None => moved.to_string(),
        Some((kind, from)) => match change_expr(&moved, &l.table, kind, from) {
            Some(v) => v,
            None => return,
        },
    };
    doc.years.base = moved.to_string();
    doc.style.variable = variable;
    doc.style.categorical = false;
    doc.restyle(lang);
}

/// Show a change since `from` (or the plain values again with `None`).
pub fn set_change(doc: &mut Document, change: Option<(Change, i32)>, lang: Lang) {
    let b = base(doc);
    doc.years.base = b.clone();
    doc.years.change = change;
    let year = doc
        .active_layer()
        .and_then(|l| Expr::for_table(&b, &l.table).ok())
        .and_then(|e| year_of(&e));
    match year {
        Some(y) => set_year(doc, y, lang),
        None => {
            doc.style.variable = b;
            doc.restyle(lang);
        }
    }
}

pub fn show(ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
    let ys = years(doc);
    if ys.is_empty() {
        return;
    }
    let Some(Ok(e)) = doc
        .active_layer()
        .map(|l| Expr::for_table(&base(doc), &l.table))
    else {
        return;
    };
    let Some(current) = year_of(&e) else { return };
    let mut index = ys.iter().position(|y| *y == current).unwrap_or(0);
    ui.horizontal(|ui| {
        let slider = egui::Slider::new(&mut index, 0..=ys.len() - 1)
            .text(lang.t("year"))
            .custom_formatter(|i, _| {
                ys.get(i as usize)
                    .map_or_else(String::new, |y| y.to_string())
            })
            .show_value(true);
        ui.add(slider);
        let play = if doc.years.playing { "⏸" } else { "▶" };
        if ui
            .button(play)
            .on_hover_text(lang.t("play_years"))
            .clicked()
        {
            doc.years.playing = !doc.years.playing;
            doc.years.last_step = ui.input(|i| i.time);
        }
    });
    if doc.years.playing {
        let now = ui.input(|i| i.time);
        if now - doc.years.last_step >= 1.0 {
            index = (index + 1) % ys.len();
            doc.years.last_step = now;
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    if ys[index] != current {
        set_year(doc, ys[index], lang);
    }
    let mut change = doc.years.change;
    ui.horizontal(|ui| {
        egui::ComboBox::from_label(lang.t("show_change"))
            .selected_text(match change {
                None => lang.t("values").to_string(),
                Some((c, _)) => lang.t(c.name()).to_string(),
            })
            .show_ui(ui, |ui| {
                let from = change.map_or(ys[0], |c| c.1);
                ui.selectable_value(&mut change, None, lang.t("values"));
                for c in Change::ALL {
                    ui.selectable_value(&mut change, Some((c, from)), lang.t(c.name()));
                }
            });
    });
    if let Some((kind, from)) = change {
        let mut from_i = ys.iter().position(|y| *y == from).unwrap_or(0);
        ui.horizontal(|ui| {
            ui.add(
                egui::Slider::new(&mut from_i, 0..=ys.len() - 1)
                    .text(lang.t("since_year"))
                    .custom_formatter(|i, _| {
                        ys.get(i as usize)
                            .map_or_else(String::new, |y| y.to_string())
                    }),
            );
        });
        change = Some((kind, ys[from_i]));
    }
    if change != doc.years.change {
        set_change(doc, change, lang);
    }
}

/// The selected areas' (or the hovered area's) values over the years.
pub fn chart(doc: &Document, lang: Lang) -> Option<Chart> {
    let l = doc.active_layer()?;
    let e = Expr::for_table(&base(doc), &l.table).ok()?;
    if years(doc).is_empty() {
        return None;
    }
    let rows: Vec<usize> = if doc.selection.is_empty() {
        doc.hovered.into_iter().collect()
    } else {
        doc.selection.iter().copied().take(8).collect()
    };
    if rows.is_empty() {
        return None;
    }
    // Drawn every frame: areas only when the variable needs them.
    let area = e
        .columns()
        .contains(&crate::data::expr::AREA_KM2)
        .then(|| l.layer.area_km2());
    let s = rows
        .iter()
        .zip(series(&e, &l.table, area.as_deref(), &rows))
        .map(|(&r, points)| Series {
            label: l.label_of(r),
            points: points.into_iter().map(|(y, v)| (f64::from(y), v)).collect(),
            band: Vec::new(),
        })
        .collect();
    Some(Chart::Lines {
        title: lang.t("over_years").to_string(),
        x_label: lang.t("year").into(),
        y_label: e.to_string(),
        series: s,
        marks: Vec::new(),
        years: true,
    })
}

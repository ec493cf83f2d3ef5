//! Follow-up over years in the app: when the map's variable names a year and the data has other
//! years of it, a year slider (with play) moves the map through them; the map can show the
//! change since a year (difference or %), and the inspector draws each selected area's line
//! over the years.

use crate::analysis::years::{move_to_year, series, year_of, years_of, Change};
use crate::app::i18n::Lang;
use crate::app::workspace::Workspace;
use crate::data::expr::Expr;
use crate::figure::chart::{Chart, Series};

#[derive(Default)]
pub struct YearsForm {
    /// Show the change since `from` instead of the value.
    pub change: Option<(Change, i32)>,
    /// The variable the change is computed on (the map's variable is the change expression).
    pub base: String,
    pub playing: bool,
    pub last_step: f64,
}

/// The variable that the years apply to.
pub fn base(ws: &Workspace) -> String {
    if ws.years.change.is_some() && !ws.years.base.is_empty() {
        ws.years.base.clone()
    } else {
        ws.style.variable.clone()
    }
}

/// The years of the map's variable (empty when it has none or only one).
pub fn years(ws: &Workspace) -> Vec<i32> {
    let Some(l) = ws.active_layer() else {
        return Vec::new();
    };
    let Ok(e) = Expr::for_table(&base(ws), &l.table) else {
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
pub fn set_year(ws: &mut Workspace, year: i32, lang: Lang) {
    let Some(l) = ws.active_layer() else { return };
    let Ok(e) = Expr::for_table(&base(ws), &l.table) else {
        return;
    };
    let Some(moved) = move_to_year(&e, &l.table, year) else {
        return;
    };
    let variable = match ws.years.change {
        None => moved.to_string(),
        Some((kind, from)) => match change_expr(&moved, &l.table, kind, from) {
            Some(v) => v,
            None => return,
        },
    };
    ws.years.base = moved.to_string();
    ws.style.variable = variable;
    ws.style.categorical = false;
    ws.restyle(lang);
}

/// Show a change since `from` (or the plain values again with `None`).
pub fn set_change(ws: &mut Workspace, change: Option<(Change, i32)>, lang: Lang) {
    let b = base(ws);
    ws.years.base = b.clone();
    ws.years.change = change;
    let year = ws
        .active_layer()
        .and_then(|l| Expr::for_table(&b, &l.table).ok())
        .and_then(|e| year_of(&e));
    match year {
        Some(y) => set_year(ws, y, lang),
        None => {
            ws.style.variable = b;
            ws.restyle(lang);
        }
    }
}

pub fn show(ui: &mut egui::Ui, ws: &mut Workspace, lang: Lang) {
    let ys = years(ws);
    if ys.is_empty() {
        return;
    }
    let Some(Ok(e)) = ws
        .active_layer()
        .map(|l| Expr::for_table(&base(ws), &l.table))
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
        let play = if ws.years.playing { "⏸" } else { "▶" };
        if ui
            .button(play)
            .on_hover_text(lang.t("play_years"))
            .clicked()
        {
            ws.years.playing = !ws.years.playing;
            ws.years.last_step = ui.input(|i| i.time);
        }
    });
    if ws.years.playing {
        let now = ui.input(|i| i.time);
        if now - ws.years.last_step >= 1.0 {
            index = (index + 1) % ys.len();
            ws.years.last_step = now;
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    if ys[index] != current {
        set_year(ws, ys[index], lang);
    }
    let mut change = ws.years.change;
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
    if change != ws.years.change {
        set_change(ws, change, lang);
    }
}

/// The selected areas' (or the hovered area's) values over the years.
pub fn chart(ws: &Workspace, lang: Lang) -> Option<Chart> {
    let l = ws.active_layer()?;
    let e = Expr::for_table(&base(ws), &l.table).ok()?;
    if years(ws).is_empty() {
        return None;
    }
    let rows: Vec<usize> = if ws.selection.is_empty() {
        ws.hovered.into_iter().collect()
    } else {
        ws.selection.iter().copied().take(8).collect()
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

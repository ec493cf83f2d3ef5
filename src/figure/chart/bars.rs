//! Bar charts: one panel per variable, the areas beside their municipality, county and the whole
//! layer, each bar labelled with its value.

use super::*;
use super::{esc, hex};
use crate::i18n::Lang;

/// Decimals of a bar's value: none from 100 up, else enough to show about three digits of the
/// largest bar (a change of 0.0071 is not "0").
pub(super) fn bar_decimals(max: f64) -> usize {
    if max >= 100.0 || max <= 0.0 || !max.is_finite() {
        0
    } else {
        decimals_for(max / 100.0).clamp(1, 8)
    }
}

pub(super) fn bars(s: &mut String, title: &str, panels: &[BarPanel], w: f64, h: f64, lang: Lang) {
    title_text(s, title, w);
    let top = 44.0;
    let label_w = (w * 0.32).min(260.0);
    let right = 70.0;
    let n_rows: usize = panels
        .iter()
        .map(|p| p.bars.len() + 2)
        .sum::<usize>()
        .max(1);
    let row_h = ((h - top - 10.0) / n_rows as f64).clamp(8.0, 28.0);
    let mut y = top;
    let mut unit = 0;
    let mut unit_of: Vec<(String, usize)> = Vec::new();
    for p in panels {
        let title_fs = (row_h * 0.6).clamp(9.0, 14.0);
        let fits = ((w - 24.0) / (title_fs * 0.55)).max(10.0) as usize;
        let _ = write!(
            s,
            "<text x=\"12\" y=\"{:.1}\" font-size=\"{title_fs:.1}\" font-weight=\"bold\" fill=\"{INK}\">{}</text>",
            y + row_h * 0.75,
            esc(&shorten(&p.title, fits))
        );
        y += row_h;
        let max = p
            .bars
            .iter()
            .filter_map(|b| b.value)
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let x0 = label_w + 16.0;
        let span = (w - x0 - right).max(10.0);
        for b in &p.bars {
            let fs = (row_h * 0.55).clamp(8.0, 13.0);
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" fill=\"{INK}\" text-anchor=\"end\">{}</text>",
                label_w + 8.0,
                y + row_h * 0.68,
                esc(&b.label)
            );
            let color = if b.reference {
                REFERENCE
            } else {
                let i = match unit_of.iter().find(|(l, _)| *l == b.label) {
                    Some((_, i)) => *i,
                    None => {
                        unit_of.push((b.label.clone(), unit));
                        unit += 1;
                        unit - 1
                    }
                };
                series_color(i)
            };
            match b.value {
                Some(v) => {
                    let len = if max > 0.0 { v.abs() / max * span } else { 0.0 };
                    let _ = write!(
                        s,
                        "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{len:.1}\" height=\"{:.1}\" fill=\"{}\"/>\
                         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" fill=\"{INK}\">{}</text>",
                        y + row_h * 0.15,
                        row_h * 0.7,
                        hex(color),
                        x0 + len + 4.0,
                        y + row_h * 0.68,
                        lang.number(v, bar_decimals(max))
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        "<text x=\"{x0:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" fill=\"#888888\" font-style=\"italic\">{}</text>",
                        y + row_h * 0.68,
                        lang.t("missing")
                    );
                }
            }
            y += row_h;
        }
        if let Some(note) = &p.note {
            // Within its own row, so that it never runs into the next panel's title.
            // From the left edge and no longer than the chart is wide (it ran out of a narrow
            // chart in the app).
            let fs = (row_h * 0.62).clamp(6.0, 10.0);
            let fits = ((w - 16.0) / (fs * 0.52)).max(8.0) as usize;
            let _ = write!(
                s,
                "<text x=\"8\" y=\"{:.1}\" font-size=\"{fs:.1}\" fill=\"#666666\">{}</text>",
                y + row_h * 0.55,
                esc(&shorten(note, fits))
            );
        }
        y += row_h;
    }
}

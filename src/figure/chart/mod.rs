//! Charts as SVG: bars (areas beside their municipality, county and the whole layer), lines
//! (time series per area, a variable along a transect) and scatterplots (Moran). The app shows
//! exactly these documents, rasterised, so an exported chart is what was on screen.

use super::{esc, hex};
use crate::i18n::Lang;
use std::fmt::Write as _;

mod bars;
mod explore;
mod plot;

use bars::bars;
pub use explore::{line_text, summary_note, SELECTED};
use plot::{axes, extent, lines, scatter, Frame};

/// One bar; reference bars (municipality, county, all areas) are drawn grey.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub reference: bool,
}

/// One panel of bars: one variable.
#[derive(Debug, Clone, PartialEq)]
pub struct BarPanel {
    pub title: String,
    pub bars: Vec<Bar>,
    /// A line under the panel, e.g. "median: not aggregable, per area only".
    pub note: Option<String>,
}

/// A series of a line chart; `None` values leave gaps. `band` is an interval around the line
/// (x, low, high), drawn as a pale area in the series' colour (e.g. a bootstrap interval).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, Option<f64>)>,
    pub band: Vec<(f64, f64, f64)>,
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Panels of horizontal bars, one per variable.
    Bars {
        title: String,
        panels: Vec<BarPanel>,
    },
    /// Lines over x; `marks` are labelled vertical lines (e.g. where the transect enters a
    /// municipality); `years` writes x ticks as whole years.
    Lines {
        title: String,
        x_label: String,
        y_label: String,
        series: Vec<Series>,
        marks: Vec<(f64, String)>,
        years: bool,
    },
    /// Points with an optional fitted line y = a + b·x; `selected` points (indices into
    /// `points`) drawn highlighted with their own line; `note` under the chart (the line's
    /// equation, missing values, the source).
    Scatter {
        title: String,
        x_label: String,
        y_label: String,
        points: Vec<(f64, f64)>,
        line: Option<(f64, f64)>,
        selected: Vec<usize>,
        selected_line: Option<(f64, f64)>,
        note: String,
    },
    /// Bars over k bins (edges k + 1), each in its colour (the map's class colours), the
    /// selected areas' part of each bar darker.
    Histogram {
        title: String,
        x_label: String,
        edges: Vec<f64>,
        counts: Vec<usize>,
        colors: Vec<[u8; 3]>,
        selected: Vec<usize>,
        note: String,
    },
    /// Box plots side by side, one per variable.
    BoxPlot {
        title: String,
        boxes: Vec<(String, crate::analysis::explore::BoxStats)>,
        note: String,
    },
    /// Parallel coordinates: one vertical axis per variable (`ranges` per axis), one line per
    /// area; the selected lines drawn on top in colour.
    Parallel {
        title: String,
        axes: Vec<String>,
        lines: Vec<Vec<f64>>,
        ranges: Vec<(f64, f64)>,
        selected: Vec<bool>,
        note: String,
    },
}

/// Colours of series and compared areas (ColorBrewer Dark2).
const SERIES: [[u8; 3]; 8] = [
    [27, 158, 119],
    [217, 95, 2],
    [117, 112, 179],
    [231, 41, 138],
    [102, 166, 30],
    [230, 171, 2],
    [166, 118, 29],
    [102, 102, 102],
];
const REFERENCE: [u8; 3] = [160, 160, 160];
const INK: &str = "#222222";
const FONT: &str = "font-family=\"Ubuntu, DejaVu Sans, sans-serif\"";

/// Round tick values covering [lo, hi], about `n` of them.
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let p = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * p);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut i = 0.0;
    loop {
        let t = first + i * step;
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        if t >= hi - step * 1e-9 {
            break;
        }
        i += 1.0;
    }
    if out.len() < 2 {
        out.push(first + step);
    }
    out
}

fn decimals_for(step: f64) -> usize {
    if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    }
}

/// `text` cut to at most `max` characters, with an ellipsis when cut (long expressions as labels).
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// A chart's colour for series or unit `i`.
pub fn series_color(i: usize) -> [u8; 3] {
    SERIES[i % SERIES.len()]
}

impl Chart {
    /// The chart as an SVG document of `w` × `h` pixels.
    pub fn svg(&self, w: f64, h: f64, lang: Lang) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" {FONT}>\
             <title>{}</title><desc>{}</desc><rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>",
            esc(self.title()),
            esc(&self.description(lang))
        );
        match self {
            Chart::Bars { title, panels } => bars(&mut s, title, panels, w, h, lang),
            Chart::Lines {
                title,
                x_label,
                y_label,
                series,
                marks,
                years,
            } => lines(
                &mut s, title, x_label, y_label, series, marks, *years, w, h, lang,
            ),
            Chart::Scatter {
                title,
                x_label,
                y_label,
                points,
                line,
                selected,
                selected_line,
                note,
            } => {
                if let Some(f) = scatter(&mut s, title, x_label, y_label, points, *line, w, h, lang)
                {
                    explore::scatter_selection(&mut s, &f, points, selected, *selected_line);
                }
                explore::note(&mut s, note, h);
            }
            Chart::Histogram {
                title,
                x_label,
                edges,
                counts,
                colors,
                selected,
                note,
            } => {
                explore::histogram(
                    &mut s, title, x_label, edges, counts, colors, selected, w, h, lang,
                );
                explore::note(&mut s, note, h);
            }
            Chart::BoxPlot { title, boxes, note } => {
                explore::box_plots(&mut s, title, boxes, w, h, lang);
                explore::note(&mut s, note, h);
            }
            Chart::Parallel {
                title,
                axes,
                lines,
                ranges,
                selected,
                note,
            } => {
                explore::parallel(&mut s, title, axes, lines, ranges, selected, w, h, lang);
                explore::note(&mut s, note, h);
            }
        }
        s.push_str("</svg>");
        s
    }

    /// What the chart shows, in words (its SVG `<desc>`, its PDF's description).
    pub fn description(&self, lang: Lang) -> String {
        let sv = lang == Lang::Sv;
        let (kind, note) = match self {
            Chart::Bars { panels, .. } => (
                if sv {
                    format!("Stapeldiagram, {} paneler", panels.len())
                } else {
                    format!("Bar chart, {} panels", panels.len())
                },
                String::new(),
            ),
            Chart::Lines { series, .. } => (
                if sv {
                    format!("Linjediagram, {} serier", series.len())
                } else {
                    format!("Line chart, {} series", series.len())
                },
                String::new(),
            ),
            Chart::Scatter { points, note, .. } => (
                if sv {
                    format!("Spridningsdiagram, {} punkter", points.len())
                } else {
                    format!("Scatter plot, {} points", points.len())
                },
                note.clone(),
            ),
            Chart::Histogram { counts, note, .. } => (
                if sv {
                    format!("Histogram, {} staplar", counts.len())
                } else {
                    format!("Histogram, {} bins", counts.len())
                },
                note.clone(),
            ),
            Chart::BoxPlot { boxes, note, .. } => (
                if sv {
                    format!("Lådagram, {} variabler", boxes.len())
                } else {
                    format!("Box plot, {} variables", boxes.len())
                },
                note.clone(),
            ),
            Chart::Parallel { axes, note, .. } => (
                if sv {
                    format!("Parallella koordinater, {} axlar", axes.len())
                } else {
                    format!("Parallel coordinates, {} axes", axes.len())
                },
                note.clone(),
            ),
        };
        if note.is_empty() {
            format!("{kind}: {}.", self.title())
        } else {
            format!("{kind}: {}. {note}", self.title())
        }
    }

    /// The chart's title.
    pub fn title(&self) -> &str {
        match self {
            Chart::Bars { title, .. }
            | Chart::Lines { title, .. }
            | Chart::Scatter { title, .. }
            | Chart::Histogram { title, .. }
            | Chart::BoxPlot { title, .. }
            | Chart::Parallel { title, .. } => title,
        }
    }
}

fn title_text(s: &mut String, title: &str, w: f64) {
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"28\" font-size=\"18\" font-weight=\"bold\" fill=\"{INK}\" text-anchor=\"middle\">{}</text>",
        w / 2.0,
        esc(title)
    );
}

#[cfg(test)]
mod tests;

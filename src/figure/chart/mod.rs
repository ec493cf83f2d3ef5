//! Charts as SVG: bars (areas beside their municipality, county and the whole layer), lines
//! (time series per area, a variable along a transect) and scatterplots (Moran). The app shows
//! exactly these documents, rasterised, so an exported chart is what was on screen.

use super::{esc, hex};
use crate::i18n::Lang;
use std::fmt::Write as _;

mod explore;
pub use explore::{line_text, summary_note, SELECTED};

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

/// Decimals of a bar's value: none from 100 up, else enough to show about three digits of the
/// largest bar (a change of 0.0071 is not "0").
fn bar_decimals(max: f64) -> usize {
    if max >= 100.0 || max <= 0.0 || !max.is_finite() {
        0
    } else {
        decimals_for(max / 100.0).clamp(1, 8)
    }
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

fn bars(s: &mut String, title: &str, panels: &[BarPanel], w: f64, h: f64, lang: Lang) {
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
            let fs = (row_h * 0.62).clamp(6.0, 10.0);
            let _ = write!(
                s,
                "<text x=\"{x0:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" fill=\"#666666\">{}</text>",
                y + row_h * 0.55,
                esc(note)
            );
        }
        y += row_h;
    }
}

struct Frame {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    xlo: f64,
    xhi: f64,
    ylo: f64,
    yhi: f64,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        self.x0 + (v - self.xlo) / (self.xhi - self.xlo).max(1e-12) * (self.x1 - self.x0)
    }
    fn y(&self, v: f64) -> f64 {
        self.y1 - (v - self.ylo) / (self.yhi - self.ylo).max(1e-12) * (self.y1 - self.y0)
    }
}

/// Axes with ticks and labels; returns the frame to plot in.
#[allow(clippy::too_many_arguments)]
fn axes(
    s: &mut String,
    (xlo, xhi): (f64, f64),
    (ylo, yhi): (f64, f64),
    x_label: &str,
    y_label: &str,
    years: bool,
    w: f64,
    h: f64,
    lang: Lang,
) -> Frame {
    let xt = if years {
        let (a, b) = (xlo.round() as i64, xhi.round() as i64);
        let step = ((b - a) / 8).max(1);
        (a..=b).step_by(step as usize).map(|y| y as f64).collect()
    } else {
        ticks(xlo, xhi, 6)
    };
    let yt = ticks(ylo, yhi, 5);
    let f = Frame {
        x0: 74.0,
        x1: w - 24.0,
        y0: 60.0,
        y1: h - 56.0,
        xlo: xt.first().copied().unwrap_or(xlo).min(xlo),
        xhi: xt.last().copied().unwrap_or(xhi).max(xhi),
        ylo: yt.first().copied().unwrap_or(ylo),
        yhi: yt.last().copied().unwrap_or(yhi),
    };
    let ystep = if yt.len() > 1 { yt[1] - yt[0] } else { 1.0 };
    let xstep = if xt.len() > 1 { xt[1] - xt[0] } else { 1.0 };
    for t in &yt {
        let y = f.y(*t);
        let _ = write!(
            s,
            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e4e4e4\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"end\">{}</text>",
            f.x0,
            f.x1,
            f.x0 - 6.0,
            y + 4.0,
            lang.number(*t, decimals_for(ystep))
        );
    }
    for t in &xt {
        let x = f.x(*t);
        let label = if years {
            format!("{}", *t as i64)
        } else {
            lang.number(*t, decimals_for(xstep))
        };
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{INK}\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"middle\">{label}</text>",
            f.y1,
            f.y1 + 5.0,
            f.y1 + 18.0
        );
    }
    let _ = write!(
        s,
        "<path d=\"M{:.1} {:.1} V{:.1} H{:.1}\" fill=\"none\" stroke=\"{INK}\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{INK}\" text-anchor=\"middle\">{}</text>\
         <text transform=\"translate(16 {:.1}) rotate(-90)\" font-size=\"12\" fill=\"{INK}\" text-anchor=\"middle\">{}</text>",
        f.x0,
        f.y0,
        f.y1,
        f.x1,
        (f.x0 + f.x1) / 2.0,
        h - 16.0,
        esc(x_label),
        (f.y0 + f.y1) / 2.0,
        esc(y_label)
    );
    f
}

fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, v| {
            Some(acc.map_or((v, v), |(a, b)| (a.min(v), b.max(v))))
        })
}

#[allow(clippy::too_many_arguments)]
fn lines(
    s: &mut String,
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    marks: &[(f64, String)],
    years: bool,
    w: f64,
    h: f64,
    lang: Lang,
) {
    title_text(s, title, w);
    let xs = extent(series.iter().flat_map(|r| r.points.iter().map(|p| p.0)));
    let ys = extent(
        series
            .iter()
            .flat_map(|r| r.points.iter().filter_map(|p| p.1))
            .chain(
                series
                    .iter()
                    .flat_map(|r| r.band.iter().flat_map(|b| [b.1, b.2])),
            ),
    );
    let (Some(xs), Some(ys)) = (xs, ys) else {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" fill=\"#888888\" text-anchor=\"middle\">{}</text>",
            w / 2.0,
            h / 2.0,
            lang.t("missing")
        );
        return;
    };
    let pad = ((ys.1 - ys.0) * 0.05).max(ys.1.abs() * 0.01).max(1e-9);
    let lo = if ys.0 >= 0.0 && ys.0 - pad < 0.0 {
        0.0
    } else {
        ys.0 - pad
    };
    // The series' legend in rows under the title, the plot below it: never over the lines or
    // the title.
    let mut rows = 0.0;
    if series.len() > 1 {
        let (left, right) = (74.0, w - 24.0);
        let mut x = left;
        for (i, r) in series.iter().enumerate() {
            let item = 24.0 + r.label.chars().count() as f64 * 6.2;
            if x > left && x + item > right {
                x = left;
                rows += 1.0;
            }
            let ly = 50.0 + 16.0 * rows;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"4\" fill=\"{}\"/>\
                 <text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
                ly - 4.0,
                hex(series_color(i)),
                x + 18.0,
                esc(&r.label)
            );
            x += item;
        }
        rows += 1.0;
    }
    let shift = 16.0 * rows;
    let _ = write!(s, "<g transform=\"translate(0 {shift:.1})\">");
    let f = axes(
        s,
        xs,
        (lo, ys.1 + pad),
        x_label,
        y_label,
        years,
        w,
        h - shift,
        lang,
    );
    for (i, (x, label)) in marks.iter().enumerate() {
        let px = f.x(*x);
        let _ = write!(
            s,
            "<line x1=\"{px:.1}\" y1=\"{:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#999999\" stroke-dasharray=\"3 3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#555555\">{}</text>",
            f.y0,
            f.y1,
            px + 3.0,
            f.y0 - 4.0 + if i % 2 == 1 { 12.0 } else { 0.0 },
            esc(label)
        );
    }
    for (i, r) in series.iter().enumerate() {
        let color = hex(series_color(i));
        if r.band.len() >= 2 {
            let mut d = String::new();
            for (k, (x, _, high)) in r.band.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{:.1} {:.1} ",
                    if k == 0 { "M" } else { "L" },
                    f.x(*x),
                    f.y(*high)
                );
            }
            for (x, low, _) in r.band.iter().rev() {
                let _ = write!(d, "L{:.1} {:.1} ", f.x(*x), f.y(*low));
            }
            let _ = write!(
                s,
                "<path class=\"band\" d=\"{}Z\" fill=\"{color}\" fill-opacity=\"0.18\" stroke=\"none\"/>",
                d
            );
        }
        let mut d = String::new();
        let mut pen = false;
        for (x, y) in &r.points {
            match y {
                Some(y) => {
                    let _ = write!(
                        d,
                        "{}{:.1} {:.1} ",
                        if pen { "L" } else { "M" },
                        f.x(*x),
                        f.y(*y)
                    );
                    pen = true;
                }
                None => pen = false,
            }
        }
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>",
            d.trim_end()
        );
        if r.points.len() <= 24 {
            for (x, y) in &r.points {
                if let Some(y) = y {
                    let _ = write!(
                        s,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{color}\"/>",
                        f.x(*x),
                        f.y(*y)
                    );
                }
            }
        }
    }
    s.push_str("</g>");
}

#[allow(clippy::too_many_arguments)]
fn scatter(
    s: &mut String,
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(f64, f64)],
    line: Option<(f64, f64)>,
    w: f64,
    h: f64,
    lang: Lang,
) -> Option<Frame> {
    title_text(s, title, w);
    let (Some(xs), Some(ys)) = (
        extent(points.iter().map(|p| p.0)),
        extent(points.iter().map(|p| p.1)),
    ) else {
        return None;
    };
    let f = axes(s, xs, ys, x_label, y_label, false, w, h, lang);
    if f.xlo < 0.0 && f.xhi > 0.0 && f.ylo < 0.0 && f.yhi > 0.0 {
        let _ = write!(
            s,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999999\"/>\
             <line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999999\"/>",
            f.x(0.0),
            f.y0,
            f.x(0.0),
            f.y1,
            f.x0,
            f.y(0.0),
            f.x1,
            f.y(0.0)
        );
    }
    for (x, y) in points {
        let _ = write!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"#3a6ea5\" fill-opacity=\"0.6\"/>",
            f.x(*x),
            f.y(*y)
        );
    }
    if let Some((a, b)) = line {
        if let Some(((x0, y0), (x1, y1))) = explore::line_in_frame(&f, a, b) {
            let _ = write!(
                s,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c0392b\" stroke-width=\"2\"/>",
                f.x(x0),
                f.y(y0),
                f.x(x1),
                f.y(y1)
            );
        }
    }
    Some(f)
}

#[cfg(test)]
mod tests;

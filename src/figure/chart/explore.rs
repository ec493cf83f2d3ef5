//! The exploratory views as SVG: histogram, box plots, parallel coordinates, the scatter plot's
//! selection and the note under a chart. The numbers come from [`crate::analysis::explore`].

use super::{axes, decimals_for, esc, extent, hex, shorten, ticks, title_text, Frame, INK};
use crate::analysis::explore::BoxStats;
use crate::i18n::Lang;
use std::fmt::Write as _;

/// The selected areas' colour in every view (as the map's selection).
pub const SELECTED: [u8; 3] = [0, 160, 220];

/// "1 287 områden · 12 saknar värde · Källa: SCB": the line under an exploratory chart.
pub fn summary_note(n: usize, missing: usize, source: &str, lang: Lang) -> String {
    let mut parts = vec![match lang {
        Lang::Sv => format!("{} områden", lang.number(n as f64, 0)),
        Lang::En => format!("{} areas", lang.number(n as f64, 0)),
    }];
    if missing > 0 {
        parts.push(match lang {
            Lang::Sv => format!("{} saknar värde", lang.number(missing as f64, 0)),
            Lang::En => format!("{} missing", lang.number(missing as f64, 0)),
        });
    }
    if !source.is_empty() {
        parts.push(source.to_string());
    }
    parts.join(" · ")
}

/// "y = 1,02 + 0,3349·x · r = 0,83": a fitted line in words.
pub fn line_text(intercept: f64, slope: f64, r: f64, lang: Lang) -> String {
    format!(
        "y = {} {} {}·x · r = {}",
        lang.number(intercept, 3),
        if slope < 0.0 { "−" } else { "+" },
        lang.number(slope.abs(), 4),
        lang.number(r, 3)
    )
}

/// A small grey line under the chart (the source, what was left out).
pub(super) fn note(s: &mut String, note: &str, h: f64) {
    if !note.is_empty() {
        let _ = write!(
            s,
            "<text x=\"12\" y=\"{:.1}\" font-size=\"10\" fill=\"#666666\">{}</text>",
            h - 4.0,
            esc(note)
        );
    }
}

/// The segment of y = a + b·x inside the frame, if any (a line never leaves the chart).
pub(super) fn line_in_frame(f: &Frame, a: f64, b: f64) -> Option<((f64, f64), (f64, f64))> {
    let (mut x0, mut x1) = (f.xlo, f.xhi);
    if b != 0.0 {
        // Where the line meets the bottom and the top.
        let (xa, xb) = ((f.ylo - a) / b, (f.yhi - a) / b);
        x0 = x0.max(xa.min(xb));
        x1 = x1.min(xa.max(xb));
    } else if a < f.ylo || a > f.yhi {
        return None;
    }
    (x0 < x1).then_some(((x0, a + b * x0), (x1, a + b * x1)))
}

fn line(s: &mut String, f: &Frame, a: f64, b: f64, color: [u8; 3], dash: bool) {
    if let Some(((x0, y0), (x1, y1))) = line_in_frame(f, a, b) {
        let _ = write!(
            s,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"2\"{}/>",
            f.x(x0),
            f.y(y0),
            f.x(x1),
            f.y(y1),
            hex(color),
            if dash { " stroke-dasharray=\"6 4\"" } else { "" }
        );
    }
}

/// The selected points ringed and their own line (dashed).
pub(super) fn scatter_selection(
    s: &mut String,
    f: &Frame,
    points: &[(f64, f64)],
    selected: &[usize],
    selected_line: Option<(f64, f64)>,
) {
    for &k in selected {
        if let Some((x, y)) = points.get(k) {
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>",
                f.x(*x),
                f.y(*y),
                hex(SELECTED)
            );
        }
    }
    if let Some((a, b)) = selected_line {
        line(s, f, a, b, SELECTED, true);
    }
}

/// Bars over the bins, the selection's part darker, the count over each bar.
#[allow(clippy::too_many_arguments)]
pub(super) fn histogram(
    s: &mut String,
    title: &str,
    x_label: &str,
    edges: &[f64],
    counts: &[usize],
    colors: &[[u8; 3]],
    selected: &[usize],
    w: f64,
    h: f64,
    lang: Lang,
) {
    title_text(s, title, w);
    let (Some(&lo), Some(&hi)) = (edges.first(), edges.last()) else {
        return;
    };
    let top = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let y_label = match lang {
        Lang::Sv => "antal områden",
        Lang::En => "number of areas",
    };
    let f = axes(
        s,
        (lo, hi),
        (0.0, top * 1.08),
        x_label,
        y_label,
        false,
        w,
        h,
        lang,
    );
    for (k, c) in counts.iter().enumerate() {
        let (x0, x1) = (f.x(edges[k]), f.x(edges[k + 1]));
        let color = colors.get(k).copied().unwrap_or([140, 160, 190]);
        let y = f.y(*c as f64);
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
            x0,
            (x1 - x0).max(0.5),
            f.y1 - y,
            hex(color)
        );
        if let Some(&sel) = selected.get(k).filter(|s| **s > 0) {
            let ys = f.y(sel as f64);
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{ys:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" fill-opacity=\"0.85\"/>",
                x0 + (x1 - x0) * 0.2,
                ((x1 - x0) * 0.6).max(0.5),
                f.y1 - ys,
                hex(SELECTED)
            );
        }
        if counts.len() <= 30 && *c > 0 {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"{INK}\" text-anchor=\"middle\">{}</text>",
                (x0 + x1) / 2.0,
                y - 3.0,
                lang.number(*c as f64, 0)
            );
        }
    }
}

/// Box plots side by side on one axis: box q1–q3, median line, mean as a diamond, whiskers to
/// the last values inside the fences, outliers as points, the fences dashed.
pub(super) fn box_plots(
    s: &mut String,
    title: &str,
    boxes: &[(String, BoxStats)],
    w: f64,
    h: f64,
    lang: Lang,
) {
    title_text(s, title, w);
    let Some(ys) = extent(boxes.iter().flat_map(|(_, b)| {
        [
            b.min,
            b.max,
            b.fence_low.max(b.min),
            b.fence_high.min(b.max),
        ]
    })) else {
        return;
    };
    let n = boxes.len().max(1) as f64;
    let f = axes(s, (0.0, n), ys, "", "", false, w, h, lang);
    // The x axis is categories: hide the numeric ticks with a white band and name the boxes.
    let _ = write!(
        s,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"26\" fill=\"#ffffff\"/>",
        f.x0 - 30.0,
        f.y1 + 1.0,
        f.x1 - f.x0 + 60.0
    );
    let slot = (f.x1 - f.x0) / n;
    let fits = ((slot / 6.5) as usize).max(6);
    let dec = |b: &BoxStats| decimals_for((b.q3 - b.q1).abs().max(1e-9) / 10.0).min(4);
    for (k, (label, b)) in boxes.iter().enumerate() {
        let cx = f.x0 + slot * (k as f64 + 0.5);
        let half = (slot * 0.22).min(60.0);
        let (yq1, yq3, ymed) = (f.y(b.q1), f.y(b.q3), f.y(b.median));
        let _ = write!(
            s,
            "<line x1=\"{cx:.1}\" y1=\"{:.1}\" x2=\"{cx:.1}\" y2=\"{yq3:.1}\" stroke=\"{INK}\"/>\
             <line x1=\"{cx:.1}\" y1=\"{yq1:.1}\" x2=\"{cx:.1}\" y2=\"{:.1}\" stroke=\"{INK}\"/>\
             <line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{INK}\"/>\
             <line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{INK}\"/>\
             <rect x=\"{:.1}\" y=\"{yq3:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#9ecae1\" stroke=\"{INK}\"/>\
             <line x1=\"{:.1}\" y1=\"{ymed:.1}\" x2=\"{:.1}\" y2=\"{ymed:.1}\" stroke=\"{INK}\" stroke-width=\"2.5\"/>",
            f.y(b.whisker_high),
            f.y(b.whisker_low),
            cx - half * 0.5,
            f.y(b.whisker_high),
            cx + half * 0.5,
            f.y(b.whisker_high),
            cx - half * 0.5,
            f.y(b.whisker_low),
            cx + half * 0.5,
            f.y(b.whisker_low),
            cx - half,
            2.0 * half,
            (yq1 - yq3).max(0.5),
            cx - half,
            cx + half,
        );
        let ym = f.y(b.mean);
        let _ = write!(
            s,
            "<path d=\"M{cx:.1} {:.1} L{:.1} {ym:.1} L{cx:.1} {:.1} L{:.1} {ym:.1} Z\" fill=\"#c0392b\"/>",
            ym - 5.0,
            cx + 5.0,
            ym + 5.0,
            cx - 5.0
        );
        for fence in [b.fence_low, b.fence_high] {
            if fence >= f.ylo && fence <= f.yhi {
                let y = f.y(fence);
                let _ = write!(
                    s,
                    "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#888888\" stroke-dasharray=\"4 3\"/>",
                    cx - half * 1.4,
                    cx + half * 1.4
                );
            }
        }
        for v in &b.outlier_values {
            let _ = write!(
                s,
                "<circle cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"2.8\" fill=\"none\" stroke=\"#c0392b\"/>",
                f.y(*v)
            );
        }
        let d = dec(b);
        let _ = write!(
            s,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{INK}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#444444\">{}</text>",
            f.y1 + 18.0,
            esc(&shorten(label, fits)),
            cx + half + 4.0,
            ymed + 3.5,
            lang.number(b.median, d)
        );
    }
}

/// Parallel coordinates: axes left to right, every area a grey line, the selected in colour.
#[allow(clippy::too_many_arguments)]
pub(super) fn parallel(
    s: &mut String,
    title: &str,
    names: &[String],
    lines: &[Vec<f64>],
    ranges: &[(f64, f64)],
    selected: &[bool],
    w: f64,
    h: f64,
    lang: Lang,
) {
    title_text(s, title, w);
    let n = names.len();
    if n < 2 {
        return;
    }
    let (x0, x1, y0, y1) = (90.0, w - 90.0, 64.0, h - 64.0);
    let ax = |k: usize| x0 + (x1 - x0) * k as f64 / (n - 1) as f64;
    let ay = |k: usize, v: f64| {
        let (lo, hi) = ranges[k];
        y1 - (v - lo) / (hi - lo).max(1e-12) * (y1 - y0)
    };
    let path = |l: &Vec<f64>| {
        let mut d = String::new();
        for (k, v) in l.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.1} {:.1} ",
                if k == 0 { "M" } else { "L" },
                ax(k),
                ay(k, *v)
            );
        }
        d
    };
    let many = lines.len() > 2_000;
    for (i, l) in lines.iter().enumerate() {
        if !selected.get(i).copied().unwrap_or(false) {
            let _ = write!(
                s,
                "<path d=\"{}\" fill=\"none\" stroke=\"#9a9a9a\" stroke-opacity=\"{}\" stroke-width=\"0.7\"/>",
                path(l).trim_end(),
                if many { 0.12 } else { 0.35 }
            );
        }
    }
    let n_selected = selected.iter().filter(|s| **s).count();
    let (width, opacity) = if n_selected > 200 {
        (0.8, 0.35)
    } else {
        (1.4, 0.9)
    };
    for (i, l) in lines.iter().enumerate() {
        if selected.get(i).copied().unwrap_or(false) {
            let _ = write!(
                s,
                "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width}\" stroke-opacity=\"{opacity}\"/>",
                path(l).trim_end(),
                hex(SELECTED)
            );
        }
    }
    let fits = (((x1 - x0) / (n - 1).max(1) as f64 / 6.5) as usize).clamp(6, 28);
    for (k, name) in names.iter().enumerate() {
        let x = ax(k);
        let (lo, hi) = ranges[k];
        let t = ticks(lo, hi, 4);
        let step = if t.len() > 1 { t[1] - t[0] } else { 1.0 };
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{y0:.1}\" x2=\"{x:.1}\" y2=\"{y1:.1}\" stroke=\"{INK}\" stroke-width=\"1.2\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{INK}\" text-anchor=\"middle\">{}</text>",
            y1 + 20.0,
            esc(&shorten(name, fits))
        );
        for v in t.iter().filter(|v| **v >= lo && **v <= hi) {
            let y = ay(k, *v);
            let _ = write!(
                s,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{INK}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#444444\" text-anchor=\"end\">{}</text>",
                x - 4.0,
                x - 6.0,
                y + 3.0,
                lang.number(*v, decimals_for(step))
            );
        }
    }
}

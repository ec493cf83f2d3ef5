//! Line charts (series over years or along a transect, with bands and marks) and scatterplots
//! (Moran), on a shared frame of axes with ticks.

use super::*;
use super::{esc, hex};
use crate::i18n::Lang;

pub(super) struct Frame {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub xlo: f64,
    pub xhi: f64,
    pub ylo: f64,
    pub yhi: f64,
}

impl Frame {
    pub fn x(&self, v: f64) -> f64 {
        self.x0 + (v - self.xlo) / (self.xhi - self.xlo).max(1e-12) * (self.x1 - self.x0)
    }
    pub fn y(&self, v: f64) -> f64 {
        self.y1 - (v - self.ylo) / (self.yhi - self.ylo).max(1e-12) * (self.y1 - self.y0)
    }
}

/// Axes with ticks and labels; returns the frame to plot in.
#[allow(clippy::too_many_arguments)]
pub(super) fn axes(
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

pub(super) fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, v| {
            Some(acc.map_or((v, v), |(a, b)| (a.min(v), b.max(v))))
        })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn lines(
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
pub(super) fn scatter(
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

//! The legend of a bivariate map: a 3 × 3 square of the nine colours, the first variable
//! growing to the right, the second upwards, each class's range beside it and the count of
//! areas in each cell.

use super::{esc, hex};
use crate::analysis::explore::{Bivariate, BivariatePalette};
use crate::i18n::Lang;
use std::fmt::Write as _;

/// What the square shows.
#[derive(Debug, Clone, PartialEq)]
pub struct BivariateLegend {
    pub names: [String; 2],
    /// Each variable's three class ranges as text ("12–34").
    pub ranges: [Vec<String>; 2],
    pub colors: [[[u8; 3]; 3]; 3],
    pub counts: [[usize; 3]; 3],
    pub missing: usize,
}

impl BivariateLegend {
    pub fn new(b: &Bivariate, palette: &BivariatePalette, names: [&str; 2], lang: Lang) -> Self {
        BivariateLegend {
            names: [names[0].to_string(), names[1].to_string()],
            ranges: [
                b.class_ranges(0, lang, b.decimals(0)),
                b.class_ranges(1, lang, b.decimals(1)),
            ],
            colors: palette.colors,
            counts: b.counts,
            missing: b.missing,
        }
    }

    /// The square at (x, y), its width about `width`, font unit `u`.
    pub fn svg(&self, x: f64, y: f64, width: f64, u: f64, lang: Lang) -> String {
        let cell = ((width - 90.0 * u) / 3.0).clamp(24.0 * u, 56.0 * u);
        let (x0, y0) = (x + 78.0 * u, y + 8.0 * u);
        let fs = 11.0 * u;
        let mut s = String::from("<g id=\"bivariate-legend\">");
        for c1 in 0..3 {
            for c2 in 0..3 {
                let (cx, cy) = (x0 + c1 as f64 * cell, y0 + (2 - c2) as f64 * cell);
                let _ = write!(
                    s,
                    "<rect x=\"{cx:.1}\" y=\"{cy:.1}\" width=\"{cell:.1}\" height=\"{cell:.1}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"{:.1}\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{:.1}\" fill=\"#222\" text-anchor=\"middle\">{}</text>",
                    hex(self.colors[c1][c2]),
                    1.5 * u,
                    cx + cell / 2.0,
                    cy + cell / 2.0 + fs * 0.35,
                    fs * 0.9,
                    lang.number(self.counts[c1][c2] as f64, 0)
                );
            }
        }
        let bottom = y0 + 3.0 * cell;
        // The first variable's ranges under the columns, its name with an arrow.
        for (c, r) in self.ranges[0].iter().enumerate() {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{:.1}\" fill=\"#444\" text-anchor=\"middle\">{}</text>",
                x0 + (c as f64 + 0.5) * cell,
                bottom + 13.0 * u,
                fs * 0.85,
                esc(r)
            );
        }
        // An arrow (drawn: not every font has one) and the name, cut to the square's width.
        let fits = ((3.0 * cell - 18.0 * u) / (fs * 0.55)).max(8.0) as usize;
        let ya = bottom + 26.0 * u;
        let _ = write!(
            s,
            "<path d=\"M{:.1} {ya:.1} h{:.1} m-{:.1} -{:.1} l{:.1} {:.1} l-{:.1} {:.1}\" fill=\"none\" stroke=\"#222\" stroke-width=\"{:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" font-weight=\"bold\" fill=\"#222\">{}</text>",
            x0,
            12.0 * u,
            4.0 * u,
            4.0 * u,
            4.0 * u,
            4.0 * u,
            4.0 * u,
            4.0 * u,
            1.2 * u,
            x0 + 16.0 * u,
            ya + fs * 0.35,
            esc(&super::chart::shorten(&self.names[0], fits))
        );
        // The second's ranges left of the rows, its name upwards.
        for (c, r) in self.ranges[1].iter().enumerate() {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{:.1}\" fill=\"#444\" text-anchor=\"end\">{}</text>",
                x0 - 4.0 * u,
                y0 + (2.5 - c as f64) * cell + fs * 0.3,
                fs * 0.85,
                esc(r)
            );
        }
        let xa = x + 6.0 * u;
        let _ = write!(
            s,
            "<path d=\"M{xa:.1} {:.1} v-{:.1} m-{:.1} {:.1} l{:.1} -{:.1} l{:.1} {:.1}\" fill=\"none\" stroke=\"#222\" stroke-width=\"{:.1}\"/>\
             <text transform=\"translate({:.1} {:.1}) rotate(-90)\" font-size=\"{fs:.1}\" font-weight=\"bold\" fill=\"#222\">{}</text>",
            bottom,
            12.0 * u,
            4.0 * u,
            4.0 * u,
            4.0 * u,
            4.0 * u,
            4.0 * u,
            4.0 * u,
            1.2 * u,
            xa + fs * 0.35,
            bottom - 16.0 * u,
            esc(&super::chart::shorten(&self.names[1], fits))
        );
        if self.missing > 0 {
            let _ = write!(
                s,
                "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#666\" stroke-width=\"0.5\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" fill=\"#222\">{} ({})</text>",
                bottom + 42.0 * u,
                16.0 * u,
                12.0 * u,
                hex(crate::classify::palette::MISSING),
                x0 + 22.0 * u,
                bottom + 52.0 * u,
                lang.t("missing"),
                lang.number(self.missing as f64, 0)
            );
        }
        s.push_str("</g>\n");
        s
    }
}

//! A bivariate choropleth: two variables in three classes each (tertiles, as the quantiles
//! scheme makes them with k = 3), nine colours from Joshua Stevens' bivariate palettes, and the
//! 3 × 3 count of areas (rows the first variable's class).

use crate::classify::{self, style::LegendEntry, style::Rendered, Scheme};
use crate::error::Result;
use crate::i18n::Lang;

/// A 3 × 3 palette: `colors[c1][c2]`, c1 the first variable's class, c2 the second's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BivariatePalette {
    pub name: &'static str,
    pub colors: [[[u8; 3]; 3]; 3],
}

/// Stevens' bivariate palettes: light grey where both are low, each variable its own hue, dark
/// where both are high. Purple–orange (the default) and green–blue keep their nine colours apart
/// for the red–green colour vision deficiencies; the classic pink–blue does not (two of its
/// colours come within ΔE 5 for a protanope) and is marked so in the app's chooser — see
/// [`crate::classify::vision`].
pub const BIVARIATE_PALETTES: [BivariatePalette; 3] = [
    BivariatePalette {
        name: "purple-orange",
        colors: [
            [[0xe8, 0xe8, 0xe8], [0xcb, 0xb8, 0xd7], [0x99, 0x72, 0xaf]],
            [[0xe4, 0xd9, 0xac], [0xc8, 0xad, 0xa0], [0x97, 0x6b, 0x82]],
            [[0xc8, 0xb3, 0x5a], [0xaf, 0x8e, 0x53], [0x80, 0x4d, 0x36]],
        ],
    },
    BivariatePalette {
        name: "green-blue",
        colors: [
            [[0xe8, 0xe8, 0xe8], [0xb5, 0xc0, 0xda], [0x6c, 0x83, 0xb5]],
            [[0xb8, 0xd6, 0xbe], [0x90, 0xb2, 0xb3], [0x56, 0x79, 0x94]],
            [[0x73, 0xae, 0x80], [0x5a, 0x91, 0x78], [0x2a, 0x5a, 0x5b]],
        ],
    },
    BivariatePalette {
        name: "pink-blue",
        colors: [
            [[0xe8, 0xe8, 0xe8], [0xac, 0xe4, 0xe4], [0x5a, 0xc8, 0xc8]],
            [[0xdf, 0xb0, 0xd6], [0xa5, 0xad, 0xd3], [0x56, 0x98, 0xb9]],
            [[0xbe, 0x64, 0xac], [0x8c, 0x62, 0xaa], [0x3b, 0x49, 0x94]],
        ],
    },
];

impl BivariatePalette {
    pub fn named(name: &str) -> Option<BivariatePalette> {
        BIVARIATE_PALETTES.iter().copied().find(|p| p.name == name)
    }

    /// The nine colours, row by row.
    pub fn flat(&self) -> Vec<[u8; 3]> {
        self.colors.iter().flatten().copied().collect()
    }

    /// Whether the nine colours stay apart for red–green colour-blind readers.
    pub fn colour_blind_safe(&self) -> bool {
        crate::classify::vision::colour_blind_safe(&self.flat())
    }
}

/// Two variables' tertile classes and the 3 × 3 counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Bivariate {
    /// Each variable's class upper bounds (up to three; repeated bounds collapse).
    pub bins: [Vec<f64>; 2],
    /// Each variable's smallest value (the first class's lower bound in the legend).
    pub min: [f64; 2],
    /// Each area's classes, `None` when either value is missing.
    pub class: Vec<Option<(usize, usize)>>,
    /// counts[c1][c2].
    pub counts: [[usize; 3]; 3],
    pub missing: usize,
}

/// Classify both variables in tertiles and cross them.
pub fn bivariate(first: &[Option<f64>], second: &[Option<f64>]) -> Result<Bivariate> {
    let a = classify::classify(first, &Scheme::Quantiles { k: 3 })?;
    let b = classify::classify(second, &Scheme::Quantiles { k: 3 })?;
    let mut counts = [[0usize; 3]; 3];
    let class: Vec<Option<(usize, usize)>> = first
        .iter()
        .zip(second)
        .map(|(x, y)| {
            let c = (
                classify::class_of(*x, &a.bins)?.min(2),
                classify::class_of(*y, &b.bins)?.min(2),
            );
            counts[c.0][c.1] += 1;
            Some(c)
        })
        .collect();
    Ok(Bivariate {
        missing: class.iter().filter(|c| c.is_none()).count(),
        bins: [a.bins, b.bins],
        min: [a.min, b.min],
        class,
        counts,
    })
}

impl Bivariate {
    /// The map's colours: nine classes (c1 · 3 + c2) with a legend row each, titled "X × Y".
    pub fn rendered(
        &self,
        palette: &BivariatePalette,
        names: [&str; 2],
        values: Vec<Option<f64>>,
        lang: Lang,
    ) -> Rendered {
        let words = match lang {
            Lang::Sv => ["låg", "mellan", "hög"],
            Lang::En => ["low", "middle", "high"],
        };
        let mut colors = Vec::with_capacity(9);
        let mut legend = Vec::with_capacity(9);
        for c1 in 0..3 {
            for c2 in 0..3 {
                colors.push(palette.colors[c1][c2]);
                legend.push(LegendEntry {
                    color: palette.colors[c1][c2],
                    // The legend's title names the variables in this order.
                    label: format!("{} × {}", words[c1], words[c2]),
                    count: self.counts[c1][c2],
                });
            }
        }
        Rendered {
            values,
            class: self
                .class
                .iter()
                .map(|c| c.map(|(a, b)| a * 3 + b))
                .collect(),
            colors,
            legend,
            missing: self.missing,
            title: Some(format!("{} × {}", names[0], names[1])),
        }
    }

    /// Decimals enough to tell one variable's class bounds apart: none from a span of 30 up.
    pub fn decimals(&self, var: usize) -> usize {
        let bins = &self.bins[var];
        let span = bins.last().copied().unwrap_or(1.0) - self.min[var];
        if span.abs() >= 30.0 {
            0
        } else if span.abs() >= 3.0 {
            1
        } else {
            2
        }
    }

    /// The legend's ranges of one variable's classes, "12–34" in the language's numbers.
    pub fn class_ranges(&self, var: usize, lang: Lang, decimals: usize) -> Vec<String> {
        let bins = &self.bins[var];
        (0..bins.len())
            .map(|c| {
                let lo = if c == 0 { self.min[var] } else { bins[c - 1] };
                format!(
                    "{}–{}",
                    lang.number(lo, decimals),
                    lang.number(bins[c], decimals)
                )
            })
            .collect()
    }
}

//! Colour palettes for choropleths: ColorBrewer sequential, diverging and qualitative schemes
//! (Cynthia Brewer, Apache-2.0 licensed colour specifications) and viridis; any can be reversed.
//!
//! Sequential and diverging palettes are sampled evenly from their largest ColorBrewer scheme,
//! as matplotlib does; qualitative palettes take their first colours in order.

use serde::{Deserialize, Serialize};

/// What kind of data a palette is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaletteKind {
    Sequential,
    Diverging,
    Qualitative,
}

/// A named palette.
pub struct Palette {
    pub name: &'static str,
    pub kind: PaletteKind,
    colors: &'static [u32],
}

const fn p(name: &'static str, kind: PaletteKind, colors: &'static [u32]) -> Palette {
    Palette { name, kind, colors }
}

use PaletteKind::{Diverging as D, Qualitative as Q, Sequential as S};

/// Every palette, sequential first.
pub const PALETTES: &[Palette] = &[
    p(
        "YlOrRd",
        S,
        &[
            0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026,
            0x800026,
        ],
    ),
    p(
        "Blues",
        S,
        &[
            0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c,
            0x08306b,
        ],
    ),
    p(
        "Greens",
        S,
        &[
            0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x006d2c,
            0x00441b,
        ],
    ),
    p(
        "Reds",
        S,
        &[
            0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0xa50f15,
            0x67000d,
        ],
    ),
    p(
        "Oranges",
        S,
        &[
            0xfff5eb, 0xfee6ce, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xf16913, 0xd94801, 0xa63603,
            0x7f2704,
        ],
    ),
    p(
        "Purples",
        S,
        &[
            0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3, 0x54278f,
            0x3f007d,
        ],
    ),
    p(
        "Greys",
        S,
        &[
            0xffffff, 0xf0f0f0, 0xd9d9d9, 0xbdbdbd, 0x969696, 0x737373, 0x525252, 0x252525,
            0x000000,
        ],
    ),
    p(
        "YlGnBu",
        S,
        &[
            0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494,
            0x081d58,
        ],
    ),
    p(
        "PuBu",
        S,
        &[
            0xfff7fb, 0xece7f2, 0xd0d1e6, 0xa6bddb, 0x74a9cf, 0x3690c0, 0x0570b0, 0x045a8d,
            0x023858,
        ],
    ),
    p(
        "RdPu",
        S,
        &[
            0xfff7f3, 0xfde0dd, 0xfcc5c0, 0xfa9fb5, 0xf768a1, 0xdd3497, 0xae017e, 0x7a0177,
            0x49006a,
        ],
    ),
    p(
        "viridis",
        S,
        &[
            0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70,
            0x7ad151, 0xbddf26, 0xfde725,
        ],
    ),
    p(
        "RdBu",
        D,
        &[
            0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de,
            0x4393c3, 0x2166ac, 0x053061,
        ],
    ),
    p(
        "RdYlBu",
        D,
        &[
            0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xffffbf, 0xe0f3f8, 0xabd9e9,
            0x74add1, 0x4575b4, 0x313695,
        ],
    ),
    p(
        "RdYlGn",
        D,
        &[
            0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee08b, 0xffffbf, 0xd9ef8b, 0xa6d96a,
            0x66bd63, 0x1a9850, 0x006837,
        ],
    ),
    p(
        "BrBG",
        D,
        &[
            0x543005, 0x8c510a, 0xbf812d, 0xdfc27d, 0xf6e8c3, 0xf5f5f5, 0xc7eae5, 0x80cdc1,
            0x35978f, 0x01665e, 0x003c30,
        ],
    ),
    p(
        "PiYG",
        D,
        &[
            0x8e0152, 0xc51b7d, 0xde77ae, 0xf1b6da, 0xfde0ef, 0xf7f7f7, 0xe6f5d0, 0xb8e186,
            0x7fbc41, 0x4d9221, 0x276419,
        ],
    ),
    p(
        "PRGn",
        D,
        &[
            0x40004b, 0x762a83, 0x9970ab, 0xc2a5cf, 0xe7d4e8, 0xf7f7f7, 0xd9f0d3, 0xa6dba0,
            0x5aae61, 0x1b7837, 0x00441b,
        ],
    ),
    p(
        "Spectral",
        D,
        &[
            0x9e0142, 0xd53e4f, 0xf46d43, 0xfdae61, 0xfee08b, 0xffffbf, 0xe6f598, 0xabdda4,
            0x66c2a5, 0x3288bd, 0x5e4fa2,
        ],
    ),
    p(
        "Set1",
        Q,
        &[
            0xe41a1c, 0x377eb8, 0x4daf4a, 0x984ea3, 0xff7f00, 0xffff33, 0xa65628, 0xf781bf,
            0x999999,
        ],
    ),
    p(
        "Set2",
        Q,
        &[
            0x66c2a5, 0xfc8d62, 0x8da0cb, 0xe78ac3, 0xa6d854, 0xffd92f, 0xe5c494, 0xb3b3b3,
        ],
    ),
    p(
        "Set3",
        Q,
        &[
            0x8dd3c7, 0xffffb3, 0xbebada, 0xfb8072, 0x80b1d3, 0xfdb462, 0xb3de69, 0xfccde5,
            0xd9d9d9, 0xbc80bd, 0xccebc5, 0xffed6f,
        ],
    ),
    p(
        "Dark2",
        Q,
        &[
            0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xe6ab02, 0xa6761d, 0x666666,
        ],
    ),
    p(
        "Paired",
        Q,
        &[
            0xa6cee3, 0x1f78b4, 0xb2df8a, 0x33a02c, 0xfb9a99, 0xe31a1c, 0xfdbf6f, 0xff7f00,
            0xcab2d6, 0x6a3d9a, 0xffff99, 0xb15928,
        ],
    ),
    p(
        "Pastel1",
        Q,
        &[
            0xfbb4ae, 0xb3cde3, 0xccebc5, 0xdecbe4, 0xfed9a6, 0xffffcc, 0xe5d8bd, 0xfddaec,
            0xf2f2f2,
        ],
    ),
    p(
        "Accent",
        Q,
        &[
            0x7fc97f, 0xbeaed4, 0xfdc086, 0xffff99, 0x386cb0, 0xf0027f, 0xbf5b17, 0x666666,
        ],
    ),
];

fn rgb(c: u32) -> [u8; 3] {
    [(c >> 16) as u8, (c >> 8) as u8, c as u8]
}

impl Palette {
    /// Find a palette by name (case-insensitive).
    pub fn named(name: &str) -> Option<&'static Palette> {
        PALETTES.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// `n` colours, light to dark (or as listed), reversed on request.
    /// Whether `n` classes of this palette stay apart for red–green colour-blind readers
    /// ([`crate::classify::vision`]); the palette choosers mark those that do not.
    pub fn colour_blind_safe(&self, n: usize) -> bool {
        crate::classify::vision::colour_blind_safe(&self.colors(n, false))
    }

    pub fn colors(&self, n: usize, reversed: bool) -> Vec<[u8; 3]> {
        let stops: Vec<[u8; 3]> = self.colors.iter().map(|&c| rgb(c)).collect();
        let mut out: Vec<[u8; 3]> = match (self.kind, n) {
            (_, 0) => Vec::new(),
            (PaletteKind::Qualitative, _) => (0..n).map(|i| stops[i % stops.len()]).collect(),
            (_, 1) => vec![stops[stops.len() / 2]],
            _ => (0..n)
                .map(|i| sample(&stops, i as f64 / (n - 1) as f64))
                .collect(),
        };
        if reversed {
            out.reverse();
        }
        out
    }
}

/// The colour at `t` in 0..=1 along the stops, linear in RGB.
fn sample(stops: &[[u8; 3]], t: f64) -> [u8; 3] {
    let x = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let (lo, hi) = (x.floor() as usize, x.ceil() as usize);
    let f = x - lo as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    [
        mix(stops[lo][0], stops[hi][0]),
        mix(stops[lo][1], stops[hi][1]),
        mix(stops[lo][2], stops[hi][2]),
    ]
}

/// The colour of missing values ("saknas").
pub const MISSING: [u8; 3] = [200, 200, 200];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_ends_are_the_scheme_ends_and_reverse() {
        let p = Palette::named("blues").unwrap();
        let c = p.colors(5, false);
        assert_eq!(c[0], [0xf7, 0xfb, 0xff]);
        assert_eq!(c[4], [0x08, 0x30, 0x6b]);
        // Middle of 9 stops for 5 colours is stop 4 exactly.
        assert_eq!(c[2], [0x6b, 0xae, 0xd6]);
        assert_eq!(p.colors(5, true)[0], [0x08, 0x30, 0x6b]);
    }

    #[test]
    fn qualitative_takes_colours_in_order() {
        let c = Palette::named("Set1").unwrap().colors(3, false);
        assert_eq!(
            c,
            vec![[0xe4, 0x1a, 0x1c], [0x37, 0x7e, 0xb8], [0x4d, 0xaf, 0x4a]]
        );
    }

    #[test]
    fn every_palette_gives_2_to_10_colours() {
        for p in PALETTES {
            for n in 2..=10 {
                assert_eq!(p.colors(n, false).len(), n, "{}", p.name);
            }
        }
    }
}

#[cfg(test)]
mod vision_tests {
    use super::*;

    #[test]
    fn palettes_are_marked_by_what_colour_blind_readers_see() {
        let unsafe_5: Vec<&str> = PALETTES
            .iter()
            .filter(|p| !p.colour_blind_safe(5))
            .map(|p| p.name)
            .collect();
        // Red to green, and qualitative palettes of five, as ColorBrewer marks them too.
        for fails in ["RdYlGn", "Paired", "Set1", "Accent"] {
            assert!(unsafe_5.contains(&fails), "{fails}: {unsafe_5:?}");
        }
        for safe in [
            "YlOrRd", "Blues", "Greys", "viridis", "RdBu", "RdYlBu", "PuBu", "BrBG",
        ] {
            assert!(!unsafe_5.contains(&safe), "{safe}: {unsafe_5:?}");
        }
    }
}

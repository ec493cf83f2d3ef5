//! Colour vision deficiencies: a palette's colours as a person with deuteranopia or protanopia
//! sees them (Machado, Oliveira & Fernandes 2009, severity 1, in linear sRGB), and whether every
//! two colours stay apart (CIE76 ΔE ≥ [`MIN_DELTA_E`]) so that a map can be read without telling
//! red from green, and keep at least half of the difference normal vision sees. Palettes that
//! fail are marked in the palette choosers.

/// The smallest colour difference between two classes that counts as telling them apart.
pub const MIN_DELTA_E: f64 = 10.0;

/// The red–green deficiencies (together about 1 in 12 men).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deficiency {
    Deuteranopia,
    Protanopia,
}

impl Deficiency {
    pub const ALL: [Deficiency; 2] = [Deficiency::Deuteranopia, Deficiency::Protanopia];

    fn matrix(self) -> [[f64; 3]; 3] {
        match self {
            Deficiency::Deuteranopia => [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
            Deficiency::Protanopia => [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
        }
    }
}

fn linear(c: u8) -> f64 {
    let c = c as f64 / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// CIELAB (D65) of linear sRGB.
fn lab(rgb: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = rgb;
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [
        116.0 * f(y) - 16.0,
        500.0 * (f(x) - f(y)),
        200.0 * (f(y) - f(z)),
    ]
}

/// A colour in CIELAB as seen with `deficiency` (`None`: normal vision).
pub fn seen(c: [u8; 3], deficiency: Option<Deficiency>) -> [f64; 3] {
    let rgb = [linear(c[0]), linear(c[1]), linear(c[2])];
    let rgb = match deficiency {
        None => rgb,
        Some(d) => {
            let m = d.matrix();
            let mut out = [0.0; 3];
            for (i, row) in m.iter().enumerate() {
                out[i] = (row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]).clamp(0.0, 1.0);
            }
            out
        }
    };
    lab(rgb)
}

/// The smallest CIE76 difference between any two of the colours, as seen with `deficiency`.
pub fn min_difference(colors: &[[u8; 3]], deficiency: Option<Deficiency>) -> f64 {
    let labs: Vec<[f64; 3]> = colors.iter().map(|c| seen(*c, deficiency)).collect();
    let mut min = f64::INFINITY;
    for i in 0..labs.len() {
        for j in i + 1..labs.len() {
            let d = (0..3)
                .map(|k| (labs[i][k] - labs[j][k]).powi(2))
                .sum::<f64>()
                .sqrt();
            min = min.min(d);
        }
    }
    min
}

/// What share of the closest pair's difference must survive a deficiency: a palette that only
/// tells its classes apart by red against green (RdYlGn: ΔE 40 becomes 12) is marked even when
/// what is left is above [`MIN_DELTA_E`].
pub const MIN_KEPT: f64 = 0.5;

/// Whether every two of the colours stay apart for both red–green deficiencies: at least
/// [`MIN_DELTA_E`], and at least [`MIN_KEPT`] of their difference for normal vision.
pub fn colour_blind_safe(colors: &[[u8; 3]]) -> bool {
    let normal = min_difference(colors, None);
    Deficiency::ALL.iter().all(|d| {
        let seen = min_difference(colors, Some(*d));
        seen >= MIN_DELTA_E && seen >= MIN_KEPT * normal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_and_green_of_equal_lightness_merge_for_deuteranopes() {
        // A red and a green that differ clearly for normal vision…
        let (red, green) = ([200, 80, 60], [90, 140, 60]);
        assert!(min_difference(&[red, green], None) > 40.0);
        // …are nearly one colour for a deuteranope.
        assert!(min_difference(&[red, green], Some(Deficiency::Deuteranopia)) < MIN_DELTA_E);
        assert!(!colour_blind_safe(&[red, green]));
        // Black and white stay apart for everyone.
        assert!(colour_blind_safe(&[[0, 0, 0], [255, 255, 255]]));
    }

    #[test]
    fn white_is_l_100_and_grey_keeps_its_lightness() {
        let w = seen([255, 255, 255], None);
        assert!((w[0] - 100.0).abs() < 0.01 && w[1].abs() < 0.1 && w[2].abs() < 0.1);
        // Greys have no red or green to lose.
        let g = seen([119, 119, 119], None);
        let gd = seen([119, 119, 119], Some(Deficiency::Deuteranopia));
        assert!((g[0] - gd[0]).abs() < 0.5, "{g:?} {gd:?}");
    }
}

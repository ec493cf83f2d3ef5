//! The stability map's four red–blue bands — the share of noisy draws in which an area keeps its
//! LISA class, its move between classes or its map class: ≥ 90 %, 75–90 %, 50–75 %, < 50 % —
//! one rendering for every such map, so the bands read the same everywhere. Red–blue (RdBu) is
//! readable for red–green colour-blind readers; what the shares are is said in the title.

use crate::classify::style::{LegendEntry, Rendered};

/// Each band's lowest share, colour and label, the surest first.
pub const BANDS: [(f64, [u8; 3], &str); 4] = [
    (0.9, [33, 102, 172], "≥ 90 %"),
    (0.75, [146, 197, 222], "75–90 %"),
    (0.5, [244, 165, 130], "50–75 %"),
    (f64::NEG_INFINITY, [178, 24, 43], "< 50 %"),
];

/// The band of a share (0–1); None for an unknown (NaN) share.
pub fn band_of(share: f64) -> Option<usize> {
    if share.is_nan() {
        return None;
    }
    BANDS.iter().position(|(lo, _, _)| share >= *lo)
}

/// The shares (0–1, NaN where an area has none) as a map: values in per cent, the four bands,
/// a legend with each band's count, `title` over it; areas without a share are *saknas*.
pub fn rendered(shares: &[f64], title: String) -> Rendered {
    let class: Vec<Option<usize>> = shares.iter().map(|s| band_of(*s)).collect();
    Rendered {
        values: shares
            .iter()
            .map(|s| s.is_finite().then_some(s * 100.0))
            .collect(),
        legend: BANDS
            .iter()
            .enumerate()
            .map(|(i, (_, color, label))| LegendEntry {
                color: *color,
                label: label.to_string(),
                count: class.iter().filter(|c| **c == Some(i)).count(),
            })
            .collect(),
        missing: class.iter().filter(|c| c.is_none()).count(),
        colors: BANDS.iter().map(|b| b.1).collect(),
        class,
        title: Some(title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_fall_in_their_band_edges_included_and_unknown_is_missing() {
        let r = rendered(
            &[1.0, 0.9, 0.899, 0.75, 0.5, 0.49, 0.0, f64::NAN],
            "t".into(),
        );
        assert_eq!(
            r.class,
            vec![
                Some(0),
                Some(0),
                Some(1),
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                None
            ]
        );
        let counts: Vec<usize> = r.legend.iter().map(|e| e.count).collect();
        assert_eq!(counts, vec![2, 2, 1, 2]);
        assert_eq!(r.missing, 1);
        assert_eq!(r.values[1], Some(90.0));
        assert_eq!(r.values[7], None);
    }
}

//! The map of a change (after − before): five classes symmetric around 0 in diverging colours,
//! with the areas that did not change at all in a pale class of their own, so that the few areas
//! a plan touches stand out. One definition for the app's map, its exported figure and the CLI's
//! `scenario --figure`.

use crate::classify::style::{LegendEntry, Rendered};
use crate::i18n::Lang;

/// The diverging colours of a change (ColorBrewer PuOr, colour-blind safe): falls purple,
/// rises orange, unchanged pale.
const CHANGE: [[u8; 3]; 5] = [
    [94, 60, 153],
    [178, 171, 210],
    [247, 247, 247],
    [253, 184, 99],
    [230, 97, 1],
];

/// Five classes symmetric around 0 (the largest change in either direction sets the scale);
/// exactly unchanged areas have their own pale class, so that the few areas a plan touches show.
pub fn diverging(values: Vec<Option<f64>>, title: String, lang: Lang) -> Rendered {
    let m = values.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    let tiny = m * 1e-9;
    let class: Vec<Option<usize>> = values
        .iter()
        .map(|v| {
            v.map(|v| {
                if v < -m / 3.0 {
                    0
                } else if v < -tiny {
                    1
                } else if v <= tiny {
                    2
                } else if v <= m / 3.0 {
                    3
                } else {
                    4
                }
            })
        })
        .collect();
    let n = |v: f64| {
        let sign = if v > 0.0 { "+" } else { "" };
        format!("{sign}{}", lang.number(v, 2))
    };
    let labels = [
        format!("{} – {}", n(-m), n(-m / 3.0)),
        format!("{} – 0", n(-m / 3.0)),
        lang.t("unchanged").to_string(),
        format!("0 – {}", n(m / 3.0)),
        format!("{} – {}", n(m / 3.0), n(m)),
    ];
    // Nothing changed: one entry, not four empty ranges of "0 – 0".
    let shown: Vec<usize> = if m > 0.0 {
        (0..5).rev().collect()
    } else {
        vec![2]
    };
    let legend = shown
        .into_iter()
        .map(|c| LegendEntry {
            color: CHANGE[c],
            label: labels[c].clone(),
            count: class.iter().filter(|k| **k == Some(c)).count(),
        })
        .collect();
    Rendered {
        missing: values.iter().filter(|v| v.is_none()).count(),
        values,
        class,
        colors: CHANGE.to_vec(),
        legend,
        title: Some(title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_symmetric_around_zero_and_unchanged_areas_stand_apart() {
        // The largest change is 6 (down): classes at ±2, exactly 0 alone.
        let v = vec![
            Some(-6.0),
            Some(-1.0),
            Some(0.0),
            Some(0.5),
            Some(3.0),
            None,
        ];
        let r = diverging(v, "t".into(), Lang::En);
        assert_eq!(
            r.class,
            vec![Some(0), Some(1), Some(2), Some(3), Some(4), None]
        );
        assert_eq!(r.missing, 1);
        // Rises first, as a legend reads top down.
        let labels: Vec<&str> = r.legend.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(
            labels,
            vec!["+2 – +6", "0 – +2", "unchanged", "−2 – 0", "−6 – −2"]
        );
        assert_eq!(r.legend[2].count, 1);
        // Nothing changed: every area unchanged, no division by zero.
        let r = diverging(vec![Some(0.0); 3], "t".into(), Lang::Sv);
        assert_eq!(r.class, vec![Some(2); 3]);
        assert_eq!(r.legend.len(), 1);
        assert_eq!(
            (r.legend[0].label.as_str(), r.legend[0].count),
            ("oförändrad", 3)
        );
    }
}

//! Classification of a variable into classes for a choropleth, and the colours of the classes.
//!
//! One registry of schemes ([`Scheme::NAMES`]) feeds the CLI's `--scheme`, the app's list and
//! the tests. Conventions follow mapclassify: bins are right-closed upper bounds, values below
//! the first bound fall in the first class. Missing values belong to no class ("saknas") and are
//! counted apart.

pub mod categories;
pub mod change;
pub mod palette;
pub mod schemes;
pub mod stability;
pub mod style;
pub mod vision;

use crate::error::{Error, Result};
use serde::Serialize;

/// What a scheme takes besides the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    None,
    /// A number of classes, 2–10.
    K,
    /// The box plot's hinge (1.5 or 3).
    Hinge,
    /// Class bounds given by the person.
    Bounds,
}

/// One entry of the registry of schemes: its name, what it takes, and what it does in Swedish
/// and English (the app's hover text; the README lists every name).
#[derive(Debug, Clone, Copy)]
pub struct SchemeInfo {
    pub name: &'static str,
    pub param: Param,
    pub sv: &'static str,
    pub en: &'static str,
}

/// The registry of schemes, in the order the app lists them.
pub const SCHEMES: [SchemeInfo; 10] = [
    SchemeInfo {
        name: "quantiles",
        param: Param::K,
        sv: "Lika många områden i varje klass",
        en: "The same number of areas in each class",
    },
    SchemeInfo {
        name: "equal-interval",
        param: Param::K,
        sv: "Lika breda klasser från minsta till största värdet",
        en: "Classes of equal width from the smallest to the largest value",
    },
    SchemeInfo {
        name: "fisher-jenks",
        param: Param::K,
        sv: "Naturliga brytpunkter: minsta variationen inom klasserna (exakt)",
        en: "Natural breaks: the least variation within classes (exact)",
    },
    SchemeInfo {
        name: "box-plot",
        param: Param::Hinge,
        sv: "Lådagram: kvartiler och extremvärden utanför gångerfaktorn",
        en: "Box plot: quartiles, and outliers beyond the hinge",
    },
    SchemeInfo {
        name: "std-mean",
        param: Param::None,
        sv: "Medelvärdet ± 1 och 2 standardavvikelser",
        en: "The mean ± 1 and 2 standard deviations",
    },
    SchemeInfo {
        name: "percentiles",
        param: Param::None,
        sv: "Percentilerna 1, 10, 50, 90, 99 och 100",
        en: "The percentiles 1, 10, 50, 90, 99 and 100",
    },
    SchemeInfo {
        name: "head-tail",
        param: Param::None,
        sv: "Huvud och svans: delar vid medelvärdet så länge huvudet är litet",
        en: "Head/tail breaks: splits at the mean while the head stays small",
    },
    SchemeInfo {
        name: "maximum-breaks",
        param: Param::K,
        sv: "Gränser vid de största glappen mellan värdena",
        en: "Bounds at the largest gaps between values",
    },
    SchemeInfo {
        name: "pretty",
        param: Param::K,
        sv: "Runda gränser (1, 2, 5 × 10ⁿ)",
        en: "Round bounds (1, 2, 5 × 10ⁿ)",
    },
    SchemeInfo {
        name: "user-defined",
        param: Param::Bounds,
        sv: "Egna klassgränser",
        en: "Your own class bounds",
    },
];

/// A scheme's registry entry.
pub fn scheme_info(name: &str) -> Option<&'static SchemeInfo> {
    SCHEMES.iter().find(|s| s.name == name)
}

/// A classification scheme and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Scheme {
    Quantiles { k: usize },
    EqualInterval { k: usize },
    FisherJenks { k: usize },
    BoxPlot { hinge: f64 },
    StdMean,
    Percentiles { pct: Vec<f64> },
    HeadTail,
    MaximumBreaks { k: usize },
    Pretty { k: usize },
    UserDefined { bins: Vec<f64> },
}

impl Scheme {
    /// The scheme names, as the CLI, the app and mapclassify's oracles write them.
    pub const NAMES: [&'static str; 10] = [
        "quantiles",
        "equal-interval",
        "fisher-jenks",
        "box-plot",
        "std-mean",
        "percentiles",
        "head-tail",
        "maximum-breaks",
        "pretty",
        "user-defined",
    ];

    /// Build a scheme from its name and options; `k` must be 2–10 where it applies.
    pub fn from_name(name: &str, k: usize, hinge: f64, bins: &[f64]) -> Result<Scheme> {
        if !bins.is_empty() && name != "user-defined" {
            return Err(Error::input(format!(
                "--bins are the class bounds of --scheme user-defined, not of {name}"
            )));
        }
        let needs_k = scheme_info(name).is_some_and(|s| s.param == Param::K);
        if needs_k && !(2..=10).contains(&k) {
            return Err(Error::input(format!(
                "{name} needs 2 to 10 classes, not {k}"
            )));
        }
        Ok(match name {
            "quantiles" => Scheme::Quantiles { k },
            "equal-interval" => Scheme::EqualInterval { k },
            "fisher-jenks" => Scheme::FisherJenks { k },
            "box-plot" => {
                if !(hinge.is_finite() && hinge > 0.0) {
                    return Err(Error::input(format!(
                        "the box-plot hinge must be positive, not {hinge}"
                    )));
                }
                Scheme::BoxPlot { hinge }
            }
            "std-mean" => Scheme::StdMean,
            "percentiles" => Scheme::Percentiles {
                pct: vec![1.0, 10.0, 50.0, 90.0, 99.0, 100.0],
            },
            "head-tail" => Scheme::HeadTail,
            "maximum-breaks" => Scheme::MaximumBreaks { k },
            "pretty" => Scheme::Pretty { k },
            "user-defined" => {
                if bins.is_empty() {
                    return Err(Error::input(
                        "user-defined needs class bounds, e.g. --bins 10,20,50",
                    ));
                }
                if let Some(b) = bins.iter().find(|b| !b.is_finite()) {
                    return Err(Error::input(format!(
                        "class bounds must be finite numbers, not {b}"
                    )));
                }
                if bins.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(Error::input(
                        "class bounds must increase, each larger than the one before",
                    ));
                }
                Scheme::UserDefined {
                    bins: bins.to_vec(),
                }
            }
            other => {
                return Err(Error::input(format!(
                    "unknown scheme '{other}' (choose one of {})",
                    Scheme::NAMES.join(", ")
                )))
            }
        })
    }

    /// The scheme's name in the registry.
    pub fn name(&self) -> &'static str {
        match self {
            Scheme::Quantiles { .. } => "quantiles",
            Scheme::EqualInterval { .. } => "equal-interval",
            Scheme::FisherJenks { .. } => "fisher-jenks",
            Scheme::BoxPlot { .. } => "box-plot",
            Scheme::StdMean => "std-mean",
            Scheme::Percentiles { .. } => "percentiles",
            Scheme::HeadTail => "head-tail",
            Scheme::MaximumBreaks { .. } => "maximum-breaks",
            Scheme::Pretty { .. } => "pretty",
            Scheme::UserDefined { .. } => "user-defined",
        }
    }
}

/// The result: class upper bounds, counts per class, and how many values were missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub scheme: &'static str,
    pub bins: Vec<f64>,
    pub counts: Vec<usize>,
    /// The smallest value (the lower bound of the first class in a legend).
    pub min: f64,
    pub missing: usize,
}

/// Classify values; missing and non-finite values are left out and counted.
pub fn classify(values: &[Option<f64>], scheme: &Scheme) -> Result<Classification> {
    let mut sorted: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if sorted.is_empty() {
        return Err(Error::input(
            "there are no values to classify (all are missing)",
        ));
    }
    sorted.sort_by(f64::total_cmp);
    let distinct = {
        let mut d = sorted.clone();
        d.dedup();
        d.len()
    };
    let bins = match scheme {
        Scheme::Quantiles { k } => schemes::quantiles(&sorted, *k),
        Scheme::EqualInterval { k } => schemes::equal_interval(&sorted, *k),
        Scheme::FisherJenks { k } => {
            if distinct < *k {
                return Err(Error::input(format!(
                    "fisher-jenks needs at least {k} different values; there are {distinct}"
                )));
            }
            schemes::fisher_jenks(&sorted, *k)
        }
        Scheme::BoxPlot { hinge } => schemes::box_plot(&sorted, *hinge),
        Scheme::StdMean => schemes::std_mean(&sorted),
        Scheme::Percentiles { pct } => schemes::percentiles(&sorted, pct),
        Scheme::HeadTail => schemes::head_tail(&sorted),
        Scheme::MaximumBreaks { k } => schemes::maximum_breaks(&sorted, *k),
        Scheme::Pretty { k } => schemes::pretty(&sorted, *k),
        Scheme::UserDefined { bins } => schemes::user_defined(&sorted, bins),
    };
    let counts = counts(values, &bins);
    Ok(Classification {
        scheme: scheme.name(),
        min: sorted[0],
        missing: values.len() - sorted.len(),
        bins,
        counts,
    })
}

/// The class of a value given upper bounds (right-closed); `None` for a missing value.
/// Values above the last bound (possible only with bounds a person chose) go in the last class.
pub fn class_of(value: Option<f64>, bins: &[f64]) -> Option<usize> {
    let v = value.filter(|v| v.is_finite())?;
    if bins.is_empty() {
        return None;
    }
    Some(bins.partition_point(|b| *b < v).min(bins.len() - 1))
}

/// Count of values per class.
pub fn counts(values: &[Option<f64>], bins: &[f64]) -> Vec<usize> {
    let mut c = vec![0; bins.len()];
    for v in values {
        if let Some(i) = class_of(*v, bins) {
            c[i] += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    #[test]
    fn right_closed_classes_and_missing() {
        let v = vec![Some(1.0), None, Some(2.0), Some(3.0), Some(4.0), Some(5.0)];
        let c = classify(&v, &Scheme::Quantiles { k: 4 }).unwrap();
        assert_eq!(c.bins, vec![2.0, 3.0, 4.0, 5.0]);
        assert_eq!(c.counts, vec![2, 1, 1, 1]);
        assert_eq!(c.missing, 1);
        assert_eq!(class_of(Some(2.0), &c.bins), Some(0));
        assert_eq!(class_of(Some(2.5), &c.bins), Some(1));
        assert_eq!(class_of(Some(-9.0), &c.bins), Some(0));
        assert_eq!(class_of(None, &c.bins), None);
    }

    #[test]
    fn pretty_by_hand() {
        // Range 0.13..4111.45: pretty range 5000, step pretty(5000/4) = 1000, from 0 to 5000.
        let v = some(&[0.13, 12.0, 999.0, 4111.45]);
        let c = classify(&v, &Scheme::Pretty { k: 5 }).unwrap();
        assert_eq!(c.bins, vec![1000.0, 2000.0, 3000.0, 4000.0, 5000.0]);
        assert_eq!(c.counts, vec![3, 0, 0, 0, 1]);
    }

    #[test]
    fn a_cancelled_fisher_jenks_stops_and_reports_progress() {
        // A restyle made stale by a newer style is cancelled: the work counter shows it stops
        // at once.
        use crate::work::{under, Control};
        let sorted: Vec<f64> = (0..6_400).map(|i| (i as f64).sqrt()).collect();
        let running = Control::new();
        under(&running, || schemes::fisher_jenks(&sorted, 5));
        assert!(running.done() >= 4, "a unit a class at least");
        assert!(running.progress() > 0.9);
        let cancelled = Control::new();
        cancelled.cancel();
        under(&cancelled, || schemes::fisher_jenks(&sorted, 5));
        assert_eq!(cancelled.done(), 0);
    }

    #[test]
    fn fisher_jenks_by_hand() {
        // Two obvious groups and one outlier.
        let v = some(&[1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 50.0]);
        let c = classify(&v, &Scheme::FisherJenks { k: 3 }).unwrap();
        assert_eq!(c.bins, vec![3.0, 12.0, 50.0]);
        assert!(classify(&some(&[1.0, 1.0]), &Scheme::FisherJenks { k: 3 }).is_err());
    }

    #[test]
    fn user_defined_adds_the_maximum() {
        let c = classify(
            &some(&[1.0, 5.0, 20.0]),
            &Scheme::UserDefined {
                bins: vec![2.0, 10.0],
            },
        )
        .unwrap();
        assert_eq!(c.bins, vec![2.0, 10.0, 20.0]);
        assert_eq!(c.counts, vec![1, 1, 1]);
    }

    #[test]
    fn names_round_trip_and_bad_options_are_refused() {
        for name in Scheme::NAMES {
            let bins: &[f64] = if name == "user-defined" { &[1.0] } else { &[] };
            let s = Scheme::from_name(name, 5, 1.5, bins).unwrap();
            assert_eq!(s.name(), name);
        }
        // Bounds only for user-defined, finite and increasing.
        assert!(Scheme::from_name("quantiles", 5, 1.5, &[1.0]).is_err());
        assert!(Scheme::from_name("user-defined", 5, 1.5, &[f64::NAN]).is_err());
        assert!(Scheme::from_name("user-defined", 5, 1.5, &[2.0, 1.0]).is_err());
        assert!(Scheme::from_name("jenks", 5, 1.5, &[]).is_err());
        assert!(Scheme::from_name("quantiles", 11, 1.5, &[]).is_err());
        assert!(Scheme::from_name("box-plot", 5, -1.0, &[]).is_err());
        assert!(classify(&[None, None], &Scheme::StdMean).is_err());
    }
}

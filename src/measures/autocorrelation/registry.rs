//! The registry of autocorrelation statistics: each name as the CLI's `--stat` takes it, whether
//! it is local (one value per area), the weights it uses, and what it measures in Swedish and
//! English, the second variable it needs, and the function that computes it. The CLI's `--stat`
//! dispatches through it (a new statistic is one entry here), its help and errors, the README and
//! the tests walk it; a test fails when an entry lacks a text or a test against esda.

use super::getis_ord::{self, GlobalG};
use super::join_counts::{self, JoinCounts};
use super::lisa::{self, Lisa};
use super::moran::{self, Moran};
use super::{geary, with_self};
use crate::error::{Error, Result};
use crate::spatial::weights::{Transform, Weights};
use crate::work::Control;

/// How a statistic's weights are transformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightsUse {
    /// Row-standardised.
    Row,
    /// Binary.
    Binary,
    /// Binary, each area in its own neighbourhood (Gi*).
    BinaryWithSelf,
}

impl WeightsUse {
    /// The weights as this statistic uses them.
    pub fn apply(self, w: &Weights) -> Weights {
        match self {
            WeightsUse::Row => w.transformed(Transform::Row),
            WeightsUse::Binary => w.transformed(Transform::Binary),
            WeightsUse::BinaryWithSelf => with_self(&w.transformed(Transform::Binary)),
        }
    }
}

/// What a statistic is computed from: the variable, the second variable when it needs one
/// ([`Statistic::second`]), the weights already as it uses them ([`WeightsUse::apply`]), and the
/// permutations with their seed and control (cancel and progress).
pub struct Input<'a> {
    pub y: &'a [f64],
    pub second: Option<&'a [f64]>,
    pub w: &'a Weights,
    pub permutations: usize,
    pub seed: u64,
    pub control: &'a Control,
}

/// A statistic's result, typed: the CLI serialises it, the tests compare it with esda.
#[derive(Debug, Clone)]
pub enum Output {
    Moran(Moran),
    Geary(geary::Geary),
    /// One number under a name (`I` of the bivariate Moran, `C` of Geary).
    Value(&'static str, f64),
    G(GlobalG),
    JoinCounts(JoinCounts),
    Lisa(Lisa),
    /// One z-score per area (Gi, Gi*).
    Z(Vec<f64>),
    /// One value per area under a name (`c` of the local Geary).
    Local(&'static str, Vec<f64>),
}

/// One statistic of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Statistic {
    pub name: &'static str,
    /// One value per area (LISA, Gi, …) rather than one for the layer.
    pub local: bool,
    pub weights: WeightsUse,
    /// Takes permutations for pseudo p-values.
    pub permutations: bool,
    /// The option giving the second variable it needs (`--y`, `--base`), if any.
    pub second: Option<&'static str>,
    pub sv: &'static str,
    pub en: &'static str,
    pub compute: fn(&Input) -> Result<Output>,
}

/// The second variable of a statistic that needs one.
fn second<'a>(input: &Input<'a>) -> Result<&'a [f64]> {
    input
        .second
        .ok_or_else(|| Error::input("this statistic needs a second variable"))
}

pub const STATISTICS: [Statistic; 10] = [
    Statistic {
        name: "moran",
        local: false,
        weights: WeightsUse::Row,
        permutations: true,
        second: None,
        sv: "Morans I: liknar grannarnas värden varandra?",
        en: "Moran's I: are neighbours' values alike?",
        compute: |i| {
            Ok(Output::Moran(moran::moran_controlled(
                i.y,
                i.w,
                i.permutations,
                i.seed,
                i.control,
            )))
        },
    },
    Statistic {
        name: "moran_bv",
        local: false,
        weights: WeightsUse::Row,
        permutations: false,
        second: Some("--y"),
        sv: "Bivariat Moran: en variabel mot grannarnas värden av en annan",
        en: "Bivariate Moran: one variable against the neighbours' values of another",
        compute: |i| Ok(Output::Value("I", moran::bivariate(i.y, second(i)?, i.w))),
    },
    Statistic {
        name: "moran_rate",
        local: false,
        weights: WeightsUse::Row,
        permutations: true,
        second: Some("--base"),
        sv: "Morans I för andelar (Assunção–Reis), med bas",
        en: "Moran's I for rates (Assunção–Reis), with a base",
        compute: |i| {
            let base = second(i)?;
            if base.iter().any(|b| *b <= 0.0) {
                return Err(Error::input("--base must be positive in every area"));
            }
            let z = moran::assuncao_rate(i.y, base);
            Ok(Output::Moran(moran::moran_controlled(
                &z,
                i.w,
                i.permutations,
                i.seed,
                i.control,
            )))
        },
    },
    Statistic {
        name: "geary",
        local: false,
        weights: WeightsUse::Row,
        permutations: true,
        second: None,
        sv: "Gearys C: skillnader mellan grannar",
        en: "Geary's C: differences between neighbours",
        compute: |i| {
            Ok(Output::Geary(geary::geary_test(
                i.y,
                i.w,
                i.permutations,
                i.seed,
                i.control,
            )))
        },
    },
    Statistic {
        name: "g",
        local: false,
        weights: WeightsUse::Binary,
        permutations: false,
        second: None,
        sv: "Getis–Ords G: samlas höga värden?",
        en: "Getis-Ord G: do high values cluster?",
        compute: |i| Ok(Output::G(getis_ord::global_g(i.y, i.w))),
    },
    Statistic {
        name: "joincount",
        local: false,
        weights: WeightsUse::Binary,
        permutations: true,
        second: None,
        sv: "Sammanfogningar: grannpar av en binär variabel",
        en: "Join counts: neighbour pairs of a binary variable",
        compute: |i| {
            join_counts::join_counts(i.y, i.w, i.permutations, i.seed).map(Output::JoinCounts)
        },
    },
    Statistic {
        name: "lisa",
        local: true,
        weights: WeightsUse::Row,
        permutations: true,
        second: None,
        sv: "Lokal Moran (LISA): kluster och avvikare per område",
        en: "Local Moran (LISA): clusters and outliers per area",
        compute: |i| {
            Ok(Output::Lisa(lisa::local_moran_controlled(
                i.y,
                i.w,
                i.permutations,
                i.seed,
                i.control,
            )))
        },
    },
    Statistic {
        name: "gi",
        local: true,
        weights: WeightsUse::Binary,
        permutations: false,
        second: None,
        sv: "Getis–Ords Gi: het- och kalla fläckar utan området självt",
        en: "Getis-Ord Gi: hot and cold spots without the area itself",
        compute: |i| Ok(Output::Z(getis_ord::gi(i.y, i.w))),
    },
    Statistic {
        name: "gistar",
        local: true,
        weights: WeightsUse::BinaryWithSelf,
        permutations: false,
        second: None,
        sv: "Getis–Ords Gi*: het- och kalla fläckar med området självt",
        en: "Getis-Ord Gi*: hot and cold spots with the area itself",
        compute: |i| Ok(Output::Z(getis_ord::gi_star(i.y, i.w))),
    },
    Statistic {
        name: "localgeary",
        local: true,
        weights: WeightsUse::Row,
        permutations: false,
        second: None,
        sv: "Lokal Geary: skillnad mot grannarna per område",
        en: "Local Geary: difference from the neighbours per area",
        compute: |i| Ok(Output::Local("c", geary::local_geary(i.y, i.w))),
    },
];

/// A statistic by its name.
pub fn statistic(name: &str) -> Option<&'static Statistic> {
    STATISTICS.iter().find(|s| s.name == name)
}

/// The names, comma-separated (for help and errors).
pub fn names() -> String {
    STATISTICS
        .iter()
        .map(|s| s.name)
        .collect::<Vec<_>>()
        .join(", ")
}

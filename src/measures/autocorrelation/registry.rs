//! The registry of autocorrelation statistics: each name as the CLI's `--stat` takes it, whether
//! it is local (one value per area), the weights it uses, and what it measures in Swedish and
//! English. The CLI's help and errors, the README and the tests walk it; a test fails when an
//! entry lacks a text or a test against esda.

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

/// One statistic of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Statistic {
    pub name: &'static str,
    /// One value per area (LISA, Gi, …) rather than one for the layer.
    pub local: bool,
    pub weights: WeightsUse,
    /// Takes permutations for pseudo p-values.
    pub permutations: bool,
    pub sv: &'static str,
    pub en: &'static str,
}

pub const STATISTICS: [Statistic; 10] = [
    Statistic {
        name: "moran",
        local: false,
        weights: WeightsUse::Row,
        permutations: true,
        sv: "Morans I: liknar grannarnas värden varandra?",
        en: "Moran's I: are neighbours' values alike?",
    },
    Statistic {
        name: "moran_bv",
        local: false,
        weights: WeightsUse::Row,
        permutations: false,
        sv: "Bivariat Moran: en variabel mot grannarnas värden av en annan",
        en: "Bivariate Moran: one variable against the neighbours' values of another",
    },
    Statistic {
        name: "moran_rate",
        local: false,
        weights: WeightsUse::Row,
        permutations: true,
        sv: "Morans I för andelar (Assunção–Reis), med bas",
        en: "Moran's I for rates (Assunção–Reis), with a base",
    },
    Statistic {
        name: "geary",
        local: false,
        weights: WeightsUse::Row,
        permutations: false,
        sv: "Gearys C: skillnader mellan grannar",
        en: "Geary's C: differences between neighbours",
    },
    Statistic {
        name: "g",
        local: false,
        weights: WeightsUse::Binary,
        permutations: false,
        sv: "Getis–Ords G: samlas höga värden?",
        en: "Getis-Ord G: do high values cluster?",
    },
    Statistic {
        name: "joincount",
        local: false,
        weights: WeightsUse::Binary,
        permutations: true,
        sv: "Sammanfogningar: grannpar av en binär variabel",
        en: "Join counts: neighbour pairs of a binary variable",
    },
    Statistic {
        name: "lisa",
        local: true,
        weights: WeightsUse::Row,
        permutations: true,
        sv: "Lokal Moran (LISA): kluster och avvikare per område",
        en: "Local Moran (LISA): clusters and outliers per area",
    },
    Statistic {
        name: "gi",
        local: true,
        weights: WeightsUse::Binary,
        permutations: false,
        sv: "Getis–Ords Gi: het- och kalla fläckar utan området självt",
        en: "Getis-Ord Gi: hot and cold spots without the area itself",
    },
    Statistic {
        name: "gistar",
        local: true,
        weights: WeightsUse::BinaryWithSelf,
        permutations: false,
        sv: "Getis–Ords Gi*: het- och kalla fläckar med området självt",
        en: "Getis-Ord Gi*: hot and cold spots with the area itself",
    },
    Statistic {
        name: "localgeary",
        local: true,
        weights: WeightsUse::Row,
        permutations: false,
        sv: "Lokal Geary: skillnad mot grannarna per område",
        en: "Local Geary: difference from the neighbours per area",
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

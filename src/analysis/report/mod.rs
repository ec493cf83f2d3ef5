//! The contents of a report per region (one per municipality, `--each kommun`): the region's key
//! indicators against its county (län) and the country (riket), its segregation indices with the
//! county's and the country's, the county's Theil's M split into a between-municipality and a
//! within-municipality part (and this municipality's share of the within part), and the indices
//! over the years when the statistics have years. Engine only: numbers, no drawing — the pages
//! are drawn by `figure::report`, for the CLI's `segatlas report` and the app's *Arkiv → Rapport…*.
//!
//! Every number comes from the engine's own functions, computed once for all regions:
//! [`segregation::run`] by the region field (the same call as `index --by kommun`, so a report
//! shows exactly the values `index` gives), by the county field, and on the county's areas for
//! the decomposition. Indicators of a region, county or the country are built from summed counts
//! (`compare::aggregate`, the population-weighted value). The country comes from the layer when
//! it covers all 21 counties, else from a national table of areas (`--national`, e.g. SCB's 5,984
//! DeSO), which has no geometry: its spatial indices are not given.

use crate::data::subset::Missing;
use serde::Serialize;

/// The indices a report shows unless told otherwise.
pub const DEFAULT_INDICES: [&str; 4] = ["dissim", "isolation", "entropy", "spatial-dissim"];

/// Sweden's 21 counties by SCB's code.
pub const COUNTIES: [(&str, &str); 21] = [
    ("01", "Stockholms län"),
    ("03", "Uppsala län"),
    ("04", "Södermanlands län"),
    ("05", "Östergötlands län"),
    ("06", "Jönköpings län"),
    ("07", "Kronobergs län"),
    ("08", "Kalmar län"),
    ("09", "Gotlands län"),
    ("10", "Blekinge län"),
    ("12", "Skåne län"),
    ("13", "Hallands län"),
    ("14", "Västra Götalands län"),
    ("17", "Värmlands län"),
    ("18", "Örebro län"),
    ("19", "Västmanlands län"),
    ("20", "Dalarnas län"),
    ("21", "Gävleborgs län"),
    ("22", "Västernorrlands län"),
    ("23", "Jämtlands län"),
    ("24", "Västerbottens län"),
    ("25", "Norrbottens län"),
];

/// The name of a county code ("01" → "Stockholms län").
pub fn county_name(code: &str) -> Option<&'static str> {
    COUNTIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// What to report on.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The group and its total (counts): the indices' group, and the first indicator (its
    /// share in percent).
    pub group: String,
    pub total: String,
    /// What the group and the total are called in the report's text (default: the expression,
    /// readable).
    pub group_label: Option<String>,
    pub total_label: Option<String>,
    /// More key indicators (columns or expressions of counts: shares are aggregated from sums).
    pub variables: Vec<String>,
    /// The region field, one report per value (kommun).
    pub each: String,
    /// The county field; found by name (`lan`, `lan_kod`, `län`) or from the first two digits of
    /// four-digit municipality codes when not given.
    pub county: Option<String>,
    /// The field with the regions' names; found (`kommunnamn`, `kommun_namn`) when not given.
    pub names: Option<String>,
    /// Only these regions (codes); all when empty.
    pub only: Vec<String>,
    /// Indices from the registry (single-group ones); [`DEFAULT_INDICES`] when empty.
    pub indices: Vec<String>,
    pub missing: Missing,
    /// Contiguity tolerance for the spatial indices.
    pub tolerance: f64,
    /// Plans (see [`crate::analysis::scenario`]): a page of the municipalities they reach, with
    /// the indices before and after each.
    pub scenarios: Vec<crate::analysis::scenario::Scenario>,
    /// Labels of the fields (a person's own first, then SCB's dictionary) in `lang`, the
    /// report's language: what the group, the total and the indicators are called.
    pub labels: crate::data::labels::Labels,
    pub lang: crate::i18n::Lang,
    /// Give each of the region's indices its band over counts redrawn by this model
    /// (`draws` draws): an interval per index and a sentence on the indices' page.
    pub noise: Option<crate::measures::uncertainty::Noise>,
    pub draws: usize,
}

/// A value for the region, its county and the country (None: not available).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Levels {
    pub region: Option<f64>,
    pub county: Option<f64>,
    pub country: Option<f64>,
}

/// One key indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// The expression as given (or the group share's).
    pub variable: String,
    /// What it is, when segatlas knows better than the expression (`share`, `population`,
    /// `challenged_areas`).
    pub kind: &'static str,
    pub values: Levels,
    /// The values are the population-weighted mean of the areas' values (weights: the total),
    /// because the variable is not a count (a percentage, a median): an approximation, said so.
    pub weighted: bool,
    /// What it is called: its label (SCB's dictionary, or a person's own), else the expression
    /// made readable.
    pub label: String,
}

/// One segregation index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexRow {
    pub index: &'static str,
    pub values: Levels,
    /// The region's value over noisy counts (with a noise model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<crate::measures::uncertainty::Band>,
    /// The county's and the country's bands (with a noise model; where they have a value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_county: Option<crate::measures::uncertainty::Band>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_country: Option<crate::measures::uncertainty::Band>,
}

/// The county's Theil's M (the group against the rest) split exactly into the part between its
/// regions and the part within them; the region's own M and its weight (its share of the
/// county's persons), so that weight × M is its contribution to the within part.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Split {
    pub county_m: f64,
    pub between: f64,
    pub within: f64,
    pub region_m: f64,
    pub region_weight: f64,
}

/// The indices in one year: the region's and its county's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearRow {
    pub year: i32,
    /// One per index of the report, in its order.
    pub region: Vec<Option<f64>>,
    pub county: Vec<Option<f64>>,
}

/// What one plan would do in a region: the persons it adds there and the indices after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    pub name: String,
    /// Persons added in the region, and of them in the group.
    pub persons: f64,
    pub group_persons: f64,
    /// Areas of the region receiving persons (new areas included).
    pub areas: usize,
    /// One per index of the report, in its order: (before, after).
    pub indices: Vec<(Option<f64>, Option<f64>)>,
}

/// One region's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionReport {
    pub code: String,
    pub name: String,
    pub county_code: Option<String>,
    pub county_name: Option<String>,
    /// The layer's rows of the region.
    #[serde(skip)]
    pub rows: Vec<usize>,
    pub areas: usize,
    /// Areas of the region left out of the indices for a missing group or total.
    pub left_out: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub indices: Vec<IndexRow>,
    pub split: Option<Split>,
    pub years: Vec<YearRow>,
    /// The plans that add persons in the region (empty without plans).
    pub plans: Vec<PlanRow>,
    /// Its place in the country's segregation within the regions (when the country's areas are
    /// known: the layer covers Sweden, or a national table).
    pub national: Option<NationalShare>,
}

/// A region's place in the country: Theil's M of the group against the rest split over the
/// country's regions ([`crate::analysis::levels`]), its own M between its areas, and its share
/// of all the segregation within the regions, ranked (1 = carries the most).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalShare {
    pub rank: usize,
    /// Regions ranked.
    pub of: usize,
    /// Its share of the country's segregation within the regions (0–1).
    pub share: f64,
    /// Its own M between its areas.
    pub m: f64,
    /// Its share of the country's population (0–1).
    pub population_share: f64,
    /// The country's M and the part of it within the regions.
    pub country_m: f64,
    pub within: f64,
}

/// Where the country's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Country {
    /// The layer covers every county.
    Layer,
    /// A national table of areas (aspatial values only).
    National,
    /// Not available.
    None,
}

/// Reports for every region asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub group: String,
    pub total: String,
    pub group_label: String,
    pub total_label: String,
    pub indices: Vec<&'static str>,
    /// The variable the title page's map shows, and whether it is SCB's area types.
    pub map_variable: String,
    pub area_types: bool,
    pub country: Country,
    /// Areas in the national table (when it gave the country's values).
    pub national_areas: Option<usize>,
    pub regions: Vec<RegionReport>,
    /// Every layer row of each county of the reported regions (for the locator inset).
    #[serde(skip)]
    pub county_rows: std::collections::BTreeMap<String, Vec<usize>>,
}
mod build;
mod fields;

pub use build::build;
pub use fields::{area_type_column, name_field, readable, share_expr};

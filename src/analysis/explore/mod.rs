//! The numbers of the exploratory views — histogram, box plot, scatter plot, parallel
//! coordinates and the bivariate map — defined once for the screen, the exported figure and
//! `segatlas chart`. Every function keeps the areas' rows, so that a brushed bar, box, point or
//! axis range selects areas, and leaves missing values out and counts them.

mod bivariate;
mod boxplot;
mod histogram;
mod parallel;
mod scatter;
#[cfg(test)]
mod tests;

pub use bivariate::{bivariate, Bivariate, BivariatePalette, BIVARIATE_PALETTES};
pub use boxplot::{box_plot, BoxStats};
pub use histogram::{histogram, histogram_by_classes, Histogram};
pub use parallel::{parallel, Parallel};
pub use scatter::{fit, fit_rows, scatter_pairs, Fit};

/// The chart kinds, as the CLI and projects name them.
pub const KINDS: [&str; 4] = ["histogram", "boxplot", "scatter", "parallel"];

/// The non-missing, finite values with their rows.
pub(crate) fn present(values: &[Option<f64>]) -> Vec<(usize, f64)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i, v)))
        .collect()
}

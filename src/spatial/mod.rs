//! Who neighbours whom: spatial weights built on an R*-tree (rstar) from the projected working
//! geometry — contiguity (queen, rook, shared boundary length) tested geometrically with a
//! tolerance, k nearest neighbours, distance bands and kernels on centroids — in one compressed
//! sparse row structure ([`weights::Weights`]) that every measure uses; population-scale
//! neighbourhoods; and GeoDa/PySAL weights files.
//!
//! Nothing here knows about the user interface.

pub mod contiguity;
pub mod dissolve;
pub mod files;
pub mod neighbourhoods;
pub mod points;
pub mod weights;

use crate::data::crs::Crs;
use crate::data::Layer;
use crate::error::{Error, Result};
use weights::Weights;

/// The kinds of weights, as the CLI and the app name them.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightsSpec {
    Queen,
    Rook,
    /// Shared boundary length.
    Boundary,
    Knn(usize),
    /// Distance band in the working CRS's units; inverse-distance power when given.
    Band(f64, Option<f64>),
    Kernel {
        function: points::Kernel,
        k: usize,
        adaptive: bool,
    },
}

impl WeightsSpec {
    /// `queen`, `rook`, `boundary`, `knn:K`, `band:METRES[:ALPHA]`, `kernel:FUNCTION:K[:adaptive]`.
    pub fn parse(text: &str) -> Result<WeightsSpec> {
        let parts: Vec<&str> = text.split(':').collect();
        let num = |s: Option<&&str>, what: &str| -> Result<f64> {
            s.and_then(|s| s.trim().parse::<f64>().ok())
                .ok_or_else(|| Error::input(format!("'{text}': {what} must be a number")))
        };
        Ok(match parts[0] {
            "queen" => WeightsSpec::Queen,
            "rook" => WeightsSpec::Rook,
            "boundary" => WeightsSpec::Boundary,
            "knn" => WeightsSpec::Knn(num(parts.get(1), "k")? as usize),
            "band" => WeightsSpec::Band(
                num(parts.get(1), "the distance")?,
                parts.get(2).map(|_| num(parts.get(2), "the power")).transpose()?,
            ),
            "kernel" => {
                let function = parts
                    .get(1)
                    .and_then(|f| points::Kernel::from_name(f))
                    .ok_or_else(|| Error::input(format!(
                        "'{text}': the kernel must be triangular, uniform, quadratic, quartic or gaussian"
                    )))?;
                WeightsSpec::Kernel {
                    function,
                    k: parts.get(2).map_or(Ok(2.0), |_| num(parts.get(2), "k"))? as usize,
                    adaptive: parts.get(3) == Some(&"adaptive"),
                }
            }
            other => {
                return Err(Error::input(format!(
                    "unknown weights '{other}' (queen, rook, boundary, knn:K, band:METRES, kernel:FUNCTION:K[:adaptive])"
                )))
            }
        })
    }
}

/// The default snapping tolerance for contiguity: 0 for planar data (coordinates as they are),
/// and 25 m for projected data, which bridges the slivers and overlaps left by simplified
/// boundaries such as SCB's DeSO as published on the web, while streets and water that
/// truly separate areas are wider.
pub fn default_tolerance(layer: &Layer) -> f64 {
    match layer.working_crs {
        Crs::Planar => 0.0,
        Crs::Epsg(_) => 25.0,
    }
}

/// Build weights for a layer from its projected geometry.
pub fn build(layer: &Layer, spec: &WeightsSpec, tolerance: f64) -> Result<Weights> {
    build_for(&layer.projected, spec, tolerance)
}

/// Build weights for projected areas.
pub fn build_for(
    g: &[geo::MultiPolygon<f64>],
    spec: &WeightsSpec,
    tolerance: f64,
) -> Result<Weights> {
    Ok(match spec {
        WeightsSpec::Queen => contiguity::queen(g, tolerance),
        WeightsSpec::Rook => contiguity::rook(g, tolerance),
        WeightsSpec::Boundary => contiguity::boundary_length(g, tolerance),
        WeightsSpec::Knn(k) => points::knn(&points::centroids(g), *k)?,
        WeightsSpec::Band(d, alpha) => points::distance_band(&points::centroids(g), *d, *alpha)?,
        WeightsSpec::Kernel {
            function,
            k,
            adaptive,
        } => points::kernel(&points::centroids(g), *k, *function, !adaptive)?.0,
    })
}

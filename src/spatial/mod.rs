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
pub mod overlay;
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
    /// A GeoDa/PySAL weights file (`.gal`, `.gwt`) whose units are the layer's areas in order.
    File(std::path::PathBuf),
}

impl WeightsSpec {
    /// `queen`, `rook`, `boundary`, `knn:K`, `band:METRES[:ALPHA]`, `kernel:FUNCTION:K[:adaptive]`.
    pub fn parse(text: &str) -> Result<WeightsSpec> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.ends_with(".gal") || lower.ends_with(".gwt") {
            return Ok(WeightsSpec::File(text.trim().into()));
        }
        let parts: Vec<&str> = text.split(':').collect();
        // A positive, finite number: distances, powers.
        let positive = |s: Option<&&str>, what: &str| -> Result<f64> {
            s.and_then(|s| s.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v > 0.0)
                .ok_or_else(|| Error::input(format!("'{text}': {what} must be a positive number")))
        };
        // A whole number of neighbours, at least 1 (2.7 is refused, not truncated).
        let count = |s: Option<&&str>| -> Result<usize> {
            s.and_then(|s| s.trim().parse::<usize>().ok())
                .filter(|k| *k >= 1)
                .ok_or_else(|| {
                    Error::input(format!("'{text}': k must be a whole number of at least 1"))
                })
        };
        let too_many = |n: usize| {
            if parts.len() > n {
                Err(Error::input(format!("'{text}': too many parts")))
            } else {
                Ok(())
            }
        };
        Ok(match parts[0] {
            "queen" | "rook" | "boundary" => {
                too_many(1)?;
                match parts[0] {
                    "queen" => WeightsSpec::Queen,
                    "rook" => WeightsSpec::Rook,
                    _ => WeightsSpec::Boundary,
                }
            }
            "knn" => {
                too_many(2)?;
                WeightsSpec::Knn(count(parts.get(1))?)
            }
            "band" => {
                too_many(3)?;
                WeightsSpec::Band(
                    positive(parts.get(1), "the distance")?,
                    parts
                        .get(2)
                        .map(|_| positive(parts.get(2), "the power"))
                        .transpose()?,
                )
            }
            "kernel" => {
                too_many(4)?;
                let function = parts
                    .get(1)
                    .and_then(|f| points::Kernel::from_name(f))
                    .ok_or_else(|| Error::input(format!(
                        "'{text}': the kernel must be triangular, uniform, quadratic, quartic or gaussian"
                    )))?;
                let adaptive = match parts.get(3) {
                    None => false,
                    Some(&"adaptive") => true,
                    Some(other) => {
                        return Err(Error::input(format!(
                            "'{text}': '{other}' is not 'adaptive'"
                        )))
                    }
                };
                WeightsSpec::Kernel {
                    function,
                    k: parts.get(2).map_or(Ok(2), |_| count(parts.get(2)))?,
                    adaptive,
                }
            }
            other => {
                return Err(Error::input(format!(
                    "unknown weights '{other}' (queen, rook, boundary, knn:K, band:METRES, kernel:FUNCTION:K[:adaptive], or a FILE.gal/.gwt)"
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
    if let WeightsSpec::File(path) = spec {
        return files::read_for_layer(path, &layer.table);
    }
    build_for(&layer.projected, spec, tolerance)
}

/// Weights among the areas `rows` of a layer (in that order): built on their geometry, or a
/// weights file of the whole layer narrowed to them.
pub fn build_rows(
    layer: &Layer,
    rows: &[usize],
    spec: &WeightsSpec,
    tolerance: f64,
) -> Result<Weights> {
    match spec {
        WeightsSpec::File(path) => Ok(files::read_for_layer(path, &layer.table)?.subset(rows)),
        _ => {
            // Every area in the layer's order: its own geometries, uncopied (every area in
            // another order is copied in that order).
            let in_order = rows.iter().enumerate().all(|(k, &r)| k == r);
            let g: std::borrow::Cow<[geo::MultiPolygon<f64>]> =
                if rows.len() == layer.len() && in_order {
                    std::borrow::Cow::Borrowed(&layer.projected)
                } else {
                    rows.iter().map(|&r| layer.projected[r].clone()).collect()
                };
            // Named by their feature numbers before build_for would name them by place.
            let contiguity = matches!(
                spec,
                WeightsSpec::Queen | WeightsSpec::Rook | WeightsSpec::Boundary
            );
            if let Some(e) = stacked(&g, |k| rows[k]).filter(|_| contiguity) {
                return Err(e);
            }
            build_checked(&g, spec, tolerance)
        }
    }
}

/// Contiguity among copies of one outline is meaningless (each copy touches every other: 5,000
/// stacked squares made 25 million links): the first two areas with the same outline, as an
/// error naming them (`row` gives an area's feature number from its place, from 0).
fn stacked(g: &[geo::MultiPolygon<f64>], row: impl Fn(usize) -> usize) -> Option<Error> {
    use std::collections::HashMap;
    let mut seen: HashMap<u64, usize> = HashMap::with_capacity(g.len());
    // A multiply-rotate hash of the outline's coordinates (FxHash's): equal outlines are then
    // compared whole, so a collision costs a comparison, never a wrong answer.
    let key = |m: &geo::MultiPolygon<f64>| {
        let mut h = 0u64;
        for p in &m.0 {
            for c in &p.exterior().0 {
                for v in [c.x.to_bits(), c.y.to_bits()] {
                    h = (h.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
                }
            }
        }
        h
    };
    // The hashes on the pool (they read every vertex); the map is small.
    let keys = crate::work::parallel_over(g, key);
    for (i, (m, &k)) in g.iter().zip(&keys).enumerate() {
        if m.0.is_empty() {
            continue;
        }
        if let Some(&j) = seen.get(&k) {
            if g[j] == *m {
                let copies = g.iter().filter(|o| *o == m).count();
                return Some(Error::input(format!(
                    "features {} and {} have the same outline ({copies} copies in all): neighbours among stacked copies of an area mean nothing; remove the duplicates",
                    row(j) + 1,
                    row(i) + 1
                )));
            }
        }
        seen.insert(k, i);
    }
    None
}

/// Build weights for projected areas.
pub fn build_for(
    g: &[geo::MultiPolygon<f64>],
    spec: &WeightsSpec,
    tolerance: f64,
) -> Result<Weights> {
    if matches!(
        spec,
        WeightsSpec::Queen | WeightsSpec::Rook | WeightsSpec::Boundary
    ) {
        if let Some(e) = stacked(g, |k| k) {
            return Err(e);
        }
    }
    build_checked(g, spec, tolerance)
}

/// [`build_for`] on areas already checked for stacked copies.
fn build_checked(
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
        // A file's ids are matched to a layer's codes: only [`build`] and [`build_rows`] can.
        WeightsSpec::File(path) => {
            return Err(Error::in_file(
                path,
                "a weights file is read for a layer (its ids are matched to the layer's codes)",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_on_every_area_in_another_order_follow_that_order() {
        // The draws of a suppressed count put the filled areas after the complete ones: all the
        // layer's areas, not in its order. Their weights were once the layer's own, misaligned.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/peers/columbus.geojson");
        let layer = crate::data::open_layer(&path).unwrap();
        let n = layer.len();
        let rows: Vec<usize> = (1..n).chain([0]).collect();
        let full = build(&layer, &WeightsSpec::Queen, 0.0).unwrap();
        let moved = build_rows(&layer, &rows, &WeightsSpec::Queen, 0.0).unwrap();
        for (k, &r) in rows.iter().enumerate() {
            let mut got: Vec<usize> = moved
                .neighbors_of(k)
                .iter()
                .map(|&j| rows[j as usize])
                .collect();
            got.sort_unstable();
            let want: Vec<usize> = full.neighbors_of(r).iter().map(|&j| j as usize).collect();
            assert_eq!(got, want, "area {r}");
        }
    }

    #[test]
    fn weights_specs_are_checked_not_truncated() {
        assert_eq!(WeightsSpec::parse("knn:8").unwrap(), WeightsSpec::Knn(8));
        assert_eq!(
            WeightsSpec::parse("band:5000:2").unwrap(),
            WeightsSpec::Band(5000.0, Some(2.0))
        );
        for bad in [
            "knn:2.7",
            "knn:0",
            "knn:-1",
            "knn",
            "band:-5",
            "band:NaN",
            "band:5000:NaN",
            "band:inf",
            "kernel:triangular:0",
            "kernel:epanechnikov:5",
            "kernel:triangular:5:sideways",
            "queen:2",
            "knn:4:5",
        ] {
            let e = WeightsSpec::parse(bad).unwrap_err();
            assert!(e.message.contains(bad), "{bad}: {e}");
        }
    }
}

//! Weights from distances between points (area centroids in the working CRS): k nearest
//! neighbours, distance bands (binary or inverse distance) and kernels, with libpysal's semantics.

use super::weights::Weights;
use crate::error::{Error, Result};
use geo::{Centroid, MultiPolygon};
use rstar::primitives::GeomWithData;
use rstar::RTree;

type Indexed = GeomWithData<[f64; 2], u32>;

/// Centroids of areas (an empty area gets NaN and no neighbours).
pub fn centroids(geoms: &[MultiPolygon<f64>]) -> Vec<[f64; 2]> {
    geoms
        .iter()
        .map(|g| {
            g.centroid()
                .map_or([f64::NAN, f64::NAN], |c| [c.x(), c.y()])
        })
        .collect()
}

fn tree(points: &[[f64; 2]]) -> RTree<Indexed> {
    RTree::bulk_load(
        points
            .iter()
            .enumerate()
            .filter(|(_, p)| p[0].is_finite() && p[1].is_finite())
            .map(|(i, p)| GeomWithData::new(*p, i as u32))
            .collect(),
    )
}

/// The `k` nearest points of every point (itself excluded), nearest first; ties by index.
pub fn nearest(points: &[[f64; 2]], k: usize) -> Vec<Vec<(u32, f64)>> {
    if k == 0 {
        return vec![Vec::new(); points.len()];
    }
    let t = tree(points);
    in_spatial_order(points, |i, p| {
        if !p[0].is_finite() {
            return Vec::new();
        }
        // Every candidate up to the k-th distance, ties at it included, then the k nearest
        // with ties broken by the lower unit number (as libpysal's KD-tree gives them):
        // the tree's own order among equal distances is arbitrary.
        let mut out: Vec<(u32, f64)> = Vec::with_capacity(k + 4);
        for (q, d2) in t.nearest_neighbor_iter_with_distance_2(p) {
            if q.data as usize == i {
                continue;
            }
            if out.len() >= k && d2 > out[k - 1].1 {
                break;
            }
            out.push((q.data, d2));
        }
        out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        out.truncate(k);
        out.into_iter().map(|(j, d2)| (j, d2.sqrt())).collect()
    })
}

/// `query(i, point)` for every point, on the thread pool, the points visited in the order of a
/// Z-order curve (neighbouring queries read neighbouring parts of the tree, so the cache is
/// warm; file order is spatially random), the answers given back in the points' order. The
/// answers depend only on the point, never on the order or the number of threads.
fn in_spatial_order<T: Send + Default>(
    points: &[[f64; 2]],
    query: impl Fn(usize, &[f64; 2]) -> T + Sync + Send,
) -> Vec<T> {
    let finite = points
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite());
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in finite {
        for d in 0..2 {
            lo[d] = lo[d].min(p[d]);
            hi[d] = hi[d].max(p[d]);
        }
    }
    let cell = |p: &[f64; 2], d: usize| -> u32 {
        let span = hi[d] - lo[d];
        if span.is_nan() || span <= 0.0 || !p[d].is_finite() {
            return 0;
        }
        (((p[d] - lo[d]) / span) * 65_535.0) as u32
    };
    // Interleave the bits of the two 16-bit cells (Morton code).
    let spread = |mut v: u64| {
        v &= 0xffff;
        v = (v | (v << 8)) & 0x00ff_00ff;
        v = (v | (v << 4)) & 0x0f0f_0f0f;
        v = (v | (v << 2)) & 0x3333_3333;
        (v | (v << 1)) & 0x5555_5555
    };
    let mut order: Vec<(u64, u32)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let code = spread(u64::from(cell(p, 0))) | (spread(u64::from(cell(p, 1))) << 1);
            (code, i as u32)
        })
        .collect();
    order.sort_unstable();
    let answers = crate::work::parallel(order.len(), |k| {
        let i = order[k].1 as usize;
        query(i, &points[i])
    });
    let mut out: Vec<T> = Vec::with_capacity(points.len());
    out.resize_with(points.len(), T::default);
    for ((_, i), a) in order.iter().zip(answers) {
        out[*i as usize] = a;
    }
    out
}

/// KNN weights, binary.
pub fn knn(points: &[[f64; 2]], k: usize) -> Result<Weights> {
    if points.len() < 2 {
        return Err(Error::input(format!(
            "{} area{} no neighbours to find: k nearest neighbours need at least two areas",
            points.len(),
            if points.len() == 1 { " has" } else { "s have" }
        )));
    }
    if k == 0 || k >= points.len() {
        return Err(Error::input(format!(
            "k must be between 1 and {} (the number of units minus one), not {k}",
            points.len().saturating_sub(1)
        )));
    }
    Ok(Weights::from_lists(
        nearest(points, k)
            .into_iter()
            .map(|l| l.into_iter().map(|(j, _)| (j, 1.0)).collect())
            .collect(),
    ))
}

/// Distance band: neighbours within `threshold`; binary, or `d^-alpha` when `alpha` is given.
pub fn distance_band(points: &[[f64; 2]], threshold: f64, alpha: Option<f64>) -> Result<Weights> {
    if threshold.is_nan() || threshold <= 0.0 {
        return Err(Error::input(format!(
            "the distance band must be positive, not {threshold}"
        )));
    }
    let t = tree(points);
    let lists = in_spatial_order(points, |i, p| {
        if !p[0].is_finite() {
            return Vec::new();
        }
        t.locate_within_distance(*p, threshold * threshold)
            .filter(|q| q.data as usize != i)
            .map(|q| {
                let d = ((q.geom()[0] - p[0]).powi(2) + (q.geom()[1] - p[1]).powi(2)).sqrt();
                (q.data, alpha.map_or(1.0, |a| d.powf(-a)))
            })
            .collect()
    });
    Ok(Weights::from_lists(lists))
}

/// The kernel functions of libpysal (Anselin and Rey 2010, table 5.4), of z = d / bandwidth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    Triangular,
    Uniform,
    Quadratic,
    Quartic,
    Gaussian,
}

impl Kernel {
    pub fn from_name(name: &str) -> Option<Kernel> {
        Some(match name {
            "triangular" => Kernel::Triangular,
            "uniform" => Kernel::Uniform,
            "quadratic" => Kernel::Quadratic,
            "quartic" => Kernel::Quartic,
            "gaussian" => Kernel::Gaussian,
            _ => return None,
        })
    }

    pub fn eval(self, z: f64) -> f64 {
        match self {
            Kernel::Triangular => 1.0 - z,
            Kernel::Uniform => 0.5,
            Kernel::Quadratic => 0.75 * (1.0 - z * z),
            Kernel::Quartic => 15.0 / 16.0 * (1.0 - z * z).powi(2),
            Kernel::Gaussian => (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt(),
        }
    }
}

/// libpysal's widening of bandwidths so that the k-th neighbour falls inside.
const EPS: f64 = 1.000_000_1;

/// Kernel weights with libpysal's `Kernel(k, function, fixed)` semantics: the bandwidth is the
/// distance to the k-th nearest neighbour × 1.0000001 — the largest over all units when fixed
/// (neighbours: every point within it), each unit's own when adaptive (neighbours: its k nearest).
/// Each unit is its own neighbour, with weight K(0).
pub fn kernel(
    points: &[[f64; 2]],
    k: usize,
    function: Kernel,
    fixed: bool,
) -> Result<(Weights, Vec<f64>)> {
    if k == 0 || k >= points.len() {
        return Err(Error::input(format!(
            "kernel k must be between 1 and {}, not {k}",
            points.len().saturating_sub(1)
        )));
    }
    let near = nearest(points, k);
    let local: Vec<f64> = near
        .iter()
        .map(|l| l.last().map_or(0.0, |x| x.1) * EPS)
        .collect();
    let bandwidths = if fixed {
        let h = local.iter().copied().fold(0.0, f64::max);
        vec![h; points.len()]
    } else {
        local
    };
    let t = tree(points);
    let lists = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let h = bandwidths[i];
            let mut row: Vec<(u32, f64)> = vec![(i as u32, function.eval(0.0))];
            if fixed {
                for q in t.locate_within_distance(*p, h * h) {
                    if q.data as usize != i {
                        let d =
                            ((q.geom()[0] - p[0]).powi(2) + (q.geom()[1] - p[1]).powi(2)).sqrt();
                        row.push((q.data, function.eval(d / h)));
                    }
                }
            } else {
                row.extend(near[i].iter().map(|&(j, d)| (j, function.eval(d / h))));
            }
            row
        })
        .collect();
    Ok((Weights::from_lists(lists), bandwidths))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The points of libpysal's Kernel docstring.
    const POINTS: [[f64; 2]; 6] = [
        [10.0, 10.0],
        [20.0, 10.0],
        [40.0, 10.0],
        [15.0, 20.0],
        [30.0, 20.0],
        [30.0, 30.0],
    ];

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-9, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn kernel_matches_libpysal_documented_values() {
        let (w, h) = kernel(&POINTS, 2, Kernel::Triangular, true).unwrap();
        assert!((h[0] - 20.000002).abs() < 1e-9);
        assert_eq!(w.neighbors_of(0), &[0, 1, 3]);
        close(
            w.weights_of(0),
            &[1.0, 0.500000049999995, 0.4409830615267465],
        );
        let (w, h) = kernel(&POINTS, 2, Kernel::Triangular, false).unwrap();
        // The docstring prints bandwidths to 8 decimals.
        let documented = [
            11.18034101,
            11.18034101,
            20.000002,
            11.18034101,
            14.14213704,
            18.02775818,
        ];
        for (a, b) in h.iter().zip(documented) {
            assert!((a - b).abs() < 1e-7, "{h:?}");
        }
        assert_eq!(w.neighbors_of(0), &[0, 1, 3]);
        close(
            w.weights_of(0),
            &[1.0, 0.10557289844279438, 9.99999900663795e-08],
        );
        let (w, _) = kernel(&POINTS, 2, Kernel::Gaussian, false).unwrap();
        close(
            w.weights_of(0),
            &[0.3989422804014327, 0.2674190291577696, 0.2419707487162134],
        );
        let (w, _) = kernel(&POINTS, 2, Kernel::Gaussian, true).unwrap();
        close(
            w.weights_of(0),
            &[0.3989422804014327, 0.35206533556593145, 0.3412334260702758],
        );
        close(
            w.weights_of(2),
            &[0.2419707487162134, 0.3989422804014327, 0.31069657591175387],
        );
    }

    #[test]
    fn knn_and_band_by_hand() {
        let e = knn(&POINTS[..1], 1).unwrap_err();
        assert!(e.message.contains("need at least two areas"), "{e}");
        let w = knn(&POINTS, 2).unwrap();
        assert_eq!(w.neighbors_of(0), &[1, 3]);
        let b = distance_band(&POINTS, 10.0, None).unwrap();
        assert_eq!(b.neighbors_of(0), &[1]);
        let inv = distance_band(&POINTS, 10.0, Some(1.0)).unwrap();
        close(inv.weights_of(0), &[0.1]);
        assert!(knn(&POINTS, 6).is_err());
        assert!(distance_band(&POINTS, 0.0, None).is_err());
    }
}

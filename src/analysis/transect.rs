//! Transects: the areas a polyline crosses, in order along it, with where each crossing begins
//! and ends (metres from the line's start). Candidates come from an R*-tree of the areas'
//! bounding boxes; each candidate's polygon clips the line exactly. Pieces of one area closer
//! than a metre are merged, and crossings shorter than `min_length` (slivers where neighbours
//! overlap) are dropped.

use crate::data::crs::{Crs, Projector};
use crate::error::{Error, Result};
use geo::{BooleanOps, Coord, LineString, MultiLineString, MultiPolygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

/// One crossing of an area.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossing {
    pub row: usize,
    pub from_m: f64,
    pub to_m: f64,
}

/// Parse `"x y, x y, …"` (or `x,y; x,y`) into points.
pub fn parse_line(text: &str) -> Result<Vec<[f64; 2]>> {
    let groups: Vec<&str> = if text.contains(';') {
        text.split(';').collect()
    } else {
        text.split(',').collect()
    };
    let mut out = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let nums: Vec<&str> = g
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .collect();
        let parsed: Option<Vec<f64>> = nums.iter().map(|s| s.parse().ok()).collect();
        match parsed.as_deref() {
            Some([x, y]) => out.push([*x, *y]),
            _ => {
                return Err(Error::input(format!(
                    "point {} of the line, '{}', is not two numbers 'x y'",
                    i + 1,
                    g.trim()
                )))
            }
        }
    }
    if out.len() < 2 {
        return Err(Error::input("a line needs at least two points"));
    }
    Ok(out)
}

/// Project a line's points from one CRS to another.
pub fn project_line(points: &[[f64; 2]], from: &Crs, to: &Crs) -> Result<Vec<[f64; 2]>> {
    let p = Projector::new(*from, *to)?;
    points
        .iter()
        .enumerate()
        .map(|(i, [x, y])| {
            p.project(*x, *y).map(|(a, b)| [a, b]).ok_or_else(|| {
                Error::input(format!(
                    "point {} of the line ({x} {y}) cannot be projected",
                    i + 1
                ))
            })
        })
        .collect()
}

/// Cumulative distances along a line.
struct Measure<'a> {
    points: &'a [[f64; 2]],
    cum: Vec<f64>,
}

impl<'a> Measure<'a> {
    fn new(points: &'a [[f64; 2]]) -> Self {
        let mut cum = vec![0.0];
        for w in points.windows(2) {
            let d = ((w[1][0] - w[0][0]).powi(2) + (w[1][1] - w[0][1]).powi(2)).sqrt();
            cum.push(cum.last().copied().unwrap_or(0.0) + d);
        }
        Measure { points, cum }
    }

    fn length(&self) -> f64 {
        self.cum.last().copied().unwrap_or(0.0)
    }

    /// Distance along the line of the point on it nearest to `p`.
    fn at(&self, p: Coord<f64>) -> f64 {
        let mut best = (f64::INFINITY, 0.0);
        for (i, w) in self.points.windows(2).enumerate() {
            let (dx, dy) = (w[1][0] - w[0][0], w[1][1] - w[0][1]);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((p.x - w[0][0]) * dx + (p.y - w[0][1]) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (qx, qy) = (w[0][0] + t * dx, w[0][1] + t * dy);
            let d = (p.x - qx).powi(2) + (p.y - qy).powi(2);
            if d < best.0 {
                best = (d, self.cum[i] + t * len2.sqrt());
            }
        }
        best.1
    }
}

/// The areas `line` crosses, in order along it.
pub fn crossings(areas: &[MultiPolygon<f64>], line: &[[f64; 2]], min_length: f64) -> Vec<Crossing> {
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = areas
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let b = crate::data::layer::bbox_of(std::slice::from_ref(g))?;
            Some(GeomWithData::new(
                Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]),
                i,
            ))
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    let mut candidates: Vec<usize> = line
        .windows(2)
        .flat_map(|w| {
            let env = AABB::from_corners(w[0], w[1]);
            tree.locate_in_envelope_intersecting(&env)
                .map(|g| g.data)
                .collect::<Vec<_>>()
        })
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let measure = Measure::new(line);
    let mls = MultiLineString::new(vec![LineString::from(
        line.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>(),
    )]);
    let mut out = Vec::new();
    for row in candidates {
        let clipped = areas[row].clip(&mls, false);
        let mut pieces: Vec<(f64, f64)> = clipped
            .0
            .iter()
            .filter_map(|ls| {
                let (a, b) = (ls.0.first()?, ls.0.last()?);
                let (x, y) = (measure.at(*a), measure.at(*b));
                Some((x.min(y), x.max(y)))
            })
            .collect();
        pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for p in pieces {
            match merged.last_mut() {
                Some(last) if p.0 <= last.1 + 1.0 => last.1 = last.1.max(p.1),
                _ => merged.push(p),
            }
        }
        out.extend(
            merged
                .into_iter()
                .filter(|(a, b)| b - a >= min_length)
                .map(|(from_m, to_m)| Crossing { row, from_m, to_m }),
        );
    }
    out.sort_by(|a, b| {
        a.from_m
            .total_cmp(&b.from_m)
            .then(a.to_m.total_cmp(&b.to_m))
    });
    out
}

/// The line's length.
pub fn length(line: &[[f64; 2]]) -> f64 {
    Measure::new(line).length()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![
            (x: x, y: 0.0), (x: x + 10.0, y: 0.0), (x: x + 10.0, y: 10.0), (x: x, y: 10.0)
        ]])
    }

    #[test]
    fn crossings_in_order_along_the_line() {
        // Three squares side by side, given out of order; the line runs right to left.
        let areas = vec![square(10.0), square(20.0), square(0.0)];
        let line = [[25.0, 5.0], [5.0, 5.0]];
        let c = crossings(&areas, &line, 0.5);
        let rows: Vec<usize> = c.iter().map(|c| c.row).collect();
        assert_eq!(rows, vec![1, 0, 2]);
        assert!((c[0].from_m - 0.0).abs() < 1e-9 && (c[0].to_m - 5.0).abs() < 1e-9);
        assert!((c[1].from_m - 5.0).abs() < 1e-9 && (c[1].to_m - 15.0).abs() < 1e-9);
        assert!((c[2].to_m - 20.0).abs() < 1e-9);
        assert!((length(&line) - 20.0).abs() < 1e-12);
    }

    #[test]
    fn an_area_left_and_entered_again_is_listed_twice() {
        // A U-shaped line that leaves square 0 into square 1 and comes back.
        let areas = vec![square(0.0), square(10.0)];
        let line = [[5.0, 2.0], [15.0, 2.0], [15.0, 8.0], [5.0, 8.0]];
        let c = crossings(&areas, &line, 0.5);
        let rows: Vec<usize> = c.iter().map(|c| c.row).collect();
        assert_eq!(rows, vec![0, 1, 0]);
        assert!((c[1].to_m - c[1].from_m - 16.0).abs() < 1e-9);
    }

    #[test]
    fn lines_parse_in_both_notations() {
        assert_eq!(
            parse_line("18.03 59.39, 17.81 59.24").unwrap(),
            vec![[18.03, 59.39], [17.81, 59.24]]
        );
        assert_eq!(
            parse_line("1,2; 3,4").unwrap(),
            vec![[1.0, 2.0], [3.0, 4.0]]
        );
        let e = parse_line("1 2, 3").unwrap_err();
        assert!(e.message.contains("point 2"), "{e}");
    }
}

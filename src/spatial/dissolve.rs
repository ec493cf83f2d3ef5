//! Dissolving areas into regions: the union of each region's polygons, so that the
//! boundaries between its areas disappear while its holes and islands (an archipelago's
//! skerries, an enclave) stay. Per-region results are drawn on these polygons.
//!
//! A hole that no area covers is a gap between simplified neighbours (SCB's boundaries as
//! most files carry them), not a hole in the region: it is filled. A hole that another area
//! covers (a region enclosed by this one) is kept.

use geo::orient::{Direction, Orient};
use geo::{unary_union, BoundingRect, InteriorPoint, Intersects, MultiPolygon, Polygon, Rect};

/// The union of each group's geometries (groups list indices into `geoms`).
pub fn dissolve(geoms: &[MultiPolygon<f64>], groups: &[Vec<usize>]) -> Vec<MultiPolygon<f64>> {
    let boxes: Vec<Option<Rect<f64>>> = geoms.iter().map(|g| g.bounding_rect()).collect();
    let covered = |p: geo::Point<f64>| {
        geoms
            .iter()
            .zip(&boxes)
            .any(|(g, b)| b.is_some_and(|b| b.intersects(&p)) && g.intersects(&p))
    };
    groups
        .iter()
        .map(|rows| {
            // unary_union reads the winding of the first ring: give every ring the same.
            let polys: Vec<Polygon<f64>> = rows
                .iter()
                .filter_map(|&r| geoms.get(r))
                .flat_map(|mp| mp.0.iter())
                .filter(|p| p.exterior().0.len() >= 4)
                .map(|p| p.orient(Direction::Default))
                .collect();
            without_gaps(unary_union(&polys), &covered)
        })
        .collect()
}

/// The polygons with the holes that no area covers filled.
fn without_gaps(
    mp: MultiPolygon<f64>,
    covered: &dyn Fn(geo::Point<f64>) -> bool,
) -> MultiPolygon<f64> {
    MultiPolygon::new(
        mp.0.into_iter()
            .map(|p| {
                let (ext, holes) = p.into_inner();
                let holes = holes
                    .into_iter()
                    .filter(|h| {
                        Polygon::new(h.clone(), vec![])
                            .interior_point()
                            .is_some_and(covered)
                    })
                    .collect();
                Polygon::new(ext, holes)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Area};

    #[test]
    fn shared_boundaries_go_islands_and_holes_stay() {
        // Two unit squares side by side (one wound clockwise), a separate island, and a ring
        // of four rectangles around a 1×1 hole.
        let a = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 1.)];
        let b = polygon![(x: 1., y: 0.), (x: 1., y: 1.), (x: 2., y: 1.), (x: 2., y: 0.)];
        let island = polygon![(x: 5., y: 5.), (x: 6., y: 5.), (x: 6., y: 6.), (x: 5., y: 6.)];
        let ring = [
            polygon![(x: 10., y: 0.), (x: 13., y: 0.), (x: 13., y: 1.), (x: 10., y: 1.)],
            polygon![(x: 10., y: 2.), (x: 13., y: 2.), (x: 13., y: 3.), (x: 10., y: 3.)],
            polygon![(x: 10., y: 1.), (x: 11., y: 1.), (x: 11., y: 2.), (x: 10., y: 2.)],
            polygon![(x: 12., y: 1.), (x: 13., y: 1.), (x: 13., y: 2.), (x: 12., y: 2.)],
        ];
        let mut geoms: Vec<MultiPolygon<f64>> = vec![a.into(), b.into(), island.into()];
        geoms.extend(ring.iter().cloned().map(MultiPolygon::from));
        // The enclave in the ring's hole is an area of a third region.
        let enclave = polygon![(x: 11., y: 1.), (x: 12., y: 1.), (x: 12., y: 2.), (x: 11., y: 2.)];
        geoms.push(enclave.into());
        let out = dissolve(&geoms, &[vec![0, 1, 2], vec![3, 4, 5, 6], vec![7]]);
        assert_eq!(out[0].0.len(), 2, "the pair merges, the island stays apart");
        assert!((out[0].unsigned_area() - 3.0).abs() < 1e-9);
        let merged = out[0].0.iter().find(|p| p.unsigned_area() > 1.5).unwrap();
        assert_eq!(
            merged.exterior().0.len(),
            5,
            "no vertex left of the shared edge: {merged:?}"
        );
        assert_eq!(out[1].0.len(), 1);
        assert_eq!(
            out[1].0[0].interiors().len(),
            1,
            "the enclave's hole is kept"
        );
        assert!((out[1].unsigned_area() - 8.0).abs() < 1e-9);
        // Without the enclave the same hole is a gap between neighbours: filled.
        let out = dissolve(&geoms[..7], &[vec![3, 4, 5, 6]]);
        assert_eq!(out[0].0[0].interiors().len(), 0, "the gap is filled");
        assert!((out[0].unsigned_area() - 9.0).abs() < 1e-9);
    }
}

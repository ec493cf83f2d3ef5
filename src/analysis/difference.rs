//! Did an index change? Two samples — two years or groups on one layer, two regions, or two
//! layers — compared by a two-sample test (`random-label` or `composition`) with the Shapley
//! split of the difference into a spatial and an attribute part: the engine behind `segatlas
//! difference` and the app's *Förändrades det?* view.

use crate::data::subset::{Missing, Subset};
use crate::data::{expr::Expr, Layer, Table};
use crate::error::{Error, Result};
use crate::measures::segregation::inference::{self, TwoSample};
use crate::measures::segregation::places::{evaluate, Places};
use crate::measures::segregation::{measure, Compute, Measure};

/// One sample: where and whose.
pub struct Sample<'a> {
    pub layer: &'a Layer,
    pub table: &'a Table,
    pub group: String,
    pub total: String,
    /// Only these rows (a region); all when None.
    pub rows: Option<Vec<usize>>,
}

/// How to compare.
#[derive(Debug, Clone)]
pub struct Request {
    pub index: String,
    pub test: TwoSample,
    pub permutations: usize,
    pub seed: u64,
    pub decompose: bool,
    pub missing: Missing,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub index: &'static str,
    pub value_1: f64,
    pub value_2: f64,
    pub p_value: f64,
    pub null_mean: f64,
    pub permutations: usize,
    /// Areas of each sample left out for a missing value, by code.
    pub excluded_1: Vec<String>,
    pub excluded_2: Vec<String>,
    /// Shapley's spatial and attribute components of value_1 − value_2.
    pub components: Option<(f64, f64)>,
}

/// A sample's places and counts.
struct Side {
    excluded: Vec<String>,
    geoms: Vec<geo::MultiPolygon<f64>>,
    area: Vec<f64>,
    x: Vec<f64>,
    t: Vec<f64>,
}

fn side(s: &Sample, missing: Missing, places: bool) -> Result<Side> {
    let km2 = s.layer.area_km2();
    let rows: Vec<usize> = s
        .rows
        .clone()
        .unwrap_or_else(|| (0..s.layer.len()).collect());
    let x = Expr::values(&s.group, s.table, Some(&km2))?;
    let t = Expr::values(&s.total, s.table, Some(&km2))?;
    let sub = Subset::complete(
        s.layer.len(),
        Some(&rows),
        &[(&s.group, &x), (&s.total, &t)],
        missing,
    )?;
    // A spatial index needs each area's place: areas without a geometry are left out.
    let sub = if places {
        sub.with_geometry(s.layer)
    } else {
        sub
    };
    let sub = sub.nonempty(&[&s.group, &s.total])?;
    let (xs, ts) = (sub.values(&x), sub.values(&t));
    crate::data::counts::check(
        s.table,
        &sub.rows,
        &[(&s.group, &xs), (&s.total, &ts)],
        &[(0, 1)],
    )?;
    Ok(Side {
        excluded: sub.excluded_ids(s.table),
        geoms: sub.take(&s.layer.projected),
        area: sub.rows.iter().map(|&r| km2[r] * 1e6).collect(),
        x: sub.values(&x),
        t: sub.values(&t),
    })
}

/// The measure, if the test can compare it.
pub fn comparable(name: &str, test: TwoSample) -> Result<&'static Measure> {
    let m = measure(name).ok_or_else(|| Error::input(format!("unknown index '{name}'")))?;
    let single_valued = m.compute.is_single_valued();
    if !single_valued {
        return Err(Error::input(format!(
            "'{name}' is not a single-group index with one value; two-sample tests compare those"
        )));
    }
    if test == TwoSample::RandomLabel
        && !matches!(m.compute, Compute::Single(_) | Compute::SingleSeeded(_))
    {
        return Err(Error::input(format!(
            "random-label pools the units of both samples, so it needs an aspatial index; '{name}' depends on the places (use the composition test)"
        )));
    }
    Ok(m)
}

/// Compare the index between two samples. Errors name the sample ("sample 1: …").
pub fn run(a: &Sample, b: &Sample, r: &Request) -> Result<Outcome> {
    let m = comparable(&r.index, r.test)?;
    let places = m.compute.needs_geometry();
    let s1 =
        side(a, r.missing, places).map_err(|e| Error::input(format!("sample 1: {}", e.message)))?;
    let s2 =
        side(b, r.missing, places).map_err(|e| Error::input(format!("sample 2: {}", e.message)))?;
    let tol = crate::spatial::default_tolerance(a.layer);
    let p1 = Places::new(&s1.geoms, s1.area.clone(), tol);
    let p2 = Places::new(&s2.geoms, s2.area.clone(), tol);
    p1.prepare(m);
    p2.prepare(m);
    let none = Places::new(&[], Vec::new(), tol);
    let seed = r.seed;
    let index = |side: u8, x: &[f64], t: &[f64]| -> f64 {
        let at = match side {
            1 => &p1,
            2 => &p2,
            _ => &none,
        };
        evaluate(m, at, Some((x, t)), None, seed)
            .and_then(|v| v.number())
            .unwrap_or(f64::NAN)
    };
    let pair = inference::Pair {
        x1: &s1.x,
        t1: &s1.t,
        x2: &s2.x,
        t2: &s2.t,
    };
    let test = inference::two_sample_test(r.test, &pair, r.permutations, seed, &index)?;
    let components = r.decompose.then(|| inference::decompose(&pair, &index));
    Ok(Outcome {
        index: m.name,
        value_1: index(1, &s1.x, &s1.t),
        value_2: index(2, &s2.x, &s2.t),
        p_value: test.p_value,
        null_mean: test.mean_simulated(),
        permutations: test.simulated.len(),
        excluded_1: s1.excluded,
        excluded_2: s2.excluded,
        components,
    })
}

/// Elbers' decomposition of the change in Theil's M (the group against the rest) between two
/// samples of the same areas — two years on one layer: the areas complete in both are compared,
/// the others named.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ElbersOutcome {
    #[serde(flatten)]
    pub parts: crate::measures::segregation::elbers::Elbers,
    pub areas: usize,
    pub left_out: Vec<String>,
}

/// Elbers' decomposition for two samples of the same layer and areas.
pub fn elbers(a: &Sample, b: &Sample) -> Result<ElbersOutcome> {
    if !std::ptr::eq(a.layer, b.layer) || a.rows != b.rows {
        return Err(Error::input(
            "Elbers' decomposition follows the same areas over time: compare two years of one layer (--group2/--total2)",
        ));
    }
    let km2 = a.layer.area_km2();
    let rows: Vec<usize> = a
        .rows
        .clone()
        .unwrap_or_else(|| (0..a.layer.len()).collect());
    let x1 = Expr::values(&a.group, a.table, Some(&km2))?;
    let t1 = Expr::values(&a.total, a.table, Some(&km2))?;
    let x2 = Expr::values(&b.group, b.table, Some(&km2))?;
    let t2 = Expr::values(&b.total, b.table, Some(&km2))?;
    let (mut first, mut second, mut left_out) = (Vec::new(), Vec::new(), Vec::new());
    for &r in &rows {
        match (x1[r], t1[r], x2[r], t2[r]) {
            (Some(a1), Some(b1), Some(a2), Some(b2)) => {
                if a1 < 0.0 || a2 < 0.0 || a1 > b1 || a2 > b2 {
                    return Err(Error::input(format!(
                        "area {}: the group must be between 0 and its total in both years",
                        crate::data::subset::ids_of(a.table, &[r])[0]
                    )));
                }
                first.push(vec![a1, b1 - a1]);
                second.push(vec![a2, b2 - a2]);
            }
            _ => left_out.push(r),
        }
    }
    if first.is_empty() {
        return Err(Error::input(
            "no area has the group and total in both years",
        ));
    }
    let parts = crate::measures::segregation::elbers::decompose(&first, &second)?;
    Ok(ElbersOutcome {
        parts,
        areas: first.len(),
        left_out: crate::data::subset::ids_of(a.table, &left_out),
    })
}

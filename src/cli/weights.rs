//! `segatlas weights PATH --kind queen|rook|boundary|knn:K|band:METRES[:ALPHA]|kernel:FUNCTION:K[:adaptive]
//! [--tolerance M] [--transform B|R|D|V] [--var EXPR] [--out FILE.gal|FILE.gwt] [--json]`.
//! With `--var`, the weights are built on the areas that have a value for it, as an analysis of
//! that variable builds them; the left-out areas are named (`excluded`).

use super::input::LayerArgs;
use crate::data::expr::Expr;
use crate::data::subset::{ids_of, Subset};
use crate::data::write::{atomic_write, check_not_input};
use crate::error::{Error, Result};
use crate::spatial::{self, files, weights::Transform, WeightsSpec};
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// queen, rook, boundary, knn:K, band:METRES[:ALPHA], kernel:FUNCTION:K[:adaptive]
    #[arg(long, default_value = "queen")]
    kind: String,
    /// Snapping tolerance for contiguity, in the working CRS's units (default: 25 m for
    /// projected data, 0 for planar data)
    #[arg(long)]
    tolerance: Option<f64>,
    /// Transform: B binary, R row-standardised, D doubly standardised, V variance-stabilising
    #[arg(long)]
    transform: Option<String>,
    /// Higher-order contiguity: neighbours at exactly this many steps (2 = neighbours' neighbours)
    #[arg(long)]
    order: Option<usize>,
    /// Write the weights as .gal or .gwt
    #[arg(long)]
    out: Option<PathBuf>,
    /// Build on the areas that have a value for this variable (the others are left out)
    #[arg(long = "var")]
    var: Option<String>,
}

pub fn run(a: &Args) -> Result<i32> {
    let (layer, table) = a.input.load()?;
    let subset = match &a.var {
        None => Subset::all(layer.len()),
        Some(v) => {
            let values =
                Expr::values(v, &table, Some(&layer.area_km2())).map_err(|e| a.input.err(e))?;
            Subset::complete(
                layer.len(),
                None,
                &[(v.as_str(), values.as_slice())],
                a.input.missing()?,
            )?
            .nonempty(&[v.as_str()])?
        }
    };
    let spec = WeightsSpec::parse(&a.kind)?;
    // Areas without a geometry have no neighbours to find (a weights file needs none).
    let subset = if matches!(spec, WeightsSpec::File(_)) {
        subset
    } else {
        subset.with_geometry(&layer)
    };
    let tolerance = super::check::tolerance(
        a.tolerance
            .unwrap_or_else(|| spatial::default_tolerance(&layer)),
    )?;
    if a.order == Some(0) {
        return Err(Error::input(
            "--order 0 has no neighbours: 1 is the neighbours, 2 their neighbours, …",
        ));
    }
    let start = Instant::now();
    let mut w = spatial::build_rows(&layer, &subset.rows, &spec, tolerance)?;
    if let Some(k) = a.order.filter(|k| *k > 1) {
        w = w.higher_order(k);
    }
    if let Some(t) = &a.transform {
        let t = Transform::from_code(t)
            .ok_or_else(|| Error::input(format!("unknown transform '{t}' (B, R, D or V)")))?;
        w = w.transformed(t);
    }
    let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
    let s = w.summary();
    if let Some(out) = &a.out {
        check_not_input(out, &[&a.input.path])?;
        // The file describes every area of the layer in order; left-out areas are islands.
        let full = if subset.excluded.is_empty() {
            w.clone()
        } else {
            w.expand(&subset.rows, layer.len())
        };
        let text = match out
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("gal") => files::gal(&full, &layer.name),
            Some("gwt") => files::gwt(&full, &layer.name),
            _ => return Err(Error::output(out, "weights are written as .gal or .gwt")),
        };
        atomic_write(out, text.as_bytes())?;
    }
    crate::work::check_interrupted()?;
    if a.input.json {
        super::print_json(&json!({
            "excluded": ids_of(&table, &subset.excluded),
            "excluded_reasons": subset.reasons(&table),
            "kind": a.kind,
            "tolerance": tolerance,
            "n": s.n,
            "s0": s.s0,
            "s1": s.s1,
            "s2": s.s2,
            "nonzero": s.nonzero,
            "mean_neighbors": s.mean_neighbors,
            "min_neighbors": s.min_neighbors,
            "max_neighbors": s.max_neighbors,
            "islands": s.islands,
            "components": s.components,
            "histogram": s.histogram,
            "elapsed_ms": elapsed_ms,
        }));
    } else {
        println!(
            "{} weights on {} units: {:.2} neighbours on average ({}–{}), {} islands, {} components ({elapsed_ms:.1} ms)",
            a.kind, s.n, s.mean_neighbors, s.min_neighbors, s.max_neighbors, s.islands.len(), s.components
        );
    }
    Ok(0)
}

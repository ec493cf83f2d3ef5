//! `segatlas autocorr PATH --var EXPR --weights queen|rook|knn:K|… --stat moran|geary|g|joincount|
//! lisa|gi|gistar|localgeary [--permutations N] [--seed S] [--alpha A] [--correction fdr|bonferroni]
//! [--out FILE.csv] [--json]`.
//!
//! Weights are row-standardised for Moran, Geary and LISA, binary for G and join counts, and
//! binary with each area in its own neighbourhood for Gi*.

use crate::data::write::{atomic_write, check_not_input, csv_bytes};
use crate::data::{self, expr::Expr, table::Column, table::Table};
use crate::error::{Error, Result};
use crate::measures::autocorrelation::{
    self as ac, geary, getis_ord, join_counts, lisa, moran, p_normal, Correction,
};
use crate::spatial::{self, weights::Transform, WeightsSpec};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// A layer of areas
    path: PathBuf,
    /// The variable: a column or an expression
    #[arg(long = "var")]
    var: String,
    /// For `moran_bv`: the second variable, whose spatial lag is set against --var
    #[arg(long)]
    y: Option<String>,
    /// For `moran_rate`: the population at risk (--var is then the count of events)
    #[arg(long)]
    base: Option<String>,
    /// queen, rook, boundary, knn:K, band:METRES[:ALPHA], kernel:FUNCTION:K[:adaptive]
    #[arg(long, default_value = "queen")]
    weights: String,
    /// Snapping tolerance for contiguity (default: 25 m projected, 0 planar)
    #[arg(long)]
    tolerance: Option<f64>,
    /// moran, moran_bv, moran_rate, geary, g, joincount, lisa, gi, gistar or localgeary
    #[arg(long, default_value = "moran")]
    stat: String,
    /// Permutations for pseudo p-values
    #[arg(long, default_value_t = 999)]
    permutations: usize,
    /// Seed of the random permutations (the same seed gives the same result on any thread count)
    #[arg(long, default_value_t = 12345)]
    seed: u64,
    /// Significance level for LISA clusters
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Correction for many tests: none, fdr or bonferroni
    #[arg(long, default_value = "none")]
    correction: String,
    /// Write local statistics, one row per area (CSV)
    #[arg(long)]
    out: Option<PathBuf>,
    /// The CRS of a layer whose file declares none
    #[arg(long)]
    crs: Option<String>,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

pub fn run(a: &Args) -> Result<i32> {
    let mut layer = data::open_layer(&a.path)?;
    super::assume_crs(&mut layer, a.crs.as_deref())?;
    let values = Expr::parse(&a.var)?
        .evaluate(&layer.table, Some(&layer.area_km2()))
        .map_err(|e| e.with_file(&a.path))?;
    let y = ac::complete(&values).map_err(|e| e.with_file(&a.path))?;
    let second = |expr: &Option<String>, what: &str| -> Result<Vec<f64>> {
        let text = expr
            .as_deref()
            .ok_or_else(|| Error::input(format!("--stat {} needs {what}", a.stat)))?;
        let v = Expr::parse(text)?.evaluate(&layer.table, Some(&layer.area_km2()))?;
        ac::complete(&v).map_err(|e| e.with_file(&a.path))
    };
    let tolerance = a
        .tolerance
        .unwrap_or_else(|| spatial::default_tolerance(&layer));
    let w = spatial::build(&layer, &WeightsSpec::parse(&a.weights)?, tolerance)?;
    let correction = match a.correction.as_str() {
        "none" => Correction::None,
        "fdr" => Correction::Fdr,
        "bonferroni" => Correction::Bonferroni,
        other => {
            return Err(Error::input(format!(
                "unknown correction '{other}' (none, fdr, bonferroni)"
            )))
        }
    };
    let start = Instant::now();
    let mut local: Option<Table> = None;
    let mut out = match a.stat.as_str() {
        "moran" => serde_json::to_value(moran::moran(&y, &w.transformed(Transform::Row), a.permutations, a.seed))
            .unwrap_or_default(),
        "moran_bv" => {
            let other = second(&a.y, "--y")?;
            json!({"I": moran::bivariate(&y, &other, &w.transformed(Transform::Row))})
        }
        "moran_rate" => {
            let base = second(&a.base, "--base")?;
            if base.iter().any(|b| *b <= 0.0) {
                return Err(Error::in_file(&a.path, "--base must be positive in every area"));
            }
            let z = moran::assuncao_rate(&y, &base);
            serde_json::to_value(moran::moran(&z, &w.transformed(Transform::Row), a.permutations, a.seed))
                .unwrap_or_default()
        }
        "geary" => json!({"C": geary::geary(&y, &w.transformed(Transform::Row))}),
        "g" => serde_json::to_value(getis_ord::global_g(&y, &w.transformed(Transform::Binary))).unwrap_or_default(),
        "joincount" => serde_json::to_value(join_counts::join_counts(&y, &w.transformed(Transform::Binary), a.permutations, a.seed)?)
            .unwrap_or_default(),
        "lisa" => {
            let wr = w.transformed(Transform::Row);
            let l = lisa::local_moran(&y, &wr, a.permutations, a.seed);
            let clusters = l.clusters(&wr, a.alpha, correction);
            let entries: Vec<Value> = (0..y.len())
                .map(|k| {
                    json!({
                        "I": l.i[k],
                        "quadrant": format!("{:?}", l.quadrant[k]),
                        "p_sim": l.p_sim.get(k),
                        "cluster": clusters[k].label(),
                    })
                })
                .collect();
            local = Some(Table::new(vec![
                Column::number("I", l.i.iter().map(|v| Some(*v)).collect()),
                Column::text("quadrant", l.quadrant.iter().map(|q| Some(format!("{q:?}"))).collect()),
                Column::number("p_sim", (0..y.len()).map(|k| l.p_sim.get(k).copied()).collect()),
                Column::text("cluster", clusters.iter().map(|c| Some(c.label().to_string())).collect()),
            ])?);
            json!({ "local": entries })
        }
        "gi" | "gistar" => {
            let wb = w.transformed(Transform::Binary);
            let z = if a.stat == "gistar" { getis_ord::gi_star(&y, &ac::with_self(&wb)) } else { getis_ord::gi(&y, &wb) };
            local = Some(Table::new(vec![
                Column::number("z", z.iter().map(|v| Some(*v)).collect()),
                Column::number("p_norm", z.iter().map(|v| Some(p_normal(*v))).collect()),
            ])?);
            json!({ "local": z.iter().map(|v| json!({"z": v, "p_norm": p_normal(*v)})).collect::<Vec<_>>() })
        }
        "localgeary" => {
            let c = geary::local_geary(&y, &w.transformed(Transform::Row));
            local = Some(Table::new(vec![Column::number("c", c.iter().map(|v| Some(*v)).collect())])?);
            json!({ "local": c.iter().map(|v| json!({"c": v})).collect::<Vec<_>>() })
        }
        other => {
            return Err(Error::input(format!(
                "unknown statistic '{other}' (moran, moran_bv, moran_rate, geary, g, joincount, lisa, gi, gistar, localgeary)"
            )))
        }
    };
    out["elapsed_ms"] = json!(start.elapsed().as_secs_f64() * 1000.0);
    out["stat"] = json!(a.stat);
    out["var"] = json!(a.var);
    out["weights"] = json!(a.weights);
    if let Some(path) = &a.out {
        let Some(mut t) = local else {
            return Err(Error::output(
                path,
                "--out writes local statistics (lisa, gi, gistar, localgeary)",
            ));
        };
        check_not_input(path, &[&a.path])?;
        for c in layer
            .table
            .columns
            .iter()
            .rev()
            .filter(|c| c.field_type() == data::table::FieldType::Text)
            .take(1)
        {
            t.columns.insert(0, c.clone());
        }
        atomic_write(path, &csv_bytes(&t)?)?;
    }
    if a.json {
        super::print_json(&out);
    } else {
        let mut shown = out.clone();
        if let Some(o) = shown.as_object_mut() {
            o.remove("local");
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&shown).unwrap_or_default()
        );
    }
    Ok(0)
}

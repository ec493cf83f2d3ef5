//! `segatlas classify PATH --var EXPR --scheme NAME [--k K] [--hinge H] [--bins B,…] [--json]`:
//! the classes the map would draw, from the same engine.

use crate::classify::{classify, Scheme};
use crate::data::{self, expr::Expr, Dataset};
use crate::error::{Error, Result};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A layer or a table
    path: PathBuf,
    /// The variable: a column or an expression such as `a/b*100`
    #[arg(long = "var")]
    var: String,
    /// quantiles, equal-interval, fisher-jenks, box-plot, std-mean, percentiles, head-tail,
    /// maximum-breaks, pretty or user-defined
    #[arg(long, default_value = "quantiles")]
    scheme: String,
    /// Number of classes (2–10)
    #[arg(long, default_value_t = 5)]
    k: usize,
    /// The box-plot hinge (1.5 or 3)
    #[arg(long, default_value_t = 1.5)]
    hinge: f64,
    /// Class bounds for user-defined, comma-separated
    #[arg(long, value_delimiter = ',')]
    bins: Vec<f64>,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

pub fn run(a: &Args) -> Result<i32> {
    let scheme = Scheme::from_name(&a.scheme, a.k, a.hinge, &a.bins)?;
    let expr = Expr::parse(&a.var)?;
    let values = match data::open(&a.path)? {
        Dataset::Layer(l) => expr.evaluate(&l.table, Some(&l.area_km2())),
        Dataset::Table(t) => expr.evaluate(&t, None),
    }
    .map_err(|e| e.with_file(&a.path))?;
    let c = classify(&values, &scheme).map_err(|e: Error| e.with_file(&a.path))?;
    if a.json {
        super::print_json(&json!({
            "scheme": c.scheme,
            "bins": c.bins,
            "counts": c.counts,
            "min": c.min,
            "missing": c.missing,
        }));
    } else {
        println!("{} of {} ({} missing)", c.scheme, a.var, c.missing);
        let mut lower = c.min;
        for (b, n) in c.bins.iter().zip(&c.counts) {
            println!("  {lower} – {b}: {n}");
            lower = *b;
        }
    }
    Ok(0)
}

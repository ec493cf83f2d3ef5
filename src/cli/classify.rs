//! `segatlas classify PATH [--stats T --key K] --var EXPR --scheme NAME [--k K] [--hinge H]
//! [--bins B,…] [--noise MODEL [--draws N]] [--json]`: the classes the map would draw, from the same
//! engine; with `--noise`, each area's share of draws keeping its class. Missing values
//! are counted (`missing`) and drawn as *saknas*; they are never a class.

use super::input::LayerArgs;
use crate::classify::{classify, Scheme};
use crate::data::expr::Expr;
use crate::error::{Error, Result};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
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
    #[command(flatten)]
    noise: super::noise::NoiseArgs,
    /// Seed of --noise's draws (the same results on any number of threads)
    #[arg(long, default_value_t = crate::measures::autocorrelation::DEFAULT_SEED)]
    seed: u64,
}

pub fn run(a: &Args) -> Result<i32> {
    let scheme = Scheme::from_name(&a.scheme, a.k, a.hinge, &a.bins)?;
    let (layer, table) = a.input.load_any()?;
    let area = layer.as_ref().map(|l| l.area_km2());
    let values = Expr::values(&a.var, &table, area.as_deref()).map_err(|e| a.input.err(e))?;
    let c = classify(&values, &scheme).map_err(|e: Error| a.input.err(e))?;
    // With --noise: the classes again on every draw, each area's share keeping its class.
    let noisy = match a.noise.model()? {
        Some((noise, draws)) => {
            let var = crate::analysis::noisy::NoisyVariable::new(&a.var, &table)
                .map_err(|e| a.input.err(e))?;
            let observed: Vec<Option<usize>> = values
                .iter()
                .map(|v| crate::classify::class_of(*v, &c.bins))
                .collect();
            Some(
                crate::analysis::noisy::class_stability(
                    &var,
                    &table,
                    area.as_deref(),
                    &scheme,
                    &observed,
                    noise,
                    draws,
                    a.seed,
                )
                .map_err(|e| a.input.err(e))?,
            )
        }
        None => None,
    };
    if a.input.json {
        let mut v = json!({
            "scheme": c.scheme,
            "bins": c.bins,
            "counts": c.counts,
            "min": c.min,
            "missing": c.missing,
        });
        if let Some(n) = &noisy {
            v["uncertainty"] = json!({
                "stability": n.summary,
                "counts": n.counts,
                "areas": n.stability.iter().map(|s| s.is_finite().then_some(*s)).collect::<Vec<_>>(),
            });
        }
        super::print_json(&v);
    } else {
        println!("{} of {} ({} missing)", c.scheme, a.var, c.missing);
        let mut lower = c.min;
        for (b, n) in c.bins.iter().zip(&c.counts) {
            println!("  {lower} – {b}: {n}");
            lower = *b;
        }
        if let Some(n) = &noisy {
            let s = &n.summary;
            println!(
                "  over {} draws of {}: {} of {} areas keep their class in at least 90 % of the draws",
                s.draws,
                s.model,
                s.stable,
                s.stable + s.unstable
            );
        }
    }
    Ok(0)
}

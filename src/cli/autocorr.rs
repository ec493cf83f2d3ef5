//! `segatlas autocorr PATH --var EXPR --weights queen|rook|knn:K|… --stat moran|geary|g|joincount|
//! lisa|gi|gistar|localgeary [--permutations N] [--seed S] [--alpha A] [--correction fdr|bonferroni]
//! [--noise MODEL [--draws N]] [--out FILE.csv] [--json]`.
//!
//! With `--noise` the variable's counts are redrawn ([`crate::analysis::noisy`]): a global
//! statistic gets a band for its value, LISA the stability of every area's cluster class.
//!
//! Areas without a value are left out and named (`excluded`); the weights are built on the
//! remaining areas, so a left-out neighbour is no neighbour, and the islands this creates are
//! named (`islands`). Local results keep one entry per area (null where left out).
//!
//! Weights are row-standardised for Moran, Geary and LISA, binary for G and join counts, and
//! binary with each area in its own neighbourhood for Gi*.

use super::input::LayerArgs;
use crate::data::subset::{ids_of, Subset};
use crate::data::write::{atomic_write, check_not_input, csv_bytes};
use crate::data::{self, expr::Expr, table::Column, table::Table};
use crate::error::{Error, Result};
use crate::measures::autocorrelation::{self as ac, p_normal, registry::Output, Correction};
use crate::spatial::{self, WeightsSpec};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The variable: a column or an expression
    #[arg(long = "var")]
    var: String,
    /// For `moran_bv`: the second variable, whose spatial lag is set against --var
    #[arg(long)]
    y: Option<String>,
    /// For `moran_rate`: the population at risk (--var is then the count of events)
    #[arg(long)]
    base: Option<String>,
    /// queen, rook, boundary, knn:K, band:METRES[:ALPHA], kernel:FUNCTION:K[:adaptive], or a
    /// weights file FILE.gal|FILE.gwt listing the layer's areas in order
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
    #[arg(long, default_value_t = crate::measures::autocorrelation::DEFAULT_SEED)]
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
    #[command(flatten)]
    noise: super::noise::NoiseArgs,
}

pub fn run(a: &Args) -> Result<i32> {
    let (layer, table) = a.input.load()?;
    let path = &a.input.path;
    let area = layer.area_km2();
    let eval = |text: &str| Expr::values(text, &table, Some(&area)).map_err(|e| e.with_file(path));
    let mut vars: Vec<(String, Vec<Option<f64>>)> = vec![(a.var.clone(), eval(&a.var)?)];
    let stat = ac::registry::statistic(&a.stat).ok_or_else(|| {
        Error::input(format!(
            "unknown statistic '{}' (choose one of {})",
            a.stat,
            ac::registry::names()
        ))
    })?;
    let needs = stat.second.map(|flag| {
        let expr = if flag == "--y" { &a.y } else { &a.base };
        (expr, flag)
    });
    if let Some((expr, what)) = needs {
        let text = expr
            .as_deref()
            .ok_or_else(|| Error::input(format!("--stat {} needs {what}", a.stat)))?;
        vars.push((text.to_string(), eval(text)?));
    }
    let refs: Vec<(&str, &[Option<f64>])> = vars
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect();
    let names: Vec<&str> = refs.iter().map(|(n, _)| *n).collect();
    let spec = WeightsSpec::parse(&a.weights)?;
    let subset = Subset::complete(layer.len(), None, &refs, a.input.missing()?)
        .map(|s| {
            // Weights from a file need no geometry; built weights do.
            if matches!(spec, WeightsSpec::File(_)) {
                s
            } else {
                s.with_geometry(&layer)
            }
        })
        .and_then(|s| s.nonempty(&names))
        .map_err(|e| e.with_file(path))?;
    if subset.rows.len() < 3 {
        return Err(Error::in_file(
            path,
            format!(
                "{} area{} with a value: spatial autocorrelation needs at least three",
                subset.rows.len(),
                if subset.rows.len() == 1 { "" } else { "s" }
            ),
        ));
    }
    let y = subset.values(&vars[0].1);
    let second = || subset.values(&vars[1].1);
    super::check::alpha(a.alpha)?;
    super::check::permutations(a.permutations)?;
    let tolerance = super::check::tolerance(
        a.tolerance
            .unwrap_or_else(|| spatial::default_tolerance(&layer)),
    )?;
    let w = spatial::build_rows(&layer, &subset.rows, &spec, tolerance)?;
    let islands: Vec<usize> = (0..w.n)
        .filter(|&i| w.cardinality(i) == 0)
        .map(|i| subset.rows[i])
        .collect();
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
    let wt = stat.weights.apply(&w);
    let other = needs.map(|_| second());
    let output = (stat.compute)(&ac::registry::Input {
        y: &y,
        second: other.as_deref(),
        w: &wt,
        permutations: a.permutations,
        seed: a.seed,
        control: &crate::work::Control::new(),
    })
    .map_err(|e| e.with_file(path))?;
    // The computation alone, as the peers are timed.
    let computed = start.elapsed();
    let noisy = match a.noise.model()? {
        Some((noise, draws)) => {
            if stat.local && stat.name != "lisa" {
                return Err(Error::input(format!(
                    "--noise gives a band to a global statistic's value and the stability of LISA's clusters; not to --stat {}",
                    a.stat
                )));
            }
            let var = crate::analysis::noisy::NoisyVariable::new(&a.var, &table)
                .map_err(|e| e.with_file(path))?;
            let observed = match &output {
                Output::Lisa(l) => Some(l.clusters(&wt, a.alpha, correction)),
                _ => None,
            };
            let area_rows: Vec<f64> = subset.rows.iter().map(|&r| area[r]).collect();
            Some(crate::analysis::noisy::run(
                &var,
                &table,
                &crate::analysis::noisy::Run {
                    stat,
                    noise,
                    draws,
                    w: &w,
                    rows: &subset.rows,
                    area: Some(&area_rows),
                    second: other.as_deref(),
                    permutations: a.permutations,
                    seed: a.seed,
                    alpha: a.alpha,
                    correction,
                    observed: observed.as_deref(),
                },
                &crate::work::Control::new(),
            )?)
        }
        None => None,
    };
    // The per-area rows only when they are written (--json, --out): at a million areas they
    // cost more than the statistic.
    let (want_json, want_table) = (a.input.json, a.out.is_some());
    let mut out = match output {
        Output::Moran(m) => serde_json::to_value(m).unwrap_or_default(),
        Output::Geary(g) => serde_json::to_value(g).unwrap_or_default(),
        Output::Value(name, v) => json!({ name: v }),
        Output::G(g) => serde_json::to_value(g).unwrap_or_default(),
        Output::JoinCounts(j) => serde_json::to_value(j).unwrap_or_default(),
        Output::Lisa(l) => {
            let clusters = l.clusters(&wt, a.alpha, correction);
            // The clusters' counts, always (a summary without --json).
            let mut counts = serde_json::Map::new();
            for c in &clusters {
                let n = counts.entry(c.label()).or_insert(json!(0));
                *n = json!(n.as_u64().unwrap_or(0) + 1);
            }
            if want_table {
                let quadrants: Vec<String> = l.quadrant.iter().map(|q| format!("{q:?}")).collect();
                let labels: Vec<String> = clusters.iter().map(|c| c.label().to_string()).collect();
                let p: Vec<f64> = (0..y.len())
                    .map(|k| l.p_sim.get(k).copied().unwrap_or(f64::NAN))
                    .collect();
                let mut cols = vec![
                    Column::number("I", subset.expand(&l.i)),
                    Column::text("quadrant", subset.expand(&quadrants)),
                    Column::number(
                        "p_sim",
                        subset
                            .expand(&p)
                            .into_iter()
                            .map(|v| v.filter(|x| x.is_finite()))
                            .collect(),
                    ),
                    Column::text("cluster", subset.expand(&labels)),
                ];
                if let Some(n) = &noisy {
                    cols.push(Column::number("stability", subset.expand(&n.stability)));
                }
                local = Some(Table::new(cols)?);
            }
            let mut v = json!({ "clusters": counts });
            if want_json {
                let entries: Vec<Value> = (0..y.len())
                    .map(|k| {
                        json!({
                            "I": l.i[k],
                            "quadrant": format!("{:?}", l.quadrant[k]),
                            "p_sim": l.p_sim.get(k),
                            "cluster": clusters[k].label(),
                            "stability": noisy.as_ref().and_then(|n| n.stability.get(k)),
                        })
                    })
                    .collect();
                v["local"] = json!(full(&subset, entries));
            }
            v
        }
        Output::Z(z) => {
            let p: Vec<f64> = z.iter().map(|v| p_normal(*v)).collect();
            local = Some(Table::new(vec![
                Column::number("z", subset.expand(&z)),
                Column::number("p_norm", subset.expand(&p)),
            ])?);
            json!({ "local": full(&subset, z.iter().map(|v| json!({"z": v, "p_norm": p_normal(*v)})).collect()) })
        }
        Output::Local(name, c) => {
            local = Some(Table::new(vec![Column::number(name, subset.expand(&c))])?);
            json!({ "local": full(&subset, c.iter().map(|v| json!({ name: v })).collect()) })
        }
    };
    if let Some(n) = &noisy {
        if let Some(b) = &n.band {
            out["uncertainty"] = json!(b);
        }
        if let Some(s) = &n.summary {
            out["stability"] = json!(s);
        }
    }
    out["elapsed_ms"] = json!(computed.as_secs_f64() * 1000.0);
    out["stat"] = json!(a.stat);
    out["var"] = json!(a.var);
    out["weights"] = json!(a.weights);
    out["n"] = json!(subset.rows.len());
    out["excluded"] = json!(subset.excluded_ids(&table));
    out["excluded_reasons"] = json!(subset.reasons(&table));
    out["islands"] = json!(ids_of(&table, &islands));
    crate::work::check_interrupted()?;
    if !subset.excluded.is_empty() && !a.input.json {
        eprintln!(
            "segatlas: {} areas left out ({} without geometry, the others for a missing value, saknas); weights built on the other {}",
            subset.excluded.len(),
            subset.no_geometry.len(),
            subset.rows.len()
        );
    }
    if let Some(out_path) = &a.out {
        let Some(mut t) = local else {
            let local: Vec<&str> = ac::registry::STATISTICS
                .iter()
                .filter(|s| s.local)
                .map(|s| s.name)
                .collect();
            return Err(Error::output(
                out_path,
                format!("--out writes local statistics ({})", local.join(", ")),
            ));
        };
        check_not_input(out_path, &[path])?;
        // Rows keyed by the layer's code field (unique), else its last text field.
        let code = data::table::identify_fields(&table)
            .1
            .and_then(|c| table.column(&c).cloned());
        let key = code.or_else(|| {
            table
                .columns
                .iter()
                .rev()
                .find(|c| c.field_type() == data::table::FieldType::Text)
                .cloned()
        });
        if let Some(c) = key {
            t.columns.insert(0, c);
        }
        atomic_write(out_path, &csv_bytes(&t)?)?;
    }
    if a.input.json {
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

/// Local entries of the kept areas spread over every area (null where left out).
fn full(subset: &Subset, kept: Vec<Value>) -> Vec<Value> {
    subset
        .expand(&kept)
        .into_iter()
        .map(|v| v.unwrap_or(Value::Null))
        .collect()
}

//! `segatlas areatypes PATH --id FIELD --component EXPR ×3 [--weight EXPR] [--published FIELD]
//! [--noise MODEL [--draws N]] [--out FILE.csv] [--json]`: SCB/Boverket's socioeconomic area types (SEI and types 1–5 by
//! μ±σ), with agreement against published types when a field holds them.

use super::input::LayerArgs;
use crate::analysis::areatypes::{agreement, area_types, name};
use crate::data::expr::Expr;
use crate::data::table::{Column, Table};
use crate::data::write::{atomic_write, check_not_input, csv_bytes};
use crate::error::{Error, Result};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The field that identifies the areas
    #[arg(long)]
    id: String,
    /// The three component shares (V1, V2, V3), each a column or an expression, in percent
    #[arg(long = "component", required = true, num_args = 1)]
    components: Vec<String>,
    /// Weight μ and σ by this (e.g. the population) instead of counting areas equally
    #[arg(long)]
    weight: Option<String>,
    /// A field with published types 1–5 to compare with (e.g. regso_socioek_index_2022)
    #[arg(long)]
    published: Option<String>,
    /// Write the areas' SEI and type to a CSV file
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    noise: super::noise::NoiseArgs,
    /// Seed of --noise's draws (the same results on any number of threads)
    #[arg(long, default_value_t = crate::measures::autocorrelation::DEFAULT_SEED)]
    seed: u64,
}

pub fn run(a: &Args) -> Result<i32> {
    if a.components.len() != 3 {
        return Err(Error::input(format!(
            "area types need exactly three --component (V1, V2, V3); got {}",
            a.components.len()
        )));
    }
    let (layer, table) = a.input.load()?;
    let area = layer.area_km2();
    let eval = |e: &str| -> Result<Vec<Option<f64>>> {
        Expr::values(e, &table, Some(&area)).map_err(|e| a.input.err(e))
    };
    let comps: Vec<Vec<Option<f64>>> = a
        .components
        .iter()
        .map(|c| eval(c))
        .collect::<Result<_>>()?;
    let weight = a.weight.as_deref().map(eval).transpose()?;
    let t = area_types([&comps[0], &comps[1], &comps[2]], weight.as_deref())
        .map_err(|e| a.input.err(e))?;
    // With --noise: the components that are shares of counts redrawn, the types again.
    let noisy = match a.noise.model()? {
        Some((noise, draws)) => Some(
            crate::analysis::areatypes::type_stability(
                &table,
                &area,
                [&a.components[0], &a.components[1], &a.components[2]],
                weight.as_deref(),
                &t,
                noise,
                draws,
                a.seed,
            )
            .map_err(|e| a.input.err(e))?,
        ),
        None => None,
    };
    let keys = table.require(&a.id).map_err(|e| a.input.err(e))?;
    let ids: Vec<Option<String>> = (0..table.len()).map(|r| keys.key_at(r)).collect();
    let published = match &a.published {
        Some(f) => Some(table.numbers(f).map_err(|e| a.input.err(e))?.to_vec()),
        None => None,
    };
    let agree = published.as_ref().map(|p| agreement(&t.types, p));
    if let Some(out) = &a.out {
        check_not_input(out, &[&a.input.path])?;
        let mut cols = vec![
            Column::text(a.id.clone(), ids.clone()),
            Column::number("sei", t.sei.clone()),
            Column::number("type", t.types.iter().map(|x| x.map(f64::from)).collect()),
        ];
        if let Some(n) = &noisy {
            cols.push(Column::number(
                "stability",
                n.stability
                    .iter()
                    .map(|s| s.is_finite().then_some(*s))
                    .collect(),
            ));
        }
        atomic_write(out, &csv_bytes(&Table::new(cols)?)?)?;
    }
    let missing = t.types.iter().filter(|x| x.is_none()).count();
    if a.input.json {
        let counts: serde_json::Map<String, serde_json::Value> = (1..=5)
            .map(|i| (i.to_string(), json!(t.counts[i - 1])))
            .collect();
        let areas: Vec<_> = ids
            .iter()
            .zip(t.sei.iter().zip(&t.types))
            .enumerate()
            .map(|(i, (id, (s, ty)))| {
                json!({
                    "id": id,
                    "sei": s,
                    "type": ty,
                    "stability": noisy.as_ref().and_then(|n| n.stability.get(i).filter(|s| s.is_finite())),
                })
            })
            .collect();
        let mut v = json!({
            "mean": t.mean,
            "sd": t.sd,
            "weighted": t.weighted,
            "counts": counts,
            "missing": missing,
            "areas": areas,
        });
        if let Some(n) = &noisy {
            v["uncertainty"] = json!({
                "stability": n.summary,
                "counts": n.counts,
                "redrawn": n.redrawn,
                "kept": n.kept,
            });
        }
        if let Some(g) = &agree {
            v["agreement"] = json!({
                "field": a.published,
                "areas": g.both,
                "agree": g.agree,
                "share": if g.both > 0 { g.agree as f64 / g.both as f64 } else { f64::NAN },
                "table": g.table,
                "other_values": g.other,
            });
        }
        super::print_json(&v);
    } else {
        println!(
            "SEI: mean {:.3}, sd {:.3}{}",
            t.mean,
            t.sd,
            if t.weighted { " (weighted)" } else { "" }
        );
        for (i, n) in t.counts.iter().enumerate() {
            println!("  {} {}: {n}", i + 1, name(i as u8 + 1, true));
        }
        println!("  saknas: {missing}");
        if let Some(n) = &noisy {
            let s = &n.summary;
            println!(
                "over {} draws of {} ({} redrawn; kept as published: {}): {} of {} areas keep their type in at least 90 % of the draws",
                s.draws,
                s.model,
                n.redrawn.join(", "),
                if n.kept.is_empty() { "none".to_string() } else { n.kept.join(", ") },
                s.stable,
                s.stable + s.unstable
            );
        }
        if let Some(g) = &agree {
            println!(
                "agreement with {}: {} of {} areas ({:.1} %)",
                a.published.as_deref().unwrap_or(""),
                g.agree,
                g.both,
                g.agree as f64 / g.both.max(1) as f64 * 100.0
            );
            println!("  computed \\ published   1     2     3     4     5");
            for (i, row) in g.table.iter().enumerate() {
                let cells: Vec<String> = row.iter().map(|c| format!("{c:>5}")).collect();
                println!("  {:<21}{}", i + 1, cells.join(" "));
            }
        }
    }
    Ok(0)
}

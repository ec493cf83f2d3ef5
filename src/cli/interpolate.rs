//! `segatlas interpolate SOURCE TARGET --extensive A,B --intensive C [--weights-by FIELD |
//! LAYER:FIELD] [--allocate-total] [--link FILE] [--out FILE] [--json]`: move a source layer's
//! variables onto a target layer's areas ([`crate::analysis::interpolate`]) and say what moved,
//! what was kept and what was lost.

use super::input::LayerArgs;
use crate::analysis::interpolate::{self, Request, Weigh};
use crate::data;
use crate::error::{Error, Result};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The areas to move the variables onto (another layer: police areas, a grid, DeSO 2025)
    target: PathBuf,
    /// The CRS of a target file that declares none: EPSG:CODE, or `planar`
    #[arg(long)]
    target_crs: Option<String>,
    /// Counts, moved in proportion to the share of each source inside a target (comma-separated
    /// columns or expressions)
    #[arg(long)]
    extensive: Vec<String>,
    /// Rates, shares, medians: the mean of the overlapping sources weighted by each overlap
    #[arg(long)]
    intensive: Vec<String>,
    /// Weigh the overlaps by a quantity instead of area: a field of the targets (spread evenly
    /// over each target), or LAYER:FIELD of a finer layer (dasymetric)
    #[arg(long)]
    weights_by: Option<String>,
    /// Share each source's counts over the part of it that lies in targets (tobler's default),
    /// not over its whole area: for layers covering the same land with differently simplified
    /// boundaries
    #[arg(long)]
    allocate_total: bool,
    /// A link table between the sources' and the targets' codes (SCB's koppling): sources it
    /// puts wholly in one target are moved whole, only the rest is interpolated
    #[arg(long)]
    link: Option<PathBuf>,
    /// Write the targets with the moved variables (.geojson, .gpkg or .csv)
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The variables of repeated or comma-separated arguments (commas inside quotes or parentheses
/// belong to the expression).
fn listed(args: &[String]) -> Vec<String> {
    args.iter()
        .flat_map(|a| crate::data::expr::split_list(a))
        .collect()
}

pub fn run(a: &Args) -> Result<i32> {
    let (extensive, intensive) = (listed(&a.extensive), listed(&a.intensive));
    let (source, sources) = a.input.load()?;
    let mut target = data::open_layer_declared(&a.target)?;
    if let Some(crs) = &a.target_crs {
        target
            .assume_crs(data::crs::Crs::from_name(crs)?)
            .map_err(|e| e.with_file(&a.target))?;
    }
    let target = target.crs_checked()?;
    let targets = target.table.clone();
    let link = a
        .link
        .as_ref()
        .map(|p| data::open_table(p).map_err(|e| e.with_file(p)))
        .transpose()?;
    let aux = match a.weights_by.as_deref() {
        Some(spec) => match spec.rsplit_once(':') {
            Some((path, field)) if std::path::Path::new(path).exists() => {
                let l = data::open_layer_declared(std::path::Path::new(path))?.crs_checked()?;
                Some((l, field.to_string()))
            }
            _ => None,
        },
        None => None,
    };
    let aux_table = aux.as_ref().map(|(l, _)| l.table.clone());
    let weigh = match (&aux, &aux_table, a.weights_by.as_deref()) {
        (Some((l, f)), Some(t), _) => Weigh::Layer(l, t, f),
        (None, _, Some(field)) => {
            targets.require(field).map_err(|e| e.with_file(&a.target))?;
            Weigh::TargetField(field)
        }
        _ => Weigh::Area,
    };
    let req = Request {
        extensive: extensive.clone(),
        intensive: intensive.clone(),
        weigh,
        allocate_total: a.allocate_total,
        link: link.as_ref(),
    };
    let o =
        interpolate::run(&source, &sources, &target, &targets, &req).map_err(|e| a.input.err(e))?;
    let warnings: Vec<String> = intensive
        .iter()
        .filter(|v| interpolate::not_exact(v))
        .map(|v| format!("{v}: a median or mean cannot be moved exactly; the targets get the mean of the overlapping sources' values, weighted by each overlap"))
        .chain(extensive.iter().filter(|v| interpolate::not_exact(v) || v.contains("pct")).map(|v| {
            format!("{v} looks like a rate, median or percentage: move it with --intensive, not --extensive")
        }))
        .collect();
    if let Some(out) = &a.out {
        let mut inputs: Vec<&std::path::Path> = vec![&a.input.path, &a.target];
        inputs.extend(a.link.as_deref());
        data::write::check_not_input(out, &inputs)?;
        let mut t = targets.clone();
        for c in &o.columns {
            t.push(c.clone());
        }
        crate::work::check_interrupted()?;
        data::write::areas(
            out,
            "areas",
            "the targets",
            &target.geometries,
            target.crs,
            &t,
        )?;
    }
    let ids = interpolate::labels(&targets);
    if a.input.json {
        let columns: Vec<_> = extensive
            .iter()
            .map(|v| (v, "extensive"))
            .chain(intensive.iter().map(|v| (v, "intensive")))
            .zip(&o.columns)
            .map(|((v, kind), c)| json!({"variable": v, "column": c.name, "kind": kind}))
            .collect();
        let per_target: Vec<_> = (0..targets.len())
            .map(|j| {
                let mut row = json!({"id": ids[j], "sources": o.sources_per_target[j]});
                for c in &o.columns {
                    if let crate::data::table::Values::Number(v) = &c.values {
                        row[&c.name] = json!(v[j]);
                    }
                }
                row
            })
            .collect();
        super::print_json(&json!({
            "method": o.method,
            "allocate_total": a.allocate_total,
            "sources": source.len(),
            "targets": targets.len(),
            "variables": columns,
            "totals": o.totals,
            "per_target": per_target,
            "uncovered": o.uncovered,
            "uncovered_share": o.uncovered_share,
            "overlap_share": o.overlap_share,
            "empty_targets": o.empty_targets,
            "missing": o.missing,
            "by_area_instead": o.by_area_instead,
            "no_geometry": o.no_geometry,
            "linked": o.linked,
            "reprojected": o.reprojected,
            "warnings": warnings,
        }));
    } else {
        println!(
            "{} sources onto {} targets ({})",
            source.len(),
            targets.len(),
            o.method
        );
        if let Some(r) = &o.reprojected {
            println!("  {r}");
        }
        for t in &o.totals {
            println!(
                "  {}: total {} before, {} after ({:+.2} %)",
                t.variable,
                t.before,
                t.after,
                if t.before != 0.0 {
                    (t.after / t.before - 1.0) * 100.0
                } else {
                    0.0
                }
            );
        }
        println!(
            "  {:.2} % of the sources' area lies in no target; {} sources have more than 0.1 % outside",
            o.uncovered_share * 100.0,
            o.uncovered.len()
        );
        if !o.no_geometry.is_empty() {
            println!(
                "  {} sources have no geometry and reach no target: {}",
                o.no_geometry.len(),
                super::index::shorten_list(&o.no_geometry)
            );
        }
        if o.overlap_share > 0.001 {
            println!(
                "  {:.2} % of the sources' area lies in more than one target (the targets overlap each other){}",
                o.overlap_share * 100.0,
                if a.allocate_total {
                    ""
                } else {
                    ": --allocate-total shares each source over what it covers, keeping its total"
                }
            );
        }
        if !o.empty_targets.is_empty() {
            println!(
                "  {} targets receive nothing: {}",
                o.empty_targets.len(),
                super::index::shorten_list(&o.empty_targets)
            );
        }
        for m in &o.missing {
            println!(
                "  {}: missing in {} sources ({}), {} targets left missing",
                m.variable,
                m.sources.len(),
                super::index::shorten_list(&m.sources),
                m.targets_missing
            );
        }
        if let Some(l) = &o.linked {
            println!(
                "  link table ({} → {}): {} sources moved whole, {} targets exact",
                l.source_field, l.target_field, l.whole_sources, l.exact_targets
            );
        }
        for w in &warnings {
            eprintln!("warning: {w}");
        }
        if let Some(out) = &a.out {
            println!("wrote {}", out.display());
        }
    }
    if o.totals.is_empty() && o.columns.is_empty() {
        return Err(Error::input("nothing was moved"));
    }
    Ok(0)
}

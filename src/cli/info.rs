//! `segatlas info PATH [--json]`: what a file holds.

use crate::data::{self, Dataset, Layer, Table};
use crate::error::Result;
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A file of areas (GeoJSON, GeoPackage, Shapefile, GeoParquet) or statistics (CSV, Excel, Parquet)
    path: PathBuf,
    /// The CRS of a layer whose file declares none, e.g. EPSG:4326
    #[arg(long)]
    crs: Option<String>,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

fn fields(t: &Table) -> Value {
    Value::Array(
        t.columns
            .iter()
            .map(|c| json!({"name": c.name, "type": c.field_type()}))
            .collect(),
    )
}

/// The `info` JSON of a layer.
pub fn layer_json(l: &Layer) -> Value {
    json!({
        "path": l.source,
        "kind": "layer",
        "layer": l.name,
        "features": l.len(),
        "rows": l.len(),
        "crs": l.crs.label(),
        "working_crs": l.working_crs.label(),
        "bbox": l.bbox(),
        "fields": fields(&l.table),
        "years": l.table.years(),
        "geometry_types": l.geometry_types,
        "invalid_geometries": l.invalid,
        "warnings": l.all_warnings(),
    })
}

/// The `info` JSON of a table.
pub fn table_json(path: &std::path::Path, t: &Table) -> Value {
    json!({
        "path": path,
        "kind": "table",
        "rows": t.len(),
        "crs": null,
        "fields": fields(t),
        "years": t.years(),
        "notes": t.notes,
    })
}

pub fn run(a: &Args) -> Result<i32> {
    let v = match data::open_declared(&a.path)? {
        Dataset::Layer(mut l) => {
            super::assume_crs(&mut l, a.crs.as_deref())?;
            let l = (*l).crs_checked()?;
            layer_json(&l)
        }
        Dataset::Table(t) => table_json(&a.path, &t),
    };
    if a.json {
        super::print_json(&v);
    } else {
        print_text(&v);
    }
    Ok(0)
}

fn print_text(v: &Value) {
    let get = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    println!("{}", get("path").as_str().unwrap_or_default());
    if get("kind") == "layer" {
        println!("  areas:    {}", get("features"));
        let crs = get("crs");
        println!(
            "  CRS:      {} (working CRS {})",
            crs.as_str().unwrap_or("none (planar)"),
            get("working_crs").as_str().unwrap_or("planar")
        );
        println!("  bbox:     {}", get("bbox"));
        println!("  geometry: {}", get("geometry_types"));
        let invalid = get("invalid_geometries");
        let n = invalid.as_array().map_or(0, Vec::len);
        println!("  invalid geometries: {n}");
        for p in invalid.as_array().into_iter().flatten().take(10) {
            println!(
                "    feature {}: {}",
                p["feature"],
                p["problem"].as_str().unwrap_or_default()
            );
        }
    } else {
        println!("  rows:     {}", get("rows"));
    }
    for f in get("fields").as_array().into_iter().flatten() {
        println!(
            "  - {} ({})",
            f["name"].as_str().unwrap_or_default(),
            f["type"].as_str().unwrap_or_default()
        );
    }
    for key in ["warnings", "notes"] {
        for w in get(key).as_array().into_iter().flatten() {
            println!("  note: {}", w.as_str().unwrap_or_default());
        }
    }
}

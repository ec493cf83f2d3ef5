//! `segatlas render PATH [--stats TABLE --key K] --var EXPR [--scheme NAME --k K --hinge H
//! --palette NAME --reversed --categorical] [--title T] [--subtitle S] [--source S]
//! [--layout slide|a4|a4-landscape] [--size WxH] [--lang sv|en] --out FILE.svg|FILE.png`.

use crate::classify::style::{render_values, MapStyle};
use crate::data::crs::Crs;
use crate::data::join::{join, KeySpec};
use crate::data::write::{atomic_write, check_not_input};
use crate::data::{self, expr::Expr};
use crate::error::{Error, Result};
use crate::figure::{png, Figure, Layout};
use crate::i18n::Lang;
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A layer of areas
    path: PathBuf,
    /// Statistics to join onto the areas first
    #[arg(long)]
    stats: Option<PathBuf>,
    /// The join key for --stats: FIELD or FIELD:TABLE_FIELD
    #[arg(long)]
    key: Option<String>,
    /// The variable: a column or an expression
    #[arg(long = "var")]
    var: String,
    #[arg(long, default_value = "quantiles")]
    scheme: String,
    #[arg(long, default_value_t = 5)]
    k: usize,
    #[arg(long, default_value_t = 1.5)]
    hinge: f64,
    /// Class bounds for user-defined, separated by ';'
    #[arg(long, default_value = "")]
    bins: String,
    #[arg(long, default_value = "YlOrRd")]
    palette: String,
    #[arg(long)]
    reversed: bool,
    /// One colour per distinct value (codes, area types)
    #[arg(long)]
    categorical: bool,
    #[arg(long)]
    title: Option<String>,
    #[arg(long, default_value = "")]
    subtitle: String,
    /// The source line, e.g. "Källa: SCB"
    #[arg(long, default_value = "")]
    source: String,
    /// slide (16:9), a4 or a4-landscape
    #[arg(long, default_value = "slide")]
    layout: String,
    /// The size in pixels, WIDTHxHEIGHT (overrides the layout's)
    #[arg(long)]
    size: Option<String>,
    /// sv or en (legend numbers and words)
    #[arg(long, default_value = "sv")]
    lang: String,
    /// The CRS of a layer whose file declares none
    #[arg(long)]
    crs: Option<String>,
    /// .svg or .png
    #[arg(long)]
    out: PathBuf,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

pub fn run(a: &Args) -> Result<i32> {
    let mut layer = data::open_layer(&a.path)?;
    super::assume_crs(&mut layer, a.crs.as_deref())?;
    let table = match (&a.stats, &a.key) {
        (Some(stats), Some(key)) => {
            let t = data::open_table(stats)?;
            join(&layer, &t, &KeySpec::parse(key))
                .map_err(|e| e.with_file(stats))?
                .table
        }
        (Some(_), None) => return Err(Error::input("--stats needs --key")),
        _ => layer.table.clone(),
    };
    let lang = match a.lang.as_str() {
        "sv" => Lang::Sv,
        "en" => Lang::En,
        other => {
            return Err(Error::input(format!(
                "unknown language '{other}' (sv or en)"
            )))
        }
    };
    let layout = Layout::from_name(&a.layout).ok_or_else(|| {
        Error::input(format!(
            "unknown layout '{}' (slide, a4, a4-landscape)",
            a.layout
        ))
    })?;
    let (width, height) = match &a.size {
        None => layout.size(),
        Some(s) => {
            let (w, h) = s
                .split_once(['x', 'X', '×'])
                .and_then(|(w, h)| {
                    Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?))
                })
                .filter(|(w, h)| *w >= 100 && *h >= 100 && *w <= 20_000 && *h <= 20_000)
                .ok_or_else(|| {
                    Error::input(format!(
                        "--size must be WIDTHxHEIGHT in pixels (100–20000), not '{s}'"
                    ))
                })?;
            (w as f64, h as f64)
        }
    };
    let style = MapStyle {
        variable: a.var.clone(),
        scheme: a.scheme.clone(),
        k: a.k,
        hinge: a.hinge,
        bounds: a.bins.clone(),
        palette: a.palette.clone(),
        reversed: a.reversed,
        categorical: a.categorical,
        labels: false,
    };
    let values = Expr::parse(&a.var)?
        .evaluate(&table, Some(&layer.area_km2()))
        .map_err(|e| e.with_file(&a.path))?;
    let rendered = render_values(&style, values, lang)?;
    let figure = Figure {
        areas: &layer.projected,
        rendered: &rendered,
        title: a.title.clone().unwrap_or_else(|| a.var.clone()),
        subtitle: a.subtitle.clone(),
        legend_title: a.var.clone(),
        source: a.source.clone(),
        metres: layer.working_crs != Crs::Planar,
        width,
        height,
        lang,
    };
    let svg = figure.svg();
    let mut inputs = vec![a.path.as_path()];
    if let Some(s) = &a.stats {
        inputs.push(s.as_path());
    }
    check_not_input(&a.out, &inputs)?;
    let ext = a
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "svg" => atomic_write(&a.out, svg.as_bytes())?,
        "png" => atomic_write(&a.out, &png(&svg, width as u32, height as u32)?)?,
        other => {
            return Err(Error::output(
                &a.out,
                format!("cannot write '.{other}' figures; use .svg or .png"),
            ))
        }
    }
    if a.json {
        super::print_json(&json!({
            "out": a.out,
            "width": width,
            "height": height,
            "areas": layer.len(),
            "legend": rendered.legend.iter().map(|e| json!({"label": e.label, "count": e.count})).collect::<Vec<_>>(),
            "missing": rendered.missing,
        }));
    }
    Ok(0)
}

//! `segatlas render PATH [--stats TABLE --key K] --var EXPR [--scheme NAME --k K --hinge H
//! --palette NAME --reversed --categorical] [--title T] [--subtitle S] [--source S]
//! [--layout slide|a4|a4-landscape] [--size WxH] [--lang sv|en] --out FILE.svg|FILE.png`.

use crate::classify::style::{render_values, MapStyle};
use crate::data::crs::Crs;
use crate::data::write::{atomic_write, check_not_input};
use crate::data::{self, expr::Expr};
use crate::error::{Error, Result};
use crate::figure::{png, Figure, Layout};
use crate::i18n::Lang;
use crate::project::{is_project, FigureSettings, Project};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A layer of areas, or a project (*.segatlas.json)
    path: PathBuf,
    /// Statistics to join onto the areas first
    #[arg(long)]
    stats: Option<PathBuf>,
    /// The join key for --stats: FIELD or FIELD:TABLE_FIELD
    #[arg(long)]
    key: Option<String>,
    /// The variable: a column or an expression (taken from the project when PATH is one)
    #[arg(long = "var", default_value = "")]
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

/// The project these arguments describe (the layer as given, paths as given).
pub fn project_from_args(a: &Args) -> Project {
    Project {
        segatlas_project: 1,
        layer: a.path.clone(),
        stats: a.stats.clone(),
        key: a.key.clone(),
        crs: a.crs.clone(),
        style: MapStyle {
            variable: a.var.clone(),
            scheme: a.scheme.clone(),
            k: a.k,
            hinge: a.hinge,
            bounds: a.bins.clone(),
            palette: a.palette.clone(),
            reversed: a.reversed,
            categorical: a.categorical,
            labels: false,
        },
        figure: FigureSettings {
            title: a.title.clone().unwrap_or_else(|| a.var.clone()),
            subtitle: a.subtitle.clone(),
            source: a.source.clone(),
            layout: a.layout.clone(),
            size: a.size.clone(),
            lang: a.lang.clone(),
        },
    }
}

/// `segatlas project new …`: save the arguments as a project instead of rendering.
pub fn new_project(a: &Args) -> Result<i32> {
    if a.var.is_empty() {
        return Err(Error::input("give the variable to map with --var"));
    }
    if !is_project(&a.out) {
        return Err(Error::output(
            &a.out,
            "a project file is named *.segatlas.json",
        ));
    }
    let p = project_from_args(a);
    data::open_layer(&p.layer)?;
    check_not_input(&a.out, &[&a.path])?;
    p.save(&a.out)?;
    if a.json {
        super::print_json(&json!({"out": a.out, "layer": p.layer}));
    }
    Ok(0)
}

pub fn run(a: &Args) -> Result<i32> {
    if !is_project(&a.path) && a.var.is_empty() {
        return Err(Error::input(
            "give the variable to map with --var (or render a project)",
        ));
    }
    let p = if is_project(&a.path) {
        Project::load(&a.path)?
    } else {
        project_from_args(a)
    };
    render_project(&p, a)
}

fn render_project(p: &Project, a: &Args) -> Result<i32> {
    let mut layer = data::open_layer(&p.layer)?;
    super::assume_crs(&mut layer, p.crs.as_deref())?;
    let table = super::attributes(&layer, p.stats.as_deref(), p.key.as_deref())?;
    let f = &p.figure;
    let lang = match f.lang.as_str() {
        "sv" => Lang::Sv,
        "en" => Lang::En,
        other => {
            return Err(Error::input(format!(
                "unknown language '{other}' (sv or en)"
            )))
        }
    };
    let layout = Layout::from_name(&f.layout).ok_or_else(|| {
        Error::input(format!(
            "unknown layout '{}' (slide, a4, a4-landscape)",
            f.layout
        ))
    })?;
    let size = a.size.as_ref().or(f.size.as_ref());
    let (width, height) = match size {
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
    let style = &p.style;
    let values = Expr::parse(&style.variable)?
        .evaluate(&table, Some(&layer.area_km2()))
        .map_err(|e| e.with_file(&p.layer))?;
    let rendered = render_values(style, values, lang)?;
    let figure = Figure {
        areas: &layer.projected,
        rendered: &rendered,
        title: if f.title.is_empty() {
            style.variable.clone()
        } else {
            f.title.clone()
        },
        subtitle: f.subtitle.clone(),
        legend_title: style.variable.clone(),
        source: f.source.clone(),
        metres: layer.working_crs != Crs::Planar,
        width,
        height,
        lang,
    };
    let svg = figure.svg();
    let mut inputs = vec![a.path.as_path(), p.layer.as_path()];
    if let Some(s) = &p.stats {
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

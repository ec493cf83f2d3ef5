//! `segatlas render PATH [--stats TABLE --key K] --var EXPR [--scheme NAME --k K --hinge H
//! --palette NAME --reversed --categorical] [--title T] [--subtitle S] [--source S]
//! [--layout slide|a4|a4-landscape] [--size WxH] [--lang sv|en] --out FILE.svg|FILE.png`, or
//! `--each FIELD --out FOLDER [--format svg|png]` for one figure per value of a field.

use super::input::{rows_where, LayerArgs};
use crate::classify::style::MapStyle;
use crate::data::write::{atomic_write, check_not_input};
use crate::data::{self};
use crate::error::{Error, Result};
use crate::figure::png;
use crate::i18n::Lang;
use crate::project::{is_project, FigureSettings, Project};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The layer (or a project, *.segatlas.json, as PATH) and its options
    #[command(flatten)]
    pub input: LayerArgs,
    /// The variable: a column or an expression (taken from the project when PATH is one)
    #[arg(long = "var", default_value = "")]
    pub var: String,
    #[arg(long, default_value = "quantiles")]
    pub scheme: String,
    #[arg(long, default_value_t = 5)]
    pub k: usize,
    #[arg(long, default_value_t = 1.5)]
    pub hinge: f64,
    /// Class bounds for user-defined, separated by ';'
    #[arg(long, default_value = "")]
    pub bins: String,
    #[arg(long, default_value = "YlOrRd")]
    pub palette: String,
    #[arg(long)]
    pub reversed: bool,
    /// One colour per distinct value (codes, area types)
    #[arg(long)]
    pub categorical: bool,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long, default_value = "")]
    pub subtitle: String,
    /// The source line, e.g. "Källa: SCB"
    #[arg(long, default_value = "")]
    pub source: String,
    /// slide (16:9), a4, a4-landscape, a3 or a3-landscape
    #[arg(long, default_value = "slide")]
    pub layout: String,
    /// A PNG's resolution: the layout's size printed at this many dots per inch (96 = as is)
    #[arg(long)]
    pub dpi: Option<f64>,
    /// The size in pixels, WIDTHxHEIGHT (overrides the layout's)
    #[arg(long)]
    pub size: Option<String>,
    /// sv or en (legend numbers and words)
    #[arg(long, default_value = "sv")]
    pub lang: String,
    /// .svg, .png or .pdf (with --each: a folder)
    #[arg(long)]
    pub out: PathBuf,
    /// One figure per value of this field (e.g. kommun), written into the --out folder; the
    /// classes are the whole layer's, so the figures share one legend
    #[arg(long)]
    pub each: Option<String>,
    /// With --each: svg, png or pdf
    #[arg(long, default_value = "svg")]
    pub format: String,
    /// Outlines of another layer drawn over the map (e.g. municipal borders, the police's areas)
    #[arg(long)]
    pub overlay: Option<PathBuf>,
    /// Label each area with this field (e.g. kommunnamn)
    #[arg(long)]
    pub labels: Option<String>,
    /// A bivariate map of two variables, X,Y: tertiles of each, nine colours, a 3 × 3 legend
    #[arg(long, value_name = "X,Y")]
    pub bivariate: Option<String>,
    /// The bivariate map's palette: purple-orange, green-blue or pink-blue (not safe for
    /// red–green colour-blind readers)
    #[arg(long = "bivariate-palette", default_value = "purple-orange")]
    pub bivariate_palette: String,
    /// The legend's title (default: the variable)
    #[arg(long = "legend-title")]
    pub legend_title: Option<String>,
    /// A field's label (repeatable): FIELD=TEXT, the legend's title when --legend-title is not
    /// given; SCB's fields have theirs already ("Utländsk bakgrund 2022")
    #[arg(long = "label")]
    pub label: Vec<String>,
    /// Show part of the map: FIELD=VALUE zooms to those areas (kommun=0180), or
    /// MINX,MINY,MAXX,MAXY in the layer's CRS; areas are cut at the map's frame
    #[arg(long)]
    pub extent: Option<String>,
    /// Where the legend goes: right (its own column) or a corner of the map: top-left,
    /// top-right, bottom-left, bottom-right
    #[arg(long = "legend-at", default_value = "auto")]
    pub legend_at: String,
    /// Where the scale bar goes: a corner (default bottom-left)
    #[arg(long = "scale-at", default_value = "auto")]
    pub scale_at: String,
    /// Where the north arrow goes: a corner (default top-right)
    #[arg(long = "north-at", default_value = "auto")]
    pub north_at: String,
    /// With --extent: a locator inset, the whole layer small in a corner with the extent marked
    #[arg(long)]
    pub locator: bool,
    /// With --extent: a locator inset of this layer instead (the county, Sweden), in the same
    /// working CRS
    #[arg(long = "locator-layer", value_name = "PATH")]
    pub locator_layer: Option<PathBuf>,
    /// Small multiples of one variable over these years, Y1,Y2,… (the variable's columns of
    /// each year), on one classification
    #[arg(long, value_name = "Y1,Y2,…")]
    pub years: Option<String>,
    /// Small multiples: each map classified on its own, a legend under each (default: one
    /// classification and one legend for all)
    #[arg(long = "own-classes")]
    pub own_classes: bool,
    /// A white print margin of this many millimetres on every side of the page, the figure
    /// scaled into the space inside
    #[arg(long, value_name = "MM")]
    pub margin: Option<f64>,
}

/// `--bivariate X,Y`: the two variables.
pub(super) fn parse_pair(text: &str) -> Result<[String; 2]> {
    let parts = crate::data::expr::split_list(text);
    match parts.as_slice() {
        [x, y] => Ok([x.clone(), y.clone()]),
        _ => Err(Error::input(format!(
            "--bivariate takes two variables, X,Y; got '{text}'"
        ))),
    }
}

/// The project these arguments describe (the layer as given, paths as given).
pub fn project_from_args(a: &Args) -> Project {
    Project {
        segatlas_project: 1,
        layer: a.input.path.clone(),
        stats: a.input.stats.clone(),
        key: a.input.key.clone(),
        more_stats: Vec::new(),
        crs: a.input.crs.clone(),
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
            title: a.title.clone().unwrap_or_else(|| match &a.bivariate {
                Some(b) => parse_pair(b).map_or_else(|_| b.clone(), |[x, y]| format!("{x} × {y}")),
                None => a.var.clone(),
            }),
            subtitle: a.subtitle.clone(),
            source: a.source.clone(),
            layout: a.layout.clone(),
            size: a.size.clone(),
            lang: a.lang.clone(),
            overlay: a.overlay.clone(),
            labels: a.labels.clone(),
            margin_mm: a.margin,
            legend_at: a.legend_at.clone(),
            scale_at: a.scale_at.clone(),
            north_at: a.north_at.clone(),
            variable_labels: crate::data::labels::parse(&a.label).unwrap_or_default(),
        },
        selection: Vec::new(),
        selection_key: None,
        analyses: Default::default(),
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
    crate::data::labels::parse(&a.label)?;
    let p = project_from_args(a);
    data::open_layer(&p.layer)?;
    check_not_input(&a.out, &[&a.input.path])?;
    p.save(&a.out)?;
    if a.input.json {
        super::print_json(&json!({"out": a.out, "layer": p.layer}));
    }
    Ok(0)
}

pub fn run(a: &Args) -> Result<i32> {
    crate::data::labels::parse(&a.label)?;
    let listed = crate::data::expr::split_list(&a.var);
    if !is_project(&a.input.path) && (listed.len() > 1 || a.years.is_some()) {
        // Several variables — unless the commas are inside one column's name.
        let (layer, table) = a.input.load()?;
        let vars = super::input::variables(&a.var, &table);
        if vars.len() > 1 || a.years.is_some() {
            return super::render_multiples::render_multiples(a, &vars, layer, table);
        }
    }
    if !is_project(&a.input.path) && a.var.is_empty() && a.bivariate.is_none() {
        return Err(Error::input(
            "give the variable to map with --var (or render a project)",
        ));
    }
    let p = if is_project(&a.input.path) {
        let (p, warnings) = Project::load(&a.input.path)?;
        for w in warnings {
            eprintln!("segatlas: {w}");
        }
        p
    } else {
        project_from_args(a)
    };
    super::render_project::render_project(&p, a)
}

/// The figure with `--margin` millimetres of white page around it (none without).
pub(super) fn margined(svg: String, (w, h): (f64, f64), mm: Option<f64>) -> Result<String> {
    match mm {
        Some(mm) if !mm.is_finite() || mm < 0.0 => Err(Error::input(format!(
            "--margin {mm}: give the margin in millimetres, 0 or more"
        ))),
        Some(mm) if mm > 0.0 => crate::figure::with_margin(&svg, w, h, crate::figure::mm_to_px(mm)),
        _ => Ok(svg),
    }
}

/// `--lang sv|en`.
pub(super) fn parse_lang(text: &str) -> Result<Lang> {
    match text {
        "sv" => Ok(Lang::Sv),
        "en" => Ok(Lang::En),
        other => Err(Error::input(format!(
            "unknown language '{other}' (sv or en)"
        ))),
    }
}

/// Write a figure as SVG, PNG or PDF by the extension, atomically, never over an input. A PNG
/// is `width` × `height` pixels at 96 dpi, or scaled to `dpi`; a PDF page is that size in
/// points at 96 pixels to the inch.
pub(super) fn write_figure(
    out: &std::path::Path,
    svg: &str,
    width: f64,
    height: f64,
    inputs: &[&std::path::Path],
) -> Result<()> {
    write_figure_as(out, svg, (width, height), inputs, Lang::Sv, None)
}

/// [`write_figure`] with the figure's language (the PDF's) and a PNG resolution.
pub(super) fn write_figure_as(
    out: &std::path::Path,
    svg: &str,
    (width, height): (f64, f64),
    inputs: &[&std::path::Path],
    lang: Lang,
    dpi: Option<f64>,
) -> Result<()> {
    check_not_input(out, inputs)?;
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "svg" => atomic_write(out, svg.as_bytes()),
        "png" => {
            let k = dpi.map_or(1.0, |d| d / 96.0);
            let (w, h) = ((width * k).round(), (height * k).round());
            let side = f64::from(crate::figure::output::MAX_SIDE);
            if !(1.0..=side).contains(&w) || !(1.0..=side).contains(&h) {
                return Err(Error::input(format!(
                    "a {w}×{h} pixel PNG is outside what segatlas makes (1 to {side} pixels a side): lower the size or --dpi"
                )));
            }
            atomic_write(out, &png(svg, w as u32, h as u32)?)
        }
        "pdf" => atomic_write(out, &crate::figure::pdf::pdf(svg, width, height, lang)?),
        other => Err(Error::output(
            out,
            format!("cannot write '.{other}' figures; use .svg, .png or .pdf"),
        )),
    }
}
/// `--extent`: the world rectangle (in the working CRS) of the areas where FIELD=VALUE holds,
/// with a margin, or of MINX,MINY,MAXX,MAXY given in the layer's own CRS.
pub(super) fn parse_extent(
    text: &str,
    layer: &crate::data::Layer,
    table: &crate::data::Table,
) -> Result<[f64; 4]> {
    let numbers: Vec<Option<f64>> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok())
        .collect();
    if numbers.len() == 4 && numbers.iter().all(Option::is_some) {
        let n: Vec<f64> = numbers.into_iter().flatten().collect();
        if !(n[0] < n[2] && n[1] < n[3]) {
            return Err(Error::input(format!(
                "--extent {text}: give MINX,MINY,MAXX,MAXY with MINX < MAXX and MINY < MAXY"
            )));
        }
        let p = crate::data::crs::Projector::new(layer.crs, layer.working_crs)?;
        let corners: Vec<(f64, f64)> = [(n[0], n[1]), (n[2], n[1]), (n[2], n[3]), (n[0], n[3])]
            .iter()
            .map(|&(x, y)| {
                p.project(x, y).ok_or_else(|| {
                    Error::input(format!(
                        "--extent {text}: ({x}, {y}) is outside the layer's CRS"
                    ))
                })
            })
            .collect::<Result<_>>()?;
        return Ok(corners.iter().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |b, (x, y)| [b[0].min(*x), b[1].min(*y), b[2].max(*x), b[3].max(*y)],
        ));
    }
    let rows = rows_where(text, table, Some(&layer.area_km2()))
        .map_err(|e| Error::input(format!("--extent {text}: {}", e.message)))?;
    if rows.is_empty() {
        return Err(Error::input(format!("--extent {text}: no area has it")));
    }
    let areas: Vec<geo::MultiPolygon<f64>> =
        rows.iter().map(|&r| layer.projected[r].clone()).collect();
    let b = crate::data::layer::bbox_of(&areas)
        .ok_or_else(|| Error::input(format!("--extent {text}: those areas have no geometry")))?;
    let pad = ((b[2] - b[0]).max(b[3] - b[1]) * 0.03).max(1e-9);
    Ok([b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad])
}

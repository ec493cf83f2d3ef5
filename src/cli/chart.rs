//! `segatlas chart PATH [--stats T --key K] --kind histogram|boxplot|scatter|parallel …
//! [--out FILE.svg|png] [--json]`: the exploratory views' charts as figures, and the numbers
//! they draw as JSON — the same engine functions the app's linked views call.

use super::input::{rows_where, LayerArgs};
use super::render::{parse_lang, write_figure_as};
use crate::analysis::explore::{self, BoxStats};
use crate::classify::{self, palette::Palette, Scheme};
use crate::data::expr::Expr;
use crate::error::{Error, Result};
use crate::figure::chart::{line_text, summary_note, Chart};
use crate::i18n::Lang;
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// histogram, boxplot, scatter or parallel
    #[arg(long)]
    kind: String,
    /// The variable (histogram), or variables side by side, A,B,… (box plot)
    #[arg(long = "var", value_name = "EXPR")]
    var: Option<String>,
    /// Scatter plot: the variable across
    #[arg(long)]
    x: Option<String>,
    /// Scatter plot: the variable up
    #[arg(long)]
    y: Option<String>,
    /// Parallel coordinates: 2–10 variables, A,B,C…
    #[arg(long)]
    vars: Option<String>,
    /// Histogram: the number of bins of equal width
    #[arg(long, default_value_t = 10)]
    bins: usize,
    /// Histogram: the map's classes as bins instead (a scheme: quantiles, fisher-jenks, …)
    #[arg(long)]
    classes: Option<String>,
    /// With --classes: the number of classes
    #[arg(long, default_value_t = 5)]
    k: usize,
    /// With --classes: the map's palette (the bars' colours)
    #[arg(long, default_value = "YlOrRd")]
    palette: String,
    /// Box plot: the fences at q1 − h·IQR and q3 + h·IQR
    #[arg(long, default_value_t = 1.5)]
    hinge: f64,
    /// Parallel coordinates: raw values on each axis instead of standardised (z-scores)
    #[arg(long)]
    raw: bool,
    /// Areas to highlight as a selection (FIELD=VALUE or an expression); the scatter plot
    /// fits a line to them and to the rest
    #[arg(long = "select")]
    select: Option<String>,
    #[arg(long)]
    title: Option<String>,
    /// A field's label on the chart (repeatable): FIELD=TEXT; SCB's fields have theirs already
    #[arg(long = "label")]
    label: Vec<String>,
    /// The source line, e.g. "Källa: SCB"
    #[arg(long, default_value = "")]
    source: String,
    /// The size in pixels, WIDTHxHEIGHT
    #[arg(long, default_value = "1000x640")]
    size: String,
    /// sv or en (numbers and words)
    #[arg(long, default_value = "sv")]
    lang: String,
    /// .svg, .png or .pdf
    #[arg(long)]
    out: Option<PathBuf>,
    /// A PNG's resolution: the size printed at this many dots per inch (96 = as is)
    #[arg(long)]
    dpi: Option<f64>,
}

/// A variable's values on the layer, errors naming the file.
fn values(
    a: &Args,
    expr: &str,
    table: &crate::data::Table,
    area: &[f64],
) -> Result<Vec<Option<f64>>> {
    Expr::values(expr, table, Some(area)).map_err(|e| a.input.err(e))
}

fn need<'a>(v: &'a Option<String>, flag: &str, kind: &str) -> Result<&'a str> {
    v.as_deref()
        .ok_or_else(|| Error::input(format!("a {kind} needs {flag}")))
}

fn box_json(name: &str, b: &BoxStats, ids: &dyn Fn(usize) -> Value) -> Value {
    json!({
        "variable": name,
        "n": b.n, "missing": b.missing,
        "min": b.min, "q1": b.q1, "median": b.median, "q3": b.q3, "max": b.max,
        "mean": b.mean, "hinge": b.hinge,
        "fence_low": b.fence_low, "fence_high": b.fence_high,
        "whisker_low": b.whisker_low, "whisker_high": b.whisker_high,
        "outliers": b.outlier_values,
        "outlier_areas": b.outliers.iter().map(|&r| ids(r)).collect::<Vec<_>>(),
    })
}

pub fn run(a: &Args) -> Result<i32> {
    if a.out.is_none() && !a.input.json {
        return Err(Error::input("give --out FILE.svg|png, --json, or both"));
    }
    let lang = parse_lang(&a.lang)?;
    let own = crate::data::labels::parse(&a.label)?;
    // What a variable is called on the chart: its label, else as typed.
    let named = |v: &str| crate::data::labels::or_field(v, lang, &own);
    let (width, height) = crate::figure::parse_size(&a.size)?;
    let (layer, table) = a.input.load()?;
    let area = layer.area_km2();
    let selected: Vec<bool> = match &a.select {
        Some(w) => {
            let rows = rows_where(w, &table, Some(&area)).map_err(|e| a.input.err(e))?;
            let mut m = vec![false; table.len()];
            for r in rows {
                m[r] = true;
            }
            m
        }
        None => vec![false; table.len()],
    };
    let (id_field, _) = crate::data::table::identify_fields(&table);
    let id_col = id_field.as_deref().and_then(|f| table.column(f));
    let ids = |r: usize| -> Value {
        id_col
            .and_then(|c| c.key_at(r))
            .map_or(json!(r), Value::from)
    };
    let (chart, numbers) = match a.kind.as_str() {
        "histogram" => {
            let var = need(&a.var, "--var", "histogram")?;
            let v = values(a, var, &table, &area)?;
            let (h, colors) = match &a.classes {
                None => (explore::histogram(&v, a.bins)?, Vec::new()),
                Some(scheme) => {
                    let c = classify::classify(&v, &Scheme::from_name(scheme, a.k, 1.5, &[])?)?;
                    let class: Vec<Option<usize>> =
                        v.iter().map(|x| classify::class_of(*x, &c.bins)).collect();
                    let mut edges = vec![c.min];
                    edges.extend(&c.bins);
                    let palette = Palette::named(&a.palette)
                        .ok_or_else(|| Error::input(format!("unknown palette '{}'", a.palette)))?;
                    let colors = palette.colors(c.bins.len(), false);
                    (explore::histogram_by_classes(&v, &class, edges)?, colors)
                }
            };
            let n = h.counts.iter().sum::<usize>();
            let json = json!({
                "kind": "histogram", "variable": var,
                "edges": h.edges, "counts": h.counts,
                "selected": h.selected_counts(&|i| selected[i]),
                "n": n, "missing": h.missing,
            });
            let chart = Chart::Histogram {
                title: a.title.clone().unwrap_or_else(|| named(var)),
                x_label: named(var),
                selected: if a.select.is_some() {
                    h.selected_counts(&|i| selected[i])
                } else {
                    Vec::new()
                },
                edges: h.edges,
                counts: h.counts,
                colors,
                note: summary_note(n, h.missing, &a.source, lang),
            };
            (chart, json)
        }
        "boxplot" => {
            let names = super::input::variables(need(&a.var, "--var", "box plot")?, &table);
            if names.is_empty() {
                return Err(Error::input("a box plot needs --var A[,B…]"));
            }
            let mut boxes = Vec::new();
            for name in &names {
                let v = values(a, name, &table, &area)?;
                boxes.push((name.clone(), explore::box_plot(&v, a.hinge)?));
            }
            let list: Vec<Value> = boxes.iter().map(|(n, b)| box_json(n, b, &ids)).collect();
            let mut json = if list.len() == 1 {
                list[0].clone()
            } else {
                json!({})
            };
            json["kind"] = json!("boxplot");
            json["boxes"] = json!(list);
            let (n, missing) = (
                boxes[0].1.n,
                boxes.iter().map(|b| b.1.missing).max().unwrap_or(0),
            );
            let chart = Chart::BoxPlot {
                title: a.title.clone().unwrap_or_else(|| {
                    names
                        .iter()
                        .map(|n| named(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
                note: summary_note(n, missing, &a.source, lang),
                boxes: boxes.into_iter().map(|(n, b)| (named(&n), b)).collect(),
            };
            (chart, json)
        }
        "scatter" => {
            let (xn, yn) = (
                need(&a.x, "--x", "scatter plot")?,
                need(&a.y, "--y", "scatter plot")?,
            );
            let (vx, vy) = (values(a, xn, &table, &area)?, values(a, yn, &table, &area)?);
            let (pairs, missing) = explore::scatter_pairs(&vx, &vy);
            let f = explore::fit(&pairs)?;
            let fit_json = |f: &explore::Fit| json!({"slope": f.slope, "intercept": f.intercept, "r": f.r, "n": f.n});
            let (sel, rest) = if a.select.is_some() {
                (
                    explore::fit_rows(&pairs, &|i| selected[i]).ok(),
                    explore::fit_rows(&pairs, &|i| !selected[i]).ok(),
                )
            } else {
                (None, None)
            };
            let json = json!({
                "kind": "scatter", "x": xn, "y": yn,
                "slope": f.slope, "intercept": f.intercept, "r": f.r, "n": f.n, "missing": missing,
                "selection": sel.as_ref().map(fit_json), "rest": rest.as_ref().map(fit_json),
            });
            let eq = line_text(f.intercept, f.slope, f.r, lang);
            let chart = Chart::Scatter {
                title: a
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("{} / {}", named(yn), named(xn))),
                x_label: named(xn),
                y_label: named(yn),
                points: pairs.iter().map(|p| (p.1, p.2)).collect(),
                line: Some((f.intercept, f.slope)),
                selected: pairs
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| selected[p.0])
                    .map(|(k, _)| k)
                    .collect(),
                selected_line: sel.map(|s| (s.intercept, s.slope)),
                note: format!("{eq} · {}", summary_note(f.n, missing, &a.source, lang)),
            };
            (chart, json)
        }
        "parallel" => {
            let names = super::input::variables(
                need(&a.vars, "--vars", "parallel coordinate plot")?,
                &table,
            );
            let cols: Vec<Vec<Option<f64>>> = names
                .iter()
                .map(|n| values(a, n, &table, &area))
                .collect::<Result<_>>()?;
            let p = explore::parallel(&cols, !a.raw)?;
            let json = json!({
                "kind": "parallel", "vars": names, "standardised": p.standardised,
                "n": p.rows.len(), "missing": p.missing,
                "mean": p.mean, "sd": p.sd, "ranges": p.range,
            });
            let lines: Vec<Vec<f64>> = (0..p.rows.len())
                .map(|k| p.values.iter().map(|axis| axis[k]).collect())
                .collect();
            let chart = Chart::Parallel {
                title: a.title.clone().unwrap_or_else(|| {
                    if p.standardised {
                        match lang {
                            Lang::Sv => "Parallella koordinater (standardiserade)".into(),
                            Lang::En => "Parallel coordinates (standardised)".into(),
                        }
                    } else {
                        match lang {
                            Lang::Sv => "Parallella koordinater".into(),
                            Lang::En => "Parallel coordinates".into(),
                        }
                    }
                }),
                axes: names.iter().map(|n| named(n)).collect(),
                selected: p.rows.iter().map(|&r| selected[r]).collect(),
                lines,
                ranges: p.range.clone(),
                note: summary_note(p.rows.len(), p.missing, &a.source, lang),
            };
            (chart, json)
        }
        other => {
            return Err(Error::input(format!(
                "unknown chart kind '{other}' ({})",
                explore::KINDS.join(", ")
            )))
        }
    };
    let mut numbers = numbers;
    if let Some(out) = &a.out {
        let svg = chart.svg(width, height, lang);
        let mut inputs = vec![a.input.path.as_path()];
        if let Some(s) = &a.input.stats {
            inputs.push(s.as_path());
        }
        write_figure_as(out, &svg, (width, height), &inputs, lang, a.dpi)?;
        numbers["out"] = json!(out);
    }
    if a.input.json {
        super::print_json(&numbers);
    } else if let Some(out) = &a.out {
        println!("{} written", out.display());
    }
    Ok(0)
}

//! `segatlas render --var A,B,…` or `--var X --years Y1,Y2,…`: small multiples, one map per
//! variable or year, on one classification and one legend (unless `--own-classes`).

use super::render::{margined, parse_lang, write_figure_as, Args};
use crate::classify::style::{render_values, MapStyle};
use crate::data::crs::Crs;
use crate::data::expr::Expr;
use crate::error::{Error, Result};
use crate::figure::Layout;
use serde_json::json;

/// `render --var A,B,… ` or `--var X --years Y1,Y2,…`: small multiples, one map per variable
/// or year, on one classification and one legend (unless `--own-classes`).
pub(super) fn render_multiples(
    a: &Args,
    vars: &[String],
    layer: crate::data::Layer,
    table: crate::data::Table,
) -> Result<i32> {
    let lang = parse_lang(&a.lang)?;
    // The maps' headings: the variables, or the years.
    let mut headings: Vec<String> = vars.to_vec();
    let vars: Vec<String> = match &a.years {
        None => vars.to_vec(),
        Some(text) => {
            let years = crate::analysis::years::parse_years(text)
                .filter(|y| !y.is_empty())
                .ok_or_else(|| Error::input(format!("--years: '{text}' is not a list of years")))?;
            let [var] = vars else {
                return Err(Error::input("--years takes one variable in --var"));
            };
            let expr = Expr::for_table(var, &table).map_err(|e| a.input.err(e))?;
            headings = years.iter().map(|y| y.to_string()).collect();
            years
                .iter()
                .map(|y| {
                    crate::analysis::years::move_to_year(&expr, &table, *y)
                        .map(|e| e.to_string())
                        .ok_or_else(|| {
                            a.input
                                .err(Error::input(format!("'{var}' has no columns for {y}")))
                        })
                })
                .collect::<Result<_>>()?
        }
    };
    if vars.len() > 12 {
        return Err(Error::input(format!(
            "{} maps are too many for one figure (at most 12)",
            vars.len()
        )));
    }
    let area = layer.area_km2();
    let values: Vec<Vec<Option<f64>>> = vars
        .iter()
        .map(|v| Expr::values(v, &table, Some(&area)).map_err(|e| a.input.err(e)))
        .collect::<Result<_>>()?;
    let style = MapStyle {
        variable: vars[0].clone(),
        scheme: a.scheme.clone(),
        k: a.k,
        hinge: a.hinge,
        bounds: a.bins.clone(),
        palette: a.palette.clone(),
        reversed: a.reversed,
        categorical: false,
        labels: false,
    };
    let rendered: Vec<crate::classify::style::Rendered> = if a.own_classes {
        values
            .into_iter()
            .map(|v| render_values(&style, v, lang))
            .collect::<Result<_>>()?
    } else {
        crate::classify::style::render_shared(&style, values, lang)?
    };
    let (width, height) = match &a.size {
        Some(s) => crate::figure::parse_size(s)?,
        None => Layout::from_name(&a.layout)
            .ok_or_else(|| Error::input(format!("unknown layout '{}'", a.layout)))?
            .size(),
    };
    let title = a.title.clone().unwrap_or_else(|| match &a.years {
        Some(_) => format!("{} {}–{}", a.var, headings[0], headings[headings.len() - 1]),
        None => vars.join(" · "),
    });
    let svg = crate::figure::multiples::Multiples {
        panels: headings
            .iter()
            .zip(&rendered)
            .map(|(v, r)| crate::figure::multiples::Panel {
                outline: &[],
                title: v.clone(),
                areas: &layer.projected,
                rendered: r,
            })
            .collect(),
        title,
        legend_title: a.legend_title.clone().unwrap_or_else(|| {
            let own = crate::data::labels::parse(&a.label).unwrap_or_default();
            crate::data::labels::or_field(&a.var, lang, &own)
        }),
        shared_legend: !a.own_classes,
        source: a.source.clone(),
        metres: layer.working_crs != Crs::Planar,
        width,
        height,
        lang,
    }
    .svg();
    let mut inputs = vec![a.input.path.as_path()];
    if let Some(s) = &a.input.stats {
        inputs.push(s.as_path());
    }
    let svg = margined(svg, (width, height), a.margin)?;
    write_figure_as(&a.out, &svg, (width, height), &inputs, lang, a.dpi)?;
    if a.input.json {
        super::print_json(&json!({
            "out": a.out,
            "maps": vars.iter().zip(&rendered).map(|(v, r)| json!({
                "variable": v,
                "legend": r.legend.iter().map(|e| json!({"label": e.label, "count": e.count})).collect::<Vec<_>>(),
                "missing": r.missing,
            })).collect::<Vec<_>>(),
            "shared_classes": !a.own_classes,
            "width": width,
            "height": height,
        }));
    }
    Ok(0)
}

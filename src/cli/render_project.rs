//! `segatlas render` of one figure: the project (or the arguments made into one) opened,
//! classified and written as SVG, PNG or PDF — or one figure per value of `--each FIELD`.

use super::input::rows_where;
use super::render::{margined, parse_extent, parse_lang, parse_pair, write_figure_as, Args};
use crate::analysis::explore::{bivariate, BivariatePalette};
use crate::classify::style::render_values;
use crate::data::crs::Crs;
use crate::data::{self, expr::Expr};
use crate::error::{Error, Result};
use crate::figure::bivariate::BivariateLegend;
use crate::figure::{Figure, Layout};
use crate::project::Project;
use serde_json::json;

pub(super) fn render_project(p: &Project, a: &Args) -> Result<i32> {
    let (layer, table) = p.open()?;
    let (layer, table) = match &a.input.filter {
        None => (layer, table),
        Some(w) => {
            let rows = rows_where(w, &table, Some(&layer.area_km2()))
                .map_err(|e| e.with_file(&p.layer))?;
            if rows.is_empty() {
                return Err(Error::input(format!("--where '{w}': no area has it")));
            }
            let t = table.take_rows(&rows.iter().map(|&r| Some(r)).collect::<Vec<_>>());
            (layer.subset(&rows), t)
        }
    };
    let f = &p.figure;
    let lang = parse_lang(&f.lang)?;
    let layout = Layout::from_name(&f.layout).ok_or_else(|| {
        Error::input(format!(
            "unknown layout '{}' (slide, a4, a4-landscape, a3, a3-landscape)",
            f.layout
        ))
    })?;
    let size = a.size.as_ref().or(f.size.as_ref());
    let (width, height) = match size {
        None => layout.size(),
        Some(s) => crate::figure::parse_size(s)?,
    };
    let style = &p.style;
    let area = layer.area_km2();
    let (rendered, bivariate) = match &a.bivariate {
        Some(spec) => {
            let names = parse_pair(spec)?;
            let palette = BivariatePalette::named(&a.bivariate_palette).ok_or_else(|| {
                Error::input(format!(
                    "unknown bivariate palette '{}' (purple-orange, green-blue, pink-blue)",
                    a.bivariate_palette
                ))
            })?;
            let vx =
                Expr::values(&names[0], &table, Some(&area)).map_err(|e| e.with_file(&p.layer))?;
            let vy =
                Expr::values(&names[1], &table, Some(&area)).map_err(|e| e.with_file(&p.layer))?;
            let b = bivariate(&vx, &vy)?;
            let rendered = b.rendered(&palette, [&names[0], &names[1]], vx, lang);
            let legend = BivariateLegend::new(&b, &palette, [&names[0], &names[1]], lang);
            (rendered, Some((b, legend)))
        }
        None => {
            let values = Expr::values(&style.variable, &table, Some(&area))
                .map_err(|e| e.with_file(&p.layer))?;
            (render_values(style, values, lang)?, None)
        }
    };
    // Say so when red–green colour-blind readers cannot tell the classes apart.
    let safe = match &bivariate {
        Some(_) => {
            BivariatePalette::named(&a.bivariate_palette).is_some_and(|p| p.colour_blind_safe())
        }
        None => crate::classify::vision::colour_blind_safe(&rendered.colors),
    };
    if !safe {
        eprintln!(
            "segatlas: note: these colours are hard to tell apart for red–green colour-blind readers; a palette such as YlOrRd, viridis or RdBu is not"
        );
    }
    let extent = match &a.extent {
        Some(t) => Some(parse_extent(t, &layer, &table).map_err(|e| e.with_file(&p.layer))?),
        None => None,
    };
    let locator: Option<Vec<geo::MultiPolygon<f64>>> = match (&a.locator_layer, a.locator) {
        (Some(path), _) => {
            let l = data::open_layer(path)?;
            if l.working_crs != layer.working_crs {
                return Err(Error::in_file(
                    path,
                    "the locator layer's working CRS differs from the map's; give both in the same region",
                ));
            }
            Some(l.projected)
        }
        (None, true) => Some(layer.projected.clone()),
        (None, false) => None,
    };
    // A flag given wins over the project's place.
    let or_project = |flag: &String, saved: &String| {
        if flag == "auto" {
            saved.clone()
        } else {
            flag.clone()
        }
    };
    let places: Vec<crate::figure::Place> = [
        ("--legend-at", or_project(&a.legend_at, &f.legend_at)),
        ("--scale-at", or_project(&a.scale_at, &f.scale_at)),
        ("--north-at", or_project(&a.north_at, &f.north_at)),
    ]
    .iter()
    .map(|(flag, v)| {
        crate::figure::Place::from_name(v).ok_or_else(|| {
            Error::input(format!(
                "{flag} {v}: say where ({})",
                crate::figure::Place::NAMES.join(", ")
            ))
        })
    })
    .collect::<Result<_>>()?;
    if locator.is_some() && extent.is_none() {
        return Err(Error::input(
            "a locator inset shows where an --extent lies: give --extent too",
        ));
    }
    let legend_title = match (&a.legend_title, &bivariate) {
        (Some(t), _) => t.clone(),
        (None, Some(_)) => String::new(),
        (None, None) => crate::data::labels::or_field(&style.variable, lang, &f.variable_labels),
    };
    let title = if f.title.is_empty() {
        style.variable.clone()
    } else {
        f.title.clone()
    };
    let mut inputs = vec![a.input.path.as_path(), p.layer.as_path()];
    let joins = p.joins();
    inputs.extend(joins.iter().map(|(path, _)| path.as_path()));
    let overlay = match a.overlay.as_ref().or(p.figure.overlay.as_ref()) {
        Some(path) => {
            let o = data::open_layer(path)?;
            if o.working_crs != layer.working_crs {
                return Err(Error::in_file(
                    path,
                    "the overlay's working CRS differs from the map's; give both in the same region",
                ));
            }
            o.projected
        }
        None => Vec::new(),
    };
    let label_col = match a.labels.as_ref().or(p.figure.labels.as_ref()) {
        Some(f) => Some(table.require(f).map_err(|e| e.with_file(&p.layer))?),
        None => None,
    };
    let labels_of = |rows: &[usize]| -> Vec<([f64; 2], String)> {
        use geo::InteriorPoint;
        let Some(col) = label_col else {
            return Vec::new();
        };
        rows.iter()
            .filter_map(|&r| {
                let pt = layer.projected[r].interior_point()?;
                Some(([pt.x(), pt.y()], col.key_at(r)?))
            })
            .collect()
    };
    let figure = |areas: &[geo::MultiPolygon<f64>],
                  r: &crate::classify::style::Rendered,
                  title: String,
                  labels: &[([f64; 2], String)]| {
        Figure {
            overlay: &overlay,
            labels,
            areas,
            rendered: r,
            title,
            subtitle: f.subtitle.clone(),
            legend_title: legend_title.clone(),
            source: f.source.clone(),
            metres: layer.working_crs != Crs::Planar,
            width,
            height,
            lang,
            bivariate: bivariate.as_ref().map(|b| &b.1),
            extent,
            locator: locator.as_deref(),
            legend_at: places[0],
            scale_at: places[1],
            north_at: places[2],
        }
        .svg()
    };
    let Some(field) = &a.each else {
        let all: Vec<usize> = (0..layer.len()).collect();
        let svg = figure(&layer.projected, &rendered, title, &labels_of(&all));
        let svg = margined(svg, (width, height), a.margin.or(f.margin_mm))?;
        write_figure_as(&a.out, &svg, (width, height), &inputs, lang, a.dpi)?;
        if a.input.json {
            super::print_json(&json!({
                "out": a.out,
                "width": width,
                "height": height,
                "areas": layer.len(),
                "legend": rendered.legend.iter().map(|e| json!({"label": e.label, "count": e.count})).collect::<Vec<_>>(),
                "missing": rendered.missing,
                "colour_blind_safe": safe,
                "bivariate": bivariate.as_ref().map(|(b, _)| json!({
                    "variables": parse_pair(a.bivariate.as_deref().unwrap_or_default()).ok(),
                    "palette": a.bivariate_palette,
                    "bins": b.bins,
                    "counts": b.counts,
                    "missing": b.missing,
                })),
            }));
        }
        return Ok(0);
    };
    // One figure per value of the field, into a folder.
    let col = table.require(field).map_err(|e| e.with_file(&p.layer))?;
    let ext = match a.format.as_str() {
        "svg" | "png" | "pdf" => a.format.as_str(),
        other => {
            return Err(Error::input(format!(
                "--format must be svg, png or pdf, not '{other}'"
            )))
        }
    };
    crate::data::write::output_folder(&a.out)?;
    let (name_field, _) = crate::data::table::identify_fields(&table);
    let names = name_field.as_deref().and_then(|n| table.column(n));
    let mut values: Vec<String> = (0..table.len()).filter_map(|r| col.key_at(r)).collect();
    values.sort();
    values.dedup();
    let files = crate::data::write::distinct_names(
        &values
            .iter()
            .map(|v| {
                let stem: String = v
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                format!("{stem}.{ext}")
            })
            .collect::<Vec<_>>(),
    );
    let mut written = Vec::new();
    for (v, file) in values.iter().zip(&files) {
        let rows: Vec<usize> = (0..table.len())
            .filter(|&r| col.key_at(r).as_deref() == Some(v.as_str()))
            .collect();
        let areas: Vec<geo::MultiPolygon<f64>> =
            rows.iter().map(|&r| layer.projected[r].clone()).collect();
        let sub = rendered.subset(&rows);
        let name = names
            .and_then(|n| {
                let first = n.key_at(rows[0])?;
                rows.iter()
                    .all(|&r| n.key_at(r).as_deref() == Some(&first))
                    .then_some(first)
            })
            .filter(|n| n != v)
            .map_or_else(|| v.clone(), |n| format!("{v} {n}"));
        let svg = figure(&areas, &sub, format!("{title} – {name}"), &labels_of(&rows));
        let out = a.out.join(file);
        let svg = margined(svg, (width, height), a.margin.or(f.margin_mm))?;
        write_figure_as(&out, &svg, (width, height), &inputs, lang, a.dpi)?;
        written.push(json!({"value": v, "name": name, "out": out, "areas": rows.len()}));
    }
    if a.input.json {
        super::print_json(&json!({"figures": written, "width": width, "height": height}));
    } else {
        println!("{} figures in {}", written.len(), a.out.display());
    }
    Ok(0)
}

//! Regions as areas of their own: the small areas of each region of a field (`kommun`, `lan`,
//! `regso`) dissolved into one polygon per region, with the region's code, the text fields that
//! are the same for all its areas (its name, its county) and the number of areas. Per-region
//! results (`index --by kommun`) are drawn and written on these.

use crate::analysis::segregation::regions;
use crate::data::layer::{Layer, RawFeature};
use crate::data::table::{Column, Table, Values};
use crate::error::Result;
use crate::spatial::dissolve::dissolve;

/// A layer of regions and, for each, the rows of the small areas it was made from.
pub struct Dissolved {
    pub layer: Layer,
    pub codes: Vec<String>,
    pub rows: Vec<Vec<usize>>,
}

/// Dissolve the layer's areas by the values of `field` of `table` (the layer's attributes,
/// statistics joined).
pub fn by_field(layer: &Layer, table: &Table, field: &str) -> Result<Dissolved> {
    let groups = regions(table, field)?;
    let (codes, rows): (Vec<String>, Vec<Vec<usize>>) = groups.into_iter().unzip();
    let geoms = dissolve(&layer.geometries, &rows);
    let mut columns = vec![Column::text(
        field,
        codes.iter().cloned().map(Some).collect(),
    )];
    for c in &table.columns {
        if c.name == field || !matches!(c.values, Values::Text(_)) {
            continue;
        }
        let per_region: Option<Vec<Option<String>>> = rows
            .iter()
            .map(|rs| {
                let first = c.key_at(rs[0]);
                rs.iter().all(|&r| c.key_at(r) == first).then_some(first)
            })
            .collect();
        if let Some(values) = per_region {
            columns.push(Column::text(c.name.clone(), values));
        }
    }
    columns.push(Column::number(
        "n_areas",
        rows.iter().map(|r| Some(r.len() as f64)).collect(),
    ));
    let raw = geoms
        .into_iter()
        .map(|g| RawFeature {
            geometry: Some(g),
            declared_type: "MultiPolygon",
        })
        .collect();
    let mut out = Layer::build(
        &layer.source,
        format!("{} per {field}", layer.name),
        layer.crs,
        raw,
        Table::new(columns)?,
        Vec::new(),
    )?;
    out.crs_inferred = layer.crs_inferred;
    Ok(Dissolved {
        layer: out,
        codes,
        rows,
    })
}

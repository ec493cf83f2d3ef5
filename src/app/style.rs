//! The active layer's styling on screen: the variable evaluated on the layer, then the shared
//! classes and colours of [`crate::classify::style`].

pub use crate::classify::style::{parse_bounds, render_values, LegendEntry, MapStyle, Rendered};

use super::i18n::Lang;
use super::map_layer::MapLayer;
use crate::data::expr::Expr;
use crate::error::Result;

/// Apply a style to a layer.
pub fn render(style: &MapStyle, layer: &MapLayer, lang: Lang) -> Result<Rendered> {
    render_values(style, values_of(style, layer)?, lang)
}

/// The style's variable on every area (fast: one pass over the table).
pub fn values_of(style: &MapStyle, layer: &MapLayer) -> Result<Vec<Option<f64>>> {
    let area = layer.layer.area_km2();
    Expr::values(&style.variable, &layer.table, Some(&area))
}

//! A map's styling, shared by the screen and the exported figures: the choices a person makes
//! (variable, classification, palette), and the classes, colours and legend they give for a
//! variable's values. Nothing here draws.

use crate::classify::{self, categories, palette::Palette, Scheme};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The choices a person makes about the map's colours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapStyle {
    pub variable: String,
    pub scheme: String,
    pub k: usize,
    pub hinge: f64,
    /// Bounds for `user-defined`, as typed (`10; 20; 50`).
    pub bounds: String,
    pub palette: String,
    pub reversed: bool,
    /// Draw each distinct value in its own colour (codes, area types).
    pub categorical: bool,
    pub labels: bool,
}

impl Default for MapStyle {
    fn default() -> Self {
        MapStyle {
            variable: String::new(),
            scheme: "quantiles".into(),
            k: 5,
            hinge: 1.5,
            bounds: String::new(),
            palette: "YlOrRd".into(),
            reversed: false,
            categorical: false,
            labels: false,
        }
    }
}

/// One row of the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub color: [u8; 3],
    pub label: String,
    pub count: usize,
}

/// The style applied to a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub values: Vec<Option<f64>>,
    pub class: Vec<Option<usize>>,
    pub colors: Vec<[u8; 3]>,
    pub legend: Vec<LegendEntry>,
    pub missing: usize,
    /// What the colours show when it is not the variable's value (an analysis map: "LISA
    /// clusters · income"); the legend's and the figure's title.
    pub title: Option<String>,
}

impl Rendered {
    /// The fill colour of area `i`.
    pub fn color_of(&self, i: usize) -> [u8; 3] {
        self.class
            .get(i)
            .copied()
            .flatten()
            .map_or(classify::palette::MISSING, |c| self.colors[c])
    }

    /// The same classes and colours for some of the areas, with the legend's counts (and the
    /// missing count) for those areas: one map per municipality with the layer's shared classes.
    pub fn subset(&self, rows: &[usize]) -> Rendered {
        let values: Vec<Option<f64>> = rows.iter().map(|&r| self.values[r]).collect();
        let class: Vec<Option<usize>> = rows.iter().map(|&r| self.class[r]).collect();
        let mut legend = self.legend.clone();
        for e in &mut legend {
            e.count = 0;
        }
        for c in class.iter().flatten() {
            if let Some(e) = legend.get_mut(*c) {
                e.count += 1;
            }
        }
        Rendered {
            missing: class.iter().filter(|c| c.is_none()).count(),
            values,
            class,
            colors: self.colors.clone(),
            legend,
            title: self.title.clone(),
        }
    }
}

/// Parse user-defined bounds typed as `10; 20; 50` or `10 20 50` (decimal comma allowed).
pub fn parse_bounds(text: &str) -> Result<Vec<f64>> {
    text.split([';', ' ', '\t'])
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            crate::data::cell::parse_number(s)
                .ok_or_else(|| Error::input(format!("'{s}' is not a number")))
        })
        .collect()
}

/// Several maps on one classification (small multiples, maps side by side, then and now): the
/// style's scheme computed over all the maps' values together, then each map's values coloured
/// by those class bounds, so that one legend reads every map.
pub fn render_shared(
    style: &MapStyle,
    maps: Vec<Vec<Option<f64>>>,
    lang: Lang,
) -> Result<Vec<Rendered>> {
    let all: Vec<Option<f64>> = maps.iter().flatten().copied().collect();
    let bounds = if style.scheme == "user-defined" {
        parse_bounds(&style.bounds)?
    } else {
        Vec::new()
    };
    let scheme = Scheme::from_name(&style.scheme, style.k, style.hinge, &bounds)?;
    let bins = classify::classify(&all, &scheme)?.bins;
    let shared = MapStyle {
        scheme: "user-defined".into(),
        bounds: bins
            .iter()
            .map(|b| format!("{b:e}"))
            .collect::<Vec<_>>()
            .join(" "),
        categorical: false,
        ..style.clone()
    };
    maps.into_iter()
        .map(|v| render_values(&shared, v, lang))
        .collect()
}

/// Classes, colours and legend for values (the part that can take time on large layers).
/// The scheme a (non-categorical) style classifies values by, given how many different finite
/// values there are: fewer different values than classes give as many classes as values.
pub fn scheme_for(style: &MapStyle, distinct: usize) -> Result<Scheme> {
    let bounds = if style.scheme == "user-defined" {
        parse_bounds(&style.bounds)?
    } else {
        Vec::new()
    };
    let k = if distinct >= 2 {
        style.k.min(distinct).max(2)
    } else {
        style.k
    };
    Scheme::from_name(&style.scheme, k, style.hinge, &bounds)
}

/// How many different finite values there are.
pub fn distinct_values(values: &[Option<f64>]) -> usize {
    let mut d: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    d.sort_by(f64::total_cmp);
    d.dedup();
    d.len()
}

pub fn render_values(style: &MapStyle, values: Vec<Option<f64>>, lang: Lang) -> Result<Rendered> {
    let missing = values.iter().filter(|v| v.is_none()).count();
    let palette = Palette::named(&style.palette).ok_or_else(|| {
        crate::error::Error::input(format!(
            "unknown palette '{}' (known: {})",
            style.palette,
            classify::palette::PALETTES
                .iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    if style.categorical {
        let cats = categories::distinct(&values);
        if cats.len() > 12 {
            return Err(Error::input(format!(
                "{} different values are too many for a categorical map (at most 12)",
                cats.len()
            )));
        }
        let area_types = categories::is_area_type_column(&style.variable);
        let colors = if area_types {
            // Area types 1 (major challenges) to 5 (very good conditions): red to blue.
            Palette::named("RdYlBu").map_or_else(Vec::new, |p| {
                cats.iter()
                    .map(|c| p.colors(5, style.reversed)[(*c as usize).clamp(1, 5) - 1])
                    .collect()
            })
        } else {
            palette.colors(cats.len(), style.reversed)
        };
        let class: Vec<Option<usize>> = values
            .iter()
            .map(|v| v.and_then(|v| cats.iter().position(|c| *c == v)))
            .collect();
        let legend = cats
            .iter()
            .enumerate()
            .map(|(i, c)| LegendEntry {
                color: colors[i],
                label: match (
                    area_types,
                    categories::area_type_name(*c as i64, lang.is_swedish()),
                ) {
                    (true, Some(name)) => format!("{} {name}", lang.number(*c, 0)),
                    _ => lang.number(*c, 2),
                },
                count: class.iter().filter(|k| **k == Some(i)).count(),
            })
            .collect();
        return Ok(Rendered {
            values,
            class,
            colors,
            legend,
            missing,
            title: None,
        });
    }
    // Bounds typed wrong are said before anything else.
    if style.scheme == "user-defined" {
        parse_bounds(&style.bounds)?;
    }
    // A region of one area (or of areas that all have one value) has nothing to classify: one
    // class with a note, so a report or a map per region goes on.
    let mut distinct: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    if distinct.is_empty() {
        // Every value missing: every area drawn as saknas, no classes.
        let n = values.len();
        return Ok(Rendered {
            values,
            class: vec![None; n],
            colors: Vec::new(),
            legend: Vec::new(),
            missing: n,
            title: None,
        });
    }
    if distinct.len() == 1 && style.scheme != "user-defined" {
        let v = distinct[0];
        let color = palette.colors(5, style.reversed)[2];
        let class: Vec<Option<usize>> = values
            .iter()
            .map(|x| x.filter(|x| x.is_finite()).map(|_| 0))
            .collect();
        let count = class.iter().flatten().count();
        return Ok(Rendered {
            values,
            class,
            colors: vec![color],
            legend: vec![LegendEntry {
                color,
                label: format!(
                    "{} ({})",
                    lang.number(v, 2),
                    if lang.is_swedish() {
                        "ett värde, inga klasser"
                    } else {
                        "one value, no classes"
                    }
                ),
                count,
            }],
            missing,
            title: None,
        });
    }
    let scheme = scheme_for(style, distinct.len())?;
    let c = classify::classify(&values, &scheme)?;
    let colors = palette.colors(c.bins.len(), style.reversed);
    let class = values
        .iter()
        .map(|v| classify::class_of(*v, &c.bins))
        .collect();
    let decimals = if c.bins.iter().all(|b| b.abs() >= 100.0 || *b == b.round()) {
        0
    } else {
        2
    };
    let mut lower = c.min;
    let legend = c
        .bins
        .iter()
        .zip(&c.counts)
        .enumerate()
        .map(|(i, (b, n))| {
            // A first class that no value reaches (user-defined bounds below the data's
            // smallest value) has no lower end to show: "≤ 50", not "50 – 50".
            let label = if i == 0 && lower > *b {
                format!("≤ {}", lang.number(*b, decimals))
            } else {
                format!(
                    "{} – {}",
                    lang.number(lower.min(*b), decimals),
                    lang.number(*b, decimals)
                )
            };
            lower = *b;
            LegendEntry {
                color: colors[i],
                label,
                count: *n,
            }
        })
        .collect();
    Ok(Rendered {
        values,
        class,
        colors,
        legend,
        missing,
        title: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_or_none_gives_a_map_not_an_error() {
        let style = MapStyle {
            variable: "v".into(),
            scheme: "quantiles".into(),
            k: 1,
            ..MapStyle::default()
        };
        // A region of one area: one class and a note.
        let r = render_values(&style, vec![Some(12.5)], Lang::En).unwrap();
        assert_eq!(r.class, vec![Some(0)]);
        assert_eq!(r.legend.len(), 1);
        assert!(
            r.legend[0].label.contains("one value"),
            "{}",
            r.legend[0].label
        );
        // Every value missing: drawn as missing.
        let r = render_values(&style, vec![None, None], Lang::En).unwrap();
        assert_eq!((r.class, r.missing), (vec![None, None], 2));
        // Two values and five classes asked: two classes.
        let style = MapStyle {
            k: 5,
            scheme: "fisher-jenks".into(),
            ..style
        };
        let r = render_values(&style, vec![Some(1.0), Some(2.0), Some(2.0)], Lang::En).unwrap();
        assert_eq!(r.legend.len(), 2);
    }

    #[test]
    fn a_first_class_below_every_value_reads_at_most_its_bound() {
        // Stability shares of 60–95 %, bounds 50; 75; 90; 100 (the area types' stability map).
        let style = MapStyle {
            variable: "v".into(),
            scheme: "user-defined".into(),
            bounds: "50; 75; 90; 100".into(),
            ..MapStyle::default()
        };
        let values = vec![Some(60.0), Some(80.0), Some(95.0)];
        let r = render_values(&style, values, Lang::Sv).unwrap();
        let labels: Vec<&str> = r.legend.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["≤ 50", "50 – 75", "75 – 90", "90 – 100"]);
        // A first class that values reach keeps its range.
        let r = render_values(&style, vec![Some(40.0), Some(95.0)], Lang::Sv).unwrap();
        assert_eq!(r.legend[0].label, "40 – 50");
    }
}

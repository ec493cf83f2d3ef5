//! Small multiples: a grid of maps of one layer (several variables, or one variable over
//! several years) with one title, each map's own heading, one shared legend (the maps share one
//! classification, see [`crate::classify::style::render_shared`]) or a legend under each map,
//! a scale bar in the first map and the source line — "then and now" on one page.

use super::{esc, hex, nice_length, path_data};
use crate::classify::style::{LegendEntry, Rendered};
use crate::data::layer::bbox_of;
use crate::i18n::Lang;
use geo::MultiPolygon;
use std::fmt::Write as _;

/// One map of the grid.
pub struct Panel<'a> {
    pub title: String,
    pub areas: &'a [MultiPolygon<f64>],
    pub rendered: &'a Rendered,
    /// Outlines drawn over the map (a plan's polygons), same CRS.
    pub outline: &'a [MultiPolygon<f64>],
}

/// The grid and what is around it.
pub struct Multiples<'a> {
    pub panels: Vec<Panel<'a>>,
    pub title: String,
    pub legend_title: String,
    /// One legend for all the maps (their classes are shared); else one under each map.
    pub shared_legend: bool,
    pub source: String,
    pub metres: bool,
    pub width: f64,
    pub height: f64,
    pub lang: Lang,
}

/// Columns and rows for `n` maps of aspect `aspect` (width / height) in a `w` × `h` area: the
/// grid that shows the maps largest.
pub fn grid(n: usize, aspect: f64, w: f64, h: f64) -> (usize, usize) {
    (1..=n.max(1))
        .map(|cols| (cols, n.max(1).div_ceil(cols)))
        .max_by(|a, b| {
            let s = |(c, r): (usize, usize)| (w / c as f64 / aspect).min(h / r as f64);
            s(*a).total_cmp(&s(*b))
        })
        .unwrap_or((1, 1))
}

fn legend(
    s: &mut String,
    entries: &[LegendEntry],
    missing: usize,
    x: f64,
    y: f64,
    u: f64,
    lang: Lang,
) -> f64 {
    let mut entries = entries.to_vec();
    if missing > 0 {
        entries.push(LegendEntry {
            color: crate::classify::palette::MISSING,
            label: lang.t("missing").to_string(),
            count: missing,
        });
    }
    let mut ly = y;
    for e in entries {
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{ly:.1}" width="{:.1}" height="{:.1}" fill="{}" stroke="#666" stroke-width="0.5"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#222">{}</text>"##,
            20.0 * u,
            14.0 * u,
            hex(e.color),
            x + 28.0 * u,
            ly + 12.0 * u,
            13.0 * u,
            esc(&e.label)
        );
        ly += 21.0 * u;
    }
    ly
}

impl Multiples<'_> {
    pub fn svg(&self) -> String {
        let (w, h) = (self.width, self.height);
        let u = (w.min(h) / 900.0).max(0.6);
        let margin = 28.0 * u;
        let title_h = 56.0 * u;
        let footer_h = 30.0 * u;
        let legend_w = if self.shared_legend {
            (w * 0.2).clamp(180.0 * u, 320.0 * u)
        } else {
            0.0
        };
        let own_legend_h = if self.shared_legend {
            0.0
        } else {
            self.panels
                .iter()
                .map(|p| p.rendered.legend.len() + 1)
                .max()
                .unwrap_or(0) as f64
                * 21.0
                * u
        };
        let area = [
            margin,
            margin + title_h,
            w - 2.0 * margin - legend_w,
            h - 2.0 * margin - title_h - footer_h,
        ];
        let extent = self
            .panels
            .iter()
            .filter_map(|p| bbox_of(p.areas))
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
            .unwrap_or([0.0, 0.0, 1.0, 1.0]);
        let aspect = (extent[2] - extent[0]) / (extent[3] - extent[1]).max(1e-9);
        let head = 24.0 * u;
        let (cols, rows) = grid(
            self.panels.len(),
            aspect,
            area[2],
            area[3] - (head + own_legend_h),
        );
        let cell_w = area[2] / cols as f64;
        let cell_h = area[3] / rows as f64;
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Ubuntu, DejaVu Sans, Arial, sans-serif">
<title>{}</title>
<desc>{}</desc>
<rect width="100%" height="100%" fill="white"/>
<text x="{margin}" y="{:.1}" font-size="{:.1}" font-weight="bold" fill="#222">{}</text>
"##,
            esc(&self.title),
            esc(&match self.lang {
                Lang::Sv => format!(
                    "{} kartor sida vid sida ({}), {}.",
                    self.panels.len(),
                    self.panels
                        .iter()
                        .map(|p| p.title.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    if self.shared_legend {
                        "med en gemensam klassindelning"
                    } else {
                        "var och en med egna klasser"
                    }
                ),
                Lang::En => format!(
                    "{} maps side by side ({}), {}.",
                    self.panels.len(),
                    self.panels
                        .iter()
                        .map(|p| p.title.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    if self.shared_legend {
                        "on one shared classification"
                    } else {
                        "each on its own classes"
                    }
                ),
            }),
            margin + 30.0 * u,
            28.0 * u,
            esc(&self.title)
        );
        // One scale for every map, so that the maps compare.
        let map_h = cell_h - head - own_legend_h - 8.0 * u;
        let map_w = cell_w - 12.0 * u;
        let scale = (map_w / (extent[2] - extent[0]).max(1e-9))
            .min(map_h.max(10.0) / (extent[3] - extent[1]).max(1e-9));
        for (k, p) in self.panels.iter().enumerate() {
            let (c, r) = (k % cols, k / cols);
            let (x0, y0) = (area[0] + c as f64 * cell_w, area[1] + r as f64 * cell_h);
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="{:.1}" font-weight="bold" fill="#222">{}</text>"##,
                x0,
                y0 + 16.0 * u,
                15.0 * u,
                esc(&super::chart::shorten(
                    &p.title,
                    (cell_w / (8.0 * u)) as usize
                ))
            );
            let (mx, my) = (x0, y0 + head);
            let ox = mx + (map_w - (extent[2] - extent[0]) * scale) / 2.0;
            let oy = my + (map_h - (extent[3] - extent[1]) * scale) / 2.0;
            let px = |x: f64, y: f64| (ox + (x - extent[0]) * scale, oy + (extent[3] - y) * scale);
            let _ = writeln!(
                s,
                r##"<g class="map" stroke="#666" stroke-width="{:.2}" stroke-linejoin="round">"##,
                0.3 * u
            );
            for (i, g) in p.areas.iter().enumerate() {
                let d = path_data(g, &px);
                if !d.is_empty() {
                    let _ = writeln!(
                        s,
                        r#"<path d="{d}" fill="{}" fill-rule="evenodd"/>"#,
                        hex(p.rendered.color_of(i))
                    );
                }
            }
            s.push_str("</g>\n");
            if !p.outline.is_empty() {
                let _ = writeln!(
                    s,
                    r##"<g class="outline" fill="none" stroke="#111" stroke-width="{:.2}">"##,
                    1.6 * u
                );
                for g in p.outline {
                    let _ = writeln!(s, r#"<path d="{}"/>"#, path_data(g, &px));
                }
                s.push_str("</g>\n");
            }
            if !self.shared_legend {
                legend(
                    &mut s,
                    &p.rendered.legend,
                    p.rendered.missing,
                    x0,
                    my + map_h + 6.0 * u,
                    u,
                    self.lang,
                );
            }
            if k == 0 && self.metres {
                let len = nice_length(map_w * 0.3 / scale);
                let (bx, by) = (mx + 4.0 * u, my + map_h - 6.0 * u);
                let label = if len >= 1000.0 {
                    format!("{} km", self.lang.number(len / 1000.0, 1))
                } else {
                    format!("{} m", self.lang.number(len, 0))
                };
                let _ = writeln!(
                    s,
                    r##"<g class="scale"><rect x="{bx:.1}" y="{by:.1}" width="{:.1}" height="{:.1}" fill="#222"/><text x="{bx:.1}" y="{:.1}" font-size="{:.1}" fill="#222">{label}</text></g>"##,
                    len * scale,
                    3.0 * u,
                    by - 5.0 * u,
                    11.0 * u
                );
            }
        }
        if self.shared_legend {
            let lx = w - margin - legend_w + 12.0 * u;
            let ly = area[1] + 10.0 * u;
            let _ = write!(
                s,
                r##"<g id="legend"><text x="{lx:.1}" y="{ly:.1}" font-size="{:.1}" font-weight="bold" fill="#222">{}</text>"##,
                15.0 * u,
                esc(&super::chart::shorten(
                    &self.legend_title,
                    (legend_w / (8.0 * u)) as usize
                ))
            );
            // The classes are shared: the counts are every map's together.
            let mut entries = self.panels[0].rendered.legend.clone();
            for e in entries.iter_mut() {
                e.count = 0;
            }
            let mut missing = 0;
            for p in &self.panels {
                for (e, pe) in entries.iter_mut().zip(&p.rendered.legend) {
                    e.count += pe.count;
                }
                missing += p.rendered.missing;
            }
            // Each map's first class starts at its own minimum: the legend's at the smallest
            // (when the legend lists the classes from the lowest; a diverging legend of changes
            // lists them from the highest and is labelled on the shared values already).
            let ascending =
                entries.first().map(|e| e.color) == self.panels[0].rendered.colors.first().copied();
            if let (true, Some(first), Some(min)) = (
                ascending,
                entries.first_mut(),
                self.panels
                    .iter()
                    .filter_map(|p| p.rendered.values.iter().flatten().copied().reduce(f64::min))
                    .reduce(f64::min),
            ) {
                if let Some((_, upper)) = first.label.split_once(" – ") {
                    let decimals = if min == min.round() { 0 } else { 2 };
                    first.label = format!("{} – {upper}", self.lang.number(min, decimals));
                }
            }
            let entries: Vec<LegendEntry> = entries
                .into_iter()
                .map(|mut e| {
                    if let Some((range, _)) = e.label.rsplit_once(" (") {
                        e.label = range.to_string();
                    }
                    e
                })
                .collect();
            legend(&mut s, &entries, missing, lx, ly + 14.0 * u, u, self.lang);
            s.push_str("</g>\n");
        }
        let _ = writeln!(
            s,
            r##"<text id="source" x="{margin}" y="{:.1}" font-size="{:.1}" fill="#555">{}</text>"##,
            h - margin + 6.0 * u,
            12.0 * u,
            esc(&self.source)
        );
        s.push_str("</svg>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_shows_the_maps_largest() {
        // Four tall maps on a wide page: one row of four.
        assert_eq!(grid(4, 0.6, 1600.0, 800.0), (4, 1));
        // Four wide maps on a square page: two by two.
        assert_eq!(grid(4, 1.5, 1000.0, 1000.0), (2, 2));
        assert_eq!(grid(1, 1.0, 100.0, 100.0), (1, 1));
        assert_eq!(grid(3, 1.0, 300.0, 900.0), (1, 3));
    }
}

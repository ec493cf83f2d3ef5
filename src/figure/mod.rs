//! Presentation figures: a scene (the areas with the map's classes and colours, title, legend,
//! source line, scale bar and north arrow, laid out on a page) written as SVG — each area a path,
//! text as text. The classes and colours come from [`crate::classify::style`], as on screen.

use crate::classify::style::{LegendEntry, Rendered};
use crate::data::layer::bbox_of;
use crate::i18n::Lang;
use geo::MultiPolygon;
use std::fmt::Write as _;

pub mod bivariate;
pub mod chart;
mod layout;
pub mod multiples;
pub mod output;
pub mod pdf;
pub mod plans;
pub mod report;

pub use layout::{Layout, Place};
pub use output::{mm_to_px, parse_size, png, rasterize, with_margin};

/// What a figure shows.
pub struct Figure<'a> {
    /// Areas in projected metres (or planar units).
    pub areas: &'a [MultiPolygon<f64>],
    pub rendered: &'a Rendered,
    pub title: String,
    pub subtitle: String,
    pub legend_title: String,
    pub source: String,
    /// Whether the coordinates are metres (a scale bar can be drawn).
    pub metres: bool,
    pub width: f64,
    pub height: f64,
    pub lang: Lang,
    /// Outlines drawn over the areas (e.g. the police's areas, municipal borders), same CRS.
    pub overlay: &'a [MultiPolygon<f64>],
    /// Labels at points (e.g. area names), same CRS.
    pub labels: &'a [([f64; 2], String)],
    /// A bivariate map's 3 × 3 legend, drawn instead of the list of classes.
    pub bivariate: Option<&'a bivariate::BivariateLegend>,
    /// The part of the map to show (minx, miny, maxx, maxy in the areas' CRS): a region, or what
    /// is on screen; `None` for every area. Areas and overlays are clipped to the map's frame.
    pub extent: Option<[f64; 4]>,
    /// A locator inset: these areas (the whole layer, the county, Sweden) small in the map's
    /// lower right corner with the extent marked on them. Drawn only with an extent.
    pub locator: Option<&'a [MultiPolygon<f64>]>,
    /// Where the legend, the scale bar and the north arrow go.
    pub legend_at: Place,
    pub scale_at: Place,
    pub north_at: Place,
}

/// Text for SVG (XML): the five markup characters escaped, and the characters XML 1.0 forbids
/// (control characters other than tab and line breaks, U+FFFE, U+FFFF) dropped, so a title, a
/// label or a field value with such a character still gives a well-formed figure.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// An SVG path's data for a multipolygon (every ring closed), through the page transform `px`.
fn path_data(g: &MultiPolygon<f64>, px: &dyn Fn(f64, f64) -> (f64, f64)) -> String {
    let mut path = String::new();
    for poly in &g.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for (k, p) in ring.0.iter().enumerate() {
                let (x, y) = px(p.x, p.y);
                let _ = write!(path, "{}{x:.1} {y:.1}", if k == 0 { "M" } else { "L" });
            }
            path.push('Z');
        }
    }
    path
}

/// A round length for a scale bar no longer than `max` metres: 1, 2 or 5 times a power of ten.
pub fn nice_length(max: f64) -> f64 {
    let p = 10f64.powf(max.log10().floor());
    [5.0, 2.0, 1.0]
        .iter()
        .map(|m| m * p)
        .find(|l| *l <= max)
        .unwrap_or(p)
}

impl Figure<'_> {
    /// What the figure shows, in words (its SVG `<desc>` and its PDF's description): for
    /// readers who cannot see the map.
    pub fn description(&self) -> String {
        let r = self.rendered;
        let n = r.class.len();
        let what = if self.legend_title.is_empty() {
            r.title.clone().unwrap_or_default()
        } else {
            self.legend_title.clone()
        };
        let classes: Vec<String> = r
            .legend
            .iter()
            .map(|e| format!("{} ({})", e.label, e.count))
            .collect();
        let mut text = match self.lang {
            Lang::Sv => format!(
                "Karta över {} områden som visar {what} i {} klasser: {}.",
                self.lang.number(n as f64, 0),
                r.legend.len(),
                classes.join("; ")
            ),
            Lang::En => format!(
                "Map of {} areas showing {what} in {} classes: {}.",
                self.lang.number(n as f64, 0),
                r.legend.len(),
                classes.join("; ")
            ),
        };
        if r.missing > 0 {
            text.push_str(&format!(
                " {}: {}.",
                self.lang.t("missing"),
                self.lang.number(r.missing as f64, 0)
            ));
        }
        if !self.source.is_empty() {
            text.push(' ');
            text.push_str(&self.source);
        }
        text
    }

    /// The legend's entries: the classes, and *saknas* when areas lack a value.
    fn legend_entries(&self) -> Vec<LegendEntry> {
        let mut entries: Vec<LegendEntry> = self.rendered.legend.clone();
        if self.bivariate.is_none() && self.rendered.missing > 0 {
            entries.push(LegendEntry {
                color: crate::classify::palette::MISSING,
                label: self.lang.t("missing").to_string(),
                count: self.rendered.missing,
            });
        }
        entries
    }

    /// The legend's card `[x, y, w, h]` in its corner of the map frame; None when the legend
    /// has a column of its own.
    fn legend_card(&self, map: [f64; 4], u: f64) -> Option<[f64; 4]> {
        if matches!(self.legend_at, Place::Auto | Place::Right) {
            return None;
        }
        let entries = self.legend_entries();
        let longest = entries
            .iter()
            .map(|e| e.label.chars().count() + 8)
            .chain(std::iter::once(self.legend_title.chars().count()))
            .max()
            .unwrap_or(10) as f64;
        let (bw, bh) = if self.bivariate.is_some() {
            (280.0 * u, 260.0 * u)
        } else {
            (
                (longest * 7.4 * u + 46.0 * u).min(map[2] * 0.5),
                34.0 * u + entries.len() as f64 * 24.0 * u,
            )
        };
        let (x, y) = self.legend_at.origin(map, bw, bh, 10.0 * u);
        Some([x, y, bw, bh])
    }

    /// The figure as an SVG document.
    pub fn svg(&self) -> String {
        let (w, h) = (self.width, self.height);
        let u = (w.min(h) / 900.0).max(0.6); // font and margin unit
        let margin = 28.0 * u;
        let title_h = if self.subtitle.is_empty() {
            52.0 * u
        } else {
            80.0 * u
        };
        // The legend's column right of the map, unless it sits in a corner of the map.
        let legend_column = matches!(self.legend_at, Place::Auto | Place::Right);
        let legend_w = if legend_column {
            (w * 0.26).clamp(200.0 * u, 420.0 * u)
        } else {
            0.0
        };
        let footer_h = 36.0 * u;
        let map = [
            margin,
            margin + title_h,
            w - margin * 2.0 - legend_w,
            h - margin * 2.0 - title_h - footer_h,
        ];
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
            esc(&self.description()),
            margin + 30.0 * u,
            28.0 * u,
            esc(&self.title)
        );
        if !self.subtitle.is_empty() {
            let _ = writeln!(
                s,
                r##"<text x="{margin}" y="{:.1}" font-size="{:.1}" fill="#555">{}</text>"##,
                margin + 60.0 * u,
                18.0 * u,
                esc(&self.subtitle)
            );
        }
        // The map: fit the extent into the map frame, north up.
        let [a, b, c, d] = self
            .extent
            .or_else(|| bbox_of(self.areas))
            .unwrap_or([0.0, 0.0, 1.0, 1.0]);
        // The legend's card and the locator sit in corners of the map: where an area would lie
        // under one, the areas are fitted into the frame less a band the height of those cards.
        let mut cards: Vec<[f64; 4]> = Vec::new();
        if let Some(card) = self.legend_card(map, u) {
            cards.push(card);
        }
        if let (Some(context), Some(_)) = (self.locator, self.extent) {
            cards.extend(locator_box(context, map, u));
        }
        let (scale, ox, oy) = fit_clear(self.areas, [a, b, c, d], map, &cards);
        let px = |x: f64, y: f64| (ox + (x - a) * scale, oy + (d - y) * scale);
        // Everything on the map is clipped to its frame (an extent cuts areas; an overlay of a
        // larger region never spills over the page).
        let _ = writeln!(
            s,
            r##"<clipPath id="mapframe"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath>
<g id="areas" stroke="#666" stroke-width="{:.2}" stroke-linejoin="round" clip-path="url(#mapframe)">"##,
            map[0],
            map[1],
            map[2],
            map[3],
            0.4 * u
        );
        // The world rectangle the frame shows (wider than the extent on one axis).
        let world = [
            a - (ox - map[0]) / scale,
            d - (map[1] + map[3] - oy) / scale,
            a + (map[0] + map[2] - ox) / scale,
            d + (oy - map[1]) / scale,
        ];
        let seen = |g: &MultiPolygon<f64>| {
            bbox_of(std::slice::from_ref(g)).is_some_and(|bb| {
                bb[2] >= world[0] && bb[0] <= world[2] && bb[3] >= world[1] && bb[1] <= world[3]
            })
        };
        for (i, g) in self.areas.iter().enumerate() {
            if self.extent.is_some() && !seen(g) {
                continue;
            }
            let path = path_data(g, &px);
            if !path.is_empty() {
                let _ = writeln!(
                    s,
                    r#"<path d="{path}" fill="{}" fill-rule="evenodd"><title>{i}</title></path>"#,
                    hex(self.rendered.color_of(i))
                );
            }
        }
        s.push_str("</g>\n");
        if !self.overlay.is_empty() {
            let _ = writeln!(
                s,
                r##"<g id="overlay" fill="none" stroke="#111" stroke-width="{:.2}" stroke-linejoin="round" clip-path="url(#mapframe)">"##,
                1.4 * u
            );
            for g in self
                .overlay
                .iter()
                .filter(|g| self.extent.is_none() || seen(g))
            {
                let path = path_data(g, &px);
                if !path.is_empty() {
                    let _ = writeln!(s, r#"<path d="{path}"/>"#);
                }
            }
            s.push_str("</g>\n");
        }
        if !self.labels.is_empty() {
            let _ = writeln!(
                s,
                r##"<g id="labels" font-size="{:.1}" fill="#111" stroke="white" stroke-width="{:.1}" paint-order="stroke" text-anchor="middle">"##,
                10.0 * u,
                2.5 * u
            );
            for ([x, y], text) in self.labels {
                let (x, y) = px(*x, *y);
                let _ = writeln!(s, r#"<text x="{x:.1}" y="{y:.1}">{}</text>"#, esc(text));
            }
            s.push_str("</g>\n");
        }
        if let (Some(context), Some(ext)) = (self.locator, self.extent) {
            s.push_str(&locator(context, ext, map, u));
        }
        // Legend: in its column, or on a white card in a corner of the map.
        let mut entries = self.legend_entries();
        let (lx, mut ly, square_w) = if legend_column {
            (
                w - margin - legend_w + 12.0 * u,
                map[1] + 10.0 * u,
                legend_w - 24.0 * u,
            )
        } else {
            let [x, y, bw, bh] = self.legend_card(map, u).unwrap_or_default();
            let _ = writeln!(
                s,
                r##"<rect class="legend-card" x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" rx="{:.1}" fill="white" fill-opacity="0.9" stroke="#999" stroke-width="{:.2}"/>"##,
                3.0 * u,
                0.5 * u
            );
            (x + 10.0 * u, y + 22.0 * u, bw - 20.0 * u)
        };
        let _ = writeln!(
            s,
            r##"<g id="legend"><text x="{lx:.1}" y="{ly:.1}" font-size="{:.1}" font-weight="bold" fill="#222">{}</text>"##,
            16.0 * u,
            esc(&self.legend_title)
        );
        ly += 14.0 * u;
        if let Some(b) = self.bivariate {
            s.push_str(&b.svg(lx, ly, square_w, u, self.lang));
            entries.clear();
        }
        for e in entries {
            let _ = writeln!(
                s,
                r##"<rect x="{lx:.1}" y="{ly:.1}" width="{:.1}" height="{:.1}" fill="{}" stroke="#666" stroke-width="0.5"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#222">{} ({})</text>"##,
                22.0 * u,
                16.0 * u,
                hex(e.color),
                lx + 30.0 * u,
                ly + 13.0 * u,
                14.0 * u,
                esc(&e.label),
                self.lang.number(e.count as f64, 0)
            );
            ly += 24.0 * u;
        }
        s.push_str("</g>\n");
        // Scale bar and north arrow in the map's lower left and upper right.
        if self.metres {
            let max_m = map[2] * 0.25 / scale;
            let len = nice_length(max_m);
            let bw = len * scale;
            // Lower left, or the corner asked for (its card (bar or 40) + 10 wide, 28 high).
            let (bx, by) = match self.scale_at.corner(Place::BottomLeft) {
                Place::BottomLeft => (map[0] + 10.0 * u, map[1] + map[3] - 14.0 * u),
                corner => {
                    let (cx, cy) =
                        corner.origin(map, bw.max(40.0 * u) + 10.0 * u, 28.0 * u, 5.0 * u);
                    (cx + 5.0 * u, cy + 20.0 * u)
                }
            };
            let label = if len >= 1000.0 {
                format!("{} km", self.lang.number(len / 1000.0, 1))
            } else {
                format!("{} m", self.lang.number(len, 0))
            };
            // On a white card, readable over any colour of the map.
            let _ = writeln!(
                s,
                r##"<g id="scale"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}" fill="white" fill-opacity="0.85"/><rect class="bar" x="{bx:.1}" y="{by:.1}" width="{bw:.1}" height="{:.1}" fill="#222"/><text x="{bx:.1}" y="{:.1}" font-size="{:.1}" fill="#222">{label}</text></g>"##,
                bx - 5.0 * u,
                by - 20.0 * u,
                bw.max(40.0 * u) + 10.0 * u,
                28.0 * u,
                3.0 * u,
                4.0 * u,
                by - 6.0 * u,
                12.0 * u
            );
        }
        // Upper right, or the corner asked for (its card 24 × 46, the tip 18 below its top).
        let (nx, ny) = match self.north_at.corner(Place::TopRight) {
            Place::TopRight => (map[0] + map[2] - 20.0 * u, map[1] + 16.0 * u),
            corner => {
                let (cx, cy) = corner.origin(map, 24.0 * u, 46.0 * u, 8.0 * u);
                (cx + 12.0 * u, cy + 18.0 * u)
            }
        };
        let _ = writeln!(
            s,
            r##"<g id="north"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}" fill="white" fill-opacity="0.85"/><path d="M{nx:.1} {ny:.1}L{:.1} {:.1}L{nx:.1} {:.1}L{:.1} {:.1}Z" fill="#222"/><text x="{nx:.1}" y="{:.1}" font-size="{:.1}" text-anchor="middle" fill="#222">N</text></g>"##,
            nx - 12.0 * u,
            ny - 18.0 * u,
            24.0 * u,
            46.0 * u,
            3.0 * u,
            nx - 8.0 * u,
            ny + 24.0 * u,
            ny + 18.0 * u,
            nx + 8.0 * u,
            ny + 24.0 * u,
            ny - 4.0 * u,
            12.0 * u
        );
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

/// The locator's card `[x, y, w, h]` in the lower right corner of the map frame.
fn locator_box(context: &[MultiPolygon<f64>], map: [f64; 4], u: f64) -> Option<[f64; 4]> {
    let cb = bbox_of(context)?;
    let (cw, ch) = ((cb[2] - cb[0]).max(1e-9), (cb[3] - cb[1]).max(1e-9));
    let sc = (map[2] * 0.22 / cw).min(map[3] * 0.30 / ch);
    let (iw, ih) = (cw * sc, ch * sc);
    let pad = 6.0 * u;
    Some([
        map[0] + map[2] - iw - 2.0 * pad - 8.0 * u,
        map[1] + map[3] - ih - 2.0 * pad - 8.0 * u,
        iw + 2.0 * pad,
        ih + 2.0 * pad,
    ])
}

/// The scale and origin fitting the world box `[a, b, c, d]` into the map frame, north up,
/// centred; where an area's outline would then pass under one of the `cards` (the legend's, the
/// locator's), fitted instead into the frame less a band as high as the cards on that side
/// (top or bottom), so that the cards sit beside the areas, not over them.
pub fn fit_clear(
    areas: &[MultiPolygon<f64>],
    [a, b, c, d]: [f64; 4],
    map: [f64; 4],
    cards: &[[f64; 4]],
) -> (f64, f64, f64) {
    let fit = |f: [f64; 4]| {
        let scale = (f[2] / (c - a)).min(f[3] / (d - b));
        let ox = f[0] + (f[2] - (c - a) * scale) / 2.0;
        let oy = f[1] + (f[3] - (d - b) * scale) / 2.0;
        (scale, ox, oy)
    };
    let first = fit(map);
    // Whether an area meets a card, the card brought into world coordinates.
    let covered = |(scale, ox, oy): (f64, f64, f64)| {
        use geo::{BoundingRect, Intersects};
        let rects: Vec<geo::Rect<f64>> = cards
            .iter()
            .map(|r| {
                geo::Rect::new(
                    geo::coord! { x: a + (r[0] - ox) / scale, y: d - (r[1] + r[3] - oy) / scale },
                    geo::coord! { x: a + (r[0] + r[2] - ox) / scale, y: d - (r[1] - oy) / scale },
                )
            })
            .collect();
        areas.iter().any(|g| {
            let Some(bb) = g.bounding_rect() else {
                return false;
            };
            rects
                .iter()
                .any(|r| r.intersects(&bb) && r.to_polygon().intersects(g))
        })
    };
    if cards.is_empty() || !covered(first) {
        return first;
    }
    // The bands the cards take at the top and the bottom, and the strips at the left and the
    // right; the frame less each, or less both strips: the largest fit clear of every card, else
    // the frame less the top and bottom bands (clear by construction).
    let (mx, my) = (map[0] + map[2] / 2.0, map[1] + map[3] / 2.0);
    let reach = |side: u8| {
        cards
            .iter()
            .filter(|r| match side {
                0 => r[1] + r[3] / 2.0 < my,
                1 => r[1] + r[3] / 2.0 >= my,
                2 => r[0] + r[2] / 2.0 < mx,
                _ => r[0] + r[2] / 2.0 >= mx,
            })
            .map(|r| match side {
                0 => r[1] + r[3] - map[1],
                1 => map[1] + map[3] - r[1],
                2 => r[0] + r[2] - map[0],
                _ => map[0] + map[2] - r[0],
            })
            .fold(0.0f64, f64::max)
    };
    // A little air between a card and the areas (touching counts as covering).
    let gap = |r: f64| if r > 0.0 { r + 2.0 } else { 0.0 };
    let (top, bottom, left, right) = (gap(reach(0)), gap(reach(1)), gap(reach(2)), gap(reach(3)));
    let high = |h: f64| h.max(map[3] * 0.3);
    let wide = |w: f64| w.max(map[2] * 0.3);
    let bands = [map[0], map[1] + top, map[2], high(map[3] - top - bottom)];
    let candidates = [
        [map[0], map[1], map[2], high(map[3] - bottom)],
        [map[0], map[1] + top, map[2], high(map[3] - top)],
        [map[0] + left, map[1], wide(map[2] - left), map[3]],
        [map[0], map[1], wide(map[2] - right), map[3]],
        [map[0] + left, map[1], wide(map[2] - left - right), map[3]],
    ];
    candidates
        .iter()
        .map(|f| fit(*f))
        .filter(|f| !covered(*f))
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .unwrap_or_else(|| fit(bands))
}

/// The locator inset: `context` in grey in the lower right corner of the map's frame, on a
/// white card, the extent shown as a red rectangle.
fn locator(context: &[MultiPolygon<f64>], ext: [f64; 4], map: [f64; 4], u: f64) -> String {
    let (Some(cb), Some([bx, by, bw, bh])) = (bbox_of(context), locator_box(context, map, u))
    else {
        return String::new();
    };
    let pad = 6.0 * u;
    let (ix, iy, iw, ih) = (bx + pad, by + pad, bw - 2.0 * pad, bh - 2.0 * pad);
    let sc = iw / (cb[2] - cb[0]).max(1e-9);
    let q = |x: f64, y: f64| (ix + (x - cb[0]) * sc, iy + (cb[3] - y) * sc);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<g id="locator"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="white" stroke="#888" stroke-width="{:.2}"/><g fill="#d9d9d9" stroke="#9a9a9a" stroke-width="{:.2}">"##,
        ix - pad,
        iy - pad,
        iw + 2.0 * pad,
        ih + 2.0 * pad,
        0.6 * u,
        0.2 * u
    );
    for g in context {
        let d = path_data(g, &q);
        if !d.is_empty() {
            let _ = writeln!(s, r#"<path d="{d}" fill-rule="evenodd"/>"#);
        }
    }
    let (a, b) = q(ext[0].max(cb[0]), ext[3].min(cb[3]));
    let (c, d) = q(ext[2].min(cb[2]), ext[1].max(cb[1]));
    let _ = writeln!(
        s,
        r##"</g><rect class="extent" x="{a:.1}" y="{b:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#d7301f" stroke-width="{:.1}"/></g>"##,
        (c - a).max(2.0 * u),
        (d - b).max(2.0 * u),
        1.6 * u
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_for_svg_drops_what_xml_forbids() {
        assert_eq!(
            esc("a\u{1}b\u{7} & <c> \"d\"\u{fffe}"),
            "ab &amp; &lt;c&gt; &quot;d&quot;"
        );
        assert_eq!(esc("rad 1\nrad 2\tx"), "rad 1 rad 2 x");
    }

    #[test]
    fn a_print_margin_scales_the_figure_into_the_page() {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"794\" height=\"1123\" viewBox=\"0 0 794 1123\" font-family=\"Ubuntu\"><title>Karta &amp; text</title><desc>d</desc><rect/></svg>";
        // 20 mm = 75.6 px on every side of an A4 page.
        let m = with_margin(svg, 794.0, 1123.0, mm_to_px(20.0)).unwrap();
        assert!(m.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"794\" height=\"1123\""
        ));
        assert!(m.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" x=\"75.6\" y=\"75.6\" width=\"642.8\" height=\"971.8\" viewBox=\"0 0 794 1123\" font-family=\"Ubuntu\">"), "{m}");
        // The page keeps the figure's text alternative first.
        assert!(m.contains("><title>Karta &amp; text</title><desc>d</desc><rect width"));
        assert!(m.ends_with("<rect/></svg></svg>"));
        // 150 mm on a 210 mm wide page leaves nothing.
        let e = with_margin(svg, 794.0, 1123.0, mm_to_px(150.0)).unwrap_err();
        assert!(e.message.contains("150 mm"), "{}", e.message);
    }

    #[test]
    fn round_scale_lengths() {
        assert_eq!(nice_length(7300.0), 5000.0);
        assert_eq!(nice_length(2500.0), 2000.0);
        assert_eq!(nice_length(1200.0), 1000.0);
        assert_eq!(nice_length(80.0), 50.0);
    }

    #[test]
    fn the_legend_and_locator_cards_never_cover_an_area() {
        // Seen in Stockholm's report: the legend card in the lower left lay over the southern
        // areas. A square municipality filling the frame, a card in each lower corner.
        use geo::polygon;
        let sq = geo::MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0),
            (x: 10.0, y: 10.0), (x: 0.0, y: 10.0), (x: 0.0, y: 0.0)]]);
        let map = [0.0, 0.0, 500.0, 500.0];
        let cards = [[10.0, 400.0, 200.0, 90.0], [380.0, 350.0, 110.0, 140.0]];
        let (scale, ox, oy) = fit_clear(
            std::slice::from_ref(&sq),
            [0.0, 0.0, 10.0, 10.0],
            map,
            &cards,
        );
        let inside = |x: f64, y: f64| {
            let (x, y) = (ox + x * scale, oy + (10.0 - y) * scale);
            cards
                .iter()
                .any(|r| x > r[0] && x < r[0] + r[2] && y > r[1] && y < r[1] + r[3])
        };
        for (x, y) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)] {
            assert!(!inside(x, y), "({x}, {y}) under a card");
        }
        // Above the taller card's band, as large as the rest of the frame allows.
        assert!(oy + 10.0 * scale <= 350.0 && scale > 34.0, "{oy} {scale}");
        // Without cards in the way the fit is the plain one.
        assert_eq!(
            fit_clear(std::slice::from_ref(&sq), [0.0, 0.0, 10.0, 10.0], map, &[]),
            (50.0, 0.0, 0.0)
        );
    }
}

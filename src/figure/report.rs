//! A report's pages as SVG, A4 portrait, drawn from an [`analysis::report`] region: (1) the title
//! page with the map of the region's areas (SCB's area types when the data have them, else the
//! group's share) and a locator inset of its county, and its key figures; (2) the key indicators
//! against the county and the country, the segregation indices with a plain-language
//! explanation of each from the measures' registry, and the county's between/within split;
//! (3) when the statistics have years, the indices over the years. Sources and the date close the
//! last page. [`pdf`] makes the pages one PDF (vector, fonts embedded, text kept as text).
//!
//! [`analysis::report`]: crate::analysis::report

use super::chart::{Chart, Series};
use super::{esc, Figure, Place};
use crate::analysis::report::{Country, Indicator, RegionReport, Report};
use crate::classify::style::{render_values, MapStyle};
use crate::data::{Layer, Table};
use crate::error::Result;
use crate::i18n::Lang;
use geo::MultiPolygon;
use std::fmt::Write as _;

/// A4 portrait at 96 pixels to the inch.
pub const PAGE: (f64, f64) = (794.0, 1123.0);
const MARGIN: f64 = 52.0;
const INK: &str = "#222";
const GREY: &str = "#666";
const ACCENT: &str = "#1b6e8f";

/// Today's date as YYYY-MM-DD (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil(secs as i64 / 86_400);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar date of a day count since 1970-01-01 (Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The file a region's report is written to: `0180 Stockholm.pdf` (characters a file system
/// refuses replaced).
pub fn file_name(region: &RegionReport) -> String {
    let base = if region.name == region.code {
        region.code.clone()
    } else {
        format!("{} {}", region.code, region.name)
    };
    let safe: String = base
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{}.pdf", safe.trim().trim_start_matches('.'))
}

/// The text in the language.
fn tr(lang: Lang, sv: &str, en: &str) -> String {
    match lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A number to exactly `decimals` decimals in the language's format (0,410 — indices are read
/// to three decimals).
pub fn fixed(lang: Lang, v: f64, decimals: usize) -> String {
    let s = lang.number(v, decimals);
    if decimals == 0 {
        return s;
    }
    let point = if lang.is_swedish() { ',' } else { '.' };
    let have = s.split_once(point).map_or(0, |(_, f)| f.chars().count());
    let mut s = s;
    if have == 0 {
        s.push(point);
    }
    s.extend(std::iter::repeat_n('0', decimals - have));
    s
}

pub use crate::analysis::report::readable;

/// An index's name and its explanation, from the registry's text (`Name: explanation.`).
pub fn index_text(index: &str, lang: Lang) -> (String, String) {
    let text = crate::measures::segregation::measure(index).map_or(index, |m| match lang {
        Lang::Sv => m.sv,
        Lang::En => m.en,
    });
    match text.split_once(": ") {
        Some((n, e)) => (n.to_string(), e.to_string()),
        None => (text.to_string(), String::new()),
    }
}

/// Lines of at most about `width` pixels of text at `size` (words kept whole).
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let max = ((width / (size * 0.47)) as usize).max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A page being written: SVG text and the next line's y.
struct Page {
    s: String,
    y: f64,
    lang: Lang,
}

impl Page {
    fn new(lang: Lang, title: &str) -> Page {
        let (w, h) = PAGE;
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Ubuntu, DejaVu Sans, Arial, sans-serif"><title>{}</title><rect width="100%" height="100%" fill="white"/>"##,
            esc(title)
        );
        Page { s, y: MARGIN, lang }
    }

    /// Text at x on the current line.
    fn text_at(&mut self, x: f64, y: f64, size: f64, fill: &str, extra: &str, text: &str) {
        let _ = write!(
            self.s,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" fill="{fill}" {extra}>{}</text>"#,
            esc(text)
        );
    }

    /// A paragraph, wrapped to the page's width (or `width`), advancing the line.
    fn paragraph(&mut self, text: &str, size: f64, fill: &str, width: f64) {
        for line in wrap(text, width, size) {
            self.y += size * 1.35;
            let y = self.y;
            self.text_at(MARGIN, y, size, fill, "", &line);
        }
    }

    /// A section heading with a rule under it.
    fn heading(&mut self, text: &str) {
        self.y += 34.0;
        let y = self.y;
        self.text_at(MARGIN, y, 17.0, ACCENT, r#"font-weight="bold""#, text);
        let _ = write!(
            self.s,
            r#"<line x1="{MARGIN}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{ACCENT}" stroke-width="1"/>"#,
            y + 7.0,
            PAGE.0 - MARGIN,
            y + 7.0
        );
        self.y += 10.0;
    }

    /// A table: a header row and rows of a label and values, the values right-aligned in
    /// columns ending at `cols` (x of each column's right edge).
    fn table(
        &mut self,
        header: &[String],
        rows: &[(String, Vec<String>, Option<String>)],
        cols: &[f64],
    ) {
        let size = 12.5;
        self.y += 24.0;
        let y = self.y;
        for (i, h) in header.iter().enumerate() {
            if i == 0 {
                self.text_at(MARGIN, y, size, GREY, r#"font-weight="bold""#, h);
            } else {
                self.text_at(
                    cols[i - 1],
                    y,
                    size,
                    GREY,
                    r#"font-weight="bold" text-anchor="end""#,
                    h,
                );
            }
        }
        let label_w = cols[0] - MARGIN - 110.0;
        for (label, values, note) in rows {
            let lines = wrap(label, label_w, size);
            self.y += 6.0;
            let _ = write!(
                self.s,
                r##"<line x1="{MARGIN}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#ddd" stroke-width="0.8"/>"##,
                self.y,
                PAGE.0 - MARGIN,
                self.y
            );
            let top = self.y + size * 1.3;
            for (k, l) in lines.iter().enumerate() {
                let y = top + k as f64 * size * 1.3;
                self.text_at(MARGIN, y, size, INK, "", l);
            }
            for (i, v) in values.iter().enumerate() {
                self.text_at(cols[i], top, size, INK, r#"text-anchor="end""#, v);
            }
            self.y = top + (lines.len() - 1) as f64 * size * 1.3;
            if let Some(note) = note {
                for l in wrap(note, PAGE.0 - 2.0 * MARGIN - 20.0, 10.5) {
                    self.y += 10.5 * 1.35;
                    let y = self.y;
                    self.text_at(MARGIN + 12.0, y, 10.5, GREY, "", &l);
                }
            }
            self.y += 4.0;
        }
    }

    /// Embed another SVG document (a figure, a chart) at (x, y).
    fn embed(&mut self, svg: &str, x: f64, y: f64) {
        let body = svg.find("<svg").map_or(svg, |i| &svg[i..]);
        let _ = write!(self.s, "<svg x=\"{x:.1}\" y=\"{y:.1}\"{}", &body[4..]);
    }

    /// The page number in the footer, and the page's SVG.
    fn finish(mut self, n: usize, of: usize, footer: &str) -> String {
        let y = PAGE.1 - 28.0;
        self.text_at(MARGIN, y, 10.0, GREY, "", footer);
        let page = match self.lang {
            Lang::Sv => format!("Sida {n} av {of}"),
            Lang::En => format!("Page {n} of {of}"),
        };
        self.text_at(
            PAGE.0 - MARGIN,
            y,
            10.0,
            GREY,
            r#"text-anchor="end""#,
            &page,
        );
        self.s.push_str("</svg>");
        self.s
    }
}

/// What an indicator is called.
fn indicator_label(report: &Report, i: &Indicator, lang: Lang) -> String {
    match i.kind {
        "share" => match lang {
            Lang::Sv => format!(
                "{}, andel av {}, %",
                readable(&report.group_label),
                report.total_label.to_lowercase()
            ),
            Lang::En => format!(
                "{}, share of {}, %",
                readable(&report.group_label),
                report.total_label.to_lowercase()
            ),
        },
        "challenged_areas" => tr(
            lang,
            "Andel av befolkningen i områden med (stora) socioekonomiska utmaningar (typ 1–2), %",
            "Share of the population in areas with (major) socioeconomic challenges (types 1–2), %",
        ),
        _ if i.weighted => match lang {
            Lang::Sv => format!(
                "{} (befolkningsviktat medel av områdena)",
                readable(&i.variable)
            ),
            Lang::En => format!(
                "{} (population-weighted mean of the areas)",
                readable(&i.variable)
            ),
        },
        _ => readable(&i.variable),
    }
}

/// An indicator's value as text ("–" when not available).
fn indicator_value(i: &Indicator, v: Option<f64>, lang: Lang) -> String {
    // One number of decimals for the row: none when every value is in the hundreds or more.
    let decimals = if [i.values.region, i.values.county, i.values.country]
        .iter()
        .flatten()
        .all(|v| v.abs() >= 100.0)
    {
        0
    } else {
        1
    };
    match (v, i.kind) {
        (None, _) => "–".into(),
        (Some(v), "population") => lang.number(v, 0),
        (Some(v), "share" | "challenged_areas") => fixed(lang, v, 1),
        (Some(v), _) => fixed(lang, v, decimals),
    }
}

fn index_value(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| "–".into(), |v| fixed(lang, v, 3))
}

/// What a report's pages need besides the numbers.
pub struct Context<'a> {
    pub layer: &'a Layer,
    pub table: &'a Table,
    /// The county's regions (dissolved), for the locator inset; None draws no inset.
    pub locator: Option<&'a [MultiPolygon<f64>]>,
    /// Source lines, already in the report's language.
    pub sources: &'a [String],
    pub date: &'a str,
    pub lang: Lang,
}

/// The region's map: SCB's area types when the data have them, else the group's share in
/// quintiles of the region's own areas.
fn map_svg(report: &Report, region: &RegionReport, cx: &Context, w: f64, h: f64) -> Result<String> {
    let lang = cx.lang;
    let area = cx.layer.area_km2();
    let values = crate::data::expr::Expr::values(&report.map_variable, cx.table, Some(&area))?;
    let values: Vec<Option<f64>> = region.rows.iter().map(|&r| values[r]).collect();
    let style = if report.area_types {
        MapStyle {
            variable: report.map_variable.clone(),
            categorical: true,
            ..MapStyle::default()
        }
    } else {
        MapStyle {
            variable: report.map_variable.clone(),
            scheme: "quantiles".into(),
            k: 5.min(values.iter().flatten().count().max(1)),
            palette: "YlOrRd".into(),
            ..MapStyle::default()
        }
    };
    let rendered = render_values(&style, values, lang)?;
    let areas: Vec<MultiPolygon<f64>> = region
        .rows
        .iter()
        .map(|&r| cx.layer.projected[r].clone())
        .collect();
    let extent = super::bbox_of(&areas).map(|[a, b, c, d]| {
        let (dx, dy) = ((c - a) * 0.04, (d - b) * 0.04);
        [a - dx, b - dy, c + dx, d + dy]
    });
    let (title, legend_title) = if report.area_types {
        (
            tr(
                lang,
                "Socioekonomiska områdestyper",
                "Socioeconomic area types",
            ),
            tr(lang, "Områdestyp (SCB)", "Area type (SCB)"),
        )
    } else {
        (
            indicator_label(
                report,
                &Indicator {
                    variable: String::new(),
                    kind: "share",
                    values: Default::default(),
                    weighted: false,
                },
                lang,
            ),
            tr(lang, "Andel, % (kvintiler)", "Share, % (quintiles)"),
        )
    };
    Ok(Figure {
        areas: &areas,
        rendered: &rendered,
        title,
        subtitle: String::new(),
        legend_title,
        source: String::new(),
        metres: cx.layer.working_crs != crate::data::crs::Crs::Planar,
        width: w,
        height: h,
        lang,
        overlay: &[],
        labels: &[],
        bivariate: None,
        extent: cx.locator.and(extent),
        locator: cx.locator,
        legend_at: if report.area_types {
            Place::BottomLeft
        } else {
            Place::Right
        },
        scale_at: if report.area_types {
            Place::TopLeft
        } else {
            Place::Auto
        },
        north_at: Place::TopRight,
    }
    .svg())
}

/// The report's pages for one region, as SVG documents.
pub fn pages(report: &Report, region: &RegionReport, cx: &Context) -> Result<Vec<String>> {
    let lang = cx.lang;
    let title = match lang {
        Lang::Sv => format!("Segregation i {}", region.name),
        Lang::En => format!("Segregation in {}", region.name),
    };
    let county = region
        .county_name
        .clone()
        .or_else(|| region.county_code.clone())
        .unwrap_or_else(|| tr(lang, "länet", "the county"));
    let n_pages = 2 + usize::from(!region.plans.is_empty()) + usize::from(!region.years.is_empty());
    let footer = format!("segatlas · {title} · {}", cx.date);
    let mut out = Vec::new();

    // Page 1: title, map, key figures.
    let mut p = Page::new(lang, &title);
    p.text_at(
        MARGIN,
        MARGIN,
        11.0,
        GREY,
        r#"letter-spacing="1""#,
        &tr(lang, "SEGREGATIONSRAPPORT", "SEGREGATION REPORT"),
    );
    p.text_at(
        MARGIN,
        MARGIN + 40.0,
        32.0,
        INK,
        r#"font-weight="bold""#,
        &title,
    );
    let sub = match lang {
        Lang::Sv => format!("Kommun {} · {county} · {}", region.code, cx.date),
        Lang::En => format!("Municipality {} · {county} · {}", region.code, cx.date),
    };
    p.text_at(MARGIN, MARGIN + 66.0, 15.0, GREY, "", &sub);
    let (mw, mh) = (PAGE.0 - 2.0 * MARGIN, 740.0);
    let map = map_svg(report, region, cx, mw, mh)?;
    p.embed(&map, MARGIN, MARGIN + 84.0);
    p.y = MARGIN + 84.0 + mh + 6.0;
    let share = region.indicators.iter().find(|i| i.kind == "share");
    let pop = region.indicators.iter().find(|i| i.kind == "population");
    let dissim = region.indices.iter().find(|i| i.index == "dissim");
    // Key figures as cards: the value large, the county's and the country's under it.
    let pct =
        |x: Option<f64>| x.map_or_else(|| "–".to_string(), |x| format!("{} %", fixed(lang, x, 1)));
    let idx = |x: Option<f64>| index_value(x, lang);
    let num = |x: Option<f64>| x.map_or_else(|| "–".to_string(), |x| lang.number(x, 0));
    let mut cards: Vec<(String, String, String)> = Vec::new();
    if let Some(i) = pop {
        cards.push((
            tr(lang, "Invånare", "Residents"),
            num(i.values.region),
            match lang {
                Lang::Sv => format!("{} områden", lang.number(region.areas as f64, 0)),
                Lang::En => format!("{} areas", lang.number(region.areas as f64, 0)),
            },
        ));
    }
    if let Some(i) = share {
        cards.push((
            readable(&report.group_label),
            pct(i.values.region),
            format!(
                "{}: {} · {}: {}",
                tr(lang, "Länet", "County"),
                pct(i.values.county),
                tr(lang, "Riket", "Sweden"),
                pct(i.values.country)
            ),
        ));
    }
    if let Some(i) = dissim {
        cards.push((
            index_text("dissim", lang).0,
            idx(i.values.region),
            format!(
                "{}: {} · {}: {}",
                tr(lang, "Länet", "County"),
                idx(i.values.county),
                tr(lang, "Riket", "Sweden"),
                idx(i.values.country)
            ),
        ));
    }
    let gap = 14.0;
    let cw =
        (PAGE.0 - 2.0 * MARGIN - gap * (cards.len().max(1) - 1) as f64) / cards.len().max(1) as f64;
    let cy = p.y + 8.0;
    for (k, (label, value, under)) in cards.iter().enumerate() {
        let x = MARGIN + k as f64 * (cw + gap);
        let _ = write!(
            p.s,
            r##"<rect x="{x:.1}" y="{cy:.1}" width="{cw:.1}" height="96" rx="6" fill="#eef4f7"/>"##
        );
        p.text_at(
            x + 14.0,
            cy + 24.0,
            12.0,
            GREY,
            "",
            &super::chart::shorten(label, 34),
        );
        p.text_at(
            x + 14.0,
            cy + 60.0,
            30.0,
            ACCENT,
            r#"font-weight="bold""#,
            value,
        );
        p.text_at(x + 14.0, cy + 83.0, 11.0, GREY, "", under);
    }
    p.y = cy + 96.0 + 6.0;
    let mut facts = Vec::new();
    if let Some(d) = dissim.and_then(|d| d.values.region) {
        facts.push(match lang {
            Lang::Sv => format!(
                "Olikhetsindex {}: {} % av gruppen ({}) skulle behöva flytta till andra områden för att den skulle vara jämnt fördelad över kommunens områden.",
                fixed(lang, d, 3),
                lang.number(d * 100.0, 0),
                report.group_label.to_lowercase()
            ),
            Lang::En => format!(
                "Dissimilarity {}: {} % of the group ({}) would have to move to other areas for it to be spread evenly over the municipality's areas.",
                fixed(lang, d, 3),
                lang.number(d * 100.0, 0),
                report.group_label.to_lowercase()
            ),
        });
    }
    for f in &facts {
        p.paragraph(f, 13.0, INK, PAGE.0 - 2.0 * MARGIN);
    }
    out.push(p.finish(1, n_pages, &footer));

    // Page 2: indicators, indices, split.
    let mut p = Page::new(lang, &title);
    let cols = [
        PAGE.0 - MARGIN - 220.0,
        PAGE.0 - MARGIN - 110.0,
        PAGE.0 - MARGIN,
    ];
    let header = [
        String::new(),
        region.name.clone(),
        county.clone(),
        tr(lang, "Riket", "Sweden"),
    ];
    p.heading(&tr(lang, "Nyckeltal", "Key indicators"));
    let rows: Vec<(String, Vec<String>, Option<String>)> = region
        .indicators
        .iter()
        .map(|i| {
            (
                indicator_label(report, i, lang),
                [i.values.region, i.values.county, i.values.country]
                    .iter()
                    .map(|v| indicator_value(i, *v, lang))
                    .collect(),
                None,
            )
        })
        .collect();
    p.table(&header, &rows, &cols);
    p.heading(&tr(lang, "Segregationsindex", "Segregation indices"));
    let group_line = match lang {
        Lang::Sv => format!(
            "Gruppen är {} av {}, mätt över områdena (0 = ingen segregation).",
            report.group_label.to_lowercase(),
            report.total_label.to_lowercase()
        ),
        Lang::En => format!(
            "The group is {} of {}, measured over the areas (0 = no segregation).",
            report.group_label.to_lowercase(),
            report.total_label.to_lowercase()
        ),
    };
    p.paragraph(&group_line, 11.5, GREY, PAGE.0 - 2.0 * MARGIN);
    let rows: Vec<(String, Vec<String>, Option<String>)> = region
        .indices
        .iter()
        .map(|i| {
            let (name, explain) = index_text(i.index, lang);
            (
                name,
                [i.values.region, i.values.county, i.values.country]
                    .iter()
                    .map(|v| index_value(*v, lang))
                    .collect(),
                (!explain.is_empty()).then_some(explain),
            )
        })
        .collect();
    p.table(&header, &rows, &cols);
    if report.country == Country::National {
        p.paragraph(
            &tr(
                lang,
                "Riket: beräknat ur den nationella tabellen över områden, utan geometri; rumsliga index anges därför inte.",
                "Sweden: computed from the national table of areas, without geometry; spatial indices are therefore not given.",
            ),
            10.5,
            GREY,
            PAGE.0 - 2.0 * MARGIN,
        );
    }
    if let Some(s) = &region.split {
        p.heading(&match lang {
            Lang::Sv => format!("Mellan och inom kommunerna i {county}"),
            Lang::En => format!("Between and within the municipalities of {county}"),
        });
        let pct = |x: f64| lang.number(100.0 * x, 0);
        let contribution = s.region_weight * s.region_m;
        let text = match lang {
            Lang::Sv => format!(
                "Länets segregation mätt med Theils M är {}. Av den ligger {} % mellan kommunerna (att gruppens andel skiljer sig mellan kommunerna) och {} % inom dem (att den skiljer sig mellan områdena i varje kommun). {} har M = {} och {} % av länets invånare; kommunen står för {} % av länets segregation inom kommunerna.",
                fixed(lang, s.county_m, 3),
                pct(s.between / s.county_m),
                pct(s.within / s.county_m),
                region.name,
                fixed(lang, s.region_m, 3),
                pct(s.region_weight),
                pct(if s.within > 0.0 { contribution / s.within } else { 0.0 }),
            ),
            Lang::En => format!(
                "The county's segregation measured by Theil's M is {}. Of it, {} % lies between the municipalities (the group's share differs between them) and {} % within them (it differs between the areas of each). {} has M = {} and {} % of the county's residents; it accounts for {} % of the county's segregation within municipalities.",
                fixed(lang, s.county_m, 3),
                pct(s.between / s.county_m),
                pct(s.within / s.county_m),
                region.name,
                fixed(lang, s.region_m, 3),
                pct(s.region_weight),
                pct(if s.within > 0.0 { contribution / s.within } else { 0.0 }),
            ),
        };
        p.paragraph(&text, 12.0, INK, PAGE.0 - 2.0 * MARGIN);
        split_bar(&mut p, s, contribution, &region.name);
    }
    if n_pages == 2 {
        sources(&mut p, cx);
    }
    out.push(p.finish(2, n_pages, &footer));

    // The plans that reach the municipality: the indices before and after each.
    if !region.plans.is_empty() {
        let mut p = Page::new(lang, &title);
        plans_page(&mut p, report, region, lang);
        if n_pages == 3 {
            sources(&mut p, cx);
        }
        out.push(p.finish(3, n_pages, &footer));
    }

    // The last page: the indices over the years.
    if !region.years.is_empty() {
        let mut p = Page::new(lang, &title);
        p.heading(&tr(lang, "Index över åren", "Indices over the years"));
        let series: Vec<Series> = report
            .indices
            .iter()
            .enumerate()
            .map(|(k, &i)| Series {
                label: index_text(i, lang).0,
                points: region
                    .years
                    .iter()
                    .map(|y| (f64::from(y.year), y.region[k]))
                    .collect(),
                band: Vec::new(),
            })
            .collect();
        let chart = Chart::Lines {
            title: match lang {
                Lang::Sv => format!("Segregationsindex i {}", region.name),
                Lang::En => format!("Segregation indices in {}", region.name),
            },
            x_label: tr(lang, "År", "Year"),
            y_label: tr(lang, "Index", "Index"),
            series,
            marks: Vec::new(),
            years: true,
        };
        let ch = 420.0;
        p.embed(
            &chart.svg(PAGE.0 - 2.0 * MARGIN, ch, lang),
            MARGIN,
            p.y + 12.0,
        );
        p.y += ch + 12.0;
        let mut header = vec![String::new()];
        header.extend(region.years.iter().map(|y| y.year.to_string()));
        let n = region.years.len();
        let step = ((PAGE.0 - 2.0 * MARGIN - 230.0) / n as f64).min(110.0);
        let cols: Vec<f64> = (0..n)
            .map(|k| PAGE.0 - MARGIN - step * (n - 1 - k) as f64)
            .collect();
        let mut rows = Vec::new();
        for (k, &i) in report.indices.iter().enumerate() {
            let name = index_text(i, lang).0;
            rows.push((
                format!("{name} ({})", region.name),
                region
                    .years
                    .iter()
                    .map(|y| index_value(y.region[k], lang))
                    .collect(),
                None,
            ));
            rows.push((
                format!("{name} ({county})"),
                region
                    .years
                    .iter()
                    .map(|y| index_value(y.county[k], lang))
                    .collect(),
                None,
            ));
        }
        p.table(&header, &rows, &cols);
        sources(&mut p, cx);
        out.push(p.finish(n_pages, n_pages, &footer));
    }
    Ok(out)
}

/// The plans' page: what each plan adds in the municipality and the indices before and after.
fn plans_page(p: &mut Page, report: &Report, region: &RegionReport, lang: Lang) {
    p.heading(&match lang {
        Lang::Sv => format!(
            "Planer: vad de skulle göra med segregationen i {}",
            region.name
        ),
        Lang::En => format!(
            "Plans: what they would do to segregation in {}",
            region.name
        ),
    });
    for plan in &region.plans {
        let share = if plan.persons > 0.0 {
            100.0 * plan.group_persons / plan.persons
        } else {
            0.0
        };
        let text = match lang {
            Lang::Sv => format!(
                "{}: {} personer, varav {} % {}, i {} områden.",
                plan.name,
                lang.number(plan.persons, 0),
                lang.number(share, 0),
                report.group_label.to_lowercase(),
                plan.areas
            ),
            Lang::En => format!(
                "{}: {} persons, {} % of them {}, in {} areas.",
                plan.name,
                lang.number(plan.persons, 0),
                lang.number(share, 0),
                report.group_label.to_lowercase(),
                plan.areas
            ),
        };
        p.paragraph(&text, 12.0, INK, PAGE.0 - 2.0 * MARGIN);
    }
    let n = region.plans.len();
    let mut header = vec![String::new(), tr(lang, "Före", "Before")];
    header.extend(
        region
            .plans
            .iter()
            .map(|pl| super::chart::shorten(&pl.name, 14)),
    );
    let step = ((PAGE.0 - 2.0 * MARGIN - 230.0) / (n + 1) as f64).min(110.0);
    let cols: Vec<f64> = (0..=n)
        .map(|k| PAGE.0 - MARGIN - step * (n - k) as f64)
        .collect();
    let rows: Vec<(String, Vec<String>, Option<String>)> = report
        .indices
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let before = region.plans[0].indices[k].0;
            let mut values = vec![index_value(before, lang)];
            for pl in &region.plans {
                let (b, a) = pl.indices[k];
                values.push(match (b, a) {
                    (Some(b), Some(a)) => format!(
                        "{} ({}{})",
                        fixed(lang, a, 3),
                        if a >= b { "+" } else { "−" },
                        fixed(lang, (a - b).abs(), 4)
                    ),
                    _ => index_value(a, lang),
                });
            }
            (index_text(i, lang).0, values, None)
        })
        .collect();
    p.table(&header, &rows, &cols);
    p.paragraph(
        &tr(
            lang,
            "Personerna fördelas på de områden planens yta täcker, i proportion till överlappet (eller ett nytt eget område); indexen räknas om för kommunens områden.",
            "The persons are spread over the areas the plan's polygon covers, in proportion to the overlap (or a new area of their own); the indices are computed again over the municipality's areas.",
        ),
        10.5,
        GREY,
        PAGE.0 - 2.0 * MARGIN,
    );
}

/// A bar of the county's M: the between part, and the within part with the region's
/// contribution marked.
fn split_bar(p: &mut Page, s: &crate::analysis::report::Split, contribution: f64, name: &str) {
    let (x, w, h) = (MARGIN, PAGE.0 - 2.0 * MARGIN, 22.0);
    let y = p.y + 14.0;
    if s.county_m <= 0.0 || !s.county_m.is_finite() {
        return;
    }
    let bw = w * s.between / s.county_m;
    let cw = w * contribution / s.county_m;
    let _ = write!(
        p.s,
        r##"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{h}" fill="#7fa9c4"/><rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{h}" fill="#d9e4ec"/><rect x="{:.1}" y="{y:.1}" width="{cw:.1}" height="{h}" fill="{ACCENT}"/>"##,
        x + bw,
        (w - bw).max(0.0),
        x + bw,
    );
    let lang = p.lang;
    let ly = y + h + 16.0;
    let labels = [
        (
            "#7fa9c4",
            tr(lang, "Mellan kommunerna", "Between municipalities"),
        ),
        (ACCENT, name.to_string()),
        (
            "#d9e4ec",
            tr(
                lang,
                "Inom övriga kommuner",
                "Within the other municipalities",
            ),
        ),
    ];
    let mut lx = x;
    for (color, label) in labels {
        let _ = write!(
            p.s,
            r##"<rect x="{lx:.1}" y="{:.1}" width="11" height="11" fill="{color}" stroke="#999" stroke-width="0.5"/>"##,
            ly - 10.0
        );
        p.text_at(lx + 16.0, ly, 11.0, INK, "", &label);
        lx += 16.0 + label.chars().count() as f64 * 6.0 + 24.0;
    }
    p.y = ly + 6.0;
}

/// The sources and the date, at the end of the last page.
fn sources(p: &mut Page, cx: &Context) {
    p.heading(&tr(cx.lang, "Källor", "Sources"));
    for line in cx.sources {
        p.paragraph(line, 10.5, GREY, PAGE.0 - 2.0 * MARGIN);
    }
    let made = match cx.lang {
        Lang::Sv => format!(
            "Framställd med segatlas {} den {}. Indexen följer PySAL:s definitioner (segregation-paketet).",
            env!("CARGO_PKG_VERSION"),
            cx.date
        ),
        Lang::En => format!(
            "Made with segatlas {} on {}. The indices follow PySAL's definitions (the segregation package).",
            env!("CARGO_PKG_VERSION"),
            cx.date
        ),
    };
    p.paragraph(&made, 10.5, GREY, PAGE.0 - 2.0 * MARGIN);
}

/// The PDF's title and description.
fn meta(region: &RegionReport, lang: Lang) -> (String, String) {
    match lang {
        Lang::Sv => (
            format!("Segregation i {} ({})", region.name, region.code),
            format!(
                "Rapport om segregationen i {}: karta över områdena, nyckeltal mot länet och riket, segregationsindex och uppdelning mellan och inom kommunerna.",
                region.name
            ),
        ),
        Lang::En => (
            format!("Segregation in {} ({})", region.name, region.code),
            format!(
                "Report on segregation in {}: map of the areas, key indicators against the county and the country, segregation indices and the between/within split.",
                region.name
            ),
        ),
    }
}

/// The report's source lines, in its language: the layer, the statistics joined onto it (file
/// and key) and where the country's values come from.
pub fn source_lines(
    layer: &std::path::Path,
    stats: &[(std::path::PathBuf, String)],
    national: Option<&std::path::Path>,
    report: &Report,
    lang: Lang,
) -> Vec<String> {
    let name = |p: &std::path::Path| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let sv = lang.is_swedish();
    let mut lines = vec![if sv {
        format!("Områden: {}.", name(layer))
    } else {
        format!("Areas: {}.", name(layer))
    }];
    for (s, key) in stats {
        lines.push(if sv {
            format!("Statistik: {}, kopplad på {key}.", name(s))
        } else {
            format!("Statistics: {}, joined on {key}.", name(s))
        });
    }
    match (national, report.national_areas) {
        (Some(n), Some(k)) => lines.push(if sv {
            format!("Riket: {} ({} områden).", name(n), lang.number(k as f64, 0))
        } else {
            format!("Sweden: {} ({} areas).", name(n), lang.number(k as f64, 0))
        }),
        _ if report.country == Country::None => lines.push(if sv {
            "Riket: ingen nationell tabell given; rikets värden saknas.".into()
        } else {
            "Sweden: no national table given; the country's values are missing.".into()
        }),
        _ => {}
    }
    lines
}

/// A report written to a file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Written {
    pub code: String,
    pub name: String,
    pub file: std::path::PathBuf,
    pub pages: usize,
}

/// The county's regions dissolved (for the locator inset), by county code.
fn locators(
    report: &Report,
    layer: &Layer,
    table: &Table,
    each: &str,
) -> Result<std::collections::HashMap<String, Vec<MultiPolygon<f64>>>> {
    let mut out = std::collections::HashMap::new();
    for region in &report.regions {
        let Some(c) = &region.county_code else {
            continue;
        };
        if out.contains_key(c) {
            continue;
        }
        let Some(county_rows) = report.county_rows.get(c) else {
            continue;
        };
        let sub = layer.subset(county_rows);
        let t = table.take_rows(&county_rows.iter().map(|&r| Some(r)).collect::<Vec<_>>());
        let d = crate::analysis::dissolved::by_field(&sub, &t, each)?;
        out.insert(c.clone(), d.layer.projected);
    }
    Ok(out)
}

/// Write one PDF per region of the report into `folder` (created if needed), never over one of
/// `inputs`; `progress(k, n, region)` before each. Stops (with the files so far) when cancelled.
#[allow(clippy::too_many_arguments)]
pub fn write_all(
    report: &Report,
    layer: &Layer,
    table: &Table,
    each: &str,
    sources: &[String],
    date: &str,
    lang: Lang,
    folder: &std::path::Path,
    inputs: &[&std::path::Path],
    control: &crate::work::Control,
    progress: &dyn Fn(usize, usize, &RegionReport),
) -> Result<Vec<Written>> {
    use crate::error::Error;
    std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, &e))?;
    let loc = locators(report, layer, table, each)?;
    let mut out = Vec::new();
    let n = report.regions.len();
    for (k, region) in report.regions.iter().enumerate() {
        crate::work::check(control)?;
        progress(k, n, region);
        let cx = Context {
            layer,
            table,
            locator: region
                .county_code
                .as_ref()
                .and_then(|c| loc.get(c))
                .map(Vec::as_slice),
            sources,
            date,
            lang,
        };
        let pages = pages(report, region, &cx)?;
        let file = folder.join(file_name(region));
        crate::data::write::check_not_input(&file, inputs)?;
        let list: Vec<(&str, f64, f64)> =
            pages.iter().map(|s| (s.as_str(), PAGE.0, PAGE.1)).collect();
        let (title, desc) = meta(region, lang);
        let bytes = super::pdf::pdf_pages(&list, lang, Some(&title), Some(&desc))?;
        crate::data::write::atomic_write(&file, &bytes)?;
        out.push(Written {
            code: region.code.clone(),
            name: region.name.clone(),
            file,
            pages: pages.len(),
        });
        control.set_progress(0.5 + 0.5 * (k + 1) as f32 / n.max(1) as f32);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_counted_from_1970() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_723), (2024, 1, 1));
        assert_eq!(civil(20_788), (2026, 12, 1));
        assert_eq!(civil(11_016), (2000, 2, 29));
    }

    #[test]
    fn indices_read_to_three_decimals() {
        assert_eq!(fixed(Lang::Sv, 0.41, 3), "0,410");
        assert_eq!(fixed(Lang::En, 0.4126, 3), "0.413");
        assert_eq!(fixed(Lang::Sv, 2.0, 1), "2,0");
        assert_eq!(fixed(Lang::Sv, 12345.67, 1), "12\u{a0}345,7");
    }

    #[test]
    fn names_and_texts() {
        assert_eq!(readable("utlandsk_bakgrund_2022"), "Utlandsk bakgrund 2022");
        assert_eq!(readable("\"Antal totalt 2020\""), "Antal totalt 2020");
        let (n, e) = index_text("dissim", Lang::Sv);
        assert_eq!(n, "Olikhetsindex");
        assert!(e.starts_with("andelen av gruppen"));
        let wrapped = wrap("ett två tre fyra fem sex sju åtta nio tio", 60.0, 10.0);
        assert!(wrapped.len() > 1 && wrapped.iter().all(|l| l.chars().count() <= 12));
    }
}

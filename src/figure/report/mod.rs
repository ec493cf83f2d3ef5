//! A report's pages as SVG, A4 portrait, drawn from an [`analysis::report`] region: (1) the title
//! page with the map of the region's areas (SCB's area types when the data have them, else the
//! group's share) and a locator inset of its county, and its key figures; (2) the key indicators
//! against the county and the country, the segregation indices with a plain-language
//! explanation of each from the measures' registry, and the county's between/within split;
//! (3) when the statistics have years, the indices over the years. Sources and the date close the
//! last page. [`pdf`] makes the pages one PDF (vector, fonts embedded, text kept as text).
//!
//! The pages are drawn in [`title`], [`indices`], [`plans`] and [`years`] on a [`page::Page`].
//!
//! [`analysis::report`]: crate::analysis::report

use crate::analysis::report::{Country, RegionReport, Report};
use crate::data::{Layer, Table};
use crate::error::Result;
use crate::i18n::Lang;
use geo::MultiPolygon;
mod indices;
mod page;
mod plans;
mod text;
mod title;
mod years;

use page::{Page, GREY, MARGIN};
use text::tr;
pub use text::{fixed, index_text};

/// A4 portrait at 96 pixels to the inch.
pub const PAGE: (f64, f64) = (794.0, 1123.0);

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

pub use crate::analysis::report::readable;

/// What a report's pages need besides the numbers.
pub struct Context<'a> {
    pub layer: &'a Layer,
    pub table: &'a Table,
    /// The county's regions (dissolved), for the locator inset; None draws no inset.
    pub locator: Option<&'a [MultiPolygon<f64>]>,
    /// The bundled municipalities, when the areas have no geometry (a report from SCB's national
    /// table): the title page's map shows the municipality on them.
    pub bundled: Option<&'a Layer>,
    /// Source lines, already in the report's language.
    pub sources: &'a [String],
    pub date: &'a str,
    pub lang: Lang,
}

/// What every page of a region's report shares: its title, the county's name, the page count and
/// the footer.
pub(super) struct Head {
    pub title: String,
    pub county: String,
    pub n_pages: usize,
    pub footer: String,
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
    let head = Head {
        title,
        county,
        n_pages,
        footer,
    };
    let mut out = vec![
        title::page(report, region, cx, &head)?,
        indices::page(report, region, cx, &head),
    ];
    // The plans that reach the municipality: the indices before and after each.
    if !region.plans.is_empty() {
        let mut p = Page::new(lang, &head.title);
        plans::page(&mut p, report, region, lang);
        if n_pages == 3 {
            sources(&mut p, cx);
        }
        out.push(p.finish(3, n_pages, &head.footer));
    }

    if !region.years.is_empty() {
        out.push(years::page(report, region, cx, &head));
    }
    Ok(out)
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

/// The locator insets from the bundled municipalities: those of each county (by the first two
/// digits of their codes).
fn bundled_locators(
    report: &Report,
    municipalities: &Layer,
) -> std::collections::HashMap<String, Vec<MultiPolygon<f64>>> {
    let codes = municipalities.table.column("kommun_kod");
    let mut out = std::collections::HashMap::new();
    for c in report.regions.iter().filter_map(|r| r.county_code.as_ref()) {
        if out.contains_key(c) {
            continue;
        }
        let polygons: Vec<MultiPolygon<f64>> = (0..municipalities.len())
            .filter(|&r| {
                codes
                    .and_then(|k| k.key_at(r))
                    .is_some_and(|k| k.starts_with(c.as_str()))
            })
            .map(|r| municipalities.projected[r].clone())
            .collect();
        if !polygons.is_empty() {
            out.insert(c.clone(), polygons);
        }
    }
    out
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
    crate::data::write::output_folder(folder)?;
    let bundled = if layer.without_geometry().len() == layer.len() {
        Some(crate::data::bundled::municipalities()?)
    } else {
        None
    };
    let loc = match &bundled {
        Some(b) => bundled_locators(report, b),
        None => locators(report, layer, table, each)?,
    };
    let mut out = Vec::new();
    let n = report.regions.len();
    let files = crate::data::write::distinct_names(
        &report.regions.iter().map(file_name).collect::<Vec<_>>(),
    );
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
            bundled: bundled.as_ref(),
            sources,
            date,
            lang,
        };
        let pages = pages(report, region, &cx)?;
        let file = folder.join(&files[k]);
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
    use super::page::wrap;
    use super::*;

    #[test]
    fn a_long_column_header_wraps_inside_its_column() {
        let mut p = page::Page::new(Lang::Sv, "T");
        let header = [
            String::new(),
            "Göteborg".to_string(),
            "Västra Götalands län".to_string(),
            "Riket".to_string(),
        ];
        let cols = [
            PAGE.0 - page::MARGIN - 220.0,
            PAGE.0 - page::MARGIN - 110.0,
            PAGE.0 - page::MARGIN,
        ];
        p.table(&header, &[], &cols);
        let svg = p.finish(1, 1, "f");
        assert!(svg.contains(">Västra Götalands</text>"), "{svg}");
        assert!(svg.contains(">län</text>"), "{svg}");
        assert!(svg.contains(">Göteborg</text>"));
    }

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

//! The report's last page when the statistics have years: the indices over the years, as a chart
//! and a table of the region and its county.

use super::page::{Page, MARGIN};
use super::text::{index_text, index_value, tr};
use super::{sources, Context, Head, PAGE};
use crate::analysis::report::{RegionReport, Report};
use crate::figure::chart::{Chart, Series};
use crate::i18n::Lang;

/// The years' page, with the sources.
pub(super) fn page(report: &Report, region: &RegionReport, cx: &Context, head: &Head) -> String {
    let lang = cx.lang;
    let (title, county, n_pages) = (&head.title, &head.county, head.n_pages);
    let mut p = Page::new(lang, title);
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
    p.finish(n_pages, n_pages, &head.footer)
}

//! The report's first page: the title, the map of the region's areas with a locator inset of its
//! county, and the key figures as cards.

use super::page::{Page, ACCENT, GREY, INK, MARGIN};
use super::text::{fixed, index_text, index_value, indicator_label, not_available, tr};
use super::{Context, Head, PAGE};
use crate::analysis::report::{readable, Indicator, RegionReport, Report};
use crate::classify::style::{render_values, MapStyle};
use crate::error::Result;
use crate::figure::{Figure, Place};
use crate::i18n::Lang;
use geo::MultiPolygon;
use std::fmt::Write as _;

/// The region's map: SCB's area types when the data have them, else the group's share in
/// quintiles of the region's own areas.
pub(super) fn map_svg(
    report: &Report,
    region: &RegionReport,
    cx: &Context,
    w: f64,
    h: f64,
) -> Result<String> {
    let lang = cx.lang;
    if let Some(b) = cx.bundled {
        return bundled_map_svg(report, region, cx, b, w, h);
    }
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
    let extent = crate::figure::bbox_of(&areas).map(|[a, b, c, d]| {
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
                    label: String::new(),
                },
                lang,
            ),
            // Quintiles when the areas have five values or more; as many classes as they have
            // otherwise (one value: one class, said in the legend).
            match rendered.legend.len() {
                5 => tr(lang, "Andel, % (kvintiler)", "Share, % (quintiles)"),
                _ => tr(lang, "Andel, %", "Share, %"),
            },
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

/// The map without the areas' geometry (SCB's national table): the municipality on the bundled
/// map, in its county (the locator), coloured by its share.
fn bundled_map_svg(
    report: &Report,
    region: &RegionReport,
    cx: &Context,
    municipalities: &crate::data::Layer,
    w: f64,
    h: f64,
) -> Result<String> {
    let lang = cx.lang;
    let codes = municipalities.table.column("kommun_kod");
    let areas: Vec<MultiPolygon<f64>> = (0..municipalities.len())
        .filter(|&r| codes.and_then(|k| k.key_at(r)).as_deref() == Some(region.code.as_str()))
        .map(|r| municipalities.projected[r].clone())
        .collect();
    let share = region
        .indicators
        .iter()
        .find(|i| i.kind == "share")
        .and_then(|i| i.values.region);
    let style = MapStyle {
        variable: report.group.clone(),
        scheme: "quantiles".into(),
        k: 1,
        palette: "YlOrRd".into(),
        ..MapStyle::default()
    };
    let rendered = render_values(&style, vec![share; areas.len()], lang)?;
    let extent = crate::figure::bbox_of(&areas).map(|[a, b, c, d]| {
        let (dx, dy) = ((c - a) * 0.04, (d - b) * 0.04);
        [a - dx, b - dy, c + dx, d + dy]
    });
    let title = indicator_label(
        report,
        &Indicator {
            variable: String::new(),
            kind: "share",
            values: Default::default(),
            weighted: false,
            label: String::new(),
        },
        lang,
    );
    Ok(Figure {
        areas: &areas,
        rendered: &rendered,
        title,
        subtitle: tr(
            lang,
            "Kommunen (tabellen har inga områdesgränser)",
            "The municipality (the table has no area boundaries)",
        ),
        legend_title: tr(lang, "Andel, %", "Share, %"),
        source: String::new(),
        metres: true,
        width: w,
        height: h,
        lang,
        overlay: &[],
        labels: &[],
        bivariate: None,
        extent: cx.locator.and(extent),
        locator: cx.locator,
        legend_at: Place::Right,
        scale_at: Place::Auto,
        north_at: Place::TopRight,
    }
    .svg())
}

/// The first page.
pub(super) fn page(
    report: &Report,
    region: &RegionReport,
    cx: &Context,
    head: &Head,
) -> Result<String> {
    let lang = cx.lang;
    let (title, county) = (&head.title, &head.county);
    let mut p = Page::new(lang, title);
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
        title,
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
    let pct = |x: Option<f64>| {
        x.map_or_else(
            || not_available(lang),
            |x| format!("{} %", fixed(lang, x, 1)),
        )
    };
    let idx = |x: Option<f64>| index_value(x, lang);
    let num = |x: Option<f64>| x.map_or_else(|| not_available(lang), |x| lang.number(x, 0));
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
            &crate::figure::chart::shorten(label, 34),
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
    Ok(p.finish(1, head.n_pages, &head.footer))
}

//! The report's second page: the key indicators against the county and the country, the
//! segregation indices with the registry's plain-language explanation of each, and the county's
//! split into between and within its municipalities.

use super::page::{Page, ACCENT, GREY, INK, MARGIN};
use super::text::{fixed, index_text, index_value, indicator_label, indicator_value, tr};
use super::{sources, Context, Head, PAGE};
use crate::analysis::report::{Country, RegionReport, Report};
use crate::i18n::Lang;
use std::fmt::Write as _;

/// The second page (the last one when there are no plans and no years: then with the sources).
pub(super) fn page(report: &Report, region: &RegionReport, cx: &Context, head: &Head) -> String {
    let lang = cx.lang;
    let (title, county, n_pages) = (&head.title, &head.county, head.n_pages);
    let mut p = Page::new(lang, title);
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
    if let Some(text) = uncertainty_sentence(region, lang) {
        p.paragraph(&text, 10.5, GREY, PAGE.0 - 2.0 * MARGIN);
    }
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
    if let Some(n) = &region.national {
        national(&mut p, n, &region.name, lang);
    }
    if n_pages == 2 {
        sources(&mut p, cx);
    }
    p.finish(2, n_pages, &head.footer)
}

/// With a noise model: how sure the region's indices are, as a sentence with an interval per
/// index ("Med Poisson-brus på antalen … olikhetsindex 0,372–0,381, …").
pub(super) fn uncertainty_sentence(region: &RegionReport, lang: Lang) -> Option<String> {
    let banded: Vec<(&str, &crate::measures::uncertainty::Band)> = region
        .indices
        .iter()
        .filter_map(|i| Some((i.index, i.band.as_ref()?)))
        .collect();
    let first = banded.first()?.1;
    let model = match (lang, first.model.split_once(':')) {
        (Lang::Sv, None) => "Poisson-brus på antalen".to_string(),
        (Lang::En, None) => "Poisson noise on the counts".to_string(),
        (Lang::Sv, Some(("uniform", a))) => format!("±{a} personer på varje antal"),
        (Lang::En, Some(("uniform", a))) => format!("±{a} persons on every count"),
        (Lang::Sv, Some(("round", b))) => format!("antal avrundade till {b}"),
        (Lang::En, Some(("round", b))) => format!("counts rounded to {b}"),
        (Lang::Sv, Some((_, n))) => format!("undertryckta antal under {n}"),
        (Lang::En, Some((_, n))) => format!("suppressed counts under {n}"),
    };
    let intervals = |bands: Vec<(&str, &crate::measures::uncertainty::Band)>| -> String {
        bands
            .iter()
            .map(|(index, b)| {
                format!(
                    "{} {}–{}",
                    first_lower(&index_text(index, lang).0),
                    fixed(lang, b.low, 3),
                    fixed(lang, b.high, 3)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let parts = intervals(banded.clone());
    // The county's and the country's columns, where they have bands.
    let of = |level: fn(
        &crate::analysis::report::IndexRow,
    ) -> Option<&crate::measures::uncertainty::Band>| {
        let b: Vec<_> = region
            .indices
            .iter()
            .filter_map(|i| Some((i.index, level(i)?)))
            .collect();
        (!b.is_empty()).then(|| intervals(b))
    };
    let county = of(|i| i.band_county.as_ref());
    let country = of(|i| i.band_country.as_ref());
    let mut more = String::new();
    for (text, sv, en) in [
        (county, "länet", "the county"),
        (country, "riket", "the country"),
    ] {
        if let Some(t) = text {
            more += &match lang {
                Lang::Sv => format!(" För {sv}: {t}."),
                Lang::En => format!(" For {en}: {t}."),
            };
        }
    }
    Some(match lang {
        Lang::Sv => format!(
            "Osäkerhet från små tal: med {model} ({} dragningar) ligger 95 % av värdena för {} inom {}.{more}",
            first.draws,
            region.name,
            parts
        ),
        Lang::En => format!(
            "Uncertainty from small counts: with {model} ({} draws), 95 % of {}'s values lie within {}.{more}",
            first.draws,
            region.name,
            parts
        ),
    })
}

/// A name inside a sentence: its first letter small ("Entropi (Theils H)" → "entropi (Theils H)").
fn first_lower(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// The county's split as a bar: the part between its municipalities, the part within, and the
/// region's contribution marked.
pub(super) fn split_bar(
    p: &mut Page,
    s: &crate::analysis::report::Split,
    contribution: f64,
    name: &str,
) {
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

/// The municipality's place in the country's segregation within municipalities.
fn national(p: &mut Page, n: &crate::analysis::report::NationalShare, name: &str, lang: Lang) {
    p.heading(&tr(lang, "I hela landet", "In the whole country"));
    let pct = |x: f64, d: usize| lang.number(100.0 * x, d);
    let text = match lang {
        Lang::Sv => format!(
            "Sveriges segregation mätt med Theils M är {}; {} % av den ligger inom kommunerna, mellan deras områden. {name} har M = {} och {} % av landets invånare. Kommunen står för {} % av landets segregation inom kommunerna och är nummer {} av {} kommuner.",
            fixed(lang, n.country_m, 3),
            pct(n.within / n.country_m, 0),
            fixed(lang, n.m, 3),
            pct(n.population_share, 1),
            pct(n.share, 1),
            n.rank,
            n.of
        ),
        Lang::En => format!(
            "Sweden's segregation measured by Theil's M is {}; {} % of it lies within the municipalities, between their areas. {name} has M = {} and {} % of the country's residents. It accounts for {} % of the country's segregation within municipalities and ranks {} of {} municipalities.",
            fixed(lang, n.country_m, 3),
            pct(n.within / n.country_m, 0),
            fixed(lang, n.m, 3),
            pct(n.population_share, 1),
            pct(n.share, 1),
            n.rank,
            n.of
        ),
    };
    p.paragraph(&text, 12.0, INK, PAGE.0 - 2.0 * MARGIN);
}

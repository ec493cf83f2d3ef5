//! The report's page of plans (from `report --change`, or the app's scenario view): what each
//! plan adds in the municipality and each index before and after it.

use super::page::{Page, GREY, INK, MARGIN};
use super::text::{fixed, index_text, index_value, tr};
use super::PAGE;
use crate::analysis::report::{RegionReport, Report};
use crate::i18n::Lang;

/// The plans' page: what each plan adds in the municipality and the indices before and after.
pub(super) fn page(p: &mut Page, report: &Report, region: &RegionReport, lang: Lang) {
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
            .map(|pl| crate::figure::chart::shorten(&pl.name, 14)),
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

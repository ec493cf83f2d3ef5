//! The report's words and numbers: the language's text, numbers to fixed decimals, the
//! registry's name and explanation of each index, and how indicators are labelled and shown.

use crate::analysis::report::{readable, Indicator, Report};
use crate::i18n::Lang;

/// The text in the language.
pub(super) fn tr(lang: Lang, sv: &str, en: &str) -> String {
    match lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A number to exactly `decimals` decimals in the language's format (0,410 — indices are read
/// to three decimals).
pub fn fixed(lang: Lang, v: f64, decimals: usize) -> String {
    lang.fixed(v, decimals)
}

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

/// What an indicator is called.
pub(super) fn indicator_label(report: &Report, i: &Indicator, lang: Lang) -> String {
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
            Lang::Sv => format!("{} (befolkningsviktat medel av områdena)", i.label),
            Lang::En => format!("{} (population-weighted mean of the areas)", i.label),
        },
        _ => i.label.clone(),
    }
}

/// What stands where a value is not available: a word, never a dash that reads like a value
/// ("Riket: saknas").
pub(super) fn not_available(lang: Lang) -> String {
    match lang {
        Lang::Sv => "saknas".into(),
        Lang::En => "n/a".into(),
    }
}

/// An indicator's value as text ([`not_available`] when there is none).
pub(super) fn indicator_value(i: &Indicator, v: Option<f64>, lang: Lang) -> String {
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
        (None, _) => not_available(lang),
        (Some(v), "population") => lang.number(v, 0),
        (Some(v), "share" | "challenged_areas") => fixed(lang, v, 1),
        (Some(v), _) => fixed(lang, v, decimals),
    }
}

pub(super) fn index_value(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| not_available(lang), |v| fixed(lang, v, 3))
}

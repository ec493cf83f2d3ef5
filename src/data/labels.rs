//! Variables under their own labels: a dictionary of SCB's fields in Swedish and English, with
//! å/ä/ö and the unit ("Utländsk bakgrund", "Medianinkomst (nettoinkomst), tkr", "Låg ekonomisk
//! standard, %"), for the field names of SCB's tables in the shared data and SCB's own export
//! headers; a year at the end of a name goes before the unit ("Folkmängd 2022", "Låg ekonomisk
//! standard 2022, %"). A
//! person's own labels (per field: the app's label field, kept in projects; the CLI's
//! `--label FIELD=TEXT`) come first. Legends, charts and reports read labels from here.

use crate::i18n::Lang;
use std::collections::BTreeMap;

/// A person's own labels: field → text.
pub type Labels = BTreeMap<String, String>;

/// SCB's fields (without the year): (name, Swedish, English).
const SCB: &[(&str, &str, &str)] = &[
    ("svensk_bakgrund", "Svensk bakgrund", "Swedish background"),
    (
        "utlandsk_bakgrund",
        "Utländsk bakgrund",
        "Foreign background",
    ),
    (
        "svensk bakgrund totalt",
        "Svensk bakgrund",
        "Swedish background",
    ),
    (
        "utländsk bakgrund totalt",
        "Utländsk bakgrund",
        "Foreign background",
    ),
    ("totalt totalt", "Folkmängd", "Population"),
    ("folkmangd", "Folkmängd", "Population"),
    (
        "folkmangd_fodelseregion",
        "Folkmängd (födelseregion)",
        "Population (region of birth)",
    ),
    ("fodda_sverige", "Födda i Sverige", "Born in Sweden"),
    (
        "fodda_europa_utom_sverige",
        "Födda i Europa utom Sverige",
        "Born in Europe outside Sweden",
    ),
    (
        "fodda_ovriga_varlden",
        "Födda i övriga världen",
        "Born in the rest of the world",
    ),
    ("Antal Sverige totalt", "Födda i Sverige", "Born in Sweden"),
    ("Antal totalt totalt", "Folkmängd", "Population"),
    (
        "nettoinkomst_median_tkr",
        "Medianinkomst (nettoinkomst), tkr",
        "Median net income, kSEK",
    ),
    (
        "Medianvärde, tkr nettoinkomst totalt",
        "Medianinkomst (nettoinkomst), tkr",
        "Median net income, kSEK",
    ),
    (
        "nettoinkomst_medel_tkr",
        "Medelinkomst (nettoinkomst), tkr",
        "Mean net income, kSEK",
    ),
    (
        "Medelvärde, tkr nettoinkomst totalt",
        "Medelinkomst (nettoinkomst), tkr",
        "Mean net income, kSEK",
    ),
    (
        "Medelvärde för samtliga, tkr",
        "Medellön (lön för samtliga), tkr",
        "Mean wage (all persons), kSEK",
    ),
    (
        "nettoinkomst_antal_personer",
        "Personer med nettoinkomst",
        "Persons with a net income",
    ),
    (
        "Antal personer totalt nettoinkomst totalt",
        "Personer med nettoinkomst",
        "Persons with a net income",
    ),
    (
        "lag_ekonomisk_standard_pct",
        "Låg ekonomisk standard, %",
        "Low economic standard, %",
    ),
    (
        "hog_ekonomisk_standard_pct",
        "Hög ekonomisk standard, %",
        "High economic standard, %",
    ),
    (
        "ekonomisk_standard_antal_personer",
        "Personer med ekonomisk standard",
        "Persons with an economic standard",
    ),
    (
        "utb_forgymnasial_25_64",
        "Förgymnasial utbildning (25–64 år)",
        "Compulsory schooling only (aged 25–64)",
    ),
    (
        "utb_gymnasial_25_64",
        "Gymnasial utbildning (25–64 år)",
        "Upper secondary education (aged 25–64)",
    ),
    (
        "utb_eftergymn_lt3ar_25_64",
        "Eftergymnasial utbildning kortare än 3 år (25–64 år)",
        "Post-secondary education under 3 years (aged 25–64)",
    ),
    (
        "utb_eftergymn_ge3ar_25_64",
        "Eftergymnasial utbildning 3 år eller längre (25–64 år)",
        "Post-secondary education 3 years or more (aged 25–64)",
    ),
    (
        "utb_saknas_25_64",
        "Utbildning okänd (25–64 år)",
        "Education unknown (aged 25–64)",
    ),
    (
        "sysselsatta_16_64",
        "Förvärvsarbetande (16–64 år)",
        "Employed (aged 16–64)",
    ),
    (
        "arbetslosa_16_64",
        "Arbetslösa (16–64 år)",
        "Unemployed (aged 16–64)",
    ),
    (
        "arbetskraften_16_64",
        "I arbetskraften (16–64 år)",
        "In the labour force (aged 16–64)",
    ),
    (
        "utanfor_arbetskraften_16_64",
        "Utanför arbetskraften (16–64 år)",
        "Outside the labour force (aged 16–64)",
    ),
    (
        "befolkning_16_64",
        "Befolkning 16–64 år",
        "Population aged 16–64",
    ),
    (
        "lgh_hyresratt",
        "Lägenheter med hyresrätt",
        "Rented dwellings",
    ),
    (
        "lgh_bostadsratt",
        "Lägenheter med bostadsrätt",
        "Tenant-owned dwellings",
    ),
    (
        "lgh_aganderatt",
        "Lägenheter med äganderätt",
        "Owner-occupied dwellings",
    ),
    (
        "lgh_upplatelseform_saknas",
        "Lägenheter, upplåtelseform okänd",
        "Dwellings, tenure unknown",
    ),
    (
        "Antal hyresrätt",
        "Lägenheter med hyresrätt",
        "Rented dwellings",
    ),
    (
        "Antal bostadsrätt",
        "Lägenheter med bostadsrätt",
        "Tenant-owned dwellings",
    ),
    (
        "Antal äganderätt",
        "Lägenheter med äganderätt",
        "Owner-occupied dwellings",
    ),
    (
        "Antal uppgift saknas",
        "Lägenheter, upplåtelseform okänd",
        "Dwellings, tenure unknown",
    ),
    (
        "pers_smahus",
        "Personer i småhus",
        "Persons in single-family houses",
    ),
    (
        "pers_flerbostadshus",
        "Personer i flerbostadshus",
        "Persons in multi-dwelling buildings",
    ),
    (
        "pers_ovriga_hus",
        "Personer i övriga hus",
        "Persons in other buildings",
    ),
    (
        "pers_specialbostader",
        "Personer i specialbostäder",
        "Persons in special housing",
    ),
    (
        "pers_hustyp_saknas",
        "Personer, hustyp okänd",
        "Persons, building type unknown",
    ),
    (
        "pers_hustyp_totalt",
        "Personer (hustyp)",
        "Persons (building type)",
    ),
    (
        "hh_sammanboende_med_barn",
        "Hushåll: sammanboende med barn",
        "Households: couples with children",
    ),
    (
        "hh_sammanboende_utan_barn",
        "Hushåll: sammanboende utan barn",
        "Households: couples without children",
    ),
    (
        "hh_ensamstaende_med_barn",
        "Hushåll: ensamstående med barn",
        "Households: single parents",
    ),
    (
        "hh_ensamstaende_utan_barn",
        "Hushåll: ensamstående utan barn",
        "Households: single persons",
    ),
    ("hh_ovriga", "Hushåll: övriga", "Households: other"),
    ("alder_totalt", "Befolkning (ålder)", "Population (age)"),
    ("alder_0_4", "0–4 år", "Aged 0–4"),
    ("alder_5_9", "5–9 år", "Aged 5–9"),
    ("alder_10_14", "10–14 år", "Aged 10–14"),
    ("alder_15_19", "15–19 år", "Aged 15–19"),
    ("alder_20_24", "20–24 år", "Aged 20–24"),
    (
        "regso_socioek_index",
        "Socioekonomisk områdestyp (SCB)",
        "Socioeconomic area type (SCB)",
    ),
    (
        "belopp_tkr",
        "Statsbidrag mot segregation, tkr",
        "State grants against segregation, kSEK",
    ),
    ("area_km2", "Yta, km²", "Area, km²"),
];

/// The label of a field: a person's own, else the dictionary's (a year at the end kept at the
/// end), else None.
pub fn label(field: &str, lang: Lang, own: &Labels) -> Option<String> {
    let field = field.trim().trim_matches('"');
    if let Some(l) = own.get(field).filter(|l| !l.trim().is_empty()) {
        return Some(l.clone());
    }
    let pick = |(_, sv, en): &(&str, &str, &str)| match lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    };
    if let Some(e) = SCB.iter().find(|(n, _, _)| *n == field) {
        return Some(pick(e));
    }
    let (base, year) = crate::data::table::split_year(field)?;
    SCB.iter().find(|(n, _, _)| *n == base).map(|e| {
        // The year before the unit: "Låg ekonomisk standard 2022, %".
        let l = pick(e);
        match l.rsplit_once(", ") {
            Some((head, unit)) => format!("{head} {year}, {unit}"),
            None => format!("{l} {year}"),
        }
    })
}

/// The label of a field, or the field as it stands.
pub fn or_field(field: &str, lang: Lang, own: &Labels) -> String {
    label(field, lang, own).unwrap_or_else(|| field.to_string())
}

/// `FIELD=TEXT` as the CLI's `--label` takes it.
pub fn parse(texts: &[String]) -> crate::Result<Labels> {
    texts
        .iter()
        .map(|t| {
            let (f, l) = t.split_once('=').ok_or_else(|| {
                crate::Error::input(format!(
                    "--label '{t}': give FIELD=TEXT (utlandsk_bakgrund_2022=\"Utländsk bakgrund\")"
                ))
            })?;
            Ok((f.trim().to_string(), l.trim().to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scb_fields_read_as_words_with_their_year_and_unit() {
        let none = Labels::new();
        assert_eq!(
            label("utlandsk_bakgrund_2022", Lang::Sv, &none).as_deref(),
            Some("Utländsk bakgrund 2022")
        );
        assert_eq!(
            label("nettoinkomst_median_tkr_2022", Lang::En, &none).as_deref(),
            Some("Median net income 2022, kSEK")
        );
        assert_eq!(
            label("\"Antal totalt totalt 2020\"", Lang::Sv, &none).as_deref(),
            Some("Folkmängd 2020")
        );
        assert_eq!(
            label("lag_ekonomisk_standard_pct_2022", Lang::Sv, &none).as_deref(),
            Some("Låg ekonomisk standard 2022, %")
        );
        assert_eq!(label("no_such_field_2022", Lang::Sv, &none), None);
        assert_eq!(or_field("x/y", Lang::Sv, &none), "x/y");
        // A person's own label first.
        let own = parse(&["utlandsk_bakgrund_2022=Utrikes bakgrund".into()]).unwrap();
        assert_eq!(
            or_field("utlandsk_bakgrund_2022", Lang::Sv, &own),
            "Utrikes bakgrund"
        );
        assert!(parse(&["no equals sign".into()]).is_err());
    }
}

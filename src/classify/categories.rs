//! Categorical maps: one colour per distinct code, and the names of SCB's and Boverket's
//! socioeconomic area types (områdestyper 1–5), in Swedish and English.

/// The Swedish and English names of SCB's socioeconomic area type `code` (1–5).
pub fn area_type_name(code: i64, swedish: bool) -> Option<&'static str> {
    let (sv, en) = match code {
        1 => (
            "Områden med stora socioekonomiska utmaningar",
            "Areas with major socioeconomic challenges",
        ),
        2 => (
            "Områden med socioekonomiska utmaningar",
            "Areas with socioeconomic challenges",
        ),
        3 => (
            "Socioekonomiskt blandade områden",
            "Socioeconomically mixed areas",
        ),
        4 => (
            "Områden med goda socioekonomiska förutsättningar",
            "Areas with good socioeconomic conditions",
        ),
        5 => (
            "Områden med mycket goda socioekonomiska förutsättningar",
            "Areas with very good socioeconomic conditions",
        ),
        _ => return None,
    };
    Some(if swedish { sv } else { en })
}

/// Is this column name SCB's area type (`regso_socioek_index_2022`, `områdestyp`, …)?
pub fn is_area_type_column(name: &str) -> bool {
    let n = name.to_lowercase();
    n.contains("socioek") || n.contains("områdestyp") || n.contains("omradestyp")
}

/// The distinct values of a column in sorted order (the categories of a categorical map).
pub fn distinct(values: &[Option<f64>]) -> Vec<f64> {
    let mut d: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    d.sort_by(f64::total_cmp);
    d.dedup();
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_types() {
        assert_eq!(
            area_type_name(1, true),
            Some("Områden med stora socioekonomiska utmaningar")
        );
        assert_eq!(
            area_type_name(5, false),
            Some("Areas with very good socioeconomic conditions")
        );
        assert_eq!(area_type_name(6, true), None);
        assert!(is_area_type_column("regso_socioek_index_2022"));
        assert_eq!(
            distinct(&[Some(3.0), None, Some(1.0), Some(3.0)]),
            vec![1.0, 3.0]
        );
    }
}

//! Names for the codes of a grouping field, so results per region say "0180 Stockholm", not only
//! "0180": the table's name field beside it (`kommunnamn` beside `kommun`) where each code has
//! one name, else the bundled map's names of Sweden's 290 municipalities (four-digit codes) or
//! 21 counties (two digits).

use crate::data::Table;
use std::collections::HashMap;

/// The name of every code of `field` that has one.
pub fn of_regions(table: &Table, field: &str) -> HashMap<String, String> {
    let Some(codes) = table.column(field) else {
        return HashMap::new();
    };
    if let Some(names) =
        crate::analysis::report::name_field(table, field).and_then(|n| table.column(&n))
    {
        let mut out: HashMap<String, Option<String>> = HashMap::new();
        for r in 0..table.len() {
            if let (Some(c), Some(n)) = (codes.key_at(r), names.key_at(r)) {
                let e = out.entry(c).or_insert_with(|| Some(n.clone()));
                if e.as_deref() != Some(n.as_str()) {
                    *e = None; // two names for one code: none
                }
            }
        }
        let named: HashMap<String, String> =
            out.into_iter().filter_map(|(c, n)| Some((c, n?))).collect();
        if !named.is_empty() {
            return named;
        }
    }
    let present: Vec<String> = (0..table.len()).filter_map(|r| codes.key_at(r)).collect();
    bundled(&present).unwrap_or_default()
}

/// Names of Sweden's municipalities or counties when every code is one of them.
pub fn bundled(codes: &[String]) -> Option<HashMap<String, String>> {
    let digits = |c: &String, n: usize| c.len() == n && c.bytes().all(|b| b.is_ascii_digit());
    let (layer, code, name) = if !codes.is_empty() && codes.iter().all(|c| digits(c, 4)) {
        (
            crate::data::bundled::municipalities().ok()?,
            "kommun_kod",
            "kommun",
        )
    } else if !codes.is_empty() && codes.iter().all(|c| digits(c, 2)) {
        (crate::data::bundled::counties().ok()?, "lan_kod", "lan")
    } else {
        return None;
    };
    let (c, n) = (layer.table.column(code)?, layer.table.column(name)?);
    Some(
        (0..layer.table.len())
            .filter_map(|r| Some((c.key_at(r)?, n.key_at(r)?)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    fn text(name: &str, v: &[&str]) -> Column {
        Column::text(name, v.iter().map(|s| Some(s.to_string())).collect())
    }

    #[test]
    fn a_name_field_beside_the_codes_else_the_bundled_names() {
        let t = Table::new(vec![
            text("regso", &["0180R001", "0180R001", "0127R002"]),
            text("regsonamn", &["Norrmalm", "Norrmalm", "Fittja"]),
            text("kommun", &["0180", "0180", "0127"]),
        ])
        .unwrap();
        let r = of_regions(&t, "regso");
        assert_eq!(r["0180R001"], "Norrmalm");
        assert_eq!(r["0127R002"], "Fittja");
        let k = of_regions(&t, "kommun");
        assert_eq!(
            (k["0180"].as_str(), k["0127"].as_str()),
            ("Stockholm", "Botkyrka")
        );
        // A code with two names gets none.
        let t = Table::new(vec![text("x", &["A1", "A1"]), text("xnamn", &["P", "Q"])]).unwrap();
        assert!(of_regions(&t, "x").is_empty());
    }
}

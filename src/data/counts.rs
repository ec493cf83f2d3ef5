//! Counts of persons, checked in one place for every command that takes them: a count is a
//! finite number, never negative, and a group is never larger than its total. The first
//! offending areas are named by their codes, so a person can find them in the file.

use crate::data::subset::ids_of;
use crate::data::Table;
use crate::error::{Error, Result};

/// How many offending areas a message names.
const SHOWN: usize = 3;

/// Check counts of the areas `rows` of `table`: `counts` pairs each variable's text with its
/// values on those rows (in the same order); `part_of` lists (group, total) pairs by their
/// places in `counts`, where the group must not exceed the total.
pub fn check(
    table: &Table,
    rows: &[usize],
    counts: &[(&str, &[f64])],
    part_of: &[(usize, usize)],
) -> Result<()> {
    let name = |found: Vec<usize>| -> String {
        let ids = ids_of(table, &found.iter().map(|&k| rows[k]).collect::<Vec<_>>());
        ids.join(", ")
    };
    for (var, values) in counts {
        let bad: Vec<usize> = (0..values.len())
            .filter(|&k| !values[k].is_finite() || values[k] < 0.0)
            .collect();
        if let Some(&first) = bad.first() {
            let n = bad.len();
            return Err(Error::input(format!(
                "'{var}' is {} in area {}: counts must not be negative and must be finite ({n} area{} in all{})",
                values[first],
                name(vec![first]),
                if n == 1 { "" } else { "s" },
                if n > 1 {
                    format!(": {}", name(bad.into_iter().take(SHOWN).collect()))
                } else {
                    String::new()
                }
            )));
        }
    }
    for &(g, t) in part_of {
        let (gv, tv) = (counts[g].1, counts[t].1);
        let bad: Vec<usize> = (0..gv.len().min(tv.len()))
            .filter(|&k| gv[k] > tv[k] * (1.0 + 1e-12))
            .collect();
        if let Some(&first) = bad.first() {
            return Err(Error::input(format!(
                "the group '{}' ({}) is larger than its total '{}' ({}) in area {} ({} area{} in all: {})",
                counts[g].0,
                gv[first],
                counts[t].0,
                tv[first],
                name(vec![first]),
                bad.len(),
                if bad.len() == 1 { "" } else { "s" },
                name(bad.into_iter().take(SHOWN).collect())
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    #[test]
    fn negative_non_finite_and_too_large_groups_are_named() {
        let t = Table::new(vec![Column::text(
            "deso_kod",
            ["0114A0010", "0114A0020", "0114A0030"]
                .iter()
                .map(|s| Some(s.to_string()))
                .collect(),
        )])
        .unwrap();
        let rows = [0, 1, 2];
        let ok = check(
            &t,
            &rows,
            &[("g", &[1.0, 2.0, 0.0]), ("t", &[2.0, 2.0, 5.0])],
            &[(0, 1)],
        );
        assert!(ok.is_ok());
        let e = check(&t, &rows, &[("g", &[1.0, -2.0, 0.0])], &[]).unwrap_err();
        assert!(e.message.contains("'g' is -2 in area 0114A0020"), "{e}");
        let e = check(&t, &rows, &[("g", &[f64::INFINITY, 1.0, 0.0])], &[]).unwrap_err();
        assert!(
            e.message.contains("0114A0010") && e.message.contains("finite"),
            "{e}"
        );
        let e = check(
            &t,
            &[2, 1],
            &[("g", &[9.0, 1.0]), ("t", &[5.0, 2.0])],
            &[(0, 1)],
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("'g' (9) is larger than its total 't' (5) in area 0114A0030"),
            "{e}"
        );
        // A group as large as its total is fine; half a person more is not (cargo mutants found
        // both bounds untested).
        let pair = |g: f64| check(&t, &[0], &[("g", &[g]), ("t", &[5.0])], &[(0, 1)]);
        assert!(pair(5.0).is_ok());
        assert!(pair(5.5).is_err());
    }
}

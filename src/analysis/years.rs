//! Follow-up over years. Statistics with several years have one column per variable and year
//! (`Antal 2020`, `folkmangd_2022`, or a long table's year field spread by the reader). A
//! variable is moved to another year by swapping each year-bearing column for its sibling of
//! that year; from there come the year slider, change maps and per-area time series.

use crate::data::expr::Expr;
use crate::data::table::{split_year, Table};
use crate::error::{Error, Result};

/// The variable for `year`, or None when some column has no sibling for that year.
pub fn move_to_year(expr: &Expr, table: &Table, year: i32) -> Option<Expr> {
    let moved = expr.rename(&|c: &str| match split_year(c) {
        None => c.to_string(),
        Some((base, _)) => match table
            .columns
            .iter()
            .find(|col| split_year(&col.name) == Some((base, year)))
        {
            Some(col) => col.name.clone(),
            // Marked, and refused below.
            None => format!("\u{0}{c}"),
        },
    });
    let complete = !moved.columns().iter().any(|c| c.starts_with('\u{0}'));
    complete.then_some(moved)
}

/// The years the variable exists for (empty when it names no year).
pub fn years_of(expr: &Expr, table: &Table) -> Vec<i32> {
    if !expr.columns().iter().any(|c| split_year(c).is_some()) {
        return Vec::new();
    }
    table
        .years()
        .into_iter()
        .filter(|y| move_to_year(expr, table, *y).is_some())
        .collect()
}

/// Years as a person types them ("2020, 2021; 2023"), or None when a part is not a year.
pub fn parse_years(text: &str) -> Option<Vec<i32>> {
    text.split([',', ';', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<i32>().ok())
        .collect()
}

/// The year the variable currently names (its first year-bearing column's).
pub fn year_of(expr: &Expr) -> Option<i32> {
    expr.columns()
        .iter()
        .find_map(|c| split_year(c))
        .map(|(_, y)| y)
}

/// How a change between two years is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// to − from
    Difference,
    /// (to − from) / from × 100
    Percent,
}

impl Change {
    pub const ALL: [Change; 2] = [Change::Difference, Change::Percent];
    pub fn name(self) -> &'static str {
        match self {
            Change::Difference => "difference",
            Change::Percent => "percent-change",
        }
    }
}

/// The variable's change from one year to another, per area; missing where either year is
/// missing (or `from` is 0 for a percentage).
pub fn change(
    expr: &Expr,
    table: &Table,
    area_km2: Option<&[f64]>,
    from: i32,
    to: i32,
    kind: Change,
) -> Result<Vec<Option<f64>>> {
    let at = |y: i32| {
        move_to_year(expr, table, y)
            .ok_or_else(|| Error::input(format!("'{expr}' has no values for {y}")))
            .and_then(|e| e.evaluate(table, area_km2))
    };
    let (a, b) = (at(from)?, at(to)?);
    Ok(a.iter()
        .zip(&b)
        .map(|(a, b)| {
            let (a, b) = ((*a)?, (*b)?);
            match kind {
                Change::Difference => Some(b - a),
                Change::Percent => (a != 0.0).then(|| (b - a) / a * 100.0),
            }
        })
        .collect())
}

/// Some areas' values over all the variable's years: per row of `rows`, (year, value). Each
/// year's variable is evaluated once for all of them.
pub fn series(
    expr: &Expr,
    table: &Table,
    area_km2: Option<&[f64]>,
    rows: &[usize],
) -> Vec<Vec<(i32, Option<f64>)>> {
    let per_year: Vec<(i32, Vec<Option<f64>>)> = years_of(expr, table)
        .into_iter()
        .map(|y| {
            let v = move_to_year(expr, table, y)
                .and_then(|e| e.evaluate(table, area_km2).ok())
                .unwrap_or_default();
            (y, v)
        })
        .collect();
    rows.iter()
        .map(|&r| {
            per_year
                .iter()
                .map(|(y, v)| (*y, v.get(r).copied().flatten()))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    fn table() -> Table {
        Table::new(vec![
            Column::number("Antal Sverige 2020", vec![Some(5.0), None]),
            Column::number("Antal Sverige 2021", vec![Some(6.0), Some(2.0)]),
            Column::number("Antal totalt 2020", vec![Some(10.0), Some(4.0)]),
            Column::number("Antal totalt 2021", vec![Some(8.0), Some(4.0)]),
            Column::number("Antal totalt 2022", vec![Some(8.0), Some(4.0)]),
        ])
        .unwrap()
    }

    #[test]
    fn a_ratio_moves_to_years_where_both_columns_exist() {
        let t = table();
        let e = Expr::parse("\"Antal Sverige 2020\" / \"Antal totalt 2020\" * 100").unwrap();
        assert_eq!(years_of(&e, &t), vec![2020, 2021]);
        let moved = move_to_year(&e, &t, 2021).unwrap();
        assert_eq!(
            moved.evaluate(&t, None).unwrap(),
            vec![Some(75.0), Some(50.0)]
        );
        assert!(move_to_year(&e, &t, 2022).is_none());
        assert_eq!(year_of(&moved), Some(2021));
    }

    #[test]
    fn changes_keep_missing_values_missing() {
        let t = table();
        let e = Expr::parse("\"Antal Sverige 2020\"").unwrap();
        let d = change(&e, &t, None, 2020, 2021, Change::Difference).unwrap();
        assert_eq!(d, vec![Some(1.0), None]);
        let p = change(&e, &t, None, 2020, 2021, Change::Percent).unwrap();
        assert_eq!(p, vec![Some(20.0), None]);
        assert_eq!(
            series(&e, &t, None, &[1]),
            vec![vec![(2020, None), (2021, Some(2.0))]]
        );
    }
}

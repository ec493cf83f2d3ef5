//! Missing values in analyses, as GeoDa treats them: an analysis runs on the areas that have
//! every value it needs, the others are left out — counted and named, never silently dropped —
//! and local results come back with one entry per area, empty (*saknas*) for the left-out ones.
//!
//! Relational measures must rebuild their weights on the remaining areas (a neighbour that was
//! left out is no neighbour): callers build them from [`Subset::take`] of the geometry.

use crate::data::table::{identify_fields, Table};
use crate::error::{Error, Result};

/// What an analysis does with areas that lack a value it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Missing {
    /// Leave them out, and say which.
    #[default]
    Skip,
    /// Refuse to compute.
    Error,
}

impl Missing {
    pub fn from_name(name: &str) -> Result<Missing> {
        match name {
            "skip" => Ok(Missing::Skip),
            "error" => Ok(Missing::Error),
            other => Err(Error::input(format!(
                "unknown --missing '{other}' (skip or error)"
            ))),
        }
    }
}

/// The areas an analysis runs on, out of `n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subset {
    /// Rows kept, ascending.
    pub rows: Vec<usize>,
    /// Rows left out because a value was missing, ascending.
    pub excluded: Vec<usize>,
    /// How many rows there were.
    pub n: usize,
    /// The excluded rows left out for having no geometry (the rest lack a value).
    pub no_geometry: Vec<usize>,
}

/// Why an area was left out, as the CLI's `excluded_reasons` names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Exclusion {
    pub id: String,
    pub reason: &'static str,
}

impl Subset {
    /// Every row of `n`.
    pub fn all(n: usize) -> Subset {
        Subset {
            rows: (0..n).collect(),
            excluded: Vec::new(),
            n,
            no_geometry: Vec::new(),
        }
    }

    /// Among `candidates`, the rows where every named variable has a value. `variables` pairs a
    /// variable's text (for messages) with its values on all rows. With [`Missing::Error`] any
    /// gap is an error naming the variable and how many areas lack it.
    pub fn complete(
        n: usize,
        candidates: Option<&[usize]>,
        variables: &[(&str, &[Option<f64>])],
        policy: Missing,
    ) -> Result<Subset> {
        let all: Vec<usize>;
        let candidates = match candidates {
            Some(c) => c,
            None => {
                all = (0..n).collect();
                &all
            }
        };
        if policy == Missing::Error {
            for (name, v) in variables {
                let missing = candidates
                    .iter()
                    .filter(|&&r| v.get(r).copied().flatten().is_none())
                    .count();
                if missing > 0 {
                    return Err(Error::input(format!(
                        "'{name}' is missing (saknas) in {missing} areas (--missing skip leaves them out)"
                    )));
                }
            }
        }
        let (rows, excluded): (Vec<usize>, Vec<usize>) = candidates.iter().partition(|&&r| {
            variables
                .iter()
                .all(|(_, v)| v.get(r).copied().flatten().is_some())
        });
        Ok(Subset {
            rows,
            excluded,
            n,
            no_geometry: Vec::new(),
        })
    }

    /// The subset without the areas that have no geometry (null or empty shapes): they move to
    /// `excluded`, with the reason "no geometry". For every analysis that needs a place.
    pub fn with_geometry(mut self, layer: &crate::data::Layer) -> Subset {
        let (rows, lost): (Vec<usize>, Vec<usize>) =
            self.rows.iter().partition(|&&r| layer.has_geometry(r));
        if lost.is_empty() {
            return self;
        }
        self.rows = rows;
        self.excluded.extend(&lost);
        self.excluded.sort_unstable();
        self.excluded.dedup();
        self.no_geometry.extend(lost);
        self.no_geometry.sort_unstable();
        self
    }

    /// Each left-out area with why: "no geometry" or "missing value".
    pub fn reasons(&self, table: &Table) -> Vec<Exclusion> {
        reasons_of(table, &self.excluded, &self.no_geometry)
    }

    /// The subset, or an error when no area is left to compute on.
    pub fn nonempty(self, variables: &[&str]) -> Result<Subset> {
        if self.rows.is_empty() {
            return Err(Error::input(format!(
                "no area has a value for every variable ({})",
                variables
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(self)
    }

    /// The kept rows' items.
    pub fn take<T: Clone>(&self, all: &[T]) -> Vec<T> {
        self.rows.iter().map(|&r| all[r].clone()).collect()
    }

    /// The kept rows' values (each has one, by construction).
    pub fn values(&self, all: &[Option<f64>]) -> Vec<f64> {
        self.rows
            .iter()
            .map(|&r| all.get(r).copied().flatten().unwrap_or(f64::NAN))
            .collect()
    }

    /// Results for the kept rows spread back over all `n` rows, `None` for the others.
    pub fn expand<T: Clone>(&self, kept: &[T]) -> Vec<Option<T>> {
        let mut out = vec![None; self.n];
        for (k, &r) in self.rows.iter().enumerate() {
            if let Some(v) = kept.get(k) {
                out[r] = Some(v.clone());
            }
        }
        out
    }

    /// How people name the left-out areas: their codes (the table's code field), else
    /// feature numbers counted from 1.
    pub fn excluded_ids(&self, table: &Table) -> Vec<String> {
        ids_of(table, &self.excluded)
    }
}

/// Each of the `excluded` rows with why it was left out: "no geometry" for those among
/// `no_geometry`, else "missing value".
pub fn reasons_of(table: &Table, excluded: &[usize], no_geometry: &[usize]) -> Vec<Exclusion> {
    let ids = ids_of(table, excluded);
    excluded
        .iter()
        .zip(ids)
        .map(|(r, id)| Exclusion {
            id,
            reason: if no_geometry.binary_search(r).is_ok() {
                crate::data::layer::NO_GEOMETRY
            } else {
                "missing value"
            },
        })
        .collect()
}

/// The codes of these rows (the table's code field), else their feature numbers from 1.
pub fn ids_of(table: &Table, rows: &[usize]) -> Vec<String> {
    let code = identify_fields(table)
        .1
        .and_then(|c| table.column(&c).cloned());
    rows.iter()
        .map(|&r| {
            code.as_ref()
                .and_then(|c| c.key_at(r))
                .unwrap_or_else(|| format!("#{}", r + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    #[test]
    fn keeps_complete_rows_names_the_rest_and_expands_back() {
        let a = [Some(1.0), None, Some(3.0), Some(4.0)];
        let b = [Some(1.0), Some(2.0), None, Some(4.0)];
        let s = Subset::complete(4, None, &[("a", &a), ("b", &b)], Missing::Skip).unwrap();
        assert_eq!(s.rows, vec![0, 3]);
        assert_eq!(s.excluded, vec![1, 2]);
        assert_eq!(s.values(&a), vec![1.0, 4.0]);
        assert_eq!(s.expand(&[10, 40]), vec![Some(10), None, None, Some(40)]);
        let t = Table::new(vec![Column::text(
            "deso",
            ["0114A0010", "0114A0020", "0114A0030", "0114A0040"]
                .iter()
                .map(|s| Some(s.to_string()))
                .collect(),
        )])
        .unwrap();
        assert_eq!(s.excluded_ids(&t), vec!["0114A0020", "0114A0030"]);
        // Candidates restrict the rows (a region), and what they leave is not "excluded".
        let s = Subset::complete(4, Some(&[2, 3]), &[("a", &a), ("b", &b)], Missing::Skip).unwrap();
        assert_eq!((s.rows, s.excluded), (vec![3], vec![2]));
        let e = Subset::complete(4, None, &[("b", &b)], Missing::Error).unwrap_err();
        assert!(
            e.message.contains("'b' is missing (saknas) in 1 areas"),
            "{e}"
        );
        let none =
            Subset::complete(4, Some(&[1, 2]), &[("a", &a), ("b", &b)], Missing::Skip).unwrap();
        assert!(none.rows.is_empty());
        assert!(none.nonempty(&["a", "b"]).is_err());
    }
}

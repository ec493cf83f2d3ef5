//! Parameters checked at the edge, against their domain, before any work: a number outside it
//! is bad input (exit 2) with the option named, never a result computed from nonsense.

use crate::error::{Error, Result};

/// The most permutations or simulations a test runs: enough for p-values to 1e-5.
pub const MAX_PERMUTATIONS: usize = 99_999;

/// A number of permutations within 0..=[`MAX_PERMUTATIONS`].
pub fn permutations(n: usize) -> Result<usize> {
    if n > MAX_PERMUTATIONS {
        return Err(Error::input(format!(
            "--permutations {n} is more than {MAX_PERMUTATIONS}; 9,999 already gives p-values to 1e-4"
        )));
    }
    Ok(n)
}

/// A significance level strictly between 0 and 1.
pub fn alpha(a: f64) -> Result<f64> {
    if a.is_finite() && a > 0.0 && a < 1.0 {
        Ok(a)
    } else {
        Err(Error::input(format!(
            "--alpha {a} must lie strictly between 0 and 1 (e.g. 0.05)"
        )))
    }
}

/// A confidence level strictly between 0 and 1.
pub fn level(l: f64) -> Result<f64> {
    if l.is_finite() && l > 0.0 && l < 1.0 {
        Ok(l)
    } else {
        Err(Error::input(format!(
            "--ci {l} must lie strictly between 0 and 1 (e.g. 0.95)"
        )))
    }
}

/// Distances of the multiscalar profile: finite and not negative (0 is the aspatial index).
pub fn distances(d: &[f64]) -> Result<()> {
    match d.iter().find(|v| !v.is_finite() || **v < 0.0) {
        Some(v) => Err(Error::input(format!(
            "--distance {v}: distances must be 0 or more metres"
        ))),
        None => Ok(()),
    }
}

/// Population scales: finite and positive numbers of persons.
pub fn population_k(k: &[f64]) -> Result<()> {
    match k.iter().find(|v| !v.is_finite() || **v <= 0.0) {
        Some(v) => Err(Error::input(format!(
            "--population-k {v}: a neighbourhood holds a positive number of persons"
        ))),
        None => Ok(()),
    }
}

/// A snapping tolerance: 0 or more, and at most 1 km (or 1 unit for planar data in degrees'
/// range is the caller's business): wider would join areas across whole districts.
pub fn tolerance(t: f64) -> Result<f64> {
    if t.is_finite() && (0.0..=1000.0).contains(&t) {
        Ok(t)
    } else {
        Err(Error::input(format!(
            "--tolerance {t} must be between 0 and 1000 (metres for projected data)"
        )))
    }
}

/// Index names from the registry, or `all` for every one; an unknown name lists the known.
pub fn index_names(names: &[String]) -> Result<Vec<&'static str>> {
    use crate::measures::segregation::{measure, REGISTRY};
    if names.iter().any(|n| n == "all") {
        return Ok(REGISTRY.iter().map(|m| m.name).collect());
    }
    names
        .iter()
        .map(|n| {
            measure(n.trim()).map(|m| m.name).ok_or_else(|| {
                Error::input(format!(
                    "unknown index '{n}' (known: {})",
                    REGISTRY
                        .iter()
                        .map(|m| m.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert!(permutations(99_999).is_ok() && permutations(100_000_000).is_err());
        assert!(alpha(0.05).is_ok());
        for a in [0.0, 1.0, 2.0, -0.1, f64::NAN] {
            assert!(alpha(a).is_err(), "{a}");
        }
        assert!(distances(&[0.0, 500.0]).is_ok());
        assert!(distances(&[-5.0]).is_err() && distances(&[f64::NAN]).is_err());
        assert!(population_k(&[1600.0]).is_ok() && population_k(&[0.0]).is_err());
        assert!(tolerance(25.0).is_ok());
        assert!(tolerance(1e12).is_err() && tolerance(-1.0).is_err());
    }
}

//! Reading one cell of statistics as people and SCB write it: decimal comma, spaces as
//! thousands separators, and SCB's missing markers (`..`, `.`, `-`), which stay missing and
//! never become 0.

/// SCB's markers for a value that is missing, secret or not applicable.
const MISSING_MARKERS: [&str; 6] = ["", "..", ".", "-", "–", "NA"];

/// True when the cell says "no value".
pub fn is_missing(cell: &str) -> bool {
    MISSING_MARKERS.contains(&cell.trim())
}

/// True for identifiers written with digits that must stay text: `0180`, `01`, `0114A0010`.
pub fn is_code_like(cell: &str) -> bool {
    let t = cell.trim();
    t.len() > 1 && t.starts_with('0') && t.chars().all(|c| c.is_ascii_digit())
}

/// Parse a number written the Swedish or the English way: `1 234,5`, `1234.5`, `-3`, `1e3`.
/// Returns `None` for anything else, including missing markers.
pub fn parse_number(cell: &str) -> Option<f64> {
    let t = cell.trim();
    if is_missing(t) {
        return None;
    }
    if let Ok(v) = t.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    // Swedish style: spaces (also no-break and thin spaces) group thousands, comma is decimal.
    let mut s = String::with_capacity(t.len());
    let mut commas = 0;
    let mut dots = 0;
    for c in t.chars() {
        match c {
            ' ' | '\u{a0}' | '\u{202f}' => {}
            ',' => {
                commas += 1;
                s.push('.');
            }
            '.' => {
                dots += 1;
                s.push('.');
            }
            '−' => s.push('-'),
            _ => s.push(c),
        }
    }
    if commas > 1 || commas + dots > 1 {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_english_numbers() {
        assert_eq!(parse_number("1234.5"), Some(1234.5));
        assert_eq!(parse_number("1234,5"), Some(1234.5));
        assert_eq!(parse_number("10 521 556"), Some(10_521_556.0));
        assert_eq!(parse_number("1\u{a0}234,25"), Some(1234.25));
        assert_eq!(parse_number("−3,5"), Some(-3.5));
        assert_eq!(parse_number("2e3"), Some(2000.0));
    }

    #[test]
    fn markers_stay_missing_never_zero() {
        for m in ["..", ".", "-", "", "  "] {
            assert_eq!(parse_number(m), None, "{m:?}");
            assert!(is_missing(m));
        }
    }

    #[test]
    fn text_and_ambiguous_separators_are_not_numbers() {
        assert_eq!(parse_number("Danderyd"), None);
        assert_eq!(parse_number("1,234,5"), None);
        assert_eq!(parse_number("1.234,5"), None);
        assert_eq!(parse_number("inf"), None);
    }

    #[test]
    fn codes_with_leading_zero_are_code_like() {
        assert!(is_code_like("0180"));
        assert!(is_code_like("01"));
        assert!(!is_code_like("0"));
        assert!(!is_code_like("180"));
        assert!(!is_code_like("0.5"));
    }
}

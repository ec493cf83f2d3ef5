//! SCB/Boverket's socioeconomic area types. SEI is the mean of three component shares (V1 low
//! economic standard, V2 at most pre-secondary education, V3 long unemployment or social
//! assistance); with μ and σ of SEI over the areas, type 1 is SEI ≥ μ+2σ, 2 is [μ+σ, μ+2σ),
//! 3 is [μ, μ+σ), 4 is [μ−σ, μ) and 5 is below μ−σ. By default μ is the unweighted mean and σ
//! the sample standard deviation over the areas with all three components; with a weight
//! (population) both are weighted, σ² = Σw(x−μ)²/(Σw − 1) as for frequency weights.

use crate::error::{Error, Result};

/// The five types' names, 1 to 5, as SCB publishes them (Swedish) and in English.
pub fn name(area_type: u8, swedish: bool) -> &'static str {
    crate::classify::categories::area_type_name(i64::from(area_type), swedish).unwrap_or("")
}

/// The result for a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaTypes {
    pub sei: Vec<Option<f64>>,
    /// 1–5, or none where a component is missing.
    pub types: Vec<Option<u8>>,
    pub mean: f64,
    pub sd: f64,
    /// Areas per type 1–5.
    pub counts: [usize; 5],
    pub weighted: bool,
}

/// The type of an SEI value under μ and σ.
pub fn type_of(sei: f64, mean: f64, sd: f64) -> u8 {
    if sei >= mean + 2.0 * sd {
        1
    } else if sei >= mean + sd {
        2
    } else if sei >= mean {
        3
    } else if sei >= mean - sd {
        4
    } else {
        5
    }
}

/// SEI and types from three components (and an optional weight) per area.
pub fn area_types(
    components: [&[Option<f64>]; 3],
    weight: Option<&[Option<f64>]>,
) -> Result<AreaTypes> {
    let n = components[0].len();
    let sei: Vec<Option<f64>> = (0..n)
        .map(|i| {
            let a = components[0][i]?;
            let b = components[1][i]?;
            let c = components[2][i]?;
            Some((a + b + c) / 3.0)
        })
        .collect();
    let pairs: Vec<(f64, f64)> = (0..n)
        .filter_map(|i| {
            let s = sei[i]?;
            let w = match weight {
                Some(w) => w[i].filter(|w| *w >= 0.0)?,
                None => 1.0,
            };
            Some((s, w))
        })
        .collect();
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    if pairs.len() < 2 || total <= 1.0 {
        return Err(Error::input(format!(
            "area types need at least two areas with all three components{}; found {}",
            if weight.is_some() {
                " and a weight"
            } else {
                ""
            },
            pairs.len()
        )));
    }
    let mean = pairs.iter().map(|(s, w)| s * w).sum::<f64>() / total;
    let ss: f64 = pairs.iter().map(|(s, w)| w * (s - mean).powi(2)).sum();
    let sd = (ss / (total - 1.0)).sqrt();
    if sd.is_nan() || sd <= 1e-12 * mean.abs().max(1.0) {
        return Err(Error::input(format!(
            "every area has the same SEI ({}): the types place areas by their distance from the mean in standard deviations, which needs areas that differ (are the components constant?)",
            crate::data::table::format_number(mean)
        )));
    }
    let types: Vec<Option<u8>> = sei
        .iter()
        .map(|s| s.map(|s| type_of(s, mean, sd)))
        .collect();
    let mut counts = [0; 5];
    for t in types.iter().flatten() {
        counts[usize::from(*t) - 1] += 1;
    }
    Ok(AreaTypes {
        sei,
        types,
        mean,
        sd,
        counts,
        weighted: weight.is_some(),
    })
}

/// The types over noisy counts: the components that are shares of counts (`group/total`, in
/// percent) redrawn as group and rest, the others (medians, published percentages) kept as
/// they are; each draw's SEI, μ, σ and types computed again. Per area the share of draws in
/// which it keeps its type, and bands for the number of areas of each type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeStability {
    pub stability: Vec<f64>,
    pub summary: crate::measures::uncertainty::Stability,
    pub counts: [Option<crate::measures::uncertainty::Band>; 5],
    /// The components redrawn and those kept (by their text).
    pub redrawn: Vec<String>,
    pub kept: Vec<String>,
}

/// [`area_types`] on `draws` draws of the components' counts (see [`TypeStability`]).
#[allow(clippy::too_many_arguments)]
pub fn type_stability(
    table: &crate::data::Table,
    area: &[f64],
    components: [&str; 3],
    weight: Option<&[Option<f64>]>,
    observed: &AreaTypes,
    noise: crate::measures::uncertainty::Noise,
    draws: usize,
    seed: u64,
) -> Result<TypeStability> {
    use crate::analysis::noisy::NoisyVariable;
    use crate::measures::uncertainty::{self, Stability};
    let mut redrawn = Vec::new();
    let mut kept = Vec::new();
    let mut parts: Vec<(Option<NoisyVariable>, Vec<Option<f64>>)> = Vec::new();
    for c in components {
        let v = NoisyVariable::new(c, table)
            .ok()
            .filter(NoisyVariable::is_share);
        if v.is_some() {
            redrawn.push(c.to_string());
        } else {
            kept.push(c.to_string());
        }
        parts.push((v, crate::data::expr::Expr::values(c, table, Some(area))?));
    }
    if redrawn.is_empty() {
        return Err(Error::input(format!(
            "none of the components is a share of counts (group/total*100), so --noise has nothing to redraw: {}",
            components.join(", ")
        )));
    }
    let rows: Vec<usize> = (0..table.len()).collect();
    let per_draw: Vec<Option<Vec<Option<u8>>>> = uncertainty::simulate(draws, seed, |r| {
        let values: Vec<Vec<Option<f64>>> = parts
            .iter()
            .map(|(v, published)| match v {
                Some(v) => v.draw(noise, table, &rows, Some(area), r),
                None => published.clone(),
            })
            .collect();
        area_types([&values[0], &values[1], &values[2]], weight)
            .ok()
            .map(|t| t.types)
    });
    let done: Vec<Vec<Option<u8>>> = per_draw.into_iter().flatten().collect();
    let stability = uncertainty::stability_of_known(&observed.types, &done);
    let count = |k: u8| uncertainty::count_band(noise, &done, &Some(k));
    Ok(TypeStability {
        summary: Stability::of(noise, done.len(), &stability, uncertainty::STABLE),
        stability,
        counts: [count(1), count(2), count(3), count(4), count(5)],
        redrawn,
        kept,
    })
}

/// Agreement of computed types with published ones: `table[computed-1][published-1]`, and how
/// many areas had both and agreed.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub table: [[usize; 5]; 5],
    pub both: usize,
    pub agree: usize,
    /// Published values that are not 1–5 (ignored).
    pub other: usize,
}

pub fn agreement(computed: &[Option<u8>], published: &[Option<f64>]) -> Agreement {
    let mut a = Agreement {
        table: [[0; 5]; 5],
        both: 0,
        agree: 0,
        other: 0,
    };
    for (c, p) in computed.iter().zip(published) {
        let (Some(c), Some(p)) = (c, p) else { continue };
        if !(1.0..=5.0).contains(p) || p.fract() != 0.0 {
            a.other += 1;
            continue;
        }
        let p = *p as usize;
        a.table[usize::from(*c) - 1][p - 1] += 1;
        a.both += 1;
        if usize::from(*c) == p {
            a.agree += 1;
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_components_are_refused_not_all_typed_1() {
        // Three identical constant components put every area in type 1 (sd 0).
        let c: Vec<Option<f64>> = vec![Some(12.0); 50];
        let e = area_types([&c, &c, &c], None).unwrap_err();
        assert!(
            e.to_string().contains("every area has the same SEI (12)"),
            "{e}"
        );
        // One constant component among varying ones is fine: the SEI still varies.
        let v: Vec<Option<f64>> = (0..50).map(|i| Some(i as f64)).collect();
        assert!(area_types([&c, &v, &c], None).is_ok());
    }

    #[test]
    fn types_by_hand() {
        // SEI = 1, 2, …, 10: μ = 5.5, σ = sqrt(82.5/9) = 3.0277
        let a: Vec<Option<f64>> = (1..=10).map(|i| Some(f64::from(i))).collect();
        let t = area_types([&a, &a, &a], None).unwrap();
        assert!((t.mean - 5.5).abs() < 1e-12);
        assert!((t.sd - (82.5f64 / 9.0).sqrt()).abs() < 1e-12);
        // μ+σ = 8.53: 9, 10 type 2; μ+2σ = 11.56: none type 1; μ−σ = 2.47: 1, 2 type 5
        let types: Vec<u8> = t.types.iter().map(|x| x.unwrap()).collect();
        assert_eq!(types, vec![5, 5, 4, 4, 4, 3, 3, 3, 2, 2]);
        assert_eq!(t.counts, [0, 2, 3, 3, 2]);
    }

    #[test]
    fn missing_components_give_no_type_and_weights_shift_the_mean() {
        let a = vec![Some(1.0), Some(3.0), None];
        let w = vec![Some(3.0), Some(1.0), Some(5.0)];
        let t = area_types([&a, &a, &a], Some(&w)).unwrap();
        assert_eq!(t.types[2], None);
        assert!((t.mean - 1.5).abs() < 1e-12);
        // Σw(x−μ)² = 3·0.25 + 1·2.25 = 3; /(4−1) = 1
        assert!((t.sd - 1.0).abs() < 1e-12);
        assert_eq!(t.counts.iter().sum::<usize>(), 2);
    }

    #[test]
    fn agreement_counts_the_diagonal() {
        let a = agreement(
            &[Some(1), Some(3), None, Some(5)],
            &[Some(1.0), Some(4.0), Some(2.0), Some(9.0)],
        );
        assert_eq!(a.both, 2);
        assert_eq!(a.agree, 1);
        assert_eq!(a.other, 1);
        assert_eq!(a.table[2][3], 1);
    }
}

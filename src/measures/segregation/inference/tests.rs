//! Tests of the parent module: hand-computed cases.
use super::*;
use crate::measures::segregation::single::{dissim, SingleGroup};

fn d(s: &Sample) -> Option<f64> {
    let (x, t) = s.single();
    Some(dissim(&SingleGroup {
        x: &x,
        t: &t,
        area: None,
    }))
}

fn data() -> Vec<Vec<f64>> {
    // 40 units: the first 10 hold most of the group.
    (0..40)
        .map(|i| {
            if i < 10 {
                vec![80.0, 20.0]
            } else {
                vec![10.0, 90.0]
            }
        })
        .collect()
}

#[test]
fn nulls_keep_what_they_promise() {
    let c = data();
    let mut r = rng(1, 0);
    let sys = draw(Null::Systematic, &c, &mut r);
    let sum = |s: &Sample, g: usize| s.counts.iter().map(|u| u[g]).sum::<f64>();
    assert_eq!(sum(&sys, 0), 1100.0);
    assert_eq!(sum(&sys, 1), 2900.0);
    for null in [Null::Evenness, Null::PersonPermutation] {
        let s = draw(null, &c, &mut r);
        for (a, b) in s.counts.iter().zip(&c) {
            assert_eq!(a.iter().sum::<f64>(), b.iter().sum::<f64>(), "{null:?}");
        }
        if null == Null::PersonPermutation {
            assert_eq!(sum(&s, 0), 1100.0);
        }
    }
    for name in Null::NAMES {
        assert_eq!(Null::from_name(name).unwrap().name(), name);
    }
    let g = draw(Null::GeographicPermutation, &c, &mut r);
    assert_eq!(g.counts.iter().filter(|u| u[0] == 80.0).count(), 10);
    let b = draw(Null::Bootstrap, &c, &mut r);
    assert_eq!(b.rows.unwrap().len(), 40);
}

#[test]
fn segregated_data_are_significant_and_seeds_repeat() {
    let c = data();
    let t = test(Null::Systematic, &c, 199, 5, &d).unwrap();
    assert!(t.observed > 0.6);
    assert_eq!(t.p_value, 0.0);
    assert!(t.mean_simulated() < 0.1);
    assert_eq!(t, test(Null::Systematic, &c, 199, 5, &d).unwrap());
    // Permuting places does not change an aspatial index: every draw ties, p = 0 by PySAL's rule.
    let g = test(Null::GeographicPermutation, &c, 50, 5, &d).unwrap();
    assert!(g.simulated.iter().all(|v| (v - g.observed).abs() < 1e-12));
    // A bootstrap of clearly segregated data never reaches 0.
    let b = test(Null::Bootstrap, &c, 99, 5, &d).unwrap();
    assert_eq!(b.p_value, 0.0);
    assert!(Null::from_name("random").is_err());
}

#[test]
fn counterfactual_and_decomposition_by_hand() {
    // Sample 1 compositions 0.1, 0.5, 0.9 (ranks 1/3, 2/3, 1); sample 2: 0.2, 0.4 (sorted).
    let (x1, t1) = ([1.0, 5.0, 9.0], [10.0, 10.0, 10.0]);
    let (x2, t2) = ([2.0, 4.0], [10.0, 10.0]);
    let (cf1, cf2) = counterfactual(&x1, &t1, &x2, &t2);
    // quantile of [0.2, 0.4] at 1/3 = 0.2667, 2/3 = 0.3333, 1 = 0.4
    assert!((cf1[0] - 2.0 - 2.0 / 3.0).abs() < 1e-12);
    assert!((cf1[2] - 4.0).abs() < 1e-12);
    // ranks 1/2, 1 → quantile of [0.1, 0.5, 0.9] at 0.5 = 0.5, at 1 = 0.9
    assert!((cf2[0] - 5.0).abs() < 1e-12 && (cf2[1] - 9.0).abs() < 1e-12);
    let idx = |_: u8, x: &[f64], t: &[f64]| dissim(&SingleGroup { x, t, area: None });
    let pair = Pair {
        x1: &x1,
        t1: &t1,
        x2: &x2,
        t2: &t2,
    };
    let (s, a) = decompose(&pair, &idx);
    let total = idx(1, &x1, &t1) - idx(2, &x2, &t2);
    assert!((s + a - total).abs() < 1e-12);
}

#[test]
fn two_samples_from_the_same_process_are_not_different() {
    let c = data();
    let (x, t): (Vec<f64>, Vec<f64>) = c.iter().map(|u| (u[0], u[0] + u[1])).unzip();
    let idx = |_: u8, x: &[f64], t: &[f64]| dissim(&SingleGroup { x, t, area: None });
    let pair = Pair {
        x1: &x,
        t1: &t,
        x2: &x,
        t2: &t,
    };
    let r = two_sample_test(TwoSample::RandomLabel, &pair, 99, 3, &idx).unwrap();
    assert_eq!(r.observed, 0.0);
    assert!(r.p_value > 0.2, "{}", r.p_value);
    // Identical samples: every unit's counterfactual is its own count, so no simulated
    // difference arises (all tie with the observed 0).
    let c = two_sample_test(TwoSample::Composition, &pair, 99, 3, &idx).unwrap();
    assert!(c.simulated.iter().all(|v| v.abs() < 1e-12));
}

//! Hand-computed cases of the exploratory views' numbers (numpy's and mapclassify's on the
//! shared data are in `tests/classify.rs`).

use super::*;

fn some(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().map(|x| Some(*x)).collect()
}

#[test]
fn histogram_edges_and_counts_as_numpy() {
    // np.histogram([1, 2, 2, 3, 4, 10], 3) → edges [1, 4, 7, 10], counts [4, 1, 1]:
    // 4 falls on an edge and goes right; 10 stays in the last, closed bin.
    let mut v = some(&[1.0, 2.0, 2.0, 3.0, 4.0, 10.0]);
    v.push(None);
    let h = histogram(&v, 3).unwrap();
    assert_eq!(h.edges, vec![1.0, 4.0, 7.0, 10.0]);
    assert_eq!(h.counts, vec![4, 1, 1]);
    assert_eq!(h.missing, 1);
    assert_eq!(h.rows[2], vec![5]);
    assert_eq!(h.bin_of[6], None);
    // A click on the chart finds the bar.
    assert_eq!(h.bin_at(5.0), Some(1));
    assert_eq!(h.bin_at(10.0), Some(2));
    assert_eq!(h.bin_at(11.0), None);
    // One value only: numpy widens the range by 0.5 each side.
    let h = histogram(&some(&[5.0, 5.0]), 2).unwrap();
    assert_eq!(h.edges, vec![4.5, 5.0, 5.5]);
    assert_eq!(h.counts, vec![0, 2]);
    assert!(histogram(&[None], 3).is_err());
    assert!(histogram(&some(&[1.0]), 0).is_err());
}

#[test]
fn box_plot_quartiles_fences_and_outliers_by_hand() {
    // 1..=9 and 30: q1 = 3.25, median 5.5, q3 = 7.75 (linear), IQR 4.5,
    // fences −3.5 and 14.5; 30 is the one outlier; the whisker ends at 9.
    let mut v: Vec<f64> = (1..=9).map(f64::from).collect();
    v.push(30.0);
    let b = box_plot(&some(&v), 1.5).unwrap();
    assert_eq!((b.q1, b.median, b.q3), (3.25, 5.5, 7.75));
    assert_eq!((b.fence_low, b.fence_high), (-3.5, 14.5));
    assert_eq!(b.outliers, vec![9]);
    assert_eq!(b.outlier_values, vec![30.0]);
    assert_eq!((b.whisker_low, b.whisker_high), (1.0, 9.0));
    assert!((b.mean - 7.5).abs() < 1e-12);
    // With h = 3 the fence is 21.25: 30 is still out; h = 6 takes it in.
    assert_eq!(box_plot(&some(&v), 6.0).unwrap().outliers.len(), 0);
    assert!(box_plot(&some(&v), -1.0).is_err());
}

#[test]
fn least_squares_line_and_r_by_hand() {
    // y = 1 + 2x exactly, then one point off the line.
    let x = some(&[0.0, 1.0, 2.0, 3.0]);
    let y = some(&[1.0, 3.0, 5.0, 7.0]);
    let (pairs, missing) = scatter_pairs(&x, &y);
    assert_eq!(missing, 0);
    let f = fit(&pairs).unwrap();
    assert_eq!((f.slope, f.intercept, f.n), (2.0, 1.0, 4));
    assert!((f.r - 1.0).abs() < 1e-12);
    // x = 1,2,3, y = 2,1,4: slope 1, intercept 1/3, r = 0.6546537 (by hand: sxy 2, sxx 2, syy 14/3).
    let (pairs, missing) = scatter_pairs(
        &[Some(1.0), Some(2.0), Some(3.0), None],
        &some(&[2.0, 1.0, 4.0, 9.0]),
    );
    assert_eq!(missing, 1);
    let f = fit(&pairs).unwrap();
    assert!((f.slope - 1.0).abs() < 1e-12 && (f.intercept - 1.0 / 3.0).abs() < 1e-12);
    assert!((f.r - 2.0 / (2.0f64 * 14.0 / 3.0).sqrt()).abs() < 1e-12);
    // The selection against the rest: areas 0 and 1 alone.
    let sel = fit_rows(&pairs, &|i| i < 2).unwrap();
    assert_eq!((sel.n, sel.slope), (2, -1.0));
    assert!(fit_rows(&pairs, &|i| i == 0).is_err());
    assert!(fit(&[(0, 1.0, 1.0), (1, 1.0, 2.0)]).is_err());
}

#[test]
fn parallel_coordinates_standardise_with_the_sample_sd() {
    let a = some(&[1.0, 2.0, 3.0]);
    let b = vec![Some(10.0), None, Some(30.0)];
    let p = parallel(&[a.clone(), b], true).unwrap();
    assert_eq!(p.rows, vec![0, 2]);
    assert_eq!(p.missing, 1);
    // Areas 0 and 2 of a: 1 and 3, mean 2, sd √2 → ∓0.7071.
    assert!((p.values[0][0] + 0.5f64.sqrt()).abs() < 1e-12);
    assert_eq!(p.rows_between(1, 0.0, 5.0), vec![2]);
    let raw = parallel(&[a.clone(), a.clone()], false).unwrap();
    assert_eq!(raw.values[1], vec![1.0, 2.0, 3.0]);
    assert_eq!(raw.range[0], (1.0, 3.0));
    assert!(parallel(std::slice::from_ref(&a), false).is_err());
    // A constant variable stands at 0 when standardised (not 0/0).
    let flat = some(&[5.0, 5.0, 5.0]);
    let p = parallel(&[a, flat], true).unwrap();
    assert_eq!(p.values[1], vec![0.0, 0.0, 0.0]);
}

#[test]
fn bivariate_legend_ranges_follow_one_another() {
    // x: 1..9, tertile bounds 3.67, 6.33, 9: the legend reads 1–3.67, 3.67–6.33, 6.33–9.
    let x: Vec<Option<f64>> = (1..=9).map(|v| Some(v as f64)).collect();
    let b = bivariate(&x, &x).unwrap();
    assert_eq!(
        b.class_ranges(0, crate::i18n::Lang::En, 2),
        ["1–3.67", "3.67–6.33", "6.33–9"]
    );
}

#[test]
fn bivariate_tertiles_cross_into_a_three_by_three_count() {
    // x: 1..9 (tertile bounds 3.67, 6.33, 9); y the reverse: every area on the anti-diagonal.
    let x: Vec<Option<f64>> = (1..=9).map(|v| Some(v as f64)).collect();
    let y: Vec<Option<f64>> = (1..=9).rev().map(|v| Some(v as f64)).collect();
    let mut xm = x.clone();
    xm.push(None);
    let mut ym = y.clone();
    ym.push(Some(1.0));
    let b = bivariate(&xm, &ym).unwrap();
    assert_eq!(b.counts, [[0, 0, 3], [0, 3, 0], [3, 0, 0]]);
    assert_eq!(b.missing, 1);
    assert_eq!(b.class[0], Some((0, 2)));
    let r = b.rendered(
        &BIVARIATE_PALETTES[0],
        ["x", "y"],
        xm,
        crate::i18n::Lang::En,
    );
    assert_eq!(r.class[0], Some(2));
    assert_eq!(r.legend[2].count, 3);
    assert_eq!(r.color_of(0), BIVARIATE_PALETTES[0].colors[0][2]);
}

#[test]
fn bivariate_palettes_marked_by_what_colour_blind_readers_see() {
    let safe: Vec<(&str, bool)> = BIVARIATE_PALETTES
        .iter()
        .map(|p| (p.name, p.colour_blind_safe()))
        .collect();
    assert_eq!(
        safe,
        vec![
            ("purple-orange", true),
            ("green-blue", true),
            ("pink-blue", false)
        ]
    );
}

//! A least-squares trend over years: the slope of a value on the year, its standard error and the
//! two-sided p-value of t = slope / se with n − 2 degrees of freedom (as scipy's `linregress`),
//! from the regularized incomplete beta function (continued fraction, Numerical Recipes §6.4).

/// The trend of one series.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Trend {
    /// Change per year.
    pub slope: f64,
    /// None with fewer than three years (no residual to measure the noise by).
    pub se: Option<f64>,
    pub p_value: Option<f64>,
    /// Years with a value.
    pub years: usize,
}

/// The trend of `values` over `years`, using the years with a value; None with fewer than two.
pub fn trend(years: &[f64], values: &[Option<f64>]) -> Option<Trend> {
    let pts: Vec<(f64, f64)> = years
        .iter()
        .zip(values)
        .filter_map(|(x, y)| Some((*x, (*y).filter(|v| v.is_finite())?)))
        .collect();
    let n = pts.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / nf;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    if n < 3 {
        return Some(Trend {
            slope,
            se: None,
            p_value: None,
            years: n,
        });
    }
    let sse: f64 = pts
        .iter()
        .map(|p| (p.1 - my - slope * (p.0 - mx)).powi(2))
        .sum();
    let df = nf - 2.0;
    let se = (sse / df / sxx).sqrt();
    let p_value = if se > 0.0 {
        student_t_two_sided(slope / se, df)
    } else if slope == 0.0 {
        1.0
    } else {
        0.0
    };
    Some(Trend {
        slope,
        se: Some(se),
        p_value: Some(p_value),
        years: n,
    })
}

/// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom.
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    if !t.is_finite() {
        return 0.0;
    }
    incomplete_beta(df / 2.0, 0.5, df / (df + t * t)).clamp(0.0, 1.0)
}

/// The regularized incomplete beta function I_x(a, b).
fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front =
        libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    // The continued fraction converges fast for x < (a + 1)/(a + b + 2); else use the symmetry.
    if x < (a + 1.0) / (a + b + 2.0) {
        front * continued_fraction(a, b, x) / a
    } else {
        1.0 - front * continued_fraction(b, a, 1.0 - x) / b
    }
}

/// Lentz's evaluation of the incomplete beta's continued fraction.
fn continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_p_values_equal_scipy() {
        // scipy.stats: 2 * t.sf(|t|, df)
        for (df, t, p) in [
            (1.0, 2.0, 0.2951672353008665),
            (2.0, 0.5, 0.6666666666666667),
            (2.0, 4.3, 0.05005715411709159),
            (5.0, 1.7, 0.149876786848324),
            (30.0, 2.2, 0.035648439996835785),
            (2.0, 100.0, 9.998500249956258e-05),
        ] {
            let got = student_t_two_sided(t, df);
            assert!(
                (got - p).abs() < 1e-12 * p.max(1e-3),
                "df {df} t {t}: {got} vs {p}"
            );
        }
        assert_eq!(student_t_two_sided(0.0, 4.0), 1.0);
    }

    #[test]
    fn trend_by_hand() {
        // y = 2x + noise (1, −1, −1, 1): slope 2; residual SS 4 over 2 df, Sxx 5 → se = sqrt(0.4).
        let years = [0.0, 1.0, 2.0, 3.0];
        let y = [Some(1.0), Some(1.0), Some(3.0), Some(7.0)];
        let t = trend(&years, &y).unwrap();
        assert!((t.slope - 2.0).abs() < 1e-12);
        assert!((t.se.unwrap() - 0.4f64.sqrt()).abs() < 1e-12);
        assert_eq!(t.years, 4);
        // Two years: a slope, no uncertainty; one year: nothing.
        let t = trend(&years, &[Some(1.0), None, None, Some(4.0)]).unwrap();
        assert_eq!((t.slope, t.se, t.p_value), (1.0, None, None));
        assert!(trend(&years, &[Some(1.0), None, None, None]).is_none());
    }
}

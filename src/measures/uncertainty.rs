//! How sure a number is: noise models on small-area counts and what a result does under them.
//!
//! A count published for a small area is not exact — offices suppress small cells, round, or
//! add noise — and a DeSO of 1,500 persons is a small sample of the processes segregation
//! measures. A [`Noise`] model redraws every count ([`Noise::cell`]); an analysis computes its
//! result on each of `draws` redrawn data sets ([`simulate`]) and reports a [`Band`] for a
//! number (mean, standard deviation and the 95 % interval of the draws) or the [`stability`] of
//! a class (the share of draws in which each area keeps its class).
//!
//! For a group and its total the noise applies to the group and to the rest (total − group)
//! separately, so the group never exceeds the total ([`Noise::pair`]). Each draw has its own
//! random stream of the seed: the same seed gives the same results on any number of threads.

use crate::error::{Error, Result};
use crate::measures::autocorrelation::{below, rng};
use rand_distr::{Distribution, Poisson};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

/// Draws when none are asked for.
pub const DEFAULT_DRAWS: usize = 999;

/// Set apart from the permutations' streams of the same seed.
const SIDE: u64 = 0x5851_f42d_4c95_7f2d;
const STREAMS: u64 = 0x6E6F_6973_6500_0000;

/// A noise model on counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noise {
    /// Each count drawn from Poisson(count): the count as a sample of a process.
    Poisson,
    /// Each count plus an integer drawn uniformly from −A…A, clipped at 0 (disclosure noise).
    Uniform(u32),
    /// The true count drawn uniformly from the counts that round to the published one (base B).
    Round(u32),
    /// A suppressed (missing) count drawn uniformly from 0…N−1; published counts kept.
    Suppressed(u32),
}

impl Noise {
    /// The models as `parse` reads them, for help and messages.
    pub const FORMS: &'static str = "poisson, uniform:A, round:B, suppressed:N";

    /// Read `poisson`, `uniform:A`, `round:B` or `suppressed:N`.
    pub fn parse(text: &str) -> Result<Noise> {
        let t = text.trim().to_lowercase();
        let (name, arg) = match t.split_once(':') {
            Some((n, a)) => (n.trim(), Some(a.trim())),
            None => (t.as_str(), None),
        };
        let number = |least: u32| -> Result<u32> {
            let a = arg.ok_or_else(|| {
                Error::input(format!("the noise model '{name}' needs a number: {name}:N"))
            })?;
            match a.parse::<u32>() {
                Ok(v) if v >= least => Ok(v),
                _ => Err(Error::input(format!(
                    "'{a}' in the noise model '{text}' is not a whole number of at least {least}"
                ))),
            }
        };
        match name {
            "poisson" if arg.is_none() => Ok(Noise::Poisson),
            "poisson" => Err(Error::input("the noise model 'poisson' takes no number")),
            "uniform" => Ok(Noise::Uniform(number(0)?)),
            "round" => Ok(Noise::Round(number(1)?)),
            "suppressed" => Ok(Noise::Suppressed(number(1)?)),
            _ => Err(Error::input(format!(
                "unknown noise model '{text}' (known: {})",
                Noise::FORMS
            ))),
        }
    }

    /// The model as `parse` reads it.
    pub fn name(self) -> String {
        match self {
            Noise::Poisson => "poisson".into(),
            Noise::Uniform(a) => format!("uniform:{a}"),
            Noise::Round(b) => format!("round:{b}"),
            Noise::Suppressed(n) => format!("suppressed:{n}"),
        }
    }

    /// Whether a missing count is drawn rather than left out.
    pub fn fills_missing(self) -> bool {
        matches!(self, Noise::Suppressed(_))
    }

    /// One count redrawn: None for a missing count the model does not fill.
    pub fn cell(self, count: Option<f64>, r: &mut Xoshiro256PlusPlus) -> Option<f64> {
        let integer = |lo: i64, hi: i64, r: &mut Xoshiro256PlusPlus| -> f64 {
            (lo + below(r, (hi - lo + 1).max(1) as usize) as i64) as f64
        };
        match (self, count) {
            (Noise::Suppressed(n), None) => Some(integer(0, n as i64 - 1, r)),
            (_, None) => None,
            (Noise::Suppressed(_), Some(c)) => Some(c),
            (Noise::Poisson, Some(c)) => Some(match Poisson::new(c) {
                Ok(p) => p.sample(r),
                // Poisson(0) is 0.
                Err(_) => 0.0,
            }),
            (Noise::Uniform(a), Some(c)) => {
                let c = c.round() as i64;
                Some(integer(c - a as i64, c + a as i64, r).max(0.0))
            }
            (Noise::Round(b), Some(c)) => {
                let low = c.round() as i64 - (b / 2) as i64;
                Some(integer(low.max(0), low + b as i64 - 1, r))
            }
        }
    }

    /// A group and its total redrawn: the group and the rest (total − group) each by the model,
    /// the total their sum. A suppressed group beside a published total is drawn from 0…N−1 but
    /// never above the total, which stays. None when a count is missing and the model does not
    /// fill it.
    pub fn pair(
        self,
        group: Option<f64>,
        total: Option<f64>,
        r: &mut Xoshiro256PlusPlus,
    ) -> Option<(f64, f64)> {
        match (self, group, total) {
            (Noise::Suppressed(n), None, Some(t)) => {
                let most = (n as f64 - 1.0).min(t.max(0.0).round());
                Some((below(r, most as usize + 1) as f64, t))
            }
            (_, g, t) => {
                let rest = match (g, t) {
                    (Some(g), Some(t)) => Some(t - g),
                    _ => None,
                };
                let g = self.cell(g, r)?;
                let rest = self.cell(rest, r)?;
                Some((g, g + rest))
            }
        }
    }
}

/// One random stream per draw of a seed, apart from the permutations'.
pub fn stream(seed: u64, draw: usize) -> Xoshiro256PlusPlus {
    rng(seed ^ STREAMS, draw as u64)
}

/// A second stream per draw, for what a draw simulates besides its counts (the shared null of
/// the simulation-corrected indices): apart from the counts' stream, so the counts of draw k
/// are the same whether or not they were drawn once for several indices.
pub fn side_stream(seed: u64, draw: usize) -> Xoshiro256PlusPlus {
    rng(seed ^ STREAMS ^ SIDE, draw as u64)
}

/// `f` on each of `draws` draws (in parallel, each with its own stream of the seed), in draw
/// order: the same results on any number of threads.
pub fn simulate<T: Send + Default>(
    draws: usize,
    seed: u64,
    f: impl Fn(&mut Xoshiro256PlusPlus) -> T + Sync + Send,
) -> Vec<T> {
    crate::work::parallel(draws, |k| f(&mut stream(seed, k)))
}

/// A number's band over the draws: their mean, standard deviation (n − 1) and 95 % interval
/// (the 2.5 and 97.5 percentiles, interpolated linearly as numpy's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub model: String,
    /// The draws that gave a number (a draw can leave too few areas for an index).
    pub draws: usize,
    pub mean: f64,
    pub sd: f64,
    pub low: f64,
    pub high: f64,
}

impl Band {
    /// The band of the draws' values (those that are numbers); None when none is.
    pub fn of(model: Noise, values: &[Option<f64>]) -> Option<Band> {
        let mut v: Vec<f64> = values
            .iter()
            .flatten()
            .copied()
            .filter(|x| x.is_finite())
            .collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let sd = if v.len() > 1 {
            (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        Some(Band {
            model: model.name(),
            draws: v.len(),
            mean,
            sd,
            low: crate::analysis::segregation::percentile(&v, 0.025),
            high: crate::analysis::segregation::percentile(&v, 0.975),
        })
    }
}

/// The share of draws in which each area keeps its observed class (`observed[i]`; an area
/// without a class in a draw counts as changed). `draws[d][i]` is the class of area i in draw d.
pub fn stability<C: PartialEq>(observed: &[C], draws: &[Vec<C>]) -> Vec<f64> {
    (0..observed.len())
        .map(|i| {
            let kept = draws
                .iter()
                .filter(|d| d.get(i) == Some(&observed[i]))
                .count();
            kept as f64 / draws.len().max(1) as f64
        })
        .collect()
}

/// [`stability`] of areas that may have no class: NaN for an area without an observed class.
pub fn stability_of_known<C: PartialEq>(
    observed: &[Option<C>],
    draws: &[Vec<Option<C>>],
) -> Vec<f64> {
    stability(observed, draws)
        .into_iter()
        .zip(observed)
        .map(|(s, o)| if o.is_some() { s } else { f64::NAN })
        .collect()
}

/// The band of how many areas have `class` over the draws.
pub fn count_band<C: PartialEq>(model: Noise, draws: &[Vec<C>], class: &C) -> Option<Band> {
    let v: Vec<Option<f64>> = draws
        .iter()
        .map(|d| Some(d.iter().filter(|x| *x == class).count() as f64))
        .collect();
    Band::of(model, &v)
}

/// A summary of stability: how many areas keep their class in at least `threshold` of the
/// draws, and the mean share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stability {
    pub model: String,
    pub draws: usize,
    pub threshold: f64,
    pub stable: usize,
    pub unstable: usize,
    pub mean: f64,
}

/// The share of draws at which an area's class counts as stable, unless asked otherwise.
pub const STABLE: f64 = 0.9;

impl Stability {
    /// The summary of per-area shares (NaN shares — areas without a class — are not counted).
    pub fn of(model: Noise, draws: usize, shares: &[f64], threshold: f64) -> Stability {
        let known: Vec<f64> = shares.iter().copied().filter(|s| s.is_finite()).collect();
        let stable = known.iter().filter(|s| **s >= threshold).count();
        Stability {
            model: model.name(),
            draws,
            threshold,
            stable,
            unstable: known.len() - stable,
            mean: known.iter().sum::<f64>() / known.len().max(1) as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_parse_and_refuse_in_words() {
        assert_eq!(Noise::parse("poisson").unwrap(), Noise::Poisson);
        assert_eq!(Noise::parse(" Uniform:3").unwrap(), Noise::Uniform(3));
        assert_eq!(Noise::parse("round:5").unwrap(), Noise::Round(5));
        assert_eq!(Noise::parse("suppressed:4").unwrap(), Noise::Suppressed(4));
        for (bad, says) in [
            ("gauss", "unknown noise model"),
            ("round", "needs a number"),
            ("round:0", "at least 1"),
            ("uniform:-1", "not a whole number"),
            ("poisson:2", "takes no number"),
        ] {
            let e = Noise::parse(bad).unwrap_err().message;
            assert!(e.contains(says), "{bad}: {e}");
        }
        for m in ["poisson", "uniform:2", "round:10", "suppressed:3"] {
            assert_eq!(Noise::parse(m).unwrap().name(), m);
        }
    }

    /// Every value a model can give for a count, over many draws.
    fn seen(model: Noise, count: Option<f64>) -> std::collections::BTreeSet<i64> {
        let mut r = stream(1, 0);
        (0..4000)
            .filter_map(|_| model.cell(count, &mut r))
            .map(|v| v as i64)
            .collect()
    }

    #[test]
    fn each_model_draws_from_its_own_range() {
        assert_eq!(
            seen(Noise::Uniform(2), Some(10.0)),
            (8..=12).collect::<std::collections::BTreeSet<_>>()
        );
        // Clipped at 0.
        assert_eq!(
            seen(Noise::Uniform(2), Some(1.0)),
            (0..=3).collect::<std::collections::BTreeSet<_>>()
        );
        // 8…12 round to 10 in base 5; 15…24 to 20 in base 10; 0…2 to 0 in base 5.
        assert_eq!(
            seen(Noise::Round(5), Some(10.0)),
            (8..=12).collect::<std::collections::BTreeSet<_>>()
        );
        assert_eq!(
            seen(Noise::Round(10), Some(20.0)),
            (15..=24).collect::<std::collections::BTreeSet<_>>()
        );
        assert_eq!(
            seen(Noise::Round(5), Some(0.0)),
            (0..=2).collect::<std::collections::BTreeSet<_>>()
        );
        assert_eq!(
            seen(Noise::Suppressed(3), None),
            (0..=2).collect::<std::collections::BTreeSet<_>>()
        );
        assert_eq!(seen(Noise::Suppressed(3), Some(7.0)).len(), 1);
        assert!(seen(Noise::Poisson, None).is_empty());
        assert!(seen(Noise::Uniform(1), None).is_empty());
        assert_eq!(
            seen(Noise::Poisson, Some(0.0)),
            [0].into_iter().collect::<std::collections::BTreeSet<_>>()
        );
    }

    #[test]
    fn poisson_draws_have_the_count_as_mean_and_variance() {
        let mut r = stream(7, 3);
        let v: Vec<f64> = (0..20000)
            .map(|_| Noise::Poisson.cell(Some(40.0), &mut r).unwrap())
            .collect();
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
        // Standard errors: √(40/20000) ≈ 0.045 for the mean, about 0.4 for the variance.
        assert!((mean - 40.0).abs() < 0.25, "{mean}");
        assert!((var - 40.0).abs() < 2.0, "{var}");
    }

    #[test]
    fn the_group_never_exceeds_its_total() {
        let mut r = stream(3, 0);
        for _ in 0..2000 {
            let (g, t) = Noise::Uniform(5)
                .pair(Some(3.0), Some(4.0), &mut r)
                .unwrap();
            assert!(g <= t && g >= 0.0);
        }
        // A suppressed group beside a published total: drawn from 0…N−1, never above the
        // total, which stays; a suppressed total beside a published group: the rest is drawn.
        let groups: std::collections::BTreeSet<i64> = (0..400)
            .map(|_| {
                let (g, t) = Noise::Suppressed(4).pair(None, Some(2.0), &mut r).unwrap();
                assert_eq!(t, 2.0);
                g as i64
            })
            .collect();
        assert_eq!(groups, (0..=2).collect());
        for _ in 0..100 {
            let (g, t) = Noise::Suppressed(3).pair(Some(5.0), None, &mut r).unwrap();
            assert!(g == 5.0 && (5.0..=7.0).contains(&t));
        }
        assert_eq!(Noise::Poisson.pair(None, Some(10.0), &mut r), None);
    }

    #[test]
    fn a_band_is_the_draws_mean_spread_and_percentiles() {
        let b = Band::of(
            Noise::Poisson,
            &[
                Some(1.0),
                Some(2.0),
                None,
                Some(3.0),
                Some(f64::NAN),
                Some(4.0),
            ],
        )
        .unwrap();
        assert_eq!(b.draws, 4);
        assert_eq!(b.mean, 2.5);
        assert!((b.sd - (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
        // numpy.percentile([1, 2, 3, 4], [2.5, 97.5]) = 1.075, 3.925.
        assert!((b.low - 1.075).abs() < 1e-12 && (b.high - 3.925).abs() < 1e-12);
        assert_eq!(Band::of(Noise::Poisson, &[None]), None);
    }

    #[test]
    fn stability_counts_the_draws_keeping_the_class() {
        let s = stability(
            &[1, 2, 3],
            &[vec![1, 2, 0], vec![1, 0, 0], vec![0, 2, 3], vec![1]],
        );
        assert_eq!(s, vec![0.75, 0.5, 0.25]);
        let sum = Stability::of(Noise::Poisson, 4, &[0.95, 0.5, f64::NAN, 0.9], 0.9);
        assert_eq!((sum.stable, sum.unstable), (2, 1));
        assert!((sum.mean - 2.35 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn draws_are_the_same_on_any_thread_count() {
        let f = |r: &mut Xoshiro256PlusPlus| Noise::Poisson.cell(Some(100.0), r).unwrap();
        let a = simulate(64, 9, f);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = one.install(|| simulate(64, 9, f));
        assert_eq!(a, b);
        assert_ne!(a, simulate(64, 10, f));
    }
}

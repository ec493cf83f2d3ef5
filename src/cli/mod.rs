//! The command-line interface: parse arguments, call the engine, print JSON or text.
//!
//! Rules for every command: `--json` prints one JSON object on stdout; errors go to stderr as
//! one sentence naming the file and the place; exit code 2 for bad input, 1 for output
//! failures, 0 otherwise. Never a panic.

mod areatypes;
mod autocorr;
mod change;
mod chart;
mod check;
mod classify;
mod compare;
mod difference;
mod index;
mod info;
mod input;
mod interpolate;
mod join;
mod levels;
mod neighbourhoods;
mod noise;
mod regions;
mod render;
mod render_multiples;
mod render_project;
mod report;
mod scenario;
mod select;
mod transect;
mod weights;
mod years_from;

use crate::error::Error;
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "segatlas",
    version,
    about = "Measure socioeconomic segregation on maps. Without a command, opens the desktop app."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Threads for parallel work (default: SEGATLAS_THREADS, else every core). Seeded results
    /// are the same on any number of threads.
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Subcommand)]
enum Command {
    /// Open the desktop app on these files (layers, tables to join, or a project)
    Open {
        /// Files to open instead of the bundled map
        paths: Vec<PathBuf>,
    },
    /// Describe a file of areas or statistics: size, CRS, fields, problems
    Info(info::Args),
    /// Join statistics onto areas by key and report what matched
    Join(join::Args),
    /// Classify a variable as the map would: bins and counts
    Classify(classify::Args),
    /// Build spatial weights (contiguity, KNN, distance band, kernel) and summarise them
    Weights(weights::Args),
    /// Population-scale (individualised) neighbourhoods: nearest units until k persons
    Neighbourhoods(neighbourhoods::Args),
    /// Spatial autocorrelation: Moran, Geary, Getis-Ord, join counts, LISA, Gi/Gi*
    Autocorr(autocorr::Args),
    /// Segregation indices (single-group, multigroup, local), for the layer or per region
    Index(index::Args),
    /// How much segregation lies at each level (riket, län, kommun, RegSO, DeSO): Theil's M split exactly
    Levels(levels::Args),
    /// Move variables onto other boundaries (police areas, a grid, DeSO of another year):
    /// areal or dasymetric interpolation, exact where a link table says so
    Interpolate(interpolate::Args),
    /// Is an index different between two years, groups or regions? Test and decomposition
    Difference(difference::Args),
    /// Areas side by side with their municipality, county and the whole layer
    Compare(compare::Args),
    /// Follow a variable over years: transitions between classes, trends and early warnings
    Change(change::Args),
    /// SCB/Boverket's socioeconomic area types: SEI and types 1–5
    Areatypes(areatypes::Args),
    /// Regionalisation: contiguous regions similar inside and above a floor (SKATER, max-p, …)
    Regions(regions::Args),
    /// A plan's effect on segregation before it is built: persons drawn into areas, indices before and after
    Scenario(scenario::Args),
    /// Select the areas meeting threshold rules (e.g. index ≥ mean + 1 sd)
    Select(select::Args),
    /// The areas a line crosses, in order along it, with variables
    Transect(transect::Args),
    /// Charts of the exploratory views: histogram, box plot, scatter plot, parallel coordinates
    Chart(chart::Args),
    /// One PDF report per municipality: map, indicators against county and country, indices
    Report(report::Args),
    /// Export a presentation figure of a map (or of a project): SVG or PNG
    Render(render::Args),
    /// Projects (*.segatlas.json): save a map's settings to render again later
    #[command(subcommand)]
    Project(ProjectCommand),
}

#[derive(Subcommand)]
enum ProjectCommand {
    /// Save a layer, its statistics, the map's styling and the figure's settings as a project
    New(render::Args),
}

/// Run the binary with these arguments; returns the exit code.
pub fn main(args: Vec<OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if cli.threads == Some(0) {
        return report(&Error::input("--threads must be at least 1"));
    }
    crate::work::init_pool(cli.threads);
    crate::work::install_panic_hook();
    // Nothing a command (or the app) writes may replace a file it read.
    crate::data::inputs::track();
    if !matches!(cli.command, None | Some(Command::Open { .. })) {
        crate::work::install_interrupt_handler();
    }
    let result = match cli.command {
        None => open_app(Vec::new()),
        Some(Command::Open { paths }) => open_app(paths),
        Some(Command::Info(a)) => info::run(&a),
        Some(Command::Join(a)) => join::run(&a),
        Some(Command::Classify(a)) => classify::run(&a),
        Some(Command::Weights(a)) => weights::run(&a),
        Some(Command::Neighbourhoods(a)) => neighbourhoods::run(&a),
        Some(Command::Autocorr(a)) => autocorr::run(&a),
        Some(Command::Index(a)) => index::run(&a),
        Some(Command::Levels(a)) => levels::run(&a),
        Some(Command::Interpolate(a)) => interpolate::run(&a),
        Some(Command::Compare(a)) => compare::run(&a),
        Some(Command::Change(a)) => change::run(&a),
        Some(Command::Difference(a)) => difference::run(&a),
        Some(Command::Areatypes(a)) => areatypes::run(&a),
        Some(Command::Regions(a)) => regions::run(&a),
        Some(Command::Scenario(a)) => scenario::run(&a),
        Some(Command::Select(a)) => select::run(&a),
        Some(Command::Transect(a)) => transect::run(&a),
        Some(Command::Chart(a)) => chart::run(&a),
        Some(Command::Render(a)) => render::run(&a),
        Some(Command::Report(a)) => report::run(&a),
        Some(Command::Project(ProjectCommand::New(a))) => render::new_project(&a),
    };
    match result {
        // Work stopped by Ctrl-C gives no result, whatever the command made of it.
        _ if crate::work::interrupted() => report(&Error::cancelled()),
        Ok(code) => code,
        Err(e) => report(&e),
    }
}

/// The desktop app on these files.
#[cfg(feature = "gui")]
fn open_app(paths: Vec<PathBuf>) -> crate::Result<i32> {
    crate::app::run(paths)
}

/// Without the `gui` feature there is no desktop app to open.
#[cfg(not(feature = "gui"))]
fn open_app(_paths: Vec<PathBuf>) -> crate::Result<i32> {
    Err(Error::input(
        "this segatlas was built without the desktop app (--no-default-features); run a command, e.g. segatlas render --help",
    ))
}

/// Print an error on stderr in one sentence and give its exit code.
fn report(e: &Error) -> i32 {
    let written = crate::data::write::written();
    if e.kind == crate::error::ErrorKind::Cancelled && written > 0 {
        // Files finished before the stop are whole and kept; the one under way was not written.
        eprintln!(
            "segatlas: interrupted: the work stopped; {written} file{} written whole before it are kept, nothing after",
            if written == 1 { " was" } else { "s were" }
        );
        return e.exit_code();
    }
    eprintln!("segatlas: {e}");
    e.exit_code()
}

/// Apply a `--crs` option to a layer.
fn assume_crs(layer: &mut crate::data::Layer, crs: Option<&str>) -> crate::Result<()> {
    match crs {
        Some(name) => layer.assume_crs(crate::data::crs::Crs::from_name(name)?),
        None => Ok(()),
    }
}

/// Print a JSON value on stdout as one object.
fn print_json(v: &serde_json::Value) {
    if crate::work::interrupted() {
        return;
    }
    println!(
        "{}",
        serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into())
    );
}

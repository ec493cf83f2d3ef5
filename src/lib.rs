//! segatlas: measuring socioeconomic segregation on maps, offline.
//!
//! The library holds the whole engine. [`data`] reads boundaries and statistics and joins them;
//! [`cli`] runs one command of the command-line interface; [`app`] is the desktop application.
//! The engine never depends on the app, which is behind the `gui` feature (on by default):
//! `cargo build --no-default-features` builds the engine and the CLI without any GUI crate.

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod classify;
pub mod cli;
pub mod data;
pub mod error;
pub mod figure;
pub mod fuzz;
pub mod i18n;
pub mod measures;
pub mod project;
pub mod regions;
pub mod spatial;
pub mod work;

pub use error::{Error, Result};

//! The desktop application (eframe/egui). For now one window that opens on a layer — the
//! bundled county map of the 2018 state grants against segregation by default — and draws it
//! as a choropleth with a legend, pan, zoom and hover. All data work is done by the engine.

mod map_view;
mod state;

pub use state::MapState;

use crate::error::{Error, Result};
use std::path::PathBuf;

/// Open the app window; returns the exit code when it closes.
pub fn run(path: Option<PathBuf>) -> Result<i32> {
    let state = match &path {
        None => MapState::default_map(),
        Some(p) => MapState::from_path(p),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("segatlas")
            .with_inner_size([1200.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "segatlas",
        options,
        Box::new(move |_cc| Ok(Box::new(SegatlasApp { state }))),
    )
    .map_err(|e| Error::input(format!("cannot open a window: {e}")))?;
    Ok(0)
}

/// The app: the state of the map on screen, or the error that kept it from loading.
pub struct SegatlasApp {
    pub state: std::result::Result<MapState, Error>,
}

impl eframe::App for SegatlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        match &mut self.state {
            Ok(state) => map_view::show(ui, state),
            Err(e) => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.heading("Kunde inte öppna kartan / Could not open the map");
                    ui.label(e.to_string());
                });
            }
        }
    }
}

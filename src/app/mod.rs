//! The desktop application (eframe/egui): a menu, the layers and style sidebar, the map, the
//! attribute table, the inspector and a status bar, over a [`workspace::Workspace`]. All data
//! work is done by the engine, off the UI thread when it can take time.
//!
//! The language, recent files and window layout are remembered between runs.

pub use crate::i18n;
pub mod chart_view;
pub mod jobs;
pub mod map_layer;
pub mod map_view;
pub mod panels;
pub mod picker;
pub mod session;
pub mod style;
pub mod workspace;

use crate::error::{Error, Result};
use i18n::Lang;
use panels::menu::MenuAction;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use workspace::Workspace;

/// What is remembered between runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub recent: Vec<PathBuf>,
    pub hide_table: bool,
}

/// Which file dialog is open (on its own thread).
enum Dialog {
    Open(Receiver<Option<Vec<PathBuf>>>),
    /// Open layers whose plain x/y are not longitude/latitude (a legacy GeoJSON).
    OpenPlanar(Receiver<Option<Vec<PathBuf>>>),
    JoinTable(Receiver<Option<Vec<PathBuf>>>),
    LoadWeights(Receiver<Option<Vec<PathBuf>>>),
    SaveWeights(Receiver<Option<Vec<PathBuf>>>),
    Save(Receiver<Option<Vec<PathBuf>>>, workspace::Export),
}

/// The app: settings, the workspace, and the state of its panels.
pub struct SegatlasApp {
    pub settings: Settings,
    pub ws: Workspace,
    pub table: panels::table::TableState,
    pub expr_text: String,
    dialog: Option<Dialog>,
    /// For tests: the answers the file dialogs give, in order, instead of asking a person.
    pub dialog_answers: Option<std::collections::VecDeque<Option<Vec<PathBuf>>>>,
    show_report: bool,
    quit: bool,
    fonts_ready: bool,
}

/// egui's fonts with DejaVu Sans behind them, for the symbols Ubuntu Light lacks.
fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVuSans".into(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("DejaVuSans".into());
    }
    ctx.set_fonts(fonts);
}

impl SegatlasApp {
    /// The app on the bundled default map, or loading the given files.
    pub fn new(settings: Settings, paths: Vec<PathBuf>) -> SegatlasApp {
        let ws = if paths.is_empty() {
            Workspace::with_default_map(settings.lang)
        } else {
            let mut ws = Workspace::default();
            for p in paths {
                ws.open(p);
            }
            ws
        };
        SegatlasApp {
            settings,
            ws,
            table: Default::default(),
            expr_text: String::new(),
            dialog: None,
            dialog_answers: None,
            show_report: false,
            quit: false,
            fonts_ready: false,
        }
    }

    /// Draw the whole interface into `ui` (the eframe window, or a test harness).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        if !self.fonts_ready {
            install_fonts(ui.ctx());
            self.fonts_ready = true;
        }
        let lang_before = self.settings.lang;
        let lang = self.settings.lang;
        if self.ws.poll_jobs(lang) {
            self.remember_opened();
            if self
                .ws
                .active_layer()
                .is_some_and(|l| !l.join_reports.is_empty())
            {
                self.show_report = true;
            }
        }
        self.poll_dialog();
        self.take_dropped_files(ui.ctx());
        let mut new_lang = lang;
        let recent = self.settings.recent.clone();
        let mut hide_table = self.settings.hide_table;
        let action = egui::Panel::top("menu")
            .show(ui, |ui| {
                panels::menu::show(ui, &mut self.ws, &mut new_lang, &recent, &mut hide_table)
            })
            .inner;
        self.settings.hide_table = hide_table;
        self.settings.lang = new_lang;
        self.act(action, ui.ctx());
        let lang = self.settings.lang;
        if lang != lang_before {
            self.ws.restyle(lang);
        }
        egui::Panel::bottom("status").show(ui, |ui| panels::status::show(ui, &mut self.ws, lang));
        let weights_action = egui::Panel::left("sidebar")
            .resizable(true)
            .default_size(290.0)
            .show(ui, |ui| {
                panels::sidebar::show(ui, &mut self.ws, lang, &mut self.expr_text)
            })
            .inner;
        match weights_action {
            panels::weights::WeightsAction::None => {}
            panels::weights::WeightsAction::Load => self.weights_dialog(false),
            panels::weights::WeightsAction::Save => self.weights_dialog(true),
        }
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| panels::inspector::show(ui, &mut self.ws, lang));
        if !self.settings.hide_table {
            egui::Panel::bottom("table")
                .resizable(true)
                .default_size(200.0)
                .show(ui, |ui| {
                    panels::table::show(ui, &mut self.ws, &mut self.table, lang)
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if !self.ws.title.is_empty() {
                ui.heading(&self.ws.title);
            }
            for m in &self.ws.messages {
                ui.colored_label(
                    egui::Color32::from_rgb(200, 40, 40),
                    format!("{}: {m}", lang.t("error")),
                );
            }
            if !self.ws.messages.is_empty() && ui.button(lang.t("close")).clicked() {
                self.ws.messages.clear();
            }
            map_view::show(ui, &mut self.ws, lang);
        });
        if panels::join_dialog::show(ui.ctx(), &mut self.ws, lang) {
            self.pick_files(true);
        }
        let mut open = self.show_report;
        panels::join_dialog::report(ui.ctx(), &self.ws, lang, &mut open);
        self.show_report = open;
        panels::segregation::window(ui.ctx(), &mut self.ws, lang);
        panels::compare::window(ui.ctx(), &mut self.ws, lang);
        panels::areatypes::window(ui.ctx(), &mut self.ws, lang);
        panels::transect::window(ui.ctx(), &mut self.ws, lang);
        if let Some(req) = self.ws.save_request.take() {
            if self.dialog.is_none() {
                self.save_dialog(req);
            }
        }
        if self.ws.autocorr_form.show_scatter {
            let mut open = true;
            panels::autocorr::scatter(ui.ctx(), &mut self.ws, lang, &mut open);
            self.ws.autocorr_form.show_scatter = open;
        }
        if !self.ws.jobs.is_empty() || self.dialog.is_some() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
        if self.quit {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn act(&mut self, action: MenuAction, ctx: &egui::Context) {
        match action {
            MenuAction::None => {}
            MenuAction::OpenDialog => self.pick_files(false),
            MenuAction::OpenPlanarDialog => {
                let rx = self.ask(|| {
                    rfd::FileDialog::new()
                        .add_filter("GeoJSON", &["geojson", "json"])
                        .pick_files()
                });
                self.dialog = Some(Dialog::OpenPlanar(rx));
            }
            MenuAction::JoinDialog => self.pick_files(true),
            MenuAction::Open(p) => self.ws.open(p),
            MenuAction::DefaultMap => {
                let keep = std::mem::take(&mut self.ws.layers);
                let mut ws = Workspace::with_default_map(self.settings.lang);
                let default = ws.layers.pop();
                ws.layers = keep;
                if let Some(d) = default {
                    ws.add_layer(d, self.settings.lang);
                    ws.style.variable = crate::data::bundled::DEFAULT_VARIABLE.into();
                    ws.restyle(self.settings.lang);
                }
                self.ws = ws;
            }
            MenuAction::Quit => self.quit = true,
        }
        let _ = ctx;
    }

    /// Ask a native file dialog on its own thread, so the UI never blocks (or, in tests, take
    /// the next of [`SegatlasApp::dialog_answers`]).
    fn ask(
        &mut self,
        dialog: impl FnOnce() -> Option<Vec<PathBuf>> + Send + 'static,
    ) -> Receiver<Option<Vec<PathBuf>>> {
        let (tx, rx) = std::sync::mpsc::channel();
        match self.dialog_answers.as_mut() {
            Some(answers) => {
                let _ = tx.send(answers.pop_front().flatten());
            }
            None => {
                std::thread::spawn(move || {
                    let _ = tx.send(dialog());
                });
            }
        }
        rx
    }

    /// Open a native file dialog for layers, tables and projects.
    fn pick_files(&mut self, for_join: bool) {
        let rx = self.ask(|| {
            rfd::FileDialog::new()
                .add_filter(
                    "GeoJSON, GeoPackage, Shapefile, Parquet, CSV, Excel",
                    &[
                        "geojson", "json", "gpkg", "shp", "parquet", "csv", "tsv", "txt", "xlsx",
                    ],
                )
                .pick_files()
        });
        self.dialog = Some(if for_join {
            Dialog::JoinTable(rx)
        } else {
            Dialog::Open(rx)
        });
    }

    /// A dialog to load (pick) or save a weights file, on its own thread.
    fn weights_dialog(&mut self, save: bool) {
        let rx = self.ask(move || {
            let d = rfd::FileDialog::new().add_filter("GAL, GWT", &["gal", "gwt"]);
            if save {
                d.set_file_name("weights.gal").save_file().map(|f| vec![f])
            } else {
                d.pick_files()
            }
        });
        self.dialog = Some(if save {
            Dialog::SaveWeights(rx)
        } else {
            Dialog::LoadWeights(rx)
        });
    }

    /// A save dialog on its own thread for an export.
    fn save_dialog(&mut self, req: workspace::SaveRequest) {
        let name = req.name.clone();
        let filters: Vec<(&'static str, Vec<&'static str>)> = match req.export {
            workspace::Export::Chart(_) | workspace::Export::Figure => {
                vec![("SVG", vec!["svg"]), ("PNG", vec!["png"])]
            }
            workspace::Export::Table(_) => vec![("CSV", vec!["csv"])],
            workspace::Export::Project => vec![("segatlas", vec!["json"])],
        };
        let rx = self.ask(move || {
            let mut d = rfd::FileDialog::new().set_file_name(&name);
            for (n, e) in &filters {
                d = d.add_filter(*n, e);
            }
            d.save_file().map(|f| vec![f])
        });
        self.dialog = Some(Dialog::Save(rx, req.export));
    }

    fn poll_dialog(&mut self) {
        let result = match &self.dialog {
            Some(Dialog::Open(rx))
            | Some(Dialog::OpenPlanar(rx))
            | Some(Dialog::JoinTable(rx))
            | Some(Dialog::LoadWeights(rx))
            | Some(Dialog::SaveWeights(rx))
            | Some(Dialog::Save(rx, _)) => match rx.try_recv() {
                Ok(r) => r,
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
            },
            None => return,
        };
        let files = result.unwrap_or_default();
        match self.dialog.take() {
            Some(Dialog::OpenPlanar(_)) => {
                for p in files {
                    self.ws.open_planar(p);
                }
            }
            Some(Dialog::LoadWeights(_)) => {
                if let (Some(p), Some(l)) = (files.into_iter().next(), self.ws.active_layer()) {
                    let job = jobs::load_weights(self.ws.active, l.len(), p);
                    self.ws.jobs.push(job);
                }
            }
            Some(Dialog::Save(_, export)) => {
                if let Some(p) = files.into_iter().next() {
                    match self.ws.write_export(&export, &p, self.settings.lang) {
                        Ok(()) => self.ws.saved = Some(p),
                        Err(e) => self.ws.messages.push(e.to_string()),
                    }
                }
            }
            Some(Dialog::SaveWeights(_)) => {
                if let Some(p) = files.into_iter().next() {
                    if let Err(e) = self.save_weights(&p) {
                        self.ws.messages.push(e.to_string());
                    }
                }
            }
            _ => {
                for p in files {
                    self.ws.open(p);
                }
            }
        }
    }

    /// Write the active layer's weights as .gal (or .gwt by the extension), atomically.
    fn save_weights(&self, path: &std::path::Path) -> Result<()> {
        let (Some(lw), Some(l)) = (self.ws.weights.as_ref(), self.ws.active_layer()) else {
            return Ok(());
        };
        let gwt = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gwt"));
        let text = if gwt {
            crate::spatial::files::gwt(&lw.weights, &l.name)
        } else {
            crate::spatial::files::gal(&lw.weights, &l.name)
        };
        crate::data::write::atomic_write(path, text.as_bytes())
    }

    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for p in dropped {
            self.ws.open(p);
        }
    }

    fn remember_opened(&mut self) {
        for p in &self.ws.opened {
            self.settings.recent.retain(|r| r != p);
            self.settings.recent.push(p.clone());
        }
        let n = self.settings.recent.len();
        if n > 10 {
            self.settings.recent.drain(..n - 10);
        }
    }
}

impl eframe::App for SegatlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

/// Open the app window; returns the exit code when it closes.
pub fn run(paths: Vec<PathBuf>) -> Result<i32> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("segatlas")
            .with_inner_size([1400.0, 900.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "segatlas",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            Ok(Box::new(SegatlasApp::new(settings, paths)))
        }),
    )
    .map_err(|e| Error::input(format!("cannot open a window: {e}")))?;
    Ok(0)
}

//! The desktop application (eframe/egui): a menu and a status bar around docked tiles — the
//! layers and style sidebar, the map, the attribute table, the inspector and the analysis views
//! — over a [`document::Document`]. Dependencies run one way: the app → the views and panels →
//! the document → the engine. All data work is done by the engine, off the UI thread when it
//! can take time.
//!
//! The language, recent files and the docked layout are remembered between runs.

pub use crate::i18n;
pub mod chart_view;
pub mod dock;
mod dock_tab;
pub mod document;
pub mod file_browser;
pub mod jobs;
pub mod map_layer;
pub mod map_view;
pub mod panels;
pub mod picker;
pub mod screen;
pub mod style;
pub mod view;

use crate::error::{Error, Result};
use document::{Document, Export, SaveRequest};
use i18n::Lang;
use panels::menu::MenuAction;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use view::View;

/// What is remembered between runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub recent: Vec<PathBuf>,
    /// The docked layout as the person left it.
    pub layout: Option<egui_tiles::Tree<dock::Pane>>,
    /// The start panel was seen (it opens on first start only).
    pub started: bool,
}

/// What a file dialog is for.
enum Purpose {
    Open,
    /// Open layers whose plain x/y are not longitude/latitude (a legacy GeoJSON).
    OpenPlanar,
    JoinTable,
    LoadWeights,
    Save(Export),
}

/// The file dialog under way: the native one on its thread or the in-app browser
/// ([`file_browser::Picker`]), or in tests the next of [`SegatlasApp::dialog_answers`].
struct Dialog {
    purpose: Purpose,
    picker: file_browser::Picker,
    answer: Option<Option<Vec<PathBuf>>>,
}

/// The app: settings, the document, the analysis views, the layout and the fixed panels' state.
pub struct SegatlasApp {
    pub settings: Settings,
    pub doc: Document,
    /// The analysis views of [`panels::registry`].
    pub views: Vec<Box<dyn View>>,
    pub tree: egui_tiles::Tree<dock::Pane>,
    pub table: panels::table::TableState,
    pub expr_text: String,
    /// The map's rectangle in the last frame (for tests).
    pub map_rect: Option<egui::Rect>,
    dialog: Option<Dialog>,
    /// egui's context, for dialogs opened from menu actions.
    ctx: Option<egui::Context>,
    /// For tests: the answers the file dialogs give, in order, instead of asking a person.
    pub dialog_answers: Option<std::collections::VecDeque<Option<Vec<PathBuf>>>>,
    show_report: bool,
    /// How many join reports the layers had when last looked: a new one is shown once.
    reports_seen: usize,
    /// The start panel is open (on first start, or from *Visa → Startpanelen*).
    pub show_start: bool,
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
    pub fn new(mut settings: Settings, paths: Vec<PathBuf>) -> SegatlasApp {
        let doc = if paths.is_empty() {
            Document::with_default_map(settings.lang)
        } else {
            let mut doc = Document::default();
            for p in paths {
                doc.open(p);
            }
            doc
        };
        let views = panels::registry();
        let tree = dock::restore(settings.layout.take(), &views);
        SegatlasApp {
            settings,
            doc,
            views,
            tree,
            table: Default::default(),
            expr_text: String::new(),
            map_rect: None,
            dialog: None,
            ctx: None,
            dialog_answers: None,
            show_report: false,
            reports_seen: usize::MAX,
            show_start: false,
            quit: false,
            fonts_ready: false,
        }
    }

    /// The analysis view of type `T`.
    pub fn view_mut<T: View>(&mut self) -> Option<&mut T> {
        self.views
            .iter_mut()
            .find_map(|v| v.as_any_mut().downcast_mut::<T>())
    }

    /// The analysis view of type `T`, to read.
    pub fn view<T: View>(&self) -> Option<&T> {
        self.views
            .iter()
            .find_map(|v| v.as_any().downcast_ref::<T>())
    }

    /// Close the attribute table (View → Table opens it again).
    pub fn hide_table(&mut self) {
        dock::close_pane(&mut self.tree, &dock::Pane::Table);
    }

    /// Show an analysis view by its id (open it beside the map, or bring its tab forward).
    pub fn show_view(&mut self, id: &str) {
        dock::show_view(&mut self.tree, id);
    }

    /// The session as a project: the document's part and every view's settings.
    pub fn project(&self) -> Result<crate::project::Project> {
        let mut p = self.doc.to_project(self.settings.lang)?;
        for v in &self.views {
            v.save_project(&self.doc, &mut p)?;
        }
        Ok(p)
    }

    /// Take in finished work: the document's and every view's. Returns whether anything changed.
    fn poll(&mut self, lang: Lang) -> bool {
        let mut changed = self.doc.poll_jobs(lang);
        for v in &mut self.views {
            changed |= v.poll(&mut self.doc, lang);
        }
        if let Some(project) = self.doc.opened_project.take() {
            // The project's map first: a view that shows its own colours (a bivariate map, LISA
            // clusters) then keeps them on screen, as when the project was saved.
            self.doc.apply_project_figure(&project, lang);
            for v in &mut self.views {
                if v.load_project(&mut self.doc, &project, lang) {
                    dock::show_view(&mut self.tree, v.id());
                }
            }
        }
        changed
    }

    /// Draw the whole interface into `ui` (the eframe window, or a test harness).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        if self.ctx.is_none() {
            self.ctx = Some(ui.ctx().clone());
        }
        // The window's name for screen readers: the app and what it shows.
        let window_name = if self.doc.title.is_empty() {
            "segatlas".to_string()
        } else {
            format!("segatlas – {}", self.doc.title)
        };
        ui.ctx()
            .accesskit_node_builder(egui::accesskit_root_id(), |n| n.set_label(window_name));
        if !self.fonts_ready {
            install_fonts(ui.ctx());
            self.fonts_ready = true;
        }
        let lang = self.settings.lang;
        let lang_before = lang;
        // What a view hovered last frame is what the map and the other views mark now.
        self.doc.view_hover = self.doc.view_hover_next.take();
        if self.poll(lang) {
            self.remember_opened();
        }
        // A join report opens when a join made one (not when any view's work finishes).
        let reports: usize = self.doc.layers.iter().map(|l| l.join_reports.len()).sum();
        if reports > self.reports_seen
            && self
                .doc
                .active_layer()
                .is_some_and(|l| !l.join_reports.is_empty())
        {
            self.show_report = true;
        }
        self.reports_seen = reports;
        self.poll_dialog(ui.ctx());
        if self.show_start && self.dialog.is_none() {
            if let Some(road) = panels::start::show(ui.ctx(), lang) {
                self.settings.started = true;
                self.show_start = false;
                self.take_road(road);
            }
        }
        self.take_dropped_files(ui.ctx());
        let mut new_lang = lang;
        let recent = self.settings.recent.clone();
        let titles: Vec<(&'static str, String, panels::menu::MenuOf)> = self
            .views
            .iter()
            .map(|v| (v.id(), v.title(lang), panels::menu::MenuOf::of(v.as_ref())))
            .collect();
        let action = egui::Panel::top("menu")
            .show(ui, |ui| {
                panels::menu::show(ui, &mut self.doc, &mut new_lang, &recent, &titles)
            })
            .inner;
        self.settings.lang = new_lang;
        self.act(action);
        let lang = self.settings.lang;
        if lang != lang_before {
            self.doc.restyle(lang);
        }
        {
            let running: Vec<&dyn jobs::Running> =
                self.views.iter().flat_map(|v| v.running()).collect();
            let doc = &self.doc;
            egui::Panel::bottom("status")
                .show(ui, |ui| panels::status::show(ui, doc, &running, lang));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            let mut panes = dock::Panes {
                doc: &mut self.doc,
                views: &mut self.views,
                table: &mut self.table,
                expr_text: &mut self.expr_text,
                lang,
                map_rect: None,
            };
            self.tree.ui(&mut panes, ui);
            if panes.map_rect.is_some() {
                self.map_rect = panes.map_rect;
            }
        });
        if panels::join_dialog::show(ui.ctx(), &mut self.doc, lang) {
            self.pick_files(true);
        }
        let mut open = self.show_report;
        panels::join_dialog::report(ui.ctx(), &self.doc, lang, &mut open);
        self.show_report = open;
        if self.dialog.is_none() {
            if let Some(req) = self.doc.save_request.take() {
                self.save_dialog(req);
            } else if std::mem::take(&mut self.doc.wants_weights_file) {
                self.weights_dialog();
            }
        }
        let busy = !self.doc.jobs.is_empty() || self.views.iter().any(|v| !v.running().is_empty());
        if busy || self.dialog.is_some() || self.doc.years.playing {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
        if self.quit {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn act(&mut self, action: MenuAction) {
        match action {
            MenuAction::None => {}
            MenuAction::OpenDialog => self.pick_files(false),
            MenuAction::OpenPlanarDialog => {
                let req = file_browser::Request::open(
                    self.settings.lang.t("open"),
                    &[("GeoJSON", &["geojson", "json"])],
                    true,
                );
                self.ask(req, Purpose::OpenPlanar);
            }
            MenuAction::JoinDialog => self.pick_files(true),
            MenuAction::Open(p) => self.doc.open(p),
            MenuAction::DefaultMap => {
                let keep = std::mem::take(&mut self.doc.layers);
                let mut doc = Document::with_default_map(self.settings.lang);
                let default = doc.layers.pop();
                doc.layers = keep;
                if let Some(d) = default {
                    doc.add_layer(d, self.settings.lang);
                    doc.style.variable = crate::data::bundled::DEFAULT_VARIABLE.into();
                    doc.restyle(self.settings.lang);
                }
                self.doc = doc;
            }
            MenuAction::SaveProject => match self.project() {
                Ok(p) => {
                    self.doc.save_request = Some(SaveRequest {
                        name: "karta.segatlas.json".into(),
                        export: Export::Project(Box::new(p)),
                    })
                }
                Err(e) => self.doc.messages.push(e.to_string()),
            },
            MenuAction::ShowView(id) => self.show_view(&id),
            MenuAction::ShowTable => dock::show_pane(&mut self.tree, dock::Pane::Table),
            MenuAction::ResetLayout => {
                for v in &mut self.views {
                    v.on_close();
                }
                self.tree = dock::default_tree();
            }
            MenuAction::Quit => self.quit = true,
            MenuAction::Start => self.show_start = true,
        }
    }

    /// Follow a road of the start panel.
    fn take_road(&mut self, road: panels::start::Road) {
        use panels::start::Road;
        match road {
            Road::OpenFiles => self.pick_files(false),
            Road::Measure => self.show_view("segregation"),
            Road::Levels => self.show_view("levels"),
            Road::Report => self.show_view("report"),
            Road::Sample => {
                match crate::data::bundled::write_sample(&crate::data::bundled::sample_folder()) {
                    Ok(p) => self.doc.open(p),
                    Err(e) => self.doc.messages.push(e.to_string()),
                }
            }
            Road::Close => {}
        }
    }

    /// Open a file dialog: the native one on its own thread so the UI never blocks, the in-app
    /// browser where it cannot open (or, in tests, take the next of
    /// [`SegatlasApp::dialog_answers`]).
    fn ask(&mut self, req: file_browser::Request, purpose: Purpose) {
        let mut dialog = Dialog {
            purpose,
            picker: file_browser::Picker::Idle,
            answer: None,
        };
        match (self.dialog_answers.as_mut(), &self.ctx) {
            (Some(answers), _) => dialog.answer = Some(answers.pop_front().flatten()),
            (None, Some(ctx)) => dialog.picker.open(ctx, req),
            (None, None) => return,
        }
        self.dialog = Some(dialog);
    }

    /// Open a file dialog for layers, tables and projects.
    fn pick_files(&mut self, for_join: bool) {
        let lang = self.settings.lang;
        let req = file_browser::Request::open(
            if for_join {
                lang.t("join")
            } else {
                lang.t("open")
            },
            &[(
                "GeoJSON, GeoPackage, Shapefile, Parquet, CSV, Excel",
                &[
                    "geojson", "json", "gpkg", "shp", "parquet", "csv", "tsv", "txt", "xlsx",
                ],
            )],
            true,
        );
        self.ask(
            req,
            if for_join {
                Purpose::JoinTable
            } else {
                Purpose::Open
            },
        );
    }

    /// A dialog to pick a weights file to read.
    fn weights_dialog(&mut self) {
        let req = file_browser::Request::open(
            self.settings.lang.t("open"),
            &[("GAL, GWT", &["gal", "gwt"])],
            false,
        );
        self.ask(req, Purpose::LoadWeights);
    }

    /// A save dialog for an export.
    fn save_dialog(&mut self, req: SaveRequest) {
        let filters: Vec<(&'static str, Vec<&'static str>)> = match req.export {
            Export::Chart(_) | Export::Figure | Export::Svg { .. } => vec![
                ("SVG", vec!["svg"]),
                ("PNG", vec!["png"]),
                ("PDF", vec!["pdf"]),
            ],
            Export::Table(_) => vec![("CSV", vec!["csv"])],
            Export::Weights => vec![("GAL, GWT", vec!["gal", "gwt"])],
            Export::Areas { .. } => vec![
                ("GeoJSON", vec!["geojson"]),
                ("GeoPackage", vec!["gpkg"]),
                ("CSV", vec!["csv"]),
            ],
            Export::Project(_) => vec![("segatlas", vec!["json"])],
        };
        let dialog = file_browser::Request::save(self.settings.lang.t("save"), &req.name, &filters);
        self.ask(dialog, Purpose::Save(req.export));
    }

    /// Take the dialog's answer when it has one (drawing the in-app browser meanwhile).
    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let lang = self.settings.lang;
        let Some(d) = self.dialog.as_mut() else {
            return;
        };
        let files = match d.answer.take() {
            Some(a) => a.unwrap_or_default(),
            None => match d.picker.show(ctx, lang) {
                Some(f) => f,
                None if d.picker.is_open() => return,
                None => Vec::new(),
            },
        };
        let Some(d) = self.dialog.take() else { return };
        match d.purpose {
            Purpose::OpenPlanar => {
                for p in files {
                    self.doc.open_planar(p);
                }
            }
            Purpose::LoadWeights => {
                if let Some(p) = files.into_iter().next() {
                    self.doc.load_weights(p);
                }
            }
            Purpose::Save(export) => {
                if let Some(p) = files.into_iter().next() {
                    self.doc.start_export(&export, p, lang);
                }
            }
            Purpose::Open | Purpose::JoinTable => {
                for p in files {
                    self.doc.open(p);
                }
            }
        }
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
            self.doc.open(p);
        }
    }

    fn remember_opened(&mut self) {
        for p in &self.doc.opened {
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
        self.settings.layout = Some(self.tree.clone());
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
            // The start panel on first start, unless files were given to open.
            let first = !settings.started && paths.is_empty();
            let mut app = SegatlasApp::new(settings, paths);
            app.show_start = first;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| Error::input(format!("cannot open a window: {e}")))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    /// The app's modules depend on each other one way (app → views and panels → document →
    /// engine): no module reaches, through others, back to itself.
    #[test]
    fn no_circle_among_the_apps_modules() {
        use std::collections::{BTreeMap, BTreeSet};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        // A module: the file's first path part under src/app (panels by their own name).
        let module = |p: &std::path::Path| -> String {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace(".rs", "");
            let parts: Vec<&str> = rel.split('/').collect();
            match parts.as_slice() {
                ["panels", "mod"] => "panels".into(),
                ["panels", name, ..] => format!("panels::{name}"),
                [first, ..] => first.to_string(),
                [] => String::new(),
            }
        };
        let known: BTreeSet<String> = files.iter().map(|p| module(p)).collect();
        let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &files {
            let m = module(f);
            let text = std::fs::read_to_string(f).unwrap();
            // Code only: doc comments may name any module.
            let code: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            // What `super::` means in this file: the app (a file of src/app), the panels (a
            // file of src/app/panels); deeper, the module itself.
            let depth = f.strip_prefix(&root).unwrap().components().count();
            let in_panels = f.strip_prefix(&root).unwrap().starts_with("panels");
            let prefix = match (depth, in_panels) {
                (1, _) => Some("crate::app::"),
                (2, true) => Some("crate::app::panels::"),
                _ => None,
            };
            let code = match prefix {
                Some(p) => code.replace("super::", p),
                None => code,
            };
            for (i, _) in code.match_indices("crate::app::") {
                let rest = &code[i + "crate::app::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let mut parts = name.split("::");
                let first = parts.next().unwrap_or_default().to_string();
                let dep = match (first.as_str(), parts.next()) {
                    ("panels", Some(p)) if known.contains(&format!("panels::{p}")) => {
                        format!("panels::{p}")
                    }
                    // An item of the app itself (`crate::app::SegatlasApp`).
                    _ if first.starts_with(char::is_uppercase) => "mod".to_string(),
                    _ => first,
                };
                if known.contains(&dep) && dep != m {
                    deps.entry(m.clone()).or_default().insert(dep);
                }
            }
        }
        // Depth-first search for a way back.
        fn reaches(
            deps: &BTreeMap<String, BTreeSet<String>>,
            from: &str,
            to: &str,
            seen: &mut BTreeSet<String>,
        ) -> bool {
            deps.get(from).is_some_and(|ds| {
                ds.iter()
                    .any(|d| d == to || (seen.insert(d.clone()) && reaches(deps, d, to, seen)))
            })
        }
        for m in &known {
            assert!(
                !reaches(&deps, m, m, &mut BTreeSet::new()),
                "{m} depends on itself through {:?}",
                deps.get(m)
            );
        }
        // The document knows no view or panel.
        assert!(deps
            .get("document")
            .is_none_or(|d| d.iter().all(|x| !x.starts_with("panels") && x != "view")));
    }
}

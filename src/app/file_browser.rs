//! File dialogs that always open. The native dialog (rfd: the desktop portal, else zenity) runs
//! on its own thread; where it cannot open — no portal and no zenity, as on many Linux and
//! remote desktops, seen as an answer within a blink — an in-app browser opens instead: folders
//! and the files of the asked kinds, a path field, up and home, a name field when saving. The
//! last folder is remembered (in egui's persisted memory) and both start there.
//! `egui-file-dialog` would be the library for this, but its releases follow egui 0.36.

use crate::app::i18n::Lang;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// Always use the in-app browser (a setting; tests set it so no native dialog ever opens).
pub static IN_APP_ONLY: AtomicBool = AtomicBool::new(false);

/// A native dialog that answers "nothing" faster than this could not open: no person cancels so
/// fast.
const TOO_FAST: Duration = Duration::from_millis(300);

/// What a dialog asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub title: String,
    /// (name, extensions without dot); empty: every file.
    pub filters: Vec<(String, Vec<String>)>,
    /// Saving: the proposed file name. None: opening.
    pub save_name: Option<String>,
    pub multiple: bool,
    /// Choosing a folder, not a file.
    pub folder: bool,
}

impl Request {
    pub fn open(title: &str, filters: &[(&str, &[&str])], multiple: bool) -> Request {
        Request {
            title: title.into(),
            filters: filters
                .iter()
                .map(|(n, e)| (n.to_string(), e.iter().map(|x| x.to_string()).collect()))
                .collect(),
            save_name: None,
            multiple,
            folder: false,
        }
    }

    pub fn folder(title: &str) -> Request {
        Request {
            title: title.into(),
            filters: Vec::new(),
            save_name: None,
            multiple: false,
            folder: true,
        }
    }

    pub fn save(title: &str, name: &str, filters: &[(&str, Vec<&str>)]) -> Request {
        Request {
            title: title.into(),
            filters: filters
                .iter()
                .map(|(n, e)| (n.to_string(), e.iter().map(|x| x.to_string()).collect()))
                .collect(),
            save_name: Some(name.into()),
            multiple: false,
            folder: false,
        }
    }

    /// Whether a file's name has one of the asked extensions.
    fn accepts(&self, path: &Path) -> bool {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        self.filters.is_empty() || self.filters.iter().any(|(_, es)| es.contains(&ext))
    }
}

/// What a native dialog answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Files(Vec<PathBuf>),
    Cancelled,
    /// It could not open: use the in-app browser.
    Unavailable,
}

/// Whether a native dialog can open here at all (Linux: a session bus for the portal, or zenity).
fn native_possible() -> bool {
    if IN_APP_ONLY.load(Ordering::Relaxed) {
        return false;
    }
    if cfg!(target_os = "linux") {
        let zenity = std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("zenity").is_file()));
        return zenity || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    }
    true
}

/// Run the native dialog (blocking: call it on its own thread).
fn native(req: &Request, start: Option<&Path>) -> Answer {
    let mut d = rfd::FileDialog::new().set_title(&req.title);
    for (n, e) in &req.filters {
        d = d.add_filter(n, e);
    }
    if let Some(s) = start {
        d = d.set_directory(s);
    }
    let began = Instant::now();
    let files = match &req.save_name {
        Some(name) => d.set_file_name(name).save_file().map(|f| vec![f]),
        None if req.folder => d.pick_folder().map(|f| vec![f]),
        None if req.multiple => d.pick_files(),
        None => d.pick_file().map(|f| vec![f]),
    };
    match files {
        Some(f) if !f.is_empty() => Answer::Files(f),
        _ if began.elapsed() < TOO_FAST => Answer::Unavailable,
        _ => Answer::Cancelled,
    }
}

fn memory_id() -> egui::Id {
    egui::Id::NULL.with("segatlas_last_folder")
}

/// The folder a dialog starts in: the last one used, else the working folder.
pub fn last_folder(ctx: &egui::Context) -> Option<PathBuf> {
    ctx.data_mut(|d| d.get_persisted::<PathBuf>(memory_id()))
        .filter(|p| p.is_dir())
        .or_else(|| std::env::current_dir().ok())
}

/// Remember the folder of a chosen file.
pub fn remember(ctx: &egui::Context, file: &Path) {
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        let dir = dir.to_path_buf();
        ctx.data_mut(|d| d.insert_persisted(memory_id(), dir));
    }
}

/// A dialog under way: the native one on its thread, or the in-app browser.
#[derive(Default)]
pub enum Picker {
    #[default]
    Idle,
    Native(Receiver<Answer>, Request),
    Browser(Box<Browser>),
}

impl Picker {
    /// Open a dialog: the native one when it can open, else the in-app browser.
    pub fn open(&mut self, ctx: &egui::Context, req: Request) {
        let start = last_folder(ctx);
        if !native_possible() {
            *self = Picker::Browser(Box::new(Browser::new(req, start)));
            return;
        }
        let (tx, rx) = channel();
        let (r, c) = (req.clone(), ctx.clone());
        std::thread::spawn(move || {
            let _ = tx.send(native(&r, start.as_deref()));
            c.request_repaint();
        });
        *self = Picker::Native(rx, req);
    }

    pub fn is_open(&self) -> bool {
        !matches!(self, Picker::Idle)
    }

    /// Draw the in-app browser when it is open and take the answer: Some(files) once chosen.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Option<Vec<PathBuf>> {
        let out = match self {
            Picker::Idle => return None,
            Picker::Native(rx, req) => match rx.try_recv() {
                Ok(Answer::Files(f)) => Some(f),
                Ok(Answer::Cancelled) | Err(TryRecvError::Disconnected) => None,
                Ok(Answer::Unavailable) => {
                    let b = Browser::new(req.clone(), last_folder(ctx));
                    *self = Picker::Browser(Box::new(b));
                    return None;
                }
                Err(TryRecvError::Empty) => return None,
            },
            Picker::Browser(b) => match b.show(ctx, lang) {
                None => return None,
                Some(files) => Some(files),
            },
        };
        *self = Picker::Idle;
        if let Some(f) = out.as_ref().and_then(|f| f.first()) {
            if f.is_dir() {
                let dir = f.clone();
                ctx.data_mut(|d| d.insert_persisted(memory_id(), dir));
            } else {
                remember(ctx, f);
            }
        }
        out.filter(|f| !f.is_empty())
    }
}

/// A folder's entries (path, is a folder), or why it could not be read.
type Listing = Result<Vec<(PathBuf, bool)>, String>;

/// The in-app file browser.
pub struct Browser {
    pub req: Request,
    pub dir: PathBuf,
    /// The folder field as typed.
    pub dir_text: String,
    /// The file name (saving) or the chosen file names (opening).
    pub name: String,
    pub selected: Vec<PathBuf>,
    pub show_all: bool,
    /// The folder read last (with `show_all`), and its entries or why it could not be read.
    entries: Option<(PathBuf, bool, Listing)>,
}

impl Browser {
    pub fn new(req: Request, start: Option<PathBuf>) -> Browser {
        let dir = start.unwrap_or_else(|| PathBuf::from("."));
        Browser {
            name: req.save_name.clone().unwrap_or_default(),
            dir_text: dir.display().to_string(),
            dir,
            req,
            selected: Vec::new(),
            show_all: false,
            entries: None,
        }
    }

    /// Go to a folder.
    pub fn go(&mut self, dir: PathBuf) {
        self.dir_text = dir.display().to_string();
        self.dir = dir;
        self.selected.clear();
        if self.req.save_name.is_none() {
            self.name.clear();
        }
    }

    /// The folder's folders and files of the asked kinds, sorted, read once per folder.
    fn list(&mut self) -> Listing {
        if !matches!(&self.entries, Some((d, all, _)) if *d == self.dir && *all == self.show_all) {
            let read = std::fs::read_dir(&self.dir)
                .map_err(|e| format!("{}: {e}", self.dir.display()))
                .map(|rd| {
                    let mut v: Vec<(PathBuf, bool)> = rd
                        .flatten()
                        .map(|e| {
                            let p = e.path();
                            let is_dir = p.is_dir();
                            (p, is_dir)
                        })
                        .filter(|(p, is_dir)| {
                            let hidden = p
                                .file_name()
                                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                            let wanted = *is_dir
                                || (!self.req.folder && (self.show_all || self.req.accepts(p)));
                            !hidden && wanted
                        })
                        .collect();
                    v.sort_by(|a, b| {
                        b.1.cmp(&a.1).then_with(|| {
                            a.0.file_name()
                                .map(|n| n.to_string_lossy().to_lowercase())
                                .cmp(&b.0.file_name().map(|n| n.to_string_lossy().to_lowercase()))
                        })
                    });
                    v
                });
            self.entries = Some((self.dir.clone(), self.show_all, read));
        }
        self.entries.as_ref().expect("just read").2.clone()
    }

    /// The files the person chose: the selected ones, or the typed name in the folder.
    fn chosen(&self) -> Vec<PathBuf> {
        if self.req.folder {
            return vec![self.dir.clone()];
        }
        if self.req.save_name.is_some() || self.selected.is_empty() {
            let name = self.name.trim();
            if name.is_empty() {
                return Vec::new();
            }
            let p = PathBuf::from(name);
            return vec![if p.is_absolute() { p } else { self.dir.join(p) }];
        }
        self.selected.clone()
    }

    /// Draw; Some(files) when chosen, Some(empty) when cancelled.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Option<Vec<PathBuf>> {
        let mut out = None;
        let modal =
            egui::Modal::new(egui::Id::NULL.with("segatlas_file_browser")).show(ctx, |ui| {
                ui.set_width(ctx.content_rect().width().min(720.0) - 40.0);
                ui.heading(&self.req.title);
                ui.horizontal(|ui| {
                    let lbl = ui.label(lang.t("folder")).id;
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.dir_text)
                                .desired_width(ui.available_width() - 150.0),
                        )
                        .labelled_by(lbl);
                    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        let p = PathBuf::from(self.dir_text.trim());
                        if p.is_dir() {
                            self.go(p);
                        }
                    }
                    if ui.button(lang.t("folder_up")).clicked() {
                        if let Some(up) = self.dir.parent() {
                            self.go(up.to_path_buf());
                        }
                    }
                    if ui.button(lang.t("folder_home")).clicked() {
                        if let Some(home) = std::env::var_os("HOME") {
                            self.go(PathBuf::from(home));
                        }
                    }
                });
                let kinds: Vec<String> = self.req.filters.iter().map(|(n, _)| n.clone()).collect();
                ui.horizontal(|ui| {
                    if !kinds.is_empty() {
                        ui.small(kinds.join(", "));
                    }
                    ui.checkbox(&mut self.show_all, lang.t("show_all_files"));
                });
                let list = self.list();
                let mut go_to = None;
                let mut done = false;
                egui::ScrollArea::vertical()
                    .max_height(ctx.content_rect().height() * 0.5)
                    .auto_shrink([false, true])
                    .show(ui, |ui| match &list {
                        Err(e) => {
                            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
                        }
                        Ok(entries) if entries.is_empty() => {
                            ui.weak(lang.t("folder_empty"));
                        }
                        Ok(entries) => {
                            for (path, is_dir) in entries {
                                let name = path
                                    .file_name()
                                    .map(|n| n.to_string_lossy().into_owned())
                                    .unwrap_or_default();
                                let label = if *is_dir {
                                    format!("{name}/")
                                } else {
                                    name.clone()
                                };
                                let on = self.selected.contains(path);
                                let r = ui.selectable_label(on, label);
                                if r.double_clicked() {
                                    if *is_dir {
                                        go_to = Some(path.clone());
                                    } else {
                                        self.selected = vec![path.clone()];
                                        done = true;
                                    }
                                } else if r.clicked() {
                                    if *is_dir {
                                        go_to = Some(path.clone());
                                    } else if self.req.save_name.is_some() {
                                        self.name = name;
                                    } else if self.req.multiple && ui.input(|i| i.modifiers.command)
                                    {
                                        if on {
                                            self.selected.retain(|p| p != path);
                                        } else {
                                            self.selected.push(path.clone());
                                        }
                                    } else {
                                        self.selected = vec![path.clone()];
                                    }
                                }
                            }
                        }
                    });
                if let Some(d) = go_to {
                    self.go(d);
                }
                if self.req.save_name.is_some() {
                    ui.horizontal(|ui| {
                        let lbl = ui.label(lang.t("file_name")).id;
                        ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(320.0))
                            .labelled_by(lbl);
                    });
                    if self.chosen().first().is_some_and(|p| p.exists()) {
                        ui.colored_label(
                            egui::Color32::from_rgb(150, 90, 0),
                            lang.t("file_exists_replaced"),
                        );
                    }
                } else if !self.selected.is_empty() {
                    let names: Vec<String> = self
                        .selected
                        .iter()
                        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                        .collect();
                    ui.label(names.join(", "));
                }
                ui.horizontal(|ui| {
                    let ok = if self.req.folder {
                        lang.t("choose_this_folder")
                    } else if self.req.save_name.is_some() {
                        lang.t("save_file")
                    } else {
                        lang.t("open_file")
                    };
                    let can = !self.chosen().is_empty();
                    if ui.add_enabled(can, egui::Button::new(ok)).clicked() {
                        done = true;
                    }
                    if ui.button(lang.t("cancel")).clicked() {
                        out = Some(Vec::new());
                    }
                });
                if done {
                    out = Some(self.chosen());
                }
            });
        if modal.should_close() && out.is_none() {
            out = Some(Vec::new());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_lists_folders_first_and_only_the_asked_kinds() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.csv", "a.geojson", "notes.txt", ".hidden.csv"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("z")).unwrap();
        let req = Request::open("Öppna", &[("CSV, GeoJSON", &["csv", "geojson"])], true);
        let mut b = Browser::new(req, Some(dir.path().to_path_buf()));
        let names = |b: &mut Browser| -> Vec<String> {
            b.list()
                .unwrap()
                .iter()
                .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(&mut b), ["z", "a.geojson", "b.csv"]);
        b.show_all = true;
        assert_eq!(names(&mut b), ["z", "a.geojson", "b.csv", "notes.txt"]);
        // A typed name is taken in the folder.
        b.name = "b.csv".into();
        assert_eq!(b.chosen(), [dir.path().join("b.csv")]);
        // A folder that cannot be read says so.
        b.go(dir.path().join("missing"));
        assert!(b.list().unwrap_err().contains("missing"));
    }
}

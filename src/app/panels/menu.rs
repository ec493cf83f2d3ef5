//! The menu bar: File (open, join, recent files, default map, save project, export figure,
//! report), View (zoom, selection), Analysis
//! (segregation indices, compare, area types, transect) and the language switch.

use crate::app::document::Document;
use crate::app::i18n::Lang;
use std::path::PathBuf;

/// What the menu asked for that the app itself must do.
#[derive(Debug, PartialEq)]
pub enum MenuAction {
    None,
    OpenDialog,
    /// Open a legacy GeoJSON whose plain x/y are not longitude/latitude.
    OpenPlanarDialog,
    JoinDialog,
    Open(PathBuf),
    DefaultMap,
    /// Save the session as a project (the app gathers every view's settings).
    SaveProject,
    /// Show an analysis view (by its id), or the table.
    ShowView(String),
    ShowTable,
    ResetLayout,
    /// Show the start panel again.
    Start,
    Quit,
}

/// The menu a view is opened from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuOf {
    File,
    Analysis,
    Explore,
}

impl MenuOf {
    pub fn of(view: &dyn crate::app::view::View) -> MenuOf {
        if view.file_menu() {
            MenuOf::File
        } else if view.explore() {
            MenuOf::Explore
        } else {
            MenuOf::Analysis
        }
    }
}

/// The menu bar; `views` are the views' ids, titles and menus.
pub fn show(
    ui: &mut egui::Ui,
    doc: &mut Document,
    lang: &mut Lang,
    recent: &[PathBuf],
    views: &[(&'static str, String, MenuOf)],
) -> MenuAction {
    let mut action = MenuAction::None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(lang.t("file"), |ui| {
            if ui.button(lang.t("open")).clicked() {
                action = MenuAction::OpenDialog;
            }
            if ui.button(lang.t("open_planar")).clicked() {
                action = MenuAction::OpenPlanarDialog;
            }
            if ui.button(lang.t("join")).clicked() {
                action = MenuAction::JoinDialog;
            }
            ui.menu_button(lang.t("recent"), |ui| {
                for p in recent.iter().rev() {
                    if ui.button(p.display().to_string()).clicked() {
                        action = MenuAction::Open(p.clone());
                    }
                }
            });
            if ui.button(lang.t("open_default")).clicked() {
                action = MenuAction::DefaultMap;
            }
            ui.separator();
            if ui.button(lang.t("save_project")).clicked() {
                action = MenuAction::SaveProject;
            }
            if ui.button(lang.t("export_figure")).clicked() {
                doc.save_request = Some(crate::app::document::SaveRequest {
                    name: "karta.svg".into(),
                    export: crate::app::document::Export::Figure,
                });
            }
            for (id, _, _) in views.iter().filter(|v| v.2 == MenuOf::File) {
                if ui.button(lang.t(&format!("{id}_menu"))).clicked() {
                    action = MenuAction::ShowView(id.to_string());
                }
            }
            ui.separator();
            if ui.button(lang.t("quit")).clicked() {
                action = MenuAction::Quit;
            }
        });
        ui.menu_button(lang.t("view"), |ui| {
            if ui.button(lang.t("zoom_layer")).clicked() {
                doc.zoom_to_layer();
            }
            if ui.button(lang.t("zoom_selection")).clicked() {
                doc.zoom_to_selection();
            }
            if ui.button(lang.t("clear_selection")).clicked() {
                doc.selection.clear();
            }
            if ui.button(lang.t("table")).clicked() {
                action = MenuAction::ShowTable;
            }
            if ui.button(lang.t("reset_layout")).clicked() {
                action = MenuAction::ResetLayout;
            }
            if ui.button(lang.t("start_menu")).clicked() {
                action = MenuAction::Start;
            }
        });
        for (menu, of) in [("analysis", MenuOf::Analysis), ("explore", MenuOf::Explore)] {
            ui.menu_button(lang.t(menu), |ui| {
                for (id, title, _) in views.iter().filter(|v| v.2 == of) {
                    if ui.button(title).clicked() {
                        action = MenuAction::ShowView(id.to_string());
                    }
                }
            });
        }
        ui.menu_button(lang.t("language"), |ui| {
            for l in [Lang::Sv, Lang::En] {
                if ui.radio(*lang == l, l.name()).clicked() {
                    *lang = l;
                }
            }
        });
    });
    action
}

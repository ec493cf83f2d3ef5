//! The menu bar: File (open, join, recent files, default map, save project, export figure), View (zoom, selection), Analysis
//! (segregation indices, compare, area types, transect) and the language switch.

use crate::app::i18n::Lang;
use crate::app::workspace::Workspace;
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
    Quit,
}

pub fn show(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    lang: &mut Lang,
    recent: &[PathBuf],
    hide_table: &mut bool,
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
                ws.save_request = Some(crate::app::workspace::SaveRequest {
                    name: "karta.segatlas.json".into(),
                    export: crate::app::workspace::Export::Project,
                });
            }
            if ui.button(lang.t("export_figure")).clicked() {
                ws.save_request = Some(crate::app::workspace::SaveRequest {
                    name: "karta.svg".into(),
                    export: crate::app::workspace::Export::Figure,
                });
            }
            ui.separator();
            if ui.button(lang.t("quit")).clicked() {
                action = MenuAction::Quit;
            }
        });
        ui.menu_button(lang.t("view"), |ui| {
            if ui.button(lang.t("zoom_layer")).clicked() {
                ws.zoom_to_layer();
            }
            if ui.button(lang.t("zoom_selection")).clicked() {
                ws.zoom_to_selection();
            }
            if ui.button(lang.t("clear_selection")).clicked() {
                ws.selection.clear();
            }
            let mut show_table = !*hide_table;
            if ui.checkbox(&mut show_table, lang.t("table")).changed() {
                *hide_table = !show_table;
            }
        });
        ui.menu_button(lang.t("analysis"), |ui| {
            if ui.button(lang.t("segregation")).clicked() {
                ws.segregation.open = true;
            }
            if ui.button(lang.t("compare")).clicked() {
                ws.compare.open = true;
            }
            if ui.button(lang.t("area_types")).clicked() {
                ws.areatypes.open = true;
            }
            if ui.button(lang.t("transect")).clicked() {
                ws.transect.open = true;
            }
        });
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

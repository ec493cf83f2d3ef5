//! The panels around the map, each a function over the workspace: the sidebar (layers, style,
//! legend, search), the attribute table, the inspector, the join dialog, the menu, the status bar, and the analysis windows (compare, area types and rules, transect,
//! years).

pub mod areatypes;
pub mod autocorr;
pub mod compare;
pub mod inspector;
pub mod join_dialog;
pub mod menu;
pub mod segregation;
pub mod sidebar;
pub mod status;
pub mod table;
pub mod transect;
pub mod weights;
pub mod years;

/// An analysis window (compare, area types, transect, segregation): opens below the map, at the
/// left, so that the map stays in view.
pub fn analysis_window(
    ctx: &egui::Context,
    title: &str,
    open: &mut bool,
    width: f32,
    add_contents: impl FnOnce(&mut egui::Ui),
) {
    let screen = ctx.content_rect();
    egui::Window::new(title)
        .open(open)
        .pivot(egui::Align2::LEFT_BOTTOM)
        .default_pos(egui::pos2(screen.left() + 300.0, screen.bottom() - 30.0))
        .default_width(width)
        .max_width((screen.width() * 0.6).max(width))
        .show(ctx, add_contents);
}

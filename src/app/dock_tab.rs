//! A docked tab's button: egui_tiles' own drawing (title, drag, middle-click close), with the
//! close button named for a screen reader in the UI's language and after its tab ("Stäng
//! Autokorrelation"), where the library names every one "Close".

use egui::accesskit::Role;
use egui::{vec2, Response, Sense, TextStyle, Vec2, WidgetInfo};
use egui_tiles::{Behavior, TabState, TileId, Tiles};

/// The tab of `tile_id`: as `egui_tiles::Behavior::tab_ui`'s default, its close button named
/// `close_label`.
pub fn tab_ui<P, B: Behavior<P> + ?Sized>(
    behavior: &mut B,
    tiles: &mut Tiles<P>,
    ui: &mut egui::Ui,
    id: egui::Id,
    tile_id: TileId,
    state: &TabState,
    close_label: &str,
) -> Response {
    let text = behavior.tab_title_for_tile(tiles, tile_id);
    let close_btn_size = Vec2::splat(behavior.close_button_outer_size());
    let close_btn_left_padding = 4.0;
    let font_id = TextStyle::Button.resolve(ui.style());
    let galley = text.into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, font_id);
    let x_margin = behavior.tab_title_spacing(ui.visuals());
    let button_width = galley.size().x
        + 2.0 * x_margin
        + f32::from(state.closable) * (close_btn_left_padding + close_btn_size.x);
    let (_, tab_rect) = ui.allocate_space(vec2(button_width, ui.available_height()));
    let draggable = behavior.is_tile_draggable(tiles, tile_id);
    let sense = if draggable {
        Sense::click_and_drag()
    } else {
        Sense::click()
    };
    let tab_response = ui.interact(tab_rect, id, sense);
    let tab_response = if draggable {
        tab_response.on_hover_cursor(behavior.tab_hover_cursor_icon())
    } else {
        tab_response
    };
    tab_response.widget_info(|| {
        WidgetInfo::selected(Role::Button, ui.is_enabled(), state.active, galley.text())
    });
    if ui.is_rect_visible(tab_rect) && !state.is_being_dragged {
        let bg_color = behavior.tab_bg_color(ui.visuals(), tiles, tile_id, state);
        let stroke = behavior.tab_outline_stroke(ui.visuals(), tiles, tile_id, state);
        ui.painter().rect(
            tab_rect.shrink(0.5),
            0.0,
            bg_color,
            stroke,
            egui::StrokeKind::Inside,
        );
        if state.active {
            // The active tab joins the area below it.
            ui.painter().hline(
                tab_rect.x_range(),
                tab_rect.bottom(),
                egui::Stroke::new(stroke.width + 1.0, bg_color),
            );
        }
        let text_color = behavior.tab_text_color(ui.visuals(), tiles, tile_id, state);
        let text_position = egui::Align2::LEFT_CENTER
            .align_size_within_rect(galley.size(), tab_rect.shrink(x_margin))
            .min;
        ui.painter().galley(text_position, galley, text_color);
        if state.closable {
            let close_btn_rect = egui::Align2::RIGHT_CENTER
                .align_size_within_rect(close_btn_size, tab_rect.shrink(x_margin));
            let close_btn_id = ui.auto_id_with("tab_close_btn");
            let close = ui
                .interact(close_btn_rect, close_btn_id, Sense::click_and_drag())
                .on_hover_cursor(egui::CursorIcon::Default)
                .on_hover_text(close_label);
            close.widget_info(|| WidgetInfo::labeled(Role::Button, ui.is_enabled(), close_label));
            let visuals = ui.style().interact(&close);
            let rect = close_btn_rect
                .shrink(behavior.close_button_inner_margin())
                .expand(visuals.expansion);
            let stroke = visuals.fg_stroke;
            ui.painter()
                .line_segment([rect.left_top(), rect.right_bottom()], stroke);
            ui.painter()
                .line_segment([rect.right_top(), rect.left_bottom()], stroke);
            if (close.clicked() || tab_response.clicked_by(egui::PointerButton::Middle))
                && behavior.on_tab_close(tiles, tile_id)
            {
                tiles.remove(tile_id);
            }
        }
    }
    behavior.on_tab_button(tiles, tile_id, tab_response)
}

//! The map canvas: fills from the prebuilt meshes, outlines simplified to the screen's
//! resolution, the selection and hover highlighted, an outline overlay of another layer and
//! labels. Areas off screen are culled. Drag to pan (shift-drag to select a box), wheel or +/−
//! to zoom, arrow keys to pan, click or shift-click to select, double-click to zoom to the layer.

use super::document::{Document, Viewport as View};
use super::i18n::Lang;
use super::map_layer::MapLayer;
use super::screen::{outline, screen_ring, MapPainter};
use super::style::Rendered;
use super::view::View as AnalysisView;
use egui::{epaint::Vertex, Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke};

const OCEAN: Color32 = Color32::from_rgb(235, 242, 247);
const SELECTED: Color32 = Color32::from_rgb(0, 200, 255);
const NEIGHBOUR: Color32 = Color32::from_rgb(255, 140, 0);
/// Areas smaller than this on screen (in points) are filled without an outline.
const MIN_OUTLINE_PX: f32 = 6.0;

fn rgb(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Is an area's projected bounding box at least partly inside the visible world rectangle?
fn visible(b: &[f64; 4], world: &[f64; 4]) -> bool {
    b[2] >= world[0] && b[0] <= world[2] && b[3] >= world[1] && b[1] <= world[3]
}

/// The shapes of one frame of a layer: fills, then outlines of areas large enough to see.
/// This is the map's paint work, measured by `benches/map_paint.rs`.
pub fn layer_shapes(
    layer: &MapLayer,
    rendered: Option<&Rendered>,
    view: &View,
    rect: Rect,
) -> Vec<Shape> {
    let a = view.to_world(rect, rect.left_bottom());
    let b = view.to_world(rect, rect.right_top());
    let world = [a[0], a[1], b[0], b[1]];
    let mut mesh = Mesh::default();
    mesh.vertices.reserve(layer.total_vertices);
    mesh.indices.reserve(layer.total_indices);
    let mut shapes = Vec::new();
    let stroke = Stroke::new(0.5, Color32::from_gray(110));
    for (i, m) in layer.meshes.iter().enumerate() {
        let bb = &layer.bboxes[i];
        if !visible(bb, &world) {
            continue;
        }
        let color = rendered.map_or(Color32::from_gray(220), |r| rgb(r.color_of(i)));
        let base = mesh.vertices.len() as u32;
        mesh.vertices.extend(m.vertices.iter().map(|&p| Vertex {
            pos: view.to_screen(rect, p),
            uv: egui::epaint::WHITE_UV,
            color,
        }));
        mesh.indices.extend(m.indices.iter().map(|&k| base + k));
        // Outlines only where an area is big enough on screen for its border to be read.
        let size_px = ((bb[2] - bb[0]).max(bb[3] - bb[1]) * view.scale) as f32;
        if size_px >= MIN_OUTLINE_PX {
            for ring in &m.outlines {
                shapes.push(Shape::line(screen_ring(view, rect, ring, 0.75), stroke));
            }
        }
    }
    let mut out = vec![Shape::mesh(mesh)];
    out.extend(shapes);
    out
}

/// Outlines of an overlay layer (another layer's borders over the active one).
fn overlay_shapes(layer: &MapLayer, view: &View, rect: Rect) -> Vec<Shape> {
    let a = view.to_world(rect, rect.left_bottom());
    let b = view.to_world(rect, rect.right_top());
    let world = [a[0], a[1], b[0], b[1]];
    let stroke = Stroke::new(1.6, Color32::from_rgb(40, 40, 40));
    layer
        .meshes
        .iter()
        .enumerate()
        .filter(|(i, _)| visible(&layer.bboxes[*i], &world))
        .flat_map(|(_, m)| m.outlines.iter())
        .map(|ring| Shape::line(screen_ring(view, rect, ring, 0.75), stroke))
        .collect()
}

/// Show the map and handle its input; the views may take clicks (map tools) and draw over it.
/// Returns the map's rectangle.
pub fn show(
    ui: &mut egui::Ui,
    ws: &mut Document,
    views: &mut [Box<dyn AnalysisView>],
    lang: Lang,
) -> Rect {
    let (rect, response) = ui.allocate_exact_size(
        ui.available_size(),
        Sense::click_and_drag() | Sense::FOCUSABLE,
    );
    // With the keyboard on the map, Page Down / Page Up step through the areas (selected, so
    // that the map's description reads the area and its value out).
    if response.has_focus() {
        let (next, prev) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::PageDown),
                i.key_pressed(egui::Key::PageUp),
            )
        });
        if let (true, Some(n)) = (next || prev, ws.active_layer().map(|l| l.len())) {
            if n > 0 {
                let at = ws.selection.iter().next().copied();
                let step = match (at, next) {
                    (None, true) => 0,
                    (None, false) => n - 1,
                    (Some(a), true) => (a + 1) % n,
                    (Some(a), false) => (a + n - 1) % n,
                };
                ws.select(step, false);
            }
        }
    }
    // Only built when a screen reader listens (AccessKit on).
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, describe(ws, lang)));
    if let Some(fit) = ws.view.fit {
        ws.view.fit_to(rect, fit);
    }
    {
        let (a, b) = (
            ws.view.to_world(rect, rect.left_bottom()),
            ws.view.to_world(rect, rect.right_top()),
        );
        ws.visible_extent = Some([a[0], a[1], b[0], b[1]]);
    }
    let shift = ui.input(|i| i.modifiers.shift);
    let command = ui.input(|i| i.modifiers.command);
    // Pan (drag) or box selection (shift-drag).
    let box_start = ui.scope_id().with("map_box_start");
    if response.drag_started() && shift {
        if let Some(p) = response.interact_pointer_pos() {
            ui.ctx().data_mut(|d| d.insert_temp(box_start, p));
        }
    }
    let start: Option<Pos2> = ui.ctx().data(|d| d.get_temp(box_start));
    if response.dragged() && start.is_none() {
        let d = response.drag_delta();
        ws.view.center[0] -= d.x as f64 / ws.view.scale;
        ws.view.center[1] += d.y as f64 / ws.view.scale;
    }
    if response.drag_stopped() {
        if let (Some(s), Some(e)) = (start, response.interact_pointer_pos()) {
            let (a, b) = (ws.view.to_world(rect, s), ws.view.to_world(rect, e));
            let bx = [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[0].max(b[0]),
                a[1].max(b[1]),
            ];
            if let Some(l) = ws.active_layer() {
                let hits: Vec<usize> = (0..l.len())
                    .filter(|&i| {
                        l.label_points[i].is_some_and(|p| {
                            p[0] >= bx[0] && p[0] <= bx[2] && p[1] >= bx[1] && p[1] <= bx[3]
                        })
                    })
                    .collect();
                if !command {
                    ws.selection.clear();
                }
                ws.selection.extend(hits);
            }
        }
        ui.ctx().data_mut(|d| d.remove::<Pos2>(box_start));
    }
    // Zoom: wheel about the pointer, keyboard about the centre.
    if response.hovered() {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (zoom as f64) * (1.0 + scroll as f64 * 0.0015);
        if factor != 1.0 {
            if let Some(p) = response.hover_pos() {
                let before = ws.view.to_world(rect, p);
                ws.view.scale *= factor;
                let after = ws.view.to_world(rect, p);
                ws.view.center[0] += before[0] - after[0];
                ws.view.center[1] += before[1] - after[1];
            }
        }
    }
    if !ui.ctx().egui_wants_keyboard_input() {
        let step = 60.0 / ws.view.scale;
        ui.input(|i| {
            if i.key_pressed(egui::Key::ArrowLeft) {
                ws.view.center[0] -= step;
            }
            if i.key_pressed(egui::Key::ArrowRight) {
                ws.view.center[0] += step;
            }
            if i.key_pressed(egui::Key::ArrowUp) {
                ws.view.center[1] += step;
            }
            if i.key_pressed(egui::Key::ArrowDown) {
                ws.view.center[1] -= step;
            }
            if i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals) {
                ws.view.scale *= 1.25;
            }
            if i.key_pressed(egui::Key::Minus) {
                ws.view.scale /= 1.25;
            }
        });
    }
    if response.double_clicked() {
        let w = response
            .interact_pointer_pos()
            .map(|p| ws.view.to_world(rect, p));
        let taken = w.is_some_and(|w| views.iter_mut().any(|v| v.map_double_click(ws, w)));
        if !taken {
            ws.zoom_to_layer();
        }
    }
    // Hover and click.
    let hovered = response.hover_pos().and_then(|p| {
        let w = ws.view.to_world(rect, p);
        ws.active_layer().and_then(|l| l.area_at(w[0], w[1]))
    });
    ws.hovered = hovered;
    let tool_click = response.clicked()
        && response.interact_pointer_pos().is_some_and(|p| {
            let w = ws.view.to_world(rect, p);
            views.iter_mut().any(|v| v.map_click(ws, w))
        });
    if response.clicked() && !tool_click {
        // The area under the click itself: on a touch screen (or when the pointer leaves as
        // the button is released) there is no hover to go by.
        let clicked = response.interact_pointer_pos().and_then(|p| {
            let w = ws.view.to_world(rect, p);
            ws.active_layer().and_then(|l| l.area_at(w[0], w[1]))
        });
        match clicked.or(hovered) {
            Some(i) => ws.select(i, shift || command),
            None if !shift => ws.selection.clear(),
            None => {}
        }
    }
    // Paint.
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, OCEAN);
    let Some(layer) = ws.layers.get(ws.active) else {
        return rect;
    };
    painter.extend(layer_shapes(layer, ws.rendered.as_ref(), &ws.view, rect));
    if let Some(o) = ws
        .overlay
        .and_then(|o| ws.layers.get(o))
        .filter(|_| ws.overlay != Some(ws.active))
    {
        painter.extend(overlay_shapes(o, &ws.view, rect));
    }
    if ws.show_neighbours {
        for i in ws.neighbours_of_selection() {
            painter.extend(outline(
                layer,
                i,
                &ws.view,
                rect,
                Stroke::new(2.0, NEIGHBOUR),
            ));
        }
    }
    for &i in &ws.selection {
        painter.extend(outline(
            layer,
            i,
            &ws.view,
            rect,
            Stroke::new(2.5, SELECTED),
        ));
    }
    if let Some(i) = hovered.or(ws.view_hover) {
        painter.extend(outline(
            layer,
            i,
            &ws.view,
            rect,
            Stroke::new(2.0, Color32::BLACK),
        ));
    }
    if ws.style.labels {
        labels(&painter, layer, &ws.view, rect);
    }
    let map = MapPainter {
        painter: &painter,
        rect,
        view: &ws.view,
    };
    for v in views.iter() {
        v.paint_map(ws, &map);
    }
    if let (Some(s), Some(e)) = (
        start,
        response.hover_pos().or(response.interact_pointer_pos()),
    ) {
        painter.rect_stroke(
            Rect::from_two_pos(s, e),
            0.0,
            Stroke::new(1.0, SELECTED),
            egui::StrokeKind::Inside,
        );
    }
    if let Some(i) = hovered {
        let value = ws
            .rendered
            .as_ref()
            .and_then(|r| r.values.get(i).copied().flatten())
            .map_or_else(|| lang.t("missing").to_string(), |v| lang.number(v, 2));
        let class = ws
            .rendered
            .as_ref()
            .and_then(|r| {
                r.class
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|c| r.legend[c].label.clone())
            })
            .unwrap_or_else(|| lang.t("missing").to_string());
        response.on_hover_text(format!(
            "{}\n{}: {value}\n{}: {class}",
            layer.label_and_code(i),
            crate::data::labels::or_field(&ws.style.variable, lang, &ws.labels),
            lang.t("class")
        ));
    }
    rect
}

/// Names of areas wide enough on screen to hold them.
fn labels(painter: &egui::Painter, layer: &MapLayer, view: &View, rect: Rect) {
    let font = egui::FontId::proportional(11.0);
    for i in 0..layer.len() {
        let (Some(p), b) = (layer.label_points[i], layer.bboxes[i]) else {
            continue;
        };
        let width_px = ((b[2] - b[0]) * view.scale) as f32;
        let text = layer.label_of(i);
        if width_px < text.chars().count() as f32 * 6.0 {
            continue;
        }
        let pos = view.to_screen(rect, p);
        if rect.contains(pos) {
            painter.text(
                pos,
                egui::Align2::CENTER_CENTER,
                text,
                font.clone(),
                Color32::from_gray(20),
            );
        }
    }
}

/// What the map says to a screen reader: the layer, the variable by its label, the classes with
/// their counts, the missing, and the selected (else hovered) area with its value and class.
pub fn describe(ws: &Document, lang: Lang) -> String {
    let Some(l) = ws.active_layer() else {
        return lang.t("map").to_string();
    };
    let variable = crate::data::labels::or_field(&ws.style.variable, lang, &ws.labels);
    let mut parts = vec![format!("{}: {}", lang.t("map"), l.name), variable];
    if let Some(r) = &ws.rendered {
        let classes: Vec<String> = r
            .legend
            .iter()
            .map(|e| format!("{} ({})", e.label, e.count))
            .collect();
        parts.push(format!(
            "{} {}: {}",
            r.legend.len(),
            lang.t("map_classes"),
            classes.join("; ")
        ));
        if r.missing > 0 {
            parts.push(format!("{}: {}", lang.t("missing"), r.missing));
        }
    }
    let area = ws.selection.iter().next().copied().or(ws.hovered);
    if let Some(i) = area.filter(|&i| i < l.len()) {
        let value = ws
            .rendered
            .as_ref()
            .and_then(|r| r.values.get(i).copied().flatten())
            .map_or_else(|| lang.t("missing").to_string(), |v| lang.number(v, 2));
        let class = ws.rendered.as_ref().and_then(|r| {
            r.class
                .get(i)
                .copied()
                .flatten()
                .map(|c| r.legend[c].label.clone())
        });
        let key = if ws.selection.contains(&i) {
            "map_selected"
        } else {
            "map_hovered"
        };
        let mut text = format!("{}: {}: {value}", lang.t(key), l.label_and_code(i));
        if let Some(c) = class {
            text.push_str(&format!(" ({} {c})", lang.t("class").to_lowercase()));
        }
        parts.push(text);
    }
    parts.join(" · ")
}

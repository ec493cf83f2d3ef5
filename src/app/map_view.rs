//! Drawing the map: filled areas from the prebuilt meshes, outlines, a legend and a title;
//! scroll to zoom, drag to pan, hover for an area's value.

use super::state::MapState;
use crate::data::table::format_number;
use egui::{epaint::Vertex, Color32, Mesh, Pos2, Sense, Shape, Stroke};

fn color(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Format a value for people: Swedish thousands separators, at most 2 decimals.
fn fmt_value(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let s = format_number(rounded);
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let neg = int.starts_with('-');
    let digits: Vec<char> = int.trim_start_matches('-').chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(*c);
    }
    format!(
        "{}{out}{}",
        if neg { "-" } else { "" },
        frac.map(|f| format!(",{f}")).unwrap_or_default()
    )
}

pub fn show(ui: &mut egui::Ui, state: &mut MapState) {
    egui::Panel::top("title").show(ui, |ui| {
        ui.heading(&state.title);
    });
    egui::Panel::right("legend")
        .resizable(false)
        .show(ui, |ui| legend(ui, state));
    egui::Panel::bottom("source").show(ui, |ui| {
        ui.small(&state.source);
    });
    egui::CentralPanel::default().show(ui, |ui| map(ui, state));
}

fn legend(ui: &mut egui::Ui, s: &MapState) {
    ui.strong(&s.variable);
    let mut lower = s
        .values
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let counts = crate::classify::counts(&s.values, &s.bins);
    for (i, b) in s.bins.iter().enumerate() {
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(egui::vec2(18.0, 14.0), Sense::hover());
            ui.painter().rect_filled(r, 2.0, color(s.colors[i]));
            ui.label(format!(
                "{} – {}  ({})",
                fmt_value(lower),
                fmt_value(*b),
                counts[i]
            ));
        });
        lower = *b;
    }
    let missing = s.values.iter().filter(|v| v.is_none()).count();
    if missing > 0 {
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(egui::vec2(18.0, 14.0), Sense::hover());
            ui.painter()
                .rect_filled(r, 2.0, color(crate::classify::MISSING));
            ui.label(format!("saknas  ({missing})"));
        });
    }
    for n in &s.notes {
        ui.small(n);
    }
}

fn map(ui: &mut egui::Ui, s: &mut MapState) {
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    if response.dragged() {
        s.pan += response.drag_delta();
    }
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            s.zoom = (s.zoom * (1.0 + scroll * 0.002)).clamp(0.2, 200.0);
        }
    }
    if response.double_clicked() {
        s.zoom = 1.0;
        s.pan = egui::Vec2::ZERO;
    }
    let [minx, miny, maxx, maxy] = s.extent;
    let fit =
        ((rect.width() as f64) / (maxx - minx)).min((rect.height() as f64) / (maxy - miny)) * 0.95;
    let scale = fit * s.zoom as f64;
    let (cx, cy) = ((minx + maxx) / 2.0, (miny + maxy) / 2.0);
    let center = rect.center() + s.pan;
    let to_screen = |p: [f64; 2]| {
        Pos2::new(
            center.x + ((p[0] - cx) * scale) as f32,
            center.y - ((p[1] - cy) * scale) as f32,
        )
    };
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::from_rgb(235, 242, 247));
    let mut mesh = Mesh::default();
    for (i, m) in s.meshes.iter().enumerate() {
        let c = color(s.color_of(i));
        let base = mesh.vertices.len() as u32;
        mesh.vertices.extend(m.vertices.iter().map(|&p| Vertex {
            pos: to_screen(p),
            uv: egui::epaint::WHITE_UV,
            color: c,
        }));
        mesh.indices.extend(m.indices.iter().map(|&k| base + k));
    }
    painter.add(Shape::mesh(mesh));
    let stroke = Stroke::new(0.6, Color32::from_gray(90));
    for m in &s.meshes {
        for ring in &m.outlines {
            painter.add(Shape::line(
                ring.iter().map(|&p| to_screen(p)).collect(),
                stroke,
            ));
        }
    }
    if let Some(pos) = response.hover_pos() {
        let world = [
            cx + ((pos.x - center.x) as f64) / scale,
            cy - ((pos.y - center.y) as f64) / scale,
        ];
        let pt = geo::Point::new(world[0], world[1]);
        use geo::Contains;
        if let Some(i) = s.layer.projected.iter().position(|g| g.contains(&pt)) {
            let value = s.values[i].map_or_else(|| "saknas".to_string(), fmt_value);
            response.on_hover_text(format!("{}\n{}: {value}", s.label_of(i), s.variable));
        }
    }
}

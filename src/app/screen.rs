//! The map's screen geometry: the viewport's maths with screen rectangles, areas' rings as
//! screen points, outlines, and the painter a view draws on the map with.

use super::document::Viewport as View;
use super::map_layer::MapLayer;
use egui::{Pos2, Rect, Shape, Stroke};

impl View {
    pub fn to_screen(&self, rect: egui::Rect, p: [f64; 2]) -> egui::Pos2 {
        let c = rect.center();
        egui::pos2(
            c.x + ((p[0] - self.center[0]) * self.scale) as f32,
            c.y - ((p[1] - self.center[1]) * self.scale) as f32,
        )
    }

    pub fn to_world(&self, rect: egui::Rect, p: egui::Pos2) -> [f64; 2] {
        let c = rect.center();
        [
            self.center[0] + (p.x - c.x) as f64 / self.scale,
            self.center[1] - (p.y - c.y) as f64 / self.scale,
        ]
    }

    /// Fit an extent into a rectangle with a margin.
    pub fn fit_to(&mut self, rect: egui::Rect, [a, b, c, d]: [f64; 4]) {
        let (w, h) = ((c - a).max(1e-9), (d - b).max(1e-9));
        self.scale = ((rect.width() as f64) / w).min((rect.height() as f64) / h) * 0.92;
        self.center = [(a + c) / 2.0, (b + d) / 2.0];
        self.fit = None;
    }
}

/// What a view draws on the map with: the painter clipped to the map, and the viewport.
pub struct MapPainter<'a> {
    pub painter: &'a egui::Painter,
    pub rect: Rect,
    pub view: &'a View,
}

impl MapPainter<'_> {
    /// A world point on screen.
    pub fn to_screen(&self, p: [f64; 2]) -> Pos2 {
        self.view.to_screen(self.rect, p)
    }

    /// Outline area `i` of `layer`.
    pub fn outline(&self, layer: &MapLayer, i: usize, stroke: Stroke) {
        self.painter
            .extend(outline(layer, i, self.view, self.rect, stroke));
    }
}

/// A ring as screen points, dropping points closer than `min_px` to the last kept one.
pub fn screen_ring(view: &View, rect: Rect, ring: &[[f64; 2]], min_px: f32) -> Vec<Pos2> {
    let mut out: Vec<Pos2> = Vec::with_capacity(ring.len());
    for &p in ring {
        let s = view.to_screen(rect, p);
        if out
            .last()
            .is_none_or(|l| (l.x - s.x).abs() + (l.y - s.y).abs() >= min_px)
        {
            out.push(s);
        }
    }
    if let (Some(first), Some(last)) = (ring.first(), out.last()) {
        let f = view.to_screen(rect, *first);
        if *last != f {
            out.push(f);
        }
    }
    out
}

pub fn outline(layer: &MapLayer, i: usize, view: &View, rect: Rect, stroke: Stroke) -> Vec<Shape> {
    layer.meshes[i]
        .outlines
        .iter()
        .map(|ring| Shape::line(screen_ring(view, rect, ring, 0.5), stroke))
        .collect()
}

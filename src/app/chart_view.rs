//! Charts in the app: the engine's SVG chart rasterised into a texture (re-made only when the
//! chart changes), so what is on screen is exactly what "Export chart" writes.

use crate::figure::chart::Chart;
use crate::i18n::Lang;
use std::hash::{Hash, Hasher};

/// Show `chart` at `size` points; returns the image's response (for hover texts).
pub fn show(
    ui: &mut egui::Ui,
    id: &str,
    chart: &Chart,
    size: egui::Vec2,
    lang: Lang,
) -> egui::Response {
    let ppp = ui.ctx().pixels_per_point();
    let svg = chart.svg(size.x as f64, size.y as f64, lang);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    svg.hash(&mut h);
    ((size.x * ppp) as u32).hash(&mut h);
    let key = h.finish();
    let slot = egui::Id::NULL.with(("segatlas-chart", id));
    let cached: Option<(u64, egui::TextureHandle)> = ui.ctx().data(|d| d.get_temp(slot));
    let texture = match cached {
        Some((k, t)) if k == key => Some(t),
        _ => {
            let (w, hgt) = ((size.x * ppp).round() as u32, (size.y * ppp).round() as u32);
            match crate::figure::rasterize(&svg, w.max(1), hgt.max(1)) {
                Ok(pixmap) => {
                    let image = egui::ColorImage::from_rgba_premultiplied(
                        [pixmap.width() as usize, pixmap.height() as usize],
                        pixmap.data(),
                    );
                    let t = ui.ctx().load_texture(
                        format!("chart-{id}"),
                        image,
                        egui::TextureOptions::LINEAR,
                    );
                    ui.ctx().data_mut(|d| d.insert_temp(slot, (key, t.clone())));
                    Some(t)
                }
                Err(_) => None,
            }
        }
    };
    match texture {
        Some(t) => ui.add(egui::Image::new((t.id(), size))),
        None => ui.label(lang.t("missing")),
    }
}

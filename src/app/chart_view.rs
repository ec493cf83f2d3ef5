//! Charts in the app: the engine's SVG chart rasterised into a texture (re-made only when the
//! chart changes), so what is on screen is exactly what "Export chart" writes.

use crate::figure::chart::Chart;
use crate::i18n::Lang;

/// What a chart's texture was made from: redrawn only when one of these changes.
#[derive(Clone, PartialEq)]
struct Made {
    chart: Chart,
    pixels: [u32; 2],
    lang: Lang,
}

/// Show `chart` at `size` points; returns the image's response (for hover texts). The SVG is
/// built and rasterised only when the chart, its size or the language changed; a frame that
/// shows the same chart only compares it with the one drawn.
pub fn show(
    ui: &mut egui::Ui,
    id: &str,
    chart: &Chart,
    size: egui::Vec2,
    lang: Lang,
) -> egui::Response {
    let ppp = ui.ctx().pixels_per_point();
    let pixels = [
        ((size.x * ppp).round() as u32).max(1),
        ((size.y * ppp).round() as u32).max(1),
    ];
    let slot = egui::Id::NULL.with(("segatlas-chart", id));
    let cached: Option<(Made, egui::TextureHandle)> = ui.ctx().data(|d| d.get_temp(slot));
    let fits = |m: &Made| m.pixels == pixels && m.lang == lang && m.chart == *chart;
    let texture = match cached {
        Some((m, t)) if fits(&m) => Some(t),
        _ => {
            let svg = chart.svg(size.x as f64, size.y as f64, lang);
            texture(ui, &format!("chart-{id}"), &svg, pixels).inspect(|t| {
                let made = Made {
                    chart: chart.clone(),
                    pixels,
                    lang,
                };
                ui.ctx()
                    .data_mut(|d| d.insert_temp(slot, (made, t.clone())));
            })
        }
    };
    match texture {
        Some(t) => ui.add(egui::Image::new((t.id(), size))),
        None => ui.label(lang.t("missing")),
    }
}

/// Show an SVG figure made by `make(width, height)` at `size` points, rasterised once per `key`
/// (what it shows) and size: a figure on screen exactly as it exports.
pub fn show_svg(
    ui: &mut egui::Ui,
    id: &str,
    key: u64,
    size: egui::Vec2,
    make: impl FnOnce(f64, f64) -> Option<String>,
) -> Option<egui::Response> {
    let ppp = ui.ctx().pixels_per_point();
    let pixels = [
        ((size.x * ppp).round() as u32).max(1),
        ((size.y * ppp).round() as u32).max(1),
    ];
    let slot = egui::Id::NULL.with(("segatlas-svg", id));
    let cached: Option<((u64, [u32; 2]), egui::TextureHandle)> =
        ui.ctx().data(|d| d.get_temp(slot));
    let texture = match cached {
        Some((made, t)) if made == (key, pixels) => t,
        _ => {
            let svg = make(size.x as f64, size.y as f64)?;
            let t = texture(ui, &format!("svg-{id}"), &svg, pixels)?;
            ui.ctx()
                .data_mut(|d| d.insert_temp(slot, ((key, pixels), t.clone())));
            t
        }
    };
    Some(ui.add(egui::Image::new((texture.id(), size))))
}

/// An SVG document rasterised into a texture of `pixels`.
fn texture(ui: &egui::Ui, name: &str, svg: &str, pixels: [u32; 2]) -> Option<egui::TextureHandle> {
    let pixmap = crate::figure::rasterize(svg, pixels[0], pixels[1]).ok()?;
    let image = egui::ColorImage::from_rgba_premultiplied(
        [pixmap.width() as usize, pixmap.height() as usize],
        pixmap.data(),
    );
    Some(
        ui.ctx()
            .load_texture(name, image, egui::TextureOptions::LINEAR),
    )
}

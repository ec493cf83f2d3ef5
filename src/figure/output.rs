//! A figure's way out: SVG rasterised with the bundled font (PNG export, charts on screen), print
//! margins in millimetres, and page sizes given as WIDTHxHEIGHT.

use super::{esc, pdf};

/// Render an SVG document to a PNG of `width`×`height` pixels with resvg, using the bundled
/// Ubuntu font (egui's default), so figures look the same on every machine.
pub fn png(svg: &str, width: u32, height: u32) -> crate::Result<Vec<u8>> {
    rasterize(svg, width, height)?
        .encode_png()
        .map_err(|e| crate::Error::input(format!("cannot encode the PNG: {e}")))
}

/// The largest image made: 16,000 pixels a side (an A0 poster at 380 dpi), 150 megapixels (600 MB
/// of pixels), refused in words before anything is allocated.
pub const MAX_SIDE: u32 = 16_000;
pub const MAX_PIXELS: u64 = 150_000_000;

/// Render an SVG document into pixels of `width` × `height` (premultiplied RGBA), with the
/// bundled font: used for PNG export and to show charts in the app.
pub fn rasterize(svg: &str, width: u32, height: u32) -> crate::Result<resvg::tiny_skia::Pixmap> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    pdf::fonts(&mut opt);
    let tree = usvg::Tree::from_str(svg, &opt)
        .map_err(|e| crate::Error::input(format!("cannot render the figure: {e}")))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(crate::Error::input(format!(
            "a {width}×{height} image is larger than segatlas makes (at most {MAX_SIDE} pixels a side and {} megapixels): lower the size or the dpi",
            MAX_PIXELS / 1_000_000
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| crate::Error::input(format!("cannot make a {width}×{height} image")))?;
    let size = tree.size();
    let t = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, t, &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Millimetres as pixels at 96 to the inch.
pub fn mm_to_px(mm: f64) -> f64 {
    mm / 25.4 * 96.0
}

/// A figure (`w` × `h` pixels) on a page of the same size with a white print margin of `margin`
/// pixels on every side, the figure scaled into the space inside; its title and description stay
/// the page's. An error when the margin leaves less than 100 pixels.
pub fn with_margin(svg: &str, w: f64, h: f64, margin: f64) -> crate::Result<String> {
    let (iw, ih) = (w - 2.0 * margin, h - 2.0 * margin);
    if !(margin >= 0.0 && iw >= 100.0 && ih >= 100.0) {
        return Err(crate::Error::input(format!(
            "a margin of {:.0} mm leaves no room for the figure on a {:.0} × {:.0} mm page",
            margin / 96.0 * 25.4,
            w / 96.0 * 25.4,
            h / 96.0 * 25.4
        )));
    }
    let size = format!("width=\"{w}\" height=\"{h}\"");
    let start = svg
        .find("<svg")
        .ok_or_else(|| crate::Error::input("the figure is not an SVG document"))?;
    let body = &svg[start..];
    let tag_end = body
        .find('>')
        .ok_or_else(|| crate::Error::input("the figure is not an SVG document"))?;
    let tag = &body[..tag_end];
    if !tag.contains(&size) {
        return Err(crate::Error::input("the figure's size is not the page's"));
    }
    let nested = tag.replacen(
        &size,
        &format!("x=\"{margin:.1}\" y=\"{margin:.1}\" width=\"{iw:.1}\" height=\"{ih:.1}\""),
        1,
    );
    let text = |t: &str| {
        pdf::element(svg, t).map_or_else(String::new, |v| format!("<{t}>{}</{t}>", esc(&v)))
    };
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" {size} viewBox=\"0 0 {w} {h}\">{}{}<rect width=\"100%\" height=\"100%\" fill=\"white\"/>{nested}{}</svg>",
        text("title"),
        text("desc"),
        &body[tag_end..]
    ))
}

/// `WIDTHxHEIGHT` in pixels.
pub fn parse_size(s: &str) -> crate::Result<(f64, f64)> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .and_then(|(w, h)| Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?)))
        .filter(|(w, h)| *w >= 100 && *h >= 100 && *w <= 20_000 && *h <= 20_000)
        .ok_or_else(|| {
            crate::Error::input(format!(
                "--size must be WIDTHxHEIGHT in pixels (100–20000), not '{s}'"
            ))
        })?;
    Ok((w as f64, h as f64))
}

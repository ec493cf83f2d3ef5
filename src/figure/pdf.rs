//! Figures as vector PDF: the same SVG as the PNG and the SVG export, drawn by krilla (through
//! krilla-svg, on the same usvg as resvg) with the bundled fonts embedded and subset and the text
//! kept as text (searchable, copyable). The page is the figure's size at 96 pixels to the inch
//! (an A4 layout is an A4 page); the document's title and description are the figure's text
//! alternative (its SVG `<title>` and `<desc>`), and its language the figure's.

use crate::error::{Error, Result};
use crate::i18n::Lang;

/// The fonts figures are drawn with: Ubuntu (egui's) and DejaVu Sans for what Ubuntu lacks
/// (arrows, some symbols), read once.
pub(crate) fn fonts(opt: &mut resvg::usvg::Options) {
    use std::sync::{Arc, OnceLock};
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    opt.font_family = "Ubuntu".into();
    opt.fontdb = DB
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
            db.load_font_data(include_bytes!("../../assets/fonts/DejaVuSans.ttf").to_vec());
            Arc::new(db)
        })
        .clone();
}

/// The text between `<tag>` and `</tag>` (first one), unescaped.
pub(crate) fn element(svg: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = svg.find(&open)? + open.len();
    let end = start + svg[start..].find(&format!("</{tag}>"))?;
    Some(
        svg[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

/// A one-page PDF of the SVG at `width` × `height` pixels (96 per inch).
pub fn pdf(svg: &str, width: f64, height: f64, lang: Lang) -> Result<Vec<u8>> {
    pdf_pages(&[(svg, width, height)], lang, None, None)
}

/// A PDF of several pages, each an SVG of its size in pixels (96 per inch). The document's title
/// and description are `title`/`description`, else the first page's `<title>`/`<desc>`.
pub fn pdf_pages(
    pages: &[(&str, f64, f64)],
    lang: Lang,
    title: Option<&str>,
    description: Option<&str>,
) -> Result<Vec<u8>> {
    use krilla::geom::Size;
    use krilla::page::PageSettings;
    use krilla::Document;
    use krilla_svg::{SurfaceExt, SvgSettings};
    let mut opt = resvg::usvg::Options::default();
    fonts(&mut opt);
    let mut document = Document::new();
    for (k, &(svg, width, height)) in pages.iter().enumerate() {
        crate::work::check_interrupted()?;
        let tree = resvg::usvg::Tree::from_str(svg, &opt)
            .map_err(|e| Error::input(format!("cannot draw page {} of the figure: {e}", k + 1)))?;
        // PDF's own limit: a page is at most 14,400 points (200 inches) a side.
        if !(1.0..=14_400.0).contains(&(width * 0.75))
            || !(1.0..=14_400.0).contains(&(height * 0.75))
        {
            return Err(Error::input(format!(
                "a {width}×{height} pixel page is outside what a PDF holds (at most 19,200 pixels, 200 inches, a side)"
            )));
        }
        let (w, h) = ((width * 0.75) as f32, (height * 0.75) as f32);
        let size = Size::from_wh(w, h)
            .ok_or_else(|| Error::input(format!("cannot make a {width}×{height} page")))?;
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        surface
            .draw_svg(&tree, size, SvgSettings::default())
            .ok_or_else(|| Error::input("cannot draw the figure into the PDF"))?;
        surface.finish();
        page.finish();
    }
    let first = pages.first().map_or("", |p| p.0);
    let mut meta = krilla::metadata::Metadata::new()
        .language(match lang {
            Lang::Sv => "sv-SE".into(),
            Lang::En => "en-GB".into(),
        })
        .creator(format!("segatlas {}", env!("CARGO_PKG_VERSION")));
    if let Some(t) = title
        .map(str::to_string)
        .or_else(|| element(first, "title"))
    {
        meta = meta.title(t);
    }
    if let Some(d) = description
        .map(str::to_string)
        .or_else(|| element(first, "desc"))
    {
        meta = meta.description(d);
    }
    document.set_metadata(meta);
    document
        .finish()
        .map_err(|e| Error::input(format!("cannot write the PDF: {e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_alternative_is_read_from_the_svg() {
        let svg = "<svg><title>Inkomst &amp; bakgrund</title><desc>1 287 DeSO</desc></svg>";
        assert_eq!(element(svg, "title").as_deref(), Some("Inkomst & bakgrund"));
        assert_eq!(element(svg, "desc").as_deref(), Some("1 287 DeSO"));
        assert_eq!(element(svg, "foo"), None);
    }
}

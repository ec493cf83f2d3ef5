//! A report page being written: SVG text, a cursor down the page, and the pieces every page uses
//! (text, wrapped paragraphs, headings, tables, embedded figures, the footer).

use super::PAGE;
use crate::figure::esc;
use crate::i18n::Lang;
use std::fmt::Write as _;

pub(super) const MARGIN: f64 = 52.0;
pub(super) const INK: &str = "#222";
pub(super) const GREY: &str = "#666";
pub(super) const ACCENT: &str = "#1b6e8f";

/// Lines of at most about `width` pixels of text at `size` (words kept whole).
pub(super) fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let max = ((width / (size * 0.47)) as usize).max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A page being written: SVG text and the next line's y.
pub(super) struct Page {
    pub s: String,
    pub y: f64,
    pub lang: Lang,
}

impl Page {
    pub(super) fn new(lang: Lang, title: &str) -> Page {
        let (w, h) = PAGE;
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Ubuntu, DejaVu Sans, Arial, sans-serif"><title>{}</title><rect width="100%" height="100%" fill="white"/>"##,
            esc(title)
        );
        Page { s, y: MARGIN, lang }
    }

    /// Text at x on the current line.
    pub(super) fn text_at(
        &mut self,
        x: f64,
        y: f64,
        size: f64,
        fill: &str,
        extra: &str,
        text: &str,
    ) {
        let _ = write!(
            self.s,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" fill="{fill}" {extra}>{}</text>"#,
            esc(text)
        );
    }

    /// A paragraph, wrapped to the page's width (or `width`), advancing the line.
    pub(super) fn paragraph(&mut self, text: &str, size: f64, fill: &str, width: f64) {
        for line in wrap(text, width, size) {
            self.y += size * 1.35;
            let y = self.y;
            self.text_at(MARGIN, y, size, fill, "", &line);
        }
    }

    /// A section heading with a rule under it.
    pub(super) fn heading(&mut self, text: &str) {
        self.y += 34.0;
        let y = self.y;
        self.text_at(MARGIN, y, 17.0, ACCENT, r#"font-weight="bold""#, text);
        let _ = write!(
            self.s,
            r#"<line x1="{MARGIN}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{ACCENT}" stroke-width="1"/>"#,
            y + 7.0,
            PAGE.0 - MARGIN,
            y + 7.0
        );
        self.y += 10.0;
    }

    /// A table: a header row and rows of a label and values, the values right-aligned in
    /// columns ending at `cols` (x of each column's right edge).
    pub(super) fn table(
        &mut self,
        header: &[String],
        rows: &[(String, Vec<String>, Option<String>)],
        cols: &[f64],
    ) {
        let size = 12.5;
        self.y += 24.0;
        let y = self.y;
        // A value column's header wraps inside its column ("Västra Götalands län" over two
        // lines) instead of running into its neighbour.
        let mut extra_lines = 0;
        for (i, h) in header.iter().enumerate() {
            if i == 0 {
                self.text_at(MARGIN, y, size, GREY, r#"font-weight="bold""#, h);
            } else {
                let width = if i >= 2 {
                    cols[i - 1] - cols[i - 2] - 8.0
                } else {
                    102.0
                };
                let lines = wrap(h, width, size);
                extra_lines = extra_lines.max(lines.len().saturating_sub(1));
                for (k, l) in lines.iter().enumerate() {
                    self.text_at(
                        cols[i - 1],
                        y + k as f64 * size * 1.2,
                        size,
                        GREY,
                        r#"font-weight="bold" text-anchor="end""#,
                        l,
                    );
                }
            }
        }
        self.y += extra_lines as f64 * size * 1.2;
        let label_w = cols[0] - MARGIN - 110.0;
        for (label, values, note) in rows {
            let lines = wrap(label, label_w, size);
            self.y += 6.0;
            let _ = write!(
                self.s,
                r##"<line x1="{MARGIN}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#ddd" stroke-width="0.8"/>"##,
                self.y,
                PAGE.0 - MARGIN,
                self.y
            );
            let top = self.y + size * 1.3;
            for (k, l) in lines.iter().enumerate() {
                let y = top + k as f64 * size * 1.3;
                self.text_at(MARGIN, y, size, INK, "", l);
            }
            for (i, v) in values.iter().enumerate() {
                self.text_at(cols[i], top, size, INK, r#"text-anchor="end""#, v);
            }
            self.y = top + (lines.len() - 1) as f64 * size * 1.3;
            if let Some(note) = note {
                for l in wrap(note, PAGE.0 - 2.0 * MARGIN - 20.0, 10.5) {
                    self.y += 10.5 * 1.35;
                    let y = self.y;
                    self.text_at(MARGIN + 12.0, y, 10.5, GREY, "", &l);
                }
            }
            self.y += 4.0;
        }
    }

    /// Embed another SVG document (a figure, a chart) at (x, y).
    pub(super) fn embed(&mut self, svg: &str, x: f64, y: f64) {
        let body = svg.find("<svg").map_or(svg, |i| &svg[i..]);
        let _ = write!(self.s, "<svg x=\"{x:.1}\" y=\"{y:.1}\"{}", &body[4..]);
    }

    /// The page number in the footer, and the page's SVG.
    pub(super) fn finish(mut self, n: usize, of: usize, footer: &str) -> String {
        let y = PAGE.1 - 28.0;
        self.text_at(MARGIN, y, 10.0, GREY, "", footer);
        let page = match self.lang {
            Lang::Sv => format!("Sida {n} av {of}"),
            Lang::En => format!("Page {n} of {of}"),
        };
        self.text_at(
            PAGE.0 - MARGIN,
            y,
            10.0,
            GREY,
            r#"text-anchor="end""#,
            &page,
        );
        self.s.push_str("</svg>");
        self.s
    }
}

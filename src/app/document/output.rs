//! What the document writes: presentation figures of the map, charts, tables and projects,
//! atomically and never over one of the session's input files.

use super::Document;
use crate::app::i18n::Lang;
use crate::data::Table;
use std::path::PathBuf;

/// An export made ready on the UI thread.
enum Prepared {
    Bytes(Vec<u8>),
    Png {
        svg: String,
        width: u32,
        height: u32,
    },
    /// Already written (a project).
    Done,
}

/// Something to write to a file the person picks.
pub enum Export {
    /// A chart: SVG, or PNG by the file's extension.
    Chart(crate::figure::chart::Chart),
    /// A table as CSV.
    Table(Table),
    /// The map as a presentation figure: SVG or PNG.
    Figure,
    /// A figure a view made (maps side by side): SVG, or PNG of its size.
    Svg {
        svg: String,
        width: f64,
        height: f64,
    },
    /// The active layer's weights: GAL, or GWT by the file's extension.
    Weights,
    /// Areas with attributes: GeoJSON, GeoPackage or CSV by the file's extension.
    Areas {
        geometries: Vec<geo::MultiPolygon<f64>>,
        crs: crate::data::crs::Crs,
        table: Table,
    },
    /// The session as a project (*.segatlas.json), with every view's settings.
    Project(Box<crate::project::Project>),
}

/// A save dialog the app should open.
pub struct SaveRequest {
    /// The suggested file name; its extension picks the format.
    pub name: String,
    pub export: Export,
}

impl Document {
    /// The files the session read (never to be overwritten by an export).
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.opened.clone();
        v.extend(self.layers.iter().filter_map(|l| l.source.clone()));
        v
    }

    /// The map as a presentation figure (the same classes and colours as on screen).
    pub fn figure_svg(&self, lang: Lang, width: f64, height: f64) -> crate::Result<String> {
        let (Some(l), Some(r)) = (self.active_layer(), self.rendered.as_ref()) else {
            return Err(crate::Error::input("there is no map to export"));
        };
        let overlay: &[geo::MultiPolygon<f64>] = match self
            .overlay
            .filter(|o| *o != self.active)
            .and_then(|o| self.layers.get(o))
        {
            Some(o) => &o.layer.projected,
            None => self.current_outlines().unwrap_or(&[]),
        };
        let labels: Vec<([f64; 2], String)> = if self.style.labels {
            (0..l.len())
                .filter_map(|i| Some((l.label_points[i]?, l.label_of(i))))
                .collect()
        } else {
            Vec::new()
        };
        let f = crate::figure::Figure {
            overlay,
            labels: &labels,
            bivariate: self
                .bivariate
                .as_ref()
                .filter(|(g, _)| *g == self.generation)
                .map(|(_, b)| b),
            extent: self.visible_extent.filter(|_| self.figure_view_only),
            // Where the view lies in the whole layer.
            locator: Some(&l.layer.projected),
            legend_at: self.places[0],
            scale_at: self.places[1],
            north_at: self.places[2],
            areas: &l.layer.projected,
            rendered: r,
            title: if self.title.is_empty() {
                self.style.variable.clone()
            } else {
                self.title.clone()
            },
            subtitle: self.subtitle.clone(),
            legend_title: match &self.bivariate {
                Some((g, _)) if *g == self.generation => String::new(),
                _ => r.title.clone().unwrap_or_else(|| {
                    crate::data::labels::or_field(&self.style.variable, lang, &self.labels)
                }),
            },
            source: self.source.clone(),
            metres: l.layer.working_crs != crate::data::crs::Crs::Planar,
            width,
            height,
            lang,
        };
        if self.margin_mm > 0.0 {
            crate::figure::with_margin(
                &f.svg(),
                width,
                height,
                crate::figure::mm_to_px(self.margin_mm),
            )
        } else {
            Ok(f.svg())
        }
    }

    /// Write an export to `path` (SVG or PNG by the extension for charts and figures), atomically
    /// and never over one of the session's input files. Everything happens here, at once.
    pub fn write_export(
        &self,
        export: &Export,
        path: &std::path::Path,
        lang: Lang,
    ) -> crate::Result<()> {
        match self.prepare_export(export, path, lang)? {
            Prepared::Bytes(bytes) => crate::data::write::atomic_write(path, &bytes),
            Prepared::Png { svg, width, height } => {
                let bytes = crate::figure::png(&svg, width, height)?;
                crate::data::write::atomic_write(path, &bytes)
            }
            Prepared::Done => Ok(()),
        }
    }

    /// Start an export from the app: what needs the document is done now (the SVG, the
    /// checks); rasterising a PNG and writing it run in the background, and `saved` is set
    /// when the file is there.
    pub fn start_export(&mut self, export: &Export, path: PathBuf, lang: Lang) {
        match self.prepare_export(export, &path, lang) {
            Err(e) => self.messages.push(e.to_string()),
            Ok(Prepared::Done) => self.saved = Some(path),
            Ok(Prepared::Bytes(bytes)) => match crate::data::write::atomic_write(&path, &bytes) {
                Ok(()) => self.saved = Some(path),
                Err(e) => self.messages.push(e.to_string()),
            },
            Ok(Prepared::Png { svg, width, height }) => {
                let label = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.jobs
                    .push(crate::app::jobs::Job::spawn(label, move |p| {
                        p.set_progress(0.1);
                        let bytes = crate::figure::png(&svg, width, height)?;
                        p.set_progress(0.9);
                        crate::data::write::atomic_write(&path, &bytes)?;
                        Ok(super::Loaded::Saved(path))
                    }));
            }
        }
    }

    /// An export up to what can be done without the document: bytes to write, or an SVG to
    /// rasterise (a project is saved here and then `Done`).
    fn prepare_export(
        &self,
        export: &Export,
        path: &std::path::Path,
        lang: Lang,
    ) -> crate::Result<Prepared> {
        let inputs = self.inputs();
        let refs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
        crate::data::write::check_not_input(path, &refs)?;
        let png = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"));
        // Figures and charts: one SVG, written as SVG, PNG (in the background) or vector PDF.
        let figure: Option<(String, f64, f64, f64)> = match export {
            Export::Svg { svg, width, height } => Some((svg.clone(), *width, *height, 1.0)),
            // Charts as PNG at twice their size (crisp on slides).
            Export::Chart(c) => Some((c.svg(1200.0, 700.0, lang), 1200.0, 700.0, 2.0)),
            Export::Figure => {
                let (w, h) = if self.figure_size.trim().is_empty() {
                    crate::figure::Layout::from_name(&self.layout)
                        .unwrap_or(crate::figure::Layout::Slide)
                        .size()
                } else {
                    crate::figure::parse_size(&self.figure_size)?
                };
                Some((self.figure_svg(lang, w, h)?, w, h, 1.0))
            }
            _ => None,
        };
        if let Some((svg, w, h, png_scale)) = figure {
            let pdf = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            return Ok(if png {
                Prepared::Png {
                    svg,
                    width: (w * png_scale) as u32,
                    height: (h * png_scale) as u32,
                }
            } else if pdf {
                Prepared::Bytes(crate::figure::pdf::pdf(&svg, w, h, lang)?)
            } else {
                Prepared::Bytes(svg.into_bytes())
            });
        }
        let bytes = match export {
            // Written above.
            Export::Svg { .. } | Export::Chart(_) | Export::Figure => Vec::new(),
            Export::Table(t) => crate::data::write::csv_bytes(t)?,
            Export::Weights => {
                let (Some(lw), Some(l)) = (self.weights.as_ref(), self.active_layer()) else {
                    return Err(crate::Error::input("there are no weights to save"));
                };
                let gwt = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("gwt"));
                if gwt {
                    crate::spatial::files::gwt(&lw.weights, &l.name).into_bytes()
                } else {
                    crate::spatial::files::gal(&lw.weights, &l.name).into_bytes()
                }
            }
            Export::Areas {
                geometries,
                crs,
                table,
            } => {
                crate::data::write::areas(path, "regions", "areas", geometries, *crs, table)?;
                return Ok(Prepared::Done);
            }
            Export::Project(project) => {
                if !crate::project::is_project(path) {
                    return Err(crate::Error::output(
                        path,
                        "a project file is named *.segatlas.json",
                    ));
                }
                project.save(path)?;
                return Ok(Prepared::Done);
            }
        };
        Ok(Prepared::Bytes(bytes))
    }
}

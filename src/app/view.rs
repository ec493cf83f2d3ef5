//! What every analysis view is to the app: a struct that owns its form, its result and its
//! jobs, draws itself into a docked tile over the [`Document`], takes in its finished jobs,
//! may draw on the map and take clicks there (a map tool), and keeps its settings in projects.
//! A new view is one file implementing [`View`] plus one line in the panels' registry.

use super::document::Document;
use super::i18n::Lang;
use super::jobs::Running;
use super::screen::MapPainter;
use crate::project::Project;

pub trait View: std::any::Any {
    /// A stable name: the layout and projects refer to the view by it.
    fn id(&self) -> &'static str;

    /// The tab's title in the UI's language.
    fn title(&self, lang: Lang) -> String;

    /// Whether the view is one of the exploratory views (the Explore menu) rather than an
    /// analysis (the Analysis menu).
    fn explore(&self) -> bool {
        false
    }

    /// Whether the view is opened from the File menu (a report) rather than Analysis/Explore.
    fn file_menu(&self) -> bool {
        false
    }

    /// Draw the view into its tile.
    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang);

    /// Take in finished jobs; returns whether anything changed.
    fn poll(&mut self, _doc: &mut Document, _lang: Lang) -> bool {
        false
    }

    /// The view's jobs under way (for the status bar's progress and cancel).
    fn running(&self) -> Vec<&dyn Running> {
        Vec::new()
    }

    /// Draw on the map, over the areas (a transect's line, …).
    fn paint_map(&self, _doc: &Document, _map: &MapPainter) {}

    /// A click on the map at a world point: `true` when the view took it (a map tool), so the
    /// map does not also select an area.
    fn map_click(&mut self, _doc: &mut Document, _world: [f64; 2]) -> bool {
        false
    }

    /// A double click on the map: `true` when the view took it.
    fn map_double_click(&mut self, _doc: &mut Document, _world: [f64; 2]) -> bool {
        false
    }

    /// The view's tab was closed: stop any map tool.
    fn on_close(&mut self) {}

    /// Keep the view's settings in a project.
    fn save_project(&self, _doc: &Document, _project: &mut Project) -> crate::Result<()> {
        Ok(())
    }

    /// Take the view's settings from an opened project (and recompute); `true` when the view
    /// should be shown.
    fn load_project(&mut self, _doc: &mut Document, _project: &Project, _lang: Lang) -> bool {
        false
    }

    /// For tests and the app: the view as `Any`, to reach its own type.
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;

    /// The view as `Any`, to read.
    fn as_any(&self) -> &dyn std::any::Any;
}

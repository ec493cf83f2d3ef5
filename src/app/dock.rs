//! The docked layout (rerun's `egui_tiles`): the sidebar, the map with the table below it, the
//! inspector and every analysis view as tiles that split, tab and move by dragging their tabs,
//! remembered between runs. An analysis view opens as a tab beside the map, never over it.

use super::document::Document;
use super::i18n::Lang;
use super::panels;
use super::view::View;
use egui_tiles::{Container, Tile, TileId, Tiles, Tree, UiResponse};
use serde::{Deserialize, Serialize};

/// What a tile shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pane {
    Sidebar,
    Map,
    Table,
    Inspector,
    /// An analysis view of [`panels::registry`], by its id.
    View(String),
}

/// Views that start docked below the inspector; the others open beside the map.
const SIDEBAR_VIEWS: [&str; 2] = ["weights", "autocorr"];

/// The first layout: the sidebar | the map over the table | the inspector over weights and
/// autocorrelation (as tabs). Analysis views open between the map and the inspector.
pub fn default_tree() -> Tree<Pane> {
    let mut tiles = Tiles::default();
    let sidebar = tiles.insert_pane(Pane::Sidebar);
    let sidebar = tiles.insert_tab_tile(vec![sidebar]);
    let map = tiles.insert_pane(Pane::Map);
    let map = tiles.insert_tab_tile(vec![map]);
    let table = tiles.insert_pane(Pane::Table);
    let table = tiles.insert_tab_tile(vec![table]);
    let centre = tiles.insert_vertical_tile(vec![map, table]);
    share(&mut tiles, centre, &[(map, 3.0), (table, 1.0)]);
    let inspector = tiles.insert_pane(Pane::Inspector);
    let inspector = tiles.insert_tab_tile(vec![inspector]);
    let tools: Vec<TileId> = SIDEBAR_VIEWS
        .iter()
        .map(|id| tiles.insert_pane(Pane::View(id.to_string())))
        .collect();
    let tools = tiles.insert_tab_tile(tools);
    let right = tiles.insert_vertical_tile(vec![inspector, tools]);
    share(&mut tiles, right, &[(inspector, 1.0), (tools, 1.3)]);
    let root = tiles.insert_horizontal_tile(vec![sidebar, centre, right]);
    share(
        &mut tiles,
        root,
        &[(sidebar, 1.15), (centre, 3.4), (right, 1.25)],
    );
    Tree::new(egui::Id::NULL.with("segatlas_dock"), root, tiles)
}

/// Set the shares of a linear container's children.
fn share(tiles: &mut Tiles<Pane>, container: TileId, shares: &[(TileId, f32)]) {
    if let Some(Tile::Container(Container::Linear(l))) = tiles.get_mut(container) {
        for (id, s) in shares {
            l.shares.set_share(*id, *s);
        }
    }
}

/// A remembered layout, if it still fits this version: a map, and only views that exist.
pub fn restore(tree: Option<Tree<Pane>>, views: &[Box<dyn View>]) -> Tree<Pane> {
    let Some(tree) = tree else {
        return default_tree();
    };
    let mut has_map = false;
    let fits = tree.tiles.tiles().all(|t| match t {
        Tile::Pane(Pane::Map) => {
            has_map = true;
            true
        }
        Tile::Pane(Pane::View(id)) => views.iter().any(|v| v.id() == id),
        _ => true,
    });
    if fits && has_map && tree.root().is_some() {
        tree
    } else {
        default_tree()
    }
}

/// Whether a view is in the layout (open as a tab, active or not).
pub fn is_open(tree: &Tree<Pane>, id: &str) -> bool {
    tree.tiles.find_pane(&Pane::View(id.into())).is_some()
}

/// Show a view: make its tab active, or open it beside the map — in the tabs of the other
/// analysis views when there are some, else in a new column right of the map.
pub fn show_view(tree: &mut Tree<Pane>, id: &str) {
    show_pane(tree, Pane::View(id.into()));
}

/// Show a pane (the table, a view), adding it when closed.
pub fn show_pane(tree: &mut Tree<Pane>, pane: Pane) {
    if tree.tiles.find_pane(&pane).is_none() {
        let new = tree.tiles.insert_pane(pane.clone());
        let analysis_tabs = tree.tiles.iter().find_map(|(id, t)| match t {
            Tile::Container(c @ Container::Tabs(_)) => c
                .children()
                .any(|child| {
                    matches!(tree.tiles.get(*child),
                        Some(Tile::Pane(Pane::View(v))) if !SIDEBAR_VIEWS.contains(&v.as_str()))
                })
                .then_some(*id),
            _ => None,
        });
        match (analysis_tabs, &pane) {
            (Some(tabs), Pane::View(_)) => {
                if let Some(Tile::Container(c)) = tree.tiles.get_mut(tabs) {
                    c.add_child(new);
                }
            }
            _ => {
                let tabs = tree.tiles.insert_tab_tile(vec![new]);
                add_beside_map(tree, tabs, &pane);
            }
        }
    }
    tree.make_active(|_, tile| matches!(tile, Tile::Pane(p) if *p == pane));
}

/// Close a pane (the table), if it is open.
pub fn close_pane(tree: &mut Tree<Pane>, pane: &Pane) {
    if let Some(id) = tree.tiles.find_pane(pane) {
        tree.remove_recursively(id);
    }
}

/// Put a new tile into the layout: the table below the map; a view right of the map's column.
fn add_beside_map(tree: &mut Tree<Pane>, tile: TileId, pane: &Pane) {
    let Some(map) = tree.tiles.find_pane(&Pane::Map) else {
        return;
    };
    // The map's tabs, and the column (or row) holding them.
    let map_tabs = tree.tiles.parent_of(map).unwrap_or(map);
    let below = *pane == Pane::Table;
    let column = tree.tiles.parent_of(map_tabs);
    let (anchor, holder) = match column {
        Some(c)
            if matches!(tree.tiles.get(c),
                Some(Tile::Container(Container::Linear(l)))
                    if (l.dir == egui_tiles::LinearDir::Vertical) == below) =>
        {
            (map_tabs, c)
        }
        // The map's column inside a row: put the view into the row, right of the column.
        Some(c) if !below => match tree.tiles.parent_of(c) {
            Some(row) => (c, row),
            None => (map_tabs, c),
        },
        _ => (map_tabs, map_tabs),
    };
    match tree.tiles.get_mut(holder) {
        Some(Tile::Container(Container::Linear(l))) if holder != anchor => {
            let at = l
                .children
                .iter()
                .position(|c| *c == anchor)
                .map_or(l.children.len(), |p| p + 1);
            l.children.insert(at, tile);
            // The new tile's room comes from the map's column (or row), not from the others.
            let from = l.shares[anchor];
            let share = from * if below { 0.3 } else { 0.45 };
            l.shares.set_share(anchor, from - share);
            l.shares.set_share(tile, share);
        }
        _ => {
            // No linear container around: split the root.
            if let Some(root) = tree.root() {
                let split = if below {
                    tree.tiles.insert_vertical_tile(vec![root, tile])
                } else {
                    tree.tiles.insert_horizontal_tile(vec![root, tile])
                };
                tree.root = Some(split);
            }
        }
    }
}

/// What the tiles draw with: the document, the views and the fixed panels' state.
pub struct Panes<'a> {
    pub doc: &'a mut Document,
    pub views: &'a mut [Box<dyn View>],
    pub table: &'a mut panels::table::TableState,
    pub expr_text: &'a mut String,
    pub lang: Lang,
    /// The map's rectangle in this frame.
    pub map_rect: Option<egui::Rect>,
}

impl Panes<'_> {
    fn map(&mut self, ui: &mut egui::Ui) {
        let (doc, lang) = (&mut *self.doc, self.lang);
        if !doc.title.is_empty() {
            ui.heading(&doc.title);
        }
        for m in &doc.messages {
            ui.colored_label(
                egui::Color32::from_rgb(200, 40, 40),
                format!("{}: {m}", lang.t("error")),
            );
        }
        if !doc.messages.is_empty() && ui.button(lang.t("close")).clicked() {
            doc.messages.clear();
        }
        self.map_rect = Some(super::map_view::show(ui, doc, self.views, lang));
    }
}

impl egui_tiles::Behavior<Pane> for Panes<'_> {
    fn tab_title_for_pane(&mut self, pane: &Pane) -> egui::WidgetText {
        let lang = self.lang;
        match pane {
            Pane::Sidebar => lang.t("map_and_style").into(),
            Pane::Map => lang.t("map").into(),
            Pane::Table => lang.t("table").into(),
            Pane::Inspector => lang.t("inspector").into(),
            Pane::View(id) => self
                .views
                .iter()
                .find(|v| v.id() == id)
                .map_or_else(|| id.clone(), |v| v.title(lang))
                .into(),
        }
    }

    fn pane_ui(&mut self, ui: &mut egui::Ui, _tile_id: TileId, pane: &mut Pane) -> UiResponse {
        let lang = self.lang;
        // A margin inside each tile, as panels have.
        egui::Frame::new()
            .inner_margin(egui::Margin::same(6))
            .show(ui, |ui| match pane {
                Pane::Sidebar => panels::sidebar::show(ui, self.doc, lang, self.expr_text),
                Pane::Map => self.map(ui),
                Pane::Table => panels::table::show(ui, self.doc, self.table, lang),
                Pane::Inspector => panels::inspector::show(ui, self.doc, lang),
                Pane::View(id) => {
                    if let Some(v) = self.views.iter_mut().find(|v| v.id() == id) {
                        v.ui(ui, self.doc, lang);
                    }
                }
            });
        UiResponse::None
    }

    fn tab_ui(
        &mut self,
        tiles: &mut Tiles<Pane>,
        ui: &mut egui::Ui,
        id: egui::Id,
        tile_id: TileId,
        state: &egui_tiles::TabState,
    ) -> egui::Response {
        // The close button named after its tab in the UI's language, not "Close".
        let title = self.tab_title_for_tile(tiles, tile_id).text().to_string();
        let label = format!("{} {title}", self.lang.t("close"));
        super::dock_tab::tab_ui(self, tiles, ui, id, tile_id, state, &label)
    }

    fn is_tab_closable(&self, tiles: &Tiles<Pane>, tile_id: TileId) -> bool {
        matches!(
            tiles.get(tile_id),
            Some(Tile::Pane(Pane::View(_) | Pane::Table))
        )
    }

    fn on_tab_close(&mut self, tiles: &mut Tiles<Pane>, tile_id: TileId) -> bool {
        if let Some(Tile::Pane(Pane::View(id))) = tiles.get(tile_id) {
            if let Some(v) = self.views.iter_mut().find(|v| v.id() == id) {
                v.on_close();
            }
        }
        true
    }

    fn simplification_options(&self) -> egui_tiles::SimplificationOptions {
        egui_tiles::SimplificationOptions {
            all_panes_must_have_tabs: true,
            ..Default::default()
        }
    }

    fn min_size(&self) -> f32 {
        120.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_opens_beside_the_map_and_the_next_as_a_tab_with_it() {
        let mut tree = default_tree();
        assert!(!is_open(&tree, "segregation"));
        show_view(&mut tree, "segregation");
        let seg = tree
            .tiles
            .find_pane(&Pane::View("segregation".into()))
            .unwrap();
        let seg_tabs = tree.tiles.parent_of(seg).unwrap();
        // A column of its own in the root row, right of the map's column.
        let root = tree.root().unwrap();
        assert_eq!(tree.tiles.parent_of(seg_tabs), Some(root));
        let Some(Tile::Container(Container::Linear(row))) = tree.tiles.get(root) else {
            panic!("the root is a row");
        };
        let map = tree.tiles.find_pane(&Pane::Map).unwrap();
        let map_column = tree
            .tiles
            .parent_of(tree.tiles.parent_of(map).unwrap())
            .unwrap();
        let pos = |id| row.children.iter().position(|c| *c == id).unwrap();
        assert_eq!(pos(seg_tabs), pos(map_column) + 1);
        // The next view joins its tabs, and is the active one.
        show_view(&mut tree, "compare");
        let cmp = tree.tiles.find_pane(&Pane::View("compare".into())).unwrap();
        assert_eq!(tree.tiles.parent_of(cmp), Some(seg_tabs));
        assert!(tree.active_tiles().contains(&cmp));
        assert!(tree.active_tiles().contains(&map), "the map stays in view");
        // Showing an open view again adds nothing.
        let n = tree.tiles.len();
        show_view(&mut tree, "segregation");
        assert_eq!(tree.tiles.len(), n);
        assert!(tree.active_tiles().contains(&seg));
    }

    #[test]
    fn a_remembered_layout_with_an_unknown_view_is_replaced() {
        let views = panels::registry();
        let mut tree = default_tree();
        show_view(&mut tree, "no-such-view");
        let json = serde_json::to_string(&tree).unwrap();
        let back: Tree<Pane> = serde_json::from_str(&json).unwrap();
        let restored = restore(Some(back), &views);
        assert!(!restored
            .tiles
            .tiles()
            .any(|t| matches!(t, Tile::Pane(Pane::View(v)) if v == "no-such-view")));
        // A good one is kept as it was.
        let mut tree = default_tree();
        show_view(&mut tree, "compare");
        let json = serde_json::to_string(&tree).unwrap();
        let kept = restore(serde_json::from_str(&json).ok(), &views);
        assert!(is_open(&kept, "compare"));
    }
}

//! The panels around the map, each a function over the workspace: the sidebar (layers, style,
//! legend, search), the attribute table, the inspector, the join dialog, the menu, the status bar, and the analysis windows (compare, area types and rules, transect,
//! years).

pub mod areatypes;
pub mod autocorr;
pub mod compare;
pub mod inspector;
pub mod join_dialog;
pub mod menu;
pub mod segregation;
pub mod sidebar;
pub mod status;
pub mod table;
pub mod transect;
pub mod weights;
pub mod years;

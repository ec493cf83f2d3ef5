//! The panels around the map, each a function over the workspace: the sidebar (layers, style,
//! legend, search), the attribute table, the inspector, the join dialog, the menu and the status bar.

pub mod autocorr;
pub mod inspector;
pub mod join_dialog;
pub mod menu;
pub mod sidebar;
pub mod status;
pub mod table;
pub mod weights;

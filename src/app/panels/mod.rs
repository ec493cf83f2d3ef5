//! The panels. Fixed ones around the document — the sidebar (layers, style, legend, figure,
//! search), the attribute table, the inspector, the join dialog, the menu, the status bar — and
//! the analysis views of [`registry`], each a struct that owns its form, result and jobs.

pub mod areatypes;
pub mod autocorr;
pub mod compare;
pub mod difference;
pub mod explore;
pub mod followup;
pub mod inspector;
pub mod interpolate;
pub mod join_dialog;
pub mod levels;
pub mod menu;
pub mod regions;
pub mod report;
pub mod scenario;
pub mod segregation;
pub mod sidebar;
pub mod start;
pub mod status;
pub mod table;
pub mod transect;
pub mod weights;
pub mod years;

use crate::app::view::View;

/// Every analysis and exploratory view, in the order of the Analysis and Explore menus: a new
/// view is one line here.
pub fn registry() -> Vec<Box<dyn View>> {
    vec![
        Box::new(weights::WeightsView::default()),
        Box::new(autocorr::AutocorrView::default()),
        Box::new(segregation::SegregationView::default()),
        Box::new(levels::LevelsView::default()),
        Box::new(compare::CompareView::default()),
        Box::new(areatypes::AreaTypesView::default()),
        Box::new(followup::FollowUpView::default()),
        Box::new(difference::DifferenceView::default()),
        Box::new(transect::TransectView::default()),
        Box::new(interpolate::InterpolateView::default()),
        Box::new(regions::RegionsView::default()),
        Box::new(scenario::ScenarioView::default()),
        Box::new(report::ReportView::default()),
        Box::new(explore::histogram::HistogramView::default()),
        Box::new(explore::boxplot::BoxPlotView::default()),
        Box::new(explore::scatter::ScatterView::default()),
        Box::new(explore::parallel::ParallelView::default()),
        Box::new(explore::bivariate::BivariateView::default()),
        Box::new(explore::maps::MapsView::default()),
    ]
}

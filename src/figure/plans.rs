//! Plans side by side: each plan's change in the group's share (percentage points) as one map of
//! a grid, on one diverging classification and one legend so that the plans compare at a glance
//! (plan A, plan B, "do nothing"), each map with the plan's polygons drawn over it. With a region
//! field only the regions a plan changes are drawn. Shared by `segatlas scenario --figure` (with
//! several plans; its one-plan maps use the same rows and changes) and the app's scenario view.

use super::multiples::{Multiples, Panel};
use crate::analysis::scenario::{Scenario, ScenarioOutcome};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use geo::MultiPolygon;

/// The rows a plan's map shows: the regions (of `by`) it puts persons in, else every area.
pub fn rows_of(s: &ScenarioOutcome, by: Option<&str>) -> Result<Vec<usize>> {
    let mut rows: Vec<usize> = (0..s.layer.len()).collect();
    if let Some(by) = by {
        let col = s.table.require(by)?;
        let touched: std::collections::BTreeSet<Option<String>> =
            s.received.iter().map(|r| col.key_at(r.row)).collect();
        rows.retain(|&r| touched.contains(&col.key_at(r)));
    }
    Ok(rows)
}

/// The change in the group's share per shown area, in percentage points.
pub fn change_of(s: &ScenarioOutcome, rows: &[usize]) -> Result<Vec<Option<f64>>> {
    let Some((before, after)) = s.shares() else {
        return Err(Error::input(
            "the plans' maps show the change in the group's share: give a group and a total",
        ));
    };
    Ok(rows
        .iter()
        .map(|&r| Some((after[r]? - before[r]?) * 100.0))
        .collect())
}

/// The plans side by side as one SVG figure of `width` × `height` pixels.
#[allow(clippy::too_many_arguments)]
pub fn side_by_side(
    outcomes: &[ScenarioOutcome],
    plans: &[Scenario],
    group: &str,
    by: Option<&str>,
    title: &str,
    source: &str,
    (width, height): (f64, f64),
    lang: Lang,
) -> Result<String> {
    if outcomes.is_empty() {
        return Err(Error::input("there is no plan to show"));
    }
    // One classification over every plan's changes: the maps read against one legend.
    let mut rows = Vec::new();
    let mut all = Vec::new();
    let mut spans = Vec::new();
    for s in outcomes {
        let r = rows_of(s, by)?;
        let c = change_of(s, &r)?;
        spans.push(all.len()..all.len() + c.len());
        all.extend(c);
        rows.push(r);
    }
    let what = format!("{group} ({})", lang.t("percentage_points"));
    let shared = crate::classify::change::diverging(all, what.clone(), lang);
    let rendered: Vec<_> = spans
        .iter()
        .map(|sp| shared.subset(&sp.clone().collect::<Vec<_>>()))
        .collect();
    let areas: Vec<Vec<MultiPolygon<f64>>> = outcomes
        .iter()
        .zip(&rows)
        .map(|(s, r)| r.iter().map(|&i| s.layer.projected[i].clone()).collect())
        .collect();
    // Each plan's polygons drawn over its areas.
    let outlines: Vec<Vec<MultiPolygon<f64>>> = outcomes
        .iter()
        .map(|s| {
            plans
                .iter()
                .find(|p| p.name == s.name)
                .map(|p| p.changes.iter().map(|c| c.shape.clone()).collect())
                .unwrap_or_default()
        })
        .collect();
    let panels = outcomes
        .iter()
        .zip(&areas)
        .zip(&rendered)
        .zip(&outlines)
        .map(|(((s, a), r), o)| Panel {
            title: s.name.clone(),
            areas: a,
            rendered: r,
            outline: o,
        })
        .collect();
    Ok(Multiples {
        panels,
        title: if title.is_empty() {
            format!(
                "{} · {}",
                lang.t("group_share_change"),
                lang.t("percentage_points")
            )
        } else {
            title.to_string()
        },
        legend_title: what,
        shared_legend: true,
        source: source.to_string(),
        metres: outcomes[0].layer.working_crs != crate::data::crs::Crs::Planar,
        width,
        height,
        lang,
    }
    .svg())
}

#[cfg(test)]
mod tests {
    use crate::classify::change::diverging;
    use crate::i18n::Lang;

    #[test]
    fn a_shared_diverging_legend_keeps_its_ranges() {
        // One plan lowers an area's share by 12, the other raises it by 6: one legend ±12.
        let shared = diverging(
            vec![Some(-12.0), Some(0.0), Some(6.0), Some(0.0)],
            "x".into(),
            Lang::Sv,
        );
        let a = shared.subset(&[0, 1]);
        let b = shared.subset(&[2, 3]);
        let areas = vec![
            geo::MultiPolygon::new(vec![geo::Polygon::new(
                geo::LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]),
                vec![],
            )]);
            2
        ];
        let svg = super::Multiples {
            panels: vec![
                super::Panel {
                    title: "A".into(),
                    areas: &areas,
                    rendered: &a,
                    outline: &[],
                },
                super::Panel {
                    title: "B".into(),
                    areas: &areas,
                    rendered: &b,
                    outline: &areas[..1],
                },
            ],
            title: "t".into(),
            legend_title: "x".into(),
            shared_legend: true,
            source: String::new(),
            metres: true,
            width: 800.0,
            height: 400.0,
            lang: Lang::Sv,
        }
        .svg();
        assert!(svg.contains(">+4 – +12<"), "{svg}");
        assert!(svg.contains(">−12 – −4<"), "{svg}");
        assert!(!svg.contains(">−12 – +12<"));
        assert!(svg.contains("class=\"outline\""));
    }
}

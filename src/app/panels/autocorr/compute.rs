//! The autocorrelation job's work (Moran, LISA and Gi* on the kept areas' weights) and the
//! map it gives (LISA clusters, significance, hot spots).

use super::{AutocorrForm, AutocorrMap, AutocorrResult, Entry};
use crate::app::i18n::Lang;
use crate::app::style::{LegendEntry, Rendered};
use crate::measures::autocorrelation::{lisa::Cluster, threshold, Correction};

/// The map's colours and legend for an autocorrelation map.
pub fn rendered(r: &AutocorrResult, form: &AutocorrForm, lang: Lang) -> Option<Rendered> {
    let no_neighbours = &r.islands;
    let n = r.lisa.i.len();
    let cut = threshold(&r.lisa.p_sim, form.alpha, form.correction);
    let (entries, class): (Vec<Entry>, Vec<Option<usize>>) = match form.map {
        AutocorrMap::Off => return None,
        AutocorrMap::Clusters => {
            let order = [
                Cluster::HH,
                Cluster::LL,
                Cluster::LH,
                Cluster::HL,
                Cluster::NotSignificant,
                Cluster::NoNeighbours,
            ];
            let clusters: Vec<Cluster> = (0..n)
                .map(|k| {
                    if no_neighbours[k] {
                        Cluster::NoNeighbours
                    } else {
                        r.clusters[k]
                    }
                })
                .collect();
            let label = |c: &Cluster| match c {
                Cluster::HH => lang.t("hh"),
                Cluster::LL => lang.t("ll"),
                Cluster::LH => lang.t("lh"),
                Cluster::HL => lang.t("hl"),
                Cluster::NotSignificant => lang.t("not_significant"),
                Cluster::NoNeighbours => lang.t("no_neighbours"),
            };
            let mut entries: Vec<Entry> = order
                .iter()
                .map(|c| (label(c).to_string(), c.color()))
                .collect();
            let mut class: Vec<Option<usize>> = clusters
                .iter()
                .map(|c| order.iter().position(|o| o == c))
                .collect();
            // With noise: an area of a significant class kept in fewer than 90 % of the draws
            // is drawn in one colour of its own, apart from every cluster colour (a faded
            // high–high would look like GeoDa's high–low), under a legend entry naming the
            // threshold; the stability map shows the shares themselves.
            if let Some(noisy) = &r.noisy {
                let unsure = entries.len();
                entries.push((lang.t("unstable_class").to_string(), [230, 170, 0]));
                for (i, cl) in class.iter_mut().enumerate() {
                    let kept = noisy
                        .stability
                        .get(i)
                        .is_none_or(|s| *s >= crate::measures::uncertainty::STABLE);
                    if cl.is_some_and(|k| k < 4) && !kept {
                        *cl = Some(unsure);
                    }
                }
            }
            (entries, class)
        }
        AutocorrMap::Significance => {
            let levels = [0.001, 0.01, 0.05];
            let colors = [[0, 80, 0], [0, 160, 0], [140, 220, 140], [238, 238, 238]];
            let mut entries: Vec<Entry> = levels
                .iter()
                .zip(colors)
                .map(|(l, c)| (format!("p ≤ {}", lang.number(*l, 3)), c))
                .collect();
            entries.push((lang.t("not_significant").into(), colors[3]));
            let class = (0..n)
                .map(|k| {
                    let p = r.lisa.p_sim.get(k).copied().unwrap_or(1.0);
                    Some(if p > cut {
                        3
                    } else {
                        levels.iter().position(|l| p <= *l).unwrap_or(3)
                    })
                })
                .collect();
            (entries, class)
        }
        AutocorrMap::Stability => {
            use crate::classify::stability::{band_of, BANDS};
            let shares = &r.noisy.as_ref()?.stability;
            (
                BANDS.iter().map(|(_, c, t)| (t.to_string(), *c)).collect(),
                shares.iter().map(|s| band_of(*s)).collect(),
            )
        }
        AutocorrMap::HotSpots => {
            let bands = [
                (2.58, [215, 48, 39], "hot99"),
                (1.96, [252, 141, 89], "hot95"),
                (-1.96, [238, 238, 238], "not_significant"),
                (-2.58, [145, 191, 219], "cold95"),
                (f64::NEG_INFINITY, [69, 117, 180], "cold99"),
            ];
            (
                bands
                    .iter()
                    .map(|(_, c, k)| (lang.t(k).to_string(), *c))
                    .collect(),
                r.gi_star
                    .iter()
                    .map(|z| bands.iter().position(|(lo, _, _)| *z >= *lo))
                    .collect(),
            )
        }
    };
    let legend = entries
        .iter()
        .enumerate()
        .map(|(i, (label, c))| LegendEntry {
            color: *c,
            label: label.clone(),
            count: class.iter().filter(|k| **k == Some(i)).count(),
        })
        .collect();
    // Left-out areas are drawn as saknas.
    Some(Rendered {
        values: r.subset.expand(&r.lisa.i),
        class: r
            .subset
            .expand(&class)
            .into_iter()
            .map(Option::flatten)
            .collect(),
        colors: entries.iter().map(|e| e.1).collect(),
        legend,
        missing: r.subset.excluded.len(),
        title: Some(format!(
            "{} · {}{}",
            match form.map {
                AutocorrMap::Clusters => lang.t("lisa_clusters"),
                AutocorrMap::Significance => lang.t("lisa_significance"),
                AutocorrMap::Stability => lang.t("lisa_stability"),
                _ => lang.t("hot_spots"),
            },
            r.label,
            // The unsure class's threshold, where the cluster map has one.
            match (form.map, &r.noisy) {
                (AutocorrMap::Clusters, Some(_)) => format!(" · {}", lang.t("unsure_means")),
                (AutocorrMap::Stability, _) => format!(" · {}", lang.t("stability_means")),
                _ => String::new(),
            }
        )),
    })
}

/// The layer's weights as the autocorrelation job gets them.
pub(super) struct AppWeights {
    pub label: String,
    pub spec: crate::spatial::WeightsSpec,
    pub tolerance: f64,
    pub weights: crate::spatial::weights::Weights,
}

/// The weights among the kept areas, as the CLI makes them: distance weights (KNN, band,
/// kernel) rebuilt on the kept areas' centroids; contiguity and weights files cut down to
/// the kept areas (a left-out area is no neighbour). The label says which was done.
pub(super) fn weights_on(
    w: AppWeights,
    layer: &crate::data::Layer,
    subset: &crate::data::subset::Subset,
    lang: crate::i18n::Lang,
) -> crate::Result<(String, crate::spatial::weights::Weights)> {
    use crate::spatial::WeightsSpec;
    if subset.excluded.is_empty() {
        return Ok((w.label, w.weights));
    }
    let kept = subset.rows.len();
    match w.spec {
        WeightsSpec::Knn(_) | WeightsSpec::Band(..) | WeightsSpec::Kernel { .. } => {
            let rebuilt = crate::spatial::build_rows(layer, &subset.rows, &w.spec, w.tolerance)?;
            Ok((
                format!(
                    "{} · {} {kept} {}",
                    w.label,
                    lang.t("weights_rebuilt"),
                    lang.t("areas")
                ),
                rebuilt,
            ))
        }
        _ => Ok((
            format!(
                "{} · {} {kept} {}",
                w.label,
                lang.t("weights_cut"),
                lang.t("areas")
            ),
            w.weights.subset(&subset.rows),
        )),
    }
}

/// Moran, LISA and Gi* (the job's work, off the UI thread). Without weights, queen contiguity
/// with the layer's default tolerance.
#[allow(clippy::too_many_arguments)]
pub(super) fn compute(
    index: usize,
    layer: &crate::data::Layer,
    weights: Option<AppWeights>,
    variable: String,
    y: Vec<f64>,
    subset: crate::data::subset::Subset,
    (permutations, alpha, correction): (usize, f64, Correction),
    noisy: Option<(
        crate::measures::uncertainty::Noise,
        crate::analysis::noisy::NoisyVariable,
        std::sync::Arc<crate::data::Table>,
    )>,
    lang: Lang,
    p: &crate::work::Control,
) -> crate::Result<AutocorrResult> {
    use crate::measures::autocorrelation::{getis_ord, lisa, moran, with_self, DEFAULT_SEED};
    use crate::spatial::weights::Transform;
    let tol = crate::spatial::default_tolerance(layer);
    let kept = || subset.take(&layer.projected);
    let (label, w) = match weights {
        Some(w) => weights_on(w, layer, &subset, lang)?,
        None => (
            "queen".to_string(),
            crate::spatial::build_for(&kept(), &crate::spatial::WeightsSpec::Queen, tol)?,
        ),
    };
    crate::work::check(p)?;
    p.set_progress(0.2);
    let wr = w.transformed(Transform::Row);
    let m = moran::moran_controlled(&y, &wr, permutations, DEFAULT_SEED, p);
    crate::work::check(p)?;
    p.set_progress(0.4);
    let l = lisa::local_moran_controlled(&y, &wr, permutations, DEFAULT_SEED, p);
    crate::work::check(p)?;
    p.set_progress(0.9);
    let clusters = l.clusters(&wr, alpha, correction);
    let gi_star = getis_ord::gi_star(&y, &with_self(&w.transformed(Transform::Binary)));
    let islands = (0..w.n).map(|i| w.cardinality(i) == 0).collect();
    // Moran's band and LISA's stability over the draws (as `autocorr --noise`).
    let noisy = match noisy {
        None => None,
        Some((model, var, table)) => {
            use crate::analysis::noisy::{run, Run};
            use crate::measures::autocorrelation::registry::statistic;
            let area_all = layer.area_km2();
            let area: Vec<f64> = subset.rows.iter().map(|&r| area_all[r]).collect();
            let draws = crate::measures::uncertainty::DEFAULT_DRAWS;
            let request = |name: &str, observed: Option<&[Cluster]>| -> crate::Result<_> {
                let stat = statistic(name)
                    .ok_or_else(|| crate::Error::input(format!("no statistic '{name}'")))?;
                run(
                    &var,
                    &table,
                    &Run {
                        stat,
                        noise: model,
                        draws,
                        w: &w,
                        rows: &subset.rows,
                        area: Some(&area),
                        second: None,
                        permutations,
                        seed: DEFAULT_SEED,
                        alpha,
                        correction,
                        observed,
                    },
                    p,
                )
            };
            let band = request("moran", None)?.band;
            p.set_progress(0.95);
            let lisa = request("lisa", Some(&clusters))?;
            lisa.summary.map(|summary| super::NoisyResult {
                moran: band,
                stability: lisa.stability,
                summary,
            })
        }
    };
    p.set_progress(1.0);
    Ok(AutocorrResult {
        layer: index,
        label: variable.clone(),
        variable,
        weights: label,
        moran: m,
        lisa: l,
        clusters,
        gi_star,
        subset,
        islands,
        noisy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spatial::WeightsSpec;

    #[test]
    fn distance_weights_are_rebuilt_on_the_kept_areas_as_the_cli_does() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/peers/columbus.geojson");
        let layer = crate::data::open_layer(&path).unwrap();
        let spec = WeightsSpec::Knn(4);
        let full = crate::spatial::build(&layer, &spec, 0.0).unwrap();
        let rows: Vec<usize> = (5..layer.len()).collect();
        let subset = crate::data::subset::Subset {
            rows: rows.clone(),
            excluded: (0..5).collect(),
            n: layer.len(),
            no_geometry: Vec::new(),
        };
        let given = |spec: WeightsSpec| AppWeights {
            label: "KNN k = 4 · columbus".into(),
            spec,
            tolerance: 0.0,
            weights: full.clone(),
        };
        let (label, w) = weights_on(given(spec.clone()), &layer, &subset, Lang::En).unwrap();
        // Rebuilt: every kept area has its four nearest kept areas, as `build_rows` gives.
        assert_eq!(
            w,
            crate::spatial::build_rows(&layer, &rows, &spec, 0.0).unwrap()
        );
        assert!((0..w.n).all(|i| w.cardinality(i) == 4));
        assert!(label.contains("rebuilt on the 44 areas"), "{label}");
        // Contiguity is cut down to the kept areas.
        let queen = crate::spatial::build(&layer, &WeightsSpec::Queen, 0.0).unwrap();
        let (label, w) = weights_on(
            AppWeights {
                weights: queen.clone(),
                ..given(WeightsSpec::Queen)
            },
            &layer,
            &subset,
            Lang::En,
        )
        .unwrap();
        assert_eq!(w, queen.subset(&rows));
        assert!(label.contains("cut down to the 44 areas"), "{label}");
    }
}

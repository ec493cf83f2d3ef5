//! Uncertainty from small counts in the app: the *Osäkerhet* switch of the segregation and
//! autocorrelation views gives every index its band and LISA's classes their stability, drawn
//! on the map with the threshold in the legend.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use segatlas::app::panels::autocorr::{AutocorrMap, AutocorrView};
use segatlas::app::panels::segregation::SegregationView;

use super::common::data as shared;
use super::wait;

#[test]
fn the_uncertainty_switch_gives_indices_their_band_and_lisa_its_stability_map() {
    let mut h = super::opened(vec![shared("stockholm/deso2018_scb2022.geojson")]);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Segregationsindex").click();
    h.run();
    h.get_by_label("Osäkerhet från små tal").click();
    h.run();
    assert_eq!(
        h.state()
            .view::<SegregationView>()
            .unwrap()
            .noise
            .as_deref(),
        Some("poisson")
    );
    h.get_by_label("Beräkna index").click();
    wait(&mut h, |h| {
        h.state()
            .view::<SegregationView>()
            .unwrap()
            .results
            .is_some()
    });
    h.run();
    let rows = h
        .state()
        .view::<SegregationView>()
        .unwrap()
        .results
        .clone()
        .unwrap()
        .1;
    let dissim = rows.iter().find(|r| r.index == "dissim").unwrap();
    let band = dissim.uncertainty.as_ref().unwrap();
    // As the CLI gives it (tests/segregation.rs checks it against numpy).
    assert_eq!(band.model, "poisson");
    assert_eq!(band.draws, 999);
    assert!(
        band.low < band.high && band.high - band.low < 0.01,
        "{band:?}"
    );
    // The band is on screen beside the value, in Swedish numbers.
    h.get_by_label(&format!(
        "[{}–{}]",
        format!("{:.3}", band.low).replace('.', ","),
        format!("{:.3}", band.high).replace('.', ",")
    ));

    // LISA of the share of foreign background, with noise: the stability map.
    h.state_mut().doc.style.variable = "utlandsk_bakgrund_2022/folkmangd_2022*100".into();
    h.get_by_label("Analys").click();
    h.run();
    // The menu's item (the segregation tile is open beside the map).
    h.get_all_by_label("Autokorrelation")
        .last()
        .unwrap()
        .click();
    h.run();
    h.get_all_by_label("Osäkerhet från små tal")
        .last()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("Beräkna").click();
    wait(&mut h, |h| {
        h.state()
            .view::<AutocorrView>()
            .unwrap()
            .result
            .as_ref()
            .is_some_and(|r| r.noisy.is_some())
    });
    h.run();
    let (stable, unstable) = {
        let r = h
            .state()
            .view::<AutocorrView>()
            .unwrap()
            .result
            .as_ref()
            .unwrap();
        let s = &r.noisy.as_ref().unwrap().summary;
        assert_eq!(s.draws, 999);
        (s.stable, s.unstable)
    };
    assert_eq!(stable + unstable, 1287);
    assert!(unstable > 0 && stable > unstable, "{stable} {unstable}");
    // Numbers as Swedish writes them (1 185, not 1185).
    let sv = |n: usize| segatlas::i18n::Lang::Sv.number(n as f64, 0);
    h.get_by_label(&format!(
        "{} / {} områden behåller sin klass i minst 90 % av dragningarna",
        sv(stable),
        sv(1287)
    ));
    // The cluster map draws unsure significant areas in a colour of their own, the threshold
    // in the legend.
    let legend = h.state().doc.rendered.as_ref().unwrap().legend.clone();
    let unsure = legend.iter().find(|e| e.label == "Osäker klass").unwrap();
    assert!(h
        .state()
        .doc
        .rendered
        .as_ref()
        .unwrap()
        .title
        .as_deref()
        .unwrap()
        .ends_with("osäker klass: behålls i < 90 % av dragningarna"));
    assert!(unsure.count > 0, "{legend:?}");
    assert!(legend
        .iter()
        .all(|e| e.color != [230, 170, 0] || e.label.starts_with("Osäker")));
    assert_eq!(legend.iter().map(|e| e.count).sum::<usize>(), 1287);
    // The stability map: four bands, the threshold in the legend.
    h.get_by_role_and_label(Role::ComboBox, "Kartvisning")
        .click();
    h.run();
    h.get_all_by_label("Klassernas stabilitet")
        .last()
        .unwrap()
        .click();
    h.run();
    assert_eq!(
        h.state().view::<AutocorrView>().unwrap().form.map,
        AutocorrMap::Stability
    );
    let r = h.state().doc.rendered.as_ref().unwrap();
    assert_eq!(r.legend[0].label, "≥ 90 %");
    assert!(r
        .title
        .as_deref()
        .unwrap()
        .ends_with("andel dragningar där området behåller sin klass"));
    assert_eq!(r.legend[0].count, stable);
    assert_eq!(r.legend.iter().map(|e| e.count).sum::<usize>(), 1287);
}

#[test]
fn a_report_made_with_the_switch_on_says_how_sure_each_index_is() {
    use segatlas::app::panels::report::ReportView;
    let mut h = super::opened(vec![shared("stockholm/deso2018_scb2022.geojson")]);
    h.get_by_label("Arkiv").click();
    h.run();
    h.get_by_label("Rapport…").click();
    h.run();
    let dir = tempfile::tempdir().unwrap();
    {
        let v = h.state_mut().view_mut::<ReportView>().unwrap();
        v.folder = dir.path().display().to_string();
        v.only = "0127".into();
    }
    h.run();
    h.get_by_label("Osäkerhet från små tal").click();
    h.run();
    h.get_by_label("Skapa rapporten").click();
    h.run();
    wait(&mut h, |h| {
        let v = h.state().view::<ReportView>().unwrap();
        v.job.is_none() && (!v.written.is_empty() || v.error.is_some())
    });
    let v = h.state().view::<ReportView>().unwrap();
    assert_eq!(v.error, None);
    let out = std::process::Command::new("pdftotext")
        .args([v.written[0].file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    assert!(
        text.contains(
            "Osäkerhet från små tal: med Poisson-brus på antalen (999 dragningar) ligger 95 % av värdena för Botkyrka inom olikhetsindex"
        ),
        "{text}"
    );
}

#[test]
fn the_follow_up_view_says_how_many_moves_survive_the_noise() {
    use segatlas::app::panels::followup::FollowUpView;
    let mut h = super::opened(vec![shared("stockholm/deso2018_scb2022.geojson")]);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Följa upp").click();
    h.run();
    {
        let v = h.state_mut().view_mut::<FollowUpView>().unwrap();
        v.var = "folkmangd_2022".into();
        v.years = "2010, 2022, 2023".into();
    }
    h.run();
    h.get_by_label("Osäkerhet från små tal").click();
    h.run();
    h.get_by_label("Beräkna").click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<FollowUpView>()
            .is_some_and(|v| v.job.is_none() && (v.result.is_some() || v.error.is_some()))
    });
    h.run();
    let (keep, known) = {
        let v = h.state().view::<FollowUpView>().unwrap();
        assert_eq!(v.error, None);
        let n = v
            .result
            .as_ref()
            .unwrap()
            .transitions
            .noisy
            .clone()
            .unwrap();
        assert_eq!(n.draws, 999);
        let keep = n.move_stability.iter().filter(|s| **s >= 0.9).count();
        let known = n.move_stability.iter().filter(|s| s.is_finite()).count();
        (keep, known)
    };
    assert!(known > 1200);
    assert!(keep > 0 && keep < known, "{keep} of {known}");
    let sv = |n: usize| segatlas::i18n::Lang::Sv.number(n as f64, 0);
    h.get_by_label(&format!(
        "{} / {} områden rör sig som observerat (upp, ned, kvar) i minst 90 % av dragningarna",
        sv(keep),
        sv(known)
    ));
    // The moves' stability map: the four red–blue bands, the surest holding the areas the
    // summary counts, the areas in no transition saknas.
    h.get_by_label("Förflyttningens stabilitet").click();
    h.run();
    let r = h.state().doc.rendered.clone().unwrap();
    assert_eq!(r.legend.len(), 4);
    assert_eq!(r.legend[0].label, "≥ 90 %");
    assert_eq!(r.legend[0].count, keep);
    assert_eq!(r.legend.iter().map(|e| e.count).sum::<usize>(), known);
    assert!(r
        .title
        .unwrap()
        .starts_with("Förflyttningens stabilitet 2010–2023"));
}

#[test]
fn area_types_with_the_switch_on_say_how_many_areas_keep_their_type() {
    use segatlas::app::panels::areatypes::AreaTypesView;
    let mut h = super::opened(vec![shared("stockholm/deso2018_scb2022.geojson")]);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Socioekonomiska områdestyper").click();
    h.run();
    h.get_by_label("Osäkerhet från små tal").click();
    h.run();
    h.get_by_label("Beräkna områdestyper").click();
    h.run();
    wait(&mut h, |h| {
        h.state().view::<AreaTypesView>().unwrap().job.is_none()
    });
    h.run();
    let v = h.state().view::<AreaTypesView>().unwrap();
    assert_eq!(v.error, None);
    let n = v.stability.clone().expect("stability with the switch on");
    // The guessed components: the education and unemployment shares of counts are redrawn,
    // the published percentage of low economic standard kept.
    assert_eq!(n.redrawn.len(), 2, "{:?}", n.redrawn);
    assert_eq!(n.kept, vec!["lag_ekonomisk_standard_pct_2022".to_string()]);
    let s = &n.summary;
    assert_eq!(s.draws, 999);
    assert!(s.unstable > 0 && s.stable > s.unstable);
    let sv = |n: usize| segatlas::i18n::Lang::Sv.number(n as f64, 0);
    h.get_by_label(&format!(
        "{} / {} områden behåller sin typ i minst 90 % av dragningarna (andelar av antal dras om, övriga komponenter som publicerade)",
        sv(s.stable),
        sv(s.stable + s.unstable)
    ));
    // The stability map: the shares in four red–blue bands, as many areas below 90 % as the
    // summary counts unsure.
    let unstable = s.unstable;
    h.get_by_label("Visa typernas stabilitet på kartan (andel dragningar, %)")
        .click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .doc
            .rendered
            .as_ref()
            .is_some_and(|r| r.legend.len() == 4)
    });
    h.get_by_label("Andel dragningar som behåller typen (%)");
    let legend = h.state().doc.rendered.as_ref().unwrap().legend.clone();
    assert_eq!(legend[0].label, "≥ 90 %");
    assert_eq!(legend[3].label, "< 50 %");
    let below_90: usize = legend[1..].iter().map(|e| e.count).sum();
    assert_eq!(below_90, unstable, "{legend:?}");
    // The shares stay in the layer's column, in per cent.
    let layer = h.state().doc.active_layer().unwrap();
    assert!(layer.table.numbers("omradestyp_stabilitet").is_ok());
    // and back to the types
    h.get_by_label("Visa typerna på kartan").click();
    h.run();
    assert_eq!(h.state().doc.style.variable, "omradestyp_beraknad");
}

#[test]
fn regions_with_the_switch_on_say_which_areas_keep_their_company() {
    use segatlas::app::panels::regions::{RegionsView, APP_DRAWS};
    let mut h = super::opened(vec![shared("stockholm/deso2018_scb2022.geojson")]);
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Regionindelning").click();
    h.run();
    h.run();
    h.get_by_label("Osäkerhet från små tal").click();
    h.run();
    h.get_by_label("Dela in").click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .view::<RegionsView>()
            .is_some_and(|v| v.job.is_none())
    });
    h.run();
    let v = h.state().view::<RegionsView>().unwrap();
    assert_eq!(v.error, None);
    let (_, s) = v
        .result
        .as_ref()
        .unwrap()
        .outcome
        .noisy
        .clone()
        .expect("stability with the switch on");
    assert_eq!(s.draws, APP_DRAWS);
    assert!(s.stable + s.unstable > 1200);
    let sv = |n: usize| segatlas::i18n::Lang::Sv.number(n as f64, 0);
    h.get_by_label(&format!(
        "{} / {} områden är med eller utan varje granne som i indelningen i minst 90 % av dragningarna ({APP_DRAWS} dragningar)",
        sv(s.stable),
        sv(s.stable + s.unstable)
    ));
}

#[test]
fn the_maps_own_classes_get_their_stability_as_the_cli_gives_it() {
    let path = shared("stockholm/deso2018_scb2022.geojson");
    let var = "utlandsk_bakgrund_2022/folkmangd_2022*100";
    let mut h = super::opened(vec![path.clone()]);
    {
        let app = h.state_mut();
        app.doc.style.variable = var.into();
        app.doc.style.categorical = false;
        app.doc.restyle(segatlas::i18n::Lang::Sv);
    }
    // Tall enough for the sidebar's classification part to be on screen.
    h.set_size(egui::vec2(1400.0, 1600.0));
    h.run();
    h.get_by_label("Osäkerhet från små tal").click();
    h.run();
    h.get_by_label("Visa klassernas stabilitet på kartan")
        .click();
    h.run();
    wait(&mut h, |h| {
        h.state().doc.rendered.as_ref().is_some_and(|r| {
            r.title
                .as_deref()
                .is_some_and(|t| t.starts_with("Klassernas stabilitet"))
        })
    });
    let r = h.state().doc.rendered.clone().unwrap();
    // The CLI's classify --noise on the same file, scheme and model: the same areas sure.
    let cli = super::common::segatlas_json(&[
        "classify",
        path.to_str().unwrap(),
        "--var",
        var,
        "--scheme",
        "quantiles",
        "--k",
        "5",
        "--noise",
        "poisson",
        "--json",
    ]);
    let s = &cli["uncertainty"]["stability"];
    let stable = s["stable"].as_u64().unwrap() as usize;
    let unstable = s["unstable"].as_u64().unwrap() as usize;
    assert!(stable > 0 && unstable > 0, "{s}");
    assert_eq!(r.legend.len(), 4);
    assert_eq!(r.legend[0].count, stable, "{:?}", r.legend);
    assert_eq!(
        r.legend[1..].iter().map(|e| e.count).sum::<usize>(),
        unstable
    );
    let sv = |n: usize| segatlas::i18n::Lang::Sv.number(n as f64, 0);
    let title = r.title.unwrap();
    assert!(
        title.contains(&format!("{} / {}", sv(stable), sv(stable + unstable))),
        "{title}"
    );
    // and back to the classes
    h.get_by_label("Visa klasserna på kartan").click();
    h.run();
    wait(&mut h, |h| {
        h.state()
            .doc
            .rendered
            .as_ref()
            .is_some_and(|r| r.title.is_none() && r.legend.len() == 5)
    });
}

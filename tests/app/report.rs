//! *Arkiv → Rapport…* driven as a person would: the group and total proposed from SCB's
//! columns, one municipality picked from the list, the report written in the background; the
//! PDF's numbers are the engine's.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use segatlas::app::panels::report::ReportView;

use super::common::data as shared;
use super::wait;

#[test]
fn file_report_writes_one_municipality_in_the_background() {
    let mut h = super::opened(vec![shared("stockholm/deso2018_scb2022.geojson")]);
    h.get_by_label("Arkiv").click();
    h.run();
    h.get_by_label("Rapport…").click();
    h.run();
    let dir = tempfile::tempdir().unwrap();
    {
        let v = h.state().view::<ReportView>().expect("the report view");
        // Proposed from the columns, as SCB names them.
        assert_eq!(v.group, "utlandsk_bakgrund_2022");
        assert_eq!(v.total, "folkmangd_2022");
        assert_eq!(v.each, "kommun");
    }
    h.state_mut().view_mut::<ReportView>().unwrap().folder = dir.path().display().to_string();
    h.run();
    // One municipality from the list (code and name), then the button says so.
    h.get_by_role_and_label(Role::ComboBox, "Kommun").click();
    h.run();
    h.get_by_label("0180 Stockholm").scroll_to_me();
    h.run();
    h.get_by_label("0180 Stockholm").click();
    h.run();
    assert_eq!(h.state().view::<ReportView>().unwrap().only, "0180");
    h.get_by_label("Skapa rapporten").click();
    h.run();
    wait(&mut h, |h| {
        let v = h.state().view::<ReportView>().unwrap();
        v.job.is_none() && (!v.written.is_empty() || v.error.is_some())
    });
    h.run();
    let v = h.state().view::<ReportView>().unwrap();
    assert_eq!(v.error, None);
    assert_eq!(v.written.len(), 1);
    let file = dir.path().join("0180 Stockholm.pdf");
    assert_eq!(v.written[0].file, file);
    assert_eq!(v.written[0].pages, 2);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(h.query_by_label_contains("rapporter skrivna").is_some());
    // An empty folder is refused in words, and nothing runs.
    h.state_mut()
        .view_mut::<ReportView>()
        .unwrap()
        .folder
        .clear();
    h.get_by_label("Skapa rapporten").click();
    h.run();
    assert!(h.query_by_label_contains("Välj en mapp").is_some());
    // All 26, cancelled at once: the work stops — no result, and the folder never fills.
    let all = dir.path().join("alla");
    {
        let v = h.state_mut().view_mut::<ReportView>().unwrap();
        v.folder = all.display().to_string();
        v.only.clear();
    }
    h.run_steps(2);
    h.get_by_label("Skapa rapporter för alla").click();
    h.step();
    h.step();
    // The work under way is shown: a progress bar in the status bar.
    assert!(
        h.query_all_by_role(Role::ProgressIndicator)
            .next()
            .is_some(),
        "no progress bar while the reports are made"
    );
    use segatlas::app::jobs::Running;
    h.state()
        .view::<ReportView>()
        .unwrap()
        .job
        .as_ref()
        .expect("a job")
        .cancel();
    wait(&mut h, |h| {
        h.state().view::<ReportView>().unwrap().job.is_none()
    });
    let count = || std::fs::read_dir(&all).map_or(0, |d| d.count());
    let at_cancel = count();
    std::thread::sleep(std::time::Duration::from_secs(4));
    h.run_steps(2);
    let v = h.state().view::<ReportView>().unwrap();
    assert!(v.written.is_empty() && v.error.is_none());
    // Not one file more once the job has ended.
    assert_eq!(count(), at_cancel, "reports written after the cancel");
    assert!(at_cancel < 26);
}

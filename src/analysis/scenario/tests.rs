//! Scenarios on hand-made squares: the persons land where the overlaps say, the indices after
//! equal the indices of counts changed by hand, a new area meets its neighbours, and what cannot
//! be persons is refused.

use super::*;
use crate::data::crs::Crs;
use crate::data::layer::RawFeature;
use std::path::Path;

/// A 3×3 grid of 100 m squares (rows of the grid bottom up), planar, with a code, a
/// municipality (left column "A", the rest "B"), a group and a total.
fn grid(group: [f64; 9], total: [f64; 9]) -> Layer {
    let sq = |i: usize| {
        let (x, y) = ((i % 3) as f64 * 100.0, (i / 3) as f64 * 100.0);
        MultiPolygonOf::rect(x, y, x + 100.0, y + 100.0)
    };
    let features = (0..9)
        .map(|i| RawFeature {
            geometry: Some(sq(i)),
            declared_type: "Polygon",
        })
        .collect();
    let table = Table::new(vec![
        Column::text("code", (0..9).map(|i| Some(format!("A{i}"))).collect()),
        Column::text(
            "kommun",
            (0..9)
                .map(|i| Some(if i % 3 == 0 { "A" } else { "B" }.to_string()))
                .collect(),
        ),
        Column::number("x", group.iter().map(|v| Some(*v)).collect()),
        Column::number("t", total.iter().map(|v| Some(*v)).collect()),
    ])
    .unwrap();
    Layer::build(
        Path::new("grid.geojson"),
        "grid".into(),
        Crs::Planar,
        features,
        table,
        vec![],
    )
    .unwrap()
}

struct MultiPolygonOf;
impl MultiPolygonOf {
    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> geo::MultiPolygon<f64> {
        geo::MultiPolygon::new(vec![geo::Polygon::new(
            geo::LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
            vec![],
        )])
    }
}

const GROUP: [f64; 9] = [10.0, 50.0, 80.0, 20.0, 40.0, 90.0, 5.0, 60.0, 70.0];
const TOTAL: [f64; 9] = [100.0; 9];

fn request() -> Request {
    Request {
        group: Some("x".into()),
        total: Some("t".into()),
        names: DEFAULT_INDICES
            .iter()
            .map(|n| crate::measures::segregation::measure(n).unwrap().name)
            .collect(),
        ..Default::default()
    }
}

fn change(shape: geo::MultiPolygon<f64>, persons: f64, share: f64) -> Change {
    Change {
        label: "ändring 1".into(),
        shape,
        persons,
        composition: Composition::Share(share),
        components: [None; 3],
    }
}

fn plan(changes: Vec<Change>) -> Vec<Scenario> {
    vec![Scenario {
        name: "plan A".into(),
        changes,
    }]
}

/// The indices of the layer with these counts, as `index` computes them.
fn by_hand(group: [f64; 9], total: [f64; 9]) -> Vec<(&'static str, f64)> {
    let l = grid(group, total);
    let o = segregation::run(&l, &l.table, &index_request(&request(), None, None)).unwrap();
    o.results
        .iter()
        .map(|r| (r.index, r.value.number().unwrap()))
        .collect()
}

#[test]
fn persons_inside_one_area_give_the_indices_of_the_counts_changed_by_hand() {
    let l = grid(GROUP, TOTAL);
    // Inside the centre square (row 4): 1,000 persons, half of them in the group.
    let c = change(
        MultiPolygonOf::rect(120.0, 120.0, 180.0, 160.0),
        1000.0,
        0.5,
    );
    let o = run(&l, &l.table, &request(), &plan(vec![c])).unwrap();
    let s = &o.scenarios[0];
    assert_eq!(s.received.len(), 1);
    assert_eq!((s.received[0].row, s.received[0].persons), (4, 1000.0));
    let (mut g, mut t) = (GROUP, TOTAL);
    g[4] += 500.0;
    t[4] += 1000.0;
    let before = by_hand(GROUP, TOTAL);
    let after = by_hand(g, t);
    assert_eq!(s.indices.len(), 4);
    for (ic, ((name, b), (_, a))) in s.indices.iter().zip(before.iter().zip(&after)) {
        assert_eq!(ic.index, *name);
        assert!((ic.before.unwrap() - b).abs() < 1e-12, "{name}");
        assert!((ic.after.unwrap() - a).abs() < 1e-12, "{name}");
        assert!((ic.difference.unwrap() - (a - b)).abs() < 1e-12, "{name}");
    }
    // The group's share in the centre: 40 % before, 540/1100 after.
    let (sb, sa) = s.shares().unwrap();
    assert_eq!(sb[4], Some(0.4));
    assert!((sa[4].unwrap() - 540.0 / 1100.0).abs() < 1e-12);
    assert_eq!(sa[0], sb[0]);
}

#[test]
fn a_polygon_over_two_areas_splits_the_persons_by_overlap_and_regions_get_their_own_values() {
    let l = grid(GROUP, TOTAL);
    // 60 m of the rectangle's 80 in square 3 (left column, kommun A), 20 m in square 4 (B).
    let c = change(MultiPolygonOf::rect(40.0, 130.0, 120.0, 170.0), 400.0, 0.25);
    let mut r = request();
    r.by = Some("kommun".into());
    let o = run(&l, &l.table, &r, &plan(vec![c])).unwrap();
    let s = &o.scenarios[0];
    let got: Vec<(usize, f64)> = s.received.iter().map(|x| (x.row, x.persons)).collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, 3);
    assert!((got[0].1 - 300.0).abs() < 1e-9 && (got[1].1 - 100.0).abs() < 1e-9);
    assert!((s.received[0].added[0] - 75.0).abs() < 1e-9);
    // Whole layer and both municipalities, each index.
    let regions: Vec<Option<&str>> = s
        .indices
        .iter()
        .filter(|i| i.index == "dissim")
        .map(|i| i.region.as_deref())
        .collect();
    assert_eq!(regions, vec![None, Some("A"), Some("B")]);
    // Municipality A by hand: squares 0, 3, 6 with square 3 at 20+75 of 100+300.
    let a = |x: [f64; 3], t: [f64; 3]| {
        let (xs, ts): (f64, f64) = (x.iter().sum(), t.iter().sum());
        (0..3)
            .map(|i| (x[i] / xs - (t[i] - x[i]) / (ts - xs)).abs())
            .sum::<f64>()
            / 2.0
    };
    let want = a([10.0, 95.0, 5.0], [100.0, 400.0, 100.0]);
    let got = s
        .indices
        .iter()
        .find(|i| i.index == "dissim" && i.region.as_deref() == Some("A"))
        .unwrap();
    assert!((got.after.unwrap() - want).abs() < 1e-12);
}

#[test]
fn a_new_area_is_cut_out_and_gets_queen_neighbours() {
    let l = grid(GROUP, TOTAL);
    // Over the corner where squares 0, 1, 3 and 4 meet.
    let c = change(MultiPolygonOf::rect(80.0, 80.0, 130.0, 120.0), 600.0, 0.5);
    let mut r = request();
    r.as_new_area = true;
    r.by = Some("kommun".into());
    let o = run(&l, &l.table, &r, &plan(vec![c])).unwrap();
    let s = &o.scenarios[0];
    assert_eq!(s.layer.len(), 10);
    assert_eq!(s.new_areas.len(), 1);
    // Its region is that of the square it overlaps most (square 1 or 4: 30×20 each; the first).
    assert_eq!(s.new_areas[0].region.as_deref(), Some("B"));
    assert_eq!(s.after_values[0][9], Some(300.0));
    assert_eq!(s.after_values[1][9], Some(600.0));
    // The squares keep their persons and lose the cut.
    assert_eq!(s.after_values[1][0], Some(100.0));
    assert!((geo::Area::unsigned_area(&s.layer.projected[0]) - (10_000.0 - 400.0)).abs() < 1e-6);
    let w = crate::spatial::build_rows(
        &s.layer,
        &(0..10).collect::<Vec<_>>(),
        &crate::spatial::WeightsSpec::Queen,
        0.0,
    )
    .unwrap();
    let mut nb: Vec<u32> = w.neighbors_of(9).to_vec();
    nb.sort_unstable();
    assert_eq!(nb, vec![0, 1, 3, 4]);
    // The code field names it.
    assert_eq!(
        s.table.column("code").unwrap().key_at(9).as_deref(),
        Some("ny 1")
    );
    // Its local share is new; the old areas' shares are unchanged.
    let (sb, sa) = s.shares().unwrap();
    assert_eq!((sb[9], sa[9]), (None, Some(0.5)));
    assert_eq!(sa[0], sb[0]);
}

#[test]
fn what_cannot_be_persons_is_refused_with_the_area_named() {
    let l = grid(GROUP, TOTAL);
    let inside = || MultiPolygonOf::rect(120.0, 120.0, 180.0, 160.0);
    // Removing 200 persons of whom 100 in the group from a square of 100 persons.
    let e = run(
        &l,
        &l.table,
        &request(),
        &plan(vec![change(inside(), -200.0, 0.5)]),
    )
    .unwrap_err();
    assert!(
        e.message.contains("takes away more than area A4"),
        "{}",
        e.message
    );
    // Outside every area.
    let far = change(
        MultiPolygonOf::rect(1000.0, 1000.0, 1100.0, 1100.0),
        10.0,
        0.5,
    );
    let e = run(&l, &l.table, &request(), &plan(vec![far])).unwrap_err();
    assert!(e.message.contains("outside every area"), "{}", e.message);
    assert!(e.message.starts_with("plan A:"), "{}", e.message);
    // A new area that swallows a whole square.
    let mut r = request();
    r.as_new_area = true;
    let all = change(MultiPolygonOf::rect(-10.0, -10.0, 110.0, 110.0), 10.0, 0.5);
    let e = run(&l, &l.table, &r, &plan(vec![all])).unwrap_err();
    assert!(e.message.contains("covers all of area A0"), "{}", e.message);
    // Several groups need counts per group.
    let r = Request {
        groups: vec!["x".into(), "t".into()],
        names: vec!["multi-dissim"],
        ..Default::default()
    };
    let e = run(&l, &l.table, &r, &plan(vec![change(inside(), 10.0, 0.5)])).unwrap_err();
    assert!(e.message.contains("counts=A,B"), "{}", e.message);
}

#[test]
fn areas_with_missing_counts_get_no_persons_and_are_named() {
    let l = grid(GROUP, TOTAL);
    let mut table = l.table.clone();
    let mut x: Vec<Option<f64>> = GROUP.iter().map(|v| Some(*v)).collect();
    x[3] = None;
    set_column(&mut table, "x", x);
    let c = change(MultiPolygonOf::rect(40.0, 130.0, 120.0, 170.0), 400.0, 0.25);
    let o = run(&l, &table, &request(), &plan(vec![c])).unwrap();
    let s = &o.scenarios[0];
    assert_eq!(o.excluded, vec![3]);
    assert_eq!(s.received.len(), 1);
    assert_eq!((s.received[0].row, s.received[0].persons), (4, 400.0));
    assert!(s.notes[0].contains("got none: A3"), "{}", s.notes[0]);
}

#[test]
fn area_types_that_would_change_are_listed() {
    // Component shares in percent; SEI of square 8 is far above the rest.
    let mut l = grid(GROUP, TOTAL);
    let v: Vec<Option<f64>> = [10.0, 12.0, 11.0, 9.0, 10.0, 13.0, 12.0, 10.0, 40.0]
        .iter()
        .map(|v| Some(*v))
        .collect();
    l.table.push(Column::number("v", v));
    let mut r = request();
    r.types = Some(["v".into(), "v".into(), "v".into()]);
    // 900 persons with no one in the components into square 8: its share drops from 40 to 4.
    let mut c = change(MultiPolygonOf::rect(220.0, 220.0, 280.0, 280.0), 900.0, 0.5);
    c.components = [Some(0.0); 3];
    let o = run(&l, &l.table, &r, &plan(vec![c])).unwrap();
    let s = &o.scenarios[0];
    let t8 = s.type_changes.iter().find(|t| t.row == 8).unwrap();
    assert!(t8.before.unwrap() < t8.after.unwrap(), "{t8:?}");
    assert!((t8.sei_after.unwrap() - 4.0).abs() < 1e-12);
    // Relational: μ and σ moved, so the list is every area whose type moved, not only square 8.
    let again = run(
        &l,
        &l.table,
        &r,
        &plan(vec![change(
            MultiPolygonOf::rect(220.0, 220.0, 280.0, 280.0),
            900.0,
            0.5,
        )]),
    )
    .unwrap();
    assert!(again.scenarios[0].type_changes.is_empty());
}

#[test]
fn changes_are_grouped_into_scenarios_by_name() {
    let l = grid(GROUP, TOTAL);
    let sq = "POLYGON((120 120, 180 120, 180 160, 120 160, 120 120))";
    let s = from_texts(
        &[
            format!("{sq}:persons=100:share=0.5:scenario=A"),
            format!("{sq}:persons=50:share=0.1:scenario=B"),
            format!("{sq}:persons=10:share=1:scenario=A"),
        ],
        &l,
    )
    .unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].name.as_str(), s[0].changes.len()), ("A", 2));
    let o = run(&l, &l.table, &request(), &s).unwrap();
    assert_eq!(o.scenarios.len(), 2);
    assert_eq!(o.scenarios[1].after_values[1][4], Some(150.0));
}

#[test]
fn an_after_value_outside_the_bootstrap_interval_exceeds_the_noise() {
    let l = grid(GROUP, TOTAL);
    let mut r = request();
    r.names = vec!["dissim"];
    r.ci = Some(0.95);
    r.replicates = 199;
    // A small change stays inside the interval; a huge one (all of the group into one square)
    // leaves it.
    let small = change(MultiPolygonOf::rect(120.0, 120.0, 180.0, 160.0), 10.0, 0.5);
    let big = change(
        MultiPolygonOf::rect(120.0, 120.0, 180.0, 160.0),
        50_000.0,
        1.0,
    );
    let o = run(
        &l,
        &l.table,
        &r,
        &[
            Scenario {
                name: "small".into(),
                changes: vec![small],
            },
            Scenario {
                name: "big".into(),
                changes: vec![big],
            },
        ],
    )
    .unwrap();
    let (s, b) = (&o.scenarios[0].indices[0], &o.scenarios[1].indices[0]);
    assert!(s.ci_low.unwrap() < s.before.unwrap() && s.before.unwrap() < s.ci_high.unwrap());
    assert_eq!(s.exceeds_noise, Some(false));
    assert_eq!(b.exceeds_noise, Some(true));
    assert_eq!(o.before[0].interval.as_ref().unwrap().replicates, 199);
}

/// The job's progress moves while a plan is measured and ends at 1 (it stood at 0 for a single
/// plan until the result came).
#[test]
fn the_progress_moves_and_ends_at_one() {
    let l = grid(GROUP, TOTAL);
    let c = change(
        MultiPolygonOf::rect(120.0, 120.0, 180.0, 160.0),
        1000.0,
        0.5,
    );
    let control = crate::work::Control::new();
    let o = crate::work::under(&control, || run(&l, &l.table, &request(), &plan(vec![c])));
    assert!(o.is_ok());
    assert_eq!(control.progress(), 1.0);
}

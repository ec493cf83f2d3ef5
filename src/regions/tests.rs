//! Hand-made cases: the textbook SKATER cut, floors, contiguity, islands, determinism.

use super::*;

/// A path of areas 0–1–2–…
fn path(n: usize) -> Graph {
    Graph::from_lists(
        (0..n)
            .map(|i| {
                if i + 1 < n {
                    vec![i as u32 + 1]
                } else {
                    vec![]
                }
            })
            .collect(),
    )
}

/// A `w × h` grid with rook contiguity, areas numbered row by row.
fn grid(w: usize, h: usize) -> Graph {
    let mut lists = vec![Vec::new(); w * h];
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            if x + 1 < w {
                lists[i].push((i + 1) as u32);
            }
            if y + 1 < h {
                lists[i].push((i + w) as u32);
            }
        }
    }
    Graph::from_lists(lists)
}

fn run(problem: &Problem, method: Method, k: Option<usize>) -> Regions {
    let mut o = Options::new(method);
    o.k = k;
    o.iterations = 16;
    regionalise(problem, &o).unwrap()
}

#[test]
fn skater_cuts_a_path_where_the_values_jump() {
    // 1 2 3 | 10 11 12: the MST is the path; cutting 3–10 leaves SSD 2 + 2 = 4 (of 2 × 1²
    // per side), any other cut leaves more.
    let p = Problem::new(&[vec![1.0, 2.0, 3.0, 10.0, 11.0, 12.0]], path(6)).unwrap();
    let r = run(&p, Method::Skater, Some(2));
    assert_eq!(r.labels, vec![0, 0, 0, 1, 1, 1]);
    assert!((r.ssd - 4.0).abs() < 1e-12, "{}", r.ssd);
    // Three regions: the next cut splits the side where it gains most (ties: lowest areas).
    let r = run(&p, Method::Skater, Some(3));
    assert_eq!(r.count, 3);
    assert!((r.ssd - 2.5).abs() < 1e-12, "{}", r.ssd);
}

#[test]
fn skater_on_a_grid_gives_the_hand_worked_cut() {
    // A 3 × 3 grid whose left column is low: values by row
    //   1 9 9
    //   1 9 8
    //   2 9 9
    // The MST links equal and near values; the best single cut separates the left column
    // (SSD of {1,1,2} = 2/3, of the six others {9,9,9,8,9,9} = 5/6).
    let v = vec![1.0, 9.0, 9.0, 1.0, 9.0, 8.0, 2.0, 9.0, 9.0];
    let p = Problem::new(&[v], grid(3, 3)).unwrap();
    let r = run(&p, Method::Skater, Some(2));
    assert_eq!(r.labels, vec![0, 1, 1, 0, 1, 1, 0, 1, 1]);
    assert!((r.ssd - (2.0 / 3.0 + 5.0 / 6.0)).abs() < 1e-12);
}

#[test]
fn a_floor_moves_the_cut_and_every_region_meets_it() {
    let p0 = Problem::new(&[vec![1.0, 2.0, 3.0, 10.0, 11.0, 12.0]], path(6)).unwrap();
    // At least four areas per region: no cut of a path of six qualifies.
    let mut p = p0.clone();
    p.min_areas = 4;
    let r = run(&p, Method::Skater, Some(2));
    assert_eq!(r.count, 1);
    assert!(
        r.notes.iter().any(|n| n.contains("no further cut")),
        "{:?}",
        r.notes
    );
    // A population floor: area 0 holds most persons, so the cut must leave 0 with enough.
    let mut p = p0.clone();
    p.floor = Some(Floor {
        name: "pop".into(),
        values: vec![5.0, 1.0, 1.0, 1.0, 1.0, 6.0],
        threshold: 7.0,
    });
    let r = run(&p, Method::Skater, Some(2));
    // {0,1,2} has 7 and {3,4,5} 8: the jump is still the cut.
    assert_eq!(r.labels, vec![0, 0, 0, 1, 1, 1]);
    // Area 0 with 4 persons: {0,1,2} has 6 < 7, so the cut moves right to 3 | 4 (7 and 7).
    p.floor.as_mut().unwrap().values[0] = 4.0;
    let r = run(&p, Method::Skater, Some(2));
    assert_eq!(r.labels, vec![0, 0, 0, 0, 1, 1]);
}

#[test]
fn islands_increase_k_as_spopt_does() {
    // Two paths of three, no link between them: k = 2 becomes 2 + 2 parts = 4.
    let g = Graph::from_lists(vec![vec![1], vec![2], vec![], vec![4], vec![5], vec![]]);
    let p = Problem::new(&[vec![1.0, 2.0, 9.0, 1.0, 5.0, 6.0]], g).unwrap();
    let r = run(&p, Method::Skater, Some(2));
    assert_eq!(r.components, 2);
    assert_eq!(r.count, 4);
    assert!(
        r.notes[0].contains("k increased from 2 to 4"),
        "{:?}",
        r.notes
    );
}

#[test]
fn ward_merges_the_cheapest_neighbours() {
    let p = Problem::new(&[vec![1.0, 2.0, 3.0, 10.0, 11.0, 12.0]], path(6)).unwrap();
    let r = run(&p, Method::Ward, Some(2));
    assert_eq!(r.labels, vec![0, 0, 0, 1, 1, 1]);
    // Constrained: 1 and 1.1 at the path's two ends cannot merge across the middle.
    let p = Problem::new(&[vec![1.0, 50.0, 60.0, 1.1]], path(4)).unwrap();
    let r = run(&p, Method::Ward, Some(2));
    assert!(p.graph.regions_connected(&r.labels));
    assert_eq!(r.labels, vec![0, 1, 1, 1]);
}

#[test]
fn redcap_builds_its_tree_by_complete_linkage() {
    let p = Problem::new(&[vec![1.0, 2.0, 3.0, 10.0, 11.0, 12.0]], path(6)).unwrap();
    let r = run(&p, Method::Redcap, Some(2));
    assert_eq!(r.labels, vec![0, 0, 0, 1, 1, 1]);
    let v = vec![1.0, 9.0, 9.0, 1.0, 9.0, 8.0, 2.0, 9.0, 9.0];
    let p = Problem::new(&[v], grid(3, 3)).unwrap();
    let r = run(&p, Method::Redcap, Some(2));
    assert_eq!(r.labels, vec![0, 1, 1, 0, 1, 1, 0, 1, 1]);
}

/// A 12 × 12 grid with a smooth gradient plus a bump, and a population per cell.
fn field() -> Problem {
    let (w, h) = (12, 12);
    let mut a = Vec::new();
    let mut b = Vec::new();
    let mut pop = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f64, y as f64);
            a.push(
                fx + 0.3 * fy
                    + if (4..8).contains(&x) && (4..8).contains(&y) {
                        6.0
                    } else {
                        0.0
                    },
            );
            b.push((fx * 0.7).sin() + fy * 0.2);
            pop.push(100.0 + ((x * 7 + y * 13) % 11) as f64 * 20.0);
        }
    }
    let mut cols = vec![a, b];
    standardise(&mut cols);
    let mut p = Problem::new(&cols, grid(w, h)).unwrap();
    p.floor = Some(Floor {
        name: "pop".into(),
        values: pop,
        threshold: 2000.0,
    });
    p
}

fn check_constraints(p: &Problem, r: &Regions) {
    assert!(
        p.graph.regions_connected(&r.labels),
        "a region is not contiguous"
    );
    let f = p.floor.as_ref().unwrap();
    let mut sum = vec![0.0; r.count];
    let mut size = vec![0; r.count];
    for (i, &l) in r.labels.iter().enumerate() {
        sum[l] += f.values[i];
        size[l] += 1;
    }
    for (s, z) in sum.iter().zip(&size) {
        assert!(*s >= f.threshold, "a region has {s} < {}", f.threshold);
        assert!(*z >= p.min_areas);
    }
    assert!((r.ssd - p.ssd(&r.labels)).abs() < 1e-9);
}

#[test]
fn every_method_keeps_regions_contiguous_and_above_the_floor() {
    let p = field();
    let total: f64 = p.floor.as_ref().unwrap().values.iter().sum();
    for m in [Method::Skater, Method::Redcap, Method::Ward] {
        let r = run(&p, m, Some(6));
        check_constraints(&p, &r);
        assert_eq!(r.count, 6, "{m:?}");
    }
    let r = run(&p, Method::MaxP, None);
    check_constraints(&p, &r);
    // max-p: the floor allows at most total / threshold regions; a good heuristic gets close.
    let bound = (total / 2000.0).floor() as usize;
    assert!(
        r.count <= bound && r.count + 4 >= bound,
        "{} of at most {bound}",
        r.count
    );
    let mut q = p.clone();
    q.floor = None;
    let r = run(&q, Method::Azp, Some(6));
    assert!(q.graph.regions_connected(&r.labels));
    assert_eq!(r.count, 6);
}

#[test]
fn the_local_search_never_makes_a_partition_worse() {
    let p = field();
    let mut q = p.clone();
    q.floor = None;
    let start = run(&q, Method::Skater, Some(6));
    let better = local::improve(&q, start.labels.clone()).unwrap();
    assert!(q.graph.regions_connected(&better));
    assert!(q.ssd(&better) <= start.ssd + 1e-12);
}

#[test]
fn the_heap_search_makes_the_same_moves_as_costing_every_move() {
    let p = field();
    let mut q = p.clone();
    q.floor = None;
    let (parts, count) = q.graph.components();
    for start in 0..4 {
        // From random partitions (many moves) and from SKATER's (few), with and without floor.
        let labels = local::random_partition(&q, &parts, count, 7, 99, start);
        assert_eq!(
            local::improve(&q, labels.clone()).unwrap(),
            local::improve_exhaustive(&q, labels)
        );
    }
    let sk = run(&p, Method::Skater, Some(6));
    assert_eq!(
        local::improve(&p, sk.labels.clone()).unwrap(),
        local::improve_exhaustive(&p, sk.labels)
    );
}

#[test]
fn seeded_methods_give_the_same_regions_on_any_thread_count() {
    let p = field();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    for (m, k) in [(Method::MaxP, None), (Method::Azp, Some(5))] {
        let mut q = p.clone();
        if m == Method::Azp {
            q.floor = None;
        }
        let a = one.install(|| run(&q, m, k));
        let b = four.install(|| run(&q, m, k));
        assert_eq!(a, b, "{m:?}");
        // Another seed may differ, and is still valid.
        let mut o = Options::new(m);
        o.k = k;
        o.seed = 7;
        o.iterations = 16;
        let c = regionalise(&q, &o).unwrap();
        assert!(q.graph.regions_connected(&c.labels));
    }
}

#[test]
fn max_p_links_a_part_under_the_floor_to_its_nearest_part() {
    // Areas 0–1–2 linked, area 3 an island next to area 2 (by its centroid).
    let g = Graph::from_lists(vec![vec![1], vec![2], vec![], vec![]]).with_points(vec![
        [0.0, 0.0],
        [1.0, 0.0],
        [2.0, 0.0],
        [3.0, 0.0],
    ]);
    let mut p = Problem::new(&[vec![1.0, 2.0, 3.0, 4.0]], g).unwrap();
    p.floor = Some(Floor {
        name: "pop".into(),
        values: vec![1.0; 4],
        threshold: 2.0,
    });
    let r = run(&p, Method::MaxP, None);
    assert_eq!(r.bridged, vec![3]);
    assert_eq!(r.islands, vec![3]);
    assert_eq!(r.count, 2);
    assert_eq!(r.labels, vec![0, 0, 1, 1]);
}

#[test]
fn impossible_requests_are_refused_plainly() {
    let p = Problem::new(&[vec![1.0, 2.0, 3.0]], path(3)).unwrap();
    let mut o = Options::new(Method::Skater);
    assert!(regionalise(&p, &o).unwrap_err().to_string().contains("--k"));
    o.k = Some(4);
    assert!(regionalise(&p, &o)
        .unwrap_err()
        .to_string()
        .contains("at most"));
    let o = Options::new(Method::MaxP);
    assert!(regionalise(&p, &o)
        .unwrap_err()
        .to_string()
        .contains("needs a floor"));
    let mut q = p.clone();
    q.floor = Some(Floor {
        name: "pop".into(),
        values: vec![1.0; 3],
        threshold: 10.0,
    });
    assert!(regionalise(&q, &o)
        .unwrap_err()
        .to_string()
        .contains("higher than all"));
    assert!(Method::from_name("kmeans")
        .unwrap_err()
        .to_string()
        .contains("skater"));
    assert!(Problem::new(&[vec![1.0, f64::NAN, 3.0]], path(3)).is_err());
}

#[test]
fn a_cancelled_regionalisation_stops() {
    let p = field();
    let c = crate::work::Control::new();
    c.cancel();
    let mut o = Options::new(Method::MaxP);
    o.iterations = 64;
    let e = crate::work::under(&c, || regionalise(&p, &o)).unwrap_err();
    assert_eq!(e.kind, crate::error::ErrorKind::Cancelled);
}

#[test]
fn azp_keeps_the_best_of_its_starts() {
    // A 6 × 6 grid of uneven values: the starts end in different local optima, and AZP must
    // return the one of least SSD among them (the first on ties).
    let v: Vec<f64> = (0..36).map(|i| ((i * 37 + 11) % 17) as f64).collect();
    let p = Problem::new(&[v], grid(6, 6)).unwrap();
    let (parts, count) = p.graph.components();
    let (target, seed, starts) = (5, 7, 12);
    let each: Vec<f64> = (0..starts)
        .map(|s| {
            let labels = local::random_partition(&p, &parts, count, target, seed, s as u64);
            p.ssd(&local::improve(&p, labels).unwrap())
        })
        .collect();
    let best = each.iter().copied().fold(f64::INFINITY, f64::min);
    let worst = each.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(best < worst, "the starts should differ: {each:?}");
    let (labels, _) = local::azp(&p, target, seed, starts).unwrap();
    assert_eq!(p.ssd(&labels), best);
}

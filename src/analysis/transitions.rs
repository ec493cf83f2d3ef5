//! Follow-up of a variable over years: each area's class in the first and the last year (each
//! year classified on its own), the transition matrix between them, who moved up or down, and
//! each area's least-squares trend over all the years with its standard error and p-value — the
//! engine behind `segatlas change` and the app's follow-up view. Early warnings are the areas
//! whose trend is significant in the direction a follow-up watches.

use crate::analysis::years::move_to_year;
use crate::classify::{class_of, classify, Scheme};
use crate::data::expr::Expr;
use crate::data::{Layer, Table};
use crate::error::{Error, Result};
use crate::measures::trend::{trend, Trend};
use crate::measures::uncertainty::{self, Band, Noise};

/// What to follow.
#[derive(Debug, Clone)]
pub struct Request {
    /// The variable in any of its years (its year-bearing columns are moved to each year).
    pub var: String,
    /// Two or more years, ascending.
    pub years: Vec<i32>,
    pub scheme: Scheme,
    /// Early warning: significant trends toward lower values (`Some(false)`) or higher
    /// (`Some(true)`) at this level.
    pub toward_high: Option<bool>,
    pub alpha: f64,
    /// Redraw the counts each year's variable reads by this model, `draws` times (seeded).
    pub noise: Option<Noise>,
    pub draws: usize,
    pub seed: u64,
}

/// One area over the years.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaChange {
    pub row: usize,
    pub values: Vec<Option<f64>>,
    /// Classes 0-based in the first and the last year (none when the value is missing).
    pub from_class: Option<usize>,
    pub to_class: Option<usize>,
    pub trend: Option<Trend>,
}

/// The result.
#[derive(Debug, Clone, PartialEq)]
pub struct Transitions {
    pub years: Vec<i32>,
    /// Each year's class upper bounds.
    pub bins: Vec<Vec<f64>>,
    /// `matrix[from][to]`: areas by their first-year class (rows) and last-year class.
    pub matrix: Vec<Vec<usize>>,
    pub moved_up: usize,
    pub moved_down: usize,
    pub stayed: usize,
    pub areas: Vec<AreaChange>,
    /// Rows missing the first or the last year's value: in no transition (named, never silent).
    pub excluded: Vec<usize>,
    /// Rows with a significant trend in the watched direction, most extreme slope first.
    pub warnings: Vec<usize>,
    /// With a noise model: how the follow-up fares over the draws.
    pub noisy: Option<NoisyChange>,
}

/// The follow-up over noisy counts: bands for the counts that moved up, down and stayed, and per
/// area the share of draws in which it moves as observed (up, down or stays; NaN for an area in
/// no transition), its trend's band, and for early warnings the share of draws in which it is
/// still one.
#[derive(Debug, Clone, PartialEq)]
pub struct NoisyChange {
    pub model: Noise,
    pub draws: usize,
    pub moved_up: Option<Band>,
    pub moved_down: Option<Band>,
    pub stayed: Option<Band>,
    pub move_stability: Vec<f64>,
    pub slope: Vec<Option<Band>>,
    pub warning_stability: Vec<f64>,
}

/// The move of an area: −1 down, 0 stayed, 1 up; None outside any transition.
fn move_of(from: Option<usize>, to: Option<usize>) -> Option<i8> {
    Some(match to?.cmp(&from?) {
        std::cmp::Ordering::Greater => 1,
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
    })
}

/// The variable's values in each year.
pub fn values_by_year(
    layer: &Layer,
    table: &Table,
    var: &str,
    years: &[i32],
) -> Result<Vec<Vec<Option<f64>>>> {
    let expr = Expr::for_table(var, table)?;
    let area = layer.area_km2();
    years
        .iter()
        .map(|&y| {
            let moved = move_to_year(&expr, table, y)
                .ok_or_else(|| Error::input(format!("'{var}' has no columns for {y}")))?;
            moved.evaluate(table, Some(&area))
        })
        .collect()
}

/// SCB's area types in the first and the last year, and how the areas (and their persons) moved
/// between them.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeTransitions {
    pub years: [i32; 2],
    /// Types 1–5 per area in each year (none where a component is missing).
    pub from: Vec<Option<u8>>,
    pub to: Vec<Option<u8>>,
    /// `areas[from − 1][to − 1]`.
    pub areas: [[usize; 5]; 5],
    /// The same with each area counted by its persons in the last year.
    pub persons: Option<[[f64; 5]; 5]>,
}

/// The area types of `years[0]` and `years[1]`: the components (and the weight of μ and σ) are
/// moved to each year, each year typed on its own μ and σ, as SCB does; `persons` (e.g. the
/// population) weighs the second matrix by the last year's value.
pub fn type_transitions(
    layer: &Layer,
    table: &Table,
    components: &[String; 3],
    weight: Option<&str>,
    persons: Option<&str>,
    years: [i32; 2],
) -> Result<TypeTransitions> {
    let types_in = |y: i32| -> Result<Vec<Option<u8>>> {
        let comps: Vec<Vec<Option<f64>>> = components
            .iter()
            .map(|c| values_by_year(layer, table, c, &[y]).map(|mut v| v.remove(0)))
            .collect::<Result<_>>()?;
        let w = weight
            .map(|w| values_by_year(layer, table, w, &[y]).map(|mut v| v.remove(0)))
            .transpose()?;
        crate::analysis::areatypes::area_types([&comps[0], &comps[1], &comps[2]], w.as_deref())
            .map(|t| t.types)
            .map_err(|e| Error::input(format!("{y}: {}", e.message)))
    };
    let (from, to) = (types_in(years[0])?, types_in(years[1])?);
    let pop = persons
        .map(|p| values_by_year(layer, table, p, &[years[1]]).map(|mut v| v.remove(0)))
        .transpose()?;
    let mut areas = [[0usize; 5]; 5];
    let mut people = [[0.0f64; 5]; 5];
    for i in 0..from.len() {
        if let (Some(f), Some(t)) = (from[i], to[i]) {
            let (f, t) = (usize::from(f) - 1, usize::from(t) - 1);
            areas[f][t] += 1;
            if let Some(p) = pop.as_ref().and_then(|p| p[i]) {
                people[f][t] += p;
            }
        }
    }
    Ok(TypeTransitions {
        years,
        from,
        to,
        areas,
        persons: pop.map(|_| people),
    })
}

pub fn run(layer: &Layer, table: &Table, r: &Request) -> Result<Transitions> {
    if r.years.len() < 2 {
        return Err(Error::input(
            "follow-up needs at least two years (--years 2020,2023)",
        ));
    }
    if r.years.windows(2).any(|w| w[0] >= w[1]) {
        return Err(Error::input(format!(
            "--years must rise, each year once: {:?}",
            r.years
        )));
    }
    let by_year = values_by_year(layer, table, &r.var, &r.years)?;
    let bins: Vec<Vec<f64>> = by_year
        .iter()
        .zip(&r.years)
        .map(|(v, y)| {
            classify(v, &r.scheme)
                .map(|c| c.bins)
                .map_err(|e| Error::input(format!("{y}: {}", e.message)))
        })
        .collect::<Result<_>>()?;
    let (first, last) = (0, r.years.len() - 1);
    let mut matrix = vec![vec![0; bins[last].len()]; bins[first].len()];
    let (mut up, mut down, mut stayed) = (0, 0, 0);
    let xs: Vec<f64> = r.years.iter().map(|&y| f64::from(y)).collect();
    let mut areas = Vec::with_capacity(layer.len());
    let mut excluded = Vec::new();
    for row in 0..table.len() {
        let values: Vec<Option<f64>> = by_year.iter().map(|v| v[row]).collect();
        let from = class_of(values[first], &bins[first]);
        let to = class_of(values[last], &bins[last]);
        match (from, to) {
            (Some(f), Some(t)) => {
                matrix[f][t] += 1;
                match t.cmp(&f) {
                    std::cmp::Ordering::Greater => up += 1,
                    std::cmp::Ordering::Less => down += 1,
                    std::cmp::Ordering::Equal => stayed += 1,
                }
            }
            _ => excluded.push(row),
        }
        areas.push(AreaChange {
            row,
            trend: trend(&xs, &values),
            values,
            from_class: from,
            to_class: to,
        });
    }
    let mut warnings: Vec<usize> = match r.toward_high {
        None => Vec::new(),
        Some(high) => areas
            .iter()
            .filter(|a| {
                a.trend.is_some_and(|t| {
                    t.p_value.is_some_and(|p| p < r.alpha)
                        && if high { t.slope > 0.0 } else { t.slope < 0.0 }
                })
            })
            .map(|a| a.row)
            .collect(),
    };
    let slope = |row: &usize| areas[*row].trend.map_or(0.0, |t| t.slope.abs());
    warnings.sort_by(|a, b| slope(b).total_cmp(&slope(a)));
    let noisy = match r.noise {
        Some(model) => Some(noisy_change(layer, table, r, model, &areas, &warnings)?),
        None => None,
    };
    Ok(Transitions {
        noisy,
        years: r.years.clone(),
        bins,
        matrix,
        moved_up: up,
        moved_down: down,
        stayed,
        areas,
        excluded,
        warnings,
    })
}

/// The follow-up on `r.draws` draws: each year's variable from redrawn counts, each year
/// classified on its own again, the moves and trends recomputed.
fn noisy_change(
    layer: &Layer,
    table: &Table,
    r: &Request,
    model: Noise,
    areas: &[AreaChange],
    warnings: &[usize],
) -> Result<NoisyChange> {
    if r.draws == 0 {
        return Err(Error::input("give at least one draw (--draws)"));
    }
    let expr = Expr::for_table(&r.var, table)?;
    let vars: Vec<crate::analysis::noisy::NoisyVariable> = r
        .years
        .iter()
        .map(|&y| {
            let moved = move_to_year(&expr, table, y)
                .ok_or_else(|| Error::input(format!("'{}' has no columns for {y}", r.var)))?;
            crate::analysis::noisy::NoisyVariable::new(&moved.to_string(), table)
        })
        .collect::<Result<_>>()?;
    let n = table.len();
    let rows: Vec<usize> = (0..n).collect();
    let area = layer.area_km2();
    let xs: Vec<f64> = r.years.iter().map(|&y| f64::from(y)).collect();
    let last = r.years.len() - 1;
    // Each draw's moves and trends, per area.
    type Drawn = (Vec<Option<i8>>, Vec<Option<Trend>>);
    let draws: Vec<Option<Drawn>> = uncertainty::simulate(r.draws, r.seed, |g| {
        let by_year: Vec<Vec<Option<f64>>> = vars
            .iter()
            .map(|v| v.draw(model, table, &rows, Some(&area), g))
            .collect();
        let bins: Vec<Vec<f64>> = by_year
            .iter()
            .map(|v| classify(v, &r.scheme).ok().map(|c| c.bins))
            .collect::<Option<_>>()?;
        let moves = (0..n)
            .map(|i| {
                move_of(
                    class_of(by_year[0][i], &bins[0]),
                    class_of(by_year[last][i], &bins[last]),
                )
            })
            .collect();
        let trends = (0..n)
            .map(|i| {
                let values: Vec<Option<f64>> = by_year.iter().map(|v| v[i]).collect();
                trend(&xs, &values)
            })
            .collect();
        Some((moves, trends))
    });
    let done: Vec<&Drawn> = draws.iter().flatten().collect();
    let observed: Vec<Option<i8>> = areas
        .iter()
        .map(|a| move_of(a.from_class, a.to_class))
        .collect();
    let per_draw: Vec<Vec<Option<i8>>> = done.iter().map(|d| d.0.clone()).collect();
    let count = |m: i8| uncertainty::count_band(model, &per_draw, &Some(m));
    let move_stability = uncertainty::stability_of_known(&observed, &per_draw);
    let slope = (0..n)
        .map(|i| {
            let v: Vec<Option<f64>> = done.iter().map(|d| d.1[i].map(|t| t.slope)).collect();
            Band::of(model, &v)
        })
        .collect();
    let warning_stability = warnings
        .iter()
        .map(|&row| {
            let high = r.toward_high == Some(true);
            let kept = done
                .iter()
                .filter(|d| {
                    d.1[row].is_some_and(|t| {
                        t.p_value.is_some_and(|p| p < r.alpha)
                            && if high { t.slope > 0.0 } else { t.slope < 0.0 }
                    })
                })
                .count();
            kept as f64 / done.len().max(1) as f64
        })
        .collect();
    Ok(NoisyChange {
        model,
        draws: done.len(),
        moved_up: count(1),
        moved_down: count(-1),
        stayed: count(0),
        move_stability,
        slope,
        warning_stability,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    fn layer(columns: Vec<Column>) -> (Layer, Table) {
        let n = columns[0].values.len();
        let features = (0..n)
            .map(|i| crate::data::layer::RawFeature {
                geometry: Some(geo::MultiPolygon::new(vec![geo::Polygon::new(
                    geo::LineString::from(vec![
                        (i as f64, 0.0),
                        (i as f64 + 1.0, 0.0),
                        (i as f64 + 1.0, 1.0),
                        (i as f64, 1.0),
                        (i as f64, 0.0),
                    ]),
                    vec![],
                )])),
                declared_type: "Polygon",
            })
            .collect();
        let table = Table::new(columns).unwrap();
        let l = Layer::build(
            std::path::Path::new("t.geojson"),
            "t".into(),
            crate::data::crs::Crs::Planar,
            features,
            table.clone(),
            vec![],
        )
        .unwrap();
        (l, table)
    }

    #[test]
    fn area_types_from_year_to_year_by_hand() {
        // SEI = v (all three components); 2020 is 1..10 (types 5 5 4 4 4 3 3 3 2 2, see
        // areatypes), 2023 the same values with the first and the last area swapped: μ and σ
        // stay, area 0 goes from type 5 to 2 and area 9 from 2 to 5.
        let v20: [f64; 10] = std::array::from_fn(|i| (i + 1) as f64);
        let mut v23 = v20;
        v23.swap(0, 9);
        let pop: [f64; 10] = std::array::from_fn(|i| 100.0 * (i + 1) as f64);
        let (l, t) = layer(vec![
            Column::number("v_2020", v20.map(Some).to_vec()),
            Column::number("v_2023", v23.map(Some).to_vec()),
            Column::number("pop_2023", pop.map(Some).to_vec()),
            Column::number("pop_2020", pop.map(Some).to_vec()),
        ]);
        let c = ["v_2020".to_string(), "v_2020".into(), "v_2020".into()];
        let o = type_transitions(&l, &t, &c, None, Some("pop_2020"), [2020, 2023]).unwrap();
        assert_eq!(o.from[0], Some(5));
        assert_eq!((o.to[0], o.to[9]), (Some(2), Some(5)));
        let mut want = [[0usize; 5]; 5];
        want[4][4] = 1; // area 1 stays 5
        want[3][3] = 3;
        want[2][2] = 3;
        want[1][1] = 1; // area 8 stays 2
        want[4][1] = 1; // area 0: 5 → 2
        want[1][4] = 1; // area 9: 2 → 5
        assert_eq!(o.areas, want);
        // Persons by the last year's population: area 0 has 100, area 9 has 1,000.
        let p = o.persons.unwrap();
        assert_eq!((p[4][1], p[1][4]), (100.0, 1000.0));
        assert_eq!(p.iter().flatten().sum::<f64>(), pop.iter().sum::<f64>());
    }

    #[test]
    fn transitions_and_trends_by_hand() {
        let col = |y: i32, v: [f64; 4]| Column::number(format!("x_{y}"), v.map(Some).to_vec());
        // Two classes (equal interval on 0..3): areas 0,1 low, 2,3 high in 2020; by 2022 area 1
        // rose, area 2 fell.
        let (l, t) = layer(vec![
            col(2020, [0.0, 1.0, 2.0, 3.0]),
            col(2021, [0.0, 2.0, 1.0, 3.0]),
            col(2022, [0.0, 3.0, 0.0, 3.0]),
        ]);
        let r = Request {
            var: "x_2020".into(),
            years: vec![2020, 2021, 2022],
            scheme: Scheme::EqualInterval { k: 2 },
            toward_high: Some(false),
            alpha: 0.05,
            noise: None,
            draws: 0,
            seed: 0,
        };
        let o = run(&l, &t, &r).unwrap();
        assert_eq!(o.matrix, vec![vec![1, 1], vec![1, 1]]);
        assert_eq!((o.moved_up, o.moved_down, o.stayed), (1, 1, 2));
        assert_eq!(o.areas[1].trend.unwrap().slope, 1.0);
        // A perfect line has no noise: p = 0, and it falls: the one warning.
        assert_eq!(o.areas[2].trend.unwrap().p_value, Some(0.0));
        assert_eq!(o.warnings, vec![2]);
        // A year the variable lacks is named.
        let e = run(
            &l,
            &t,
            &Request {
                years: vec![2020, 2023],
                ..r.clone()
            },
        )
        .unwrap_err();
        assert!(e.message.contains("no columns for 2023"), "{}", e.message);
        let e = run(
            &l,
            &t,
            &Request {
                years: vec![2022, 2020],
                ..r
            },
        )
        .unwrap_err();
        assert!(e.message.contains("must rise"), "{}", e.message);
    }
}

//! Tests of the parent module: hand-computed cases.
use super::bars::bar_decimals;
use super::*;

#[test]
fn long_labels_are_shortened() {
    assert_eq!(shorten("abc", 5), "abc");
    assert_eq!(shorten("abcdefgh", 5), "abcd…");
}

#[test]
fn round_ticks() {
    assert_eq!(
        ticks(0.0, 100.0, 5),
        vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    );
    assert_eq!(
        ticks(187.0, 460.0, 5),
        vec![100.0, 200.0, 300.0, 400.0, 500.0]
    );
    assert_eq!(ticks(0.2, 0.9, 4).len(), 5);
}

#[test]
fn bars_write_values_in_swedish_and_missing_as_saknas() {
    let c = Chart::Bars {
        title: "Förvärvsarbetande".into(),
        panels: vec![BarPanel {
            title: "andel %".into(),
            bars: vec![
                Bar {
                    label: "Danderyd".into(),
                    value: Some(75.56),
                    reference: false,
                },
                Bar {
                    label: "Län 01".into(),
                    value: Some(78.15),
                    reference: true,
                },
                Bar {
                    label: "Solna".into(),
                    value: None,
                    reference: false,
                },
            ],
            note: None,
        }],
    };
    let svg = c.svg(800.0, 400.0, Lang::Sv);
    assert!(svg.contains(">75,6<") && svg.contains(">78,2<"), "{svg}");
    assert!(svg.contains(">saknas<"));
    assert!(svg.contains("#a0a0a0"));
    assert!(roxmltree_like_balanced(&svg));
}

/// Every opened element is closed (a cheap well-formedness check).
fn roxmltree_like_balanced(svg: &str) -> bool {
    svg.starts_with("<svg")
        && svg.ends_with("</svg>")
        && svg.matches("<text").count() == svg.matches("</text>").count()
}

#[test]
fn lines_leave_gaps_for_missing_years() {
    let c = Chart::Lines {
        title: "t".into(),
        x_label: "år".into(),
        y_label: "tkr".into(),
        series: vec![Series {
            label: "a".into(),
            points: vec![
                (2020.0, Some(1.0)),
                (2021.0, None),
                (2022.0, Some(3.0)),
                (2023.0, Some(4.0)),
            ],
            band: vec![],
        }],
        marks: vec![],
        years: true,
    };
    let svg = c.svg(600.0, 300.0, Lang::Sv);
    assert!(!svg.contains("class=\"band\""));
    // Two runs: M (2020) alone, then M (2022) L (2023).
    let path = svg.split("<path d=\"").nth(2).unwrap();
    assert_eq!(
        path.split('"').next().unwrap().matches('M').count(),
        2,
        "{path}"
    );
    assert!(svg.contains(">2021<"));
}

#[test]
fn an_interval_band_is_drawn_under_its_line_and_widens_the_axis() {
    let series = |band: Vec<(f64, f64, f64)>| Chart::Lines {
        title: "t".into(),
        x_label: "år".into(),
        y_label: "D".into(),
        series: vec![Series {
            label: "dissim".into(),
            points: vec![(2020.0, Some(0.30)), (2023.0, Some(0.31))],
            band,
        }],
        marks: vec![],
        years: true,
    };
    let with = series(vec![(2020.0, 0.2, 0.4), (2023.0, 0.21, 0.41)]).svg(600.0, 300.0, Lang::En);
    let band = with.split("class=\"band\" d=\"").nth(1).unwrap();
    // Forward along the highs, back along the lows, closed.
    let d = band.split('"').next().unwrap();
    assert_eq!((d.matches('M').count(), d.matches('L').count()), (1, 3));
    assert!(d.ends_with('Z'));
    // The band comes before (under) the line.
    assert!(with.find("class=\"band\"").unwrap() < with.find("stroke-width=\"2\"").unwrap());
    // The axis covers the band: a tick at 0.4 exists only with it.
    assert!(with.contains(">0.4<"), "{with}");
    assert!(!series(vec![]).svg(600.0, 300.0, Lang::En).contains(">0.4<"));
}

#[test]
fn scatter_draws_every_point_and_the_slope() {
    let c = Chart::Scatter {
        title: "Moran I = 0,5".into(),
        x_label: "z".into(),
        y_label: "W z".into(),
        points: vec![(-1.0, -0.5), (0.0, 0.1), (2.0, 1.0)],
        line: Some((0.0, 0.5)),
        selected: Vec::new(),
        selected_line: None,
        note: String::new(),
    };
    let svg = c.svg(400.0, 400.0, Lang::Sv);
    assert_eq!(svg.matches("<circle").count(), 3);
    assert!(svg.contains("stroke=\"#c0392b\""));
}

#[test]
fn small_bars_keep_their_digits() {
    let c = Chart::Bars {
        title: "dissim 2020–2023".into(),
        panels: vec![BarPanel {
            title: "p".into(),
            bars: vec![Bar {
                label: "change".into(),
                value: Some(0.0071),
                reference: false,
            }],
            note: None,
        }],
    };
    assert!(c.svg(600.0, 300.0, Lang::En).contains(">0.0071<"));
    assert_eq!(
        (bar_decimals(250.0), bar_decimals(12.0), bar_decimals(0.0)),
        (0, 1, 0)
    );
}

#[test]
fn a_line_charts_legend_sits_above_the_plot_in_rows() {
    // Four series with long names on a narrow chart: the legend wraps into rows under the title
    // and the plot moves down by as many rows (it was drawn over the lines' top corner).
    let series: Vec<Series> = [
        "Olikhetsindex",
        "Isolering",
        "Entropi (Theils H)",
        "Rumslig olikhet (Morrill)",
    ]
    .iter()
    .enumerate()
    .map(|(k, l)| Series {
        label: l.to_string(),
        points: vec![
            (2020.0, Some(0.1 * k as f64)),
            (2023.0, Some(0.1 * k as f64 + 0.01)),
        ],
        band: Vec::new(),
    })
    .collect();
    let c = Chart::Lines {
        title: "Index".into(),
        x_label: "År".into(),
        y_label: String::new(),
        series,
        marks: Vec::new(),
        years: true,
    };
    let svg = c.svg(400.0, 300.0, Lang::Sv);
    let plot = svg
        .find("<g transform=\"translate(0 ")
        .expect("the plot's group");
    for label in ["Olikhetsindex", "Rumslig olikhet (Morrill)"] {
        assert!(
            svg.find(&format!(">{label}<")).unwrap() < plot,
            "{label} before the plot"
        );
    }
    // 302 px for the legend (400 less the axis margins), an item 24 px + 6.2 px a character:
    // 105 + 80 | 136 | 179 — three rows, the plot 48 px down.
    assert!(
        svg[plot..].starts_with("<g transform=\"translate(0 48.0)\">"),
        "{}",
        &svg[plot..plot + 40]
    );
}

#[test]
fn a_bar_panels_note_stays_within_a_narrow_chart() {
    // The note ran past the right edge of the app's narrow compare chart.
    let note = "kan inte summeras (median, medelvärde eller andel): visas per område";
    let chart = Chart::Bars {
        title: "Jämför områden".into(),
        panels: vec![BarPanel {
            title: "v".into(),
            bars: vec![Bar {
                label: "Värmdö".into(),
                value: Some(4.0),
                reference: false,
            }],
            note: Some(note.into()),
        }],
    };
    let text_of = |svg: &str| {
        let end = svg.rfind("</text>").unwrap();
        let start = svg[..end].rfind('>').unwrap() + 1;
        svg[start..end].to_string()
    };
    let wide = chart.svg(1000.0, 300.0, Lang::Sv);
    assert_eq!(text_of(&wide), note);
    let narrow = chart.svg(300.0, 300.0, Lang::Sv);
    let shown = text_of(&narrow);
    assert!(
        shown.ends_with('…') && shown.chars().count() < note.chars().count(),
        "{shown}"
    );
    // At the font size of the note, 0.52 em a character on average, it fits in 300 px.
    assert!(
        shown.chars().count() as f64 * 10.0 * 0.52 <= 300.0 - 16.0,
        "{shown}"
    );
}

//! Tests of the expression language.

use super::*;

#[test]
fn display_parses_back_to_the_same_expression() {
    for text in [
        "a/b*100",
        "(a+b)/(c-d)",
        "a - (b - c)",
        "\"Antal totalt 2020\" - \"Antal Sverige 2020\"",
        "density(a)*2",
        "-(a)/b",
        "a > 2 and not (b == 'x') or c <= 1",
        "if(a >= 1, b, c * 2) + 1",
        "(a < b) * 100",
        "`say \"hi\"` + \"and\"",
    ] {
        let e = Expr::parse(text).unwrap();
        assert_eq!(Expr::parse(&e.to_string()).unwrap(), e, "{text} → {e}");
    }
}
use crate::data::table::Column;

fn table() -> Table {
    Table::new(vec![
        Column::number("utl_2022", vec![Some(25.0), None, Some(3.0)]),
        Column::number("pop_2022", vec![Some(100.0), Some(50.0), Some(0.0)]),
        Column::number("Antal Sverige 2020", vec![Some(1.0), Some(2.0), Some(3.0)]),
        Column::text("namn", vec![Some("a".into()), None, None]),
    ])
    .unwrap()
}

#[test]
fn share_in_percent_keeps_missing_and_zero_division_missing() {
    let v = Expr::parse("utl_2022/pop_2022*100")
        .unwrap()
        .evaluate(&table(), None)
        .unwrap();
    assert_eq!(v, vec![Some(25.0), None, None]);
}

#[test]
fn precedence_parentheses_unary_and_quoted_names() {
    let t = table();
    let e = |s: &str| Expr::parse(s).unwrap().evaluate(&t, None).unwrap()[0];
    assert_eq!(e("1+2*3"), Some(7.0));
    assert_eq!(e("(1+2)*3"), Some(9.0));
    assert_eq!(e("-utl_2022 + 5"), Some(-20.0));
    assert_eq!(e("\"Antal Sverige 2020\" * 2"), Some(2.0));
    assert_eq!(e("`Antal Sverige 2020` - 1"), Some(0.0));
}

#[test]
fn area_and_density() {
    let area = [2.0, 5.0, 1.0];
    let v = Expr::parse("density(pop_2022)")
        .unwrap()
        .evaluate(&table(), Some(&area))
        .unwrap();
    assert_eq!(v, vec![Some(50.0), Some(10.0), Some(0.0)]);
    assert!(Expr::parse("area_km2")
        .unwrap()
        .evaluate(&table(), None)
        .is_err());
}

#[test]
fn errors_say_what_and_where() {
    let e = Expr::parse("utl_2022 / pop_2O22")
        .unwrap()
        .evaluate(&table(), None)
        .unwrap_err();
    assert!(e.message.contains("did you mean 'pop_2022'"), "{e}");
    let e = Expr::parse("namn * 2")
        .unwrap()
        .evaluate(&table(), None)
        .unwrap_err();
    assert!(e.message.contains("holds text"));
    let e = Expr::parse("(1 + 2").unwrap_err();
    assert!(e.message.contains("unclosed '(' at character 1"), "{e}");
    let e = Expr::parse("1 + * 2").unwrap_err();
    assert!(e.message.contains("character 5"), "{e}");
    assert!(Expr::parse("a % b").is_err());
}

#[test]
fn a_column_name_is_the_column_whatever_it_holds() {
    let names = [
        "Medianvärde, tkr nettoinkomst totalt 2022",
        "Andel (%) 2022",
        "  leading and trailing  ",
        "a \"quoted\" 'name'",
        "x-y",
    ];
    let t = Table::new(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| Column::number(*n, vec![Some(i as f64), None]))
            .collect(),
    )
    .unwrap();
    for (i, n) in names.iter().enumerate() {
        let e = Expr::for_table(n, &t).unwrap();
        assert_eq!(e, Expr::Column(n.to_string()));
        assert_eq!(e.evaluate(&t, None).unwrap(), vec![Some(i as f64), None]);
        // Written back as an expression, the name survives a parse.
        assert_eq!(Expr::parse(&e.to_string()).unwrap(), e, "{e}");
    }
    // Only texts that are no column are parsed: here `x-y` would be a subtraction.
    assert!(Expr::parse("Medianvärde, tkr").is_err());
    assert!(Expr::for_table("\"x-y\" * 2", &t).is_ok());
}

#[test]
fn comparisons_logic_and_if_give_one_or_zero_and_keep_missing() {
    let t = table();
    let v = |s: &str| Expr::values(s, &t, None).unwrap();
    // utl_2022 = 25, missing, 3; pop_2022 = 100, 50, 0.
    assert_eq!(v("utl_2022 > 18"), vec![Some(1.0), None, Some(0.0)]);
    assert_eq!(v("pop_2022 <= 50"), vec![Some(0.0), Some(1.0), Some(1.0)]);
    assert_eq!(v("pop_2022 == 50"), vec![Some(0.0), Some(1.0), Some(0.0)]);
    assert_eq!(v("pop_2022 != 50"), vec![Some(1.0), Some(0.0), Some(1.0)]);
    assert_eq!(
        v("pop_2022 >= 100 or pop_2022 < 1"),
        vec![Some(1.0), Some(0.0), Some(1.0)]
    );
    // and: false wins over missing; true and missing is missing.
    assert_eq!(
        v("pop_2022 > 60 and utl_2022 > 1"),
        vec![Some(1.0), Some(0.0), Some(0.0)]
    );
    assert_eq!(
        v("pop_2022 > 40 and utl_2022 > 1"),
        vec![Some(1.0), None, Some(0.0)]
    );
    assert_eq!(
        v("not (pop_2022 > 60)"),
        vec![Some(0.0), Some(1.0), Some(1.0)]
    );
    assert_eq!(
        v("if(pop_2022 > 60, 1, 2) * 10"),
        vec![Some(10.0), Some(20.0), Some(20.0)]
    );
    assert_eq!(
        v("if(utl_2022 > 5, 1, 2)"),
        vec![Some(1.0), None, Some(2.0)]
    );
    // Text compares as text; a number column against text compares its written form.
    assert_eq!(v("namn == 'a'"), vec![Some(1.0), None, None]);
    assert_eq!(v("namn != 'b'"), vec![Some(1.0), None, None]);
    assert_eq!(
        v("pop_2022 == '100'"),
        vec![Some(1.0), Some(0.0), Some(0.0)]
    );
    let e = Expr::values("namn + 1", &t, None).unwrap_err();
    assert!(e.message.contains("holds text"), "{e}");
    let e = Expr::values("'x' + 1", &t, None).unwrap_err();
    assert!(e.message.contains("can only be compared"), "{e}");
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    for text in [
        format!("{}1{}", "(".repeat(30_000), ")".repeat(30_000)),
        format!("{}1", "-".repeat(30_000)),
        format!("{}1{}", "density(".repeat(30_000), ")".repeat(30_000)),
        format!("1{}", "+1".repeat(30_000)),
        format!("{}1", "not ".repeat(30_000)),
    ] {
        let e = Expr::parse(&text).unwrap_err();
        assert!(e.message.contains("nests deeper than 200"), "{e}");
    }
    // A long but shallow sum of a person's size still parses.
    assert!(Expr::parse(&format!("1{}", "+1".repeat(150))).is_ok());
}

#[test]
fn lists_split_at_commas_between_variables_only() {
    assert_eq!(
        split_list("\"Antal, totalt\", a/b , if(x > 1, 1, 0),`c, d`"),
        vec!["\"Antal, totalt\"", "a/b", "if(x > 1, 1, 0)", "`c, d`"]
    );
    assert!(split_list(" , ").is_empty());
}
